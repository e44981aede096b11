"""The C4W2B checks (dlchecks.c4w2b): typical mistakes in the two ResNet blocks and in ResNet50 fail in plain words,
harmless variants pass, and the hidden cases catch what the public ones cannot (the solutions and expected.json:
test_expected.py; the numbers against an independent numpy forward pass: tests/notebooks/test_c4w2b_oracles.py)."""

import numpy as np
import pytest

from dlchecks.core import NONE_HINT, CheckFailed

keras = pytest.importorskip("keras")
from dlchecks import c4w2b  # noqa: E402 - after the skip: it imports TensorFlow

layers = keras.layers
ID = "C4W2B_Residual_Networks"
GLOROT = keras.initializers.GlorotUniform


# ------------------------------------------------------------------ the blocks, written as students write them
def block_like(
    *,
    conv_block=False,
    padding_2b="same",
    stride_on=("2a", "1"),
    relu_end=True,
    relu_before_add=False,
    add=True,
    add_input=True,
    add_as_operator=False,
    bn_axis=3,
    shortcut_bn=True,
    shortcut_first=False,
    initializer=lambda: GLOROT(seed=0),
    relu_layer=False,
    activation="relu",
    names=("res", "bn"),
    kernel_2b=None,
    swap_filters=False,
):
    """identity_block (or convolutional_block) with one knob turned."""

    def conv(F, size, name, stride=1, padding="valid"):
        init = initializer()
        return layers.Conv2D(
            F, size, strides=(stride, stride), padding=padding, name=name, **({} if init is None else {"kernel_initializer": init})
        )

    def act():
        return layers.ReLU() if relu_layer else layers.Activation(activation)

    def any_block(X, f, filters, stage, block, s=2):
        if not conv_block:
            s = 1
        conv_base, bn_base = f"{names[0]}{stage}{block}_branch", f"{names[1]}{stage}{block}_branch"
        F1, F2, F3 = filters
        if swap_filters:
            F1, F2 = F2, F1
        shortcut = X
        if conv_block and shortcut_first:
            shortcut = conv(F3, (1, 1), conv_base + "1", s if "1" in stride_on else 1)(shortcut)
            shortcut = layers.BatchNormalization(axis=bn_axis, name=bn_base + "1")(shortcut)
        X = conv(F1, (1, 1), conv_base + "2a", s if "2a" in stride_on else 1)(X)
        X = act()(layers.BatchNormalization(axis=bn_axis, name=bn_base + "2a")(X))
        X = conv(F2, kernel_2b or (f, f), conv_base + "2b", s if "2b" in stride_on else 1, padding_2b)(X)
        X = act()(layers.BatchNormalization(axis=bn_axis, name=bn_base + "2b")(X))
        X = conv(F3, (1, 1), conv_base + "2c")(X)
        X = layers.BatchNormalization(axis=bn_axis, name=bn_base + "2c")(X)
        if relu_before_add:
            X = act()(X)
        if conv_block and not shortcut_first:
            shortcut = conv(F3, (1, 1), conv_base + "1", s if "1" in stride_on else 1)(shortcut)
            if shortcut_bn:
                shortcut = layers.BatchNormalization(axis=bn_axis, name=bn_base + "1")(shortcut)
        if add:
            other = shortcut if add_input else X
            X = X + other if add_as_operator else layers.Add()([X, other])
        return act()(X) if relu_end else X

    if conv_block:
        return any_block

    def identity_block(X, f, filters, stage, block):
        return any_block(X, f, filters, stage, block)

    return identity_block


def conv_block_like(**knobs):
    return block_like(conv_block=True, **knobs)


# ------------------------------------------------------------------ the solutions and harmless variants
def test_the_solutions_and_independent_rewrites_pass(nb, capsys):
    c4w2b.check_identity_block(nb["identity_block"])
    c4w2b.check_identity_block(block_like())
    c4w2b.check_convolutional_block(nb["convolutional_block"])
    c4w2b.check_convolutional_block(conv_block_like())
    out = capsys.readouterr().out
    assert out.count("identity_block: all public tests passed") == 2
    assert out.count("convolutional_block: all public tests passed") == 2


@pytest.mark.parametrize(
    "knobs",
    [{"relu_layer": True}, {"add_as_operator": True}, {"shortcut_first": True}],
    ids=["ReLU layer", "X + X_shortcut", "shortcut written first"],
)
def test_harmless_variants_pass(knobs, capsys):
    c4w2b.check_convolutional_block(conv_block_like(**knobs))
    if "shortcut_first" not in knobs:
        c4w2b.check_identity_block(block_like(**knobs))
    assert "all public tests passed" in capsys.readouterr().out


