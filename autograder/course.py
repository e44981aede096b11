"""A throw-away or persistent nbgrader course directory built from notebooks/source."""

from __future__ import annotations

import logging
import os
import shutil
import sys
from pathlib import Path

from traitlets.config import Config

from . import is_test_cell, source_notebook
from .config import configure


class NbgraderError(RuntimeError):
    """An nbgrader step failed; the message carries nbgrader's log."""


def _venv_on_path() -> None:
    """nbgrader runs `alembic` and `jupyter` by name: make this interpreter's scripts findable."""
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")


def make_api(root: Path, assignment_id: str | None = None, db_url: str | None = None):
    """An NbGraderAPI for the course at `root`, configured like the course.

    Kernels started by this process run long training cells short (see
    course_data.quick_run): the grade cells test every function on small inputs.
    """
    _venv_on_path()
    os.environ["DLCOURSE_QUICK"] = "1"
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    from . import fastpaths

    fastpaths.install()

    config = configure(Config(), root, assignment_id, db_url)
    coursedir = CourseDirectory(config=config)
    api = NbGraderAPI(coursedir=coursedir, config=config)
    api.log.setLevel(logging.WARNING)
    return api


def checked(result: dict, what: str) -> dict:
    if not result.get("success"):
        raise NbgraderError(f"{what} failed:\n{result.get('error') or ''}\n{result.get('log') or ''}")
    return result


def check_expected(assignment_id: str) -> None:
    """Every grade cell of the source notebook has its expected outputs (notebooks/source/<ID>/expected.json)."""
    import nbformat

    from dlchecks.core import load_expected

    nb = nbformat.read(source_notebook(assignment_id), as_version=4)
    tests = {c.metadata["nbgrader"]["grade_id"] for c in nb.cells if is_test_cell(c)}
    try:
        known = {entry["test"] for entry in load_expected(assignment_id).values()}
    except FileNotFoundError as error:
        raise NbgraderError(str(error)) from None
    if tests != known:
        raise NbgraderError(f"{assignment_id}: expected.json does not match the grade cells (missing: "
                            f"{sorted(tests - known)}, extra: {sorted(known - tests)}): run `make expected`")


def prepare_course(root: Path, assignment_id: str, db_url: str | None = None, link: bool = False):
    """Copy the source notebook into `root`/source, register it in the gradebook (`db_url`, default SQLite in `root`)
    and build its release.

    `link`: put a relative symbolic link to notebooks/source/<ID>/<Notebook>.ipynb there instead of a copy, so that
    the formgrader's "Edit" opens the one source notebook (Jupyter saves through a link to the file it points to).
    Returns the configured API. Safe to call again: the gradebook entry is updated.
    """
    src = source_notebook(assignment_id)
    check_expected(assignment_id)
    dest = root / "source" / assignment_id
    dest.mkdir(parents=True, exist_ok=True)
    target = dest / src.name
    if target.is_symlink() or target.exists():
        target.unlink()
    if link:
        target.symlink_to(os.path.relpath(src.resolve(), dest.resolve()))
    else:
        shutil.copy2(src, target)
    api = make_api(root, assignment_id, db_url)
    checked(api.generate_assignment(assignment_id, force=True, create=True), f"generate_assignment {assignment_id}")
    return api
