"""Loader for the cat / non-cat data set (C1W2, C1W4B)."""

from __future__ import annotations

from course_data import load_h5_dataset


def load_dataset():
    """Load the cat / non-cat images and labels.

    Returns:
    train_set_x_orig -- uint8 array of shape (209, 64, 64, 3), the training images
    train_set_y -- int64 array of shape (1, 209), 1 for a cat and 0 otherwise
    test_set_x_orig -- uint8 array of shape (50, 64, 64, 3), the test images
    test_set_y -- int64 array of shape (1, 50)
    classes -- array of the class names [b'non-cat', b'cat']
    """
    return load_h5_dataset("catvnoncat")
