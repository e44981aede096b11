"""The checking core: comparisons with plain-words messages, public tests, and the hidden tests' recorder.

A check is written once, as a *probe*: a function ``probe(t, f, *inputs)`` that calls the
student's function ``f`` on the inputs and shows each output that matters to a tester ``t``
(``t.close(label, value)`` for numbers and arrays, ``t.equal(label, value)`` for exact values,
``t.type`` / ``t.tuple`` / ``t.keys`` for the shape of what came back). The same probe serves
three purposes:

* **public test** (:class:`Check`, e.g. ``check_propagate(propagate)`` in the student's
  notebook): the tester compares each output with the expected value the seed prints and
  raises :class:`CheckFailed` with a message that says which output is wrong, what was
  expected, what came back, and the shapes and dtypes of both;
* **grading** (:func:`grade`, called by the hidden part of each grade cell): in the grader's
  kernel the tester only *records* the outputs, on the public inputs and on hidden ones, and
  hands them to the grader (a display message of type ``MIME``). The kernel never holds an
  expected value of a hidden input, so it has nothing to compare with and decides nothing;
* **verdict** (:func:`verdict`, run by the grader in its own process, which never runs student
  code): the recorded outputs are compared with the expected outputs and tolerances of
  ``notebooks/source/<ID>/expected.json`` (written by ``make expected`` from the solutions;
  hidden from the kernel by the sandbox). Points are given only for outputs equal to those.

Whatever a submission does to its kernel (rebinding numpy, ``importlib``, ``builtins``, these
checks, IPython's display, shadowing this package, import hooks, reading frames), the most it
can change is what the kernel reports; to score, the report must hold the right outputs for
inputs it sees only while being graded, which is the work itself.

The comparisons use only Python operators on values copied out of numpy (``tolist()``), so the
same code gives the same verdict in the kernel (public tests) and in the grader.
"""

from __future__ import annotations

import copy
import json
import math
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

RTOL = 1e-6
ATOL = 1e-7
MIME = "application/vnd.dlcourse.observations+json"  # how the kernel hands recorded outputs to the grader
GRADING_ENV = "DLCOURSE_GRADING"  # "1" in the grader's kernels: hidden tests record instead of comparing
MAX_ELEMENTS = 200_000  # numbers recorded per output; larger outputs are reported as too large
MAX_MESSAGE = 2_000
_PACKAGE = str(Path(__file__).resolve().parent)  # frames in here are the checker's, not the student's
HIDDEN_FAILURE = (
    "A hidden test failed: your function gives a wrong result, or raises an error, "
    "on inputs other than the public test's. Re-read the instructions and think about other shapes and values."
)
NOT_RUN = "the grader got no result for this function (the cell stopped before its tests ran)"


NONE_HINT = "Did you replace every `None` between ### START CODE HERE ### and ### END CODE HERE ###?"


class CheckFailed(AssertionError):
    """A public or hidden test found a wrong answer.

    In a notebook it shows as its message alone, in red: the checker's own code is of no use to a
    student (IPython calls ``_render_traceback_`` instead of printing the traceback).
    """

    def _render_traceback_(self) -> list[str]:
        return [f"\033[0;31m{line}\033[0m" if n == 0 else line for n, line in enumerate(str(self).splitlines())]


def explain_none_errors() -> None:
    """In a notebook, add the None hint under every TypeError or AttributeError that a `None` caused, in any cell
    (a blank exercise's output used by the cell below it fails with "'NoneType' object has no attribute 'shape'",
    which says nothing to a beginner). The traceback stays as it was; one red line follows it. Each assignment's
    checks module calls this when the notebook imports it."""
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing to do
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return

    def handler(shell, etype, value, tb, tb_offset=None):
        stb = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
        if "NoneType" in str(value):
            stb = [*stb, f"\033[0;31mA value is still None. {NONE_HINT}\033[0m"]
        shell._showtraceback(etype, value, stb)  # IPython leaves showing it to the handler
        return stb

    shell.set_custom_exc((TypeError, AttributeError), handler)


