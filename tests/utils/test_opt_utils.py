"""opt_utils: the moons, the 3-layer network (backward pass checked against centred differences) and its predictions;
opt_test_cases: the seeded inputs of C2W2."""

import math

import numpy as np
import opt_test_cases
import planar_utils
import pytest
from opt_utils import (
    backward_propagation,
    compute_cost,
    forward_propagation,
    initialize_parameters,
    load_dataset,
    plot_decision_boundary,
    predict,
    predict_dec,
    relu,
    sigmoid,
)

OPTIMIZATION = "C2W2_Optimization_Methods"


def _moons_recipe(n_samples=300, noise=0.2, seed=3):
    """scikit-learn's make_moons as the original course ran it, written out in numpy: two half circles, the points
    shuffled, then Gaussian noise, all from one generator."""
    rng = np.random.RandomState(seed)
    n_out = n_samples // 2
    n_in = n_samples - n_out
    angles_out, angles_in = np.linspace(0, np.pi, n_out), np.linspace(0, np.pi, n_in)
    points = np.vstack([np.append(np.cos(angles_out), 1 - np.cos(angles_in)),
                        np.append(np.sin(angles_out), 1 - np.sin(angles_in) - 0.5)]).T
    labels = np.hstack([np.zeros(n_out, dtype=np.intp), np.ones(n_in, dtype=np.intp)])
    order = np.arange(n_samples)
    rng.shuffle(order)
    points, labels = points[order], labels[order]
    points = points + rng.normal(scale=noise, size=points.shape)
    return points.T, labels.reshape(1, -1)


def test_moons_shapes_balance_and_determinism():
    X, Y = load_dataset()
    assert X.shape == (2, 300) and Y.shape == (1, 300) and X.dtype == np.float64 and Y.dtype.kind == "i"
    assert int(Y.sum()) == 150
    X2, Y2 = load_dataset()
    assert np.array_equal(X, X2) and np.array_equal(Y, Y2)


def test_moons_are_the_original_recipe_bit_for_bit():
    """A scikit-learn release that changed make_moons (split, shuffle or noise) would change the course's data."""
    X, Y = load_dataset()
    X_recipe, Y_recipe = _moons_recipe()
    assert np.array_equal(X, X_recipe) and np.array_equal(Y, Y_recipe)
    assert np.allclose(X[:, :3], [[-0.21687013, 0.80505015, 0.71127451], [1.01544937, -0.5579734, -0.41006024]])
    assert Y[0, :10].tolist() == [0, 1, 1, 1, 0, 0, 1, 1, 0, 1]


def test_loading_leaves_numpys_global_generator_alone():
    np.random.seed(0)
    expected = np.random.rand()
    np.random.seed(0)
    load_dataset()
    assert np.random.rand() == expected


def test_initialize_parameters_he_scaled_and_seeded():
    parameters = initialize_parameters([2, 5, 2, 1])
    assert [(k, v.shape) for k, v in parameters.items()] == [("W1", (5, 2)), ("b1", (5, 1)), ("W2", (2, 5)), ("b2", (2, 1)),
                                                               ("W3", (1, 2)), ("b3", (1, 1))]
    rng = np.random.RandomState(3)
    assert np.array_equal(parameters["W1"], rng.randn(5, 2) * np.sqrt(2 / 2))
    assert np.array_equal(parameters["W2"], rng.randn(2, 5) * np.sqrt(2 / 5))
    assert all(not parameters[b].any() for b in ("b1", "b2", "b3"))


def _small_network(seed=0):
    rng = np.random.RandomState(seed)
    shapes = {"W1": (4, 2), "b1": (4, 1), "W2": (3, 4), "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)}
    parameters = {name: rng.randn(*shape) for name, shape in shapes.items()}
    X = rng.randn(2, 7)
    Y = (rng.rand(1, 7) > 0.5).astype(float)
    return parameters, X, Y


def test_forward_propagation_is_relu_relu_sigmoid():
    parameters, X, _ = _small_network()
    a3, cache = forward_propagation(X, parameters)
    a1 = np.maximum(0, parameters["W1"] @ X + parameters["b1"])
    a2 = np.maximum(0, parameters["W2"] @ a1 + parameters["b2"])
    assert a3.shape == (1, 7) and np.allclose(a3, 1 / (1 + np.exp(-(parameters["W3"] @ a2 + parameters["b3"]))))
    assert len(cache) == 12 and cache[9] is a3


def test_backward_propagation_matches_numerical_gradients(numgrad, relerr):
    parameters, X, Y = _small_network()

    def cost():
        return compute_cost(forward_propagation(X, parameters)[0], Y)

    grads = backward_propagation(X, Y, forward_propagation(X, parameters)[1])
    for name, value in parameters.items():
        assert grads["d" + name].shape == value.shape
        assert relerr(grads["d" + name], numgrad(cost, value)) < 1e-7, name


def test_compute_cost_is_the_mean_cross_entropy():
    cost = compute_cost(np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]]))
    assert isinstance(cost, float) and math.isclose(cost, 0.2797765635793422, rel_tol=1e-12)


