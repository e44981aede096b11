"""Make the pictures of C4W4B (neural style transfer); generated or derived here, so do not edit the outputs.

china.jpg            -- the content picture: scikit-learn's bundled photograph of a pagoda by a lake (640 x 427,
                        CC BY 2.0, danielbuechele on Flickr), copied byte for byte from the installed package;
china_small.jpg      -- the same photograph cut to 4:3 about its centre and shrunk to 400 x 300 (the size the notebook
                        optimises at);
impression.jpg       -- the style picture: a lily pond under willows painted by this script in the manner of the
                        impressionists, thousands of short brush strokes laid coarse to fine (800 x 600);
impression_small.jpg -- the same painting shrunk to 400 x 300;
swirls.jpg           -- a second style for the notebook's other examples: a night sky of strokes that wind around
                        whirlpools, with ringed stars and a moon (400 x 300);
nst_images.png       -- the three 400 x 300 pictures side by side with captions, for images/nst_images.md.

Every random draw comes from a generator seeded with SEED, so a rerun writes the same bytes:

    python images/make_nst_images.py
"""

from __future__ import annotations

import importlib.util
import shutil
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
SEED = 1872  # the year Monet painted "Impression, soleil levant"
QUALITY = 92
SMALL = (400, 300)  # width, height of the pictures the notebook works on
LARGE = (800, 600)
SUPERSAMPLE = 2  # strokes are drawn at twice the size and shrunk, which smooths their edges


# ----------------------------------------------------------------------------------------------------------------
# helpers shared by the two paintings


def smooth_noise(rng: np.random.Generator, size: tuple[int, int], cells: tuple[int, int]) -> np.ndarray:
    """A smooth random field in [0, 1] (roughly), made by enlarging a coarse grid of uniform draws.

    Arguments:
    rng -- the random generator
    size -- (width, height) of the field
    cells -- (columns, rows) of the coarse grid: more cells, finer blotches

    Returns:
    field -- float array of shape (height, width)
    """
    coarse = rng.random((cells[1], cells[0])).astype(np.float32)
    return np.asarray(Image.fromarray(coarse).resize(size, Image.Resampling.BICUBIC), dtype=np.float64)


