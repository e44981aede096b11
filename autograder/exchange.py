"""nbgrader's collect, made safe for a shared exchange (JupyterHub: README, "Running a class on JupyterHub").

On a shared exchange every student may write into the course's `inbound/` folder, and a submission is named
`<student>+<assignment>+<timestamp>+<random>`: both the name and the timestamp are the submitter's word. Plain
`nbgrader collect` takes, for each name, the folder with the newest timestamp, and only logs a warning when the
folder belongs to another Unix user. So a student can hand in work under a classmate's name (it replaces the
classmate's, being newer), or backdate a late submission by naming it with an earlier time.

`OwnerCheckedCollect` (configured for this course in autograder.config) collects only folders owned by the
student they name, and trusts a timestamp only when it agrees with the time the file system recorded for the
folder (its ctime, which no user can set back): otherwise that time counts, and it is written to the collected
`timestamp.txt` that late penalties read.
"""

from __future__ import annotations

import datetime
import glob
import os
import pwd
from collections import defaultdict

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.exchange.abc.exchange import ExchangeError
from nbgrader.exchange.default.collect import ExchangeCollect

# nbgrader writes the timestamp into the name, then copies the files and sets the folder's mode: the folder's
# ctime follows the named time by the seconds that takes; a student who later changes the folder only moves
# its ctime forward, which can only make the submission later
TIMESTAMP_SLACK = datetime.timedelta(minutes=10)


def owner_name(path: str) -> str:
    """The user who made this entry of inbound/ (a link counts as its maker's, not its target's)."""
    uid = os.lstat(path).st_uid
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


class OwnerCheckedCollect(ExchangeCollect):
    """Collect each student's newest submission among the folders that student owns (see the module's text)."""

    def init_src(self):
        if self.coursedir.course_id == "":
            self.fail("No course id specified. Re-run with --course flag.")
        self.course_path = os.path.join(self.root, self.coursedir.course_id)
        self.inbound_path = os.path.join(self.course_path, "inbound")
        if not os.path.isdir(self.inbound_path):
            self.fail(f"Course not found: {self.inbound_path}")
        if not os.access(self.inbound_path, os.R_OK | os.X_OK):
            self.fail(f"You don't have read permissions for the directory: {self.inbound_path}")
        student = self.coursedir.student_id or "*"
        pattern = os.path.join(self.inbound_path, f"{glob.escape(student) if student != '*' else '*'}+"
                                                  f"{glob.escape(self.coursedir.assignment_id)}+*")
        self.corrected_timestamps: dict[str, str] = {}
        by_student = defaultdict(list)
        for path in glob.glob(pattern):
            # anyone may write into inbound/: an entry that is not a folder, or whose name holds no time, is skipped
            # (with plain nbgrader one such entry stops the whole collect)
            try:
                if os.path.islink(path) or not os.path.isdir(path):
                    raise ValueError("not a folder")
                record = self._path_to_record(path)
            except (ValueError, OverflowError, ExchangeError) as error:
                self.log.error("Not collected: %s is not a submission (%s)", os.path.basename(path), error)
                continue
            owner = owner_name(path)
            if owner != record["username"]:
                self.log.error("Not collected: %s names %s but belongs to %s (handed in under another name)",
                               record["filename"], record["username"], owner)
                continue
            # nbgrader's timestamps are naive UTC
            recorded = datetime.datetime.fromtimestamp(os.stat(path).st_ctime, datetime.UTC).replace(tzinfo=None)
            if abs(recorded - record["timestamp"]) > TIMESTAMP_SLACK:
                self.log.warning("%s names the time %s but was created at %s: the time it was created counts",
                                 record["filename"], record["timestamp"], recorded)
                record["timestamp"] = recorded
                self.corrected_timestamps[path] = recorded.strftime("%Y-%m-%d %H:%M:%S.%f UTC")
            by_student[record["username"]].append(record)

        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            try:
                self.duedate = gb.find_assignment(self.coursedir.assignment_id).duedate
            except MissingEntry:
                self.duedate = None
        self.src_records = []
        for records in by_student.values():
            records = self._sort_by_timestamp(records)
            if self.duedate is not None and self.before_duedate:
                on_time = [r for r in records if r["timestamp"] <= self.duedate]
                records = on_time or records
            self.src_records.append(records[0])

    def do_copy(self, src, dest, log=None):
        super().do_copy(src, dest, log=log)
        if src in self.corrected_timestamps:
            with open(os.path.join(dest, "timestamp.txt"), "w", encoding="utf-8") as out:
                out.write(self.corrected_timestamps[src])
