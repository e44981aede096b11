"""Checks of C4W1A Convolutional model, step by step: the public tests and the probes the grader also runs.

The public inputs are drawn here as the seed draws them (``np.random.seed(1)`` and ``randn``, reproduced with a
``RandomState(1)`` so that the notebook's global seed is left alone), plus small integer examples (the 5x5 image and
3x3 filter, the 4x4 pooling input) whose results can be checked by hand. The expected values are the numbers the seed
prints, except for ``pool_backward``, where the seed's printout comes from a faulty listing (see the notebook's
errata) and the expected values are the gradient's.

Outputs that are too large to type are summarised for the seed's inputs as the seed prints them (a mean, a few
entries); a case whose last input is ``True`` ("whole") compares every entry instead: the small public examples and
all hidden cases.
"""

from __future__ import annotations

import numpy as np

from .core import NONE_HINT, Case, Check, CheckFailed, explain_none_errors

ASSIGNMENT = "C4W1A_Convolution_Step_by_Step"
explain_none_errors()  # the None hint under errors in any cell of the notebook

WHOLE = True  # the flag that makes a probe compare whole outputs


# ------------------------------------------------------------------ the inputs
def _seeded(*shapes):
    """Arrays drawn one after the other with randn after np.random.seed(1), as the seed's test cells draw them."""
    rng = np.random.RandomState(1)
    return [rng.randn(*shape) for shape in shapes]


# the seed's pictures, as arrays: a 5x5 binary image, a 3x3 filter, and the 4x4 input of the pooling figure
FIGURE_IMAGE = np.array([[1, 1, 1, 0, 0],
                         [0, 1, 1, 1, 0],
                         [0, 0, 1, 1, 1],
                         [0, 0, 1, 1, 0],
                         [0, 1, 1, 0, 0]], dtype=float)
FIGURE_FILTER = np.array([[1, 0, 1],
                          [0, 1, 0],
                          [1, 0, 1]], dtype=float)
FIGURE_POOL = np.array([[2, 3, 1, 9],
                        [4, 7, 3, 5],
                        [8, 2, 2, 2],
                        [1, 3, 4, 5]], dtype=float)


def _as_batch(image):
    """One single-channel image (n_H, n_W) as a batch of shape (1, n_H, n_W, 1)."""
    return image.reshape(1, *image.shape, 1)


def conv_seed_inputs():
    """A_prev (10, 4, 4, 3), W (2, 2, 3, 8), b (1, 1, 1, 8) and hparameters {"pad": 2, "stride": 2}: the seed's case."""
    A_prev, W, b = _seeded((10, 4, 4, 3), (2, 2, 3, 8), (1, 1, 1, 8))
    return A_prev, W, b, {"pad": 2, "stride": 2}


def _seed_conv_output():
    """The Z of the seed's conv_forward case, which the seed then feeds to conv_backward as dZ.

    With f = stride = pad = 2 the windows tile the padded 8x8 input without overlap: the outer ring of windows sees
    only zeros (Z = b there) and the inner 2x2 windows are the 2x2 tiles of the unpadded 4x4 input. A shortcut for
    this one case only, not a way to compute a convolution in general.
    """
    A_prev, W, b, _ = conv_seed_inputs()
    tiles = A_prev.reshape(10, 2, 2, 2, 2, 3)  # [example, tile row, row in tile, tile column, column in tile, channel]
    Z = np.broadcast_to(b, (10, 4, 4, 8)).copy()
    Z[:, 1:3, 1:3, :] += np.einsum("ihrwsk,rskc->ihwc", tiles, W)
    return Z


def pool_backward_seed_inputs():
    """A_prev (5, 5, 3, 2), hparameters {"stride": 1, "f": 2} and dA (5, 4, 2, 2): the seed's case."""
    A_prev, dA = _seeded((5, 5, 3, 2), (5, 4, 2, 2))
    return A_prev, {"stride": 1, "f": 2}, dA


# ------------------------------------------------------------------ helpers of the probes
def _hinted(hint: str, compare, *args, **kwargs):
    """Run one comparison; a failing public test says what usually causes it (the grader records only)."""
    try:
        compare(*args, **kwargs)
    except CheckFailed as failure:
        raise CheckFailed(f"{failure}\n    hint: {hint}") from None


