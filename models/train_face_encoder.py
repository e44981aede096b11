"""Train the face encoder of C4W4A on generated identities: `make models` writes models/face_encoder.keras.

The original course loaded FaceNet weights trained on millions of real photographs; this course trains its own
encoder (``fr_utils.faceRecoModel``: 96 x 96 x 3 in, 128 numbers of length 1 out) on its own faces
(``datasets/make_identities.py``), with the triplet loss that the notebook teaches, so that the notebook's lesson,
verification against a threshold and recognition as the nearest encoding in a database, works on pictures it can
ship. Model card: models/face_encoder.md.

Recipe (the card says why): TRAIN_IDS people of the "train" split, PER_PERSON pictures each; VAL_IDS more people of
the same split, never trained on, to choose the epoch. Batches of P people x K of their pictures; for each picture
of a batch the farthest picture of the same person and the nearest picture of someone else ("batch-hard" mining,
Hermans, Beyer and Leibe 2017) give one triplet; the loss of a triplet is the notebook's
[|a - p|^2 - |a - n|^2 + alpha]_+ with alpha = 0.2, smoothed by a softplus of width SOFTNESS (the "soft margin"),
which keeps a gradient where the hard hinge has none and so lets the encoder leave the state where every picture
gets the same encoding. Adam with one epoch of warm-up, then a cosine from PEAK_LR to 1 % of it; pictures mirrored
left-right with probability 1/2. The epoch with the best balanced verification accuracy at the notebook's threshold
(0.7 on the L2 distance) on the validation people is kept. The held-out people of datasets/identities_test.h5 are
used once, at the end, for the card's figures.

Restartable: the drawn pictures and, after each epoch, the weights with the optimizer state are kept in
models/.face_encoder.work/; running the script again goes on from there (--fresh starts again, --stop-after K trains
K epochs now). With op determinism on, an uninterrupted run gives the same weights every time on one machine.

Usage: python models/train_face_encoder.py [--epochs N] [--out DIR] [--fresh] [--stop-after K] [--quick] [--plot]
       [--evaluate]
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "utils"))
sys.path.insert(0, str(REPO / "datasets"))
sys.path.insert(0, str(HERE))

import numpy as np  # noqa: E402
from tqdm import tqdm  # noqa: E402
from training import EpochRun, learning_rate, work_folder  # noqa: E402

NAME = "face_encoder"
SEED = 1
TRAIN_IDS = 1400
VAL_IDS = 60
PER_PERSON = 8
P, K = 16, 4  # people per batch, pictures of each
EPOCHS = 7
PEAK_LR = 1e-3
ALPHA = 0.2  # the notebook's margin, on squared distances
SOFTNESS = 0.1  # width of the softplus that replaces the hinge [x]_+
THRESHOLD = 0.7  # the notebook's: the same person when the L2 distance is below it
COLLAPSE_FLOOR = 0.7  # an encoder whose median distance between different people is below this has collapsed
LOSS = {"alpha": ALPHA, "softness": SOFTNESS, "squared": True}  # the recipe's settings of batch_hard_triplet_loss
QUICK = {"train": 8, "val": 3, "test": 4}  # people in a --quick run


# ---------------------------------------------------------------------------------------------- data


def draw(split: str, first: int, count: int, desc: str):
    """Pictures of people first ... first + count - 1 of a split of make_identities: (uint8 images, int64 labels)."""
    from make_identities import draw_people

    return draw_people(split, first, count, PER_PERSON, desc=desc)


def batches(labels: np.ndarray, rng: np.random.Generator, p: int = P, k: int = K) -> list[np.ndarray]:
    """One epoch of batches of p people x k pictures, every picture used once.

    The pictures of each person are shuffled and cut into groups of k; each round takes one group of every person, in
    a shuffled order of the people, p people per batch (the last batch of a round may hold fewer).

    Arguments:
    labels -- int array (m,), the person of each picture; every person has the same number of pictures, a multiple of k
    rng -- numpy Generator

    Returns:
    list of int arrays, the indices of the pictures of each batch (people in blocks of k)
    """
    people = np.unique(labels)
    pictures = [rng.permutation(np.flatnonzero(labels == person)) for person in people]
    rounds = len(pictures[0]) // k
    out = []
    for r in range(rounds):
        order = rng.permutation(len(people))
        for start in range(0, len(people), p):
            out.append(np.concatenate([pictures[j][r * k : (r + 1) * k] for j in order[start : start + p]]))
    return out


def mirror(images: np.ndarray, flip: np.ndarray) -> np.ndarray:
    """The pictures flipped left-right where `flip` is True (a copy)."""
    images = images.copy()
    images[flip] = images[flip, :, ::-1]
    return images


# ---------------------------------------------------------------------------------------------- loss


def batch_hard_triplet_loss(labels, embeddings, alpha: float = ALPHA, softness: float = SOFTNESS, squared: bool = True):
    """The triplet loss of a batch with the hardest positive and the hardest negative of every anchor.

    For each picture a of the batch (the anchor): p is the picture of the same person farthest from it, n the
    picture of another person nearest to it, and the anchor's loss is the notebook's [|a - p|^2 - |a - n|^2 + alpha]_+,
    with the hinge [x]_+ = max(x, 0) replaced by softness * log(1 + exp(x / softness)) when softness > 0 (the same
    for large |x|, smooth near 0). Anchors without a positive or without a negative in the batch are left out.

    Arguments:
    labels -- int tensor (m,), the person of each picture
    embeddings -- float tensor (m, d), their encodings
    alpha -- margin, on squared distances
    softness -- width of the smoothed hinge; 0 gives the hard hinge

    Returns:
    loss -- scalar tensor, the mean over the anchors that have both
    """
    import tensorflow as tf

    embeddings = tf.convert_to_tensor(embeddings, tf.float32)
    labels = tf.reshape(tf.convert_to_tensor(labels), (-1,))
    dot = tf.matmul(embeddings, embeddings, transpose_b=True)
    norms = tf.linalg.diag_part(dot)
    dist = tf.maximum(norms[:, None] - 2.0 * dot + norms[None, :], 0.0)
    if not squared:
        dist = tf.sqrt(dist + 1e-12)
    same = tf.equal(labels[:, None], labels[None, :])
    itself = tf.eye(tf.shape(labels)[0], dtype=tf.bool)
    positive = tf.logical_and(same, tf.logical_not(itself))
    negative = tf.logical_not(same)
    hardest_positive = tf.reduce_max(tf.where(positive, dist, tf.zeros_like(dist)), axis=1)
    far = tf.reduce_max(dist) + 1.0
    hardest_negative = tf.reduce_min(tf.where(negative, dist, tf.fill(tf.shape(dist), far)), axis=1)
    x = hardest_positive - hardest_negative + alpha
    per_anchor = softness * tf.math.softplus(x / softness) if softness > 0 else tf.maximum(x, 0.0)
    counted = tf.logical_and(tf.reduce_any(positive, axis=1), tf.reduce_any(negative, axis=1))
    weights = tf.cast(counted, tf.float32)
    return tf.reduce_sum(per_anchor * weights) / tf.maximum(tf.reduce_sum(weights), 1.0)


# ---------------------------------------------------------------------------------------------- measures


def embed(model, images: np.ndarray, batch: int = 128) -> np.ndarray:
    """The encodings (m, 128) of uint8 pictures (m, h, w, 3), in inference mode."""
    parts = [np.asarray(model(images[s : s + batch].astype(np.float32) / 255.0, training=False)) for s in range(0, len(images), batch)]
    return np.concatenate(parts).astype(np.float32)


def pair_distances(embeddings: np.ndarray, labels: np.ndarray):
    """L2 distances of all pairs of different pictures: (distances of same-person pairs, of different-person pairs)."""
    e = embeddings.astype(np.float64)
    squared = np.sum(e**2, 1)[:, None] - 2 * e @ e.T + np.sum(e**2, 1)[None, :]
    d = np.sqrt(np.maximum(squared, 0.0))
    upper = np.triu_indices(len(labels), k=1)
    same = labels[upper[0]] == labels[upper[1]]
    return d[upper][same], d[upper][~same]


def auc(same: np.ndarray, different: np.ndarray) -> float:
    """Area under the ROC curve of "same person when the distance is small": the chance that a different-person pair
    is farther apart than a same-person pair (ties count one half)."""
    both = np.concatenate([same, different])
    order = np.argsort(both, kind="stable")
    ranks = np.empty(len(both))
    ranks[order] = np.arange(1, len(both) + 1)
    # ties share their mean rank
    values = both[order]
    start = 0
    for end in np.flatnonzero(np.diff(values) != 0).tolist() + [len(values) - 1]:
        if end > start:
            ranks[order[start : end + 1]] = (start + end) / 2 + 1
        start = end + 1
    different_ranks = ranks[len(same) :].sum()
    n_d = len(different)
    return float((different_ranks - n_d * (n_d + 1) / 2) / (len(same) * n_d))


def balanced_accuracy(same: np.ndarray, different: np.ndarray, threshold: float) -> float:
    """Mean of the share of same-person pairs below the threshold and of different-person pairs at or above it."""
    return float(((same < threshold).mean() + (different >= threshold).mean()) / 2)


def verification(embeddings: np.ndarray, labels: np.ndarray, threshold: float = THRESHOLD) -> dict:
    """How well distances tell people apart, over all pairs of pictures.

    Returns:
    figures -- dictionary: same_pairs, different_pairs (counts), accuracy (balanced, at `threshold`), true_accept (same
    pairs below it), true_reject (different pairs at or above it), best_threshold and best_accuracy (over thresholds 0
    to 2 by 0.01), auc, median_same, median_different
    """
    same, different = pair_distances(embeddings, labels)
    grid = np.round(np.arange(0.0, 2.001, 0.01), 2)
    scores = [balanced_accuracy(same, different, t) for t in grid]
    best = int(np.argmax(scores))
    return {
        "same_pairs": int(len(same)),
        "different_pairs": int(len(different)),
        "accuracy": round(balanced_accuracy(same, different, threshold), 4),
        "true_accept": round(float((same < threshold).mean()), 4),
        "true_reject": round(float((different >= threshold).mean()), 4),
        "best_threshold": float(grid[best]),
        "best_accuracy": round(scores[best], 4),
        "auc": round(auc(same, different), 5),
        "median_same": round(float(np.median(same)), 3),
        "median_different": round(float(np.median(different)), 3),
    }


def identification(embeddings: np.ndarray, labels: np.ndarray, threshold: float = THRESHOLD) -> dict:
    """who_is_it on held-out people, with one picture of each in the database.

    The database holds the first picture of every person; each other picture is a query, given the name of the
    nearest database encoding. Strangers: a database of the first half of the people only, queried with every
    picture of the other half, which should all be turned away (nearest distance at or above the threshold).

    Returns:
    figures -- dictionary: people, queries, top1 (right name), admitted (right name and distance below the
    threshold), strangers (pictures of people not in the half database), strangers_rejected
    """
    people = np.unique(labels)
    first = np.array([np.flatnonzero(labels == person)[0] for person in people])
    queries = np.setdiff1d(np.arange(len(labels)), first)
    d = np.linalg.norm(embeddings[queries, None, :] - embeddings[None, first, :], axis=-1)
    nearest = d.argmin(1)
    right = people[nearest] == labels[queries]
    admitted = right & (d.min(1) < threshold)
    half = len(people) // 2
    outsiders = np.flatnonzero(np.isin(labels, people[half:]))
    d_out = np.linalg.norm(embeddings[outsiders, None, :] - embeddings[None, first[:half], :], axis=-1)
    return {
        "people": int(len(people)),
        "queries": int(len(queries)),
        "top1": round(float(right.mean()), 4),
        "admitted": round(float(admitted.mean()), 4),
        "strangers": int(len(outsiders)),
        "strangers_rejected": round(float((d_out.min(1) >= threshold).mean()), 4),
    }


def collapsed(embeddings: np.ndarray, labels: np.ndarray, floor: float = COLLAPSE_FLOOR) -> bool:
    """True when the encoder has collapsed: the median L2 distance between pictures of different people is below
    `floor`, i.e. most people get nearly the same encoding (a triplet-loss failure that a low loss can hide)."""
    return bool(np.median(pair_distances(embeddings, labels)[1]) < floor)


# ---------------------------------------------------------------------------------------------- training


def train(out: Path, epochs: int = EPOCHS, fresh: bool = False, quick: bool = False, stop_after: int | None = None):
    n_train, n_val = (QUICK["train"], QUICK["val"]) if quick else (TRAIN_IDS, VAL_IDS)

    work = work_folder(out, NAME, fresh)
    pictures = work / "pictures.npz"
    if pictures.exists():
        with np.load(pictures) as f:
            x_train, y_train, x_val, y_val = f["x_train"], f["y_train"], f["x_val"], f["y_val"]
    else:
        start = time.time()
        x_train, y_train = draw("train", 0, n_train, "training people")
        x_val, y_val = draw("train", n_train, n_val, "validation people")
        np.savez(pictures, x_train=x_train, y_train=y_train, x_val=x_val, y_val=y_val, seconds=time.time() - start)
    with np.load(pictures) as f:
        draw_seconds = float(f["seconds"])

    import keras  # after the drawing: make_identities forks its workers only while TensorFlow is not loaded
    import tensorflow as tf
    from fr_utils import faceRecoModel

    keras.utils.set_random_seed(SEED)
    tf.config.experimental.enable_op_determinism()

    model = faceRecoModel(input_shape=x_train.shape[1:])
    optimizer = keras.optimizers.Adam(PEAK_LR)
    run = EpochRun(work, model, optimizer, epochs, stop_after, {"best_accuracy": -1.0, "best_auc": -1.0},
                   "best validation accuracy")
    state = run.state

    @tf.function(reduce_retracing=True)
    def step(images, labels, lr):
        optimizer.learning_rate.assign(lr)
        with tf.GradientTape() as tape:
            loss = batch_hard_triplet_loss(labels, model(images, training=True), **LOSS)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
        return loss

    steps = len(batches(y_train, np.random.default_rng(0)))
    bar = tqdm(run.todo, desc="face encoder, triplet loss", unit="epoch", initial=state["epoch"] + 1, total=epochs)
    for epoch in bar:
        start = time.time()
        rng = np.random.default_rng([SEED, epoch])
        flip = rng.random(len(x_train)) < 0.5
        losses = []
        for s, idx in enumerate(batches(y_train, rng)):
            images = mirror(x_train[idx], flip[idx]).astype(np.float32) / 255.0
            lr = tf.constant(learning_rate(epoch * steps + s, steps, epochs, PEAK_LR), tf.float32)
            losses.append(float(step(images, y_train[idx], lr)))
        val = verification(embed(model, x_val), y_val)
        row = {"epoch": epoch + 1, "loss": round(float(np.mean(losses)), 4), "val_accuracy": val["accuracy"], "val_auc": val["auc"],
               "val_median_same": val["median_same"], "val_median_different": val["median_different"]}
        better = (val["accuracy"], val["auc"]) > (state["best_accuracy"], state["best_auc"])
        run.end_epoch(epoch, row, start, {"best_accuracy": val["accuracy"], "best_auc": val["auc"]} if better else None)
        bar.set_postfix(loss=row["loss"], val_acc=f"{val['accuracy']:.3f}", d_same=val["median_same"], d_diff=val["median_different"])
    bar.close()
    if not run.finished():
        return None

    model.load_weights(work / "best.weights.h5")
    if collapsed(embed(model, x_val), y_val) and not quick:
        raise SystemExit(f"the encoder collapsed: different people's encodings are closer than {COLLAPSE_FLOOR} (see {run.state_file})")
    figures = {
        "model": f"{NAME}.keras",
        "parameters": int(model.count_params()),
        "train_people": n_train,
        "val_people": n_val,
        "pictures_per_person": PER_PERSON,
        "batch": f"{P} people x {K} pictures",
        "epochs": epochs,
        "best_epoch": state["best_epoch"],
        "val_accuracy": state["best_accuracy"],
        "val_auc": state["best_auc"],
        "draw_seconds": round(draw_seconds, 1),
        "train_seconds": round(state["seconds"], 1),
        "seconds_per_epoch": round(state["seconds"] / max(len(state["history"]), 1), 1),
        "quick": quick,
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "history": state["history"],
    }
    model.save(out / f"{NAME}.keras")
    (out / f"{NAME}.json").write_text(json.dumps(figures, indent=1) + "\n")
    figures.update(remeasure(out, quick))  # the test figures and the picture: written once, by remeasure
    shutil.rmtree(work)
    return figures


def held_out(quick: bool = False):
    """The held-out people (datasets/identities_test.h5): uint8 images (800, 96, 96, 3), int64 labels (800,)."""
    import h5py
    from course_data import data_file

    with h5py.File(data_file("identities_test.h5", "datasets"), "r") as f:
        n = QUICK["test"] * PER_PERSON if quick else len(f["labels"])  # the quick run reads only what it uses
        return f["images"][:n], f["labels"][:n]


def measure(model, quick: bool = False) -> dict:
    """The card's figures of an encoder on the held-out people, and their distances (for the picture)."""
    images, labels = held_out(quick)
    embeddings = embed(model, images)
    same, different = pair_distances(embeddings, labels)
    return {
        "test_people": int(len(np.unique(labels))),
        "test_pictures": int(len(labels)),
        "test_verification": verification(embeddings, labels),
        "test_identification": identification(embeddings, labels),
        "test_collapsed": collapsed(embeddings, labels),
    }, (same, different)


