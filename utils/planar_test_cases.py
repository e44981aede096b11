"""Inputs for the C1W3 (planar data) exercises and their public tests.

Each ``*_test_case()`` returns small, seeded inputs for one graded function, so
that every student's function sees the same numbers and the notebook can print
the expected output next to them. The expected outputs themselves live in
``dlchecks.c1w3`` (the public tests) and in the source notebook's expected.json
(the grader's).
"""

from __future__ import annotations

import numpy as np


def _params(rng, n_x=2, n_h=4, n_y=1, scale=0.5):
    return {
        "W1": rng.randn(n_h, n_x) * scale,
        "b1": rng.randn(n_h, 1) * 0.1,
        "W2": rng.randn(n_y, n_h) * scale,
        "b2": rng.randn(n_y, 1) * 0.1,
    }


def layer_sizes_test_case():
    """X of shape (5, 3) and Y of shape (2, 3)."""
    rng = np.random.RandomState(1)
    return rng.randn(5, 3), rng.randn(2, 3)


def initialize_parameters_test_case():
    """Layer sizes n_x, n_h, n_y."""
    return 2, 4, 1


def forward_propagation_test_case():
    """X of shape (2, 3) and parameters of a 2-4-1 network."""
    rng = np.random.RandomState(1)
    X = rng.randn(2, 3)
    parameters = _params(rng)
    parameters["b2"] = np.array([[-1.3]])
    return X, parameters


def compute_cost_test_case():
    """A2 (probabilities, shape (1, 3)), labels Y (1, 3) and parameters (unused by the cost)."""
    rng = np.random.RandomState(1)
    Y = (rng.randn(1, 3) > 0).astype(float)
    A2 = 1 / (1 + np.exp(-rng.randn(1, 3)))
    return A2, Y, _params(rng)


def backward_propagation_test_case():
    """parameters, cache {Z1, A1, Z2, A2}, X (2, 3) and Y (1, 3)."""
    rng = np.random.RandomState(1)
    X = rng.randn(2, 3)
    Y = (rng.randn(1, 3) > 0).astype(float)
    parameters = _params(rng)
    Z1 = rng.randn(4, 3)
    Z2 = rng.randn(1, 3)
    cache = {"Z1": Z1, "A1": np.tanh(Z1), "Z2": Z2, "A2": 1 / (1 + np.exp(-Z2))}
    return parameters, cache, X, Y


def update_parameters_test_case():
    """parameters and grads {dW1, db1, dW2, db2} of a 2-4-1 network."""
    rng = np.random.RandomState(1)
    parameters = _params(rng)
    grads = {"d" + name: value for name, value in _params(rng, scale=0.01).items()}
    return parameters, grads


def nn_model_test_case():
    """X (2, 3) and labels Y (1, 3)."""
    rng = np.random.RandomState(1)
    X = rng.randn(2, 3)
    Y = (rng.randn(1, 3) > 0).astype(float)
    return X, Y


def predict_test_case():
    """parameters of a 2-4-1 network and X (2, 3)."""
    rng = np.random.RandomState(1)
    X = rng.randn(2, 3)
    parameters = _params(rng, scale=1.0)
    return parameters, X
