"""Bad input never stops a grading run: each broken submission gets a verdict and a zero."""

import csv
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder import source_notebook
from autograder.grade import grade_assignment, write_course_config, write_csv
from autograder.release import build_release
from autograder.submissions import filled_release, graded_functions, replace_answer

pytestmark = pytest.mark.slow
ID = "C1W1_Python_Basics"


def test_broken_submissions_get_verdicts_and_the_batch_goes_on(tmp_path):
    subs = tmp_path / "submitted_in"
    name = source_notebook(ID).name
    release = build_release(ID)
    solution = filled_release(ID, None, release)
    first = next(iter(graded_functions(ID)))
    notebooks = {
        "a_solution": nbformat.writes(solution),
        "b_broken_json": nbformat.writes(solution)[:500],
        "c_kernel_crash": nbformat.writes(replace_answer(solution, first, "import os\nos._exit(1)")),
        "d_not_a_notebook": '{"hello": "world"}',
    }
    for student, text in notebooks.items():
        (subs / student / ID).mkdir(parents=True)
        (subs / student / ID / name).write_text(text)
    (subs / "e_empty" / ID).mkdir(parents=True)
    (subs / "a_solution" / ID / "timestamp.txt").write_text("2026-11-02 10:00:00.000000 UTC")  # as nbgrader collect
    (subs / "a_solution" / ID / "submission_secret.txt").write_text("0f3c" * 8)                 # leaves them

    results = {r.student: r for r in grade_assignment(ID, subs, tmp_path / "course", progress=False)}
    assert results["a_solution"].status == "graded" and results["a_solution"].score == results["a_solution"].max_score
    assert results["b_broken_json"].status == "not gradable" and "JSON" in results["b_broken_json"].reason
    assert results["c_kernel_crash"].status == "graded" and "kernel died in cell" in results["c_kernel_crash"].reason
    assert results["d_not_a_notebook"].status == "not gradable"
    assert results["e_empty"].status == "not gradable" and "no notebook" in results["e_empty"].reason
    assert all(r.score == 0 for s, r in results.items() if s != "a_solution")

    write_csv(list(results.values()), tmp_path / "grades.csv")
    rows = list(csv.DictReader((tmp_path / "grades.csv").open()))
    assert len(rows) == 5 and {r["status"] for r in rows} == {"graded", "not gradable"}
    feedback = (tmp_path / "course" / "feedback" / "a_solution" / ID / name.replace(".ipynb", ".html")).read_text()
    assert "HIDDEN TESTS" not in feedback and "from dlchecks import grade" not in feedback

    # the class is an nbgrader course: the formgrader's "Edit" opens the one source notebook, and the feedback of work
    # collected from nbgrader's exchange can be released there (nbgrader needs its timestamp and secret for that)
    course = tmp_path / "course"
    link = course / "source" / ID / name
    assert link.is_symlink() and link.resolve() == source_notebook(ID).resolve()
    assert (course / "feedback" / "a_solution" / ID / "timestamp.txt").read_text() == "2026-11-02 10:00:00.000000 UTC"
    assert (course / "submitted" / "c_kernel_crash" / ID / "timestamp.txt").read_text().endswith(" UTC")  # file's time
    write_course_config(course, None)  # what `python -m autograder grade` writes: nbgrader run from the course uses it
    released = subprocess.run([sys.executable, "-m", "nbgrader", "release_feedback", ID, "--student", "a_solution"],
                              cwd=course, capture_output=True, text=True, env=dict(os.environ, PATH=_venv_path()))
    assert released.returncode == 0, released.stderr
    assert [p.suffix for p in (course / "exchange").rglob("*.html")] == [".html"]


def _venv_path():
    return os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])


def test_the_grading_output_is_a_course_formgrader_can_open(tmp_path):
    """`make formgrader` runs nbgrader from the grading output: its nbgrader_config.py points at that gradebook."""
    from traitlets.config import Config

    write_course_config(tmp_path, None)
    config = Config()
    exec(compile((tmp_path / "nbgrader_config.py").read_text(), "nbgrader_config.py", "exec"), {"get_config": lambda: config})
    assert config.CourseDirectory.root == str(tmp_path)
    assert config.CourseDirectory.db_url == f"sqlite:///{tmp_path / 'gradebook.db'}"
    assert config.Exchange.root == str(tmp_path / "exchange")
