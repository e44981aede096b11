"""Set up a JupyterHub classroom on this machine (run as root; README: "Running a class on JupyterHub").

  python -m autograder hub add-users [--instructor] NAME ... [--file FILE] [--passwords CSV]
  python -m autograder hub setup --instructor NAME [--past ID ...]

`add-users` creates one Unix account per person (nbgrader names every submission after its Unix user), with a
home only its owner can open, in the group the hub admits (dlcourse-students or dlcourse-instructors), and a
random password for JupyterHub's PAM login, written to a CSV only root can read.

`setup` makes nbgrader's exchange safe to share (its root sticky, the course's folder the instructor's),
points every user's nbgrader at it (/etc/jupyter/nbgrader_config.py), and copies what students' notebooks read
into a shared, read-only folder (/srv/dlcourse): the helper modules and checks (utils/), the data, the pictures,
the trained networks, and the students' Jupyter configuration. A helper that holds an earlier assignment's
answers (its `__release_after__`) stays out of the shared folder until that assignment's deadline has passed:
run `setup` again with `--past ID` after each deadline; the share remembers the deadlines already passed.
Running `setup` again also publishes a changed helper or data file.
"""

from __future__ import annotations

import argparse
import ast
import csv
import grp
import os
import pwd
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

from . import REPO_ROOT
from .config import COURSE_ID

STUDENTS_GROUP = "dlcourse-students"
INSTRUCTORS_GROUP = "dlcourse-instructors"
SHARE = Path("/srv/dlcourse")
EXCHANGE = Path("/srv/nbgrader/exchange")
ETC_JUPYTER = Path("/etc/jupyter")
PAST_FILE = "past_deadlines.txt"

# what the shared folder holds, from a checkout (after `make datasets`): folder -> file patterns
SHARED = {
    "utils": ("*.py", "dlchecks/*.py", "model_data/*"),
    "datasets": ("*.h5", "*.mat", "*.md"),
    "images": ("*.jpg", "*.jpeg", "*.png", "*.md"),
    "models": ("*.keras", "*.json", "*.md", "*.h5", "*.mat"),
}

NBGRADER_CONFIG = '''"""nbgrader's settings for every user of this machine: the course and its shared exchange.

Written by `python -m autograder hub setup`; running it again rewrites this file.
"""

import os

from nbgrader.exchange.default.submit import ExchangeSubmit


class PrivateSubmit(ExchangeSubmit):
    """nbgrader's submit, with the submission's folder closed to other students. nbgrader leaves it open to everyone
    (mode 0777), so whoever learned its name could read it (and the secret its feedback is published under) or
    empty it; the course's inbound folder gives each submission the instructor's group, and that group reads it."""

    def copy_files(self):
        super().copy_files()
        folder = os.path.join(self.inbound_path, self.assignment_filename)
        if os.stat(folder).st_gid == os.stat(self.inbound_path).st_gid:
            os.chmod(folder, 0o750)


c = get_config()  # noqa: F821 - provided by nbgrader
c.CourseDirectory.course_id = {course!r}
c.Exchange.root = {exchange!r}
c.ExchangeFactory.submit = PrivateSubmit
'''


INSTRUCTOR_CONFIG = '''"""nbgrader's settings of {user}'s JupyterHub server: its Formgrader shows the class graded by `make grade` in
~/dlcourse (your checkout of the course), once there is one (restart your server from the hub's Control Panel after the
first `make grade`). Written by `python -m autograder hub setup`, which leaves this file alone once you remove this line.
"""
# dlcourse-hub-setup

import os
import sys

checkout = os.path.expanduser("~/dlcourse")
graded = os.path.join(checkout, "grading", "nbgrader_config.py")
if os.path.exists(graded):
    # the grading folder's settings come from your checkout's autograder, which the class's environment lacks
    for folder in (checkout, os.path.join(checkout, "utils")):
        if folder not in sys.path:
            sys.path.append(folder)
    load_subconfig(graded)  # noqa: F821 - provided by nbgrader
    c = get_config()  # noqa: F821
    c.Exchange.root = {exchange!r}  # the class's exchange, not the grading folder's own
'''


