"""Checks of C2W1C Gradient Checking: the public tests and the probes the grader also runs.

The public inputs are the seed's (``x, theta = 2, 4`` and ``gradient_check_n_test_case()``) and the
expected values the numbers the seed prints, plus cases that tell a centred difference from a
one-sided one.

The two checking functions are run with the functions they call replaced by the probe's own (the
function's code is run with other globals): ``gradient_check`` with a known J(theta) and its
derivative (sometimes a wrong one), ``gradient_check_n`` with a forward pass that records the
parameters it is given. So a check of ``gradient_check`` does not depend on the student's
``forward_propagation``, and the probe can say *why* a difference is wrong: J never computed at
theta - epsilon (a one-sided difference), theta changed in place instead of a copy, and so on.
"""

from __future__ import annotations

import io
import types
from contextlib import redirect_stdout

import numpy as np
from gc_test_cases import gradient_check_n_test_case
from gc_utils import SHAPES, dictionary_to_vector

from .core import Case, Check, explain_none_errors

ASSIGNMENT = "C2W1C_Gradient_Checking"
explain_none_errors()  # the None hint under errors in any cell of the notebook

SEED_EPSILON = 1e-7  # the default epsilon of gradient_check and gradient_check_n


def _with_globals(f, **names):
    """`f` running with `names` in place of the global functions it calls (f itself when it is no plain function)."""
    if not isinstance(f, types.FunctionType):
        return f, False
    g = types.FunctionType(f.__code__, {**f.__globals__, **names}, f.__name__, f.__defaults__, f.__closure__)
    g.__kwdefaults__ = f.__kwdefaults__
    return g, True


def _quietly(f, *args, **kwargs):
    """Call f without showing what it prints (the checking functions print a verdict on every call)."""
    with redirect_stdout(io.StringIO()):
        return f(*args, **kwargs)


# ------------------------------------------------------------------ forward_propagation / backward_propagation (1-D)
def _forward_propagation(t, f, x, theta):
    t.close("J", f(x, theta))


check_forward_propagation = Check("forward_propagation", _forward_propagation, [
    Case((2, 4), {"J": 8}, "x, theta = 2, 4 (J(theta) = theta * x)"),
])


def _backward_propagation(t, f, x, theta):
    t.close("dtheta", f(x, theta))


check_backward_propagation = Check("backward_propagation", _backward_propagation, [
    Case((2, 4), {"dtheta": 2}, "x, theta = 2, 4 (the derivative of J(theta) = theta * x with respect to theta)"),
])


# ------------------------------------------------------------------ gradient_check (1-D)
# J(theta) and dJ/dtheta that replace forward_propagation and backward_propagation while gradient_check is checked
MODELS = {
    "linear": (lambda x, theta: theta * x, lambda x, theta: x),
    "cubic": (lambda x, theta: x * theta ** 3, lambda x, theta: 3 * x * theta ** 2),
    "wrong sign": (lambda x, theta: theta * x, lambda x, theta: -x),
}
_1D_TOLERANCE = {"rtol": 1e-3, "atol": 1e-13}  # differences of 1e-10 count: the rounding error itself is checked


def _number(value) -> float | None:
    try:
        return float(np.asarray(value, dtype=float).reshape(-1)[0])
    except (TypeError, ValueError, IndexError):
        return None


def _gradient_check(t, f, x, theta, epsilon=None, model="linear"):
    J, dJ = MODELS[model]
    thetas, backward_calls = [], []

    def forward_propagation(x, theta):
        thetas.append(_number(theta))
        return J(x, theta)

    def backward_propagation(x, theta):
        backward_calls.append(theta)
        return dJ(x, theta)

    g, replaced = _with_globals(f, forward_propagation=forward_propagation, backward_propagation=backward_propagation)
    difference = _quietly(g, x, theta) if epsilon is None else _quietly(g, x, theta, epsilon)
    step = SEED_EPSILON if epsilon is None else epsilon
    if replaced and not thetas:
        t.fail("gradient_check never called forward_propagation(): compute J_plus = forward_propagation(x, thetaplus) "
               "and J_minus = forward_propagation(x, thetaminus), so that the check tests your J, whatever it is")
    if replaced and not backward_calls:
        t.fail("gradient_check never called backward_propagation(): the gradient under test, grad, is what "
               "backward_propagation(x, theta) returns")
    for sign, name in ((1, "thetaplus = theta + epsilon"), (-1, "thetaminus = theta - epsilon")):
        shifted = theta + sign * step
        if replaced and not any(v is not None and abs(v - shifted) <= 1e-3 * step for v in thetas):
            t.fail(f"forward_propagation was never called at {name} ({shifted!r}): the centred difference "
                   "(J_plus - J_minus) / (2 * epsilon) needs J at both theta + epsilon and theta - epsilon")
    t.close("difference", difference, **_1D_TOLERANCE)


