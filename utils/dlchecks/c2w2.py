"""Checks of C2W2 Optimization methods: the public tests and the probes the grader also runs.

The public inputs are the seeded ones of ``opt_test_cases`` (the notebook prints the function's
output on the same inputs next to the expected one); the original course text prints no expected
output for these exercises, so the expected values are what the course's solutions give on them
(the training runs of the notebook, which the original does print, are reproduced there).
"""

from __future__ import annotations

import numpy as np
from opt_test_cases import (
    initialize_adam_test_case,
    initialize_velocity_test_case,
    model_test_case,
    random_mini_batches_test_case,
    update_parameters_with_adam_test_case,
    update_parameters_with_gd_test_case,
    update_parameters_with_momentum_test_case,
)

from .core import Case, Check, explain_none_errors, hint

ASSIGNMENT = "C2W2_Optimization_Methods"
explain_none_errors()  # the None hint under errors in any cell of the notebook

PARAMETERS = ("W1", "b1", "W2", "b2")
GRADS = ("dW1", "db1", "dW2", "db2")
MODEL_PARAMETERS = ("W1", "b1", "W2", "b2", "W3", "b3")
FULL_RECORD = 5_000  # mini-batches of inputs up to this many numbers are compared whole; larger ones by a sample


def _items(label: str, values: dict) -> dict:
    """{'label["key"]': value}: the expected values of t.arrays(label, ..., keys)."""
    return {f'{label}["{key}"]': value for key, value in values.items()}


def _gradient_names(parameters: dict) -> list[str]:
    return ["d" + name for name in parameters]


def _unchanged(got: dict, before: dict) -> list[str]:
    """The names whose array in `got` still equals its value before the call."""
    same = []
    for name, old in before.items():
        new = got.get(name) if isinstance(got, dict) else None
        if type(new) is np.ndarray and new.shape == old.shape and np.array_equal(new, old):
            same.append(name)
    return same


def _copies(values: dict) -> dict:
    return {name: np.array(value, copy=True) for name, value in values.items()}


# ------------------------------------------------------------------ update_parameters_with_gd
def _update_parameters_with_gd(t, f, parameters, grads, learning_rate):
    before = _copies(parameters)
    got = f(parameters, grads, learning_rate)
    t.keys("parameters", got, list(before))
    unchanged = _unchanged(got, before)
    if unchanged:
        t.fail(f"parameters: {', '.join(unchanged)} did not change. The loop runs over l = 0, ..., L - 1 and must update "
               f'every layer, l + 1 = 1, ..., L ("W" + str(l + 1)), weights and biases.')
    with hint("each parameter takes one step against its gradient: W - learning_rate * dW, b - learning_rate * db"):
        t.arrays("parameters", got, list(before))


_GD_PARAMETERS = {
    "W1": [[1.63535156, -0.62320365, -0.53718766], [-1.07799357, 0.85639907, -2.29470142]],
    "b1": [[1.74604067], [-0.75184921]],
    "W2": [[0.32171798, -0.25467393, 1.46902454], [-2.05617317, -0.31554548, -0.3756023],
           [1.1404819, -1.09976462, -0.1612551]],
    "b2": [[-0.88020257], [0.02561572], [0.57539477]],
}

check_update_parameters_with_gd = Check("update_parameters_with_gd", _update_parameters_with_gd, [
    Case(update_parameters_with_gd_test_case(), _items("parameters", _GD_PARAMETERS),
         "parameters, grads, learning_rate = update_parameters_with_gd_test_case(): a 3-2-3 network, learning_rate = 0.01"),
])


# ------------------------------------------------------------------ random_mini_batches
def _random_mini_batches(t, f, X, Y, mini_batch_size, seed):
    got = t.type("random_mini_batches(X, Y, mini_batch_size, seed)", f(X, Y, mini_batch_size, seed), list,
                 "a list of (mini_batch_X, mini_batch_Y) tuples")
    for k, item in enumerate(got):
        mini_batch_X, mini_batch_Y = t.tuple(f"mini_batches[{k}]", item, ("mini_batch_X", "mini_batch_Y"))
        t.type(f"mini_batches[{k}][0] (mini_batch_X)", mini_batch_X, np.ndarray, "a numpy array")
        t.type(f"mini_batches[{k}][1] (mini_batch_Y)", mini_batch_Y, np.ndarray, "a numpy array")
    m = X.shape[1]
    complete, rest = divmod(m, mini_batch_size)
    with hint(f"{m} examples in mini-batches of {mini_batch_size}: {complete} complete mini-batches"
              + (f" and a last one with the {rest} examples left over" if rest else ", and no smaller one")):
        t.equal("number of mini-batches", len(got))
    with hint("slice the columns (shuffled_X[:, a:b]); the k-th mini-batch holds the columns k * mini_batch_size to "
              "(k + 1) * mini_batch_size - 1, and the last one the columns that are left, up to m - 1"):
        t.equal("shapes", [(tuple(x.shape), tuple(y.shape)) for x, y in got])
    with hint("take the mini-batches from shuffled_X and shuffled_Y, in order, with the same columns for both"):
        for k, (mini_batch_X, mini_batch_Y) in enumerate(got):
            if X.size <= FULL_RECORD:
                t.close(f"mini_batches[{k}][0]", mini_batch_X)
                t.close(f"mini_batches[{k}][1]", mini_batch_Y)
            else:  # too large to compare whole: the first values of each mini-batch's first row
                t.close(f"mini_batches[{k}][0][0][0:3]", mini_batch_X[0][0:3])


