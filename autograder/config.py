"""The nbgrader configuration of the course, in one place.

``nbgrader_config.py`` at the repository root applies it for the ``nbgrader``
command line; the release and grading tools here apply it to temporary course
directories of their own.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from . import NOTEBOOKS, source_notebook

COURSE_ID = "dlcourse"

DEFAULT_CELL_TIMEOUT = 120  # seconds one cell may run when the source notebook does not say


# modules a source notebook may ask the grader's kernel zygote to import before it forks kernels
# (`metadata.dlcourse.preload`): importing them starts no thread, so forking after the import is safe
PRELOADABLE = ("tensorflow", "keras")


@functools.cache
def _notebook_settings(assignment_id: str) -> dict:
    """The source notebook's `metadata.dlcourse` ({} when it has none or cannot be read)."""
    import json

    try:
        meta = json.loads(source_notebook(assignment_id).read_text(encoding="utf-8")).get("metadata", {})
        settings = meta.get("dlcourse", {})
        return settings if isinstance(settings, dict) else {}
    except (FileNotFoundError, ValueError, AttributeError):
        return {}


def _notebook_cell_timeout(assignment_id: str) -> int:
    """The source notebook's own `metadata.dlcourse.cell_timeout` (short for numpy exercises, longer for training)."""
    try:
        return int(_notebook_settings(assignment_id).get("cell_timeout", DEFAULT_CELL_TIMEOUT))
    except (ValueError, TypeError):
        return DEFAULT_CELL_TIMEOUT


def kernel_preload(assignment_id: str | None) -> list[str]:
    """Modules the grader's kernel zygote imports for this assignment besides its usual ones (e.g. TensorFlow,
    whose import costs seconds per kernel): the source notebook's `metadata.dlcourse.preload`, within PRELOADABLE."""
    wanted = _notebook_settings(assignment_id).get("preload", []) if assignment_id else []
    return [name for name in PRELOADABLE if isinstance(wanted, list) and name in wanted]


def cell_timeout(assignment_id: str | None) -> int:
    """The per-cell timeout of an assignment; DLCOURSE_CELL_TIMEOUT (seconds) overrides it for every assignment."""
    override = os.environ.get("DLCOURSE_CELL_TIMEOUT", "")
    if override.isdigit():
        return int(override)
    return _notebook_cell_timeout(assignment_id) if assignment_id else DEFAULT_CELL_TIMEOUT


def configure(c, root: Path | str = NOTEBOOKS, assignment_id: str | None = None, db_url: str | None = None):
    """Fill an nbgrader traitlets Config `c` for a course rooted at `root`.

    db_url: any SQLAlchemy URL for the gradebook (default: SQLite file `root`/gradebook.db).
    """
    from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
    from nbgrader.preprocessors import (
        AssignLatePenalties,
        CheckCellMetadata,
        ClearHiddenTests,
        ClearMarkScheme,
        ClearOutput,
        ComputeChecksums,
        DeduplicateIds,
        GetGrades,
        IgnorePattern,
        IncludeHeaderFooter,
        InstantiateTests,
        LimitOutput,
        LockCells,
        OverwriteKernelspec,
        SaveAutoGrades,
        SaveCells,
    )

    from .feedback import FeedbackSummary, MathToMathML, StripHiddenTests
    from .limits import LimitOutputBytes
    from .restore import CourseOverwriteCells
    from .standins import ExpandStandIns
    from .stubs import CourseClearSolutions
    from .verdicts import GradingExecute

    root = Path(root).resolve()
    c.CourseDirectory.root = str(root)
    c.CourseDirectory.course_id = COURSE_ID
    c.CourseDirectory.db_url = db_url or f"sqlite:///{root / 'gradebook.db'}"
    # expected.json (the hidden tests' expected outputs) lives beside each source notebook: never released
    c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "expected.json"]
    c.GenerateAssignment.preprocessors = [
        IncludeHeaderFooter,
        InstantiateTests,
        LockCells,
        ExpandStandIns,  # the hidden tests' reference functions, from the solutions (before they are cleared)
        CourseClearSolutions,
        ClearOutput,
        CheckCellMetadata,
        ComputeChecksums,
        SaveCells,
        ClearHiddenTests,
        ClearMarkScheme,
        ComputeChecksums,
        CheckCellMetadata,
    ]
    c.GenerateFeedback.preprocessors = [GetGrades, StripHiddenTests, FeedbackSummary, MathToMathML,
                                        CSSHTMLHeaderPreprocessor]
    c.GenerateFeedback.exporter_class = "autograder.feedback.FeedbackExporter"  # the same page, exported faster
    c.Execute.timeout = cell_timeout(assignment_id)
    c.Execute.interrupt_on_timeout = True
    # kernels start inside the sandbox of the job being graded, when there is one (autograder.sandbox)
    c.Execute.kernel_manager_class = "autograder.sandbox.SandboxedKernelManager"
    c.Execute.startup_timeout = 60
    c.LimitOutput.max_lines = 200
    c.LimitOutput.max_traceback = 60
    c.LimitOutputBytes.max_bytes = 100_000
    # nbgrader's autograde pipeline with the byte cap after its line cap
    # the verdicts are decided by the grader, not by what the kernel prints (autograder.verdicts)
    c.Autograde.autograde_preprocessors = [
        GradingExecute,
        IgnorePattern,
        ClearMetadataPreprocessor,
        LimitOutput,
        LimitOutputBytes,
        SaveAutoGrades,
        AssignLatePenalties,
        CheckCellMetadata,
    ]
    # a grade or locked cell a student deleted is put back from the source (with nbgrader's bug worked around)
    c.OverwriteCells.add_missing_cells = True
    c.Autograde.sanitize_preprocessors = [ClearOutput, DeduplicateIds, OverwriteKernelspec, CourseOverwriteCells,
                                          CheckCellMetadata]
    c.Autograde.create_student = True
    # on a shared exchange (JupyterHub) collect only what each student handed in under their own name
    c.ExchangeFactory.collect = "autograder.exchange.OwnerCheckedCollect"
    return c
