"""Helpers of C4W3 (car detection with YOLO): class names, anchors, colours, image loading, box drawing, and the
decoding of a YOLOv2 output grid into boxes.

The original course split these between ``yolo_utils`` and ``yad2k.models.keras_yolo``; here both live in this
module (TensorFlow 2 / Keras 3 and numpy). The class list (``coco_classes.txt``, COCO's 80 classes) and the five
anchor boxes (``yolo_anchors.txt``) are kept in ``model_data/`` beside this file: ``model_data_file(name)`` finds
them whatever folder the notebook is opened from.

Layout of one anchor's numbers in the raw output (the original YOLOv2 model's, which the course's detector keeps):
``(t_x, t_y, t_w, t_h, t_o, class scores...)``: box centre, box size, objectness, then one score per class.
"""

from __future__ import annotations

import colorsys
from functools import lru_cache
from pathlib import Path

import numpy as np

__all__ = [
    "model_data_file",
    "read_classes",
    "read_anchors",
    "generate_colors",
    "scale_boxes",
    "preprocess_image",
    "draw_boxes",
    "yolo_head",
    "yolo_boxes_to_corners",
    "yolo_body",
    "preprocess_true_boxes",
    "yolo_loss",
    "load_yolo_model",
]

MODEL_DATA = Path(__file__).resolve().parent / "model_data"
TRAINED_MODEL = "yolo_roads.keras"  # the detector trained by `make models` (models/yolo_roads.md), committed
COLOR_SEED = 17638  # colours shuffled with this seed (the same every run): it gives the six classes of the road scenes
# (person, car, bus, truck, traffic light, stop sign) hues at least 54 degrees apart


def model_data_file(name):
    """Path of one of the files in the course's ``model_data`` folder (next to this module).

    Arguments:
    name -- file name, e.g. "coco_classes.txt" or "yolo_anchors.txt"

    Returns:
    path -- pathlib.Path of the file (FileNotFoundError when there is no such file)
    """
    path = MODEL_DATA / name
    if not path.is_file():
        known = ", ".join(sorted(p.name for p in MODEL_DATA.glob("*"))) or "nothing"
        raise FileNotFoundError(f"{name} is not in {MODEL_DATA} (it holds: {known})")
    return path


def _existing(path):
    """The file itself when it exists, else the file of the same name in model_data/ (the seed's
    "model_data/coco_classes.txt" then works from any folder)."""
    path = Path(path)
    if path.is_file() or not (MODEL_DATA / path.name).is_file():
        return path
    return MODEL_DATA / path.name


def read_classes(classes_path):
    """Reads the class names, one per line.

    Arguments:
    classes_path -- path of the text file (e.g. model_data_file("coco_classes.txt"))

    Returns:
    class_names -- list of strings; the index of a name is its class id (COCO: 0 person, 2 car, 5 bus, ...)
    """
    with open(_existing(classes_path), encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip()]


def read_anchors(anchors_path):
    """Reads the anchor boxes: one line of comma-separated numbers, (width, height) pairs in grid cells.

    Arguments:
    anchors_path -- path of the text file (e.g. model_data_file("yolo_anchors.txt"))

    Returns:
    anchors -- float array of shape (number of anchors, 2), one (width, height) per row
    """
    text = Path(_existing(anchors_path)).read_text(encoding="utf-8")
    values = [float(v) for v in text.replace("\n", ",").split(",") if v.strip()]
    return np.array(values, dtype=np.float64).reshape(-1, 2)


def generate_colors(class_names):
    """One drawing colour per class: hues spread evenly around the colour wheel, then shuffled with a fixed seed so
    that neighbouring class ids get unlike colours (the seed keeps the road scenes' six classes far apart). The same
    list every run.

    Arguments:
    class_names -- list of the class names (only its length is used)

    Returns:
    colors -- list of (r, g, b) tuples of ints in [0, 255], colors[c] for class c
    """
    n = len(class_names)
    colors = []
    for k in range(n):
        r, g, b = colorsys.hsv_to_rgb(k / max(n, 1), 1.0, 1.0)
        colors.append((round(255 * r), round(255 * g), round(255 * b)))
    order = np.random.default_rng(COLOR_SEED).permutation(n)
    return [colors[i] for i in order]


