"""utils/nst_utils.py (C4W4B): the VGG-19 and its seeded random weights, the committed scale factors measured again
through their defining property, the loaders of the original ImageNet files (fakes written here in their layouts)
and the picture helpers."""

import contextlib
import io
import json
import shutil

import h5py
import nst_utils
import numpy as np
import pytest
import scipy.io
from PIL import Image

from autograder import REPO_ROOT
from dlchecks.tfsupport import import_tensorflow_quietly

tf = import_tensorflow_quietly()
import keras  # noqa: E402

COMMITTED = REPO_ROOT / "models" / nst_utils.RANDOM_MODEL
LAYERS = nst_utils.VGG19_LAYERS
# (input channels, filters) of each convolution, as VGG-19 has them
CHANNELS = [(3, 64), (64, 64), (64, 128), (128, 128), (128, 256)] + [(256, 256)] * 3 + [(256, 512)] + [(512, 512)] * 7


def keras_name(layer: str) -> str:
    """conv3_2 -> block3_conv2, the name Keras' VGG19 gives the same convolution."""
    block, i = layer[4:].split("_")
    return f"block{block}_conv{i}"


@pytest.fixture(scope="module")
def course_model(tmp_path_factory):
    """load_vgg_model() on a models folder holding only a copy of the committed json (so that ImageNet files a
    developer may keep in models/ do not change what is tested); returns the model and what it printed."""
    folder = tmp_path_factory.mktemp("course_models")
    shutil.copy(COMMITTED, folder / COMMITTED.name)
    printed = io.StringIO()
    with pytest.MonkeyPatch.context() as mp, contextlib.redirect_stdout(printed):
        mp.setenv("DLCOURSE_MODELS", str(folder))
        model = nst_utils.load_vgg_model()
    return model, printed.getvalue()


@pytest.fixture(scope="module")
def seed19():
    return nst_utils.random_weights(19)


@pytest.fixture(scope="module")
def committed(seed19):
    """The committed json and the weights it stands for: seed 19's draw, each kernel times its factor."""
    card = json.loads(COMMITTED.read_text())
    scales = [card["scales"][name] for name in LAYERS]
    return card, [(kernel * np.float32(s), bias) for (kernel, bias), s in zip(seed19, scales, strict=True)]


@pytest.fixture
def models_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("DLCOURSE_MODELS", str(tmp_path))
    return tmp_path


# ---------------------------------------------------------------------------------------------- the network

def test_vgg19_has_the_original_layers_in_order_and_no_classifier(course_model):
    model, _ = course_model
    names = [layer.name for layer in model.layers]
    expected = ["input"]
    for block in range(1, 6):
        expected += [name for name in LAYERS if name.startswith(f"conv{block}_")] + [f"avgpool{block}"]
    assert names == expected
    convs = [layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]
    assert [c.name for c in convs] == list(LAYERS)
    for conv, (cin, cout) in zip(convs, CHANNELS, strict=True):
        assert tuple(conv.kernel.shape) == (3, 3, cin, cout), conv.name
        assert conv.padding == "same" and conv.strides == (1, 1) and conv.activation is keras.activations.relu, conv.name
    pools = [layer for layer in model.layers if "pool" in layer.name]
    assert all(isinstance(p, keras.layers.AveragePooling2D) and p.pool_size == (2, 2) for p in pools)
    assert model.count_params() == 20_024_384  # Keras' VGG19(include_top=False) has as many


def test_vgg19_takes_pictures_of_any_size_and_halves_them_five_times(course_model):
    model, _ = course_model  # built by vgg19(); the weights do not change the shapes
    assert model.input_shape == (None, None, None, 3)
    out = model(np.zeros((1, 64, 96, 3), np.float32))
    assert tuple(out.shape) == (1, 2, 3, 512)


def test_random_weights_follow_the_recipe_the_json_names(seed19):
    assert len(seed19) == 16
    for (kernel, bias), (cin, cout) in zip(seed19, CHANNELS, strict=True):
        assert kernel.shape == (3, 3, cin, cout) and bias.shape == (cout,)
        assert kernel.dtype == bias.dtype == np.float32 and not bias.any()
        # He et al.'s standard deviation, sqrt(2 / fan-in), within what a sample of this size allows
        n, std = kernel.size, np.sqrt(2 / (9 * cin))
        assert kernel.std() == pytest.approx(std, rel=5 / np.sqrt(2 * n))
        assert abs(kernel.mean()) < 5 * std / np.sqrt(n)
    # each layer from its own generator default_rng([seed, layer number]), numbered from 0
    draw = np.random.default_rng([19, 5]).standard_normal((3, 3, 256, 256), dtype=np.float32)
    np.testing.assert_array_equal(seed19[5][0], draw * np.float32(np.sqrt(2 / (9 * 256))))


