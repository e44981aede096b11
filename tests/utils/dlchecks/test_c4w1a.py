"""The C4W1A checks (dlchecks.c4w1a): typical mistakes fail in plain words and the hidden
cases catch what the public ones cannot (the solutions and expected.json: test_expected.py)."""

import numpy as np
import pytest

from dlchecks import c4w1a
from dlchecks.core import CheckFailed

ID = "C4W1A_Convolution_Step_by_Step"
CHECKS = {name[len("check_"):]: getattr(c4w1a, name) for name in dir(c4w1a) if name.startswith("check_")}


# ------------------------------------------------------------------ wrong versions, written as a student might
def conv_forward_like(*, stride_in_slice=True, bias=True, pad_in_size=True, rounding=int, square=False):
    """conv_forward with one knob turned: the window's start without the stride, no bias, the output size without
    the padding, another rounding of the size, or the width taken from the height."""

    def conv_forward(A_prev, W, b, hparameters):
        m, n_H_prev, n_W_prev, _ = A_prev.shape
        f, _, _, n_C = W.shape
        stride, pad = hparameters["stride"], hparameters["pad"]
        size_pad = pad if pad_in_size else 0
        n_H = rounding((n_H_prev - f + 2 * size_pad) / stride) + 1
        n_W = n_H if square else rounding((n_W_prev - f + 2 * size_pad) / stride) + 1
        Z = np.zeros((m, n_H, n_W, n_C))
        padded = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
        step = stride if stride_in_slice else 1
        for i in range(m):
            for h in range(n_H):
                for w in range(n_W):
                    for c in range(n_C):
                        window = padded[i, h * step:h * step + f, w * step:w * step + f, :]
                        Z[i, h, w, c] = np.sum(window * W[..., c]) + (b[0, 0, 0, c] if bias else 0.0)
        return Z, (A_prev, W, b, hparameters)

    return conv_forward


def pool_forward_like(*, stride_in_slice=True, average_by=None, across_channels=False, rounding=int):
    """pool_forward with one knob turned: no stride in the slice, the average divided by another count, the window
    taken across all channels, or another rounding of the size."""

    def pool_forward(A_prev, hparameters, mode="max"):
        m, n_H_prev, n_W_prev, n_C = A_prev.shape
        f, stride = hparameters["f"], hparameters["stride"]
        n_H, n_W = rounding((n_H_prev - f) / stride) + 1, rounding((n_W_prev - f) / stride) + 1
        A = np.zeros((m, n_H, n_W, n_C))
        step = stride if stride_in_slice else 1
        for i in range(m):
            for h in range(n_H):
                for w in range(n_W):
                    for c in range(n_C):
                        rows, cols = slice(h * step, h * step + f), slice(w * step, w * step + f)
                        window = A_prev[i, rows, cols, :] if across_channels else A_prev[i, rows, cols, c]
                        if mode == "max":
                            A[i, h, w, c] = np.max(window)
                        else:
                            A[i, h, w, c] = np.sum(window) / (average_by(f) if average_by else window.size)
        return A, (A_prev, hparameters)

    return pool_forward


