"""The C2W3 checks (dlchecks.c2w3): typical mistakes fail in plain words and the hidden cases catch what the public
ones cannot (the solutions and expected.json: test_expected.py)."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from tf_utils import random_mini_batches

from dlchecks import c2w3
from dlchecks.core import NONE_HINT, CheckFailed

ID = "C2W3_TensorFlow_Introduction"
NAMES = ("W1", "b1", "W2", "b2", "W3", "b3")
SHAPES = {"W1": (25, 12288), "b1": (25, 1), "W2": (12, 25), "b2": (12, 1), "W3": (6, 12), "b3": (6, 1)}


# ------------------------------------------------------------------ wrong functions, written as students write them
def _linear(*, order="XWb", bias=True, dtype=None, as_numpy=False):
    def linear_function():
        np.random.seed(1)
        drawn = {}
        for name in order:
            shape = {"X": (3, 1), "W": (4, 3), "b": (4, 1)}[name]
            drawn[name] = tf.constant(np.random.randn(*shape), dtype=dtype)
        Y = tf.matmul(drawn["W"], drawn["X"])
        if bias:
            Y = Y + drawn["b"]
        return Y.numpy() if as_numpy else Y

    return linear_function


def _forward(*, bias=True, last=None, skip_relu=False):
    def forward_propagation(X, parameters):
        A = X
        for layer in (1, 2, 3):
            Z = tf.matmul(parameters[f"W{layer}"], A) + (parameters[f"b{layer}"] if bias else 0)
            A = Z if layer == 3 or skip_relu else tf.nn.relu(Z)
        if last == "relu":
            return tf.nn.relu(A)
        if last == "softmax":
            return tf.nn.softmax(A, axis=0)
        return A

    return forward_propagation


def _compute_cost(*, transpose=True, reduce=tf.reduce_mean, loss="softmax"):
    def compute_cost(Z3, Y):
        logits, labels = (tf.transpose(Z3), tf.transpose(Y)) if transpose else (Z3, Y)
        if loss == "softmax":
            losses = tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=labels)
        else:
            losses = tf.nn.sigmoid_cross_entropy_with_logits(logits=logits, labels=labels)
        return losses if reduce is None else reduce(losses)

    return compute_cost


def _initialize(*, weights=None, biases=tf.zeros, transposed=False, named=True, as_numpy=False):
    def initialize_parameters():
        initializer = weights or keras.initializers.GlorotUniform(seed=1)
        parameters = {}
        for name in NAMES:
            shape = SHAPES[name][::-1] if transposed and name.startswith("W") else SHAPES[name]
            value = initializer(shape=shape) if name.startswith("W") else biases(shape)
            if as_numpy:
                parameters[name] = np.asarray(value)
            else:
                parameters[name] = tf.Variable(value, name=name) if named else tf.Variable(value)
        return parameters

    return initialize_parameters


def _model(nb, *, optimizer="adam", seed_step=1, apply=True, fixed_learning_rate=None, fixed_batch=None):
    """The model of the solution with one thing changed."""

    def model(X_train, Y_train, X_test, Y_test, learning_rate=0.0001, num_epochs=1500, minibatch_size=32,
              print_cost=True):
        learning_rate = fixed_learning_rate or learning_rate
        minibatch_size = fixed_batch or minibatch_size
        seed = 3
        X, Y = nb["create_placeholders"](*X_train.shape[:1], Y_train.shape[0])
        parameters = nb["initialize_parameters"]()
        variables = list(parameters.values())
        if optimizer == "adam":
            opt = keras.optimizers.Adam(learning_rate=learning_rate)
        else:
            opt = keras.optimizers.SGD(learning_rate=learning_rate)

        @tf.function(input_signature=[X, Y])
        def train_step(minibatch_X, minibatch_Y):
            with tf.GradientTape() as tape:
                cost = nb["compute_cost"](nb["forward_propagation"](minibatch_X, parameters), minibatch_Y)
            grads = tape.gradient(cost, variables)
            if apply:
                opt.apply_gradients(zip(grads, variables, strict=True))
            return cost

        for _ in range(num_epochs):
            seed += seed_step
            for minibatch_X, minibatch_Y in random_mini_batches(X_train, Y_train, minibatch_size, seed):
                train_step(minibatch_X, minibatch_Y)
        return parameters

    return model


# ------------------------------------------------------------------ the solutions, and what only hidden tests catch
def test_the_solutions_pass_and_the_model_variant_is_right(nb, capsys):
    for name in ("linear_function", "sigmoid", "cost", "one_hot_matrix", "ones", "create_placeholders",
                 "initialize_parameters", "forward_propagation", "compute_cost"):
        getattr(c2w3, f"check_{name}")(nb[name])
    c2w3.check_model(_model(nb))  # the model above is right when nothing is changed
    out = capsys.readouterr().out
    assert out.count("all public tests passed") == 10, out


def test_hidden_tests_catch_what_the_public_test_cannot(nb, run_hidden):
    """Wrong functions that pass the public test (its inputs are fixed) fail the grader's hidden cases."""
    generator = np.random.RandomState(1)
    drawn_once = [generator.randn(3, 1), generator.randn(4, 3), generator.randn(4, 1)]

    def linear_once():  # numbers drawn once, when the notebook ran: right the first time only
        X, W, b = (tf.constant(a) for a in drawn_once)
        drawn_once[:] = [generator.randn(3, 1), generator.randn(4, 3), generator.randn(4, 1)]
        return W @ X + b

    cheats = {
        "sigmoid": lambda z: tf.sigmoid(tf.constant(float(np.squeeze(z)), dtype=tf.float32)),  # scalars only
        "cost": lambda logits, labels: tf.reshape(nb["cost"](logits, labels), [-1]),  # flattens 2-D inputs
        "one_hot_matrix": lambda labels, C: tf.one_hot(labels, 4, axis=0),  # C is always 4
        "ones": lambda shape: tf.ones([3]),  # the public shape, always
        "create_placeholders": lambda n_x, n_y: nb["create_placeholders"](12288, 6),  # the course's sizes, always
        "forward_propagation": lambda X, parameters: tf.reshape(nb["forward_propagation"](X, parameters), (6, -1)),
        "compute_cost": lambda Z3, Y: tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits(
            logits=tf.transpose(Z3), labels=tf.transpose(Y))) / 4,  # divides by the public test's 4 examples
        "model": _model(nb, fixed_batch=16),  # the public test's mini-batch size, always
    }
    c2w3.check_linear_function(linear_once)  # right on its first call ...
    with pytest.raises(CheckFailed, match="a hidden test|linear_function"):
        run_hidden(ID, "linear_function", linear_once)  # ... not on the next ones
    for name, cheat in cheats.items():
        getattr(c2w3, f"check_{name}")(cheat)  # the public test cannot tell
        with pytest.raises(CheckFailed, match="a hidden test"):
            run_hidden(ID, name, cheat)


