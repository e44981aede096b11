"""Shared by the checks' tests: a failing check's message, and a grade cell's hidden part run on given functions."""

import types

import nbformat
import pytest

from autograder import is_test_cell, source_notebook
from autograder.standins import ExpandStandIns
from dlchecks.core import CheckFailed


@pytest.fixture(scope="module")
def nb(request, solutions):
    """The solved functions of the assignment the test module names in its `ID`."""
    return solutions(request.module.ID)


@pytest.fixture
def fails():
    """fails(check, function, *words): the check fails on `function` with a message holding every word; returns it."""

    def run(check, function, *words):
        with pytest.raises(CheckFailed) as info:
            check(function)
        for word in words:
            assert word in str(info.value), str(info.value)
        return str(info.value)

    return run


def _hidden_parts(assignment_id: str, expanded: bool) -> dict[str, str]:
    """{function: the hidden part of its grade cell}; `expanded`: stand-ins filled in, as the grader runs them."""
    notebook = nbformat.read(source_notebook(assignment_id), as_version=4)
    if expanded:
        notebook, _ = ExpandStandIns().preprocess(notebook, {})
    parts = {}
    for cell in notebook.cells:
        if is_test_cell(cell):
            parts[cell.metadata["nbgrader"]["grade_id"].removesuffix("-test")] = cell.source.split("### BEGIN HIDDEN TESTS")[1].split(
                "### END HIDDEN TESTS")[0]
    return parts


@pytest.fixture(scope="session")
def run_hidden(solutions):
    """run_hidden(ID, name, function, expanded=False, **others): the hidden part of `name`'s grade cell, run as in the
    source notebook (so compared with expected.json: a failure raises CheckFailed). `others` replace functions of the
    notebook, and the solution `function` then sees them, as it would there."""

    def run(assignment_id, name, function, expanded=False, **others):
        namespace = dict(solutions(assignment_id), **others)
        if others and isinstance(function, types.FunctionType):
            function = types.FunctionType(function.__code__, namespace, function.__name__, function.__defaults__,
                                          function.__closure__)
        namespace[name] = function
        code = _hidden_parts(assignment_id, expanded)[name]
        exec(compile(code, f"<{name}-test>", "exec"), namespace)  # noqa: S102 - the course's own grade cell

    return run
