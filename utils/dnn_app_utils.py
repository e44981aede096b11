"""Building blocks for C1W4B, the deep network application.

Week 4A has students write these functions one by one; week 4B uses them to
train a 2-layer and an L-layer network on the cat / non-cat images. This module
is the course's own implementation of them, so that week 4B works whether or not
a student finished week 4A (as in the original course).

Instructors: these are reference answers to the week-4A exercises. Hand out week
4B after week 4A's deadline (see the README, "Instructor guide").

Two differences from week 4A, both on purpose:
- ``initialize_parameters_deep`` scales each weight matrix by 1 / sqrt(n[l-1])
  instead of 0.01. With 0.01 a 4-layer network on 12288 inputs barely moves in
  2500 iterations; the scaled start trains well (course 2 explains why).
- ``predict`` returns 0/1 predictions for any depth and prints the accuracy.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from dnn_utils import relu, relu_backward, sigmoid, sigmoid_backward
from lr_utils import load_dataset

# Release order: this helper holds answers to these assignments on purpose (later ones build on them);
# hand it out after their deadlines. tests/autograder/test_release.py exempts exactly these.
__release_after__ = {
    "C1W1_Python_Basics": "sigmoid, a given helper",
    "C1W4A_Deep_Neural_Network_Step_by_Step": "the week-4A building blocks that week 4B trains with",
}
__all__ = [
    "load_data",
    "sigmoid",
    "sigmoid_backward",
    "relu",
    "relu_backward",
    "initialize_parameters",
    "initialize_parameters_deep",
    "linear_forward",
    "linear_activation_forward",
    "L_model_forward",
    "compute_cost",
    "linear_backward",
    "linear_activation_backward",
    "L_model_backward",
    "update_parameters",
    "predict",
    "print_mislabeled_images",
]


def load_data():
    """The cat / non-cat data set: train_x_orig, train_y, test_x_orig, test_y, classes (see lr_utils)."""
    return load_dataset()


def initialize_parameters(n_x, n_h, n_y):
    """Small random weights (times 0.01) and zero biases for LINEAR->RELU->LINEAR->SIGMOID, seeded with 1."""
    np.random.seed(1)
    return {
        "W1": np.random.randn(n_h, n_x) * 0.01,
        "b1": np.zeros((n_h, 1)),
        "W2": np.random.randn(n_y, n_h) * 0.01,
        "b2": np.zeros((n_y, 1)),
    }


def initialize_parameters_deep(layer_dims):
    """Weights W1..WL scaled by 1/sqrt(fan-in) and zero biases b1..bL, seeded with 1.

    Arguments:
    layer_dims -- list of layer sizes, input first: [n_x, n_1, ..., n_L]

    Returns:
    parameters -- dictionary with "W1", "b1", ..., "WL", "bL"
    """
    np.random.seed(1)
    parameters = {}
    for layer in range(1, len(layer_dims)):
        fan_in = layer_dims[layer - 1]
        parameters[f"W{layer}"] = np.random.randn(layer_dims[layer], fan_in) / np.sqrt(fan_in)
        parameters[f"b{layer}"] = np.zeros((layer_dims[layer], 1))
    return parameters


def linear_forward(A, W, b):
    """Z = W A + b; the cache is (A, W, b)."""
    return W @ A + b, (A, W, b)


def linear_activation_forward(A_prev, W, b, activation):
    """One layer, LINEAR then "relu" or "sigmoid"; the cache is (linear_cache, Z)."""
    if activation not in ("relu", "sigmoid"):
        raise ValueError(f'activation must be "relu" or "sigmoid", not {activation!r}')
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = relu(Z) if activation == "relu" else sigmoid(Z)
    return A, (linear_cache, activation_cache)


def L_model_forward(X, parameters):
    """[LINEAR->RELU] * (L-1) -> LINEAR->SIGMOID. Returns AL and the list of L layer caches."""
    n_layers = len(parameters) // 2
    caches = []
    A = X
    for layer in range(1, n_layers + 1):
        activation = "sigmoid" if layer == n_layers else "relu"
        A, cache = linear_activation_forward(A, parameters[f"W{layer}"], parameters[f"b{layer}"], activation)
        caches.append(cache)
    return A, caches


def compute_cost(AL, Y):
    """Cross-entropy cost of predictions AL (1, m) against labels Y (1, m), as a 0-d array."""
    m = Y.shape[1]
    log_likelihood = Y * np.log(AL) + (1 - Y) * np.log(1 - AL)
    return np.squeeze(-log_likelihood.sum() / m)


def linear_backward(dZ, cache):
    """Gradients (dA_prev, dW, db) of the linear step, from dZ and the cache (A_prev, W, b)."""
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    return W.T @ dZ, (dZ @ A_prev.T) / m, dZ.sum(axis=1, keepdims=True) / m


def linear_activation_backward(dA, cache, activation):
    """Gradients (dA_prev, dW, db) of one LINEAR->ACTIVATION layer."""
    linear_cache, activation_cache = cache
    backward = relu_backward if activation == "relu" else sigmoid_backward
    return linear_backward(backward(dA, activation_cache), linear_cache)


def L_model_backward(AL, Y, caches):
    """Gradients of the cross-entropy cost for the whole [LINEAR->RELU]*(L-1)->LINEAR->SIGMOID network.

    Returns a dictionary with "dW<l>", "db<l>" for l = 1..L and "dA<l>" (gradient with
    respect to the activation A[l]) for l = 0..L-1.
    """
    grads = {}
    n_layers = len(caches)
    Y = Y.reshape(AL.shape)
    dA = (1 - Y) / (1 - AL) - Y / AL
    for layer in range(n_layers, 0, -1):
        activation = "sigmoid" if layer == n_layers else "relu"
        dA, grads[f"dW{layer}"], grads[f"db{layer}"] = linear_activation_backward(dA, caches[layer - 1], activation)
        grads[f"dA{layer - 1}"] = dA
    return grads


def update_parameters(parameters, grads, learning_rate):
    """One gradient-descent step on every W<l> and b<l>; returns a new dictionary."""
    return {name: value - learning_rate * grads["d" + name] for name, value in parameters.items()}


def predict(X, y, parameters):
    """0/1 predictions of an L-layer network for the columns of X; prints the accuracy against y.

    Arguments:
    X -- data, shape (n_x, m)
    y -- labels, shape (1, m) (any sequence of m labels works)
    parameters -- trained parameters "W1", "b1", ...

    Returns:
    p -- predictions, numpy array of shape (1, m) with values 0. or 1.
    """
    probabilities, _ = L_model_forward(X, parameters)
    p = (probabilities > 0.5).astype(float)
    print("Accuracy: " + str(float(np.mean(p == np.reshape(y, p.shape)))))
    return p


def print_mislabeled_images(classes, X, y, p, max_images: int = 10):
    """Show the images whose prediction p differs from the label y, with both names.

    Arguments:
    classes -- class names as bytes, e.g. [b"non-cat", b"cat"]
    X -- flattened images, shape (64 * 64 * 3, m), values in [0, 1]
    y -- labels, shape (1, m)
    p -- predictions, shape (1, m)
    max_images -- show at most this many
    """
    wrong = np.flatnonzero(np.reshape(p, -1) != np.reshape(y, -1))[:max_images]
    if len(wrong) == 0:
        print("No mislabelled images.")
        return
    side = int(round(np.sqrt(X.shape[0] / 3)))
    fig, axes = plt.subplots(1, len(wrong), figsize=(2.0 * len(wrong), 2.6), squeeze=False)
    for ax, index in zip(axes[0], wrong, strict=True):
        ax.imshow(X[:, index].reshape(side, side, 3))
        ax.axis("off")
        predicted = classes[int(np.reshape(p, -1)[index])].decode("utf-8")
        actual = classes[int(np.reshape(y, -1)[index])].decode("utf-8")
        ax.set_title(f"Prediction: {predicted}\nClass: {actual}", fontsize=8)
    fig.tight_layout()
    plt.show()
