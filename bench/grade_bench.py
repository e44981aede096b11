"""Benchmark: our class grader against plain `nbgrader autograde` on the same seeded class.

    make bench            (or: python bench/grade_bench.py [--assignment ID] [--students 40] [--workers N])

`make bench` runs it twice: 40 submissions of C1W2 (numpy) and 20 of C4W2A (TensorFlow / Keras, whose
import costs seconds per kernel). A seeded class (correct, partly filled where the assignment has several
graded functions, wrong answers, blank, broken JSON, missing notebook) is graded three ways on this
machine, in this run:

1. baseline: every gradable notebook executed with nbclient alone, one after another, split into
   kernel start, the imports cell, and the rest of the notebook (the notebook's own execution);
2. plain `nbgrader autograde` (its command line, serial, one process) on a course configured like ours;
3. `python -m autograder grade` with N workers (default: the number of cores), and with one.

Plain nbgrader and ours with N workers run --repeat times each, taking turns, and the best time of
each counts (a shared machine's noise slows a run, it never speeds one up); every time is kept in
the JSON. Writes bench/results/grading.json and grading.md (C1W2; grading_<ID>.* for another
assignment): seconds per submission,
the split, the speed ratio and our overhead per submission above the notebook's own execution.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder import source_notebook  # noqa: E402
from autograder.config import kernel_preload  # noqa: E402
from autograder.course import prepare_course  # noqa: E402
from autograder.release import build_release  # noqa: E402
from autograder.sandbox import resolve_mode  # noqa: E402
from autograder.submissions import filled_release, graded_functions, replace_answer  # noqa: E402

ID = "C1W2_Logistic_Regression"  # the assignment benchmarked (main() sets it from --assignment)
RESULTS = ROOT / "bench" / "results"
# a wrong answer for one graded function, where a typical one is at hand; others return None
WRONG = {"C1W2_Logistic_Regression": "def sigmoid(z):\n    return z"}


def results_stem() -> str:
    return "grading" if ID == "C1W2_Logistic_Regression" else f"grading_{ID}"


def build_class(folder: Path, n: int, seed: int = 0) -> dict[str, str]:
    """n submissions of C1W2 in nbgrader's layout; returns {student: kind}."""
    rng = random.Random(seed)
    name = source_notebook(ID).name
    release = build_release(ID)
    functions = list(graded_functions(ID))
    solution = filled_release(ID, None, release)
    kinds = ["correct"] * 15 + ["partial"] * 10 + ["wrong"] * 6 + ["blank"] * 5 + ["broken json"] * 2 + ["no notebook"] * 2
    if len(functions) == 1:  # nothing to fill partly: a class of 20 with more correct and wrong ones instead
        kinds = ["correct"] * 10 + ["wrong"] * 5 + ["blank"] * 3 + ["broken json"] + ["no notebook"]
    kinds = (kinds * (n // len(kinds) + 1))[:n]
    rng.shuffle(kinds)
    out = {}
    for i, kind in enumerate(kinds):
        student = f"student{i:02d}"
        path = folder / student / ID / name
        path.parent.mkdir(parents=True)
        out[student] = kind
        if kind == "correct":
            nb = solution
        elif kind == "partial":
            nb = filled_release(ID, set(rng.sample(functions, rng.randint(1, len(functions) - 1))), release)
        elif kind == "wrong":
            if ID in WRONG:
                nb = replace_answer(solution, functions[0], WRONG[ID])
            else:
                function = rng.choice(functions)
                nb = replace_answer(solution, function, f"def {function}(*args, **kwargs):\n    return None")
        elif kind == "blank":
            nb = release
        elif kind == "broken json":
            text = nbformat.writes(solution)
            path.write_text(text[: len(text) // 3], encoding="utf-8")
            continue
        else:
            path.parent.rmdir()
            continue
        nbformat.write(nb, path)
    return out


def baseline(folder: Path) -> dict:
    """Execute each gradable notebook with nbclient alone: kernel start, imports cell, the rest."""
    split = {"kernel_start": 0.0, "imports": 0.0, "execution": 0.0}
    count = 0
    env_before = os.environ.get("DLCOURSE_QUICK")
    os.environ["DLCOURSE_QUICK"] = "1"  # as under both graders
    try:
        for path in sorted(folder.glob(f"*/{ID}/*.ipynb")):
            try:
                nb = nbformat.read(path, as_version=4)
            except Exception:  # noqa: BLE001 - broken files are not executed by anyone
                continue
            client = NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                                    resources={"metadata": {"path": str(path.parent)}})
            t0 = time.perf_counter()
            with client.setup_kernel():
                t1 = time.perf_counter()
                code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
                client.execute_cell(nb.cells[code[0]], code[0])
                t2 = time.perf_counter()
                for i in code[1:]:
                    client.execute_cell(nb.cells[i], i)
                t3 = time.perf_counter()
            split["kernel_start"] += t1 - t0
            split["imports"] += t2 - t1
            split["execution"] += t3 - t2
            count += 1
    finally:
        if env_before is None:
            os.environ.pop("DLCOURSE_QUICK", None)
    return {"notebooks": count, **{k: v / count for k, v in split.items()}}


def plain_nbgrader(folder: Path, work: Path) -> float:
    """Wall seconds of `nbgrader autograde ID` over the whole class (serial, one process)."""
    course = work / "plain"
    prepare_course(course, ID)
    shutil.copytree(folder, course / "submitted")
    (course / "nbgrader_config.py").write_text(
        f"from autograder.config import configure\nconfigure(get_config(), {str(course)!r}, {ID!r})  # noqa: F821\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DLCOURSE_QUICK": "1"}
    nbgrader = str(Path(sys.executable).parent / "nbgrader")
    t0 = time.perf_counter()
    subprocess.run([nbgrader, "autograde", ID, "--force"], cwd=course, env=env, capture_output=True)
    return time.perf_counter() - t0


def ours(folder: Path, work: Path, workers: int) -> float:
    cmd = [sys.executable, "-m", "autograder", "grade", "-a", ID, "--submissions", str(folder),
           "--out", str(work / "ours"), "-j", str(workers)]
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, check=True)
    return time.perf_counter() - t0


def write_markdown(figures: dict) -> None:
    """bench/results/grading.md from the figures (python bench/grade_bench.py --markdown rewrites it from grading.json)."""
    split = figures["baseline_per_gradable_notebook_s"]
    kinds = ", ".join(f"{v} {k}" for k, v in figures["kinds"].items())
    runs = lambda key: ", ".join(f"{t:.1f}" for t in figures.get(key, []))  # noqa: E731
    plain_runs, ours_runs = runs("plain_nbgrader_runs_s"), runs("ours_runs_s")
    plain_total = figures["plain_nbgrader_total_s"]
    cells_ours = figures.get("ours_overhead_above_cells_s", float("nan"))
    cells_plain = figures.get("plain_overhead_above_cells_s", float("nan"))
    compute = ("The notebooks are compute-bound numpy: two kernels side by side on two cores each get one core, so the two "
               "workers cannot halve the cells' time." if not figures.get("preloaded") else
               f"This assignment asks the zygote to import {', '.join(figures['preloaded'])} once per worker "
               "(metadata.dlcourse.preload), so a forked kernel does not pay that import either.")
    (RESULTS / f"{figures.get('stem', 'grading')}.md").write_text(
        f"""# Grading benchmark (generated by `make bench`)

{figures['machine']}; {figures['submissions']} submissions of {figures['assignment']} ({kinds}).

| | total (s) | per submission (s) | runs (s) |
|---|---|---|---|
| plain `nbgrader autograde` (serial) | {plain_total:.1f} | {figures['plain_nbgrader_per_submission_s']:.2f} | {plain_runs} |
| ours, {figures['workers']} workers | {figures['ours_total_s']:.1f} | {figures['ours_per_submission_s']:.2f} | {ours_runs} |
| ours, 1 worker | {figures['ours_one_worker_total_s']:.1f} | {figures['ours_one_worker_total_s'] / figures['submissions']:.2f} | |

Speed ratio (plain nbgrader time / ours, best run of each): **{figures['speed_ratio']}x** with {figures['workers']} workers,
{figures['speed_ratio_one_worker']}x with one.

A notebook's own run, per gradable notebook ({figures['gradable']} of {figures['submissions']}), measured with nbclient alone: kernel start
{split['kernel_start']:.2f} s, imports cell {split['imports']:.2f} s, the other cells {split['execution']:.2f} s.
Overhead per submission above that, both graders serial: ours {figures['ours_overhead_per_submission_s']:.2f} s,
plain nbgrader {figures['plain_overhead_per_submission_s']:.2f} s; above the cells alone: ours
{cells_ours:.2f} s, plain nbgrader {cells_plain:.2f} s.
Both include their fixed costs per run, divided by {figures['submissions']} (ours: setting up the course, starting the
workers and their sandboxes, writing the class report). Ours forks each kernel from a process in the worker's
sandbox that has imported ipykernel, numpy, matplotlib and h5py already (autograder.forkserver), so it pays
neither the kernel start nor most of the imports cell: its overhead above the notebook's own run can be below
zero. Ours also does more per submission than plain `nbgrader autograde`: it writes each student's feedback
HTML, and runs each kernel in the sandbox (here: {figures['sandbox']}). {compute}
"""
    )


def main(argv: list[str] | None = None) -> int:
    global ID
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", default="C1W2_Logistic_Regression")
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=2, help="runs of plain nbgrader and of ours (best counts)")
    parser.add_argument("--markdown", action="store_true", help="only rewrite grading.md from grading.json")
    args = parser.parse_args(argv)
    ID = args.assignment
    if args.markdown:
        write_markdown(json.loads((RESULTS / f"{results_stem()}.json").read_text()))
        return 0
    with tempfile.TemporaryDirectory(prefix="dlcourse-bench-") as tmp:
        work = Path(tmp)
        kinds = build_class(work / "class", args.students)
        base = baseline(work / "class")
        plain_runs, ours_runs = [], []
        for i in range(max(1, args.repeat)):
            plain_runs.append(plain_nbgrader(work / "class", work / f"plain-{i}"))
            ours_runs.append(ours(work / "class", work / f"ours-{i}", args.workers))
        t_plain, t_ours = min(plain_runs), min(ours_runs)
        t_ours_1 = ours(work / "class", work / "one", 1)
    n = len(kinds)
    own = base["kernel_start"] + base["imports"] + base["execution"]
    gradable = base["notebooks"]
    figures = {
        "machine": f"{platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "assignment": ID,
        "submissions": n,
        "kinds": {k: list(kinds.values()).count(k) for k in sorted(set(kinds.values()))},
        "workers": args.workers,
        "gradable": gradable,
        "sandbox": resolve_mode("auto"),  # what `ours` ran its kernels in (autograder.sandbox)
        "preloaded": kernel_preload(ID),  # what the zygote imports besides numpy, matplotlib, h5py
        "stem": results_stem(),
        "baseline_per_gradable_notebook_s": {k: round(v, 3) for k, v in base.items() if k != "notebooks"},
        "plain_nbgrader_runs_s": [round(t, 1) for t in plain_runs],
        "ours_runs_s": [round(t, 1) for t in ours_runs],
        "plain_nbgrader_total_s": round(t_plain, 1),
        "ours_total_s": round(t_ours, 1),
        "ours_one_worker_total_s": round(t_ours_1, 1),
        "plain_nbgrader_per_submission_s": round(t_plain / n, 2),
        "ours_per_submission_s": round(t_ours / n, 2),
        "speed_ratio": round(t_plain / t_ours, 2),
        "speed_ratio_one_worker": round(t_plain / t_ours_1, 2),
        # seconds per submission beyond the notebook's own run (kernel start, imports, cells), both serial
        "ours_overhead_per_submission_s": round((t_ours_1 - own * gradable) / n, 2),
        "plain_overhead_per_submission_s": round((t_plain - own * gradable) / n, 2),
        # the same beyond its cells alone (ours forks a kernel with the imports done: no start, no imports to pay)
        "ours_overhead_above_cells_s": round((t_ours_1 - base["execution"] * gradable) / n, 2),
        "plain_overhead_above_cells_s": round((t_plain - base["execution"] * gradable) / n, 2),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{results_stem()}.json").write_text(json.dumps(figures, indent=2) + "\n")
    write_markdown(figures)
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
