"""Checks of C4W2B residual networks: the public tests of identity_block, convolutional_block and ResNet50, and the
probes the grader also runs.

A block is graded by what it is: the probe calls the student's block on a Keras Input, makes a model of it and writes
down its layers (type, name, output shape, number of parameters) in an order that does not depend on which branch the
student wrote first (by depth from the input, then by name); then its output on a seeded batch three times: with the
block's own initial weights (GlorotUniform(seed=0) kernels, as the original asks "to ensure consistency with the
grader"), and with every weight overwritten by seeded numbers, in inference mode and in training mode (where
BatchNormalization uses the batch's own statistics). ResNet50 is graded the same way, without the training mode: its
layer table, its parameter counts (the original prints 23,600,006 in all, 23,546,886 trainable and 53,120
non-trainable), and its outputs with its initial and with seeded weights. The original prints no output for the two
blocks, so their expected numbers are the course's solution's.

Before the comparisons, the probes look for the mistakes students make and say what is wrong in plain words: padding,
strides, a missing or misplaced ReLU, a shortcut that is not added, no BatchNormalization on the convolutional block's
shortcut, the BatchNormalization axis, layer names, kernels that are not GlorotUniform(seed=0)'s (a trained or loaded
model included).
"""

from __future__ import annotations

import numpy as np

from .core import Case, Check, CheckFailed, explain_none_errors, hint, student_error
from .kerasmodels import canonical_order, kind_of, parents, seeded_pictures, set_seeded_weights
from .kerasmodels import layer_table as _layer_table
from .tfsupport import import_tensorflow_quietly

import_tensorflow_quietly()
import keras  # noqa: E402 - after TensorFlow's quiet start

ASSIGNMENT = "C4W2B_Residual_Networks"
explain_none_errors()  # the None hint under errors in any cell of the notebook

NAMED = ("Conv2D", "BatchNormalization", "Dense", "AveragePooling2D")  # the layer types whose names are fixed
OUTPUT_TOLERANCE = {"rtol": 1e-4, "atol": 1e-5}  # float32 convolutions summed in another order on another CPU
# (stage, filters, stride of its convolutional block, its blocks): ResNet-50 after stage 1
STAGES = (
    (2, (64, 64, 256), 1, "abc"),
    (3, (128, 128, 512), 2, "abcd"),
    (4, (256, 256, 1024), 2, "abcdef"),
    (5, (512, 512, 2048), 2, "abc"),
)
NAMES_HINT = (
    "name the layers as the stub's conv_name_base and bn_name_base say: conv_name_base + '2a', '2b', '2c' "
    "for the main path's convolutions, bn_name_base + '2a', ... for their batch normalisations, and '1' for "
    "the convolutional block's shortcut"
)


# ------------------------------------------------------------------ what a model is
def ordered_layers(model) -> list:
    """The model's layers (and operations such as `X + Y`) by depth from the input, then by name (see kerasmodels)."""
    return canonical_order(model, NAMED)


def layer_table(model) -> list[tuple]:
    """(type, name, output shape, number of parameters) of each layer, by depth from the input, then by name; the name
    only for the convolutions, batch normalisations, the average pool and the dense layer, "-" for the layers whose
    names Keras makes up (activation_52, add_17, ...)."""
    return _layer_table(model, NAMED, ordered_layers(model))


def seeded_activations(input_shape, seed: int, batch: int) -> np.ndarray:
    """A batch of `batch` activations of shape input_shape, standard normal numbers from default_rng(seed), float32."""
    return np.random.default_rng(seed).standard_normal((batch, *input_shape)).astype(np.float32)


def _names(stage, block) -> tuple[str, str]:
    return f"res{stage}{block}_branch", f"bn{stage}{block}_branch"


