"""Checks of C4W4B neural style transfer: the public tests of compute_content_cost, gram_matrix,
compute_layer_style_cost, compute_style_cost, total_cost and model_nn, and the probes the grader also runs.

Only numbers, arrays, strings, lists and tuples travel from the kernel to the grader, so a probe first checks that a
cost is a ``tf.Tensor`` and then shows its value. model_nn prints its costs every 20 iterations and saves pictures in
``output/``: its probe runs it in a scratch folder, reads what it printed, and shows the costs, the picture's mean
change and its mean absolute change rather than every pixel (one pixel whose gradient is almost 0 may step either way
on another CPU).

The original course printed values only for TensorFlow 1's random inputs (J_content = 6.76559, J_style_layer =
9.19028), numbers TensorFlow 2 does not draw again: every expected number here is what the course's solutions give on
the course's inputs (``nst_test_cases``).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile

import numpy as np

from .tfsupport import import_tensorflow_quietly

tf = import_tensorflow_quietly()  # first: the notebook's first cell stays free of TensorFlow's C++ start-up log
from nst_test_cases import (  # noqa: E402 - after the quiet import
    STYLE_LAYERS,
    content_cost_test_case,
    gram_matrix_test_case,
    layer_style_cost_test_case,
    optimisation_test_case,
    style_cost_test_case,
    total_cost_test_case,
)

from .core import NONE_HINT, Case, Check, explain_none_errors, hint  # noqa: E402

ASSIGNMENT = "C4W4B_Neural_Style_Transfer"
explain_none_errors()  # the None hint under errors in any cell of the notebook

COST = {"rtol": 1e-5, "atol": 1e-6}  # float32 sums of squares, rounded alike on every CPU but for the last bits
RUN = {"rtol": 2e-3, "atol": 1e-3}  # after a few Adam steps through VGG-19 in float32


def _scalar_tensor(t, call: str, got, how: str) -> float:
    """`got` must be a tf.Tensor holding one number; returns it as a float."""
    if isinstance(got, np.ndarray | np.generic | float | int):
        t.fail(f"{call}: got {type(got).__name__}; expected a tf.Tensor (TensorFlow's eager tensor). Hint: compute with "
               f"TensorFlow's functions ({how}) and return their result itself, no .numpy(): the optimiser needs "
               "tensors to take gradients")
    t.type(call, got, tf.Tensor, "a tf.Tensor (TensorFlow's eager tensor)")
    value = got.numpy()
    if value.shape != ():
        t.fail(f"{call}: the cost has shape {value.shape}; expected one number, shape (). Hint: sum over every "
               "entry, tf.reduce_sum(...) with no axis")
    return float(value)


def _which(got: float, variants: dict[str, float], otherwise: str) -> str:
    """The hints of the mistakes whose value `got` matches, else `otherwise`."""
    found = [text for text, wrong in variants.items() if abs(got - wrong) <= 1e-4 * max(1.0, abs(wrong))]
    return " Or: ".join(found) if found else otherwise


# ------------------------------------------------------------------ compute_content_cost
def _content(t, f, seed=1, shape=(1, 4, 4, 3)):
    a_C, a_G = content_cost_test_case(seed, shape)
    J = _scalar_tensor(t, "compute_content_cost(a_C, a_G)", f(a_C, a_G), "tf.reduce_sum, tf.square, tf.subtract")
    m, n_H, n_W, n_C = shape
    squares = float(np.sum((a_C.numpy().astype(np.float64) - a_G.numpy()) ** 2))
    variants = {
        "divide by 4 * n_H * n_W * n_C: the 4 is missing": squares / (n_H * n_W * n_C),
        "divide the sum by 4 * n_H * n_W * n_C, all four numbers": squares,
        "the factor is 1 / (4 * n_H * n_W * n_C), a product: 4 * n_H * n_W * n_C in parentheses": squares / 4 * n_H * n_W * n_C,
        "square the differences before summing them (tf.square), and take no square root":
            float(np.sqrt(squares)) / (4 * n_H * n_W * n_C),
    }
    with hint(_which(J, variants, "J_content = the sum over all entries of (a_C - a_G)^2, divided by "
                                  "4 * n_H * n_W * n_C, the dimensions of a_G")):
        t.close("J_content", J, **COST)


def _content_given(seed=1, shape=(1, 4, 4, 3)) -> str:
    return (f"a_C, a_G = content_cost_test_case(seed={seed}, shape={shape}): normal numbers of mean 1 and standard "
            "deviation 4, float32 tensors")


check_compute_content_cost = Check("compute_content_cost", _content, [
    Case((1,), {"J_content": 7.559366703033447}, _content_given(1)),
])


# ------------------------------------------------------------------ gram_matrix
def _gram(t, f, seed=1, shape=(3, 2)):
    A = gram_matrix_test_case(seed, shape)
    GA = f(A)
    if isinstance(GA, np.ndarray | np.generic):
        t.fail("gram_matrix(A): got a numpy array; expected a tf.Tensor. Hint: tf.matmul(A, tf.transpose(A)), no "
               ".numpy()")
    t.type("gram_matrix(A)", GA, tf.Tensor, "a tf.Tensor (TensorFlow's eager tensor)")
    value = GA.numpy()
    n_C = shape[0]
    if value.shape != (n_C, n_C):
        t.fail(f"gram_matrix(A): shape {value.shape}; expected ({n_C}, {n_C}), (n_C, n_C). Hint: A has one row per "
               "channel; the Gram matrix is A times its transpose, tf.matmul(A, tf.transpose(A)), not the transpose "
               "times A")
    with hint("GA = A A^T: tf.matmul(A, tf.transpose(A)), a matrix product, not A * A (entry by entry)"):
        t.close("GA", value, **COST)


def _gram_given(seed=1, shape=(3, 2)) -> str:
    return (f"A = gram_matrix_test_case(seed={seed}, shape={shape}): normal numbers of mean 1 and standard deviation "
            "4, a float32 tensor")


check_gram_matrix = Check("gram_matrix", _gram, [
    Case((1,), {"GA": np.array([[3.031358003616333, -3.556605100631714, 17.54206085205078],
                                     [-3.556605100631714, 15.213689804077148, -24.471200942993164],
                                     [17.54206085205078, -24.471200942993164, 102.88382720947266]], np.float32)}, _gram_given(1)),
])


# ------------------------------------------------------------------ compute_layer_style_cost
def _gram64(matrix):
    return matrix @ matrix.T


def _layer_style(t, f, seed=1, shape=(1, 4, 4, 3)):
    a_S, a_G = layer_style_cost_test_case(seed, shape)
    J = _scalar_tensor(t, "compute_layer_style_cost(a_S, a_G)", f(a_S, a_G), "tf.reshape, tf.transpose, gram_matrix, "
                       "tf.reduce_sum, tf.square")
    _, n_H, n_W, n_C = shape
    S, G = (x.numpy().astype(np.float64) for x in (a_S, a_G))
    right = [x.reshape(-1, n_C).T for x in (S, G)]
    scrambled = [x.reshape(n_C, -1) for x in (S, G)]
    norm = 4 * n_C ** 2 * (n_H * n_W) ** 2
    squares = float(np.sum((_gram64(right[0]) - _gram64(right[1])) ** 2))
    variants = {
        "unroll each activation to (n_H * n_W, n_C) with tf.reshape first and transpose it after, to (n_C, n_H * n_W): "
        "reshaping straight to (n_C, n_H * n_W) puts the numbers of different channels in one row":
            float(np.sum((_gram64(scrambled[0]) - _gram64(scrambled[1])) ** 2)) / norm,
        "divide by 4 * n_C^2 * (n_H * n_W)^2: n_C and n_H * n_W are squared": squares / (4 * n_C * n_H * n_W),
        "divide by 4 * n_C^2 * (n_H * n_W)^2: the 4 is missing": squares / (n_C ** 2 * (n_H * n_W) ** 2),
        "the factor is 1 / (4 * n_C^2 * (n_H * n_W)^2): put the whole product in parentheses":
            squares / 4 * n_C ** 2 * (n_H * n_W) ** 2,
        "the Gram matrix of an unrolled (n_C, n_H * n_W) activation is A A^T, (n_C, n_C); A^T A compares positions, "
        "not channels": float(np.sum((right[0].T @ right[0] - right[1].T @ right[1]) ** 2)) / norm,
    }
    with hint(_which(J, variants, "unroll a_S and a_G to (n_C, n_H * n_W) (reshape to (n_H * n_W, n_C), then "
                                  "transpose), take the Gram matrix of each, then the sum of the squared differences "
                                  "divided by 4 * n_C^2 * (n_H * n_W)^2")):
        t.close("J_style_layer", J, **COST)


def _layer_style_given(seed=1, shape=(1, 4, 4, 3)) -> str:
    return (f"a_S, a_G = layer_style_cost_test_case(seed={seed}, shape={shape}): normal numbers of mean 1 and "
            "standard deviation 4, float32 tensors")


check_compute_layer_style_cost = Check("compute_layer_style_cost", _layer_style, [
    Case((1,), {"J_style_layer": 13.09049129486084}, _layer_style_given(1)),
])


# ------------------------------------------------------------------ compute_style_cost
def _layer_cost64(a_S, a_G) -> float:
    _, n_H, n_W, n_C = a_G.shape
    S, G = (x.numpy().astype(np.float64).reshape(-1, n_C).T for x in (a_S, a_G))
    return float(np.sum((_gram64(S) - _gram64(G)) ** 2)) / (4 * n_C ** 2 * (n_H * n_W) ** 2)


def _style(t, f, seed=1, layers=None):
    a_S, a_G = style_cost_test_case(seed)
    layers = STYLE_LAYERS if layers is None else layers
    J = _scalar_tensor(t, "compute_style_cost(a_S, a_G, STYLE_LAYERS)", f(a_S, a_G, list(layers)),
                       "compute_layer_style_cost")
    costs = {name: _layer_cost64(a_S[name], a_G[name]) for name in a_S}
    variants = {
        "use the layers and weights of the STYLE_LAYERS argument, not another list": sum(0.2 * c for c in costs.values()),
        "multiply each layer's cost by its coefficient (coeff) before adding it": sum(costs[n] for n, _ in layers),
        "compare the style image's activations with the generated image's of the SAME layer: a_S[layer_name] and "
        "a_G[layer_name]": 0.0,
    }
    with hint(_which(J, variants, "for each (layer_name, coeff) of STYLE_LAYERS: J_style += coeff * "
                                  "compute_layer_style_cost(a_S[layer_name], a_G[layer_name])")):
        t.close("J_style", J, **COST)


def _style_given(seed=1, layers=None) -> str:
    which = "STYLE_LAYERS (five layers, 0.2 each)" if layers is None else f"STYLE_LAYERS = {layers}"
    return (f"a_S, a_G = style_cost_test_case(seed={seed}): dictionaries of five layers' activations (16 x 16 x 3 "
            f"down to 1 x 1 x 6, no negative numbers); {which}")


check_compute_style_cost = Check("compute_style_cost", _style, [
    Case((1,), {"J_style": 33.02406692504883}, _style_given(1)),
])


# ------------------------------------------------------------------ total_cost
def _total(t, f, seed=3, alpha=None, beta=None, kind="numbers"):
    """kind "numbers": Python floats in; "tensors": float32 tensors in (the result must then be a tensor)."""
    J_content, J_style = total_cost_test_case(seed)
    args = [J_content, J_style]
    if kind == "tensors":
        args = [tf.constant(x, tf.float32) for x in args]
    kwargs = {}
    if alpha is not None:
        kwargs["alpha"] = alpha
    if beta is not None:
        kwargs["beta"] = beta
    J = f(*args, **kwargs)
    if J is None:
        t.fail(f"total_cost(J_content, J_style, ...): got None. {NONE_HINT}")
    a, b = kwargs.get("alpha", 10), kwargs.get("beta", 40)
    if kind == "tensors":
        J = _scalar_tensor(t, "total_cost(J_content, J_style, ...)", J, "alpha * J_content + beta * J_style")
    elif hasattr(J, "numpy"):
        J = J.numpy()
    variants = {
        "alpha weights the content cost and beta the style cost, not the other way round": b * J_content + a * J_style,
        "use the alpha and beta arguments, not the numbers 10 and 40": 10 * J_content + 40 * J_style,
    }
    if (a, b) == (10, 40):
        variants.pop("use the alpha and beta arguments, not the numbers 10 and 40")
    with hint(_which(float(J), variants, "the total cost is alpha times the content cost plus beta times the style cost")):
        t.close("J", float(J), **COST)


def _total_given(seed=3, alpha=None, beta=None, kind="numbers") -> str:
    weights = ", ".join(f"{k}={v}" for k, v in (("alpha", alpha), ("beta", beta)) if v is not None) or "default weights"
    inputs = "float32 tensors" if kind == "tensors" else "two Python floats"
    return f"J_content, J_style = total_cost_test_case(seed={seed}) ({inputs}); {weights}"


check_total_cost = Check("total_cost", _total, [
    Case((3,), {"J": 35.34667875478276}, _total_given(3)),
])


# ------------------------------------------------------------------ model_nn
PRINTED = re.compile(r"Iteration (\d+) :\ntotal cost = (\S+)\ncontent cost = (\S+)\nstyle cost = (\S+)")


def _run_in_scratch(call):
    """(result, printed): call() run in a scratch folder (model_nn writes output/), its printing captured."""
    here = os.getcwd()
    buffer = io.StringIO()
    with tempfile.TemporaryDirectory() as scratch:
        os.chdir(scratch)
        try:
            with contextlib.redirect_stdout(buffer):
                result = call()
            saved = sorted(os.listdir("output")) if os.path.isdir("output") else []
        finally:
            os.chdir(here)
    return result, buffer.getvalue(), saved


def _model_nn(t, f, height=24, width=32, iterations=3, noise_ratio=0.6, seed=1):
    features, a_C, a_S, input_image = optimisation_test_case(height, width, noise_ratio, seed)
    start = input_image.copy()
    call = f"model_nn(features, a_C, a_S, input_image, num_iterations={iterations})"
    try:
        result, printed, saved = _run_in_scratch(lambda: f(features, a_C, a_S, input_image, num_iterations=iterations))
    except ValueError as error:
        if "No gradients provided" not in str(error):
            raise
        t.fail(f"{call}: TensorFlow found no gradient of J with respect to the generated image. Hint: compute a_G and "
               "the three costs inside the `with tf.GradientTape() as tape:` block, so that the tape records them")
    if hasattr(result, "numpy") and not isinstance(result, np.ndarray):
        result = result.numpy()
    t.type(call, result, np.ndarray, "a numpy array, the generated image (generated_image.numpy())")
    if result.shape != start.shape:
        t.fail(f"{call}: the image has shape {result.shape}; expected {start.shape}, the shape of input_image")
    reports = PRINTED.findall(printed)
    if not reports:
        t.fail(f"{call} printed no costs (expected 'Iteration 0 :' and the three costs every 20 iterations); it "
               f"printed: {printed[:300]!r}")
    with hint("inside the tape: the generated image's activations from features(...), then the content cost of a_C and "
              "the generated activations of CONTENT_LAYER, the style cost of a_S and those activations over "
              "STYLE_LAYERS, and total_cost of the two with alpha=10 and beta=40"):
        for i, total, content, style in reports:
            t.close(f"costs printed at iteration {i} (total, content, style)",
                    np.array([float(total), float(content), float(style)]), **RUN)
    change = result.astype(np.float64) - start
    with hint("after the tape: the gradient of J with respect to the generated image (tape.gradient), then one step of "
              "the given Adam(learning_rate=2.0) with optimizer.apply_gradients on the (gradient, image) pair, at every "
              "iteration; return the image as a numpy array"):
        t.close("mean change of the pixels", float(change.mean()), rtol=0.05, atol=0.02)
        t.close("mean absolute change of the pixels", float(np.abs(change).mean()), rtol=0.01, atol=0.01)
    t.equal("files saved in output/", saved)


def _model_nn_given(height=24, width=32, iterations=3, noise_ratio=0.6, seed=1) -> str:
    return (f"features, a_C, a_S, input_image = optimisation_test_case(height={height}, width={width}, "
            f"noise_ratio={noise_ratio}, seed={seed}): the course's VGG-19 on the notebook's content and style "
            f"pictures shrunk to {height} x {width}; num_iterations={iterations}")


check_model_nn = Check("model_nn", _model_nn, [
    Case((), {
        "costs printed at iteration 0 (total, content, style)": [0.93001914, 0.06053401, 0.0081169745],
        "mean change of the pixels": -0.0914222555131548,
        "mean absolute change of the pixels": 4.535006012508853,
        "files saved in output/": ["0.png", "generated_image.jpg"],
    }, _model_nn_given()),
])
