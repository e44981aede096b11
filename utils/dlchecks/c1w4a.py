"""Checks of C1W4A Deep Neural Network Step by Step: the public tests and the probes the grader also runs.

The public inputs are the seeded ones of ``dnn_test_cases`` (the notebook prints the same); the
expected values are the numbers the seed prints.
"""

from __future__ import annotations

import dnn_test_cases as cases

from .core import Case, Check, explain_none_errors, shape_of

ASSIGNMENT = "C1W4A_Deep_Neural_Network_Step_by_Step"
explain_none_errors()  # the None hint under errors in any cell of the notebook

_INIT_TOL = {"rtol": 1e-6, "atol": 1e-8}  # weights of about 0.01, printed to 8 decimals


def _parameter_keys(layers: int) -> list[str]:
    return [f"{kind}{layer}" for layer in range(1, layers + 1) for kind in ("W", "b")]


# ------------------------------------------------------------------ initialisation
def _initialize_parameters(t, f, n_x, n_h, n_y):
    t.arrays("parameters", f(n_x, n_h, n_y), _parameter_keys(2), **_INIT_TOL)


check_initialize_parameters = Check("initialize_parameters", _initialize_parameters, [
    Case(cases.initialize_parameters_test_case(), {
        'parameters["W1"]': [[0.01624345, -0.00611756, -0.00528172], [-0.01072969, 0.00865408, -0.02301539]],
        'parameters["b1"]': [[0.0], [0.0]],
        'parameters["W2"]': [[0.01744812, -0.00761207]],
        'parameters["b2"]': [[0.0]],
    }, "n_x, n_h, n_y = 3, 2, 1 (initialize_parameters_test_case())"),
])


def _initialize_parameters_deep(t, f, layer_dims):
    keys = _parameter_keys(len(layer_dims) - 1)
    got = t.type("parameters", f(layer_dims), dict, "a dictionary with keys W1, b1, ..., WL, bL")
    t.equal("keys of parameters", sorted(map(str, got)))
    t.arrays("parameters", got, keys, **_INIT_TOL)


check_initialize_parameters_deep = Check("initialize_parameters_deep", _initialize_parameters_deep, [
    Case((cases.initialize_parameters_deep_test_case(),), {
        "keys of parameters": ["W1", "W2", "b1", "b2"],
        'parameters["W1"]': [[0.01788628, 0.0043651, 0.00096497, -0.01863493, -0.00277388],
                             [-0.00354759, -0.00082741, -0.00627001, -0.00043818, -0.00477218],
                             [-0.01313865, 0.00884622, 0.00881318, 0.01709573, 0.00050034],
                             [-0.00404677, -0.0054536, -0.01546477, 0.00982367, -0.01101068]],
        'parameters["b1"]': [[0.0], [0.0], [0.0], [0.0]],
        'parameters["W2"]': [[-0.01185047, -0.0020565, 0.01486148, 0.00236716],
                             [-0.01023785, -0.00712993, 0.00625245, -0.00160513],
                             [-0.00768836, -0.00230031, 0.00745056, 0.01976111]],
        'parameters["b2"]': [[0.0], [0.0], [0.0]],
    }, "layer_dims = [5, 4, 3] (initialize_parameters_deep_test_case())"),
    Case(([4, 3, 2, 1],), {
        "keys of parameters": ["W1", "W2", "W3", "b1", "b2", "b3"],
        'parameters["W1"]': [[0.01788628, 0.0043651, 0.00096497, -0.01863493],
                             [-0.00277388, -0.00354759, -0.00082741, -0.00627001],
                             [-0.00043818, -0.00477218, -0.01313865, 0.00884622]],
        'parameters["b1"]': [[0.0], [0.0], [0.0]],
        'parameters["W2"]': [[0.00881318, 0.01709573, 0.00050034], [-0.00404677, -0.0054536, -0.01546477]],
        'parameters["b2"]': [[0.0], [0.0]],
        'parameters["W3"]': [[0.00982367, -0.01101068]],
        'parameters["b3"]': [[0.0]],
    }, "layer_dims = [4, 3, 2, 1] (a 3-layer network: keys W1, b1, ..., W3, b3)"),
])


# ------------------------------------------------------------------ forward propagation
_REFERENCE = "(the cache keeps references, not copies)"


def _linear_forward(t, f, A, W, b):
    Z, cache = t.tuple("linear_forward(A, W, b)", f(A, W, b), ("Z", "cache"))
    t.close("Z", Z)
    cache = t.tuple("cache", cache, ("A", "W", "b"))
    for name, got, given in zip(("A", "W", "b"), cache, (A, W, b), strict=True):
        t.equal(f"cache item {name} is the input {name} {_REFERENCE}", got is given)


