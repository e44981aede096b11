"""C4W4B's expected numbers against independent oracles, for every public and hidden input of the grade cells, compared
with notebooks/source/C4W4B_Neural_Style_Transfer/expected.json (the numbers the solutions gave).

The costs are summed one number at a time in Python floats, straight from the formulas of the notebook (a Gram matrix
entry is the sum over positions of the product of two channels). For model_nn the costs at iteration 0 are computed
again in float64 numpy from the activations the course's VGG-19 gives for the starting picture, and the run is repeated
with an Adam written out in float64 numpy (the update Keras documents, epsilon added to sqrt(v)) on gradients of the
float64 costs; what that run does to the pixels must be what expected.json holds, and it must obey Adam's own bound:
a step moves a pixel by at most about the learning rate."""

import math

import numpy as np
import pytest

from dlchecks.core import decode, load_expected

pytest.importorskip("tensorflow")
from nst_test_cases import (  # noqa: E402
    CONTENT_LAYER,
    STYLE_LAYERS,
    content_cost_test_case,
    gram_matrix_test_case,
    layer_style_cost_test_case,
    optimisation_test_case,
    style_cost_test_case,
    total_cost_test_case,
)
from oracle_cases import all_cases, hidden_inputs  # noqa: E402

from dlchecks import c4w4b  # noqa: E402
from dlchecks.tfsupport import import_tensorflow_quietly  # noqa: E402

tf = import_tensorflow_quietly()

ID = "C4W4B_Neural_Style_Transfer"
NAMES = ["compute_content_cost", "compute_layer_style_cost", "compute_style_cost", "gram_matrix", "model_nn",
         "total_cost"]
COST = {"rel": 1e-5, "abs": 1e-6}  # float32 sums against exact ones, as the check's own tolerance
LEARNING_RATE, BETA_1, BETA_2, EPSILON = 2.0, 0.9, 0.999, 1e-7  # model_nn's Adam; the rest are Keras' defaults
ALPHA, BETA = 10, 40


def _expected(name):
    entry = load_expected(ID)[name]
    return [{label: decode(rule["value"]) for label, rule in case["values"].items()} for case in entry["cases"]]


def _cases(name):
    """(inputs, expected values) of every case of `name`, public then hidden, the probe's defaults filled in."""
    return list(zip(all_cases(ID, c4w4b, name), _expected(name), strict=True))


# ------------------------------------------------------------------ oracles, one number at a time
def channels(activation) -> list[list[float]]:
    """A (1, n_H, n_W, n_C) tensor as n_C lists, channel c holding its n_H * n_W values (Python floats)."""
    (picture,) = activation.numpy().tolist()
    n_C = len(picture[0][0])
    return [[pixel[c] for row in picture for pixel in row] for c in range(n_C)]


def loop_content_cost(a_C, a_G) -> float:
    """Equation (1): the sum of the squared differences over all entries, / (4 n_H n_W n_C)."""
    _, n_H, n_W, n_C = a_G.shape
    total = 0.0
    for c_values, g_values in zip(channels(a_C), channels(a_G), strict=True):
        total += sum((c - g) ** 2 for c, g in zip(c_values, g_values, strict=True))
    return total / (4 * n_H * n_W * n_C)


def loop_gram(rows: list[list[float]]) -> list[list[float]]:
    """G[i][j] = the dot product of rows i and j."""
    return [[sum(a * b for a, b in zip(r1, r2, strict=True)) for r2 in rows] for r1 in rows]


def loop_layer_style_cost(a_S, a_G) -> float:
    """Equation (2): the squared differences of the two Gram matrices of channels, / (4 n_C^2 (n_H n_W)^2)."""
    _, n_H, n_W, n_C = a_G.shape
    GS, GG = loop_gram(channels(a_S)), loop_gram(channels(a_G))
    squares = sum((s - g) ** 2 for row_s, row_g in zip(GS, GG, strict=True) for s, g in zip(row_s, row_g, strict=True))
    return squares / (4 * n_C**2 * (n_H * n_W) ** 2)


def loop_style_cost(a_S, a_G, layers) -> float:
    """Equation (3): each listed layer's cost times its weight."""
    return sum(coeff * loop_layer_style_cost(a_S[name], a_G[name]) for name, coeff in layers)


