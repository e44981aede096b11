"""The C4W4B checks (dlchecks.c4w4b): the solutions pass, the mistakes students make fail with the words of their hint,
blank stubs get the None hint, and the hidden cases catch what the public ones cannot (the solutions against
expected.json: test_expected.py)."""

import ast

import nbformat
import nst_test_cases
import numpy as np
import pytest
import tensorflow as tf
from nst_test_cases import CONTENT_LAYER, STYLE_LAYERS
from nst_utils import save_image

from autograder import source_notebook
from autograder.stubs import CourseClearSolutions
from dlchecks import c4w4b
from dlchecks.core import NONE_HINT, Case, Check, CheckFailed, decode, load_expected

ID = "C4W4B_Neural_Style_Transfer"
NAMES = ("compute_content_cost", "gram_matrix", "compute_layer_style_cost", "compute_style_cost", "total_cost",
         "model_nn")


@pytest.fixture(scope="module")
def sol(nb):
    """The notebook's solutions; model_nn also reads STYLE_LAYERS and CONTENT_LAYER, which the notebook's first cell
    imports from nst_utils (and a locked cell sets again to the same list)."""
    assert (nb["STYLE_LAYERS"], nb["CONTENT_LAYER"]) == (STYLE_LAYERS, CONTENT_LAYER)
    return nb


def _grade_cell_inputs(name: str) -> list[tuple]:
    """The inputs `name`'s grade cell runs: the public ones, then the hidden ones, in the order of expected.json."""
    for cell in nbformat.read(source_notebook(ID), as_version=4).cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == f"{name}-test":
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "grade":
                    hidden = [tuple(case) for case in ast.literal_eval(node.args[2])]
                    return [case.args for case in getattr(c4w4b, f"check_{name}").cases] + hidden
    raise LookupError(f"no grade cell for {name}")


def hidden_check(name: str, args: tuple) -> Check:
    """`name`'s check on one of its grade cell's hidden inputs, with the values expected.json records for it: the
    message a student would read if that input were public."""
    inputs = _grade_cell_inputs(name)
    assert args in inputs[len(getattr(c4w4b, f"check_{name}").cases):], f"{args} is not a hidden input of {name}"
    values = load_expected(ID)[name]["cases"][inputs.index(args)]["values"]
    return Check(name, getattr(c4w4b, f"check_{name}").probe,
                 [Case(args, {label: decode(rule["value"]) for label, rule in values.items()})])


def only_hint(message: str) -> str:
    """The hint line of a failure, which must name one mistake (a check joins those whose value matches with "Or:")."""
    hints = [line.strip().removeprefix("hint: ") for line in message.splitlines() if line.strip().startswith("hint: ")]
    assert len(hints) == 1 and " Or: " not in hints[0], message
    return hints[0]


# ------------------------------------------------------------------ wrong functions, written as students write them
def _content(mistake=None):
    def compute_content_cost(a_C, a_G):
        m, n_H, n_W, n_C = a_G.get_shape().as_list()
        squares = tf.reduce_sum(tf.square(tf.subtract(a_C, a_G)))
        if mistake == "no 4":
            return squares / (n_H * n_W * n_C)
        if mistake == "no parentheses":
            return squares / 4 * n_H * n_W * n_C
        if mistake == "not divided":
            return squares
        if mistake == "norm":
            return tf.norm(a_C - a_G) / (4 * n_H * n_W * n_C)
        if mistake == "axis":
            return tf.reduce_sum(tf.square(a_C - a_G), axis=-1) / (4 * n_H * n_W * n_C)
        J_content = squares / (4 * n_H * n_W * n_C)
        return J_content.numpy() if mistake == "numpy" else J_content

    return compute_content_cost


def _gram(mistake=None):
    def gram_matrix(A):
        if mistake == "transpose first":
            return tf.matmul(tf.transpose(A), A)
        if mistake == "numpy":
            return np.dot(A, np.transpose(A))
        if mistake == "averaged":
            return tf.matmul(A, tf.transpose(A)) / A.shape[1]
        return tf.matmul(A, tf.transpose(A))

    return gram_matrix