def student_error(name: str, error: BaseException) -> str:
    """What a student needs to know when their function raised: the error, the line of their code, and the None
    hint when a `None` left in the code caused it."""
    import traceback

    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if not f.filename.startswith(_PACKAGE) and "site-packages" not in f.filename]
    where = f"\n    in your code, line {frames[-1].lineno}: {frames[-1].line}" if frames and frames[-1].line else ""
    message = f"{name} raised {type(error).__name__}: {error}{where}"
    if "NoneType" in str(error) or "None" in str(error).split():
        message += f"\n    A value is still None. {NONE_HINT}"
    return message[:MAX_MESSAGE]


def grading() -> bool:
    """True in a kernel started by the grader: public tests stay quiet and hidden tests record."""
    return os.environ.get(GRADING_ENV) == "1"


# ------------------------------------------------------------------ values
class Opaque:
    """A value the recorder could not copy (an object, a too-large array); it only knows what it was."""

    def __init__(self, description: str):
        self.description = description

    def __repr__(self) -> str:
        return f"<{self.description}>"


def _is_array(value) -> bool:
    return type(value) is np.ndarray


def _is_numpy_scalar(value) -> bool:
    return isinstance(value, np.generic) and not isinstance(value, np.ndarray)


def describe(value) -> str:
    """Type, shape and dtype of a value, in words."""
    if isinstance(value, np.ndarray):
        return f"numpy array, shape {value.shape}, dtype {value.dtype}"
    if _is_numpy_scalar(value):
        return f"numpy scalar, dtype {value.dtype}"
    if isinstance(value, Opaque):
        return value.description
    return type(value).__name__


def _plain(value):
    """Python numbers and nested lists from numpy values (no numpy function involved)."""
    if _is_array(value) or _is_numpy_scalar(value):
        return value.tolist()
    return value


def _flat(value) -> list:
    out = []
    stack = [_plain(value)]
    while stack:
        item = stack.pop()
        if type(item) in (list, tuple):
            stack.extend(reversed(item))
        else:
            out.append(_plain(item))
    return out


def shape_of(value) -> tuple:
    """Shape of an array, or of nested Python lists of numbers; () for a scalar."""
    if _is_array(value) or _is_numpy_scalar(value):
        return tuple(value.shape)
    shape = []
    while type(value) in (list, tuple):
        shape.append(len(value))
        value = value[0] if len(value) else None
    return tuple(shape)


def _close(a, b, rtol: float, atol: float) -> bool:
    if type(a) is bool or type(b) is bool:
        return a == b
    if type(a) not in (int, float) or type(b) not in (int, float):
        return False
    if a != a or b != b:  # NaN never matches
        return False
    if a in (math.inf, -math.inf) or b in (math.inf, -math.inf):
        return a == b
    diff = a - b if a > b else b - a
    scale = b if b > 0 else -b
    return diff <= atol + rtol * scale


def _fmt(value) -> str:
    """Readable text for messages only; verdicts never depend on it."""
    try:
        text = np.array2string(np.asarray(value), precision=8, separator=", ")
    except Exception:  # noqa: BLE001 - any oddity still gets a message
        text = repr(value)
    return text if len(text) < 600 else text[:600] + " ..."


def _fail(label: str, problem: str, expected, got) -> None:
    raise CheckFailed(
        f"{label}: {problem}\n"
        f"    expected: {_fmt(expected)}  (shape {shape_of(expected)})\n"
        f"    got:      {_fmt(got)}  ({describe(got)})"
    )


@contextmanager
def hint(text: str):
    """Add a hint under a failure raised inside the block (not under a None left in the code: that hint is enough)."""
    try:
        yield
    except CheckFailed as failure:
        if NONE_HINT in str(failure):
            raise
        raise CheckFailed(f"{failure}\n    hint: {text}") from None


