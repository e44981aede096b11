"""The pictures of C4W4B (images/make_nst_images.py): sizes, provenance, reruns, and paintings that look painted."""

import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "images"))
import make_nst_images  # noqa: E402

SIZES = {
    "china_small.jpg": (400, 300),
    "impression.jpg": (800, 600),
    "impression_small.jpg": (400, 300),
    "swirls.jpg": (400, 300),
    "nst_images.png": None,  # a contact sheet: its size follows from the layout
}
PAINTINGS = ("impression_small.jpg", "swirls.jpg")


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("nst")
    written = make_nst_images.main(folder)
    assert sorted(p.name for p in written) == sorted(["china.jpg", *SIZES])
    return folder


def pixels(path: Path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB"), dtype=np.float64)


def grey(path: Path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("L"), dtype=np.float64)


def mean_abs_laplacian(g: np.ndarray) -> float:
    return float(np.abs(4 * g[1:-1, 1:-1] - g[:-2, 1:-1] - g[2:, 1:-1] - g[1:-1, :-2] - g[1:-1, 2:]).mean())


def flattest_patch(g: np.ndarray, patch: int = 20) -> float:
    """The smallest standard deviation of grey level over the picture's patch x patch tiles."""
    h, w = (g.shape[0] // patch) * patch, (g.shape[1] // patch) * patch
    tiles = g[:h, :w].reshape(h // patch, patch, w // patch, patch)
    return float(tiles.std(axis=(1, 3)).min())


def colour_histogram(path: Path) -> np.ndarray:
    """Share of the pixels in each of 8 x 8 x 8 colour boxes."""
    a = np.asarray(Image.open(path).convert("RGB")) // 32
    index = (a[..., 0].astype(int) * 64 + a[..., 1] * 8 + a[..., 2]).ravel()
    return np.bincount(index, minlength=512) / index.size


def test_sizes_and_modes(made):
    for name, size in SIZES.items():
        with Image.open(made / name) as picture:
            assert picture.mode == "RGB", name
            if size is not None:
                assert picture.size == size, name
    with Image.open(made / "nst_images.png") as sheet:
        assert sheet.width >= 3 * 400 and sheet.height >= 300


def test_china_is_scikit_learns_photograph(made):
    """china.jpg is the bundled file itself; china_small.jpg is its centred 4:3 cut, shrunk (checked here another way)."""
    from sklearn.datasets import load_sample_image

    original = load_sample_image("china.jpg")
    assert np.array_equal(np.asarray(Image.open(made / "china.jpg").convert("RGB")), original)
    h, w = original.shape[:2]
    cut = round(h * 4 / 3)
    left = (w - cut) // 2
    expected = Image.fromarray(original[:, left:left + cut]).resize((400, 300), Image.Resampling.BILINEAR)
    small = pixels(made / "china_small.jpg")
    assert np.corrcoef(small.ravel(), np.asarray(expected, dtype=np.float64).ravel())[0, 1] > 0.95
    # the same test fails for a picture that is not the photograph (here: the painting)
    assert np.corrcoef(pixels(made / "impression_small.jpg").ravel(), np.asarray(expected, dtype=float).ravel())[0, 1] < 0.5


def test_small_painting_is_the_large_one_shrunk(made):
    shrunk = Image.open(made / "impression.jpg").convert("RGB").resize((400, 300), Image.Resampling.BILINEAR)
    small = pixels(made / "impression_small.jpg")
    assert np.corrcoef(small.ravel(), np.asarray(shrunk, dtype=np.float64).ravel())[0, 1] > 0.95


def test_rerun_writes_the_same_bytes(made, tmp_path):
    make_nst_images.main(tmp_path)
    for name in ["china.jpg", *SIZES]:
        assert (tmp_path / name).read_bytes() == (made / name).read_bytes(), name


def test_committed_pictures_match_the_script(made):
    """The pictures in images/ are what the script draws now (after a change to it: `python images/make_nst_images.py`).

    Byte equality is expected on the machine that made them; elsewhere a last-bit difference in a sine may move a stroke
    by a pixel, so the comparison allows a tiny average difference, far below what any change of the script gives.
    """
    for name in ["china.jpg", *SIZES]:
        committed = make_nst_images.HERE / name
        assert committed.exists(), f"{name} is missing: run `python images/make_nst_images.py`"
        if committed.read_bytes() == (made / name).read_bytes():
            continue
        difference = np.abs(pixels(committed) - pixels(made / name)).mean()
        assert difference < 0.5, f"{name} differs from what the script draws (mean {difference:.2f} per channel)"


@pytest.mark.parametrize("name", PAINTINGS)
def test_paintings_are_made_of_visible_strokes(made, name):
    g = grey(made / name)
    # strong texture at the scale of a few pixels: sharp stroke edges that a 2-pixel blur takes away
    blurred = np.asarray(Image.open(made / name).convert("L").filter(ImageFilter.GaussianBlur(2)), dtype=np.float64)
    assert mean_abs_laplacian(g) > 5 * mean_abs_laplacian(blurred)
    # no flat area anywhere: every 20 x 20 tile holds strokes (the photograph's sky, for contrast, is flat)
    assert flattest_patch(g) > 6
    assert flattest_patch(grey(made / "china_small.jpg")) < 6
    # and not noise: strokes are several pixels wide, so pixels two apart are alike
    assert np.corrcoef(g[:, :-2].ravel(), g[:, 2:].ravel())[0, 1] > 0.6
    assert np.corrcoef(g[:-2].ravel(), g[2:].ravel())[0, 1] > 0.6


@pytest.mark.parametrize("name", PAINTINGS)
def test_paintings_have_many_colours_unlike_the_photographs(made, name):
    picture = np.asarray(Image.open(made / name).convert("RGB"))
    assert len(np.unique(picture.reshape(-1, 3), axis=0)) > 30_000
    distance = 0.5 * np.abs(colour_histogram(made / name) - colour_histogram(made / "china_small.jpg")).sum()
    assert distance > 0.6  # total variation distance of the colour histograms: 0 alike, 1 no colour in common


def test_lily_pond_has_its_parts(made):
    """Greens (willows and pads) above blues and violets (the pond) in the lower half, with pink flowers on it."""
    a = pixels(made / "impression_small.jpg")
    r, g, b = a[..., 0], a[..., 1], a[..., 2]
    top, bottom = slice(0, 60), slice(150, 300)
    assert (g[top] > b[top]).mean() > 0.5  # the willow canopy
    assert (b[bottom] > g[bottom]).mean() > 0.3  # open water
    assert (g[bottom] > b[bottom] + 10).mean() > 0.2  # lily pads
    pink = (r > 180) & (r > g + 40) & (b > g)
    assert pink[bottom].sum() > 50


def test_night_sky_is_blue_with_yellow_stars(made):
    a = pixels(made / "swirls.jpg")
    r, g, b = a[..., 0], a[..., 1], a[..., 2]
    assert (b > r + 40).mean() > 0.7
    assert ((r > 180) & (g > 150) & (b < 140)).sum() > 500
