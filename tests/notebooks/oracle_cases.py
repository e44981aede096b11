"""What the oracle tests of the TensorFlow assignments share: every input a check is run on, public and hidden.

The hidden inputs are read from the source notebook's grade cells (the literal list passed to ``grade(...)``), so an
oracle test covers exactly what the grader runs.
"""

import ast

import nbformat

from autograder import is_test_cell, source_notebook


def hidden_inputs(assignment_id: str) -> dict[str, list[tuple]]:
    """{function: the hidden inputs its grade cell passes to grade(...)}, read from the source notebook."""
    found = {}
    for cell in nbformat.read(source_notebook(assignment_id), as_version=4).cells:
        if is_test_cell(cell):
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "grade":
                    found[node.args[1].id] = [tuple(case) for case in ast.literal_eval(node.args[2])]
    return found


def all_cases(assignment_id: str, checks, name: str) -> list[tuple]:
    """The inputs of the public check `checks.check_<name>` followed by the hidden ones, in the order of expected.json."""
    check = getattr(checks, f"check_{name}")
    return [case.args for case in check.cases] + hidden_inputs(assignment_id)[name]