def release_after(path: Path) -> dict[str, str]:
    """A helper's own `__release_after__ = {assignment: why}`: the answers it holds on purpose (release order)."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__release_after__" for t in node.targets):
            return ast.literal_eval(node.value)
    return {}


def withheld(utils: Path, past: set[str]) -> dict[str, list[str]]:
    """{helper file name: the assignments whose deadline it waits for} of the helpers students may not have yet."""
    waiting = {}
    for path in sorted(utils.glob("*.py")):
        pending = sorted(set(release_after(path)) - past)
        if pending:
            waiting[path.name] = pending
    return waiting


def _members(group: str) -> set[str]:
    try:
        entry = grp.getgrnam(group)
    except KeyError:
        return set()
    return set(entry.gr_mem) | {u.pw_name for u in pwd.getpwall() if u.pw_gid == entry.gr_gid}


def _run(*command: str, text_in: str | None = None) -> None:
    try:
        result = subprocess.run(command, input=text_in, capture_output=True, text=True)
    except FileNotFoundError:
        raise SystemExit(f"{command[0]} not found: this needs Linux's user tools (Debian's package passwd), run as root") from None
    if result.returncode:
        raise SystemExit(f"{' '.join(command)} failed: {(result.stderr or result.stdout).strip()}")


# the user names Debian's adduser accepts by default, and nbgrader's exchange can carry (no '+', no '*')
USER_NAME = re.compile(r"[a-z_][a-z0-9_-]{0,31}")


def add_users(names: list[str], instructor: bool, passwords: Path) -> list[str]:
    """Create the Unix accounts of a class (an existing account is only added to the group); each new account's
    password goes into the CSV `passwords` as soon as the account exists. Returns the names of the accounts created."""
    bad = [name for name in names if not USER_NAME.fullmatch(name)]
    if bad:
        raise SystemExit(f"not a user name (lower-case letters, digits, - and _, at most 32): {', '.join(map(repr, bad))}")
    group = INSTRUCTORS_GROUP if instructor else STUDENTS_GROUP
    for needed in (STUDENTS_GROUP, INSTRUCTORS_GROUP):
        try:
            grp.getgrnam(needed)
        except KeyError:
            _run("groupadd", "--system", needed)
    created = []
    fresh = not passwords.exists()
    with os.fdopen(os.open(passwords, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "a", newline="") as out:
        table = csv.writer(out)
        if fresh:
            table.writerow(["user", "password"])
        for name in names:
            try:
                pwd.getpwnam(name)
            except KeyError:
                # the home only its owner can open: the instructor's holds solutions, a student's their work
                _run("useradd", "--create-home", "--shell", "/bin/bash", "-K", "HOME_MODE=0700", "--groups", group, name)
                password = secrets.token_urlsafe(9)
                _run("chpasswd", text_in=f"{name}:{password}\n")
                table.writerow([name, password])
                out.flush()
                created.append(name)
            else:
                _run("usermod", "--append", "--groups", group, name)
            os.chmod(pwd.getpwnam(name).pw_dir, 0o700)
    return created


def _copy_tree(repo: Path, folder: str, patterns: tuple[str, ...], dest: Path, skip: set[str]) -> None:
    """Copy a checkout's folder into the share as world-readable files owned by the caller, replacing the old copy
    in one rename (a kernel reading the share sees the old files or the new ones)."""
    staging = dest.with_name(f".{dest.name}.new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(mode=0o755, parents=True)
    for pattern in patterns:
        for path in sorted((repo / folder).glob(pattern)):
            relative = path.relative_to(repo / folder)
            if not path.is_file() or path.is_symlink() or path.name in skip or "__pycache__" in relative.parts:
                continue
            target = staging / relative
            for parent in reversed(target.relative_to(staging).parents[:-1]):
                (staging / parent).mkdir(mode=0o755, exist_ok=True)
            shutil.copyfile(path, target)
            os.chmod(target, 0o644)
    old = dest.with_name(f".{dest.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if dest.exists():
        dest.rename(old)
    staging.rename(dest)
    shutil.rmtree(old, ignore_errors=True)


def share(repo: Path, dest: Path, past: set[str]) -> dict[str, list[str]]:
    """Fill the shared read-only folder from a checkout; returns the helpers withheld (see `withheld`)."""
    dest.mkdir(mode=0o755, parents=True, exist_ok=True)
    os.chmod(dest, 0o755)
    past_file = dest / PAST_FILE
    if past_file.exists():
        past |= set(past_file.read_text(encoding="utf-8").split())
    waiting = withheld(repo / "utils", past)
    for folder, patterns in SHARED.items():
        _copy_tree(repo, folder, patterns, dest / folder, skip=set(waiting) if folder == "utils" else set())
    _copy_tree(repo / "hub", "jupyter-student", ("*.json", "labconfig/*.json"), dest / "etc" / "jupyter-student", set())
    os.chmod(dest / "etc", 0o755)
    past_file.write_text("".join(f"{a}\n" for a in sorted(past)), encoding="utf-8")
    os.chmod(past_file, 0o644)
    return waiting


def setup_exchange(exchange: Path, instructor: str) -> Path:
    """nbgrader's exchange, safe to share: its root sticky (1777: nobody renames or removes another's folder), the
    course's folders the instructor's, made before nbgrader would make them (it keeps the modes of folders that
    exist): outbound/ readable by all (released assignments), inbound/ writable but not readable by students and
    sticky (a student who learns the name of another's submission still cannot remove or rename it), feedback/
    passable but not listable (each student opens the files named after their own submission)."""
    user = pwd.getpwnam(instructor)
    exchange.mkdir(parents=True, exist_ok=True)
    os.chown(exchange, 0, 0)
    os.chmod(exchange, 0o1777)
    course = exchange / COURSE_ID
    for folder, mode in ((course, 0o755), (course / "outbound", 0o755), (course / "inbound", 0o3733),
                         (course / "feedback", 0o711)):
        folder.mkdir(exist_ok=True)
        os.chown(folder, user.pw_uid, user.pw_gid)
        os.chmod(folder, mode)
    return course


def instructor_config(instructor: str, exchange: Path) -> None:
    """The instructor's ~/.jupyter/nbgrader_config.py (INSTRUCTOR_CONFIG), unless they wrote one of their own."""
    user = pwd.getpwnam(instructor)
    folder = Path(user.pw_dir) / ".jupyter"
    path = folder / "nbgrader_config.py"
    if path.exists() and "# dlcourse-hub-setup" not in path.read_text(encoding="utf-8", errors="replace"):
        print(f"left alone: {path} (yours)")
        return
    folder.mkdir(exist_ok=True)
    os.chown(folder, user.pw_uid, user.pw_gid)
    path.write_text(INSTRUCTOR_CONFIG.format(user=instructor, exchange=str(exchange)), encoding="utf-8")
    os.chown(path, user.pw_uid, user.pw_gid)


def setup(repo: Path, instructor: str, past: set[str], share_dir: Path, exchange: Path, etc_jupyter: Path) -> None:
    if instructor not in _members(INSTRUCTORS_GROUP):
        raise SystemExit(f"{instructor} is not an instructor here: "
                         f"run `python -m autograder hub add-users --instructor {instructor}` first")
    missing = [name for name in ("train_catvnoncat.h5", "data.mat") if not (repo / "datasets" / name).exists()]
    if missing:
        raise SystemExit(f"{', '.join(missing)} not found in {repo / 'datasets'}: run `make datasets` in {repo} first")
    course = setup_exchange(exchange, instructor)
    instructor_config(instructor, exchange)
    etc_jupyter.mkdir(parents=True, exist_ok=True)
    config = etc_jupyter / "nbgrader_config.py"
    config.write_text(NBGRADER_CONFIG.format(course=COURSE_ID, exchange=str(exchange)), encoding="utf-8")
    os.chmod(config, 0o644)
    waiting = share(repo, share_dir, set(past))
    print(f"exchange: {exchange} (sticky), course folder {course} owned by {instructor}")
    print(f"nbgrader settings for every user: {config}")
    print(f"shared read-only course files: {share_dir}")
    for name, pending in waiting.items():
        print(f"  withheld until the deadline of {', '.join(pending)} has passed: {name} "
              f"(then: python -m autograder hub setup --instructor {instructor} --past {' --past '.join(pending)})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder hub", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    users = commands.add_parser("add-users", help="create the Unix accounts of students (or an instructor)")
    users.add_argument("names", nargs="*", help="user names (lower case letters, digits, - and _)")
    users.add_argument("--file", type=Path, help="a text file with one user name per line")
    users.add_argument("--instructor", action="store_true", help="the accounts are instructors' (they get nbgrader's formgrader)")
    users.add_argument("--passwords", type=Path, default=Path("passwords.csv"),
                       help="CSV the new accounts' passwords are added to, readable by root only (default: passwords.csv)")
    course = commands.add_parser("setup", help="the shared exchange, every user's nbgrader settings and the shared course files")
    course.add_argument("--instructor", required=True, help="the instructor's user name (owns the course's exchange folder)")
    course.add_argument("--past", action="append", default=[], metavar="ID",
                        help="an assignment whose deadline has passed (repeatable): its answers in helpers reach students")
    course.add_argument("--share", type=Path, default=SHARE, help=f"the shared course files (default {SHARE})")
    course.add_argument("--exchange", type=Path, default=EXCHANGE, help=f"nbgrader's exchange (default {EXCHANGE})")
    course.add_argument("--etc-jupyter", type=Path, default=ETC_JUPYTER, help=f"system Jupyter settings (default {ETC_JUPYTER})")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        print("run this as root (sudo): it creates users and writes /srv and /etc", file=sys.stderr)
        return 2
    if args.command == "add-users":
        names = list(args.names)
        if args.file:
            names += [line.strip() for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
        if not names:
            parser.error("no user names given")
        created = add_users(names, args.instructor, args.passwords)
        print(f"{len(created)} accounts created, {len(names) - len(created)} existed"
              + (f"; passwords added to {args.passwords}" if created else ""))
        return 0
    from . import assignment_ids

    unknown = [a for a in args.past if a not in assignment_ids()]
    if unknown:
        parser.error(f"unknown assignment(s): {', '.join(unknown)}")
    setup(REPO_ROOT, args.instructor, set(args.past), args.share, args.exchange, args.etc_jupyter)
    return 0
