"""A parametric face renderer: head-and-shoulders pictures of drawn people in a room.

Used by `make_happy.py` (Happy House: smiling or not) and meant for later data sets that need the same person in
several pictures (face recognition). Everything a picture shows is split in two:

* an `Identity`: what stays the same for one person from picture to picture: face shape, skin tone, hair style and
  colour, eyes, brows, nose, mouth width and lips, ears, glasses, beard, a mole;
* a `Picture`: what changes from one photograph to the next: the expression, the pose (turn, nod, tilt), where the
  head is in the frame and how large, the clothes, the lighting, the room behind, blur and noise.

API (all pure functions of their arguments; the same arguments give the same bytes):

    rng = numpy.random.default_rng(seed)
    person = random_identity(rng)                        # an Identity
    shot = random_picture(rng, expression="smile")       # a Picture (expression=None: any of EXPRESSIONS)
    image = render(person, shot, size=64)                # numpy uint8 array (size, size, 3)
    is_smiling(shot)                                     # True for "smile" and "grin"

`Identity` and `Picture` are frozen dataclasses: `dataclasses.replace(shot, expression="neutral")` gives the same
photograph with another expression, `replace(shot, yaw=0.0, roll=0.0)` a frontal one, and so on. The random parts of
a picture (the room's furniture, the sensor noise) come from integer seeds stored in the Picture, so a Picture
describes one image completely.

Drawing: Pillow at 4x the output size, a shading pass (a light from one side, darker rim) in numpy, an affine
transform for tilt, scale and position, then a camera step (light ramp over the whole frame, exposure, gamma, colour
cast), a Lanczos downsample, blur and noise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

# ------------------------------------------------------------------ vocabulary
NOT_SMILING = ("neutral", "frown", "surprised", "talking")
SMILING = ("smile", "grin")  # closed-lip smile; open smile showing the upper teeth
EXPRESSIONS = NOT_SMILING + SMILING

HAIR_STYLES = ("bald", "buzz", "short", "side_part", "curly", "afro", "bob", "long", "bun", "ponytail", "receding")
BEARDS = (None, "stubble", "moustache", "goatee", "full")
NOSES = ("button", "straight", "wide")
GLASSES = (None, "round", "rect")

# skin tones from very light to very dark (the whole human range); identities interpolate between neighbours
SKIN_TONES = np.array([
    (255, 226, 206), (243, 205, 178), (234, 189, 157), (224, 172, 128), (198, 144, 104), (176, 120, 84),
    (150, 98, 64), (120, 76, 50), (92, 58, 40), (66, 42, 30),
], dtype=float)
HAIR_COLOURS = {
    "black": (24, 20, 20), "dark brown": (58, 38, 26), "brown": (102, 68, 40), "auburn": (128, 56, 30),
    "red": (176, 82, 38), "dark blonde": (168, 134, 82), "blonde": (222, 192, 128), "grey": (140, 138, 136),
    "white": (222, 220, 214), "dyed blue": (50, 80, 170), "dyed pink": (208, 96, 150),
}
HAIR_WEIGHTS = np.array([30, 22, 14, 6, 4, 7, 7, 5, 3, 1, 1], dtype=float)
EYE_COLOURS = [(60, 36, 20), (96, 60, 30), (58, 110, 160), (70, 120, 70), (110, 100, 60), (90, 90, 100)]
SHIRT_COLOURS = [(30, 60, 140), (190, 40, 40), (240, 240, 236), (40, 40, 44), (60, 130, 70), (230, 200, 60),
                 (120, 70, 140), (200, 110, 40), (120, 160, 200), (150, 150, 150), (90, 60, 40), (230, 140, 160)]
WALL_COLOURS = [(226, 214, 190), (196, 208, 214), (214, 190, 160), (176, 170, 160), (236, 232, 222), (190, 210, 180),
                (220, 190, 190), (150, 166, 190), (120, 110, 100), (232, 220, 160), (180, 150, 120), (90, 100, 90)]


@dataclass(frozen=True)
class Identity:
    """What stays the same for one person. Lengths are fractions of the head's half-width unless said otherwise."""

    face_width: float  # head half-width, x the standard (0.86-1.1)
    face_height: float  # head half-height, x the standard (0.92-1.1)
    jaw: float  # 0 = round jaw, 1 = square
    chin: float  # 0 = broad chin, 1 = pointed
    skin: tuple  # RGB
    hair_style: str  # one of HAIR_STYLES
    hair_colour: tuple  # RGB
    hairline: float  # how low the hair comes on the forehead (0-1)
    eye_colour: tuple  # RGB of the iris
    eye_spacing: float  # half the distance between the eyes
    eye_size: float  # x the standard
    eye_height: float  # shift of the eye line, fraction of the head's half-height (+ = lower)
    brow_thickness: float  # x the standard
    brow_colour: tuple
    brow_arch: float  # 0 = straight, 1 = arched
    nose: str  # one of NOSES
    nose_size: float
    mouth_width: float  # x the standard
    lip_colour: tuple
    lip_thickness: float
    ear_size: float
    glasses: str | None  # one of GLASSES
    glasses_colour: tuple
    beard: str | None  # one of BEARDS
    mole: tuple | None  # (x, y) on the face, in head half-widths / half-heights from the centre, or None