def _block_rows(input_shape, f, filters, stage, block, s=None) -> list[tuple]:
    """The layer table of a block of the course's recipe (s=None: an identity block), in layer_table's order."""
    h, w, c = input_shape
    F1, F2, F3 = filters
    conv, bn = _names(stage, block)
    if s is not None:
        h, w = (h - 1) // s + 1, (w - 1) // s + 1  # a 1 x 1 window moved s pixels at a time, 'valid'
    rows = [("InputLayer", "-", (None, *input_shape), 0)]
    if s is not None:  # the shortcut's layers come first among those of the same depth (branch1 < branch2a)
        rows.append(("Conv2D", conv + "1", (None, h, w, F3), c * F3 + F3))
    rows.append(("Conv2D", conv + "2a", (None, h, w, F1), c * F1 + F1))
    if s is not None:
        rows.append(("BatchNormalization", bn + "1", (None, h, w, F3), 4 * F3))
    rows += [
        ("BatchNormalization", bn + "2a", (None, h, w, F1), 4 * F1),
        ("Activation", "-", (None, h, w, F1), 0),
        ("Conv2D", conv + "2b", (None, h, w, F2), f * f * F1 * F2 + F2),
        ("BatchNormalization", bn + "2b", (None, h, w, F2), 4 * F2),
        ("Activation", "-", (None, h, w, F2), 0),
        ("Conv2D", conv + "2c", (None, h, w, F3), F2 * F3 + F3),
        ("BatchNormalization", bn + "2c", (None, h, w, F3), 4 * F3),
        ("Add", "-", (None, h, w, F3), 0),
        ("Activation", "-", (None, h, w, F3), 0),
    ]
    return rows


def expected_identity_layers(input_shape, f, filters, stage, block) -> list[tuple]:
    """The layer table of the course's identity_block for these arguments (what the public test expects)."""
    return _block_rows(input_shape, f, filters, stage, block)


def expected_convolutional_layers(input_shape, f, filters, stage, block, s=2) -> list[tuple]:
    """The layer table of the course's convolutional_block for these arguments."""
    return _block_rows(input_shape, f, filters, stage, block, s)


def expected_resnet50_layers(input_shape=(64, 64, 3), classes=6) -> list[tuple]:
    """The layer table of the course's ResNet50 (the original's architecture) for an input shape and classes."""
    h, w, c = input_shape
    h, w = h + 6, w + 6
    rows = [("InputLayer", "-", (None, *input_shape), 0), ("ZeroPadding2D", "-", (None, h, w, c), 0)]
    h, w = (h - 7) // 2 + 1, (w - 7) // 2 + 1
    rows += [
        ("Conv2D", "conv1", (None, h, w, 64), 7 * 7 * c * 64 + 64),
        ("BatchNormalization", "bn_conv1", (None, h, w, 64), 256),
        ("Activation", "-", (None, h, w, 64), 0),
    ]
    h, w, c = (h - 3) // 2 + 1, (w - 3) // 2 + 1, 64
    rows.append(("MaxPooling2D", "-", (None, h, w, c), 0))
    for stage, filters, s, blocks in STAGES:
        rows += _block_rows((h, w, c), 3, filters, stage, blocks[0], s)[1:]
        h, w, c = rows[-1][2][1:]
        for block in blocks[1:]:
            rows += _block_rows((h, w, c), 3, filters, stage, block)[1:]
    h, w = (h - 2) // 2 + 1, (w - 2) // 2 + 1
    rows += [
        ("AveragePooling2D", "avg_pool", (None, h, w, c), 0),
        ("Flatten", "-", (None, h * w * c), 0),
        ("Dense", f"fc{classes}", (None, classes), h * w * c * classes + classes),
    ]
    return rows


# ------------------------------------------------------------------ hints: the mistakes students make
def _by_name(model) -> dict:
    return {layer.name: layer for layer in model.layers}


def _describe(row) -> str:
    kind, name, shape, parameters = row
    named = kind if name == "-" else f"{kind} {name}"
    return f"{named}, output {shape}, {parameters} parameters"


def _names_hints(t, model, expected_rows, where: str) -> None:
    """Missing and unexpected names of the layers whose names are fixed."""
    want = [row[1] for row in expected_rows if row[1] != "-"]
    got = [layer.name for layer in model.layers if kind_of(layer) in NAMED]
    missing, unexpected = [n for n in want if n not in got], [n for n in got if n not in want]
    if not missing and not unexpected:
        return
    message = f"{where}: "
    if missing:
        message += f"no layer named {', '.join(missing[:6])}{', ...' if len(missing) > 6 else ''}"
    if unexpected:
        message += f"{'; ' if missing else ''}unexpected layer names {', '.join(unexpected[:6])}"
        message += ", ..." if len(unexpected) > 6 else ""
    shortcut_bn = [n for n in missing if n.startswith("bn") and n.endswith("_branch1")]
    if shortcut_bn and not [n for n in unexpected if n.startswith("bn")]:
        message += (
            f". The shortcut path has a BatchNormalization too, after its Conv2D: BatchNormalization(axis=3) named "
            f"bn_name_base + '1' ({shortcut_bn[0]}), applied to X_shortcut"
        )
    elif [n for n in missing if n.startswith("fc")] and [n for n in unexpected if n.startswith("fc")]:
        message += ". The Dense layer is named 'fc' + str(classes): fc6 for 6 classes, fc10 for 10"
    elif "avg_pool" in missing:
        message += ". The average pooling layer is named 'avg_pool': AveragePooling2D((2, 2), name='avg_pool')"
    t.fail(message + f".\n    hint: {NAMES_HINT}")


