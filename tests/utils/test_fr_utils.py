"""utils/fr_utils.py: the face encoder's shape and output, the encoding of a picture file, and the loader of weights
(ours, and the original course's files, which it must name and explain rather than fail on with a traceback)."""

import json

import fr_utils
import numpy as np
import pytest
from PIL import Image


@pytest.fixture(scope="module")
def encoder():
    return fr_utils.faceRecoModel(input_shape=(96, 96, 3))


def test_the_encoder_maps_pictures_to_128_numbers_of_length_one(encoder):
    assert encoder.input_shape == (None, 96, 96, 3) and encoder.output_shape == (None, 128)
    assert encoder.count_params() == 258_912
    x = np.random.default_rng(0).uniform(size=(3, 96, 96, 3)).astype(np.float32)
    out = np.asarray(encoder(x, training=False))
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), 1.0, rtol=1e-5)


def test_the_encoder_refuses_a_channels_first_shape_and_says_why():
    with pytest.raises(ValueError, match="channels first"):
        fr_utils.faceRecoModel(input_shape=(3, 96, 96))


def test_img_to_encoding_reads_resizes_and_scales_a_picture(tmp_path, encoder):
    rng = np.random.default_rng(1)
    pixels = rng.integers(0, 256, (96, 96, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(tmp_path / "face.png")
    encoding = fr_utils.img_to_encoding(tmp_path / "face.png", encoder)
    assert encoding.shape == (1, 128) and encoding.dtype == np.float32
    expected = np.asarray(encoder(pixels[None].astype(np.float32) / 255.0, training=False))
    np.testing.assert_allclose(encoding, expected, rtol=1e-5, atol=1e-6)
    # a larger greyscale picture is made RGB and brought to 96 x 96 first
    Image.fromarray(pixels[..., 0]).resize((192, 192)).save(tmp_path / "big.png")
    big = fr_utils.img_to_encoding(str(tmp_path / "big.png"), encoder)
    assert big.shape == (1, 128) and np.linalg.norm(big) == pytest.approx(1.0, rel=1e-5)


def test_img_to_encoding_gives_rows_of_length_one_even_for_a_model_that_does_not(tmp_path):
    import keras

    plain = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.Flatten(), keras.layers.Dense(4, kernel_initializer="ones")])
    Image.fromarray(np.full((8, 8, 3), 128, np.uint8)).save(tmp_path / "grey.png")
    encoding = fr_utils.img_to_encoding(tmp_path / "grey.png", plain)
    np.testing.assert_allclose(encoding, np.full((1, 4), 0.5), rtol=1e-5)


def test_load_weights_from_facenet_fills_the_encoder_with_the_committed_weights(capsys):
    from course_models import model_file

    model = fr_utils.faceRecoModel()
    fr_utils.load_weights_from_FaceNet(model)
    assert "face_encoder.keras" in capsys.readouterr().out
    import keras

    trained = keras.models.load_model(model_file(fr_utils.TRAINED_MODEL), compile=False)
    for a, b in zip(model.get_weights(), trained.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_load_weights_from_facenet_copies_a_keras_file_of_this_encoder(tmp_path, encoder):
    encoder.save(tmp_path / "mine.keras")
    other = fr_utils.faceRecoModel()
    fr_utils.load_weights_from_FaceNet(other, tmp_path / "mine.keras")
    for a, b in zip(other.get_weights(), encoder.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_load_weights_from_facenet_explains_files_it_cannot_use(tmp_path, encoder):
    import keras

    with pytest.raises(FileNotFoundError, match="does not exist"):
        fr_utils.load_weights_from_FaceNet(encoder, tmp_path / "nothing.keras")
    # the 2018 course: a weights/ folder of CSV files, one per layer of the Inception network
    (tmp_path / "weights").mkdir()
    (tmp_path / "weights" / "conv1_w.csv").write_text("0.1,0.2\n")
    for given in (tmp_path / "weights", tmp_path / "weights" / "conv1_w.csv"):
        with pytest.raises(ValueError, match="2018 course.*CSV.*3,743,280"):
            fr_utils.load_weights_from_FaceNet(encoder, given)
    # the 2021 course: keras-facenet-h5/ with model.json and model.h5 (another network, 160 x 160)
    (tmp_path / "keras-facenet-h5").mkdir()
    (tmp_path / "keras-facenet-h5" / "model.json").write_text("{}")
    with pytest.raises(ValueError, match="2021 course.*160 x 160.*load_facenet"):
        fr_utils.load_weights_from_FaceNet(encoder, tmp_path / "keras-facenet-h5")
    # a file of another kind, a broken .keras file, a .keras file of another network
    (tmp_path / "face.pt").write_bytes(b"\x00")
    with pytest.raises(ValueError, match="not a file this function knows"):
        fr_utils.load_weights_from_FaceNet(encoder, tmp_path / "face.pt")
    (tmp_path / "broken.keras").write_bytes(b"not a zip file")
    with pytest.raises(ValueError, match="Keras cannot read broken.keras"):
        fr_utils.load_weights_from_FaceNet(encoder, tmp_path / "broken.keras")
    keras.Sequential([keras.Input((96, 96, 3)), keras.layers.Flatten(), keras.layers.Dense(128)]).save(tmp_path / "other.keras")
    with pytest.raises(ValueError, match="do not fit this model"):
        fr_utils.load_weights_from_FaceNet(encoder, tmp_path / "other.keras")


def test_load_facenet_says_why_keras_3_cannot_rebuild_a_keras_2_network(tmp_path):
    folder = tmp_path / "keras-facenet-h5"
    folder.mkdir()
    with pytest.raises(FileNotFoundError, match="model.json"):
        fr_utils.load_facenet(folder)
    # the shape of a Keras 2 description (class "Model", layers with Keras 2 configurations)
    keras2 = {
        "class_name": "Model",
        "keras_version": "2.2.4",
        "config": {
            "name": "inception_resnet_v1",
            "layers": [
                {"name": "input_1", "class_name": "InputLayer", "config": {"batch_input_shape": [None, 160, 160, 3]}, "inbound_nodes": []}
            ],
            "input_layers": [["input_1", 0, 0]],
            "output_layers": [["input_1", 0, 0]],
        },
    }
    (folder / "model.json").write_text(json.dumps(keras2))
    (folder / "model.h5").write_bytes(b"")
    with pytest.raises(ValueError, match="Keras 3 cannot rebuild.*Keras 2"):
        fr_utils.load_facenet(folder / "model.json")


def test_load_facenet_loads_a_network_that_keras_3_can_read(tmp_path, capsys):
    import keras

    small = keras.Sequential([keras.Input((160, 160, 3)), keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(128)], name="facenet")
    folder = tmp_path / "keras-facenet-h5"
    folder.mkdir()
    (folder / "model.json").write_text(small.to_json())
    small.save(folder / "model.h5")  # Keras' legacy HDF5 format, the 2021 course's
    model = fr_utils.load_facenet(folder)
    assert model.input_shape == (None, 160, 160, 3) and "160, 160, 3" in capsys.readouterr().out
    for a, b in zip(model.get_weights(), small.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
