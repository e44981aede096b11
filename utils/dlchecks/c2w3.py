"""Checks of C2W3 TensorFlow introduction: the public tests and the probes the grader also runs.

Only numbers, arrays, strings, lists and tuples travel from the kernel to the grader, so each probe
first checks that an output is what TensorFlow gives (a ``tf.Tensor``, a ``tf.Variable``, a
``tf.TensorSpec``) and then shows its values (``.numpy()``), dtype and shape. The seed's printed
numbers are typed below where TensorFlow 2 reproduces them (linear_function, sigmoid, cost,
one_hot_matrix, ones); the other public expected values are what the course's solutions give on
the seeded inputs of ``tf_test_cases`` (the original printed only symbolic tensors there).
"""

from __future__ import annotations

import numpy as np

from .tfsupport import import_tensorflow_quietly

tf = import_tensorflow_quietly()  # first: the notebook's first cell stays free of TensorFlow's C++ start-up log
from tf_test_cases import (  # noqa: E402 - after the quiet import
    compute_cost_test_case,
    cost_test_case,
    forward_propagation_test_case,
    model_test_case,
    one_hot_matrix_test_case,
)

from .core import Case, Check, explain_none_errors, hint  # noqa: E402

ASSIGNMENT = "C2W3_TensorFlow_Introduction"
explain_none_errors()  # the None hint under errors in any cell of the notebook

TENSOR = "a tf.Tensor (TensorFlow's eager tensor)"
NAMES = ("W1", "b1", "W2", "b2", "W3", "b3")
SHAPES = {"W1": (25, 12288), "b1": (25, 1), "W2": (12, 25), "b2": (12, 1), "W3": (6, 12), "b3": (6, 1)}
TRAINED = 1e-3, 1e-4  # rtol, atol for what trains for several steps (float32 on another CPU, other thread counts)


def _tensor(t, label: str, got):
    """`got` must be a tf.Tensor; returns its values as a numpy array."""
    if isinstance(got, tf.Variable):
        t.fail(f"{label}: expected {TENSOR}, got a tf.Variable. Return the result of the operation itself")
    if isinstance(got, np.ndarray | np.generic):
        t.fail(f"{label}: expected {TENSOR}, got a numpy array. In TensorFlow 2 the operation's result is already "
               "a value: return the tensor (it has .numpy() when you need the array)")
    t.type(label, got, tf.Tensor, TENSOR)
    return got.numpy()


# ------------------------------------------------------------------ linear_function
def _linear_function(t, f, draws_before=0):
    if draws_before:  # other random draws first: the function must seed numpy itself
        np.random.seed(draws_before)
        np.random.randn(draws_before)
    label = "linear_function()" if not draws_before else "linear_function() after other random draws"
    out = _tensor(t, label, f())
    with hint("keep numpy's float64 numbers: tf.constant(np.random.randn(...)) without a dtype"):
        t.equal(f"{label} dtype", str(out.dtype))
    with hint("draw X (3, 1) first, then W (4, 3), then b (4, 1), after np.random.seed(1); then Y = WX + b with "
              "tf.matmul(W, X) (a matrix product, not W * X) and tf.add(..., b)"):
        t.close(label, out)


check_linear_function = Check("linear_function", _linear_function, [
    Case((), {"linear_function() dtype": "float64",
              "linear_function()": [[-2.15657382], [2.95891446], [-1.08926781], [-0.84538042]]},
         "no inputs (the function draws W, X and b after np.random.seed(1))"),
])


# ------------------------------------------------------------------ sigmoid
def _sigmoid(t, f, z):
    out = _tensor(t, "sigmoid(z)", f(z))
    with hint("turn z into a float32 tensor first (tf.cast(z, tf.float32)): the placeholder of the original was "
              "float32"):
        t.equal("dtype", str(out.dtype))
    with hint("the result of tf.sigmoid on the float32 tensor, element by element, of z's shape"):
        t.close("sigmoid(z)", out, rtol=1e-5, atol=1e-6)


check_sigmoid = Check("sigmoid", _sigmoid, [
    Case((0,), {"dtype": "float32", "sigmoid(z)": 0.5}, "z = 0"),
    Case((12,), {"dtype": "float32", "sigmoid(z)": 0.999994}, "z = 12"),
])


