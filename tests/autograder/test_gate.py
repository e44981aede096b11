"""The grading gate, through real nbgrader autograde in a temporary course directory.

For every assignment: the source solution scores full marks, the blank release
scores 0 on every graded function, and a release with exactly one graded function
filled in scores exactly that function's points.
"""

import nbformat
import pytest

from autograder import assignment_ids, source_notebook
from autograder.course import checked, prepare_course
from autograder.grade import read_scores
from autograder.release import build_release
from autograder.submissions import filled_release, graded_functions

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("assignment_id", assignment_ids())
def test_gate(assignment_id, tmp_path):
    api = prepare_course(tmp_path, assignment_id)
    functions = graded_functions(assignment_id)
    assert functions, "no graded functions found"
    release = build_release(assignment_id)
    name = source_notebook(assignment_id).name
    submissions = {"solution": filled_release(assignment_id, None, release), "blank": release}
    for fn in functions:
        submissions[f"only_{fn}"] = filled_release(assignment_id, {fn}, release)
    for student, nb in submissions.items():
        path = tmp_path / "submitted" / student / assignment_id / name
        path.parent.mkdir(parents=True)
        nbformat.write(nb, path)
        checked(api.autograde(assignment_id, student), f"autograde {student}")

    total = sum(f["points"] for f in functions.values())
    score, per_function = read_scores(api.coursedir, assignment_id, "solution", functions)
    assert score == total, per_function
    score, per_function = read_scores(api.coursedir, assignment_id, "blank", functions)
    assert score == 0 and not any(per_function.values()), per_function
    for fn, info in functions.items():
        score, per_function = read_scores(api.coursedir, assignment_id, f"only_{fn}", functions)
        assert per_function[fn] == info["points"] and score == info["points"], (fn, per_function)
