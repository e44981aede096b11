"""Inputs for the C4W4A (face recognition) exercises and their public tests.

``triplet_loss_test_case`` draws encodings with numpy's seeded ``default_rng`` (the same numbers on every machine and
every TensorFlow version; the original course drew them with ``tf.random`` and printed no value). The pictures of the
Happy House (``images/``, drawn by ``datasets/make_identities.py``) and the course's face encoder give the databases of
verify and who_is_it; a second, tiny "encoder" whose encoding of a picture is its mean colour gives distances that are
known exactly, so that tests can put a picture just inside or just outside the door's threshold. The expected outputs
live in ``dlchecks.c4w4a`` (the public tests) and in the source notebook's expected.json (the grader's).
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path

import numpy as np

__all__ = [
    "triplet_loss_test_case",
    "triplet_loss_arrays",
    "HOUSE",
    "HOUSE_FILES",
    "CAMERA",
    "COLOURS",
    "face_encoder",
    "house_database",
    "colour_encoder",
    "colour_picture",
    "colour_database",
]

# The residents of the Happy House in the seed's order, their database photographs and who stands at the door in each
# camera picture (None: a stranger); the same names as datasets/make_identities.py, which draws the pictures.
HOUSE = ("danielle", "younes", "tian", "andrew", "kian", "dan", "sebastiano", "bertrand", "kevin", "felix", "benoit",
         "arnaud")
HOUSE_FILES = {name: f"{name}.png" if name == "danielle" else f"{name}.jpg" for name in HOUSE}
CAMERA = {"camera_0": "younes", "camera_1": "bertrand", "camera_2": "benoit", "camera_3": "kian", "camera_4": "dan",
          "camera_5": None}

# The database of the colour "encoder": a name for each of three colours (RGB)
COLOURS = {"ruby": (220, 20, 60), "amber": (255, 190, 0), "jade": (0, 168, 107)}
COLOUR_SIZE = 96  # the pictures and the stand-in encoder's input, as the face encoder's


# ------------------------------------------------------------------ triplet loss
# A hand-checkable case in 2 dimensions: for the first triplet ||a-p||^2 = 0.36 and ||a-n||^2 = 0.49, so that
# 0.36 - 0.49 + 0.2 = 0.07 > 0 counts; for the second 0.01 - 2 + 0.2 < 0 counts nothing. The loss is 0.07.
HAND = (
    [[0.0, 0.0], [1.0, 1.0]],  # anchors
    [[0.6, 0.0], [1.0, 1.1]],  # positives
    [[0.0, 0.7], [0.0, 0.0]],  # negatives
)


def triplet_loss_arrays(kind="normal", seed=1, m=3, d=128):
    """The numpy arrays (anchor, positive, negative) of triplet_loss_test_case, float32, each of shape (m, d).

    Arguments:
    kind -- "normal": anchors, positives and negatives drawn from normal distributions of means 6, 1, 3 and standard
            deviations 0.1, 1, 4 (as the original course's test); "hand": the 2-d case of HAND (seed, m, d unused);
            "unit": encodings of length 1 as an encoder gives them, negatives on average a little farther from their
            anchor than the positives (some triplets count, others not);
            "easy": negatives so far from the anchors that no triplet counts
    seed -- seed of numpy's default_rng
    m -- number of triplets
    d -- length of an encoding

    Returns:
    anchor, positive, negative -- float32 arrays of shape (m, d)
    """
    if kind == "hand":
        return tuple(np.array(a, dtype=np.float32) for a in HAND)
    rng = np.random.default_rng(seed)
    if kind == "normal":
        arrays = (rng.normal(6, 0.1, size=(m, d)), rng.normal(1, 1, size=(m, d)), rng.normal(3, 4, size=(m, d)))
    elif kind == "unit":
        anchor = rng.normal(size=(m, d))
        positive = anchor + rng.normal(0, 1.0, size=(m, d))
        negative = anchor + rng.normal(0, 1.2, size=(m, d))  # a little farther on average: some triplets count
        arrays = tuple(a / np.linalg.norm(a, axis=1, keepdims=True) for a in (anchor, positive, negative))
    elif kind == "easy":
        anchor = rng.normal(0, 0.1, size=(m, d))
        arrays = (anchor, anchor + rng.normal(0, 0.01, size=(m, d)), rng.normal(5, 0.1, size=(m, d)))
    else:
        raise ValueError(f"unknown kind {kind!r}: 'normal', 'hand', 'unit' or 'easy'")
    return tuple(a.astype(np.float32) for a in arrays)


def triplet_loss_test_case(kind="normal", seed=1, m=3, d=128):
    """Inputs of triplet_loss: y_true (unused by the loss) and y_pred = (anchor, positive, negative).

    Arguments:
    kind, seed, m, d -- see triplet_loss_arrays

    Returns:
    y_true -- (None, None, None), as the original course's test passes it
    y_pred -- tuple of three float32 tensors of shape (m, d): the anchors', positives' and negatives' encodings
    """
    from dlchecks.tfsupport import import_tensorflow_quietly

    tf = import_tensorflow_quietly()
    return (None, None, None), tuple(tf.constant(a) for a in triplet_loss_arrays(kind, seed, m, d))


# ------------------------------------------------------------------ the Happy House, with the course's encoder
_CACHE: dict = {}


def face_encoder():
    """The course's trained face encoder (fr_utils.faceRecoModel with the weights of `make models`), built once per
    process; the line that load_weights_from_FaceNet prints is not shown."""
    if "encoder" not in _CACHE:
        from fr_utils import faceRecoModel, load_weights_from_FaceNet

        model = faceRecoModel(input_shape=(96, 96, 3))
        with contextlib.redirect_stdout(io.StringIO()):
            load_weights_from_FaceNet(model)
        _CACHE["encoder"] = model
    return _CACHE["encoder"]


def house_database(photos="house"):
    """A database {name: encoding} of the Happy House made with the course's encoder.

    Arguments:
    photos -- "house": each resident's database photograph (images/danielle.png ... arnaud.jpg), the notebook's
              database; "cameras": the front-door camera's picture of each resident it saw (younes, bertrand, benoit,
              kian and dan, from camera_0.jpg ... camera_4.jpg)

    Returns:
    database -- dictionary mapping names to float32 encodings of shape (1, 128)
    """
    if ("database", photos) not in _CACHE:
        from course_data import image_file
        from fr_utils import img_to_encoding

        if photos == "house":
            files = HOUSE_FILES
        elif photos == "cameras":
            files = {name: f"{camera}.jpg" for camera, name in CAMERA.items() if name is not None}
        else:
            raise ValueError(f"unknown photos {photos!r}: 'house' or 'cameras'")
        _CACHE["database", photos] = {name: img_to_encoding(image_file(file), face_encoder()) for name, file in files.items()}
    return {name: encoding.copy() for name, encoding in _CACHE["database", photos].items()}


# ------------------------------------------------------------------ the colour "encoder": distances known exactly
def colour_encoder():
    """A stand-in for the face encoder whose encoding of a picture is its mean colour as a vector of length 1 (the
    3 numbers followed by 125 zeros): two pictures of colours c1 and c2 are || c1/|c1| - c2/|c2| || apart.

    Returns:
    model -- a Keras Model mapping (m, 96, 96, 3) pictures to (m, 128) encodings (built once per process)
    """
    if "colours" not in _CACHE:
        import keras
        from keras import layers

        inputs = keras.Input((COLOUR_SIZE, COLOUR_SIZE, 3))
        x = layers.GlobalAveragePooling2D()(inputs)
        pad = layers.Dense(128, use_bias=False, name="pad")
        outputs = layers.UnitNormalization(axis=-1)(pad(x))
        kernel = np.zeros((3, 128), dtype=np.float32)
        kernel[:, :3] = np.eye(3)
        pad.set_weights([kernel])
        _CACHE["colours"] = keras.Model(inputs, outputs, name="ColourEncoder")
    return _CACHE["colours"]


def colour_picture(colour) -> Path:
    """The file of a 96 x 96 picture of one colour (a lossless PNG, written once per process in a temporary folder).

    Arguments:
    colour -- (red, green, blue), integers from 0 to 255

    Returns:
    path -- pathlib.Path of the PNG file
    """
    from PIL import Image

    if "folder" not in _CACHE or not Path(_CACHE["folder"]).is_dir():
        _CACHE["folder"] = tempfile.mkdtemp(prefix="fr-colours-")
    red, green, blue = (int(c) for c in colour)
    path = Path(_CACHE["folder"]) / f"colour_{red}_{green}_{blue}.png"
    if not path.is_file():
        Image.new("RGB", (COLOUR_SIZE, COLOUR_SIZE), (red, green, blue)).save(path)
    return path


def colour_database(model):
    """The database {name: encoding} of the COLOURS, each encoded by `model` (the colour encoder) from its picture."""
    from fr_utils import img_to_encoding

    return {name: img_to_encoding(colour_picture(colour), model) for name, colour in COLOURS.items()}
