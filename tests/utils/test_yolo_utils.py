import math
from pathlib import Path

import numpy as np
import pytest
import yolo_utils
from PIL import Image
from yolo_utils import (
    draw_boxes,
    generate_colors,
    model_data_file,
    preprocess_image,
    read_anchors,
    read_classes,
    scale_boxes,
    yolo_boxes_to_corners,
    yolo_head,
)

ROOT = Path(__file__).resolve().parents[2]
ANCHORS = [[0.57273, 0.677385], [1.87446, 2.06253], [3.33843, 5.47434], [7.88282, 3.52778], [9.77052, 9.16828]]


def logit(p):
    return math.log(p / (1 - p))


@pytest.fixture(scope="module")
def class_names():
    return read_classes(model_data_file("coco_classes.txt"))


def test_class_names_are_cocos_80_with_the_road_scene_ids(class_names):
    assert len(class_names) == 80 and len(set(class_names)) == 80
    assert class_names[:3] == ["person", "bicycle", "car"]
    assert class_names[-1] == "toothbrush"
    assert (class_names[2], class_names[5], class_names[7], class_names[9], class_names[11]) == (
        "car",
        "bus",
        "truck",
        "traffic light",
        "stop sign",
    )
    for original_spelling in ("motorbike", "aeroplane", "sofa", "pottedplant", "diningtable", "tvmonitor"):
        assert original_spelling in class_names


def test_class_ids_agree_with_the_road_scenes(class_names):
    import sys

    sys.path.insert(0, str(ROOT / "datasets"))
    try:
        import roads
    finally:
        sys.path.remove(str(ROOT / "datasets"))
    for class_id, name in roads.CLASS_NAMES.items():
        assert class_names[class_id] == name


def test_anchors():
    anchors = read_anchors(model_data_file("yolo_anchors.txt"))
    assert anchors.shape == (5, 2)
    np.testing.assert_allclose(anchors, ANCHORS)


def test_model_data_is_found_from_any_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert model_data_file("coco_classes.txt").parent == Path(yolo_utils.__file__).resolve().parent / "model_data"
    # the seed's own call, relative to a notebook folder that has no model_data/
    assert len(read_classes("model_data/coco_classes.txt")) == 80
    assert read_anchors("model_data/yolo_anchors.txt").shape == (5, 2)
    with pytest.raises(FileNotFoundError, match="yolo.h5"):
        model_data_file("yolo.h5")


def test_colors_are_distinct_and_stable(class_names):
    colors = generate_colors(class_names)
    assert len(colors) == 80 and len(set(colors)) == 80
    assert all(len(c) == 3 and all(isinstance(v, int) and 0 <= v <= 255 for v in c) for c in colors)
    assert generate_colors(class_names) == colors
    # the same every run (and on every machine): the road scenes' classes
    assert [colors[i] for i in (0, 2, 5, 7, 9, 11)] == [
        (223, 255, 0),
        (0, 255, 25),
        (255, 0, 249),
        (0, 198, 255),
        (32, 0, 255),
        (255, 19, 0),
    ]


def test_scale_boxes_known_numbers():
    boxes = np.array([[0.0, 0.0, 1.0, 1.0], [0.25, 0.5, 0.75, 1.0]], dtype=np.float32)
    out = scale_boxes(boxes, (720.0, 1280.0))
    assert hasattr(out, "numpy") and out.shape == (2, 4)
    np.testing.assert_allclose(out.numpy(), [[0, 0, 720, 1280], [180, 640, 540, 1280]])
    import tensorflow as tf

    out = scale_boxes(tf.constant(boxes[None]), tf.constant([608.0, 608.0]))
    np.testing.assert_allclose(out.numpy(), [[[0, 0, 608, 608], [152, 304, 456, 608]]])


def test_yolo_head_one_cell_one_anchor():
    # a grid of 13 rows and 19 columns, so that swapping x and y shows
    num_classes = 80
    feats = np.zeros((2, 13, 19, 5, 5 + num_classes), dtype=np.float32)
    row, col, a = 3, 7, 2
    feats[1, row, col, a, :5] = [logit(0.25), logit(0.8), math.log(2.0), math.log(0.5), math.log(3.0)]
    feats[1, row, col, a, 5 + 2] = math.log(3 * 79)  # softmax: car 3/4, the 79 others 1/316 each
    box_confidence, box_xy, box_wh, box_class_probs = yolo_head(feats.reshape(2, 13, 19, 425), ANCHORS, num_classes)
    assert box_confidence.shape == (2, 13, 19, 5, 1)
    assert box_xy.shape == (2, 13, 19, 5, 2) and box_wh.shape == (2, 13, 19, 5, 2)
    assert box_class_probs.shape == (2, 13, 19, 5, 80)

    np.testing.assert_allclose(box_xy[1, row, col, a].numpy(), [(7 + 0.25) / 19, (3 + 0.8) / 13], rtol=1e-6)
    np.testing.assert_allclose(box_wh[1, row, col, a].numpy(), [2 * 3.33843 / 19, 0.5 * 5.47434 / 13], rtol=1e-6)
    np.testing.assert_allclose(box_confidence[1, row, col, a, 0].numpy(), 0.75, rtol=1e-6)
    probs = box_class_probs[1, row, col, a].numpy()
    np.testing.assert_allclose(probs[2], 0.75, rtol=1e-5)
    np.testing.assert_allclose(np.delete(probs, 2), 1 / 316, rtol=1e-5)
    # a cell with all zeros: centre of its cell, the anchor's own size, confidence 1/2, uniform classes
    np.testing.assert_allclose(box_xy[0, 12, 18, 4].numpy(), [18.5 / 19, 12.5 / 13], rtol=1e-6)
    np.testing.assert_allclose(box_wh[0, 12, 18, 4].numpy(), [9.77052 / 19, 9.16828 / 13], rtol=1e-6)
    np.testing.assert_allclose(box_confidence[0].numpy(), 0.5)
    np.testing.assert_allclose(box_class_probs[0].numpy(), 1 / 80, rtol=1e-5)
    # the 5-D layout gives the same
    again = yolo_head(feats, ANCHORS, num_classes)
    np.testing.assert_allclose(again[1].numpy(), box_xy.numpy())


