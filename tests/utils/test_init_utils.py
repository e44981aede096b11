"""init_utils: the circles, the 3-layer network's forward and backward passes, the loss, predictions and the plot."""

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from init_utils import (
    backward_propagation,
    compute_loss,
    forward_propagation,
    load_dataset,
    plot_decision_boundary,
    predict,
    predict_dec,
    relu,
    sigmoid,
    update_parameters,
)

ID = "C2W1A_Initialization"


@pytest.fixture(scope="module")
def circles():
    return load_dataset()


@pytest.fixture
def network():
    """Parameters of a 2-10-5-1 network and a few points, away from the ReLU kinks."""
    rng = np.random.RandomState(7)
    params = {}
    for layer, (rows, cols) in enumerate([(10, 2), (5, 10), (1, 5)], start=1):
        params[f"W{layer}"] = rng.randn(rows, cols) * 0.5
        params[f"b{layer}"] = rng.randn(rows, 1) * 0.1
    X = rng.randn(2, 7)
    Y = (rng.rand(1, 7) > 0.5).astype(float)
    return X, Y, params


def test_circles_shapes_balance_and_determinism(circles):
    train_X, train_Y, test_X, test_Y = circles
    assert train_X.shape == (2, 300) and train_Y.shape == (1, 300)
    assert test_X.shape == (2, 100) and test_Y.shape == (1, 100)
    assert set(np.unique(train_Y)) == {0, 1} and int(train_Y.sum()) == 150 and int(test_Y.sum()) == 50
    again = load_dataset()
    assert all(np.array_equal(a, b) for a, b in zip(circles, again, strict=True))


def test_circles_are_two_rings(circles):
    """The outer ring (label 0) has radius 1, the inner one (label 1) radius 0.8, with noise 0.05."""
    train_X, train_Y, _, _ = circles
    radius = np.hypot(train_X[0], train_X[1])
    outer, inner = radius[train_Y[0] == 0], radius[train_Y[0] == 1]
    assert abs(outer.mean() - 1.0) < 0.02 and abs(inner.mean() - 0.8) < 0.02
    assert 0.03 < outer.std() < 0.07 and 0.03 < inner.std() < 0.07


def test_circles_are_the_original_courses(circles):
    """The first points of the recipe (np.random.seed(1) + make_circles(300, noise=.05)); a change in scikit-learn's
    make_circles would show here first."""
    train_X, train_Y, test_X, _ = circles
    assert np.allclose(train_X[:, :3], [[-0.07741354, 0.4318696, 0.07916502], [0.85260226, -0.87214504, 0.8406611]])
    assert train_Y[0, :10].tolist() == [1, 0, 1, 1, 0, 0, 1, 0, 1, 1]
    assert test_X.shape == (2, 100)


def test_he_training_gives_the_original_costs(circles, solutions):
    """The seed prints 0.8830537463419761 at iteration 0 and 0.6879825919728063 at iteration 1000 for He
    initialisation: the data and the helpers are the original course's."""
    train_X, train_Y, _, _ = circles
    parameters = solutions(ID)["initialize_parameters_he"]([2, 10, 5, 1])
    costs = []
    for i in range(1001):
        a3, cache = forward_propagation(train_X, parameters)
        if i % 1000 == 0:
            costs.append(compute_loss(a3, train_Y))
        parameters = update_parameters(parameters, backward_propagation(train_X, train_Y, cache), 0.01)
    assert costs == pytest.approx([0.8830537463419761, 0.6879825919728063], rel=1e-12)


def test_large_random_weights_give_an_infinite_first_loss_without_warnings(circles, solutions):
    train_X, train_Y, _, _ = circles
    parameters = solutions(ID)["initialize_parameters_random"]([2, 10, 5, 1])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning (log of 0, 0 * inf) reaches the notebook
        a3, _ = forward_propagation(train_X, parameters)
        assert np.all(a3 == 1.0)
        assert compute_loss(a3, train_Y) == np.inf


