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


def solution_namespace(assignment_id: str) -> dict:
    """The first (imports) cell and every graded answer cell of a source notebook, executed with their solutions.

    The tests check the solutions through it, and `make models` builds an assignment's architecture with it, so
    that a network is written once, in its notebook.
    """
    import nbformat

    nb = nbformat.read(source_notebook(assignment_id), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    cells = [code[0]] + [c for c in code if "# GRADED FUNCTION" in c.source]
    namespace: dict = {}
    for cell in cells:
        source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith("%"))
        exec(compile(source, f"<{assignment_id} solution>", "exec"), namespace)
    return namespace
