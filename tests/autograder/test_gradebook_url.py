"""The class gradebook can live at any SQLAlchemy URL (--db, $DLCOURSE_DB_URL); workers keep private SQLite copies."""

import sqlite3

import pytest

from autograder.grade import grade_assignment, main
from autograder.release import build_release
from autograder.submissions import filled_release, write_submissions

pytestmark = pytest.mark.slow
ID = "C1W1_Python_Basics"


def test_grades_go_to_the_gradebook_the_url_names(tmp_path, capsys):
    release = build_release(ID)
    subs = write_submissions(tmp_path / "in", ID, {"a_solution": filled_release(ID, None, release), "b_blank": release})
    db = tmp_path / "elsewhere" / "class.db"
    db.parent.mkdir()
    url = f"sqlite:///{db}"
    results = grade_assignment(ID, subs, tmp_path / "out", workers=2, progress=False, db_url=url)
    assert [(r.student, r.score) for r in results] == [("a_solution", 8), ("b_blank", 0)]
    assert not (tmp_path / "out" / "gradebook.db").exists()
    with sqlite3.connect(db) as con:
        rows = con.execute("select student_id, sum(auto_score) from grade join submitted_notebook "
                           "on grade.notebook_id = submitted_notebook.id join submitted_assignment "
                           "on submitted_notebook.assignment_id = submitted_assignment.id group by student_id").fetchall()
    assert sorted(rows) == [("a_solution", 8.0), ("b_blank", 0.0)]

    # the command line takes the URL too, and prints it without a password
    assert main(["-a", ID, "--submissions", str(subs), "--out", str(tmp_path / "out"), "--db", url, "-j", "2"]) == 0
    assert f"gradebook: {url}" in capsys.readouterr().out


def test_an_unusable_database_url_is_a_clear_error(tmp_path, capsys):
    subs = write_submissions(tmp_path / "in", ID, {"a_blank": build_release(ID)})
    with pytest.raises(SystemExit) as stop:
        main(["-a", ID, "--submissions", str(subs), "--out", str(tmp_path / "out"),
              "--db", "postgresql+nosuchdriver://grader:pw@localhost/course"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "could not set up C1W1_Python_Basics" in err and "nosuchdriver" in err and ":pw@" not in err
