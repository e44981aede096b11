"""Run each notebook's kernel in a sandbox: bubblewrap where it works, resource limits always.

Student code runs in the kernel, so the kernel is what gets locked up. With bubblewrap
(``bwrap``, Debian/Ubuntu package ``bubblewrap``) each kernel starts in new
network, process, IPC and hostname namespaces:

* no network at all (only a loopback of its own); the kernel talks to the grader
  through Unix sockets in a private runtime folder instead of TCP;
* the whole file system read-only, with these folders replaced by empty ones: the
  grading output (gradebook, other students' jobs, feedback), the submissions being
  graded, the repository (source notebooks, hidden tests, git history) and the home
  folder; only the course's ``utils/``, ``datasets/``, ``images/`` and the Python
  installation are shown again, read-only;
* a private ``/tmp`` and a working folder holding a read-only copy of the student's
  notebook, both in memory and capped (256 MB each; bubblewrap 0.7 or later), are the
  only writable places, with the runtime folder of the kernel's sockets (a 64 MB
  tmpfs when the grader is root);
* a clean environment (no secrets such as a database URL), and its own process
  list, so it cannot see or signal the grader;
* when the grader runs as root: the kernel runs as an unprivileged user of its own
  (one uid per worker) with no capabilities, under a process-count cap
  (RLIMIT_NPROC), so a fork bomb stops at the cap. Run as a normal user, the cap
  counts that user's own processes, so it is set above what is running already.

Without bubblewrap (macOS, Windows, a Linux without it) kernels get the resource
limits only (memory, file size, no core dumps, set by autograder.pool), and
``SANDBOX_WARNING`` says what that leaves open. ``--sandbox bwrap`` makes the
grader refuse to run instead.
"""

from __future__ import annotations

import functools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jupyter_client import AsyncKernelManager

from dlchecks.core import GRADING_ENV

from . import REPO_ROOT

TMP_BYTES = 256 << 20  # the private /tmp, a tmpfs in memory
WORK_BYTES = 256 << 20  # the working folder, a tmpfs holding a read-only copy of the notebook
RUNTIME_BYTES = 64 << 20  # sockets, HOME and caches (a tmpfs when the grader is root)
BASE_UID = 61000  # kernels run as BASE_UID + worker slot when the grader is root
DEFAULT_MAX_PROCESSES = 256  # processes and threads of one kernel (TensorFlow starts dozens of threads)
# what a kernel inherits from the grader's environment; everything else (tokens, database URLs) stays out
ENV_KEEP = (
    "LANG", "LC_ALL", "LC_CTYPE", "TZ", "MPLBACKEND", "TF_CPP_MIN_LOG_LEVEL", "PYTHONHASHSEED",
    "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "OPENBLAS_CORETYPE", "MKL_NUM_THREADS",
    "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS", "DLCOURSE_QUICK", "DLCOURSE_DATA", "DLCOURSE_MODELS",
    "CI", GRADING_ENV,
)
SANDBOX_WARNING = (
    "bubblewrap (bwrap) is not available, so student code runs with resource limits only: it can use the "
    "network and read what the grading user can read (gradebook, source notebooks, other submissions). "
    "Install bubblewrap (apt install bubblewrap) on Linux to isolate it; see the README."
)


class SandboxError(RuntimeError):
    """The requested sandbox cannot be used on this machine."""


