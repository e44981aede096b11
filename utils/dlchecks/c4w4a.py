"""Checks of C4W4A face recognition: the public tests of triplet_loss, verify and who_is_it, and the probes the grader
also runs.

Only numbers, arrays, strings, lists and tuples travel from the kernel to the grader, so the probe of triplet_loss first
checks that the loss is a scalar ``tf.Tensor`` and then shows its value. verify and who_is_it print their decision: the
probes capture what they print and show it with what they return. The databases are made inside the probe (a case
names them in words): the Happy House's, with the course's trained face encoder on the pictures in ``images/``, and a
database of three colours with a stand-in encoder whose encoding is a picture's mean colour, so that a picture can be
put just inside or just outside the threshold of 0.7.

The original course prints no value for triplet_loss on its random inputs, and its distances (0.659 for younes, 0.862
for the impostor at the door) come from FaceNet on photographs of real people: every expected number here is what the
course's solutions give on the course's inputs (the encoder is models/face_encoder.keras, made by `make models`).
"""

from __future__ import annotations

import contextlib
import io
import re

import numpy as np

from .tfsupport import import_tensorflow_quietly

tf = import_tensorflow_quietly()  # first: the notebook's first cell stays free of TensorFlow's C++ start-up log
from fr_test_cases import (  # noqa: E402 - after the quiet import
    COLOURS,
    HOUSE_FILES,
    colour_database,
    colour_encoder,
    colour_picture,
    face_encoder,
    house_database,
    triplet_loss_arrays,
    triplet_loss_test_case,
)

from .core import NONE_HINT, Case, Check, explain_none_errors, hint  # noqa: E402

ASSIGNMENT = "C4W4A_Face_Recognition"
explain_none_errors()  # the None hint under errors in any cell of the notebook

LOSS = {"rtol": 1e-5, "atol": 1e-5}  # float32 sums of squares, rounded alike on every CPU but for the last bits
DISTANCE = {"rtol": 1e-4, "atol": 1e-4}  # distances between encodings computed by a network in float32
THRESHOLD = 0.7


# ------------------------------------------------------------------ triplet_loss
def _loss_variants(anchor, positive, negative, alpha) -> dict[str, float]:
    """What the usual mistakes give, in float64, by the hint each deserves."""
    a, p, n = (np.asarray(x, dtype=np.float64) for x in (anchor, positive, negative))
    pos, neg = ((a - p) ** 2).sum(axis=-1), ((a - n) ** 2).sum(axis=-1)
    per_example = pos - neg + alpha
    return {
        "the distances are summed over one axis only, axis=-1 (the 128 numbers of each encoding): summing over "
        "everything mixes the training examples before the max with 0": max(pos.sum() - neg.sum() + alpha, 0.0),
        "take the maximum with 0 (tf.maximum(basic_loss, 0.0)) of each example's value before you sum them: a triplet "
        "that is already well separated counts 0, not a negative amount": per_example.sum(),
        "sum over the training examples (tf.reduce_sum), do not average them": np.maximum(per_example, 0).mean(),
        "the distances in the formula are squared: the sum of the squared differences, with no square root":
            np.maximum(np.sqrt(pos) - np.sqrt(neg) + alpha, 0).sum(),
        "take the maximum with 0 of each example's value, then sum: the sum first and the maximum after lets the "
        "easy triplets cancel the hard ones": max(per_example.sum(), 0.0),
    }


LOSS_STEPS = ("pos_dist = sum over axis=-1 of (anchor - positive)^2, neg_dist likewise with the negative, basic_loss = "
              "pos_dist - neg_dist + alpha, loss = the sum over the examples of max(basic_loss, 0)")


