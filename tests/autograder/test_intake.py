"""Submissions as instructors have them: nbgrader's layout, a flat folder, an LMS zip; hostile archives refused."""

import zipfile

import pytest

from autograder.intake import IntakeError, normalise

ID, OTHER = "C1W2_Logistic_Regression", "C1W1_Python_Basics"
NAME = "Logistic_Regression_with_a_Neural_Network_mindset.ipynb"


def _layout(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.ipynb"))


def test_nbgrader_layout_is_used_as_it_is(tmp_path):
    (tmp_path / "in" / "ann" / ID).mkdir(parents=True)
    (tmp_path / "in" / "ann" / ID / NAME).write_text("{}")
    assert normalise(tmp_path / "in", ID, NAME, tmp_path / "work", [ID, OTHER]) == tmp_path / "in"


def test_flat_folder_of_student_notebooks(tmp_path):
    (tmp_path / "in").mkdir()
    for student in ("ann", "bob smith"):
        (tmp_path / "in" / f"{student}.ipynb").write_text("{}")
    out = normalise(tmp_path / "in", ID, NAME, tmp_path / "work", [ID, OTHER])
    assert _layout(out) == [f"ann/{ID}/{NAME}", f"bob_smith/{ID}/{NAME}"]
    with pytest.raises(IntakeError, match="-a ID"):
        normalise(tmp_path / "in", ID, NAME, tmp_path / "work", [ID, OTHER], several=True)


def test_lms_zip_keeps_each_students_newest_attempt(tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("Week 2_ann_attempt_2026-11-01-10-00-00_lr.ipynb", '{"old": 1}')
        zf.writestr("Week 2_ann_attempt_2026-11-02-09-00-00_lr.ipynb", '{"new": 1}')
        zf.writestr("Week 2_bob_attempt_2026-11-01-12-00-00_lr.ipynb", "{}")
        zf.writestr("Week 2_bob_attempt_2026-11-01-12-00-00.txt", "comments")
    out = normalise(archive, ID, NAME, tmp_path / "work", [ID])
    assert _layout(out) == [f"ann/{ID}/{NAME}", f"bob/{ID}/{NAME}"]
    assert (out / "ann" / ID / NAME).read_text() == '{"new": 1}'


@pytest.mark.parametrize("member", ["../escape.ipynb", "/abs/escape.ipynb", "a/../../escape.ipynb"])
def test_zip_entries_pointing_outside_are_refused(tmp_path, member):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(member, "{}")
    with pytest.raises(IntakeError, match="outside"):
        normalise(archive, ID, NAME, tmp_path / "work", [ID])
    assert not (tmp_path / "escape.ipynb").exists()


def test_not_a_zip_and_missing_paths_say_so(tmp_path):
    (tmp_path / "broken.zip").write_bytes(b"not a zip")
    with pytest.raises(IntakeError, match="not a readable zip"):
        normalise(tmp_path / "broken.zip", ID, NAME, tmp_path / "work", [ID])
    with pytest.raises(IntakeError, match="does not exist"):
        normalise(tmp_path / "nowhere", ID, NAME, tmp_path / "work", [ID])


# ------------------------------------------------------------------ one submission's file
def _solution_text(assignment_id="C1W1_Python_Basics"):
    import nbformat

    from autograder.submissions import filled_release

    return nbformat.writes(filled_release(assignment_id))


PATHOLOGICAL = {
    "deep": ("[" * 200_000 + "]" * 200_000, "nested more than"),
    "empty": ("", "not valid JSON"),
    "cut": (None, "not valid JSON"),
    "list": ("[1, 2, 3]", "not a Jupyter notebook"),
    "format5": ('{"nbformat": 5, "nbformat_minor": 0, "metadata": {}, "cells": []}', "format 5"),
    "latin1": (bytes(range(256)), "not valid JSON"),
    "r_kernel": (None, "R kernel"),
}


def _pathological(name):
    import json

    text, words = PATHOLOGICAL[name]
    if name == "cut":
        text = _solution_text()[:3000]
    if name == "r_kernel":
        data = json.loads(_solution_text())
        data["metadata"]["kernelspec"] = {"name": "ir", "display_name": "R", "language": "R"}
        text = json.dumps(data)
    return text, words


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_a_bad_file_gets_a_reason_in_plain_words_never_an_exception(tmp_path, name):
    from autograder.intake import read_notebook

    text, words = _pathological(name)
    path = tmp_path / "nb.ipynb"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    data, reason = read_notebook(path)
    assert data is None and words in reason, reason


def test_caps_on_size_and_cells_and_links_refused(tmp_path, monkeypatch):
    from autograder import intake

    path = tmp_path / "nb.ipynb"
    path.write_text(_solution_text(), encoding="utf-8")
    assert intake.read_notebook(path)[1] == ""
    monkeypatch.setattr(intake, "MAX_NOTEBOOK_BYTES", 1000)
    assert "MB allowed" in intake.read_notebook(path)[1]
    monkeypatch.setattr(intake, "MAX_NOTEBOOK_BYTES", 1 << 30)
    monkeypatch.setattr(intake, "MAX_CELLS", 5)
    assert "cells, more than the 5 allowed" in intake.read_notebook(path)[1]
    (tmp_path / "link.ipynb").symlink_to(path)
    assert "a link" in intake.read_notebook(tmp_path / "link.ipynb")[1]


def test_a_format_3_notebook_is_converted(tmp_path):
    import nbformat

    from autograder.intake import read_notebook

    path = tmp_path / "nb.ipynb"
    path.write_text(nbformat.writes(nbformat.convert(nbformat.reads(_solution_text(), as_version=4), 3)), encoding="utf-8")
    data, reason = read_notebook(path)
    assert reason == "" and nbformat.reads(data.decode(), as_version=4).nbformat == 4


@pytest.mark.slow
def test_a_class_mixing_pathological_files_with_honest_ones_grades_every_honest_one(tmp_path):
    from autograder.grade import grade_assignment

    ID1, name = "C1W1_Python_Basics", "Python_Basics_with_Numpy.ipynb"
    folder = tmp_path / "in"
    for student in [*PATHOLOGICAL, "honest_1", "honest_2"]:
        text, _ = _pathological(student) if student in PATHOLOGICAL else (_solution_text(), "")
        path = folder / student / ID1 / name
        path.parent.mkdir(parents=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    (folder / "a_folder_named_like_a_notebook" / ID1 / name).mkdir(parents=True)
    results = {r.student: r for r in grade_assignment(ID1, folder, tmp_path / "out", workers=2, progress=False)}
    assert len(results) == len(PATHOLOGICAL) + 3
    for student in ("honest_1", "honest_2"):
        assert (results[student].status, results[student].score) == ("graded", 8), results[student]
    for student in [*PATHOLOGICAL, "a_folder_named_like_a_notebook"]:
        assert results[student].status == "not gradable" and results[student].reason, results[student]
