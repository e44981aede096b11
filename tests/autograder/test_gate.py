"""The grading gate, through the project's grader (nbgrader autograde in parallel workers, as `make grade` runs it;
tests/autograder/test_class_grading.py shows its scores equal plain `nbgrader autograde`'s).

For every assignment: the source solution scores full marks, the blank release scores 0 on every graded function, and
a release with exactly one graded function filled in scores exactly that function's points.
"""

import pytest

from autograder import assignment_ids
from autograder.grade import grade_assignment
from autograder.release import build_release
from autograder.submissions import filled_release, graded_functions, write_submissions

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("assignment_id", assignment_ids())
def test_gate(assignment_id, tmp_path):
    functions = graded_functions(assignment_id)
    assert functions, "no graded functions found"
    release = build_release(assignment_id)
    submissions = {"solution": filled_release(assignment_id, None, release), "blank": release}
    for fn in functions:
        submissions[f"only_{fn}"] = filled_release(assignment_id, {fn}, release)
    folder = write_submissions(tmp_path / "submitted", assignment_id, submissions)
    results = {r.student: r for r in grade_assignment(assignment_id, folder, tmp_path / "grading", progress=False)}
    assert sorted(results) == sorted(submissions)
    for result in results.values():
        assert result.status == "graded", (result.student, result.reason)

    total = sum(f["points"] for f in functions.values())
    assert results["solution"].score == total, results["solution"].per_function
    assert results["blank"].score == 0 and not any(results["blank"].per_function.values()), results["blank"].per_function
    for fn, info in functions.items():
        only = results[f"only_{fn}"]
        assert only.per_function[fn] == info["points"] and only.score == info["points"], (fn, only.per_function)
