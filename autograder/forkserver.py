"""The worker's side of the kernel zygote (autograder.zygote): one warmed-up sandbox per worker that forks the kernels.

A worker grading in a bubblewrap sandbox starts one ForkServer and keeps it for all its
submissions. Before each submission the zygote kills whatever the last kernel left running and
empties every writable folder of the sandbox (working folder, /tmp, HOME, caches, sockets), then
receives the new student's notebook; the kernel is forked from it (SandboxedKernelManager asks
for it) and handed to jupyter_client as a ForkedKernel, which behaves like the Popen object of a
kernel started the usual way. When anything about the zygote looks wrong (it does not answer, a
reset fails, it died), the worker stops the whole sandbox and starts a new one.
"""

from __future__ import annotations

import base64
import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

from .sandbox import Sandbox

SOURCE = (Path(__file__).with_name("zygote.py")).read_text(encoding="utf-8")
START_TIMEOUT = 60  # seconds for the zygote to start and import its modules
REQUEST_TIMEOUT = 30


class ForkServerError(RuntimeError):
    """The zygote did not do what was asked; the worker replaces it."""


class ForkedKernel:
    """A kernel forked by the zygote, seen from the worker: what jupyter_client's provisioner needs of a Popen.

    The kernel is not the worker's child (the zygote is its parent and reaps it), so it is watched and
    signalled through a pidfd, which never reaches another process that reuses the PID.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int | None):
        self.pid = pid or 0
        self.returncode: int | None = None
        self._fd = None
        if pid:
            try:
                self._fd = os.pidfd_open(pid)
            except OSError:
                pass
        if self._fd is None:
            self.returncode = 1  # gone before it could be watched

    def poll(self) -> int | None:
        if self.returncode is None and select.select([self._fd], [], [], 0)[0]:
            self._ended()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int | None:
        if self.returncode is None:
            if not select.select([self._fd], [], [], timeout)[0]:
                raise subprocess.TimeoutExpired("kernel", timeout)
            self._ended()
        return self.returncode

    def _ended(self) -> None:
        self.returncode = -signal.SIGKILL  # the exit status belongs to the zygote, which reaped it
        os.close(self._fd)
        self._fd = None

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            try:
                signal.pidfd_send_signal(self._fd, signum)
            except ProcessLookupError:
                pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def __del__(self):
        if self._fd is not None:
            try:
                os.close(self._fd)
            except OSError:
                pass


class ForkServer:
    """A zygote running as PID 1 of `box` (a bwrap sandbox whose working folder lies in its runtime folder)."""

    def __init__(self, box: Sandbox, env: dict, preload: tuple[str, ...] = ()):
        """preload: modules the zygote imports besides its usual ones (autograder.config.kernel_preload)."""
        self.box = box
        box.forkserver = self
        cmd = box.wrap([sys.executable, "-c", SOURCE, str(box.workdir), str(box.runtime), ",".join(preload)], env,
                       as_pid_1=True)
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, start_new_session=True)
        self.buffer = b""
        hello = self._answer(START_TIMEOUT)
        if not hello.get("ready"):
            self.stop()
            raise ForkServerError(f"the kernel zygote did not start: {hello}")
        self.preloaded = hello.get("preloaded", [])
        self.threads = hello.get("threads")  # threads of the zygote when it was ready: forking copies only one

    def _answer(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise ForkServerError("the kernel zygote did not answer")
            data = os.read(fd, 65536)
            if not data:
                raise ForkServerError(f"the kernel zygote ended (exit status {self.proc.poll()})")
            self.buffer += data
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)

    def request(self, message: dict, timeout: float = REQUEST_TIMEOUT) -> dict:
        try:
            self.proc.stdin.write((json.dumps(message) + "\n").encode())
            self.proc.stdin.flush()
        except OSError as error:
            raise ForkServerError(f"the kernel zygote is gone: {error}") from error
        return self._answer(timeout)

    def reset(self, files: dict[str, bytes]) -> None:
        """Clear the sandbox of the last kernel and put `files` ({name: content}) in its working folder."""
        answer = self.request({"op": "reset", "files": {n: base64.b64encode(d).decode() for n, d in files.items()}})
        if not answer.get("ok"):
            raise ForkServerError(f"the sandbox could not be reset: {answer.get('why') or answer.get('error')}")

    def fork(self, connection_file: str, env: dict) -> ForkedKernel:
        answer = self.request({"op": "fork", "connection_file": connection_file, "env": env})
        if "pid" not in answer:
            raise ForkServerError(answer.get("error", "the kernel zygote could not fork"))
        return ForkedKernel(self._host_pid(answer["pid"]))

    def _host_pid(self, pid: int) -> int | None:
        """The PID, as this worker sees it, of the sandbox's process `pid`."""
        try:
            family = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return None
        for proc in family:
            try:
                with open(f"/proc/{proc.pid}/status", encoding="ascii") as status:
                    for line in status:
                        if line.startswith("NSpid:") and int(line.split()[-1]) == pid:
                            return proc.pid
            except (OSError, ValueError):
                continue
        return None

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> None:
        from .pool import kill_tree

        kill_tree(self.proc.pid)
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        self.box.forkserver = None
        self.box.cleanup()