def test_round_trip_a_box_through_the_encoding():
    # the seed's big car, (left, top)-(right, bottom) = (367, 300)-(745, 648) in a 1280 x 720 frame
    left, top, right, bottom = 367.0, 300.0, 745.0, 648.0
    x, y = (left + right) / 2 / 1280 * 19, (top + bottom) / 2 / 720 * 19  # centre in grid cells
    w, h = (right - left) / 1280 * 19, (bottom - top) / 720 * 19
    col, row, a = int(x), int(y), 4
    feats = np.zeros((1, 19, 19, 5, 85), dtype=np.float32)
    feats[0, row, col, a, :4] = [logit(x - col), logit(y - row), math.log(w / ANCHORS[a][0]), math.log(h / ANCHORS[a][1])]
    _, box_xy, box_wh, _ = yolo_head(feats.reshape(1, 19, 19, 425), np.array(ANCHORS), 80)
    corners = yolo_boxes_to_corners(box_xy, box_wh)
    assert corners.shape == (1, 19, 19, 5, 4)
    pixels = scale_boxes(corners, (720.0, 1280.0))
    np.testing.assert_allclose(pixels[0, row, col, a].numpy(), [top, left, bottom, right], atol=1e-2)


def test_boxes_to_corners():
    out = yolo_boxes_to_corners(np.array([[0.5, 0.25]]), np.array([[0.2, 0.1]]))
    np.testing.assert_allclose(out.numpy(), [[0.2, 0.4, 0.3, 0.6]])


def test_preprocess_image_on_test_jpg():
    image, image_data = preprocess_image(ROOT / "images" / "test.jpg", model_image_size=(608, 608))
    assert isinstance(image, Image.Image) and image.size == (1280, 720) and image.mode == "RGB"
    assert image_data.shape == (1, 608, 608, 3) and image_data.dtype == np.float32
    assert 0.0 <= image_data.min() and image_data.max() <= 1.0 and image_data.std() > 0.05
    expected = np.asarray(image.resize((608, 608), Image.BICUBIC), dtype=np.float32) / 255
    np.testing.assert_allclose(image_data[0], expected)


def test_draw_boxes_draws_and_prints_the_originals_lines(class_names, capsys):
    colors = generate_colors(class_names)
    image = Image.new("RGB", (1280, 720), (90, 90, 90))
    scores = np.array([0.891, 0.604])
    boxes = np.array([[100.2, 200.0, 300.0, 499.6], [0.0, 1220.0, 120.0, 1300.0]])  # the second leaves the image
    classes = np.array([2, 5])
    out = draw_boxes(image, scores, boxes, classes, class_names, colors)
    assert out is image
    assert capsys.readouterr().out.splitlines() == ["bus 0.60 (1220, 0) (1280, 120)", "car 0.89 (200, 100) (500, 300)"]

    pixels = np.asarray(image)
    gray = np.array([90, 90, 90])
    # the car's outline is drawn in the car's colour; its inside is left alone
    for y, x in [(200, 200), (200, 499), (299, 350), (150, 201)]:
        assert tuple(pixels[y, x]) == colors[2], (y, x)
    assert (pixels[150:290, 215:485] == gray).all()
    # its label sits above the box; the bus's box touches the top and right edges: its label goes inside the box's
    # top edge, moved left so that all of it is in the image
    assert (pixels[70:100, 200:260] == colors[2]).all(axis=-1).sum() > 300
    assert (pixels[10:20, 1180:1220] == colors[5]).all(axis=-1).sum() > 200


def test_draw_boxes_takes_tensors(class_names, capsys):
    import tensorflow as tf

    image = Image.new("RGB", (608, 608))
    draw_boxes(
        image,
        tf.constant([0.5]),
        tf.constant([[10.0, 20.0, 110.0, 220.0]]),
        tf.constant([0], dtype=tf.int64),
        class_names,
        generate_colors(class_names),
    )
    assert capsys.readouterr().out == "person 0.50 (20, 10) (220, 110)\n"
    assert np.asarray(image).any()
