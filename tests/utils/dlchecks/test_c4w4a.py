"""The C4W4A checks (dlchecks.c4w4a): typical mistakes fail in plain words and the hidden cases catch what the public
ones cannot (the solutions and expected.json: test_expected.py)."""

import numpy as np
import pytest
import tensorflow as tf
from fr_utils import img_to_encoding

from dlchecks import c4w4a
from dlchecks.core import NONE_HINT, CheckFailed

ID = "C4W4A_Face_Recognition"


# ------------------------------------------------------------------ wrong functions, written as students write them
def _loss(mistake=None):
    def triplet_loss(y_true, y_pred, alpha=0.2):
        anchor, positive, negative = y_pred[0], y_pred[1], y_pred[2]
        if mistake == "fixed alpha":
            alpha = 0.2
        axis = None if mistake == "no axis" else -1
        pos_dist = tf.reduce_sum(tf.square(anchor - positive), axis=axis)
        neg_dist = tf.reduce_sum(tf.square(anchor - negative), axis=axis)
        if mistake == "square root":
            pos_dist, neg_dist = tf.sqrt(pos_dist), tf.sqrt(neg_dist)
        basic_loss = pos_dist - neg_dist + alpha
        if mistake == "no max":
            return tf.reduce_sum(basic_loss)
        if mistake == "sum first":
            return tf.maximum(tf.reduce_sum(basic_loss), 0.0)
        if mistake == "mean":
            return tf.reduce_mean(tf.maximum(basic_loss, 0.0))
        if mistake == "no sum":
            return tf.maximum(basic_loss, 0.0)
        loss = tf.reduce_sum(tf.maximum(basic_loss, 0.0))
        return loss.numpy() if mistake == "numpy" else loss

    return triplet_loss


def _verify(*, threshold=0.7, squared=False, welcome="welcome home!", as_tensor=False, door_as_text=False):
    def verify(image_path, identity, database, model):
        encoding = img_to_encoding(image_path, model)
        if as_tensor:
            dist = tf.norm(encoding - database[identity])
        else:
            dist = np.linalg.norm(encoding - database[identity])
        if squared:
            dist = dist**2
        if dist < threshold:
            print("It's " + identity + ", " + welcome)
            door_open = "yes" if door_as_text else True
        else:
            print("It's not " + identity + ", please go away")
            door_open = "no" if door_as_text else False
        return dist, door_open

    return verify


def _who_is_it(*, threshold=0.7, squared=False, first_below=False, none_when_far=False, capital=False):
    def who_is_it(image_path, database, model):
        encoding = img_to_encoding(image_path, model)
        min_dist = 100
        identity = None
        for name, db_enc in database.items():
            dist = np.linalg.norm(encoding - db_enc)
            if squared:
                dist = dist**2
            if first_below and dist < threshold:
                min_dist, identity = dist, name
                break
            if dist < min_dist:
                min_dist = dist
                identity = name
        if min_dist > threshold:
            print("Not in the database.")
            if none_when_far:
                identity = None
        else:
            print(("It's " if capital else "it's ") + str(identity) + ", the distance is " + str(min_dist))
        return min_dist, identity

    return who_is_it


# ------------------------------------------------------------------ the solutions, and what only hidden tests catch
def test_the_solutions_pass(nb, capsys):
    for name in ("triplet_loss", "verify", "who_is_it"):
        getattr(c4w4a, f"check_{name}")(nb[name])
    assert capsys.readouterr().out.count("all public tests passed") == 3


def test_the_written_out_mistake_free_versions_pass(capsys):
    """The mistake-free versions of the factories below are right: the mistakes are the only difference."""
    c4w4a.check_triplet_loss(_loss())
    c4w4a.check_verify(_verify())
    c4w4a.check_who_is_it(_who_is_it())
    assert capsys.readouterr().out.count("all public tests passed") == 3


def test_hidden_tests_catch_what_the_public_test_cannot(run_hidden):
    cheats = {
        "triplet_loss": _loss("fixed alpha"),  # the public cases use the default margin
        "verify": _verify(threshold=0.72),  # no public picture lies between 0.7 and 0.72
        "who_is_it": _who_is_it(threshold=0.72),
    }
    for name, cheat in cheats.items():
        getattr(c4w4a, f"check_{name}")(cheat)  # the public test cannot tell
        with pytest.raises(CheckFailed, match="a hidden test"):
            run_hidden(ID, name, cheat)


