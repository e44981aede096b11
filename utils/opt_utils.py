"""Data, network and plotting helpers for C2W2, optimisation methods.

The assignment compares three ways of updating the parameters (mini-batch gradient
descent, momentum, Adam) on one fixed network, so the network itself is given here:
a 3-layer classifier LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID with its forward
pass, cross-entropy cost, backward pass and predictions, and the two-class "moons"
data it is trained on.

``load_dataset()`` draws the moons with scikit-learn's ``make_moons`` (300 points,
noise 0.2) from a random generator seeded with 3, the recipe of the original course;
tests/utils/test_opt_utils.py checks it against that recipe written out in numpy, so
that a change in scikit-learn would not go unnoticed. ``sigmoid`` and
``plot_decision_boundary`` are the ones of week 3 (``planar_utils``).
"""

from __future__ import annotations

import numpy as np
from planar_utils import plot_decision_boundary, sigmoid

# Release order: this helper holds answers to these assignments on purpose (the network of this week is given);
# hand it out after their deadlines. tests/autograder/test_release.py exempts exactly these.
__release_after__ = {
    "C1W1_Python_Basics": "sigmoid (from planar_utils), a given helper",
    "C1W3_Planar_Data_Classification": "cross-entropy cost, backward pass and 0/1 predictions of a small network",
    "C1W4A_Deep_Neural_Network_Step_by_Step": "forward and backward pass of a 3-layer ReLU network, given this week",
}
__all__ = [
    "load_dataset",
    "sigmoid",
    "relu",
    "initialize_parameters",
    "forward_propagation",
    "backward_propagation",
    "compute_cost",
    "predict",
    "predict_dec",
    "plot_decision_boundary",
]

N_SAMPLES = 300
NOISE = 0.2
DATA_SEED = 3
PARAMETER_SEED = 3


def relu(x):
    """Element-wise rectified linear unit max(0, x) of an array."""
    return np.maximum(0, x)


def load_dataset(n_samples: int = N_SAMPLES, noise: float = NOISE, seed: int = DATA_SEED):
    """The "moons": two interleaving half circles of points, one per class, with Gaussian noise.

    Arguments:
    n_samples -- number of points (half of them, rounded down, in the upper moon, class 0)
    noise -- standard deviation of the noise added to each coordinate
    seed -- seed of the random generator (shuffling and noise)

    Returns:
    train_X -- coordinates, numpy array of shape (2, n_samples), one point per column
    train_Y -- labels 0 (red) or 1 (blue), integer numpy array of shape (1, n_samples)
    """
    from sklearn.datasets import make_moons  # imported here: only loading the data needs scikit-learn

    points, labels = make_moons(n_samples=n_samples, noise=noise, random_state=np.random.RandomState(seed))
    return points.T, labels.reshape(1, -1)


def initialize_parameters(layer_dims):
    """He-scaled random weights and zero biases, seeded with 3 so that every run starts alike.

    Arguments:
    layer_dims -- list of layer sizes [n_x, n_1, ..., n_L]

    Returns:
    parameters -- dictionary with "W1", "b1", ..., "WL", "bL": W<l> of shape (n_l, n_(l-1)),
                  drawn from a normal distribution times sqrt(2 / n_(l-1)), and b<l> of shape (n_l, 1), zeros
    """
    np.random.seed(PARAMETER_SEED)
    parameters = {}
    for layer in range(1, len(layer_dims)):
        fan_in = layer_dims[layer - 1]
        parameters["W" + str(layer)] = np.random.randn(layer_dims[layer], fan_in) * np.sqrt(2 / fan_in)
        parameters["b" + str(layer)] = np.zeros((layer_dims[layer], 1))
    return parameters


def forward_propagation(X, parameters):
    """Forward pass of LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID.

    Arguments:
    X -- input data, shape (n_x, number of examples)
    parameters -- dictionary with "W1", "b1", "W2", "b2", "W3", "b3"

    Returns:
    a3 -- output probabilities, shape (1, number of examples)
    cache -- tuple (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3) for backward_propagation
    """
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    z1 = W1 @ X + b1
    a1 = relu(z1)
    z2 = W2 @ a1 + b2
    a2 = relu(z2)
    z3 = W3 @ a2 + b3
    a3 = sigmoid(z3)
    return a3, (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3)


def backward_propagation(X, Y, cache):
    """Gradients of the mean cross-entropy cost for the network of forward_propagation.

    Arguments:
    X -- input data, shape (n_x, number of examples)
    Y -- true labels, shape (1, number of examples)
    cache -- what forward_propagation returned with its output

    Returns:
    gradients -- dictionary with "dW1", "db1", ..., "dW3", "db3" (same shapes as the parameters) and the
                 intermediate "dz3", "da2", "dz2", "da1", "dz1"
    """
    m = X.shape[1]
    (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3) = cache
    dz3 = (a3 - Y) / m  # sigmoid and cross-entropy together; the 1/m of the mean enters here
    dW3 = dz3 @ a2.T
    db3 = dz3.sum(axis=1, keepdims=True)
    da2 = W3.T @ dz3
    dz2 = da2 * (a2 > 0)  # the ReLU lets the gradient through where it was active
    dW2 = dz2 @ a1.T
    db2 = dz2.sum(axis=1, keepdims=True)
    da1 = W2.T @ dz2
    dz1 = da1 * (a1 > 0)
    dW1 = dz1 @ X.T
    db1 = dz1.sum(axis=1, keepdims=True)
    return {"dz3": dz3, "dW3": dW3, "db3": db3,
            "da2": da2, "dz2": dz2, "dW2": dW2, "db2": db2,
            "da1": da1, "dz1": dz1, "dW1": dW1, "db1": db1}


def compute_cost(a3, Y):
    """Mean cross-entropy of the probabilities a3 against the labels Y (both of shape (1, m)), a float."""
    m = Y.shape[1]
    losses = -(Y * np.log(a3) + (1 - Y) * np.log(1 - a3))
    return float(np.sum(losses) / m)


def predict(X, y, parameters):
    """0/1 predictions of the network for the columns of X; prints the accuracy against the labels y.

    Arguments:
    X -- data, shape (n_x, m)
    y -- true labels, shape (1, m)
    parameters -- trained parameters "W1", "b1", ..., "W3", "b3"

    Returns:
    p -- predictions, integer numpy array of shape (1, m)
    """
    a3, _ = forward_propagation(X, parameters)
    p = (a3 > 0.5).astype(int)
    print("Accuracy: " + str(float(np.mean(p[0, :] == y[0, :]))))
    return p


def predict_dec(parameters, X):
    """Predicted classes (True for class 1) of the columns of X, for plot_decision_boundary.

    Arguments:
    parameters -- trained parameters "W1", "b1", ..., "W3", "b3"
    X -- data, shape (n_x, m)

    Returns:
    predictions -- boolean numpy array of shape (1, m)
    """
    a3, _ = forward_propagation(X, parameters)
    return a3 > 0.5
