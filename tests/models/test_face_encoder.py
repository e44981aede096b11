"""models/train_face_encoder.py (`make models`) and the encoder it trained (models/face_encoder.keras, committed).

The recipe's pieces (the batch-hard triplet loss against a loop-by-loop version, the batches, the measures, the
collapse check) and a whole run of the script on a few people are tested here; so is the committed encoder against
its model card, on the held-out people of datasets/identities_test.h5.
"""

import importlib.util
import json

import numpy as np
import pytest

from autograder import REPO_ROOT

SCRIPT = REPO_ROOT / "models" / "train_face_encoder.py"
CARD = REPO_ROOT / "models" / "face_encoder.json"


@pytest.fixture(scope="module")
def recipe():
    spec = importlib.util.spec_from_file_location("train_face_encoder", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def loop_by_loop(labels, embeddings, alpha, softness, squared):
    """The batch-hard triplet loss written out anchor by anchor, pair by pair."""
    losses = []
    for a in range(len(labels)):
        positives, negatives = [], []
        for j in range(len(labels)):
            d = float(np.sum((embeddings[a] - embeddings[j]) ** 2))
            d = d if squared else np.sqrt(d)
            if j != a and labels[j] == labels[a]:
                positives.append(d)
            elif labels[j] != labels[a]:
                negatives.append(d)
        if positives and negatives:
            x = max(positives) - min(negatives) + alpha
            losses.append(softness * np.log1p(np.exp(x / softness)) if softness > 0 else max(x, 0.0))
    return np.mean(losses)


@pytest.mark.parametrize("softness, squared", [(0.0, True), (0.1, True), (1.0, False)])
def test_the_batch_hard_loss_matches_a_loop_by_loop_version(recipe, softness, squared):
    rng = np.random.default_rng(3)
    labels = np.array([0, 0, 1, 1, 1, 2, 3, 3, 5])  # person 2 has no positive: left out
    embeddings = rng.normal(size=(len(labels), 6)).astype(np.float32)
    embeddings /= np.linalg.norm(embeddings, axis=1, keepdims=True)
    got = float(recipe.batch_hard_triplet_loss(labels, embeddings, 0.2, softness, squared))
    assert got == pytest.approx(loop_by_loop(labels, embeddings, 0.2, softness, squared), rel=1e-5, abs=1e-6)


def test_the_hard_loss_is_the_margin_for_a_collapsed_batch_and_zero_for_a_separated_one(recipe):
    labels = np.array([0, 0, 1, 1])
    same_point = np.tile([[1.0, 0.0]], (4, 1)).astype(np.float32)
    assert float(recipe.batch_hard_triplet_loss(labels, same_point, 0.2, 0.0)) == pytest.approx(0.2)
    apart = np.array([[1, 0], [1, 0], [-1, 0], [-1, 0]], np.float32)
    assert float(recipe.batch_hard_triplet_loss(labels, apart, 0.2, 0.0)) == 0.0
    # the smoothed hinge stays above the hard one and within softness * log 2 of it
    soft = float(recipe.batch_hard_triplet_loss(labels, same_point, 0.2, 0.1))
    assert 0.2 < soft < 0.2 + 0.1 * np.log(2) + 1e-6


def test_batches_hold_p_people_with_k_pictures_each_and_use_every_picture_once(recipe):
    labels = np.repeat(np.arange(40, 76), 8)  # 36 people x 8 pictures
    out = recipe.batches(labels, np.random.default_rng(0), p=16, k=4)
    assert sorted(np.concatenate(out).tolist()) == list(range(len(labels)))
    assert [len(b) for b in out] == [64, 64, 16] * 2
    for b in out:
        people, counts = np.unique(labels[b], return_counts=True)
        assert (counts == 4).all() and len(people) == len(b) // 4
        assert (labels[b][::4] == labels[b][3::4]).all()  # a person's pictures sit together
    again = recipe.batches(labels, np.random.default_rng(0), p=16, k=4)
    assert all((a == b).all() for a, b in zip(out, again, strict=True))


def test_mirroring_flips_only_the_pictures_asked(recipe):
    images = np.random.default_rng(0).integers(0, 255, (2, 6, 6, 3), dtype=np.uint8)
    flipped = recipe.mirror(images, np.array([True, False]))
    np.testing.assert_array_equal(flipped[0], images[0][:, ::-1])
    np.testing.assert_array_equal(flipped[1], images[1])


def test_the_measures_on_encodings_worked_by_hand(recipe):
    # three people, two pictures each; person 9's second picture lies nearer person 7's pictures than its first
    e = np.array([[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 1, 0], [0, 0, 1], [0.8, 0, 0.6]], np.float32)
    labels = np.array([7, 7, 8, 8, 9, 9])
    same, different = recipe.pair_distances(e, labels)
    np.testing.assert_allclose(np.sort(same), [0, 0, np.sqrt(0.8)], atol=1e-6)
    np.testing.assert_allclose(np.sort(different), [np.sqrt(0.4)] * 2 + [np.sqrt(2)] * 10, atol=1e-6)
    v = recipe.verification(e, labels, threshold=0.7)
    assert v["same_pairs"] == 3 and v["different_pairs"] == 12
    assert v["true_accept"] == pytest.approx(2 / 3, abs=1e-4) and v["true_reject"] == pytest.approx(10 / 12, abs=1e-4)
    assert v["accuracy"] == pytest.approx(0.75, abs=1e-4)
    # a threshold between 0.894 and 1.414 accepts every same pair and still rejects 10 of 12 others
    assert v["best_threshold"] == 0.9 and v["best_accuracy"] == pytest.approx((1 + 10 / 12) / 2, abs=1e-4)
    assert v["auc"] == pytest.approx(34 / 36, abs=1e-5)
    assert v["median_same"] == 0.0 and v["median_different"] == pytest.approx(1.414, abs=1e-3)
    ident = recipe.identification(e, labels, threshold=0.7)
    # database: pictures 0, 2, 4; queries 1 and 3 find their person at distance 0, query 5 finds person 7
    assert ident["queries"] == 3 and ident["people"] == 3
    assert ident["top1"] == pytest.approx(2 / 3, abs=1e-4) and ident["admitted"] == pytest.approx(2 / 3, abs=1e-4)
    # the half database holds person 7 only; of the four pictures of persons 8 and 9, picture 5 comes within 0.7
    assert ident["strangers"] == 4 and ident["strangers_rejected"] == 0.75


def test_auc_counts_pairs_in_the_right_order(recipe):
    assert recipe.auc(np.array([0.1, 0.2]), np.array([0.3, 0.4])) == 1.0
    assert recipe.auc(np.array([0.3, 0.4]), np.array([0.1, 0.2])) == 0.0
    assert recipe.auc(np.array([0.1, 0.3]), np.array([0.2, 0.4])) == pytest.approx(0.75)
    assert recipe.auc(np.array([0.5]), np.array([0.5])) == pytest.approx(0.5)


def test_the_collapse_check_flags_a_constant_encoder_and_not_a_separating_one(recipe):
    import keras

    labels = np.repeat(np.arange(6), 4)
    pictures = np.random.default_rng(0).integers(0, 256, (24, 96, 96, 3), dtype=np.uint8)
    # a stand-in encoder that gives every picture the same encoding (what a collapsed triplet training ends with)
    constant = keras.Sequential([keras.Input((96, 96, 3)), keras.layers.Flatten(),
                                 keras.layers.Dense(128, kernel_initializer="zeros", bias_initializer="ones"),
                                 keras.layers.UnitNormalization()])
    assert recipe.collapsed(recipe.embed(constant, pictures), labels)
    one_axis_each = np.eye(128, dtype=np.float32)[labels]
    assert not recipe.collapsed(one_axis_each, labels)


@pytest.fixture
def run(run_script):
    return lambda name, *args: run_script(SCRIPT, name, *args)


def test_a_run_stopped_part_way_goes_on_from_where_it_stopped(run):
    """Two runs of the script on a few people: the first stops after one epoch, the second goes on and writes the
    encoder, its figures and its picture, and clears the work folder."""
    import keras

    out, stdout = run("a", "--epochs", "2", "--stop-after", "1")
    assert "stopped after epoch 1 of 2" in stdout and not (out / "face_encoder.keras").exists()
    assert (out / ".face_encoder.work" / "pictures.npz").is_file()
    out, stdout = run("a", "--epochs", "2")
    assert "resuming after epoch 1 of 2" in stdout
    figures = json.loads((out / "face_encoder.json").read_text())
    assert [row["epoch"] for row in figures["history"]] == [1, 2] and figures["quick"] is True
    assert figures["test_pictures"] == 4 * 8 and 0 <= figures["test_verification"]["accuracy"] <= 1
    assert set(figures["test_identification"]) >= {"top1", "admitted", "strangers_rejected"}
    assert sorted(figures["house"]) == [f"camera_{i}" for i in range(6)]
    assert not (out / ".face_encoder.work").exists() and (out / "face_encoder.png").is_file()
    model = keras.models.load_model(out / "face_encoder.keras")
    assert model.input.shape == (None, 96, 96, 3) and model.output.shape == (None, 128)


def test_the_committed_encoder_reaches_its_cards_figures_and_has_not_collapsed(recipe):
    """The card's figures on the 100 held-out people, measured again (make datasets draws them)."""
    from fr_utils import faceRecoModel, load_weights_from_FaceNet

    card = json.loads(CARD.read_text())
    model = faceRecoModel(input_shape=(96, 96, 3))
    load_weights_from_FaceNet(model)
    figures, _ = recipe.measure(model)
    assert figures["test_pictures"] == card["test_pictures"] == 800 and not figures["test_collapsed"]
    for key in ("accuracy", "best_accuracy", "auc", "true_accept", "true_reject"):
        assert figures["test_verification"][key] == pytest.approx(card["test_verification"][key], abs=0.01), key
    for key in ("median_same", "median_different"):
        assert figures["test_verification"][key] == pytest.approx(card["test_verification"][key], abs=0.02), key
    for key in ("top1", "admitted", "strangers_rejected"):
        assert figures["test_identification"][key] == pytest.approx(card["test_identification"][key], abs=0.02), key
    # the notebook's pictures (images/, make datasets): the distances the card gives; after new pictures, run
    # `python models/train_face_encoder.py --evaluate` to write them again
    house = recipe.on_house_pictures(model)
    for camera, row in card["house"].items():
        assert house[camera]["nearest"] == row["nearest"], camera
        for name, distance in row["distances"].items():
            assert house[camera]["distances"][name] == pytest.approx(distance, abs=0.01), (camera, name)
    # floors under the card: what the notebook's threshold needs
    v = figures["test_verification"]
    assert v["accuracy"] >= 0.95 and v["median_same"] < 0.5 and v["median_different"] > 1.0