def blend(a: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Mix the colour fields a and b (shape (H, W, 3) or (3,)) with the weights t in [0, 1] of shape (H, W)."""
    t = np.clip(t, 0.0, 1.0)[..., None]
    return a * (1.0 - t) + b * t


def smoothstep(e0: float, e1: float, x: np.ndarray) -> np.ndarray:
    """0 below e0, 1 above e1, a smooth ramp between."""
    t = np.clip((x - e0) / (e1 - e0), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def blur(target: np.ndarray, radius: float) -> np.ndarray:
    """A Gaussian blur of a colour field (float, 0-255) through Pillow; returns floats again."""
    picture = Image.fromarray(np.clip(target + 0.5, 0, 255).astype(np.uint8))
    return np.asarray(picture.filter(ImageFilter.GaussianBlur(radius)), dtype=np.float64)


def trace(x: np.ndarray, y: np.ndarray, angle: np.ndarray, length: np.ndarray, turn: np.ndarray,
          steps: int = 3) -> np.ndarray:
    """The paths of brush strokes centred at (x, y) that bend with a direction field, all strokes at once.

    Arguments:
    x, y -- the centres of the strokes (pixels), arrays of shape (n,)
    angle -- the field, shape (H, W): an undirected direction in radians per pixel
    length -- the length of each stroke along its path, shape (n,)
    turn -- an angle added to the field's all along each stroke (a painter's hand is not exact), shape (n,)
    steps -- points on each side of the centre

    Returns:
    points -- array of shape (n, 2 * steps + 1, 2), each stroke's points from one end to the other
    """
    h, w = angle.shape
    step = length / (2 * steps)
    halves = []
    for sign in (1.0, -1.0):
        px, py = x.copy(), y.copy()
        dx = dy = np.zeros_like(x)
        points = []
        for k in range(steps):
            a = angle[np.clip(py.astype(int), 0, h - 1), np.clip(px.astype(int), 0, w - 1)] + turn
            nx, ny = np.cos(a), np.sin(a)
            flip = (nx * dx + ny * dy < 0) | (k == 0 and sign < 0)
            nx, ny = np.where(flip, -nx, nx), np.where(flip, -ny, ny)
            dx, dy = nx, ny
            px, py = px + step * dx, py + step * dy
            points.append(np.stack([px, py], axis=-1))
        halves.append(points)
    return np.stack(halves[1][::-1] + [np.stack([x, y], axis=-1)] + halves[0], axis=1)


def outline(points: np.ndarray, width: np.ndarray, shift: np.ndarray | float = 0.0) -> np.ndarray:
    """The polygons of strokes of the given widths along their paths, tapering to 70 % at the ends.

    Arguments:
    points -- array (n, m, 2), the paths
    width -- array (n,), the widths
    shift -- moves each stroke sideways by that fraction of its width (for the second tone inside a stroke)

    Returns:
    polygon -- array (n, 2 m, 2): the left edge from the first point to the last, then the right edge back
    """
    m = points.shape[1]
    tangent = np.concatenate([points[:, 1:2] - points[:, :1], points[:, 2:] - points[:, :-2], points[:, -1:] - points[:, -2:-1]],
                             axis=1)
    norm = np.maximum(np.hypot(tangent[..., 0], tangent[..., 1]), 1e-9)
    normal = np.stack([-tangent[..., 1] / norm, tangent[..., 0] / norm], axis=-1)
    taper = 1.0 - 0.3 * np.abs(np.linspace(-1.0, 1.0, m)) ** 2
    half = (0.5 * width[:, None] * taper)[..., None]
    centre = points + normal * (np.asarray(shift) * width)[..., None, None]
    return np.concatenate([centre + normal * half, (centre - normal * half)[:, ::-1]], axis=1)


def paint(target: np.ndarray, angle: np.ndarray, rng: np.random.Generator, brushes, jitter: float = 14.0,
          ground: tuple[int, int, int] = (200, 190, 170)) -> Image.Image:
    """Paint a picture of the colour field `target` with short strokes laid along `angle`, coarse brushes first.

    Arguments:
    target -- float array (H, W, 3), 0-255, the scene to paint
    angle -- float array (H, W), the direction of the strokes at each pixel (radians, undirected)
    rng -- the random generator
    brushes -- list of (width, length, spacing, coverage) in target pixels, widest first; each brush paints a stroke
               on a jittered grid of the given spacing, everywhere with probability `coverage` and always where the
               canvas still differs from the (blurred) scene by more than a threshold
    jitter -- standard deviation of the per-stroke colour change (0-255 scale)
    ground -- the colour of the bare canvas

    Returns:
    picture -- an RGB image of the target's size
    """
    h, w = angle.shape
    s = SUPERSAMPLE
    canvas = Image.new("RGB", (w * s, h * s), ground)
    draw = ImageDraw.Draw(canvas)
    for width, length, spacing, coverage in brushes:
        reference = blur(target, width / 3)
        current = np.asarray(canvas.resize((w, h), Image.Resampling.BOX), dtype=np.float64)
        error = np.abs(current - reference).sum(axis=-1)
        ys, xs = np.mgrid[0:h:spacing, 0:w:spacing]
        xs = np.minimum(xs.ravel() + rng.uniform(0, spacing, xs.size), w - 1)
        ys = np.minimum(ys.ravel() + rng.uniform(0, spacing, ys.size), h - 1)
        n = xs.size
        ix, iy = xs.astype(int), ys.astype(int)
        lengths = length * rng.uniform(0.6, 1.4, n)
        widths = s * width * rng.uniform(0.75, 1.25, n)
        turns = rng.normal(0, 0.12, n)
        shades = rng.normal(0, jitter, (n, 3)) + rng.normal(0, jitter * 0.6, (n, 1))
        colours = np.clip(reference[iy, ix] + shades, 0, 255).astype(int)
        tones = np.clip(colours + rng.choice([-1.0, 1.0], (n, 1)) * rng.uniform(8, 20, (n, 1)), 0, 255).astype(int)
        sides = rng.uniform(-0.25, 0.25, n)
        chosen = (rng.random(n) < coverage) | (error[iy, ix] >= 40)
        order = rng.permutation(n)
        order = order[chosen[order]]
        paths = s * trace(xs[order], ys[order], angle, lengths[order], turns[order])
        k = order.size
        bodies = outline(paths, widths[order]).reshape(k, -1).tolist()
        # a second tone inside the wider strokes, as a brush loaded with two paints leaves
        inner = outline(paths[:, 1:-1], 0.4 * widths[order], sides[order]).reshape(k, -1).tolist()
        radius = 0.35 * widths[order, None, None]
        ends = np.concatenate([paths[:, [0, -1]] - radius, paths[:, [0, -1]] + radius], axis=-1).tolist()
        fills, second = [tuple(c) for c in colours[order].tolist()], [tuple(c) for c in tones[order].tolist()]
        wide = (widths[order] >= 8).tolist()
        for j in range(k):
            draw.polygon(bodies[j], fill=fills[j])
            draw.ellipse(ends[j][0], fill=fills[j])
            draw.ellipse(ends[j][1], fill=fills[j])
            if wide[j]:
                draw.polygon(inner[j], fill=second[j])
    return canvas.resize((w, h), Image.Resampling.LANCZOS)


def canvas_weave(picture: Image.Image, rng: np.random.Generator, strength: float = 0.035) -> Image.Image:
    """Lay a faint linen weave over a picture (a multiplicative pattern of about +-strength)."""
    w, h = picture.size
    y, x = np.mgrid[0:h, 0:w]
    weave = np.sin(x * (2 * np.pi / 3.0)) * np.sin(y * (2 * np.pi / 3.0)) + 0.5 * rng.standard_normal((h, w))
    pixels = np.asarray(picture, dtype=np.float64) * (1.0 + strength * weave / 1.5)[..., None]
    return Image.fromarray(np.clip(pixels + 0.5, 0, 255).astype(np.uint8))


def rgb(*c: float) -> np.ndarray:
    return np.array(c, dtype=np.float64)


# ----------------------------------------------------------------------------------------------------------------
# the content picture


def china_source() -> Path:
    """Where the installed scikit-learn keeps china.jpg (what `sklearn.datasets.load_sample_image` reads).

    Found without importing scikit-learn, which would take seconds.
    """
    package = importlib.util.find_spec("sklearn")
    if package is None or not package.submodule_search_locations:
        raise FileNotFoundError("scikit-learn is not installed: `make install` brings it")
    return Path(package.submodule_search_locations[0]) / "datasets" / "images" / "china.jpg"


def china_images(folder: Path = HERE) -> list[Path]:
    """Copy scikit-learn's china.jpg and write its 400 x 300 version (centred 4:3 cut, Lanczos)."""
    full = folder / "china.jpg"
    shutil.copyfile(china_source(), full)
    photo = Image.open(full).convert("RGB")
    w, h = photo.size
    cut_w, cut_h = min(w, round(h * 4 / 3)), min(h, round(w * 3 / 4))
    left, top = (w - cut_w) // 2, (h - cut_h) // 2
    small = photo.crop((left, top, left + cut_w, top + cut_h)).resize(SMALL, Image.Resampling.LANCZOS)
    path = folder / "china_small.jpg"
    small.save(path, quality=QUALITY)
    return [full, path]


