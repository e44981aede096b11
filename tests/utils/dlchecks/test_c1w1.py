"""The C1W1 checks (dlchecks.c1w1): typical mistakes fail with words a beginner understands (the solutions and
expected.json: test_expected.py)."""

import math

import numpy as np
import pytest

from dlchecks import c1w1
from dlchecks.core import CheckFailed


def right_sigmoid(x):
    return 1 / (1 + np.exp(-x))


@pytest.mark.parametrize("wrong, words", [
    (lambda x: None, "got None"),
    (lambda x: [0.73, 0.88, 0.95], "expected a numpy array"),
    (lambda x: 1 / (1 + np.exp(x)), "wrong values"),
    (lambda x: right_sigmoid(x).reshape(-1, 1), "wrong shape: expected (3,), got (3, 1)"),
    (lambda x: np.array(["a", "b", "c"]), "expected numbers"),
])
def test_wrong_answers_fail_with_plain_words(wrong, words):
    with pytest.raises(CheckFailed) as info:
        c1w1.check_sigmoid(wrong)
    assert words in str(info.value) and "inputs: x = np.array([1, 2, 3])" in str(info.value)


def test_message_shows_expected_got_shape_and_dtype():
    with pytest.raises(CheckFailed) as info:
        c1w1.check_sigmoid(lambda x: 1 / (1 + np.exp(x)))
    message = str(info.value)
    assert "expected: [0.73105858" in message and "got:" in message
    assert "shape (3,)" in message and "dtype float64" in message


def test_basic_sigmoid_wants_math_not_numpy_arrays():
    with pytest.raises(CheckFailed, match="a Python number"):
        c1w1.check_basic_sigmoid(lambda x: np.array([1 / (1 + math.exp(-x))]))


def test_in_place_normalisation_and_losses():
    c1w1.check_normalizeRows(lambda x: x / np.linalg.norm(x, axis=1, keepdims=True))
    c1w1.check_softmax(lambda x: np.exp(x) / np.exp(x).sum(axis=1, keepdims=True))
    c1w1.check_L1(lambda yhat, y: np.sum(np.abs(y - yhat)))
    c1w1.check_L2(lambda yhat, y: np.sum((y - yhat) ** 2))
    with pytest.raises(CheckFailed, match="L2"):
        c1w1.check_L2(lambda yhat, y: np.sum(np.abs(y - yhat)))


def test_an_ndarray_subclass_cannot_fake_values():
    class Liar(np.ndarray):
        def tolist(self):
            return [0.73105858, 0.88079708, 0.95257413]

    with pytest.raises(CheckFailed):
        c1w1.check_sigmoid(lambda x: np.zeros(3).view(Liar))
