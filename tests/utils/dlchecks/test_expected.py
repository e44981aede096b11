"""Every assignment's checks against the grader's expected.json: the same functions, a hidden case for each unlike
the public ones, the public expected values (the seeds' printed numbers, typed in dlchecks/<module>.py) equal to what
the solutions give, and the solutions passing every public check and every grade cell's hidden part."""

import ast
import importlib
import pkgutil

import numpy as np
import pytest

import dlchecks
from autograder import assignment_ids, is_test_cell, source_notebook
from dlchecks.core import Check, CheckFailed, encode, load_expected, verdict

MODULES = [importlib.import_module(f"dlchecks.{m.name}") for m in pkgutil.iter_modules(dlchecks.__path__)]
BY_ASSIGNMENT = {m.ASSIGNMENT: m for m in MODULES if hasattr(m, "ASSIGNMENT")}


def _checks(assignment_id) -> dict[str, Check]:
    return {v.name: v for v in vars(BY_ASSIGNMENT[assignment_id]).values() if isinstance(v, Check)}


def test_every_assignment_has_one_checks_module():
    assert sorted(BY_ASSIGNMENT) == assignment_ids()


@pytest.mark.parametrize("assignment_id", assignment_ids())
def test_checks_and_expected_outputs_cover_the_same_functions(assignment_id):
    checks = _checks(assignment_id)
    expected = load_expected(assignment_id)
    assert sorted(checks) == sorted(expected)
    for name, check in checks.items():
        entry = expected[name]
        assert check.assignment == assignment_id and entry["test"] == f"{name}-test", name
        assert entry["public"] == len(check.cases) and all(case.given for case in check.cases), name
        public = [case["values"] for case in entry["cases"][: entry["public"]]]
        assert any(case["values"] not in public for case in entry["cases"][entry["public"]:]), f"{name}: no hidden case"


def _as_recorded(value, how: str):
    """A typed expected value as the kernel would record it (numbers as an array, exact values as they are)."""
    return encode(np.array(value) if isinstance(value, list) and how == "close" else value)


@pytest.mark.parametrize("assignment_id", assignment_ids())
def test_the_seeds_numbers_match_the_solutions(assignment_id):
    expected = load_expected(assignment_id)
    for name, check in _checks(assignment_id).items():
        for index, case in enumerate(check.cases):
            recorded = expected[name]["cases"][index]
            assert set(case.expected) == set(recorded["values"]) and recorded["given"] == case.given, (name, index)
            typed = {"cases": [{"values": {label: {"value": _as_recorded(v, recorded["values"][label]["how"])}
                                           for label, v in case.expected.items()}}]}
            passed, message = verdict({"public": 1, "cases": [recorded]}, typed, show_hidden=True)
            assert passed, f"{name}, public case {index}: {message}"


@pytest.mark.parametrize("assignment_id", assignment_ids())
def test_the_solutions_pass_the_public_and_the_hidden_tests(assignment_id, solutions, run_hidden, capsys):
    for name, check in _checks(assignment_id).items():
        check(solutions(assignment_id)[name])
        assert f"{name}: all public tests passed" in capsys.readouterr().out
        run_hidden(assignment_id, name, solutions(assignment_id)[name])
        run_hidden(assignment_id, name, solutions(assignment_id)[name], expanded=True)


def _release_namespace(assignment_id: str) -> dict:
    """The release notebook's first cell and its blank graded functions, as a student gets them."""
    import nbformat

    from autograder.release import release_path

    cells = [c for c in nbformat.read(release_path(assignment_id), as_version=4).cells if c.cell_type == "code"]
    namespace: dict = {}
    for cell in [cells[0]] + [c for c in cells if "# GRADED FUNCTION" in c.source]:
        source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith("%"))
        exec(compile(source, f"<{assignment_id} release>", "exec"), namespace)  # noqa: S102
    return namespace


def _stand_ins(assignment_id: str) -> dict[str, tuple[str, ...]]:
    """{function: the names its grade cell's hidden call stands in (`grade(..., stand_ins=(...))`)}."""
    import nbformat

    found = {}
    for cell in nbformat.read(source_notebook(assignment_id), as_version=4).cells:
        if is_test_cell(cell):
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.keyword) and node.arg == "stand_ins":
                    found[cell.metadata["nbgrader"]["grade_id"].removesuffix("-test")] = tuple(ast.literal_eval(node.value))
    return found


@pytest.mark.parametrize("assignment_id", assignment_ids())
def test_stand_ins_grade_each_function_on_its_own(assignment_id, solutions, run_hidden):
    """With the stand-ins filled in (as the grader runs the cell), wrong earlier functions cost nothing in a later one's
    hidden tests; in the source notebook as it is (no stand-ins filled in) the same wrong functions show."""

    def broken(*args, **kwargs):
        raise ValueError("a wrong earlier function")

    for name, names in _stand_ins(assignment_id).items():
        others = dict.fromkeys(names, broken)
        run_hidden(assignment_id, name, solutions(assignment_id)[name], expanded=True, **others)
        if names:
            with pytest.raises(CheckFailed):
                run_hidden(assignment_id, name, solutions(assignment_id)[name], **others)


@pytest.mark.parametrize("assignment_id", assignment_ids())
def test_every_blank_stub_gets_the_none_hint_not_a_raw_error(assignment_id):
    from dlchecks.core import NONE_HINT

    blank = _release_namespace(assignment_id)
    for name, check in _checks(assignment_id).items():
        with pytest.raises(CheckFailed) as info:
            check(blank[name])
        assert NONE_HINT in str(info.value), f"{name}: {info.value}"