def test_the_layer_order_does_not_depend_on_which_branch_is_written_first(nb):
    """Keras lists the shortcut's layers after or before the main path's, as they were written; the check's order
    (depth, then name) is the same either way, and so are the seeded weights it writes."""
    tables = []
    for function in (nb["convolutional_block"], conv_block_like(shortcut_first=True)):
        X = keras.Input((5, 5, 3))
        model = keras.Model(X, function(X, 2, [2, 4, 6], 1, "a", s=2))
        tables.append(c4w2b.layer_table(model))
    assert tables[0] == tables[1] == c4w2b.expected_convolutional_layers((5, 5, 3), 2, (2, 4, 6), 1, "a", 2)


def test_the_expected_layer_tables_are_the_solutions(nb):
    for shape, f, filters, stage, block in [((4, 4, 6), 2, (2, 4, 6), 1, "a"), ((5, 7, 4), 3, (3, 5, 4), 4, "c")]:
        X = keras.Input(shape)
        model = keras.Model(X, nb["identity_block"](X, f, list(filters), stage, block))
        assert c4w2b.layer_table(model) == c4w2b.expected_identity_layers(shape, f, filters, stage, block)
    for shape, s in [((5, 5, 3), 2), ((10, 8, 2), 3), ((5, 5, 3), 1)]:
        X = keras.Input(shape)
        model = keras.Model(X, nb["convolutional_block"](X, 3, [2, 3, 5], 3, "b", s=s))
        assert c4w2b.layer_table(model) == c4w2b.expected_convolutional_layers(shape, 3, (2, 3, 5), 3, "b", s)
    for shape, classes in [((64, 64, 3), 6), ((96, 80, 3), 10)]:
        assert c4w2b.layer_table(nb["ResNet50"](shape, classes)) == c4w2b.expected_resnet50_layers(shape, classes)


# ------------------------------------------------------------------ typical mistakes in the blocks, each with its hint
def test_valid_padding_on_the_middle_convolution(fails):
    fails(
        c4w2b.check_identity_block,
        block_like(padding_2b="valid"),
        "the Add takes two tensors of the same shape",
        "padding='same'",
        "in your code, line",
    )


def test_valid_padding_that_still_fits_is_named(fails):
    """With f = 1 'valid' and 'same' agree; the public f = 2 case shows it: the shapes clash at the Add."""
    fails(c4w2b.check_convolutional_block, conv_block_like(padding_2b="valid"), "padding='same'")


def test_the_stride_on_the_middle_convolution(fails):
    fails(
        c4w2b.check_convolutional_block,
        conv_block_like(stride_on=("2b", "1")),
        "res1a_branch2a",
        "strides=(1, 1)",
        "first convolution of the main path (2a)",
    )


def test_the_stride_missing_on_the_shortcut(fails):
    fails(c4w2b.check_convolutional_block, conv_block_like(stride_on=("2a",)), "same shape", "shortcut")


def test_no_relu_after_the_add(fails):
    fails(c4w2b.check_identity_block, block_like(relu_end=False), "must end with a ReLU applied to the sum", "Activation('relu') on it")


def test_a_relu_before_the_add_instead_of_after(fails):
    fails(
        c4w2b.check_identity_block, block_like(relu_before_add=True, relu_end=False), "a ReLU sits between", "bn1a_branch2c, without ReLU"
    )
    fails(c4w2b.check_convolutional_block, conv_block_like(relu_before_add=True), "a ReLU sits between")


def test_the_shortcut_not_added(fails):
    fails(c4w2b.check_identity_block, block_like(add=False), "the shortcut is never added", "Add()([X, X_shortcut])")


def test_the_main_path_added_to_itself(fails):
    fails(c4w2b.check_identity_block, block_like(add_input=False), "the Add does not take the block's input", "X_shortcut = X")


def test_batch_normalisation_over_the_wrong_axis(fails):
    fails(c4w2b.check_identity_block, block_like(bn_axis=1), "bn1a_branch2a", "BatchNormalization(axis=3)")


def test_no_batch_normalisation_on_the_shortcut(fails):
    fails(
        c4w2b.check_convolutional_block,
        conv_block_like(shortcut_bn=False),
        "no layer named bn1a_branch1",
        "The shortcut path has a BatchNormalization too",
    )


