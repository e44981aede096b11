"""models/train_resnet50_signs.py (`make models`) and the ResNet-50 it trains.

The recipe's pieces and a whole run of the script (on a tiny network with the same layer names, a few pictures) are
tested everywhere. The trained model itself is tested where `make models` has built it: CI never trains it (about
half an hour on 2 cores) and says so by skipping that test.
"""

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from autograder import REPO_ROOT

SCRIPT = REPO_ROOT / "models" / "train_resnet50_signs.py"
TINY = """
import keras

def ResNet50(input_shape=(64, 64, 3), classes=6):
    x_in = keras.Input(input_shape)
    x = keras.layers.Conv2D(4, (7, 7), strides=(8, 8), name="conv1", kernel_initializer=keras.initializers.GlorotUniform(seed=0))(x_in)
    x = keras.layers.BatchNormalization(axis=3, name="bn_conv1")(x)
    x = keras.layers.Activation("relu")(x)
    x = keras.layers.Flatten()(x)
    init = keras.initializers.GlorotUniform(seed=0)
    x = keras.layers.Dense(classes, activation="softmax", name="fc" + str(classes), kernel_initializer=init)(x)
    return keras.Model(x_in, x, name="ResNet50")
"""


@pytest.fixture(scope="module")
def recipe():
    spec = importlib.util.spec_from_file_location("train_resnet50_signs", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_validation_pictures_are_held_out_evenly_and_always_the_same(recipe):
    x = np.arange(1080)[:, None]
    y = np.repeat(np.arange(6), 180)
    x_train, y_train, x_val, y_val = recipe.split(x, y)
    assert len(y_val) == 6 * recipe.VALIDATION_PER_CLASS and np.all(np.bincount(y_val) == recipe.VALIDATION_PER_CLASS)
    assert not set(x_train.ravel()) & set(x_val.ravel()) and len(x_train) + len(x_val) == 1080
    np.testing.assert_array_equal(recipe.split(x, y)[2], x_val)


def test_augmentation_is_seeded_and_keeps_pictures_pictures(recipe):
    x = np.random.default_rng(0).uniform(size=(8, 64, 64, 3)).astype(np.float32)
    a = recipe.augment(x, np.random.default_rng(1))
    b = recipe.augment(x, np.random.default_rng(1))
    assert a.shape == x.shape and a.dtype == np.float32 and a.min() >= 0 and a.max() <= 1
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, x)


def test_the_learning_rate_warms_up_then_decays_to_one_percent(recipe):
    rates = [recipe.learning_rate(e, 30) for e in range(30)]
    assert rates[0] < rates[1] == pytest.approx(recipe.PEAK_LR)
    assert all(a >= b for a, b in zip(rates[1:], rates[2:], strict=False))
    assert rates[-1] == pytest.approx(0.01 * recipe.PEAK_LR)


def test_batchnorm_statistics_are_re_estimated_as_the_mean_of_the_batches(recipe):
    import keras

    x_in = keras.Input((4,))
    bn = keras.layers.BatchNormalization(name="bn")
    model = keras.Model(x_in, bn(x_in))
    bn.momentum = 0.5
    x = np.random.default_rng(0).normal(2.0, 3.0, (96, 4)).astype(np.float32)
    recipe.reestimate_batchnorm(model, x, batch=32)
    batches = x.reshape(3, 32, 4)
    np.testing.assert_allclose(bn.moving_mean.numpy(), batches.mean(axis=1).mean(axis=0), rtol=1e-5)
    np.testing.assert_allclose(bn.moving_variance.numpy(), batches.var(axis=1).mean(axis=0), rtol=1e-4)
    assert bn.momentum == 0.5


@pytest.fixture
def run(tmp_path, run_script):
    """The script on the tiny network (--arch) with --quick."""
    arch = tmp_path / "tiny.py"
    arch.write_text(TINY)
    return lambda name, *args: run_script(SCRIPT, name, "--arch", arch, *args, timeout=300)


@pytest.mark.slow
def test_a_run_writes_the_model_and_its_figures_and_is_repeatable(run):
    import keras

    first, _ = run("a", "--epochs", "2")
    second, _ = run("b", "--epochs", "2")
    figures = json.loads((first / "resnet50_signs.json").read_text())
    assert figures["epochs"] == 2 and len(figures["history"]) == 2 and figures["quick"] is True
    assert not (first / ".resnet50_signs.work").exists()  # the work folder goes once the model is written
    a = keras.models.load_model(first / "resnet50_signs.keras")
    b = keras.models.load_model(second / "resnet50_signs.keras")
    assert [layer.momentum for layer in a.layers if hasattr(layer, "moving_mean")] == [0.99]
    for wa, wb in zip(a.get_weights(), b.get_weights(), strict=True):
        np.testing.assert_array_equal(wa, wb)  # op determinism: the same file, run after run


@pytest.mark.slow
def test_a_run_stopped_part_way_goes_on_from_its_last_epoch(run):
    out, stdout = run("c", "--epochs", "3", "--stop-after", "1")
    assert "stopped after epoch 1 of 3" in stdout and not (out / "resnet50_signs.keras").exists()
    out, stdout = run("c", "--epochs", "3")
    assert "resuming after epoch 1 of 3" in stdout
    assert [row["epoch"] for row in json.loads((out / "resnet50_signs.json").read_text())["history"]] == [1, 2, 3]


def _trained():
    from course_models import find_model

    path = find_model("resnet50_signs.keras")
    if path is None:
        pytest.skip("models/resnet50_signs.keras is not built here (`make models`; CI never trains it)")
    return path


@pytest.mark.slow
def test_the_trained_model_is_the_notebooks_resnet50_and_reaches_its_cards_accuracy(solutions):
    import keras
    from tf_utils import load_dataset

    path = _trained()
    model = keras.models.load_model(path)
    figures = json.loads(path.with_suffix(".json").read_text())
    reference = solutions("C4W2B_Residual_Networks")["ResNet50"](input_shape=(64, 64, 3), classes=6)
    assert [type(layer).__name__ for layer in model.layers] == [type(layer).__name__ for layer in reference.layers]
    named = [layer.name for layer in model.layers if layer.weights]
    assert named == [layer.name for layer in reference.layers if layer.weights]
    assert model.count_params() == 23_600_006
    _, _, x_test, y_test, _ = load_dataset()
    predicted = np.argmax(model.predict(x_test / 255.0, verbose=0), axis=1)
    test_accuracy = float(np.mean(predicted == y_test.ravel()))
    assert test_accuracy == pytest.approx(figures["test_accuracy"], abs=0.02)
    assert test_accuracy >= 0.9, "the model card promises at least 90 % on the SIGNS test pictures"
    assert Path(path).stat().st_size < 120e6
