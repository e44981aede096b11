"""Grading past one machine: run the per-submission jobs on a Dask distributed cluster.

    python -m autograder grade -a ID --submissions DIR --scheduler tcp://HOST:8786

DaskPool has the same `run(jobs, done)` as autograder.pool.WorkerPool, so the grading
process stays the only writer of the class gradebook: each job travels to a Dask
worker as a small archive (the source notebook, the one submission and an empty
gradebook copy), is graded there by a one-worker WorkerPool (same limits, wall cap
and sandbox as local grading), and its autograded notebook and feedback travel back.
No shared file system is needed; every Dask worker needs this repository at the same
commit with `make venv datasets` done (and bubblewrap for the sandbox), and must be
started from its virtual environment so it can import `autograder`.
"""

from __future__ import annotations

import io
import os
import tarfile
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from .pool import Job, WorkerPool

RETURNED = ("autograded", "feedback")  # what comes back from a job folder

_slots_lock = threading.Lock()
_slots_used: set[int] = set()


def _pack(root: Path, only: Iterable[str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name in only or sorted(p.name for p in root.iterdir()):
            if (root / name).exists():
                tar.add(root / name, arcname=name)
    return buffer.getvalue()


def _unpack(archive: bytes, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
        tar.extractall(dest, filter="data")  # refuses absolute paths, .. and links out of dest


def _take_slot() -> int:
    """A sandbox user for this job, distinct from the other jobs running in this Dask worker process."""
    with _slots_lock:
        base = 100 + (os.getpid() % 100) * 10
        slot = next(s for s in range(base, base + 1000) if s not in _slots_used)
        _slots_used.add(slot)
        return slot


def grade_remote(job_id: str, archive: bytes, payload: dict, cap: float, memory_mb: int | None) -> tuple[dict, bytes]:
    """Runs on a Dask worker: grade one job folder shipped as `archive`; return the answer and the results."""
    slot = _take_slot()
    try:
        with tempfile.TemporaryDirectory(prefix="dlcourse-job-") as tmp:
            root = Path(tmp) / "job"
            _unpack(archive, root)
            answers: list[dict] = []
            pool = WorkerPool(1, Path(tmp) / "logs", memory_mb=memory_mb, first_slot=slot)
            pool.run([Job(job_id, {**payload, "root": str(root)}, cap)], lambda job, answer: answers.append(answer))
            return answers[0], _pack(root, RETURNED)
    finally:
        with _slots_lock:
            _slots_used.discard(slot)


class DaskPool:
    """Run grading jobs on the Dask cluster at `scheduler` (an address, or a distributed.Client)."""

    def __init__(self, scheduler, memory_mb: int | None = None):
        self.scheduler = scheduler
        self.memory_mb = memory_mb

    def run(self, jobs: Iterable[Job], done: Callable[[Job, dict], None],
            finish: Callable[[], None] | None = None) -> None:
        """As WorkerPool.run; done and finish run in this thread, while Dask keeps the cluster busy."""
        try:
            self._run(list(jobs), done)
        finally:
            if finish is not None:
                finish()

    def _run(self, jobs: list[Job], done: Callable[[Job, dict], None]) -> None:
        from distributed import Client, as_completed

        if not jobs:
            return
        client = self.scheduler if isinstance(self.scheduler, Client) else Client(self.scheduler, timeout="60s")
        try:
            futures = {}
            for job in jobs:
                root = Path(job.payload["root"])
                payload = {k: v for k, v in job.payload.items() if k != "root"}
                future = client.submit(grade_remote, job.id, _pack(root), payload, job.cap, self.memory_mb,
                                       pure=False, key=f"grade-{root.parent.name}-{job.id}-{os.urandom(4).hex()}")
                futures[future] = job
            for future in as_completed(futures):
                job = futures[future]
                try:
                    answer, results = future.result()
                except Exception as error:  # noqa: BLE001 - a lost worker or a failed task costs this job only
                    done(job, {"ok": False, "log": f"the Dask task failed: {type(error).__name__}: {error}"})
                    continue
                _unpack(results, Path(job.payload["root"]))
                done(job, answer)
        finally:
            if client is not self.scheduler:
                client.close()
