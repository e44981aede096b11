"""Train the ResNet-50 of C4W2B on the course's SIGNS pictures: `make models` writes models/resnet50_signs.keras.

The original course loaded a ResNet50.h5 trained on its photographs; this course trains its own, on its own data,
with the architecture of the C4W2B notebook's solution (``ResNet50`` is executed from the source notebook, so that
the network is written once). Model card: models/resnet50_signs.md.

Recipe (the card says why): 10 % of the training pictures held out for validation (18 per class); random shifts,
mirror images, brightness and contrast changes drawn by numpy from a seed per epoch; Adam with a learning rate that
warms up for one epoch, then follows a cosine down to 1 % of its peak; BatchNormalization momentum 0.9 instead of
0.99, so that the moving statistics follow the weights on 31 steps per epoch; the epoch with the best validation
accuracy kept; at the end the BatchNormalization statistics are re-estimated on the (unaugmented) training pictures,
kept only if the validation accuracy does not drop, and the model is saved without optimizer state.

Restartable: after each epoch the model with its optimizer state and the best weights so far are written to
models/.resnet50_signs.work/; running the script again goes on from there (pass --fresh to start again;
--stop-after K trains K epochs now and stops, to spread the training over several sittings). With the same
TensorFlow build, on the same machine, an uninterrupted run gives the same file every time (op determinism is on); a
resumed run may differ in the last digits.

Usage: python models/train_resnet50_signs.py [--epochs N] [--out DIR] [--fresh] [--stop-after K] [--quick] [--plot]
"""

from __future__ import annotations

import json
import math
import os
import shutil
import sys
import time
from pathlib import Path

# level 3: Keras' data pipeline makes TensorFlow log a harmless C++ "error" line per epoch (an op attribute unknown
# to this build); Python's exceptions still show
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "utils"))
sys.path.insert(0, str(HERE))

import numpy as np  # noqa: E402
from tqdm import tqdm  # noqa: E402

ASSIGNMENT = "C4W2B_Residual_Networks"
NAME = "resnet50_signs"
SEED = 1
EPOCHS = 30
BATCH = 32
PEAK_LR = 1e-3
BN_MOMENTUM = 0.9
VALIDATION_PER_CLASS = 18
SHIFT = 6  # pixels either way
BRIGHTNESS = (0.8, 1.2)
CONTRAST = (0.8, 1.2)


def split(x, y, per_class: int = VALIDATION_PER_CLASS, seed: int = SEED):
    """(x_train, y_train, x_val, y_val): `per_class` pictures of each class held out, drawn with `seed`."""
    rng = np.random.default_rng([seed, 7])
    held = np.concatenate([rng.choice(np.flatnonzero(y == c), per_class, replace=False) for c in np.unique(y)])
    keep = np.setdiff1d(np.arange(len(y)), held)
    return x[keep], y[keep], x[np.sort(held)], y[np.sort(held)]