def _array(t, label, got):
    return t.type(label, got, np.ndarray, "a numpy array")


def _no_nan(t, label: str, got: np.ndarray) -> None:
    """A None stored into an array of floats (`A[i, h, w, c] = None`, a blank stub) silently becomes NaN: say so."""
    if got.dtype.kind == "f" and np.isnan(got).any():
        t.fail(f"{label} holds NaN (not a number) in {int(np.isnan(got).sum())} of its {got.size} entries: numpy stores "
               f"a None assigned into an array of floats as NaN. {NONE_HINT}")


def _shape(t, label: str, got: np.ndarray, want: tuple, hint: str) -> None:
    """The shape first (the other outputs are read by index): a wrong one fails here, with a hint, in both modes."""
    shape = tuple(int(n) for n in got.shape)
    if shape != tuple(want):
        t.fail(f"{label}: expected {tuple(want)}, got {shape}\n    hint: {hint}")
    t.equal(label, shape)


# ------------------------------------------------------------------ zero_pad
_PAD_SHAPE = "pad only the height and width axes (1 and 2), by `pad` on each side; the m and n_C axes get (0, 0)"
_PAD_VALUES = "the border must be zeros (mode 'constant', constant_values=0) and the inside the unchanged input"


def _zero_pad(t, f, X, pad, whole=False):
    X_pad = _array(t, "zero_pad(x, pad)", f(X, pad))
    m, n_H, n_W, n_C = X.shape
    _shape(t, "x_pad.shape", X_pad, (m, n_H + 2 * pad, n_W + 2 * pad, n_C), _PAD_SHAPE)
    if whole:
        _hinted(_PAD_VALUES, t.close, "x_pad", X_pad)
    else:
        _hinted(_PAD_VALUES, t.close, "x_pad[1,1]", X_pad[1, 1])
        _hinted(_PAD_VALUES, t.close, "x_pad[1,3] (x[1,1] between two zero rows on each side)", X_pad[1, 3])


_ZEROS = [[0.0, 0.0]]
check_zero_pad = Check("zero_pad", _zero_pad, [
    Case((*_seeded((4, 3, 3, 2)), 2), {
        "x_pad.shape": (4, 7, 7, 2),
        "x_pad[1,1]": _ZEROS * 7,
        "x_pad[1,3] (x[1,1] between two zero rows on each side)":
            _ZEROS * 2 + [[0.90085595, -0.68372786], [-0.12289023, -0.93576943], [-0.26788808, 0.53035547]] + _ZEROS * 2,
    }, "np.random.seed(1); x = np.random.randn(4, 3, 3, 2); pad = 2"),
    Case((np.arange(1.0, 5.0).reshape(1, 2, 2, 1), 1, WHOLE), {
        "x_pad.shape": (1, 4, 4, 1),
        "x_pad": [[[[0.0], [0.0], [0.0], [0.0]],
                   [[0.0], [1.0], [2.0], [0.0]],
                   [[0.0], [3.0], [4.0], [0.0]],
                   [[0.0], [0.0], [0.0], [0.0]]]],
    }, "x = the 2x2 image [[1, 2], [3, 4]] as shape (1, 2, 2, 1); pad = 1"),
])


# ------------------------------------------------------------------ conv_single_step
_SINGLE_SHAPE = ("Z must be one number, shape (); b has shape (1, 1, 1): add it as a number, e.g. b.item() "
                 "(float(b) of an array with dimensions is an error in numpy 2)")
_SINGLE_VALUE = "multiply a_slice_prev and W entry by entry, sum everything, then add b once (not to every product)"


def _conv_single_step(t, f, a_slice_prev, W, b):
    Z = f(a_slice_prev, W, b)
    if Z is not None and np.shape(Z) != ():
        t.fail(f"Z: expected one number, got an array of shape {np.shape(Z)}\n    hint: {_SINGLE_SHAPE}")
    _hinted(_SINGLE_VALUE, t.close, "Z", Z)


