"""The C4W2A checks (dlchecks.c4w2a): typical mistakes in HappyModel fail in plain words, harmless variants pass, and
the hidden cases catch what the public one cannot (the solutions and expected.json: test_expected.py)."""

import pytest

from dlchecks import c4w2a
from dlchecks.core import NONE_HINT, CheckFailed

keras = pytest.importorskip("keras")
layers = keras.layers

ID = "C4W2A_Keras_Happy_House"


# ------------------------------------------------------------------ HappyModel, written as students write it
def happy_model_like(*, seed_bug=False, bn_axis=3, pool=(2, 2), pool_strides=(2, 2), flatten=True, last="sigmoid",
                     activation="relu", relu_layer=False, names=("conv", "bn", "max_pool", "fc"), filters=(8, 16, 32),
                     fixed_shape=None, name="HappyModel", pad_then_conv=True, bn_before_relu=True):
    """HappyModel with one knob turned. seed_bug: every block pads X_input, as the original listing does."""
    conv, bn, pool_name, fc = names

    def HappyModel(input_shape):
        X_input = keras.Input(fixed_shape or input_shape)
        X = X_input
        for k, n_C in enumerate(filters, start=1):
            X = layers.ZeroPadding2D(padding=(1, 1))(X_input if seed_bug else X)
            X = layers.Conv2D(n_C, 3, padding="valid" if pad_then_conv else "same", name=f"{conv}{k}")(X)
            norm = layers.BatchNormalization(axis=bn_axis, name=f"{bn}{k}")
            act = layers.ReLU() if relu_layer else layers.Activation(activation)
            X = act(norm(X)) if bn_before_relu else norm(act(X))
            X = layers.MaxPooling2D(pool_size=pool, strides=pool_strides, name=f"{pool_name}{k}")(X)
        if flatten:
            X = layers.Flatten()(X)
        X = layers.Dense(1, activation=last, name=fc)(X)
        return keras.Model(inputs=X_input, outputs=X, name=name)

    return HappyModel


# ------------------------------------------------------------------ the solution and harmless variants
def test_the_solution_and_an_independent_rewrite_pass(nb, capsys):
    c4w2a.check_HappyModel(nb["HappyModel"])
    c4w2a.check_HappyModel(happy_model_like())
    assert capsys.readouterr().out.count("HappyModel: all public tests passed") == 2


def test_a_relu_layer_is_as_good_as_activation_relu(capsys):
    c4w2a.check_HappyModel(happy_model_like(relu_layer=True))
    assert "all public tests passed" in capsys.readouterr().out


def test_the_expected_layer_table_is_the_solutions(nb):
    for shape in [(64, 64, 3), (32, 32, 3), (40, 56, 3), (30, 45, 1)]:
        assert c4w2a.layer_table(nb["HappyModel"](shape)) == c4w2a.expected_layers(shape), shape
    assert nb["HappyModel"]((64, 64, 3)).count_params() == 8305


# ------------------------------------------------------------------ the original listing's bug
def test_the_original_listing_builds_the_last_block_only_and_is_told_why(fails):
    seed_model = happy_model_like(seed_bug=True)((64, 64, 3))
    assert seed_model.count_params() == 33793  # the summary printed in the original text
    assert [layer.name for layer in seed_model.layers if "conv" in layer.name] == ["conv3"]
    fails(c4w2a.check_HappyModel, happy_model_like(seed_bug=True), "1 Conv2D layer(s)", "must pad X",
          "not X_input")


# ------------------------------------------------------------------ typical mistakes, each with its hint
def test_batch_normalisation_over_the_wrong_axis(fails):
    fails(c4w2a.check_HappyModel, happy_model_like(bn_axis=1), "bn1", "BatchNormalization(axis=3)")


@pytest.mark.parametrize("pool, strides", [((3, 3), (2, 2)), ((2, 2), (1, 1))])
def test_a_wrong_pool_size_or_stride(fails, pool, strides):
    fails(c4w2a.check_HappyModel, happy_model_like(pool=pool, pool_strides=strides), "max_pool1",
          "MaxPooling2D(pool_size=(2, 2), strides=(2, 2))")