def hint_none(label: str, got) -> None:
    if got is None:
        raise CheckFailed(f"{label}: got None. {NONE_HINT}")


def expect_close(
    label: str, got, expected, *, rtol: float = RTOL, atol: float = ATOL, shape: bool = True, allow_list: bool = False
) -> None:
    """Numbers, or arrays of numbers, equal up to a tolerance.

    ``expected`` is a number, nested lists of numbers or an array. ``shape=True`` also requires
    the same shape (a (3,) array is not a (3, 1) one). ``allow_list=True`` accepts a Python list
    of numbers (e.g. a list of costs).
    """
    hint_none(label, got)
    if isinstance(got, Opaque):  # what the grader's kernel could not copy: an object, a too-large array
        hint = f" {NONE_HINT}" if "dtype object" in got.description else ""
        raise CheckFailed(f"{label}: expected numbers, got {got.description}.{hint}")
    if type(got) in (list, tuple) and allow_list:
        got = [_plain(v) for v in got]
    elif type(got) in (list, tuple):
        _fail(label, "expected a numpy array or a number, not a Python " + type(got).__name__, expected, got)
    if isinstance(got, np.ndarray) and not _is_array(got):
        _fail(label, "expected a plain numpy array, not a subclass", expected, got)
    if not (_is_array(got) or _is_numpy_scalar(got) or type(got) in (int, float, bool, list)):
        _fail(label, "wrong type", expected, got)
    if (_is_array(got) or _is_numpy_scalar(got)) and got.dtype.kind not in "biuf":
        hint = f". {NONE_HINT}" if got.dtype.kind == "O" else ""  # np.squeeze(None) and the like: a None left in
        _fail(label, f"values of dtype {got.dtype}, expected numbers{hint}", expected, got)
    if shape and shape_of(got) != shape_of(expected):
        _fail(label, f"wrong shape: expected {shape_of(expected)}, got {shape_of(got)}", expected, got)
    got_flat, exp_flat = _flat(got), _flat(expected)
    if len(got_flat) != len(exp_flat):
        _fail(label, f"expected {len(exp_flat)} values, got {len(got_flat)}", expected, got)
    for i, (g, e) in enumerate(zip(got_flat, exp_flat, strict=True)):
        if not _close(g, e, rtol, atol):
            where = f" (first difference at flat index {i}: expected {e!r}, got {g!r})" if len(exp_flat) > 1 else ""
            _fail(label, "wrong values" + where, expected, got)


def expect_equal(label: str, got, expected) -> None:
    """Exact equality for non-numeric values (types, keys, strings, shapes)."""
    if expected is not None:
        hint_none(label, got)
    if type(got) is not type(expected) or not (got == expected):
        blank = type(got) in (list, tuple) and any(item is None for item in got)
        raise CheckFailed(f"{label}: expected {expected!r}, got {got!r}" + (f". {NONE_HINT}" if blank else ""))


def expect_type(label: str, got, types, words: str) -> None:
    hint_none(label, got)
    if not isinstance(got, types) or (types is np.ndarray and not _is_array(got)):
        raise CheckFailed(f"{label}: expected {words}, got {describe(got)}")


# ------------------------------------------------------------------ testers: what a probe talks to
class Tester:
    """Structural checks shared by both testers: they raise at once, whatever the mode."""

    def __init__(self, case: Case):
        self.case = case

    def type(self, label: str, got, types, words: str):
        expect_type(label, got, types, words)
        return got

    def tuple(self, label: str, got, names: tuple[str, ...]) -> tuple:
        """`got` must be a tuple of len(names) items (e.g. ("grads", "cost")); returns it for unpacking."""
        words = f"a tuple ({', '.join(names)})"
        expect_type(label, got, tuple, words)
        if len(got) != len(names):
            raise CheckFailed(f"{label}: expected {words}, got a tuple of {len(got)} items")
        return got

    def keys(self, label: str, got, keys) -> dict:
        """`got` must be a dictionary holding (at least) `keys`."""
        expect_type(label, got, dict, "a dictionary with keys " + ", ".join(map(str, keys)))
        missing = [k for k in keys if k not in got]
        if missing:
            raise CheckFailed(f"{label}: missing keys {missing} (it has {sorted(map(str, got))})")
        return got

    def fail(self, message: str) -> None:
        raise CheckFailed(message)

    def close(self, label: str, got, **tolerance) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def equal(self, label: str, got) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def arrays(self, label: str, got, keys, **tolerance) -> None:
        """A dictionary holding `keys`, each an array compared with t.close under the label label["key"]."""
        self.keys(label, got, keys)
        for key in keys:
            self.close(f'{label}["{key}"]', got[key], **tolerance)