_IDENTICAL = {f"cache item {name} is the input {name} {_REFERENCE}": True for name in ("A", "W", "b")}

check_linear_forward = Check("linear_forward", _linear_forward, [
    Case(cases.linear_forward_test_case(), {"Z": [[3.26295337, -1.23429987]], **_IDENTICAL},
         "A, W, b = linear_forward_test_case(): A (3, 2), W (1, 3), b (1, 1)"),
])


def _linear_activation_forward(t, f, A_prev, W, b, activation):
    out = f(A_prev, W, b, activation=activation)
    A, cache = t.tuple(f'linear_activation_forward(A_prev, W, b, activation="{activation}")', out, ("A", "cache"))
    t.close("A", A)
    linear_cache, activation_cache = t.tuple("cache", cache, ("linear_cache", "activation_cache"))
    t.tuple("linear_cache", linear_cache, ("A_prev", "W", "b"))
    t.close("activation_cache (the Z the activation saw)", activation_cache)


_LAF_GIVEN = "A_prev, W, b = linear_activation_forward_test_case(): A_prev (3, 2), W (1, 3), b (1, 1); "
_LAF_Z = [[3.43896131, -2.08938436]]

check_linear_activation_forward = Check("linear_activation_forward", _linear_activation_forward, [
    Case((*cases.linear_activation_forward_test_case(), "sigmoid"),
         {"A": [[0.96890023, 0.11013289]], "activation_cache (the Z the activation saw)": _LAF_Z},
         _LAF_GIVEN + 'activation="sigmoid"'),
    Case((*cases.linear_activation_forward_test_case(), "relu"),
         {"A": [[3.43896131, 0.0]], "activation_cache (the Z the activation saw)": _LAF_Z},
         _LAF_GIVEN + 'activation="relu"'),
])


def _L_model_forward(t, f, X, parameters):  # noqa: N802 - the seed's name
    AL, caches = t.tuple("L_model_forward(X, parameters)", f(X, parameters), ("AL", "caches"))
    t.close("AL", AL)
    t.type("caches", caches, list, "a list with one cache per layer")
    t.equal("number of caches (one per layer)", len(caches))


check_L_model_forward = Check("L_model_forward", _L_model_forward, [  # noqa: N816 - the seed's name
    Case(cases.L_model_forward_test_case(),
         {"AL": [[0.03921668, 0.70498921, 0.19734387, 0.04728177]], "number of caches (one per layer)": 3},
         "X, parameters = L_model_forward_test_case(): X (5, 4), a 5-4-3-1 network (3 layers)"),
])


# ------------------------------------------------------------------ cost
def _compute_cost(t, f, AL, Y):
    cost = f(AL, Y)
    t.close("cost", cost, shape=False)
    if shape_of(cost) != ():
        t.fail(f"compute_cost should return a number (shape ()), got shape {shape_of(cost)}: use np.squeeze")


_Y, _AL = cases.compute_cost_test_case()
check_compute_cost = Check("compute_cost", _compute_cost, [
    Case((_AL, _Y), {"cost": 0.2797765635793422}, "Y, AL = compute_cost_test_case(): AL = [[0.8, 0.9, 0.4]], Y = [[1, 1, 0]]"),
])


# ------------------------------------------------------------------ backward propagation
def _gradients(t, label, got):
    dA_prev, dW, db = t.tuple(label, got, ("dA_prev", "dW", "db"))
    t.close("dA_prev", dA_prev)
    t.close("dW", dW)
    t.close("db", db)


def _linear_backward(t, f, dZ, cache):
    _gradients(t, "linear_backward(dZ, linear_cache)", f(dZ, cache))


check_linear_backward = Check("linear_backward", _linear_backward, [
    Case(cases.linear_backward_test_case(), {
        "dA_prev": [[-1.15171336, 0.06718465, -0.3204696, 2.09812712], [0.60345879, -3.72508701, 5.81700741, -3.84326836],
                    [-0.4319552, -1.30987417, 1.72354705, 0.05070578], [-0.38981415, 0.60811244, -1.25938424, 1.47191593],
                    [-2.52214926, 2.67882552, -0.67947465, 1.48119548]],
        "dW": [[0.07313866, -0.0976715, -0.87585828, 0.73763362, 0.00785716],
               [0.85508818, 0.37530413, -0.59912655, 0.71278189, -0.58931808],
               [0.97913304, -0.24376494, -0.0883967, 0.55151192, -0.10290907]],
        "db": [[-0.14713786], [-0.11313155], [-0.13209101]],
    }, "dZ, linear_cache = linear_backward_test_case(): dZ (3, 4), A_prev (5, 4), W (3, 5), b (3, 1)"),
])


