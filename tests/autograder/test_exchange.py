"""OwnerCheckedCollect: on a shared exchange, nobody hands in under another's name and no submission is backdated."""

from __future__ import annotations

import os
import pwd
import re
import subprocess
import sys
from pathlib import Path

import pytest

from autograder import REPO_ROOT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root (submissions owned by other users)"),
]
ASSIGNMENT = "ps1"
# two users every Linux has stand for two students
ALICE, BOB = "daemon", "nobody"


def hand_in(inbound: Path, named: str, owner: str, when: str, text: str) -> Path:
    folder = inbound / f"{named}+{ASSIGNMENT}+{when}+{os.urandom(6).hex()}"
    folder.mkdir()
    (folder / "ps1.ipynb").write_text(text)
    (folder / "timestamp.txt").write_text(when)
    user = pwd.getpwnam(owner)
    for path in (folder, folder / "ps1.ipynb", folder / "timestamp.txt"):
        os.chown(path, user.pw_uid, user.pw_gid)
    return folder


def test_collect_takes_only_what_each_student_handed_in_under_their_own_name(tmp_path):
    inbound = tmp_path / "exchange" / "course" / "inbound"
    inbound.mkdir(parents=True)
    now = subprocess.run(["date", "-u", "+%Y-%m-%d %H:%M:%S.%6N UTC"], capture_output=True, text=True).stdout.strip()
    hand_in(inbound, ALICE, ALICE, now, "alice's work")
    # bob hands in under alice's name, dated in the future so that it would be the newest
    hand_in(inbound, ALICE, BOB, "2099-01-01 00:00:00.000000 UTC", "bob's blank")
    # bob's own submission, named as if it had come in before a deadline long ago
    hand_in(inbound, BOB, BOB, "2020-01-01 00:00:00.000000 UTC", "bob's late work")
    # and two entries meant to break or fool collect: a name with no time in it, and a link to alice's folder
    hand_in(inbound, BOB, BOB, "not a time", "junk")
    link = inbound / f"{ALICE}+{ASSIGNMENT}+2098-01-01 00:00:00.000000 UTC+link"
    link.symlink_to(next(inbound.glob(f"{ALICE}+{ASSIGNMENT}+{now[:4]}*")))
    os.lchown(link, pwd.getpwnam(BOB).pw_uid, pwd.getpwnam(BOB).pw_gid)
    course = tmp_path / "course"
    course.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", "collect", ASSIGNMENT, "--CourseDirectory.course_id=course",
         f"--CourseDirectory.root={course}", f"--Exchange.root={tmp_path / 'exchange'}",
         "--ExchangeFactory.collect=autograder.exchange.OwnerCheckedCollect"],
        cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO_ROOT),
                                                        # nbgrader's gradebook runs the environment's `alembic`
                                                        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"})
    assert result.returncode == 0, result.stderr
    log = result.stdout + result.stderr
    submitted = course / "submitted"
    assert (submitted / ALICE / ASSIGNMENT / "ps1.ipynb").read_text() == "alice's work"
    assert f"names {ALICE} but belongs to {BOB}" in log
    assert "+link is not a submission (not a folder)" in log
    assert re.search(r"Not collected: nobody\+ps1\+not a time\+\w+ is not a submission", log)
    assert (submitted / BOB / ASSIGNMENT / "ps1.ipynb").read_text() == "bob's late work"
    # the time the folder was made counts, and is what the grader's late penalty reads
    stamp = (submitted / BOB / ASSIGNMENT / "timestamp.txt").read_text()
    assert stamp[:10] == now[:10] and "the time it was created counts" in log
    assert (submitted / ALICE / ASSIGNMENT / "timestamp.txt").read_text() == now
