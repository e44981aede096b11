"""reg_utils: the goalkeeper data loader, the plain 3-layer network (checked against centred differences), plots."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
import reg_utils
import scipy.io
from reg_utils import (
    backward_propagation,
    compute_cost,
    forward_propagation,
    initialize_parameters,
    load_2D_dataset,
    plot_decision_boundary,
    predict,
    predict_dec,
    relu,
    sigmoid,
    update_parameters,
)


def _network(seed=0, m=7):
    rng = np.random.RandomState(seed)
    X = rng.randn(2, m)
    Y = (rng.rand(1, m) > 0.5).astype(float)
    parameters = initialize_parameters([2, 5, 3, 1])
    for name in parameters:
        parameters[name] = parameters[name] + 0.3 * rng.randn(*parameters[name].shape)  # biases not all zero
    return X, Y, parameters


def test_load_2D_dataset_shapes_and_labels():  # noqa: N802 - the original course's name
    train_X, train_Y, test_X, test_Y = load_2D_dataset(plot=False)
    assert train_X.shape == (2, 211) and train_Y.shape == (1, 211)
    assert test_X.shape == (2, 200) and test_Y.shape == (1, 200)
    assert set(np.unique(train_Y)) == {0, 1} and set(np.unique(test_Y)) == {0, 1}


def test_load_2D_dataset_plots_the_training_set():  # noqa: N802
    fig, ax = plt.subplots()
    load_2D_dataset()
    assert len(ax.collections) == 1 and len(ax.collections[0].get_offsets()) == 211
    plt.close(fig)


def test_load_2D_dataset_reads_a_file_in_the_original_format(tmp_path, monkeypatch):  # noqa: N802
    """A data.mat as the original course ships it (rows are examples, labels uint8) loads through DLCOURSE_DATA."""
    rng = np.random.RandomState(3)
    X, Xval = rng.rand(211, 2), rng.rand(200, 2)
    y, yval = (rng.rand(211, 1) > 0.5).astype(np.uint8), (rng.rand(200, 1) > 0.5).astype(np.uint8)
    scipy.io.savemat(tmp_path / "data.mat", {"X": X, "y": y, "Xval": Xval, "yval": yval})
    monkeypatch.setenv("DLCOURSE_DATA", str(tmp_path))
    train_X, train_Y, test_X, test_Y = load_2D_dataset(plot=False)
    assert np.array_equal(train_X, X.T) and np.array_equal(train_Y, y.T)
    assert np.array_equal(test_X, Xval.T) and np.array_equal(test_Y, yval.T)


def test_a_missing_data_file_names_the_make_target(tmp_path, monkeypatch):
    monkeypatch.setenv("DLCOURSE_DATA", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="make datasets"):
        load_2D_dataset(plot=False)


def test_initialize_parameters_shapes_scale_and_seed():
    parameters = initialize_parameters([2, 20, 3, 1])
    shapes = {name: value.shape for name, value in parameters.items()}
    assert shapes == {"W1": (20, 2), "b1": (20, 1), "W2": (3, 20), "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)}
    assert all(not parameters[f"b{layer}"].any() for layer in (1, 2, 3))
    np.random.seed(3)
    assert np.array_equal(parameters["W1"], np.random.randn(20, 2) / np.sqrt(2))
    # the original course's L2 model starts 0.7 / (2 * 211) * sum(W**2) above the plain one: 0.69744845 - 0.65574125
    squares = sum(np.sum(parameters[f"W{layer}"] ** 2) for layer in (1, 2, 3))
    assert 0.7 / (2 * 211) * squares == pytest.approx(0.6974484493131264 - 0.6557412523481002, abs=1e-12)


def test_forward_propagation_computes_the_three_layers():
    X, _, parameters = _network()
    A3, cache = forward_propagation(X, parameters)
    Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3_cached, W3, b3 = cache
    assert np.allclose(Z1, parameters["W1"] @ X + parameters["b1"]) and np.array_equal(A1, np.maximum(Z1, 0))
    assert np.allclose(Z2, W2 @ A1 + b2) and np.array_equal(A2, np.maximum(Z2, 0))
    assert np.allclose(A3, 1 / (1 + np.exp(-(W3 @ A2 + b3)))) and A3 is A3_cached
    assert W1 is parameters["W1"] and b3 is parameters["b3"]


def test_backward_propagation_matches_centred_differences(numgrad, relerr):
    X, Y, parameters = _network(m=9)
    grads = backward_propagation(X, Y, forward_propagation(X, parameters)[1])
    for name, value in parameters.items():
        numeric = numgrad(lambda: compute_cost(forward_propagation(X, parameters)[0], Y), value)
        assert relerr(grads["d" + name], numeric) < 1e-7, name
    assert set(grads) == {"dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"}


def test_compute_cost_is_the_mean_cross_entropy_and_ignores_zero_times_log_zero():
    a3, Y = np.array([[0.8, 0.1, 0.6]]), np.array([[1, 0, 0]])
    assert compute_cost(a3, Y) == pytest.approx(-(np.log(0.8) + np.log(0.9) + np.log(0.4)) / 3)
    with np.errstate(all="raise"):  # and quietly: a saturated output prints no warning
        assert compute_cost(np.array([[1.0, 0.5]]), np.array([[1, 1]])) == pytest.approx(np.log(2) / 2)


def test_update_parameters_takes_one_gradient_step():
    _, _, parameters = _network()
    grads = {"d" + name: np.ones_like(value) for name, value in parameters.items()}
    before = {name: value.copy() for name, value in parameters.items()}
    updated = update_parameters(parameters, grads, 0.1)
    for name, value in before.items():
        assert np.allclose(updated[name], value - 0.1)


def test_predict_prints_the_accuracy_and_returns_integers(capsys):
    X, Y, parameters = _network()
    p = predict(X, Y, parameters)
    assert p.shape == (1, 7) and p.dtype.kind == "i"
    assert np.array_equal(p, (forward_propagation(X, parameters)[0] > 0.5).astype(int))
    assert capsys.readouterr().out == f"Accuracy: {float(np.mean(p == Y))}\n"


def test_predict_dec_and_the_decision_boundary():
    X, Y, parameters = _network()
    assert predict_dec(parameters, X).dtype == bool
    fig, ax = plt.subplots()
    plot_decision_boundary(lambda x: predict_dec(parameters, x.T), X, Y)
    assert ax.collections  # the filled contour and the scatter
    plt.close(fig)


def test_activations_and_what_the_module_exports():
    assert np.array_equal(relu(np.array([-1.0, 0.0, 2.0])), [0.0, 0.0, 2.0])
    assert sigmoid(0.0) == 0.5
    assert set(reg_utils.__all__) >= {"load_2D_dataset", "initialize_parameters", "forward_propagation",
                                      "backward_propagation", "compute_cost", "update_parameters", "predict",
                                      "predict_dec", "plot_decision_boundary", "sigmoid", "relu"}
