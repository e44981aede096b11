"""Checks of C4W3 car detection with YOLO: the public tests of yolo_filter_boxes, iou, yolo_non_max_suppression and
yolo_eval, and the probes the grader also runs.

Only numbers, arrays, strings, lists and tuples travel from the kernel to the grader, so each probe first checks that
an output is a ``tf.Tensor`` (the seed's functions return tensors) and then shows its values. yolo_filter_boxes keeps
hundreds of boxes, so its probe shows their number, three of them and sums over all of them (in float64); the other
functions return at most max_boxes boxes, shown whole. The inputs are drawn by ``yolo_test_cases`` with numpy's
default_rng. The original course prints only one number for these functions, iou((2, 1, 4, 3), (1, 2, 3, 4)) =
0.14285714285714285 (typed below); every other public expected value is what the course's solutions give.

iou follows the maths, not the seed's code: the seed's version does not clamp the intersection at zero, so two boxes
apart in both x and y get a positive "intersection" (iou((1, 2, 3, 4), (5, 6, 7, 8)) is 1.0 there); the public test
tries boxes apart, touching along an edge or at a corner (iou 0) and a box inside another.
"""

from __future__ import annotations

import numpy as np

from .tfsupport import import_tensorflow_quietly

tf = import_tensorflow_quietly()  # first: the notebook's first cell stays free of TensorFlow's C++ start-up log
from yolo_test_cases import (  # noqa: E402 - after the quiet import
    IOU_PAIRS,
    raw_output_arrays,
    yolo_eval_test_case,
    yolo_filter_boxes_test_case,
    yolo_non_max_suppression_test_case,
)
from yolo_utils import model_data_file, read_anchors, yolo_head  # noqa: E402

from .core import Case, Check, explain_none_errors, hint  # noqa: E402

ASSIGNMENT = "C4W3_Car_Detection_YOLO"
explain_none_errors()  # the None hint under errors in any cell of the notebook

TENSOR = "a tf.Tensor (TensorFlow's eager tensor)"
FLOAT = {"rtol": 1e-5, "atol": 1e-6}  # float32 products and sums, rounded alike on every CPU but for the last bits
PIXELS = {"rtol": 1e-5, "atol": 1e-4}  # boxes in pixels: float32 numbers of several hundreds
SUMS = {"rtol": 1e-6, "atol": 1e-6}  # sums in float64 of float32 outputs

NUMPY_HINT = ("in TensorFlow 2 an operation's result is already a value: return the tensors themselves (no .numpy(), "
              "no np.array(...)), as the seed's function returns tensors")


def _tensor(t, label: str, got):
    """`got` must be a tf.Tensor; returns its values as a numpy array."""
    if isinstance(got, tf.Variable):
        t.fail(f"{label}: expected {TENSOR}, got a tf.Variable. Return the result of the operations itself")
    if isinstance(got, np.ndarray | np.generic):
        t.fail(f"{label}: expected {TENSOR}, got a numpy array. Hint: {NUMPY_HINT}")
    t.type(label, got, tf.Tensor, TENSOR)
    return got.numpy()


def _three(t, call: str, out):
    """(scores, boxes, classes) as numpy arrays, after checking that they are three tensors of matching shapes."""
    scores, boxes, classes = t.tuple(call, out, ("scores", "boxes", "classes"))
    scores, boxes, classes = (_tensor(t, name, value) for name, value in
                              (("scores", scores), ("boxes", boxes), ("classes", classes)))
    if scores.ndim != 1:
        t.fail(f"scores has shape {scores.shape}; expected one score per box kept, shape (None,). Each box's score is "
               "the largest of its class scores: the maximum over the last axis (axis=-1), which removes that axis")
    if boxes.ndim != 2 or boxes.shape[-1] != 4:
        t.fail(f"boxes has shape {boxes.shape}; expected (None, 4): the 4 corners of each box kept")
    if classes.ndim != 1:
        t.fail(f"classes has shape {classes.shape}; expected one class index per box kept, shape (None,)")
    if not (len(scores) == len(boxes) == len(classes)):
        t.fail(f"{len(scores)} scores, {len(boxes)} boxes and {len(classes)} classes: the same boxes must be kept in "
               "all three (apply the same mask, or gather the same indices, to scores, boxes and classes)")
    if classes.dtype.kind not in "iu":
        t.fail(f"classes are {classes.dtype} numbers; expected integers, the index of each box's best class: the "
               "argmax over the last axis, not the maximum itself")
    return scores, boxes, classes


