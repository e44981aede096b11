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


# ---------------------------------------------------------------------------------------------------------------
# the detector's network, targets and loss (the original's yad2k yolo_body, preprocess_true_boxes, yolo_loss)


def _body(size):
    import keras

    return yolo_utils.yolo_body(keras.Input((size, size, 3)), 5, 80)


def test_yolo_body_takes_608_pictures_and_gives_the_19x19x425_grid():
    model = _body(608)
    trunk = _body(304)
    assert model.output.shape == (None, 19, 19, 425) and trunk.output.shape == (None, 19, 19, 425)
    assert model.count_params() == trunk.count_params() == 319_329
    assert model.layers[1].name == "downsample" and [layer.name for layer in model.layers[2:]] == [layer.name for layer in trunk.layers[1:]]
    with pytest.raises(ValueError, match="608"):
        _body(100)


def test_the_608_model_is_the_304_network_behind_a_2x2_average():
    model, trunk = _body(608), _body(304)
    rng = np.random.default_rng(0)
    for layer in trunk.layers:
        if layer.weights:
            layer.set_weights([rng.normal(0, 0.2, w.shape).astype(np.float32) + (1 if "variance" in w.path else 0) for w in layer.weights])
            model.get_layer(layer.name).set_weights(layer.get_weights())
    big = rng.uniform(size=(1, 608, 608, 3)).astype(np.float32)
    small = big.reshape(1, 304, 2, 304, 2, 3).mean(axis=(2, 4))
    np.testing.assert_allclose(np.asarray(model(big)), np.asarray(trunk(small)), rtol=1e-4, atol=1e-4)


def test_true_boxes_go_to_the_cell_of_their_centre_and_the_anchor_of_their_shape():
    anchors = np.array(ANCHORS)
    # a box centred at cell (row 9, column 4) shaped like anchor 3 (7.9 x 3.5 cells); a small one at (0, 18); padding
    boxes = [[(4 + 0.25) / 19, (9 + 0.75) / 19, 7.0 / 19, 3.0 / 19, 2], [0.99, 0.01, 0.5 / 19, 0.7 / 19, 9], [0, 0, 0, 0, 0]]
    mask, matching = yolo_utils.preprocess_true_boxes(np.array(boxes), anchors, (608, 608))
    assert mask.shape == (19, 19, 5, 1) and matching.shape == (19, 19, 5, 5) and mask.sum() == 2
    assert mask[9, 4, 3, 0] == 1 and mask[0, 18, 0, 0] == 1
    np.testing.assert_allclose(matching[9, 4, 3], [0.25, 0.75, math.log(7.0 / 7.88282), math.log(3.0 / 3.52778), 2], rtol=1e-5)
    assert matching[0, 18, 0, 4] == 9


def test_targets_decode_back_to_the_true_box():
    """What preprocess_true_boxes asks of an anchor, put through yolo_head, is the box itself."""
    anchors = np.array(ANCHORS)
    box = np.array([[0.37, 0.61, 0.2, 0.31, 5]])
    mask, matching = yolo_utils.preprocess_true_boxes(box, anchors, (608, 608))
    i, j, a = (int(v[0]) for v in np.nonzero(mask[..., 0]))
    raw = np.zeros((1, 19, 19, 5, 85), np.float32)
    raw[0, i, j, a, 0:2] = [logit(v) for v in matching[i, j, a, 0:2]]
    raw[0, i, j, a, 2:4] = matching[i, j, a, 2:4]
    _, xy, wh, _ = yolo_head(raw, anchors, 80)
    np.testing.assert_allclose(np.asarray(xy)[0, i, j, a], box[0, :2], rtol=1e-5)
    np.testing.assert_allclose(np.asarray(wh)[0, i, j, a], box[0, 2:4], rtol=1e-5)


def _numpy_loss(raw, boxes, mask, matching, anchors):
    """yolo_loss written again with numpy loops, from its docstring."""
    sig = lambda t: 1 / (1 + np.exp(-t))  # noqa: E731
    bce = lambda y, t: -(y * np.log(sig(t)) + (1 - y) * np.log(1 - sig(t)))  # noqa: E731
    m, h, w = raw.shape[:3]
    feats = raw.reshape(m, h, w, len(anchors), 85).astype(np.float64)
    total = 0.0
    for n in range(m):
        real = boxes[n][boxes[n][:, 2] > 0]
        for i, j, a in np.ndindex(h, w, len(anchors)):
            f = feats[n, i, j, a]
            x, y = (sig(f[0]) + j) / w, (sig(f[1]) + i) / h
            bw, bh = anchors[a][0] * np.exp(f[2]) / w, anchors[a][1] * np.exp(f[3]) / h
            best = 0.0
            for tx, ty, tw, th, _ in real:
                iw = max(0, min(x + bw / 2, tx + tw / 2) - max(x - bw / 2, tx - tw / 2))
                ih = max(0, min(y + bh / 2, ty + th / 2) - max(y - bh / 2, ty - th / 2))
                best = max(best, iw * ih / (bw * bh + tw * th - iw * ih))
            if mask[n, i, j, a, 0]:
                t = matching[n, i, j, a]
                total += 5 * bce(1, f[4])
                weight = 2 - min(1.0, anchors[a][0] * np.exp(t[2]) / w * anchors[a][1] * np.exp(t[3]) / h)
                total += weight * (bce(t[0], f[0]) + bce(t[1], f[1]) + (f[2] - t[2]) ** 2 + (f[3] - t[3]) ** 2)
                logits = f[5:] - f[5:].max()
                total += -(logits[int(t[4])] - np.log(np.exp(logits).sum()))
            elif best <= 0.6:
                total += bce(0, f[4])
    return total / m


