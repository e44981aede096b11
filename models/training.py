"""What the training scripts of `make models` share: their command line, the restartable epoch loop and the
learning-rate schedule of the step-wise ones, and the picture of their curves."""

from __future__ import annotations

import argparse
import json
import math
import shutil
import time
from pathlib import Path


def parser(doc: str, epochs: int) -> argparse.ArgumentParser:
    """The options every training script takes (a script may add its own)."""
    p = argparse.ArgumentParser(description=doc.splitlines()[0])
    p.add_argument("--epochs", type=int, default=epochs)
    p.add_argument("--out", type=Path, default=None, help="folder of the model (default: the models folder)")
    p.add_argument("--fresh", action="store_true", help="forget an interrupted run and start again")
    p.add_argument("--stop-after", type=int, default=None, help="train at most this many epochs now, go on later")
    p.add_argument("--quick", action="store_true", help="a smoke run on a little data (for the tests)")
    p.add_argument("--plot", action="store_true", help="only redraw the curves of the last run from its .json")
    return p


def out_folder(args) -> Path:
    """The folder the model goes to (--out, else the course's models folder), created."""
    from course_models import models_dir

    out = models_dir() if args.out is None else args.out
    out.mkdir(parents=True, exist_ok=True)
    return out


def work_folder(out: Path, name: str, fresh: bool) -> Path:
    """The folder `out/.<name>.work` where an interrupted run keeps what it needs to go on (emptied first if fresh)."""
    work = out / f".{name}.work"
    if fresh and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    return work


class EpochRun:
    """The epochs of a step-wise training script, restartable: after each epoch the model and the optimizer go into a
    ``tf.train.Checkpoint`` ("last") and the run's state into ``state.json`` in the work folder, and the weights of the
    best epoch so far into ``best.weights.h5``. A run started again reads them and goes on after the last epoch done;
    ``stop_after`` ends a run early (the tests stop one part way). The state holds "epoch" (the last done, from 0),
    "best_epoch" (from 1), "history" (a row per epoch), "seconds" and the script's own best figures.
    """

    def __init__(self, work: Path, model, optimizer, epochs: int, stop_after: int | None, best: dict[str, float],
                 words: str):
        """best: the script's best figures at the start (e.g. {"best_map": -1.0}); words: how the first of them is
        named in the "resuming" line (e.g. "best validation mAP")."""
        import tensorflow as tf

        self.work, self.model, self.epochs = work, model, epochs
        self.checkpoint = tf.train.Checkpoint(model=model, optimizer=optimizer)
        self.state_file = work / "state.json"
        self.resumed = self.state_file.exists()
        if self.resumed:
            self.state = json.loads(self.state_file.read_text())
            self.checkpoint.read(str(work / "last")).expect_partial()
            first = next(iter(best))
            print(f"resuming after epoch {self.state['epoch'] + 1} of {epochs} ({words} {self.state[first]:.3f})")
        else:
            self.state = {"epoch": -1, **best, "best_epoch": -1, "history": [], "seconds": 0.0}
        done = self.state["epoch"] + 1
        self.todo = range(done, epochs if stop_after is None else min(epochs, done + stop_after))

    def end_epoch(self, epoch: int, row: dict, started: float, better: dict[str, float] | None) -> None:
        """Record epoch `epoch` (from 0): its history row, the new best figures when it is the best so far (better:
        those figures, else None), its time since `started`; then write the checkpoint and the state."""
        self.state["history"].append(row)
        if better is not None:
            self.state.update(better, best_epoch=epoch + 1)
            self.model.save_weights(self.work / "best.weights.h5")
        self.state["epoch"] = epoch
        self.state["seconds"] += time.time() - started
        self.checkpoint.write(str(self.work / "last"))
        self.state_file.write_text(json.dumps(self.state, indent=1))

    def finished(self) -> bool:
        """True when every epoch is done; otherwise says how to go on."""
        if self.state["epoch"] + 1 < self.epochs:
            print(f"stopped after epoch {self.state['epoch'] + 1} of {self.epochs}; run the same command again to go on")
            return False
        return True


def learning_rate(step: int, steps_per_epoch: int, epochs: int, peak: float) -> float:
    """Step `step` (from 0) of `epochs` epochs: one epoch of linear warm-up to `peak`, then a cosine down to peak / 100
    at the last step."""
    warm = steps_per_epoch
    if step < warm:
        return peak * (step + 1) / warm
    t = (step - warm) / max(1, epochs * steps_per_epoch - warm - 1)
    return peak / 100 + (peak - peak / 100) * 0.5 * (1 + math.cos(math.pi * min(t, 1.0)))


def plot_curves(path: Path, history: list[dict], loss: tuple[str, bool], right: tuple[str, str], series: list[tuple[str, str]],
                kept_epoch: int, test: tuple[float, str], ylim=(0, 1)) -> None:
    """Two panels as a PNG: the training loss per epoch (left; loss = (title, log scale?)) and, right, the curves
    `series` = [(history key, label)] under right = (title, y label), with the kept epoch (dotted) and the test
    figure (test = (value, label), a line)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    epochs = [r["epoch"] for r in history]
    fig, (left, right_ax) = plt.subplots(1, 2, figsize=(10, 3.6))
    left.plot(epochs, [r["loss"] for r in history], marker=".")
    left.set(xlabel="epoch", ylabel="loss", title=loss[0], yscale="log" if loss[1] else "linear")
    for key, label in series:
        right_ax.plot(epochs, [r[key] for r in history], marker=".", label=label)
    right_ax.axvline(kept_epoch, color="grey", linestyle=":", label=f"kept: epoch {kept_epoch}")
    right_ax.axhline(test[0], color="black", linewidth=0.8, label=f"{test[1]}: {test[0]:.3f}")
    right_ax.set(xlabel="epoch", ylabel=right[1], ylim=ylim, title=right[0])
    right_ax.legend(loc="best", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