def conv_backward_like(*, unpad="right", accumulate=True, db_all_examples=True, dW_divided_by_m=False):
    """conv_backward with one knob turned: the padding cut with pad:-pad (the original hint) or with the height used
    for the width, `=` instead of `+=`, db from the last example only, dW divided by m."""

    def conv_backward(dZ, cache):
        A_prev, W, b, hparameters = cache
        m, n_H_prev, n_W_prev, _ = A_prev.shape
        f = W.shape[0]
        stride, pad = hparameters["stride"], hparameters["pad"]
        _, n_H, n_W, n_C = dZ.shape
        dA_prev, dW, db = np.zeros(A_prev.shape), np.zeros(W.shape), np.zeros(b.shape)
        A_pad = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
        dA_pad = np.pad(dA_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
        for i in range(m):
            if not db_all_examples:
                db[:] = 0.0
            for h in range(n_H):
                for w in range(n_W):
                    for c in range(n_C):
                        rows, cols = slice(h * stride, h * stride + f), slice(w * stride, w * stride + f)
                        if accumulate:
                            dA_pad[i, rows, cols, :] += W[..., c] * dZ[i, h, w, c]
                        else:
                            dA_pad[i, rows, cols, :] = W[..., c] * dZ[i, h, w, c]
                        dW[..., c] += A_pad[i, rows, cols, :] * dZ[i, h, w, c]
                        db[..., c] += dZ[i, h, w, c]
            if unpad == "seed":
                dA_prev[i] = dA_pad[i, pad:-pad, pad:-pad, :]
            elif unpad == "square":
                dA_prev[i] = dA_pad[i, pad:pad + n_H_prev, pad:pad + n_H_prev, :]
            else:
                dA_prev[i] = dA_pad[i, pad:pad + n_H_prev, pad:pad + n_W_prev, :]
        return dA_prev, dW / m if dW_divided_by_m else dW, db

    return conv_backward


def pool_backward_like(*, max_times="dA", average_of="dA", dA_at="output", accumulate=True):
    """pool_backward with one knob turned: the mask times the input window (the original listing), the spread of the
    input window's sum (the other original listing), dA read at [vert_start, horiz_start], `=` instead of `+=`."""

    def pool_backward(dA, cache, mode="max"):
        A_prev, hparameters = cache
        f, stride = hparameters["f"], hparameters["stride"]
        m, n_H, n_W, n_C = dA.shape
        dA_prev = np.zeros(A_prev.shape)
        for i in range(m):
            for h in range(n_H):
                for w in range(n_W):
                    for c in range(n_C):
                        rows, cols = slice(h * stride, h * stride + f), slice(w * stride, w * stride + f)
                        window = A_prev[i, rows, cols, c]
                        grad = dA[i, h, w, c] if dA_at == "output" else dA[i, h * stride, w * stride, c]
                        if mode == "max":
                            mask = window == np.max(window)
                            share = mask * (grad if max_times == "dA" else window)
                        else:
                            total = grad if average_of == "dA" else np.sum(A_prev[i, cols, rows, c])
                            share = np.ones((f, f)) * total / (f * f)
                        if accumulate:
                            dA_prev[i, rows, cols, c] += share
                        else:
                            dA_prev[i, rows, cols, c] = share
        return dA_prev

    return pool_backward


def test_the_wrong_versions_are_right_with_their_knobs_at_rest(capsys):
    """The mistakes below differ from a right answer by their knob only."""
    for name, right in [("conv_forward", conv_forward_like()), ("pool_forward", pool_forward_like()),
                        ("conv_backward", conv_backward_like()), ("pool_backward", pool_backward_like())]:
        CHECKS[name](right)
        assert f"{name}: all public tests passed" in capsys.readouterr().out


# ------------------------------------------------------------------ hidden cases and stand-ins
def test_hidden_tests_catch_what_the_public_test_cannot(run_hidden):
    """Wrong functions that pass the public test (its inputs are fixed) fail the grader's hidden cases."""
    cheats = {
        "conv_forward": conv_forward_like(rounding=round),  # the public sizes all divide exactly
        "pool_forward": pool_forward_like(rounding=round),
        "conv_backward": conv_backward_like(unpad="square"),  # the public inputs are square
        "distribute_value": lambda dz, shape: np.ones(shape) * dz / (2 * shape[1]),
        "zero_pad": lambda X, pad: np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0))) if pad else X.copy() + 1e-3,
    }
    for name, cheat in cheats.items():
        CHECKS[name](cheat)  # the public test cannot tell
        with pytest.raises(CheckFailed, match="a hidden test"):
            run_hidden(ID, name, cheat)


def test_stub_returning_none_gets_the_hint(fails):
    fails(c4w1a.check_zero_pad, lambda X, pad: None, "got None", "Did you replace every `None`")
    fails(c4w1a.check_conv_single_step, lambda a, W, b: None, "Z: got None")


