"""The C1W3 checks (dlchecks.c1w3): typical mistakes fail in plain words and the hidden
cases catch what the public ones cannot (the solutions and expected.json: test_expected.py)."""

import numpy as np
import pytest

from dlchecks import c1w3
from dlchecks.core import CheckFailed

ID = "C1W3_Planar_Data_Classification"

CHECKS = {
    "layer_sizes": c1w3.check_layer_sizes,
    "initialize_parameters": c1w3.check_initialize_parameters,
    "forward_propagation": c1w3.check_forward_propagation,
    "compute_cost": c1w3.check_compute_cost,
    "backward_propagation": c1w3.check_backward_propagation,
    "update_parameters": c1w3.check_update_parameters,
    "nn_model": c1w3.check_nn_model,
    "predict": c1w3.check_predict,
}



def test_hidden_tests_catch_what_the_public_test_cannot(nb, run_hidden):
    """Wrong functions that pass the public test (its inputs are fixed) fail the grader's hidden cases."""
    cheats = {
        "layer_sizes": lambda X, Y: (5, 4, 2),
        "update_parameters": lambda parameters, grads, learning_rate=1.2: nb["update_parameters"](parameters, grads),
        "nn_model": lambda X, Y, n_h, num_iterations=10000, print_cost=False: nb["nn_model"](X, Y, 4, 10000),
    }
    for name, cheat in cheats.items():
        CHECKS[name](cheat)  # the public test cannot tell
        with pytest.raises(CheckFailed, match="a hidden test"):
            run_hidden(ID, name, cheat)


# ------------------------------------------------------------------ typical mistakes: layer_sizes
def test_layer_sizes_as_a_list_is_pointed_out(nb, fails):
    fails(c1w3.check_layer_sizes, lambda X, Y: list(nb["layer_sizes"](X, Y)), "a tuple (n_x, n_h, n_y)", "got list")


def test_layer_sizes_from_the_wrong_axisfails(nb, fails):
    message = fails(c1w3.check_layer_sizes, lambda X, Y: (X.shape[1], 4, Y.shape[1]), "(n_x, n_h, n_y): expected (5, 4, 2)")
    assert "X of shape (5, 3)" in message


def test_layer_sizes_as_numpy_integers_pass(nb, capsys):
    c1w3.check_layer_sizes(lambda X, Y: tuple(np.int64(v) for v in nb["layer_sizes"](X, Y)))
    assert "all public tests passed" in capsys.readouterr().out


# ------------------------------------------------------------------ initialize_parameters
def test_transposed_weights_are_pointed_out(fails):
    def transposed(n_x, n_h, n_y):
        np.random.seed(2)
        W1 = np.random.randn(n_x, n_h) * 0.01
        W2 = np.random.randn(n_h, n_y) * 0.01
        return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}

    fails(c1w3.check_initialize_parameters, transposed, 'parameters["W1"]: wrong shape: expected (4, 2), got (2, 4)')


def test_shapes_of_the_first_case_only_fail_the_second(nb, fails):
    right = nb["initialize_parameters"]
    fails(c1w3.check_initialize_parameters, lambda n_x, n_h, n_y: right(2, 4, 1),
           'parameters["W1"]: wrong shape: expected (5, 3), got (4, 2)', "initialize_parameters(3, 5, 2)")


def test_missing_scalefails(nb, fails):
    def unscaled(n_x, n_h, n_y):
        np.random.seed(2)
        return {"W1": np.random.randn(n_h, n_x), "b1": np.zeros((n_h, 1)), "W2": np.random.randn(n_y, n_h),
                "b2": np.zeros((n_y, 1))}

    fails(c1w3.check_initialize_parameters, unscaled, 'parameters["W1"]: wrong values')


def test_stub_parameters_get_the_none_hint(fails):
    fails(c1w3.check_initialize_parameters, lambda n_x, n_h, n_y: {"W1": None, "b1": None, "W2": None, "b2": None},
           'parameters["W1"]: got None')


# ------------------------------------------------------------------ forward_propagation
def _forward(hidden_activation):
    def forward(X, parameters):
        Z1 = parameters["W1"] @ X + parameters["b1"]
        A1 = hidden_activation(Z1)
        Z2 = parameters["W2"] @ A1 + parameters["b2"]
        A2 = 1 / (1 + np.exp(-Z2))
        return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}

    return forward


