"""Inputs for the C2W1C (gradient checking) exercises and their public tests.

``gradient_check_n_test_case()`` returns the small seeded problem on which the notebook checks the
gradients of its 3-layer network. The expected outputs live in ``dlchecks.c2w1c`` (the public
tests) and in the source notebook's expected.json (the grader's).
"""

from __future__ import annotations

import numpy as np


def gradient_check_n_test_case():
    """Three examples with 4 features, their labels and random parameters of the 4-5-3-1 network.

    The numbers are those of ``np.random.seed(1)`` followed by ``randn`` draws for X (4, 3), W1 (5, 4),
    b1 (5, 1), W2 (3, 5), b2 (3, 1), W3 (1, 3) and b3 (1, 1), in that order (the global random state
    is left alone).

    Returns:
    X -- numpy array of shape (4, 3), one example per column
    Y -- labels, numpy array [1, 1, 0] (shape (3,): broadcasting lines it up with the (1, 3) output)
    parameters -- dictionary with "W1", "b1", "W2", "b2", "W3", "b3"
    """
    rng = np.random.RandomState(1)
    X = rng.randn(4, 3)
    Y = np.array([1, 1, 0])
    parameters = {}
    for name, shape in (("W1", (5, 4)), ("b1", (5, 1)), ("W2", (3, 5)), ("b2", (3, 1)), ("W3", (1, 3)),
                        ("b3", (1, 1))):
        parameters[name] = rng.randn(*shape)
    return X, Y, parameters
