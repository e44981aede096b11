"""Inputs for the C4W3 (car detection with YOLO) exercises and their public tests.

Each ``*_test_case()`` draws seeded inputs for one graded function with numpy's ``default_rng`` (the same numbers on
every machine and every TensorFlow version) and returns them as float32 / int64 tensors, the dtypes the model's
output has. The expected outputs live in ``dlchecks.c4w3`` (the public tests) and in the source notebook's
expected.json (the grader's); the original course prints none for these functions, so they are the course's own.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "yolo_filter_boxes_test_case",
    "yolo_non_max_suppression_test_case",
    "yolo_eval_test_case",
    "IOU_PAIRS",
]

COCO_ROAD_CLASSES = (0, 2, 5, 7, 9, 11)  # person, car, bus, truck, traffic light, stop sign

# (box1, box2) pairs of corners (x1, y1, x2, y2) for iou: the seed's pair, then the cases its version gets wrong
IOU_PAIRS = {
    "seed": [((2, 1, 4, 3), (1, 2, 3, 4))],
    "no overlap": [
        ((1, 2, 3, 4), (5, 6, 7, 8)),  # apart in x and in y
        ((1, 1, 2, 2), (3, 1, 4, 2)),  # apart in x only
        ((1, 1, 3, 2), (2, 4, 4, 6)),  # apart in y only
        ((1, 1, 2, 2), (2, 1, 3, 2)),  # touching along an edge
        ((1, 1, 2, 2), (2, 2, 3, 3)),  # touching at a corner
        ((1, 1, 4, 4), (2, 2, 3, 3)),  # one box inside the other
    ],
}


def _tf():
    from dlchecks.tfsupport import import_tensorflow_quietly

    return import_tensorflow_quietly()


def filter_boxes_arrays(kind="normal", seed=1, grid=(19, 19, 5), n_classes=80):
    """The numpy arrays of yolo_filter_boxes_test_case (float32)."""
    rng = np.random.default_rng(seed)
    grid = tuple(grid)
    if kind == "ties":  # exact binary fractions: many box scores equal a threshold of 0.5 exactly
        box_confidence = rng.choice([0.5, 1.0], size=(*grid, 1))
        box_class_probs = rng.choice([0.0, 0.125, 0.25, 0.5, 0.75, 1.0], size=(*grid, n_classes))
        boxes = rng.integers(0, 16, size=(*grid, 4)) / 16
    else:  # as the original course's test: normal numbers of mean 1 and standard deviation 4
        box_confidence = rng.normal(1, 4, size=(*grid, 1))
        boxes = rng.normal(1, 4, size=(*grid, 4))
        box_class_probs = rng.normal(1, 4, size=(*grid, n_classes))
    return tuple(a.astype(np.float32) for a in (box_confidence, boxes, box_class_probs))


def yolo_filter_boxes_test_case(kind="normal", seed=1, grid=(19, 19, 5), n_classes=80):
    """Inputs of yolo_filter_boxes: box_confidence (*grid, 1), boxes (*grid, 4), box_class_probs (*grid, n_classes).

    Arguments:
    kind -- "normal": numbers drawn from a normal distribution of mean 1 and standard deviation 4 (as the original
            course's test); "ties": exact fractions, so that many scores equal a threshold of 0.5
    seed -- seed of numpy's default_rng
    grid -- the leading dimensions, (19, 19, 5) for a 19 x 19 grid of 5 anchors
    n_classes -- number of classes

    Returns:
    box_confidence, boxes, box_class_probs -- float32 tensors
    """
    tf = _tf()
    return tuple(tf.constant(a) for a in filter_boxes_arrays(kind, seed, grid, n_classes))


def nms_arrays(seed=1, n=54, clusters=12, image_shape=(720.0, 1280.0)):
    """The numpy arrays of yolo_non_max_suppression_test_case: scores float32, boxes float32, classes int64."""
    rng = np.random.default_rng(seed)
    height, width = image_shape
    centres = rng.uniform([0.2 * height, 0.1 * width], [0.85 * height, 0.9 * width], size=(clusters, 2))  # (y, x)
    sizes = rng.uniform([0.05 * height, 0.05 * width], [0.35 * height, 0.3 * width], size=(clusters, 2))  # (h, w)
    which = rng.integers(clusters, size=n)
    half = sizes[which] / 2
    corners = np.concatenate([centres[which] - half, centres[which] + half], axis=1)  # (y1, x1, y2, x2)
    corners += rng.normal(0, 0.12, size=(n, 4)) * np.tile(sizes[which], 2)  # several boxes around each object
    boxes = np.concatenate([np.minimum(corners[:, :2], corners[:, 2:] - 2), np.maximum(corners[:, 2:], corners[:, :2] + 2)],
                           axis=1)
    scores = rng.uniform(0.6, 1.0, size=n)
    classes = rng.choice(COCO_ROAD_CLASSES, size=n)
    return scores.astype(np.float32), boxes.astype(np.float32), classes.astype(np.int64)


def yolo_non_max_suppression_test_case(seed=1, n=54, clusters=12):
    """Inputs of yolo_non_max_suppression: n boxes scattered around `clusters` objects of a 720 x 1280 picture, as
    yolo_filter_boxes and scale_boxes would give them.

    Arguments:
    seed -- seed of numpy's default_rng
    n -- number of boxes
    clusters -- number of objects the boxes are scattered around

    Returns:
    scores -- float32 tensor of shape (n,), in [0.6, 1)
    boxes -- float32 tensor of shape (n, 4), corners (y1, x1, y2, x2) in pixels
    classes -- int64 tensor of shape (n,), COCO class ids of the road scenes' classes
    """
    tf = _tf()
    return tuple(tf.constant(a) for a in nms_arrays(seed, n, clusters))


def eval_arrays(seed=1, batch=None, n_classes=80):
    """The numpy arrays of yolo_eval_test_case (float32)."""
    rng = np.random.default_rng(seed)
    lead = (19, 19, 5) if batch is None else (batch, 19, 19, 5)
    return tuple(rng.normal(1, 4, size=(*lead, k)).astype(np.float32) for k in (1, 2, 2, n_classes))


def yolo_eval_test_case(seed=1, batch=None, n_classes=80):
    """The four tensors yolo_eval takes, drawn from a normal distribution of mean 1 and standard deviation 4 (as the
    original course's test; they are not real probabilities and sizes, which does not matter to the arithmetic).

    Arguments:
    seed -- seed of numpy's default_rng
    batch -- None for shapes (19, 19, 5, k), an integer m for (m, 19, 19, 5, k)
    n_classes -- number of classes

    Returns:
    yolo_outputs -- tuple of float32 tensors (box_confidence (..., 1), box_xy (..., 2), box_wh (..., 2),
                    box_class_probs (..., n_classes))
    """
    tf = _tf()
    return tuple(tf.constant(a) for a in eval_arrays(seed, batch, n_classes))


def raw_output_arrays(seed=1, n_classes=80, n_anchors=5):
    """Raw numbers of a YOLO network's output for one picture, shape (1, 19, 19, n_anchors * (5 + n_classes)),
    standard normal float32: what yolo_head turns into yolo_outputs."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal((1, 19, 19, n_anchors * (5 + n_classes))).astype(np.float32)