# ------------------------------------------------------------------ yolo_filter_boxes
def _yolo_filter_boxes(t, f, kind, seed, threshold, grid=(19, 19, 5), n_classes=80):
    box_confidence, boxes, box_class_probs = yolo_filter_boxes_test_case(kind, seed, grid, n_classes)
    call = f"yolo_filter_boxes(box_confidence, boxes, box_class_probs, threshold={threshold})"
    scores, boxes, classes = _three(t, call, f(box_confidence, boxes, box_class_probs, threshold))
    keep = ("keep the boxes whose best score is at least the threshold: a mask with >= (a box whose score equals "
            "the threshold is kept), applied with tf.boolean_mask to the scores, the boxes and the classes")
    if kind == "ties":
        keep = ("many scores here equal the threshold exactly, and they are kept: the mask is box_class_scores >= "
                "threshold, not >")
    with hint(keep):
        t.equal("number of boxes kept", int(len(scores)))
    n = len(scores)
    with hint("each box's score is the largest of box_confidence * box_class_probs over the classes (axis=-1), its "
              "class the index of that largest score (argmax over axis=-1), its box the 4 numbers of `boxes` unchanged"):
        for i in (0, 2, n - 1) if n > 2 else range(n):
            t.close(f"scores[{i}]", scores[i], **FLOAT)
            t.close(f"boxes[{i}]", boxes[i], **FLOAT)
            t.equal(f"classes[{i}]", int(classes[i]))
        t.close("sum of scores", float(np.sum(scores, dtype=np.float64)), **SUMS)
        t.close("sum of boxes, column by column", np.sum(boxes, axis=0, dtype=np.float64), **SUMS)
        t.equal("sum of classes", int(np.sum(classes, dtype=np.int64)))


def _filter_given(kind, seed, threshold, grid=(19, 19, 5), n_classes=80) -> str:
    if kind == "ties":
        drawn = ("box_confidence from {0.5, 1}, box_class_probs from {0, 0.125, 0.25, 0.5, 0.75, 1}, boxes from "
                 "multiples of 1/16")
    else:
        drawn = "box_confidence, boxes and box_class_probs normal numbers of mean 1 and standard deviation 4"
    shapes = f"shapes {(*grid, 1)}, {(*grid, 4)}, {(*grid, n_classes)}"
    return (f"yolo_filter_boxes_test_case({kind!r}, seed={seed}, grid={grid}, n_classes={n_classes}): {drawn}, "
            f"{shapes}, float32; threshold = {threshold}")


check_yolo_filter_boxes = Check("yolo_filter_boxes", _yolo_filter_boxes, [
    Case(("normal", 1, 0.5), {
        "number of boxes kept": 1786,
        "scores[0]": 24.235759735107422,
        "boxes[0]": [0.33226001262664795, 0.6979088187217712, -1.7266836166381836, -1.2423313856124878],
        "classes[0]": 62,
        "scores[2]": 22.884761810302734,
        "boxes[2]": [6.396996021270752, -5.951778888702393, 4.3786845207214355, 3.198330879211426],
        "classes[2]": 23,
        "scores[1785]": 2.414384365081787,
        "boxes[1785]": [-3.017442226409912, 9.69235610961914, -3.791985273361206, 5.777485370635986],
        "classes[1785]": 53,
        "sum of scores": 59673.31212759018,
        "sum of boxes, column by column": [1448.753436090803, 1863.6087240356464, 2049.6336395428516, 1766.5681870444678],
        "sum of classes": 69835,
    }, _filter_given("normal", 1, 0.5)),
    Case(("ties", 5, 0.5, (4, 4, 2), 6), {
        "number of boxes kept": 29,
        "scores[0]": 0.75,
        "boxes[0]": [0.6875, 0.0, 0.75, 0.1875],
        "classes[0]": 5,
        "scores[2]": 0.5,
        "boxes[2]": [0.4375, 0.875, 0.1875, 0.4375],
        "classes[2]": 1,
        "scores[28]": 0.75,
        "boxes[28]": [0.5, 0.6875, 0.75, 0.9375],
        "classes[28]": 0,
        "sum of scores": 20.25,
        "sum of boxes, column by column": [12.8125, 13.0, 13.875, 15.4375],
        "sum of classes": 55,
    }, _filter_given("ties", 5, 0.5, (4, 4, 2), 6)),
])


