"""The C4W3 checks (dlchecks.c4w3): typical mistakes fail in plain words and the hidden cases catch what the public
ones cannot (the solutions and expected.json: test_expected.py)."""

import numpy as np
import pytest
import tensorflow as tf
from yolo_utils import scale_boxes, yolo_boxes_to_corners

from dlchecks import c4w3
from dlchecks.core import NONE_HINT, CheckFailed

ID = "C4W3_Car_Detection_YOLO"


# ------------------------------------------------------------------ wrong functions, written as students write them
def _filter(*, strict=False, axis=-1, as_numpy=False, classes_from_scores=False):
    def yolo_filter_boxes(box_confidence, boxes, box_class_probs, threshold=0.6):
        box_scores = box_confidence * box_class_probs
        best = tf.math.reduce_max(box_scores, axis=axis)
        which = tf.math.argmax(box_scores, axis=axis)
        mask = best > threshold if strict else best >= threshold
        out = (tf.boolean_mask(best, mask), tf.boolean_mask(boxes, mask),
               tf.boolean_mask(best if classes_from_scores else which, mask))
        return tuple(t.numpy() for t in out) if as_numpy else out

    return yolo_filter_boxes


def _iou(*, clamp="each"):
    def iou(box1, box2):
        xi1, yi1 = max(box1[0], box2[0]), max(box1[1], box2[1])
        xi2, yi2 = min(box1[2], box2[2]), min(box1[3], box2[3])
        if clamp == "each":
            inter = max(xi2 - xi1, 0) * max(yi2 - yi1, 0)
        elif clamp == "product":
            inter = max((xi2 - xi1) * (yi2 - yi1), 0)
        else:  # the seed's
            inter = (xi2 - xi1) * (yi2 - yi1)
        union = (box1[2] - box1[0]) * (box1[3] - box1[1]) + (box2[2] - box2[0]) * (box2[3] - box2[1]) - inter
        return inter / union

    return iou


def _nms(*, gather_classes=True, as_numpy=False, fixed_max=None, fixed_iou=None):
    def yolo_non_max_suppression(scores, boxes, classes, max_boxes=10, iou_threshold=0.5):
        indices = tf.image.non_max_suppression(boxes, scores, fixed_max or max_boxes, fixed_iou or iou_threshold)
        out = (tf.gather(scores, indices), tf.gather(boxes, indices),
               tf.gather(classes, indices) if gather_classes else classes)
        return tuple(t.numpy() for t in out) if as_numpy else out

    return yolo_non_max_suppression


def _eval(nb, *, corners=True, scale=True, swap_thresholds=False, scale_after_nms=False):
    def yolo_eval(yolo_outputs, image_shape=(720.0, 1280.0), max_boxes=10, score_threshold=0.6, iou_threshold=0.5):
        box_confidence, box_xy, box_wh, box_class_probs = yolo_outputs
        boxes = yolo_boxes_to_corners(box_xy, box_wh) if corners else tf.concat([box_xy, box_wh], axis=-1)
        first, second = (iou_threshold, score_threshold) if swap_thresholds else (score_threshold, iou_threshold)
        scores, boxes, classes = nb["yolo_filter_boxes"](box_confidence, boxes, box_class_probs, first)
        if scale and not scale_after_nms:
            boxes = scale_boxes(boxes, image_shape)
        scores, boxes, classes = nb["yolo_non_max_suppression"](scores, boxes, classes, max_boxes, second)
        if scale and scale_after_nms:
            boxes = scale_boxes(boxes, image_shape)
        return scores, boxes, classes

    return yolo_eval


# ------------------------------------------------------------------ the solutions, and what only hidden tests catch
def test_the_solutions_pass(nb, capsys):
    for name in ("yolo_filter_boxes", "iou", "yolo_non_max_suppression", "yolo_eval"):
        getattr(c4w3, f"check_{name}")(nb[name])
    assert capsys.readouterr().out.count("all public tests passed") == 4


def test_scaling_after_nms_is_the_same_function(nb, capsys):
    """IoU does not change when both axes are scaled, so scaling before or after NMS gives the same boxes."""
    c4w3.check_yolo_eval(_eval(nb, scale_after_nms=True))
    assert "all public tests passed" in capsys.readouterr().out


def test_hidden_tests_catch_what_the_public_test_cannot(nb, run_hidden):
    def eval_default_shape(yolo_outputs, image_shape=(720.0, 1280.0), max_boxes=10, score_threshold=0.6, iou_threshold=0.5):
        return nb["yolo_eval"](yolo_outputs, (720.0, 1280.0), max_boxes, score_threshold, iou_threshold)

    def iou_integers_only(box1, box2):  # the public boxes are integers: rounding passes them
        return nb["iou"](tuple(round(v) for v in box1), tuple(round(v) for v in box2))

    cheats = {
        "yolo_filter_boxes": _filter(),  # right: the control
        "yolo_non_max_suppression": _nms(fixed_max=10, fixed_iou=0.5),  # the defaults, always
        "yolo_eval": eval_default_shape,  # the picture's shape ignored
        "iou": iou_integers_only,
    }
    run_hidden(ID, "yolo_filter_boxes", cheats.pop("yolo_filter_boxes"))
    for name, cheat in cheats.items():
        getattr(c4w3, f"check_{name}")(cheat)  # the public test cannot tell
        with pytest.raises(CheckFailed, match="a hidden test"):
            run_hidden(ID, name, cheat)


