"""The hostile corpus: submissions that attack the grader, each with the verdict and score it must get.

    python -m autograder hostile [--out DIR] [-j N]        (make grade-hostile)

All of them are graded in one run of the real grader (C1W1, sandbox required). Most
attacks sit in front of a correct basic_sigmoid and set LEAKED when they get through;
the function then answers wrong, so a leak shows as a lost point (7/8 instead of 8/8)
and the case fails. The rest are broken or tampered notebooks, and bombs whose damage
is checked on disk (sizes of the stored notebook and feedback, files written outside).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import REPO_ROOT, source_notebook
from .release import build_release
from .submissions import filled_release, graded_functions, replace_answer, write_submissions

ID = "C1W1_Python_Basics"
CELL_TIMEOUT = 10  # seconds; every honest cell of C1W1 takes well under one
SECRET = "hostile-corpus-secret-7f3a"  # put in the grader's environment; no kernel may see it
MAX_FEEDBACK_BYTES = 5_000_000
CORRECT = "import math\n\ndef basic_sigmoid(x):\n    if LEAKED:\n        return 0.0\n    return 1 / (1 + math.exp(-x))"
WRONG_SIGMOID = "import numpy as np\n\ndef sigmoid(x):\n    return np.exp(x)"


@dataclass
class Case:
    what: str  # the attack, in words
    status: str  # expected verdict
    score: float  # expected score out of 8
    check: Callable[[Path], str] | None = None  # more checks on the grading output: '' when fine, else the problem


def _attack(code: str) -> str:
    """An answer cell running `code` (which sets LEAKED) before a correct basic_sigmoid that fails when LEAKED."""
    return "LEAKED = False\n" + code.strip() + "\nprint('attack got through:', LEAKED)\n" + CORRECT


def _try(code: str) -> str:
    """LEAKED = True when `code` runs without an exception."""
    body = "\n".join("    " + line for line in code.strip().split("\n"))
    return f"try:\n{body}\n    LEAKED = True\nexcept Exception as error:\n    print('blocked:', type(error).__name__)"


MARK = "attack installed"


def _ran(student: str) -> Callable[[Path], str]:
    """The attack code really ran in the grader's kernel (its answer cell printed MARK)."""
    def check(out: Path) -> str:
        path = out / "autograded" / student / ID / source_notebook(ID).name
        if not path.is_file():
            return "no autograded notebook"
        return "" if MARK in path.read_text(encoding="utf-8") else "the attack did not run (no mark in its outputs)"
    return check


def _reason(student: str, words: str) -> Callable[[Path], str]:
    def check(out: Path) -> str:
        import csv

        rows = {r["student"]: r for r in csv.DictReader((out / "hostile_grades.csv").open(encoding="utf-8"))}
        reason = rows.get(student, {}).get("reason", "")
        return "" if words in reason else f"reason {reason!r} does not say {words!r}"
    return check