# ------------------------------------------------------------------ iou
def _pair(box1, box2) -> str:
    return f"iou({box1}, {box2})"


def _iou(t, f, pairs):
    for box1, box2 in pairs:
        label = _pair(box1, box2)
        got = f(box1, box2)
        if hasattr(got, "numpy") and not isinstance(got, np.ndarray | np.generic):
            t.fail(f"{label}: got {type(got).__name__}; iou is plain Python: max, min, products and one division, "
                   "and returns a number")
        apart = max(box1[0], box2[0]) >= min(box1[2], box2[2]) or max(box1[1], box2[1]) >= min(box1[3], box2[3])
        with hint("boxes that do not overlap have an intersection of area 0: the intersection's width xi2 - xi1 and "
                  "its height yi2 - yi1 are each clamped at 0 (max(..., 0)) before they are multiplied (the product "
                  "of two negative lengths is positive)" if apart else
                  "the intersection is (max of the x1, max of the y1, min of the x2, min of the y2); union = area of "
                  "box1 + area of box2 - intersection; iou = intersection / union"):
            t.close(label, got, rtol=1e-12, atol=1e-12)


def _iou_given(pairs) -> str:
    return "boxes as corners (x1, y1, x2, y2): " + "; ".join(f"{a} and {b}" for a, b in pairs)


check_iou = Check("iou", _iou, [
    Case((IOU_PAIRS["seed"],), {_pair(*IOU_PAIRS["seed"][0]): 0.14285714285714285},  # the seed's printed number
         _iou_given(IOU_PAIRS["seed"])),
    Case((IOU_PAIRS["no overlap"],), {
        _pair(*IOU_PAIRS["no overlap"][0]): 0.0,
        _pair(*IOU_PAIRS["no overlap"][1]): 0.0,
        _pair(*IOU_PAIRS["no overlap"][2]): 0.0,
        _pair(*IOU_PAIRS["no overlap"][3]): 0.0,
        _pair(*IOU_PAIRS["no overlap"][4]): 0.0,
        _pair(*IOU_PAIRS["no overlap"][5]): 1 / 9,
    }, _iou_given(IOU_PAIRS["no overlap"]) + " (apart, touching, one inside the other)"),
])


# ------------------------------------------------------------------ yolo_non_max_suppression
NMS_HINT = ("tf.image.non_max_suppression(boxes, scores, max_boxes, iou_threshold) takes the boxes first, as corners "
            "(y1, x1, y2, x2), then the scores, and returns the indices of the boxes it keeps, best score first; "
            "tf.gather then picks those indices out of scores, boxes and classes, in that order")


