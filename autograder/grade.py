"""Grade a class: autograde every submission with nbgrader, in parallel, into one gradebook.

    python -m autograder grade [--assignment ID ...] [--submissions DIR] [--out DIR] [--workers N]
                               [--force] [--student NAME ...] [--sandbox auto|bwrap|none] [--db URL]
                               [--scheduler ADDRESS] [--fresh-kernels]

SUBMISSIONS is nbgrader's layout, DIR/<student>/<assignment ID>/<notebook>.ipynb, a flat folder
of <student>.ipynb files, or a .zip exported from an LMS (see autograder.intake).
Without --submissions the bundled demo class is built and graded.

Each submission is checked first (is there a notebook, is it valid JSON and a valid
notebook?), then autograded by nbgrader's own autograde in a worker process
(autograder.pool): N workers run side by side, each on a private copy of the course,
under a per-cell timeout and a wall-time cap, its kernel in the sandbox (autograder.sandbox;
with bubblewrap each kernel is forked from a warmed-up process there, autograder.forkserver),
or on a Dask cluster with --scheduler (autograder.cluster). This process is the only writer of the
class gradebook: it stores each finished submission's scores with nbgrader's
SaveAutoGrades, then records the submission in OUT/results/<ID>/<student>.json.
A rerun skips every submission recorded there whose file has not changed, so a run
killed at any moment (even with kill -9) is finished by running the same command
again; --force regrades everything, --student regrades one student.
Outputs: OUT/gradebook.db (or the --db URL), OUT/grades.csv, OUT/feedback/<student>/<ID>/*.html
(hidden tests removed), OUT/autograded/.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import shutil
import sys
import warnings
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import nbformat
from tqdm import tqdm

from . import REPO_ROOT, assignment_ids, source_notebook
from .config import cell_timeout, kernel_preload
from .course import NbgraderError, check_expected, prepare_course
from .intake import IntakeError, find_notebook, normalise, read_notebook
from .pool import Job, WorkerPool
from .report import write_report
from .sandbox import DEFAULT_MAX_PROCESSES, SANDBOX_WARNING, SandboxError, resolve_mode
from .submissions import graded_functions

DEFAULT_OUT = REPO_ROOT / "grading"
WALL_CAP_FACTOR = 6  # a submission may run for this many cell timeouts in all
DEFAULT_MEMORY_MB = 4096  # address space of one worker and its kernel


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


def _digest(data: bytes | None) -> str:
    return hashlib.sha256(data).hexdigest() if data else ""


def _journal_path(out: Path, assignment_id: str, student: str) -> Path:
    return out / "results" / assignment_id / f"{student}.json"


def _write_journal(out: Path, result: Result, digest: str) -> None:
    """Record a finished submission (after the gradebook commit): a rerun skips it while its file is unchanged."""
    path = _journal_path(out, result.assignment, result.student)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"digest": digest, **asdict(result)}, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def _read_journal(out: Path, assignment_id: str, student: str) -> tuple[str, Result | None]:
    path = _journal_path(out, assignment_id, student)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data.pop("digest"), Result(**data)
    except (OSError, ValueError, TypeError, KeyError):
        return "", None


@contextmanager
def open_gradebook(coursedir, gb=None):
    """The gradebook of `coursedir`: `gb` when one is open already (a grading run keeps one), else a new one."""
    from nbgrader.api import Gradebook

    with warnings.catch_warnings():
        # nbgrader's gradebook API triggers SQLAlchemy "not in session" warnings that mean nothing to an instructor
        warnings.filterwarnings("ignore", message=".*not in session.*")
        if gb is not None:
            gb.db.expire_all()  # nbgrader's preprocessors write through gradebooks of their own
            yield gb
            return
        with Gradebook(coursedir.db_url, coursedir.course_id) as new:
            yield new


def save_grades(coursedir, assignment_id: str, student: str, notebook: Path, gb=None, nb=None) -> None:
    """Write the scores of an autograded notebook into the class gradebook, with nbgrader's own SaveAutoGrades, and the
    submission's time from the timestamp.txt beside it, as `nbgrader autograde` does: the formgrader counts a
    submission as autograded only when the gradebook's time is the one in submitted/<student>/<ID>/timestamp.txt."""
    from nbgrader.preprocessors import SaveAutoGrades
    from nbgrader.utils import parse_utc

    try:
        timestamp = parse_utc((notebook.parent / "timestamp.txt").read_text(encoding="utf-8").strip())
    except (OSError, ValueError, OverflowError):
        timestamp = None
    with open_gradebook(coursedir, gb) as gb:
        gb.update_or_create_student(student)
        gb.update_or_create_submission(assignment_id, student, timestamp=timestamp)
    nb = nb if nb is not None else nbformat.read(notebook, as_version=4)
    resources = {"nbgrader": {"notebook": notebook.stem, "assignment": assignment_id, "student": student,
                              "db_url": coursedir.db_url}}
    SaveAutoGrades().preprocess(nb, resources)