# ------------------------------------------------------------------ zero_pad
def test_padding_every_axis_is_pointed_out(fails):
    fails(c4w1a.check_zero_pad, lambda X, pad: np.pad(X, pad), "x_pad.shape: expected (4, 7, 7, 2), got (8, 7, 7, 6)",
          "pad only the height and width axes")


def test_padding_one_side_only_is_pointed_out(fails):
    fails(c4w1a.check_zero_pad, lambda X, pad: np.pad(X, ((0, 0), (pad, 0), (pad, 0), (0, 0))),
          "expected (4, 7, 7, 2), got (4, 5, 5, 2)", "on each side")


def test_a_border_of_ones_is_pointed_out(fails):
    fails(c4w1a.check_zero_pad, lambda X, pad: np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), constant_values=1),
          "x_pad[1,1]: wrong values", "the border must be zeros")


# ------------------------------------------------------------------ conv_single_step
def test_forgetting_the_bias_fails(fails):
    fails(c4w1a.check_conv_single_step, lambda a, W, b: np.sum(a * W), "Z: wrong values", "add b once")


def test_the_bias_added_to_every_product_fails(fails):
    """The original listing's np.sum(a_slice_prev * W + b): b counted f * f * n_C_prev times."""
    message = fails(c4w1a.check_conv_single_step, lambda a, W, b: np.sum(a * W + b), "add b once")
    assert "-6.99908945" in message and "-23.160212" in message


def test_a_bias_left_as_an_array_is_pointed_out(fails):
    fails(c4w1a.check_conv_single_step, lambda a, W, b: np.sum(a * W) + b, "expected one number", "shape (1, 1, 1)",
          "b.item()")


# ------------------------------------------------------------------ conv_forward
def test_conv_forward_without_the_bias_fails(fails):
    fails(c4w1a.check_conv_forward, conv_forward_like(bias=False), "mean of Z: wrong values", "the bias b[:, :, :, c]")


def test_conv_forward_with_the_wrong_stride_in_the_slice_fails(fails):
    fails(c4w1a.check_conv_forward, conv_forward_like(stride_in_slice=False), "wrong values", "h*stride")


def test_conv_forward_size_without_the_padding_is_pointed_out(fails):
    fails(c4w1a.check_conv_forward, conv_forward_like(pad_in_size=False),
          "Z.shape: expected (10, 4, 4, 8), got (10, 2, 2, 8)", "floor((n_H_prev - f + 2 * pad) / stride) + 1")


def test_conv_forward_returning_only_Z_is_pointed_out(fails):
    fails(c4w1a.check_conv_forward, lambda *args: conv_forward_like()(*args)[0], "a tuple (Z, cache)")


# ------------------------------------------------------------------ pool_forward
def test_averaging_by_the_wrong_count_fails(fails):
    message = fails(c4w1a.check_pool_forward, pool_forward_like(average_by=lambda f: f), "A: wrong values", "f * f")
    assert 'mode = "average"' in message


def test_pooling_without_the_stride_in_the_slice_fails(fails):
    """The seed's case has one window per channel; the figure's (stride 2) catches it."""
    message = fails(c4w1a.check_pool_forward, pool_forward_like(stride_in_slice=False), "A: wrong values", "h*stride")
    assert "the figure's 4x4 input" in message


def test_pooling_across_channels_fails(fails):
    fails(c4w1a.check_pool_forward, pool_forward_like(across_channels=True), "A: wrong values",
          "one channel at a time")


# ------------------------------------------------------------------ conv_backward
def test_the_original_unpadding_hint_fails_for_pad_zero(fails):
    fails(c4w1a.check_conv_backward, conv_backward_like(unpad="seed"), "conv_backward raised ValueError",
          "pad:-pad would be empty")


def test_assigning_instead_of_adding_overlapping_windows_fails(fails):
    fails(c4w1a.check_conv_backward, conv_backward_like(accumulate=False), "dA_prev: wrong values",
          "+=: windows can overlap")


