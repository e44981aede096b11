"""The C1W4A checks (dlchecks.c1w4a): typical mistakes fail in plain words and the hidden
cases catch what the public ones cannot (the solutions and expected.json: test_expected.py)."""


import numpy as np
import pytest

from dlchecks import c1w4a
from dlchecks.core import CheckFailed

ID = "C1W4A_Deep_Neural_Network_Step_by_Step"
CHECKS = {name[len("check_"):]: getattr(c1w4a, name) for name in dir(c1w4a) if name.startswith("check_")}


def test_hidden_tests_catch_what_the_public_test_cannot(nb, run_hidden):
    """Wrong functions that pass the public test (its inputs are fixed) fail the grader's hidden cases."""

    def first_layers(parameters, layers=2):
        return {k: v for k, v in parameters.items() if int(k[1:]) <= layers}

    cheats = {
        "initialize_parameters": lambda n_x, n_h, n_y: nb["initialize_parameters"](3, 2, 1),
        "compute_cost": lambda AL, Y: np.squeeze(np.array(0.2797765635793422)),
        "L_model_forward": lambda X, parameters: nb["L_model_forward"](X, first_layers(parameters, 3)),
        "update_parameters": lambda parameters, grads, learning_rate: nb["update_parameters"](first_layers(parameters), grads,
                                                                                              learning_rate),
    }
    for name, cheat in cheats.items():
        CHECKS[name](cheat)  # the public test cannot tell
        with pytest.raises((CheckFailed, AssertionError), match="a hidden test"):
            run_hidden(ID, name, cheat)


# ------------------------------------------------------------------ typical mistakes
def test_stub_returning_none_gets_the_hint(fails):
    fails(c1w4a.check_linear_forward, lambda A, W, b: (None, (A, W, b)), "Z: got None", "linear_forward_test_case()")


def test_initialize_parameters_deep_one_layer_short_names_the_keys(fails):
    def short(layer_dims):
        np.random.seed(3)
        return {k: v for layer in range(1, len(layer_dims) - 1)
                for k, v in ((f"W{layer}", np.random.randn(layer_dims[layer], layer_dims[layer - 1]) * 0.01),
                             (f"b{layer}", np.zeros((layer_dims[layer], 1))))}

    fails(c1w4a.check_initialize_parameters_deep, short, "keys of parameters: expected ['W1', 'W2', 'b1', 'b2'], got ['W1', 'b1']")


def test_cache_of_copies_is_pointed_out(fails):
    fails(c1w4a.check_linear_forward, lambda A, W, b: (W @ A + b, (A.copy(), W, b)), "the cache keeps references, not copies")


def test_relu_and_sigmoid_swappedfails(nb, fails):
    right = nb["linear_activation_forward"]
    swap = {"relu": "sigmoid", "sigmoid": "relu"}
    fails(c1w4a.check_linear_activation_forward, lambda A, W, b, activation: right(A, W, b, swap[activation]),
           "A: wrong values", 'activation="sigmoid"')


def test_activation_forward_returning_only_A_is_pointed_out(nb, fails):
    right = nb["linear_activation_forward"]
    fails(c1w4a.check_linear_activation_forward, lambda A, W, b, activation: right(A, W, b, activation)[0],
           "expected a tuple (A, cache)")


def test_caches_as_a_tuple_is_pointed_out(nb, fails):
    right = nb["L_model_forward"]

    def as_tuple(X, parameters):
        AL, caches = right(X, parameters)
        return AL, tuple(caches)

    fails(c1w4a.check_L_model_forward, as_tuple, "caches: expected a list with one cache per layer")


def test_cost_left_as_a_one_by_one_array_is_pointed_out(nb, fails):
    right = nb["compute_cost"]
    fails(c1w4a.check_compute_cost, lambda AL, Y: np.array([[right(AL, Y)]]), "np.squeeze")


def test_cost_without_the_meanfails(nb, fails):
    right = nb["compute_cost"]
    fails(c1w4a.check_compute_cost, lambda AL, Y: right(AL, Y) * Y.shape[1], "cost: wrong values")


def test_gradients_without_keepdims_are_pointed_out(nb, fails):
    right = nb["linear_backward"]

    def flat_db(dZ, cache):
        dA_prev, dW, db = right(dZ, cache)
        return dA_prev, dW, db.ravel()

    fails(c1w4a.check_linear_backward, flat_db, "db: wrong shape: expected (3, 1), got (3,)")


def test_backward_keys_of_the_original_text_get_an_explanation(nb, fails):
    right = nb["L_model_backward"]

    def shifted(AL, Y, caches):
        grads = right(AL, Y, caches)
        return {("dA" + str(int(k[2:]) + 1) if k.startswith("dA") else k): v for k, v in grads.items()}

    fails(c1w4a.check_L_model_backward, shifted, '"dA" + str(l - 1)')


def test_wrong_sign_in_the_update_names_the_parameter(nb, fails):
    right = nb["update_parameters"]
    fails(c1w4a.check_update_parameters, lambda p, g, learning_rate: right(p, g, -learning_rate), 'parameters["W1"]: wrong values',
           "learning_rate = 0.1")