def read_scores(coursedir, assignment_id: str, student: str, functions: dict[str, dict], gb=None) -> tuple[float, dict]:
    """(total score, {graded function: points}) of one submission, from the gradebook of `coursedir`."""
    from nbgrader.api import MissingEntry

    with open_gradebook(coursedir, gb) as gb:
        try:
            submission = gb.find_submission(assignment_id, student)
        except MissingEntry:
            return 0.0, {}
        by_cell = {g.cell.name: g.score for nb in submission.notebooks for g in nb.grades}
        return submission.score, {fn: by_cell.get(info["test"], 0.0) for fn, info in functions.items()}


def _ungraded(student: str, assignment_id: str, functions: dict, reason: str) -> Result:
    """A submission that could not be graded: zero for every function, and why."""
    max_score = sum(f["points"] for f in functions.values())
    return Result(student, assignment_id, status="not gradable", reason=reason, max_score=max_score,
                  per_function={f: 0.0 for f in functions})


def _graded_reason(nb) -> str:
    """What a student should know about an autograded notebook (the kernel died part-way: autograder.verdicts)."""
    from .verdicts import KERNEL_DIED

    for index, cell in enumerate(nb.cells):
        if any(o.get("ename") == KERNEL_DIED for o in cell.get("outputs", [])):
            first = next((line.strip() for line in cell.source.splitlines() if line.strip()), "")
            return (f"the kernel died in cell {index + 1} (`{first[:50]}`); the functions from there on scored 0, "
                    "the ones before kept their points")
    return ""


def _failure(answer: dict, cap: float, timeout: int) -> tuple[str, str]:
    """(status, student-facing reason) of a job that did not finish normally."""
    if answer.get("timed_out"):
        return "timed out", f"grading stopped after {cap:.0f} s (a cell ran too long or never ended)"
    if answer.get("died"):
        return "not gradable", "the grading process died (the notebook may use too much memory)"
    log = answer.get("log", "")
    if "CellTimeoutError" in log:
        preview = log.split("Here is a preview of the cell contents:", 1)[-1].split("\n")
        first = next((line.strip() for line in preview if line.strip() and not line.strip().startswith("---")), "")
        where = f" (the cell starting `{first[:60]}`)" if first else ""
        return "timed out", f"a cell ran past the {timeout} s limit and did not stop when interrupted{where}"
    if "DeadKernelError" in log or "Kernel died" in log:
        return "not gradable", "the kernel died while running the notebook"
    last = [line for line in log.splitlines() if line.strip()][-2:]
    return "not gradable", "nbgrader could not grade it" + (": " + " | ".join(last) if last else "")