def test_db_of_one_example_only_fails(fails):
    fails(c4w1a.check_conv_backward, conv_backward_like(db_all_examples=False), "mean of db: wrong values",
          "summed over the examples")


def test_dW_averaged_over_the_examples_fails(fails):
    fails(c4w1a.check_conv_backward, conv_backward_like(dW_divided_by_m=True), "mean of dW: wrong values",
          "dW[:, :, :, c] += a_slice * dZ[i, h, w, c]")


# ------------------------------------------------------------------ create_mask_from_window
def test_a_mask_of_values_fails(fails):
    fails(c4w1a.check_create_mask_from_window, lambda x: x * (x == np.max(x)), "mask: wrong values",
          "compare x with np.max(x)")


def test_the_index_of_the_maximum_is_not_a_mask(fails):
    fails(c4w1a.check_create_mask_from_window, np.argmax, "mask: expected a numpy array")


def test_a_mask_of_the_minimum_fails(fails):
    fails(c4w1a.check_create_mask_from_window, lambda x: x == np.min(x), "mask: wrong values")


# ------------------------------------------------------------------ distribute_value
def test_sharing_by_the_wrong_count_fails(fails):
    message = fails(c4w1a.check_distribute_value, lambda dz, shape: np.ones(shape) * dz / (shape[0] + shape[1]),
                    "a: wrong values", "dz / (n_H * n_W)")
    assert "shape = (2, 3)" in message  # 2 + 2 = 2 * 2: the square case cannot tell


def test_sharing_by_the_height_only_fails(fails):
    fails(c4w1a.check_distribute_value, lambda dz, shape: np.ones(shape) * dz / shape[0], "a: wrong values",
          "dz = 2, shape = (2, 2)")


def test_a_number_instead_of_an_array_fails(fails):
    fails(c4w1a.check_distribute_value, lambda dz, shape: dz / (shape[0] * shape[1]), "a: expected a numpy array")


# ------------------------------------------------------------------ pool_backward
def test_the_max_mask_times_the_input_fails(fails):
    """The original listing's mask * a_prev_slice: its printout is the seed's [6.63920871, 1.48408832]."""
    message = fails(c4w1a.check_pool_backward, pool_backward_like(max_times="input"), "dA_prev[1,1]: wrong values",
                    "not the input values")
    assert "6.63920871" in message and 'mode = "max"' in message


def test_dA_read_at_the_window_corner_fails_with_a_stride(fails):
    """dA[i, vert_start, horiz_start, c] is right only for stride 1 (the seed's case): the figure's stride 2 catches it."""
    fails(c4w1a.check_pool_backward, pool_backward_like(dA_at="corner"), "pool_backward raised IndexError",
          "the gradient of output (h, w) is dA[i, h, w, c]")


def test_spreading_the_input_instead_of_the_gradient_fails(fails):
    """The other original listing: the sum of an input window (rows and columns swapped) spread over the window."""
    message = fails(c4w1a.check_pool_backward, pool_backward_like(average_of="input"), "dA_prev[1,1]: wrong values",
                    "distribute_value(dA[i, h, w, c], (f, f))")
    assert "-0.18169846" in message


def test_assigning_instead_of_adding_in_pool_backward_fails(fails):
    fails(c4w1a.check_pool_backward, pool_backward_like(accumulate=False), "dA_prev[1,1]: wrong values")


# ------------------------------------------------------------------ a None stored into an array
def test_a_None_stored_into_the_output_gets_the_hint(fails):
    """`A[i, h, w, c] = None` (the blank stub) makes NaN, not an error: the check says where it comes from."""

    def pool_forward(A_prev, hparameters, mode="max"):
        A, cache = pool_forward_like()(A_prev, hparameters, mode)
        A[0, 0, 0, 0] = None
        return A, cache

    fails(c4w1a.check_pool_forward, pool_forward, "A holds NaN (not a number) in 1 of its 6 entries",
          "Did you replace every `None`")
