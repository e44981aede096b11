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
working folder holds only the student's notebook, and the folders listed under "hide"
(the class's grading output, the submissions) are invisible to it. With bubblewrap the
worker keeps one sandbox for all its jobs, with a kernel zygote in it that forks each
kernel and clears the sandbox between two students (autograder.forkserver); the pool
passes that sandbox's description in $DLCOURSE_WARM_SANDBOX so the worker starts it
before its first job arrives.

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

_server = None  # this worker's kernel zygote (autograder.forkserver), kept from one job to the next
_server_key = None
_no_zygote = False  # set when the zygote could not start here: this worker's kernels then start from scratch


def _new_sandbox(options: dict, hide: list[Path], workdir: Path | None, mode: str):
    """A prepared sandbox for this worker's slot (autograder.sandbox)."""
    from . import sandbox

    box = sandbox.Sandbox(
        workdir=workdir,
        hide=hide,
        slot=int(os.environ.get("DLCOURSE_SANDBOX_SLOT", "0")),
        max_processes=int(options.get("max_processes", sandbox.DEFAULT_MAX_PROCESSES)),
        mode=mode,
    )
    box.prepare()
    return box


def _drop_server() -> None:
    """Stop this worker's zygote and its sandbox; the next job starts a new one."""
    global _server
    if _server is not None:
        _server.stop()
        _server = None


def _fork_server(options: dict, hide: list[Path], files: dict[str, bytes]):
    """This worker's zygote sandbox, reset for a job whose working folder holds `files`; started when needed."""
    global _server, _server_key, _no_zygote
    from .forkserver import ForkServer, ForkServerError

    preload = tuple(options.get("preload") or ())
    key = (options.get("max_processes"), tuple(map(str, hide)), preload)
    for attempt in range(2):
        if _server is not None and (_server_key != key or not _server.alive()):
            _drop_server()
        if _server is None:
            box = _new_sandbox(options, hide, None, "bwrap")
            _announce({"runtime": str(box.runtime)})  # the pool removes it if this worker is killed
            try:
                _server, _server_key = ForkServer(box, box.environment(dict(os.environ)), preload), key
            except ForkServerError:
                box.cleanup()
                _no_zygote = True
                raise
        try:
            _server.reset(files)
            return _server.box
        except ForkServerError:
            _drop_server()
            if attempt:
                raise
    raise AssertionError("unreachable")


def _hidden(options: dict, jobs: Path) -> list[Path]:
    """What kernels must not see: the folders the job names, and `jobs`, the folder of every job's files."""
    return [Path(p) for p in options.get("hide", [])] + [jobs]


def _forks(options: dict) -> bool:
    return options.get("mode") == "bwrap" and options.get("fork", True)


def _sandbox_for(job: dict, root: Path):
    """The sandbox of this job's kernel: a working folder holding only the student's notebook."""
    options = job.get("sandbox") or {}
    notebooks = sorted((root / "submitted" / job["student"] / job["assignment"]).glob("*.ipynb"))
    hide = _hidden(options, root.parent)
    if _forks(options) and not _no_zygote:
        from .forkserver import ForkServerError

        try:
            return _fork_server(options, hide, {nb.name: nb.read_bytes() for nb in notebooks})
        except ForkServerError:  # no zygote to be had here: this kernel starts from scratch, in a sandbox of its own
            traceback.print_exc()
    workdir = root / "work"
    workdir.mkdir(parents=True, exist_ok=True)
    for notebook in notebooks:
        shutil.copy2(notebook, workdir / notebook.name)
    return _new_sandbox(options, hide, workdir, options.get("mode", "none"))


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
        box, sandbox.current = sandbox.current, None
        if box.forkserver is None:
            box.cleanup()
        else:  # stop what the kernel left running now, not when the next job starts
            _clear_fork_server()
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


def _clear_fork_server() -> None:
    from .forkserver import ForkServerError

    if _server is not None:
        try:
            _server.reset({})
        except ForkServerError:
            _drop_server()


_out = None  # the answer channel to the pool


def _announce(message: dict) -> None:
    if _out is not None:
        _out.write(json.dumps(message) + "\n")


def main(argv: list[str]) -> int:
    global _out
    from .fastpaths import skip_iri_grammars

    skip_iri_grammars()
    _out = os.fdopen(int(argv[0]), "w", buffering=1)
    import nbgrader.apps  # noqa: F401 - pay the import once, before the first job

    _announce({"ready": True, "pid": os.getpid()})
    warm = json.loads(os.environ.get("DLCOURSE_WARM_SANDBOX") or "{}")
    hide = _hidden(warm["sandbox"], Path(warm["jobs"])) if warm else []
    # start the zygote while the pool gets the first job ready (a folder to hide that is not there yet could not
    # be hidden from the sandbox, which shows the live file system: then the first job starts it)
    if warm and _forks(warm["sandbox"]) and all(p.is_dir() for p in hide):
        try:
            _fork_server(warm["sandbox"], hide, {})
        except Exception:  # noqa: BLE001 - the first job tries again and reports what goes wrong
            traceback.print_exc()
    try:
        for line in sys.stdin:
            job = json.loads(line)
            try:
                answer = grade_job(job)
            except Exception:  # noqa: BLE001 - any failure is reported, the worker goes on
                answer = {"ok": False, "log": traceback.format_exc()[-4000:]}
            answer["id"] = job["id"]
            _announce(answer)
    finally:
        _drop_server()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
