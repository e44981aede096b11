"""The checking core: values moved out of the kernel exactly, verdicts decided only from expected values and
tolerances the grader holds, public tests with plain-words messages, stand-ins put back."""

import json

import numpy as np
import pytest

from dlchecks import core
from dlchecks.core import HIDDEN_FAILURE, NOT_RUN, Case, Check, CheckFailed, decode, encode, verdict


@pytest.mark.parametrize("value", [
    np.array([[0.1, 1 / 3], [2.0, -7.5]]), np.array([1, 2, 3], dtype=np.int32), np.array([True, False]),
    np.array([0.1, 0.2], dtype=np.float32), np.zeros((0, 3)), np.array(2.5), np.float64(1 / 7), np.int64(-4),
    1 / 3, 7, True, None, "text", [1.5, np.float64(2.5)], (3, 1),
])
def test_values_survive_the_trip_exactly(value):
    back = decode(json.loads(json.dumps(encode(value))))
    assert type(back) is type(value)
    if isinstance(value, np.ndarray):
        assert back.dtype == value.dtype and back.shape == value.shape and np.array_equal(back, value)
    elif isinstance(value, list):
        assert [type(v) for v in back] == [type(v) for v in value] and back == value
    else:
        assert back == value


def test_what_cannot_be_copied_is_described_not_guessed():
    class Sub(np.ndarray):
        pass

    for value in (np.zeros(3).view(Sub), np.array(["a"], dtype=object), object(), np.zeros(core.MAX_ELEMENTS + 1)):
        back = decode(encode(value))
        assert isinstance(back, core.Opaque)
        with pytest.raises(CheckFailed):
            core.expect_close("x", back, [0.0] * 3)


@pytest.mark.parametrize("record", [
    "a string", {"kind": "ndarray", "dtype": "object", "shape": [1], "data": [1]},
    {"kind": "ndarray", "dtype": "float64", "shape": [2], "data": [[1.0], [2.0, 3.0]]},
    {"kind": "ndarray", "dtype": "float64", "shape": [3], "data": [1.0, 2.0]},
    {"kind": "scalar", "dtype": "float64", "data": [1.0, 2.0]}, {"kind": "float", "data": "1.0"},
    {"kind": "list", "items": "abc"}, {"kind": "exec", "data": "import os"},
    json.loads('{"kind": "list", "items": [' * 12 + '{"kind": "none"}' + "]}" * 12),
])
def test_decoding_refuses_what_encode_never_writes(record):
    with pytest.raises(ValueError):
        decode(record)


def _probe(t, f, x):
    got = f(x)
    t.type("f(x)", got, np.ndarray, "a numpy array")
    t.close("f(x)", got)


CHECK = Check("double", _probe, [Case((np.array([1.0, 2.0]),), {"f(x)": [2.0, 4.0]}, "x = np.array([1., 2.])")])


def _payload(f, hidden=()):
    cases = [*CHECK.cases, *map(core.as_case, hidden)]
    return {"check": "double", "public": 1, "cases": [core.observe(CHECK, f, c) for c in cases]}


EXPECTED = _payload(lambda x: 2 * x, [(np.array([3.0]),)])


def test_a_right_function_passes_and_a_wrong_one_fails_in_plain_words():
    assert verdict(EXPECTED, _payload(lambda x: 2 * x, [(np.array([3.0]),)])) == (True, "")
    passed, message = verdict(EXPECTED, _payload(lambda x: 3 * x, [(np.array([3.0]),)]))
    assert not passed and "f(x): wrong values" in message and "inputs: x = np.array([1., 2.])" in message


def test_a_hidden_failure_is_one_neutral_sentence():
    right_on_public_only = lambda x: np.array([2.0, 4.0]) if x.size == 2 else x  # noqa: E731
    passed, message = verdict(EXPECTED, _payload(right_on_public_only, [(np.array([3.0]),)]))
    assert (passed, message) == (False, HIDDEN_FAILURE)
    assert "a hidden test" in verdict(EXPECTED, _payload(right_on_public_only, [(np.array([3.0]),)]), show_hidden=True)[1]


def test_the_kernel_cannot_choose_its_tolerance_or_skip_a_case():
    forged = _payload(lambda x: 2 * x + 1, [(np.array([3.0]),)])
    for case in forged["cases"]:
        case["values"]["f(x)"].update(rtol=1e9, atol=1e9, shape=False, how="equal")
    assert not verdict(EXPECTED, forged)[0]
    short = _payload(lambda x: 2 * x)  # the public case only
    assert verdict(EXPECTED, short) == (False, HIDDEN_FAILURE)
    missing = _payload(lambda x: 2 * x, [(np.array([3.0]),)])
    missing["cases"][1]["values"] = {}
    assert not verdict(EXPECTED, missing)[0]


