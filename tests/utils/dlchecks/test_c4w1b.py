"""The C4W1B checks (dlchecks.c4w1b): typical mistakes fail in plain words and the hidden
cases catch what the public ones cannot (the solutions and expected.json: test_expected.py)."""

import keras
import nbformat
import numpy as np
import pytest
import tensorflow as tf

from autograder import source_notebook
from autograder.standins import solution_functions
from dlchecks import c4w1b
from dlchecks.core import NONE_HINT, CheckFailed

ID = "C4W1B_Convolution_Application"


def _solution_source(name: str) -> str:
    """The solved source of one graded function, as the notebook's answer cell holds it."""
    for cell in nbformat.read(source_notebook(ID), as_version=4).cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == name:
            return solution_functions(cell.source)[name]
    raise KeyError(name)


def _variant(nb, name: str, *edits: tuple[str, str]):
    """The solution of `name` with each (old, new) text replaced, defined in the notebook's namespace."""
    source = _solution_source(name)
    for old, new in edits:
        assert old in source, old
        source = source.replace(old, new)
    namespace = dict(nb)
    exec(compile(source, f"<{name} variant>", "exec"), namespace)  # noqa: S102 - the course's own code, changed
    return namespace[name]


# ------------------------------------------------------------------ create_placeholders
def _specs(x_shape, y_shape, x_dtype=tf.float32, y_dtype=tf.float32):
    def create_placeholders(n_H0, n_W0, n_C0, n_y):
        sizes = {"n_H0": n_H0, "n_W0": n_W0, "n_C0": n_C0, "n_y": n_y, "None": None}
        return (tf.TensorSpec([sizes[s] for s in x_shape], x_dtype), tf.TensorSpec([sizes[s] for s in y_shape], y_dtype))

    return create_placeholders


def test_placeholders_with_a_fixed_number_of_examples_are_pointed_out(fails):
    fails(c4w1b.check_create_placeholders, _specs(["n_H0", "n_W0", "n_C0"], ["None", "n_y"]),
          "X.shape: expected '(None, 64, 64, 3)', got '(64, 64, 3)'", "with None for the number of examples")


def test_labels_in_columns_are_pointed_out(fails):
    fails(c4w1b.check_create_placeholders, _specs(["None", "n_H0", "n_W0", "n_C0"], ["n_y", "None"]),
          "Y.shape: expected '(None, 6)', got '(6, None)'", "one example per row")


def test_float64_placeholders_are_pointed_out(fails):
    fails(c4w1b.check_create_placeholders, _specs(["None", "n_H0", "n_W0", "n_C0"], ["None", "n_y"], tf.float64),
          "X.dtype: expected 'float32', got 'float64'", "dtype=tf.float32")


def test_tensors_instead_of_specs_are_pointed_out(fails):
    fails(c4w1b.check_create_placeholders, lambda *sizes: (tf.zeros((1, *sizes[:3])), tf.zeros((1, sizes[3]))),
          "X: expected a tf.TensorSpec", "no placeholder")


def test_keras_inputs_are_not_specs(fails):
    fails(c4w1b.check_create_placeholders, lambda a, b, c, d: (keras.Input((a, b, c)), keras.Input((d,))),
          "X: expected a tf.TensorSpec")


def test_placeholder_stub_gets_the_none_hint(fails):
    fails(c4w1b.check_create_placeholders, lambda *sizes: (None, None), "X: got None", NONE_HINT)


# ------------------------------------------------------------------ initialize_parameters
def _initializer(*, kind=keras.initializers.GlorotUniform, seeds=(0, 0, 1), variables=True, b3=tf.zeros,
                 W3_shape=(64, 6)):
    def initialize_parameters():
        values = {"W1": kind(seed=seeds[0])(shape=(4, 4, 3, 8)), "W2": kind(seed=seeds[1])(shape=(2, 2, 8, 16)),
                  "W3": kind(seed=seeds[2])(shape=W3_shape), "b3": b3((6,))}
        return {name: tf.Variable(value, name=name) if variables else value for name, value in values.items()}

    return initialize_parameters


def test_the_initializer_variant_above_is_right(capsys):
    c4w1b.check_initialize_parameters(_initializer())
    assert "all public tests passed" in capsys.readouterr().out


def test_glorot_normal_is_pointed_out(fails):
    fails(c4w1b.check_initialize_parameters, _initializer(kind=keras.initializers.GlorotNormal),
          "beyond the Glorot uniform limit", "not GlorotNormal")


