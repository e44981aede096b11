"""Helpers of C4W4A (face recognition): the face encoder, its trained weights, and the encoding of a picture file.

The original course built FaceNet's Inception network (``inception_blocks_v2``, 3,743,280 weights, channels first)
and filled it with weights trained elsewhere on millions of real photographs. Those weights cannot be had offline,
so this course trains its own encoder (``models/train_face_encoder.py``, run by `make models`; model card
``models/face_encoder.md``) on the generated faces of ``datasets/make_identities.py``, with the triplet loss the
notebook teaches. The encoder keeps the original's contract: a 96 x 96 RGB picture in, a vector of 128 numbers of
length 1 out. It differs in that pictures are channels last, (m, 96, 96, 3) with values in [0, 1], and it is a much
smaller network (four convolution blocks, 258,912 weights).

    FRmodel = faceRecoModel(input_shape=(96, 96, 3))
    load_weights_from_FaceNet(FRmodel)                        # the weights trained by `make models`
    encoding = img_to_encoding("images/younes.jpg", FRmodel)  # float32 (1, 128), length 1

A user who owns the original course's files can pass them to ``load_weights_from_FaceNet(FRmodel, path)``: the
function says what they are and why they do not fit this encoder, and ``load_facenet(path)`` tries to rebuild the
2021 course's Keras FaceNet (``keras-facenet-h5/``) as a model of its own.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

__all__ = ["faceRecoModel", "load_weights_from_FaceNet", "load_facenet", "img_to_encoding", "TRAINED_MODEL"]

TRAINED_MODEL = "face_encoder.keras"  # trained by `make models` (models/face_encoder.md), committed
FILTERS = (32, 64, 128, 128)  # the four convolution blocks
EMBEDDING_SIZE = 128
BN_MOMENTUM = 0.9  # the moving statistics follow the weights within a few dozen training steps
ORIGINAL_PARAMETERS = 3_743_280  # the 2018 course's Inception network (inception_blocks_v2)


def faceRecoModel(input_shape=(96, 96, 3)):
    """The face encoder: a picture in, a 128-number encoding of length 1 out.

    Four blocks of (3 x 3 convolution, batch normalisation, ReLU, 2 x 2 max pooling) with 32, 64, 128 and 128
    filters, a global average over the remaining positions, a dense layer of 128 units with batch normalisation, then
    each row divided by its length (so that two encodings are at most 2 apart). Channels last. The batch normalisation
    after the dense layer spreads a batch's encodings apart during training; without it the triplet loss starts from
    encodings that are all nearly equal and stays there (models/face_encoder.md).

    Arguments:
    input_shape -- shape of one picture, (height, width, 3); values in [0, 1]

    Returns:
    model -- a Keras Model mapping (m, height, width, 3) to (m, 128)
    """
    import keras
    from keras import layers

    if len(input_shape) != 3 or input_shape[-1] != 3:
        raise ValueError(
            f"input_shape {tuple(input_shape)}: this encoder takes channels-last RGB pictures, (height, width, 3); "
            "the original course's (3, 96, 96) is channels first"
        )
    inputs = keras.Input(tuple(input_shape), name="picture")
    x = inputs
    for k, filters in enumerate(FILTERS, start=1):
        x = layers.Conv2D(filters, 3, padding="same", use_bias=False, name=f"conv{k}")(x)
        x = layers.BatchNormalization(momentum=BN_MOMENTUM, name=f"bn{k}")(x)
        x = layers.ReLU(name=f"relu{k}")(x)
        x = layers.MaxPooling2D(2, name=f"pool{k}")(x)
    x = layers.GlobalAveragePooling2D(name="average")(x)
    x = layers.Dense(EMBEDDING_SIZE, name="dense")(x)
    x = layers.BatchNormalization(momentum=BN_MOMENTUM, name="bn_dense")(x)
    outputs = layers.UnitNormalization(axis=-1, name="l2_normalize")(x)
    return keras.Model(inputs, outputs, name="FaceRecoModel")


def _copy_weights(source, target, what: str) -> None:
    """Copies the weights of `source` into `target`, layer by layer in order; ValueError when they differ."""
    have = [tuple(w.shape) for w in target.weights]
    given = [tuple(w.shape) for w in source.weights]
    if have != given:
        raise ValueError(
            f"{what} holds {len(given)} weight arrays ({source.count_params():,} numbers) that do not fit this model "
            f"({len(have)} arrays, {target.count_params():,} numbers): build the model with faceRecoModel(input_shape=(96, 96, 3))"
        )
    target.set_weights(source.get_weights())


def _original_kind(path: Path) -> str | None:
    """Which of the original course's face-recognition files `path` is: "csv" (2018), "keras-facenet" (2021) or None."""
    if path.is_dir():
        if (path / "model.json").is_file() or (path / "model.h5").is_file():
            return "keras-facenet"
        if any(path.glob("*.csv")):
            return "csv"
        return None
    if path.suffix == ".csv":
        return "csv"
    if path.name in ("model.json", "model.h5") and path.parent.name.startswith("keras-facenet"):
        return "keras-facenet"
    return None


