"""models/train_yolo_roads.py (`make models`) and the detector it trained (models/yolo_roads.keras, committed).

The recipe's pieces (scene encoding, mirroring, learning rate, NMS, average precision) and a whole run of the script
on a few scenes are tested here; so is the committed detector against its model card, on the held-out scenes.
"""

import importlib.util
import json

import numpy as np
import pytest

from autograder import REPO_ROOT

SCRIPT = REPO_ROOT / "models" / "train_yolo_roads.py"


@pytest.fixture(scope="module")
def recipe():
    spec = importlib.util.spec_from_file_location("train_yolo_roads", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pixel_boxes_become_centre_and_size_fractions_and_back(recipe):
    boxes = np.array([[10, 20, 110, 70], [0, 0, 304, 304]], np.float32)
    encoded = recipe.true_boxes(boxes, [2, 7], 304, 304)
    assert encoded.shape == (recipe.MAX_BOXES, 5) and not encoded[2:].any()
    np.testing.assert_allclose(encoded[0], [60 / 304, 45 / 304, 100 / 304, 50 / 304, 2], rtol=1e-6)
    back, classes = recipe.pixel_boxes(encoded, 304)
    np.testing.assert_allclose(back, boxes, atol=1e-4)
    assert classes.tolist() == [2, 7]


def test_mirroring_flips_the_picture_and_its_boxes_only_where_asked(recipe):
    images = np.random.default_rng(0).integers(0, 255, (2, 152, 152, 3), dtype=np.uint8)
    boxes = np.zeros((2, recipe.MAX_BOXES, 5), np.float32)
    boxes[:, 0] = [0.2, 0.5, 0.1, 0.1, 2]
    flipped, moved = recipe.mirror(images, boxes, np.array([True, False]))
    np.testing.assert_array_equal(flipped[0], images[0][:, ::-1])
    np.testing.assert_array_equal(flipped[1], images[1])
    assert moved[0, 0, 0] == pytest.approx(0.8) and moved[1, 0, 0] == pytest.approx(0.2)
    assert not moved[0, 1:].any()  # padding rows stay zero
    assert boxes[0, 0, 0] == pytest.approx(0.2)  # the inputs are left alone


def test_nms_keeps_the_best_of_overlapping_boxes(recipe):
    boxes = np.array([[0, 0, 10, 10], [1, 1, 11, 11], [20, 20, 30, 30], [0, 0, 10, 9]], float)
    scores = np.array([0.6, 0.9, 0.5, 0.95])
    assert recipe.nms(boxes, scores, 0.5, 10).tolist() == [3, 2]
    assert recipe.nms(boxes, scores, 0.95, 10).tolist() == [3, 1, 0, 2]
    assert recipe.nms(boxes, scores, 0.5, 1).tolist() == [3]


def test_average_precision_on_cases_worked_by_hand(recipe):
    truth = [(np.array([[0, 0, 10, 10], [20, 0, 30, 10]], float), np.array([2, 2]))]
    perfect = [(np.array([[0, 0, 10, 10], [20, 0, 30, 10]], float), np.array([0.9, 0.8]), np.array([2, 2]))]
    assert recipe.average_precision(perfect, truth, 2) == (1.0, 2)
    # a false box ranked first: precision 0, 1/2, 2/3 at recall 0, 1/2, 1 -> envelope 2/3 over both steps
    false_first = [(np.array([[50, 50, 60, 60], [0, 0, 10, 10], [20, 0, 30, 10]], float), np.array([0.95, 0.9, 0.8]), np.array([2, 2, 2]))]
    assert recipe.average_precision(false_first, truth, 2)[0] == pytest.approx(2 / 3)
    # one car found, the other missed; a second box on the found car is a duplicate (false)
    half = [(np.array([[0, 0, 10, 10], [0, 0, 10, 10.5]], float), np.array([0.9, 0.8]), np.array([2, 2]))]
    assert recipe.average_precision(half, truth, 2)[0] == pytest.approx(0.5)
    # boxes of another class do not count; a class with no true box has no AP
    other = [(np.array([[0, 0, 10, 10]], float), np.array([0.9]), np.array([5]))]
    assert recipe.average_precision(other, truth, 2) == (0.0, 2)
    ap, n = recipe.average_precision(perfect, truth, 5)
    assert np.isnan(ap) and n == 0


def test_boxes_too_small_to_judge_count_neither_way(recipe):
    truth = [(np.array([[0, 0, 10, 10], [20, 0, 30, 4]], float), np.array([2, 2]))]  # the second is 4 px tall
    missed_small = [(np.array([[0, 0, 10, 10]], float), np.array([0.9]), np.array([2]))]
    assert recipe.average_precision(missed_small, truth, 2) == (0.5, 2)
    assert recipe.average_precision(missed_small, truth, 2, min_height=5) == (1.0, 1)
    # boxes on the small one, even two of them, ranked first: not false, not right
    found_small = [(np.array([[20, 0, 30, 4], [20, 0, 30, 4.2], [0, 0, 10, 10]], float), np.array([0.95, 0.94, 0.5]), np.array([2, 2, 2]))]
    assert recipe.average_precision(found_small, truth, 2, min_height=5) == (1.0, 1)
    # a false box elsewhere still counts
    false = [(np.array([[50, 50, 60, 60], [0, 0, 10, 10]], float), np.array([0.95, 0.5]), np.array([2, 2]))]
    assert recipe.average_precision(false, truth, 2, min_height=5)[0] == pytest.approx(0.5)


def test_detections_decode_one_confident_anchor_into_its_box(recipe):
    from yolo_utils import read_anchors

    anchors = read_anchors("model_data/yolo_anchors.txt")
    raw = np.full((19, 19, 5, 85), -8.0, np.float32)
    raw[..., 5:] = 0
    raw[9, 4, 3, 0:5] = [0.0, 0.0, 0.0, 0.0, 8.0]  # centre of cell (9, 4), anchor 3's own size
    raw[9, 4, 3, 5 + 2] = 12.0
    boxes, scores, classes = recipe.detections(raw.reshape(19, 19, 425), anchors, 608, 608)
    assert classes.tolist()[0] == 2 and scores[0] > 0.99 and (scores[1:] < 0.01 * scores[0]).all()
    w, h = anchors[3] * 32
    np.testing.assert_allclose(boxes[0], [4.5 * 32 - w / 2, 9.5 * 32 - h / 2, 4.5 * 32 + w / 2, 9.5 * 32 + h / 2], rtol=1e-4)


def test_training_scenes_are_a_split_of_their_own_and_repeatable(recipe):
    a_img, a_box = recipe.draw_training_scene(5)
    b_img, b_box = recipe.draw_training_scene(5)
    np.testing.assert_array_equal(a_img, b_img)
    np.testing.assert_array_equal(a_box, b_box)
    assert a_img.shape == (304, 304, 3) and a_img.dtype == np.uint8
    from make_roads import SPLITS

    assert len(set(SPLITS.values())) == len(SPLITS) and "train" in SPLITS


@pytest.fixture
def run(run_script):
    return lambda name, *args: run_script(SCRIPT, name, *args)


@pytest.mark.slow
def test_a_run_stopped_part_way_goes_on_and_ends_where_an_uninterrupted_run_ends(run):
    """Three runs of the script on a few scenes: one stopped after its first epoch and started again, one straight
    through; the two models are the same to the last bit (op determinism, and the optimizer's state kept)."""
    import keras

    out, stdout = run("a", "--epochs", "2", "--stop-after", "1")
    assert "stopped after epoch 1 of 2" in stdout and not (out / "yolo_roads.keras").exists()
    out, stdout = run("a", "--epochs", "2")
    assert "resuming after epoch 1 of 2" in stdout
    figures = json.loads((out / "yolo_roads.json").read_text())
    assert [row["epoch"] for row in figures["history"]] == [1, 2] and figures["quick"] is True and figures["test_scenes"] == 8
    assert not (out / ".yolo_roads.work").exists() and (out / "yolo_roads.png").is_file()
    straight, _ = run("b", "--epochs", "2")
    a = keras.models.load_model(out / "yolo_roads.keras")
    b = keras.models.load_model(straight / "yolo_roads.keras")
    assert a.input.shape == (None, 608, 608, 3)
    for wa, wb in zip(a.get_weights(), b.get_weights(), strict=True):
        np.testing.assert_array_equal(wa, wb)


@pytest.mark.slow
def test_the_committed_detector_reaches_its_cards_average_precision(recipe):
    """The card's per-class AP@0.5 on the 300 held-out scenes, measured again (make datasets draws them), and what it
    finds on the notebook's test.jpg."""
    from yolo_utils import load_yolo_model, read_anchors

    card = json.loads((REPO_ROOT / "models" / "yolo_roads.json").read_text())
    test = recipe.held_out(quick=False)
    anchors = read_anchors("model_data/yolo_anchors.txt")
    model = load_yolo_model()
    jpg = recipe.on_test_jpg(model, anchors)
    assert jpg["seed_boxes_found"] == card["test_jpg"]["seed_boxes_found"] >= 5  # of the seed's 7, at yolo_eval's defaults
    np.testing.assert_allclose(jpg["boxes"], card["test_jpg"]["boxes"], atol=2)
    per_class, mean_ap, mean_visible = recipe.evaluate(model, test["images"], test["boxes"], test["classes"], anchors)
    assert mean_ap == pytest.approx(card["test_map"], abs=0.01) and mean_visible == pytest.approx(card["test_map_visible"], abs=0.01)
    for name, row in card["test_ap"].items():
        assert per_class[name]["boxes"] == row["boxes"] and per_class[name]["visible_boxes"] == row["visible_boxes"]
        assert per_class[name]["ap"] == pytest.approx(row["ap"], abs=0.02)
        assert per_class[name]["ap_visible"] == pytest.approx(row["ap_visible"], abs=0.02)
    assert per_class["car"]["ap_visible"] >= 0.6  # a floor under the card: the detector finds most visible cars