def _handed_in(folder: Path, notebook: Path) -> dict[str, str]:
    """nbgrader's records of a hand-in, kept beside the notebook as graded: `timestamp.txt` (the one `nbgrader collect`
    wrote when it is there and readable, otherwise the notebook file's modification time, UTC) and, for work submitted
    through nbgrader's exchange, its `submission_secret.txt`. nbgrader carries both to the autograded notebook and the
    feedback, where `release_feedback` needs them."""
    from nbgrader.utils import parse_utc

    records = {}
    try:
        text = (folder / "timestamp.txt").read_text(encoding="utf-8")[:100].strip()
        parse_utc(text)
        records["timestamp.txt"] = text
    except (OSError, ValueError, OverflowError, UnicodeDecodeError):
        try:
            moment = datetime.fromtimestamp(notebook.stat().st_mtime, UTC)
        except (OSError, ValueError, OverflowError):
            moment = datetime.now(UTC)
        records["timestamp.txt"] = moment.strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    try:
        secret = (folder / "submission_secret.txt").read_text(encoding="ascii")[:200].strip()
        if secret.isalnum():
            records["submission_secret.txt"] = secret
    except (OSError, ValueError):
        pass
    return records


def _prepare_job(out: Path, assignment_id: str, student: str, notebook: bytes, records: dict[str, str],
                 template_db: Path) -> Path:
    """A private nbgrader course holding this one submission (as intake read it, with nbgrader's `records` of it) and a
    copy of the gradebook; the submission as graded is also kept in OUT/submitted/<student>/<ID>/."""
    root = out / ".jobs" / assignment_id / student
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(out / "source" / assignment_id, root / "source" / assignment_id)
    name = source_notebook(assignment_id).name
    for course in (root, out):  # the job's course, and the class's (nbgrader's layout: the formgrader lists it)
        submitted = course / "submitted" / student / assignment_id
        shutil.rmtree(submitted, ignore_errors=True)
        submitted.mkdir(parents=True)
        (submitted / name).write_bytes(notebook)
        for record, text in records.items():
            (submitted / record).write_text(text, encoding="utf-8")
    shutil.copy2(template_db, root / "gradebook.db")
    return root


def _template_gradebook(out: Path, assignment_id: str, db_url: str | None) -> Path:
    """An SQLite gradebook that knows the assignment, copied into every job (workers never touch the class one)."""
    template = out / ".jobs" / assignment_id / "gradebook-template.db"
    template.parent.mkdir(parents=True, exist_ok=True)
    if db_url is None:  # the class gradebook is this SQLite file already
        shutil.copy2(out / "gradebook.db", template)
        return template
    scratch = out / ".jobs" / assignment_id / "template-course"
    shutil.rmtree(scratch, ignore_errors=True)
    prepare_course(scratch, assignment_id)
    shutil.copy2(scratch / "gradebook.db", template)
    shutil.rmtree(scratch, ignore_errors=True)
    return template


def _replace_tree(src: Path, dest: Path) -> None:
    shutil.rmtree(dest, ignore_errors=True)
    if src.is_dir():
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(src, dest)