_SMALL_BATCHES = {
    "number of mini-batches": 3,
    "shapes": [((3, 4), (1, 4)), ((3, 4), (1, 4)), ((3, 2), (1, 2))],
    "mini_batches[0][0]": [[5, 4, 1, 2], [15, 14, 11, 12], [25, 24, 21, 22]],
    "mini_batches[0][1]": [[5, 4, 1, 2]],
    "mini_batches[1][0]": [[9, 6, 7, 0], [19, 16, 17, 10], [29, 26, 27, 20]],
    "mini_batches[1][1]": [[9, 6, 7, 0]],
    "mini_batches[2][0]": [[3, 8], [13, 18], [23, 28]],
    "mini_batches[2][1]": [[3, 8]],
}

_X_SMALL = np.arange(30).reshape(3, 10)
_Y_SMALL = np.arange(10).reshape(1, 10)

check_random_mini_batches = Check("random_mini_batches", _random_mini_batches, [
    Case((*random_mini_batches_test_case(), 0), {
        "number of mini-batches": 3,
        "shapes": [((12288, 64), (1, 64)), ((12288, 64), (1, 64)), ((12288, 20), (1, 20))],
        "mini_batches[0][0][0][0:3]": [0.90085595, -0.7612069, 0.2344157],
        "mini_batches[1][0][0][0:3]": [-0.38405435, -1.09491185, 0.40890054],
        "mini_batches[2][0][0][0:3]": [-1.31228341, 0.75041164, 0.16003707],
    }, "X, Y, mini_batch_size = random_mini_batches_test_case(): 148 examples of 12288 features, mini_batch_size = 64, "
       "seed = 0"),
    Case((_X_SMALL, _Y_SMALL, 4, 3), _SMALL_BATCHES,
         "X = np.arange(30).reshape(3, 10), Y = np.arange(10).reshape(1, 10), mini_batch_size = 4, seed = 3: the label "
         "of column j is j, so each mini_batch_Y must equal the first row of its mini_batch_X"),
])


# ------------------------------------------------------------------ initialize_velocity
def _zeros_expected(label: str, parameters: dict) -> dict:
    return _items(label, {"d" + name: np.zeros(np.shape(value)).tolist() for name, value in parameters.items()})


def _initialize_velocity(t, f, parameters):
    names = _gradient_names(parameters)
    with hint('one array of zeros per parameter, under "dW" + str(l + 1) and "db" + str(l + 1), of the shape of '
              'parameters["W" + str(l + 1)] and parameters["b" + str(l + 1)]'):
        t.arrays("v", f(parameters), names)


check_initialize_velocity = Check("initialize_velocity", _initialize_velocity, [
    Case((initialize_velocity_test_case(),), _zeros_expected("v", initialize_velocity_test_case()),
         "parameters = initialize_velocity_test_case(): W1 (2, 3), b1 (2, 1), W2 (3, 3), b2 (3, 1)"),
])


# ------------------------------------------------------------------ update_parameters_with_momentum
def _update_parameters_with_momentum(t, f, parameters, grads, v, beta, learning_rate):
    names, gradient_names = list(parameters), _gradient_names(parameters)
    old_v, old_grads = _copies(v), _copies(grads)
    got = f(parameters, grads, v, beta, learning_rate)
    new_parameters, new_v = t.tuple("update_parameters_with_momentum(...)", got, ("parameters", "v"))
    t.keys("v", new_v, gradient_names)
    if beta not in (0, 1) and all(type(new_v[n]) is np.ndarray and new_v[n].shape == old_v[n].shape for n in gradient_names):
        if all(np.allclose(new_v[n], beta * old_v[n] + old_grads[n]) for n in gradient_names):
            t.fail("v: the new velocity is beta * v + grads; the gradient must be weighted by (1 - beta): "
                   "v = beta * v + (1 - beta) * grads")
    with hint("first the velocity, v = beta * v + (1 - beta) * grads, for every dW and db"):
        t.arrays("v", new_v, gradient_names)
    with hint("then a step along the new velocity: W - learning_rate * v_dW, b - learning_rate * v_db"):
        t.arrays("parameters", new_parameters, names)


