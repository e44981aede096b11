"""Checks of C1W2 Logistic Regression with a neural network mindset: the public tests and the probes the grader also runs.

The public inputs are the ones the notebook's own example cells use; the expected values are the
numbers the seed prints.
"""

from __future__ import annotations

import numpy as np

from .core import Case, Check, explain_none_errors

ASSIGNMENT = "C1W2_Logistic_Regression"
explain_none_errors()  # the None hint under errors in any cell of the notebook

MODEL_KEYS = ("costs", "Y_prediction_test", "Y_prediction_train", "w", "b", "learning_rate", "num_iterations")


def model_inputs():
    """The small fixed data set the public test of model() uses."""
    rng = np.random.RandomState(1)
    X_train = rng.randn(4, 7)
    Y_train = (rng.rand(1, 7) > 0.5).astype(float)
    X_test = rng.randn(4, 3)
    Y_test = (rng.rand(1, 3) > 0.5).astype(float)
    return X_train, Y_train, X_test, Y_test


# ------------------------------------------------------------------ sigmoid
def _sigmoid(t, f, z):
    got = t.type("sigmoid(z)", f(z), np.ndarray, "a numpy array")
    t.close("sigmoid(z)", got, atol=1e-15)  # tiny values (sigmoid(-30) ~ 9.4e-14) count too


check_sigmoid = Check("sigmoid", _sigmoid, [
    Case((np.array([0, 2]),), {"sigmoid(z)": [0.5, 0.88079708]}, "z = np.array([0, 2])"),
    Case((np.array([0.5, 0, 2.0]),), {"sigmoid(z)": [0.62245933, 0.5, 0.88079708]}, "z = np.array([0.5, 0, 2.0])"),
])


# ------------------------------------------------------------------ initialize_with_zeros
def _initialize_with_zeros(t, f, dim):
    w, b = t.tuple("initialize_with_zeros(dim)", f(dim), ("w", "b"))
    t.type("w", w, np.ndarray, "a numpy array")
    t.close("w", w)
    if w.dtype.kind != "f":
        t.fail(f"w should hold floats (dtype float64), got dtype {w.dtype}")
    t.equal("w.dtype.kind", w.dtype.kind)  # recorded too, so that the grader checks it
    t.type("b", b, (int, float), "a Python int or float (0 or 0.0)")
    t.close("b", b, shape=False)


check_initialize_with_zeros = Check("initialize_with_zeros", _initialize_with_zeros, [
    Case((2,), {"w": [[0.0], [0.0]], "w.dtype.kind": "f", "b": 0.0}, "dim = 2"),
    Case((7,), {"w": [[0.0]] * 7, "w.dtype.kind": "f", "b": 0.0}, "dim = 7: w must have shape (dim, 1) = (7, 1)"),
])


# ------------------------------------------------------------------ propagate
_W, _B = np.array([[1.0], [2.0]]), 2.0
_X, _Y = np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]]), np.array([[1, 0, 1]])
_GIVEN = ("w = np.array([[1.], [2.]]), b = 2., X = np.array([[1., 2., -1.], [3., 4., -3.2]]), "
          "Y = np.array([[1, 0, 1]])")


def _grads(t, grads):
    t.keys("grads", grads, ("dw", "db"))
    t.close('grads["dw"]', grads["dw"])
    t.close('grads["db"]', grads["db"], shape=False)


def _propagate(t, f, w, b, X, Y):
    grads, cost = t.tuple("propagate(w, b, X, Y)", f(w, b, X, Y), ("grads", "cost"))
    _grads(t, grads)
    t.close("cost", cost)


check_propagate = Check("propagate", _propagate, [
    Case((_W, _B, _X, _Y),
         {'grads["dw"]': [[0.99845601], [2.39507239]], 'grads["db"]': 0.00145557813678, "cost": 5.801545319394553},
         _GIVEN),
])


# ------------------------------------------------------------------ optimize
def _optimize(t, f, w, b, X, Y, num_iterations, learning_rate):
    out = f(w, b, X, Y, num_iterations=num_iterations, learning_rate=learning_rate, print_cost=False)
    params, grads, costs = t.tuple("optimize(...)", out, ("params", "grads", "costs"))
    t.keys("params", params, ("w", "b"))
    t.close('params["w"]', params["w"])
    t.close('params["b"]', params["b"], shape=False)
    _grads(t, grads)
    t.type("costs", costs, list, "a list (one cost every 100 iterations)")
    t.close("costs", costs, allow_list=True)


check_optimize = Check("optimize", _optimize, [
    Case((_W, _B, _X, _Y, 100, 0.009),
         {'params["w"]': [[0.19033591], [0.12259159]], 'params["b"]': 1.92535983008,
          'grads["dw"]': [[0.67752042], [1.41625495]], 'grads["db"]': 0.219194504541, "costs": [5.80154532]},
         _GIVEN + ", num_iterations=100, learning_rate=0.009"),
])


# ------------------------------------------------------------------ predict
def _predict(t, f, w, b, X):
    got = t.type("predict(w, b, X)", f(w, b, X), np.ndarray, "a numpy array")
    t.close("predict(w, b, X)", got)


check_predict = Check("predict", _predict, [
    Case((np.array([[0.1124579], [0.23106775]]), -0.3, np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]])),
         {"predict(w, b, X)": [[1.0, 1.0, 0.0]]},
         "w = np.array([[0.1124579], [0.23106775]]), b = -0.3, X = np.array([[1., -1.1, -3.2], [1.2, 2., 0.1]])"),
])


# ------------------------------------------------------------------ model
def _model(t, f, X_train, Y_train, X_test, Y_test, num_iterations, learning_rate):
    d = f(X_train, Y_train, X_test, Y_test, num_iterations=num_iterations, learning_rate=learning_rate,
          print_cost=False)
    t.type("model(...)", d, dict, "a dictionary")
    missing = sorted(set(MODEL_KEYS) - set(d))
    if missing:
        t.fail(f"the dictionary returned by model() lacks the keys {missing}")
    t.close('d["w"]', d["w"])
    t.close('d["b"]', d["b"], shape=False)
    t.close('d["costs"]', d["costs"], allow_list=True)
    t.close('d["Y_prediction_train"]', d["Y_prediction_train"])
    t.close('d["Y_prediction_test"]', d["Y_prediction_test"])
    t.close('d["learning_rate"]', d["learning_rate"], shape=False)
    t.equal('d["num_iterations"]', d["num_iterations"])


check_model = Check("model", _model, [
    Case((*model_inputs(), 150, 0.01),
         {'d["w"]': [[-0.08811057], [-0.01449995], [0.45614662], [0.0362976]], 'd["b"]': -0.25580167856344416,
          'd["costs"]': [0.69314718, 0.5526791], 'd["Y_prediction_train"]': [[1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0]],
          'd["Y_prediction_test"]': [[0.0, 1.0, 1.0]], 'd["learning_rate"]': 0.01, 'd["num_iterations"]': 150},
         "X_train, Y_train, X_test, Y_test = dlchecks.c1w2.model_inputs() (4 features, 7 training and 3 test "
         "examples), num_iterations=150, learning_rate=0.01"),
])