_FORMULA = "difference = ||grad - gradapprox||_2 / (||grad||_2 + ||gradapprox||_2), two norms added below the line"

check_gradient_check = Check("gradient_check", _gradient_check, [
    Case((2, 4), {"difference": 2.919335883291695e-10},
         "x, theta = 2, 4 and epsilon = 1e-7, with J(theta) = theta * x and its derivative grad = x: gradapprox = "
         "(J(theta + epsilon) - J(theta - epsilon)) / (2 * epsilon) differs from 2 by rounding only; " + _FORMULA),
    Case((2, 1.5, 1e-3, "cubic"), {"difference": 7.40740114250946e-08},
         "x, theta = 2, 1.5, epsilon = 1e-3, with forward_propagation replaced by J = x * theta**3 and "
         "backward_propagation by its derivative 3 * x * theta**2: a centred difference is off by about epsilon**2 "
         "(difference about 7.4e-8), a one-sided one by about epsilon (about 3e-4)"),
    Case((2, 4, 1e-7, "wrong sign"), {"difference": 1.0},
         "x, theta = 2, 4, with backward_propagation replaced by one that returns -x (a wrong sign): gradapprox = 2 "
         "and grad = -2, so the difference is 4 / (2 + 2) = 1; " + _FORMULA),
])


# ------------------------------------------------------------------ gradient_check_n (N-D)
def network_cost(X, Y, parameters):
    """Cost and cache of the notebook's LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID network (the same
    arithmetic as its forward_propagation_n, so the same numbers)."""
    m = X.shape[1]
    cache = []
    A = X
    for layer in (1, 2, 3):
        weights, bias = parameters[f"W{layer}"], parameters[f"b{layer}"]
        Z = np.dot(weights, A) + bias
        A = np.maximum(0, Z) if layer < 3 else 1 / (1 + np.exp(-Z))
        cache += [Z, A, weights, bias]
    log_loss = np.multiply(-np.log(A), Y) + np.multiply(-np.log(1 - A), 1 - Y)
    return 1.0 / m * np.sum(log_loss), tuple(cache)


def network_gradients(X, Y, parameters, planted_bugs=False):
    """dW1, db1, ..., db3 of network_cost; `planted_bugs` makes the two mistakes of the notebook's
    backward_propagation_n (dW2 twice too large, db1 four times too large)."""
    m = X.shape[1]
    _, cache = network_cost(X, Y, parameters)
    Z, A = {0: None}, {0: X}
    for layer in (1, 2, 3):
        Z[layer], A[layer] = cache[4 * layer - 4], cache[4 * layer - 3]
    gradients = {}
    delta = A[3] - Y  # the sigmoid output and the log loss together
    for layer in (3, 2, 1):
        gradients[f"dW{layer}"] = (1 / m) * np.dot(delta, A[layer - 1].T)
        gradients[f"db{layer}"] = (1 / m) * np.sum(delta, axis=1, keepdims=True)
        if layer > 1:
            delta = np.dot(parameters[f"W{layer}"].T, delta) * (Z[layer - 1] > 0)
    if planted_bugs:
        gradients["dW2"] = gradients["dW2"] * 2
        gradients["db1"] = gradients["db1"] * 4
    return gradients


