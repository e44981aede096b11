"""The instructor's day in a real browser: a class graded by the project's grader, opened as `make formgrader` opens
it; the formgrader lists the class from the same gradebook, "Edit" leads to the one source notebook, a comment typed
in manual grading is stored, and Generate Feedback writes it into the student's (trimmed, offline) feedback page."""

import sqlite3

import nbformat
import pytest
from browser_support import SHOTS, TOKEN, jupyter_lab

from autograder import source_notebook
from autograder.grade import grade_assignment, write_course_config
from autograder.release import build_release
from autograder.submissions import filled_release

pytestmark = pytest.mark.slow
ID = "C1W1_Python_Basics"
COMMENT = "Neat use of broadcasting here."


@pytest.fixture(scope="module")
def formgrader(tmp_path_factory):
    """Two students graded into a grading output (as `make grade` makes it), and JupyterLab started there."""
    subs = tmp_path_factory.mktemp("submitted")
    release = build_release(ID)
    name = source_notebook(ID).name
    for student, nb in {"amy": filled_release(ID, None, release), "bob": release}.items():
        (subs / student / ID).mkdir(parents=True)
        nbformat.write(nb, subs / student / ID / name)
    out = tmp_path_factory.mktemp("grading")
    results = grade_assignment(ID, subs, out, progress=False, workers=1)
    assert [r.status for r in results] == ["graded", "graded"]
    write_course_config(out, None)
    with jupyter_lab(out, tmp_path_factory.mktemp("home"), "--LabApp.default_url=/formgrader") as url:
        yield url, out


def test_an_instructor_grades_by_hand_and_writes_feedback(formgrader, page):
    url, out = formgrader
    page.goto(f"{url}/?token={TOKEN}")  # make formgrader lands on the formgrader
    page.wait_for_selector(f"text={ID}")
    page.wait_for_timeout(1000)
    page.screenshot(path=SHOTS / "formgrader_assignments.png")
    text = page.locator("body").inner_text()
    assert "exchange directory" not in text, "the formgrader warns about a missing exchange"
    edit = page.locator(f"a[href*='/source/{ID}']").first.get_attribute("href")
    assert (out / "source" / ID / source_notebook(ID).name).resolve() == source_notebook(ID).resolve(), edit

    page.goto(f"{url}/formgrader/gradebook/{ID}/{source_notebook(ID).stem}")
    page.wait_for_selector("text=Submission #2")
    page.get_by_text("Submission #1").click()
    comment = page.locator("textarea").first
    comment.wait_for()
    page.wait_for_load_state("networkidle")
    comment.click()
    comment.fill(COMMENT)
    page.locator("body").click(position={"x": 5, "y": 5})  # the formgrader saves a comment when it loses focus
    comment.scroll_into_view_if_needed()
    stored = (0,)
    for _ in range(20):
        page.wait_for_timeout(500)
        with sqlite3.connect(out / "gradebook.db") as db:
            stored = db.execute("select count(*) from comment where manual_comment = ?", (COMMENT,)).fetchone()
        if stored == (1,):
            break
    page.screenshot(path=SHOTS / "formgrader_comment.png")
    assert stored == (1,), "the comment was not stored in the class gradebook"

    page.goto(f"{url}/formgrader/manage_assignments")
    page.wait_for_selector(f"text={ID}")
    page.locator(".generate-feedback a").first.click()
    page.wait_for_selector("text=Successfully generated feedback", timeout=180_000)
    page.screenshot(path=SHOTS / "formgrader_feedback_generated.png")
    commented = [p for p in (out / "feedback").rglob("*.html") if COMMENT in p.read_text(encoding="utf-8")]
    assert len(commented) == 1, commented  # the one student whose submission got the comment
    html = commented[0].read_text(encoding="utf-8")
    assert "HIDDEN TESTS" not in html and "<math" in html and "cdn.jsdelivr" not in html
