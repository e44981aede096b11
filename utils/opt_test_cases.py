"""Inputs for the C2W2 (optimisation methods) exercises and their public tests.

Each ``*_test_case()`` returns seeded inputs for one graded function, so that every
student's function sees the same numbers and the notebook can print the expected
output next to them. The parameters and gradients are drawn from a generator seeded
with 1, in the order W1, b1, W2, b2 and then dW1, db1, dW2, db2, for a network with
layer sizes 3 -> 2 -> 3. The expected outputs live in ``dlchecks.c2w2`` (the public
tests) and in the source notebook's expected.json (the grader's).
"""

from __future__ import annotations

import numpy as np

SHAPES = {"W1": (2, 3), "b1": (2, 1), "W2": (3, 3), "b2": (3, 1)}


def _parameters_and_gradients(seed: int = 1, with_gradients: bool = True):
    rng = np.random.RandomState(seed)
    parameters = {name: rng.randn(*shape) for name, shape in SHAPES.items()}
    if not with_gradients:
        return parameters
    grads = {"d" + name: rng.randn(*shape) for name, shape in SHAPES.items()}
    return parameters, grads


def _zeros_like(parameters) -> dict:
    return {"d" + name: np.zeros(value.shape) for name, value in parameters.items()}


def update_parameters_with_gd_test_case():
    """parameters (W1, b1, W2, b2), grads (dW1, ..., db2) and learning_rate = 0.01."""
    parameters, grads = _parameters_and_gradients()
    return parameters, grads, 0.01


def random_mini_batches_test_case():
    """X of shape (12288, 148) (148 examples of 12288 features), Y of shape (1, 148) (booleans), mini_batch_size 64."""
    rng = np.random.RandomState(1)
    X = rng.randn(12288, 148)
    Y = rng.randn(1, 148) < 0.5
    return X, Y, 64


def initialize_velocity_test_case():
    """parameters W1, b1, W2, b2."""
    return _parameters_and_gradients(with_gradients=False)


def update_parameters_with_momentum_test_case():
    """parameters, grads and a velocity v of zeros (the first step of momentum)."""
    parameters, grads = _parameters_and_gradients()
    return parameters, grads, _zeros_like(parameters)


def initialize_adam_test_case():
    """parameters W1, b1, W2, b2."""
    return _parameters_and_gradients(with_gradients=False)


def update_parameters_with_adam_test_case():
    """parameters, grads, and the moving averages v and s, all zeros."""
    parameters, grads = _parameters_and_gradients()
    return parameters, grads, _zeros_like(parameters), _zeros_like(parameters)


def model_test_case():
    """A small training set for model(): X of shape (2, 10) (points in the plane), Y of shape (1, 10), and
    layers_dims = [2, 4, 2, 1] (the model's network always has three layers)."""
    rng = np.random.RandomState(22)
    X = rng.randn(2, 10)
    Y = (X[0:1] * X[1:2] > 0).astype(int)  # class 1 in the first and third quadrants
    return X, Y, [2, 4, 2, 1]