def _share_cores(workers: int) -> None:
    """TensorFlow sizes its thread pools by the machine's cores, whatever else runs: with `workers` kernels side by
    side, each gets its share (which also keeps a kernel under the sandbox's cap on processes, which counts threads).
    Settings the instructor made (TF_NUM_INTRAOP_THREADS, TF_NUM_INTEROP_THREADS) are kept."""
    os.environ.setdefault("TF_NUM_INTRAOP_THREADS", str(max(1, (os.cpu_count() or 1) // max(1, workers))))
    os.environ.setdefault("TF_NUM_INTEROP_THREADS", "2")


def grade_assignment(
    assignment_id: str,
    submissions: Path,
    out: Path,
    workers: int | None = None,
    force: bool = False,
    only: set[str] | None = None,
    progress: bool = True,
    memory_mb: int | None = DEFAULT_MEMORY_MB,
    sandbox: str = "auto",
    max_processes: int = DEFAULT_MAX_PROCESSES,
    hide: list[Path] | None = None,
    db_url: str | None = None,
    scheduler: str | None = None,
    fresh_kernels: bool = False,
) -> list[Result]:
    """Grade every submission of one assignment (in parallel); skip those graded before, unless forced.

    sandbox: auto | bwrap | none (autograder.sandbox); hide: more folders kernels must not see (the
    grading output and `submissions` always are); db_url: the class gradebook's SQLAlchemy URL (default
    SQLite in `out`); scheduler: a Dask scheduler address to run the jobs on instead of local workers;
    fresh_kernels: start every kernel in a sandbox of its own instead of forking it from the worker's
    warmed-up one (autograder.forkserver).
    """
    functions = graded_functions(assignment_id)
    max_score = sum(f["points"] for f in functions.values())
    expected_name = source_notebook(assignment_id).name
    cap = WALL_CAP_FACTOR * cell_timeout(assignment_id)
    students = sorted(p.name for p in submissions.iterdir() if p.is_dir() and not p.name.startswith("."))
    box = {"mode": resolve_mode(sandbox), "max_processes": max_processes, "fork": not fresh_kernels,
           "preload": kernel_preload(assignment_id),
           "hide": sorted({str(p) for p in (out, submissions, *(hide or []))})}
    jobs_folder = out / ".jobs" / assignment_id
    jobs_folder.mkdir(parents=True, exist_ok=True)  # hidden from kernels: it must exist when their sandbox starts

    results: dict[str, Result] = {}
    digests: dict[str, str] = {}
    todo: list[tuple[str, bytes]] = []
    for student in students:
        try:
            path, reason = find_notebook(submissions / student / assignment_id, expected_name)
        except OSError as error:  # an unreadable folder: this student's problem only
            path, reason = None, f"the submission folder could not be read ({error.strerror or error})"
        data, reason = read_notebook(path) if path else (None, reason)
        digests[student] = digest = _digest(data)
        old_digest, old = _read_journal(out, assignment_id, student)
        regrade = force or (only is not None and student in only)
        if old and old_digest == digest and not regrade:
            results[student] = old  # graded before, file unchanged
            continue
        if only is not None and student not in only:
            continue
        if reason:
            results[student] = blank = _ungraded(student, assignment_id, functions, reason)
            _write_journal(out, blank, digest)
            continue
        todo.append((student, data, _handed_in(submissions / student / assignment_id, path)))

    if scheduler:
        from .cluster import DaskPool

        pool = DaskPool(scheduler, memory_mb=memory_mb)
    else:
        _share_cores(workers or os.cpu_count() or 1)
        pool = WorkerPool(workers or os.cpu_count() or 1, out / ".jobs" / "logs", memory_mb=memory_mb,
                          warm={"sandbox": box, "jobs": str(jobs_folder)})
        pool.start(len(todo))  # the workers load nbgrader and start their sandboxes while the course is set up
    try:
        api = prepare_course(out, assignment_id, db_url, link=True)
        template_db = _template_gradebook(out, assignment_id, db_url)
    except BaseException:
        if not scheduler:
            pool.close()
        raise
    jobs = []
    for student, data, records in todo:
        try:
            root = _prepare_job(out, assignment_id, student, data, records, template_db)
        except OSError as error:  # e.g. a full disk: this student is reported, the others are graded
            results[student] = _ungraded(student, assignment_id, functions, f"could not be set up for grading ({error})")
            continue
        payload = {"root": str(root), "assignment": assignment_id, "student": student, "sandbox": box}
        jobs.append(Job(student, payload, cap))

    bar = tqdm(total=len(jobs), desc=assignment_id, unit="submission", disable=not progress or not jobs)
    gradebook = ExitStack()  # the class gradebook, opened once by the thread that stores the results

    def done(job: Job, answer: dict) -> None:
        nonlocal class_gb
        student = job.id
        root = Path(job.payload["root"])
        result = Result(student, assignment_id, max_score=max_score, per_function={f: 0.0 for f in functions})
        result.seconds = answer.get("seconds", 0.0)
        if answer.get("ok"):
            try:
                if class_gb is None:
                    class_gb = gradebook.enter_context(open_gradebook(api.coursedir))
                notebook = root / "autograded" / student / assignment_id / expected_name
                _replace_tree(notebook.parent, out / "autograded" / student / assignment_id)
                autograded = nbformat.read(notebook, as_version=4)
                save_grades(api.coursedir, assignment_id, student, notebook, class_gb, autograded)
                result.score, result.per_function = read_scores(api.coursedir, assignment_id, student, functions, class_gb)
                _replace_tree(root / "feedback" / student / assignment_id, out / "feedback" / student / assignment_id)
                result.reason = _graded_reason(autograded)
                if not answer.get("feedback"):
                    result.reason = "graded, but the feedback report could not be written"
            except Exception as error:  # noqa: BLE001 - one result that cannot be stored never stops the class
                result = _ungraded(student, assignment_id, functions, f"the grades could not be stored ({error})"[:300])
                if class_gb is not None:
                    class_gb.db.rollback()
        else:
            result.status, result.reason = _failure(answer, job.cap, cell_timeout(assignment_id))
        _write_journal(out, result, digests[student])
        shutil.rmtree(root, ignore_errors=True)
        results[student] = result
        bar.update()

    class_gb = None
    pool.run(jobs, done, finish=gradebook.close)
    bar.close()
    return [results[s] for s in students if s in results]


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
    width = max([len("assignment"), *(len(r.assignment) for r in results)])
    lines = [f"{'student':24s} {'assignment':{width}s} {'status':13s} {'score':>11s}  reason"]
    for r in results:
        lines.append(f"{r.student:24s} {r.assignment:{width}s} {r.status:13s} {r.score:5.1f}/{r.max_score:<5.1f}  {r.reason[:70]}")
    graded = [r for r in results if r.status == "graded"]
    mean = sum(r.score / r.max_score for r in graded if r.max_score) / len(graded) * 100 if graded else 0.0
    counts = {s: sum(r.status == s for r in results) for s in ("graded", "not gradable", "timed out")}
    lines.append(
        f"graded {counts['graded']}, not gradable {counts['not gradable']}, timed out {counts['timed out']}; "
        f"mean score of graded submissions {mean:.1f} %"
    )
    return "\n".join(lines)


COURSE_CONFIG = '''"""nbgrader's configuration of this grading output, written by `python -m autograder grade`.

`make formgrader` starts JupyterLab here: nbgrader's formgrader then shows this class as graded (the same
gradebook), for manual grading, comments and feedback.
"""

from autograder.config import configure

c = configure(get_config(), root={root!r}, db_url={db!r})  # noqa: F821 - get_config is provided by nbgrader
c.Exchange.root = {exchange!r}  # a local exchange, so that nbgrader does not look for a JupyterHub one
'''


def write_course_config(out: Path, db_url: str | None) -> None:
    """Make the grading output an nbgrader course of its own (nbgrader_config.py), which `make formgrader` opens."""
    text = COURSE_CONFIG.format(root=str(out), db=db_url, exchange=str(out / "exchange"))
    (out / "nbgrader_config.py").write_text(text, encoding="utf-8")
    # nbgrader's exchange must exist and be writable, or the formgrader warns and hides Release / Collect; this one is
    # the instructor's own (mode 755): a class shares an exchange on JupyterHub
    (out / "exchange").mkdir(mode=0o755, exist_ok=True)


def _shown_url(url: str) -> str:
    """A database URL without its password, for printing."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL is reported by nbgrader, not here
        return url


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    warnings.filterwarnings("ignore", message=".*not in session.*")  # see read_scores
    parser = argparse.ArgumentParser(prog="python -m autograder grade", description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", "-a", action="append", help="assignment ID (repeatable; default: all)")
    parser.add_argument("--submissions", type=Path, help="nbgrader's submitted/ folder, a flat folder of <student>.ipynb, "
                        "or an LMS .zip (default: the bundled demo class)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="course folder for gradebook, CSV, feedback")
    parser.add_argument("--workers", "-j", type=int, default=os.cpu_count(), help="parallel workers (default: cores)")
    parser.add_argument("--force", action="store_true", help="regrade every submission, even those graded before")
    parser.add_argument("--student", action="append", help="regrade only this student (repeatable)")
    parser.add_argument("--memory-mb", type=int, default=DEFAULT_MEMORY_MB,
                        help="address-space cap of each worker and its kernel, in MB (0: none)")
    parser.add_argument("--cell-timeout", type=int, help="seconds per cell for every assignment (default: per assignment)")
    parser.add_argument("--sandbox", choices=("auto", "bwrap", "none"), default="auto",
                        help="isolate each kernel with bubblewrap: auto (when it works here), bwrap (or refuse to run), "
                        "none (resource limits only)")
    parser.add_argument("--max-processes", type=int, default=DEFAULT_MAX_PROCESSES,
                        help="processes and threads one kernel may run (a fork bomb stops here)")
    parser.add_argument("--fresh-kernels", action="store_true",
                        help="start every kernel from scratch in a sandbox of its own, instead of forking it from a "
                        "warmed-up process in the worker's sandbox (slower)")
    parser.add_argument("--db", default=os.environ.get("DLCOURSE_DB_URL"), metavar="URL",
                        help="SQLAlchemy URL of the class gradebook, e.g. postgresql+psycopg2://user@host/course "
                        "(default: $DLCOURSE_DB_URL, else OUT/gradebook.db)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="run the grading jobs on a Dask cluster, e.g. tcp://10.0.0.5:8786 (see the README)")
    args = parser.parse_args(argv)
    try:
        mode = resolve_mode(args.sandbox)
    except SandboxError as error:
        parser.error(str(error))
    if mode == "none" and not args.scheduler:
        print(f"warning: {SANDBOX_WARNING}", file=sys.stderr)
    if args.cell_timeout:
        os.environ["DLCOURSE_CELL_TIMEOUT"] = str(args.cell_timeout)  # read by the workers' nbgrader config too
    ids = args.assignment or assignment_ids()
    unknown = set(ids) - set(assignment_ids())
    if unknown:
        parser.error(f"unknown assignment(s): {', '.join(sorted(unknown))}")
    for assignment_id in ids:
        try:
            check_expected(assignment_id)
        except NbgraderError as error:  # the course is not ready to grade this assignment: say how to make it so
            parser.exit(2, f"error: {error}\n")
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    submissions = args.submissions
    if submissions is None:
        from .demo import build_demo_class

        submissions = build_demo_class(out / "demo_submissions", ids)
    results = []
    for assignment_id in ids:
        try:
            folder = normalise(submissions.resolve(), assignment_id, source_notebook(assignment_id).name,
                               out / ".intake", assignment_ids(), several=len(ids) > 1)
        except IntakeError as error:
            parser.error(str(error))
        hidden = [submissions.resolve() if submissions.is_dir() else submissions.resolve().parent]
        try:
            done = grade_assignment(assignment_id, folder, out, workers=args.workers, force=args.force,
                                    only=set(args.student) if args.student else None, memory_mb=args.memory_mb or None,
                                    sandbox=mode, max_processes=args.max_processes, hide=hidden, db_url=args.db,
                                    scheduler=args.scheduler, fresh_kernels=args.fresh_kernels)
        except NbgraderError as error:  # the course could not be set up: nothing was graded
            lines = [line.strip() for line in str(error).splitlines() if line.strip()]
            cause = next((line for line in reversed(lines) if "Error" in line), lines[-1] if lines else "")
            where = _shown_url(args.db) if args.db else out / "gradebook.db"
            parser.exit(2, f"error: could not set up {assignment_id} in the gradebook {where}:\n  {cause}\n"
                        "(for a database URL, check it and install its driver, e.g. pip install psycopg2-binary "
                        "for postgresql+psycopg2://)\n")
        write_report(assignment_id, done, out)
        results += done
    write_csv(results, out / "grades.csv")
    write_course_config(out, args.db)
    print(summary(results))
    print(f"\ngradebook: {_shown_url(args.db) if args.db else out / 'gradebook.db'}\ngrades:    {out / 'grades.csv'}\n"
          f"feedback:  {out / 'feedback'}/<student>/<assignment>/\nreport:    {out / 'report'}/<assignment>.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
