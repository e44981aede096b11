"""dlcourse autograder: release generation, course-style stubs, grading and feedback."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO_ROOT / "notebooks"
SOURCE_DIR = NOTEBOOKS / "source"
RELEASE_DIR = NOTEBOOKS / "release"


def assignment_ids() -> list[str]:
    """IDs of all assignments that have a source notebook."""
    return sorted(p.name for p in SOURCE_DIR.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def is_test_cell(cell) -> bool:
    """An nbgrader grade cell that tests a function (graded, code, not an answer)."""
    meta = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def source_notebook(assignment_id: str) -> Path:
    """The one source notebook of an assignment."""
    found = sorted((SOURCE_DIR / assignment_id).glob("*.ipynb"))
    if len(found) != 1:
        raise FileNotFoundError(f"expected one notebook in {SOURCE_DIR / assignment_id}, found {len(found)}")
    return found[0]
