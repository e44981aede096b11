"""dnn_app_utils: the week-4A building blocks that C1W4B trains with."""

import dnn_app_utils as dau
import numpy as np
import pytest


@pytest.fixture
def network():
    rng = np.random.RandomState(3)
    X = rng.randn(4, 6)
    Y = (rng.rand(1, 6) > 0.5).astype(float)
    params = {}
    for layer, (rows, cols) in enumerate([(5, 4), (3, 5), (1, 3)], start=1):
        params[f"W{layer}"] = rng.randn(rows, cols)
        params[f"b{layer}"] = rng.randn(rows, 1)
    return X, Y, params


def test_L_model_backward_matches_numerical_gradients(network, numgrad, relerr):
    X, Y, params = network
    AL, caches = dau.L_model_forward(X, params)
    grads = dau.L_model_backward(AL, Y, caches)
    assert sorted(k for k in grads if k.startswith("dA")) == ["dA0", "dA1", "dA2"]
    for name, value in params.items():
        numeric = numgrad(lambda: dau.compute_cost(dau.L_model_forward(X, params)[0], Y), value)
        assert relerr(grads["d" + name], numeric) < 1e-7, name


def test_linear_activation_backward_matches_numerical_gradients(numgrad, relerr):
    rng = np.random.RandomState(4)
    A_prev, W, b, dA = rng.randn(3, 5), rng.randn(2, 3), rng.randn(2, 1), rng.randn(2, 5)
    for activation in ("relu", "sigmoid"):
        _, cache = dau.linear_activation_forward(A_prev, W, b, activation)
        dA_prev, dW, db = dau.linear_activation_backward(dA, cache, activation)

        def loss(activation=activation):
            return np.sum(dA * dau.linear_activation_forward(A_prev, W, b, activation)[0])

        # linear_backward averages over the m examples: the numerical gradient of the summed loss is m times larger
        m = A_prev.shape[1]
        assert relerr(dW, numgrad(loss, W) / m) < 1e-7 and relerr(db, numgrad(loss, b) / m) < 1e-7
        assert relerr(dA_prev, numgrad(loss, A_prev)) < 1e-7


def test_initialisation_scales_by_fan_in_and_is_seeded():
    first = dau.initialize_parameters_deep([400, 20, 1])
    assert first["W1"].shape == (20, 400) and np.all(first["b1"] == 0)
    assert abs(first["W1"].std() * np.sqrt(400) - 1) < 0.1
    assert np.array_equal(first["W1"], dau.initialize_parameters_deep([400, 20, 1])["W1"])
    small = dau.initialize_parameters(5, 3, 1)
    assert np.abs(small["W1"]).max() < 0.05


def test_update_parameters_returns_a_new_dictionary(network):
    _, _, params = network
    before = {k: v.copy() for k, v in params.items()}
    grads = {"d" + k: np.ones_like(v) for k, v in params.items()}
    new = dau.update_parameters(params, grads, 0.1)
    assert all(np.array_equal(params[k], before[k]) for k in params)
    assert np.allclose(new["W2"], before["W2"] - 0.1)


def test_predict_prints_accuracy_and_returns_zeros_and_ones(network, capsys):
    X, Y, params = network
    p = dau.predict(X, Y, params)
    assert p.shape == (1, 6) and set(np.unique(p)) <= {0.0, 1.0}
    assert capsys.readouterr().out.startswith("Accuracy: ")


def test_print_mislabeled_images_draws_one_panel_per_mistake(monkeypatch):
    import matplotlib.pyplot as plt

    monkeypatch.setattr(plt, "show", lambda: None)
    X = np.random.RandomState(0).rand(64 * 64 * 3, 4)
    dau.print_mislabeled_images([b"non-cat", b"cat"], X, np.array([[1, 0, 1, 0]]), np.array([[1, 1, 0, 0]]))
    assert len(plt.gcf().axes) == 2
    plt.close("all")


def test_linear_activation_forward_rejects_unknown_activations():
    with pytest.raises(ValueError, match="relu"):
        dau.linear_activation_forward(np.ones((2, 1)), np.ones((1, 2)), np.zeros((1, 1)), "tanh")
