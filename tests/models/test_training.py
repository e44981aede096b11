"""The pieces the training scripts share (models/training.py)."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "models"))
import training  # noqa: E402


def test_the_learning_rate_warms_up_for_an_epoch_then_decays_to_one_percent():
    rates = [training.learning_rate(s, 10, 5, 1e-3) for s in range(50)]
    assert rates[0] == pytest.approx(1e-4) and rates[9] == pytest.approx(1e-3)  # linear over the first epoch
    assert all(a >= b for a, b in zip(rates[9:-1], rates[10:], strict=True))
    assert rates[-1] == pytest.approx(1e-5)
    assert training.learning_rate(29, 10, 5, 1e-3) == pytest.approx((1e-3 + 1e-5) / 2, rel=0.05)  # half way down the cosine
