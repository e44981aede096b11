"""A class on JupyterHub, from accounts to feedback, run by tests/hub/test_classroom.py (not a test module itself).

Runs as root inside a private mount namespace (`unshare --mount --propagation private`): its own copies of /etc,
/home and /srv are mounted over the machine's, so the users it creates, their homes, the exchange and the shared
course files vanish with it. It follows the README's "Running a class on JupyterHub" with the repository's own
commands and configuration (hub/jupyterhub_config.py, `python -m autograder hub ...`, nbgrader, the project's
grader) and writes what it observed, step by step with timings, to a JSON file the test asserts on.

  python classroom_flow.py WORK RESULTS.json    (WORK: a world-readable folder holding hubenv/ and proxy/)

DLCOURSE_HUB_PAUSE=600 keeps the hub up that many seconds once both students have handed in, to look at the class
in a browser (the hub's address is printed; the passwords are in WORK/passwords.csv).
"""

from __future__ import annotations

import csv
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import traceback
from pathlib import Path

import psutil
import requests

REPO = Path(__file__).resolve().parents[2]
ID = "C1W1_Python_Basics"
NOTEBOOK = "Python_Basics_with_Numpy.ipynb"
USERS = ("instructor", "student1", "student2")
EXCHANGE = Path("/srv/nbgrader/exchange")
COURSE = EXCHANGE / "dlcourse"
CLONE = Path("/home/instructor/dlcourse")
CHECKOUT = Path("/nonexistent")  # the hub's own checkout (root's alone), set by flow
HUB_BIN = "/nonexistent"  # the class's Python's bin/, set by hub_python
TOKEN = "dlcourse-classroom-test-" + os.urandom(8).hex()

observed: dict = {"steps": {}, "errors": []}


class Step:
    """Times one step of the flow into observed["steps"]."""

    def __init__(self, name):
        self.name = name

    def __enter__(self):
        self.start = time.monotonic()

    def __exit__(self, *exc):
        observed["steps"][self.name] = round(time.monotonic() - self.start, 2)


