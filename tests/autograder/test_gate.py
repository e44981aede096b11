"""The grading gate, through the project's grader (nbgrader autograde in parallel workers, as `make grade` runs it;
tests/autograder/test_class_grading.py shows its scores equal plain `nbgrader autograde`'s).

For every assignment: the blank release scores 0 on every graded function, and a release with exactly one graded
function filled in scores exactly that function's points (the others 0), so that every function earns its points
through the grader on its own, with the functions it calls stood in for.

The whole solution is not graded here again: that each graded function earns its points, alone, through the grader
(here), that the source notebook runs clean from top to bottom with every grade cell's hidden tests passing against
expected.json (nbval, `make validate`), and that the solutions pass every public and hidden case in-process
(tests/utils/dlchecks/test_expected.py) together give full marks; a whole solution through the grader, with the
gradebook, is graded in tests/autograder/test_class_grading.py and by `make grade`. Grading each solution here too
cost about two minutes of CI (each notebook's full quick run, C4W2B's training among them) and found nothing those
do not.
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
    submissions = {"blank": release}
    for fn in functions:
        submissions[f"only_{fn}"] = filled_release(assignment_id, {fn}, release)
    folder = write_submissions(tmp_path / "submitted", assignment_id, submissions)
    results = {r.student: r for r in grade_assignment(assignment_id, folder, tmp_path / "grading", progress=False)}
    assert sorted(results) == sorted(submissions)
    for result in results.values():
        assert result.status == "graded", (result.student, result.reason)

    assert results["blank"].score == 0 and not any(results["blank"].per_function.values()), results["blank"].per_function
    for fn, info in functions.items():
        only = results[f"only_{fn}"]
        assert only.per_function[fn] == info["points"] and only.score == info["points"], (fn, only.per_function)
    # full marks, function by function: every point of the notebook is earned by its function alone
    assert sum(results[f"only_{fn}"].score for fn in functions) == sum(f["points"] for f in functions.values())