@pytest.mark.parametrize("observed", [None, [], "x", {"cases": "x"}, {"cases": [None, None]}, {"cases": [{"values": 1}]}])
def test_anything_else_the_kernel_sends_fails(observed):
    passed, message = verdict(EXPECTED, observed, show_hidden=True)
    assert not passed and message.startswith(NOT_RUN)


def test_an_error_in_the_function_fails_its_case():
    def broken(x):
        raise ZeroDivisionError("boom")

    passed, message = verdict(EXPECTED, _payload(broken, [(np.array([3.0]),)]))
    assert not passed and "ZeroDivisionError: boom" in message


def test_public_check_messages_and_quiet_under_the_grader(capsys, monkeypatch):
    CHECK(lambda x: 2 * x)
    assert "double: all public tests passed" in capsys.readouterr().out
    with pytest.raises(CheckFailed, match="got None. Did you replace every `None`"):
        CHECK(lambda x: None)
    with pytest.raises(CheckFailed, match=r"wrong shape: expected \(2,\), got \(2, 1\)"):
        CHECK(lambda x: 2 * x.reshape(-1, 1))
    monkeypatch.setenv(core.GRADING_ENV, "1")
    CHECK(lambda x: None)  # decides nothing under the grader, so says nothing
    assert capsys.readouterr().out == ""


def test_inputs_changed_in_place_do_not_leak_into_the_next_case():
    def in_place(x):
        x *= 2
        return x

    CHECK(in_place)
    CHECK(in_place)


def test_grade_hands_outputs_to_the_grader_in_its_kernel(monkeypatch):
    shown = []
    monkeypatch.setenv(core.GRADING_ENV, "1")
    monkeypatch.setattr("IPython.display.display", lambda data, raw=False: shown.append(data))
    core.grade(CHECK, lambda x: 2 * x, [(np.array([3.0]),)])
    [data] = shown
    assert verdict(EXPECTED, json.loads(data[core.MIME])) == (True, "")


def test_grade_compares_at_once_outside_the_grader(monkeypatch):
    monkeypatch.setattr(core, "load_expected", lambda assignment: {"double": EXPECTED})
    core.grade(CHECK, lambda x: 2 * x, [(np.array([3.0]),)])
    with pytest.raises(CheckFailed, match="a hidden test"):
        core.grade(CHECK, lambda x: 2 * x if x.size == 2 else x, [(np.array([3.0]),)])
    with pytest.raises(CheckFailed, match="make expected"):
        core.grade(CHECK, lambda x: 2 * x)


def test_stand_ins_replace_the_students_functions_and_are_put_back():
    namespace = {"np": np, "helper": lambda: "student's"}
    with core.standing_in(namespace, {"helper": "def helper():\n    return 'reference'",
                                      "other": "def other():\n    return helper()"}):
        assert namespace["helper"]() == "reference" and namespace["other"]() == "reference"
    assert namespace["helper"]() == "student's" and "other" not in namespace
    with core.standing_in(namespace, ("helper",)):  # names only (the source notebook run as it is): nothing changes
        assert namespace["helper"]() == "student's"


def test_a_none_left_inside_an_array_still_gets_the_hint():
    got = decode(encode(np.squeeze(np.array(None))))  # a stub's `cost = None` after np.squeeze(np.array(cost))
    with pytest.raises(CheckFailed, match="expected numbers, got numpy array, shape \\(\\), dtype object. Did you replace"):
        core.expect_close("cost", got, 5.8)


@pytest.fixture
def shell():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    yield shell
    InteractiveShell.clear_instance()


def test_a_failing_check_shows_its_message_alone(shell, capsys, monkeypatch):
    monkeypatch.setattr(core, "load_expected", lambda assignment: {})
    shell.user_ns.update(CHECK=CHECK)
    shell.run_cell("CHECK(lambda x: None)")
    out = capsys.readouterr().out
    assert "f(x): got None. Did you replace every `None`" in out and "inputs: x = np.array([1., 2.])" in out
    assert "Traceback" not in out and "core.py" not in out


def test_an_error_in_the_students_function_points_at_their_line(shell, capsys):
    shell.user_ns.update(CHECK=CHECK)
    shell.run_cell("def blank(x):\n    w, b = None\n    return w\n")
    shell.run_cell("CHECK(blank)")
    out = capsys.readouterr().out
    assert "double raised TypeError: cannot unpack non-iterable NoneType object" in out
    assert "in your code, line 2: w, b = None" in out and "A value is still None" in out


def test_none_errors_in_any_cell_get_the_hint(shell, capsys):
    from unittest.mock import patch

    with patch("IPython.get_ipython", return_value=shell):
        core.explain_none_errors()
    shell.run_cell("x = None\nx.shape")
    shell.run_cell("1 + 'a'")
    out = capsys.readouterr().out
    assert out.count("A value is still None") == 1 and "'NoneType' object has no attribute 'shape'" in out
    assert "unsupported operand" in out
