"""Train the course's car detector for C4W3 on generated road scenes: `make models` writes models/yolo_roads.keras.

The original course ran YOLOv2 trained on COCO (a 194 MB file of 50 million weights); this course trains a small
detector of the same output layout (19 x 19 cells x 5 anchors x (4 box numbers, objectness, 80 COCO class scores))
on its own road scenes (datasets/roads.py), so that the notebook's lesson, turning the raw grid into a few good boxes,
works on pictures it can ship. The network, its targets and its loss are `yolo_body`, `preprocess_true_boxes` and
`yolo_loss` in utils/yolo_utils.py. Model card: models/yolo_roads.md.

Recipe (the card says why): TRAIN_SCENES random scenes of the "train" split drawn at the network's 304 x 304 (what a
608 x 608 picture becomes after the model's first layer), VAL_SCENES more to choose the epoch; each epoch every
scene is mirrored left-right with probability 1/2 (its boxes with it); Adam with one epoch
of warm-up, then a cosine from PEAK_LR to 1 % of it; the objectness bias starts at log(0.01 / 0.99), so that the
first steps are not spent learning that most anchors hold nothing; the epoch with the best validation mAP@0.5 is
kept. The held-out test scenes (datasets/roads_test.h5, 608 x 608) are used once, at the end, through the saved
608-pixel model.

Restartable: the drawn scenes and, after each epoch, the weights with the optimizer state are kept in
models/.yolo_roads.work/; running the script again goes on from there (--fresh starts again, --stop-after K trains
K epochs now). With op determinism on, an uninterrupted run gives the same weights every time on one machine.

Usage: python models/train_yolo_roads.py [--epochs N] [--out DIR] [--fresh] [--stop-after K] [--quick] [--plot]
       [--evaluate]
"""

from __future__ import annotations

import json
import math
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
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

NAME = "yolo_roads"
SEED = 1
TRAIN_SCENES = 4000
VAL_SCENES = 250
EPOCHS = 14
BATCH = 32
PEAK_LR = 1e-3
MAX_BOXES = 40  # true boxes per scene kept for the loss (the scenes have at most 23)
NUM_CLASSES = 80
EVAL_SCORE_MIN = 0.01  # detections kept for average precision (the notebook's threshold is far higher)
EVAL_NMS_IOU = 0.5
EVAL_MAX_BOXES = 100
NEAR_EVERY = 3  # every third training scene has a vehicle 2.5-9 m ahead (roads.draw_scene(near=True)), rare otherwise
VISIBLE = 1 / 30  # boxes lower than this share of the picture's height (24 of 720 pixels) are "don't care" in ap_visible
SHOWN = (2, 4, 5, 9, 11, 13)  # held-out scenes drawn in the model card's picture


# ---------------------------------------------------------------------------------------------- data


def true_boxes(boxes, classes, width, height, max_boxes=MAX_BOXES) -> np.ndarray:
    """(max_boxes, 5) float32: (x centre, y centre, width, height) as fractions of the picture and the class id,
    from boxes (n, 4) (left, top, right, bottom) in pixels; rows of zeros pad."""
    out = np.zeros((max_boxes, 5), np.float32)
    b = np.asarray(boxes, np.float64).reshape(-1, 4)[:max_boxes]
    n = len(b)
    out[:n, 0] = (b[:, 0] + b[:, 2]) / 2 / width
    out[:n, 1] = (b[:, 1] + b[:, 3]) / 2 / height
    out[:n, 2] = (b[:, 2] - b[:, 0]) / width
    out[:n, 3] = (b[:, 3] - b[:, 1]) / height
    out[:n, 4] = np.asarray(classes).reshape(-1)[:max_boxes]
    return out


def draw_training_scene(i: int):
    """Scene i of the training split as the network sees it, drawn at its size (304 x 304; the renderer supersamples,
    so this is close to a 608 x 608 scene averaged 2 x 2, as the model's first layer does): (uint8 image, true boxes
    (MAX_BOXES, 5))."""
    import roads
    from make_roads import SEED as ROADS_SEED
    from make_roads import SPLITS
    from yolo_utils import TRUNK_SIZE

    rng = np.random.default_rng([ROADS_SEED, SPLITS["train"], i])
    image, boxes, classes = roads.draw_scene(rng, TRUNK_SIZE, TRUNK_SIZE, near=i % NEAR_EVERY == 0)
    return image, true_boxes(boxes, classes, TRUNK_SIZE, TRUNK_SIZE)


