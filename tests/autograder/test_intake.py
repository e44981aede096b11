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