@functools.lru_cache(maxsize=1)
def bwrap_problem() -> str:
    """'' when bubblewrap can start a sandbox here, else why not."""
    exe = shutil.which("bwrap")
    if not exe:
        return "bwrap is not installed"
    try:
        probe = subprocess.run(
            [exe, "--ro-bind", "/", "/", "--dev", "/dev", "--unshare-net", "--unshare-pid", "--die-with-parent",
             "--", "true"],
            capture_output=True, text=True, timeout=20,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"bwrap does not start: {error}"
    if probe.returncode:
        return f"bwrap cannot create namespaces here: {probe.stderr.strip()[:200]}"
    return ""


@functools.lru_cache(maxsize=1)
def _bwrap_sizes_tmpfs() -> bool:
    """bubblewrap 0.7+ can cap a tmpfs (--size); older ones leave it at half the memory."""
    try:
        return "--size" in subprocess.run(["bwrap", "--help"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.TimeoutExpired):
        return False


def resolve_mode(requested: str) -> str:
    """'bwrap' or 'none' for the --sandbox choice auto | bwrap | none."""
    if requested == "none":
        return "none"
    problem = bwrap_problem()
    if not problem:
        return "bwrap"
    if requested == "bwrap":
        raise SandboxError(f"--sandbox bwrap was asked for, but {problem}")
    return "none"


def _user_tasks(uid: int) -> int:
    """Processes and threads that `uid` runs now (what RLIMIT_NPROC counts)."""
    import psutil

    count = 0
    for proc in psutil.process_iter(["uids", "num_threads"]):
        try:
            if proc.info["uids"] and proc.info["uids"].real == uid:
                count += proc.info["num_threads"] or 1
        except psutil.Error:
            continue
    return count


@dataclass
class Sandbox:
    """How one kernel is confined. `workdir` is its current folder (writable), `hide` the folders it must not see.

    Without a `workdir`, prepare() makes one inside the runtime folder (the kernel zygote's sandbox,
    autograder.forkserver, which outlives the jobs); `forkserver` is that zygote once it runs.
    """

    workdir: Path | None
    hide: list[Path] = field(default_factory=list)
    slot: int = 0
    max_processes: int = DEFAULT_MAX_PROCESSES
    mode: str = "bwrap"  # or "none": limits and a clean environment only
    runtime: Path | None = None  # short folder for the kernel's sockets, HOME and caches (made by prepare)
    forkserver: Any = field(default=None, repr=False)

    @property
    def uid(self) -> int | None:
        return BASE_UID + self.slot if os.geteuid() == 0 else None

    def prepare(self) -> None:
        """Make the runtime folder (Unix socket paths must stay short) and hand both folders to the kernel's user."""
        self.runtime = Path(tempfile.mkdtemp(prefix="dlk-", dir="/tmp"))
        if self.uid is not None and self.mode == "bwrap":  # root: cap what the kernel can write there
            mount = ["mount", "-t", "tmpfs", "-o", f"size={RUNTIME_BYTES},mode=0755", "tmpfs", str(self.runtime)]
            subprocess.run(mount, capture_output=True)
        if self.workdir is None:
            self.workdir = self.runtime / "work"
        for sub in ("home", "mpl", "work"):
            (self.runtime / sub).mkdir()
        _seed_matplotlib_cache(self.runtime / "mpl")
        if self.uid is not None and self.mode == "bwrap":
            for folder in (self.runtime, self.workdir):
                for path in [folder, *folder.rglob("*")]:
                    os.lchown(path, self.uid, self.uid)

    def cleanup(self) -> None:
        if self.runtime:
            remove_runtime(self.runtime)

    def environment(self, base: dict) -> dict:
        env = {k: v for k, v in base.items() if k in ENV_KEEP}
        env.update(
            PATH=os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"]),
            # the course's helpers and checks, from the checkout being graded (shown read-only in the sandbox), not from
            # wherever an installation of the package points (an editable install of another checkout, none at all)
            PYTHONPATH=str(REPO_ROOT / "utils"),
            HOME=str(self.runtime / "home"),
            MPLCONFIGDIR=str(self.runtime / "mpl"),
            TMPDIR="/tmp",
        )
        return env

    def nproc_limit(self) -> int:
        if self.uid is not None:
            return self.max_processes
        return _user_tasks(os.getuid()) + self.max_processes

    def wrap(self, cmd: list[str], env: dict, as_pid_1: bool = False) -> list[str]:
        """`cmd` (the kernel's command line) as it runs inside the sandbox; as_pid_1: as the sandbox's PID 1
        (bwrap --as-pid-1), which no process inside can kill, and which must reap every orphan itself."""
        limited = ["prlimit", f"--nproc={self.nproc_limit()}", "--"] if shutil.which("prlimit") else []
        if self.mode != "bwrap":
            return limited + cmd
        args = ["bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
                "--die-with-parent", "--hostname", "grader", *(["--as-pid-1"] if as_pid_1 else [])]
        # mounts are applied parents first, so a folder shown again inside a hidden one (utils/ in the
        # repository, the working folder in the grading output) ends up visible
        sized = _bwrap_sizes_tmpfs()
        size = (lambda n: ["--size", str(n)]) if sized else (lambda n: [])  # noqa: E731
        mounts = [(str(p), [*size(1 << 20), "--tmpfs", str(p)]) for p in {*self.hide, REPO_ROOT, Path.home()}
                  if Path(p).is_dir() and Path(p) != Path("/")]
        mounts.append(("/tmp", [*size(TMP_BYTES), "--perms", "1777", "--tmpfs", "/tmp"]))
        shown = _shown_folders()
        mounts += [(str(p), ["--ro-bind", str(p), str(p)]) for p in shown]
        # the folders leading to a shown one inside a hidden one (/root/.pyenv for a Python under /root) are
        # made by bwrap; make them passable, or the kernel could not start the Python it runs (subprocess)
        hidden = [Path(m[0]) for m in mounts if "--tmpfs" in m[1]]
        passages = {a for p in shown for h in hidden if p.is_relative_to(h) for a in p.parents if a.is_relative_to(h) and a != h}
        mounts += [(str(a), ["--perms", "0755", "--dir", str(a)]) for a in sorted(passages)]
        mounts.append((str(self.runtime), ["--bind", str(self.runtime), str(self.runtime)]))
        if sized:  # the working folder in memory, capped, with the student's files read-only in it
            mounts.append((str(self.workdir), [*size(WORK_BYTES), "--perms", "1777", "--tmpfs", str(self.workdir)]))
            mounts += [(str(f), ["--ro-bind", str(f), str(f)]) for f in sorted(self.workdir.iterdir())]
        else:
            mounts.append((str(self.workdir), ["--bind", str(self.workdir), str(self.workdir)]))
        for _, mount in sorted(mounts, key=lambda m: len(Path(m[0]).parts)):
            args += mount
        args += ["--chdir", str(self.workdir), "--clearenv"]
        for key, value in env.items():
            args += ["--setenv", key, value]
        args += ["--"] + limited
        if self.uid is not None:
            args += ["setpriv", f"--reuid={self.uid}", f"--regid={self.uid}", "--clear-groups", "--no-new-privs",
                     "--inh-caps=-all", "--bounding-set=-all", "--"]
        return args + cmd


def remove_runtime(runtime: Path | str) -> None:
    """Remove a sandbox's runtime folder, unmounting its tmpfs first when it has one (the grader is root)."""
    if os.path.ismount(runtime):
        subprocess.run(["umount", "-l", str(runtime)], capture_output=True)
    shutil.rmtree(runtime, ignore_errors=True)


def _shown_folders() -> list[Path]:
    """Read-only folders a kernel needs: the course helpers, data, pictures and trained models, and the Python
    installation."""
    folders = [REPO_ROOT / "utils", REPO_ROOT / "datasets", REPO_ROOT / "images", REPO_ROOT / "models", Path(sys.prefix),
               Path(sys.base_prefix), Path(os.path.realpath(sys.executable)).parent.parent]
    folders += [Path(os.environ[k]) for k in ("DLCOURSE_DATA", "DLCOURSE_MODELS") if os.environ.get(k)]
    unique = []
    for folder in sorted({f.resolve() for f in folders if f.is_dir()}):
        if not any(folder.is_relative_to(u) for u in unique):
            unique.append(folder)
    return unique


@functools.lru_cache(maxsize=1)
def _matplotlib_cache() -> Path | None:
    """The grader's matplotlib font cache, so each kernel does not rebuild it (about a second)."""
    try:
        import matplotlib
        from matplotlib import font_manager  # noqa: F401 - builds the cache when missing

        return Path(matplotlib.get_cachedir())
    except Exception:  # noqa: BLE001 - no cache only costs time
        return None


def _seed_matplotlib_cache(dest: Path) -> None:
    cache = _matplotlib_cache()
    if cache:
        for path in cache.glob("fontlist-*.json"):
            shutil.copy2(path, dest / path.name)


# The sandbox of the job the current worker is grading; set by autograder.worker around each job.
current: Sandbox | None = None


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager that starts the kernel inside `current` (Unix sockets, confined command, clean env)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if current is not None and current.mode == "bwrap":
            self.transport = "ipc"
            self.ip = str(current.runtime / "k")
            self.connection_file = str(current.runtime / "kernel.json")

    async def _async_pre_start_kernel(self, **kw):
        if current is not None:
            kw["cwd"] = str(current.workdir)
            kw["env"] = current.environment(kw.get("env") or os.environ)
        cmd, kw = await super()._async_pre_start_kernel(**kw)
        if current is not None:
            if current.uid is not None and current.mode == "bwrap":
                os.chown(self.connection_file, current.uid, current.uid)
            if current.forkserver is None:
                cmd = current.wrap(cmd, kw["env"])
        return cmd, kw

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        """Fork the kernel from the sandbox's zygote when it has one (autograder.forkserver), else start it."""
        if current is None or current.forkserver is None:
            return await super()._async_launch_kernel(kernel_cmd, **kw)
        process = current.forkserver.fork(self.connection_file, kw["env"])
        self.provisioner.process, self.provisioner.pid, self.provisioner.pgid = process, process.pid, None
        self.provisioner.cwd = kw.get("cwd")
        self._reconcile_connection_info(self.provisioner.connection_info)
        return None

    async def _async_interrupt_kernel(self):
        """Send SIGINT to the kernel itself: the process the grader started is bwrap, which would not pass it on."""
        process = self.provisioner.process if self.provisioner else None
        if process is not None and not isinstance(process, subprocess.Popen):  # a kernel forked by the zygote
            process.send_signal(signal.SIGINT)
            return None
        kernel = _kernel_process(process.pid) if process else None
        if kernel is None:
            return await super()._async_interrupt_kernel()
        try:
            os.kill(kernel, signal.SIGINT)
        except ProcessLookupError:
            pass
        return None

    interrupt_kernel = _async_interrupt_kernel


def _kernel_process(pid: int) -> int | None:
    """The ipykernel process started under `pid` (bwrap, prlimit and setpriv exec or fork on the way)."""
    import psutil

    try:
        family = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return None
    for proc in family:
        try:
            if proc.cmdline()[1:3] == ["-m", "ipykernel_launcher"]:
                return proc.pid
        except psutil.Error:
            continue
    return None
