"""A pool of long-lived grading workers (autograder.worker) with a wall-time cap per job.

Each worker grades one submission at a time; the pool hands out jobs, reads the
answers, and kills a worker together with everything it started (the notebook's
kernel included) when its job runs past its cap, then starts a fresh one. A worker
that dies mid-job (out of memory, say) is replaced the same way. The callback
runs in one thread of the calling process, so whatever it writes (the gradebook)
has one writer; the loop that hands out jobs goes on meanwhile.
"""

from __future__ import annotations

import json
import os
import queue
import resource
import selectors
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import psutil

from .sandbox import remove_runtime


@dataclass
class Job:
    id: str
    payload: dict  # what the worker receives (autograder.worker.grade_job)
    cap: float  # wall seconds before the job is stopped


def kill_tree(pid: int, wait: float = 5) -> None:
    """Kill a process and all its descendants (a kernel runs in a session of its own, so killpg is not enough);
    wait up to `wait` seconds for them to be gone."""
    try:
        root = psutil.Process(pid)
        family = root.children(recursive=True) + [root]
    except psutil.NoSuchProcess:
        return
    for proc in family:
        try:
            proc.kill()
        except psutil.NoSuchProcess:
            pass
    if wait:
        psutil.wait_procs(family, timeout=wait)


def _apply_limits(memory_bytes: int | None, file_bytes: int | None) -> None:
    """Resource limits of a worker, inherited by the kernels it starts (run in the child before exec)."""
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    if file_bytes:
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_bytes, file_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


class _Worker:
    def __init__(self, log_path: Path, env: dict, limits: tuple[int | None, int | None], slot: int):
        read_fd, write_fd = os.pipe()
        self.slot = slot  # which sandbox user its kernels run as (autograder.sandbox)
        self.log = open(log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "autograder.worker", str(write_fd)],
            stdin=subprocess.PIPE,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            pass_fds=(write_fd,),
            start_new_session=True,
            env={**env, "DLCOURSE_SANDBOX_SLOT": str(slot)},
            preexec_fn=lambda: _apply_limits(*limits),  # noqa: PLW1509 - only setrlimit, no threads involved
        )
        os.close(write_fd)
        self.fd = read_fd
        self.buffer = b""
        self.ready = False
        self.job: Job | None = None
        self.deadline = 0.0
        self.started = 0.0
        self.runtimes: list[str] = []  # sandbox folders of its kernel zygote (autograder.forkserver)

    def send(self, job: Job) -> None:
        self.job, self.started, self.deadline = job, time.monotonic(), time.monotonic() + job.cap
        self.proc.stdin.write((json.dumps({"id": job.id, **job.payload}) + "\n").encode())
        self.proc.stdin.flush()

    def messages(self, data: bytes) -> list[dict]:
        self.buffer += data
        *lines, self.buffer = self.buffer.split(b"\n")
        return [json.loads(line) for line in lines if line.strip()]

    def stop(self, wait: float = 5) -> None:
        """Stop the worker and everything it started (its zygote's sandbox included), and remove that sandbox's
        folder."""
        kill_tree(self.proc.pid, wait)
        for closing in (lambda: os.close(self.fd), self.log.close, self.proc.stdin.close):
            try:
                closing()
            except OSError:
                pass
        for runtime in self.runtimes:
            remove_runtime(runtime)


