"""Checks of C4W1B Convolutional neural networks, the application: the public tests and the probes the grader also runs.

The original course ran this assignment in TensorFlow 1; here it is TensorFlow 2 (see the notebook's table). The
inputs the notebook shows are drawn as the original draws them (``np.random.seed(1)``, then ``randn``, reproduced
with a ``RandomState(1)`` so that the notebook's global seed is left alone). TensorFlow 1's random initialisers have no
bit-identical twin in TensorFlow 2, so the expected numbers are what the course's solutions give (the notebook's
errata); every random draw is seeded, and Keras' seeded initialisers are stateless, so they are the same on every
machine. Tensors are compared through ``.numpy()``, with tolerances that leave room for another CPU's float32
rounding (wider for ``model``, which trains for several steps).
"""

from __future__ import annotations

from functools import cache

import numpy as np

from .core import NONE_HINT, Case, Check, explain_none_errors, hint, student_error
from .tfsupport import import_tensorflow_quietly

import_tensorflow_quietly()
import keras  # noqa: E402 - after the quiet import of TensorFlow
import tensorflow as tf  # noqa: E402

ASSIGNMENT = "C4W1B_Convolution_Application"
explain_none_errors()  # the None hint under errors in any cell of the notebook

WHOLE = True  # the flag that makes a probe compare whole outputs
NAMES = ("W1", "W2", "W3", "b3")
SHAPES = {"W1": (4, 4, 3, 8), "W2": (2, 2, 8, 16), "W3": (64, 6), "b3": (6,)}
SEEDS = {"W1": 0, "W2": 0, "W3": 1}  # GlorotUniform seeds; b3 starts at zeros
ONE_OP = {"rtol": 1e-5, "atol": 1e-6}  # one or a few float32 operations
FORWARD = {"rtol": 1e-4, "atol": 1e-5}  # a whole forward pass in float32 (thousands of products per output)
TRAINED = {"rtol": 1e-3, "atol": 1e-4}  # after several training steps
ACCURACY = {"atol": 1e-6}  # a fraction k / m: exact unless a prediction changes


