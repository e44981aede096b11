"""Checks of C4W2A Keras tutorial, the Happy House: the public test of HappyModel and the probe the grader also runs.

A Keras model is graded by what it *is*, not by its random start: the probe builds the student's model for an input
shape, writes down its layers (type, name, output shape, number of parameters) and its total number of parameters,
then overwrites every weight with numbers drawn from a seeded numpy generator (positive ones where BatchNormalization
needs them) and records the model's output (inference mode) on a seeded batch of pictures. Two models that agree on
all of that are the same function. The expected values are what the course's solution gives; the original text prints
no output for its HappyModel except a summary of a model that is not the one its comments describe (see the errata in
the notebook): 8,305 parameters here, 33,793 there.
"""

from __future__ import annotations

import numpy as np

from . import kerasmodels
from .core import Case, Check, explain_none_errors, hint
from .kerasmodels import SAME_TYPE, seeded_pictures, set_seeded_weights
from .tfsupport import import_tensorflow_quietly

import_tensorflow_quietly()
import keras  # noqa: E402 - after TensorFlow's quiet start

ASSIGNMENT = "C4W2A_Keras_Happy_House"
explain_none_errors()  # the None hint under errors in any cell of the notebook

BLOCKS = ((8, "conv1", "bn1", "max_pool1"), (16, "conv2", "bn2", "max_pool2"), (32, "conv3", "bn3", "max_pool3"))
NAMED = ("Conv2D", "BatchNormalization", "MaxPooling2D", "Dense")  # the layer types the model names
OUTPUT_TOLERANCE = {"rtol": 1e-4, "atol": 1e-5}  # float32 convolutions summed in another order on another CPU


# ------------------------------------------------------------------ what a model is
def layer_table(model) -> list[tuple]:
    """(type, name, output shape, number of parameters) of each layer; the name only for the layers the model names
    (convolutions, batch normalisations, max pools and the dense layer), "-" for the others, whose names Keras makes up
    (and numbers on: "zero_padding2d_7")."""
    return kerasmodels.layer_table(model, NAMED)


