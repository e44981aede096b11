"""Whole-class grading: parallel workers agree with plain nbgrader, runs resume after kill -9, caps stop hangs."""

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from autograder import REPO_ROOT, source_notebook
from autograder.config import COURSE_ID
from autograder.course import checked, prepare_course
from autograder.grade import grade_assignment, read_scores
from autograder.release import build_release
from autograder.report import write_report
from autograder.submissions import filled_release, graded_functions, replace_answer, write_submissions

pytestmark = pytest.mark.slow
ID = "C1W1_Python_Basics"


def _class(tmp_path):
    """Six honest submissions: solution, blank, partial, and wrong answers of several kinds."""
    release = build_release(ID)
    functions = list(graded_functions(ID))
    solution = filled_release(ID, None, release)
    notebooks = {
        "s1_solution": solution,
        "s2_blank": release,
        "s3_partial": filled_release(ID, set(functions[:3]), release),
        "s4_wrong_sigmoid": replace_answer(solution, functions[1], "import numpy as np\n\ndef sigmoid(x):\n    return np.exp(x)"),
        "s5_wrong_norm": replace_answer(solution, functions[4], "def normalizeRows(x):\n    return x"),
        "s6_late_half": filled_release(ID, set(functions[::2]), release),
    }
    return write_submissions(tmp_path / "submitted_in", ID, notebooks)


def _grades(db):
    with sqlite3.connect(db) as con:
        return sorted(
            con.execute(
                "select submitted_assignment.student_id, base_cell.name, grade.auto_score, grade.needs_manual_grade "
                "from grade join submitted_notebook on grade.notebook_id = submitted_notebook.id "
                "join submitted_assignment on submitted_notebook.assignment_id = submitted_assignment.id "
                "join base_cell on grade.cell_id = base_cell.id"
            ).fetchall()
        )


def test_parallel_scores_agree_exactly_with_plain_nbgrader_autograde(tmp_path):
    subs = _class(tmp_path)
    ours = {r.student: r for r in grade_assignment(ID, subs, tmp_path / "ours", workers=2, progress=False)}

    api = prepare_course(tmp_path / "plain", ID)
    functions = graded_functions(ID)
    for student_dir in sorted(subs.iterdir()):
        dest = tmp_path / "plain" / "submitted" / student_dir.name / ID
        dest.mkdir(parents=True)
        for nb in (student_dir / ID).iterdir():
            (dest / nb.name).write_bytes(nb.read_bytes())
        checked(api.autograde(ID, student_dir.name), f"autograde {student_dir.name}")
        score, per_function = read_scores(api.coursedir, ID, student_dir.name, functions)
        assert ours[student_dir.name].status == "graded"
        assert (ours[student_dir.name].score, ours[student_dir.name].per_function) == (score, per_function), student_dir.name
    assert _grades(tmp_path / "ours" / "gradebook.db") == _grades(tmp_path / "plain" / "gradebook.db")
    assert ours["s1_solution"].score == 8 and ours["s2_blank"].score == 0 and ours["s4_wrong_sigmoid"].score == 7

    # nbgrader's formgrader (its API) counts every graded submission as autograded, with the grader's score
    from nbgrader.apps.api import NbGraderAPI
    from traitlets.config import Config

    config = Config()
    config.CourseDirectory.root = str(tmp_path / "ours")
    config.CourseDirectory.db_url = f"sqlite:///{tmp_path / 'ours' / 'gradebook.db'}"
    config.CourseDirectory.course_id = COURSE_ID
    listed = {s["student"]: s for s in NbGraderAPI(config=config).get_submissions(ID)}
    assert {name: (s["autograded"], s["score"]) for name, s in listed.items() if name in ours} == {
        name: (r.status == "graded", r.score) for name, r in ours.items()}

    report = write_report(ID, list(ours.values()), tmp_path / "ours").read_text()
    assert "Item analysis" in report and "normalizeRows" in report and "wrong values" in report