def _call(t, name: str, f, *args, why: str = "", **kwargs):
    """f(*args, **kwargs); an error (other than a None left in the code) fails with a hint on what usually causes it."""
    try:
        return f(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - the student's function raised: say so in plain words
        message = student_error(name, error)
        if why and NONE_HINT not in message:
            message += f"\n    hint: {why}"
        t.fail(message)


def _tensor(t, label: str, got, hint_text: str = "") -> np.ndarray:
    """`got` must be a tf.Tensor; its values as a numpy array."""
    if isinstance(got, np.ndarray | np.generic):
        t.fail(f"{label}: expected a tf.Tensor, got a numpy value. Return the tensor itself: .numpy() is only for "
               "printing." + (f"\n    hint: {hint_text}" if hint_text else ""))
    t.type(label, got, tf.Tensor, "a tf.Tensor (TensorFlow's eager tensor)")
    return got.numpy()


def _seeded(*shapes):
    """Arrays drawn one after the other with randn after np.random.seed(1), as the original's test cells draw them."""
    rng = np.random.RandomState(1)
    return [rng.randn(*shape) for shape in shapes]


@cache
def _initial_values() -> dict:
    """{name: numpy array}: the values initialize_parameters() starts from (its instructions say how they are drawn)."""
    values = {name: keras.initializers.GlorotUniform(seed=SEEDS[name])(shape=SHAPES[name]).numpy()
              for name in ("W1", "W2", "W3")}
    values["b3"] = np.zeros(SHAPES["b3"], dtype=np.float32)
    return values


def initial_parameters() -> dict:
    """A copy of the starting parameters of the course's network, as numpy arrays (inputs of the public tests)."""
    return {name: value.copy() for name, value in _initial_values().items()}


def _variables(parameters: dict) -> dict:
    """Fresh tf.Variables (float32) from a dictionary of arrays: each case gets its own."""
    return {name: tf.Variable(np.asarray(value, dtype=np.float32), name=name) for name, value in parameters.items()}


# ------------------------------------------------------------------ create_placeholders
_SPEC_WORDS = "a tf.TensorSpec (TensorFlow 2's description of an input: its shape and dtype)"
_X_SHAPE = ("X describes a batch of pictures, one per row: [None, n_H0, n_W0, n_C0], with None for the number of "
            "examples, which stays open (any batch size)")
_Y_SHAPE = "Y describes the labels, one example per row: [None, n_y] (not [n_y, None] as in C2W3's column layout)"
_DTYPE = "the pictures and the one-hot labels are float32: dtype=tf.float32"


def _create_placeholders(t, f, n_H0, n_W0, n_C0, n_y):
    got = _call(t, "create_placeholders", f, n_H0, n_W0, n_C0, n_y)
    X, Y = t.tuple(f"create_placeholders({n_H0}, {n_W0}, {n_C0}, {n_y})", got, ("X", "Y"))
    if isinstance(X, tf.Tensor | tf.Variable | np.ndarray):
        t.fail("X: expected a tf.TensorSpec, got a tensor or an array of values. In TensorFlow 2 there is no "
               "placeholder to fill later: describe the input with tf.TensorSpec(shape=..., dtype=...)")
    t.type("X", X, tf.TensorSpec, _SPEC_WORDS)
    t.type("Y", Y, tf.TensorSpec, _SPEC_WORDS)
    with hint(_X_SHAPE):
        t.equal("X.shape", str(tuple(X.shape)))
    with hint(_DTYPE):
        t.equal("X.dtype", X.dtype.name)
    with hint(_Y_SHAPE):
        t.equal("Y.shape", str(tuple(Y.shape)))
    with hint(_DTYPE):
        t.equal("Y.dtype", Y.dtype.name)


check_create_placeholders = Check("create_placeholders", _create_placeholders, [
    Case((64, 64, 3, 6), {"X.shape": "(None, 64, 64, 3)", "X.dtype": "float32", "Y.shape": "(None, 6)",
                          "Y.dtype": "float32"}, "n_H0 = 64, n_W0 = 64, n_C0 = 3, n_y = 6"),
])


# ------------------------------------------------------------------ initialize_parameters
_VARIABLE_WORDS = "a tf.Variable (the optimizer can only update variables)"
_INIT_SHAPES = ("W1 is [4, 4, 3, 8] (8 filters of 4x4 on 3 channels), W2 is [2, 2, 8, 16], W3 is [64, 6] (64 inputs, "
                "6 outputs) and b3 is [6]")
_INIT_VALUES = ("W1 and W2 come from keras.initializers.GlorotUniform(seed=0), W3 from GlorotUniform(seed=1), and b3 "
                "is zeros; call the initializer with the shape, e.g. initializer(shape=(4, 4, 3, 8)), and wrap the "
                "result in tf.Variable(...)")


def _initialize_parameters(t, f, whole=False):
    parameters = t.keys("parameters", _call(t, "initialize_parameters", f), NAMES)
    values = {}
    for name in NAMES:
        variable = parameters[name]
        if isinstance(variable, tf.Tensor | np.ndarray):
            t.fail(f'parameters["{name}"]: expected a tf.Variable, got {type(variable).__name__}. The initializer '
                   f'gives a tensor of values: wrap it, tf.Variable(..., name="{name}"), so that training can change it')
        t.type(f'parameters["{name}"]', variable, tf.Variable, _VARIABLE_WORDS)
        with hint(_INIT_SHAPES):
            t.equal(f'parameters["{name}"].shape', tuple(int(n) for n in variable.shape))
        t.equal(f'parameters["{name}"].dtype', variable.dtype.name)
        values[name] = variable.numpy()
    for name in ("W1", "W2", "W3"):
        fan_in, fan_out = _fans(SHAPES[name])
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        if values[name].shape == SHAPES[name] and np.abs(values[name]).max() > limit * (1 + 1e-6):
            t.fail(f'parameters["{name}"]: values beyond the Glorot uniform limit +-{limit:.4f}: use GlorotUniform '
                   f'(uniform draws), not GlorotNormal')
    with hint(_INIT_VALUES):
        if whole:
            for name in NAMES:
                t.close(f'parameters["{name}"]', values[name], **ONE_OP)
        else:
            t.close('parameters["W1"][1, 1, 1]', values["W1"][1, 1, 1], **ONE_OP)
            t.close('parameters["W2"][1, 1, 1]', values["W2"][1, 1, 1], **ONE_OP)
            t.close('parameters["W3"][0]', values["W3"][0], **ONE_OP)
            t.close('parameters["b3"]', values["b3"], **ONE_OP)


def _fans(shape: tuple) -> tuple[int, int]:
    """Keras' fan-in and fan-out: the receptive field times the input (output) channels."""
    receptive = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
    return receptive * shape[-2], receptive * shape[-1]


check_initialize_parameters = Check("initialize_parameters", _initialize_parameters, [
    Case((), {
        **{f'parameters["{name}"].shape': SHAPES[name] for name in NAMES},
        **{f'parameters["{name}"].dtype': "float32" for name in NAMES},
        'parameters["W1"][1, 1, 1]': [-0.053467706, 0.18349849, -0.012154445, 0.0013804585, 0.0012947023, -0.02904211,
                                      -0.112605095, -0.143055],
        'parameters["W2"][1, 1, 1]': [-0.1713624, 0.09527719, -0.0744766, -0.022455692, 0.24450928, -0.06879854,
                                      0.21546292, -0.08803296, -0.16513646, -0.19527972, -0.22957063, 0.15745944,
                                      0.13090086, -0.12304181, -0.052872777, 0.034340918],
        'parameters["W3"][0]': [0.22161996, -0.023433179, 0.058724552, -0.06288837, -0.14451523, -0.032615036],
        'parameters["b3"]': [0.0] * 6,
    }, "no inputs: the four variables of the network"),
])


# ------------------------------------------------------------------ forward_propagation
_FORWARD_VALUES = ("CONV2D (W1, strides [1, 1, 1, 1], padding 'SAME') -> RELU -> MAXPOOL (ksize and strides "
                   "[1, 8, 8, 1], 'SAME') -> CONV2D (W2, stride 1, 'SAME') -> RELU -> MAXPOOL (ksize and strides "
                   "[1, 4, 4, 1], 'SAME') -> FLATTEN -> tf.matmul(F, W3) + b3, with no activation at the end")
_FORWARD_ERROR = ("the flattened P2 must have as many columns as W3 has rows: with 'SAME' padding a 64x64 picture is "
                  "64x64 after each convolution, 8x8 after the first pooling (stride 8) and 2x2 after the second "
                  "(stride 4), so P2 is (m, 2, 2, 16) and F is (m, 64). Check the paddings and the strides, and "
                  "multiply F by W3 in that order")


def _forward_propagation(t, f, X, parameters, whole=False):
    got = _call(t, "forward_propagation", f, tf.constant(X, dtype=tf.float32), _variables(parameters),
                why=_FORWARD_ERROR)
    Z3 = _tensor(t, "Z3", got, "the test compares tensors")
    m, n_y = X.shape[0], np.shape(parameters["W3"])[1]
    with hint("one row of n_y = W3.shape[1] outputs per example: flatten each example, F = (m, k), then F @ W3"):
        t.equal("Z3.shape", tuple(int(n) for n in Z3.shape))
    if (Z3.shape == (m, n_y) and m > 1 and np.all(Z3 >= 0) and np.all(Z3 <= 1)
            and np.allclose(Z3.sum(axis=1), 1, atol=1e-4)):
        t.fail("Z3: each row adds up to 1: you applied a softmax. forward_propagation ends with the linear unit; the "
               "softmax is part of the cost (compute_cost)")
    if Z3.shape == (m, n_y) and np.all(Z3 >= 0) and np.any(Z3 == 0):
        t.fail("Z3: no output is negative and some are exactly 0, as after a ReLU: the fully connected layer has no "
               "activation (no ReLU after tf.matmul(F, W3) + b3)")
    with hint(_FORWARD_VALUES):
        t.close("Z3", Z3, **FORWARD)


def _random_parameters(seed: int, W1: tuple, W2: tuple, n_flat: int, n_y: int) -> dict:
    """Parameters of the course's network with other sizes, drawn with RandomState(seed) (b3 not zero)."""
    rng = np.random.RandomState(seed)
    return {"W1": 0.3 * rng.randn(*W1), "W2": 0.3 * rng.randn(*W2), "W3": 0.3 * rng.randn(n_flat, n_y),
            "b3": 0.5 * rng.randn(n_y)}


def small_forward_inputs():
    """A batch of 3 pictures of 16x16x3 and parameters for it (16 -> 2 -> 1 after the poolings: 16 inputs to W3)."""
    rng = np.random.RandomState(30)
    return rng.rand(3, 16, 16, 3), _random_parameters(31, (4, 4, 3, 8), (2, 2, 8, 16), 16, 6)


_Z3_SEED = [[-0.057529133, -0.75131005, -1.2293637, -0.29623273, -0.66467935, -0.81220859],
            [-0.47402591, -0.5510838, -1.4444121, 0.04285714, -1.0144771, -0.49996695]]

check_forward_propagation = Check("forward_propagation", _forward_propagation, [
    Case((_seeded((2, 64, 64, 3))[0], initial_parameters()), {"Z3.shape": (2, 6), "Z3": _Z3_SEED},
         "np.random.seed(1); X = np.random.randn(2, 64, 64, 3) (as float32); parameters = initialize_parameters()"),
    Case((*small_forward_inputs(), WHOLE), {"Z3.shape": (3, 6), "Z3": [
        [-3.1628356, -1.7163267, -0.032283027, 0.33857226, -0.70122218, -0.24308226],
        [-3.0128932, -1.0255611, -0.64101005, 0.62197942, -0.47152975, -0.69670105],
        [-2.5513902, -1.2409968, -0.24953406, 0.24748258, -0.43409064, -0.43586713]]},
         "3 pictures of 16x16x3 (uniform in [0, 1)), parameters drawn at random with W3 of shape (16, 6) and a b3 "
         "that is not zero"),
])


# ------------------------------------------------------------------ compute_cost
def _log_softmax(Z, axis):
    shifted = Z - Z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def _cost_mistake(got: float, Z, Y) -> str | None:
    """What a wrong cost most likely did, from a few typical mistakes (messages only: verdicts compare values)."""
    m = Z.shape[0]
    per_example = -(Y * _log_softmax(Z, 1)).sum(axis=1)
    sigmoid = np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))
    candidates = {
        "the sum over the examples: take the mean, tf.reduce_mean": per_example.sum(),
        "a sigmoid cross-entropy: the classes exclude each other here, use tf.nn.softmax_cross_entropy_with_logits":
            sigmoid.mean(),
        "a sigmoid cross-entropy summed over the classes: use tf.nn.softmax_cross_entropy_with_logits":
            sigmoid.sum(axis=1).mean(),
        "labels and logits swapped: labels=Y, logits=Z3": -(Z * _log_softmax(Y, 1)).sum(axis=1).mean(),
        "a softmax across the examples: here each ROW is an example, so do not transpose Z3 and Y (C2W3 had columns)":
            -(Y * _log_softmax(Z, 0)).sum(axis=0).mean(),
    }
    if m == 1:
        candidates.pop("the sum over the examples: take the mean, tf.reduce_mean")
    for words, value in candidates.items():
        if abs(value - per_example.mean()) > 1e-3 and abs(got - value) <= 1e-4 * max(1.0, abs(value)):
            return words
    return None