check_conv_single_step = Check("conv_single_step", _conv_single_step, [
    Case(tuple(_seeded((4, 4, 3), (4, 4, 3), (1, 1, 1))), {"Z": -6.999089450680221},
         "np.random.seed(1); a_slice_prev = np.random.randn(4, 4, 3); W = np.random.randn(4, 4, 3); "
         "b = np.random.randn(1, 1, 1)"),
    Case((FIGURE_IMAGE[2:, 2:].reshape(3, 3, 1), FIGURE_FILTER.reshape(3, 3, 1), np.full((1, 1, 1), 0.5)), {"Z": 4.5},
         "the lower right 3x3 window of the figure's image, the figure's filter [[1, 0, 1], [0, 1, 0], [1, 0, 1]] "
         "(one channel) and b = 0.5: 4 + 0.5"),
])


# ------------------------------------------------------------------ conv_forward
_CONV_SHAPE = ("n_H = floor((n_H_prev - f + 2 * pad) / stride) + 1, the same for n_W, and n_C = W.shape[3] "
               "(the number of filters)")
_CONV_VALUES = ("Z[i, h, w, c] uses the window a_prev_pad[h*stride : h*stride + f, w*stride : w*stride + f, :] of the "
                "PADDED example, the filter W[:, :, :, c] and the bias b[:, :, :, c]")


def _conv_output_shape(A_prev, W, hparameters):
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    f, _, _, n_C = W.shape
    pad, stride = hparameters["pad"], hparameters["stride"]
    return m, (n_H_prev - f + 2 * pad) // stride + 1, (n_W_prev - f + 2 * pad) // stride + 1, n_C


def _conv_forward(t, f, A_prev, W, b, hparameters, whole=False):
    Z, cache = t.tuple("conv_forward(A_prev, W, b, hparameters)", f(A_prev, W, b, hparameters), ("Z", "cache"))
    Z = _array(t, "Z", Z)
    _shape(t, "Z.shape", Z, _conv_output_shape(A_prev, W, hparameters), _CONV_SHAPE)
    _no_nan(t, "Z", Z)
    cache = t.tuple("cache", cache, ("A_prev", "W", "b", "hparameters"))
    if whole:
        _hinted(_CONV_VALUES, t.close, "Z", Z)
        return
    _hinted(_CONV_VALUES, t.close, "mean of Z", np.mean(Z))
    _hinted(_CONV_VALUES, t.close, "Z[3,2,1]", Z[3, 2, 1])
    t.close("cache_conv[0][1][2][3]", cache[0][1][2][3])


check_conv_forward = Check("conv_forward", _conv_forward, [
    Case(conv_seed_inputs(), {
        "Z.shape": (10, 4, 4, 8),
        "mean of Z": 0.048995203528855794,
        "Z[3,2,1]": [-0.61490741, -6.7439236, -2.55153897, 1.75698377, 3.56208902, 0.53036437, 5.18531798, 8.75898442],
        "cache_conv[0][1][2][3]": [-0.20075807, 0.18656139, 0.41005165],
    }, 'np.random.seed(1); A_prev = np.random.randn(10, 4, 4, 3); W = np.random.randn(2, 2, 3, 8); '
       'b = np.random.randn(1, 1, 1, 8); hparameters = {"pad": 2, "stride": 2}'),
    Case((_as_batch(FIGURE_IMAGE), FIGURE_FILTER.reshape(3, 3, 1, 1), np.zeros((1, 1, 1, 1)), {"pad": 0, "stride": 1},
          WHOLE), {
        "Z.shape": (1, 3, 3, 1),
        "Z": [[[[4.0], [3.0], [4.0]], [[2.0], [4.0], [3.0]], [[2.0], [3.0], [4.0]]]],
    }, 'the figure: a 5x5 image (1, 5, 5, 1), the 3x3 filter [[1, 0, 1], [0, 1, 0], [1, 0, 1]] (3, 3, 1, 1), b = 0, '
       '{"pad": 0, "stride": 1}'),
    Case((_as_batch(FIGURE_IMAGE), FIGURE_FILTER.reshape(3, 3, 1, 1), np.ones((1, 1, 1, 1)), {"pad": 1, "stride": 2},
          WHOLE), {
        "Z.shape": (1, 3, 3, 1),
        "Z": [[[[3.0], [4.0], [2.0]], [[2.0], [5.0], [4.0]], [[1.0], [3.0], [2.0]]]],
    }, 'the figure\'s image and filter with b = 1, {"pad": 1, "stride": 2}'),
])


