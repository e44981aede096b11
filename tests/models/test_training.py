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


def _model_and_optimizer():
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, name="dense")])
    optimizer = keras.optimizers.Adam(0.1)
    optimizer.build(model.trainable_variables)
    return model, optimizer


def test_an_epoch_run_stopped_part_way_goes_on_from_its_state(tmp_path, capsys):
    """Two epochs of three, then the rest in a new run: the state, the checkpoint and the best weights carry over,
    and only the epochs still to do are handed out."""
    work = training.work_folder(tmp_path, "toy", fresh=False)
    assert work == tmp_path / ".toy.work" and work.is_dir()
    model, optimizer = _model_and_optimizer()
    run = training.EpochRun(work, model, optimizer, 3, 2, {"best_score": -1.0}, "best score")
    assert not run.resumed and list(run.todo) == [0, 1]
    for epoch, score in zip(run.todo, [0.5, 0.3], strict=True):
        model.get_layer("dense").kernel.assign([[epoch + 1.0], [0.0]])
        better = {"best_score": score} if score > run.state["best_score"] else None
        run.end_epoch(epoch, {"epoch": epoch + 1, "score": score}, 0.0, better)
    assert not run.finished() and "stopped after epoch 2 of 3" in capsys.readouterr().out
    assert (work / "best.weights.h5").is_file() and run.state["best_epoch"] == 1

    model, optimizer = _model_and_optimizer()  # a new process: fresh weights, read back from the checkpoint
    again = training.EpochRun(work, model, optimizer, 3, None, {"best_score": -1.0}, "best score")
    assert again.resumed and list(again.todo) == [2]
    assert "resuming after epoch 2 of 3 (best score 0.500)" in capsys.readouterr().out
    assert float(model.get_layer("dense").kernel.numpy()[0, 0]) == 2.0  # the last epoch's weights, not the best's
    assert [row["epoch"] for row in again.state["history"]] == [1, 2]
    again.end_epoch(2, {"epoch": 3, "score": 0.7}, 0.0, {"best_score": 0.7})
    assert again.finished() and again.state["best_epoch"] == 3 and again.state["best_score"] == 0.7

    assert training.work_folder(tmp_path, "toy", fresh=True) == work and not any(work.iterdir())  # --fresh forgets