def _layer_style(mistake=None):
    def compute_layer_style_cost(a_S, a_G):
        m, n_H, n_W, n_C = a_G.get_shape().as_list()
        if mistake == "straight reshape":
            a_S, a_G = tf.reshape(a_S, [n_C, n_H * n_W]), tf.reshape(a_G, [n_C, n_H * n_W])
        elif mistake == "positions":  # the unrolled (n_C, n_H * n_W) matrices' A^T A
            a_S, a_G = tf.reshape(a_S, [n_H * n_W, n_C]), tf.reshape(a_G, [n_H * n_W, n_C])
        else:
            a_S, a_G = tf.transpose(tf.reshape(a_S, [-1, n_C])), tf.transpose(tf.reshape(a_G, [-1, n_C]))
        GS = tf.matmul(a_S, tf.transpose(a_S))
        GG = tf.matmul(a_G, tf.transpose(a_G))
        squares = tf.reduce_sum(tf.square(tf.subtract(GS, GG)))
        if mistake == "not squared":
            return squares / (4 * n_C * n_H * n_W)
        if mistake == "no 4":
            return squares / (n_C**2 * (n_H * n_W) ** 2)
        if mistake == "no parentheses":
            return squares / 4 * n_C**2 * (n_H * n_W) ** 2
        J_style_layer = squares / (4 * n_C**2 * (n_H * n_W) ** 2)
        return J_style_layer.numpy() if mistake == "numpy" else J_style_layer

    return compute_layer_style_cost


def _style(layer_cost, mistake=None):
    def compute_style_cost(a_S, a_G, STYLE_LAYERS):  # noqa: N803 - the course's argument name
        J_style = 0
        # "global list": the notebook's own list of five layers at 0.2, whatever the argument says
        layers = nst_test_cases.STYLE_LAYERS if mistake == "global list" else STYLE_LAYERS
        for layer_name, coeff in layers:
            if mistake == "one image":
                J_style_layer = layer_cost(a_G[layer_name], a_G[layer_name])
            else:
                J_style_layer = layer_cost(a_S[layer_name], a_G[layer_name])
            J_style += J_style_layer if mistake == "no coeff" else coeff * J_style_layer
        return J_style.numpy() if mistake == "numpy" else J_style

    return compute_style_cost


def _total(mistake=None):
    def total_cost(J_content, J_style, alpha=10, beta=40):
        if mistake == "swapped":
            return beta * J_content + alpha * J_style
        if mistake == "fixed weights":
            return 10 * J_content + 40 * J_style
        if mistake == "float":
            return float(alpha * J_content + beta * J_style)
        return alpha * J_content + beta * J_style

    return total_cost


def _model_nn(sol, *, learning_rate=2.0, step=True, alpha=10, beta=40, outside_tape=False, give_variable=False,
              quiet=False):
    """The notebook's model_nn (its given lines kept: Adam built first, the step compiled by tf.function) with one
    mistake; the notebook's other functions are the solutions."""
    content_cost, style_cost, total_cost = sol["compute_content_cost"], sol["compute_style_cost"], sol["total_cost"]

    def model_nn(features, a_C, a_S, input_image, num_iterations=200):
        generated_image = tf.Variable(input_image, dtype=tf.float32)
        optimizer = tf.keras.optimizers.Adam(learning_rate=learning_rate)
        optimizer.build([generated_image])

        @tf.function
        def train_step():
            if outside_tape:  # the activations before the tape: it records nothing of how J depends on the picture
                a_G = features(generated_image)
            with tf.GradientTape() as tape:
                if not outside_tape:
                    a_G = features(generated_image)
                J_content = content_cost(a_C, a_G[CONTENT_LAYER])
                J_style = style_cost(a_S, a_G, STYLE_LAYERS)
                J = total_cost(J_content, J_style, alpha=alpha, beta=beta)
            grads = tape.gradient(J, generated_image)
            if step:
                optimizer.apply_gradients([(grads, generated_image)])
            return J, J_content, J_style

        for i in range(num_iterations):
            J, J_content, J_style = train_step()
            if i % 20 == 0 and not quiet:
                print("Iteration " + str(i) + " :")
                print("total cost = " + str(J.numpy()))
                print("content cost = " + str(J_content.numpy()))
                print("style cost = " + str(J_style.numpy()))
                save_image("output/" + str(i) + ".png", generated_image)
        save_image("output/generated_image.jpg", generated_image)
        return generated_image if give_variable else generated_image.numpy()

    return model_nn


def _blank_stubs() -> dict:
    """The graded functions as a student first gets them: each solution region replaced by `name = None` lines, as
    the release notebook has them (autograder.stubs), run after the notebook's first cell."""
    cells = [c for c in nbformat.read(source_notebook(ID), as_version=4).cells if c.cell_type == "code"]
    namespace: dict = {}
    for cell in [cells[0]] + [c for c in cells if "# GRADED FUNCTION" in c.source]:
        if "# GRADED FUNCTION" in cell.source:
            CourseClearSolutions()._replace_solution_region(cell, "python")
            assert "BEGIN SOLUTION" not in cell.source and " = None" in cell.source
        source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith("%"))
        exec(compile(source, f"<{ID} blank>", "exec"), namespace)  # noqa: S102 - the course's own notebook
    return namespace