def on_house_pictures(model) -> dict:
    """The notebook's Happy House with this encoder: the twelve residents' database pictures and the six front-door
    camera pictures of images/ (make_identities.CAMERA says who is on each). For each camera picture: who it is, the
    distance to that resident's database encoding (None for the stranger), the nearest resident with its distance
    (what who_is_it answers; "Not in the database" when that distance is 0.7 or more), and the distances to all."""
    from fr_utils import img_to_encoding
    from make_identities import CAMERA, HOUSE, HOUSE_FILES

    images = REPO / "images"
    database = {name: img_to_encoding(images / HOUSE_FILES[name], model) for name in HOUSE}
    found = {}
    for camera, person in CAMERA.items():
        encoding = img_to_encoding(images / f"{camera}.jpg", model)
        distances = {name: float(np.linalg.norm(encoding - db)) for name, db in database.items()}
        nearest = min(distances, key=distances.get)
        found[camera] = {
            "person": person,
            "distance_to_own": None if person is None else round(distances[person], 3),
            "nearest": nearest,
            "nearest_distance": round(distances[nearest], 3),
            "distances": {name: round(d, 3) for name, d in distances.items()},
        }
    return found


def remeasure(out: Path, quick: bool = False) -> dict:
    """Measures the built encoder on the held-out people and writes the test figures into its .json, then its
    picture: at the end of training, and alone (--evaluate) after a change of the measures. Returns the test figures."""
    import keras

    model = keras.models.load_model(out / f"{NAME}.keras", compile=False)
    test, (same, different) = measure(model, quick)
    figures = json.loads((out / f"{NAME}.json").read_text())
    figures.update(test)
    figures["house"] = on_house_pictures(model)
    (out / f"{NAME}.json").write_text(json.dumps(figures, indent=1) + "\n")
    plot(figures, out / f"{NAME}.png", same, different)
    return {**test, "house": figures["house"]}