# ------------------------------------------------------------------ cost
def _cost(t, f, logits, labels):
    out = _tensor(t, "cost(logits, labels)", f(logits, labels))
    with hint("one cost per example, of the shape of logits: tf.nn.sigmoid_cross_entropy_with_logits gives them, "
              "so no tf.reduce_mean (or sum) here"):
        t.equal("shape", tuple(out.shape))
    with hint("tf.nn.sigmoid_cross_entropy_with_logits(logits=z, labels=y) applies the sigmoid itself: pass the "
              "logits as they come (no tf.sigmoid of your own), as logits=..., and the labels as labels=..., both "
              "float32"):
        t.close("cost", out, rtol=1e-5, atol=1e-6)


check_cost = Check("cost", _cost, [
    Case(cost_test_case(), {"shape": (4,), "cost": [1.00538719, 1.03664088, 0.41385433, 0.39956614]},
         "logits = sigmoid(np.array([0.2, 0.4, 0.7, 0.9])) (float32), labels = np.array([0, 0, 1, 1])"),
])


# ------------------------------------------------------------------ one_hot_matrix
def _one_hot_matrix(t, f, labels, C):
    out = _tensor(t, "one_hot_matrix(labels, C)", f(labels, C))
    with hint("one row per class and one column per example, shape (C, m): tf.one_hot(labels, C, axis=0) (the "
              "default axis puts the examples in rows)"):
        t.equal("shape", tuple(out.shape))
    with hint("column j holds a 1 in row labels[j] and 0 elsewhere; depth C, the number of classes"):
        t.close("one_hot", out)


check_one_hot_matrix = Check("one_hot_matrix", _one_hot_matrix, [
    Case(one_hot_matrix_test_case(), {
        "shape": (4, 6),
        "one_hot": [[0, 0, 0, 1, 0, 0], [1, 0, 0, 0, 0, 1], [0, 1, 0, 0, 1, 0], [0, 0, 1, 0, 0, 0]],
    }, "labels = np.array([1, 2, 3, 0, 2, 1]), C = 4"),
])


# ------------------------------------------------------------------ ones
def _ones(t, f, shape):
    out = _tensor(t, "ones(shape)", f(shape))
    with hint("tf.ones(shape): a float32 tensor of the given shape"):
        t.equal("dtype", str(out.dtype))
        t.equal("shape", tuple(out.shape))
        t.close("ones", out)


check_ones = Check("ones", _ones, [
    Case(([3],), {"dtype": "float32", "shape": (3,), "ones": [1.0, 1.0, 1.0]}, "shape = [3]"),
])


# ------------------------------------------------------------------ create_placeholders
def _spec_shape(spec) -> str:
    """The spec's shape as text, e.g. "(12288, None)" (None is right here: no hint about a None left in the code)."""
    return "unknown" if spec.shape.rank is None else str(tuple(spec.shape.as_list()))


def _create_placeholders(t, f, n_x, n_y):
    X, Y = t.tuple("create_placeholders(n_x, n_y)", f(n_x, n_y), ("X", "Y"))
    for label, spec, size in (("X", X, "n_x"), ("Y", Y, "n_y")):
        t.type(label, spec, tf.TensorSpec, "a tf.TensorSpec (what a tf.function's input will be: shape, dtype, name)")
        with hint(f"shape ({size}, None): {size} rows, and None for the number of examples, which may vary"):
            t.equal(f"{label} shape", _spec_shape(spec))
        with hint("dtype=tf.float32, the dtype of the network's numbers"):
            t.equal(f"{label} dtype", spec.dtype.name)
        with hint(f'name="{label}"'):
            t.equal(f"{label} name", str(spec.name))


def _placeholders_expected(n_x, n_y) -> dict:
    return {"X shape": str((n_x, None)), "X dtype": "float32", "X name": "X",
            "Y shape": str((n_y, None)), "Y dtype": "float32", "Y name": "Y"}


check_create_placeholders = Check("create_placeholders", _create_placeholders, [
    Case((12288, 6), _placeholders_expected(12288, 6), "n_x = 12288, n_y = 6"),
])


