"""Happy House helpers for C4W2A (Keras): the smiling / not smiling pictures and one extra metric.

The pictures come from ``make datasets`` (``datasets/make_happy.py``) or from the original course's
``train_happy.h5`` / ``test_happy.h5`` when a user puts them in ``DLCOURSE_DATA``.
"""

from __future__ import annotations

from course_data import load_h5_dataset

__all__ = ["load_dataset", "mean_pred"]


def load_dataset():
    """Load the Happy House pictures and labels.

    Returns:
    train_set_x_orig -- uint8 array of shape (600, 64, 64, 3)
    train_set_y_orig -- int64 array of shape (1, 600), 1 for a smiling face and 0 otherwise
    test_set_x_orig -- uint8 array of shape (150, 64, 64, 3)
    test_set_y_orig -- int64 array of shape (1, 150)
    classes -- array [0, 1]
    """
    return load_h5_dataset("happy")


def mean_pred(y_true, y_pred):
    """A Keras metric: the mean predicted probability over a batch (how often the model says "smiling")."""
    import keras

    return keras.ops.mean(y_pred)
