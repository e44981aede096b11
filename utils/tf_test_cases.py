"""Inputs for the C2W3 (TensorFlow introduction) exercises and their public tests.

Each ``*_test_case()`` returns seeded inputs for one graded function, so that every student's
function sees the same numbers and the notebook can print the expected output next to them.
Numbers that TensorFlow computes with are float32 (the dtype of the course's network); the
SIGNS pictures are never used here, so the expected outputs do not depend on the data files.
The expected outputs live in ``dlchecks.c2w3`` (the public tests) and in the source notebook's
expected.json (the grader's).
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

__all__ = [
    "compute_cost_test_case",
    "cost_test_case",
    "forward_propagation_test_case",
    "model_test_case",
    "one_hot_matrix_test_case",
    "random_parameters",
]


def random_parameters(layer_dims, seed: int) -> dict:
    """Parameters W1, b1, ..., b3 of a 3-layer network as float32 tf.Variables, drawn from a normal distribution.

    Arguments:
    layer_dims -- the layer sizes [n_x, n_1, n_2, n_y]
    seed -- seed of numpy's generator

    Returns:
    parameters -- dictionary {"W1": tf.Variable of shape (n_1, n_x), "b1": (n_1, 1), ..., "b3": (n_y, 1)}
    """
    rng = np.random.RandomState(seed)
    parameters = {}
    for layer in range(1, len(layer_dims)):
        rows, columns = layer_dims[layer], layer_dims[layer - 1]
        for name, shape in ((f"W{layer}", (rows, columns)), (f"b{layer}", (rows, 1))):
            parameters[name] = tf.Variable(rng.randn(*shape).astype(np.float32), name=name)
    return parameters


def one_hot_columns(labels, C: int) -> np.ndarray:
    """float32 one-hot matrix of shape (C, m) of integer labels (a column per example)."""
    return np.eye(C, dtype=np.float32)[np.asarray(labels).reshape(-1)].T


def cost_test_case():
    """logits: the sigmoid of [0.2, 0.4, 0.7, 0.9] (float32, as the original course's test call feeds them), and
    labels [0, 0, 1, 1]."""
    z = np.array([0.2, 0.4, 0.7, 0.9], dtype=np.float32)
    logits = (1 / (1 + np.exp(-z))).astype(np.float32)
    return logits, np.array([0, 0, 1, 1])


def one_hot_matrix_test_case():
    """labels [1, 2, 3, 0, 2, 1] and C = 4 classes."""
    return np.array([1, 2, 3, 0, 2, 1]), 4


def forward_propagation_test_case():
    """X, a float32 tensor of shape (5, 3) (3 examples of 5 features), and the parameters of a network with layer
    sizes [5, 4, 3, 6] (float32 tf.Variables)."""
    rng = np.random.RandomState(1)
    X = tf.constant(rng.randn(5, 3).astype(np.float32), name="X")
    return X, random_parameters([5, 4, 3, 6], seed=2)


def compute_cost_test_case():
    """Z3, float32 logits of shape (6, 4) (6 classes, 4 examples), and Y, their one-hot labels [0, 5, 2, 2]."""
    rng = np.random.RandomState(3)
    Z3 = tf.constant(rng.randn(6, 4).astype(np.float32), name="Z3")
    Y = tf.constant(one_hot_columns([0, 5, 2, 2], 6), name="Y")
    return Z3, Y


def model_test_case(m_train: int = 48, m_test: int = 12, seed: int = 4):
    """A small training problem for model(): random "pictures" of 12288 values in [0, 1] (one per column, float32)
    with random labels 0-5, one-hot.

    Returns:
    X_train -- (12288, m_train), Y_train -- (6, m_train), X_test -- (12288, m_test), Y_test -- (6, m_test)
    """
    rng = np.random.RandomState(seed)
    X_train = rng.rand(12288, m_train).astype(np.float32)
    Y_train = one_hot_columns(rng.randint(0, 6, m_train), 6)
    X_test = rng.rand(12288, m_test).astype(np.float32)
    Y_test = one_hot_columns(rng.randint(0, 6, m_test), 6)
    return X_train, Y_train, X_test, Y_test