# ------------------------------------------------------------------ the solutions
def test_the_solutions_pass_every_public_check(sol, capsys):
    for name in NAMES:
        getattr(c4w4b, f"check_{name}")(sol[name])
    assert capsys.readouterr().out.count("all public tests passed") == len(NAMES)


def test_the_written_out_mistake_free_versions_pass(sol, capsys):
    """The factories below without a mistake are right: each test's mistake is the only thing that fails."""
    layer_cost = _layer_style()
    for name, right in (("compute_content_cost", _content()), ("gram_matrix", _gram()),
                        ("compute_layer_style_cost", layer_cost), ("compute_style_cost", _style(layer_cost)),
                        ("total_cost", _total()), ("model_nn", _model_nn(sol))):
        getattr(c4w4b, f"check_{name}")(right)
    assert capsys.readouterr().out.count("all public tests passed") == len(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_blank_stubs_get_the_none_hint(name):
    blank = _blank_stubs()[name]
    with pytest.raises(CheckFailed) as info:
        getattr(c4w4b, f"check_{name}")(blank)
    assert NONE_HINT in str(info.value), str(info.value)


def test_a_function_returning_none_gets_the_none_hint(fails):
    fails(c4w4b.check_compute_content_cost, lambda a_C, a_G: None, "got None", NONE_HINT)
    fails(c4w4b.check_gram_matrix, lambda A: None, "got None", NONE_HINT)
    fails(c4w4b.check_total_cost, lambda J_content, J_style, alpha=10, beta=40: None, NONE_HINT)


# ------------------------------------------------------------------ compute_content_cost
@pytest.mark.parametrize("mistake, words", [
    ("no 4", "the 4 is missing"),
    ("no parentheses", "in parentheses"),
    ("not divided", "divide the sum by 4 * n_H * n_W * n_C"),
    ("norm", "take no square root"),
])
def test_content_cost_mistakes_fail_with_their_hint(fails, mistake, words):
    assert words in only_hint(fails(c4w4b.check_compute_content_cost, _content(mistake), "J_content: wrong values"))


def test_content_cost_as_numpy_is_pointed_out(fails):
    fails(c4w4b.check_compute_content_cost, _content("numpy"), "got float32", "expected a tf.Tensor", "no .numpy()")


def test_content_cost_summed_over_one_axis_is_pointed_out(fails):
    fails(c4w4b.check_compute_content_cost, _content("axis"), "shape (1, 4, 4)", "tf.reduce_sum(...) with no axis")


# ------------------------------------------------------------------ gram_matrix
def test_gram_of_the_transpose_first_is_pointed_out(fails):
    fails(c4w4b.check_gram_matrix, _gram("transpose first"), "shape (2, 2); expected (3, 3)",
          "not the transpose times A")


def test_gram_as_numpy_is_pointed_out(fails):
    fails(c4w4b.check_gram_matrix, _gram("numpy"), "got a numpy array", "no .numpy()")


def test_gram_with_a_wrong_value_gets_the_product_hint(fails):
    fails(c4w4b.check_gram_matrix, _gram("averaged"), "GA: wrong values", "tf.matmul(A, tf.transpose(A))")


# ------------------------------------------------------------------ compute_layer_style_cost
@pytest.mark.parametrize("mistake, words", [
    ("straight reshape", "reshaping straight to (n_C, n_H * n_W)"),
    ("positions", "A^T A compares positions"),
    ("not squared", "n_C and n_H * n_W are squared"),
    ("no 4", "the 4 is missing"),
    ("no parentheses", "put the whole product in parentheses"),
])
def test_layer_style_cost_mistakes_fail_with_their_hint(fails, mistake, words):
    message = fails(c4w4b.check_compute_layer_style_cost, _layer_style(mistake), "J_style_layer: wrong values")
    assert words in only_hint(message)


def test_layer_style_cost_as_numpy_is_pointed_out(fails):
    fails(c4w4b.check_compute_layer_style_cost, _layer_style("numpy"), "expected a tf.Tensor", "no .numpy()")


# ------------------------------------------------------------------ compute_style_cost
@pytest.mark.parametrize("mistake, words", [
    ("no coeff", "multiply each layer's cost by its coefficient (coeff)"),
    ("one image", "a_S[layer_name] and a_G[layer_name]"),
])
def test_style_cost_mistakes_fail_with_their_hint(fails, sol, mistake, words):
    message = fails(c4w4b.check_compute_style_cost, _style(sol["compute_layer_style_cost"], mistake),
                    "J_style: wrong values")
    assert words in only_hint(message)


def test_style_cost_as_numpy_is_pointed_out(fails, sol):
    fails(c4w4b.check_compute_style_cost, _style(sol["compute_layer_style_cost"], "numpy"), "expected a tf.Tensor")


def test_style_cost_on_the_notebooks_list_passes_the_public_test_and_fails_the_hidden_ones(sol, run_hidden, capsys):
    """The public case uses the notebook's five layers at 0.2, so only the hidden cases (other weights, two layers)
    see a function that ignores its STYLE_LAYERS argument; there the hint names the mistake."""
    cheat = _style(sol["compute_layer_style_cost"], "global list")
    c4w4b.check_compute_style_cost(cheat)
    assert "all public tests passed" in capsys.readouterr().out
    with pytest.raises(CheckFailed, match="a hidden test"):
        run_hidden(ID, "compute_style_cost", cheat)
    for case in ((3, [("conv1_1", 0.5), ("conv2_1", 0.1), ("conv3_1", 0.1), ("conv4_1", 0.1), ("conv5_1", 0.2)]),
                 (4, [("conv3_1", 1.0), ("conv1_1", 0.25)])):
        with pytest.raises(CheckFailed, match="use the layers and weights of the STYLE_LAYERS argument"):
            hidden_check("compute_style_cost", case)(cheat)


# ------------------------------------------------------------------ total_cost
def test_total_cost_with_alpha_and_beta_swapped_fails_with_its_hint(fails):
    assert "alpha weights the content cost" in only_hint(fails(c4w4b.check_total_cost, _total("swapped"), "J: wrong"))


def test_total_cost_ignoring_its_weights_passes_the_public_test_and_fails_the_hidden_ones(run_hidden, capsys):
    cheat = _total("fixed weights")
    c4w4b.check_total_cost(cheat)
    assert "all public tests passed" in capsys.readouterr().out
    with pytest.raises(CheckFailed, match="a hidden test"):
        run_hidden(ID, "total_cost", cheat)
    with pytest.raises(CheckFailed, match="use the alpha and beta arguments, not the numbers 10 and 40"):
        hidden_check("total_cost", (5, 1, 1000))(cheat)


def test_total_cost_that_returns_a_number_for_tensors_fails_the_tensor_case(capsys):
    """Numbers in, a number out is right (the public case); tensors in, the result must stay a tensor."""
    cheat = _total("float")
    c4w4b.check_total_cost(cheat)
    assert "all public tests passed" in capsys.readouterr().out
    with pytest.raises(CheckFailed, match="got float; expected a tf.Tensor"):
        hidden_check("total_cost", (7, 3, 2, "tensors"))(cheat)


# ------------------------------------------------------------------ model_nn
@pytest.mark.parametrize("mistake, label, words", [
    ({"alpha": 40, "beta": 10}, "costs printed at iteration 0", "alpha=10 and beta=40"),
    ({"step": False}, "change of the pixels: wrong values", "optimizer.apply_gradients"),
    ({"learning_rate": 0.01}, "change of the pixels: wrong values", "Adam(learning_rate=2.0)"),
    ({"quiet": True}, "printed no costs", "every 20 iterations"),
])
def test_model_nn_mistakes_fail_with_their_hint(fails, sol, mistake, label, words):
    fails(c4w4b.check_model_nn, _model_nn(sol, **mistake), label, words)


def test_model_nn_returning_the_variable_is_accepted(sol, capsys):
    """The check converts a tensor or tf.Variable to numpy before looking at it (the notebook's next cells read either
    through to_picture), so a student who forgets the final .numpy() is not marked down for it."""
    c4w4b.check_model_nn(_model_nn(sol, give_variable=True))
    assert "model_nn: all public tests passed" in capsys.readouterr().out


def test_model_nn_with_the_activations_outside_the_tape_says_that_no_gradient_came(fails, sol):
    """The tape records only what runs inside it: with a_G computed before `with tf.GradientTape()`, the gradient is
    None and Keras' optimiser refuses it; the student reads Keras' own words (the check adds no hint of its own)."""
    fails(c4w4b.check_model_nn, _model_nn(sol, outside_tape=True), "no gradient of J",
          "inside the `with tf.GradientTape() as tape:` block")
