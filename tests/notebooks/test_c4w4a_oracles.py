"""C4W4A's expected numbers against independent oracles, for every public and hidden input of the grade cells, compared
with notebooks/source/C4W4A_Face_Recognition/expected.json (the numbers the solutions gave): the triplet loss summed
triplet by triplet in plain Python, the colour stand-in's distances from the colours alone, the Happy House's distances
from the encoder's output on the pictures read here, and the door's rule (dist < 0.7, the closest name, the messages)
written out again. Then the story the notebook tells must hold with the course's encoder and pictures."""

import math

import numpy as np
import pytest
from PIL import Image

from dlchecks.core import decode, load_expected

pytest.importorskip("tensorflow")
from course_data import image_file  # noqa: E402
from fr_test_cases import CAMERA, COLOURS, HOUSE, HOUSE_FILES, face_encoder, triplet_loss_arrays  # noqa: E402
from oracle_cases import all_cases, hidden_inputs  # noqa: E402

from dlchecks import c4w4a  # noqa: E402

ID = "C4W4A_Face_Recognition"
THRESHOLD = 0.7


def _hidden_inputs() -> dict[str, list[tuple]]:
    return hidden_inputs(ID)


def _all_cases(name: str) -> list[tuple]:
    return all_cases(ID, c4w4a, name)


def _expected(name):
    entry = load_expected(ID)[name]
    return [{label: decode(rule["value"]) for label, rule in case["values"].items()} for case in entry["cases"]]


# ------------------------------------------------------------------ oracles
def loop_triplet_loss(anchor, positive, negative, alpha=0.2):
    """Formula (3) one triplet and one number at a time, in Python floats."""
    total = 0.0
    for a, p, n in zip(anchor.tolist(), positive.tolist(), negative.tolist(), strict=True):
        to_positive = sum((x - y) ** 2 for x, y in zip(a, p, strict=True))
        to_negative = sum((x - y) ** 2 for x, y in zip(a, n, strict=True))
        total += max(to_positive - to_negative + alpha, 0.0)
    return total


def colour_distance(c1, c2) -> float:
    """Distance between the colour stand-in's encodings of two one-colour pictures: the colours as unit vectors."""
    n1, n2 = math.sqrt(sum(v * v for v in c1)), math.sqrt(sum(v * v for v in c2))
    return math.sqrt(sum((a / n1 - b / n2) ** 2 for a, b in zip(c1, c2, strict=True)))


_ENCODINGS: dict[str, np.ndarray] = {}


def house_encoding(file: str) -> np.ndarray:
    """The course's encoder's output for a picture of images/, read here (Pillow, RGB, / 255), in float64."""
    if file not in _ENCODINGS:
        with Image.open(image_file(file)) as picture:
            x = np.asarray(picture.convert("RGB"), dtype=np.float32)[None] / 255.0
        out = np.asarray(face_encoder()(x, training=False), dtype=np.float64)[0]
        _ENCODINGS[file] = out / np.linalg.norm(out)
    return _ENCODINGS[file]


def database_of(kind) -> dict[str, np.ndarray]:
    if kind == "house":
        return {name: house_encoding(HOUSE_FILES[name]) for name in HOUSE}
    if kind == "cameras":
        return {name: house_encoding(f"{camera}.jpg") for camera, name in CAMERA.items() if name is not None}
    raise ValueError(kind)


def distances(kind, picture) -> dict[str, float]:
    """{name: distance} between the picture and every entry of the case's database."""
    if kind == "colours":
        return {name: colour_distance(picture, colour) for name, colour in COLOURS.items()}
    target = house_encoding(picture)
    return {name: float(np.linalg.norm(target - encoding)) for name, encoding in database_of(kind).items()}


# ------------------------------------------------------------------ against expected.json
def test_every_hidden_input_is_read():
    hidden = _hidden_inputs()
    assert sorted(hidden) == ["triplet_loss", "verify", "who_is_it"]
    for name in hidden:
        assert len(_all_cases(name)) == len(load_expected(ID)[name]["cases"]), name


def test_triplet_loss():
    for args, want in zip(_all_cases("triplet_loss"), _expected("triplet_loss"), strict=True):
        kind, seed, alpha, m, d = (*args, *("normal", 1, None, 3, 128)[len(args):])  # the probe's defaults
        arrays = triplet_loss_arrays(kind, seed, m, d)
        assert want["loss"] == pytest.approx(loop_triplet_loss(*arrays, 0.2 if alpha is None else alpha), rel=1e-5,
                                             abs=1e-5), args


def test_the_hand_case_is_the_one_the_notebook_works_out():
    assert loop_triplet_loss(*triplet_loss_arrays("hand"), 0.2) == pytest.approx(0.07, abs=1e-6)
    assert _expected("triplet_loss")[1]["loss"] == pytest.approx(0.07, abs=1e-6)


def test_verify():
    for (kind, picture, identity), want in zip(_all_cases("verify"), _expected("verify"), strict=True):
        dist = distances(kind, picture)[identity]
        assert want["dist"] == pytest.approx(dist, rel=1e-4, abs=1e-4), (kind, picture, identity)
        assert abs(dist - THRESHOLD) > 1e-3, "a case this close to the threshold could flip on another CPU"
        door_open = dist < THRESHOLD
        assert want["door_open"] is door_open
        assert want["printed"] == (f"It's {identity}, welcome home!" if door_open else f"It's not {identity}, please go away")


def test_who_is_it():
    for (kind, picture), want in zip(_all_cases("who_is_it"), _expected("who_is_it"), strict=True):
        found = distances(kind, picture)
        name = min(found, key=found.get)
        ranked = sorted(found.values())
        assert ranked[1] - ranked[0] > 1e-3, "two names this close could swap on another CPU"
        assert want["identity"] == name and want["min_dist"] == pytest.approx(found[name], rel=1e-4, abs=1e-4)
        assert abs(found[name] - THRESHOLD) > 1e-3
        if found[name] > THRESHOLD:
            assert want["printed"] == "Not in the database." and "printed distance" not in want
        else:
            assert want["printed"] == f"it's {name}, the distance is <min_dist>"
            assert want["printed distance"] == pytest.approx(found[name], rel=1e-4, abs=1e-4)


def test_the_colour_cases_sit_where_the_notebook_says():
    """Just inside and just outside the threshold, at 0, and 0.75 for the public case (0.5625 once squared)."""
    ruby = COLOURS["ruby"]
    assert colour_distance((110, 10, 30), ruby) == pytest.approx(0.0, abs=1e-12)
    assert 0.68 < colour_distance((185, 160, 215), ruby) < THRESHOLD < colour_distance((205, 230, 80), ruby) < 0.72
    assert colour_distance((215, 240, 250), ruby) ** 2 < THRESHOLD < colour_distance((215, 240, 250), ruby)
    assert min(distances("colours", (0, 0, 255)).values()) > 0.9


# ------------------------------------------------------------------ the story, with the course's encoder and pictures
def test_the_happy_house_story_holds():
    """The notebook's verdicts, far enough from the threshold to be read without doubt."""
    house = {camera: distances("house", f"{camera}.jpg") for camera in CAMERA}
    assert house["camera_0"]["younes"] <= 0.55  # Younes is let in
    assert house["camera_2"]["kian"] >= 0.85  # Benoit with Kian's card is turned away
    for camera, person in CAMERA.items():
        name = min(house[camera], key=house[camera].get)
        if person is None:
            assert house[camera][name] >= 0.85, (camera, name)  # the stranger is in no database
        else:
            assert name == person and house[camera][name] <= 0.55, (camera, name, house[camera][name])