# ------------------------------------------------------------------ model_nn's oracles, float64 numpy
def costs64(a_C, a_S, a_G) -> tuple[float, float, float]:
    """(total, content, style) in float64 numpy from the three pictures' activations (arrays or tensors)."""
    def as64(x):
        return np.asarray(x, dtype=np.float64)

    def gram(x):  # channels x channels, summed over positions
        flat = as64(x).reshape(-1, x.shape[-1])
        return flat.T @ flat

    C, G = as64(a_C), as64(a_G[CONTENT_LAYER])
    _, n_H, n_W, n_C = G.shape
    content = float(np.sum((C - G) ** 2)) / (4 * n_H * n_W * n_C)
    style = 0.0
    for name, coeff in STYLE_LAYERS:
        _, n_H, n_W, n_C = a_G[name].shape
        style += coeff * float(np.sum((gram(a_S[name]) - gram(a_G[name])) ** 2)) / (4 * n_C**2 * (n_H * n_W) ** 2)
    return ALPHA * content + BETA * style, content, style


def _cost_graph(features, a_C, a_S, image64):
    """(J, gradient of J with respect to the picture): the float64 costs written with TensorFlow's basic operations
    (autodiff is the only way through VGG-19), not with the notebook's functions."""
    def gram(x):
        flat = tf.reshape(x, (-1, x.shape[-1]))
        return tf.linalg.matmul(flat, flat, transpose_a=True)

    picture = tf.constant(image64.astype(np.float32))
    with tf.GradientTape() as tape:
        tape.watch(picture)
        a_G = {name: tf.cast(value, tf.float64) for name, value in features(picture).items()}
        _, n_H, n_W, n_C = a_G[CONTENT_LAYER].shape
        content = tf.reduce_sum((tf.cast(a_C, tf.float64) - a_G[CONTENT_LAYER]) ** 2) / (4 * n_H * n_W * n_C)
        style = tf.constant(0.0, tf.float64)
        for name, coeff in STYLE_LAYERS:
            _, n_H, n_W, n_C = a_G[name].shape
            difference = gram(tf.cast(a_S[name], tf.float64)) - gram(a_G[name])
            style += coeff * tf.reduce_sum(difference**2) / (4 * n_C**2 * (n_H * n_W) ** 2)
        J = ALPHA * content + BETA * style
    return float(J), tape.gradient(J, picture).numpy().astype(np.float64)


def adam_run(features, a_C, a_S, input_image, iterations):
    """(final picture, {iteration: the costs model_nn prints then}) by Adam in float64 numpy."""
    image = np.asarray(input_image, dtype=np.float64)
    m, v = np.zeros_like(image), np.zeros_like(image)
    printed = {}
    for step in range(1, iterations + 1):
        if (step - 1) % 20 == 0:  # model_nn prints the costs of the picture iteration i starts from
            printed[step - 1] = costs64(a_C, a_S, features(tf.constant(image.astype(np.float32))))
        _, g = _cost_graph(features, a_C, a_S, image)
        m = BETA_1 * m + (1 - BETA_1) * g
        v = BETA_2 * v + (1 - BETA_2) * g**2
        rate = LEARNING_RATE * math.sqrt(1 - BETA_2**step) / (1 - BETA_1**step)
        image = image - rate * m / (np.sqrt(v) + EPSILON)
    return image, printed


def adam_bound(iterations) -> float:
    """The most k Adam steps can move one number, in learning rates: after bias correction, step t is
    lr * (a weighted mean of the gradients) / sqrt(a weighted mean of their squares), at most sqrt(sum w_i^2 / u_i)
    by Cauchy-Schwarz (w_i and u_i the two means' weights): 1 at the first step, 1.004 at the third, 1.17 at the 21st."""
    total = 0.0
    for t in range(1, iterations + 1):
        ages = range(t)
        w = [(1 - BETA_1) * BETA_1**age / (1 - BETA_1**t) for age in ages]
        u = [(1 - BETA_2) * BETA_2**age / (1 - BETA_2**t) for age in ages]
        total += math.sqrt(sum(a * a / b for a, b in zip(w, u, strict=True)))
    return LEARNING_RATE * total


def _model_nn_args(args):
    height, width, iterations, noise_ratio, seed = (*args, *(24, 32, 3, 0.6, 1)[len(args):])  # the probe's defaults
    return height, width, iterations, noise_ratio, seed


_RUNS: dict[tuple, tuple] = {}


def model_nn_oracle(args):
    """(start, final picture, printed costs) of one model_nn case, by adam_run; computed once per case."""
    height, width, iterations, noise_ratio, seed = _model_nn_args(args)
    if args not in _RUNS:
        features, a_C, a_S, start = optimisation_test_case(height, width, noise_ratio, seed)
        final, printed = adam_run(features, a_C, a_S, start, iterations)
        _RUNS[args] = start.astype(np.float64), final, printed
    return _RUNS[args]


# ------------------------------------------------------------------ against expected.json
def test_every_input_is_read():
    hidden = hidden_inputs(ID)
    assert sorted(hidden) == sorted(load_expected(ID)) == NAMES
    for name in NAMES:
        assert len(all_cases(ID, c4w4b, name)) == len(load_expected(ID)[name]["cases"]), name
        assert all(case["failed"] is None for case in load_expected(ID)[name]["cases"]), name