_MOMENTUM_V = {
    "dW1": [[-0.11006192, 0.11447237, 0.09015907], [0.05024943, 0.09008559, -0.06837279]],
    "db1": [[-0.01228902], [-0.09357694]],
    "dW2": [[-0.02678881, 0.05303555, -0.06916608], [-0.03967535, -0.06871727, -0.08452056], [-0.06712461, -0.00126646, -0.11173103]],
    "db2": [[0.02344157], [0.16598022], [0.07420442]],
}  # (1 - beta) * grads: the first step from a velocity of zeros

_MOMENTUM_PARAMETERS = {
    "W1": [[1.62544598, -0.61290114, -0.52907334], [-1.07347112, 0.86450677, -2.30085497]],
    "b1": [[1.74493465], [-0.76027113]],
    "W2": [[0.31930698, -0.24990073, 1.4627996], [-2.05974396, -0.32173003, -0.38320915], [1.13444069, -1.0998786, -0.1713109]],
    "b2": [[-0.87809283], [0.04055394], [0.58207317]],
}

check_update_parameters_with_momentum = Check("update_parameters_with_momentum", _update_parameters_with_momentum, [
    Case((*update_parameters_with_momentum_test_case(), 0.9, 0.01), {
        **_items("v", _MOMENTUM_V),
        **_items("parameters", _MOMENTUM_PARAMETERS),
    }, "parameters, grads, v = update_parameters_with_momentum_test_case() (v all zeros), beta = 0.9, "
       "learning_rate = 0.01"),
])


# ------------------------------------------------------------------ initialize_adam
def _initialize_adam(t, f, parameters):
    names = _gradient_names(parameters)
    v, s = t.tuple("initialize_adam(parameters)", f(parameters), ("v", "s"))
    with hint('v and s each hold one array of zeros per parameter, under "dW" + str(l + 1) and "db" + str(l + 1)'):
        t.arrays("v", v, names)
        t.arrays("s", s, names)


check_initialize_adam = Check("initialize_adam", _initialize_adam, [
    Case((initialize_adam_test_case(),),
         {**_zeros_expected("v", initialize_adam_test_case()), **_zeros_expected("s", initialize_adam_test_case())},
         "parameters = initialize_adam_test_case(): W1 (2, 3), b1 (2, 1), W2 (3, 3), b2 (3, 1)"),
])


# ------------------------------------------------------------------ update_parameters_with_adam
def _update_parameters_with_adam(t, f, parameters, grads, v, s, step, options):
    names, gradient_names = list(parameters), _gradient_names(parameters)
    got = f(parameters, grads, v, s, step, **options)
    new_parameters, new_v, new_s = t.tuple("update_parameters_with_adam(...)", got, ("parameters", "v", "s"))
    with hint("v is the moving average of the gradients: v = beta1 * v + (1 - beta1) * grads (before any correction)"):
        t.arrays("v", new_v, gradient_names)
    with hint("s is the moving average of the squared gradients: s = beta2 * s + (1 - beta2) * grads ** 2, "
              "element-wise (before any correction)"):
        t.arrays("s", new_s, gradient_names, atol=1e-12)  # small numbers: compared relatively
    with hint("v and s are right, so look at the rest: the bias corrections divide by 1 - beta1 ** t and 1 - beta2 ** t "
              "with this step's t (not t - 1), and the update is W - learning_rate * v_corrected / "
              "(np.sqrt(s_corrected) + epsilon), epsilon outside the square root"):
        t.arrays("parameters", new_parameters, names)


# v is the same as momentum's after one step from zeros (beta1 = 0.9); s holds (1 - beta2) * grads ** 2
_ADAM_S = {
    "dW1": [[0.00121136257, 0.00131039237, 0.000812865827], [0.000252500561, 0.000811541441, 0.000467483785]],
    "db1": [[1.51020075e-05], [0.000875664434]],
    "dW2": [[7.17640232e-05, 0.000281276921, 0.000478394595],
            [0.000157413361, 0.00047220632, 0.000714372576],
            [0.000450571368, 1.60392066e-07, 0.00124838242]],
    "db2": [[5.49507194e-05], [0.00275494327], [0.000550629536]],
}

_ADAM_PARAMETERS = {
    "W1": [[1.63178673, -0.61919778, -0.53561312], [-1.08040999, 0.85796626, -2.29409733]],
    "b1": [[1.75225313], [-0.75376553]],
    "W2": [[0.32648046, -0.25681174, 1.46954931], [-2.05269934, -0.31497584, -0.37661299], [1.14121081, -1.09244991, -0.16498684]],
    "b2": [[-0.88529979], [0.03477238], [0.57537385]],
}

