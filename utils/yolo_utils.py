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
]

MODEL_DATA = Path(__file__).resolve().parent / "model_data"
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