def draw_training_scenes(first: int, count: int, workers: int = 2, desc: str = "scenes"):
    """Scenes first ... first + count - 1 of the training split: images uint8 (count, 304, 304, 3), boxes (count,
    MAX_BOXES, 5). Each scene depends on its number only, so the workers do not change the bytes."""
    from yolo_utils import TRUNK_SIZE

    images = np.zeros((count, TRUNK_SIZE, TRUNK_SIZE, 3), np.uint8)
    boxes = np.zeros((count, MAX_BOXES, 5), np.float32)
    with ProcessPoolExecutor(workers) as pool:
        done = pool.map(draw_training_scene, range(first, first + count), chunksize=16)
        for k, (img, box) in enumerate(tqdm(done, total=count, desc=desc, unit="scene")):
            images[k], boxes[k] = img, box
    return images, boxes


def mirror(images: np.ndarray, boxes: np.ndarray, flip: np.ndarray):
    """Pictures flipped left-right where `flip` is True, with their boxes (x centre -> 1 - x centre)."""
    images = images.copy()
    boxes = boxes.copy()
    images[flip] = images[flip, :, ::-1]
    real = flip[:, None] & (boxes[:, :, 2] > 0)
    boxes[:, :, 0] = np.where(real, 1.0 - boxes[:, :, 0], boxes[:, :, 0])
    return images, boxes


def targets(boxes: np.ndarray, anchors):
    """preprocess_true_boxes for a batch: detectors_mask (m, 19, 19, A, 1), matching_true_boxes (m, 19, 19, A, 5)."""
    from yolo_utils import preprocess_true_boxes

    pairs = [preprocess_true_boxes(b, anchors, (608, 608)) for b in boxes]
    return np.stack([p[0] for p in pairs]), np.stack([p[1] for p in pairs])


# ---------------------------------------------------------------------------------------------- evaluation


def nms(boxes: np.ndarray, scores: np.ndarray, iou_threshold: float, max_boxes: int) -> np.ndarray:
    """Greedy non-max suppression (boxes (n, 4) as (x1, y1, x2, y2)): indices kept, best first."""
    order = np.argsort(-scores, kind="stable")
    keep = []
    while order.size and len(keep) < max_boxes:
        i = order[0]
        keep.append(i)
        rest = order[1:]
        iw = np.maximum(0, np.minimum(boxes[i, 2], boxes[rest, 2]) - np.maximum(boxes[i, 0], boxes[rest, 0]))
        ih = np.maximum(0, np.minimum(boxes[i, 3], boxes[rest, 3]) - np.maximum(boxes[i, 1], boxes[rest, 1]))
        inter = iw * ih
        area = lambda b: (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1])  # noqa: E731
        overlap = inter / np.maximum(area(boxes[i]) + area(boxes[rest]) - inter, 1e-12)
        order = rest[overlap <= iou_threshold]
    return np.asarray(keep, dtype=np.int64)


def detections(raw, anchors, width: float, height: float, score_min: float = EVAL_SCORE_MIN, per_class: bool = True):
    """Boxes of one picture for scoring: each anchor's best class, score = confidence x class probability, per-class
    NMS (or, per_class=False, one NMS over all classes as the notebook's yolo_non_max_suppression). raw: (19, 19,
    425). Returns boxes (n, 4) (left, top, right, bottom) in pixels, scores (n,), classes (n,)."""
    from yolo_utils import yolo_head

    conf, xy, wh, probs = (np.asarray(t)[0] for t in yolo_head(np.asarray(raw)[None], anchors, NUM_CLASSES))
    scores_all = conf * probs
    classes = scores_all.argmax(-1).reshape(-1)
    scores = scores_all.max(-1).reshape(-1)
    xy, wh = xy.reshape(-1, 2), wh.reshape(-1, 2)
    boxes = np.concatenate([xy - wh / 2, xy + wh / 2], axis=1) * [width, height, width, height]
    keep = scores >= score_min
    boxes, scores, classes = boxes[keep], scores[keep], classes[keep]
    kept = []
    for c in np.unique(classes) if per_class else [None]:
        idx = np.nonzero(classes == c)[0] if per_class else np.arange(len(scores))
        kept.extend(idx[nms(boxes[idx], scores[idx], EVAL_NMS_IOU, EVAL_MAX_BOXES)])
    kept = np.asarray(sorted(kept, key=lambda k: -scores[k]), dtype=np.int64)[:EVAL_MAX_BOXES]
    return boxes[kept], scores[kept], classes[kept]


