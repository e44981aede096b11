"""hub/jupyterhub_config.py on its own: the layout it refuses, and what a student's server gets."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from traitlets.config import Config

REPO = Path(__file__).resolve().parents[2]


def load(checkout: Path, state: Path) -> dict:
    """Run a copy of the config in `checkout`/hub, as JupyterHub does (get_config provided)."""
    (checkout / "hub").mkdir(parents=True, exist_ok=True)
    config = checkout / "hub" / "jupyterhub_config.py"
    shutil.copy(REPO / "hub" / "jupyterhub_config.py", config)
    namespace = {"get_config": Config, "__file__": str(config)}
    old = os.environ.get("DLCOURSE_HUB_STATE")
    os.environ["DLCOURSE_HUB_STATE"] = str(state)
    try:
        exec(compile(config.read_text(), str(config), "exec"), namespace)
    finally:
        os.environ.pop("DLCOURSE_HUB_STATE") if old is None else os.environ.__setitem__("DLCOURSE_HUB_STATE", old)
    return namespace


def test_a_checkout_every_user_can_enter_is_refused(tmp_path):
    checkout = tmp_path / "course"
    checkout.mkdir(mode=0o755)
    checkout.chmod(0o755)
    with pytest.raises(SystemExit, match="can be entered by every user.*solutions.*chmod 700"):
        load(checkout, tmp_path / "state")


def _python_runs_for_everyone() -> bool:
    return all(folder.stat().st_mode & 0o001 for folder in [*reversed(Path(sys.executable).parents)][1:])


@pytest.mark.skipif(not _python_runs_for_everyone(), reason="this Python lies in a folder other users cannot enter")
def test_a_students_server_reads_its_settings_and_helpers_from_the_share(tmp_path):
    checkout = tmp_path / "course"
    checkout.mkdir()
    checkout.chmod(0o700)
    namespace = load(checkout, tmp_path / "state")
    c = namespace["c"]
    assert c.JupyterHub.authenticator_class == "pam" and c.JupyterHub.spawner_class == "localprocess"
    assert c.Spawner.cmd == [sys.executable, "-m", "jupyterhub.singleuser"]
    assert oct((tmp_path / "state").stat().st_mode & 0o777) == "0o700"
    spawner = SimpleNamespace(user=SimpleNamespace(name="nobody"), environment={})  # a user in no course group
    c.Spawner.pre_spawn_hook(spawner)
    env = spawner.environment
    assert env["PYTHONPATH"] == "/srv/dlcourse/utils"
    assert env["JUPYTER_CONFIG_DIR"] == "/srv/dlcourse/etc/jupyter-student"
    assert env["JUPYTERLAB_SETTINGS_DIR"].endswith("/.jupyter/lab/user-settings")
