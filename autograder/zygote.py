"""The kernel zygote: a warmed-up Python inside a grading sandbox that forks one notebook kernel per submission.

Starting a kernel from scratch costs a new interpreter, the import of ipykernel and then the
notebook's own imports (numpy, matplotlib, h5py): over a second per submission, more than most
numpy notebooks spend on their own cells. The zygote pays those imports once per worker, inside
the worker's sandbox (autograder.sandbox), and forks each kernel from itself, which takes
milliseconds. A forked kernel is a fresh ipykernel in a fresh process: the zygote never runs student
code, so nothing one student's code does is in the next student's kernel.

This file runs inside the sandbox, where the repository is hidden, so it imports nothing of
autograder: the worker passes its source with ``python -c`` (autograder.forkserver is the other side).
It runs as process 1 of the sandbox's PID namespace, which a process inside that namespace cannot
kill, and is not dumpable (prctl), so a kernel can neither ptrace it nor read its memory.

    python -c SOURCE WORKDIR RUNTIME [MODULE,MODULE...]

The optional third argument names modules to import besides PRELOAD, for assignments that ask for them
(TensorFlow: its import takes seconds, and starts no thread of its own, so a fork after it copies a
consistent process; its thread pools start in each kernel at the first operation). The ready answer
says how many threads the zygote has: only numpy's OpenBLAS ones, which are fork-aware, are expected.

Requests come on stdin, one JSON object per line; each gets one JSON line on stdout:

* ``{"op": "reset", "files": {name: base64}}``: kill every other process of the sandbox, empty the
  working folder, /tmp, and the runtime folder (HOME, caches, sockets), then write `files` into the
  working folder, read-only. Answers ``{"ok": true}`` or ``{"ok": false, "why": ...}``: the worker then
  starts a new sandbox instead.
* ``{"op": "fork", "connection_file": PATH, "env": {...}}``: start a kernel. Answers ``{"pid": N}`` (its
  PID inside the namespace) or ``{"error": ...}``.
"""

import base64
import ctypes
import json
import os
import select
import shutil
import signal
import stat
import sys
import time
import traceback

# what a kernel of this course imports anyway; a module that fails to import is simply left out
PRELOAD = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "numpy",
    "matplotlib",
    "matplotlib.pyplot",
    "matplotlib_inline.backend_inline",
    "PIL.Image",
    "h5py",
    "dlchecks.core",
)
PR_SET_DUMPABLE = 4
KEEP_IN_RUNTIME = ("home", "mpl", "work")


def _prctl_dumpable(value):
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, value, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _make_writable(path):
    """Give the owner full access back (a student may have taken it away); fails, harmlessly, where the
    sandbox user owns nothing."""
    try:
        os.chmod(path, stat.S_IMODE(os.lstat(path).st_mode) | stat.S_IRWXU)
    except OSError:
        pass


def _mounts():
    """(mount point, writable, file system type) of every mount this process sees."""
    found = []
    with open("/proc/self/mountinfo", encoding="utf-8") as table:
        for line in table:
            parts = line.split()
            fstype = parts[parts.index("-") + 1]
            point = parts[4].replace("\\040", " ")
            found.append((point, "rw" in parts[5].split(","), fstype))
    return found


def _writable_places(runtime):
    """Every folder of the sandbox a kernel can write to: its tmpfs mounts, /dev/shm and the runtime folder."""
    places = [p for p, writable, fstype in _mounts() if writable and fstype == "tmpfs" and not p.startswith("/dev")]
    return sorted({*places, "/dev/shm", runtime})


def _empty(folder, keep=(), points=()):
    """Delete what is in `folder` except the names in `keep` and other mounts (the folders leading to one are
    emptied around it); returns what could not be removed."""
    _make_writable(folder)
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, PermissionError):  # a folder no kernel could write in either
        return []
    except OSError as error:
        return [f"{folder} ({error.strerror})"]
    left = []
    for name in names:
        path = os.path.join(folder, name)
        if name in keep:
            continue
        if path in points:  # another mount: emptied on its own when writable
            continue
        if any(p.startswith(path + "/") for p in points):
            left += _empty(path, points=points)
            continue
        if os.path.isdir(path) and not os.path.islink(path):
            for root, dirs, _ in os.walk(path):  # a student may have made folders unreadable
                _make_writable(root)
                for d in dirs:
                    _make_writable(os.path.join(root, d))
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                os.unlink(path)
            except OSError:
                pass
        if os.path.lexists(path):
            left.append(path)
    return left