def test_sigmoid_instead_of_tanh_in_the_hidden_layerfails(fails):
    fails(c1w3.check_forward_propagation, _forward(lambda z: 1 / (1 + np.exp(-z))), "A2: wrong values", "forward_propagation_test_case()")


def test_forward_returning_only_A2_is_pointed_out(nb, fails):
    fails(c1w3.check_forward_propagation, lambda X, parameters: nb["forward_propagation"](X, parameters)[0],
           "expected a tuple (A2, cache)")


def test_forward_cache_with_a_missing_key_is_pointed_out(nb, fails):
    def no_z2(X, parameters):
        A2, cache = nb["forward_propagation"](X, parameters)
        return A2, {k: v for k, v in cache.items() if k != "Z2"}

    fails(c1w3.check_forward_propagation, no_z2, "cache: missing keys ['Z2']")


# ------------------------------------------------------------------ compute_cost
def test_stub_cost_gets_the_none_hint(fails):
    fails(c1w3.check_compute_cost, lambda A2, Y, parameters: None, "got None")


def test_cost_as_an_array_is_pointed_out(nb, fails):
    right = nb["compute_cost"]
    fails(c1w3.check_compute_cost, lambda A2, Y, parameters: np.array([[right(A2, Y, parameters)]]),
           "compute_cost should return a number, got an array of shape (1, 1)")


def test_cost_without_the_meanfails(fails):
    def summed(A2, Y, parameters):
        return float(-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)))

    fails(c1w3.check_compute_cost, summed, "compute_cost(A2, Y, parameters): wrong values")


# ------------------------------------------------------------------ backward_propagation
def test_tanh_derivative_without_the_squarefails(fails):
    def backward(parameters, cache, X, Y):
        m = X.shape[1]
        dZ2 = cache["A2"] - Y
        dZ1 = (parameters["W2"].T @ dZ2) * (1 - cache["A1"])
        return {"dW1": dZ1 @ X.T / m, "db1": dZ1.sum(axis=1, keepdims=True) / m,
                "dW2": dZ2 @ cache["A1"].T / m, "db2": dZ2.sum(axis=1, keepdims=True) / m}

    fails(c1w3.check_backward_propagation, backward, 'grads["dW1"]: wrong values')


def test_gradients_without_keepdims_are_pointed_out(nb, fails):
    def flat_db(parameters, cache, X, Y):
        grads = dict(nb["backward_propagation"](parameters, cache, X, Y))
        grads["db1"] = grads["db1"].ravel()
        return grads

    fails(c1w3.check_backward_propagation, flat_db, 'grads["db1"]: wrong shape: expected (4, 1), got (4,)')


# ------------------------------------------------------------------ update_parameters
def test_wrong_sign_in_the_update_names_the_parameter(nb, fails):
    right = nb["update_parameters"]
    fails(c1w3.check_update_parameters, lambda p, g, learning_rate=1.2: right(p, g, -learning_rate), 'W1"]', "learning_rate=1.2")


def test_update_missing_a_parameter_is_pointed_out(nb, fails):
    right = nb["update_parameters"]
    fails(c1w3.check_update_parameters, lambda p, g, learning_rate=1.2: {k: v for k, v in right(p, g).items() if k != "b2"},
           "parameters: missing keys ['b2']")


# ------------------------------------------------------------------ nn_model
def test_nn_model_that_never_updatesfails(nb, fails):
    def frozen(X, Y, n_h, num_iterations=10000, print_cost=False):
        np.random.seed(3)
        return nb["initialize_parameters"](X.shape[0], n_h, Y.shape[0])

    fails(c1w3.check_nn_model, frozen, 'parameters["W1"]: wrong values', "num_iterations=10000")


# ------------------------------------------------------------------ predict
def test_predict_returning_probabilitiesfails(nb, fails):
    fails(c1w3.check_predict, lambda parameters, X: nb["forward_propagation"](X, parameters)[0],
           "predict(parameters, X): wrong values")


def test_predict_as_a_list_is_pointed_out(nb, fails):
    fails(c1w3.check_predict, lambda parameters, X: nb["predict"](parameters, X).tolist(), "expected a numpy array, got list")


def test_predict_as_floats_passes(nb, capsys):
    c1w3.check_predict(lambda parameters, X: nb["predict"](parameters, X).astype(float))
    assert "all public tests passed" in capsys.readouterr().out
