"""Checks of C2W1B Regularization: the public tests and the probes the grader also runs.

The public inputs are the seeded ones of ``reg_test_cases`` (the notebook prints the function's output on the same
inputs next to the expected one); the expected values are the numbers the seed prints.
"""

from __future__ import annotations

import copy

import numpy as np
from reg_test_cases import (
    backward_propagation_with_dropout_test_case,
    backward_propagation_with_regularization_test_case,
    compute_cost_with_regularization_test_case,
    forward_propagation_with_dropout_test_case,
)
from reg_utils import compute_cost

from .core import Case, Check, explain_none_errors, shape_of

ASSIGNMENT = "C2W1B_Regularization"
explain_none_errors()  # the None hint under errors in any cell of the notebook


def _number(value) -> float | None:
    """A float for a number or a one-element array; None for anything else (None, a longer array, ...)."""
    if isinstance(value, (int, float, np.generic)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "iuf":
        return float(value.reshape(()))
    return None


def _near(a, b, rtol: float = 1e-6) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=1e-9))


# ------------------------------------------------------------------ compute_cost_with_regularization
def _compute_cost_with_regularization(t, f, A3, Y, parameters, lambd):
    cost = f(A3, Y, copy.deepcopy(parameters), lambd)
    value = _number(cost)
    if value is not None:  # hints from the student's own outputs, before the comparison
        unregularised = _number(f(A3, Y, copy.deepcopy(parameters), 0.0))
        if unregularised is None or abs(unregularised - float(compute_cost(A3, Y))) > 1e-7:
            t.fail("with lambd = 0 the cost should be the cross-entropy part alone, compute_cost(A3, Y) = "
                   f"{float(compute_cost(A3, Y))!r}, got {unregularised!r}: the L2 term must vanish when lambd = 0")
        doubled = _number(f(A3, Y, copy.deepcopy(parameters), 2 * lambd))
        if doubled is not None and abs((doubled - unregularised) - 2 * (value - unregularised)) > 1e-7:
            t.fail("the L2 term should grow in proportion to lambd (twice lambd, twice the term): multiply the sum "
                   "of the squared weights by lambd once")
    t.close("cost", cost, shape=False)
    if shape_of(cost) not in ((), (1,)):
        t.fail(f"compute_cost_with_regularization should return a number, got an array of shape {shape_of(cost)}")


check_compute_cost_with_regularization = Check("compute_cost_with_regularization", _compute_cost_with_regularization, [
    Case((*compute_cost_with_regularization_test_case(), 0.1), {"cost": 1.78648594516},
         "A3, Y_assess, parameters = compute_cost_with_regularization_test_case() (5 examples, a 3-2-3-1 network), "
         "lambd = 0.1"),
])


# ------------------------------------------------------------------ backward_propagation_with_regularization
def _backward_propagation_with_regularization(t, f, X, Y, cache, lambd):
    grads = t.keys("gradients", f(X, Y, copy.deepcopy(cache), lambd), ("dW1", "dW2", "dW3"))
    weights = {"dW1": cache[2], "dW2": cache[6], "dW3": cache[10]}
    plain = f(X, Y, copy.deepcopy(cache), 0.0) if lambd else None
    if isinstance(plain, dict) and all(isinstance(grads.get(k), np.ndarray) and isinstance(plain.get(k), np.ndarray)
                                       for k in weights):
        m = X.shape[1]
        for key, W in weights.items():
            added = grads[key] - plain[key]
            if _near(added, lambd / (2 * m) * W) and not _near(added, lambd / m * W):
                t.fail(f'gradients["{key}"]: the L2 term adds lambd / (2m) * W; the derivative of '
                       "(lambd / 2m) * W**2 is (lambd / m) * W")
            if _near(added, lambd * W) and not _near(added, lambd / m * W):
                t.fail(f'gradients["{key}"]: the L2 term adds lambd * W; divide it by m, the number of examples')
            if _near(added, 0 * W):
                t.fail(f'gradients["{key}"] does not change with lambd: add the gradient of the L2 term, '
                       "(lambd / m) * W")
        for key in ("db1", "db2", "db3"):
            if isinstance(grads.get(key), np.ndarray) and isinstance(plain.get(key), np.ndarray) and not _near(
                    grads[key], plain[key]):
                t.fail(f'gradients["{key}"] changes with lambd: the L2 term holds the weights only, not the biases')
    t.arrays("gradients", grads, ("dW1", "dW2", "dW3"))


