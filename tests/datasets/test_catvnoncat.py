import sys
from pathlib import Path

import h5py
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "datasets"))
import make_catvnoncat  # noqa: E402


def test_file_format_matches_the_original():
    with h5py.File(ROOT / "datasets" / "train_catvnoncat.h5") as f:
        assert set(f) == {"train_set_x", "train_set_y", "list_classes"}
        assert f["train_set_x"].shape == (209, 64, 64, 3) and f["train_set_x"].dtype == np.uint8
        assert f["train_set_y"].shape == (209,) and f["train_set_y"].dtype == np.int64
        assert f["list_classes"].dtype == np.dtype("S7")
        assert int(f["train_set_y"][:].sum()) == 72
    with h5py.File(ROOT / "datasets" / "test_catvnoncat.h5") as f:
        assert set(f) == {"test_set_x", "test_set_y", "list_classes"}
        assert f["test_set_x"].shape == (50, 64, 64, 3)
        assert int(f["test_set_y"][:].sum()) == 33


def test_generation_is_deterministic(tmp_path):
    make_catvnoncat.generate(tmp_path, None)
    for name, key in (("train_catvnoncat.h5", "train_set_x"), ("test_catvnoncat.h5", "test_set_x")):
        with h5py.File(tmp_path / name) as new, h5py.File(ROOT / "datasets" / name) as shipped:
            assert np.array_equal(new[key][:], shipped[key][:])


def test_the_lesson_holds_logistic_regression_overfits():
    """C1W2's model (zeros, lr 0.005, 2000 steps) fits the training set and does clearly worse on the test set."""
    with h5py.File(ROOT / "datasets" / "train_catvnoncat.h5") as f:
        X, Y = f["train_set_x"][:].reshape(209, -1).T / 255.0, f["train_set_y"][:].reshape(1, -1)
    with h5py.File(ROOT / "datasets" / "test_catvnoncat.h5") as f:
        Xt, Yt = f["test_set_x"][:].reshape(50, -1).T / 255.0, f["test_set_y"][:].reshape(1, -1)
    w, b = np.zeros((X.shape[0], 1)), 0.0
    for _ in range(2000):
        A = 1 / (1 + np.exp(-(w.T @ X + b)))
        w -= 0.005 * X @ (A - Y).T / 209
        b -= 0.005 * float(np.mean(A - Y))
    train = 100 * np.mean(((w.T @ X + b) > 0) == Y)
    test = 100 * np.mean(((w.T @ Xt + b) > 0) == Yt)
    assert train >= 95 and 60 <= test <= 80 and train - test >= 20, (train, test)


@pytest.mark.slow
def test_the_lesson_holds_deeper_networks_generalise_better(solutions):
    """C1W4B: logistic regression (70 %) < 2-layer network < 4-layer network on the test set, full training runs."""
    nb = solutions("C1W4B_Deep_Neural_Network_Application")
    train_x_orig, train_y, test_x_orig, test_y, _ = nb["load_data"]()
    X, Xt = train_x_orig.reshape(209, -1).T / 255.0, test_x_orig.reshape(50, -1).T / 255.0

    def accuracy(parameters, X, Y):
        return float(np.mean((nb["L_model_forward"](X, parameters)[0] > 0.5) == Y))

    two = nb["two_layer_model"](X, train_y, (12288, 7, 1), learning_rate=0.005, num_iterations=2500)
    deep = nb["L_layer_model"](X, train_y, [12288, 20, 7, 5, 1], learning_rate=0.005, num_iterations=2500)
    two_train, two_test = accuracy(two, X, train_y), accuracy(two, Xt, test_y)
    deep_train, deep_test = accuracy(deep, X, train_y), accuracy(deep, Xt, test_y)
    assert two_train >= 0.95 and deep_train >= 0.95, (two_train, deep_train)
    assert 0.70 < two_test < deep_test, (two_test, deep_test)
