"""Every assignment's checks against the grader's expected.json: the same functions and cases, and the public
expected values (the seeds' printed numbers, typed in dlchecks/<module>.py) equal to what the solutions give."""

import importlib
import pkgutil

import numpy as np
import pytest

import dlchecks
from autograder import assignment_ids
from dlchecks.core import Check, encode, load_expected, verdict

MODULES = [importlib.import_module(f"dlchecks.{m.name}") for m in pkgutil.iter_modules(dlchecks.__path__)]
BY_ASSIGNMENT = {m.ASSIGNMENT: m for m in MODULES if hasattr(m, "ASSIGNMENT")}


def _checks(module) -> dict[str, Check]:
    return {v.name: v for v in vars(module).values() if isinstance(v, Check)}


def test_every_assignment_has_one_checks_module():
    assert sorted(BY_ASSIGNMENT) == assignment_ids()


@pytest.mark.parametrize("assignment_id", assignment_ids())
def test_checks_and_expected_outputs_cover_the_same_functions(assignment_id):
    checks = _checks(BY_ASSIGNMENT[assignment_id])
    expected = load_expected(assignment_id)
    assert sorted(checks) == sorted(expected)
    for name, check in checks.items():
        assert check.name == name and expected[name]["public"] == len(check.cases), name
        assert len(expected[name]["cases"]) > len(check.cases), f"{name} has no hidden case"


def _as_recorded(value, how: str):
    """A typed expected value as the kernel would record it (numbers as an array, exact values as they are)."""
    return encode(np.array(value) if isinstance(value, list) and how == "close" else value)


@pytest.mark.parametrize("assignment_id", assignment_ids())
def test_the_seeds_numbers_match_the_solutions(assignment_id):
    expected = load_expected(assignment_id)
    for name, check in _checks(BY_ASSIGNMENT[assignment_id]).items():
        for index, case in enumerate(check.cases):
            rules = expected[name]["cases"][index]["values"]
            assert set(case.expected) == set(rules), (name, index)
            typed = {"cases": [{"values": {label: {"value": _as_recorded(v, rules[label]["how"])}
                                           for label, v in case.expected.items()}}]}
            passed, message = verdict({"public": 1, "cases": [expected[name]["cases"][index]]}, typed, show_hidden=True)
            assert passed, f"{name}, public case {index}: {message}"