def test_random_weights_are_the_same_for_a_seed_and_differ_between_seeds(seed19, imagenet_like):
    again = nst_utils.random_weights(19)
    for (k1, b1), (k2, b2) in zip(seed19, again, strict=True):
        np.testing.assert_array_equal(k1, k2)
        np.testing.assert_array_equal(b1, b2)
    seed7 = imagenet_like  # random_weights(7), biases replaced
    assert not np.array_equal(seed7[0][0], seed19[0][0]) and not np.array_equal(seed7[-1][0], seed19[-1][0])


# ------------------------------------------------------------------------------------ the committed json

def test_the_committed_json_holds_the_seed_16_scales_in_layer_order_and_its_checksum(seed19, committed):
    card, weights = committed
    assert card["seed"] == 19 and list(card["scales"]) == list(LAYERS)
    assert all(0 < s < 10 for s in card["scales"].values())
    assert card["checksum"] == pytest.approx(nst_utils.checksum(weights), rel=1e-7)
    # the checksum depends on the scales (first and last layer), not only on the draw
    assert nst_utils.checksum(seed19) != pytest.approx(card["checksum"], rel=1e-3)


def test_load_vgg_model_without_imagenet_files_loads_the_course_network_and_says_so(course_model, committed):
    """The printed line, and the weights: scaled_weights(seed, scales) is each kernel times its factor."""
    model, printed = course_model
    lines = printed.strip().splitlines()
    assert len(lines) == 1 and "random weights" in lines[0] and "ImageNet training" in lines[0]
    for name, (kernel, bias) in zip(LAYERS, committed[1], strict=True):
        got_kernel, got_bias = model.get_layer(name).get_weights()
        np.testing.assert_array_equal(got_kernel, kernel, err_msg=name)
        np.testing.assert_array_equal(got_bias, bias, err_msg=name)


def test_every_layer_of_the_course_network_has_mean_activation_one_on_the_calibration_photos(course_model):
    """What the committed scales were measured for (models/calibrate_vgg19.py, at 225 x 300): measured again in one
    forward pass instead of calibrating anew (which takes 15 s)."""
    model, _ = course_model
    pictures = np.concatenate(nst_utils.calibration_pictures())
    assert pictures.shape == (3, nst_utils.CONFIG.IMAGE_HEIGHT, nst_utils.CONFIG.IMAGE_WIDTH, 3)
    activations = nst_utils.vgg_features(model, list(LAYERS))(pictures)
    means = {name: float(tf.reduce_mean(activations[name])) for name in LAYERS}
    for name, mean in means.items():
        assert mean == pytest.approx(1.0, abs=1e-3), (name, means)


def test_measure_scales_makes_each_layer_of_the_keras_network_average_one(seed19):
    """measure_scales itself, on small pictures: the factors it returns, put into the Keras network, give mean
    activation 1 layer by layer (so its pooling follows the network's), and the unscaled network does not."""
    pictures = nst_utils.calibration_pictures(size=(32, 48))
    assert [p.shape for p in pictures] == [(1, 32, 48, 3)] * 3
    scales = nst_utils.measure_scales(19, pictures)
    assert len(scales) == 16
    model = nst_utils.vgg19()
    model.set_weights([w for (kernel, bias), s in zip(seed19, scales, strict=True) for w in (kernel * np.float32(s), bias)])
    activations = nst_utils.vgg_features(model, list(LAYERS))(np.concatenate(pictures))
    for name in LAYERS:
        assert float(tf.reduce_mean(activations[name])) == pytest.approx(1.0, abs=1e-3), name
    # the first layer sees pixels of about +-100 through He-scaled kernels: far from 1 without its factor
    assert scales[0] < 0.1


def test_a_tampered_json_is_refused_with_the_command_that_rebuilds_it(models_folder):
    card = json.loads(COMMITTED.read_text())
    card["checksum"] += 0.01
    (models_folder / nst_utils.RANDOM_MODEL).write_text(json.dumps(card))
    with pytest.raises(RuntimeError, match="make models"):
        nst_utils.load_vgg_model(verbose=False)


def test_a_missing_json_is_named_with_the_command_that_builds_it(models_folder):
    with pytest.raises(FileNotFoundError, match=r"vgg19_random\.json.*make models"):
        nst_utils.load_vgg_model(verbose=False)


# ----------------------------------------------------------------------------------------------- features

