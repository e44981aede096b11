"""A long-lived grading worker: autogrades one submission at a time, each in its own private course folder.

    python -m autograder.worker RESULT_FD

The parent (autograder.pool) writes one JSON job per line to the worker's stdin:
{"id": ..., "root": JOB_FOLDER, "assignment": ID, "student": NAME, "sandbox": {...}}. JOB_FOLDER is a
complete nbgrader course of its own (source, the one submission, a private copy of
the gradebook), so the worker never touches the class gradebook: the parent is its
only writer. The worker runs nbgrader's own autograde and generate_feedback there
and answers on the file descriptor RESULT_FD, which the notebook's kernel does not
inherit, so student code cannot forge a result.

The notebook's kernel runs in the sandbox the job describes (autograder.sandbox): its
working folder JOB_FOLDER/work holds only the student's notebook, and the folders
listed under "hide" (the class's grading output, the submissions) are invisible to it.

Importing nbgrader once per worker instead of once per submission is where most of
the per-submission overhead of plain `nbgrader autograde` goes away.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
import traceback
from pathlib import Path


def _sandbox_for(job: dict, root: Path):
    """The sandbox of this job's kernel: a working folder holding only the student's notebook."""
    from . import sandbox

    options = job.get("sandbox") or {}
    workdir = root / "work"
    workdir.mkdir(parents=True, exist_ok=True)
    for notebook in (root / "submitted" / job["student"] / job["assignment"]).glob("*.ipynb"):
        shutil.copy2(notebook, workdir / notebook.name)
    box = sandbox.Sandbox(
        workdir=workdir,
        hide=[Path(p) for p in options.get("hide", [])] + [root],
        slot=int(os.environ.get("DLCOURSE_SANDBOX_SLOT", "0")),
        max_processes=int(options.get("max_processes", sandbox.DEFAULT_MAX_PROCESSES)),
        mode=options.get("mode", "none"),
    )
    box.prepare()
    return box


def grade_job(job: dict) -> dict:
    from . import sandbox
    from .course import make_api

    started = time.monotonic()
    root = Path(job["root"])
    api = make_api(root, job["assignment"])
    sandbox.current = _sandbox_for(job, root)
    try:
        result = api.autograde(job["assignment"], job["student"], force=True, create=True)
    finally:
        sandbox.current.cleanup()
        sandbox.current = None
    graded = time.monotonic()
    if not result.get("success"):
        return {"ok": False, "log": "\n".join(filter(None, [result.get("log"), result.get("error")]))[-4000:]}
    feedback = api.generate_feedback(job["assignment"], job["student"], force=True)
    return {
        "ok": True,
        "feedback": bool(feedback.get("success")),
        "autograde_seconds": graded - started,
        "feedback_seconds": time.monotonic() - graded,
    }


def main(argv: list[str]) -> int:
    out = os.fdopen(int(argv[0]), "w", buffering=1)
    import nbgrader.apps  # noqa: F401 - pay the import once, before the first job

    out.write(json.dumps({"ready": True, "pid": os.getpid()}) + "\n")
    for line in sys.stdin:
        job = json.loads(line)
        try:
            answer = grade_job(job)
        except Exception:  # noqa: BLE001 - any failure is reported, the worker goes on
            answer = {"ok": False, "log": traceback.format_exc()[-4000:]}
        answer["id"] = job["id"]
        out.write(json.dumps(answer) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