def test_forward_propagation_output_and_cache(network):
    X, _, params = network
    a3, cache = forward_propagation(X, params)
    assert a3.shape == (1, 7) and np.all((a3 > 0) & (a3 < 1))
    z1, a1, W1, b1, z2, a2, W2, b2, z3, a3_cached, W3, b3 = cache
    assert np.allclose(z1, params["W1"] @ X + params["b1"]) and np.array_equal(a1, np.maximum(z1, 0))
    assert np.allclose(z2, params["W2"] @ a1 + params["b2"]) and np.array_equal(a2, np.maximum(z2, 0))
    assert np.allclose(a3, 1 / (1 + np.exp(-(params["W3"] @ a2 + params["b3"])))) and a3_cached is a3
    assert W1 is params["W1"] and b3 is params["b3"] and z3.shape == (1, 7)


def test_backward_propagation_matches_numerical_gradients(network, numgrad, relerr):
    X, Y, params = network
    grads = backward_propagation(X, Y, forward_propagation(X, params)[1])
    assert {"dz1", "dz2", "dz3", "da1", "da2"} <= set(grads)
    for name, value in params.items():
        numeric = numgrad(lambda: compute_loss(forward_propagation(X, params)[0], Y), value)
        assert grads["d" + name].shape == value.shape
        assert relerr(grads["d" + name], numeric) < 1e-7, name


def test_backward_propagation_intermediate_gradients(network):
    X, Y, params = network
    cache = forward_propagation(X, params)[1]
    grads = backward_propagation(X, Y, cache)
    a1, a2, a3 = cache[1], cache[5], cache[9]
    assert np.allclose(grads["dz3"], (a3 - Y) / X.shape[1])
    assert np.allclose(grads["da2"], params["W3"].T @ grads["dz3"])
    assert np.allclose(grads["dz2"], grads["da2"] * (a2 > 0))
    assert np.allclose(grads["dz1"], (params["W2"].T @ grads["dz2"]) * (a1 > 0))


def test_compute_loss():
    Y = np.array([[1.0, 0.0, 1.0]])
    a3 = np.array([[0.8, 0.3, 0.6]])
    expected = -(np.log(0.8) + np.log(0.7) + np.log(0.6)) / 3
    assert compute_loss(a3, Y) == pytest.approx(expected)
    assert compute_loss(np.array([[1.0, 0.0]]), np.array([[1.0, 0.0]])) == 0.0  # certain and right: 0 * log 0 counts 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert compute_loss(np.array([[1.0, 0.5]]), np.array([[0.0, 1.0]])) == np.inf  # certain and wrong


def test_update_parameters_steps_against_the_gradient(network):
    X, Y, params = network
    grads = backward_propagation(X, Y, forward_propagation(X, params)[1])
    updated = update_parameters(params, grads, 0.1)
    for name, value in params.items():
        assert np.allclose(updated[name], value - 0.1 * grads["d" + name])


def test_predict_prints_the_accuracy(network, capsys):
    X, _, params = network
    a3, _ = forward_propagation(X, params)
    labels = (a3 > 0.5).astype(int)
    labels[0, 0] = 1 - labels[0, 0]  # one wrong out of 7
    p = predict(X, labels, params)
    assert capsys.readouterr().out == f"Accuracy: {6 / 7}\n"
    assert p.shape == (1, 7) and p.dtype.kind == "i" and np.array_equal(p, (a3 > 0.5).astype(int))
    dec = predict_dec(params, X)
    assert dec.dtype == bool and np.array_equal(dec, a3 > 0.5)


def test_activations():
    z = np.array([[-2.0, 0.0, 3.0]])
    assert np.array_equal(relu(z), [[0.0, 0.0, 3.0]])
    assert np.allclose(sigmoid(z), [[0.11920292, 0.5, 0.95257413]])


def test_decision_boundary_with_predict_dec(circles, solutions):
    train_X, train_Y, _, _ = circles
    parameters = solutions(ID)["initialize_parameters_he"]([2, 10, 5, 1])
    fig, ax = plt.subplots()
    plot_decision_boundary(lambda x: predict_dec(parameters, x.T), train_X, train_Y, ax=ax)
    assert ax.collections  # the filled contour and the scatter
    plt.close(fig)
