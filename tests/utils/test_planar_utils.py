"""planar_utils: the flower and the extra data sets, and the decision-boundary plot."""

import matplotlib.pyplot as plt
import numpy as np
from planar_utils import load_extra_datasets, load_planar_dataset, plot_decision_boundary, sigmoid
from sklearn.linear_model import LogisticRegression


def test_flower_shapes_balance_and_determinism():
    X, Y = load_planar_dataset()
    assert X.shape == (2, 400) and Y.shape == (1, 400) and Y.dtype == np.uint8
    assert int(Y.sum()) == 200
    X2, Y2 = load_planar_dataset()
    assert np.array_equal(X, X2) and np.array_equal(Y, Y2)


def test_flower_is_not_linearly_separable():
    """The lesson of C1W3: a straight line gets about half of the points (the course prints 47 %)."""
    X, Y = load_planar_dataset()
    accuracy = LogisticRegression().fit(X.T, Y.ravel()).score(X.T, Y.ravel())
    assert 0.4 <= accuracy <= 0.55, accuracy


def test_extra_datasets():
    sets = load_extra_datasets()
    assert len(sets) == 5
    for X, y in sets:
        assert X.shape == (200, 2) and y.shape == (200,)
    assert len(np.unique(sets[2][1])) == 6  # blobs: six centres
    again = load_extra_datasets()
    assert all(np.array_equal(a[0], b[0]) for a, b in zip(sets, again, strict=True))


def test_decision_boundary_colours_the_predicted_classes():
    X, Y = load_planar_dataset()
    fig, ax = plt.subplots()
    plot_decision_boundary(lambda points: points[:, 0] > 0, X, Y, ax=ax)
    assert ax.collections  # the filled contour and the scatter
    plt.close(fig)


def test_sigmoid():
    assert np.allclose(sigmoid(np.array([0.0, 2.0])), [0.5, 0.88079708])