def test_wrong_layer_names(fails):
    fails(
        c4w2b.check_identity_block,
        block_like(names=("conv", "bn")),
        "no layer named res1a_branch2a",
        "unexpected layer names conv1a_branch2a",
        "conv_name_base + '2a'",
    )


def test_the_default_initialiser_or_another_seed(fails):
    fails(
        c4w2b.check_identity_block,
        block_like(initializer=lambda: None),
        "do not start from the weights",
        "kernel_initializer=GlorotUniform(seed=0)",
    )
    fails(c4w2b.check_convolutional_block, conv_block_like(initializer=lambda: GLOROT(seed=1)), "do not start from the weights")


def test_another_activation(fails):
    fails(c4w2b.check_identity_block, block_like(activation="tanh"), "an activation other than ReLU")


def test_a_wrong_window_size(fails):
    fails(c4w2b.check_identity_block, block_like(kernel_2b=(1, 1)), "res1a_branch2b: a 1 x 1 window", "kernel_size=(2, 2)")


def test_swapped_filter_counts_show_in_the_layer_table(fails):
    fails(c4w2b.check_identity_block, block_like(swap_filters=True), "layer 1 (by depth from the input)", "check the filters")


def test_not_a_keras_tensor(fails):
    fails(c4w2b.check_identity_block, lambda X, f, filters, stage, block: np.zeros(3), "expected a Keras tensor")


def test_the_blank_stubs_get_the_none_hint(fails):
    fails(c4w2b.check_identity_block, lambda X, f, filters, stage, block: None, "got None", NONE_HINT)

    def half_done(X, f, filters, stage, block, s=2):
        X = layers.Conv2D(filters[0], (1, 1), strides=(s, s), name=f"res{stage}{block}_branch2a")(X)
        X = None
        return layers.Activation("relu")(X)

    fails(c4w2b.check_convolutional_block, half_done, NONE_HINT)


def test_a_block_that_ignores_f_passes_the_public_test_and_fails_the_hidden_ones(run_hidden, capsys):
    fixed = block_like(kernel_2b=(2, 2))  # the public case has f = 2
    c4w2b.check_identity_block(fixed)
    assert "all public tests passed" in capsys.readouterr().out
    with pytest.raises(CheckFailed, match="a hidden test"):
        run_hidden(ID, "identity_block", fixed)


def test_a_block_that_ignores_s_fails_a_hidden_case(run_hidden, capsys):
    def always_two(X, f, filters, stage, block, s=2):
        return conv_block_like()(X, f, filters, stage, block, s=2)

    c4w2b.check_convolutional_block(always_two)  # the public case has s = 2
    assert "all public tests passed" in capsys.readouterr().out
    with pytest.raises(CheckFailed, match="a hidden test"):
        run_hidden(ID, "convolutional_block", always_two)


# ------------------------------------------------------------------ ResNet50
def resnet50_like(
    nb,
    *,
    avg_name="avg_pool",
    fc_name=None,
    fixed_shape=None,
    fixed_classes=None,
    stage4="bcdef",
    activation="softmax",
    stage3_filters=(128, 128, 512),
    name="ResNet50",
):
    """ResNet50 written with loops, on the course's blocks, with one knob turned."""
    identity, convolutional = nb["identity_block"], nb["convolutional_block"]
    stages = [(3, stage3_filters, "bcd"), (4, (256, 256, 1024), stage4), (5, (512, 512, 2048), "bc")]

    def ResNet50(input_shape=(64, 64, 3), classes=6):
        units = fixed_classes or classes
        X_input = keras.Input(fixed_shape or input_shape)
        X = layers.ZeroPadding2D((3, 3))(X_input)
        X = layers.Conv2D(64, (7, 7), strides=(2, 2), name="conv1", kernel_initializer=GLOROT(seed=0))(X)
        X = layers.Activation("relu")(layers.BatchNormalization(axis=3, name="bn_conv1")(X))
        X = layers.MaxPooling2D((3, 3), strides=(2, 2))(X)
        X = convolutional(X, 3, [64, 64, 256], 2, "a", s=1)
        for block in "bc":
            X = identity(X, 3, [64, 64, 256], 2, block)
        for stage, filters, blocks in stages:
            X = convolutional(X, 3, list(filters), stage, "a", s=2)
            for block in blocks:
                X = identity(X, 3, list(filters), stage, block)
        X = layers.Flatten()(layers.AveragePooling2D((2, 2), name=avg_name)(X))
        X = layers.Dense(units, activation=activation, name=fc_name or f"fc{units}", kernel_initializer=GLOROT(seed=0))(X)
        return keras.Model(X_input, X, name=name)

    return ResNet50