_ADAM_PARAMETERS_EPSILON = {
    "W1": [[1.63093963, -0.61837973, -0.53460437], [-1.07877598, 0.85897572, -2.29537243]],
    "b1": [[1.74827205], [-0.75474228]],
    "W2": [[0.3239098, -0.25524551, 1.46828634], [-2.05465442, -0.31624564, -0.37767939], [1.13991612, -1.09927951, -0.16582271]],
    "b2": [[-0.88250016], [0.0353565], [0.57656478]],
}

check_update_parameters_with_adam = Check("update_parameters_with_adam", _update_parameters_with_adam, [
    Case((*update_parameters_with_adam_test_case(), 2, {}), {
        **_items("v", _MOMENTUM_V),
        **_items("s", _ADAM_S),
        **_items("parameters", _ADAM_PARAMETERS),
    }, "parameters, grads, v, s = update_parameters_with_adam_test_case() (v and s all zeros), t = 2, and the default "
       "learning_rate = 0.01, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8"),
    Case((*update_parameters_with_adam_test_case(), 2, {"epsilon": 0.1}), {
        **_items("v", _MOMENTUM_V),
        **_items("s", _ADAM_S),
        **_items("parameters", _ADAM_PARAMETERS_EPSILON),
    }, "the same inputs with epsilon = 0.1: epsilon is added after the square root, np.sqrt(s_corrected) + epsilon"),
])


# ------------------------------------------------------------------ model
def _model(t, f, X, Y, layers_dims, optimizer, options):
    got = f(X, Y, layers_dims, optimizer, print_cost=False, **options)
    with hint("the test calls your functions above: make their tests pass first. Then check that the optimiser's state "
              "is initialised once, before the loop; that random_mini_batches gets the seed, which grows by one every "
              "epoch; and, for Adam, that t grows by one before every update"):
        t.arrays("parameters", got, MODEL_PARAMETERS)


_MODEL_GIVEN = ("X, Y, layers_dims = model_test_case() (10 points, layers_dims = [2, 4, 2, 1]), optimizer = {!r}, "
                "learning_rate = 0.1, mini_batch_size = 4, num_epochs = 3")
_MODEL_OPTIONS = {"learning_rate": 0.1, "mini_batch_size": 4, "num_epochs": 3}

_MODEL_GD = {
    "W1": [[1.69434936, 0.33742037], [0.2416884, -1.5882181], [-0.27612771, -0.35932429], [-0.12949003, -0.71929666]],
    "b1": [[-0.10655109], [-0.22919161], [-0.01788436], [0.08870986]],
    "W2": [[-0.03098412, -0.33744411, -0.92879265, 0.62675738], [0.18431693, 0.78831852, -0.09367845, -0.47745221]],
    "b2": [[0.05077792], [-0.45052146]],
    "W3": [[-0.54817581, -1.19811454]],
    "b3": [[0.18431018]],
}

_MODEL_MOMENTUM = {
    "W1": [[1.72645766, 0.36959248], [0.18292389, -1.70438322], [-0.27530446, -0.35153117], [-0.10457518, -0.66780511]],
    "b1": [[-0.07092853], [-0.13414894], [-0.004178], [0.03508272]],
    "W2": [[-0.03098412, -0.33744411, -0.92902481, 0.62554962], [0.38322812, 0.96957674, -0.03293803, -0.37902058]],
    "b2": [[0.00142039], [-0.23790675]],
    "W3": [[-0.54536062, -1.29269184]],
    "b3": [[0.10090791]],
}

_MODEL_ADAM = {
    "W1": [[1.35552097, -0.00733308], [0.58847195, -1.36856249], [-0.47446496, -0.6222266], [-0.36532451, -1.05375163]],
    "b1": [[-0.43629055], [-0.50975152], [0.19721948], [0.4235536]],
    "W2": [[-0.37038881, -0.54839091, -1.23086083, 0.48808167], [0.18254581, 0.70940651, -0.4918619, -0.80081005]],
    "b2": [[0.20075684], [-0.70253676]],
    "W3": [[-0.56454815, -0.88650737]],
    "b3": [[0.54303105]],
}

check_model = Check("model", _model, [
    Case((*model_test_case(), "gd", _MODEL_OPTIONS), _items("parameters", _MODEL_GD), _MODEL_GIVEN.format("gd")),
    Case((*model_test_case(), "momentum", _MODEL_OPTIONS), _items("parameters", _MODEL_MOMENTUM),
         _MODEL_GIVEN.format("momentum") + ", beta = 0.9"),
    Case((*model_test_case(), "adam", _MODEL_OPTIONS), _items("parameters", _MODEL_ADAM), _MODEL_GIVEN.format("adam")),
])
