import importlib
import math

import numpy as np
import public_tests as pt
import pytest


def right_sigmoid(x):
    return 1 / (1 + np.exp(-x))


def test_correct_answers_pass(capsys):
    pt.check_basic_sigmoid(lambda x: 1 / (1 + math.exp(-x)))
    pt.check_sigmoid(right_sigmoid)
    pt.check_L1(lambda yhat, y: np.sum(np.abs(y - yhat)))
    pt.check_L2(lambda yhat, y: np.sum((y - yhat) ** 2))
    pt.check_normalizeRows(lambda x: x / np.linalg.norm(x, axis=1, keepdims=True))
    pt.check_softmax(lambda x: np.exp(x) / np.exp(x).sum(axis=1, keepdims=True))
    assert "all public tests passed" in capsys.readouterr().out


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda x: None, "got None"),
        (lambda x: [0.73, 0.88, 0.95], "expected a numpy array"),
        (lambda x: 1 / (1 + np.exp(x)), "wrong values"),
        (lambda x: right_sigmoid(x).reshape(-1, 1), "wrong shape: expected (3,), got (3, 1)"),
        (lambda x: np.array(["a", "b", "c"]), "expected numbers"),
    ],
)
def test_wrong_answers_fail_with_plain_words(wrong, words):
    with pytest.raises(pt.CheckFailed) as info:
        pt.check_sigmoid(wrong)
    assert words in str(info.value)


def test_message_shows_expected_got_shape_and_dtype():
    with pytest.raises(pt.CheckFailed) as info:
        pt.check_sigmoid(lambda x: 1 / (1 + np.exp(x)))
    message = str(info.value)
    assert "expected: [0.73105858" in message and "got:" in message
    assert "shape (3,)" in message and "dtype float64" in message


def test_tolerance_not_string_matching():
    pt.expect_close("x", np.array([0.7310585786]), [0.73105858])
    with pytest.raises(pt.CheckFailed):
        pt.expect_close("x", np.array([0.7311]), [0.73105858])


def test_rebinding_numpy_and_checks_earns_nothing(monkeypatch):
    monkeypatch.setattr(np, "allclose", lambda *a, **k: True)
    monkeypatch.setattr(np, "isclose", lambda *a, **k: True)
    monkeypatch.setattr(np, "array_equal", lambda *a, **k: True)
    monkeypatch.setattr(np, "asarray", lambda *a, **k: a[0])
    monkeypatch.setattr(pt, "check_sigmoid", lambda f: None)
    fresh = importlib.reload(pt)  # what every grade cell does first
    with pytest.raises(fresh.CheckFailed):
        fresh.check_sigmoid(lambda x: x)


def test_ndarray_subclass_cannot_fake_values():
    class Liar(np.ndarray):
        def tolist(self):
            return [0.73105858, 0.88079708, 0.95257413]

    with pytest.raises(pt.CheckFailed):
        pt.check_sigmoid(lambda x: np.zeros(3).view(Liar))