def _triplet_loss(t, f, kind, seed=1, alpha=None, m=3, d=128):
    y_true, y_pred = triplet_loss_test_case(kind, seed, m, d)
    call = "triplet_loss(y_true, y_pred)" if alpha is None else f"triplet_loss(y_true, y_pred, alpha={alpha})"
    loss = f(y_true, y_pred) if alpha is None else f(y_true, y_pred, alpha)
    if isinstance(loss, np.ndarray | np.generic | float):
        t.fail(f"{call}: got {type(loss).__name__}; expected a tf.Tensor (TensorFlow's eager tensor). Hint: compute with "
               "TensorFlow's functions (tf.reduce_sum, tf.square, tf.maximum, ...) and return their result itself, no "
               ".numpy(): Keras needs a tensor to train with this loss")
    t.type(call, loss, tf.Tensor, "a tf.Tensor (TensorFlow's eager tensor)")
    value = loss.numpy()
    if value.shape != ():
        t.fail(f"{call}: the loss has shape {value.shape}; expected one number, shape (). Hint: the last step sums "
               "max(basic_loss, 0) over the training examples, tf.reduce_sum(...) with no axis")
    got = float(value)  # the hint: what the mistakes that give this value get wrong, else the steps
    mistakes = [text for text, wrong in _loss_variants(*triplet_loss_arrays(kind, seed, m, d),
                                                       0.2 if alpha is None else alpha).items()
                if abs(got - wrong) <= 1e-4 * max(1.0, abs(wrong))]
    with hint(" Or: ".join(mistakes) if mistakes else LOSS_STEPS):
        t.close("loss", value, **LOSS)


def _loss_given(kind, seed=1, alpha=None, m=3, d=128) -> str:
    drawn = {
        "normal": f"normal numbers of means 6, 1 and 3 and standard deviations 0.1, 1 and 4, shape ({m}, {d}) each",
        "hand": "anchors [[0, 0], [1, 1]], positives [[0.6, 0], [1, 1.1]], negatives [[0, 0.7], [0, 0]]",
        "unit": f"encodings of length 1, the negatives on average a little farther from the anchors than the positives, "
                f"shape ({m}, {d}) each",
        "easy": f"negatives far from their anchors, shape ({m}, {d}) each",
    }[kind]
    where = "" if kind == "hand" else f", seed={seed}, m={m}, d={d}"
    setting = "alpha left at its default (0.2)" if alpha is None else f"alpha = {alpha}"
    return (f"y_true, y_pred = triplet_loss_test_case({kind!r}{where}): y_pred = (anchor, positive, negative), {drawn}, "
            f"float32; {setting}")


check_triplet_loss = Check("triplet_loss", _triplet_loss, [
    Case(("normal", 1), {"loss": 828.7122192382812}, _loss_given("normal", 1)),
    Case(("hand",), {"loss": 0.07000003755092621}, _loss_given("hand")),
])


# ------------------------------------------------------------------ verify and who_is_it: the databases
def _setting(kind, picture):
    """(image_path, database, model, words) of a case: the Happy House's or the colours'."""
    if kind in ("house", "cameras"):
        from course_data import image_file

        return str(image_file(picture)), house_database(kind), face_encoder(), f"image_file({picture!r})"
    if kind == "colours":
        model = colour_encoder()
        return str(colour_picture(picture)), colour_database(model), model, f"a picture of the colour {tuple(picture)}"
    raise ValueError(f"unknown database {kind!r}")


def _database_words(kind) -> str:
    if kind == "house":
        return ("database: the 12 residents' photos (" + ", ".join(HOUSE_FILES.values()) + ") encoded by the course's "
                "face encoder, model = FRmodel")
    if kind == "cameras":
        return ("database: the camera pictures camera_0.jpg ... camera_4.jpg of younes, bertrand, benoit, kian and "
                "dan, encoded by the course's face encoder, model = FRmodel")
    colours = ", ".join(f"{name} {colour}" for name, colour in COLOURS.items())
    return (f"database: pictures of one colour each ({colours}); model: a stand-in encoder whose encoding of a picture "
            "is its mean colour scaled to length 1")


_PROGRESS = re.compile(r"^\s*\d+/\d+\s")  # a Keras progress bar, should model.predict ever be used