def _batchnorm_hints(t, model) -> None:
    for layer in model.layers:
        if kind_of(layer) == "BatchNormalization":
            channels = layer.input.shape[-1]
            if layer.count_params() != 4 * channels:
                t.fail(
                    f"{layer.name}: {layer.count_params()} parameters where a normalisation of the {channels} "
                    f"channels has {4 * channels} (gamma, beta, moving mean and variance per channel). Normalise "
                    "over the channels: BatchNormalization(axis=3), the last axis of (m, n_H, n_W, n_C)."
                )


def _relu(operation) -> bool:
    if kind_of(operation) != "Activation":
        return False
    activation = operation.get_config().get("activation", "relu") if hasattr(operation, "get_config") else "relu"
    return activation in ("relu", None) or type(operation).__name__ == "ReLU"


def _block_hints(t, model, f, stage, block, s, identity: bool) -> None:
    """Wiring, strides, padding and ReLUs of one block (its layer names are right by now)."""
    conv, bn = _names(stage, block)
    layers = _by_name(model)
    inbound = parents(model)
    last = model.output._keras_history.operation
    if any(not _relu(op) for op in inbound if kind_of(op) == "Activation"):
        t.fail("an activation other than ReLU: every activation of the block is Activation('relu').")
    adds = [op for op in inbound if kind_of(op) == "Add"]
    if not adds:
        t.fail(
            "the shortcut is never added to the main path: after the third component comes the sum "
            "Add()([X, X_shortcut]), then a ReLU on it."
        )
    add = adds[-1]
    into_add = {op.name if kind_of(op) in NAMED else kind_of(op): op for op in inbound[add]}
    if "Activation" in into_add:
        t.fail(
            f"a ReLU sits between the main path and the Add: the third component ends with {bn}2c, without "
            "ReLU; the ReLU comes after the sum Add()([X, X_shortcut])."
        )
    if not (_relu(last) and inbound.get(last) == [add]):
        t.fail("the block must end with a ReLU applied to the sum Add()([X, X_shortcut]): Activation('relu') on it, and return that.")
    if identity and "InputLayer" not in into_add:
        t.fail(
            "the Add does not take the block's input: the shortcut is X as it came in, saved as X_shortcut = X "
            "before the main path, and added unchanged: Add()([X, X_shortcut])."
        )
    if not identity and bn + "1" not in into_add:
        if conv + "1" in into_add:
            t.fail(
                f"the shortcut's Conv2D ({conv}1) goes straight into the Add: normalise it first, "
                "with a BatchNormalization(axis=3) named bn_name_base + '1'."
            )
        t.fail(
            f"the Add does not take the shortcut path's output ({bn}1): Add()([X, X_shortcut]), with X_shortcut "
            "the input X through the shortcut's Conv2D and BatchNormalization."
        )
    if bn + "2c" not in into_add:
        t.fail(f"the Add does not take the main path's output ({bn}2c, the third component's BatchNormalization).")
    stride = 1 if identity else s
    settings = {"2a": ((1, 1), stride), "2b": ((f, f), 1), "2c": ((1, 1), 1), "1": ((1, 1), stride)}
    for part, (size, step) in settings.items():
        layer = layers.get(conv + part)
        if layer is None:
            continue
        config = layer.get_config()
        if tuple(config["kernel_size"]) != size:
            t.fail(
                f"{conv}{part}: a {config['kernel_size'][0]} x {config['kernel_size'][1]} window where the recipe "
                f"has {size[0]} x {size[1]}: kernel_size=({size[0]}, {size[1]})."
            )
        if tuple(config["strides"]) != (step, step):
            where = (
                "the convolutional block moves s pixels at a time in two places only: the first convolution of "
                "the main path (2a) and the shortcut's convolution (1); 2b and 2c use strides=(1, 1)"
                if not identity
                else "every convolution of the identity block uses strides=(1, 1)"
            )
            t.fail(f"{conv}{part}: strides={tuple(config['strides'])}, the recipe has ({step}, {step}): {where}.")
        if part == "2b" and f > 1 and config["padding"] != "same":
            t.fail(
                f"{conv}2b: padding={config['padding']!r}. The middle convolution keeps the height and width: "
                f"padding='same' (a 'valid' {f} x {f} window shrinks them by {f - 1})."
            )
    relus = [op for op in inbound if kind_of(op) == "Activation"]
    if len(relus) < 3:
        t.fail(
            f"a ReLU is missing: the block has {len(relus)} Activation('relu') where it needs 3, after "
            f"{bn}2a, after {bn}2b and after the Add."
        )


