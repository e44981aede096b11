"""Helpers for C2W1C Gradient Checking: the activations of its network and the conversions between a
dictionary of parameters (or of gradients) and one column vector.

The gradient check moves one number at a time by a tiny amount. That is easiest with all the
parameters of the network in a single vector ``theta`` of shape (47, 1), the entries of W1, b1, W2,
b2, W3 and b3 one after the other (each matrix read row by row, as ``np.reshape`` reads it):

    theta, keys = dictionary_to_vector(parameters)     # theta[i] belongs to parameters[keys[i]]
    parameters = vector_to_dictionary(theta)           # and back, with the network's shapes
    grad = gradients_to_vector(gradients)              # dW1, db1, ..., db3 in the same order as theta

The network is the one of the notebook (LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID with
4 inputs and layers of 5, 3 and 1 units), so the shapes are fixed: ``SHAPES``.
"""

from __future__ import annotations

import numpy as np
from dnn_utils import relu as _relu_and_cache
from planar_utils import sigmoid

__all__ = ["sigmoid", "relu", "dictionary_to_vector", "vector_to_dictionary", "gradients_to_vector", "SHAPES"]

# the parameters in the order they take in theta, with their shapes
SHAPES = {"W1": (5, 4), "b1": (5, 1), "W2": (3, 5), "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)}
SIZE = sum(rows * cols for rows, cols in SHAPES.values())  # 47 numbers in all


def relu(x):
    """Element-wise rectified linear unit max(0, x) (Course 1's relu, without its cache).

    Arguments:
    x -- a number or a numpy array of any shape

    Returns:
    s -- max(0, x), same shape as x
    """
    return _relu_and_cache(x)[0]


def dictionary_to_vector(parameters):
    """All the parameters of the network in one column vector.

    Arguments:
    parameters -- dictionary with "W1", "b1", "W2", "b2", "W3", "b3" (other keys are ignored)

    Returns:
    theta -- numpy array of shape (n, 1): the entries of W1, then b1, ..., then b3 (n = 47 for SHAPES)
    keys -- list of n names: keys[i] is the parameter theta[i] comes from ("W1", ..., "b3")
    """
    pieces = [np.reshape(parameters[name], (-1, 1)) for name in SHAPES]
    keys = [name for name, piece in zip(SHAPES, pieces, strict=True) for _ in range(piece.shape[0])]
    return np.concatenate(pieces, axis=0), keys


def vector_to_dictionary(theta):
    """The inverse of dictionary_to_vector: cut theta into W1, b1, ..., b3 with the network's shapes.

    Arguments:
    theta -- numpy array of 47 numbers (shape (47, 1) as dictionary_to_vector returns it, or (47,))

    Returns:
    parameters -- dictionary with "W1", "b1", "W2", "b2", "W3", "b3", new arrays of the shapes in SHAPES
    """
    theta = np.asarray(theta)
    if theta.size != SIZE:
        raise ValueError(f"vector_to_dictionary expects {SIZE} numbers (the network's W1, b1, ..., b3), "
                         f"got an array of shape {theta.shape}")
    flat = theta.reshape(-1)
    parameters = {}
    start = 0
    for name, (rows, cols) in SHAPES.items():
        parameters[name] = flat[start:start + rows * cols].reshape(rows, cols).copy()
        start += rows * cols
    return parameters


def gradients_to_vector(gradients):
    """The gradients of the parameters in one column vector, in the order of dictionary_to_vector.

    Arguments:
    gradients -- dictionary with "dW1", "db1", "dW2", "db2", "dW3", "db3" (others, such as "dZ1" or "dA2",
                 are ignored)

    Returns:
    grad -- numpy array of shape (47, 1): grad[i] is the gradient of the cost with respect to theta[i]
    """
    return np.concatenate([np.reshape(gradients["d" + name], (-1, 1)) for name in SHAPES], axis=0)
