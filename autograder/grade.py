"""Grade a class: autograde every submission with nbgrader, write grades.csv and feedback.

    python -m autograder grade [--assignment ID ...] [--submissions DIR] [--out DIR]

SUBMISSIONS is nbgrader's layout, DIR/<student>/<assignment ID>/<notebook>.ipynb.
Without --submissions the bundled demo class is built and graded.

Each submission is checked first (is there a notebook, is it valid JSON and a valid
notebook?) and then autograded by nbgrader in a child process under a wall-time
cap, so a broken or hostile submission gets a verdict and a zero for what could
not be graded, and never stops the batch. Only that child writes to the
gradebook, one submission at a time; grades.csv is written at the end from the
gradebook and the verdicts. Feedback HTML (hidden tests removed) goes to
OUT/feedback/<student>/<assignment>/.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from tqdm import tqdm

from . import REPO_ROOT, assignment_ids, source_notebook
from .config import CELL_TIMEOUT, DEFAULT_CELL_TIMEOUT
from .course import make_api, prepare_course
from .submissions import graded_functions

DEFAULT_OUT = REPO_ROOT / "grading"
WALL_CAP_FACTOR = 6  # a submission may run for this many cell timeouts in all


@dataclass
class Result:
    student: str
    assignment: str
    status: str = "graded"  # graded | not gradable | timed out
    reason: str = ""
    score: float = 0.0
    max_score: float = 0.0
    per_function: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0


def find_notebook(folder: Path, expected_name: str) -> tuple[Path | None, str]:
    """The submitted notebook in `folder`, or None and a student-facing reason."""
    if not folder.is_dir():
        return None, "no submission folder for this assignment"
    exact = folder / expected_name
    if exact.is_file():
        return exact, ""
    others = sorted(folder.glob("*.ipynb"))
    if len(others) == 1:
        return others[0], ""
    if not others:
        return None, f"no notebook found (expected {expected_name})"
    return None, f"several notebooks and none named {expected_name}"


def check_notebook(path: Path) -> str:
    """'' when `path` is a readable Python notebook, else why it is not gradable."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return f"the notebook file is not valid JSON ({error}); was it saved completely?"
    try:
        nb = nbformat.from_dict(raw)
        nbformat.validate(nb)
    except Exception as error:  # noqa: BLE001 - nbformat raises several kinds
        return f"the file is not a valid Jupyter notebook ({str(error).splitlines()[0]})"
    language = nb.get("metadata", {}).get("kernelspec", {}).get("language", "python")
    if language != "python":
        return f"the notebook uses a {language} kernel; this course needs Python"
    return ""


def _run_worker(root: Path, assignment_id: str, student: str, cap: float) -> tuple[str, str]:
    """Autograde one submission in a child process; (status, reason)."""
    cmd = [sys.executable, "-m", "autograder.grade", "--worker", str(root), assignment_id, student]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True, text=True)
    try:
        log, _ = proc.communicate(timeout=cap)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return "timed out", f"grading stopped after {cap:.0f} s (a cell ran too long or never ended)"
    if proc.returncode != 0:
        last = [line for line in log.splitlines() if line.strip()][-3:]
        dead = "DeadKernelError" in log or "Kernel died" in log
        reason = "the kernel died while running the notebook" if dead else "nbgrader could not grade it"
        return "not gradable", reason + (": " + " | ".join(last) if last and not dead else "")
    return "graded", ""


def worker(root: Path, assignment_id: str, student: str) -> int:
    api = make_api(root, assignment_id)
    result = api.autograde(assignment_id, student, force=True, create=True)
    if not result.get("success"):
        print(result.get("log") or "", result.get("error") or "", sep="\n")
        return 1
    return 0