def _printed(call):
    """(result, what it printed, stripped, without Keras progress lines)."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        result = call()
    lines = [line.rstrip() for line in re.split(r"[\r\n]", buffer.getvalue())]
    return result, "\n".join(line for line in lines if line.strip() and not _PROGRESS.match(line))


def _distance(t, label: str, got):
    """A distance must be a number (a numpy or Python float), not a tensor."""
    if hasattr(got, "numpy") and not isinstance(got, np.ndarray | np.generic):
        t.fail(f"{label}: got {type(got).__name__}; expected a number. Hint: compute the distance with numpy, "
               "np.linalg.norm(...), as img_to_encoding returns numpy arrays")
    return got


DISTANCE_HINT = ("the distance is the L2 norm of the difference of the two encodings, np.linalg.norm(encoding - "
                 "database[identity]): not squared, and between the encoding of the picture at image_path and the "
                 "encoding of the claimed identity in the database")


# ------------------------------------------------------------------ verify
def _verify(t, f, kind, picture, identity):
    image_path, database, model, words = _setting(kind, picture)
    call = f"verify({words}, {identity!r}, database, model)"
    out, printed = _printed(lambda: f(image_path, identity, database, model))
    dist, door_open = t.tuple(call, out, ("dist", "door_open"))
    with hint(DISTANCE_HINT):
        t.close("dist", _distance(t, "dist", dist), **DISTANCE)
    if not isinstance(door_open, bool | np.bool_):
        t.fail(f"door_open: expected True or False, got {door_open!r} ({type(door_open).__name__})")
    with hint(f"door_open is True (the door opens) when dist < {THRESHOLD}, and False otherwise"):
        t.equal("door_open", bool(door_open))
    with hint('print exactly "It\'s " + identity + ", welcome home!" when the door opens, and "It\'s not " + identity '
              '+ ", please go away" when it does not (once, and nothing else)'):
        t.equal("printed", printed)


def _verify_given(kind, picture, identity) -> str:
    where = f"image_file({picture!r})" if kind != "colours" else f"a picture of the colour {tuple(picture)}"
    return f"verify({where}, {identity!r}, database, model); {_database_words(kind)}"


check_verify = Check("verify", _verify, [
    Case(("house", "camera_0.jpg", "younes"), {
        "dist": 0.543919563293457,
        "door_open": True,
        "printed": "It's younes, welcome home!",
    }, _verify_given("house", "camera_0.jpg", "younes")),
    Case(("house", "camera_2.jpg", "kian"), {
        "dist": 1.6478195190429688,
        "door_open": False,
        "printed": "It's not kian, please go away",
    }, _verify_given("house", "camera_2.jpg", "kian")),
    Case(("colours", (215, 240, 250), "ruby"), {
        "dist": 0.7500187754631042,
        "door_open": False,
        "printed": "It's not ruby, please go away",
    }, _verify_given("colours", (215, 240, 250), "ruby")),
])


# ------------------------------------------------------------------ who_is_it
FOUND = re.compile(r"it's (?P<name>.*), the distance is (?P<distance>\S+)")


def _who_is_it(t, f, kind, picture):
    image_path, database, model, words = _setting(kind, picture)
    call = f"who_is_it({words}, database, model)"
    out, printed = _printed(lambda: f(image_path, database, model))
    min_dist, identity = t.tuple(call, out, ("min_dist", "identity"))
    with hint("min_dist is the smallest of the distances np.linalg.norm(encoding - db_enc) over the database (not "
              "squared); start it at 100 and lower it each time a closer encoding comes"):
        t.close("min_dist", _distance(t, "min_dist", min_dist), **DISTANCE)
    closest = (f"identity is the name of the closest encoding in the whole database (the one of min_dist), even when it "
               f"is farther than {THRESHOLD} (who_is_it then prints \"Not in the database.\" but still returns that name): "
               "set it together with min_dist, each time a closer one comes")
    if identity is None:
        t.fail(f"identity: got None. Hint: {closest}. {NONE_HINT}")
    with hint(closest):
        t.equal("identity", identity)
    found = FOUND.fullmatch(printed)
    number = None
    if found:
        try:
            number = float(found["distance"])
        except ValueError:
            number = None
    message_hint = (f'print "Not in the database." when min_dist > {THRESHOLD}, else "it\'s " + str(identity) + ", the '
                    'distance is " + str(min_dist) (once, and nothing else)')
    with hint(message_hint):
        t.equal("printed", f"it's {found['name']}, the distance is <min_dist>" if number is not None else printed)
        if number is not None:
            t.close("printed distance", number, **DISTANCE)


def _who_given(kind, picture) -> str:
    where = f"image_file({picture!r})" if kind != "colours" else f"a picture of the colour {tuple(picture)}"
    return f"who_is_it({where}, database, model); {_database_words(kind)}"


check_who_is_it = Check("who_is_it", _who_is_it, [
    Case(("house", "camera_0.jpg"), {
        "min_dist": 0.543919563293457,
        "identity": "younes",
        "printed": "it's younes, the distance is <min_dist>",
        "printed distance": 0.54391956,
    }, _who_given("house", "camera_0.jpg")),
    Case(("colours", (0, 0, 255)), {
        "min_dist": 0.9620563387870789,
        "identity": "jade",
        "printed": "Not in the database.",
    }, _who_given("colours", (0, 0, 255))),
])