def box_iou(box: np.ndarray, others: np.ndarray) -> np.ndarray:
    """IoU of one box (4,) with boxes (n, 4), all (x1, y1, x2, y2)."""
    iw = np.maximum(0, np.minimum(box[2], others[:, 2]) - np.maximum(box[0], others[:, 0]))
    ih = np.maximum(0, np.minimum(box[3], others[:, 3]) - np.maximum(box[1], others[:, 1]))
    inter = iw * ih
    union = (box[2] - box[0]) * (box[3] - box[1]) + (others[:, 2] - others[:, 0]) * (others[:, 3] - others[:, 1]) - inter
    return inter / np.maximum(union, 1e-12)


def average_precision(found, truth, class_id: int, iou_threshold: float = 0.5, min_height: float = 0.0):
    """Average precision of one class over a set of pictures (all-point interpolation, as PASCAL VOC since 2010).

    found -- per picture (boxes (n, 4), scores (n,), classes (n,)); truth -- per picture (boxes (k, 4), classes (k,)).
    A detection is right when it overlaps a true box of its class, not yet claimed by a better detection, by at least
    iou_threshold. True boxes lower than min_height (pixels) are "don't care", as KITTI treats objects too small to
    judge: they are not counted as missed, and a detection that claims one counts neither right nor wrong.
    Returns (AP, number of true boxes counted); AP is nan when the class has no true box.
    """
    records = []  # (score, right?)
    total = 0
    for (boxes, scores, classes), (t_boxes, t_classes) in zip(found, truth, strict=True):
        mine = t_boxes[t_classes == class_id]
        small = (mine[:, 3] - mine[:, 1]) < min_height
        total += int((~small).sum())
        claimed = np.zeros(len(mine), bool)
        sel = np.nonzero(classes == class_id)[0]
        for k in sel[np.argsort(-scores[sel], kind="stable")]:
            right, ignored = False, False
            if len(mine):
                overlaps = box_iou(boxes[k], mine)
                overlaps[claimed & ~small] = -1  # a small box may be claimed many times: it counts for nothing
                j = int(np.argmax(overlaps))
                if overlaps[j] >= iou_threshold:
                    claimed[j] = True
                    right, ignored = not small[j], small[j]
            if not ignored:
                records.append((scores[k], right))
    if total == 0:
        return float("nan"), 0
    if not records:
        return 0.0, total
    records.sort(key=lambda r: -r[0])
    right = np.array([r[1] for r in records], float)
    recall = np.cumsum(right) / total
    precision = np.cumsum(right) / np.arange(1, len(right) + 1)
    # precision envelope, then the area under the recall steps
    precision = np.maximum.accumulate(precision[::-1])[::-1]
    steps = np.diff(np.concatenate([[0.0], recall]))
    return float(np.sum(steps * precision)), total


