"""Data and plotting helpers for C1W3, planar data classification.

``load_planar_dataset()`` draws the two-class "flower" of the course: 400 points in
the plane whose classes interleave in petals, so that no straight line separates
them. ``load_extra_datasets()`` returns five more 2-D problems made with
scikit-learn's generators, for the optional experiments at the end of the
notebook. Everything is seeded: the same call gives the same points.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

# Release order: this helper holds answers to these assignments on purpose (later ones build on them);
# hand it out after their deadlines. tests/autograder/test_release.py exempts exactly these.
__release_after__ = {"C1W1_Python_Basics": "sigmoid, a given helper in week 3"}
__all__ = ["load_planar_dataset", "load_extra_datasets", "plot_decision_boundary", "sigmoid"]


def sigmoid(x):
    """Element-wise logistic function 1 / (1 + exp(-x)) of a number or an array."""
    return 1 / (1 + np.exp(-x))


def load_planar_dataset(m: int = 400, petals: int = 4, radius: float = 4.0, seed: int = 1):
    """The "flower": m points, half red (y = 0) and half blue (y = 1).

    Each class sweeps an angle range of about pi (class 0 the first half-turn,
    class 1 the second); a point at angle t lies at distance radius * sin(petals * t)
    from the origin, which draws the petals. Angle and distance both carry
    Gaussian noise (standard deviation 0.2).

    Returns:
    X -- coordinates, numpy array of shape (2, m)
    Y -- labels, numpy array of shape (1, m), dtype uint8
    """
    rng = np.random.RandomState(seed)
    per_class = m // 2
    X = np.zeros((m, 2))
    Y = np.zeros((m, 1), dtype="uint8")
    for label in range(2):
        rows = slice(per_class * label, per_class * (label + 1))
        t = np.linspace(label * 3.12, (label + 1) * 3.12, per_class) + rng.randn(per_class) * 0.2
        r = radius * np.sin(petals * t) + rng.randn(per_class) * 0.2
        X[rows] = np.column_stack([r * np.sin(t), r * np.cos(t)])
        Y[rows] = label
    return X.T, Y.T


def load_extra_datasets(n: int = 200, seed: int = 5):
    """Five more 2-D problems (scikit-learn generators, seeded).

    Returns a tuple (noisy_circles, noisy_moons, blobs, gaussian_quantiles, no_structure);
    each item is (X, y) with X of shape (n, 2) and y of shape (n,), as scikit-learn
    returns them. Transpose X and reshape y to (1, n) before training on them.
    ``blobs`` has six centres: take ``y % 2`` for a two-class problem.
    """
    from sklearn import datasets  # imported here: only the optional section needs it

    noisy_circles = datasets.make_circles(n_samples=n, factor=0.5, noise=0.3, random_state=seed)
    noisy_moons = datasets.make_moons(n_samples=n, noise=0.2, random_state=seed)
    blobs = datasets.make_blobs(n_samples=n, random_state=seed, n_features=2, centers=6)
    gaussian_quantiles = datasets.make_gaussian_quantiles(
        mean=None, cov=0.5, n_samples=n, n_features=2, n_classes=2, shuffle=True, random_state=seed
    )
    rng = np.random.RandomState(seed)
    no_structure = rng.rand(n, 2), rng.rand(n)
    return noisy_circles, noisy_moons, blobs, gaussian_quantiles, no_structure


def plot_decision_boundary(model, X, y, ax=None, resolution: float = 0.01):
    """Colour the plane by the class ``model`` predicts and scatter the data on top.

    Arguments:
    model -- function taking an array of shape (k, 2) (one point per row) and
             returning k predictions (any shape with k elements)
    X -- points, numpy array of shape (2, m)
    y -- labels, numpy array of shape (1, m) or (m,)
    ax -- matplotlib axes to draw on (default: the current axes)
    resolution -- grid step of the background colouring
    """
    ax = plt.gca() if ax is None else ax
    x_min, x_max = X[0, :].min() - 1, X[0, :].max() + 1
    y_min, y_max = X[1, :].min() - 1, X[1, :].max() + 1
    xx, yy = np.meshgrid(np.arange(x_min, x_max, resolution), np.arange(y_min, y_max, resolution))
    Z = np.asarray(model(np.c_[xx.ravel(), yy.ravel()]), dtype=float).reshape(xx.shape)
    # one band per class, in a light version of the dots' own colours (class 0 red, class 1 blue)
    ax.contourf(xx, yy, Z, levels=[-0.5, 0.5, 1.5], cmap=plt.cm.Spectral, vmin=0, vmax=1, alpha=0.45)
    ax.set_ylabel("x2")
    ax.set_xlabel("x1")
    ax.scatter(X[0, :], X[1, :], c=np.ravel(y), cmap=plt.cm.Spectral, edgecolors="k", linewidths=0.3, s=25)
    return ax