def _compare_table(t, rows, expected_rows, where: str) -> None:
    """The first layer (in layer_table's order) that differs from the recipe, in words."""
    for index, (got, want) in enumerate(zip(rows, expected_rows, strict=False)):
        if got == want:
            continue
        message = f"{where}, layer {index} (by depth from the input): expected {_describe(want)}; got {_describe(got)}"
        if got[0] != want[0]:
            message += (
                "\n    hint: in each component, Conv2D -> BatchNormalization(axis=3) -> Activation('relu') (no "
                "ReLU after the third BatchNormalization); the shortcut is added with Add(), then one ReLU"
            )
        elif got[2] != want[2]:
            message += (
                "\n    hint: check the filters (F1, F2, F3 = filters), the window sizes ((1, 1), (f, f), "
                "(1, 1)), the strides and padding='valid' / 'same' as in the recipe"
            )
        elif got[3] != want[3]:
            message += "\n    hint: check the number of filters and the window size of this layer"
        t.fail(message)
    if len(rows) != len(expected_rows):
        extra = "more" if len(rows) > len(expected_rows) else "fewer"
        t.fail(
            f"{where}: {len(rows)} layers, {extra} than the {len(expected_rows)} of the recipe (inputs, Conv2D, "
            "BatchNormalization, Activation, Add, ...)."
        )


def _kernel_hints(t, model, what: str) -> None:
    """Every kernel must be GlorotUniform(seed=0)'s draw for its shape (a seeded initialiser draws the same numbers on
    every call), and every bias zero: the weights of a new model, not of a trained or loaded one."""
    glorot = keras.initializers.GlorotUniform(seed=0)
    draws: dict = {}
    other = []
    for layer in ordered_layers(model):
        if kind_of(layer) not in ("Conv2D", "Dense"):
            continue
        kernel = np.asarray(layer.kernel)
        if kernel.shape not in draws:
            draws[kernel.shape] = np.asarray(glorot(shape=kernel.shape))
        bias = np.asarray(layer.bias) if getattr(layer, "bias", None) is not None else np.zeros(1)
        if not np.allclose(kernel, draws[kernel.shape], rtol=0, atol=1e-7) or np.any(bias != 0):
            other.append(layer.name)
    if other:
        names = ", ".join(other[:5]) + (", ..." if len(other) > 5 else "")
        t.fail(
            f"{len(other)} layer(s) do not start from the weights the recipe asks for ({names}): {what} creates "
            "every Conv2D (and Dense) layer with kernel_initializer=GlorotUniform(seed=0), whose numbers are the "
            "same on every run, and returns the new, untrained layers (not weights trained or loaded elsewhere)."
        )


def _output(model, x, training: bool) -> np.ndarray:
    return np.asarray(model(x, training=training))