# ------------------------------------------------------------------ initialize_parameters
def _initialize_parameters(t, f, picks):
    """`picks`: {name: (rows, columns)} slices of the weights to compare, ((a, b), (c, d)) for W[a:b, c:d]."""
    parameters = t.keys("parameters", f(), NAMES)
    for name in NAMES:
        value = parameters[name]
        label = f'parameters["{name}"]'
        t.type(label, value, tf.Variable, f'a tf.Variable (tf.Variable(initial value, name="{name}"))')
        with hint(f'tf.Variable(..., name="{name}"), of shape {SHAPES[name]}'):
            t.equal(f"{label} name", value.name)
            t.equal(f"{label} shape", tuple(value.shape))
            t.equal(f"{label} dtype", value.dtype.name)
    for name in ("b1", "b2", "b3"):
        with hint("the biases start at zero: tf.zeros(shape)"):
            t.close(f'parameters["{name}"]', parameters[name].numpy())
    with hint("the weights come from keras.initializers.GlorotUniform(seed=1) (uniform, not normal, and seed=1), "
              "called with each weight's shape: W1 (25, 12288), W2 (12, 25), W3 (6, 12)"):
        for name, ((a, b), (c, d)) in picks.items():
            t.close(f'parameters["{name}"][{a}:{b}, {c}:{d}]', parameters[name].numpy()[a:b, c:d], rtol=1e-5,
                    atol=1e-7)


check_initialize_parameters = Check("initialize_parameters", _initialize_parameters, [
    Case(({"W1": ((0, 2), (0, 4)), "W2": ((0, 2), (0, 4)), "W3": ((0, 2), (0, 4))},), {
        **{f'parameters["{n}"] name': f"{n}:0" for n in NAMES},
        **{f'parameters["{n}"] shape': SHAPES[n] for n in NAMES},
        **{f'parameters["{n}"] dtype': "float32" for n in NAMES},
        **{f'parameters["{n}"]': np.zeros(SHAPES[n]).tolist() for n in ("b1", "b2", "b3")},
        'parameters["W1"][0:2, 0:4]': [[0.01670998, -0.00176684, 0.00442779, -0.00474174],
                                        [-0.01788025, -0.00136618, 0.0172395, 0.01545759]],
        'parameters["W2"][0:2, 0:4]': [[0.30482954, -0.03223139, 0.08077329, -0.08650047],
                                        [0.1391629, 0.009242, -0.11180678, 0.00931388]],
        'parameters["W3"][0:2, 0:4]': [[0.43704045, -0.04621083, 0.11580634, -0.1240175],
                                        [-0.00362271, -0.31659943, 0.48539782, -0.13054425]],
    }, "no inputs; the test looks at the first values of each weight matrix"),
])


# ------------------------------------------------------------------ forward_propagation
def _forward_propagation(t, f, X, parameters):
    out = _tensor(t, "Z3", f(X, parameters))
    n_y, m = parameters["W3"].shape[0], X.shape[1]
    with hint(f"Z3 has one row per output unit and one column per example, ({n_y}, {m}): W @ X, "
              "tf.matmul(W1, X) (not X, W1), and so on for each layer"):
        t.equal("Z3 shape", tuple(out.shape))
    with hint("LINEAR -> RELU -> LINEAR -> RELU -> LINEAR: Z1 = W1 X + b1, A1 = relu(Z1), Z2 = W2 A1 + b2, "
              "A2 = relu(Z2), Z3 = W3 A2 + b3. Each layer takes the previous layer's activation, and the last one "
              "has no activation at all (the cost applies the softmax)"):
        t.close("Z3", out, rtol=1e-5, atol=1e-5)


check_forward_propagation = Check("forward_propagation", _forward_propagation, [
    Case(forward_propagation_test_case(), {
        "Z3 shape": (6, 3),
        "Z3": [[0.90068042, 0.50839627, 1.22502303], [0.53070509, 0.21611601, 6.34684038],
               [-1.88924646, -1.85861242, -0.52235317], [-0.1387181, -0.41931647, 1.52294159],
               [-0.21919398, -0.1323289, -1.03273976], [-0.2313838, -0.03957024, 1.45961893]],
    }, "X, parameters = forward_propagation_test_case(): 3 examples of 5 features, layer sizes [5, 4, 3, 6]"),
])


# ------------------------------------------------------------------ compute_cost
def _softmax_cost(logits, labels) -> float:
    return float(tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=labels)))


