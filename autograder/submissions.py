"""Build submissions from the source notebook: full solutions, blanks, and partly filled releases.

Used by the demo class (`make grade`) and by the grading gate in tests/.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from . import source_notebook
from .release import build_release


def _solution_code(source: str) -> str:
    """An answer cell's source as a student who solved it would hand it in (markers removed)."""
    keep = [line for line in source.split("\n") if "BEGIN SOLUTION" not in line and "END SOLUTION" not in line]
    return "\n".join(keep)


def graded_functions(assignment_id: str) -> dict[str, dict]:
    """{answer grade_id: {"test": test grade_id, "points": points}} in notebook order.

    A graded function is an answer cell directly followed (ignoring ungraded cells) by a grade cell.
    """
    nb = nbformat.read(source_notebook(assignment_id), as_version=4)
    out: dict[str, dict] = {}
    pending = None
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code" and "GRADED FUNCTION" in cell.source:
            pending = meta["grade_id"]
        elif meta.get("grade") and pending:
            out[pending] = {"test": meta["grade_id"], "points": float(meta.get("points", 0))}
            pending = None
    return out


def filled_release(assignment_id: str, fill: set[str] | None = None, release=None) -> nbformat.NotebookNode:
    """The release notebook with the answer cells whose grade_id is in `fill` solved (None: all answers)."""
    source = nbformat.read(source_notebook(assignment_id), as_version=4)
    solutions = {
        c.metadata["nbgrader"]["grade_id"]: _solution_code(c.source)
        for c in source.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    nb = nbformat.from_dict(release if release is not None else build_release(assignment_id))
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in solutions and (fill is None or grade_id in fill):
            cell.source = solutions[grade_id]
    return nb


def replace_answer(nb: nbformat.NotebookNode, grade_id: str, code: str) -> nbformat.NotebookNode:
    """A copy of `nb` whose answer cell `grade_id` holds `code`."""
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            cell.source = code
            return nb
    raise KeyError(grade_id)


def write_submissions(folder: Path, assignment_id: str, notebooks: dict) -> Path:
    """Write {student: notebook} into nbgrader's layout, folder/<student>/<ID>/<notebook name>; return folder."""
    name = source_notebook(assignment_id).name
    for student, nb in notebooks.items():
        path = Path(folder) / student / assignment_id / name
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, path)
    return Path(folder)
