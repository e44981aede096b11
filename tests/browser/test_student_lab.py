"""The student's day in a real browser: JupyterLab started as `make lab` starts it, a release notebook, its public
test failing with a short message and passing once the answer is typed in, Validate, no instructor tools; and a
feedback page read offline with its formulas drawn.

Debian's chromium, driven by Playwright (`executable_path`; Playwright's own browser download does not work offline).
"""

import shutil
import urllib.error
import urllib.request

import pytest
from browser_support import SHOTS, TOKEN, jupyter_lab

from autograder import REPO_ROOT

pytestmark = pytest.mark.slow
NOTEBOOK = "C1W1_Python_Basics/Python_Basics_with_Numpy.ipynb"
ANSWER = "import math\n\ndef basic_sigmoid(x):\n    return 1 / (1 + math.exp(-x))\n"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab as `make lab` starts it (the student's config), on a copy of the release notebooks (Validate saves)."""
    root = tmp_path_factory.mktemp("release")
    shutil.copytree(REPO_ROOT / "notebooks" / "release", root, dirs_exist_ok=True)
    env = {"JUPYTER_CONFIG_PATH": str(REPO_ROOT / "etc" / "jupyter-student")}
    with jupyter_lab(REPO_ROOT, tmp_path_factory.mktemp("home"), str(root), env=env) as url:
        yield url, root


def _cell(page, text):
    """The notebook cell whose input holds `text` (scrolled into view: JupyterLab draws visible cells only)."""
    cells = page.locator(".jp-Notebook .jp-Cell")
    for i in range(cells.count()):
        cell = cells.nth(i)
        try:
            cell.scroll_into_view_if_needed(timeout=2000)
        except Exception:  # noqa: BLE001 - a cell hidden in a collapsed heading
            continue
        if text in cell.locator(".jp-InputArea").inner_text():
            return cell
    raise AssertionError(f"no cell holds {text!r}")


def test_a_student_sees_short_verdicts_and_only_student_tools(lab, page):
    url, root = lab
    page.goto(f"{url}/lab/tree/{NOTEBOOK}?token={TOKEN}")
    page.wait_for_selector("text=Validate")
    page.wait_for_selector(".jp-Notebook .jp-Cell")
    page.wait_for_timeout(2000)
    assert "Nbgrader" not in page.locator(".lm-MenuBar").inner_text(), "instructor tools in the student's view"
    for path in ("formgrader", "assignments"):
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"{url}/{path}?token={TOKEN}", timeout=10)

    page.keyboard.press("Escape")
    page.get_by_role("menuitem", name="Run").click()
    page.get_by_text("Run All Cells", exact=True).click()
    check = _cell(page, "check_basic_sigmoid(basic_sigmoid)")
    check.locator(".jp-OutputArea-output").first.wait_for()
    verdict = check.locator(".jp-OutputArea").inner_text()
    check.screenshot(path=SHOTS / "blank_public_test.png")
    assert "got None. Did you replace every `None`" in verdict and "Traceback" not in verdict, verdict

    answer = _cell(page, "def basic_sigmoid(x):")
    answer.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.type(ANSWER)
    page.keyboard.press("Shift+Enter")
    check = _cell(page, "check_basic_sigmoid(basic_sigmoid)")
    check.click()
    page.keyboard.press("Shift+Enter")
    page.wait_for_function("() => document.body.innerText.includes('basic_sigmoid: all public tests passed')")
    check.screenshot(path=SHOTS / "answer_passes.png")

    page.get_by_text("Validate", exact=True).click()
    dialog = page.locator(".jp-Dialog-content")
    dialog.wait_for()
    page.wait_for_timeout(500)
    dialog.screenshot(path=SHOTS / "validate.png")
    text = dialog.inner_text()
    assert "sigmoid(x): got None" in text and "basic_sigmoid(x): got None" not in text, text  # it saved the answer
    page.keyboard.press("Escape")


def test_a_feedback_page_draws_its_formulas_offline(tmp_path, page):
    import nbformat

    from autograder import source_notebook
    from autograder.feedback import FeedbackExporter, MathToMathML

    nb = nbformat.read(source_notebook("C1W2_Logistic_Regression"), as_version=4)
    nb, _ = MathToMathML().preprocess(nb, {})
    html, _ = FeedbackExporter().from_notebook_node(nb)
    (tmp_path / "feedback.html").write_text(html, encoding="utf-8")
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((tmp_path / "feedback.html").as_uri())
    page.wait_for_timeout(1000)
    formulas = page.locator("math")
    assert formulas.count() > 10
    box = formulas.nth(3).bounding_box()
    assert box and box["height"] > 5 and box["width"] > 5, "a formula is not drawn"
    page.locator(".jp-MarkdownCell:has(math)").nth(1).screenshot(path=SHOTS / "feedback_formulas.png")
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == [], "the page asked the network"