def _compute_cost(t, f, Z3, Y):
    out = _tensor(t, "cost", f(Z3, Y))
    with hint("one number, the mean over the examples: tf.reduce_mean(...)"):
        t.equal("cost shape", tuple(out.shape))
    if out.shape == () and np.isfinite(out):
        value = float(out)
        m = Z3.shape[1]
        right = _softmax_cost(tf.transpose(Z3), tf.transpose(Y))
        if Z3.shape[0] != m and np.isclose(value, _softmax_cost(Z3, Y), rtol=1e-5):
            t.fail("cost: the softmax ran over the examples instead of the classes. "
                   "tf.nn.softmax_cross_entropy_with_logits wants (examples, classes): transpose Z3 and Y first")
        if m > 1 and np.isclose(value, m * right, rtol=1e-5):
            t.fail("cost: this is the sum over the examples; the cost is their mean, tf.reduce_mean")
        sigmoid = float(tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=Z3, labels=Y)))
        if np.isclose(value, sigmoid, rtol=1e-5):
            t.fail("cost: this is the sigmoid cross-entropy; with 6 classes the network ends with a softmax: "
                   "tf.nn.softmax_cross_entropy_with_logits")
    with hint("the mean over the examples of tf.nn.softmax_cross_entropy_with_logits(logits=..., labels=...), with "
              "logits = tf.transpose(Z3) and labels = tf.transpose(Y)"):
        t.close("cost", out, rtol=1e-5, atol=1e-6)


check_compute_cost = Check("compute_cost", _compute_cost, [
    Case(compute_cost_test_case(), {"cost shape": (), "cost": 1.8785499},
         "Z3, Y = compute_cost_test_case(): logits of 6 classes for 4 examples, labels [0, 5, 2, 2] one-hot"),
])


# ------------------------------------------------------------------ model
def _model(t, f, X_train, Y_train, X_test, Y_test, options):
    parameters = t.keys("parameters", f(X_train, Y_train, X_test, Y_test, print_cost=False, **options), NAMES)
    values = {}
    for name in NAMES:
        value = parameters[name]
        label = f'parameters["{name}"]'
        t.type(label, value, (tf.Variable, tf.Tensor, np.ndarray), "a tf.Variable (or its values)")
        values[name] = value.numpy() if isinstance(value, tf.Variable | tf.Tensor) else value
        t.equal(f"{label} shape", tuple(values[name].shape))
    with hint("the test calls your functions above: make their tests pass first. Then check that the optimiser "
              "is Adam with the given learning rate, created once before the loop; that each step computes the "
              "gradients of the mini-batch's cost with respect to all six parameters and applies them; and that "
              "random_mini_batches gets the seed, which grows by one before every epoch"):
        for name in NAMES:
            t.close(f'parameters["{name}"][0:2, 0:4]', values[name][0:2, 0:4], rtol=TRAINED[0], atol=TRAINED[1])


_MODEL_OPTIONS = {"learning_rate": 0.005, "num_epochs": 3, "minibatch_size": 16}

check_model = Check("model", _model, [
    Case((*model_test_case(), _MODEL_OPTIONS), {
        **{f'parameters["{n}"] shape': SHAPES[n] for n in NAMES},
        'parameters["W1"][0:2, 0:4]': [[0.01670998, -0.00176684, 0.00442779, -0.00474174],
                                        [-0.02937574, -0.01056278, 0.00488379, 0.00023407]],
        'parameters["b1"][0:2, 0:4]': [[0.0], [-0.01242945]],
        'parameters["W2"][0:2, 0:4]': [[0.30482954, -0.03223139, 0.08077329, -0.08650047],
                                        [0.1391629, -0.00239052, -0.13359301, -0.01234773]],
        'parameters["b2"][0:2, 0:4]': [[0.0], [-0.02149999]],
        'parameters["W3"][0:2, 0:4]': [[0.43704045, -0.02621711, 0.11913992, -0.09327094],
                                        [-0.00362271, -0.29469949, 0.52047074, -0.1000018]],
        'parameters["b3"][0:2, 0:4]': [[0.03173312], [0.03977194]],
    }, "X_train, Y_train, X_test, Y_test = model_test_case(): 48 training examples of 12288 random values in [0, 1] "
       "with random labels 0-5, learning_rate = 0.005, num_epochs = 3, minibatch_size = 16"),
])
