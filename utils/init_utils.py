"""Data, network and plotting helpers for C2W1A, initialisation.

The notebook compares three ways of initialising the same 3-layer network,
LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID, on the "circles" data:
two noisy concentric rings, the outer one labelled 0 (red) and the inner one 1
(blue). Everything except the three initialisation functions is given here:

- ``load_dataset()`` draws the rings as the original course did;
- ``forward_propagation``, ``backward_propagation``, ``compute_loss`` and
  ``update_parameters`` train the network (gradient descent);
- ``predict`` prints the accuracy, ``predict_dec`` and ``plot_decision_boundary``
  draw the decision boundary.

``sigmoid`` and ``update_parameters`` are Course 1's (``planar_utils`` and
``dnn_app_utils``), ``relu`` wraps ``dnn_utils.relu``; they are not rewritten here.
"""

from __future__ import annotations

import numpy as np
from dnn_app_utils import update_parameters
from dnn_utils import relu as _relu_with_cache
from planar_utils import plot_decision_boundary, sigmoid

# Release order: this helper holds answers to these assignments on purpose (later ones build on them);
# hand it out after their deadlines. tests/autograder/test_release.py exempts exactly these.
__release_after__ = {
    "C1W1_Python_Basics": "sigmoid, a given helper (from planar_utils)",
    "C1W4A_Deep_Neural_Network_Step_by_Step": "update_parameters (from dnn_app_utils) and the cross-entropy cost, "
                                              "given helpers of the 3-layer network",
}
__all__ = [
    "sigmoid",
    "relu",
    "load_dataset",
    "forward_propagation",
    "backward_propagation",
    "compute_loss",
    "update_parameters",
    "predict",
    "predict_dec",
    "plot_decision_boundary",
]

TRAIN_SIZE, TEST_SIZE = 300, 100
NOISE = 0.05
TRAIN_SEED, TEST_SEED = 1, 2


def relu(x):
    """Element-wise rectified linear unit max(0, x) of an array (the activation only, no cache)."""
    return _relu_with_cache(x)[0]


def load_dataset():
    """The circles: 300 training and 100 test points on two noisy concentric rings.

    The recipe of the original course: scikit-learn's ``make_circles`` (radii 1 and 0.8,
    half of the points on each ring, shuffled, Gaussian noise of standard deviation 0.05)
    drawing from numpy's global random generator, seeded with 1 before the training set
    and with 2 before the test set. Label 0 is the outer ring, 1 the inner one.

    Returns:
    train_X -- coordinates of the training points, numpy array of shape (2, 300)
    train_Y -- their labels, numpy array of shape (1, 300)
    test_X -- coordinates of the test points, numpy array of shape (2, 100)
    test_Y -- their labels, numpy array of shape (1, 100)
    """
    from sklearn.datasets import make_circles  # imported here: only the loader needs scikit-learn

    sets = []
    for size, seed in ((TRAIN_SIZE, TRAIN_SEED), (TEST_SIZE, TEST_SEED)):
        np.random.seed(seed)
        points, labels = make_circles(n_samples=size, noise=NOISE)
        sets += [points.T, labels.reshape(1, size)]
    return tuple(sets)


def forward_propagation(X, parameters):
    """Forward pass LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID.

    Arguments:
    X -- input data, shape (n_x, m)
    parameters -- dictionary with "W1", "b1", "W2", "b2", "W3", "b3":
                  Wl has shape (n_l, n_(l-1)) and bl shape (n_l, 1)

    Returns:
    a3 -- output of the sigmoid, shape (1, m): the probability of label 1
    cache -- tuple (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3), what backward_propagation needs
    """
    cache = []
    a = X
    for layer in (1, 2, 3):
        W, b = parameters[f"W{layer}"], parameters[f"b{layer}"]
        z = np.dot(W, a) + b
        a = sigmoid(z) if layer == 3 else relu(z)
        cache += [z, a, W, b]
    return a, tuple(cache)


def backward_propagation(X, Y, cache):
    """Gradients of the cross-entropy loss for the network of forward_propagation.

    Arguments:
    X -- input data, shape (n_x, m)
    Y -- true labels (0 or 1), shape (1, m)
    cache -- the cache forward_propagation returned

    Returns:
    gradients -- dictionary with the gradients of the loss with respect to each parameter
                 ("dW1", "db1", ..., "db3"), each pre-activation ("dz1", "dz2", "dz3")
                 and each hidden activation ("da1", "da2")
    """
    m = X.shape[1]
    _, a1, W1, _, _, a2, W2, _, _, a3, W3, _ = cache
    gradients = {}
    # at the sigmoid output the loss gradient simplifies to (a3 - Y), averaged over the m examples
    dz = 1.0 / m * (a3 - Y)
    previous = {3: (a2, W3), 2: (a1, W2), 1: (X, W1)}
    for layer in (3, 2, 1):
        a_prev, W = previous[layer]
        gradients[f"dz{layer}"] = dz
        gradients[f"dW{layer}"] = np.dot(dz, a_prev.T)
        gradients[f"db{layer}"] = np.sum(dz, axis=1, keepdims=True)
        if layer > 1:
            da = np.dot(W.T, dz)
            gradients[f"da{layer - 1}"] = da
            dz = np.multiply(da, np.int64(a_prev > 0))  # ReLU lets the gradient through where it was active
    return gradients


def compute_loss(a3, Y):
    """Cross-entropy loss -1/m * sum(Y log(a3) + (1 - Y) log(1 - a3)).

    An output that is exactly 0 or 1 on the wrong side gives an infinite loss (log 0), as in
    the original course: large initial weights saturate the sigmoid and the first loss is inf.
    Terms 0 * log(0) (a right answer given with certainty) count as 0.

    Arguments:
    a3 -- output of forward_propagation, shape (1, m)
    Y -- true labels (0 or 1), shape (1, m)

    Returns:
    loss -- the loss, a number (numpy float64; inf when a certain answer is wrong)
    """
    m = Y.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):  # log(0) = -inf and 0 * inf = nan are expected here
        per_example = np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)
        return 1.0 / m * np.nansum(per_example)


def predict(X, y, parameters):
    """Predicted labels of the trained network for the columns of X; prints the accuracy against y.

    Arguments:
    X -- data, shape (n_x, m)
    y -- true labels, shape (1, m)
    parameters -- the trained parameters

    Returns:
    p -- predictions (0 or 1), numpy integer array of shape (1, m)
    """
    a3, _ = forward_propagation(X, parameters)
    p = (a3 > 0.5).astype(int)
    print("Accuracy: " + str(float(np.mean(p[0, :] == y[0, :]))))
    return p


def predict_dec(parameters, X):
    """Predicted classes (True for label 1) of the points in the columns of X, for plot_decision_boundary.

    Arguments:
    parameters -- the trained parameters
    X -- points, shape (n_x, k)

    Returns:
    predictions -- numpy boolean array of shape (1, k)
    """
    a3, _ = forward_propagation(X, parameters)
    return a3 > 0.5
