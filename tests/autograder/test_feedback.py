import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

from autograder.feedback import StripHiddenTests

SOURCE = """### BEGIN HIDDEN TESTS
from dlchecks import grade
grade(check_f, f, [(41,), (secret_input_1234,)])
### END HIDDEN TESTS
check_f(f)"""


def _strip(*cells):
    nb = nbformat.from_dict(new_notebook(cells=list(cells)))
    nb, _ = StripHiddenTests().preprocess(nb, {})
    return nb.cells


def test_hidden_source_is_removed_and_the_verdict_kept():
    verdict = new_output("error", ename="CheckFailed", evalue="f(x): wrong values", traceback=["CheckFailed: f(x): wrong values"])
    [cell] = _strip(new_code_cell(SOURCE, outputs=[verdict]))
    assert "secret_input_1234" not in cell.source and "check_f(f)" in cell.source
    assert cell.outputs == [verdict]


def test_outputs_quoting_a_hidden_line_are_dropped_in_every_cell():
    leak = new_output("stream", name="stdout", text="grade(check_f, f, [(41,), (secret_input_1234,)])\n")
    fine = new_output("stream", name="stdout", text="hello\n")
    grade_cell = new_code_cell(SOURCE)
    later = new_code_cell("print(saved_cells)", outputs=[leak, fine])
    cells = _strip(grade_cell, later)
    assert cells[1].outputs == [fine]


def test_the_fast_exporter_gives_the_page_nbconvert_gives():
    """The same page, less the scripts fetched from the network (its formulas are MathML: see the next tests)."""
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
        for script in theirs_soup.select("script"):
            if "mathjax" in str(script).lower() or (script.get("src") or "").startswith("http"):
                script.decompose()
        assert ours_soup.get_text().split() == theirs_soup.get_text().split()
        for selector in ("[tabindex]", "img[alt]", "img"):
            assert len(ours_soup.select(selector)) == len(theirs_soup.select(selector)), (template, selector)


def test_formulas_become_mathml_and_code_keeps_its_dollars():
    from autograder.feedback import math_to_mathml

    out = math_to_mathml("cost $J = \\frac{1}{m}$, in code `x = '$1'` and a price \\$5.\n$$\\hat{y} = \\sigma(z)$$")
    assert out.count("<math") == 2 and 'display="block"' in out and 'display="inline"' in out
    assert "`x = '$1'`" in out and "\\$5" in out
    assert math_to_mathml("$\\frac{1}{$ stays") == "$\\frac{1}{$ stays"  # unreadable TeX is shown as it was


def test_a_feedback_page_asks_the_network_for_nothing():
    import re

    from autograder import source_notebook
    from autograder.feedback import FeedbackExporter, MathToMathML

    nb = nbformat.read(source_notebook("C1W2_Logistic_Regression"), as_version=4)
    nb, _ = MathToMathML().preprocess(nb, {})
    html, _ = FeedbackExporter().from_notebook_node(nb)
    assert "<math" in html and "$$" not in html
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=[\"']https?:", html), "a resource fetched from the network"


def test_the_page_starts_with_the_score_and_each_functions_reason():
    from autograder.feedback import FeedbackSummary

    passed = new_code_cell("check_f(f)", outputs=[new_output("stream", name="stdout", text="f: every test passed\n")])
    failed = new_code_cell("check_g(g)", outputs=[new_output("error", ename="CheckFailed", evalue="g(x): wrong values\n  more",
                                                             traceback=[])])
    own = new_code_cell("x.shape", outputs=[new_output("error", ename="AttributeError", evalue="'NoneType' object",
                                                       traceback=["Traceback", "  long", "A value is still None. hint"])])
    for cell, name, score in ((passed, "f", 1), (failed, "g", 0)):
        cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": f"{name}-test", "points": 1, "score": score}
    nb = nbformat.from_dict(new_notebook(cells=[passed, failed, own]))
    nb, _ = FeedbackSummary().preprocess(nb, {})
    summary = nb.cells[0].source
    assert summary.startswith("**Score: 1 / 2**")
    assert "<code>f</code></a></td>" in summary and "1 / 1</td>" in summary and "✓ every test passed</td>" in summary
    assert "0 / 1</td>" in summary and "✗ g(x): wrong values</td>" in summary
    assert nb.cells[3].outputs[0]["traceback"] == ["AttributeError: 'NoneType' object", "A value is still None. hint"]