def test_vgg_features_gives_the_named_layers_at_their_resolution(course_model):
    model, _ = course_model
    asked = ["conv4_2", "conv1_1", "conv2_2", "conv3_4", "conv5_1"]
    features = nst_utils.vgg_features(model, asked)
    picture = nst_utils.reshape_and_normalize_image(np.random.default_rng(0).integers(0, 256, (32, 64, 3), dtype=np.uint8))
    out = features(picture)
    assert sorted(out) == sorted(asked)
    channels = {1: 64, 2: 128, 3: 256, 4: 512, 5: 512}
    for name in asked:
        k = int(name[4]) - 1
        assert tuple(out[name].shape) == (1, 32 // 2**k, 64 // 2**k, channels[k + 1]), name
    # the first one is the first convolution and its ReLU, nothing else
    kernel, bias = model.get_layer("conv1_1").get_weights()
    expected = tf.nn.relu(tf.nn.conv2d(picture, kernel, 1, "SAME") + bias)
    np.testing.assert_allclose(out["conv1_1"], expected, rtol=1e-5, atol=1e-5)


# ------------------------------------------------------------------- the original files (fakes written here)

@pytest.fixture(scope="module")
def imagenet_like():
    """Weights with VGG-19's shapes and values that tell every layer and every input channel apart."""
    weights = nst_utils.random_weights(7)
    return [(kernel, np.arange(len(bias), dtype=np.float32) + 1000 * number) for number, (kernel, bias) in enumerate(weights)]


def write_mat(path, weights, leave_out=()):
    """MatConvNet's layout (imagenet-vgg-verydeep-19.mat): 'layers' is a 1 x n cell array of structs; convolutions
    carry weights = {kernel (3, 3, in, out), bias}, ReLUs and poolings no weights. The classifier (fc6 ... prob)
    is left out: the loader does not read it, and fc6 alone is 400 MB."""
    entries = []
    for number, (name, (kernel, bias)) in enumerate(zip(LAYERS, weights, strict=True)):
        if name not in leave_out:
            cell = np.empty((1, 2), dtype=object)
            cell[0, 0], cell[0, 1] = kernel, bias.reshape(1, -1)
            entries.append({"name": name, "type": "conv", "weights": cell, "stride": np.array([[1, 1]]), "pad": np.array([[1, 1, 1, 1]])})
        entries.append({"name": "relu" + name[4:], "type": "relu"})
        if number + 1 in np.cumsum([2, 2, 4, 4, 4]):
            entries.append({"name": f"pool{name[4]}", "type": "pool", "method": "avg", "pool": np.array([[2, 2]])})
    layers = np.empty((1, len(entries)), dtype=object)
    for i, entry in enumerate(entries):
        layers[0, i] = entry
    scipy.io.savemat(str(path), {"layers": layers, "meta": {"normalization": {"averageImage": np.array([123.68, 116.779, 103.939])}}})


def write_keras_h5(path, weights, leave_out=()):
    """Keras 2's layout of vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5: the root's attribute layer_names lists
    every layer (input and poolings too); a layer's group lists its weights in weight_names."""
    names = ["input_1"]
    for block in range(1, 6):
        names += [keras_name(n) for n in LAYERS if n.startswith(f"conv{block}_")] + [f"block{block}_pool"]
    stored = {keras_name(n): w for n, w in zip(LAYERS, weights, strict=True)}
    with h5py.File(path, "w") as f:
        f.attrs["layer_names"] = [n.encode() for n in names if n not in leave_out]
        f.attrs["backend"], f.attrs["keras_version"] = b"tensorflow", b"2.2.4"
        for name in names:
            if name in leave_out:
                continue
            group = f.create_group(name)
            if name in stored:
                kernel, bias = stored[name]
                group.create_dataset(f"{name}/kernel:0", data=kernel)
                group.create_dataset(f"{name}/bias:0", data=bias)
                group.attrs["weight_names"] = [f"{name}/kernel:0".encode(), f"{name}/bias:0".encode()]
            else:
                group.attrs["weight_names"] = np.array([], dtype="S1")


@pytest.fixture(scope="module")
def original_files(tmp_path_factory, imagenet_like):
    folder = tmp_path_factory.mktemp("imagenet")
    write_mat(folder / nst_utils.IMAGENET_MAT, imagenet_like)
    write_keras_h5(folder / nst_utils.IMAGENET_H5, imagenet_like)
    return folder


def assert_layers_hold(model, weights):
    for name, (kernel, bias) in zip(LAYERS, weights, strict=True):
        got_kernel, got_bias = model.get_layer(name).get_weights()
        np.testing.assert_array_equal(got_kernel, kernel, err_msg=name)
        np.testing.assert_array_equal(got_bias, bias, err_msg=name)


def test_the_matconvnet_file_fills_every_layer_as_it_is(original_files, imagenet_like, capsys):
    model = nst_utils.load_vgg_model(original_files / nst_utils.IMAGENET_MAT)
    printed = capsys.readouterr().out
    assert "ImageNet" in printed and nst_utils.IMAGENET_MAT in printed
    assert_layers_hold(model, imagenet_like)  # MatConvNet's VGG-19 takes RGB already: nothing reversed


def test_the_keras_file_fills_every_layer_with_the_first_kernel_made_rgb(original_files, imagenet_like, capsys):
    model = nst_utils.load_vgg_model(str(original_files / nst_utils.IMAGENET_H5))
    printed = capsys.readouterr().out
    assert "ImageNet" in printed and nst_utils.IMAGENET_H5 in printed
    bgr_kernel, bias = imagenet_like[0]
    assert_layers_hold(model, [(bgr_kernel[:, :, ::-1, :], bias)] + imagenet_like[1:])
    # the kernel that read blue (input channel 0 of Keras' BGR file) now reads channel 2, RGB's blue
    np.testing.assert_array_equal(model.get_layer("conv1_1").get_weights()[0][:, :, 2], bgr_kernel[:, :, 0])


def test_load_vgg_model_picks_up_an_original_file_dropped_into_the_models_folder(original_files, models_folder, capsys):
    shutil.copy(original_files / nst_utils.IMAGENET_H5, models_folder)
    nst_utils.load_vgg_model()
    printed = capsys.readouterr().out
    assert len(printed.strip().splitlines()) == 1 and "ImageNet" in printed and nst_utils.IMAGENET_H5 in printed
    # nothing was read from the json: the folder holds none
    assert not (models_folder / nst_utils.RANDOM_MODEL).exists()


def small_weights():
    """Weights of the right count but tiny shapes: enough for the loaders' name checks, written in milliseconds."""
    return [(np.full((1, 1, 1, 2), i, np.float32), np.zeros(2, np.float32)) for i in range(16)]


def test_a_matconvnet_file_without_a_layer_is_refused_naming_it(tmp_path):
    write_mat(tmp_path / "partial.mat", small_weights(), leave_out=("conv3_2",))
    with pytest.raises(ValueError, match="conv3_2") as refused:
        nst_utils.load_vgg_model(tmp_path / "partial.mat", verbose=False)
    assert "MatConvNet" in str(refused.value) and "conv3_1" not in str(refused.value)


def test_a_keras_file_without_a_layer_is_refused_naming_it(tmp_path):
    write_keras_h5(tmp_path / "partial.h5", small_weights(), leave_out=("block4_conv3",))
    with pytest.raises(ValueError, match="block4_conv3") as refused:
        nst_utils.load_vgg_model(tmp_path / "partial.h5", verbose=False)
    assert "block4_conv2" not in str(refused.value)


def test_a_file_whose_kernels_have_other_shapes_is_refused_naming_the_layer(tmp_path):
    write_mat(tmp_path / "small.mat", small_weights())
    with pytest.raises(ValueError, match=r"conv1_1: the file's kernel and bias have shapes \(1, 1, 1, 2\)"):
        nst_utils.load_vgg_model(tmp_path / "small.mat", verbose=False)


def test_a_missing_file_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothing.mat"):
        nst_utils.load_vgg_model(tmp_path / "nothing.mat")


# ----------------------------------------------------------------------------------------------- pictures

def test_load_image_reads_rgb_uint8_and_keeps_the_size_when_asked(tmp_path):
    pixels = np.random.default_rng(0).integers(0, 256, (30, 50, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(tmp_path / "p.png")
    got = nst_utils.load_image(tmp_path / "p.png", size=None)
    assert got.dtype == np.uint8
    np.testing.assert_array_equal(got, pixels)
    Image.fromarray(pixels[..., 0]).save(tmp_path / "grey.png")
    grey = nst_utils.load_image(str(tmp_path / "grey.png"), size=None)
    assert grey.shape == (30, 50, 3) and (grey == pixels[..., :1]).all()
    # the default size is the notebook's
    assert nst_utils.load_image(tmp_path / "p.png").shape == (nst_utils.CONFIG.IMAGE_HEIGHT, nst_utils.CONFIG.IMAGE_WIDTH, 3)


def test_load_image_crops_the_middle_to_the_asked_aspect_before_resizing(tmp_path):
    # a 2:1 picture asked at 4:3: the middle 80 of its 120 columns are kept; the red bands beside them go
    wide = np.full((60, 120, 3), 128, np.uint8)
    wide[:, :20] = wide[:, 100:] = (255, 0, 0)
    Image.fromarray(wide).save(tmp_path / "wide.png")
    got = nst_utils.load_image(tmp_path / "wide.png", size=(30, 40))
    assert got.shape == (30, 40, 3) and got.dtype == np.uint8
    assert np.abs(got.astype(int) - 128).max() <= 1
    # a 1:2 picture asked at 4:3: the middle 45 of 120 rows (37 ... 81) are kept
    tall = np.full((120, 60, 3), 128, np.uint8)
    tall[:37] = tall[82:] = (0, 0, 255)
    Image.fromarray(tall).save(tmp_path / "tall.png")
    assert np.abs(nst_utils.load_image(tmp_path / "tall.png", size=(30, 40)).astype(int) - 128).max() <= 1
    # same aspect: nothing cut, the left half stays dark and the right half bright
    halves = np.zeros((60, 80, 3), np.uint8)
    halves[:, 40:] = 255
    Image.fromarray(halves).save(tmp_path / "halves.png")
    small = nst_utils.load_image(tmp_path / "halves.png", size=(30, 40))
    assert (small[:, :18] < 10).all() and (small[:, 22:] > 245).all()


def test_normalising_subtracts_the_mean_colour_and_to_picture_adds_it_back():
    means = nst_utils.CONFIG.MEANS
    assert means.shape == (1, 1, 1, 3) and means.ravel().tolist() == pytest.approx([123.68, 116.779, 103.939])
    picture = np.random.default_rng(2).integers(0, 256, (32, 40, 3), dtype=np.uint8)
    picture[0, 0], picture[0, 1] = 0, 255
    image = nst_utils.reshape_and_normalize_image(picture)
    assert image.shape == (1, 32, 40, 3) and image.dtype == np.float32
    np.testing.assert_allclose(image[0, 5, 7], picture[5, 7] - means.ravel(), rtol=1e-6)
    back = nst_utils.to_picture(image)
    assert back.dtype == np.uint8 and back.shape == (32, 40, 3)
    np.testing.assert_array_equal(back, picture)
    np.testing.assert_array_equal(nst_utils.to_picture(tf.constant(image)), picture)  # a tensor too
    # values the optimisation pushed out of range are clipped, not wrapped
    pushed = image.copy()
    pushed[0, 0, 0], pushed[0, 0, 1] = -500, 500
    clipped = nst_utils.to_picture(pushed)
    assert clipped[0, 0].tolist() == [0, 0, 0] and clipped[0, 1].tolist() == [255, 255, 255]


def test_generate_noise_image_mixes_seeded_noise_into_the_content():
    content = nst_utils.reshape_and_normalize_image(np.random.default_rng(3).integers(0, 256, (32, 40, 3), dtype=np.uint8))
    a = nst_utils.generate_noise_image(content, 0.6, seed=1)
    assert a.shape == content.shape and a.dtype == np.float32
    np.testing.assert_array_equal(a, nst_utils.generate_noise_image(content, 0.6, seed=1))
    assert not np.array_equal(a, nst_utils.generate_noise_image(content, 0.6, seed=2))
    np.testing.assert_array_equal(nst_utils.generate_noise_image(content, 0.0), content)
    noise = nst_utils.generate_noise_image(content, 1.0, seed=1)
    assert noise.min() >= -20 and noise.max() <= 20 and noise.std() > 10
    np.testing.assert_allclose(a, 0.6 * noise + 0.4 * content, rtol=1e-5, atol=1e-3)
    # the default ratio is the original course's
    np.testing.assert_array_equal(nst_utils.generate_noise_image(content), a)


def test_save_image_writes_the_picture_making_folders(tmp_path):
    picture = np.random.default_rng(4).integers(0, 256, (32, 40, 3), dtype=np.uint8)
    image = nst_utils.reshape_and_normalize_image(picture)
    nst_utils.save_image(tmp_path / "out" / "deeper" / "result.png", image)
    np.testing.assert_array_equal(np.asarray(Image.open(tmp_path / "out" / "deeper" / "result.png")), picture)
    smooth = np.repeat(np.linspace(0, 255, 40, dtype=np.uint8)[None, :, None], 32, axis=0).repeat(3, axis=2)
    nst_utils.save_image(str(tmp_path / "result.jpg"), nst_utils.reshape_and_normalize_image(smooth))
    jpeg = np.asarray(Image.open(tmp_path / "result.jpg")).astype(int)
    assert jpeg.shape == (32, 40, 3) and np.abs(jpeg - smooth).mean() < 3