# ----------------------------------------------------------------------------------------------------------------
# the impressionist lily pond


def lily_pond_scene(rng: np.random.Generator, size: tuple[int, int] = LARGE) -> tuple[np.ndarray, np.ndarray]:
    """The scene the lily-pond painting is painted from: a colour per pixel and a stroke direction per pixel.

    Sky and clouds at the top, framed by a weeping willow on each side; a far bank of bushes; below it the pond, which
    mirrors the sky and the willows, and on it drifts of lily pads (flattened ellipses, larger nearer the viewer)
    with pink, white and red flowers.
    """
    w, h = size
    y, x = np.mgrid[0:h, 0:w]
    u, v = x / w, y / h

    horizon = 0.36 + 0.03 * (smooth_noise(rng, size, (6, 2)) - 0.5)
    bank_top = horizon - 0.05 - 0.07 * smooth_noise(rng, size, (14, 3))
    # sky: cobalt at the top, lavender and pink near the horizon, cream clouds with violet undersides
    sky = blend(rgb(95, 150, 215), rgb(225, 190, 215), smoothstep(0.0, 0.34, v))
    clouds = smooth_noise(rng, size, (9, 5)) + 0.35 * smooth_noise(rng, size, (25, 12))
    sky = blend(sky, rgb(250, 240, 215), smoothstep(0.75, 1.05, clouds))
    sky = blend(sky, rgb(185, 165, 215), smoothstep(0.6, 0.75, clouds) * (1 - smoothstep(0.8, 1.0, clouds)) * 0.5)

    # far bank: deep and yellow greens, ochre, with a few pink and red shrubs
    bushes = smooth_noise(rng, size, (40, 8))
    bank = blend(rgb(45, 95, 60), rgb(140, 165, 60), bushes)
    bank = blend(bank, rgb(195, 160, 75), smoothstep(0.7, 0.85, smooth_noise(rng, size, (30, 6))))
    bank = blend(bank, rgb(215, 95, 130), smoothstep(0.8, 0.9, smooth_noise(rng, size, (50, 10))))

    # the willows: a canopy hanging from each top corner, longest at the picture's edge, its lower rim ragged with
    # fronds of different lengths; light and dark green streaks run down the fronds
    sway = smooth_noise(rng, size, (4, 10))
    ragged = smooth_noise(rng, size, (70, 2)) - 0.5
    hang_left = 0.66 - 0.58 * smoothstep(0.0, 0.36, u) ** 0.8 + 0.14 * ragged
    hang_right = 0.60 - 0.52 * smoothstep(1.0, 0.70, u) ** 0.8 + 0.14 * ragged
    hang = np.maximum(hang_left, hang_right)
    fronds = np.sin(2 * np.pi * (u * 38 + 2.0 * sway)) * 0.5 + 0.5
    leafy = smooth_noise(rng, size, (18, 14))
    willow_colour = blend(rgb(35, 80, 55), rgb(120, 165, 70), 0.6 * fronds + 0.5 * leafy - 0.1)
    willow_colour = blend(willow_colour, rgb(190, 200, 95), smoothstep(0.78, 0.95, leafy) * fronds)
    willow_colour = blend(willow_colour, rgb(60, 75, 120), smoothstep(0.25, 0.05, leafy) * 0.7)
    willow = smoothstep(0.015, -0.015, v - hang)

    # the pond: mirrored sky, deep blue and violet, dark green where the willows and the bank are reflected
    mirror = np.clip(2 * horizon - v, 0, 1)
    iy = np.clip((mirror * h).astype(int), 0, h - 1)
    reflected_sky = sky[iy, x]
    depth = smoothstep(0.0, 0.55, v - horizon)
    water = blend(reflected_sky * 0.85 + rgb(0, 10, 25), rgb(70, 80, 160), 0.25 + 0.55 * depth)
    water = blend(water, rgb(120, 85, 165), 0.45 * smoothstep(0.55, 0.85, smooth_noise(rng, size, (8, 12))))
    glints = smooth_noise(rng, size, (5, 16)) + 0.3 * smooth_noise(rng, size, (12, 40))
    water = blend(water, rgb(215, 205, 240), 0.75 * smoothstep(0.85, 1.1, glints) * smoothstep(0.95, 0.45, v))
    reflected_willow = np.maximum(smoothstep(0.22, 0.02, u), smoothstep(0.80, 0.98, u)) * smoothstep(0.95, 0.5, v)
    water = blend(water, rgb(40, 85, 85) + 40 * fronds[..., None] * rgb(0.3, 0.8, 0.4), 0.8 * reflected_willow)
    water = blend(water, rgb(40, 80, 70), smoothstep(0.07, 0.0, v - horizon) * 0.8)
    ripples = np.sin(2 * np.pi * (v * 60 + 3 * smooth_noise(rng, size, (6, 20)))) * 0.5 + 0.5
    water = water + (ripples[..., None] - 0.5) * rgb(30, 30, 25)

    scene = np.where((v < bank_top)[..., None], sky, np.where((v < horizon)[..., None], bank, water))
    scene = blend(scene, willow_colour, willow)

    # stroke directions: level on the water, up and down in the willows, gently drifting in the sky, dabs on the bank
    turn = smooth_noise(rng, size, (12, 9)) - 0.5
    angle = np.where(v < bank_top, 0.6 * turn, np.where(v < horizon, 2.5 * turn, 0.12 * turn))
    angle = np.where(willow > 0.5, np.pi / 2 + 0.35 * (sway - 0.5) + 0.3 * turn, angle)

    # lily pads in drifting groups, with flowers
    pond = Image.fromarray(np.clip(scene, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(pond)
    groups = smooth_noise(rng, size, (7, 6))
    pads = []
    for _ in range(900):
        px, py = rng.uniform(0, w), rng.uniform(horizon.min() * h + 8, h + 20)
        depth_here = max(0.0, (py / h - 0.36) / 0.64)
        if groups[min(int(py), h - 1), int(px)] < 0.52 + 0.1 * rng.random():
            continue
        r = (8 + 50 * depth_here ** 1.3) * rng.uniform(0.7, 1.2)
        squash = 0.28 + 0.22 * depth_here
        pads.append((px, py, r, squash))
    pads.sort(key=lambda p: p[1])  # far ones first
    flowers = []
    for px, py, r, squash in pads:
        green = [rgb(70, 130, 75), rgb(100, 145, 65), rgb(55, 115, 100), rgb(130, 150, 60)][rng.integers(4)]
        green = green + rng.normal(0, 12, 3)
        shadow = (px - r, py - r * squash + 0.25 * r * squash, px + r * 1.05, py + r * squash * 1.35)
        draw.ellipse(shadow, fill=(30, 45, 95))  # the pad's dark rim on the water, which sets it off
        draw.ellipse((px - r, py - r * squash, px + r, py + r * squash), fill=tuple(int(c) for c in np.clip(green, 0, 255)))
        lit = np.clip(green + rgb(50, 45, 0), 0, 255)
        draw.ellipse((px - r * 0.7, py - r * squash, px + r * 0.5, py), fill=tuple(int(c) for c in lit))
        if rng.random() < 0.3:
            flowers.append((px + rng.uniform(-0.3, 0.3) * r, py - r * squash * 0.5, 3 + 0.2 * r))
    for fx, fy, fr in flowers:
        petal = [rgb(240, 140, 175), rgb(250, 235, 240), rgb(225, 70, 105), rgb(245, 190, 210)][rng.integers(4)]
        draw.ellipse((fx - fr, fy - fr * 0.7, fx + fr, fy + fr * 0.5), fill=tuple(int(c) for c in petal))
        draw.ellipse((fx - fr * 0.3, fy - fr * 0.3, fx + fr * 0.3, fy + fr * 0.1), fill=(245, 200, 70))
    return np.asarray(pond, dtype=np.float64), angle


def impression_images(folder: Path = HERE, seed: int = SEED) -> list[Path]:
    """Paint the lily pond at 800 x 600 and write it with its 400 x 300 copy."""
    rng = np.random.default_rng([seed, 1])
    scene, angle = lily_pond_scene(rng)
    brushes = [(28, 70, 18, 1.0), (18, 50, 12, 0.6), (11, 32, 8, 0.3), (7, 18, 5, 0.1)]
    picture = canvas_weave(paint(scene, angle, rng, brushes, jitter=16.0), rng)
    large, small = folder / "impression.jpg", folder / "impression_small.jpg"
    picture.save(large, quality=QUALITY)
    picture.resize(SMALL, Image.Resampling.LANCZOS).save(small, quality=QUALITY)
    return [large, small]


# ----------------------------------------------------------------------------------------------------------------
# the swirling night sky


def night_sky_scene(rng: np.random.Generator, size: tuple[int, int] = SMALL) -> tuple[np.ndarray, np.ndarray]:
    """The scene of the swirl painting: bands of blues that wind around a few whirlpools, stars with halos, a moon.

    The flow is given by a stream function psi (a drift to the right, a slow wave, and a whirlpool around each
    centre, log-shaped so that its level lines are circles close in): the strokes run along the level lines of psi
    and the colour bands are stripes of psi, so both wind around the whirlpools together.
    """
    w, h = size
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    psi = 0.55 * y + 12 * np.sin(x / w * 2 * np.pi * 1.3 + 0.8) + 14 * (smooth_noise(rng, size, (4, 3)) - 0.5)
    centres = [(0.30, 0.40, 1.0), (0.63, 0.28, -0.8), (0.86, 0.64, 0.9), (0.10, 0.82, -0.7), (0.52, 0.78, 0.8)]
    for cu, cv, spin in centres:
        r2 = (x - cu * w) ** 2 + (y - cv * h) ** 2
        psi += spin * 26 * np.log(r2 / (0.03 * w) ** 2 + 1.0)
    gy, gx = np.gradient(psi)
    angle = np.arctan2(-gx, gy)  # along the level lines: perpendicular to the gradient
    bands = np.sin(2 * np.pi * psi / 9.0 + 2 * smooth_noise(rng, size, (10, 8))) * 0.5 + 0.5
    wide = np.sin(2 * np.pi * psi / 37.0) * 0.5 + 0.5
    mix = smooth_noise(rng, size, (20, 15))
    sky = blend(rgb(18, 32, 105), rgb(40, 85, 180), 0.6 * bands + 0.4 * wide)
    sky = blend(sky, rgb(125, 175, 230), smoothstep(0.75, 0.98, bands) * smoothstep(0.4, 0.8, wide))
    sky = blend(sky, rgb(235, 210, 95), smoothstep(0.72, 0.9, mix) * smoothstep(0.55, 0.85, bands) * 0.9)
    sky = blend(sky, rgb(230, 235, 215), smoothstep(0.85, 1.0, bands) * smoothstep(0.3, 0.1, mix) * 0.6)
    picture = Image.fromarray(np.clip(sky, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(picture)
    stars = [(rng.uniform(0.05, 0.95) * w, rng.uniform(0.05, 0.6) * h, rng.uniform(4, 9)) for _ in range(8)]
    moon = (0.86 * w, 0.15 * h, 17.0)
    for sx, sy, sr in [*stars, moon]:
        for k, colour in enumerate(((70, 110, 190), (250, 225, 120), (35, 60, 140), (245, 245, 205))):
            rr = sr * (2.2 - 0.45 * k)
            draw.ellipse((sx - rr, sy - rr, sx + rr, sy + rr), fill=colour)
    mx, my, mr = moon
    draw.ellipse((mx - mr, my - mr, mx + mr, my + mr), fill=(245, 210, 80))
    draw.ellipse((mx - mr * 0.5, my - mr * 1.1, mx + mr * 1.3, my + mr * 0.7), fill=(240, 240, 180))
    # around the stars and the moon the strokes circle
    for sx, sy, sr in [*stars, moon]:
        dx, dy = x - sx, y - sy
        angle = np.where(dx * dx + dy * dy < (2.4 * sr) ** 2, np.arctan2(dy, dx) + np.pi / 2, angle)
    return np.asarray(picture, dtype=np.float64), angle


def swirls_image(folder: Path = HERE, seed: int = SEED) -> Path:
    """Paint the night sky at 400 x 300 and write it."""
    rng = np.random.default_rng([seed, 2])
    scene, angle = night_sky_scene(rng)
    brushes = [(7, 30, 6, 1.0), (4.5, 20, 4, 0.8), (3, 12, 3, 0.3)]
    picture = paint(scene, angle, rng, brushes, jitter=18.0, ground=(30, 40, 90))
    path = folder / "swirls.jpg"
    picture.save(path, quality=QUALITY)
    return path


# ----------------------------------------------------------------------------------------------------------------
# the contact sheet of the datasheet


def contact_sheet(folder: Path = HERE) -> Path:
    """Put china_small, impression_small and swirls side by side, each with a caption underneath."""
    names = [("china_small.jpg", "content: china_small.jpg (photo)"),
             ("impression_small.jpg", "style: impression_small.jpg (generated)"),
             ("swirls.jpg", "style: swirls.jpg (generated)")]
    gap, caption = 8, 26
    sheet = Image.new("RGB", (3 * SMALL[0] + 4 * gap, SMALL[1] + caption + 2 * gap), "white")
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=15)
    for k, (name, text) in enumerate(names):
        left = gap + k * (SMALL[0] + gap)
        sheet.paste(Image.open(folder / name).convert("RGB"), (left, gap))
        draw.text((left + SMALL[0] / 2, gap + SMALL[1] + 6), text, fill="black", font=font, anchor="ma")
    path = folder / "nst_images.png"
    sheet.save(path, optimize=False)
    return path


def main(folder: Path = HERE) -> list[Path]:
    """Write every picture of C4W4B into folder; returns their paths."""
    return [*china_images(folder), *impression_images(folder), swirls_image(folder), contact_sheet(folder)]


if __name__ == "__main__":
    start = time.perf_counter()
    for written in main():
        print(f"wrote {written}")
    print(f"in {time.perf_counter() - start:.1f} s")