class Compare(Tester):
    """Public tests: each output is compared at once with the case's expected value."""

    def _expected(self, label: str):
        try:
            return self.case.expected[label]
        except (KeyError, TypeError):
            raise KeyError(f"the public test has no expected value for {label!r}") from None

    def close(self, label: str, got, **tolerance) -> None:
        expect_close(label, got, self._expected(label), **tolerance)

    def equal(self, label: str, got) -> None:
        expect_equal(label, got, self._expected(label))


class Record(Tester):
    """Grading: each output is written down with how it is to be compared; nothing is compared here."""

    def __init__(self, case: Case):
        super().__init__(case)
        self.values: dict[str, dict] = {}

    def close(self, label: str, got, *, rtol: float = RTOL, atol: float = ATOL, shape: bool = True,
              allow_list: bool = False) -> None:
        self.values[label] = {"how": "close", "rtol": rtol, "atol": atol, "shape": shape, "allow_list": allow_list,
                              "value": encode(got)}

    def equal(self, label: str, got) -> None:
        self.values[label] = {"how": "equal", "value": encode(got)}


# ------------------------------------------------------------------ checks
@dataclass
class Case:
    """One set of inputs for a probe: `args` are passed after (t, f); `expected` maps labels to the
    values the seed prints (public cases only); `given` says what the inputs are, for messages."""

    args: tuple
    expected: dict | None = None
    given: str = ""

    def fresh_args(self) -> tuple:
        return copy.deepcopy(self.args)  # a function that changes its inputs in place cannot spoil the next case


@dataclass
class Check:
    """The public test of one graded function: ``check_<name>(student_function)``."""

    name: str
    probe: object
    cases: list[Case] = field(default_factory=list)

    def __call__(self, target) -> None:
        if grading():  # in the grader's kernel the verdict is the grader's (see grade()); nothing to show
            return
        for case in self.cases:
            try:
                self.probe(Compare(case), target, *case.fresh_args())
            except CheckFailed as failure:
                raise CheckFailed(_with_inputs(str(failure), case.given)) from None
            except Exception as error:  # noqa: BLE001 - the student's function raised: say so in plain words
                raise CheckFailed(_with_inputs(student_error(self.name, error), case.given)) from None
        print(f"\033[92m{self.name}: all public tests passed.\033[0m")

    @property
    def assignment(self) -> str:
        return getattr(sys.modules.get(self.probe.__module__), "ASSIGNMENT", "")


def _with_inputs(message: str, given: str) -> str:
    return f"{message}\n    inputs: {given}" if given else message


def as_case(case) -> Case:
    return case if isinstance(case, Case) else Case(tuple(case))


# ------------------------------------------------------------------ grading (in the kernel)
def observe(check: Check, target, case: Case) -> dict:
    """Run the probe on one case in recording mode: {"values": {label: record}, "failed": message or None}."""
    recorder = Record(case)
    failed = None
    try:
        check.probe(recorder, target, *case.fresh_args())
    except CheckFailed as failure:
        failed = str(failure)[:MAX_MESSAGE]
    except Exception as error:  # noqa: BLE001 - the student's function raised: that case fails
        failed = student_error(check.name, error)
    return {"values": recorder.values, "failed": failed, "given": case.given}