def _compute_cost(t, f, Z3, Y):
    got = _call(t, "compute_cost", f, tf.constant(Z3, dtype=tf.float32), tf.constant(Y, dtype=tf.float32))
    cost = _tensor(t, "cost", got, "the training step differentiates the tensor")
    with hint("the cost is one number: the mean of the examples' losses (tf.reduce_mean of the per-example vector)"):
        t.equal("cost.shape", tuple(int(n) for n in cost.shape))
    mistake = _cost_mistake(float(cost), np.asarray(Z3, dtype=np.float64), np.asarray(Y, dtype=np.float64))
    if mistake:
        t.fail(f"cost: {float(cost)!r} looks like {mistake}")
    with hint("tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=Z3)): one loss per row, then "
              "their mean"):
        t.close("cost", cost, **ONE_OP)


def one_hot_cost_inputs():
    """Z3 (5, 6) drawn with RandomState(5) and one-hot labels of 5 examples (classes 0, 3, 5, 2, 3)."""
    Z3 = np.random.RandomState(5).randn(5, 6)
    return Z3, np.eye(6)[[0, 3, 5, 2, 3]]


check_compute_cost = Check("compute_cost", _compute_cost, [
    Case((np.array(_Z3_SEED), _seeded((2, 64, 64, 3), (2, 6))[1]), {"cost.shape": (), "cost": 6.3524637},
         "Z3 = the output of forward_propagation above (2 examples, printed there); np.random.seed(1); "
         "X = np.random.randn(2, 64, 64, 3); Y = np.random.randn(2, 6), as the original draws them"),
    Case(one_hot_cost_inputs(), {"cost.shape": (), "cost": 1.9680487},
         "Z3 = np.random.RandomState(5).randn(5, 6); Y: one-hot labels of the classes [0, 3, 5, 2, 3]"),
])