check_backward_propagation_with_regularization = Check(
    "backward_propagation_with_regularization", _backward_propagation_with_regularization, [
        Case((*backward_propagation_with_regularization_test_case(), 0.7), {
            'gradients["dW1"]': [[-0.25604646, 0.12298827, -0.28297129], [-0.17706303, 0.34536094, -0.4410571]],
            'gradients["dW2"]': [[0.79276486, 0.85133918], [-0.0957219, -0.01720463], [-0.13100772, -0.03750433]],
            'gradients["dW3"]': [[-1.77691347, -0.11832879, -0.09397446]],
        }, "X_assess, Y_assess, cache = backward_propagation_with_regularization_test_case() (5 examples, a 3-2-3-1 "
           "network), lambd = 0.7"),
    ])


# ------------------------------------------------------------------ forward_propagation_with_dropout
def _dropout_hints(t, Z, D, A, keep_prob, name: str):
    """Hints from the cache alone: is A the ReLU of Z, masked by D and scaled by 1 / keep_prob?"""
    if not (isinstance(Z, np.ndarray) and isinstance(D, np.ndarray) and isinstance(A, np.ndarray)):
        return
    if Z.shape != A.shape or D.shape != A.shape or D.dtype.kind not in "biuf" or keep_prob in (0.5, 1):
        return
    masked = np.maximum(Z, 0) * D
    if _near(A, masked) and not _near(A, masked / keep_prob):
        t.fail(f"{name} is masked but not scaled: divide it by keep_prob (inverted dropout keeps the expected "
               "value of the activations)")
    if _near(A, masked / (1 - keep_prob)):
        t.fail(f"{name} is divided by 1 - keep_prob: divide it by keep_prob, the probability of keeping a unit")


def _forward_propagation_with_dropout(t, f, X, parameters, keep_prob):
    A3, cache = t.tuple("forward_propagation_with_dropout(X, parameters, keep_prob)",
                        f(X, copy.deepcopy(parameters), keep_prob), ("A3", "cache"))
    if isinstance(cache, tuple) and len(cache) == 14:
        _dropout_hints(t, cache[0], cache[1], cache[2], keep_prob, "A1")
        _dropout_hints(t, cache[5], cache[6], cache[7], keep_prob, "A2")
    t.close("A3", A3)


check_forward_propagation_with_dropout = Check("forward_propagation_with_dropout", _forward_propagation_with_dropout, [
    Case((*forward_propagation_with_dropout_test_case(), 0.7),
         {"A3": [[0.36974721, 0.00305176, 0.04565099, 0.49683389, 0.36974721]]},
         "X_assess, parameters = forward_propagation_with_dropout_test_case() (5 examples, a 3-2-3-1 network), "
         "keep_prob = 0.7"),
])


# ------------------------------------------------------------------ backward_propagation_with_dropout
def _backward_propagation_with_dropout(t, f, X, Y, cache, keep_prob):
    grads = t.keys("gradients", f(X, Y, copy.deepcopy(cache), keep_prob), ("dA1", "dA2"))
    for key, D in (("dA1", cache[1]), ("dA2", cache[6])):
        got = grads[key]
        if isinstance(got, np.ndarray) and got.shape == D.shape and np.any(got[~D.astype(bool)] != 0):
            t.fail(f'gradients["{key}"] is not zero where the mask D{key[-1]} switched a unit off: multiply {key} '
                   f"by D{key[-1]}, so that the units shut down in the forward pass get no gradient")
    t.arrays("gradients", grads, ("dA1", "dA2"))


check_backward_propagation_with_dropout = Check(
    "backward_propagation_with_dropout", _backward_propagation_with_dropout, [
        Case((*backward_propagation_with_dropout_test_case(), 0.8), {
            'gradients["dA1"]': [[0.36544439, 0.0, -0.00188233, 0.0, -0.17408748],
                                 [0.65515713, 0.0, -0.00337459, 0.0, 0.0]],
            'gradients["dA2"]': [[0.58180856, 0.0, -0.00299679, 0.0, -0.27715731],
                                 [0.0, 0.53159854, 0.0, 0.53159854, -0.34089673],
                                 [0.0, 0.0, -0.00292733, 0.0, 0.0]],
        }, "X_assess, Y_assess, cache = backward_propagation_with_dropout_test_case() (5 examples, masks D1 (2, 5) and "
           "D2 (3, 5)), keep_prob = 0.8"),
    ])