@contextmanager
def standing_in(namespace: dict, stand_ins):
    """Reference versions of the functions a graded function calls, in place of the student's, for the duration.

    `stand_ins` is a dict {name: source code}, filled in by the grader from the source notebook's
    solutions (autograder.standins); a tuple of names (the source notebook run as it is) changes nothing.
    """
    if not isinstance(stand_ins, dict) or not stand_ins:
        yield
        return
    references = dict(namespace)
    for name, source in stand_ins.items():
        exec(compile(source, f"<reference {name}>", "exec"), references)  # noqa: S102 - the course's own solutions
    missing = object()
    saved = {name: namespace.get(name, missing) for name in stand_ins}
    namespace.update({name: references[name] for name in stand_ins})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is missing:
                namespace.pop(name, None)
            else:
                namespace[name] = value


def grade(check: Check, target, hidden=(), *, stand_ins=()) -> None:
    """The hidden part of a grade cell: run `check`'s probe on its public cases and on `hidden` ones.

    In the grader's kernel the outputs are recorded and handed to the grader, which decides the
    verdict in its own process. Run anywhere else (the instructor's source notebook, nbval) they
    are compared at once with the expected outputs in expected.json and a failure raises.
    """
    cases = [*check.cases, *map(as_case, hidden)]
    namespace = sys._getframe(1).f_globals
    with standing_in(namespace, stand_ins):
        observed = [observe(check, target, case) for case in cases]
    payload = {"check": check.name, "public": len(check.cases), "cases": observed}
    if grading():
        from IPython.display import display

        display({MIME: json.dumps(payload)}, raw=True)
        return
    entry = load_expected(check.assignment).get(check.name)
    if entry is None:
        raise CheckFailed(f"expected.json has no entry for {check.name}: run `make expected`")
    if len(entry["cases"]) != len(cases):
        raise CheckFailed(f"expected.json has {len(entry['cases'])} cases for {check.name}, the grade cell "
                          f"{len(cases)}: run `make expected`")
    passed, message = verdict(entry, payload, show_hidden=True)
    if not passed:
        raise CheckFailed(message)


# ------------------------------------------------------------------ moving values out of the kernel
_DTYPES = {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
           "float16", "float32", "float64"}


def encode(value, depth: int = 0):
    """A JSON-able copy of an output: type, dtype and shape kept, numbers exact."""
    if depth > 8:
        return {"kind": "other", "type": "a value nested too deeply"}
    kind = type(value)
    if value is None:
        return {"kind": "none"}
    if kind in (bool, int, float, str):
        if kind is str:
            value = value[:MAX_MESSAGE]
        if kind is int and not -(1 << 63) <= value < (1 << 64):
            return {"kind": "other", "type": "an int too large to compare"}
        return {"kind": kind.__name__, "data": value}
    if kind is np.ndarray:
        if str(value.dtype) not in _DTYPES:
            return {"kind": "other", "type": describe(value)}
        if value.size > MAX_ELEMENTS:
            return {"kind": "other", "type": describe(value) + " (too large to record)"}
        return {"kind": "ndarray", "dtype": str(value.dtype), "shape": list(value.shape), "data": value.tolist()}
    if isinstance(value, np.generic) and not isinstance(value, np.ndarray) and str(value.dtype) in _DTYPES:
        return {"kind": "scalar", "dtype": str(value.dtype), "data": value.item()}
    if kind in (list, tuple) and len(value) <= MAX_ELEMENTS:
        return {"kind": kind.__name__, "items": [encode(v, depth + 1) for v in value]}
    return {"kind": "other", "type": describe(value)}