@pytest.mark.filterwarnings("ignore:Gradients do not exist")  # the forward pass without biases never uses them
def test_hidden_model_test_runs_the_references_not_the_students_functions(nb, run_hidden):
    """With the stand-ins, a right model() passes the hidden tests even when the functions it calls are wrong."""
    run_hidden(ID, "model", nb["model"], expanded=True, forward_propagation=_forward(bias=False),
               initialize_parameters=_initialize(weights=keras.initializers.GlorotNormal(seed=1)))
    with pytest.raises(CheckFailed):  # without them (the source notebook as it is), the wrong ones show
        run_hidden(ID, "model", nb["model"], forward_propagation=_forward(bias=False))


# ------------------------------------------------------------------ linear_function
def test_linear_drawing_w_first_fails_with_the_order(fails):
    fails(c2w3.check_linear_function, _linear(order="WXb"), "linear_function(): wrong values", "draw X (3, 1) first")


def test_linear_without_the_bias_fails(fails):
    fails(c2w3.check_linear_function, _linear(bias=False), "wrong values", "tf.add(..., b)")


def test_linear_in_float32_is_pointed_out(fails):
    fails(c2w3.check_linear_function, _linear(dtype=tf.float32), "dtype: expected 'float64', got 'float32'",
          "keep numpy's float64")


def test_linear_returning_numpy_is_pointed_out(fails):
    fails(c2w3.check_linear_function, _linear(as_numpy=True), "got a numpy array", "return the tensor")


def test_linear_stub_gets_the_none_hint(fails):
    fails(c2w3.check_linear_function, lambda: None, "got None", NONE_HINT)


# ------------------------------------------------------------------ sigmoid, cost, one_hot_matrix, ones
def test_sigmoid_in_float64_is_pointed_out(fails):
    fails(c2w3.check_sigmoid, lambda z: tf.sigmoid(tf.cast(z, tf.float64)), "dtype: expected 'float32'",
          "tf.cast(z, tf.float32)")


def test_sigmoid_of_an_int_tensor_raises_in_plain_words(fails):
    fails(c2w3.check_sigmoid, lambda z: tf.sigmoid(tf.constant(z)), "sigmoid raised", "inputs: z = 0")


def test_sigmoid_as_a_variable_is_pointed_out(fails):
    fails(c2w3.check_sigmoid, lambda z: tf.Variable(tf.sigmoid(tf.cast(z, tf.float32))), "got a tf.Variable")