# ------------------------------------------------------------------ identity_block and convolutional_block
def _block(t, function, name, input_shape, f, filters, stage, block, s, seed, batch):
    identity = s is None
    X_input = keras.Input(input_shape)
    extra = {} if identity else {"s": s}
    try:
        out = function(X_input, f=f, filters=list(filters), stage=stage, block=block, **extra)
    except ValueError as error:
        if "incompatible shapes" not in str(error):
            raise
        raise CheckFailed(
            student_error(name, error)
            + "\n    hint: the Add takes two tensors of the same shape. "
            + (
                "The middle convolution keeps the height and width with padding='same', and every stride is (1, 1)"
                if identity
                else "The main path and the shortcut move s pixels at a time once each, in 2a and in the "
                "shortcut's Conv2D; the middle convolution uses padding='same'; the shortcut ends with F3 channels"
            )
            + "."
        ) from None
    out = t.type(f"{name}(X, ...)", out, keras.KerasTensor, "a Keras tensor, the block's output X (return X at the end)")
    model = keras.Model(X_input, out)
    expected_rows = _block_rows(input_shape, f, filters, stage, block, s)
    _names_hints(t, model, expected_rows, name)
    _batchnorm_hints(t, model)
    _block_hints(t, model, f, stage, block, s, identity)
    with hint(
        "the block ends with Activation('relu') on the sum; "
        + (
            "the identity block keeps the height, the width and the channels of X (F3 = n_C of X)"
            if identity
            else "the convolutional block divides the height and width by s (2a and the shortcut move s pixels at a "
            "time) and ends with F3 channels"
        )
    ):
        t.equal("output shape", tuple(out.shape))
    rows = layer_table(model)
    _compare_table(t, rows, expected_rows, name)
    t.equal("layer types", [row[0] for row in rows])
    t.equal("layer names", [row[1] for row in rows])
    t.equal("output shapes", [row[2] for row in rows])
    t.equal("parameters per layer", [row[3] for row in rows])
    _kernel_hints(t, model, name)
    x = seeded_activations(input_shape, seed, batch)
    wiring = (
        "the layers are right but the numbers are not: check what each layer is applied to (X or X_shortcut) "
        "and that the Add takes the main path and the shortcut"
    )
    _block_outputs(t, "initial weights, inference mode", _output(model, x, False), wiring)
    set_seeded_weights(model, seed + 1, ordered_layers(model))
    _block_outputs(t, "seeded weights, inference mode", _output(model, x, False), wiring)
    _block_outputs(
        t,
        "seeded weights, training mode",
        _output(model, x, True),
        "in training mode each BatchNormalization normalises with the batch's own mean and variance: "
        "BatchNormalization(axis=3), over the channels",
    )


def _block_outputs(t, mode: str, A: np.ndarray, words: str) -> None:
    """Two views of a block's output A (m, n_H, n_W, n_C): every example at row 1, column 0 (the position the notebook
    prints), and the mean of each example's channels over all positions."""
    with hint(words):
        t.close(f"A[:, 1, 0, :], {mode}", A[:, min(1, A.shape[1] - 1), 0, :], **OUTPUT_TOLERANCE)
        t.close(f"mean of A over height and width, {mode}", A.mean(axis=(1, 2)), **OUTPUT_TOLERANCE)


def _identity_block(t, function, input_shape, f, filters, stage, block, seed, batch):
    _block(t, function, "identity_block", input_shape, f, filters, stage, block, None, seed, batch)


def _convolutional_block(t, function, input_shape, f, filters, stage, block, s, seed, batch):
    _block(t, function, "convolutional_block", input_shape, f, filters, stage, block, s, seed, batch)


def _block_given(input_shape, f, filters, stage, block, s, seed, batch) -> str:
    stride = "" if s is None else f", s = {s}"
    return (
        f"X: a batch of {batch} arrays of shape {input_shape} from numpy.random.default_rng({seed})."
        f"standard_normal; f = {f}, filters = {list(filters)}, stage = {stage}, block = {block!r}{stride}; "
        f"seeded weights drawn from default_rng({seed + 1})"
    )


def _block_expected(rows, outputs) -> dict:
    """The expected values of a public case: the recipe's layer table and the solution's outputs, given as
    {mode: (A[:, 1, 0, :], mean of A over height and width)}."""
    expected = {
        "output shape": rows[-1][2],
        "layer types": [row[0] for row in rows],
        "layer names": [row[1] for row in rows],
        "output shapes": [row[2] for row in rows],
        "parameters per layer": [row[3] for row in rows],
    }
    for mode, (position, mean) in outputs.items():
        expected[f"A[:, 1, 0, :], {mode}"] = position
        expected[f"mean of A over height and width, {mode}"] = mean
    return expected


