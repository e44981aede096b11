"""A long-lived grading worker: autogrades one submission at a time, each in its own private course folder.

    python -m autograder.worker RESULT_FD

The parent (autograder.pool) writes one JSON job per line to the worker's stdin:
{"id": ..., "root": JOB_FOLDER, "assignment": ID, "student": NAME}. JOB_FOLDER is a
complete nbgrader course of its own (source, the one submission, a private copy of
the gradebook), so the worker never touches the class gradebook: the parent is its
only writer. The worker runs nbgrader's own autograde and generate_feedback there
and answers on the file descriptor RESULT_FD, which the notebook's kernel does not
inherit, so student code cannot forge a result.

Importing nbgrader once per worker instead of once per submission is where most of
the per-submission overhead of plain `nbgrader autograde` goes away.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from pathlib import Path


def grade_job(job: dict) -> dict:
    from .course import make_api

    started = time.monotonic()
    api = make_api(Path(job["root"]), job["assignment"])
    result = api.autograde(job["assignment"], job["student"], force=True, create=True)
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