def _grade_cmd(subs, out):
    return [sys.executable, "-m", "autograder", "grade", "-a", ID, "--submissions", str(subs), "--out", str(out), "-j", "2"]


def test_a_run_killed_with_sigkill_resumes_to_the_same_gradebook(tmp_path):
    subs = _class(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    subprocess.run(_grade_cmd(subs, tmp_path / "whole"), check=True, capture_output=True, env=env, cwd=REPO_ROOT)

    proc = subprocess.Popen(_grade_cmd(subs, tmp_path / "cut"), env=env, cwd=REPO_ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    journal = tmp_path / "cut" / "results" / ID
    deadline = time.monotonic() + 300
    while not (journal.is_dir() and any(journal.glob("*.json"))) and time.monotonic() < deadline:
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)  # the grader, its workers
    proc.wait()
    graded_before = {p.name for p in journal.glob("*.json")}
    assert 0 < len(graded_before) < 6, graded_before

    rerun = subprocess.run(_grade_cmd(subs, tmp_path / "cut"), capture_output=True, text=True, env=env, cwd=REPO_ROOT)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert _grades(tmp_path / "cut" / "gradebook.db") == _grades(tmp_path / "whole" / "gradebook.db")
    assert (tmp_path / "cut" / "grades.csv").read_text() != ""
    rows = lambda out: sorted(l.split(",")[:5] for l in (out / "grades.csv").read_text().splitlines())  # noqa: E731
    assert rows(tmp_path / "cut") == rows(tmp_path / "whole")


def test_a_loop_that_swallows_interrupts_is_stopped_and_the_batch_goes_on(tmp_path, monkeypatch):
    monkeypatch.setenv("DLCOURSE_CELL_TIMEOUT", "3")
    release = build_release(ID)
    solution = filled_release(ID, None, release)
    first = next(iter(graded_functions(ID)))
    stubborn = "import time\nwhile True:\n    try:\n        time.sleep(0.1)\n    except KeyboardInterrupt:\n        pass"
    subs = write_submissions(tmp_path / "in", ID, {"a_ok": solution, "b_stubborn": replace_answer(solution, first, stubborn)})
    started = time.monotonic()
    results = {r.student: r for r in grade_assignment(ID, subs, tmp_path / "out", workers=2, progress=False)}
    assert results["a_ok"].status == "graded" and results["a_ok"].score == 8
    assert results["b_stubborn"].status == "timed out" and results["b_stubborn"].score == 0
    assert time.monotonic() - started < 120


def test_memory_bomb_and_output_bomb_are_contained(tmp_path):
    release = build_release(ID)
    solution = filled_release(ID, None, release)
    functions = list(graded_functions(ID))
    memory_bomb = "import numpy as np\nhog = np.ones((64, 1024, 1024, 1024), dtype=np.uint8)  # 64 GB"
    output_bomb = "print('x' * 50_000_000)"
    subs = tmp_path / "in"
    notebooks = {
        "a_ok": solution,
        "b_memory": replace_answer(solution, functions[0], memory_bomb),
        "c_output": replace_answer(solution, functions[1], output_bomb),
    }
    write_submissions(subs, ID, notebooks)
    results = {r.student: r for r in grade_assignment(ID, subs, tmp_path / "out", workers=2, progress=False, memory_mb=2048)}
    assert results["a_ok"].score == 8
    # the bomb fails inside the notebook (MemoryError): that function earns nothing, the others keep their points
    assert results["b_memory"].status == "graded" and results["b_memory"].per_function[functions[0]] == 0
    assert results["b_memory"].score == 7
    assert results["c_output"].status == "graded" and results["c_output"].per_function[functions[1]] == 0
    stored = tmp_path / "out" / "autograded" / "c_output" / ID / source_notebook(ID).name
    feedback = tmp_path / "out" / "feedback" / "c_output" / ID / source_notebook(ID).name.replace(".ipynb", ".html")
    assert stored.stat().st_size < 5_000_000 and feedback.stat().st_size < 5_000_000