def evaluate(model, images, t_boxes, t_classes, anchors, batch: int = 16):
    """Per-class AP@0.5 on pictures of the model's input size; t_boxes in pixels (left, top, right, bottom).

    Returns ({class name: {"ap": AP over all true boxes, "boxes": their number, "ap_visible": AP over the boxes at
    least VISIBLE of the picture's height tall, smaller ones "don't care", "visible_boxes": their number}}, mAP over
    the classes present (all boxes), the same over the visible boxes).
    """
    from roads import CLASS_NAMES

    height, width = images.shape[1:3]
    found = []
    for start in range(0, len(images), batch):
        raw = model(images[start : start + batch].astype(np.float32) / 255.0, training=False)
        found.extend(detections(r, anchors, width, height) for r in np.asarray(raw))
    truth = list(zip(t_boxes, t_classes, strict=True))
    per_class = {}
    for class_id, name in CLASS_NAMES.items():
        ap, n = average_precision(found, truth, class_id)
        ap_visible, n_visible = average_precision(found, truth, class_id, min_height=VISIBLE * height)
        if n:
            per_class[name] = {"ap": round(ap, 4), "boxes": n, "ap_visible": round(ap_visible, 4), "visible_boxes": n_visible}
    mean_ap = float(np.mean([v["ap"] for v in per_class.values()]))
    mean_visible = float(np.nanmean([v["ap_visible"] for v in per_class.values()]))
    return per_class, round(mean_ap, 4), round(mean_visible, 4)


def pixel_boxes(boxes: np.ndarray, size: int):
    """True boxes (MAX_BOXES, 5) as fractions -> (boxes (k, 4) pixels (left, top, right, bottom), classes (k,))."""
    b = boxes[boxes[:, 2] > 0]
    xy, wh = b[:, 0:2] * size, b[:, 2:4] * size
    return np.concatenate([xy - wh / 2, xy + wh / 2], axis=1), b[:, 4].astype(np.int64)


# ---------------------------------------------------------------------------------------------- training


def build(input_size: int):
    import keras
    from yolo_utils import read_anchors, yolo_body

    anchors = read_anchors("model_data/yolo_anchors.txt")
    return yolo_body(keras.Input((input_size, input_size, 3)), len(anchors), NUM_CLASSES)


def start_objectness_low(model, n_anchors: int) -> None:
    """Sets the output layer's objectness biases to log(0.01 / 0.99): every anchor starts at 1 % 'object'."""
    layer = model.get_layer("conv_out")
    kernel, bias = layer.get_weights()
    per = bias.size // n_anchors
    bias[4::per] = math.log(0.01 / 0.99)
    layer.set_weights([kernel, bias])


