"""Helpers of C4W2B (residual networks): the SIGNS data, one-hot labels, and the ResNet-50 trained on SIGNS.

The loader and the one-hot conversion are those of ``tf_utils`` (C2W3). The trained network is built by
`make models` (``models/train_resnet50_signs.py``, model card ``models/resnet50_signs.md``); a user who owns the
original course's ``ResNet50.h5`` (2017-18) or ``resnet50.h5`` (2021+) puts it in the models folder instead.
"""

from __future__ import annotations

from course_data import quick_run
from course_models import find_model, load_weights_by_name, models_dir
from tf_utils import convert_to_one_hot, load_dataset

__all__ = ["load_dataset", "convert_to_one_hot", "load_trained_resnet50", "TRAINED_MODEL", "ORIGINAL_MODELS"]

TRAINED_MODEL = "resnet50_signs.keras"  # written by `make models`
ORIGINAL_MODELS = ("ResNet50.h5", "resnet50.h5")  # the original course's files, where a user owns them


def _compiled(model):
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def load_trained_resnet50(build=None):
    """The ResNet-50 trained on SIGNS, ready for `evaluate` and `predict`.

    Looks in the models folder (``models/``, or ``DLCOURSE_MODELS``) for, in this order, the network trained by
    `make models` and the original course's files. Where Keras 3 cannot rebuild an original file, its weights are
    loaded by layer name into ``build(input_shape=(64, 64, 3), classes=6)``, your own ResNet50.

    Under the grader and in continuous integration (``course_data.quick_run()``), where no trained file is kept,
    it returns ``build(...)`` untrained as a stand-in, and says so.

    Arguments:
    build -- a function building the ResNet-50 architecture, e.g. your ResNet50 (optional)

    Returns:
    model -- a compiled Keras model (loss: categorical cross-entropy, metric: accuracy)
    """
    import keras

    ours = find_model(TRAINED_MODEL)
    if ours is not None:
        print(f"Loaded {ours.name}: the ResNet-50 trained by `make models` (card: models/resnet50_signs.md)")
        return _compiled(keras.models.load_model(ours, compile=False))
    original = find_model(*ORIGINAL_MODELS)
    if original is not None:
        try:
            model = keras.models.load_model(original, compile=False)
            print(f"Loaded {original.name}, the original course's trained ResNet-50")
        except Exception as error:  # noqa: BLE001 - Keras 2 files that Keras 3 cannot rebuild
            if build is None:
                raise ValueError(
                    f"Keras 3 cannot rebuild {original.name} ({type(error).__name__}: {error}). Pass your own "
                    "architecture, load_trained_resnet50(ResNet50), to load its weights by layer name."
                ) from error
            model = build(input_shape=(64, 64, 3), classes=6)
            count = load_weights_by_name(model, original)
            print(f"Loaded the weights of {original.name} (the original course's) into your ResNet50: {count} layers")
        return _compiled(model)
    if quick_run() and build is not None:
        print(
            f"No trained ResNet-50 in {models_dir()} (the grader and CI keep none): an UNTRAINED stand-in built "
            "by your ResNet50 takes its place, so the accuracy below means nothing. Run `make models` for the real one."
        )
        return _compiled(build(input_shape=(64, 64, 3), classes=6))
    raise FileNotFoundError(
        f"{TRAINED_MODEL} not found in {models_dir()}. It is trained here, not downloaded: run `make models` in the "
        "course folder (23 minutes on 2 CPU cores; models/resnet50_signs.md), or put the original course's "
        "ResNet50.h5 there."
    )