# ------------------------------------------------------------------ HappyModel
def _block_hints(t, model) -> None:
    """Plain-words failures for the mistakes students make, before the layer-by-layer comparison."""
    rows = layer_table(model)
    kinds = [row[0] for row in rows]
    convolutions = kinds.count("Conv2D")
    if convolutions < len(BLOCKS):
        t.fail(f"your model has {convolutions} Conv2D layer(s) between its input and its output, and should have "
               f"{len(BLOCKS)}. Keras keeps only the layers on the path from X_input to the output: a block is left "
               "out when the next block does not start from its output. Each ZeroPadding2D must pad X, the output of "
               "the block before, not X_input (only the first block starts from X_input).")
    if "Flatten" not in kinds:
        t.fail("your model has no Flatten layer: flatten the last volume into a vector, X = Flatten()(X), before the "
               "Dense layer (without it Dense is applied to every position of the volume).")
    for layer in model.layers:
        kind = SAME_TYPE.get(type(layer).__name__, type(layer).__name__)
        if kind == "BatchNormalization":
            channels = layer.input.shape[-1]
            if layer.count_params() != 4 * channels:
                t.fail(f"{layer.name}: {layer.count_params()} parameters where a normalisation of the {channels} "
                       f"channels has {4 * channels} (gamma, beta, moving mean and variance per channel). Normalise "
                       "over the channels: BatchNormalization(axis=3), the last axis of (m, n_H, n_W, n_C).")
        if kind == "MaxPooling2D":
            before, after = tuple(layer.input.shape[1:3]), tuple(layer.output.shape[1:3])
            halved = tuple(None if n is None else n // 2 for n in before)
            if after != halved:
                t.fail(f"{layer.name}: turns a {before[0]} x {before[1]} volume into {after[0]} x {after[1]}; a "
                       "2 x 2 window moved 2 pixels at a time halves it: MaxPooling2D(pool_size=(2, 2), "
                       "strides=(2, 2)).")
    last = model.layers[-1]
    if type(last).__name__ == "Dense":
        activation = last.get_config().get("activation")
        if activation == "softmax":
            t.fail(f"{last.name}: a softmax over a single unit is always 1, whatever the picture. A yes/no answer "
                   "takes a sigmoid: Dense(1, activation='sigmoid').")
        if activation != "sigmoid" or last.units != 1:
            t.fail(f"{last.name}: Dense({last.units}, activation={activation!r}); the model answers with one "
                   "probability of a smile: Dense(1, activation='sigmoid').")
    if kinds.count("Activation") < convolutions:
        t.fail("a ReLU is missing: each block is CONV -> BATCHNORM -> RELU -> MAXPOOL, with Activation('relu') "
               "after each BatchNormalization.")


def _happy_model(t, f, input_shape, seed, batch):
    model = t.type("HappyModel(input_shape)", f(input_shape), keras.Model,
                   "a Keras model: model = Model(inputs=X_input, outputs=X, name='HappyModel')")
    t.equal("model.name", model.name)
    with hint("the model's input is Input(input_shape), the shape it is given, not a fixed (64, 64, 3)"):
        t.equal("model.input_shape[1:]", tuple(model.input_shape)[1:])  # without the batch size, None
    _block_hints(t, model)
    rows = layer_table(model)
    with hint("Input, then three blocks of ZeroPadding2D -> Conv2D -> BatchNormalization(axis=3) -> "
              "Activation('relu') -> MaxPooling2D, then Flatten and Dense"):
        t.equal("layer types", [row[0] for row in rows])
    with hint("name the layers as the outline does: conv1, bn1, max_pool1 for the first block, conv2, bn2, "
              "max_pool2, then conv3, bn3, max_pool3, and fc for the Dense layer"):
        t.equal("layer names", [row[1] for row in rows])
    with hint("padding 1 then a 3 x 3 convolution with stride 1 keeps the height and width; the max pool halves "
              "them; the filters are 8, 16 and 32"):
        t.equal("output shapes", [row[2] for row in rows])
    t.equal("parameters per layer", [row[3] for row in rows])
    t.equal("total parameters", int(model.count_params()))
    set_seeded_weights(model, seed)
    out = model(seeded_pictures(input_shape, seed, batch), training=False)
    with hint("the layers are right but the numbers are not: check that each block starts from the previous block's "
              "output, the ReLU (not another activation), and that nothing else sits between the layers"):
        t.close("output on the seeded batch", np.asarray(keras.ops.convert_to_numpy(out)), **OUTPUT_TOLERANCE)


def _given(input_shape, seed, batch) -> str:
    return (f"input_shape = {input_shape}; every weight overwritten with numbers drawn from "
            f"numpy.random.default_rng({seed}), and a batch of {batch} pictures from default_rng({seed + 1000})")


def expected_layers(input_shape) -> list[tuple]:
    """The layer table of the course's HappyModel for an input shape (what the public test expects)."""
    h, w, c = input_shape
    rows = [("InputLayer", "-", (None, h, w, c), 0)]
    for filters, conv, bn, pool in BLOCKS:
        rows += [("ZeroPadding2D", "-", (None, h + 2, w + 2, c), 0),
                 ("Conv2D", conv, (None, h, w, filters), 9 * c * filters + filters),
                 ("BatchNormalization", bn, (None, h, w, filters), 4 * filters),
                 ("Activation", "-", (None, h, w, filters), 0)]
        h, w, c = h // 2, w // 2, filters
        rows.append(("MaxPooling2D", pool, (None, h, w, c), 0))
    rows += [("Flatten", "-", (None, h * w * c), 0), ("Dense", "fc", (None, 1), h * w * c + 1)]
    return rows


def _expected(input_shape, output) -> dict:
    rows = expected_layers(input_shape)
    return {
        "model.name": "HappyModel",
        "model.input_shape[1:]": tuple(input_shape),
        "layer types": [row[0] for row in rows],
        "layer names": [row[1] for row in rows],
        "output shapes": [row[2] for row in rows],
        "parameters per layer": [row[3] for row in rows],
        "total parameters": sum(row[3] for row in rows),
        "output on the seeded batch": output,
    }


_PUBLIC = ((64, 64, 3), 1, 4)
_PUBLIC_OUTPUT = [[0.70603669], [0.70336318], [0.70588189], [0.70155436]]  # the course's solution, float32

check_HappyModel = Check("HappyModel", _happy_model, [
    Case(_PUBLIC, _expected(_PUBLIC[0], _PUBLIC_OUTPUT), _given(*_PUBLIC)),
])
