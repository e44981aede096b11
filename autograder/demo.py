"""The demo class that `make grade` grades: one submission of each kind, per assignment.

Built from the source notebooks each time, so it never drifts from them:

    ada_solution        every answer filled in              -> full marks
    ben_blank           the release as handed out           -> 0
    cy_partial          the first two graded functions      -> their points only
    dee_broken_json     a notebook file cut off mid-save    -> not gradable, 0
    eve_infinite_loop   solution, but one answer never ends -> that cell interrupted, the rest graded
    fay_kernel_crash    solution, but the last answer kills the Python process -> the functions before keep their points
    gus_no_notebook     an empty submission folder          -> not gradable, 0
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

from . import source_notebook
from .release import build_release
from .submissions import filled_release, graded_functions, replace_answer, write_submissions


def build_demo_class(folder: Path, assignment_ids: list[str]) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    for assignment_id in assignment_ids:
        name = source_notebook(assignment_id).name
        release = build_release(assignment_id)
        functions = list(graded_functions(assignment_id))
        solution = filled_release(assignment_id, None, release)
        notebooks = {
            "ada_solution": solution,
            "ben_blank": release,
            "cy_partial": filled_release(assignment_id, set(functions[:2]), release),
            "eve_infinite_loop": replace_answer(solution, functions[-1], "while True:\n    pass"),
            "fay_kernel_crash": replace_answer(solution, functions[-1], "import os\nos._exit(1)"),
        }
        write_submissions(folder, assignment_id, notebooks)
        broken = folder / "dee_broken_json" / assignment_id / name
        broken.parent.mkdir(parents=True, exist_ok=True)
        text = nbformat.writes(solution)
        broken.write_text(text[: len(text) // 2], encoding="utf-8")
        (folder / "gus_no_notebook" / assignment_id).mkdir(parents=True, exist_ok=True)
    return folder
