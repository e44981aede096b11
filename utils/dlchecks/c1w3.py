"""Checks of C1W3 Planar data classification: the public tests and the probes the grader also runs.

The public inputs are the seeded ones of ``planar_test_cases`` (the notebook prints the
function's output on the same inputs next to the expected one); the expected values are the
numbers the seed prints.
"""

from __future__ import annotations

import numpy as np
from planar_test_cases import (
    backward_propagation_test_case,
    compute_cost_test_case,
    forward_propagation_test_case,
    initialize_parameters_test_case,
    layer_sizes_test_case,
    nn_model_test_case,
    predict_test_case,
    update_parameters_test_case,
)

from .core import Case, Check, explain_none_errors, shape_of

ASSIGNMENT = "C1W3_Planar_Data_Classification"
explain_none_errors()  # the None hint under errors in any cell of the notebook

PARAMETERS = ("W1", "b1", "W2", "b2")
GRADS = ("dW1", "db1", "dW2", "db2")
CACHE = ("Z1", "A1", "Z2", "A2")


def _items(label: str, values: dict, keys) -> dict:
    """{'label["key"]': value}: the expected values of t.arrays(label, ..., keys)."""
    return {f'{label}["{key}"]': values[key] for key in keys}


def _number(value):
    """A Python number for a numpy scalar (X.shape[0] and np.int64(4) are both fine sizes)."""
    return value.item() if isinstance(value, np.generic) else value


# ------------------------------------------------------------------ layer_sizes
def _layer_sizes(t, f, X, Y):
    got = t.type("layer_sizes(X, Y)", f(X, Y), tuple, "a tuple (n_x, n_h, n_y)")
    t.equal("(n_x, n_h, n_y)", tuple(_number(v) for v in got))


check_layer_sizes = Check("layer_sizes", _layer_sizes, [
    Case(layer_sizes_test_case(), {"(n_x, n_h, n_y)": (5, 4, 2)},
         "X, Y = layer_sizes_test_case(): X of shape (5, 3) and Y of shape (2, 3)"),
])


# ------------------------------------------------------------------ initialize_parameters
def _initialize_parameters(t, f, n_x, n_h, n_y):
    t.arrays("parameters", f(n_x, n_h, n_y), PARAMETERS, rtol=1e-6, atol=1e-8)


check_initialize_parameters = Check("initialize_parameters", _initialize_parameters, [
    Case(initialize_parameters_test_case(), _items("parameters", {
        "W1": [[-0.00416758, -0.00056267], [-0.02136196, 0.01640271], [-0.01793436, -0.00841747],
               [0.00502881, -0.01245288]],
        "b1": [[0.0], [0.0], [0.0], [0.0]],
        "W2": [[-0.01057952, -0.00909008, 0.00551454, 0.02292208]],
        "b2": [[0.0]],
    }, PARAMETERS), "n_x, n_h, n_y = initialize_parameters_test_case(), i.e. initialize_parameters(2, 4, 1)"),
    Case((3, 5, 2), _items("parameters", {
        "W1": [[-0.00416758, -0.00056267, -0.02136196], [0.01640271, -0.01793436, -0.00841747],
               [0.00502881, -0.01245288, -0.01057952], [-0.00909008, 0.00551454, 0.02292208],
               [0.00041539, -0.01117925, 0.00539058]],
        "b1": [[0.0], [0.0], [0.0], [0.0], [0.0]],
        "W2": [[-0.0059616, -0.0001913, 0.01175001, -0.00747871, 9.025e-05],
               [-0.00878108, -0.00156434, 0.0025657, -0.00988779, -0.00338822]],
        "b2": [[0.0], [0.0]],
    }, PARAMETERS), "initialize_parameters(3, 5, 2): W1 must have shape (n_h, n_x) = (5, 3)"),
])


# ------------------------------------------------------------------ forward_propagation
def _forward_propagation(t, f, X, parameters):
    A2, cache = t.tuple("forward_propagation(X, parameters)", f(X, parameters), ("A2", "cache"))
    t.close("A2", A2)
    t.arrays("cache", cache, CACHE)


_FORWARD_A2 = [[0.13944781, 0.26720571, 0.17427767]]