def train(out: Path, epochs: int = EPOCHS, fresh: bool = False, quick: bool = False, stop_after: int | None = None):
    import keras
    import tensorflow as tf
    from yolo_utils import read_anchors, yolo_loss

    keras.utils.set_random_seed(SEED)
    tf.config.experimental.enable_op_determinism()
    anchors = read_anchors("model_data/yolo_anchors.txt")
    n_train, n_val = (16, 4) if quick else (TRAIN_SCENES, VAL_SCENES)

    work = work_folder(out, NAME, fresh)
    scenes = work / "scenes.npz"
    if scenes.exists():
        with np.load(scenes) as f:
            x_train, b_train, x_val, b_val = f["x_train"], f["b_train"], f["x_val"], f["b_val"]
    else:
        x_train, b_train = draw_training_scenes(0, n_train, desc="training scenes")
        x_val, b_val = draw_training_scenes(n_train, n_val, desc="validation scenes")
        np.savez(scenes, x_train=x_train, b_train=b_train, x_val=x_val, b_val=b_val)
    val_truth = [pixel_boxes(b, x_val.shape[1]) for b in b_val]

    model = build(x_train.shape[1])
    optimizer = keras.optimizers.Adam(PEAK_LR)
    run = EpochRun(work, model, optimizer, epochs, stop_after, {"best_map": -1.0}, "best validation mAP")
    state = run.state
    if not run.resumed:
        start_objectness_low(model, len(anchors))

    @tf.function(reduce_retracing=True)
    def step(images, boxes, mask, matching, lr):
        optimizer.learning_rate.assign(lr)
        with tf.GradientTape() as tape:
            raw = model(images, training=True)
            loss = yolo_loss((raw, boxes, mask, matching), anchors, NUM_CLASSES)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
        return loss

    steps = math.ceil(len(x_train) / BATCH)
    bar = tqdm(run.todo, desc="YOLO on road scenes", unit="epoch", initial=state["epoch"] + 1, total=epochs)
    for epoch in bar:
        start = time.time()
        rng = np.random.default_rng([SEED, epoch])
        order = rng.permutation(len(x_train))
        flip = rng.random(len(x_train)) < 0.5
        losses = []
        for s in range(steps):
            idx = order[s * BATCH : (s + 1) * BATCH]
            images, boxes = mirror(x_train[idx], b_train[idx], flip[idx])
            mask, matching = targets(boxes, anchors)
            lr = learning_rate(epoch * steps + s, steps, epochs, PEAK_LR)
            losses.append(float(step(images.astype(np.float32) / 255.0, boxes, mask, matching, tf.constant(lr, tf.float32))))
        per_class, val_map, _ = evaluate(model, x_val, [t[0] for t in val_truth], [t[1] for t in val_truth], anchors)
        car_ap = per_class.get("car", {}).get("ap")
        row = {"epoch": epoch + 1, "loss": round(float(np.mean(losses)), 3), "val_map": val_map, "val_car_ap": car_ap}
        run.end_epoch(epoch, row, start, {"best_map": val_map} if val_map > state["best_map"] else None)
        bar.set_postfix(loss=row["loss"], val_map=f"{val_map:.3f}", best=f"{state['best_map']:.3f}@{state['best_epoch']}")
    bar.close()
    if not run.finished():
        return None

    trunk = build(x_train.shape[1])
    trunk.load_weights(work / "best.weights.h5")
    final = build(608)  # the same layers behind the 2 x 2 averaging: the notebook's 608 x 608 input
    for layer in trunk.layers:
        if layer.weights:
            final.get_layer(layer.name).set_weights(layer.get_weights())
    figures = {
        "model": f"{NAME}.keras",
        "parameters": int(final.count_params()),
        "train_scenes": n_train,
        "val_scenes": n_val,
        "epochs": epochs,
        "best_epoch": state["best_epoch"],
        "val_map": state["best_map"],
        "train_seconds": round(state["seconds"], 1),
        "seconds_per_epoch": round(state["seconds"] / max(len(state["history"]), 1), 1),
        "quick": quick,
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "history": state["history"],
    }
    final.save(out / f"{NAME}.keras")
    (out / f"{NAME}.json").write_text(json.dumps(figures, indent=1) + "\n")
    figures.update(remeasure(out, quick))  # the test figures, curves and pictures: written once, by remeasure
    shutil.rmtree(work)
    return figures


def held_out(quick: bool) -> dict:
    """The held-out test scenes (datasets/roads_test.h5, 608 x 608): images, boxes (pixels) and classes per scene."""
    import h5py
    from course_data import data_file

    with h5py.File(data_file("roads_test.h5", "datasets"), "r") as f:
        n = 8 if quick else len(f["images"])  # the quick run reads only what it uses
        images, boxes, classes, counts = (f[k][:n] for k in ("images", "boxes", "classes", "n_boxes"))
    return {
        "images": images,
        "boxes": [boxes[i, : counts[i]] for i in range(n)],
        "classes": [classes[i, : counts[i]] for i in range(n)],
    }


def remeasure(out: Path, quick: bool = False) -> dict:
    """Measures the built model on the held-out scenes and writes the test figures into its .json, then its curves
    and pictures: at the end of training, and alone (--evaluate) after a change of the evaluation. Returns the test
    figures."""
    import keras
    from yolo_utils import read_anchors

    anchors = read_anchors("model_data/yolo_anchors.txt")
    model = keras.models.load_model(out / f"{NAME}.keras", compile=False)
    test = held_out(quick)
    per_class, test_map, test_map_visible = evaluate(model, test["images"], test["boxes"], test["classes"], anchors)
    figures = json.loads((out / f"{NAME}.json").read_text())
    figures.update(test_scenes=len(test["images"]), test_map=test_map, test_map_visible=test_map_visible, test_ap=per_class)
    figures.update(test_jpg=on_test_jpg(model, anchors))
    (out / f"{NAME}.json").write_text(json.dumps(figures, indent=1) + "\n")
    plot(figures, out / f"{NAME}.png")
    if not quick:
        show_examples(model, test, anchors, out / f"{NAME}_examples.jpg")
    return {k: v for k, v in figures.items() if k.startswith("test")}


