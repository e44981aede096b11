"""SIGNS helpers for C4W1B (the ConvNet application), where each example is a row: X of shape (m, 64, 64, 3).

The loader and the one-hot conversion are those of ``tf_utils`` (C2W3); only the mini-batches differ, since the
ConvNet takes whole pictures, one per row, instead of flattened columns.
"""

from __future__ import annotations

from tf_utils import convert_to_one_hot, load_dataset, mini_batches

# Release order: random_mini_batches is a graded function of C2W2 (optimisation methods), here for rows.
__release_after__ = {"C2W2_Optimization_Methods": "random_mini_batches, a graded function there, given here"}
__all__ = ["load_dataset", "random_mini_batches", "convert_to_one_hot"]


def random_mini_batches(X, Y, mini_batch_size: int = 64, seed: int = 0) -> list:
    """Random mini-batches of (X, Y), one example per row.

    Arguments:
    X -- input pictures of shape (m, n_H, n_W, n_C)
    Y -- labels (one-hot) of shape (m, n_y)
    mini_batch_size -- size of each mini-batch
    seed -- seed of the shuffle, so that runs can be repeated

    Returns:
    mini_batches -- list of (mini_batch_X, mini_batch_Y)
    """
    return mini_batches(X, Y, mini_batch_size, seed, axis=0)
