"""Tampered submissions earn nothing they did not solve: edited, unlocked or deleted test cells are restored from
the source, copy-pasted cell ids do not break grading, and rebinding helpers or the traceback display fails."""

import copy
import json

import pytest

from autograder import source_notebook
from autograder.grade import grade_assignment
from autograder.release import build_release
from autograder.submissions import filled_release, graded_functions, replace_answer

pytestmark = pytest.mark.slow
ID = "C1W1_Python_Basics"
WRONG_SIGMOID = "import numpy as np\n\ndef sigmoid(x):\n    return np.exp(x)"


def _grade_cell_index(nb, test_id):
    return next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == test_id)


def test_tampered_submissions(tmp_path):
    functions = graded_functions(ID)
    names = list(functions)
    sigmoid_test = functions["sigmoid"]["test"] if "sigmoid" in functions else functions[names[1]]["test"]
    sigmoid_answer = "sigmoid" if "sigmoid" in functions else names[1]
    solution = filled_release(ID, None, build_release(ID))
    wrong = replace_answer(solution, sigmoid_answer, WRONG_SIGMOID)

    edited = copy.deepcopy(wrong)
    edited.cells[_grade_cell_index(edited, sigmoid_test)].source = "pass  # nothing to see here"

    unlocked = copy.deepcopy(wrong)
    cell = unlocked.cells[_grade_cell_index(unlocked, sigmoid_test)]
    cell.metadata["nbgrader"]["locked"] = False
    cell.metadata.pop("editable", None)
    cell.source = "print('all public tests passed')"

    deleted_wrong = copy.deepcopy(wrong)
    del deleted_wrong.cells[_grade_cell_index(deleted_wrong, sigmoid_test)]
    deleted_right = copy.deepcopy(solution)
    del deleted_right.cells[_grade_cell_index(deleted_right, sigmoid_test)]

    duplicated = copy.deepcopy(solution)
    duplicated.cells.insert(3, copy.deepcopy(duplicated.cells[2]))  # a copy-pasted cell, same id

    rebound = replace_answer(wrong, names[0], (
        "import numpy as np\nnp.allclose = lambda *a, **k: True\nnp.testing.assert_allclose = lambda *a, **k: None\n"
        "import math\n\ndef basic_sigmoid(x):\n    return 1 / (1 + math.exp(-x))"))
    silenced = replace_answer(wrong, names[0], (
        "import math\nip = get_ipython()\nip.showtraceback = lambda *a, **k: None\n"
        "type(ip)._showtraceback = lambda *a, **k: None\n\ndef basic_sigmoid(x):\n    return 1 / (1 + math.exp(-x))"))

    subs = tmp_path / "in"
    notebooks = {"edited": edited, "unlocked": unlocked, "deleted_wrong": deleted_wrong, "deleted_right": deleted_right,
                 "duplicated": duplicated, "rebound": rebound, "silenced": silenced}
    for student, nb in notebooks.items():
        path = subs / student / ID / source_notebook(ID).name
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps(nb), encoding="utf-8")  # as saved, duplicate ids included
    results = {r.student: r for r in grade_assignment(ID, subs, tmp_path / "out", workers=2, progress=False)}
    total = sum(f["points"] for f in functions.values())
    for student in ("edited", "unlocked", "deleted_wrong", "rebound", "silenced"):
        r = results[student]
        assert r.status == "graded" and r.per_function[sigmoid_answer] == 0, (student, r)
        assert r.score == total - functions[sigmoid_answer]["points"], (student, r)
    assert results["deleted_right"].score == total, results["deleted_right"]
    assert results["duplicated"].status == "graded" and results["duplicated"].score == total, results["duplicated"]
