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


def test_pictures_vary_like_photographs():
    """The cause of the earlier 4-layer collapse at learning rate 0.0075: pictures too alike (see the datasheet).

    The earlier data had an average cosine similarity of 0.87 between two training pictures and a per-pixel standard
    deviation across pictures of 0.20; photographs (after /255) have a mean of about 0.4-0.5 and 0.25-0.3.
    """
    with h5py.File(ROOT / "datasets" / "train_catvnoncat.h5") as f:
        X = f["train_set_x"][:].reshape(209, -1).T / 255.0
    unit = X / np.linalg.norm(X, axis=0)
    cosine = float(np.mean((unit.T @ unit)[np.triu_indices(209, 1)]))
    spread = float(np.mean(X.std(axis=1)))
    assert 0.35 <= X.mean() <= 0.5, X.mean()
    assert spread >= 0.24, spread
    assert cosine <= 0.8, cosine


@pytest.mark.slow
def test_the_lesson_holds_deeper_networks_generalise_better(solutions):
    """C1W4B at the original course's settings (learning rate 0.0075, 2500 iterations), full training runs: both
    networks train stably (no collapse to one class) and logistic regression (68 %) <= 2 layers < 4 layers on the
    test set."""
    nb = solutions("C1W4B_Deep_Neural_Network_Application")
    train_x_orig, train_y, test_x_orig, test_y, _ = nb["load_data"]()
    X, Xt = train_x_orig.reshape(209, -1).T / 255.0, test_x_orig.reshape(50, -1).T / 255.0

    def accuracy(parameters, X, Y):
        return float(np.mean((nb["L_model_forward"](X, parameters)[0] > 0.5) == Y))

    def cost(parameters):
        return float(nb["compute_cost"](nb["L_model_forward"](X, parameters)[0], train_y))

    two = nb["two_layer_model"](X, train_y, (12288, 7, 1), learning_rate=0.0075, num_iterations=2500)
    deep = nb["L_layer_model"](X, train_y, [12288, 20, 7, 5, 1], learning_rate=0.0075, num_iterations=2500)
    assert cost(two) < 0.1 and cost(deep) < 0.15, (cost(two), cost(deep))
    two_train, two_test = accuracy(two, X, train_y), accuracy(two, Xt, test_y)
    deep_train, deep_test = accuracy(deep, X, train_y), accuracy(deep, Xt, test_y)
    assert two_train >= 0.95 and deep_train >= 0.95, (two_train, deep_train)
    assert 0.68 <= two_test < deep_test, (two_test, deep_test)
