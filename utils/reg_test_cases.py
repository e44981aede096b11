"""Inputs for the C2W1B (regularization) exercises and their public tests.

Every case is a tiny 3-2-3-1 network (inputs of size 3, then 2, 3 and 1 units) on 5 examples, with inputs and
parameters drawn from ``np.random.RandomState(1)``, the numbers the original course's test cases hold. The expected
outputs live in ``dlchecks.c2w1b`` (the public tests) and in the source notebook's expected.json (the grader's).
"""

from __future__ import annotations

import numpy as np
from reg_utils import forward_propagation, relu, sigmoid

_SHAPES = (("W1", (2, 3)), ("b1", (2, 1)), ("W2", (3, 2)), ("b2", (3, 1)), ("W3", (1, 3)), ("b3", (1, 1)))
_LABELS = np.array([[1, 1, 0, 1, 0]])


def _parameters(rng):
    return {name: rng.randn(*shape) for name, shape in _SHAPES}


def _inputs_and_parameters():
    """X of shape (3, 5), then the six parameters, from one stream of random numbers."""
    rng = np.random.RandomState(1)
    X = rng.randn(3, 5)
    return X, _parameters(rng)


def compute_cost_with_regularization_test_case():
    """A3 (outputs of the network, rounded to 8 decimals, shape (1, 5)), Y_assess (1, 5) and parameters.

    The parameters are the first numbers of the stream (no X drawn before them); A3 comes from another network.
    """
    X, others = _inputs_and_parameters()
    A3 = np.round(forward_propagation(X, others)[0], 8)
    parameters = _parameters(np.random.RandomState(1))
    return A3, _LABELS.copy(), parameters


def backward_propagation_with_regularization_test_case():
    """X_assess (3, 5), Y_assess (1, 5) and the cache of forward_propagation (no dropout) on them."""
    X, parameters = _inputs_and_parameters()
    _, cache = forward_propagation(X, parameters)
    return X, _LABELS.copy(), cache


def forward_propagation_with_dropout_test_case():
    """X_assess (3, 5) and the parameters of the 3-2-3-1 network."""
    return _inputs_and_parameters()


def backward_propagation_with_dropout_test_case():
    """X_assess (3, 5), Y_assess (1, 5) and a cache (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3).

    The cache is that of a forward pass in which the masks D1 (2, 5) and D2 (3, 5) switch off about half of the hidden
    units, the kept ones being scaled up by 1 / 0.5; its arrays are rounded to 8 decimals.
    """
    X, parameters = _inputs_and_parameters()
    switches = np.random.RandomState(1)
    cache = []
    A = X
    for layer in (1, 2, 3):
        W, b = parameters[f"W{layer}"], parameters[f"b{layer}"]
        Z = W @ A + b
        if layer == 3:
            A = sigmoid(Z)
            cache += [Z, A, W, b]
        else:
            kept = switches.rand(*Z.shape) < 0.5
            A = np.where(kept, relu(Z) * 2.0, 0.0)
            cache += [Z, kept, A, W, b]
    cache = [item if item.dtype == bool else np.round(item, 8) for item in cache]
    return X, _LABELS.copy(), tuple(cache)