@dataclass(frozen=True)
class Picture:
    """What changes from one photograph of a person to the next."""

    expression: str  # one of EXPRESSIONS
    strength: float  # 0-1: how marked the expression is (a slight or a broad smile, ...)
    mouth_jitter: tuple  # three numbers in [-1, 1]: small variations of the mouth's width, corners and opening
    squint: float  # 0 = eyes wide open, 1 = narrowed
    gaze: tuple  # (dx, dy) of the irises, in [-1, 1]
    yaw: float  # head turned left/right, -1..1 (about +-35 degrees at 1)
    pitch: float  # nod, -1..1
    roll: float  # tilt of the head and shoulders in the frame, degrees
    scale: float  # size of the person in the frame (1 = standard)
    shift: tuple  # (dx, dy) of the person, fractions of the frame
    shirt_colour: tuple
    collar: str  # "crew", "v", "shirt"
    light_angle: float  # direction the light comes from, radians (0 = from the right)
    light_strength: float  # 0-1, shading across the face and the frame
    exposure: float  # x brightness
    gamma: float
    cast: tuple  # per-channel multipliers (colour of the light)
    background_seed: int  # the room behind the person is drawn from this seed
    background_blur: float  # depth of field: blur of the room, pixels of the output picture
    blur: float  # blur of the whole picture, pixels of the output picture
    noise: float  # sensor noise, standard deviation in 0-255 units
    noise_seed: int


def is_smiling(picture: Picture) -> bool:
    return picture.expression in SMILING


# --------------------------------------------------------------- random draws
def _pick(rng, seq, p=None):
    return seq[int(rng.choice(len(seq), p=p))]


def _colour(rng, base, amount=12):
    return tuple(int(np.clip(c + rng.integers(-amount, amount + 1), 0, 255)) for c in base)


def random_identity(rng: np.random.Generator) -> Identity:
    """A random person, drawn from the ranges above (every skin tone about equally likely)."""
    t = rng.uniform(0, len(SKIN_TONES) - 1)
    k = min(int(t), len(SKIN_TONES) - 2)
    skin = SKIN_TONES[k] * (1 - (t - k)) + SKIN_TONES[k + 1] * (t - k)
    skin = tuple(int(np.clip(v, 0, 255)) for v in skin + rng.normal(0, 5, 3))
    hair_name = _pick(rng, list(HAIR_COLOURS), HAIR_WEIGHTS / HAIR_WEIGHTS.sum())
    hair = _colour(rng, HAIR_COLOURS[hair_name], 10)
    style = _pick(rng, HAIR_STYLES, p=np.array([8, 8, 18, 12, 9, 6, 10, 11, 6, 6, 6]) / 100)
    brow = tuple(int(c * 0.8) for c in hair) if hair_name not in ("white", "grey", "dyed blue", "dyed pink") else (70, 60, 55)
    if style == "bald" and rng.random() < 0.5:
        brow = _colour(rng, (50, 38, 30), 15)
    lip_base = np.array(skin, dtype=float) * np.array([0.82, 0.6, 0.62]) + np.array([30, 0, 4])
    lip = tuple(int(np.clip(v, 0, 255)) for v in lip_base + rng.normal(0, 6, 3))
    beard = _pick(rng, BEARDS, p=[0.7, 0.08, 0.07, 0.06, 0.09])
    glasses = _pick(rng, GLASSES, p=[0.72, 0.14, 0.14])
    frame = _pick(rng, [(20, 20, 20), (90, 60, 40), (150, 150, 160), (140, 30, 30), (30, 50, 120)])
    mole = (float(rng.uniform(-0.6, 0.6)), float(rng.uniform(0.1, 0.6))) if rng.random() < 0.15 else None
    return Identity(
        face_width=float(rng.uniform(0.86, 1.1)), face_height=float(rng.uniform(0.92, 1.1)),
        jaw=float(rng.uniform(0, 1)), chin=float(rng.uniform(0, 1)), skin=skin,
        hair_style=style, hair_colour=hair, hairline=float(rng.uniform(0, 1)),
        eye_colour=_colour(rng, _pick(rng, EYE_COLOURS), 10), eye_spacing=float(rng.uniform(0.36, 0.45)),
        eye_size=float(rng.uniform(0.85, 1.15)), eye_height=float(rng.uniform(-0.06, 0.06)),
        brow_thickness=float(rng.uniform(0.7, 1.4)), brow_colour=brow, brow_arch=float(rng.uniform(0, 1)),
        nose=_pick(rng, NOSES), nose_size=float(rng.uniform(0.8, 1.2)),
        mouth_width=float(rng.uniform(0.88, 1.12)), lip_colour=lip, lip_thickness=float(rng.uniform(0.7, 1.3)),
        ear_size=float(rng.uniform(0.85, 1.15)), glasses=glasses, glasses_colour=frame, beard=beard, mole=mole,
    )


# the nuisance ranges of random_picture (a data set may pass its own)
DEFAULT_RANGES = {
    "yaw": 0.3, "pitch": 0.25, "roll": 8.0, "scale": (0.9, 1.1), "shift": 0.05,
    "light_strength": (0.0, 0.6), "exposure": (0.75, 1.15), "gamma": (0.8, 1.25), "cast": 0.06,
    "background_blur": (0.0, 1.2), "blur": (0.0, 0.7), "noise": (0.0, 6.0),
}