def test_hidden_eval_test_runs_the_references_not_the_students_functions(nb, run_hidden):
    wrong = {"yolo_filter_boxes": _filter(strict=True, axis=0), "yolo_non_max_suppression": _nms(gather_classes=False)}
    run_hidden(ID, "yolo_eval", nb["yolo_eval"], expanded=True, **wrong)
    with pytest.raises(CheckFailed):
        run_hidden(ID, "yolo_eval", nb["yolo_eval"], **wrong)


# ------------------------------------------------------------------ yolo_filter_boxes
def test_filter_with_a_strict_mask_fails_on_the_ties(fails):
    fails(c4w3.check_yolo_filter_boxes, _filter(strict=True), "number of boxes kept", "not >", "'ties'")


def test_filter_with_the_max_over_the_wrong_axis_fails_in_plain_words(fails):
    fails(c4w3.check_yolo_filter_boxes, _filter(axis=0), "yolo_filter_boxes")


def test_filter_returning_numpy_is_pointed_out(fails):
    fails(c4w3.check_yolo_filter_boxes, _filter(as_numpy=True), "got a numpy array", "return the tensors")


def test_filter_with_scores_for_classes_is_pointed_out(fails):
    fails(c4w3.check_yolo_filter_boxes, _filter(classes_from_scores=True), "expected integers", "argmax")


def test_filter_stub_gets_the_none_hint(fails):
    fails(c4w3.check_yolo_filter_boxes, lambda *args: None, NONE_HINT)


# ------------------------------------------------------------------ iou
def test_iou_without_clamping_passes_the_seeds_pair_but_not_the_erratum(fails):
    message = fails(c4w3.check_iou, _iou(clamp="none"), "iou((1, 2, 3, 4), (5, 6, 7, 8))", "clamped at 0")
    assert "expected: 0." in message and "got:      1." in message


def test_iou_clamping_only_the_product_fails(fails):
    fails(c4w3.check_iou, _iou(clamp="product"), "iou((1, 2, 3, 4), (5, 6, 7, 8))", "before they are multiplied")


def test_iou_as_a_tensor_is_pointed_out(fails):
    fails(c4w3.check_iou, lambda a, b: tf.constant(1 / 7), "plain Python")


# ------------------------------------------------------------------ yolo_non_max_suppression
def test_nms_without_gathering_the_classes_is_pointed_out(fails):
    fails(c4w3.check_yolo_non_max_suppression, _nms(gather_classes=False), "54 classes", "gather the same indices")


def test_nms_returning_numpy_is_pointed_out(fails):
    fails(c4w3.check_yolo_non_max_suppression, _nms(as_numpy=True), "got a numpy array")


def test_nms_with_another_threshold_fails_with_the_hint(fails):
    fails(c4w3.check_yolo_non_max_suppression, _nms(fixed_iou=0.3), "tf.image.non_max_suppression(boxes, scores")


def test_nms_with_boxes_as_centre_and_size_fails(fails):
    def centre_size(scores, boxes, classes, max_boxes=10, iou_threshold=0.5):
        y1, x1, y2, x2 = tf.unstack(boxes, axis=-1)
        centred = tf.stack([(y1 + y2) / 2, (x1 + x2) / 2, y2 - y1, x2 - x1], axis=-1)
        indices = tf.image.non_max_suppression(centred, scores, max_boxes, iou_threshold)
        return tf.gather(scores, indices), tf.gather(boxes, indices), tf.gather(classes, indices)

    fails(c4w3.check_yolo_non_max_suppression, centre_size, "(y1, x1, y2, x2)")


# ------------------------------------------------------------------ yolo_eval
@pytest.mark.parametrize("mistake, words", [
    ({"corners": False}, "not the centre and size"),
    ({"scale": False}, "not fractions"),
    ({"swap_thresholds": True}, "each threshold to its own function"),
])
def test_eval_mistakes_fail_with_the_hint(nb, fails, mistake, words):
    fails(c4w3.check_yolo_eval, _eval(nb, **mistake), "yolo_eval", words)


def test_eval_stub_gets_the_none_hint(fails):
    fails(c4w3.check_yolo_eval, lambda *args: None, NONE_HINT)


def test_public_inputs_are_the_same_every_time():
    first = [t.numpy() for t in c4w3.yolo_filter_boxes_test_case()]
    again = [t.numpy() for t in c4w3.yolo_filter_boxes_test_case()]
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)
