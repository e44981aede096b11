"""course_models and resnets_utils.load_trained_resnet50: where trained models are found, what happens when they are
missing, and the original course's Keras 2 HDF5 files read by layer name (files written here in that layout)."""

import json

import course_models
import h5py
import numpy as np
import pytest
import resnets_utils

from dlchecks.tfsupport import import_tensorflow_quietly

import_tensorflow_quietly()
import keras  # noqa: E402


def tiny(input_shape=(64, 64, 3), classes=6):
    """A stand-in architecture with the original's layer names (conv1, bn_conv1, fc6)."""
    x_in = keras.Input(input_shape)
    x = keras.layers.Conv2D(4, (7, 7), strides=(8, 8), name="conv1")(x_in)
    x = keras.layers.BatchNormalization(axis=3, name="bn_conv1")(x)
    x = keras.layers.Activation("relu")(x)
    x = keras.layers.Flatten()(x)
    x = keras.layers.Dense(classes, activation="softmax", name=f"fc{classes}")(x)
    return keras.Model(x_in, x, name="ResNet50")


def write_keras2_h5(path, model, whole_model=True, rename=None):
    """The layout of Keras 2.0-2.4 HDF5 files: per layer a group holding its weights, listed in 'weight_names';
    a whole saved model keeps them under 'model_weights' next to a 'model_config' that Keras 3 may not read."""
    rename = rename or {}
    with h5py.File(path, "w") as f:
        if whole_model:
            f.attrs["model_config"] = json.dumps({"class_name": "Model", "config": {"layers": "keras 2.0.8 style"}})
            f.attrs["keras_version"] = b"2.0.8"
        root = f.create_group("model_weights") if whole_model else f
        names = [rename.get(layer.name, layer.name) for layer in model.layers]
        root.attrs["layer_names"] = [n.encode() for n in names]
        for layer, name in zip(model.layers, names, strict=True):
            group = root.create_group(name)
            weight_names = []
            for weight, value in zip(layer.weights, layer.get_weights(), strict=True):
                wname = f"{name}/{weight.name}:0"
                group.create_dataset(wname, data=value)
                weight_names.append(wname.encode())
            group.attrs["weight_names"] = weight_names


@pytest.fixture
def models_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("DLCOURSE_MODELS", str(tmp_path))
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("DLCOURSE_QUICK", raising=False)
    return tmp_path


def _random_weights(model, seed):
    rng = np.random.default_rng(seed)
    for weight in model.weights:
        weight.assign(rng.uniform(0.5, 1.5, tuple(weight.shape)).astype("float32"))


@pytest.mark.parametrize("whole_model", [True, False])
def test_keras2_weights_are_loaded_by_layer_name(tmp_path, whole_model):
    source, target = tiny(), tiny()
    _random_weights(source, 1)
    path = tmp_path / "ResNet50.h5"
    write_keras2_h5(path, source, whole_model)
    assert course_models.load_weights_by_name(target, path) == 3
    for a, b in zip(source.get_weights(), target.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_other_names_or_shapes_are_refused_with_the_layer_named(tmp_path):
    source = tiny()
    path = tmp_path / "other.h5"
    write_keras2_h5(path, source, rename={"bn_conv1": "batch_normalization_1"})
    with pytest.raises(ValueError, match="bn_conv1"):
        course_models.load_weights_by_name(tiny(), path)
    write_keras2_h5(path, tiny(classes=10))
    with pytest.raises(ValueError, match="fc6|shapes"):
        course_models.load_weights_by_name(tiny(), path)
    plain = tmp_path / "plain.h5"
    with h5py.File(plain, "w") as f:
        f.create_dataset("x", data=np.zeros(3))
    with pytest.raises(ValueError, match="not a Keras 2 weight file"):
        course_models.read_h5_weights(plain)


def test_a_missing_model_names_its_make_target(models_folder):
    with pytest.raises(FileNotFoundError, match="make models"):
        course_models.model_file("resnet50_signs.keras")
    with pytest.raises(FileNotFoundError, match="make models"):
        resnets_utils.load_trained_resnet50(tiny)


def test_the_grader_and_ci_get_an_untrained_stand_in_and_are_told(models_folder, monkeypatch, capsys):
    monkeypatch.setenv("DLCOURSE_QUICK", "1")
    model = resnets_utils.load_trained_resnet50(tiny)
    assert model.name == "ResNet50" and model.optimizer is not None
    assert "UNTRAINED stand-in" in capsys.readouterr().out
    with pytest.raises(FileNotFoundError):  # without an architecture there is nothing to stand in
        resnets_utils.load_trained_resnet50()


def test_the_model_built_here_comes_first(models_folder, capsys):
    trained = tiny()
    _random_weights(trained, 2)
    trained.save(models_folder / resnets_utils.TRAINED_MODEL)
    write_keras2_h5(models_folder / "ResNet50.h5", tiny())
    model = resnets_utils.load_trained_resnet50(tiny)
    assert "make models" in capsys.readouterr().out
    for a, b in zip(trained.get_weights(), model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    x = np.random.default_rng(0).uniform(size=(2, 64, 64, 3)).astype("float32")
    loss, acc = model.evaluate(x, np.eye(6, dtype="float32")[[0, 1]], verbose=0)
    assert np.isfinite(loss) and 0 <= acc <= 1


def test_an_original_keras2_file_goes_into_your_architecture(models_folder, capsys):
    original = tiny()
    _random_weights(original, 3)
    write_keras2_h5(models_folder / "ResNet50.h5", original)  # its config cannot be rebuilt by Keras 3
    with pytest.raises(ValueError, match="load_trained_resnet50\\(ResNet50\\)"):
        resnets_utils.load_trained_resnet50()
    model = resnets_utils.load_trained_resnet50(tiny)
    assert "into your ResNet50: 3 layers" in capsys.readouterr().out
    for a, b in zip(original.get_weights(), model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_an_original_file_that_keras3_can_read_is_loaded_whole(models_folder, capsys):
    original = tiny()
    _random_weights(original, 4)
    original.save(models_folder / "resnet50.h5")  # the legacy HDF5 format, as tf.keras 2.x wrote (2021+ course)
    model = resnets_utils.load_trained_resnet50()
    assert "original course's trained ResNet-50" in capsys.readouterr().out
    for a, b in zip(original.get_weights(), model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
