"""The SIGNS helpers of the TensorFlow assignments: tf_utils (C2W3, examples in columns), cnn_utils (C4W1B, examples in
rows) and kt_utils (C4W2A, the Happy House)."""

import cnn_utils
import kt_utils
import numpy as np
import pytest
import tf_utils


def test_load_dataset_gives_the_original_shapes():
    x, y, xt, yt, classes = tf_utils.load_dataset()
    assert x.shape == (1080, 64, 64, 3) and x.dtype == np.uint8 and y.shape == (1, 1080)
    assert xt.shape == (120, 64, 64, 3) and yt.shape == (1, 120)
    assert classes.tolist() == [0, 1, 2, 3, 4, 5]
    assert cnn_utils.load_dataset is tf_utils.load_dataset
    hx, hy, hxt, hyt, hclasses = kt_utils.load_dataset()
    assert hx.shape == (600, 64, 64, 3) and hy.shape == (1, 600) and hxt.shape == (150, 64, 64, 3)
    assert hyt.shape == (1, 150) and hclasses.tolist() == [0, 1]


def test_convert_to_one_hot_puts_one_example_in_each_column():
    one_hot = tf_utils.convert_to_one_hot(np.array([[1, 2, 3, 0, 2, 1]]), 4)
    assert one_hot.shape == (4, 6)
    assert one_hot.argmax(axis=0).tolist() == [1, 2, 3, 0, 2, 1] and one_hot.sum(axis=0).tolist() == [1] * 6


@pytest.mark.parametrize("fortran", [False, True], ids=["C order", "Fortran order"])
def test_random_mini_batches_shuffle_as_the_course_does_in_either_memory_order(fortran):
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(5, 148)), rng.integers(0, 2, (2, 148)).astype(float)
    if fortran:
        X, Y = np.asfortranarray(X), np.asfortranarray(Y)
    batches = tf_utils.random_mini_batches(X, Y, 64, seed=3)
    np.random.seed(3)
    order = np.random.permutation(148)  # the C2W2 recipe: one permutation of the columns, then slices in order
    assert [b[0].shape[1] for b in batches] == [64, 64, 20]
    assert np.array_equal(np.concatenate([b[0] for b in batches], axis=1), X[:, order])
    assert np.array_equal(np.concatenate([b[1] for b in batches], axis=1), Y[:, order])


def test_cnn_mini_batches_take_rows_with_the_same_shuffle():
    rng = np.random.default_rng(1)
    X, Y = rng.normal(size=(70, 4, 4, 3)), np.eye(6)[rng.integers(0, 6, 70)]
    rows = cnn_utils.random_mini_batches(X, Y, 32, seed=5)
    columns = tf_utils.random_mini_batches(X.reshape(70, -1).T, Y.T, 32, seed=5)
    assert [b[0].shape for b in rows] == [(32, 4, 4, 3), (32, 4, 4, 3), (6, 4, 4, 3)]
    for (x_rows, y_rows), (x_columns, y_columns) in zip(rows, columns, strict=True):
        assert np.array_equal(x_rows.reshape(len(x_rows), -1).T, x_columns) and np.array_equal(y_rows.T, y_columns)


def test_predict_is_the_argmax_of_the_three_layer_network():
    pytest.importorskip("tensorflow")
    rng = np.random.default_rng(2)
    sizes = (7, 5, 4, 6)
    parameters = {}
    for layer in (1, 2, 3):
        parameters[f"W{layer}"] = rng.normal(size=(sizes[layer], sizes[layer - 1]))
        parameters[f"b{layer}"] = rng.normal(size=(sizes[layer], 1))
    X = rng.normal(size=(7, 9))
    A = X
    for layer in (1, 2, 3):
        Z = parameters[f"W{layer}"] @ A + parameters[f"b{layer}"]
        A = np.maximum(Z, 0) if layer < 3 else Z
    assert tf_utils.predict(X, parameters).tolist() == A.argmax(axis=0).tolist()