def test_predict_prints_the_accuracy_and_returns_classes(capsys):
    parameters, X, _ = _small_network()
    probabilities = forward_propagation(X, parameters)[0]
    Y = (probabilities > 0.5).astype(int)
    Y[0, 0] = 1 - Y[0, 0]  # one of seven wrong
    p = predict(X, Y, parameters)
    assert p.shape == (1, 7) and p.dtype.kind == "i" and np.array_equal(p, (probabilities > 0.5).astype(int))
    assert capsys.readouterr().out == "Accuracy: " + str(6 / 7) + "\n"
    assert np.array_equal(predict_dec(parameters, X), probabilities > 0.5)


def test_activations_and_plot_come_from_week_3():
    assert sigmoid is planar_utils.sigmoid and plot_decision_boundary is planar_utils.plot_decision_boundary
    assert np.array_equal(relu(np.array([[-1.0, 0.0, 2.5]])), [[0.0, 0.0, 2.5]])


def test_decision_boundary_of_a_trained_network_draws():
    import matplotlib.pyplot as plt

    X, Y = load_dataset()
    parameters = initialize_parameters([2, 5, 2, 1])
    fig, ax = plt.subplots()
    plot_decision_boundary(lambda points: predict_dec(parameters, points.T), X, Y, ax=ax)
    assert ax.collections
    plt.close(fig)


def test_test_cases_are_seeded_and_shaped():
    parameters, grads, learning_rate = opt_test_cases.update_parameters_with_gd_test_case()
    assert learning_rate == 0.01 and list(grads) == ["dW1", "db1", "dW2", "db2"]
    assert np.allclose(parameters["W1"][0], [1.62434536, -0.61175641, -0.52817175])  # RandomState(1)
    X, Y, size = opt_test_cases.random_mini_batches_test_case()
    assert X.shape == (12288, 148) and Y.shape == (1, 148) and Y.dtype == bool and size == 64
    parameters, grads, v = opt_test_cases.update_parameters_with_momentum_test_case()
    assert set(v) == set(grads) and all(not v[k].any() and v[k].shape == grads[k].shape for k in v)
    parameters, grads, v, s = opt_test_cases.update_parameters_with_adam_test_case()
    assert v is not s and all(not s[k].any() for k in s)
    assert set(opt_test_cases.initialize_velocity_test_case()) == {"W1", "b1", "W2", "b2"}
    assert set(opt_test_cases.initialize_adam_test_case()) == {"W1", "b1", "W2", "b2"}
    X, Y, layers_dims = opt_test_cases.model_test_case()
    assert X.shape == (2, 10) and Y.shape == (1, 10) and layers_dims[0] == 2 and len(layers_dims) == 4


@pytest.mark.parametrize(("optimizer", "printed"), [
    ("gd", ["Cost after epoch 0: 0.690736", "Cost after epoch 1000: 0.685273"]),
    ("adam", ["Cost after epoch 0: 0.690552", "Cost after epoch 1000: 0.185567"]),
])
def test_the_seeds_training_costs_are_reproduced(solutions, capsys, optimizer, printed):
    """Data, network and the notebook's solutions together give the costs the original course prints (the first
    1001 of its 10000 epochs; the notebook's stored full run has the rest)."""
    import matplotlib.pyplot as plt

    nb = solutions(OPTIMIZATION)
    X, Y = load_dataset()
    nb["model"](X, Y, [2, 5, 2, 1], optimizer, num_epochs=1001, print_cost=True)
    plt.close("all")
    assert capsys.readouterr().out.splitlines() == printed