def random_picture(rng: np.random.Generator, expression: str | None = None, strength: float | None = None,
                   ranges: dict | None = None) -> Picture:
    """A random photograph: expression (any of EXPRESSIONS unless given), pose, framing, clothes, light, room, camera."""
    r = dict(DEFAULT_RANGES, **(ranges or {}))
    if expression is None:
        expression = _pick(rng, EXPRESSIONS)
    if expression not in EXPRESSIONS:
        raise ValueError(f"unknown expression {expression!r}; choose from {EXPRESSIONS}")
    squint = rng.uniform(0.3, 0.8) if expression in SMILING else rng.uniform(0.0, 0.4)
    if expression == "surprised":
        squint = 0.0
    return Picture(
        expression=expression,
        strength=float(rng.uniform(0.3, 1.0) if strength is None else strength),
        mouth_jitter=tuple(float(v) for v in rng.uniform(-1, 1, 3)),
        squint=float(squint), gaze=tuple(float(v) for v in rng.uniform(-1, 1, 2) * [1.0, 0.5]),
        yaw=float(rng.uniform(-1, 1) * r["yaw"]), pitch=float(rng.uniform(-1, 1) * r["pitch"]),
        roll=float(np.clip(rng.normal(0, r["roll"] / 2), -r["roll"], r["roll"])),
        scale=float(rng.uniform(*r["scale"])), shift=tuple(float(v) for v in rng.uniform(-1, 1, 2) * r["shift"]),
        shirt_colour=_colour(rng, _pick(rng, SHIRT_COLOURS), 20), collar=_pick(rng, ("crew", "v", "shirt")),
        light_angle=float(rng.uniform(0, 2 * math.pi)), light_strength=float(rng.uniform(*r["light_strength"])),
        exposure=float(rng.uniform(*r["exposure"])), gamma=float(rng.uniform(*r["gamma"])),
        cast=tuple(float(v) for v in 1 + rng.uniform(-1, 1, 3) * r["cast"]),
        background_seed=int(rng.integers(2**31)), background_blur=float(rng.uniform(*r["background_blur"])),
        blur=float(rng.uniform(*r["blur"])), noise=float(rng.uniform(*r["noise"])), noise_seed=int(rng.integers(2**31)),
    )


# ------------------------------------------------------------------- drawing
def _shade(colour, f):
    return tuple(int(np.clip(c * f, 0, 255)) for c in colour)


def _mix(a, b, t):
    return tuple(int(round(x * (1 - t) + y * t)) for x, y in zip(a, b, strict=True))


def _box(cx, cy, rx, ry):
    return [cx - rx, cy - ry, cx + rx, cy + ry]


