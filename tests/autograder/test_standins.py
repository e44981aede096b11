"""Stand-ins come from the source notebook's own solutions, and only for functions answered before the test."""

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from autograder.standins import ExpandStandIns, StandInError, expand, solution_functions

ANSWER = '''# GRADED FUNCTION: double
def double(x):
    ### START CODE HERE ###
    ### BEGIN SOLUTION
    y = 2 * x
    ### END SOLUTION
    ### END CODE HERE ###
    return y'''


def _cell(source, **meta):
    cell = new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade_id": meta.pop("grade_id", "x"), **meta}
    return cell


def test_solution_functions_are_the_answers_without_markers():
    [(name, code)] = solution_functions(ANSWER).items()
    assert name == "double" and "y = 2 * x" in code and "SOLUTION" not in code
    namespace = {}
    exec(code, namespace)
    assert namespace["double"](4) == 8


def test_names_become_code_and_nothing_else_changes():
    source = "### BEGIN HIDDEN TESTS\ngrade(check_f, f, [(1,)], stand_ins=('double',))\n### END HIDDEN TESTS\ncheck_f(f)"
    out = expand(source, {"double": "def double(x):\n    return 2 * x"}, graded="f")
    assert "stand_ins={'double': 'def double(x):\\n    return 2 * x'}" in out
    assert out.count("\n") == source.count("\n") and out.endswith("check_f(f)")


@pytest.mark.parametrize("names, graded", [(("triple",), "f"), (("double",), "double")])
def test_unknown_later_or_graded_functions_are_refused(names, graded):
    with pytest.raises(StandInError):
        expand(f"grade(check_f, f, [], stand_ins={names!r})", {"double": "def double(x): ..."}, graded=graded)


def test_the_preprocessor_fills_in_earlier_answers_only():
    test = "grade(check_triple, triple, [(1,)], stand_ins=('double',))"
    nb = nbformat.from_dict(new_notebook(cells=[
        _cell(ANSWER, grade_id="double", solution=True),
        _cell("# GRADED FUNCTION: triple\ndef triple(x):\n    return 3 * x", grade_id="triple", solution=True),
        _cell(test, grade_id="triple-test", grade=True, points=1),
    ]))
    nb, _ = ExpandStandIns().preprocess(nb, {})
    assert "y = 2 * x" in nb.cells[2].source
    early = nbformat.from_dict(new_notebook(cells=[
        _cell(test, grade_id="triple-test", grade=True, points=1), _cell(ANSWER, grade_id="double", solution=True)]))
    with pytest.raises(StandInError, match="triple-test"):
        ExpandStandIns().preprocess(early, {})