def scale_boxes(boxes, image_shape):
    """Scales boxes given as fractions of the image to pixels of an image of shape image_shape.

    Arguments:
    boxes -- tensor or array of shape (..., 4), (y1, x1, y2, x2) with values in [0, 1]
    image_shape -- (height, width) of the image in pixels, e.g. (720., 1280.)

    Returns:
    boxes -- tensor of the same shape, (y1 * height, x1 * width, y2 * height, x2 * width)
    """
    import tensorflow as tf

    boxes = tf.convert_to_tensor(boxes)
    if not boxes.dtype.is_floating:
        boxes = tf.cast(boxes, tf.float32)
    shape = tf.cast(tf.convert_to_tensor(image_shape)[:2], boxes.dtype)
    height, width = shape[0], shape[1]
    return boxes * tf.stack([height, width, height, width])


def preprocess_image(img_path, model_image_size=(608, 608)):
    """Loads a picture and turns it into the network's input.

    Arguments:
    img_path -- path of the image file (e.g. "images/test.jpg")
    model_image_size -- (height, width) the network takes, (608, 608) for YOLOv2

    Returns:
    image -- the picture as a PIL image (RGB) at its own size, to draw the boxes on
    image_data -- float32 array of shape (1, height, width, 3) with values in [0, 1]: the picture resized (bicubic)
    """
    from PIL import Image

    with Image.open(img_path) as opened:
        image = opened.convert("RGB")
    height, width = model_image_size[0], model_image_size[1]
    resized = image.resize((int(width), int(height)), Image.BICUBIC)
    image_data = np.asarray(resized, dtype=np.float32) / 255.0
    return image, image_data[np.newaxis]


@lru_cache(maxsize=1)
def _font_path():
    from matplotlib import font_manager

    return font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"), fallback_to_default=True)


