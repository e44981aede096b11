"""Face identities for C4W4A (face recognition): the held-out file, the key scheme, the splits, the house pictures in
images/ and the choice of the house's people (datasets/identities.md)."""

import sys
from pathlib import Path

import h5py
import numpy as np
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "datasets"))
import faces  # noqa: E402
import make_identities as mi  # noqa: E402

H5 = ROOT / "datasets" / mi.TEST_FILE
IMAGES = ROOT / "images"


@pytest.fixture(scope="module")
def test_set():
    return mi.load_test_set(ROOT / "datasets")


@pytest.fixture(scope="module")
def house():
    return mi.house_pictures()


def test_file_format():
    with h5py.File(H5) as f:
        assert set(f) == {"images", "labels"}
        assert f["images"].shape == (800, 96, 96, 3) and f["images"].dtype == np.uint8
        assert f["labels"].shape == (800,) and f["labels"].dtype == np.int64


def test_labels_are_people_in_blocks_of_eight(test_set):
    _, labels = test_set
    assert mi.N_TEST_IDS * mi.TEST_PICTURES == len(labels)
    assert np.array_equal(labels, np.repeat(np.arange(100), 8))


def test_stored_pictures_are_the_ones_the_functions_draw(test_set):
    """Each picture depends on (split, person, photograph) only: redrawn alone, in any order, it is the stored one."""
    images, _ = test_set
    for i, k in ((99, 7), (0, 0), (37, 5)):
        again = mi.picture("test", i, k)
        assert again.shape == (96, 96, 3) and again.dtype == np.uint8
        assert np.array_equal(again, images[i * 8 + k]), (i, k)
    assert np.array_equal(mi.picture("test", 5, 1, size=40), mi.picture("test", 5, 1, size=40))
    person = faces.random_identity(np.random.default_rng([mi.SEED, mi.SPLITS["test"], 12]))
    assert mi.identity("test", 12) == person  # the documented key of a person


def test_draw_people_layout_and_workers_do_not_change_bytes():
    one, labels = mi.draw_people("train", 3, 4, 2, size=32, workers=1)
    two, labels2 = mi.draw_people("train", 3, 4, 2, size=32, workers=2)
    assert one.shape == (8, 32, 32, 3) and one.dtype == np.uint8
    assert labels.dtype == np.int64 and labels.tolist() == [3, 3, 4, 4, 5, 5, 6, 6]
    assert np.array_equal(one, two) and np.array_equal(labels, labels2)
    assert np.array_equal(one[2], mi.picture("train", 4, 0, size=32)) and np.array_equal(one[7], mi.picture("train", 6, 1, size=32))


def test_pictures_are_varied_and_not_blank(test_set):
    images, _ = test_set
    assert 60 <= images.mean() <= 190
    assert images.reshape(len(images), -1).std(axis=1).min() > 15
    assert len({img.tobytes() for img in images}) == len(images)


def test_splits_share_no_person():
    train = {mi.identity("train", i) for i in range(2000)}
    test = {mi.identity("test", i) for i in range(mi.N_TEST_IDS)}
    house = {mi.identity("house", i) for i in range(mi.STRANGER + 1)}
    assert len(train) == 2000 and len(test) == 100 and len(house) == mi.STRANGER + 1
    assert not train & test and not train & house and not test & house
    # a person's generator is not one of their photographs' generators (a trailing 0 in a seed key changes nothing)
    assert mi.shot("test", 3, 0) != faces.random_picture(np.random.default_rng([mi.SEED, mi.SPLITS["test"], 3]))
    with pytest.raises(ValueError):
        mi.identity("validation", 0)


def test_people_vary_in_glasses_hair_and_beard():
    people = [mi.identity("test", i) for i in range(mi.N_TEST_IDS)]
    glasses = [p.glasses for p in people]
    assert 0.15 <= np.mean([g is not None for g in glasses]) <= 0.45 and {"round", "rect"} <= set(glasses)
    assert len({p.hair_style for p in people}) >= 9 and len({p.beard for p in people}) == len(faces.BEARDS)
    lightness = [mi._lightness(p.skin) for p in people]
    assert max(lightness) - min(lightness) > 120


def test_house_people_are_the_documented_draws_and_do_not_look_alike():
    assert mi.choose_house_draws() == list(mi.HOUSE_DRAWS.values()) and mi.STRANGER > max(mi.HOUSE_DRAWS.values())
    assert tuple(mi.HOUSE_DRAWS) == mi.HOUSE and len(mi.HOUSE) == 12
    people = {name: mi.identity("house", mi.house_person(name)) for name in (*mi.HOUSE, None)}
    for a in people:
        for b in people:
            d = mi.difference(people[a], people[b])
            assert d == mi.difference(people[b], people[a]) and (d == 0 if a == b else d >= mi.MIN_DIFFERENCE), (a, b)
    assert mi.difference(people["kian"], people["benoit"]) >= 3  # camera_2: benoit with kian's card


def test_house_pictures_in_images_are_those_the_script_draws(house):
    names = [mi.HOUSE_FILES[n] for n in mi.HOUSE] + [f"camera_{j}.jpg" for j in range(6)]
    assert list(house) == names and mi.HOUSE_FILES["danielle"] == "danielle.png" and mi.HOUSE_FILES["younes"] == "younes.jpg"
    assert mi.CAMERA == {"camera_0": "younes", "camera_1": "bertrand", "camera_2": "benoit", "camera_3": "kian",
                         "camera_4": "dan", "camera_5": None}
    def blocks(image):  # means over 4 x 4 pixels: what JPEG keeps of noisy small pictures
        return np.asarray(image, float).reshape(24, 4, 24, 4, 3).mean(axis=(1, 3))

    for name in names:
        shipped = Image.open(IMAGES / name)
        assert shipped.size == (96, 96) and shipped.mode == "RGB", name
        if name.endswith(".png"):
            assert np.array_equal(np.asarray(shipped), house[name]), name
        else:  # measured: 1.1-3.0 per pixel and 0.27-0.35 over blocks; another house picture differs by 26 or more
            err = np.abs(np.asarray(shipped, float) - house[name]).mean()
            assert err < 4.0 and np.abs(blocks(shipped) - blocks(house[name])).mean() < 1.0, (name, err)


def test_database_photos_are_plain_and_camera_photos_vary():
    for name in mi.HOUSE:
        i = mi.HOUSE_DRAWS[name]
        db, cam = mi.database_shot(i), mi.camera_shot(i)
        assert abs(db.yaw) <= 0.04 and abs(db.roll) <= 1.5 and db.light_strength <= 0.15 and db.blur <= 0.2
        assert db.expression in ("neutral", "smile") and db != cam
    cams = [mi.camera_shot(mi.house_person(name), mi.CAMERA_TAKES[cam]) for cam, name in mi.CAMERA.items()]
    assert len({c.background_seed for c in cams}) == 1  # one camera at one door
    assert max(abs(c.yaw) for c in cams) > 0.1 and len({c.expression for c in cams}) >= 3