def augment(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A randomly changed copy of the float pictures x (m, 64, 64, 3) in [0, 1]: shifted by up to SHIFT pixels (edges
    repeated), mirrored left-right half of the time (the data holds left and right hands), brighter or darker, more or
    less contrasted."""
    m, h, w, _ = x.shape
    padded = np.pad(x, ((0, 0), (SHIFT, SHIFT), (SHIFT, SHIFT), (0, 0)), mode="edge")
    out = np.empty_like(x)
    dy, dx = rng.integers(0, 2 * SHIFT + 1, (2, m))
    flip = rng.random(m) < 0.5
    for i in range(m):
        pic = padded[i, dy[i] : dy[i] + h, dx[i] : dx[i] + w]
        out[i] = pic[:, ::-1] if flip[i] else pic
    mean = out.mean(axis=(1, 2, 3), keepdims=True)
    contrast = rng.uniform(*CONTRAST, (m, 1, 1, 1))
    brightness = rng.uniform(*BRIGHTNESS, (m, 1, 1, 1))
    return np.clip((mean + (out - mean) * contrast) * brightness, 0.0, 1.0).astype(np.float32)


def learning_rate(epoch: int, epochs: int, peak: float = PEAK_LR) -> float:
    """One epoch of linear warm-up, then a cosine from `peak` down to 1 % of it at the last epoch."""
    if epoch == 0:
        return peak * 0.1
    t = (epoch - 1) / max(epochs - 2, 1)
    return peak * (0.01 + 0.99 * 0.5 * (1 + math.cos(math.pi * min(t, 1.0))))


def batchnorm_layers(model):
    import keras

    return [layer for layer in model.layers if isinstance(layer, keras.layers.BatchNormalization)]


def reestimate_batchnorm(model, x: np.ndarray, batch: int = 64) -> None:
    """Replace each BatchNormalization layer's moving mean and variance by their averages over the pictures x (the
    means of the batch statistics, each batch weighted equally), computed in training mode with the weights fixed."""
    layers = batchnorm_layers(model)
    saved = [layer.momentum for layer in layers]
    for layer in layers:
        layer.moving_mean.assign(np.zeros(layer.moving_mean.shape, np.float32))
        layer.moving_variance.assign(np.ones(layer.moving_variance.shape, np.float32))
    for k, start in enumerate(range(0, len(x), batch)):
        for layer in layers:  # momentum k/(k+1): the moving statistic becomes the running mean of the batches'
            layer.momentum = k / (k + 1)
        model(x[start : start + batch], training=True)
    for layer, momentum in zip(layers, saved, strict=True):
        layer.momentum = momentum


def accuracy(model, x, y) -> float:
    return float(np.mean(np.argmax(model.predict(x, batch_size=120, verbose=0), axis=1) == y))


def build_model(build):
    """The notebook's ResNet50 for SIGNS with the training recipe's BatchNormalization momentum."""
    model = build(input_shape=(64, 64, 3), classes=6)
    for layer in batchnorm_layers(model):
        layer.momentum = BN_MOMENTUM
    return model


def train(build, out: Path, epochs: int = EPOCHS, fresh: bool = False, quick: bool = False, stop_after: int | None = None):
    """Train, keep the best epoch by validation accuracy, re-estimate BatchNorm, save out/resnet50_signs.keras and
    out/resnet50_signs.json (the figures of the run); returns those figures. With `stop_after`, return None after
    that many epochs of this call, leaving the work folder for the next call to go on from."""
    import keras
    import tensorflow as tf
    from tf_utils import load_dataset

    keras.utils.set_random_seed(SEED)
    tf.config.experimental.enable_op_determinism()
    x_all, y_all, x_test, y_test, _ = load_dataset()
    x_all, x_test = (x_all / 255.0).astype(np.float32), (x_test / 255.0).astype(np.float32)
    y_all, y_test = y_all.ravel(), y_test.ravel()
    x_train, y_train, x_val, y_val = split(x_all, y_all)
    if quick:  # a smoke run for the tests: a few pictures, no claim on accuracy
        x_train, y_train, x_val, y_val, x_test, y_test = x_train[:64], y_train[:64], x_val[:12], y_val[:12], x_test[:12], y_test[:12]
    one_hot = np.eye(6, dtype=np.float32)

    work = out / f".{NAME}.work"
    if fresh and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    state_file = work / "state.json"
    if state_file.exists() and (work / "last.keras").exists():
        state = json.loads(state_file.read_text())
        model = keras.models.load_model(work / "last.keras")
        print(f"resuming after epoch {state['epoch'] + 1} of {epochs} (best validation accuracy {state['best_val']:.3f})")
    else:
        state = {"epoch": -1, "best_val": -1.0, "best_epoch": -1, "history": [], "seconds": 0.0}
        model = build_model(build)
        model.compile(optimizer=keras.optimizers.Adam(PEAK_LR), loss="categorical_crossentropy", metrics=["accuracy"])

    todo = range(state["epoch"] + 1, epochs if stop_after is None else min(epochs, state["epoch"] + 1 + stop_after))
    bar = tqdm(todo, desc="ResNet-50 on SIGNS", unit="epoch", initial=state["epoch"] + 1, total=epochs)
    for epoch in bar:
        start = time.time()
        model.optimizer.learning_rate.assign(learning_rate(epoch, epochs))
        rng = np.random.default_rng([SEED, epoch])
        order = rng.permutation(len(y_train))
        xb = augment(x_train[order], rng)
        fit = model.fit(xb, one_hot[y_train[order]], batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
        val = accuracy(model, x_val, y_val)
        row = {
            "epoch": epoch + 1,
            "lr": learning_rate(epoch, epochs),
            "loss": round(float(fit.history["loss"][0]), 4),
            "train_acc_augmented": round(float(fit.history["accuracy"][0]), 4),
            "val_acc": round(val, 4),
        }
        state["history"].append(row)
        if val > state["best_val"]:
            state["best_val"], state["best_epoch"] = val, epoch + 1
            model.save_weights(work / "best.weights.h5")
        state["epoch"] = epoch
        state["seconds"] += time.time() - start
        model.save(work / "last.keras")
        state_file.write_text(json.dumps(state, indent=1))
        bar.set_postfix(loss=row["loss"], val=f"{val:.3f}", best=f"{state['best_val']:.3f}@{state['best_epoch']}")
    bar.close()
    if state["epoch"] + 1 < epochs:
        print(f"stopped after epoch {state['epoch'] + 1} of {epochs}; run the same command again to go on")
        return None

    final = build_model(build)
    final.load_weights(work / "best.weights.h5")
    before = {"val": accuracy(final, x_val, y_val), "test": accuracy(final, x_test, y_test)}
    reestimate_batchnorm(final, x_train)
    after_val = accuracy(final, x_val, y_val)
    kept = after_val >= before["val"]
    if not kept:  # the moving statistics of training were as good: the validation pictures decide
        final.load_weights(work / "best.weights.h5")
    figures = {
        "model": f"{NAME}.keras",
        "epochs": epochs,
        "best_epoch": state["best_epoch"],
        "train_seconds": round(state["seconds"], 1),
        "seconds_per_epoch": round(state["seconds"] / max(len(state["history"]), 1), 1),
        "val_accuracy_before_bn_reestimate": round(before["val"], 4),
        "test_accuracy_before_bn_reestimate": round(before["test"], 4),
        "bn_reestimate_kept": kept,
        "train_accuracy": round(accuracy(final, x_train, y_train), 4),
        "val_accuracy": round(after_val if kept else before["val"], 4),
        "test_accuracy": round(accuracy(final, x_test, y_test) if kept else before["test"], 4),
        "quick": quick,
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "history": state["history"],
    }
    for layer in batchnorm_layers(final):
        layer.momentum = 0.99  # the notebook's default, for anyone who trains the loaded model further
    final.save(out / f"{NAME}.keras")
    (out / f"{NAME}.json").write_text(json.dumps(figures, indent=1) + "\n")
    plot(figures, out / f"{NAME}.png")
    shutil.rmtree(work)
    return figures


def plot(figures: dict, path: Path) -> None:
    """The run's curves as a PNG: loss (augmented training pictures) and validation accuracy per epoch."""
    from training import plot_curves

    plot_curves(path, figures["history"], ("training loss (augmented pictures)", False), ("accuracy", "accuracy"),
                [("train_acc_augmented", "training (augmented, training mode)"), ("val_acc", "validation (108 pictures)")],
                figures["best_epoch"], (figures["test_accuracy"], "test"))


def main() -> None:
    from training import out_folder, parser

    options = parser(__doc__, EPOCHS)
    options.add_argument("--arch", type=Path, default=None, help="a .py file defining ResNet50 (default: the notebook's)")
    args = options.parse_args()
    out = out_folder(args)
    if args.plot:
        plot(json.loads((out / f"{NAME}.json").read_text()), out / f"{NAME}.png")
        return
    if args.arch is not None:
        namespace: dict = {}
        exec(compile(args.arch.read_text(), str(args.arch), "exec"), namespace)
    else:
        from autograder import solution_namespace

        namespace = solution_namespace(ASSIGNMENT)
    figures = train(namespace["ResNet50"], out, args.epochs, args.fresh, args.quick, args.stop_after)
    if figures is None:
        return
    shown = {k: v for k, v in figures.items() if k != "history"}
    print(json.dumps(shown, indent=1))


if __name__ == "__main__":
    main()