# Attacks on the verdict itself. Each runs in the first answer cell of the blank release, before its stub:
# it must score 0, as the blank does.
VERDICT_ATTACKS = {
    "v_reload_noop": ("importlib.reload rebound to return an object whose every attribute is a no-op (the issue's)", """
import importlib
class _Nothing:
    def __getattr__(self, name):
        return lambda *a, **k: None
importlib.reload = lambda module: _Nothing()
importlib.import_module = lambda name, package=None: _Nothing()
"""),
    "v_shadow_checker": ("files dlchecks/ and public_tests.py with no-op checks in the working folder, ahead on sys.path", """
import os, sys
os.makedirs("dlchecks", exist_ok=True)
for name in ("__init__", "core", "c1w1"):
    with open(f"dlchecks/{name}.py", "w") as f:
        f.write("def grade(*a, **k):\n    pass\n\ndef __getattr__(name):\n    return lambda *a, **k: None\n")
with open("public_tests.py", "w") as f:
    f.write("def __getattr__(name):\n    return lambda *a, **k: None\n")
for module in [m for m in sys.modules if m.split(".")[0] in ("dlchecks", "public_tests")]:
    del sys.modules[module]
import dlchecks
assert dlchecks.__file__.startswith(os.getcwd()), dlchecks.__file__
"""),
    "v_forge_observations": ("a fake dlchecks in sys.modules that reports the public expected values (found on the "
                             "check objects) with huge tolerances, for every case", """
import json, sys, types
import numpy as np
from IPython.display import display
import dlchecks.core as real
def fake_grade(check, target, hidden=(), **kwargs):
    cases = []
    for case in [*check.cases, *[None] * len(hidden)]:
        values = {}
        for label, value in (case.expected.items() if case else []):
            values[label] = {"how": "close", "rtol": 1e9, "atol": 1e9, "shape": False, "allow_list": True,
                             "value": real.encode(np.array(value))}
        cases.append({"values": values, "failed": None, "given": ""})
    display({real.MIME: json.dumps({"check": check.name, "public": len(check.cases), "cases": cases})}, raw=True)
fake = types.ModuleType("dlchecks")
fake.grade = fake_grade
sys.modules["dlchecks"] = fake
"""),
    "v_meta_path_hook": ("an import hook (sys.meta_path) that serves a no-op dlchecks", """
import importlib.abc, importlib.machinery, sys
class Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        return importlib.machinery.ModuleSpec(name, self) if name.split(".")[0] == "dlchecks" else None
    def create_module(self, spec):
        return None
    def exec_module(self, module):
        module.grade = lambda *a, **k: None
        module.__path__ = []
sys.meta_path.insert(0, Finder())
for module in [m for m in sys.modules if m.split(".")[0] == "dlchecks"]:
    del sys.modules[module]
"""),
    "v_user_site": ("a .pth file and usercustomize.py in the user site folder", """
import os, site
folder = site.getusersitepackages()
os.makedirs(folder, exist_ok=True)
with open(os.path.join(folder, "zz_dlcourse.pth"), "w") as f:
    f.write("import sys; sys.modules['dlchecks'] = None\n")
with open(os.path.join(folder, "usercustomize.py"), "w") as f:
    f.write("import builtins\nbuiltins.AssertionError = Exception\n")
"""),
    "v_rebind_builtins": ("builtins and numpy rebound: repr, print, float comparisons, np.allclose, ndarray.tolist "
                          "through a subclass", """
import builtins
import numpy as np
builtins.repr = lambda x: "0.7310585786300049"
builtins.AssertionError = type("AssertionError", (Exception,), {})
np.allclose = lambda *a, **k: True
np.isclose = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None
np.array2string = lambda *a, **k: "ok"
"""),
    "v_silence_errors": ("every exception swallowed: IPython's custom exception handler, showtraceback, sys.excepthook", """
import sys
ip = get_ipython()
ip.set_custom_exc((BaseException,), lambda *a, **k: None)
ip.showtraceback = lambda *a, **k: None
type(ip)._showtraceback = lambda *a, **k: None
sys.excepthook = lambda *a: None
"""),
    "v_partial_credit": ("an AST transformer that makes every cell end with the value 8.0 (nbgrader reads a number "
                         "as partial credit)", """
import ast
class AddPoints(ast.NodeTransformer):
    def visit_Module(self, node):
        node.body.append(ast.Expr(ast.Constant(8.0)))
        return ast.fix_missing_locations(node)
get_ipython().ast_transformers.append(AddPoints())
"""),
    "v_rewrite_cells": ("an input transformer that turns every cell with hidden tests into `pass`", """
def blank_tests(lines):
    return ["pass\n"] if any("HIDDEN TESTS" in line or "grade(" in line for line in lines) else lines
get_ipython().input_transformers_post.append(blank_tests)
"""),
    "v_silence_display": ("IPython's display replaced by a no-op, so nothing reaches the grader", """
import IPython.display
IPython.display.display = lambda *a, **k: None
get_ipython().display_pub.publish = lambda *a, **k: None
"""),
    "v_frames_gc": ("every check found through the garbage collector, its probe swapped for one that replays the "
                    "public expected values through the real recorder", """
import gc
import numpy as np
from dlchecks.core import Check
def replay(t, f, *args):
    for label, value in (t.case.expected or {}).items():
        t.close(label, np.array(value), rtol=1e9, atol=1e9, shape=False)
checks = [o for o in gc.get_objects() if isinstance(o, Check)]
for check in checks:
    check.probe = replay
print("checks found:", len(checks))
"""),
}


def _small_outputs(student: str) -> Callable[[Path], str]:
    def check(out: Path) -> str:
        name = source_notebook(ID).name
        files = [out / "autograded" / student / ID / name, out / "feedback" / student / ID / name.replace(".ipynb", ".html")]
        big = [f"{f.name}: {f.stat().st_size} bytes" for f in files if f.is_file() and f.stat().st_size > MAX_FEEDBACK_BYTES]
        missing = [f.name for f in files if not f.is_file()]
        return "; ".join(big + [f"missing {m}" for m in missing])
    return check