def test_cost_with_a_sigmoid_of_its_own_fails_with_the_hint(fails):
    fails(c2w3.check_cost, lambda logits, labels: tf.nn.sigmoid_cross_entropy_with_logits(
        logits=tf.sigmoid(tf.cast(logits, tf.float32)), labels=tf.cast(labels, tf.float32)), "cost: wrong values",
        "applies the sigmoid itself")


def test_cost_averaged_is_pointed_out(fails):
    fails(c2w3.check_cost, lambda logits, labels: tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(
        logits=tf.cast(logits, tf.float32), labels=tf.cast(labels, tf.float32))), "shape: expected (4,), got ()",
        "no tf.reduce_mean")


def test_cost_with_logits_and_labels_swapped_fails(fails):
    fails(c2w3.check_cost, lambda logits, labels: tf.nn.sigmoid_cross_entropy_with_logits(
        logits=tf.cast(labels, tf.float32), labels=tf.cast(logits, tf.float32)), "cost: wrong values", "labels=...")


def test_one_hot_without_the_axis_is_pointed_out(fails):
    fails(c2w3.check_one_hot_matrix, lambda labels, C: tf.one_hot(labels, C), "shape: expected (4, 6), got (6, 4)",
          "axis=0")


def test_one_hot_of_the_wrong_depth_fails(fails):
    fails(c2w3.check_one_hot_matrix, lambda labels, C: tf.one_hot(labels, C + 1, axis=0), "shape: expected (4, 6)",
          "axis=0")


def test_ones_as_zeros_fail(fails):
    fails(c2w3.check_ones, lambda shape: tf.zeros(shape), "ones: wrong values", "tf.ones(shape)")


def test_ones_of_ints_are_pointed_out(fails):
    fails(c2w3.check_ones, lambda shape: tf.ones(shape, dtype=tf.int32), "dtype: expected 'float32', got 'int32'")


def test_blank_exercises_of_section_2_get_the_none_hint(fails):
    fails(c2w3.check_sigmoid, lambda z: None, NONE_HINT)
    fails(c2w3.check_cost, lambda logits, labels: None, NONE_HINT)
    fails(c2w3.check_one_hot_matrix, lambda labels, C: None, NONE_HINT)
    fails(c2w3.check_ones, lambda shape: None, NONE_HINT)


# ------------------------------------------------------------------ create_placeholders
def _specs(x_shape, y_shape, dtype=tf.float32, names=("X", "Y")):
    return lambda n_x, n_y: (tf.TensorSpec(x_shape(n_x), dtype, name=names[0]),
                             tf.TensorSpec(y_shape(n_y), dtype, name=names[1]))


def test_placeholders_with_one_example_are_pointed_out(fails):
    fails(c2w3.check_create_placeholders, _specs(lambda n: (n, 1), lambda n: (n, 1)),
          "X shape: expected '(12288, None)', got '(12288, 1)'", "None for the number of examples")


def test_placeholders_with_examples_in_rows_are_pointed_out(fails):
    fails(c2w3.check_create_placeholders, _specs(lambda n: (None, n), lambda n: (None, n)), "X shape", "(n_x, None)")


def test_placeholders_in_float64_are_pointed_out(fails):
    fails(c2w3.check_create_placeholders, _specs(lambda n: (n, None), lambda n: (n, None), tf.float64),
          "X dtype: expected 'float32'", "tf.float32")


def test_placeholders_without_names_are_pointed_out(fails):
    fails(c2w3.check_create_placeholders, _specs(lambda n: (n, None), lambda n: (n, None), names=(None, None)),
          "X name: expected 'X', got 'None'", 'name="X"')


def test_placeholders_as_tensors_are_pointed_out(fails):
    fails(c2w3.check_create_placeholders, lambda n_x, n_y: (tf.zeros((n_x, 1)), tf.zeros((n_y, 1))),
          "X: expected a tf.TensorSpec")


def test_placeholders_stub_gets_the_none_hint(fails):
    fails(c2w3.check_create_placeholders, lambda n_x, n_y: (None, None), "X: got None", NONE_HINT)


# ------------------------------------------------------------------ initialize_parameters
def test_glorot_normal_weights_fail_with_the_hint(fails):
    fails(c2w3.check_initialize_parameters, _initialize(weights=keras.initializers.GlorotNormal(seed=1)),
          'parameters["W1"][0:2, 0:4]: wrong values', "GlorotUniform(seed=1)")


def test_another_seed_fails(fails):
    fails(c2w3.check_initialize_parameters, _initialize(weights=keras.initializers.GlorotUniform(seed=2)),
          "wrong values", "seed=1")