def test_wrong_seeds_fail_with_the_seeds_in_the_hint(fails):
    fails(c4w1b.check_initialize_parameters, _initializer(seeds=(1, 1, 1)), 'parameters["W1"][1, 1, 1]: wrong values',
          "GlorotUniform(seed=0)")
    fails(c4w1b.check_initialize_parameters, _initializer(seeds=(0, 0, 0)), 'parameters["W3"][0]: wrong values',
          "W3 from GlorotUniform(seed=1)")


def test_tensors_instead_of_variables_are_pointed_out(fails):
    fails(c4w1b.check_initialize_parameters, _initializer(variables=False), 'parameters["W1"]: expected a tf.Variable',
          "wrap it")


def test_a_bias_of_ones_fails(fails):
    fails(c4w1b.check_initialize_parameters, _initializer(b3=tf.ones), 'parameters["b3"]: wrong values', "b3 is zeros")


def test_a_transposed_W3_is_pointed_out(fails):
    fails(c4w1b.check_initialize_parameters, _initializer(W3_shape=(6, 64)),
          'parameters["W3"].shape: expected (64, 6), got (6, 64)', "W3 is [64, 6]")


def test_missing_fully_connected_parameters_are_pointed_out(fails):
    def two_only():
        initializer = keras.initializers.GlorotUniform(seed=0)
        return {"W1": tf.Variable(initializer(shape=(4, 4, 3, 8))), "W2": tf.Variable(initializer(shape=(2, 2, 8, 16)))}

    fails(c4w1b.check_initialize_parameters, two_only, "missing keys ['W3', 'b3']")


def test_initializer_stub_gets_the_none_hint(fails):
    fails(c4w1b.check_initialize_parameters, lambda: dict.fromkeys(c4w1b.NAMES), NONE_HINT)


# ------------------------------------------------------------------ forward_propagation
def test_valid_padding_fails_with_the_sizes_in_the_hint(nb, fails):
    wrong = _variant(nb, "forward_propagation", ('padding="SAME"', 'padding="VALID"'))
    fails(c4w1b.check_forward_propagation, wrong, "forward_propagation raised", "P2 is (m, 2, 2, 16)")


def test_a_softmax_at_the_end_is_pointed_out(nb, fails):
    wrong = _variant(nb, "forward_propagation", ("Z3 = tf.matmul(F, W3) + b3", "Z3 = tf.nn.softmax(tf.matmul(F, W3) + b3)"))
    fails(c4w1b.check_forward_propagation, wrong, "you applied a softmax")


def test_a_relu_at_the_end_is_pointed_out(nb, fails):
    wrong = _variant(nb, "forward_propagation", ("Z3 = tf.matmul(F, W3) + b3", "Z3 = tf.nn.relu(tf.matmul(F, W3) + b3)"))
    fails(c4w1b.check_forward_propagation, wrong, "no ReLU after")


def test_a_forgotten_bias_fails_on_the_second_case(nb, fails):
    wrong = _variant(nb, "forward_propagation", ("Z3 = tf.matmul(F, W3) + b3", "Z3 = tf.matmul(F, W3)"))
    message = fails(c4w1b.check_forward_propagation, wrong, "Z3: wrong values", "tf.matmul(F, W3) + b3")
    assert "b3 that is not zero" in message  # the first case (b3 = zeros) cannot tell


@pytest.mark.parametrize("edit", [
    ("A1 = tf.nn.relu(Z1)", "A1 = Z1"),  # no ReLU
    ("strides=[1, 8, 8, 1], padding", "strides=[1, 4, 4, 1], padding"),  # the first pooling's stride
    ("tf.nn.max_pool(A2", "tf.nn.avg_pool(A2"),  # average instead of max
    ("Z2 = tf.nn.conv2d(P1, W2", "Z2 = tf.nn.conv2d(A1[:, ::8, ::8, :], W2"),  # the pooling skipped
], ids=["no-relu", "pool-stride", "average-pool", "skipped-pool"])
def test_other_architecture_slips_fail_with_the_architecture_in_the_hint(nb, edit):
    with pytest.raises(CheckFailed) as info:
        c4w1b.check_forward_propagation(_variant(nb, "forward_propagation", edit))
    message = str(info.value)
    assert ("Z3: wrong values" in message and "CONV2D (W1" in message) or "P2 is (m, 2, 2, 16)" in message, message


def test_a_numpy_result_is_pointed_out(nb, fails):
    fails(c4w1b.check_forward_propagation, lambda X, parameters: nb["forward_propagation"](X, parameters).numpy(),
          "Z3: expected a tf.Tensor, got a numpy value")


def test_forward_stub_gets_the_none_hint(fails):
    def blank(X, parameters):
        Z1 = None
        return tf.nn.relu(Z1)

    fails(c4w1b.check_forward_propagation, blank, NONE_HINT)


