"""`python -m autograder hub`: the shared course files with the release order kept, the exchange's folders, the
students' Jupyter settings, every user's nbgrader settings (the whole class runs in tests/hub/test_classroom.py)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from nbgrader.exchange.default.submit import ExchangeSubmit

from autograder import REPO_ROOT, assignment_ids, hub

ANSWER_HOLDERS = {"dnn_app_utils.py", "dnn_utils.py", "planar_utils.py", "init_utils.py", "reg_utils.py",
                  "opt_utils.py", "cnn_utils.py", "tf_utils.py"}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_helpers_wait_for_the_deadlines_they_name():
    utils = REPO_ROOT / "utils"
    assert set(hub.withheld(utils, set())) == ANSWER_HOLDERS
    assert hub.withheld(utils, set(assignment_ids())) == {}
    # dnn_app_utils holds C1W1's sigmoid and C1W4A's building blocks: it waits for both
    assert hub.withheld(utils, {"C1W1_Python_Basics"})["dnn_app_utils.py"] == ["C1W4A_Deep_Neural_Network_Step_by_Step"]


def test_share_is_read_only_and_keeps_the_release_order(tmp_path):
    share = tmp_path / "share"
    waiting = hub.share(REPO_ROOT, share, set())
    assert set(waiting) == ANSWER_HOLDERS
    shared = {p.name for p in (share / "utils").glob("*.py")}
    assert "lr_utils.py" in shared and not shared & ANSWER_HOLDERS
    assert (share / "utils" / "dlchecks" / "c1w1.py").is_file() and (share / "utils" / "model_data" / "yolo_anchors.txt").is_file()
    assert not list(share.rglob("__pycache__")) and not list(share.rglob("*.egg-info"))
    assert (share / "images" / "china.jpg").is_file() and (share / "models" / "yolo_roads.keras").is_file()
    assert (share / "etc" / "jupyter-student" / "labconfig" / "page_config.json").is_file()
    for path in share.rglob("*"):
        assert mode(path) == (0o755 if path.is_dir() else 0o644), path
    # after C1W1's and C1W4A's deadlines dnn_app_utils is published; the share remembers the deadlines passed
    waiting = hub.share(REPO_ROOT, share, {"C1W1_Python_Basics", "C1W4A_Deep_Neural_Network_Step_by_Step"})
    assert "dnn_app_utils.py" not in waiting and (share / "utils" / "dnn_app_utils.py").is_file()
    assert "dnn_app_utils.py" not in hub.share(REPO_ROOT, share, set())
    assert (share / hub.PAST_FILE).read_text().split() == ["C1W1_Python_Basics", "C1W4A_Deep_Neural_Network_Step_by_Step"]
    assert not list(tmp_path.glob(".*"))  # no staging folder left behind


def test_students_jupyter_settings_differ_from_make_lab_only_in_the_exchange_tools():
    """hub/jupyter-student is etc/jupyter-student (make lab's student view) with the Assignments tab on."""
    hub_server = json.loads((REPO_ROOT / "hub/jupyter-student/jupyter_server_config.json").read_text())
    lab_server = json.loads((REPO_ROOT / "etc/jupyter-student/jupyter_server_config.json").read_text())
    hub_ext, lab_ext = hub_server["ServerApp"]["jpserver_extensions"], lab_server["ServerApp"]["jpserver_extensions"]
    assert hub_ext == {**lab_ext, "nbgrader.server_extensions.assignment_list": True}
    hub_page = json.loads((REPO_ROOT / "hub/jupyter-student/labconfig/page_config.json").read_text())["disabledExtensions"]
    lab_page = json.loads((REPO_ROOT / "etc/jupyter-student/labconfig/page_config.json").read_text())["disabledExtensions"]
    assert {k for k, v in lab_page.items() if v} - {k for k, v in hub_page.items() if v} == {
        "@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:menu"}
    assert hub_page["@jupyter/nbgrader:formgrader"] and hub_page["@jupyter/nbgrader:create-assignment"]


def test_every_users_nbgrader_settings():
    from traitlets.config import Config

    namespace = {"get_config": Config}
    exec(hub.NBGRADER_CONFIG.format(course="dlcourse", exchange="/srv/nbgrader/exchange"), namespace)
    c = namespace["c"]
    assert c.CourseDirectory.course_id == "dlcourse" and c.Exchange.root == "/srv/nbgrader/exchange"
    assert issubclass(c.ExchangeFactory.submit, ExchangeSubmit)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root (it gives folders to a user)")
def test_exchange_folders(tmp_path):
    course = hub.setup_exchange(tmp_path / "exchange", "daemon")
    assert mode(tmp_path / "exchange") == 0o1777 and (tmp_path / "exchange").stat().st_uid == 0
    expected = {course: 0o755, course / "outbound": 0o755, course / "inbound": 0o3733, course / "feedback": 0o711}
    for folder, wanted in expected.items():
        assert mode(folder) == wanted and folder.stat().st_uid == 1, folder  # daemon's uid


def test_the_command_refuses_without_root(monkeypatch, capsys):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert hub.main(["setup", "--instructor", "alice"]) == 2
    assert "run this as root" in capsys.readouterr().err


def test_add_users_refuses_names_before_creating_anyone(tmp_path):
    """A name nbgrader's exchange cannot carry ('+' separates its fields) or Unix refuses stops the whole list first."""
    with pytest.raises(SystemExit, match="not a user name.*'ann\\+bob'.*'Eve'"):
        hub.add_users(["carol", "ann+bob", "Eve"], False, tmp_path / "passwords.csv")
    assert not (tmp_path / "passwords.csv").exists()