def read_scores(coursedir, assignment_id: str, student: str, functions: dict[str, dict]) -> tuple[float, dict]:
    """(total score, {graded function: points}) of one submission, from the gradebook of `coursedir`."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
        try:
            submission = gb.find_submission(assignment_id, student)
        except MissingEntry:
            return 0.0, {}
        by_cell = {g.cell.name: g.score for nb in submission.notebooks for g in nb.grades}
        return submission.score, {fn: by_cell.get(info["test"], 0.0) for fn, info in functions.items()}


def grade_assignment(assignment_id: str, submissions: Path, out: Path, progress=True) -> list[Result]:
    api = prepare_course(out, assignment_id)
    functions = graded_functions(assignment_id)
    max_score = sum(f["points"] for f in functions.values())
    expected_name = source_notebook(assignment_id).name
    cap = WALL_CAP_FACTOR * CELL_TIMEOUT.get(assignment_id, DEFAULT_CELL_TIMEOUT)
    students = sorted(p.name for p in submissions.iterdir() if p.is_dir() and not p.name.startswith("."))
    results = []
    for student in tqdm(students, desc=assignment_id, unit="submission", disable=not progress):
        started = time.monotonic()
        result = Result(student, assignment_id, max_score=max_score, per_function={f: 0.0 for f in functions})
        path, reason = find_notebook(submissions / student / assignment_id, expected_name)
        reason = reason or check_notebook(path)
        if reason:
            result.status, result.reason = "not gradable", reason
        else:
            dest = out / "submitted" / student / assignment_id
            shutil.rmtree(dest, ignore_errors=True)
            dest.mkdir(parents=True)
            shutil.copy2(path, dest / expected_name)
            result.status, result.reason = _run_worker(out, assignment_id, student, cap)
            if result.status == "graded":
                result.score, result.per_function = read_scores(api.coursedir, assignment_id, student, functions)
                feedback = api.generate_feedback(assignment_id, student, force=True)
                if not feedback.get("success"):
                    result.reason = "graded, but the feedback report could not be written"
        result.seconds = time.monotonic() - started
        results.append(result)
    return results


def write_csv(results: list[Result], path: Path) -> None:
    functions: list[str] = []
    for r in results:
        functions += [f"{r.assignment}:{f}" for f in r.per_function if f"{r.assignment}:{f}" not in functions]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "assignment", "status", "score", "max_score", "reason", *functions])
        for r in results:
            cells = [r.per_function.get(f.split(":", 1)[1], "") if f.startswith(r.assignment + ":") else "" for f in functions]
            writer.writerow([r.student, r.assignment, r.status, r.score, r.max_score, r.reason, *cells])


def summary(results: list[Result]) -> str:
    lines = [f"{'student':24s} {'assignment':28s} {'status':13s} {'score':>11s}  reason"]
    for r in results:
        lines.append(f"{r.student:24s} {r.assignment:28s} {r.status:13s} {r.score:5.1f}/{r.max_score:<5.1f}  {r.reason[:70]}")
    graded = [r for r in results if r.status == "graded"]
    mean = sum(r.score / r.max_score for r in graded if r.max_score) / len(graded) * 100 if graded else 0.0
    counts = {s: sum(r.status == s for r in results) for s in ("graded", "not gradable", "timed out")}
    lines.append(
        f"graded {counts['graded']}, not gradable {counts['not gradable']}, timed out {counts['timed out']}; "
        f"mean score of graded submissions {mean:.1f} %"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--worker"]:
        return worker(Path(argv[1]), argv[2], argv[3])
    parser = argparse.ArgumentParser(prog="python -m autograder grade", description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", "-a", action="append", help="assignment ID (repeatable; default: all)")
    parser.add_argument("--submissions", type=Path, help="submissions folder (default: the bundled demo class)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="course folder for gradebook, CSV, feedback")
    args = parser.parse_args(argv)
    ids = args.assignment or assignment_ids()
    unknown = set(ids) - set(assignment_ids())
    if unknown:
        parser.error(f"unknown assignment(s): {', '.join(sorted(unknown))}")
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    submissions = args.submissions
    if submissions is None:
        from .demo import build_demo_class

        submissions = build_demo_class(out / "demo_submissions", ids)
    results = []
    for assignment_id in ids:
        results += grade_assignment(assignment_id, submissions.resolve(), out)
    write_csv(results, out / "grades.csv")
    print(summary(results))
    print(f"\ngradebook: {out / 'gradebook.db'}\ngrades:    {out / 'grades.csv'}\nfeedback:  {out / 'feedback'}/<student>/<assignment>/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