def on_test_jpg(model, anchors) -> dict:
    """What the notebook's yolo_eval keeps on images/test.jpg at its defaults (score 0.6, one NMS at 0.5, 10 boxes),
    matched to the seed's seven boxes at IoU 0.5 with the right class."""
    from make_roads import SEED_BOXES
    from yolo_utils import preprocess_image

    names = {"car": 2, "bus": 5}
    image, data = preprocess_image(REPO / "images" / "test.jpg")
    raw = np.asarray(model(data, training=False))[0]
    boxes, scores, classes = detections(raw, anchors, *image.size, score_min=0.6, per_class=False)
    boxes, scores, classes = boxes[:10], scores[:10], classes[:10]
    found = 0
    for name, box in SEED_BOXES:
        same = classes == names[name]
        found += bool(same.any() and box_iou(np.asarray(box, float), boxes[same]).max() >= 0.5)
    return {
        "boxes": [[round(float(v)) for v in b] for b in boxes],
        "scores": [round(float(v), 2) for v in scores],
        "classes": [int(c) for c in classes],
        "seed_boxes_found": found,
    }


def plot(figures: dict, path: Path) -> None:
    """The run's curves as a PNG: training loss and validation mAP@0.5 / car AP per epoch."""
    from training import plot_curves

    plot_curves(path, figures["history"], ("training loss per picture (yolo_loss)", True), ("held-out scenes", "average precision"),
                [("val_map", f"validation mAP@0.5 ({figures['val_scenes']} scenes)"), ("val_car_ap", "validation car AP@0.5")],
                figures["best_epoch"], (figures["test_map"], "test mAP@0.5"))


def show_examples(model, test: dict, anchors, path: Path) -> None:
    """A grid of held-out scenes with the boxes yolo_eval's defaults would keep (score 0.6, NMS 0.5), drawn by draw_boxes,
    beside the true boxes in white."""
    import contextlib
    import io

    from PIL import Image, ImageDraw
    from yolo_utils import draw_boxes, generate_colors, read_classes

    names = read_classes("model_data/coco_classes.txt")
    colors = generate_colors(names)
    tiles = []
    for i in SHOWN:
        image = Image.fromarray(test["images"][i]).resize((640, 360), Image.BICUBIC)
        raw = np.asarray(model(test["images"][i : i + 1].astype(np.float32) / 255.0, training=False))[0]
        boxes, scores, classes = detections(raw, anchors, 640, 360, score_min=0.6)
        draw = ImageDraw.Draw(image)
        for left, top, right, bottom in test["boxes"][i] * [640 / 608, 360 / 608, 640 / 608, 360 / 608]:
            draw.rectangle([left, top, right, bottom], outline=(255, 255, 255))
        with contextlib.redirect_stdout(io.StringIO()):
            draw_boxes(image, scores, boxes[:, [1, 0, 3, 2]], classes, names, colors)
        tiles.append(image)
    grid = Image.new("RGB", (2 * 640 + 10, 3 * 360 + 20), (255, 255, 255))
    for k, tile in enumerate(tiles):
        grid.paste(tile, ((k % 2) * 650, (k // 2) * 370))
    grid.save(path, quality=85, optimize=True)


def main() -> None:
    from training import out_folder, parser

    options = parser(__doc__, EPOCHS)
    options.add_argument("--evaluate", action="store_true", help="only measure the built model again on the test scenes")
    args = options.parse_args()
    out = out_folder(args)
    if args.plot:
        plot(json.loads((out / f"{NAME}.json").read_text()), out / f"{NAME}.png")
        return
    if args.evaluate:
        print(json.dumps(remeasure(out, args.quick), indent=1))
        return
    figures = train(out, args.epochs, args.fresh, args.quick, args.stop_after)
    if figures is not None:
        print(json.dumps({k: v for k, v in figures.items() if k != "history"}, indent=1))


if __name__ == "__main__":
    main()
