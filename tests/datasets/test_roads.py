"""Road scenes for C4W3 (car detection with YOLO): file format, determinism, exact boxes, the scripted test.jpg,
perspective and class balance (datasets/roads.md)."""

import sys
from pathlib import Path

import h5py
import numpy as np
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "datasets"))
import make_roads  # noqa: E402
import roads  # noqa: E402

H5 = ROOT / "datasets" / "roads_test.h5"


@pytest.fixture(scope="module")
def data():
    return make_roads.load_test_set(ROOT / "datasets")


def test_file_format():
    with h5py.File(H5) as f:
        assert set(f) == {"images", "boxes", "classes", "n_boxes", "image_shape", "class_ids", "class_names"}
        n, m = make_roads.N_TEST, make_roads.MAX_BOXES
        assert f["images"].shape == (n, 608, 608, 3) and f["images"].dtype == np.uint8
        assert f["boxes"].shape == (n, m, 4) and f["boxes"].dtype == np.float32
        assert f["classes"].shape == (n, m) and f["classes"].dtype == np.int64
        assert f["n_boxes"].shape == (n,) and f["n_boxes"].dtype == np.int64
        assert list(f["image_shape"][:]) == [720.0, 1280.0]
        assert list(f["class_ids"][:]) == [0, 2, 5, 7, 9, 11]
        assert [s.decode() for s in f["class_names"][:]] == ["person", "car", "bus", "truck", "traffic light", "stop sign"]


def test_boxes_are_inside_the_frame_and_not_degenerate(data):
    n = data["n_boxes"]
    for i in range(len(n)):
        b, c = data["boxes"][i], data["classes"][i]
        assert (c[: n[i]] >= 0).all() and (c[n[i] :] == -1).all() and (b[n[i] :] == 0).all()
        b = b[: n[i]]
        assert (b[:, 0] >= 0).all() and (b[:, 1] >= 0).all() and (b[:, 2] <= 608).all() and (b[:, 3] <= 608).all()
        assert ((b[:, 2] - b[:, 0]) >= 2).all() and ((b[:, 3] - b[:, 1]) >= 4).all(), i
    assert set(np.unique(data["classes"][data["classes"] >= 0])) <= set(roads.CLASS_IDS)
    assert n.min() >= 1


def test_generation_is_deterministic(data):
    """Each scene has its own generator: redrawing the first scenes gives the stored pixels and boxes exactly."""
    for i in range(3):
        img, b, c = make_roads.draw_test_scene(i)
        assert np.array_equal(img, data["images"][i])
        assert np.array_equal(b, data["boxes"][i, : data["n_boxes"][i]]) and np.array_equal(c, data["classes"][i, : len(c)])
    again = roads.draw_scene(np.random.default_rng([make_roads.SEED, 1, 0]), 608, 608)
    assert np.array_equal(again[0], data["images"][0])


def test_the_scripted_test_picture_has_the_seeds_seven_boxes():
    """test.jpg: six cars and a bus exactly where the seed printed them ("Found 7 boxes for test.jpg")."""
    img, boxes, classes = make_roads.draw_test_picture()
    assert img.shape == (720, 1280, 3)
    want = sorted((roads.BUS if name == "bus" else roads.CAR, box) for name, box in make_roads.SEED_BOXES)
    got = sorted((int(c), tuple(float(v) for v in b)) for b, c in zip(boxes, classes, strict=True))
    assert [c for c, _ in got] == [c for c, _ in want]
    for (_, g), (_, w) in zip(got, want, strict=True):
        assert np.allclose(g, w, atol=1.0), (g, w)
    shipped = np.asarray(Image.open(ROOT / "images" / "test.jpg").convert("RGB"), float)
    assert shipped.shape == img.shape and np.abs(shipped - img).mean() < 3.0  # the committed JPEG is this picture


def test_layout_boxes_are_exact_and_clipped():
    layout = [(roads.CAR, (100, 400, 300, 560)), (roads.TRUCK, (1100, 300, 1400, 600)), (roads.PERSON, (700, 350, 730, 430))]
    out = roads.render_scene(np.random.default_rng(5), 1280, 720, layout, setting="city", lighting="overcast")
    got = {int(c): b for b, c in zip(out["boxes"], out["classes"], strict=True)}
    assert np.allclose(got[roads.CAR], (100, 400, 300, 560), atol=1.0)
    assert np.allclose(got[roads.TRUCK], (1100, 300, 1280, 600), atol=1.0)  # cut by the frame
    assert np.allclose(got[roads.PERSON], (700, 350, 730, 430), atol=1.0)
    small = roads.draw_scene(np.random.default_rng(5), 608, 608, [(roads.CAR, (100, 300, 200, 380))])
    assert np.allclose(small[1][0], (100, 300, 200, 380), atol=1.0) and small[0].shape == (608, 608, 3)


def test_near_traffic_puts_a_vehicle_close_ahead_and_changes_nothing_else(data):
    """near=True (a share of the detector's training scenes): a vehicle whose nearest point is about 2.5-9 m away in the
    camera's lane or the next one, which random scenes seldom have; near=False draws exactly the held-out scenes."""
    vehicles = {roads.CAR, roads.BUS, roads.TRUCK}
    for seed in range(10):
        rng = np.random.default_rng(seed)
        setting = ("city", "suburb", "highway")[seed % 3]
        road = roads._random_road(rng, setting)
        things = roads._random_things(rng, roads.Camera(), roads.Light(), road, setting, near=True)
        nearest = min(t.z for t in things if t.cls in vehicles)
        assert 1.5 <= nearest <= 9.5, (seed, nearest)  # 2.5-9 m to its back by the length of a car; nearer when longer
    img, _, _ = roads.draw_scene(np.random.default_rng([make_roads.SEED, make_roads.SPLITS["test"], 1]), 608, 608, near=False)
    assert np.array_equal(img, data["images"][1])


def test_perspective_far_objects_are_smaller_and_higher(data):
    cam = roads.Camera(f=640, hc=1.3, cx=640, horizon=320)
    light = roads.Light()
    rng = np.random.default_rng(0)
    prisms, length, _ = roads.make_vehicle(rng, "saloon", (200, 30, 30))
    near = roads._bbox(roads.vehicle_ops(prisms, length, cam, light, 0.0, 10.0, 0.0)[0])
    far = roads._bbox(roads.vehicle_ops(prisms, length, cam, light, 0.0, 40.0, 0.0)[0])
    assert (far[3] - far[1]) < 0.5 * (near[3] - near[1]) and (far[2] - far[0]) < 0.5 * (near[2] - near[0])
    assert far[3] < near[3] and far[1] > near[1]  # the far car's bottom is higher, nearer the horizon
    # in the test set, a car's box is the larger the lower it stands
    cars = data["boxes"][data["classes"] == roads.CAR]
    assert np.corrcoef(cars[:, 3], cars[:, 3] - cars[:, 1])[0, 1] > 0.6


def test_class_balance_as_the_datasheet_says(data):
    c = data["classes"][data["classes"] >= 0]
    share = {k: float(np.mean(c == k)) for k in roads.CLASS_IDS}
    limits = {0: (0.07, 0.16), 2: (0.6, 0.78), 5: (0.03, 0.09), 7: (0.04, 0.12), 9: (0.025, 0.08), 11: (0.002, 0.02)}
    for k, (lo, hi) in limits.items():
        assert lo <= share[k] <= hi, (roads.CLASS_NAMES[k], share[k])
    assert 5.5 <= data["n_boxes"].mean() <= 8.0
