import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

from autograder.feedback import HIDDEN_FAILURE, StripHiddenTests

SOURCE = """### BEGIN HIDDEN TESTS
secret_setup = 41
### END HIDDEN TESTS
check_f(f)
### BEGIN HIDDEN TESTS
assert f(secret_setup) == 42, "hidden_expected_42"
### END HIDDEN TESTS"""


def _run(traceback, evalue):
    cell = new_code_cell(SOURCE, outputs=[
        new_output("stream", name="stdout", text="f: all public tests passed.\n"),
        new_output("error", ename="AssertionError", evalue=evalue, traceback=traceback),
    ])
    nb = new_notebook(cells=[cell])
    nb, _ = StripHiddenTests().preprocess(nbformat.from_dict(nb), {})
    return nb.cells[0]


def test_hidden_source_and_failures_are_removed():
    tb = ["\x1b[0;31m---> 6\x1b[0m assert f(secret_setup) == 42, \"hidden_expected_42\"", "AssertionError: hidden_expected_42"]
    cell = _run(tb, "hidden_expected_42")
    text = cell.source + str(cell.outputs)
    assert "secret_setup" not in text and "hidden_expected_42" not in text
    assert HIDDEN_FAILURE in text and "all public tests passed" in text


def test_public_failure_keeps_its_message_not_its_traceback():
    tb = ["----> 4 check_f(f)", "File public_tests.py ...", "CheckFailed: f(1): wrong values"]
    cell = _run(tb, "f(1): wrong values")
    assert "f(1): wrong values" in str(cell.outputs) and "public_tests.py" not in str(cell.outputs)


def test_the_fast_exporter_gives_the_page_nbconvert_gives():
    from bs4 import BeautifulSoup
    from nbconvert.exporters import HTMLExporter
    from traitlets.config import Config

    from autograder import source_notebook
    from autograder.feedback import FeedbackExporter

    nb = nbformat.read(source_notebook("C1W2_Logistic_Regression"), as_version=4)
    for template in ("lab", "classic"):
        config = Config()
        config.HTMLExporter.template_name = template
        ours, _ = FeedbackExporter(config=config).from_notebook_node(nb)
        theirs, _ = HTMLExporter(config=config).from_notebook_node(nb)
        ours_soup, theirs_soup = BeautifulSoup(ours, "html.parser"), BeautifulSoup(theirs, "html.parser")
        assert ours_soup.get_text() == theirs_soup.get_text()
        for selector in ("[tabindex]", "img[alt]", "img"):
            assert len(ours_soup.select(selector)) == len(theirs_soup.select(selector)), (template, selector)
