"""Grading on a Dask cluster (--scheduler): a LocalCluster stands in for a real one. The jobs travel as archives,
so nothing relies on a shared folder; the grading process stays the only gradebook writer."""

import pytest

from autograder.grade import grade_assignment
from autograder.release import build_release
from autograder.submissions import filled_release, graded_functions, replace_answer, write_submissions

pytestmark = pytest.mark.slow
ID = "C1W1_Python_Basics"


def test_a_dask_cluster_grades_like_the_local_workers(tmp_path):
    distributed = pytest.importorskip("distributed")
    release = build_release(ID)
    solution = filled_release(ID, None, release)
    last = list(graded_functions(ID))[-1]
    subs = write_submissions(tmp_path / "in", ID, {
        "a_solution": solution,
        "b_blank": release,
        "c_partial": filled_release(ID, set(list(graded_functions(ID))[:3]), release),
        "d_crash": replace_answer(solution, last, "import os\nos._exit(1)"),  # the functions before keep their points
    })
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = grade_assignment(ID, subs, tmp_path / "dask", scheduler=cluster.scheduler_address, progress=False)
    local = grade_assignment(ID, subs, tmp_path / "local", workers=2, progress=False)
    summary = lambda results: [(r.student, r.status, r.score, r.per_function) for r in results]  # noqa: E731
    assert summary(remote) == summary(local)
    assert [r.score for r in remote] == [8, 0, 3, 7] and remote[3].status == "graded" and "kernel died" in remote[3].reason
    feedback = tmp_path / "dask" / "feedback" / "a_solution" / ID
    assert any(feedback.glob("*.html")), "the feedback came back from the cluster"