class WorkerPool:
    def __init__(self, size: int, log_dir: Path, env: dict | None = None, memory_mb: int | None = None,
                 file_mb: int | None = 512, first_slot: int = 0, warm: dict | None = None):
        """memory_mb caps each worker's address space (its kernel's included); file_mb caps any file it writes.

        Worker i's kernels run as sandbox user first_slot + i (autograder.sandbox). warm: the sandbox of the
        jobs to come ({"sandbox": options, "jobs": folder}), which each worker starts as soon as it runs.
        """
        self.first_slot = first_slot
        self.limits = (memory_mb * 1024**2 if memory_mb else None, file_mb * 1024**2 if file_mb else None)
        self.size = max(1, size)
        self.log_dir = Path(log_dir)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.env = dict(os.environ if env is None else env)
        self.env.pop("DLCOURSE_DB_URL", None)  # the class gradebook is the parent's business alone
        # N notebooks side by side: give each kernel its share of the cores, or numpy's threads fight for them
        threads = str(max(1, (os.cpu_count() or 1) // self.size))
        for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            self.env.setdefault(name, threads)
        if warm:
            self.env["DLCOURSE_WARM_SANDBOX"] = json.dumps(warm)
        self._count = 0
        self._started: list[_Worker] = []

    def start(self, count: int) -> None:
        """Start up to `count` workers now, so they load nbgrader and warm their sandbox while the caller gets the
        jobs ready; run() puts them to work. close() stops them if run() never comes."""
        for slot in range(self.first_slot + len(self._started), self.first_slot + min(self.size, count)):
            self._started.append(self._spawn(slot))

    def close(self) -> None:
        for w in self._started:
            w.stop()
        self._started = []

    def _spawn(self, slot: int) -> _Worker:
        self._count += 1
        return _Worker(self.log_dir / f"worker-{self._count}.log", self.env, self.limits, slot)

    def run(self, jobs: Iterable[Job], done: Callable[[Job, dict], None],
            finish: Callable[[], None] | None = None) -> None:
        """Run every job; call done(job, answer) as each finishes, then finish().

        answer is the worker's reply ({"ok": True/False, ...}), or {"ok": False,
        "timed_out": True, "seconds": ...} when the cap was hit, or {"ok": False,
        "died": True, ...} when the worker itself died. done and finish run one after another in a thread
        of their own (so a worker that finishes while the last answer is being stored gets its next job at
        once); run() returns when they have all returned, and raises what the first of them raised.
        """
        pending = deque(jobs)
        finished: queue.Queue = queue.Queue()
        failed: list[BaseException] = []

        def writer() -> None:
            while (item := finished.get()) is not None:
                if not failed:
                    try:
                        done(*item)
                    except BaseException as error:  # noqa: BLE001 - handed to the caller of run()
                        failed.append(error)
            if finish is not None:
                try:
                    finish()
                except BaseException as error:  # noqa: BLE001
                    failed.append(error)

        thread = threading.Thread(target=writer, name="gradebook-writer", daemon=True)
        thread.start()
        try:
            self._run(pending, finished.put, failed)
        finally:
            finished.put(None)
            thread.join()
        if failed:
            raise failed[0]

    def _run(self, pending: deque, done: Callable[[tuple], None], failed: list) -> None:
        if not pending:
            self.close()
            return
        failed_starts = 0
        workers: list[_Worker] = []
        selector = selectors.DefaultSelector()

        def add_worker(slot: int, new: _Worker | None = None) -> None:
            new = new or self._spawn(slot)
            workers.append(new)
            selector.register(new.fd, selectors.EVENT_READ, new)

        def replace(old: _Worker) -> None:
            # a fresh worker only while jobs wait, so the pool never empties before the queue does
            selector.unregister(old.fd)
            old.stop()
            workers.remove(old)
            if pending:
                add_worker(old.slot)

        started, self._started = self._started, []
        for w in started:
            add_worker(w.slot, w)
        for slot in range(self.first_slot + len(started), self.first_slot + min(self.size, len(pending))):
            add_worker(slot)

        try:
            while (pending or any(w.job for w in workers)) and not failed:
                for w in workers:
                    if w.ready and w.job is None and pending:
                        w.send(pending.popleft())
                for key, _ in selector.select(timeout=0.25):
                    w = key.data
                    data = os.read(w.fd, 65536)
                    if not data:  # the worker is gone
                        job, seconds = w.job, time.monotonic() - w.started
                        if not w.ready:
                            failed_starts += 1
                            if failed_starts > 3:
                                raise RuntimeError(f"grading workers die on start; see {w.log.name}")
                        replace(w)
                        if job:
                            done((job, {"ok": False, "died": True, "seconds": seconds}))
                        continue
                    for message in w.messages(data):
                        if message.get("ready"):
                            w.ready = True
                        elif message.get("runtime"):
                            w.runtimes.append(message["runtime"])
                        elif w.job and message.get("id") == w.job.id:
                            job, w.job = w.job, None
                            message["seconds"] = time.monotonic() - w.started
                            if pending:  # the worker starts its next job while this one is stored
                                w.send(pending.popleft())
                            done((job, message))
                now = time.monotonic()
                for w in list(workers):
                    if w.job and now > w.deadline:
                        job, seconds = w.job, now - w.started
                        replace(w)
                        done((job, {"ok": False, "timed_out": True, "seconds": seconds}))
        finally:
            for w in workers:
                selector.unregister(w.fd)
                w.stop(wait=0)  # the run is over: nobody needs to see them gone
            selector.close()