def test_no_flatten_before_dense(fails):
    fails(c4w2a.check_HappyModel, happy_model_like(flatten=False), "no Flatten layer", "Flatten()(X)")


def test_softmax_instead_of_sigmoid(fails):
    fails(c4w2a.check_HappyModel, happy_model_like(last="softmax"), "softmax over a single unit is always 1",
          "activation='sigmoid'")


def test_no_activation_on_the_last_layer(fails):
    fails(c4w2a.check_HappyModel, happy_model_like(last=None), "Dense(1, activation='sigmoid')")


def test_a_missing_relu(fails):
    def no_relu(input_shape):
        X_input = keras.Input(input_shape)
        X = X_input
        for k, n_C in enumerate((8, 16, 32), start=1):
            X = layers.ZeroPadding2D((1, 1))(X)
            X = layers.BatchNormalization(axis=3, name=f"bn{k}")(layers.Conv2D(n_C, (3, 3), name=f"conv{k}")(X))
            X = layers.MaxPooling2D((2, 2), name=f"max_pool{k}")(X)
        X = layers.Dense(1, activation="sigmoid", name="fc")(layers.Flatten()(X))
        return keras.Model(X_input, X, name="HappyModel")

    fails(c4w2a.check_HappyModel, no_relu, "a ReLU is missing", "Activation('relu')")


def test_another_activation_shows_in_the_output(fails):
    fails(c4w2a.check_HappyModel, happy_model_like(activation="tanh"), "output on the seeded batch: wrong values",
          "the ReLU (not another activation)")


def test_relu_before_batch_normalisation(fails):
    fails(c4w2a.check_HappyModel, happy_model_like(bn_before_relu=False), "layer types",
          "BatchNormalization(axis=3) -> Activation('relu')")


def test_other_layer_names(fails):
    fails(c4w2a.check_HappyModel, happy_model_like(names=("conv", "bn", "pool", "fc")), "layer names",
          "max_pool1")


def test_other_filter_counts(fails):
    fails(c4w2a.check_HappyModel, happy_model_like(filters=(16, 32, 64)), "output shapes", "the filters are 8, 16 and 32")


def test_same_padding_instead_of_zero_padding_changes_the_shapes(fails):
    fails(c4w2a.check_HappyModel, happy_model_like(pad_then_conv=False), "output shapes")


def test_the_model_name(fails):
    fails(c4w2a.check_HappyModel, happy_model_like(name="happy_model"), "model.name", "'HappyModel'")


def test_not_a_keras_model(fails):
    fails(c4w2a.check_HappyModel, lambda input_shape: "a model", "expected a Keras model")


def test_the_blank_stub_gets_the_none_hint(fails):
    fails(c4w2a.check_HappyModel, lambda input_shape: None, "got None", NONE_HINT)


def test_a_blank_block_gets_the_none_hint(fails):
    def half_done(input_shape):
        X_input = keras.Input(input_shape)
        X = None
        X = layers.ZeroPadding2D((1, 1))(X)
        return keras.Model(X_input, X, name="HappyModel")

    fails(c4w2a.check_HappyModel, half_done, NONE_HINT)


# ------------------------------------------------------------------ what only the hidden cases catch
def test_a_fixed_input_shape_passes_the_public_test_and_fails_the_hidden_ones(run_hidden, capsys):
    fixed = happy_model_like(fixed_shape=(64, 64, 3))
    c4w2a.check_HappyModel(fixed)  # the public test gives it (64, 64, 3): it cannot tell
    assert "all public tests passed" in capsys.readouterr().out
    with pytest.raises(CheckFailed, match="a hidden test"):
        run_hidden(ID, "HappyModel", fixed)


def test_the_fixed_input_shape_hint_in_public_words(fails):
    check = c4w2a.Check("HappyModel", c4w2a._happy_model, [c4w2a.Case(((32, 32, 3), 7, 3), {
        "model.name": "HappyModel", "model.input_shape[1:]": (32, 32, 3)}, "input_shape = (32, 32, 3)")])
    fails(check, happy_model_like(fixed_shape=(64, 64, 3)), "model.input_shape[1:]", "not a fixed (64, 64, 3)")