def run(*command, user=None, cwd=None, env=None, check=True, timeout=300):
    """Run a command, as `user` (a login-like environment) when given; returns the finished process."""
    full_env = {"PATH": f"{HUB_BIN}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8",
                **(env or {})}
    if user:
        entry = pwd.getpwnam(user)
        full_env.update(HOME=entry.pw_dir, USER=user, LOGNAME=user)
        command = ("runuser", "-u", user, "--", *command)
    result = subprocess.run([str(c) for c in command], cwd=cwd, env=full_env, capture_output=True, text=True,
                            timeout=timeout)
    if check and result.returncode:
        raise RuntimeError(f"{' '.join(map(str, command))} -> {result.returncode}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def private_machine(work: Path) -> None:
    """Mount copies of /etc, /home and /srv over the machine's (inside this mount namespace only)."""
    for name in ("etc", "home", "srv"):
        copy = work / "root" / name
        if name == "etc":
            shutil.copytree("/etc", copy, symlinks=True, ignore_dangling_symlinks=True)
        else:
            copy.mkdir(parents=True)
        subprocess.run(["mount", "--bind", str(copy), f"/{name}"], check=True)


def hub_python(work: Path) -> Path:
    """The class's Python: a venv of the system's Python 3.11 that every user can run, seeing the repository
    environment's packages (the same pins, requirements.txt), Jupyter's data files (JupyterHub's templates, JupyterLab,
    nbgrader's extensions, the kernel) and settings through read-only bind mounts, instead of a second install."""
    global HUB_BIN
    env = work / "hubenv"
    HUB_BIN = str(env / "bin")
    ours = Path(sys.prefix)
    for part in ("lib/python3.11/site-packages", "share", "etc"):
        if (ours / part).is_dir():
            (env / part).mkdir(parents=True, exist_ok=True)
            subprocess.run(["mount", "--bind", "-o", "ro", str(ours / part), str(env / part)], check=True)
    # the repository's editable install of itself (a .pth file) would let any import reach the repository's
    # utils/ (withheld helpers included); the class's environment has no such install
    for editable in (env / "lib" / "python3.11" / "site-packages").glob("__editable__*.pth"):
        subprocess.run(["mount", "--bind", "/dev/null", str(editable)], check=True)
    # nbgrader's gradebook runs the `alembic` command it finds on PATH (the environment's bin/ in a real install)
    alembic = env / "bin" / "alembic"
    alembic.write_text(f"#!{env / 'bin' / 'python'}\nimport sys\nfrom alembic.config import main\nsys.exit(main())\n")
    alembic.chmod(0o755)
    return env / "bin" / "python"


def course_clone() -> None:
    """The instructor's checkout of the course (the parts this flow uses), in the instructor's home."""
    CLONE.mkdir()
    for part in ("autograder", "utils", "nbgrader_config.py", "Makefile", "requirements.txt", "pyproject.toml",
                 f"notebooks/source/{ID}", f"notebooks/release/{ID}"):
        src, dest = REPO / part, CLONE / part
        if src.is_dir():
            shutil.copytree(src, dest, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", ".ipynb_checkpoints"))
        else:
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest)
    run("chown", "-R", "instructor:instructor", CLONE)


class Hub:
    """The hub process, started as root from the repository's configuration; stopped by its own PID."""

    def __init__(self, work: Path, python: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = work / "jupyterhub_test_config.py"
        config.write_text(f'''
load_subconfig({str(work / "course" / "hub" / "jupyterhub_config.py")!r})
# what differs from a class's hub: loopback ports of its own, the proxy installed for the test, and a service
# token with which this driver starts and stops servers (students and the instructor log in with passwords)
c.JupyterHub.bind_url = {self.url!r}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.command = [{str(work / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy")!r}]
c.Spawner.ip = "127.0.0.1"
c.JupyterHub.services = [{{"name": "driver", "api_token": {TOKEN!r}}}]
c.JupyterHub.load_roles = [{{"name": "driver", "services": ["driver"],
    "scopes": ["admin:users", "admin:servers", "access:servers", "list:users", "read:users"]}}]
''', encoding="utf-8")
        self.log = open(work / "hub.log", "w")
        self.process = subprocess.Popen(
            [str(python), "-m", "jupyterhub", "-f", str(config)], cwd=work, stdout=self.log, stderr=subprocess.STDOUT,
            env={"PATH": f"{HUB_BIN}:/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "DLCOURSE_HUB_STATE": "/srv/jupyterhub"})
        self.api = requests.Session()
        self.api.headers["Authorization"] = f"token {TOKEN}"
        self.wait(lambda: self.api.get(f"{self.url}/hub/api/", timeout=5).ok, 60, "the hub to answer")

    def wait(self, ready, seconds, what):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the hub exited ({self.process.returncode}) while waiting for {what}")
            try:
                if ready():
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"timed out waiting for {what}")

    def start_server(self, user):
        # the hub learns of a user at their first login; an admin may add one before (409: known already)
        added = self.api.post(f"{self.url}/hub/api/users/{user}", timeout=30)
        if added.status_code != 409:
            added.raise_for_status()
        self.api.post(f"{self.url}/hub/api/users/{user}/server", timeout=30).raise_for_status()
        self.wait(lambda: self.api.get(f"{self.url}/hub/api/users/{user}", timeout=5).json()["servers"][""]["ready"],
                  120, f"{user}'s server")

    def stop(self):
        """SIGTERM to the hub itself: it stops the proxy and, being local processes, every user's server."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


class UserServer:
    """A user's single-user server, reached through the hub's proxy: with the driver's token, or logged in through
    the hub's login page with a password, as a browser does (cookies, OAuth redirects, XSRF token)."""

    def __init__(self, hub: Hub, user: str, password: str | None = None):
        self.hub, self.user = hub, user
        self.base = f"{hub.url}/user/{user}"
        self.http = requests.Session()
        if password is None:
            self.http.headers["Authorization"] = f"token {TOKEN}"
            hub.start_server(user)
        else:
            login = self.http.get(f"{hub.url}/hub/login", timeout=30)
            login.raise_for_status()
            answer = self.http.post(f"{hub.url}/hub/login?next=/hub/spawn", timeout=60, data={
                "username": user, "password": password, "_xsrf": self.http.cookies.get("_xsrf", path="/hub/")})
            answer.raise_for_status()
            hub.wait(lambda: self.http.get(f"{self.base}/lab", timeout=10).ok
                     and self.http.cookies.get("_xsrf", path=f"/user/{user}/") is not None, 120, f"{user}'s Lab")
            self.http.headers["X-XSRFToken"] = self.http.cookies.get("_xsrf", path=f"/user/{user}/")

    def get(self, path, **kw):
        return self.http.get(f"{self.base}{path}", timeout=120, **kw)

    def post(self, path, **kw):
        return self.http.post(f"{self.base}{path}", timeout=120, **kw)

    def assignments(self, action, **fields):
        """The calls the Lab's Assignments tab makes (nbgrader's assignment_list server extension)."""
        answer = self.post(f"/assignments/{action}", data={"course_id": "dlcourse", "assignment_id": ID, **fields})
        answer.raise_for_status()
        return answer.json()

    def notebook(self):
        answer = self.get(f"/api/contents/{ID}/{NOTEBOOK}")
        answer.raise_for_status()
        return answer.json()["content"]

    def save(self, notebook):
        answer = self.http.put(f"{self.base}/api/contents/{ID}/{NOTEBOOK}", timeout=60,
                               json={"type": "notebook", "format": "json", "content": notebook})
        answer.raise_for_status()


def lab_disabled(server: UserServer) -> list[str]:
    """The JupyterLab extensions a user's Lab page switches off (its page config)."""
    page = server.get("/lab").text
    config = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.S)
    disabled = json.loads(config.group(1)).get("disabledExtensions", []) if config else ["<no page config>"]
    return sorted(disabled if isinstance(disabled, list) else [k for k, v in disabled.items() if v])


def server_memory(user: str) -> float:
    """MiB resident of a user's idle single-user server (its processes; no kernel runs)."""
    uid = pwd.getpwnam(user).pw_uid
    rss = sum(p.memory_info().rss for p in psutil.process_iter(["uids"]) if p.info["uids"] and p.info["uids"].real == uid)
    return round(rss / 2**20, 1)


def can(user: str, *command, env=None) -> bool:
    return run(*command, user=user, check=False, env=env).returncode == 0


def flow(work: Path) -> None:
    global CHECKOUT
    CHECKOUT = work / "course"
    # the clone's autograder and helpers, as its own .venv's editable install of itself gives them
    instructor_env = {"PYTHONPATH": f"{CLONE}:{CLONE / 'utils'}"}
    with Step("private /etc, /home, /srv"):
        private_machine(work)
        python = hub_python(work)
    with Step("accounts (hub add-users)"):
        course_python = sys.executable
        run(course_python, "-m", "autograder", "hub", "add-users", "--instructor", "instructor",
            "--passwords", work / "passwords.csv", cwd=REPO)
        run(course_python, "-m", "autograder", "hub", "add-users", "student1", "student2",
            "--passwords", work / "passwords.csv", cwd=REPO)
        passwords = dict(csv.reader((work / "passwords.csv").open()))
        observed["homes"] = {u: oct(os.stat(f"/home/{u}").st_mode & 0o7777) for u in USERS}
    with Step("exchange, nbgrader settings, shared files (hub setup)"):
        setup = run(course_python, "-m", "autograder", "hub", "setup", "--instructor", "instructor", cwd=REPO)
        observed["setup_output"] = setup.stdout
        observed["shared_helpers"] = sorted(p.name for p in Path("/srv/dlcourse/utils").glob("*.py"))
        course_clone()
    # the instructor's make targets (README), run with the class's Python as the checkout's environment
    (python.parent.parent / ".installed").touch()

    def make(target):
        return run("make", "--no-print-directory", target, f"A={ID}", f"VENV={python.parent.parent}",
                   user="instructor", cwd=CLONE, env=instructor_env)

    with Step("hub and proxy answering"):
        hub = Hub(work, python)
    try:
        with Step("release (make hub-release, as the instructor)"):
            make("hub-release")
        # student1 tries to switch the instructor's tools back on in their own settings before their server starts
        settings = Path("/home/student1/.jupyter")
        (settings / "labconfig").mkdir(parents=True)
        (settings / "jupyter_server_config.json").write_text(json.dumps(
            {"ServerApp": {"jpserver_extensions": {"nbgrader.server_extensions.formgrader": True}}}))
        (settings / "labconfig" / "page_config.json").write_text(json.dumps(
            {"disabledExtensions": {"@jupyter/nbgrader:formgrader": False, "@jupyter/nbgrader:create-assignment": False}}))
        run("chown", "-R", "student1:student1", settings)
        with Step("student1: server start (token)"):
            student1 = UserServer(hub, "student1")
        time.sleep(2)
        observed["idle_server_mib"] = server_memory("student1")
        with Step("student1: list, fetch, answer, validate, submit"):
            listed = student1.get("/assignments", params={"course_id": "dlcourse"}).json()
            observed["listed"] = [a["assignment_id"] for a in listed.get("value", [])]
            observed["fetch1"] = student1.assignments("fetch")["success"]
            nb = student1.notebook()
            for cell in nb["cells"]:
                if cell["cell_type"] == "code" and "GRADED FUNCTION: basic_sigmoid" in "".join(cell["source"]):
                    source = "".join(cell["source"]).replace("s = None", "s = 1 / (1 + math.exp(-x))")
                    cell["source"] = source
            student1.save(nb)
            validated = student1.post("/assignments/validate", data={"path": f"{ID}/{NOTEBOOK}"})
            observed["validate1"] = validated.json() if validated.ok else {"http": validated.status_code}
            observed["submit1"] = student1.assignments("submit")["success"]
        observed["formgrader_status"] = {"student1": student1.get("/formgrader").status_code}
        observed["lab_disabled"] = {"student1": lab_disabled(student1)}

        with Step("student2: browser login and server start"):
            student2 = UserServer(hub, "student2", passwords["student2"])
        with Step("student2: fetch, submit blank"):
            observed["fetch2"] = student2.assignments("fetch")["success"]
            observed["submit2"] = student2.assignments("submit")["success"]
        observed["formgrader_status"]["student2"] = student2.get("/formgrader").status_code
        observed["formgrader_api_status_student2"] = student2.get("/formgrader/api/assignments").status_code

        pause = float(os.environ.get("DLCOURSE_HUB_PAUSE", "0") or 0)
        if pause:  # a maintainer's look at the class in a browser: the hub is on the machine's loopback
            print(f"hub at {hub.url} for {pause:.0f} s; passwords in {work / 'passwords.csv'}", flush=True)
            time.sleep(pause)
        with Step("student2's attacks"):
            attacks(python)

        with Step("collect (make hub-collect, as the instructor)"):
            collected = make("hub-collect")
            observed["collect_log"] = collected.stdout + collected.stderr
            observed["collected"] = sorted(p.parent.parent.name for p in (CLONE / "notebooks" / "submitted").glob(f"*/{ID}/{NOTEBOOK}"))
        with Step("grade (the project's grader, as the instructor)"):
            # sandboxed as a normal user (bubblewrap in a user namespace) where bubblewrap is installed
            sandbox = "bwrap" if shutil.which("bwrap") else "auto"
            observed["grade_sandbox"] = sandbox
            graded = run(python, "-m", "autograder", "grade", "-a", ID, "--submissions", "notebooks/submitted", "-j", "2",
                         "--sandbox", sandbox, user="instructor", cwd=CLONE, env=instructor_env)
            observed["grade_output"] = graded.stdout[-2000:]
            with (CLONE / "grading" / "grades.csv").open() as f:
                observed["grades"] = {row["student"]: row for row in csv.DictReader(f)}
        with Step("instructor: login and server start"):
            teacher = UserServer(hub, "instructor", passwords["instructor"])
        # the instructor's Formgrader shows the class just graded (its own tab: the Lab's frame stays blank on a hub)
        observed["formgrader_status"]["instructor"] = teacher.get("/formgrader").status_code
        observed["lab_disabled"]["instructor"] = lab_disabled(teacher)
        listed = teacher.get(f"/formgrader/api/submissions/{ID}")
        observed["formgrader_submissions"] = {s["student"]: s["score"] for s in listed.json()} if listed.ok else listed.status_code
        with Step("release feedback (make hub-feedback, as the instructor)"):
            make("hub-feedback")
        with Step("students fetch feedback"):
            for name, server in (("student1", student1), ("student2", student2)):
                observed[f"feedback_{name}"] = server.assignments("fetch_feedback")["success"]
                pages = sorted(Path(f"/home/{name}/{ID}/feedback").glob(f"*/{NOTEBOOK[:-6]}.html"))
                observed[f"feedback_pages_{name}"] = [re.findall(r"Score: ([\d.]+ / [\d.]+)", p.read_text())[:1]
                                                      for p in pages]
        observed["exchange_modes"] = {str(p): [oct(p.stat().st_mode & 0o7777), pwd.getpwuid(p.stat().st_uid).pw_name]
                                      for p in (EXCHANGE, COURSE, COURSE / "inbound", COURSE / "outbound")}
        with Step("stop the servers"):
            for user in USERS:
                hub.api.delete(f"{hub.url}/hub/api/users/{user}/server", timeout=60)
            hub.wait(lambda: not any(hub.api.get(f"{hub.url}/hub/api/users/{u}", timeout=5).json()["servers"]
                                     for u in USERS), 60, "the servers to stop")
    finally:
        with Step("stop the hub"):
            hub.stop()
    uids = {pwd.getpwnam(u).pw_uid for u in USERS}
    time.sleep(1)
    observed["left_processes"] = [f"{p.pid} {p.info['name']}" for p in psutil.process_iter(["uids", "name"])
                                  if p.info["uids"] and p.info["uids"].real in uids]


def attacks(python: Path) -> None:
    """What student2 tries against the exchange and the others' files, each recorded as allowed (True) or refused."""
    source = CLONE / "notebooks" / "source" / ID / NOTEBOOK
    theirs = Path("/home/student1") / ID / NOTEBOOK
    tried = {
        "list inbound": can("student2", "ls", COURSE / "inbound"),
        "rename the course folder": can("student2", "mv", COURSE, EXCHANGE / "hijacked"),
        "write into the course folder": can("student2", "mkdir", COURSE / "mine"),
        "read the instructor's source notebook": can("student2", "cat", source),
        "read student1's notebook": can("student2", "cat", theirs),
        "write into the shared helpers": can("student2", "touch", "/srv/dlcourse/utils/lr_utils.py"),
    }
    # student1's submission, its name known (read by root here: students cannot list inbound)
    named = sorted((COURSE / "inbound").glob(f"student1+{ID}+*"))[0]
    tried["read student1's submission, knowing its name"] = can("student2", "cat", named / NOTEBOOK)
    tried["read the secret of student1's feedback"] = can("student2", "cat", named / "submission_secret.txt")
    tried["empty student1's submission, knowing its name"] = can("student2", "rm", "-f", named / NOTEBOOK)
    tried["rename student1's submission, knowing its name"] = can("student2", "mv", named, COURSE / "inbound" / "x")
    observed["submission_mode"] = oct(named.stat().st_mode & 0o7777)
    # hand in under student1's name, as `nbgrader submit --student=student1` does: a newer blank notebook
    impostor = COURSE / "inbound" / f"student1+{ID}+2099-01-01 00:00:00.000000 UTC+impostor00000"
    tried["hand in under student1's name"] = can(
        "student2", "sh", "-c", f'mkdir "{impostor}" && cp "/home/student2/{ID}/{NOTEBOOK}" "{impostor}/" && '
                                f'echo "2099-01-01 00:00:00.000000 UTC" > "{impostor}/timestamp.txt"')
    tried["read the hub's checkout"] = can("student2", "cat", CHECKOUT / "hub" / "jupyterhub_config.py")
    observed["attacks"] = tried
    # what a student's kernel imports: the shared helpers, not those waiting for a deadline
    observed["imports"] = {name: run(python, "-c", f"import {name}", user="student2", cwd="/home/student2", check=False,
                                     env={"PYTHONPATH": "/srv/dlcourse/utils"}).returncode == 0
                           for name in ("lr_utils", "dlchecks.c1w1", "dnn_app_utils", "autograder")}


def main() -> int:
    work, out = Path(sys.argv[1]), Path(sys.argv[2])
    try:
        flow(work)
    except Exception:  # noqa: BLE001 - reported to the test with what was observed so far
        observed["errors"].append(traceback.format_exc())
    log = work / "hub.log"
    observed["hub_log_tail"] = log.read_text(errors="replace")[-6000:] if log.exists() else ""
    out.write_text(json.dumps(observed, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