def test_biases_of_ones_fail(fails):
    fails(c2w3.check_initialize_parameters, _initialize(biases=tf.ones), 'parameters["b1"]: wrong values', "tf.zeros")


def test_transposed_weights_are_pointed_out(fails):
    fails(c2w3.check_initialize_parameters, _initialize(transposed=True),
          'parameters["W1"] shape: expected (25, 12288), got (12288, 25)')


def test_unnamed_variables_are_pointed_out(fails):
    fails(c2w3.check_initialize_parameters, _initialize(named=False), "name: expected 'W1:0', got 'Variable:0'",
          'name="W1"')


def test_arrays_instead_of_variables_are_pointed_out(fails):
    fails(c2w3.check_initialize_parameters, _initialize(as_numpy=True), "expected a tf.Variable")


# ------------------------------------------------------------------ forward_propagation
def test_forward_without_biases_fails_with_the_layers(fails):
    fails(c2w3.check_forward_propagation, _forward(bias=False), "Z3: wrong values", "Z1 = W1 X + b1")


def test_forward_with_a_last_relu_fails(fails):
    fails(c2w3.check_forward_propagation, _forward(last="relu"), "Z3: wrong values", "no activation at all")


def test_forward_with_a_softmax_fails(fails):
    fails(c2w3.check_forward_propagation, _forward(last="softmax"), "Z3: wrong values", "the cost applies the softmax")


def test_forward_without_relus_fails(fails):
    fails(c2w3.check_forward_propagation, _forward(skip_relu=True), "Z3: wrong values", "A1 = relu(Z1)")


def test_forward_with_the_product_reversed_raises_in_plain_words(fails):
    def reversed_product(X, parameters):
        return tf.matmul(X, parameters["W1"])

    fails(c2w3.check_forward_propagation, reversed_product, "forward_propagation raised")


def test_forward_stub_gets_the_none_hint(fails):
    fails(c2w3.check_forward_propagation, lambda X, parameters: None, "Z3: got None", NONE_HINT)


# ------------------------------------------------------------------ compute_cost
def test_cost_without_the_transposes_is_pointed_out(fails):
    fails(c2w3.check_compute_cost, _compute_cost(transpose=False), "softmax ran over the examples",
          "transpose Z3 and Y")


def test_cost_summed_is_pointed_out(fails):
    fails(c2w3.check_compute_cost, _compute_cost(reduce=tf.reduce_sum), "sum over the examples", "tf.reduce_mean")


def test_cost_with_the_sigmoid_is_pointed_out(fails):
    fails(c2w3.check_compute_cost, _compute_cost(loss="sigmoid"), "sigmoid cross-entropy",
          "tf.nn.softmax_cross_entropy_with_logits")


def test_cost_of_each_example_is_pointed_out(fails):
    fails(c2w3.check_compute_cost, _compute_cost(reduce=None), "cost shape: expected (), got (4,)", "tf.reduce_mean")


def test_compute_cost_stub_gets_the_none_hint(fails):
    fails(c2w3.check_compute_cost, lambda Z3, Y: None, "got None", NONE_HINT)


# ------------------------------------------------------------------ model
def test_model_with_gradient_descent_fails_with_the_hint(nb, fails):
    fails(c2w3.check_model, _model(nb, optimizer="sgd"), "wrong values", "the optimiser is Adam")


def test_model_that_never_updates_fails(nb, fails):
    fails(c2w3.check_model, _model(nb, apply=False), "wrong values", "applies them")


def test_model_with_the_same_shuffle_every_epoch_fails(nb, fails):
    fails(c2w3.check_model, _model(nb, seed_step=0), "wrong values", "grows by one before every epoch")


def test_model_ignoring_the_learning_rate_fails(nb, fails):
    fails(c2w3.check_model, _model(nb, fixed_learning_rate=0.0001), "wrong values", "given learning rate")


def test_model_stub_gets_the_none_hint(fails):
    def blank(X_train, Y_train, X_test, Y_test, learning_rate=0.0001, num_epochs=1500, minibatch_size=32,
              print_cost=True):
        X, Y = None

    fails(c2w3.check_model, blank, "model raised TypeError", NONE_HINT)


def test_model_prints_costs_and_accuracies_only_when_asked(nb, capsys):
    X, Y, X_test, Y_test = c2w3.model_test_case(m_train=12, m_test=4)
    nb["model"](X, Y, X_test, Y_test, num_epochs=1, minibatch_size=12, print_cost=True)
    out = capsys.readouterr().out
    assert "Cost after epoch 0:" in out and "Train Accuracy:" in out and "Test Accuracy:" in out, out
    nb["model"](X, Y, X_test, Y_test, num_epochs=1, minibatch_size=12, print_cost=False)
    assert capsys.readouterr().out == ""