def decode(record, depth: int = 0):
    """The value `encode` recorded; ValueError for anything that is not such a record."""
    if depth > 8 or type(record) is not dict:
        raise ValueError("not a recorded value")
    kind = record.get("kind")
    data = record.get("data")
    if kind == "none":
        return None
    if kind in ("bool", "int", "float", "str"):
        wanted = {"bool": bool, "int": int, "float": float, "str": str}[kind]
        if type(data) is not wanted and not (kind == "float" and type(data) is int):
            raise ValueError("bad scalar")
        return float(data) if kind == "float" else data
    if kind in ("ndarray", "scalar"):
        dtype = record.get("dtype")
        if dtype not in _DTYPES:
            raise ValueError("bad dtype")
        try:
            array = np.array(data, dtype=np.dtype(dtype))
            if kind == "scalar":
                if array.shape != ():
                    raise ValueError("bad scalar")
                return array[()]
            shape = record.get("shape")
            if type(shape) is not list or not all(type(n) is int and n >= 0 for n in shape):
                raise ValueError("bad shape")
            if array.shape != tuple(shape):
                if array.size or math.prod(shape):
                    raise ValueError("data and shape disagree")
                array = array.reshape(shape)
            return array
        except (TypeError, OverflowError) as error:
            raise ValueError(str(error)) from None
    if kind in ("list", "tuple"):
        items = record.get("items")
        if type(items) is not list:
            raise ValueError("bad items")
        values = [decode(item, depth + 1) for item in items]
        return values if kind == "list" else tuple(values)
    if kind == "other":
        return Opaque(str(record.get("type", "an unknown value"))[:200])
    raise ValueError(f"unknown kind {kind!r}")


# ------------------------------------------------------------------ the verdict (in the grader)
def _case_message(message: str, case: dict, hidden: bool, show_hidden: bool) -> str:
    if hidden and not show_hidden:
        return HIDDEN_FAILURE
    return _with_inputs(message, case.get("given", "")) + ("\n    (a hidden test)" if hidden else "")


def verdict(expected: dict, observed, show_hidden: bool = False) -> tuple[bool, str]:
    """(passed, message) for one graded function: every expected output recorded and equal to the expected one.

    `expected` is the function's entry of expected.json, `observed` what the kernel reported (any
    JSON value: it is checked here). Failures on a public case say what is wrong, as the public
    test does; on a hidden case the student sees one neutral sentence unless `show_hidden`.
    """
    public = expected["public"]
    cases = observed.get("cases") if type(observed) is dict else None
    if type(cases) is not list:
        return False, NOT_RUN
    for index, want in enumerate(expected["cases"]):
        hidden = index >= public
        got = cases[index] if index < len(cases) else None
        if type(got) is not dict or type(got.get("values")) is not dict:
            return False, _case_message(NOT_RUN, want, hidden, show_hidden)
        if got.get("failed"):
            return False, _case_message(str(got["failed"])[:MAX_MESSAGE], want, hidden, show_hidden)
        for label, rule in want["values"].items():
            record = got["values"].get(label)
            try:
                if type(record) is not dict:
                    raise CheckFailed(f"{label}: not computed")
                try:
                    value = decode(record.get("value"))
                except (ValueError, RecursionError):
                    raise CheckFailed(f"{label}: the recorded value could not be read") from None
                wanted = decode(rule["value"])
                if rule["how"] == "close":
                    expect_close(label, value, wanted, rtol=rule["rtol"], atol=rule["atol"], shape=rule["shape"],
                                 allow_list=rule["allow_list"])
                else:
                    expect_equal(label, value, wanted)
            except CheckFailed as failure:
                return False, _case_message(str(failure), want, hidden, show_hidden)
    return True, ""


def expected_path(assignment_id: str) -> Path:
    """Where the expected outputs of an assignment's checks live (next to its source notebook)."""
    return Path(__file__).resolve().parents[2] / "notebooks" / "source" / assignment_id / "expected.json"


def load_expected(assignment_id: str) -> dict:
    """{function: entry} of an assignment's expected.json; a missing file names the make target that writes it."""
    path = expected_path(assignment_id)
    try:
        return json.loads(path.read_text(encoding="utf-8"))["functions"]
    except FileNotFoundError:
        raise FileNotFoundError(f"{path} not found: run `make expected` (it is generated from the solutions)") from None