def test_compute_content_cost():
    for args, want in _cases("compute_content_cost"):
        assert want["J_content"] == pytest.approx(loop_content_cost(*content_cost_test_case(*args)), **COST), args


def test_gram_matrix():
    for args, want in _cases("gram_matrix"):
        rows = gram_matrix_test_case(*args).numpy().tolist()
        oracle = loop_gram(rows)
        assert np.shape(want["GA"]) == (len(rows), len(rows)), args
        np.testing.assert_allclose(want["GA"], oracle, rtol=COST["rel"], atol=COST["abs"], err_msg=str(args))


def test_compute_layer_style_cost():
    for args, want in _cases("compute_layer_style_cost"):
        oracle = loop_layer_style_cost(*layer_style_cost_test_case(*args))
        assert want["J_style_layer"] == pytest.approx(oracle, **COST), args


def test_compute_style_cost():
    for args, want in _cases("compute_style_cost"):
        seed, layers = (*args, STYLE_LAYERS)[:2]
        assert want["J_style"] == pytest.approx(loop_style_cost(*style_cost_test_case(seed), layers), **COST), args


def test_total_cost():
    for args, want in _cases("total_cost"):
        seed, alpha, beta, kind = (*args, *(3, None, None, "numbers")[len(args):])
        J_content, J_style = total_cost_test_case(seed)
        if kind == "tensors":  # what float32 tensors hold
            J_content, J_style = float(np.float32(J_content)), float(np.float32(J_style))
        alpha, beta = 10 if alpha is None else alpha, 40 if beta is None else beta
        assert want["J"] == pytest.approx(alpha * J_content + beta * J_style, **COST), args


def test_model_nn_costs_at_the_start():
    """The costs printed at iteration 0, from the activations of the starting picture, in float64."""
    for args, want in _cases("model_nn"):
        height, width, _, noise_ratio, seed = _model_nn_args(args)
        features, a_C, a_S, start = optimisation_test_case(height, width, noise_ratio, seed)
        total, content, style = costs64(a_C, a_S, features(start))
        printed = want["costs printed at iteration 0 (total, content, style)"]
        assert printed == pytest.approx([total, content, style], rel=1e-4, abs=1e-7), args


def test_model_nn_printed_and_saved_every_20_iterations():
    for args, want in _cases("model_nn"):
        iterations = _model_nn_args(args)[2]
        steps = list(range(0, iterations, 20))
        assert sorted(label for label in want if label.startswith("costs printed")) == sorted(
            f"costs printed at iteration {i} (total, content, style)" for i in steps), args
        assert want["files saved in output/"] == sorted([f"{i}.png" for i in steps] + ["generated_image.jpg"]), args


def test_model_nn_against_adam_in_float64():
    """The float64 re-run moves the pixels as expected.json says, within the check's tolerances (RUN for the costs),
    and prints the same costs at every 20th iteration."""
    rules = {label: rule for label, rule in load_expected(ID)["model_nn"]["cases"][0]["values"].items()}
    for args, want in _cases("model_nn"):
        start, final, printed = model_nn_oracle(args)
        change = final - start
        for label, value in (("mean change of the pixels", change.mean()),
                             ("mean absolute change of the pixels", np.abs(change).mean())):
            rule = rules[label]
            assert want[label] == pytest.approx(float(value), rel=rule["rtol"], abs=rule["atol"]), (args, label)
        for i, costs in printed.items():
            label = f"costs printed at iteration {i} (total, content, style)"
            assert want[label] == pytest.approx(list(costs), rel=c4w4b.RUN["rtol"], abs=c4w4b.RUN["atol"]), (args, i)


def test_model_nn_moves_the_pixels_as_adam_can():
    """k Adam steps move a pixel by at most adam_bound(k), about the learning rate times k; in the first few steps the
    gradient's sign hardly changes, so the mean move is close to that bound (steps of random sign would give half of
    it for k = 2 or 3); and over 20 steps the cost goes down."""
    for args, want in _cases("model_nn"):
        iterations = _model_nn_args(args)[2]
        moved = want["mean absolute change of the pixels"]
        assert abs(want["mean change of the pixels"]) <= moved <= adam_bound(iterations), args
        assert adam_bound(iterations) <= LEARNING_RATE * iterations * 1.2
        if iterations <= 3:
            assert moved >= 0.65 * LEARNING_RATE * iterations, args
        start, final, _ = model_nn_oracle(args)
        assert np.abs(final - start).max() <= adam_bound(iterations) * (1 + 1e-9), args
        if iterations > 20:
            first, later = (want[f"costs printed at iteration {i} (total, content, style)"][0] for i in (0, 20))
            assert later < 0.6 * first, args