check_forward_propagation = Check("forward_propagation", _forward_propagation, [
    Case(forward_propagation_test_case(), {"A2": _FORWARD_A2, **_items("cache", {
        "Z1": [[1.93884095, -0.74970008, 0.52857037], [0.28290901, -0.31547975, 0.09272494],
               [2.27547447, -1.35590052, 1.96738191], [-0.14360515, -0.15534723, 0.43931797]],
        "A1": [[0.959442, -0.63496999, 0.48428752], [0.27559529, -0.30541398, 0.0924601],
               [0.97910622, -0.87543883, 0.96164914], [-0.14262606, -0.15410952, 0.41307895]],
        "Z2": [[-1.81988387, -1.00884622, -1.55560874]],
        "A2": _FORWARD_A2,
    }, CACHE)}, "X, parameters = forward_propagation_test_case(): X of shape (2, 3), a 2-4-1 network"),
])


# ------------------------------------------------------------------ compute_cost
def _compute_cost(t, f, A2, Y, parameters):
    got = f(A2, Y, parameters)
    t.close("compute_cost(A2, Y, parameters)", got, shape=False)
    if shape_of(got) not in ((), (1,)) and not isinstance(got, float):
        t.fail(f"compute_cost should return a number, got an array of shape {shape_of(got)}")


check_compute_cost = Check("compute_cost", _compute_cost, [
    Case(compute_cost_test_case(), {"compute_cost(A2, Y, parameters)": 0.8930709571437583},
         "A2, Y, parameters = compute_cost_test_case(): A2 and Y of shape (1, 3)"),
])


# ------------------------------------------------------------------ backward_propagation
def _backward_propagation(t, f, parameters, cache, X, Y):
    t.arrays("grads", f(parameters, cache, X, Y), GRADS)


check_backward_propagation = Check("backward_propagation", _backward_propagation, [
    Case(backward_propagation_test_case(), _items("grads", {
        "dW1": [[-0.03391006, 0.30800908], [-0.03243677, 0.23867254], [-0.0163478, 0.10443297],
                [-0.01956135, 0.23575695]],
        "db1": [[-0.06763719], [-0.02368889], [-0.00892452], [-0.06634506]],
        "dW2": [[-0.11129069, -0.0922684, -0.01676322, -0.22351239]],
        "db2": [[-0.01005274]],
    }, GRADS), "parameters, cache, X, Y = backward_propagation_test_case(): a 2-4-1 network, X of shape (2, 3)"),
])


# ------------------------------------------------------------------ update_parameters
def _update_parameters(t, f, parameters, grads, learning_rate=None):
    got = f(parameters, grads) if learning_rate is None else f(parameters, grads, learning_rate=learning_rate)
    t.arrays("parameters", got, PARAMETERS)


check_update_parameters = Check("update_parameters", _update_parameters, [
    Case(update_parameters_test_case(), _items("parameters", {
        "W1": [[0.82270698, -0.30638477], [-0.27107966, -0.52327688], [0.41896713, -1.16158844],
               [0.86637595, -0.39141372]],
        "b1": [[0.11395125], [-0.01019021], [0.25850313], [-0.17386750]],
        "W2": [[-0.16757287, -0.18372725, 0.57164576, -0.54169956]],
        "b2": [[0.08418186]],
    }, PARAMETERS), "parameters, grads = update_parameters_test_case(), with the default learning_rate=1.2"),
])


# ------------------------------------------------------------------ nn_model
def _nn_model(t, f, X, Y, n_h, num_iterations):
    got = f(X, Y, n_h, num_iterations=num_iterations, print_cost=False)
    t.arrays("parameters", got, PARAMETERS, rtol=1e-5, atol=1e-7)


check_nn_model = Check("nn_model", _nn_model, [
    Case((*nn_model_test_case(), 4, 10000), _items("parameters", {
        "W1": [[-0.65848169, 1.21866811], [-0.76204273, 1.39377573], [0.5792005, -1.10397703],
               [0.76773391, -1.41477129]],
        "b1": [[0.287592], [0.3511264], [-0.2431246], [-0.35772805]],
        "W2": [[-2.45566237, -3.27042274, 2.00784958, 3.36773273]],
        "b2": [[0.20459656]],
    }, PARAMETERS), "X, Y = nn_model_test_case(), nn_model(X, Y, n_h=4, num_iterations=10000)"),
])


# ------------------------------------------------------------------ predict
def _predict(t, f, parameters, X):
    got = t.type("predict(parameters, X)", f(parameters, X), np.ndarray, "a numpy array")
    t.close("predict(parameters, X)", got)


check_predict = Check("predict", _predict, [
    Case(predict_test_case(), {"predict(parameters, X)": [[0.0, 1.0, 1.0]]},
         "parameters, X = predict_test_case(): a 2-4-1 network, X of shape (2, 3)"),
])
