"""Activation functions for C1W4A, each with its backward step.

The forward functions return the activation *and* a cache (the input Z), which
is what the matching backward function needs:

    A, cache = relu(Z)          ...          dZ = relu_backward(dA, cache)
"""

from __future__ import annotations

import numpy as np

# Release order: this helper holds answers to these assignments on purpose (later ones build on them);
# hand it out after their deadlines. tests/autograder/test_release.py exempts exactly these.
__release_after__ = {"C1W1_Python_Basics": "sigmoid/relu with their backward steps, given in week 4A"}
__all__ = ["sigmoid", "sigmoid_backward", "relu", "relu_backward"]


def sigmoid(Z):
    """Element-wise sigmoid.

    Arguments:
    Z -- numpy array of any shape

    Returns:
    A -- sigmoid(Z), same shape as Z
    cache -- Z, kept for the backward step
    """
    return 1 / (1 + np.exp(-Z)), Z


def relu(Z):
    """Element-wise rectified linear unit max(0, Z).

    Arguments:
    Z -- numpy array of any shape

    Returns:
    A -- max(0, Z), same shape as Z
    cache -- Z, kept for the backward step
    """
    return np.maximum(0, Z), Z


def sigmoid_backward(dA, cache):
    """Gradient through a sigmoid unit: dZ = dA * s * (1 - s) with s = sigmoid(Z).

    Arguments:
    dA -- gradient of the cost with respect to the activation, any shape
    cache -- Z, the input the forward step saw

    Returns:
    dZ -- gradient of the cost with respect to Z, same shape as Z
    """
    s = 1 / (1 + np.exp(-cache))
    return dA * s * (1 - s)


def relu_backward(dA, cache):
    """Gradient through a ReLU unit: dA where Z > 0, zero elsewhere.

    Arguments:
    dA -- gradient of the cost with respect to the activation, any shape
    cache -- Z, the input the forward step saw

    Returns:
    dZ -- gradient of the cost with respect to Z, same shape as Z
    """
    return np.where(cache > 0, dA, 0.0)
