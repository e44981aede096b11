"""The hostile corpus (autograder.hostile): 47 attacking or broken submissions graded in one run, each with its
expected verdict and score. Needs bubblewrap: CI installs it (.ci/run); elsewhere the test is skipped without it."""

import os

import pytest

from autograder.hostile import run
from autograder.sandbox import bwrap_problem

pytestmark = pytest.mark.slow


def test_every_hostile_submission_gets_its_expected_verdict(tmp_path):
    problem = bwrap_problem()
    if problem:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI must run the hostile corpus in the sandbox, but {problem}")
        pytest.skip(f"the hostile corpus needs bubblewrap: {problem}")
    rows, cases = run(tmp_path / "out", workers=2, progress=False)
    assert len(rows) >= 45
    failures = [f"{student}: got {got}, {problem} ({cases[student].what})" for student, got, problem in rows if problem]
    assert not failures, "\n".join(failures)
    assert {student for student, _, _ in rows} == set(cases)
