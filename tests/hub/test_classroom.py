"""A whole class on JupyterHub, end to end, with real Unix users (README: "Running a class on JupyterHub").

tests/hub/classroom_flow.py runs the flow as root inside a private mount namespace, so the machine's /etc, /home
and /srv are never changed: an instructor and two students are created with `python -m autograder hub add-users`,
`hub setup` prepares the exchange and the shared course files, the hub starts on 127.0.0.1 from
hub/jupyterhub_config.py, the instructor releases C1W1, student1 logs in, fetches it, answers basic_sigmoid,
validates and submits through the Assignments tab's endpoints, student2 logs in through the login page, hands in
the blank notebook and then attacks the exchange, the instructor collects, grades with the project's grader and
releases feedback, which each student fetches. This module builds what the flow needs (the class's Python, the
proxy) and asserts on what it observed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
ID = "C1W1_Python_Basics"
SYSTEM_PYTHONS = ("/usr/bin/python3.11", "/usr/local/bin/python3.11")

pytestmark = pytest.mark.slow


def _why_not() -> str | None:
    if sys.platform != "linux" or os.geteuid() != 0:
        return "needs root on Linux (it creates Unix users inside a private mount namespace)"
    for tool in ("unshare", "runuser", "useradd", "node", "npm"):
        if not shutil.which(tool):
            return f"needs `{tool}`" + (" (the hub's proxy, configurable-http-proxy, runs on node)" if tool in ("node", "npm") else "")
    if not any(Path(p).exists() for p in SYSTEM_PYTHONS):
        return f"needs a system Python 3.11 every user can run ({' or '.join(SYSTEM_PYTHONS)})"
    if subprocess.run(["unshare", "--mount", "true"], capture_output=True).returncode:
        return "`unshare --mount` is not allowed here"
    return None


@pytest.fixture(scope="module")
def observed():
    reason = _why_not()
    if reason:
        pytest.skip(reason)
    work = Path(tempfile.mkdtemp(prefix="dlcourse-hub-", dir="/tmp"))
    try:
        work.chmod(0o755)  # every user runs the class's Python from here
        # the hub's checkout, as on a class's machine: root's alone (the hub refuses to start otherwise)
        checkout = work / "course"
        (checkout / "hub").mkdir(parents=True)
        shutil.copy(REPO / "hub" / "jupyterhub_config.py", checkout / "hub")
        system_python = next(p for p in SYSTEM_PYTHONS if Path(p).exists())
        subprocess.run([system_python, "-m", "venv", "--without-pip", str(work / "hubenv")], check=True)
        proxy = work / "proxy"
        proxy.mkdir()
        for name in ("package.json", "package-lock.json"):
            shutil.copy(REPO / "hub" / name, proxy / name)
        npm = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=proxy, capture_output=True,
                             text=True, timeout=300)
        if npm.returncode:
            pytest.skip(f"could not install configurable-http-proxy from npm: {npm.stderr.strip()[-500:]}")
        subprocess.run(["chmod", "-R", "a+rX", str(work)], check=True)
        checkout.chmod(0o700)
        results = work / "observed.json"
        flow = subprocess.run(["unshare", "--mount", "--propagation", "private", sys.executable,
                               str(HERE / "classroom_flow.py"), str(work), str(results)],
                              capture_output=True, text=True, timeout=900)
        assert results.exists(), f"the flow wrote no results:\n{flow.stdout[-3000:]}\n{flow.stderr[-3000:]}"
        seen = json.loads(results.read_text(encoding="utf-8"))
        print("\nclassroom flow, seconds per step:")
        for step, seconds in seen["steps"].items():
            print(f"  {seconds:6.1f}  {step}")
        print(f"idle student server: {seen.get('idle_server_mib')} MiB")
        yield seen
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_the_flow_ran_to_the_end(observed):
    assert not observed["errors"], observed["errors"][0] + "\nhub log:\n" + observed["hub_log_tail"]


def test_scores_and_feedback(observed):
    """student1 answered basic_sigmoid only, student2 nothing: the project's grader scores exactly that, and each
    student's fetched feedback page shows their own score."""
    grades = observed["grades"]
    assert set(grades) == {"student1", "student2"}
    one, two = grades["student1"], grades["student2"]
    assert one["status"] == two["status"] == "graded", (one, two)
    earned = {k.split(":")[-1]: float(v) for k, v in one.items() if k.startswith(ID + ":") and float(v)}
    assert list(earned) == ["basic_sigmoid"] and float(one["score"]) == earned["basic_sigmoid"] > 0, one
    assert float(two["score"]) == 0, two
    assert observed["feedback_student1"] and observed["feedback_student2"]
    assert observed["feedback_pages_student1"] == [[f"{float(one['score'])} / {float(one['max_score'])}"]]
    assert observed["feedback_pages_student2"] == [[f"0.0 / {float(two['max_score'])}"]]


def test_students_work_in_the_shared_environment(observed):
    assert observed["listed"] == [ID]
    assert observed["fetch1"] and observed["fetch2"] and observed["submit1"] and observed["submit2"]
    # Validate ran the public tests with the shared checks: basic_sigmoid passes, the blank functions are explained
    failed = observed["validate1"]["value"]["failed"]
    assert failed and not any("basic_sigmoid" in f["source"] for f in failed)
    assert all("got None" in f["raw_error"] for f in failed), failed
    # a helper holding answers of an assignment whose deadline has not passed is not shared yet
    assert "dnn_app_utils.py" not in observed["shared_helpers"] and "lr_utils.py" in observed["shared_helpers"]
    assert "withheld until the deadline of C1W1_Python_Basics, C1W4A_Deep_Neural_Network_Step_by_Step" \
        in observed["setup_output"]


def test_students_have_no_instructor_tools(observed):
    status = observed["formgrader_status"]
    assert status == {"instructor": 200, "student1": 404, "student2": 404}
    assert observed["formgrader_submissions"] == {"student1": 1.0, "student2": 0.0}  # the class graded by make grade
    assert observed["formgrader_api_status_student2"] == 404
    lab = observed["lab_disabled"]
    assert {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment"} <= set(lab["student1"])
    assert not any(name.startswith("@jupyter/nbgrader") for name in lab["instructor"])


def test_the_exchange_and_homes_hold(observed):
    modes = {Path(k).name: v for k, v in observed["exchange_modes"].items()}
    assert modes == {"exchange": ["0o1777", "root"], "dlcourse": ["0o755", "instructor"],
                     "inbound": ["0o3733", "instructor"], "outbound": ["0o755", "instructor"]}
    assert observed["submission_mode"] == "0o750"
    assert set(observed["homes"].values()) == {"0o700"}
    attacks = dict(observed["attacks"])
    # nbgrader lets every student write into inbound, so the impostor's folder is made; collect must not take it
    assert attacks.pop("hand in under student1's name")
    assert "names student1 but belongs to student2" in observed["collect_log"]
    assert observed["collected"] == ["student1", "student2"]
    allowed = [what for what, done in attacks.items() if done]
    assert not allowed, f"student2 could: {allowed}"
    assert len(attacks) == 11


def test_students_import_the_shared_helpers_only(observed):
    assert observed["imports"] == {"lr_utils": True, "dlchecks.c1w1": True, "dnn_app_utils": False, "autograder": False}


def test_graded_in_the_sandbox(observed):
    if observed["grade_sandbox"] != "bwrap":
        pytest.skip("bubblewrap is not installed: graded with resource limits only")
    assert "graded 2, not gradable 0" in observed["grade_output"]


def test_nothing_is_left_running(observed):
    assert observed["left_processes"] == []
