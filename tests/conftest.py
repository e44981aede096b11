import os

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np
import pytest

from autograder import solution_namespace


@pytest.fixture(scope="session")
def solutions():
    """solutions(assignment_id) -> namespace holding that notebook's imports and solved graded functions."""
    cache: dict = {}

    def get(assignment_id: str) -> dict:
        if assignment_id not in cache:
            cache[assignment_id] = solution_namespace(assignment_id)
        return cache[assignment_id]

    return get


def centred_difference(f, x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Numerical gradient of the scalar function f() with respect to the array x (changed in place, then restored)."""
    grad = np.zeros_like(x, dtype=float)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + eps
        plus = float(f())
        x[index] = original - eps
        minus = float(f())
        x[index] = original
        grad[index] = (plus - minus) / (2 * eps)
    return grad


@pytest.fixture(scope="session")
def numgrad():
    return centred_difference


def relative_error(a, b) -> float:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12))


@pytest.fixture(scope="session")
def relerr():
    return relative_error
