"""dnn_utils: activations, their caches, and backward steps checked against centred differences."""

import numpy as np
from dnn_utils import relu, relu_backward, sigmoid, sigmoid_backward


def test_forward_values_and_caches():
    Z = np.array([[-2.0, 0.0, 3.0]])
    A, cache = sigmoid(Z)
    assert np.allclose(A, [[0.11920292, 0.5, 0.95257413]]) and cache is Z
    A, cache = relu(Z)
    assert np.array_equal(A, [[0.0, 0.0, 3.0]]) and cache is Z


def test_backward_steps_match_numerical_gradients(numgrad, relerr):
    rng = np.random.RandomState(0)
    Z = rng.randn(3, 4) + 0.05  # keep away from the ReLU kink at 0
    dA = rng.randn(3, 4)
    for forward, backward in ((sigmoid, sigmoid_backward), (relu, relu_backward)):
        numeric = numgrad(lambda forward=forward: np.sum(dA * forward(Z)[0]), Z)
        assert relerr(backward(dA, Z), numeric) < 1e-7, forward.__name__


def test_relu_backward_is_zero_where_z_is_negative():
    assert np.array_equal(relu_backward(np.ones((1, 3)), np.array([[-1.0, 2.0, -0.5]])), [[0.0, 1.0, 0.0]])