# ------------------------------------------------------------------ ResNet50
def _resnet50(t, function, input_shape, classes, seed, batch):
    model = t.type(
        "ResNet50(input_shape, classes)",
        function(input_shape=input_shape, classes=classes),
        keras.Model,
        "a Keras model: model = Model(inputs=X_input, outputs=X, name='ResNet50')",
    )
    t.equal("model.name", model.name)
    with hint("the model's input is Input(input_shape), the shape it is given, not a fixed (64, 64, 3)"):
        t.equal("model.input_shape[1:]", tuple(model.input_shape)[1:])
    with hint("the last layer is Dense(classes, activation='softmax', name='fc' + str(classes), ...): one probability per class"):
        t.equal("output shape", tuple(model.output_shape))
    expected_rows = expected_resnet50_layers(input_shape, classes)
    _names_hints(t, model, expected_rows, "ResNet50")
    _batchnorm_hints(t, model)
    last = model.layers[-1]
    if kind_of(last) == "Dense" and last.get_config().get("activation") != "softmax":
        t.fail(
            f"{last.name}: activation={last.get_config().get('activation')!r}; the model answers with one "
            "probability per class: Dense(classes, activation='softmax', ...)."
        )
    rows = layer_table(model)
    _compare_table(t, rows, expected_rows, "ResNet50")
    t.equal("layer types", [row[0] for row in rows])
    t.equal("layer names", [row[1] for row in rows])
    t.equal("output shapes", [row[2] for row in rows])
    t.equal("parameters per layer", [row[3] for row in rows])
    t.equal("total parameters", int(model.count_params()))
    t.equal("trainable parameters", sum(int(np.prod(w.shape)) for w in model.trainable_weights))
    t.equal("non-trainable parameters", sum(int(np.prod(w.shape)) for w in model.non_trainable_weights))
    _kernel_hints(t, model, "ResNet50")
    x = seeded_pictures(input_shape, seed, batch)
    t.close("output, initial weights", _output(model, x, False), **OUTPUT_TOLERANCE)
    set_seeded_weights(model, seed, ordered_layers(model))
    with hint(
        "the layers are right but the numbers are not: check that each stage starts from the output of the "
        "stage before, in the recipe's order"
    ):
        t.close("output, seeded weights", _output(model, x, False), **OUTPUT_TOLERANCE)


def _resnet50_given(input_shape, classes, seed, batch) -> str:
    return (
        f"input_shape = {input_shape}, classes = {classes}; a batch of {batch} pictures from "
        f"numpy.random.default_rng({seed + 1000}); seeded weights drawn from default_rng({seed})"
    )


def _resnet50_expected(input_shape, classes, outputs) -> dict:
    rows = expected_resnet50_layers(input_shape, classes)
    new, seeded = outputs
    return {
        "model.name": "ResNet50",
        "model.input_shape[1:]": tuple(input_shape),
        "output shape": (None, classes),
        "layer types": [row[0] for row in rows],
        "layer names": [row[1] for row in rows],
        "output shapes": [row[2] for row in rows],
        "parameters per layer": [row[3] for row in rows],
        "total parameters": 23_600_006,  # the original's summary: Total params
        "trainable parameters": 23_546_886,  # Trainable params
        "non-trainable parameters": 53_120,  # Non-trainable params: the moving means and variances
        "output, initial weights": new,
        "output, seeded weights": seeded,
    }