# ------------------------------------------------------------------ model
def toy_signs(m: int, size: tuple[int, int], seed: int):
    """A small, learnable stand-in for SIGNS: m noisy pictures of shape (size, 3), the class (0 to 5) saying which
    of six patches (2 rows x 3 columns) is bright; returns X of shape (m, *size, 3) in [0, 1] and one-hot Y (m, 6)."""
    rng = np.random.RandomState(seed)
    n_H, n_W = size
    labels = np.arange(m) % 6
    rng.shuffle(labels)
    X = 0.3 * rng.rand(m, n_H, n_W, 3)
    for i, label in enumerate(labels):
        row, col = divmod(int(label), 3)
        top, left = row * n_H // 2, col * n_W // 3
        X[i, top:top + n_H // 2, left:left + n_W // 3, label % 3] += 0.6
    return X, np.eye(6)[labels]


def model_inputs(m_train: int, m_test: int, size: tuple[int, int], seed: int):
    """(X_train, Y_train, X_test, Y_test) of toy_signs."""
    X, Y = toy_signs(m_train + m_test, size, seed)
    return X[:m_train], Y[:m_train], X[m_train:], Y[m_train:]


def _number(t, label: str, got):
    """An accuracy: a number or a tf.Tensor holding one."""
    if isinstance(got, tf.Tensor):
        got = got.numpy()
    t.type(label, got, float | int | np.floating | np.integer | np.ndarray, "a number (a fraction between 0 and 1)")
    if np.shape(got) != ():
        t.fail(f"{label}: expected one number, got an array of shape {np.shape(got)}")
    return float(got)


_MODEL_HINT = ("the test calls your functions above: make their tests pass first. Then check that model uses "
               "keras.optimizers.Adam(learning_rate=learning_rate), that each training step computes the cost under "
               "tf.GradientTape, takes tape.gradient(cost, variables) and applies it with optimizer.apply_gradients, "
               "and that random_mini_batches gets the seed, which grows by one every epoch before it is used")


def _model(t, f, X_train, Y_train, X_test, Y_test, options):
    got = _call(t, "model", f, X_train, Y_train, X_test, Y_test, print_cost=False, **options)
    train_accuracy, test_accuracy, parameters = t.tuple("model(...)", got, ("train_accuracy", "test_accuracy",
                                                                            "parameters"))
    train_accuracy = _number(t, "train_accuracy", train_accuracy)
    test_accuracy = _number(t, "test_accuracy", test_accuracy)
    t.keys("parameters", parameters, NAMES)
    for name in NAMES:
        t.type(f'parameters["{name}"]', parameters[name], tf.Variable, _VARIABLE_WORDS)
    W1, b3 = parameters["W1"].numpy(), parameters["b3"].numpy()
    if W1.shape == SHAPES["W1"] and np.array_equal(W1, _initial_values()["W1"]):
        t.fail('parameters["W1"]: unchanged by the training. After tape.gradient(cost, variables), apply the '
               "gradients to the variables with optimizer.apply_gradients(...), which takes (gradient, variable) pairs")
    with hint(_MODEL_HINT):
        t.close("train_accuracy", train_accuracy, **ACCURACY)
        t.close("test_accuracy", test_accuracy, **ACCURACY)
        t.close('parameters["W1"][0, 0, 0]', W1[0, 0, 0], **TRAINED)
        t.close('parameters["b3"]', b3, **TRAINED)


_MODEL_OPTIONS = {"learning_rate": 0.01, "num_epochs": 3, "minibatch_size": 8}

check_model = Check("model", _model, [
    Case((*model_inputs(24, 12, (40, 40), 7), _MODEL_OPTIONS), {
        "train_accuracy": 0.7916667, "test_accuracy": 0.41666666,
        'parameters["W1"][0, 0, 0]': [-0.11382295, 0.035854153, 0.13693893, 0.066934332, -0.11316732, 0.16539292,
                                      0.15969238, -0.1255939],
        'parameters["b3"]': [0.013911903, -0.059372786, 0.0055488143, 0.005470342, -0.022553284, 0.02565461],
    }, "24 training and 12 test pictures of 40x40x3 (a toy stand-in for SIGNS: the class says which of six patches "
       "is bright), learning_rate = 0.01, num_epochs = 3, minibatch_size = 8"),
])