def test_resnet50_solution_and_a_rewrite_with_loops_pass(nb, capsys):
    c4w2b.check_ResNet50(nb["ResNet50"])
    c4w2b.check_ResNet50(resnet50_like(nb))
    assert capsys.readouterr().out.count("ResNet50: all public tests passed") == 2


def test_resnet50_has_the_originals_parameter_counts(nb):
    model = nb["ResNet50"]((64, 64, 3), 6)
    trainable = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
    assert (model.count_params(), trainable, model.count_params() - trainable) == (23_600_006, 23_546_886, 53_120)


def test_a_loaded_trained_model_fails(nb, tmp_path, monkeypatch, fails):
    """A ResNet50 that returns load_trained_resnet50()'s network instead of a new one: its kernels are not
    GlorotUniform(seed=0)'s. (The file here is the course's architecture with changed weights, as training gives.)"""
    import resnets_utils

    trained = nb["ResNet50"]((64, 64, 3), 6)
    rng = np.random.default_rng(0)
    for layer in trained.layers:
        if isinstance(layer, (layers.Conv2D, layers.Dense)):
            kernel = np.asarray(layer.kernel)
            layer.kernel.assign(kernel + rng.normal(0, 1e-3, kernel.shape).astype(kernel.dtype))
    trained.save(tmp_path / resnets_utils.TRAINED_MODEL)
    monkeypatch.setenv("DLCOURSE_MODELS", str(tmp_path))

    def ResNet50(input_shape=(64, 64, 3), classes=6):
        return resnets_utils.load_trained_resnet50()

    message = fails(c4w2b.check_ResNet50, ResNet50, "do not start from the weights", "GlorotUniform(seed=0)", "untrained")
    assert "54 layer(s)" in message  # 53 convolutions and the dense layer


def test_resnet50_without_the_avg_pool_name(nb, fails):
    fails(
        c4w2b.check_ResNet50,
        resnet50_like(nb, avg_name="average_pool"),
        "no layer named avg_pool",
        "AveragePooling2D((2, 2), name='avg_pool')",
    )


def test_resnet50_with_a_dense_layer_named_fc(nb, fails):
    fails(c4w2b.check_ResNet50, resnet50_like(nb, fc_name="fc"), "no layer named fc6", "'fc' + str(classes)")


def test_resnet50_with_a_missing_block(nb, fails):
    fails(c4w2b.check_ResNet50, resnet50_like(nb, stage4="bcde"), "no layer named res4f_branch2a")


def test_resnet50_with_wrong_filters_in_a_stage(nb, fails):
    # every Add still fits (stage 3 ends with 256 channels instead of 512): the layer table shows where it differs
    fails(
        c4w2b.check_ResNet50,
        resnet50_like(nb, stage3_filters=(128, 128, 256)),
        "(by depth from the input)",
        "res3a_branch1",
        "check the filters",
    )


def test_resnet50_without_softmax(nb, fails):
    fails(c4w2b.check_ResNet50, resnet50_like(nb, activation=None), "activation='linear'", "Dense(classes, activation='softmax', ...)")


def test_resnet50_with_another_name(nb, fails):
    fails(c4w2b.check_ResNet50, resnet50_like(nb, name="resnet50"), "model.name", "'ResNet50'")


def test_resnet50_blank_stub_gets_the_none_hint(fails):
    def blank(input_shape=(64, 64, 3), classes=6):
        X = None
        return layers.Flatten()(X)

    fails(c4w2b.check_ResNet50, blank, NONE_HINT)


@pytest.mark.parametrize("knobs", [{"fixed_shape": (64, 64, 3)}, {"fixed_classes": 6}], ids=["input shape", "classes"])
def test_resnet50_that_ignores_its_arguments_passes_the_public_test_and_fails_the_hidden_ones(nb, run_hidden, capsys, knobs):
    fixed = resnet50_like(nb, **knobs)
    c4w2b.check_ResNet50(fixed)
    assert "all public tests passed" in capsys.readouterr().out
    with pytest.raises(CheckFailed, match="a hidden test"):
        run_hidden(ID, "ResNet50", fixed)