def _yolo_non_max_suppression(t, f, seed, n, clusters, max_boxes=None, iou_threshold=None):
    scores, boxes, classes = yolo_non_max_suppression_test_case(seed, n, clusters)
    if max_boxes is None:
        call = "yolo_non_max_suppression(scores, boxes, classes)"
        out = f(scores, boxes, classes)
        max_boxes = 10
    else:
        call = f"yolo_non_max_suppression(scores, boxes, classes, max_boxes={max_boxes}, iou_threshold={iou_threshold})"
        out = f(scores, boxes, classes, max_boxes, iou_threshold)
    kept_scores, kept_boxes, kept_classes = _three(t, call, out)
    if len(kept_scores) > max_boxes:
        t.fail(f"{len(kept_scores)} boxes kept, more than max_boxes = {max_boxes}: pass max_boxes to "
               "tf.image.non_max_suppression (its third argument, max_output_size)")
    if np.any(np.diff(kept_scores) > 0):
        t.fail("the scores kept are not in decreasing order: keep the order of the indices that "
               "tf.image.non_max_suppression returns (best first)")
    with hint(NMS_HINT + " (max_boxes=10 and iou_threshold=0.5 by default)"):
        t.equal("number of boxes kept", int(len(kept_scores)))
    with hint(NMS_HINT):
        t.close("scores", kept_scores, **FLOAT)
        t.close("boxes", kept_boxes, **PIXELS)
        t.close("classes", kept_classes)


def _nms_given(seed, n, clusters, max_boxes=None, iou_threshold=None) -> str:
    settings = ("max_boxes and iou_threshold left at their defaults" if max_boxes is None else
                f"max_boxes = {max_boxes}, iou_threshold = {iou_threshold}")
    return (f"yolo_non_max_suppression_test_case(seed={seed}, n={n}, clusters={clusters}): {n} boxes (y1, x1, y2, x2) "
            f"in pixels around {clusters} objects of a 720 x 1280 picture, scores in [0.6, 1), classes int64; {settings}")


check_yolo_non_max_suppression = Check("yolo_non_max_suppression", _yolo_non_max_suppression, [
    Case((1, 54, 12), {
        "number of boxes kept": 10,
        "scores": [0.99349999, 0.98666495, 0.97880244, 0.93498856, 0.92253959, 0.90208864, 0.85600424, 0.83398652,
            0.83054322, 0.79959458],
        "boxes": [[234.40968, 1055.2833, 531.13568, 1208.7827], [136.82359, 334.75803, 351.25952, 443.28668],
            [376.27423, 345.95444, 573.20844, 533.0191], [243.97568, 400.75772, 318.15479, 725.9411], [270.85352,
            1002.4374, 438.01422, 1296.6483], [267.31949, 785.33862, 325.31543, 1070.9436], [130.95345, 329.31293,
            332.28818, 790.86255], [446.49203, 499.28946, 617.49048, 605.60809], [405.6955, 502.72336, 574.92517,
            890.14233], [363.61615, 260.36215, 649.62317, 525.62579]],
        "classes": [9, 2, 2, 5, 5, 11, 11, 7, 5, 9],
    }, _nms_given(1, 54, 12)),
])


# ------------------------------------------------------------------ yolo_eval
EVAL_HINT = ("yolo_eval chains what you wrote: yolo_boxes_to_corners(box_xy, box_wh) (NMS needs corners, not the "
             "centre and size), yolo_filter_boxes(..., score_threshold), scale_boxes(boxes, image_shape) (boxes in "
             "pixels of the picture, not fractions), yolo_non_max_suppression(..., max_boxes, iou_threshold): each "
             "threshold to its own function")


def _eval_outputs(kind, seed):
    if kind == "head":  # a network's raw output for one picture, decoded by yolo_head: shapes (1, 19, 19, 5, k)
        anchors = read_anchors(model_data_file("yolo_anchors.txt"))
        return tuple(yolo_head(tf.constant(raw_output_arrays(seed)), anchors, 80))
    return yolo_eval_test_case(seed)