def _linear_activation_backward(t, f, dA, cache, activation):
    _gradients(t, f'linear_activation_backward(dA, cache, activation="{activation}")', f(dA, cache, activation=activation))


_LAB_GIVEN = "dA, cache = linear_activation_backward_test_case(): dA (1, 2), A_prev (3, 2), W (1, 3), b (1, 1), Z (1, 2); "

check_linear_activation_backward = Check("linear_activation_backward", _linear_activation_backward, [
    Case((*cases.linear_activation_backward_test_case(), "sigmoid"), {
        "dA_prev": [[0.11017994, 0.01105339], [0.09466817, 0.00949723], [-0.05743092, -0.00576154]],
        "dW": [[0.10266786, 0.09778551, -0.01968084]],
        "db": [[-0.05729622]],
    }, _LAB_GIVEN + 'activation="sigmoid"'),
    Case((*cases.linear_activation_backward_test_case(), "relu"), {
        "dA_prev": [[0.44090989, 0.0], [0.37883606, 0.0], [-0.2298228, 0.0]],
        "dW": [[0.44513824, 0.37371418, -0.10478989]],
        "db": [[-0.20837892]],
    }, _LAB_GIVEN + 'activation="relu"'),
])


def _gradient_keys(layers: int) -> list[str]:
    keys = []
    for layer in range(1, layers + 1):
        keys += [f"dW{layer}", f"db{layer}"] + ([f"dA{layer}"] if layer < layers else [])
    return keys + ["dA0"]


def _L_model_backward(t, f, AL, Y, caches):  # noqa: N802 - the seed's name
    layers = len(caches)
    grads = t.type("L_model_backward(AL, Y, caches)", f(AL, Y, caches), dict, "a dictionary of gradients")
    if f"dA{layers}" in grads and "dA0" not in grads:
        t.fail(f'grads has "dA{layers}" but no "dA0": store the gradient with respect to A[l] under "dA" + str(l), '
               'so the layer-l backward step writes its dA_prev to "dA" + str(l - 1)')
    t.arrays("grads", grads, _gradient_keys(layers))


check_L_model_backward = Check("L_model_backward", _L_model_backward, [  # noqa: N816 - the seed's name
    Case(cases.L_model_backward_test_case(), {
        'grads["dW1"]': [[0.58864815, 0.1120628, 0.19805969, 0.1507457], [0.0, 0.0, 0.0, 0.0],
                         [0.07584032, 0.01443796, 0.02551764, 0.01942179]],
        'grads["db1"]': [[-0.31588434], [0.0], [-0.04069795]],
        'grads["dA1"]': [[0.26958395, -0.63176867], [-0.29594061, 0.69353538], [0.03473269, -0.0813959]],
        'grads["dW2"]': [[-0.64398726, -0.16550948, 0.03346263]],
        'grads["db2"]': [[0.17686947]],
        'grads["dA0"]': [[0.0, 0.75009792], [0.0, -0.46925432], [0.0, -0.46033121], [0.0, -1.06331564]],
    }, "AL, Y, caches = L_model_backward_test_case(): AL (1, 2), Y = [[1, 0]], the caches of a 4-3-1 network (relu, then sigmoid)"),
])


# ------------------------------------------------------------------ update
def _update_parameters(t, f, parameters, grads, learning_rate):
    keys = _parameter_keys(len(parameters) // 2)  # before the call: a function may change its inputs
    t.arrays("parameters", f(parameters, grads, learning_rate), keys)


check_update_parameters = Check("update_parameters", _update_parameters, [
    Case((*cases.update_parameters_test_case(), 0.1), {
        'parameters["W1"]': [[-0.59562069, -0.09991781, -2.14584584, 1.82662008],
                             [-1.76569676, -0.80627147, 0.51115557, -1.18258802],
                             [-1.0535704, -0.86128581, 0.68284052, 2.20374577]],
        'parameters["b1"]': [[-0.04659241], [-1.28888275], [0.53405496]],
        'parameters["W2"]': [[-0.55569196, 0.0354055, 1.32964895]],
        'parameters["b2"]': [[-0.84610769]],
    }, "parameters, grads = update_parameters_test_case() (a 4-3-1 network), learning_rate = 0.1"),
])