def _not_written(*paths: Path) -> Callable[[Path], str]:
    def check(out: Path) -> str:
        return "; ".join(f"{p} was written" for p in paths if p.exists())
    return check


def _no_hidden_tests_in_feedback(student: str) -> Callable[[Path], str]:
    def check(out: Path) -> str:
        from .feedback import hidden_lines

        source = nbformat.read(source_notebook(ID), as_version=4)
        hidden = {line for c in source.cells for line in hidden_lines(c.source, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")[1]}
        # a hidden line that also appears in the student's own notebook (def sigmoid(x):) is no secret
        hidden -= {line.strip() for c in filled_release(ID).cells for line in c.source.split("\n")}
        if not hidden:
            return "the source has no hidden test lines to look for"
        html = (out / "feedback" / student / ID / source_notebook(ID).name.replace(".ipynb", ".html")).read_text()
        shown = [line for line in hidden if len(line) > 12 and line in html]
        return f"hidden test lines in the feedback: {shown[:2]}" if shown else ""
    return check


def build_hostile_class(folder: Path, out: Path, port: int) -> dict[str, Case]:
    """Write the corpus into nbgrader's layout under `folder`; `out` is where it will be graded, `port` a TCP
    port the grader's machine listens on (the kernel must not reach it)."""
    release = build_release(ID)
    solution = filled_release(ID, None, release)
    first = next(iter(graded_functions(ID)))
    answer = lambda code: replace_answer(solution, first, code)  # noqa: E731
    gradebook, src = out / "gradebook.db", source_notebook(ID)
    other = folder / "a_honest" / ID / src.name
    outside = [REPO_ROOT / "hostile-was-here.txt", out / "hostile-was-here.txt", folder / "hostile-was-here.txt"]
    notebooks, cases = {}, {}

    def add(student, nb, case):
        notebooks[student] = nb
        cases[student] = case

    add("a_honest", solution, Case("an honest full solution", "graded", 8))
    add("b_blank", release, Case("the release as handed out", "graded", 0))
    stub = next(c.source for c in release.cells if c.metadata.get("nbgrader", {}).get("grade_id") == first)
    for student, (what, code) in VERDICT_ATTACKS.items():
        attack = code.strip() + f"\nprint({MARK!r})\n\n" + stub
        add(student, replace_answer(release, first, attack),
            Case(f"blank notebook + {what}", "graded", 0, _ran(student)))
    expected_json = REPO_ROOT / "notebooks" / "source" / ID / "expected.json"
    add("d2_read_expected", answer(_attack(_try(f"open({str(expected_json)!r}).read()"))),
        Case("read the grader's expected outputs (expected.json)", "graded", 8))
    add("c_read_gradebook", answer(_attack(_try(f"open({str(gradebook)!r}, 'rb').read(16)"))),
        Case("read the class gradebook", "graded", 8))
    add("d_read_source", answer(_attack(_try(f"open({str(src)!r}).read()"))),
        Case("read the source notebook (solutions, hidden tests)", "graded", 8))
    add("e_read_other_student", answer(_attack(_try(f"open({str(other)!r}).read()\nimport os\nos.listdir({str(folder)!r})"))),
        Case("read another student's submission", "graded", 8))
    writes = "\n".join(f"open({str(p)!r}, 'w').write('pwned')" for p in outside)
    add("f_write_outside", answer(_attack(_try(writes))),
        Case("write into the repository, the grading output and the submissions", "graded", 8, _not_written(*outside)))
    add("g_socket_out", answer(_attack(_try("import socket\nsocket.create_connection(('pypi.org', 443), timeout=3)"))),
        Case("open a connection to the internet", "graded", 8))
    add("h_socket_grader", answer(_attack(_try(f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=3)"))),
        Case("connect to a port the grading machine listens on", "graded", 8))
    add("i_env_secret", answer(_attack(f"import os\nLEAKED = any({SECRET!r} in v for v in os.environ.values())")),
        Case("read secrets from the grader's environment", "graded", 8))
    add("j_kill_grader", answer(_attack(_try("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nassert os.getppid() > 1"))),
        Case("kill the process that started the kernel", "graded", 8))
    add("k_forge_result", answer(_attack(
        "import os, stat\nfor fd in range(3, 256):\n    try:\n        if stat.S_ISFIFO(os.fstat(fd).st_mode):\n"
        "            os.write(fd, b'{\"ok\": true, \"score\": 99}\\n')\n    except OSError:\n        pass")),
        Case("write a fake result into every pipe it has", "graded", 8))
    fork_bomb = ("import os\nme = os.getpid()\nforks = 0\nwhile forks < 100000:\n    try:\n        pid = os.fork()\n"
                 "    except OSError:\n        if os.getpid() != me:\n            os._exit(0)\n        break\n"
                 "    if os.getpid() == me:\n        forks += 1\nprint('forks before the cap:', forks)\nLEAKED = forks >= 100000")
    add("l_fork_bomb", answer(_attack(fork_bomb)), Case("fork bomb (children fork too)", "graded", 8))
    add("m_memory_bomb", answer(_attack(_try("import numpy as np\nhog = np.ones((64, 1024, 1024, 1024), dtype=np.uint8)"))),
        Case("allocate 64 GB", "graded", 8))
    fill = ("written = 0\nchunk = bytes(64 << 20)\nfor folder in ('/tmp', '.'):\n    for i in range(8):\n"
            "        try:\n            with open(f'{folder}/fill{i}', 'wb') as f:\n                for _ in range(4):\n"
            "                    f.write(chunk)\n                    written += len(chunk)\n"
            "        except OSError as error:\n            print('stopped:', folder, type(error).__name__)\n"
            "            break\nprint('MB written:', written >> 20)\nLEAKED = written > (600 << 20)")
    add("m2_fill_disk", answer(_attack(fill)), Case("write 4 GB into /tmp and the working folder", "graded", 8))
    add("n_output_bomb", answer(_attack("print('x' * 50_000_000)")),
        Case("print a 50 MB line", "graded", 8, _small_outputs("n_output_bomb")))
    add("o_image_bomb", answer(_attack("from IPython.display import display\n"
                                       "display({'image/png': 'iVBORw0KGgo' * 3_000_000}, raw=True)")),
        Case("display a 33 MB image", "graded", 8, _small_outputs("o_image_bomb")))
    hook = ("ip = get_ipython()\nip.events.register('pre_run_cell', lambda info: print(info.raw_cell))\n"
            "ip.events.register('post_run_cell', lambda result: print(result.info.raw_cell))")
    add("p_print_hidden_tests", answer(_attack(hook)),
        Case("print every cell's code (hidden tests included) from an IPython hook", "graded", 8,
             _no_hidden_tests_in_feedback("p_print_hidden_tests")))
    add("q_infinite_loop", replace_answer(solution, "L2", "while True:\n    pass"),
        Case("a loop that never ends in the last answer", "graded", 7))
    add("r_swallow_interrupt", answer("import time\nwhile True:\n    try:\n        time.sleep(0.1)\n"
                                      "    except KeyboardInterrupt:\n        pass"),
        Case("a loop that swallows KeyboardInterrupt", "timed out", 0))
    add("s_os_exit", answer("import os\nos._exit(1)"),
        Case("os._exit in the first answer: every function from there on scores 0", "graded", 0,
             _reason("s_os_exit", "kernel died")))
    add("s2_die_late", replace_answer(solution, "L2", "import os\nos._exit(1)"),
        Case("the kernel dies in the last answer: the seven functions before keep their points", "graded", 7,
             _reason("s2_die_late", "kernel died")))
    wrong = replace_answer(solution, "sigmoid", WRONG_SIGMOID)
    edited = copy.deepcopy(wrong)
    for cell in edited.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "sigmoid-test":
            cell.source = "pass"
    add("t_edited_test", edited, Case("a wrong answer whose test cell was emptied", "graded", 7))
    add("u_rebind_numpy", replace_answer(wrong, first, "import numpy as np\nnp.allclose = lambda *a, **k: True\n"
                                         "np.testing.assert_allclose = lambda *a, **k: None\nLEAKED = False\n" + CORRECT),
        Case("a wrong answer with numpy's comparisons rebound to always pass", "graded", 7))
    duplicated = copy.deepcopy(solution)
    duplicated.cells.insert(3, copy.deepcopy(duplicated.cells[2]))
    add("v_duplicate_ids", duplicated, Case("a copy-pasted cell with a duplicate id", "graded", 8))
    wrong_kernel = copy.deepcopy(solution)
    wrong_kernel.metadata["kernelspec"] = {"name": "ir", "display_name": "R", "language": "R"}
    add("w_wrong_kernel", wrong_kernel, Case("a notebook saved with an R kernel", "not gradable", 0))
    write_submissions(folder, ID, notebooks)

    from .intake import MAX_CELLS, MAX_NOTEBOOK_BYTES

    bulky = copy.deepcopy(solution)
    bulky.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="x" * (MAX_NOTEBOOK_BYTES + 1000))]
    bulky.cells[0].cell_type = "code"
    many = copy.deepcopy(solution)
    many.cells += [nbformat.v4.new_markdown_cell("padding") for _ in range(MAX_CELLS)]
    for student, text, case in [
        ("x_broken_json", nbformat.writes(solution)[:5000], Case("a notebook file cut off mid-save", "not gradable", 0)),
        ("y_not_a_notebook", json.dumps({"hello": "world"}), Case("valid JSON that is not a notebook", "not gradable", 0)),
        ("y2_deep_json", "[" * 200_000 + "]" * 200_000, Case("valid JSON nested 200,000 levels deep", "not gradable", 0)),
        ("y3_huge_file", nbformat.writes(bulky), Case("a notebook file over the size cap", "not gradable", 0)),
        ("y4_too_many_cells", nbformat.writes(many), Case(f"a notebook of {MAX_CELLS} cells and more", "not gradable", 0)),
        ("y5_nbformat3", nbformat.writes(nbformat.convert(solution, 3)),
         Case("an honest solution saved in notebook format 3: converted and graded", "graded", 8)),
        ("y6_empty_file", "", Case("an empty file", "not gradable", 0)),
        ("y7_binary", bytes(range(256)).decode("latin-1"), Case("binary garbage", "not gradable", 0)),
    ]:
        path = folder / student / ID / src.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        cases[student] = case
    link = folder / "y8_link_to_other" / ID / src.name
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(other)
    cases["y8_link_to_other"] = Case("a link to another student's notebook", "not gradable", 0)
    (folder / "z_no_notebook" / ID).mkdir(parents=True, exist_ok=True)
    cases["z_no_notebook"] = Case("an empty submission folder", "not gradable", 0)
    return cases


def compare(cases: dict[str, Case], results, out: Path) -> list[tuple[str, str, str]]:
    """[(student, what happened, problem or '')] for every case."""
    by_student = {r.student: r for r in results}
    rows = []
    for student, case in cases.items():
        r = by_student.get(student)
        got = f"{r.status} {r.score:g}/{r.max_score:g}" if r else "missing"
        problem = ""
        if r is None or (r.status, r.score) != (case.status, case.score):
            problem = f"expected {case.status} {case.score:g}"
        elif case.check:
            problem = case.check(out)
        rows.append((student, got, problem))
    return rows


def run(out: Path, workers: int | None = None, progress: bool = True) -> tuple[list[tuple[str, str, str]], dict[str, Case]]:
    """Build the corpus, grade it in one run (bubblewrap sandbox required) and compare with the expectations."""
    from .grade import grade_assignment, write_csv

    out = Path(out).resolve()
    folder = out / "hostile_submissions"
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    saved = {k: os.environ.get(k) for k in ("DLCOURSE_CELL_TIMEOUT", "DLCOURSE_HOSTILE_SECRET")}
    os.environ.update(DLCOURSE_CELL_TIMEOUT=str(CELL_TIMEOUT), DLCOURSE_HOSTILE_SECRET=SECRET)
    try:
        cases = build_hostile_class(folder, out, listener.getsockname()[1])
        results = grade_assignment(ID, folder, out, workers=workers, force=True, progress=progress, sandbox="bwrap")
        write_csv(results, out / "hostile_grades.csv")
    finally:
        listener.close()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return compare(cases, results, out), cases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder hostile", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "grading" / "hostile", help="grading output folder")
    parser.add_argument("--workers", "-j", type=int, default=os.cpu_count(), help="parallel workers (default: cores)")
    args = parser.parse_args(argv)
    from .sandbox import SandboxError, resolve_mode

    try:
        resolve_mode("bwrap")
    except SandboxError as error:
        print(f"the hostile corpus needs the sandbox: {error}", file=sys.stderr)
        return 2
    rows, cases = run(args.out, args.workers)
    for student, got, problem in rows:
        print(f"{'FAIL' if problem else 'ok':4s} {student:22s} {got:20s} {cases[student].what}" + (f"  <- {problem}" if problem else ""))
    failed = sum(bool(p) for _, _, p in rows)
    print(f"\n{len(rows) - failed} of {len(rows)} hostile submissions got their expected verdict and score.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
