"""Loader for the cat / non-cat data set (C1W2, C1W4B)."""

from __future__ import annotations

import h5py
import numpy as np
from course_data import data_file


def load_dataset():
    """Load the cat / non-cat images and labels.

    Returns:
    train_set_x_orig -- uint8 array of shape (209, 64, 64, 3), the training images
    train_set_y -- int64 array of shape (1, 209), 1 for a cat and 0 otherwise
    test_set_x_orig -- uint8 array of shape (50, 64, 64, 3), the test images
    test_set_y -- int64 array of shape (1, 50)
    classes -- array of the class names [b'non-cat', b'cat']
    """
    with h5py.File(data_file("train_catvnoncat.h5"), "r") as train:
        train_set_x_orig = np.array(train["train_set_x"][:])
        train_set_y = np.array(train["train_set_y"][:])
    with h5py.File(data_file("test_catvnoncat.h5"), "r") as test:
        test_set_x_orig = np.array(test["test_set_x"][:])
        test_set_y = np.array(test["test_set_y"][:])
        classes = np.array(test["list_classes"][:])
    return (
        train_set_x_orig,
        train_set_y.reshape((1, train_set_y.shape[0])),
        test_set_x_orig,
        test_set_y.reshape((1, test_set_y.shape[0])),
        classes,
    )
