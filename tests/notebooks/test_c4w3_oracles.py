"""C4W3's expected numbers against an independent oracle: yolo_filter_boxes, iou, non-max suppression (a plain greedy
loop over the boxes, best score first, with the IoU computed as TensorFlow's kernel does) and yolo_eval (yolo_head's
decoding, corners and scaling from their formulas) written in numpy, for every public and hidden input of the grade
cells, compared with notebooks/source/C4W3_Car_Detection_YOLO/expected.json (the numbers the solutions gave)."""


import numpy as np
import pytest

from dlchecks.core import decode, load_expected

pytest.importorskip("tensorflow")
from oracle_cases import all_cases, hidden_inputs  # noqa: E402
from yolo_test_cases import IOU_PAIRS, eval_arrays, filter_boxes_arrays, nms_arrays, raw_output_arrays  # noqa: E402
from yolo_utils import model_data_file, read_anchors  # noqa: E402

from dlchecks import c4w3  # noqa: E402

ID = "C4W3_Car_Detection_YOLO"


def _hidden_inputs() -> dict[str, list[tuple]]:
    return hidden_inputs(ID)


def _all_cases(name: str) -> list[tuple]:
    return all_cases(ID, c4w3, name)


# ------------------------------------------------------------------ numpy oracles
def numpy_filter(box_confidence, boxes, box_class_probs, threshold):
    box_scores = box_confidence * box_class_probs  # float32, as the network's
    best = box_scores.max(axis=-1)
    which = box_scores.argmax(axis=-1)
    keep = best >= np.float32(threshold)
    return best[keep], boxes[keep], which[keep]


def numpy_iou(box1, box2):
    width = max(min(box1[2], box2[2]) - max(box1[0], box2[0]), 0)
    height = max(min(box1[3], box2[3]) - max(box1[1], box2[1]), 0)
    inter = width * height
    return inter / ((box1[2] - box1[0]) * (box1[3] - box1[1]) + (box2[2] - box2[0]) * (box2[3] - box2[1]) - inter)


def _tf_iou(a, b):
    """IoU of corners (y1, x1, y2, x2) as TensorFlow's NMS kernel computes it: either corner order, empty boxes 0."""
    a = np.array([min(a[0], a[2]), min(a[1], a[3]), max(a[0], a[2]), max(a[1], a[3])], dtype=np.float64)
    b = np.array([min(b[0], b[2]), min(b[1], b[3]), max(b[0], b[2]), max(b[1], b[3])], dtype=np.float64)
    area_a, area_b = (a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1])
    if area_a <= 0 or area_b <= 0:
        return 0.0
    inter = max(min(a[2], b[2]) - max(a[0], b[0]), 0) * max(min(a[3], b[3]) - max(a[1], b[1]), 0)
    return inter / (area_a + area_b - inter)


def numpy_nms(scores, boxes, classes, max_boxes=10, iou_threshold=0.5):
    kept = []
    for i in sorted(range(len(scores)), key=lambda k: -scores[k]):
        if len(kept) == max_boxes:
            break
        if all(_tf_iou(boxes[i], boxes[j]) <= iou_threshold for j in kept):
            kept.append(i)
    kept = np.array(kept, dtype=int)
    return scores[kept], boxes[kept], classes[kept]


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def numpy_head(raw, anchors, n_classes=80):
    m, h, w, _ = raw.shape
    feats = raw.astype(np.float64).reshape(m, h, w, len(anchors), 5 + n_classes)
    cols, rows = np.meshgrid(np.arange(w), np.arange(h))
    offsets = np.stack([cols, rows], axis=-1)[None, :, :, None, :]
    grid = np.array([w, h], dtype=np.float64)
    box_xy = (_sigmoid(feats[..., 0:2]) + offsets) / grid
    box_wh = np.exp(feats[..., 2:4]) * anchors.reshape(1, 1, 1, -1, 2) / grid
    confidence = _sigmoid(feats[..., 4:5])
    scores = feats[..., 5:] - feats[..., 5:].max(axis=-1, keepdims=True)
    probs = np.exp(scores) / np.exp(scores).sum(axis=-1, keepdims=True)
    return tuple(a.astype(np.float32) for a in (confidence, box_xy, box_wh, probs))