def _yolo_eval(t, f, kind, seed, image_shape=None, max_boxes=None, score_threshold=None, iou_threshold=None):
    yolo_outputs = _eval_outputs(kind, seed)
    if image_shape is None:
        call = "yolo_eval(yolo_outputs)"
        out = f(yolo_outputs)
    else:
        call = (f"yolo_eval(yolo_outputs, {image_shape}, max_boxes={max_boxes}, score_threshold={score_threshold}, "
                f"iou_threshold={iou_threshold})")
        out = f(yolo_outputs, image_shape, max_boxes, score_threshold, iou_threshold)
    scores, boxes, classes = _three(t, call, out)
    with hint(EVAL_HINT + " (by default image_shape=(720., 1280.), max_boxes=10, score_threshold=.6, iou_threshold=.5)"):
        t.equal("number of boxes kept", int(len(scores)))
    with hint(EVAL_HINT):
        t.close("scores", scores, **FLOAT)
        t.close("boxes", boxes, **PIXELS)
        t.close("classes", classes)


def _eval_given(kind, seed, image_shape=None, max_boxes=None, score_threshold=None, iou_threshold=None) -> str:
    if kind == "head":
        drawn = (f"yolo_head(raw, anchors, 80) of raw standard normal numbers of shape (1, 19, 19, 425) from "
                 f"default_rng({seed}): shapes (1, 19, 19, 5, 1), (1, 19, 19, 5, 2), (1, 19, 19, 5, 2), (1, 19, 19, 5, 80)")
    else:
        drawn = (f"yolo_eval_test_case(seed={seed}): normal numbers of mean 1 and standard deviation 4 of shapes "
                 "(19, 19, 5, 1), (19, 19, 5, 2), (19, 19, 5, 2), (19, 19, 5, 80)")
    settings = ("image_shape, max_boxes, score_threshold and iou_threshold left at their defaults" if image_shape is None
                else f"image_shape = {image_shape}, max_boxes = {max_boxes}, score_threshold = {score_threshold}, "
                     f"iou_threshold = {iou_threshold}")
    return f"yolo_outputs: {drawn}, float32; {settings}"


check_yolo_eval = Check("yolo_eval", _yolo_eval, [
    Case(("normal", 1), {
        "number of boxes kept": 10,
        "scores": [156.79509, 156.13217, 154.41187, 150.05873, 146.79294, 144.87457, 138.36653, 136.70596, 135.56532,
            134.18304],
        "boxes": [[-8376.542, 9891.8506, -5702.5664, 16169.092], [2993.2773, 4591.02, 4510.4932, 1362.0421],
            [-1949.5735, 11676.515, -1631.9941, 9234.9277], [-679.62646, 4921.6279, -2753.802, 8121.917], [-7253.564,
            -5944.8545, -5108.8691, -3030.6799], [-3442.4146, -1430.9385, -4690.083, 3979.7158], [662.31348,
            -6840.9526, -447.82111, -1812.054], [6667.1694, 2250.2317, 3686.2112, 5022.1377], [1279.9771, 6914.46,
            1243.0056, 12838.918], [-2256.6929, 1770.5767, 4965.2017, 5413.5469]],
        "classes": [2, 6, 50, 28, 42, 7, 78, 21, 23, 49],
    }, _eval_given("normal", 1)),
    Case(("head", 1, (720.0, 1280.0), 10, 0.15, 0.5), {
        "number of boxes kept": 10,
        "scores": [0.29186627, 0.25473514, 0.24506524, 0.20778924, 0.18667251, 0.18127061, 0.1710747, 0.16776249,
            0.16739729, 0.1615869],
        "boxes": [[39.189205, 893.79877, 210.86508, 1093.033], [293.67334, 668.11072, 652.74652, 992.80066],
            [164.42822, 968.33362, 240.77332, 1172.1874], [344.58154, 549.29169, 605.57001, 730.4281], [596.10529,
            532.84924, 650.95178, 697.36542], [-42.816906, 112.07581, 150.19107, 627.0578], [287.72726, 1189.3511,
            373.27045, 1204.0461], [356.48581, 344.35211, 591.87256, 1954.1108], [623.2027, 727.54462, 674.96954,
            932.47382], [145.29457, 150.97136, 180.58147, 196.89253]],
        "classes": [1, 78, 71, 43, 15, 70, 64, 33, 1, 36],
    }, _eval_given("head", 1, (720.0, 1280.0), 10, 0.15, 0.5)),
])