# ------------------------------------------------------------------ pool_forward
_POOL_SHAPE = "no padding here: n_H = floor((n_H_prev - f) / stride) + 1, the same for n_W, and n_C = n_C_prev"
_POOL_VALUES = {
    "max": "A[i, h, w, c] is np.max of the window A_prev[i, h*stride : h*stride + f, w*stride : w*stride + f, c] "
           "(one channel at a time)",
    "average": "A[i, h, w, c] is np.mean of the window A_prev[i, h*stride : h*stride + f, w*stride : w*stride + f, c] "
               "(the sum divided by f * f)",
}


def _pool_forward(t, f, A_prev, hparameters, mode):
    A, cache = t.tuple(f'pool_forward(A_prev, hparameters, mode="{mode}")', f(A_prev, hparameters, mode=mode),
                       ("A", "cache"))
    A = _array(t, "A", A)
    m, n_H_prev, n_W_prev, n_C = A_prev.shape
    size, stride = hparameters["f"], hparameters["stride"]
    want = (m, (n_H_prev - size) // stride + 1, (n_W_prev - size) // stride + 1, n_C)
    _shape(t, "A.shape", A, want, _POOL_SHAPE)
    _no_nan(t, "A", A)
    t.tuple("cache", cache, ("A_prev", "hparameters"))
    _hinted(_POOL_VALUES.get(mode, ""), t.close, "A", A)


_POOL_SEED = 'np.random.seed(1); A_prev = np.random.randn(2, 4, 4, 3); hparameters = {"stride": 2, "f": 3}; '
_POOL_FIGURE = 'the figure\'s 4x4 input as shape (1, 4, 4, 1), hparameters = {"stride": 2, "f": 2}; '
_FIGURE_HP = {"stride": 2, "f": 2}

check_pool_forward = Check("pool_forward", _pool_forward, [
    Case((*_seeded((2, 4, 4, 3)), {"stride": 2, "f": 3}, "max"), {
        "A.shape": (2, 1, 1, 3),
        "A": [[[[1.74481176, 0.86540763, 1.13376944]]], [[[1.13162939, 1.51981682, 2.18557541]]]],
    }, _POOL_SEED + 'mode = "max"'),
    Case((*_seeded((2, 4, 4, 3)), {"stride": 2, "f": 3}, "average"), {
        "A.shape": (2, 1, 1, 3),
        "A": [[[[0.02105773, -0.20328806, -0.40389855]]], [[[-0.22154621, 0.51716526, 0.48155844]]]],
    }, _POOL_SEED + 'mode = "average"'),
    Case((_as_batch(FIGURE_POOL), _FIGURE_HP, "max"), {
        "A.shape": (1, 2, 2, 1),
        "A": [[[[7.0], [9.0]], [[8.0], [5.0]]]],
    }, _POOL_FIGURE + 'mode = "max"'),
    Case((_as_batch(FIGURE_POOL), _FIGURE_HP, "average"), {
        "A.shape": (1, 2, 2, 1),
        "A": [[[[4.0], [4.5]], [[3.5], [3.25]]]],
    }, _POOL_FIGURE + 'mode = "average"'),
])


# ------------------------------------------------------------------ conv_backward
_CONV_BACKWARD = {
    "dA_prev": ("each window of the padded example gets W[:, :, :, c] * dZ[i, h, w, c] added (+=: windows can overlap); "
                "then cut the padding off with da_prev_pad[pad:pad + n_H_prev, pad:pad + n_W_prev, :] "
                "(with pad = 0 the slice pad:-pad would be empty)"),
    "dW": "dW[:, :, :, c] += a_slice * dZ[i, h, w, c], with a_slice the window of the PADDED example",
    "db": "db[:, :, :, c] += dZ[i, h, w, c], summed over the examples and all positions",
}


def _conv_backward(t, f, dZ, cache, whole=False):
    A_prev, W, b, _ = cache
    grads = t.tuple("conv_backward(dZ, cache)", f(dZ, cache), ("dA_prev", "dW", "db"))
    for name, got, like in zip(("dA_prev", "dW", "db"), grads, (A_prev, W, b), strict=True):
        got = _array(t, name, got)
        _shape(t, f"{name}.shape", got, like.shape, f"{name} has the shape of {name[1:]}")
        _no_nan(t, name, got)
        if whole:
            _hinted(_CONV_BACKWARD[name], t.close, name, got)
        else:
            _hinted(_CONV_BACKWARD[name], t.close, f"mean of {name}", np.mean(got))


check_conv_backward = Check("conv_backward", _conv_backward, [
    Case((_seed_conv_output(), conv_seed_inputs()), {
        "dA_prev.shape": (10, 4, 4, 3), "mean of dA_prev": 1.4524377775388075,
        "dW.shape": (2, 2, 3, 8), "mean of dW": 1.7269914583139097,
        "db.shape": (1, 1, 1, 8), "mean of db": 7.839232564616838,
    }, "the seed's case: dZ = Z and cache = cache_conv from conv_forward's test (A_prev (10, 4, 4, 3), "
       'W (2, 2, 3, 8), {"pad": 2, "stride": 2})'),
    Case((np.array([1.0, 2.0, 3.0, 4.0]).reshape(1, 2, 2, 1),
          (np.arange(1.0, 10.0).reshape(1, 3, 3, 1), np.array([1.0, 0.0, 0.0, -1.0]).reshape(2, 2, 1, 1),
           np.zeros((1, 1, 1, 1)), {"pad": 0, "stride": 1}), WHOLE), {
        "dA_prev.shape": (1, 3, 3, 1),
        "dA_prev": [[[[1.0], [2.0], [0.0]], [[3.0], [3.0], [-2.0]], [[0.0], [-3.0], [-4.0]]]],
        "dW.shape": (2, 2, 1, 1),
        "dW": [[[[37.0]], [[47.0]]], [[[67.0]], [[77.0]]]],
        "db.shape": (1, 1, 1, 1),
        "db": [[[[10.0]]]],
    }, 'A_prev = the 3x3 image [[1, 2, 3], [4, 5, 6], [7, 8, 9]], W = [[1, 0], [0, -1]], b = 0, '
       '{"pad": 0, "stride": 1}, dZ = [[1, 2], [3, 4]] (one example, one channel; overlapping windows, and pad = 0, '
       'where the slice pad:-pad would be empty)'),
])


# ------------------------------------------------------------------ create_mask_from_window
_MASK = "True (or 1) where x equals its maximum, False (0) everywhere else: compare x with np.max(x)"


def _create_mask_from_window(t, f, x):
    mask = _array(t, "mask", f(x))
    _shape(t, "mask.shape", mask, x.shape, "the mask has the shape of x")
    _hinted(_MASK, t.close, "mask", mask)


check_create_mask_from_window = Check("create_mask_from_window", _create_mask_from_window, [
    Case(tuple(_seeded((2, 3))), {
        "mask.shape": (2, 3), "mask": [[True, False, False], [False, False, False]],
    }, "np.random.seed(1); x = np.random.randn(2, 3)"),
    Case((np.array([[1.0, 3.0], [4.0, 2.0]]),), {
        "mask.shape": (2, 2), "mask": [[False, False], [True, False]],
    }, "x = np.array([[1, 3], [4, 2]])"),
])


# ------------------------------------------------------------------ distribute_value
_DISTRIBUTE = "every entry gets dz / (n_H * n_W): the value is shared equally by the n_H * n_W entries"


def _distribute_value(t, f, dz, shape):
    a = _array(t, "a", f(dz, shape))
    _shape(t, "a.shape", a, shape, "the result has the given shape (n_H, n_W)")
    _hinted(_DISTRIBUTE, t.close, "a", a)


check_distribute_value = Check("distribute_value", _distribute_value, [
    Case((2, (2, 2)), {"a.shape": (2, 2), "a": [[0.5, 0.5], [0.5, 0.5]]}, "dz = 2, shape = (2, 2)"),
    Case((6.0, (2, 3)), {"a.shape": (2, 3), "a": [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]},
         "dz = 6.0, shape = (2, 3): 6 entries"),
])


# ------------------------------------------------------------------ pool_backward
_POOL_BACKWARD = {
    "max": ("in max mode each window of dA_prev gets mask * dA[i, h, w, c] added: the mask (from the input window) says "
            "where the gradient goes, dA[i, h, w, c] how much (not the input values, not dA at [vert_start, horiz_start])"),
    "average": "in average mode each window of dA_prev gets distribute_value(dA[i, h, w, c], (f, f)) added",
}


def _pool_backward(t, f, dA, cache, mode, whole=False):
    A_prev, _ = cache
    dA_prev = _array(t, f'pool_backward(dA, cache, mode="{mode}")', f(dA, cache, mode=mode))
    _shape(t, "dA_prev.shape", dA_prev, A_prev.shape, "dA_prev has the shape of A_prev")
    _no_nan(t, "dA_prev", dA_prev)
    hint = _POOL_BACKWARD.get(mode, "")
    if whole:
        _hinted(hint, t.close, "dA_prev", dA_prev)
    else:
        _hinted(hint, t.close, "dA_prev[1,1]", dA_prev[1, 1])


def _pool_backward_seed(mode):
    A_prev, hparameters, dA = pool_backward_seed_inputs()
    return dA, (A_prev, hparameters), mode


_POOL_BACKWARD_SEED = ('np.random.seed(1); A_prev = np.random.randn(5, 5, 3, 2); hparameters = {"stride": 1, "f": 2}; '
                       "cache = (A_prev, hparameters); dA = np.random.randn(5, 4, 2, 2); ")
_POOL_BACKWARD_FIGURE = ('the figure\'s 4x4 input as A_prev (1, 4, 4, 1), hparameters = {"stride": 2, "f": 2}, '
                         "dA = [[1, 2], [3, 4]] (1, 2, 2, 1), stride 2: the gradient of output (h, w) is "
                         "dA[i, h, w, c]; ")
_FIGURE_DA = np.array([1.0, 2.0, 3.0, 4.0]).reshape(1, 2, 2, 1)

check_pool_backward = Check("pool_backward", _pool_backward, [
    Case(_pool_backward_seed("max"), {
        "dA_prev.shape": (5, 5, 3, 2),
        "dA_prev[1,1]": [[0.0, 0.0], [5.05844394, -1.68282702], [0.0, 0.0]],
    }, _POOL_BACKWARD_SEED + 'mode = "max"'),
    Case(_pool_backward_seed("average"), {
        "dA_prev.shape": (5, 5, 3, 2),
        "dA_prev[1,1]": [[0.08485462, 0.2787552], [1.26461098, -0.25749373], [1.17975636, -0.53624893]],
    }, _POOL_BACKWARD_SEED + 'mode = "average"'),
    Case((_FIGURE_DA, (_as_batch(FIGURE_POOL), _FIGURE_HP), "max", WHOLE), {
        "dA_prev.shape": (1, 4, 4, 1),
        "dA_prev": [[[[0.0], [0.0], [0.0], [2.0]], [[0.0], [1.0], [0.0], [0.0]],
                     [[3.0], [0.0], [0.0], [0.0]], [[0.0], [0.0], [0.0], [4.0]]]],
    }, _POOL_BACKWARD_FIGURE + 'mode = "max": each gradient goes to its window\'s maximum (7, 9, 8, 5)'),
    Case((_FIGURE_DA, (_as_batch(FIGURE_POOL), _FIGURE_HP), "average", WHOLE), {
        "dA_prev.shape": (1, 4, 4, 1),
        "dA_prev": [[[[0.25], [0.25], [0.5], [0.5]], [[0.25], [0.25], [0.5], [0.5]],
                     [[0.75], [0.75], [1.0], [1.0]], [[0.75], [0.75], [1.0], [1.0]]]],
    }, _POOL_BACKWARD_FIGURE + 'mode = "average"'),
])