def network_case(seed, m, gradients="planted bugs"):
    """(parameters, gradients, X, Y): m random examples and random parameters of the network, drawn from `seed`,
    with gradients "planted bugs", "correct", or "noisy" (correct ones with a small error in dW3)."""
    rng = np.random.RandomState(seed)
    X = rng.randn(4, m)
    Y = (rng.rand(1, m) > 0.5).astype(float)
    parameters = {name: rng.randn(*shape) for name, shape in SHAPES.items()}
    found = network_gradients(X, Y, parameters, planted_bugs=gradients == "planted bugs")
    if gradients == "noisy":
        found["dW3"] = found["dW3"] + 1e-4 * rng.randn(*found["dW3"].shape)
    return parameters, found, X, Y


def _gradient_check_n(t, f, parameters, gradients, X, Y, epsilon=None):
    theta, keys = dictionary_to_vector(parameters)
    step = SEED_EPSILON if epsilon is None else epsilon
    moved_up, moved_down, calls = set(), set(), []

    def forward_propagation_n(X, Y, parameters):
        calls.append(1)
        try:
            shift = (dictionary_to_vector(parameters)[0] - theta).reshape(-1)
        except Exception:  # noqa: BLE001 - not a dictionary of the network's parameters: the cost below says so
            shift = None
        if shift is not None and shift.shape == (theta.shape[0],):
            moved = np.flatnonzero(np.abs(shift) > step / 2)
            if len(moved) == 1:
                i = int(moved[0])
                if abs(shift[i] - step) <= 1e-2 * step:
                    moved_up.add(i)
                elif abs(shift[i] + step) <= 1e-2 * step:
                    moved_down.add(i)
        return network_cost(X, Y, parameters)

    g, replaced = _with_globals(f, forward_propagation_n=forward_propagation_n)
    args = (parameters, gradients, X, Y) if epsilon is None else (parameters, gradients, X, Y, epsilon)
    difference = _quietly(g, *args)
    if replaced and not calls:
        t.fail("gradient_check_n never called forward_propagation_n(X, Y, vector_to_dictionary(...)): J_plus[i] "
               "and J_minus[i] are the costs it returns")
    for i in range(theta.shape[0]) if replaced else ():
        for found, sign, name in ((moved_up, "+", "thetaplus"), (moved_down, "-", "thetaminus")):
            if i not in found:
                t.fail(f"forward_propagation_n was never given parameters_values with entry {i} (in {keys[i]}) moved "
                       f"by {sign}epsilon and every other entry as it is: {name} must be a fresh copy of "
                       f"parameters_values (np.copy) in which only entry i changes, for J_plus[i] at theta + epsilon "
                       f"and J_minus[i] at theta - epsilon (a centred difference)")
    t.close("difference", difference, rtol=1e-4, atol=1e-12)


_SEED_X, _SEED_Y, _SEED_PARAMETERS = gradient_check_n_test_case()
_SEED_GIVEN = "X, Y, parameters = gradient_check_n_test_case()"

check_gradient_check_n = Check("gradient_check_n", _gradient_check_n, [
    Case((_SEED_PARAMETERS, network_gradients(_SEED_X, _SEED_Y, _SEED_PARAMETERS, planted_bugs=True), _SEED_X, _SEED_Y),
         {"difference": 0.2850931567761624},
         _SEED_GIVEN + " and gradients from the notebook's backward_propagation_n (with its two mistakes), "
         "epsilon = 1e-7: gradapprox[i] is (J_plus[i] - J_minus[i]) / (2 * epsilon) and " + _FORMULA),
    Case((_SEED_PARAMETERS, network_gradients(_SEED_X, _SEED_Y, _SEED_PARAMETERS), _SEED_X, _SEED_Y, 1e-2),
         {"difference": 1.6800198140389069e-06},
         _SEED_GIVEN + " with the correct gradients and epsilon = 1e-2 (large on purpose): a centred difference "
         "(J_plus[i] - J_minus[i]) / (2 * epsilon) is off by about epsilon**2 (difference about 1.7e-6), a one-sided "
         "one by about epsilon (about 2e-4); a difference near 1/3 means gradapprox is twice too large"),
])
