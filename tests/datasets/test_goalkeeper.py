import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.io

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "datasets"))
import make_goalkeeper  # noqa: E402

DATA = ROOT / "datasets" / "data.mat"
# the datasheet's table (datasets/goalkeeper.md): correct positions out of 211 (train) and 200 (test)
TABLE = {"none": (201, 183), "L2": (198, 186), "dropout": (194, 190)}


def _load():
    data = scipy.io.loadmat(DATA)
    return data["X"].T, data["y"].T.astype(float), data["Xval"].T, data["yval"].T.astype(float)


def test_file_format_matches_the_original():
    data = scipy.io.loadmat(DATA)
    assert {k for k in data if not k.startswith("__")} == {"X", "y", "Xval", "yval"}
    assert data["X"].shape == (211, 2) and data["X"].dtype == np.float64
    assert data["y"].shape == (211, 1) and data["y"].dtype == np.uint8
    assert data["Xval"].shape == (200, 2) and data["Xval"].dtype == np.float64
    assert data["yval"].shape == (200, 1) and data["yval"].dtype == np.uint8
    assert data["__header__"].startswith(b"MATLAB 5.0 MAT-file")


def test_generation_is_deterministic(tmp_path):
    make_goalkeeper.generate(tmp_path, None)
    assert (tmp_path / "data.mat").read_bytes() == DATA.read_bytes()


def test_class_balance_and_noise():
    """A little more than half of the points are blue (56 % and 60.5 %); 4-12 % of each set sits on the other
    colour's side of the boundary (the label noise)."""
    for X, Y in (_load()[:2], _load()[2:]):
        assert 0.5 <= Y.mean() <= 0.65, Y.mean()
        wrong_side = np.mean((X[1] > make_goalkeeper.boundary(X[0])) != (Y[0] == 1))
        assert 0.04 <= wrong_side <= 0.12, wrong_side


def test_points_lie_inside_the_notebooks_plots():
    """The notebook draws the boundaries on x1 in [-0.75, 0.40], x2 in [-0.75, 0.65]."""
    for X in (_load()[0], _load()[2]):
        assert X[0].min() > -0.75 and X[0].max() < 0.40 and X[1].min() > -0.75 and X[1].max() < 0.65


def _train(nb, X, Y, lambd=0.0, keep_prob=1.0, num_iterations=30000):
    """The notebook's model(): the seed's hyperparameters and seeds, the solutions and reg_utils' plain helpers."""
    parameters = nb["initialize_parameters"]([X.shape[0], 20, 3, 1])
    for _ in range(num_iterations):
        if keep_prob == 1:
            a3, cache = nb["forward_propagation"](X, parameters)
        else:
            a3, cache = nb["forward_propagation_with_dropout"](X, parameters, keep_prob)
        if lambd == 0 and keep_prob == 1:
            grads = nb["backward_propagation"](X, Y, cache)
        elif lambd != 0:
            grads = nb["backward_propagation_with_regularization"](X, Y, cache, lambd)
        else:
            grads = nb["backward_propagation_with_dropout"](X, Y, cache, keep_prob)
        parameters = nb["update_parameters"](parameters, grads, 0.3)
    return parameters


def _correct(nb, parameters, X, Y) -> int:
    return int(np.sum((nb["forward_propagation"](X, parameters)[0] > 0.5) == Y))


@pytest.mark.slow
def test_the_lesson_holds_regularisation_lifts_test_accuracy(solutions):
    """C2W1B's three full trainings: both regularised models beat the plain one on the test set and fit the training
    set less; each lands within 1.5 % of the datasheet's figures (the plain run is sensitive to rounding)."""
    nb = solutions("C2W1B_Regularization")
    train_X, train_Y, test_X, test_Y = _load()
    got = {}
    for name, options in (("none", {}), ("L2", {"lambd": 0.7}), ("dropout", {"keep_prob": 0.86})):
        parameters = _train(nb, train_X, train_Y, **options)
        got[name] = (_correct(nb, parameters, train_X, train_Y), _correct(nb, parameters, test_X, test_Y))
    assert got["L2"][1] > got["none"][1] and got["dropout"][1] > got["none"][1], got
    assert got["none"][0] > got["L2"][0] and got["none"][0] > got["dropout"][0], got
    for name, (train, test) in TABLE.items():
        assert abs(got[name][0] - train) <= 3 and abs(got[name][1] - test) <= 3, (name, got)