def load_weights_from_FaceNet(FRmodel, path=None):
    """Fills FRmodel with trained weights.

    Without `path`: the weights trained on the course's generated faces by `make models` (models/face_encoder.keras,
    kept in the repository; card: models/face_encoder.md). With `path`: a .keras file saved from this encoder, or one
    of the original course's files, which this function names and explains (they belong to other networks).

    Arguments:
    FRmodel -- the model returned by faceRecoModel(input_shape=(96, 96, 3))
    path -- None, or the path of a .keras file, of the 2018 course's ``weights/`` folder of CSV files or of the 2021
            course's ``keras-facenet-h5/`` folder (model.json + model.h5)

    Returns:
    None (FRmodel's weights are replaced; ValueError when the file cannot be read into it, FileNotFoundError when
    there is no such file)
    """
    import keras

    if path is None:
        from course_models import model_file

        path = model_file(TRAINED_MODEL)
        _copy_weights(keras.models.load_model(path, compile=False), FRmodel, path.name)
        print(f"Loaded {path.name}: the encoder trained on the course's generated faces (card: models/face_encoder.md)")
        return None
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist")
    kind = _original_kind(path)
    if kind == "csv":
        raise ValueError(
            f"{path} holds the 2018 course's weights as CSV files, one per layer, for FaceNet's Inception network "
            f"(inception_blocks_v2: {ORIGINAL_PARAMETERS:,} weights, channels first). That network is not part of this "
            f"course, and these files cannot fill this encoder ({FRmodel.count_params():,} weights, another "
            "architecture): load_weights_from_FaceNet(FRmodel) loads the weights trained here."
        )
    if kind == "keras-facenet":
        folder = path if path.is_dir() else path.parent
        raise ValueError(
            f"{folder} holds the 2021 course's Keras FaceNet (Inception-ResNet, 160 x 160 pictures, about 22.8 million "
            f"weights), another network than this encoder ({FRmodel.count_params():,} weights, 96 x 96): its weights "
            f"cannot go into FRmodel. To try it, build it from its own files: FRmodel = load_facenet({str(folder)!r}) "
            "(it says whether Keras 3 can read them); img_to_encoding then resizes pictures to 160 x 160."
        )
    if path.suffix != ".keras":
        raise ValueError(
            f"{path.name}: not a file this function knows (a .keras file saved from faceRecoModel, the 2018 course's "
            "weights/ folder of CSV files or the 2021 course's keras-facenet-h5/ folder)"
        )
    try:
        source = keras.models.load_model(path, compile=False)
    except Exception as error:  # noqa: BLE001 - a broken or foreign file: say which
        raise ValueError(f"Keras cannot read {path.name} ({type(error).__name__}: {error})") from error
    _copy_weights(source, FRmodel, path.name)
    print(f"Loaded {path.name}")
    return None


def load_facenet(path):
    """The 2021 course's FaceNet (Inception-ResNet v1, 160 x 160 x 3 pictures in, 128 numbers out), rebuilt from its
    own files when Keras 3 can read them.

    Those files were written by Keras 2: the network in ``model.json``, the weights in ``model.h5``. Keras 3 does not
    read Keras 2's descriptions of a network (its class and layer names changed, and Lambda layers were stored as
    compiled bytecode of the Python of that time); this function then raises a ValueError saying so, with Keras' own
    reason. A model.json written by Keras 3 (``model.to_json()``) loads.

    Arguments:
    path -- the ``keras-facenet-h5/`` folder, or its model.json

    Returns:
    model -- a Keras model, input (m, 160, 160, 3)
    """
    import keras

    path = Path(path)
    folder = path if path.is_dir() else path.parent
    structure, weights = folder / "model.json", folder / "model.h5"
    for needed in (structure, weights):
        if not needed.is_file():
            raise FileNotFoundError(f"{needed} does not exist (the 2021 course's keras-facenet-h5/ folder holds model.json and model.h5)")
    try:
        model = keras.models.model_from_json(structure.read_text())
    except Exception as error:  # noqa: BLE001 - Keras 2 configurations that Keras 3 cannot rebuild
        raise ValueError(
            f"Keras 3 cannot rebuild the network of {structure} ({type(error).__name__}: {error}). The file was written by "
            "Keras 2, whose network descriptions Keras 3 does not read (class and layer names changed; Lambda layers hold "
            "Python bytecode of that time). Use "
            "the encoder trained here instead: FRmodel = faceRecoModel(input_shape=(96, 96, 3)); load_weights_from_FaceNet(FRmodel)"
        ) from error
    try:
        model.load_weights(weights)
    except Exception as error:  # noqa: BLE001
        from course_models import load_weights_by_name

        try:
            load_weights_by_name(model, weights)
        except Exception as second:  # noqa: BLE001
            raise ValueError(f"the weights in {weights} do not fit the network of {structure}: {second}") from error
    print(f"Loaded the original FaceNet from {folder}: input {tuple(model.input_shape[1:])}, {model.count_params():,} weights")
    return model


def img_to_encoding(image_path, model):
    """The encoding of the picture in a file.

    The picture is read as RGB, resized to the model's input size when it has another size, scaled to [0, 1] and
    passed through the model; the result is divided by its length (the trained encoder's output already has length 1).

    Arguments:
    image_path -- path of a picture file (any format Pillow reads)
    model -- a Keras model taking (m, height, width, 3) pictures in [0, 1]

    Returns:
    encoding -- float32 numpy array of shape (1, 128)
    """
    from PIL import Image

    height, width = model.input_shape[1:3]
    with Image.open(image_path) as picture:
        picture = picture.convert("RGB")
        if picture.size != (width, height):
            picture = picture.resize((width, height), Image.LANCZOS)
        x = np.asarray(picture, dtype=np.float32)[None] / 255.0
    encoding = np.asarray(model(x, training=False), dtype=np.float32).reshape(1, -1)
    length = np.linalg.norm(encoding, axis=1, keepdims=True)
    return encoding / np.maximum(length, 1e-12)
