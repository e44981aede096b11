"""Checks of C1W1 Python Basics with numpy: the public tests and the probes the grader also runs."""

from __future__ import annotations

import numpy as np

from .core import Case, Check, explain_none_errors

ASSIGNMENT = "C1W1_Python_Basics"
explain_none_errors()  # the None hint under errors in any cell of the notebook


def _number_or_array(t, label, got, x):
    if isinstance(x, np.ndarray):
        t.type(label, got, np.ndarray, "a numpy array")
    t.close(label, got)


def _basic_sigmoid(t, f, x):
    got = f(x)
    t.type("basic_sigmoid(x)", got, (float, int, np.generic), "a Python number (math.exp works on numbers only)")
    t.close("basic_sigmoid(x)", got)


check_basic_sigmoid = Check("basic_sigmoid", _basic_sigmoid, [
    Case((1,), {"basic_sigmoid(x)": 0.7310585786300049}, "x = 1"),
    Case((-3,), {"basic_sigmoid(x)": 0.04742587317756678}, "x = -3"),
])


def _sigmoid(t, f, x):
    _number_or_array(t, "sigmoid(x)", f(x), x)


check_sigmoid = Check("sigmoid", _sigmoid, [
    Case((np.array([1, 2, 3]),), {"sigmoid(x)": [0.73105858, 0.88079708, 0.95257413]}, "x = np.array([1, 2, 3])"),
    Case((0,), {"sigmoid(x)": 0.5}, "x = 0"),
])


def _sigmoid_derivative(t, f, x):
    _number_or_array(t, "sigmoid_derivative(x)", f(x), x)


check_sigmoid_derivative = Check("sigmoid_derivative", _sigmoid_derivative, [
    Case((np.array([1, 2, 3]),), {"sigmoid_derivative(x)": [0.19661193, 0.10499359, 0.04517666]},
         "x = np.array([1, 2, 3])"),
])


def _image2vector(t, f, image):
    got = f(image)
    t.type("image2vector(image)", got, np.ndarray, "a numpy array")
    t.close("image2vector(image)", got)


check_image2vector = Check("image2vector", _image2vector, [
    Case((np.arange(18, dtype=float).reshape(3, 3, 2) / 10,), {"image2vector(image)": [[v / 10] for v in range(18)]},
         "image = np.arange(18).reshape(3, 3, 2) / 10, an image of shape (3, 3, 2)"),
    Case((np.ones((2, 5, 3)),), {"image2vector(image)": [[1.0]] * 30}, "image = np.ones((2, 5, 3))"),
])


def _normalizeRows(t, f, x):  # noqa: N802 - the seed's name
    got = f(x)
    t.type("normalizeRows(x)", got, np.ndarray, "a numpy array")
    t.close("normalizeRows(x)", got)


check_normalizeRows = Check("normalizeRows", _normalizeRows, [  # noqa: N816 - the seed's name
    Case((np.array([[0, 3, 4], [1, 6, 4]]),),
         {"normalizeRows(x)": [[0.0, 0.6, 0.8], [0.13736056, 0.82416338, 0.54944226]]},
         "x = np.array([[0, 3, 4], [1, 6, 4]])"),
])


def _softmax(t, f, x):
    got = f(x)
    t.type("softmax(x)", got, np.ndarray, "a numpy array")
    t.close("softmax(x)", got, rtol=1e-6, atol=1e-9)


check_softmax = Check("softmax", _softmax, [
    Case((np.array([[9, 2, 5, 0, 0], [7, 5, 0, 0, 0]]),),
         {"softmax(x)": [[9.80897665e-01, 8.94462891e-04, 1.79657674e-02, 1.21052389e-04, 1.21052389e-04],
                         [8.78679856e-01, 1.18916387e-01, 8.01252314e-04, 8.01252314e-04, 8.01252314e-04]]},
         "x = np.array([[9, 2, 5, 0, 0], [7, 5, 0, 0, 0]])"),
])

_YHAT = np.array([0.9, 0.2, 0.1, 0.4, 0.9])
_Y = np.array([1, 0, 0, 1, 1])
_GIVEN = "yhat = np.array([.9, .2, .1, .4, .9]), y = np.array([1, 0, 0, 1, 1])"


def _L1(t, f, yhat, y):  # noqa: N802 - the seed's name
    t.close("L1(yhat, y)", f(yhat, y), shape=False)


def _L2(t, f, yhat, y):  # noqa: N802 - the seed's name
    t.close("L2(yhat, y)", f(yhat, y), shape=False)


check_L1 = Check("L1", _L1, [Case((_YHAT, _Y), {"L1(yhat, y)": 1.1}, _GIVEN)])  # noqa: N816
check_L2 = Check("L2", _L2, [Case((_YHAT, _Y), {"L2(yhat, y)": 0.43}, _GIVEN)])  # noqa: N816