def plot(figures: dict, path: Path, same: np.ndarray | None = None, different: np.ndarray | None = None) -> None:
    """Three panels as a PNG: training loss, validation accuracy and AUC per epoch, and (when the held-out distances are
    given) their histograms, same person against different people, with the notebook's threshold."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    history = figures["history"]
    epochs = [r["epoch"] for r in history]
    panels = 3 if same is not None else 2
    fig, axes = plt.subplots(1, panels, figsize=(4.6 * panels, 3.6))
    axes[0].plot(epochs, [r["loss"] for r in history], marker=".")
    axes[0].set(xlabel="epoch", ylabel="loss", title="training loss (batch-hard triplets)")
    axes[1].plot(epochs, [r["val_accuracy"] for r in history], marker=".", label=f"accuracy at {THRESHOLD}")
    axes[1].plot(epochs, [r["val_auc"] for r in history], marker=".", label="ROC AUC")
    axes[1].axvline(figures["best_epoch"], color="grey", linestyle=":", label=f"kept: epoch {figures['best_epoch']}")
    if "test_verification" in figures:
        acc = figures["test_verification"]["accuracy"]
        axes[1].axhline(acc, color="black", linewidth=0.8, label=f"held-out accuracy: {acc:.3f}")
    low = min([r["val_accuracy"] for r in history] + [0.5])
    axes[1].set(xlabel="epoch", ylabel="balanced accuracy / AUC", ylim=(low - 0.02, 1.005),
                title=f"validation people ({figures['val_people']})")
    axes[1].legend(loc="lower right", fontsize=8)
    if same is not None:
        bins = np.linspace(0, 2, 81)
        axes[2].hist(different, bins=bins, density=True, alpha=0.6, color="tab:red", label=f"different people ({len(different):,} pairs)")
        axes[2].hist(same, bins=bins, density=True, alpha=0.6, color="tab:green", label=f"same person ({len(same):,} pairs)")
        axes[2].axvline(THRESHOLD, color="black", linestyle="--", label=f"threshold {THRESHOLD}")
        axes[2].set(xlabel="L2 distance between encodings", ylabel="density", title=f"held-out people ({figures['test_people']})")
        axes[2].legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def main() -> None:
    from training import out_folder, parser

    options = parser(__doc__, EPOCHS)
    options.add_argument("--evaluate", action="store_true", help="only measure the built encoder again on the held-out people")
    args = options.parse_args()
    out = out_folder(args)
    if args.plot:
        import keras

        model = keras.models.load_model(out / f"{NAME}.keras", compile=False)
        plot(json.loads((out / f"{NAME}.json").read_text()), out / f"{NAME}.png", *measure(model, args.quick)[1])
        return
    if args.evaluate:
        print(json.dumps(remeasure(out, args.quick), indent=1))
        return
    figures = train(out, args.epochs, args.fresh, args.quick, args.stop_after)
    if figures is not None:
        print(json.dumps({k: v for k, v in figures.items() if k != "history"}, indent=1))


if __name__ == "__main__":
    main()
