"""Inputs for the C1W4A (deep network step by step) and C1W4B (application) exercises and their public tests.

Each ``*_test_case()`` returns small, seeded inputs for one graded function. Caches
have the layout the notebook builds: a layer's cache is ``(linear_cache,
activation_cache)`` with ``linear_cache = (A_prev, W, b)`` and ``activation_cache = Z``.
The public tests' expected outputs (the numbers the seeds print) live in ``dlchecks/c1w4a.py``
and ``dlchecks/c1w4b.py``; the grader's, for these and the hidden inputs, in each assignment's
``expected.json``.
"""

from __future__ import annotations

import numpy as np


def initialize_parameters_test_case():
    """Layer sizes n_x, n_h, n_y of a 2-layer network."""
    return 3, 2, 1


def initialize_parameters_deep_test_case():
    """layer_dims of a 2-layer network with 5 inputs."""
    return [5, 4, 3]


def linear_forward_test_case():
    """A (3, 2), W (1, 3), b (1, 1)."""
    rng = np.random.RandomState(1)
    return rng.randn(3, 2), rng.randn(1, 3), rng.randn(1, 1)


def linear_activation_forward_test_case():
    """A_prev (3, 2), W (1, 3), b (1, 1)."""
    rng = np.random.RandomState(2)
    return rng.randn(3, 2), rng.randn(1, 3), rng.randn(1, 1)


def L_model_forward_test_case():
    """X (5, 4) and the parameters of a 5-4-3-1 network (two hidden layers)."""
    rng = np.random.RandomState(6)
    X = rng.randn(5, 4)
    parameters = {}
    for layer, (rows, cols) in enumerate([(4, 5), (3, 4), (1, 3)], start=1):
        parameters[f"W{layer}"] = rng.randn(rows, cols)
        parameters[f"b{layer}"] = rng.randn(rows, 1)
    return X, parameters


def compute_cost_test_case():
    """Labels Y and predicted probabilities AL, both (1, 3)."""
    return np.array([[1, 1, 0]]), np.array([[0.8, 0.9, 0.4]])


def linear_backward_test_case():
    """dZ (3, 4) and linear_cache (A_prev (5, 4), W (3, 5), b (3, 1))."""
    rng = np.random.RandomState(1)
    dZ = rng.randn(3, 4)
    A_prev, W, b = rng.randn(5, 4), rng.randn(3, 5), rng.randn(3, 1)
    return dZ, (A_prev, W, b)


def linear_activation_backward_test_case():
    """dA (1, 2) and a layer cache ((A_prev (3, 2), W (1, 3), b (1, 1)), Z (1, 2))."""
    rng = np.random.RandomState(2)
    dA = rng.randn(1, 2)
    A_prev, W, b = rng.randn(3, 2), rng.randn(1, 3), rng.randn(1, 1)
    Z = rng.randn(1, 2)
    return dA, ((A_prev, W, b), Z)


def L_model_backward_test_case():
    """AL (1, 2), Y (1, 2) and the caches of a 4-3-1 network (relu layer, then sigmoid layer)."""
    rng = np.random.RandomState(3)
    AL = 1 / (1 + np.exp(-rng.randn(1, 2)))
    Y = np.array([[1, 0]])
    A1, W1, b1, Z1 = rng.randn(4, 2), rng.randn(3, 4), rng.randn(3, 1), rng.randn(3, 2)
    A2, W2, b2, Z2 = rng.randn(3, 2), rng.randn(1, 3), rng.randn(1, 1), rng.randn(1, 2)
    return AL, Y, [((A1, W1, b1), Z1), ((A2, W2, b2), Z2)]


def update_parameters_test_case():
    """parameters and grads of a 4-3-1 network (learning rate 0.1 in the tests)."""
    rng = np.random.RandomState(2)
    parameters = {"W1": rng.randn(3, 4), "b1": rng.randn(3, 1), "W2": rng.randn(1, 3), "b2": rng.randn(1, 1)}
    rng = np.random.RandomState(3)
    grads = {"dW1": rng.randn(3, 4), "db1": rng.randn(3, 1), "dW2": rng.randn(1, 3), "db2": rng.randn(1, 1)}
    return parameters, grads


def _small_problem(seed):
    rng = np.random.RandomState(seed)
    X = rng.randn(5, 12)
    Y = (X[0:1] + 0.5 * X[1:2] * X[2:3] > 0).astype(float)
    return X, Y


def two_layer_model_test_case():
    """X (5, 12), labels Y (1, 12) and layers_dims (5, 4, 1) for a quick 2-layer training run."""
    X, Y = _small_problem(1)
    return X, Y, (5, 4, 1)


def L_layer_model_test_case():
    """X (5, 12), labels Y (1, 12) and layers_dims [5, 4, 3, 1] for a quick L-layer training run."""
    X, Y = _small_problem(2)
    return X, Y, [5, 4, 3, 1]