def draw_boxes(image, out_scores, out_boxes, out_classes, class_names, colors):
    """Draws the boxes, each with a label "class score", on a PIL image, and prints one line per box:
    "car 0.89 (367, 300) (745, 648)", i.e. label, (left, top), (right, bottom). Boxes are drawn (and printed) from
    the last to the first, so the first box (NMS's best) ends up on top. Labels are in DejaVu Sans (shipped with
    matplotlib), sized to the image, above the box where there is room and always inside the image.

    Arguments:
    image -- PIL image to draw on (changed in place), e.g. the first output of preprocess_image
    out_scores -- array or tensor of shape (n,), the score of each box
    out_boxes -- array or tensor of shape (n, 4), (top, left, bottom, right) in pixels of image
    out_classes -- array or tensor of shape (n,), the class id of each box
    class_names -- list of class names (read_classes)
    colors -- list of (r, g, b) colours, one per class (generate_colors)

    Returns:
    image -- the same PIL image, with the boxes drawn
    """
    from PIL import ImageDraw, ImageFont

    scores = np.asarray(out_scores, dtype=np.float64).reshape(-1)
    boxes = np.asarray(out_boxes, dtype=np.float64).reshape(-1, 4)
    classes = np.asarray(out_classes).reshape(-1).astype(int)
    width, height = image.size
    font = ImageFont.truetype(_font_path(), size=max(10, int(round(0.03 * height))))
    thickness = max(1, (width + height) // 300)
    draw = ImageDraw.Draw(image)

    for i in reversed(range(len(classes))):
        c = classes[i]
        label = f"{class_names[c]} {scores[i]:.2f}"
        top, left, bottom, right = boxes[i]
        top = max(0, int(np.floor(top + 0.5)))
        left = max(0, int(np.floor(left + 0.5)))
        bottom = min(height, int(np.floor(bottom + 0.5)))
        right = min(width, int(np.floor(right + 0.5)))
        print(label, (left, top), (right, bottom))

        color = tuple(int(v) for v in colors[c])
        for k in range(thickness):  # a frame `thickness` pixels wide, growing inwards
            draw.rectangle([left + k, top + k, right - 1 - k, bottom - 1 - k], outline=color)

        x0, y0, x1, y1 = draw.textbbox((0, 0), label, font=font)
        text_w, text_h = x1 - x0 + 4, y1 - y0 + 4
        label_x = min(max(0, left), max(0, width - text_w))  # keep the whole label inside the image
        label_y = top - text_h if top - text_h >= 0 else top  # above the box, or just inside its top edge
        draw.rectangle([label_x, label_y, label_x + text_w - 1, label_y + text_h - 1], fill=color)
        ink = (0, 0, 0) if 0.299 * color[0] + 0.587 * color[1] + 0.114 * color[2] > 110 else (255, 255, 255)
        draw.text((label_x + 2 - x0, label_y + 2 - y0), label, fill=ink, font=font)
    return image


def yolo_head(feats, anchors, num_classes):
    """Turns the raw output of a YOLOv2 network into box parameters relative to the whole image.

    For the anchor a of the grid cell in row i, column j of a grid of H rows and W columns:
    x = (sigmoid(t_x) + j) / W, y = (sigmoid(t_y) + i) / H, w = anchor_w * exp(t_w) / W, h = anchor_h * exp(t_h) / H,
    confidence = sigmoid(t_o), class probabilities = softmax of the class scores.

    Arguments:
    feats -- tensor of shape (m, H, W, n_anchors * (5 + num_classes)) or (m, H, W, n_anchors, 5 + num_classes),
             e.g. (m, 19, 19, 425); each anchor's numbers are (t_x, t_y, t_w, t_h, t_o, class scores...)
    anchors -- array of shape (n_anchors, 2), each anchor's (width, height) in grid cells (read_anchors)
    num_classes -- number of classes, e.g. 80

    Returns:
    box_confidence -- tensor of shape (m, H, W, n_anchors, 1), probability that the box holds an object
    box_xy -- tensor of shape (m, H, W, n_anchors, 2), box centre (x, y) as fractions of the image's width, height
    box_wh -- tensor of shape (m, H, W, n_anchors, 2), box (width, height) as fractions of the image's width, height
    box_class_probs -- tensor of shape (m, H, W, n_anchors, num_classes), class probabilities of each box
    """
    import tensorflow as tf

    feats = tf.convert_to_tensor(feats)
    if not feats.dtype.is_floating:
        feats = tf.cast(feats, tf.float32)
    anchors = np.asarray(anchors, dtype=np.float64).reshape(-1, 2)
    n_anchors = anchors.shape[0]

    dims = tf.shape(feats)
    grid_h, grid_w = dims[1], dims[2]
    feats = tf.reshape(feats, tf.stack([dims[0], grid_h, grid_w, n_anchors, 5 + num_classes]))

    # cell offsets: x is the column index, y the row index
    cell_x, cell_y = tf.meshgrid(tf.range(grid_w), tf.range(grid_h))  # each (H, W)
    offsets = tf.cast(tf.stack([cell_x, cell_y], axis=-1), feats.dtype)[tf.newaxis, :, :, tf.newaxis, :]
    grid_size = tf.cast(tf.stack([grid_w, grid_h]), feats.dtype)  # divides (x, y) and (w, h)
    anchor_wh = tf.constant(anchors.reshape(1, 1, 1, n_anchors, 2), dtype=feats.dtype)

    box_xy = (tf.sigmoid(feats[..., 0:2]) + offsets) / grid_size
    box_wh = tf.exp(feats[..., 2:4]) * anchor_wh / grid_size
    box_confidence = tf.sigmoid(feats[..., 4:5])
    box_class_probs = tf.nn.softmax(feats[..., 5:], axis=-1)
    return box_confidence, box_xy, box_wh, box_class_probs


def yolo_boxes_to_corners(box_xy, box_wh):
    """Converts boxes from centre and size to corners.

    Arguments:
    box_xy -- tensor of shape (..., 2), box centres (x, y)
    box_wh -- tensor of shape (..., 2), box sizes (width, height), in the same units

    Returns:
    boxes -- tensor of shape (..., 4), (y_min, x_min, y_max, x_max)
    """
    import tensorflow as tf

    box_xy = tf.convert_to_tensor(box_xy)
    box_wh = tf.cast(tf.convert_to_tensor(box_wh), box_xy.dtype)
    mins = box_xy - box_wh / 2.0
    maxes = box_xy + box_wh / 2.0
    return tf.concat([mins[..., 1:2], mins[..., 0:1], maxes[..., 1:2], maxes[..., 0:1]], axis=-1)


# ----------------------------------------------------------------------------------------------------------------
# The course's detector: its network, its training targets and its loss (the original took these from yad2k)

TRUNK_SIZE = 304  # the network proper works on 304 x 304 pictures: a 608 x 608 input is averaged down 2 x 2 first
# (filters, kernel size, then 2x2 max-pooling?) of each convolution before the output layer
TRUNK = (
    (8, 3, True), (16, 3, True), (32, 3, True), (64, 3, True),
    (128, 3, False), (64, 1, False), (128, 3, False), (64, 1, False), (128, 3, False),
)


def yolo_body(inputs, num_anchors, num_classes):
    """The course's small YOLOv2-style detector (the original's ``yolo_body`` built the 50-million-parameter YOLOv2).

    A 608 x 608 input is first averaged down to 304 x 304 (one layer, no weights); then four stages of convolution,
    BatchNormalization, LeakyReLU(0.1) and 2x2 max-pooling bring it to the 19 x 19 grid, five more convolutions
    widen each cell's view, and a 1x1 convolution gives each cell num_anchors * (5 + num_classes) raw numbers, in the
    layout yolo_head decodes. The early layers are narrow (8, 16, 32, 64 filters), so that the network can look at
    the picture at half its size, where a distant car is still a few pixels, on 2 CPU cores. About 0.32 million weights.

    Arguments:
    inputs -- a Keras input of shape (608, 608, 3) (or (304, 304, 3): the network proper, as it is trained), values in
              [0, 1] as preprocess_image gives them
    num_anchors -- number of anchor boxes per cell, 5
    num_classes -- number of classes, 80

    Returns:
    model -- a Keras model with output (m, 19, 19, num_anchors * (5 + num_classes))
    """
    import keras
    from keras import layers

    size = int(inputs.shape[1])
    if size % TRUNK_SIZE:
        raise ValueError(f"yolo_body takes square inputs of {TRUNK_SIZE} x k pixels (608 for the notebook), not {size}")
    x = inputs
    if size != TRUNK_SIZE:
        x = layers.AveragePooling2D(size // TRUNK_SIZE, name="downsample")(x)
    for k, (filters, kernel, pool) in enumerate(TRUNK, start=1):
        x = layers.Conv2D(filters, kernel, padding="same", use_bias=False, name=f"conv_{k}")(x)
        x = layers.BatchNormalization(name=f"bn_{k}")(x)
        x = layers.LeakyReLU(negative_slope=0.1, name=f"leaky_{k}")(x)
        if pool:
            x = layers.MaxPooling2D(2, name=f"pool_{k}")(x)
    outputs = layers.Conv2D(num_anchors * (5 + num_classes), 1, name="conv_out")(x)
    return keras.Model(inputs, outputs, name="yolo_roads")


def _shape_iou(wh, anchors):
    """IoU of boxes (n, 2) with anchors (a, 2) when both are centred at the same point: (n, a)."""
    inter = np.minimum(wh[:, None, 0], anchors[None, :, 0]) * np.minimum(wh[:, None, 1], anchors[None, :, 1])
    union = wh[:, None, 0] * wh[:, None, 1] + anchors[None, :, 0] * anchors[None, :, 1] - inter
    return inter / union


def preprocess_true_boxes(true_boxes, anchors, image_size):
    """The training targets of one picture: which (cell, anchor) answers for each true box, and with what numbers.

    A box belongs to the grid cell that holds its centre and, of that cell's anchors, to the one whose shape it
    overlaps best (both centred at one point). When two boxes fall to the same cell and anchor, the later one wins.

    Arguments:
    true_boxes -- array (n, 5): (x_centre, y_centre, width, height, class) with the first four as fractions of the
                  picture's width and height
    anchors -- array (n_anchors, 2), (width, height) in grid cells
    image_size -- (height, width) of the network's input in pixels, e.g. (608, 608); the grid is 32 times coarser

    Returns:
    detectors_mask -- float32 array (H, W, n_anchors, 1): 1 where a true box is assigned, else 0
    matching_true_boxes -- float32 array (H, W, n_anchors, 5): for an assigned anchor, the numbers the network should
                           output, (sigmoid(t_x), sigmoid(t_y), t_w, t_h) = (x offset in the cell, y offset in the cell,
                           log(width / anchor width), log(height / anchor height)), and the class
    """
    anchors = np.asarray(anchors, dtype=np.float64).reshape(-1, 2)
    grid_h, grid_w = int(image_size[0]) // 32, int(image_size[1]) // 32
    detectors_mask = np.zeros((grid_h, grid_w, len(anchors), 1), np.float32)
    matching = np.zeros((grid_h, grid_w, len(anchors), 5), np.float32)
    boxes = np.asarray(true_boxes, dtype=np.float64).reshape(-1, 5)
    boxes = boxes[(boxes[:, 2] > 0) & (boxes[:, 3] > 0)]  # padding rows are all zero
    if len(boxes) == 0:
        return detectors_mask, matching
    centre = boxes[:, 0:2] * [grid_w, grid_h]  # in cells
    size = boxes[:, 2:4] * [grid_w, grid_h]
    best = np.argmax(_shape_iou(size, anchors), axis=1)
    for (x, y), (w, h), a, c in zip(centre, size, best, boxes[:, 4], strict=True):
        j, i = min(int(np.floor(x)), grid_w - 1), min(int(np.floor(y)), grid_h - 1)
        detectors_mask[i, j, a, 0] = 1.0
        matching[i, j, a] = (x - j, y - i, np.log(w / anchors[a, 0]), np.log(h / anchors[a, 1]), c)
    return detectors_mask, matching


# weights of the loss terms (YOLOv2's): an assigned anchor's objectness counts 5 times, a free one's once
OBJECT_SCALE, NO_OBJECT_SCALE, COORDINATES_SCALE, CLASS_SCALE = 5.0, 1.0, 1.0, 1.0
IGNORE_IOU = 0.6  # a free anchor whose box already overlaps a true box this much is not pushed towards "no object"


def yolo_loss(args, anchors, num_classes):
    """The YOLOv2 training loss of a batch, averaged over its pictures.

    For each picture: objectness, a logistic loss, pushed to 1 at the assigned anchors (x OBJECT_SCALE) and to 0 at
    the others (x NO_OBJECT_SCALE), except at anchors whose predicted box overlaps a true box by more than IGNORE_IOU;
    at the assigned anchors also the box (logistic loss on the centre offsets, squared error on the log sizes,
    weighted by 2 - the box's area as a fraction of the picture, so that small boxes count more) and the class
    (softmax cross-entropy).

    Arguments:
    args -- (yolo_output, true_boxes, detectors_mask, matching_true_boxes): the raw network output (m, H, W,
            n_anchors * (5 + num_classes)); the true boxes (m, k, 5) as preprocess_true_boxes takes them (rows of
            zeros for padding); and preprocess_true_boxes' two arrays, stacked over the batch
    anchors -- array (n_anchors, 2)
    num_classes -- number of classes

    Returns:
    loss -- scalar tensor
    """
    import tensorflow as tf

    yolo_output, true_boxes, detectors_mask, matching_true_boxes = args
    anchors = np.asarray(anchors, dtype=np.float64).reshape(-1, 2)
    n_anchors = len(anchors)
    feats = tf.convert_to_tensor(yolo_output)
    dims = tf.shape(feats)
    feats = tf.reshape(feats, tf.stack([dims[0], dims[1], dims[2], n_anchors, 5 + num_classes]))
    true_boxes = tf.cast(true_boxes, feats.dtype)
    mask = tf.cast(detectors_mask, feats.dtype)
    matching = tf.cast(matching_true_boxes, feats.dtype)

    # the predicted boxes against every true box of the picture: anchors already on an object are not "background"
    _, box_xy, box_wh, _ = yolo_head(feats, anchors, num_classes)
    pred_min, pred_max = box_xy - box_wh / 2, box_xy + box_wh / 2  # (m, H, W, A, 2)
    true_xy = true_boxes[:, None, None, None, :, 0:2]  # (m, 1, 1, 1, k, 2)
    true_wh = true_boxes[:, None, None, None, :, 2:4]
    inter_wh = tf.maximum(
        tf.minimum(pred_max[..., None, :], true_xy + true_wh / 2) - tf.maximum(pred_min[..., None, :], true_xy - true_wh / 2), 0.0
    )
    inter = inter_wh[..., 0] * inter_wh[..., 1]
    union = (box_wh[..., 0] * box_wh[..., 1])[..., None] + true_wh[..., 0] * true_wh[..., 1] - inter
    best_iou = tf.reduce_max(tf.math.divide_no_nan(inter, union), axis=-1)[..., None]  # (m, H, W, A, 1)
    free = (1.0 - mask) * tf.cast(best_iou <= IGNORE_IOU, feats.dtype)

    bce = tf.nn.sigmoid_cross_entropy_with_logits
    objectness = OBJECT_SCALE * mask * bce(labels=tf.ones_like(mask), logits=feats[..., 4:5]) + NO_OBJECT_SCALE * free * bce(
        labels=tf.zeros_like(mask), logits=feats[..., 4:5]
    )
    grid = tf.cast(tf.stack([dims[2], dims[1]]), feats.dtype)
    area = tf.reduce_prod(tf.exp(matching[..., 2:4]) * tf.constant(anchors, feats.dtype) / grid, axis=-1, keepdims=True)
    weight = COORDINATES_SCALE * mask * (2.0 - tf.minimum(area, 1.0))
    centre = weight * bce(labels=matching[..., 0:2], logits=feats[..., 0:2])
    size = weight * tf.square(feats[..., 2:4] - matching[..., 2:4])
    classes = CLASS_SCALE * mask[..., 0] * tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=tf.cast(matching[..., 4], tf.int32), logits=feats[..., 5:]
    )
    total = tf.reduce_sum(objectness) + tf.reduce_sum(centre) + tf.reduce_sum(size) + tf.reduce_sum(classes)
    return total / tf.cast(dims[0], feats.dtype)


def load_yolo_model(path=None):
    """The detector the notebook runs: input (m, 608, 608, 3) in [0, 1], output (m, 19, 19, 425) raw numbers.

    Without `path`, the detector trained on the course's road scenes by `make models` (models/yolo_roads.keras,
    kept in the repository; card: models/yolo_roads.md). With `path`, a file or folder of the original course:
    the TensorFlow 2 SavedModel folder ``model_data/`` (2021 and later) is wrapped for inference; the Keras 2
    ``yolo.h5`` (2018) is tried with Keras 3, which refuses it when it holds the Python code of yad2k's Lambda layer.

    Arguments:
    path -- None, or the path of a .keras / .h5 file or of a SavedModel folder

    Returns:
    model -- a Keras model
    """
    import keras

    if path is None:
        from course_models import model_file

        path = model_file(TRAINED_MODEL)
        model = keras.models.load_model(path, compile=False)
        print(f"Loaded {path.name}: the detector trained on the course's road scenes (card: models/yolo_roads.md)")
        return model
    path = Path(path)
    if path.is_dir():
        if not (path / "saved_model.pb").is_file():
            raise FileNotFoundError(f"{path} is a folder without saved_model.pb: not a TensorFlow SavedModel")
        layer = keras.layers.TFSMLayer(str(path), call_endpoint="serving_default")
        inputs = keras.Input((608, 608, 3))
        outputs = layer(inputs)
        if isinstance(outputs, dict):  # a SavedModel's signature names its outputs
            outputs = next(iter(outputs.values()))
        print(f"Loaded the SavedModel in {path} for inference")
        return keras.Model(inputs, outputs, name="original_yolo")
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist")
    try:
        model = keras.models.load_model(path, compile=False, safe_mode=False)
    except Exception as error:  # noqa: BLE001 - Keras 2 files that Keras 3 cannot rebuild
        raise ValueError(
            f"Keras 3 cannot rebuild {path.name} ({type(error).__name__}: {error}). The 2018 yolo.h5 was saved by Keras 2 "
            "with a Lambda layer whose Python code only Keras 2 can read; the TensorFlow 2 SavedModel folder of the "
            "2021 course (model_data/ with saved_model.pb) loads instead."
        ) from error
    print(f"Loaded {path.name}")
    return model
