"""Kernels forked from a worker's warmed-up sandbox (autograder.forkserver, autograder.zygote): one student's
kernel finds nothing another one left behind, and the handle jupyter_client gets behaves like a Popen."""

import os
import signal
import subprocess
import sys

import pytest

from autograder.forkserver import SOURCE, ForkedKernel
from autograder.grade import grade_assignment
from autograder.hostile import CORRECT, ID
from autograder.sandbox import bwrap_problem
from autograder.submissions import filled_release, graded_functions, replace_answer, write_submissions

PLACES = "('/tmp', '.', os.environ['HOME'], '/dev/shm', os.path.dirname(os.environ['MPLCONFIGDIR']))"
PLANT = f"""import os, pathlib, subprocess, sys
for folder in {PLACES}:
    try:
        pathlib.Path(folder, 'planted').write_text('from the previous student')
    except OSError:  # not writable here (/dev/shm when the grader is root)
        pass
subprocess.Popen([sys.executable, '-c', 'import time\\nwhile True: time.sleep(0.05)'], start_new_session=True)
LEAKED = False
"""
HARVEST = f"""import os, pathlib
found = [folder for folder in {PLACES} if pathlib.Path(folder, 'planted').exists()]
others = [int(p) for p in os.listdir('/proc') if p.isdigit() and int(p) not in (1, os.getpid())]
print('left by the previous kernel:', found, 'processes:', others)
LEAKED = bool(found or others)
"""


def _needs_bwrap():
    problem = bwrap_problem()
    if problem:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI must test the kernel zygote in the sandbox, but {problem}")
        pytest.skip(f"needs bubblewrap: {problem}")


@pytest.mark.slow
@pytest.mark.parametrize("fresh_kernels", [False, True], ids=["forked", "fresh"])
def test_a_kernel_finds_nothing_the_previous_one_left(tmp_path, monkeypatch, fresh_kernels):
    _needs_bwrap()
    monkeypatch.setenv("DLCOURSE_CELL_TIMEOUT", "10")
    solution = filled_release(ID)
    first = next(iter(graded_functions(ID)))
    folder = write_submissions(tmp_path / "class", ID, {
        "a_plant": replace_answer(solution, first, PLANT + CORRECT),
        "b_harvest": replace_answer(solution, first, HARVEST + CORRECT),
    })
    results = grade_assignment(ID, folder, tmp_path / "out", workers=1, progress=False, sandbox="bwrap",
                               fresh_kernels=fresh_kernels)
    scores = {r.student: (r.status, r.score) for r in results}
    assert scores == {"a_plant": ("graded", 8), "b_harvest": ("graded", 8)}, scores


def test_the_zygote_refuses_to_run_outside_a_pid_namespace_of_its_own(tmp_path):
    # as PID 1 it kills "every other process" between kernels: anywhere else that would be the user's own
    done = subprocess.run([sys.executable, "-c", SOURCE, str(tmp_path), str(tmp_path)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode != 0 and "PID 1" in done.stderr


def test_a_forked_kernel_handle_behaves_like_popen():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        handle = ForkedKernel(child.pid)
        assert handle.poll() is None
        with pytest.raises(subprocess.TimeoutExpired):
            handle.wait(0.1)
        handle.send_signal(signal.SIGTERM)
        child.wait(10)  # reaped by its parent, as the zygote reaps a kernel
        assert handle.wait(10) is not None and handle.poll() is not None
        handle.kill()  # no error once it has ended
    finally:
        child.kill()
    assert ForkedKernel(None).poll() is not None  # a kernel that ended before it could be watched


def test_a_worker_whose_zygote_cannot_start_starts_each_kernel_from_scratch(tmp_path, monkeypatch):
    from autograder import forkserver, worker

    attempts = []

    def broken(*args, **kwargs):
        attempts.append(1)
        raise forkserver.ForkServerError("the kernel zygote did not start: no --as-pid-1 here")

    monkeypatch.setattr(forkserver, "ForkServer", broken)
    monkeypatch.setattr(worker, "_server", None)
    monkeypatch.setattr(worker, "_no_zygote", False)
    root = tmp_path / ".jobs" / ID / "student"
    (root / "submitted" / "student" / ID).mkdir(parents=True)
    (root / "submitted" / "student" / ID / "notebook.ipynb").write_text("{}")
    job = {"student": "student", "assignment": ID, "sandbox": {"mode": "bwrap", "hide": [str(tmp_path)]}}
    for _ in range(2):
        box = worker._sandbox_for(job, root)
        try:
            assert box.forkserver is None and (box.workdir / "notebook.ipynb").is_file()
        finally:
            box.cleanup()
    assert len(attempts) == 1  # tried once, not for every submission



@pytest.mark.slow
def test_tensorflow_imported_before_the_fork_starts_no_thread(tmp_path, monkeypatch):
    """The TensorFlow assignments ask the zygote to import TensorFlow once (metadata.dlcourse.preload). A fork copies
    only the thread that calls it, so the import must start none: with numpy's OpenBLAS pool held to one thread, the
    zygote has one thread when it is ready. (That forked kernels then run TensorFlow is what the grading gate of every
    TensorFlow assignment shows.)"""
    _needs_bwrap()
    pytest.importorskip("tensorflow")
    from autograder.forkserver import ForkServer
    from autograder.sandbox import Sandbox

    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")
    box = Sandbox(workdir=None, hide=[tmp_path], mode="bwrap")
    box.prepare()
    try:
        server = ForkServer(box, box.environment(dict(os.environ)), ("tensorflow",))
        try:
            assert "tensorflow" in server.preloaded
            assert server.threads == 1, f"the zygote has {server.threads} threads after importing TensorFlow"
        finally:
            server.stop()
    finally:
        box.cleanup()
