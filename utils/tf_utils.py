"""SIGNS helpers for the TensorFlow assignments (C2W3 TensorFlow introduction, C4W1B ConvNet application).

The SIGNS pictures (hands showing 0 to 5 fingers, 64 x 64 RGB) come from ``make datasets``
(``datasets/make_signs.py``) or from the original course's ``train_signs.h5`` / ``test_signs.h5``
when a user puts them in ``DLCOURSE_DATA``.

Two layouts are in use, as in the original course: the fully connected network of C2W3 takes one
example per *column* (X of shape (12288, m), Y of shape (6, m)); the ConvNet of C4W1B takes one
example per *row* (X of shape (m, 64, 64, 3), Y of shape (m, 6)). ``random_mini_batches`` takes the
first; ``cnn_utils.random_mini_batches`` the second; both shuffle with the same recipe.

Only numpy is needed to import this module; ``predict`` imports TensorFlow when it is called.
"""

from __future__ import annotations

import math

import numpy as np
from course_data import load_h5_dataset

# Release order: random_mini_batches is a graded function of C2W2 (optimisation methods); hand this module
# out after that assignment's deadline. tests/autograder/test_release.py exempts exactly this.
__release_after__ = {"C2W2_Optimization_Methods": "random_mini_batches, a graded function there, given here"}
__all__ = ["load_dataset", "random_mini_batches", "convert_to_one_hot", "predict"]


def load_dataset():
    """Load the SIGNS pictures and labels.

    Returns:
    train_set_x_orig -- uint8 array of shape (1080, 64, 64, 3)
    train_set_y_orig -- int64 array of shape (1, 1080), the number of raised fingers (0 to 5)
    test_set_x_orig -- uint8 array of shape (120, 64, 64, 3)
    test_set_y_orig -- int64 array of shape (1, 120)
    classes -- array [0, 1, 2, 3, 4, 5]
    """
    return load_h5_dataset("signs")


def mini_batches(X, Y, mini_batch_size: int = 64, seed: int = 0, axis: int = 1) -> list:
    """Shuffle the examples of (X, Y) with np.random.seed(seed) and cut them into mini-batches.

    Arguments:
    X, Y -- arrays holding the same examples along `axis`
    mini_batch_size -- examples per mini-batch; the last one holds what is left over
    seed -- seed of numpy's global generator for the shuffle
    axis -- 1 when examples are columns (C2W3), 0 when they are rows (C4W1B)

    Returns:
    a list of (mini_batch_X, mini_batch_Y) pairs
    """
    m = X.shape[axis]
    np.random.seed(seed)
    order = np.random.permutation(m)
    X, Y = _reorder(X, order, axis), _reorder(Y, order, axis)
    batches = []
    for k in range(math.ceil(m / mini_batch_size)):
        part = slice(k * mini_batch_size, min((k + 1) * mini_batch_size, m))
        index = (slice(None), part) if axis == 1 else (part,)
        batches.append((X[index], Y[index]))
    return batches


def _reorder(A, order, axis: int):
    """A's examples (along `axis`) in the given order. Flattened pictures, one per column, are usually Fortran-ordered
    (`X_orig.reshape(m, -1).T`), so each column lies in one piece: indexing copies them whole, about ten times faster
    than np.take (which the C2W3 network would otherwise spend a third of its 1500 epochs on)."""
    if axis == 1 and A.flags.f_contiguous:
        return A[:, order]
    return np.take(A, order, axis=axis)


def random_mini_batches(X, Y, mini_batch_size: int = 64, seed: int = 0) -> list:
    """Random mini-batches of (X, Y), one example per column.

    Arguments:
    X -- input data of shape (input size, m)
    Y -- labels (one-hot) of shape (number of classes, m)
    mini_batch_size -- size of each mini-batch
    seed -- seed of the shuffle, so that runs can be repeated

    Returns:
    mini_batches -- list of (mini_batch_X, mini_batch_Y)
    """
    return mini_batches(X, Y, mini_batch_size, seed, axis=1)


def convert_to_one_hot(Y, C: int):
    """One-hot matrix of labels: column j has a 1 in row Y[j].

    Arguments:
    Y -- integer labels, any shape holding m values in 0..C-1
    C -- number of classes

    Returns:
    an array of shape (C, m)
    """
    return np.eye(C)[np.reshape(Y, -1)].T


def predict(X, parameters):
    """Class predicted by the 3-layer network of C2W3 (LINEAR->RELU->LINEAR->RELU->LINEAR) for each column of X.

    Arguments:
    X -- array of shape (12288, m), pixels scaled to [0, 1]
    parameters -- dictionary with W1, b1, W2, b2, W3, b3 (tf.Variable or arrays)

    Returns:
    prediction -- int64 array of shape (m,), the class with the largest output
    """
    import tensorflow as tf

    A = tf.constant(X, dtype=tf.float32)
    for layer in (1, 2, 3):
        W = tf.cast(parameters[f"W{layer}"], tf.float32)
        b = tf.cast(parameters[f"b{layer}"], tf.float32)
        Z = tf.matmul(W, A) + b
        A = tf.nn.relu(Z) if layer < 3 else Z
    return tf.argmax(A, axis=0).numpy()