# ------------------------------------------------------------------ the public cases (expected numbers: the solution's)
_IDENTITY = ((4, 4, 6), 2, (2, 4, 6), 1, "a", 1, 3)
_CONVOLUTIONAL = ((5, 5, 3), 2, (2, 4, 6), 1, "a", 2, 2, 3)
_RESNET50 = ((64, 64, 3), 6, 1, 2)
_IDENTITY_OUTPUTS = {  # the course's solution, float32: A[:, 1, 0, :] and the mean over height and width
    "initial weights, inference mode": (
        [
            [0, 0, 0.27493328, 0, 0, 0],
            [1.7067336, 0, 0, 0.63900781, 2.3631546, 0],
            [0, 0, 0, 0.062802747, 0, 0.6940549],
        ],
        [
            [0.49379364, 0.21891516, 0.28952473, 0.35405257, 0.27194452, 0.2014558],
            [0.35432726, 0.17644088, 0.13140228, 0.56896365, 0.36562684, 0.56329066],
            [0.24099915, 0.040317964, 0.28382146, 0.72920334, 0.25769162, 0.15101555],
        ],
    ),
    "seeded weights, inference mode": (
        [
            [0, 0, 0, 1.4651536, 0.52544588, 0.54789746],
            [1.6187174, 0, 0, 0.366864, 2.6784606, 0],
            [0, 0, 0, 0, 0, 0.77052921],
        ],
        [
            [0.41911095, 0.097056292, 0.047752924, 0.59864795, 0.54132164, 0.20527616],
            [0.36140794, 0.065326311, 0.092002973, 0.46269083, 0.53104311, 0.48967603],
            [0.30837908, 0.018979993, 0.053641535, 0.81020641, 0.36564469, 0.16580611],
        ],
    ),
    "seeded weights, training mode": (
        [
            [0, 0, 0, 3.0533178, 0.76732689, 1.4966462],
            [1.848431, 0, 0, 0.080302775, 1.8521478, 0],
            [0, 0, 0.29430845, 0, 0, 0.38342625],
        ],
        [
            [0.57853281, 0.2659969, 0.15493065, 0.61271882, 0.43730605, 0.25561309],
            [0.36754546, 0.36476374, 0.28957906, 0.1954982, 0.50728613, 0.41297227],
            [0.40880188, 0.22590053, 0.097761363, 0.82696426, 0.40975848, 0.31276727],
        ],
    ),
}
_CONVOLUTIONAL_OUTPUTS = {  # the course's solution, float32: A[:, 1, 0, :] and the mean over height and width
    "initial weights, inference mode": (
        [
            [0.30834553, 0, 0.59821844, 0.52508801, 0, 0],
            [0, 0.68866742, 1.7278107, 1.1191005, 0, 1.2347916],
            [0, 1.2543312, 0, 0.25500751, 0.61542755, 1.6052014],
        ],
        [
            [0.1957345, 0.18895356, 0.19231483, 0.098632962, 0.34316528, 0.22266184],
            [0.46340698, 0.12680207, 0.78791815, 0.37262908, 0.065973759, 0.20044328],
            [0.41161618, 0.29806569, 0.19159724, 0.13487081, 0.37486255, 0.4120467],
        ],
    ),
    "seeded weights, inference mode": (
        [[1.2606238, 0, 0, 0, 0.024664842, 0], [4.0049057, 0, 2.7238119, 0, 0, 0], [3.3728697, 0, 2.6786857, 0, 0, 0]],
        [
            [0.76296324, 0.37118596, 0.51822406, 0.37417611, 0.11789227, 0],
            [1.2165182, 0.35426921, 0.54751658, 0.81214428, 0.11750094, 0],
            [1.405589, 0.20291752, 0.63778651, 0.41868263, 0.15143993, 0],
        ],
    ),
    "seeded weights, training mode": (
        [
            [0.3246429, 0, 0, 0.78681141, 0.31697035, 0],
            [2.8822503, 1.0216827, 6.0501375, 0, 0, 0],
            [0.58777964, 0.26422918, 2.831368, 0, 0, 0.29419374],
        ],
        [
            [0.31743881, 0.48662198, 0.80349642, 0.33618438, 0.73868382, 0.59340835],
            [0.68321681, 0.38640431, 0.89409363, 0.4748567, 0.47227171, 0.38237408],
            [0.5212267, 0.034878436, 0.60206729, 0.45072588, 0.62452883, 0.94984013],
        ],
    ),
}
_RESNET50_OUTPUTS = (  # the course's solution, float32
    [
        [0.11947861, 0.23550698, 0.13447434, 0.19691588, 0.11688222, 0.19674189],
        [0.11914583, 0.23670958, 0.13688822, 0.19583507, 0.11651126, 0.19491003],
    ],
    [
        [0.60145849, 0.227092, 0.018393964, 0.010000683, 0.052855302, 0.090199523],
        [0.59688061, 0.2278166, 0.019279769, 0.010238981, 0.04779226, 0.097991861],
    ],
)

check_identity_block = Check(
    "identity_block",
    _identity_block,
    [
        Case(
            _IDENTITY,
            _block_expected(expected_identity_layers(*_IDENTITY[:5]), _IDENTITY_OUTPUTS),
            _block_given(*_IDENTITY[:5], None, *_IDENTITY[5:]),
        ),
    ],
)
check_convolutional_block = Check(
    "convolutional_block",
    _convolutional_block,
    [
        Case(
            _CONVOLUTIONAL,
            _block_expected(expected_convolutional_layers(*_CONVOLUTIONAL[:6]), _CONVOLUTIONAL_OUTPUTS),
            _block_given(*_CONVOLUTIONAL),
        ),
    ],
)
check_ResNet50 = Check(
    "ResNet50",
    _resnet50,
    [
        Case(_RESNET50, _resnet50_expected(*_RESNET50[:2], _RESNET50_OUTPUTS), _resnet50_given(*_RESNET50)),
    ],
)