def _reap():
    """Collect every child that has ended; True when none is left."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return True
        if pid == 0:
            return False


def _others():
    """PIDs of this namespace other than the zygote itself."""
    return [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) != os.getpid()]


def _kill_all():
    """Kill every process of the namespace but this one (as its PID 1 the zygote can, and is spared)."""
    if os.getpid() != 1:  # kill(-1) outside a PID namespace of its own would hit every process of the user
        return False
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if _reap() and not _others():
            return True
        time.sleep(0.01)
    return False


class Zygote:
    def __init__(self, workdir, runtime):
        self.workdir, self.runtime = workdir, runtime
        self.fonts = {}  # matplotlib's font cache, put back after each reset so no kernel rebuilds it
        mpl = os.path.join(runtime, "mpl")
        for name in os.listdir(mpl):
            if name.startswith("fontlist-"):
                with open(os.path.join(mpl, name), "rb") as handle:
                    self.fonts[name] = handle.read()
        self.control = (os.dup(0), os.dup(1))
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)  # nothing else in here reads or writes the control pipes by accident
        os.dup2(2, 1)
        os.close(devnull)
        self.buffer = b""

    def reply(self, message):
        os.write(self.control[1], (json.dumps(message) + "\n").encode())

    def reset(self, files):
        if not _kill_all():
            return {"ok": False, "why": "processes of the previous kernel survived"}
        points = {p for p, _, _ in _mounts()}
        for place in _writable_places(self.runtime):
            keep = KEEP_IN_RUNTIME if place == self.runtime else ()
            left = _empty(place, keep=keep, points=points - {place})
            for kept in keep:
                left += _empty(os.path.join(place, kept), points=points)
            if left:
                return {"ok": False, "why": f"could not remove {', '.join(left[:3])}"}
        for name, data in self.fonts.items():
            with open(os.path.join(self.runtime, "mpl", name), "wb") as handle:
                handle.write(data)
        for name, data in files.items():
            path = os.path.join(self.workdir, os.path.basename(name))
            with open(path, "wb") as handle:
                handle.write(base64.b64decode(data))
            os.chmod(path, 0o444)
        return {"ok": True}

    def fork(self, connection_file, env):
        try:
            pid = os.fork()
        except OSError as error:
            return {"error": f"fork failed: {error}"}
        if pid == 0:
            self._kernel(connection_file, env)  # never returns
        return {"pid": pid}

    def _kernel(self, connection_file, env):
        code = 1
        try:
            for fd in self.control:
                os.close(fd)
            os.setsid()
            _prctl_dumpable(1)
            signal.signal(signal.SIGINT, signal.default_int_handler)  # what a new Python starts with
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.chdir(self.workdir)
            os.environ.clear()
            os.environ.update(env)
            numpy = sys.modules.get("numpy")
            if numpy is not None:
                numpy.random.seed()  # the zygote's generator state is shared by every fork: draw a fresh one
            if sys.path and sys.path[0] == "":
                del sys.path[0]  # as ipykernel_launcher does; the kernel puts the working folder back
            sys.argv = ["ipykernel_launcher", "-f", connection_file]
            from ipykernel import kernelapp

            kernelapp.launch_new_instance()
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        except BaseException:  # noqa: BLE001 - the kernel process ends here whatever happened
            traceback.print_exc()
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)

    def serve(self):
        while True:
            ready, _, _ = select.select([self.control[0]], [], [], 0.5)
            _reap()
            if not ready:
                continue
            data = os.read(self.control[0], 1 << 20)
            if not data:
                return
            self.buffer += data
            *lines, self.buffer = self.buffer.split(b"\n")
            for line in lines:
                if not line.strip():
                    continue
                request = json.loads(line)
                try:
                    if request["op"] == "reset":
                        answer = self.reset(request.get("files", {}))
                    elif request["op"] == "fork":
                        answer = self.fork(request["connection_file"], request["env"])
                    else:
                        answer = {"error": f"unknown request {request['op']!r}"}
                except Exception:  # noqa: BLE001 - the worker decides what to do with a failed request
                    answer = {"ok": False, "error": traceback.format_exc()[-2000:]}
                self.reply(answer)


def main(argv):
    started = time.monotonic()
    # As PID 1 of the namespace, the zygote gets only the signals it has a handler for from processes inside:
    # with every handler at its default, a kernel cannot stop it (the worker outside still can).
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    _prctl_dumpable(0)
    if os.getpid() != 1:
        sys.exit("the kernel zygote must run as PID 1 of a PID namespace of its own (bwrap --unshare-pid --as-pid-1)")
    zygote = Zygote(argv[0], argv[1])
    loaded = []
    extra = [name for name in (argv[2].split(",") if len(argv) > 2 else []) if name]
    for name in (*PRELOAD, *extra):
        try:
            __import__(name)
            loaded.append(name)
        except Exception:  # noqa: BLE001 - a missing optional module only costs time later
            pass
    threads = len(os.listdir("/proc/self/task"))
    zygote.reply({"ready": True, "preloaded": loaded, "threads": threads, "seconds": round(time.monotonic() - started, 3)})
    zygote.serve()


if __name__ == "__main__":
    main(sys.argv[1:])