def draw_room(seed: int, size: int) -> Image.Image:
    """The room behind the person: a painted wall with a door frame, window, picture, shelf, lamp or plant."""
    rng = np.random.default_rng(seed)
    S = size
    wall = _colour(rng, _pick(rng, WALL_COLOURS), 14)
    img = Image.new("RGB", (S, S), wall)
    d = ImageDraw.Draw(img)
    if rng.random() < 0.3:  # a corner of the room: the other wall a shade darker
        x = S * rng.uniform(0.1, 0.9)
        side = [0, 0, x, S] if rng.random() < 0.5 else [x, 0, S, S]
        d.rectangle(side, fill=_shade(wall, rng.uniform(0.75, 0.9)))
    if rng.random() < 0.4:  # wallpaper stripes
        step = S * rng.uniform(0.05, 0.12)
        stripe = _shade(wall, rng.uniform(0.88, 0.96))
        for x in np.arange(rng.uniform(0, step), S, step):
            d.rectangle([x, 0, x + step * 0.4, S], fill=stripe)
    objects = rng.choice(["door", "window", "picture", "shelf", "lamp", "plant", "none"], size=int(rng.integers(1, 4)),
                         replace=False)
    for obj in objects:
        x = S * rng.uniform(-0.1, 1.0)
        if obj == "door":
            w, top = S * rng.uniform(0.3, 0.45), S * rng.uniform(0.0, 0.25)
            wood = _colour(rng, _pick(rng, [(120, 80, 50), (240, 238, 230), (80, 60, 45), (150, 60, 50)]), 15)
            d.rectangle([x, top, x + w, S], fill=wood, outline=_shade(wood, 0.6), width=max(1, S // 64))
            for k in range(2):
                d.rectangle([x + w * 0.15, top + S * (0.08 + 0.4 * k), x + w * 0.85, top + S * (0.4 + 0.4 * k)],
                            outline=_shade(wood, 0.75), width=max(1, S // 96))
        elif obj == "window":
            w, h, top = S * rng.uniform(0.25, 0.45), S * rng.uniform(0.25, 0.45), S * rng.uniform(0.02, 0.3)
            sky = _colour(rng, _pick(rng, [(170, 205, 235), (225, 235, 245), (120, 150, 190), (250, 240, 210)]), 12)
            d.rectangle([x, top, x + w, top + h], fill=sky, outline=(245, 245, 240), width=max(2, S // 40))
            d.line([x + w / 2, top, x + w / 2, top + h], fill=(245, 245, 240), width=max(1, S // 64))
            d.line([x, top + h / 2, x + w, top + h / 2], fill=(245, 245, 240), width=max(1, S // 64))
            if rng.random() < 0.5:  # a tree outside
                d.ellipse(_box(x + w * rng.uniform(0.2, 0.8), top + h * 0.8, w * 0.3, h * 0.3), fill=_colour(rng, (70, 120, 60)))
        elif obj == "picture":
            w, h, top = S * rng.uniform(0.15, 0.3), S * rng.uniform(0.12, 0.25), S * rng.uniform(0.05, 0.35)
            frame = _colour(rng, _pick(rng, [(60, 40, 30), (200, 170, 80), (30, 30, 30), (240, 240, 240)]))
            d.rectangle([x, top, x + w, top + h], fill=frame)
            inner = [x + w * 0.1, top + h * 0.1, x + w * 0.9, top + h * 0.9]
            d.rectangle(inner, fill=tuple(int(v) for v in rng.integers(60, 230, 3)))
            d.polygon([(inner[0], inner[3]), ((inner[0] + inner[2]) / 2, inner[1] + h * 0.3), (inner[2], inner[3])],
                      fill=tuple(int(v) for v in rng.integers(30, 200, 3)))
        elif obj == "shelf":
            top, w = S * rng.uniform(0.1, 0.5), S * rng.uniform(0.3, 0.6)
            wood = _colour(rng, (130, 90, 55), 20)
            for level in range(2):
                y = top + level * S * 0.2
                bx = x
                while bx < x + w:  # books
                    bw = S * rng.uniform(0.02, 0.05)
                    d.rectangle([bx, y - S * rng.uniform(0.1, 0.16), bx + bw, y], fill=tuple(int(v) for v in rng.integers(30, 220, 3)))
                    bx += bw
                d.rectangle([x - S * 0.02, y, x + w + S * 0.02, y + S * 0.025], fill=wood)
        elif obj == "lamp":
            top = S * rng.uniform(0.1, 0.4)
            shade = _colour(rng, (245, 230, 190), 15)
            d.polygon([(x, top + S * 0.15), (x + S * 0.06, top), (x + S * 0.16, top), (x + S * 0.22, top + S * 0.15)], fill=shade)
            d.rectangle([x + S * 0.1, top + S * 0.15, x + S * 0.12, S], fill=(60, 55, 50))
        elif obj == "plant":
            top = S * rng.uniform(0.35, 0.7)
            leaf = _colour(rng, (60, 130, 60), 25)
            for _ in range(7):
                d.ellipse(_box(x + S * rng.uniform(-0.08, 0.08), top + S * rng.uniform(-0.1, 0.1), S * 0.06, S * 0.035),
                          fill=_colour(rng, leaf, 20))
            d.rectangle([x - S * 0.05, top + S * 0.1, x + S * 0.05, top + S * 0.25], fill=_colour(rng, (170, 90, 60)))
    if rng.random() < 0.5:  # skirting board / wainscot line low in the frame
        y = S * rng.uniform(0.75, 0.95)
        d.rectangle([0, y, S, S], fill=_shade(wall, rng.uniform(0.6, 1.1)))
    return img


def _head_outline(cx, cy, rx, ry, jaw, chin, n=96):
    pts = []
    for k in range(n):
        t = 2 * math.pi * k / n
        c, s = math.cos(t), math.sin(t)
        if s > 0:  # lower half: squarer with `jaw`, narrower at the bottom with `chin`
            p = 2 + 2.2 * jaw
            x = math.copysign(abs(c) ** (2 / p), c)
            y = abs(s) ** (2 / p)
            x *= 1 - chin * 0.3 * s**4
        else:
            x, y = c, s
        pts.append((cx + rx * x, cy + ry * y))
    return pts


def _curve_polygon(cx, cy, w, top, bottom, n=25):
    """Polygon between two curves y = top(u), bottom(u) for u in [-1, 1] (x = cx + w u)."""
    us = np.linspace(-1, 1, n)
    upper = [(cx + w * u, cy + top(u)) for u in us]
    lower = [(cx + w * u, cy + bottom(u)) for u in us[::-1]]
    return upper + lower


def _mouth_params(p: Picture):
    """Width factor, corner lift, upper and lower opening (fractions of the mouth half-width), teeth shown."""
    s, j = p.strength, p.mouth_jitter
    e = p.expression
    if e == "neutral":
        return 1.0 + 0.05 * j[0], 0.04 * j[1], 0.0, 0.0, False
    if e == "frown":
        return 0.95 + 0.05 * j[0], -(0.16 + 0.2 * s + 0.03 * j[1]), 0.0, 0.0, False
    if e == "surprised":
        return 0.5 + 0.1 * s + 0.05 * j[0], 0.0, 0.3 + 0.2 * s, 0.5 + 0.35 * s + 0.05 * j[2], j[1] > 0.3
    if e == "talking":
        return 0.82 + 0.08 * j[0], -0.04 + 0.04 * j[1], 0.08 + 0.06 * s, 0.2 + 0.2 * s + 0.05 * j[2], j[1] > -0.2
    if e == "smile":
        return 1.12 + 0.12 * s + 0.04 * j[0], 0.3 + 0.25 * s + 0.04 * j[1], 0.0, 0.0, False
    # grin: an open smile showing the upper teeth
    return 1.18 + 0.14 * s + 0.04 * j[0], 0.26 + 0.2 * s + 0.04 * j[1], 0.02, 0.28 + 0.3 * s + 0.04 * j[2], True


def _draw_person(ident: Identity, p: Picture, S: int) -> tuple[Image.Image, tuple]:
    """The person on a transparent canvas, in the standard frame (head centre at (S/2, 0.46 S)); returns the head box."""
    k = S / 256.0
    img = Image.new("RGBA", (S, S), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    rx, ry = 58 * k * ident.face_width, 71 * k * ident.face_height
    cx, cy = S / 2, 0.46 * S
    skin = ident.skin
    hair = ident.hair_colour
    yaw, pitch = p.yaw, p.pitch
    fx = cx + yaw * rx * 0.2  # where the face's features centre
    fy = cy + pitch * ry * 0.08
    # hair behind the head
    st = ident.hair_style
    if st in ("long", "bob"):
        drop = ry * (1.35 if st == "long" else 0.75)
        d.rounded_rectangle([cx - rx * 1.22, cy - ry * 1.05, cx + rx * 1.22, cy + drop], radius=int(rx * 0.7), fill=hair)
    elif st == "afro":
        d.ellipse(_box(cx, cy - ry * 0.3, rx * 1.45, ry * 1.05), fill=hair)
    elif st == "ponytail":
        side = 1 if yaw < 0 else -1
        d.ellipse(_box(cx + side * rx * 1.05, cy + ry * 0.1, rx * 0.3, ry * 0.6), fill=hair)
    # shoulders and shirt
    shirt = p.shirt_colour
    sh_top = cy + ry * 1.12
    d.rounded_rectangle([cx - rx * 2.3, sh_top, cx + rx * 2.3, S + 60 * k], radius=int(rx * 0.9), fill=shirt)
    # neck
    nw = rx * 0.48
    d.rectangle([cx - nw, cy + ry * 0.5, cx + nw, sh_top + ry * 0.12], fill=_shade(skin, 0.86))
    if p.collar == "v":
        d.polygon([(cx - nw * 1.1, sh_top - 2 * k), (cx + nw * 1.1, sh_top - 2 * k), (cx, sh_top + ry * 0.45)],
                  fill=_shade(skin, 0.86))
    elif p.collar == "shirt":
        d.ellipse(_box(cx, sh_top + ry * 0.1, nw * 1.15, ry * 0.16), fill=_shade(skin, 0.86))
        white = _mix(shirt, (250, 250, 250), 0.6)
        for sd in (-1, 1):
            d.polygon([(cx + sd * nw * 1.25, sh_top - 4 * k), (cx + sd * nw * 0.1, sh_top + ry * 0.32),
                       (cx + sd * nw * 1.5, sh_top + ry * 0.2)], fill=white)
    else:
        d.ellipse(_box(cx, sh_top, nw * 1.05, ry * 0.1), fill=_shade(skin, 0.86))
        d.arc(_box(cx, sh_top, nw * 1.15, ry * 0.13), 0, 180, fill=_shade(shirt, 0.7), width=int(4 * k))
    # ears (the one the head turns away from shows more)
    for sd in (-1, 1):
        er = ident.ear_size * (1 - 0.35 * yaw * sd)
        ex = cx + sd * rx * (0.98 - 0.08 * yaw * sd)
        d.ellipse(_box(ex, fy + ry * 0.05, rx * 0.17 * er, ry * 0.2 * ident.ear_size), fill=_shade(skin, 0.93))
        d.arc(_box(ex, fy + ry * 0.05, rx * 0.09 * er, ry * 0.12), 90 - 90 * sd, 270 - 90 * sd,
              fill=_shade(skin, 0.75), width=max(1, int(2 * k)))
    # head
    d.polygon(_head_outline(cx, cy, rx, ry, ident.jaw, ident.chin), fill=skin)
    # beard area
    dark = _shade(hair, 1.0)
    mx, my = fx + yaw * rx * 0.05, fy + ry * 0.55
    mw = rx * 0.38 * ident.mouth_width
    if ident.beard in ("full", "stubble"):
        beard = Image.new("L", (S, S), 0)
        bd = ImageDraw.Draw(beard)
        bd.polygon(_head_outline(cx, cy, rx, ry, ident.jaw, ident.chin), fill=255)
        bd.rectangle([0, 0, S, fy + ry * 0.18], fill=0)  # only below the cheekbones
        bd.ellipse(_box(fx, fy + ry * 0.08, rx * 0.55, ry * 0.2), fill=0)  # clear the nose
        if ident.beard == "full":
            bd.ellipse(_box(mx, my + ry * 0.02, mw * 1.05, ry * 0.13), fill=0)  # clear around the mouth
        alpha = 235 if ident.beard == "full" else 95
        img.paste(Image.new("RGBA", (S, S), dark + (255,)), (0, 0), beard.point(lambda v: v * alpha // 255))
    elif ident.beard == "goatee":
        d.ellipse(_box(mx, cy + ry * 0.87, mw * 0.55, ry * 0.14), fill=dark)
    # cheeks: a smile raises them (rounder, lighter apples, a fold from the nose to the mouth corner)
    smiling = p.expression in SMILING
    wf, lift, o_up, o_low, teeth = _mouth_params(p)
    if smiling:
        s = 0.5 + 0.5 * p.strength
        blush = _mix(skin, (235, 120, 120), 0.12 * s)
        light = _mix(skin, (255, 255, 255), 0.1 * s)
        for sd in (-1, 1):
            chx = fx + sd * rx * 0.5
            d.ellipse(_box(chx, fy + ry * 0.3, rx * 0.24, ry * 0.15), fill=blush)
            d.ellipse(_box(chx - sd * rx * 0.03, fy + ry * 0.26, rx * 0.12, ry * 0.07), fill=light)
    # eyes
    es = rx * 0.14 * ident.eye_size
    ey = fy - ry * 0.02 + ident.eye_height * ry
    wide = 1.25 if p.expression == "surprised" else 1.0
    open_frac = (1 - 0.55 * p.squint) * wide
    for sd in (-1, 1):
        ex = fx + sd * rx * ident.eye_spacing * (1 - 0.15 * yaw * sd)
        ew = es * (1 - 0.25 * yaw * sd)
        eh = es * 0.62 * open_frac
        d.ellipse(_box(ex, ey, ew, eh), fill=(244, 242, 236))
        gx, gy = ex + p.gaze[0] * ew * 0.3, ey + p.gaze[1] * eh * 0.2
        d.ellipse(_box(gx, gy, es * 0.5, es * 0.5), fill=ident.eye_colour)
        d.ellipse(_box(gx, gy, es * 0.24, es * 0.24), fill=(12, 10, 10))
        d.ellipse(_box(gx + es * 0.15, gy - es * 0.15, es * 0.09, es * 0.09), fill=(255, 255, 255))
        # eyelids: skin above and below the opening
        lid = _shade(skin, 0.92)
        d.rectangle([ex - ew * 1.3, ey - eh - es * 0.9, ex + ew * 1.3, ey - eh], fill=lid)
        d.rectangle([ex - ew * 1.3, ey + eh, ex + ew * 1.3, ey + eh + es * 0.6], fill=skin)
        d.arc(_box(ex, ey, ew, eh), 180, 360, fill=(40, 28, 24), width=max(1, int(3 * k)))  # upper lash line
        if p.squint > 0.3 and smiling:  # smile lines under the eye
            d.arc(_box(ex, ey + eh * 0.6, ew * 1.05, eh * 1.2), 20, 160, fill=_shade(skin, 0.78), width=max(1, int(2 * k)))
    # brows
    bt = rx * 0.05 * ident.brow_thickness
    for sd in (-1, 1):
        ex = fx + sd * rx * ident.eye_spacing * (1 - 0.15 * yaw * sd)
        by = ey - es * (1.35 + (0.45 if p.expression == "surprised" else 0.0))
        inner, outer = ex - sd * es * 1.05, ex + sd * es * 1.15
        inner_dy = {"frown": es * 0.45 * (0.5 + p.strength), "surprised": -es * 0.15}.get(p.expression, 0.0)
        arch = es * (0.15 + 0.3 * ident.brow_arch)
        pts = [(inner, by + inner_dy), ((inner + outer) / 2, by - arch + inner_dy * 0.4), (outer, by + es * 0.1)]
        d.line(pts, fill=ident.brow_colour, width=max(1, int(bt * 2)), joint="curve")
    # nose
    ns = rx * ident.nose_size
    nx, ny = fx + yaw * rx * 0.12, fy + ry * 0.3
    nose_shadow = _shade(skin, 0.74)
    if ident.nose == "straight":
        d.line([(nx + ns * 0.08, ey + es * 0.6), (nx + ns * 0.12, ny - ns * 0.02)], fill=_shade(skin, 0.85), width=max(1, int(3 * k)))
    d.arc(_box(nx, ny - ns * 0.04, ns * (0.2 if ident.nose != "wide" else 0.27), ns * 0.1), 20, 160, fill=nose_shadow,
          width=max(1, int(3 * k)))
    for sd in (-1, 1):
        d.ellipse(_box(nx + sd * ns * 0.1, ny, ns * 0.045, ns * 0.03), fill=_shade(skin, 0.55))
    # nasolabial folds: a smile deepens the fold from the nose to the mouth corner
    W = mw * wf
    L = lift * W
    if smiling:
        for sd in (-1, 1):
            fold = [(nx + sd * ns * 0.3, ny - ns * 0.02), (mx + sd * (W + rx * 0.1), (ny + my) / 2 - L * 0.3),
                    (mx + sd * (W + rx * 0.06), my - L + rx * 0.06)]
            d.line(fold, fill=_shade(skin, 0.8), width=max(1, int(3 * k)), joint="curve")
    # moustache
    if ident.beard in ("moustache", "full", "goatee"):
        d.chord(_box(mx, my - ry * 0.08, mw * 0.95, ry * 0.09), 180, 360, fill=dark)
    # mouth
    lip = ident.lip_colour
    tu, tl = W * 0.1 * ident.lip_thickness, W * 0.16 * ident.lip_thickness
    line_w = max(1, int(3.2 * k))

    def base(u):  # the line where the lips meet; corners lifted by L (image y points down)
        return -L * u * u

    if o_low == 0:  # closed mouth
        d.polygon(_curve_polygon(mx, my, W, lambda u: base(u) - tu * math.sqrt(max(0.0, 1 - u * u)), base), fill=lip)
        d.polygon(_curve_polygon(mx, my, W * 0.97, base, lambda u: base(u) + tl * math.sqrt(max(0.0, 1 - u * u))),
                  fill=_shade(lip, 1.08))
        us = np.linspace(-1, 1, 25)
        d.line([(mx + W * u, my + base(u)) for u in us], fill=_shade(lip, 0.45), width=line_w, joint="curve")
        if smiling:  # corner creases turned up
            for sd in (-1, 1):
                x0, y0 = mx + sd * W, my + base(1.0)
                d.line([(x0, y0), (x0 + sd * W * 0.1, y0 - W * 0.08)], fill=_shade(lip, 0.45), width=line_w)
        elif p.expression == "frown":
            for sd in (-1, 1):
                x0, y0 = mx + sd * W, my + base(1.0)
                d.line([(x0, y0), (x0 + sd * W * 0.06, y0 + W * 0.06)], fill=_shade(lip, 0.5), width=line_w)
    else:
        ou, ol = o_up * W, o_low * W
        power = 0.5 if p.expression in ("surprised", "talking") else 1.0

        def top(u):
            return base(u) - ou * (1 - u * u) ** power

        def bottom(u):
            return base(u) + ol * (1 - u * u) ** power

        lips = _curve_polygon(mx, my, W * 1.06, lambda u: top(u) - tu * (1 - u * u) ** 0.5 - 1.5 * k,
                              lambda u: bottom(u) + tl * (1 - u * u) ** 0.5 + 1.5 * k)
        d.polygon(lips, fill=lip)
        inside = (58, 18, 22)
        d.polygon(_curve_polygon(mx, my, W, top, bottom), fill=inside)
        if p.expression != "grin":  # a tongue low in the open mouth
            d.ellipse(_box(mx, my + ol * 0.75, W * 0.5, ol * 0.35), fill=(170, 70, 80))
        if teeth:
            th = (ou + ol) * (0.5 if p.expression == "grin" else 0.3)
            tw = 1.0 if p.expression == "grin" else 0.7
            d.polygon(_curve_polygon(mx, my, W * tw * 0.96, lambda u: top(u * tw) + 0.5 * k,
                                     lambda u: min(top(u * tw) + th, bottom(u * tw) - 0.5 * k)), fill=(246, 244, 236))
            if p.expression == "grin":
                for t in np.linspace(-0.6, 0.6, 5):
                    d.line([(mx + W * t, my + top(t) + 1 * k), (mx + W * t, my + top(t) + th * 0.8)],
                           fill=(210, 205, 195), width=max(1, int(k)))
        d.line([(mx + W * u, my + top(u)) for u in np.linspace(-1, 1, 25)], fill=_shade(lip, 0.5), width=max(1, int(2 * k)))
    # mole
    if ident.mole is not None:
        d.ellipse(_box(fx + ident.mole[0] * rx, fy + ident.mole[1] * ry, 2.2 * k, 2.2 * k), fill=(70, 45, 35))
    # hair on top of the head
    hl = ident.hairline
    top_y = cy - ry
    if st in ("short", "side_part", "bob", "long", "bun", "ponytail", "curly", "buzz"):
        cap = Image.new("L", (S, S), 0)
        cd = ImageDraw.Draw(cap)
        puff = {"curly": 1.12, "buzz": 1.01}.get(st, 1.06)
        cd.ellipse(_box(cx, cy - ry * 0.05, rx * puff * 1.02, ry * puff), fill=255)
        line = cy - ry * (0.62 - 0.22 * hl) if st != "buzz" else cy - ry * 0.55
        cd.rectangle([0, line, S, S], fill=0)
        if st in ("bob", "long", "ponytail"):  # hair down the sides of the face
            for sd in (-1, 1):
                cd.rectangle([cx + sd * rx * 0.82 - rx * 0.3, line - 2, cx + sd * rx * 0.82 + rx * 0.3, cy + ry * 0.2], fill=255)
                cd.ellipse(_box(cx + sd * rx * 0.92, cy + ry * 0.2, rx * 0.25, ry * 0.1), fill=255)
            cd.ellipse(_box(cx, cy + ry * 0.05, rx * 0.68, ry * 0.62), fill=0)  # keep the face clear
        if st == "side_part":
            side = -1 if hl > 0.5 else 1
            cd.ellipse(_box(cx + side * rx * 0.35, line, rx * 0.6, ry * 0.18), fill=255)
        if st == "curly":
            ang = np.linspace(math.pi * 1.05, math.pi * 1.95, 9)
            for a in ang:
                cd.ellipse(_box(cx + rx * 1.0 * math.cos(a), cy - ry * 0.05 + ry * 1.0 * math.sin(a), rx * 0.2, rx * 0.2), fill=255)
        if st == "bun":
            cd.ellipse(_box(cx, top_y - ry * 0.12, rx * 0.32, ry * 0.22), fill=255)
        colour = hair if st != "buzz" else _mix(hair, skin, 0.35)
        img.paste(Image.new("RGBA", (S, S), colour + (255,)), (0, 0), cap)
    elif st == "afro":
        d.chord(_box(cx, cy - ry * 0.25, rx * 1.2, ry * 0.88), 180, 360, fill=hair)
    elif st == "receding":  # hair left only at the sides, above the ears
        side = Image.new("L", (S, S), 0)
        sd_ = ImageDraw.Draw(side)
        sd_.ellipse(_box(cx, cy - ry * 0.05, rx * 1.05, ry * 1.03), fill=255)
        sd_.rectangle([0, 0, S, cy - ry * (0.7 - 0.2 * hl)], fill=0)
        sd_.rectangle([0, cy + ry * 0.02, S, S], fill=0)
        sd_.rectangle([cx - rx * 0.78, 0, cx + rx * 0.78, S], fill=0)
        img.paste(Image.new("RGBA", (S, S), hair + (255,)), (0, 0), side)
    # glasses
    if ident.glasses is not None:
        gw = max(1, int(2.6 * k))
        g = ident.glasses_colour
        boxes = []
        for sd in (-1, 1):
            ex = fx + sd * rx * ident.eye_spacing * (1 - 0.15 * yaw * sd)
            r = es * 1.45 * (1 - 0.2 * yaw * sd)
            boxes.append(_box(ex, ey + es * 0.1, r, es * 1.1))
        for b in boxes:
            if ident.glasses == "round":
                d.ellipse(b, outline=g, width=gw)
            else:
                d.rounded_rectangle(b, radius=int(es * 0.3), outline=g, width=gw)
        d.line([(boxes[0][2], ey), (boxes[1][0], ey)], fill=g, width=gw)
        for sd, b in ((-1, boxes[0]), (1, boxes[1])):
            x = b[0] if sd < 0 else b[2]
            d.line([(x, ey), (cx + sd * rx * 0.98, ey - es * 0.1)], fill=g, width=gw)
    return img, (cx, cy, rx, ry)


def _shade_person(person: Image.Image, head, p: Picture) -> Image.Image:
    """Light from one side: brighter towards the light, darker away from it and at the rim of the head."""
    arr = np.asarray(person, dtype=np.float64).copy()
    S = arr.shape[0]
    cx, cy, rx, ry = head
    yy, xx = np.mgrid[0:S, 0:S]
    u, v = (xx - cx) / rx, (yy - cy) / ry
    lx, ly = math.cos(p.light_angle), -math.sin(p.light_angle)
    ls = p.light_strength
    f = 1 + 0.35 * ls * np.clip(u * lx + v * ly, -1.5, 1.5)
    rim = np.clip(np.hypot(u, v) - 0.75, 0, 0.4)
    f = f * (1 - 0.35 * rim * (0.5 + ls))
    arr[..., :3] = np.clip(arr[..., :3] * f[..., None], 0, 255)
    return Image.fromarray(arr.round().astype(np.uint8), "RGBA")


def render(identity: Identity, picture: Picture, size: int = 64) -> np.ndarray:
    """One photograph of `identity` as `picture` describes it: uint8 array (size, size, 3)."""
    p = picture
    S = 4 * size
    room = draw_room(p.background_seed, S)
    if p.background_blur > 0:
        room = room.filter(ImageFilter.GaussianBlur(4 * p.background_blur))
    person, head = _draw_person(identity, p, S)
    person = _shade_person(person, head, p)
    # tilt, scale and shift about the base of the neck, by an affine map (output -> input coordinates)
    px, py = S / 2, head[1] + head[3] * 1.1
    a = math.radians(p.roll)
    c, s = math.cos(a) / p.scale, math.sin(a) / p.scale
    ox, oy = px + p.shift[0] * S, py + p.shift[1] * S
    coeffs = (c, s, px - c * ox - s * oy, -s, c, py + s * ox - c * oy)
    person = person.transform((S, S), Image.Transform.AFFINE, coeffs, resample=Image.Resampling.BICUBIC)
    room.paste(person, (0, 0), person)
    arr = np.asarray(room.resize((size, size), Image.Resampling.LANCZOS), dtype=np.float64)
    # camera: light falling off across the frame, exposure, colour of the light, gamma, blur, noise
    yy, xx = np.mgrid[0:size, 0:size] / size - 0.5
    ramp = 1 + 0.3 * p.light_strength * (xx * math.cos(p.light_angle) - yy * math.sin(p.light_angle))
    arr = arr * ramp[..., None] * p.exposure * np.array(p.cast)
    arr = 255.0 * (np.clip(arr, 0, 255) / 255.0) ** p.gamma
    img = Image.fromarray(arr.round().astype(np.uint8))
    if p.blur > 0:
        img = img.filter(ImageFilter.GaussianBlur(p.blur))
    arr = np.asarray(img, dtype=np.float64)
    if p.noise > 0:
        arr = arr + np.random.default_rng(p.noise_seed).normal(0, p.noise, arr.shape)
    return np.clip(arr, 0, 255).round().astype(np.uint8)
