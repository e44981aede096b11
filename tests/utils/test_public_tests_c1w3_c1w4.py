"""The C1W3 / C1W4 checks: the source notebooks' solutions pass, typical mistakes fail in plain words."""

import numpy as np
import public_tests as pt
import pytest

PLANAR = "C1W3_Planar_Data_Classification"
STEP = "C1W4A_Deep_Neural_Network_Step_by_Step"
APP = "C1W4B_Deep_Neural_Network_Application"

CHECKS = {
    PLANAR: {
        "layer_sizes": pt.check_layer_sizes,
        "initialize_parameters": pt.check_planar_initialize_parameters,
        "forward_propagation": pt.check_forward_propagation,
        "compute_cost": pt.check_planar_compute_cost,
        "backward_propagation": pt.check_backward_propagation,
        "update_parameters": pt.check_planar_update_parameters,
        "nn_model": pt.check_nn_model,
        "predict": pt.check_planar_predict,
    },
    STEP: {
        "initialize_parameters": pt.check_initialize_parameters,
        "initialize_parameters_deep": pt.check_initialize_parameters_deep,
        "linear_forward": pt.check_linear_forward,
        "linear_activation_forward": pt.check_linear_activation_forward,
        "L_model_forward": pt.check_L_model_forward,
        "compute_cost": pt.check_compute_cost,
        "linear_backward": pt.check_linear_backward,
        "linear_activation_backward": pt.check_linear_activation_backward,
        "L_model_backward": pt.check_L_model_backward,
        "update_parameters": pt.check_update_parameters,
    },
    APP: {"two_layer_model": pt.check_two_layer_model, "L_layer_model": pt.check_L_layer_model},
}


@pytest.mark.parametrize("assignment_id", list(CHECKS))
def test_solutions_pass_every_check(assignment_id, solutions, capsys):
    nb = solutions(assignment_id)
    for name, check in CHECKS[assignment_id].items():
        check(nb[name])
    assert capsys.readouterr().out.count("all public tests passed") == len(CHECKS[assignment_id])


def _fails(check, function, words):
    with pytest.raises(pt.CheckFailed) as info:
        check(function)
    assert words in str(info.value), str(info.value)


def test_stubs_returning_none_get_the_hint():
    _fails(pt.check_linear_forward, lambda A, W, b: (None, (A, W, b)), "got None")
    _fails(pt.check_planar_compute_cost, lambda A2, Y, parameters: None, "got None")


def test_cost_left_as_a_one_by_one_array_is_pointed_out(solutions):
    right = solutions(STEP)["compute_cost"]
    _fails(pt.check_compute_cost, lambda AL, Y: np.array([[right(AL, Y)]]), "np.squeeze")


def test_backward_keys_of_the_original_text_get_an_explanation(solutions):
    right = solutions(STEP)["L_model_backward"]

    def shifted(AL, Y, caches):
        grads = right(AL, Y, caches)
        return {("dA" + str(int(k[2:]) + 1) if k.startswith("dA") else k): v for k, v in grads.items()}

    _fails(pt.check_L_model_backward, shifted, '"dA" + str(l - 1)')


def test_wrong_sign_in_the_update_names_the_parameter(solutions):
    right = solutions(PLANAR)["update_parameters"]
    _fails(pt.check_planar_update_parameters, lambda p, g, learning_rate=1.2: right(p, g, -learning_rate), 'W1"]')


def test_sigmoid_instead_of_tanh_in_the_hidden_layer_fails():
    def wrong(X, parameters):
        Z1 = parameters["W1"] @ X + parameters["b1"]
        A1 = 1 / (1 + np.exp(-Z1))
        Z2 = parameters["W2"] @ A1 + parameters["b2"]
        A2 = 1 / (1 + np.exp(-Z2))
        return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}

    _fails(pt.check_forward_propagation, wrong, "A2: wrong values")


def test_relu_and_sigmoid_swapped_fails(solutions):
    right = solutions(STEP)["linear_activation_forward"]
    swap = {"relu": "sigmoid", "sigmoid": "relu"}
    _fails(pt.check_linear_activation_forward, lambda A, W, b, activation: right(A, W, b, swap[activation]), "wrong values")