def numpy_eval(yolo_outputs, image_shape=(720.0, 1280.0), max_boxes=10, score_threshold=0.6, iou_threshold=0.5):
    box_confidence, box_xy, box_wh, box_class_probs = yolo_outputs
    mins, maxes = box_xy - box_wh / 2, box_xy + box_wh / 2
    corners = np.concatenate([mins[..., 1:2], mins[..., 0:1], maxes[..., 1:2], maxes[..., 0:1]], axis=-1)
    scores, boxes, classes = numpy_filter(box_confidence, corners, box_class_probs, score_threshold)
    height, width = float(image_shape[0]), float(image_shape[1])
    boxes = boxes.astype(np.float64) * [height, width, height, width]
    return numpy_nms(scores, boxes, classes, max_boxes, iou_threshold)


# ------------------------------------------------------------------ against expected.json
def _expected(name):
    entry = load_expected(ID)[name]
    return [{label: decode(rule["value"]) for label, rule in case["values"].items()} for case in entry["cases"]]


def _close(got, want, rtol=1e-5, atol=1e-4):
    np.testing.assert_allclose(np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64), rtol=rtol, atol=atol)


def test_every_hidden_input_is_read():
    hidden = _hidden_inputs()
    assert sorted(hidden) == ["iou", "yolo_eval", "yolo_filter_boxes", "yolo_non_max_suppression"]
    for name in hidden:
        assert len(_all_cases(name)) == len(load_expected(ID)[name]["cases"]), name


def test_filter_boxes():
    for args, want in zip(_all_cases("yolo_filter_boxes"), _expected("yolo_filter_boxes"), strict=True):
        kind, seed, threshold, *rest = args
        scores, boxes, classes = numpy_filter(*filter_boxes_arrays(kind, seed, *rest), threshold)
        assert want["number of boxes kept"] == len(scores), args
        n = len(scores)
        for i in (0, 2, n - 1):
            _close(scores[i], want[f"scores[{i}]"])
            _close(boxes[i], want[f"boxes[{i}]"])
            assert classes[i] == want[f"classes[{i}]"], args
        _close(scores.astype(np.float64).sum(), want["sum of scores"], rtol=1e-9)
        _close(boxes.astype(np.float64).sum(axis=0), want["sum of boxes, column by column"], rtol=1e-9)
        assert int(classes.sum()) == want["sum of classes"], args


def test_iou():
    cases = _all_cases("iou")
    assert cases[:2] == [(IOU_PAIRS["seed"],), (IOU_PAIRS["no overlap"],)]
    for (pairs,), want in zip(cases, _expected("iou"), strict=True):
        for box1, box2 in pairs:
            assert want[f"iou({box1}, {box2})"] == pytest.approx(numpy_iou(box1, box2), rel=1e-12, abs=1e-12)
    assert numpy_iou((2, 1, 4, 3), (1, 2, 3, 4)) == 0.14285714285714285  # the seed's printed number


def test_non_max_suppression():
    for args, want in zip(_all_cases("yolo_non_max_suppression"), _expected("yolo_non_max_suppression"), strict=True):
        seed, n, clusters, *settings = args
        scores, boxes, classes = numpy_nms(*nms_arrays(seed, n, clusters), *[s for s in settings if s is not None])
        assert want["number of boxes kept"] == len(scores), args
        _close(scores, want["scores"])
        _close(boxes, want["boxes"])
        np.testing.assert_array_equal(classes, want["classes"])


def test_nms_suppresses_what_it_should():
    """The oracle's own sense: no two boxes kept overlap more than the threshold; each box dropped overlaps a kept one."""
    scores, boxes, classes = nms_arrays(3, 80, 25)
    kept_scores, kept_boxes, _ = numpy_nms(scores, boxes, classes, 1000, 0.5)
    for i in range(len(kept_boxes)):
        for j in range(i):
            assert _tf_iou(kept_boxes[i], kept_boxes[j]) <= 0.5
    for score, box in zip(scores, boxes, strict=True):
        if score not in kept_scores:
            assert any(_tf_iou(box, k) > 0.5 for k, s in zip(kept_boxes, kept_scores, strict=True) if s > score)


def test_eval():
    anchors = read_anchors(model_data_file("yolo_anchors.txt"))
    for args, want in zip(_all_cases("yolo_eval"), _expected("yolo_eval"), strict=True):
        kind, seed, *settings = args
        outputs = numpy_head(raw_output_arrays(seed), anchors) if kind == "head" else eval_arrays(seed)
        scores, boxes, classes = numpy_eval(outputs, *[s for s in settings if s is not None])
        assert want["number of boxes kept"] == len(scores), args
        _close(scores, want["scores"])
        _close(boxes, want["boxes"], rtol=1e-4, atol=1e-2)
        np.testing.assert_array_equal(classes, want["classes"])
