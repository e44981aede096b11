"""The Happy House data (train_happy.h5, test_happy.h5) and the face renderer it is drawn with (datasets/faces.py)."""

import dataclasses
import sys
import warnings
from pathlib import Path

import h5py
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "datasets"))
import faces  # noqa: E402
import make_happy  # noqa: E402

TRAIN, TEST = ROOT / "datasets" / "train_happy.h5", ROOT / "datasets" / "test_happy.h5"


def _load():
    with h5py.File(TRAIN) as f:
        x, y = f["train_set_x"][:], f["train_set_y"][:]
    with h5py.File(TEST) as f:
        xt, yt = f["test_set_x"][:], f["test_set_y"][:]
    return x, y, xt, yt


def test_file_format_matches_the_original():
    for path, prefix, m in ((TRAIN, "train", 600), (TEST, "test", 150)):
        with h5py.File(path) as f:
            assert set(f) == {f"{prefix}_set_x", f"{prefix}_set_y", "list_classes"}
            assert f[f"{prefix}_set_x"].shape == (m, 64, 64, 3) and f[f"{prefix}_set_x"].dtype == np.uint8
            assert f[f"{prefix}_set_y"].shape == (m,) and f[f"{prefix}_set_y"].dtype == np.int64
            assert f["list_classes"].dtype == np.int64 and f["list_classes"][:].tolist() == [0, 1]


def test_class_balance():
    """Half of the training pictures smile; 84 of the 150 test pictures, as in the original test file."""
    _, y, _, yt = _load()
    assert set(np.unique(y)) == {0, 1} and set(np.unique(yt)) == {0, 1}
    assert int(y.sum()) == 300 and int(yt.sum()) == 84


def test_generation_is_deterministic():
    """Each picture has its own generator, so the first pictures of each split can be redrawn alone and must match."""
    x, y, xt, yt = _load()
    for split, (images, labels) in enumerate(((x, y), (xt, yt))):
        n, n_smiling = ((make_happy.N_TRAIN, make_happy.N_TRAIN_SMILING), (make_happy.N_TEST, make_happy.N_TEST_SMILING))[split]
        again, again_labels, _ = make_happy.make_split(make_happy.SEED, split, n, n_smiling, limit=10)
        assert np.array_equal(again, images[:10]) and np.array_equal(again_labels, labels[:10])


def test_pictures_are_varied_and_not_blank():
    x, _, xt, _ = _load()
    for images in (x, xt):
        assert 60 <= images.mean() <= 190
        assert images.reshape(len(images), -1).std(axis=1).min() > 15  # no flat picture
        assert len({img.tobytes() for img in images}) == len(images)  # no two alike


# ------------------------------------------------------------------ faces.py
def test_render_is_a_pure_function_of_identity_and_picture():
    rng = np.random.default_rng(0)
    person, shot = faces.random_identity(rng), faces.random_picture(rng)
    a, b = faces.render(person, shot), faces.render(person, shot)
    assert a.shape == (64, 64, 3) and a.dtype == np.uint8 and np.array_equal(a, b)
    assert faces.render(person, shot, size=96).shape == (96, 96, 3)


def test_identity_and_picture_are_separate():
    """The same person and photograph with another expression differ around the mouth, not in the room behind;
    another person in the same photograph differs in the face."""
    rng = np.random.default_rng(1)
    person, other = faces.random_identity(rng), faces.random_identity(rng)
    shot = faces.random_picture(rng, expression="neutral", ranges={"yaw": 0, "roll": 0, "shift": 0, "scale": (1, 1)})
    neutral = faces.render(person, shot).astype(int)
    grin = faces.render(person, dataclasses.replace(shot, expression="grin")).astype(int)
    diff = np.abs(grin - neutral).sum(axis=2)
    assert diff[:, :8].max() == 0 and diff[:, -8:].max() == 0  # the room at the sides: unchanged
    rows = np.nonzero(diff.max(axis=1) > 40)[0]
    assert rows.size and rows.min() >= 28, rows  # the change is in the lower half of the face
    assert np.abs(faces.render(other, shot).astype(int) - neutral).sum(axis=2)[20:45, 20:44].mean() > 10
    assert not faces.is_smiling(shot) and faces.is_smiling(dataclasses.replace(shot, expression="smile"))
    with pytest.raises(ValueError):
        faces.random_picture(rng, expression="laughing")
    with pytest.raises(dataclasses.FrozenInstanceError):
        person.skin = (0, 0, 0)


def test_every_expression_and_hair_style_renders():
    rng = np.random.default_rng(2)
    person = faces.random_identity(rng)
    for style in faces.HAIR_STYLES:
        for beard in faces.BEARDS:
            who = dataclasses.replace(person, hair_style=style, beard=beard, glasses="round")
            assert faces.render(who, faces.random_picture(rng), size=32).std() > 10
    for expression in faces.EXPRESSIONS:
        assert faces.render(person, faces.random_picture(rng, expression=expression)).std() > 10


# ------------------------------------------------------------------ the lesson
def test_the_lesson_holds_a_convnet_beats_logistic_regression():
    """A cheap stand-in for the notebook's HappyModel (datasheet: 0.93 test after 20 epochs): a small ConvNet trained
    for a few epochs beats logistic regression on the pixels (datasheet: 0.77) clearly on the test set."""
    import keras
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    x, y, xt, yt = _load()
    X, Xt = (x / 255.0).astype(np.float32), (xt / 255.0).astype(np.float32)
    with warnings.catch_warnings():  # 100 steps of L-BFGS: not quite converged, and 2-3 times cheaper (0.767 vs 0.773)
        warnings.simplefilter("ignore", ConvergenceWarning)
        linear = LogisticRegression(max_iter=100).fit(X.reshape(600, -1), y)
    linear_test = linear.score(Xt.reshape(150, -1), yt)

    keras.utils.set_random_seed(1)
    model = keras.Sequential([
        keras.layers.Input((64, 64, 3)),
        keras.layers.Conv2D(16, 3, activation="relu"), keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(32, 3, activation="relu"), keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(32, 3, activation="relu"), keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(), keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(0.001), loss="binary_crossentropy", metrics=["accuracy"])
    model.fit(X, y, epochs=8, batch_size=16, verbose=0)
    conv_test = model.evaluate(Xt, yt, verbose=0)[1]
    assert linear_test <= 0.82 and conv_test >= 0.85 and conv_test - linear_test >= 0.08, (linear_test, conv_test)
