"""The kernel sandbox (autograder.sandbox): what it hides, what it shows, and what the confined command can do."""

import os
import subprocess
import sys

import pytest

from autograder import REPO_ROOT
from autograder.sandbox import ENV_KEEP, Sandbox, SandboxError, bwrap_problem, resolve_mode


@pytest.fixture
def box(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    (work / "submission.ipynb").write_text("{}")
    hidden = tmp_path / "grading"
    hidden.mkdir()
    (hidden / "gradebook.db").write_text("secret grades")
    sandbox = Sandbox(workdir=work, hide=[hidden], slot=0, max_processes=32)
    sandbox.prepare()
    yield sandbox
    sandbox.cleanup()


def test_the_kernel_environment_keeps_no_secrets(box):
    env = box.environment({"DLCOURSE_DB_URL": "postgresql://u:pw@db/course", "AWS_SECRET_ACCESS_KEY": "x",
                           "OMP_NUM_THREADS": "1", "DLCOURSE_QUICK": "1"})
    assert "DLCOURSE_DB_URL" not in env and "AWS_SECRET_ACCESS_KEY" not in env
    assert env["OMP_NUM_THREADS"] == "1" and env["DLCOURSE_QUICK"] == "1"
    assert set(env) <= set(ENV_KEEP) | {"PATH", "HOME", "MPLCONFIGDIR", "TMPDIR", "PYTHONPATH"}
    assert env["HOME"].startswith(str(box.runtime))
    # the checks and helpers of the checkout being graded, whatever the grader's Python has installed
    assert env["PYTHONPATH"] == str(REPO_ROOT / "utils")


def test_hidden_folders_are_mounted_over_before_the_shown_ones(box):
    args = box.wrap(["python", "-m", "ipykernel_launcher"], {})
    pairs = [(args[i], args[i + 1]) for i in range(len(args) - 1) if args[i] in ("--tmpfs", "--ro-bind", "--bind")]
    position = {pair: i for i, pair in enumerate(pairs)}
    assert ("--tmpfs", str(REPO_ROOT)) in position and ("--ro-bind", str(REPO_ROOT / "utils")) in position
    assert position[("--tmpfs", str(REPO_ROOT))] < position[("--ro-bind", str(REPO_ROOT / "utils"))]
    hidden = str(box.hide[0])
    work = ("--tmpfs", str(box.workdir)) if ("--tmpfs", str(box.workdir)) in position else ("--bind", str(box.workdir))
    assert position[("--tmpfs", hidden)] < position[work]
    assert "--unshare-net" in args and "--unshare-pid" in args and args[-3:] == ["python", "-m", "ipykernel_launcher"]
    assert not any(a == str(REPO_ROOT / "notebooks") for a in args)  # shown nowhere


def test_asking_for_bwrap_where_it_cannot_run_is_an_error(monkeypatch):
    import autograder.sandbox as sandbox

    monkeypatch.setattr(sandbox, "bwrap_problem", lambda: "bwrap is not installed")
    with pytest.raises(SandboxError, match="not installed"):
        resolve_mode("bwrap")
    assert resolve_mode("auto") == "none" and resolve_mode("none") == "none"


@pytest.mark.skipif(bool(bwrap_problem()), reason=f"needs bubblewrap ({bwrap_problem()})")
def test_code_in_the_sandbox_sees_only_what_it_may(box):
    probe = (
        "import os, socket, sys\n"
        f"hidden = {str(box.hide[0])!r}\n"
        "print('grading', os.listdir(hidden))\n"
        f"print('source', os.path.exists({str(REPO_ROOT / 'notebooks' / 'source')!r}))\n"
        f"print('utils', os.path.exists({str(REPO_ROOT / 'utils' / 'dlchecks' / 'core.py')!r}))\n"
        f"print('expected', os.path.exists({str(REPO_ROOT / 'notebooks' / 'source' / 'C1W1_Python_Basics' / 'expected.json')!r}))\n"
        "open('mine.txt', 'w').write('ok')\n"
        "print('submission', open('submission.ipynb').read())\n"
        "try:\n    open('submission.ipynb', 'w')\nexcept OSError as e:\n    print('overwrite', type(e).__name__)\n"
        "try:\n    open('/tmp/big', 'wb').write(bytes(300 << 20))\nexcept OSError as e:\n    print('fill', e.errno)\n"
        "try:\n    open('/etc/pwned', 'w')\nexcept OSError as e:\n    print('write outside', type(e).__name__)\n"
        "try:\n    socket.create_connection(('1.1.1.1', 53), timeout=2)\nexcept OSError as e:\n    print('network', type(e).__name__)\n"
        "print('uid', os.getuid())\n"
    )
    cmd = box.wrap([sys.executable, "-c", probe], box.environment(os.environ))
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(" ", 1) for line in done.stdout.strip().splitlines())
    assert lines["grading"] == "[]" and lines["source"] == "False" and lines["utils"] == "True"
    assert lines["expected"] == "False"  # the grader's expected outputs never reach a kernel
    assert lines["write"] == "outside OSError"  # read-only file system
    assert lines["network"].endswith("Error")  # no route: the only interface is the sandbox's own loopback
    assert lines["submission"] == "{}" and lines["overwrite"] == "OSError"
    assert lines["fill"] == "28"  # ENOSPC: the private /tmp holds 256 MB
    if os.geteuid() == 0:
        assert lines["uid"] == str(box.uid) != "0"