def test_hidden_tests_pass_the_solutions(nb, run_hidden):
    for name in ("triplet_loss", "verify", "who_is_it"):
        run_hidden(ID, name, nb[name])


# ------------------------------------------------------------------ triplet_loss
@pytest.mark.parametrize("mistake, words", [
    ("no axis", "axis=-1"),
    ("no max", "before you sum them"),
    ("mean", "do not average"),
    ("square root", "no square root"),
    ("sum first", "the sum first and the maximum after"),
])
def test_loss_mistakes_fail_with_their_hint(fails, mistake, words):
    fails(c4w4a.check_triplet_loss, _loss(mistake), "loss", words)


def test_loss_as_numpy_is_pointed_out(fails):
    fails(c4w4a.check_triplet_loss, _loss("numpy"), "expected a tf.Tensor", "no .numpy()")


def test_loss_without_the_last_sum_is_pointed_out(fails):
    fails(c4w4a.check_triplet_loss, _loss("no sum"), "shape (3,)", "sums max(basic_loss, 0) over the training examples")


def test_loss_stub_gets_the_none_hint(fails):
    fails(c4w4a.check_triplet_loss, lambda y_true, y_pred, alpha=0.2: None, NONE_HINT)


# ------------------------------------------------------------------ verify
def test_verify_with_the_squared_distance_fails(fails):
    fails(c4w4a.check_verify, _verify(squared=True), "dist", "not squared")


def test_verify_with_the_wrong_message_fails_with_the_message_hint(fails):
    message = fails(c4w4a.check_verify, _verify(welcome="welcome in!"), "printed", "welcome home!")
    assert "It's younes, welcome in!" in message


def test_verify_returning_a_tensor_is_pointed_out(fails):
    fails(c4w4a.check_verify, _verify(as_tensor=True), "expected a number", "np.linalg.norm")


def test_verify_with_a_text_door_is_pointed_out(fails):
    fails(c4w4a.check_verify, _verify(door_as_text=True), "door_open: expected True or False")


def test_verify_stub_gets_the_none_hint(fails):
    fails(c4w4a.check_verify, lambda *args: None, NONE_HINT)


# ------------------------------------------------------------------ who_is_it
def test_who_is_it_with_the_squared_distance_fails(fails):
    fails(c4w4a.check_who_is_it, _who_is_it(squared=True), "min_dist", "not squared")


def test_who_is_it_forgetting_the_name_when_too_far_fails(fails):
    fails(c4w4a.check_who_is_it, _who_is_it(none_when_far=True), "identity", "even when it is farther than 0.7")


def test_who_is_it_with_a_capital_fails_with_the_message_hint(fails):
    fails(c4w4a.check_who_is_it, _who_is_it(capital=True), "printed", "Not in the database.")


def test_who_is_it_stopping_at_the_first_name_below_the_threshold_fails_a_hidden_test(run_hidden):
    with pytest.raises(CheckFailed, match="a hidden test"):
        run_hidden(ID, "who_is_it", _who_is_it(first_below=True))


def test_who_is_it_raising_says_where(fails):
    def who_is_it(image_path, database, model):
        min_dist = 0  # never updated: identity is never set
        for name, db_enc in database.items():
            if np.linalg.norm(img_to_encoding(image_path, model) - db_enc) < min_dist:
                identity = name
        return min_dist, identity  # noqa: F821 - the mistake

    fails(c4w4a.check_who_is_it, who_is_it, "who_is_it raised UnboundLocalError", "in your code, line")


# ------------------------------------------------------------------ the inputs
def test_public_inputs_are_the_same_every_time():
    first = [t.numpy() for t in c4w4a.triplet_loss_test_case()[1]]
    again = [t.numpy() for t in c4w4a.triplet_loss_test_case()[1]]
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)
    assert [a.shape for a in first] == [(3, 128)] * 3 and all(a.dtype == np.float32 for a in first)