def test_yolo_loss_is_the_sum_its_docstring_describes():
    import tensorflow as tf

    anchors = np.array(ANCHORS)
    rng = np.random.default_rng(3)
    raw = rng.normal(0, 1, (2, 4, 4, 425)).astype(np.float32)
    boxes = np.zeros((2, 3, 5), np.float32)
    boxes[0, :2] = [[0.3, 0.4, 0.2, 0.3, 2], [0.8, 0.7, 0.1, 0.1, 0]]
    boxes[1, :1] = [[0.6, 0.5, 0.5, 0.6, 5]]
    pairs = [yolo_utils.preprocess_true_boxes(b, anchors, (128, 128)) for b in boxes]  # a 4 x 4 grid
    mask, matching = np.stack([p[0] for p in pairs]), np.stack([p[1] for p in pairs])
    loss = yolo_utils.yolo_loss((tf.constant(raw), boxes, mask, matching), anchors, 80)
    assert loss.shape == () and mask.sum() == 3
    np.testing.assert_allclose(float(loss), _numpy_loss(raw, boxes, mask, matching, anchors), rtol=1e-4)


def test_yolo_loss_is_least_at_the_right_box():
    """At the exact encoding of the true box the box terms are at their minimum (zero gradient), and the loss is far
    below that of an answer that sees nothing."""
    import tensorflow as tf

    anchors = np.array(ANCHORS)
    boxes = np.array([[[0.5, 0.5, 0.3, 0.2, 2]]], np.float32)
    mask, matching = (a[None] for a in yolo_utils.preprocess_true_boxes(boxes[0], anchors, (608, 608)))
    wrong = np.zeros((1, 19, 19, 5, 85), np.float32)
    wrong[..., 4] = -10.0
    right = wrong.copy()
    i, j, a = (int(v[0]) for v in np.nonzero(mask[0, ..., 0]))
    right[0, i, j, a, 0:2] = [logit(v) for v in matching[0, i, j, a, 0:2]]
    right[0, i, j, a, 2:4] = matching[0, i, j, a, 2:4]
    right[0, i, j, a, 4] = 10.0
    right[0, i, j, a, 5 + 2] = 20.0
    raw = tf.Variable(right.reshape(1, 19, 19, 425))
    with tf.GradientTape() as tape:
        loss_right = yolo_utils.yolo_loss((raw, boxes, mask, matching), anchors, 80)
    grad = np.asarray(tape.gradient(loss_right, raw)).reshape(1, 19, 19, 5, 85)
    np.testing.assert_allclose(grad[0, i, j, a, 0:4], 0, atol=1e-5)
    loss_wrong = yolo_utils.yolo_loss((wrong.reshape(1, 19, 19, 425), boxes, mask, matching), anchors, 80)
    assert float(loss_wrong) > 50 and float(loss_right) < 2.8  # what remains: (2 - area) x the entropy of the centre targets, 2 x 0.69


def test_load_yolo_model_gives_the_committed_detector():
    model = yolo_utils.load_yolo_model()
    assert model.input.shape == (None, 608, 608, 3) and model.output.shape == (None, 19, 19, 425)
    assert model.count_params() == 319_329


def test_load_yolo_model_explains_files_it_cannot_use(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        yolo_utils.load_yolo_model(tmp_path / "yolo.h5")
    with pytest.raises(FileNotFoundError, match="saved_model.pb"):
        yolo_utils.load_yolo_model(tmp_path)
    (tmp_path / "yolo.h5").write_bytes(b"not an HDF5 file")
    with pytest.raises(ValueError, match="SavedModel"):
        yolo_utils.load_yolo_model(tmp_path / "yolo.h5")


@pytest.mark.slow
def test_load_yolo_model_wraps_a_tensorflow_savedmodel_folder(tmp_path, capsys):
    """The 2021 course kept its YOLO as a TensorFlow SavedModel folder: one is written here and loaded."""
    import keras

    small = keras.Sequential([keras.Input((608, 608, 3)), keras.layers.AveragePooling2D(32), keras.layers.Conv2D(425, 1)])
    small.export(str(tmp_path / "model_data"), verbose=False)
    model = yolo_utils.load_yolo_model(tmp_path / "model_data")
    x = np.random.default_rng(0).uniform(size=(1, 608, 608, 3)).astype(np.float32)
    np.testing.assert_allclose(np.asarray(model(x)), np.asarray(small(x)), rtol=1e-5, atol=1e-6)
    assert "SavedModel" in capsys.readouterr().out
