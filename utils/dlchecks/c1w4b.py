"""Checks of C1W4B Deep Neural Network Application: the public tests and the probes the grader also runs.

Each check trains the student's model briefly on a small seeded problem of ``dnn_test_cases``
(300 iterations) and compares the trained parameters with those the seed prints.
"""

from __future__ import annotations

import dnn_test_cases as cases

from .core import Case, Check, explain_none_errors

ASSIGNMENT = "C1W4B_Deep_Neural_Network_Application"
explain_none_errors()  # the None hint under errors in any cell of the notebook

_TRAINED_TOL = {"rtol": 1e-5, "atol": 1e-7}  # 300 steps of gradient descent: rounding adds up


def _parameter_keys(layers: int) -> list[str]:
    return [f"{kind}{layer}" for layer in range(1, layers + 1) for kind in ("W", "b")]


def _train(t, f, X, Y, layers_dims, learning_rate, num_iterations):
    keys = _parameter_keys(len(layers_dims) - 1)  # before the call: a function may change its inputs
    got = f(X, Y, layers_dims, learning_rate=learning_rate, num_iterations=num_iterations, print_cost=False)
    t.arrays("parameters", got, keys, **_TRAINED_TOL)


def _two_layer_model(t, f, X, Y, layers_dims, learning_rate, num_iterations):
    _train(t, f, X, Y, layers_dims, learning_rate, num_iterations)


def _L_layer_model(t, f, X, Y, layers_dims, learning_rate, num_iterations):  # noqa: N802 - the seed's name
    _train(t, f, X, Y, layers_dims, learning_rate, num_iterations)


check_two_layer_model = Check("two_layer_model", _two_layer_model, [
    Case((*cases.two_layer_model_test_case(), 0.5, 300), {
        'parameters["W1"]': [[0.35965228, -0.142359, -0.05133582, -0.05571704, -0.01984217],
                             [-1.45112356, 0.69444993, -0.38981965, 0.43250961, 0.11956549],
                             [1.90498617, -0.73601314, -0.2569546, -0.26874235, -0.14314327],
                             [-0.83856785, 0.39260416, -0.22795287, 0.24975681, 0.07455567]],
        'parameters["b1"]': [[0.18332036], [0.89022685], [1.01251474], [0.51293945]],
        'parameters["W2"]': [[0.43463721, -1.93194944, 2.31326985, -1.11347639]],
        'parameters["b2"]': [[-0.55873143]],
    }, "X, Y, layers_dims = two_layer_model_test_case(): X (5, 12), Y (1, 12), layers_dims = (5, 4, 1); "
       "learning_rate = 0.5, num_iterations = 300"),
])

check_L_layer_model = Check("L_layer_model", _L_layer_model, [  # noqa: N816 - the seed's name
    Case((*cases.L_layer_model_test_case(), 0.2, 300), {
        'parameters["W1"]': [[0.7946824, -0.24901039, -0.16319355, -0.37264387, 0.42723069],
                             [-1.80044688, 1.25649625, 0.58257748, -0.28183234, -0.46021229],
                             [0.7103657, -0.86899946, -0.11071422, -0.10191956, 0.53594844],
                             [-0.46849237, -0.04848693, -0.31666628, -0.04406432, 0.30980372]],
        'parameters["b1"]': [[0.18816874], [0.73305668], [0.07997664], [-0.02157985]],
        'parameters["W2"]': [[-0.6515214, 1.76109687, 0.31914157, -0.13653481],
                             [0.29692231, -0.34186393, -0.23315318, -0.47218892],
                             [-0.22603626, 1.20009409, -0.40739295, -0.17657207]],
        'parameters["b2"]': [[0.13634847], [-0.12272087], [0.17661117]],
        'parameters["W3"]': [[-1.71032639, -0.43249547, -1.27272401]],
        'parameters["b3"]': [[3.1698187]],
    }, "X, Y, layers_dims = L_layer_model_test_case(): X (5, 12), Y (1, 12), layers_dims = [5, 4, 3, 1]; "
       "learning_rate = 0.2, num_iterations = 300"),
])