# ------------------------------------------------------------------ compute_cost
@pytest.mark.parametrize("cost, words", [
    (lambda Z3, Y: tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=Z3)), "take the mean"),
    (lambda Z3, Y: tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=Y, logits=Z3)), "sigmoid cross-entropy"),
    (lambda Z3, Y: tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=Z3, logits=Y)), "labels=Y, logits=Z3"),
    (lambda Z3, Y: tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=tf.transpose(Y), logits=tf.transpose(Z3))),
     "each ROW is an example"),
], ids=["sum", "sigmoid", "swapped", "transposed"])
def test_typical_cost_mistakes_are_named(fails, cost, words):
    fails(c4w1b.check_compute_cost, cost, "cost: ", words)


def test_a_cost_per_example_is_pointed_out(fails):
    fails(c4w1b.check_compute_cost, lambda Z3, Y: tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=Z3),
          "cost.shape: expected (), got (2,)", "one number")


def test_a_numpy_cost_is_pointed_out(nb, fails):
    fails(c4w1b.check_compute_cost, lambda Z3, Y: nb["compute_cost"](Z3, Y).numpy(), "cost: expected a tf.Tensor")


def test_cost_stub_gets_the_none_hint(fails):
    fails(c4w1b.check_compute_cost, lambda Z3, Y: None, "cost: got None", NONE_HINT)


# ------------------------------------------------------------------ model
def test_a_model_that_never_applies_the_gradients_is_pointed_out(nb, fails):
    wrong = _variant(nb, "model", ("optimizer.apply_gradients(zip(grads, variables))", "pass"))
    fails(c4w1b.check_model, wrong, 'parameters["W1"]: unchanged by the training', "optimizer.apply_gradients")


def test_a_model_with_the_same_shuffle_every_epoch_fails(nb, fails):
    wrong = _variant(nb, "model", ("seed = seed + 1", "seed = 4"))
    fails(c4w1b.check_model, wrong, "wrong values", "grows by one every epoch")


def test_a_model_with_plain_gradient_descent_fails(nb, fails):
    wrong = _variant(nb, "model", ("keras.optimizers.Adam(learning_rate=learning_rate)",
                                   "keras.optimizers.SGD(learning_rate=learning_rate)"))
    fails(c4w1b.check_model, wrong, "wrong values", "keras.optimizers.Adam")


def test_a_model_returning_the_parameters_only_is_pointed_out(nb, fails):
    fails(c4w1b.check_model, lambda *args, **kwargs: nb["model"](*args, **kwargs)[2],
          "expected a tuple (train_accuracy, test_accuracy, parameters)")


def test_model_stub_gets_the_none_hint(nb, fails):
    blank = _variant(nb, "model", ("X, Y = create_placeholders(n_H0, n_W0, n_C0, n_y)", "X, Y = None"))
    fails(c4w1b.check_model, blank, "model raised TypeError", NONE_HINT)


# ------------------------------------------------------------------ what only the hidden tests catch
def test_hidden_tests_catch_what_the_public_test_cannot(nb, run_hidden):
    """Wrong functions that pass the public tests (their inputs are fixed) fail the grader's hidden cases."""

    def three_channels(n_H0, n_W0, n_C0, n_y):  # n_C0 always 3
        return nb["create_placeholders"](n_H0, n_W0, 3, n_y)

    def six_classes(Z3, Y):  # the number of classes written in
        return nb["compute_cost"](tf.reshape(Z3, [-1, 6]), tf.reshape(Y, [-1, 6]))

    cheats = {
        "create_placeholders": three_channels,
        "compute_cost": six_classes,
        "model": _variant(nb, "model", ("keras.optimizers.Adam(learning_rate=learning_rate)",
                                        "keras.optimizers.Adam(learning_rate=0.01)")),
    }
    for name, cheat in cheats.items():
        getattr(c4w1b, f"check_{name}")(cheat)  # the public test cannot tell
        with pytest.raises(CheckFailed, match="a hidden test"):
            run_hidden(ID, name, cheat)


def test_toy_pictures_are_learnable_and_balanced():
    X, Y = c4w1b.toy_signs(36, (40, 40), 7)
    assert X.shape == (36, 40, 40, 3) and Y.shape == (36, 6) and 0 <= X.min() and X.max() <= 1
    assert np.all(Y.sum(axis=0) == 6)  # six pictures of each class
    for k in range(6):  # the class's patch is the brightest sixth of its pictures
        pictures = X[Y[:, k] == 1]
        row, col = divmod(k, 3)
        patch = pictures[:, row * 20:(row + 1) * 20, col * 13:(col + 1) * 13, k % 3].mean()
        assert patch > pictures[..., k % 3].mean() + 0.2
