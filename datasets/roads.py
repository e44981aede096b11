"""A drawing library for road scenes seen from a car's dashboard, with exact boxes (C4W3, car detection with YOLO).

    rng = numpy.random.default_rng(seed)
    image, boxes, classes = draw_scene(rng)                        # 1280 x 720 frame
    image, boxes, classes = draw_scene(rng, 608, 608)              # the same kind of frame, squashed to 608 x 608
    image, boxes, classes = draw_scene(rng, layout=[(2, (367, 300, 745, 648)), (5, (5, 266, 220, 407))])

`image` is uint8 (height, width, 3); `boxes` float32 (n, 4) as (left, top, right, bottom) in pixels of `image`;
`classes` int64 (n,) COCO ids: person 0, car 2, bus 5, truck 7, traffic light 9, stop sign 11. The same generator
state gives the same bytes.

How a scene is made. A pinhole camera (focal length, height above the road, horizon line, a slight bend of the road)
looks at a flat world in metres: sky (a gradient for the day, overcast or dusk light, clouds sometimes), a far
skyline of blocks and tree lines, the road (lanes with dashed and solid marks, a yellow centre line where there is
oncoming traffic, kerbs and pavements, or a guard rail and a central barrier on a highway), buildings along the
street or houses and trees, sometimes a crossing road with a stop line. Vehicles are small 3-D solids (a body and a
cabin, each a side profile extruded across the vehicle's width) seen through the same camera, so their size and
height follow the perspective and the side facing the camera shows when they are off to one side, parked, or
crossing: saloons, hatchbacks, SUVs and vans (class car), buses and box trucks, with windows, wheels, tail or head
lights, number plates and a shadow on the road. Pedestrians, traffic lights and stop signs stand on the pavement.
Everything is drawn far to near with Pillow at twice the output size (then reduced, which smooths the edges), into
an id map as well: an object's box is the extent of its own drawing (its whole outline, also where a nearer object
covers part of it), clipped to the frame. An object gets no box when it is hidden more than 50 % by nearer ones
(`MAX_HIDDEN`), when less than 15 % of its box lies inside the frame (`MIN_INSIDE`), or when its cut box is under 6
pixels wide or high (in the 1280 x 720 frame). A camera step follows: exposure, gamma, contrast, colour cast,
vignetting, blur, sensor noise and JPEG compression.

Scenes are composed in a 1280 x 720 frame; another output size scales the frame without changing the scene
(608 x 608 is the 1280 x 720 frame squashed as the notebook's `preprocess_image` squashes it).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

# ----------------------------------------------------------------- vocabulary
FRAME = (1280.0, 720.0)  # (width, height) of the frame a scene is composed in
SS = 2  # supersampling factor
PERSON, CAR, BUS, TRUCK, TRAFFIC_LIGHT, STOP_SIGN = 0, 2, 5, 7, 9, 11
CLASS_NAMES = {PERSON: "person", CAR: "car", BUS: "bus", TRUCK: "truck", TRAFFIC_LIGHT: "traffic light", STOP_SIGN: "stop sign"}
CLASS_IDS = tuple(CLASS_NAMES)
CAR_KINDS = ("saloon", "hatchback", "suv", "van")
KIND_CLASS = {"saloon": CAR, "hatchback": CAR, "suv": CAR, "van": CAR, "bus": BUS, "truck": TRUCK}
MAX_HIDDEN = 0.5  # an object more hidden than this by nearer ones gets no box (a less hidden one keeps its full box)
MIN_INSIDE = 0.15  # share of an object's outline that must lie inside the frame for it to get a box
MIN_HEIGHT = 10.0  # no object is placed whose box would be lower than this (pixels of the 1280 x 720 frame)
SETTINGS = {"city": 0.45, "suburb": 0.3, "highway": 0.25}
LIGHTS = {"day": 0.55, "overcast": 0.28, "dusk": 0.17}

CAR_COLOURS = [  # (RGB, weight): the colours of cars on European and American roads, roughly
    ((236, 236, 234), 22),
    ((30, 30, 34), 18),
    ((150, 152, 156), 14),
    ((190, 192, 194), 10),
    ((24, 44, 100), 7),
    ((160, 24, 28), 8),
    ((40, 80, 150), 6),
    ((30, 80, 50), 3),
    ((200, 180, 140), 3),
    ((225, 190, 30), 2),
    ((210, 100, 30), 2),
    ((110, 20, 40), 3),
    ((90, 110, 130), 2),
]
BUS_COLOURS = [(200, 30, 30), (240, 190, 20), (235, 235, 230), (30, 90, 170), (40, 130, 70), (230, 120, 20)]
TRUCK_BOX_COLOURS = [(235, 235, 232), (200, 200, 196), (180, 40, 40), (40, 70, 140), (230, 180, 40), (60, 110, 60)]
SHIRTS = [
    (30, 60, 140),
    (190, 40, 40),
    (235, 235, 230),
    (40, 40, 44),
    (60, 130, 70),
    (230, 200, 60),
    (120, 70, 140),
    (200, 110, 40),
    (120, 160, 200),
    (150, 150, 150),
    (90, 60, 40),
    (230, 140, 160),
]
TROUSERS = [(30, 34, 60), (40, 40, 44), (70, 70, 74), (110, 90, 60), (50, 60, 90), (150, 140, 120), (20, 20, 24)]
SKINS = [(250, 220, 200), (232, 190, 160), (205, 150, 110), (160, 110, 75), (110, 72, 48), (70, 46, 32)]
BUILDINGS = [
    (176, 96, 72),
    (150, 80, 62),
    (200, 190, 170),
    (170, 165, 160),
    (120, 120, 126),
    (215, 205, 180),
    (190, 150, 110),
    (140, 150, 160),
    (225, 220, 210),
    (100, 96, 92),
]


def _pick(rng, seq, weights=None):
    if weights is None:
        return seq[int(rng.integers(len(seq)))]
    w = np.asarray(weights, float)
    return seq[int(rng.choice(len(seq), p=w / w.sum()))]


def _jitter(rng, colour, amount=10.0):
    return tuple(float(np.clip(c + rng.normal(0, amount), 0, 255)) for c in colour)


def _rgb(colour):
    return tuple(int(round(min(max(c, 0.0), 255.0))) for c in colour)


def _mix(a, b, t):
    return tuple(x + (y - x) * t for x, y in zip(a, b, strict=True))


def _scale(colour, f):
    return tuple(c * f for c in colour)


# ------------------------------------------------------------------- camera
@dataclass
class Camera:
    """A pinhole camera at height `hc` (m) above a flat road, looking along +Z; X right, Y up (metres).

    Frame coordinates are those of the 1280 x 720 frame; `bend` curves the road: its centre line is at X = bend Z^2 / 2.
    """

    f: float = 640.0
    hc: float = 1.3
    cx: float = 640.0
    horizon: float = 320.0
    bend: float = 0.0

    def project(self, X, Y, Z):
        Z = np.maximum(np.asarray(Z, float), 0.05)
        return self.cx + self.f * np.asarray(X, float) / Z, self.horizon - self.f * (np.asarray(Y, float) - self.hc) / Z

    def road_x(self, Z):
        return 0.5 * self.bend * np.asarray(Z, float) ** 2

    def heading(self, Z):
        return math.atan(self.bend * Z)

    def ground_z(self, y):
        """Distance of the road point seen at frame row y (below the horizon)."""
        return self.f * self.hc / max(y - self.horizon, 1e-3)


@dataclass
class Light:
    kind: str = "day"
    sun: tuple = (0.4, 0.8, -0.45)  # direction towards the sun (world)
    ambient: float = 0.55
    diffuse: float = 0.45
    haze: tuple = (200, 210, 220)  # colour far things fade into
    haze_dist: float = 350.0
    shadow: float = 0.55  # how dark shadows are (0 = none)
    lamps: float = 0.0  # strength of the glow of vehicle lights

    def shade(self, colour, normal, z=0.0, gloss=0.0):
        n = np.asarray(normal, float)
        s = np.asarray(self.sun, float)
        s = s / np.linalg.norm(s)
        k = self.ambient + self.diffuse * max(0.0, float(n @ s)) + 0.12 * max(0.0, n[1]) + gloss
        out = _scale(colour, k)
        return _mix(out, self.haze, 1.0 - math.exp(-max(z, 0.0) / self.haze_dist))


# ------------------------------------------------------------------- drawing
@dataclass
class Op:
    """One thing to draw, in frame coordinates: a polygon (`pts` (k, 2)), or a text (`pts` its centre, `size` its height)."""

    pts: np.ndarray
    colour: tuple
    boxed: bool = True  # part of the object's outline (its box and its id); poles and such are not
    lamp: bool = False  # glows at dusk
    text: str | None = None
    size: float = 0.0


class Canvas:
    """The supersampled picture, the id map (which object each pixel shows) and the glow layer of lamps."""

    def __init__(self, width: int, height: int, sky: Image.Image):
        self.w, self.h = width, height
        self.sx, self.sy = width / FRAME[0] * SS, height / FRAME[1] * SS
        self.img = sky
        self.draw = ImageDraw.Draw(self.img)
        self.ids = Image.new("L", self.img.size, 0)
        self.id_draw = ImageDraw.Draw(self.ids)
        self.glow = Image.new("RGB", (max(1, self.img.size[0] // 4), max(1, self.img.size[1] // 4)), (0, 0, 0))
        self.glow_draw = ImageDraw.Draw(self.glow)
        self.any_object = self.any_lamp = False  # until then, nothing needs to be hidden in the id map or glow layer

    def to_px(self, pts):
        pts = np.asarray(pts, float)
        return [(float(x) * self.sx, float(y) * self.sy) for x, y in pts]

    def poly(self, pts, colour, ident=0, lamp=False, glow=True):
        p = self.to_px(pts)
        if len(p) < 3:
            return
        self.draw.polygon(p, fill=_rgb(colour))
        if ident or self.any_object:
            self.id_draw.polygon(p, fill=ident)
            self.any_object = True
        if glow and (lamp or self.any_lamp):
            q = [(x / 4, y / 4) for x, y in p]
            self.glow_draw.polygon(q, fill=_rgb(colour) if lamp else (0, 0, 0))
            self.any_lamp = True

    def text(self, centre, text, size, colour):
        px = int(round(size * self.sy))
        if px < 4:
            return
        x, y = centre[0] * self.sx, centre[1] * self.sy
        self.draw.text((x, y), text, fill=_rgb(colour), font=_font(px), anchor="mm")

    def ops(self, ops, ident=0):
        for op in ops:
            if op.text is not None:
                self.text(op.pts, op.text, op.size, op.colour)
            else:
                self.poly(op.pts, op.colour, ident if op.boxed else 0, op.lamp)

    def count(self, box, ident):
        """Pixels of the id map showing object `ident` inside box (frame coordinates)."""
        x0, y0, x1, y1 = box
        c = (
            max(0, int(x0 * self.sx) - 2),
            max(0, int(y0 * self.sy) - 2),
            min(self.img.size[0], int(x1 * self.sx) + 3),
            min(self.img.size[1], int(y1 * self.sy) + 3),
        )
        if c[2] <= c[0] or c[3] <= c[1]:
            return 0
        return int((np.asarray(self.ids.crop(c)) == ident).sum())


@lru_cache(maxsize=64)
def _font(px: int):
    from matplotlib import font_manager

    return ImageFont.truetype(font_manager.findfont("DejaVu Sans:bold"), px)


def _circle(cx, cy, r, n=14, ry=None):
    a = np.linspace(0, 2 * math.pi, n, endpoint=False)
    return np.stack([cx + r * np.cos(a), cy + (r if ry is None else ry) * np.sin(a)], 1)


def _bbox(ops):
    pts = np.concatenate([op.pts.reshape(-1, 2) for op in ops if op.boxed and op.text is None])
    return float(pts[:, 0].min()), float(pts[:, 1].min()), float(pts[:, 0].max()), float(pts[:, 1].max())


# ------------------------------------------------------------------ vehicles
@dataclass
class Prism:
    """A side profile (z forward from the back, y up; metres) extruded across x in [-hw, hw] (+ offset xo).

    Decals are drawn on a face when it faces the camera: `edge` decals on the face swept by profile edge k, as 3-D
    local points (x, y, z); `cap` decals on both sides, as (z, y) points."""

    profile: list
    hw: float
    colour: tuple
    edge: dict = field(default_factory=dict)
    cap: list = field(default_factory=list)
    gloss: float = 0.0
    xo: float = 0.0  # offset across the vehicle (mirrors)


def _lerp(p, q, t):
    return (p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t)


def _rect(x0, x1, y0, y1, z):
    return [(x0, y0, z), (x1, y0, z), (x1, y1, z), (x0, y1, z)]


def _slope_rect(p, q, x0, x1, t0, t1, inset=0.0):
    """A rectangle on the sloped face swept by profile edge p-q, between fractions t0-t1 of the edge, x0-x1 across."""
    a, b = _lerp(p, q, t0), _lerp(p, q, t1)
    return [(x0, a[1], a[0] - inset), (x1, a[1], a[0] - inset), (x1, b[1], b[0] - inset), (x0, b[1], b[0] - inset)]


GLASS = (38, 46, 58)
TYRE = (22, 22, 24)
PLASTIC = (40, 40, 42)
RED_LAMP = (200, 20, 20)
WHITE_LAMP = (245, 240, 215)
AMBER = (240, 140, 20)


def _plate(rng, z, y, w=0.52, h=0.12, back=True):
    colour = (240, 240, 236) if rng.random() < 0.7 or not back else (245, 200, 30)
    s = -0.01 if back else 0.01
    return [
        (_rect(-w / 2, w / 2, y, y + h, z + s), colour, False),
        (_rect(-w / 2 + 0.03, w / 2 - 0.03, y + 0.035, y + h - 0.035, z + 2 * s), (60, 60, 60), False),
    ]


def make_vehicle(rng, kind: str, colour=None) -> tuple[list[Prism], float, float]:
    """The solids of one vehicle of `kind` (CAR_KINDS, "bus" or "truck"): (prisms, length, half-width)."""
    j = lambda v, s=0.04: v * rng.uniform(1 - s, 1 + s)  # noqa: E731
    if colour is None:
        colour = _jitter(rng, _pick(rng, *zip(*CAR_COLOURS, strict=True)), 6) if kind in CAR_KINDS else None
    if kind in CAR_KINDS:
        W, L, c, b, H, back, r1, r2, zw = {
            "saloon": (1.80, 4.70, 0.28, 0.95, 1.45, 0.95, 1.65, 3.05, 3.55),
            "hatchback": (1.74, 4.05, 0.28, 0.98, 1.48, 0.12, 0.42, 2.35, 2.95),
            "suv": (1.90, 4.70, 0.38, 1.10, 1.76, 0.10, 0.28, 3.05, 3.60),
            "van": (1.98, 5.10, 0.34, 1.02, 2.25, 0.0, 0.02, 3.95, 4.50),
        }[kind]
        W, L, H, b = j(W), j(L, 0.06), j(H, 0.04), j(b, 0.03)
        hw = W / 2
        nose = b - (0.2 if kind != "van" else 0.12)
        body = [(0, c), (0, b), (back, b + 0.04), (zw, b + 0.02), (L, nose), (L, c)]
        if back == 0:
            body = [(0, c), (0, b), (zw, b + 0.02), (L, nose), (L, c)]
        cabin_hw = hw * (0.84 if kind in ("saloon", "hatchback") else 0.9 if kind == "suv" else 0.97)
        cab = [(back, b + 0.04), (r1, H), (r2, H), (zw, b + 0.02)]
        # body decals: back face (edge 0): tail lights, plate, tyres below, bumper; front face: head lights, grille
        tl_y = b - 0.22
        tl_w = 0.22 + 0.1 * rng.random()
        tail = [(_rect(s * hw - s * tl_w - 0.0, s * hw - 0.02 * s, tl_y, tl_y + 0.16, -0.01), RED_LAMP, True) for s in (-1, 1)]
        tail = [
            ([(min(p[0], hw - 0.02) if p[0] > 0 else max(p[0], -hw + 0.02), p[1], p[2]) for p in pts], col, lamp) for pts, col, lamp in tail
        ]
        tyres = [(_rect(s * (hw - 0.3), s * (hw - 0.06), 0.0, c + 0.06, 0.05), TYRE, False) for s in (-1, 1)]
        bumper = [(_rect(-hw + 0.02, hw - 0.02, c, c + 0.14, -0.015), _scale(colour, 0.72) if rng.random() < 0.6 else PLASTIC, False)]
        rear = tyres + bumper + tail + _plate(rng, 0.0, c + 0.2)
        hl_y = nose - 0.2
        head = [(_rect(s * (hw - 0.05), s * (hw - 0.34), hl_y, hl_y + 0.12, L + 0.01), WHITE_LAMP, True) for s in (-1, 1)]
        grille = [(_rect(-0.42, 0.42, hl_y - 0.16, hl_y + 0.08, L + 0.01), PLASTIC, False)]
        front = [(_rect(s * (hw - 0.3), s * (hw - 0.06), 0.0, c + 0.06, L - 0.05), TYRE, False) for s in (-1, 1)]
        front += grille + head + _plate(rng, L, c + 0.12, back=False)
        nb = len(body)
        edges = {0: rear, nb - 2: front}
        # side: wheels, arches, door line, side lights
        r = 0.31 if kind != "suv" else 0.36
        wheel_z = (0.85 + 0.1 * (kind == "saloon"), L - 0.85)
        side = []
        for z in wheel_z:
            side += [
                (_circle(z, r + 0.02, r + 0.07, 12), _scale(colour, 0.35), False),
                (_circle(z, r, r, 12), TYRE, False),
                (_circle(z, r, r * 0.55, 10), (150, 150, 154), False),
            ]
        side += [([(0.0, tl_y), (0.12, tl_y), (0.12, tl_y + 0.16), (0.0, tl_y + 0.16)], RED_LAMP, True)]
        side += [([(L - 0.02, hl_y), (L - 0.3, hl_y + 0.02), (L - 0.3, hl_y + 0.12), (L - 0.02, hl_y + 0.12)], WHITE_LAMP, True)]
        dz = (r1 + r2) / 2
        side += [([(dz, c + 0.1), (dz + 0.02, c + 0.1), (dz + 0.02, b), (dz, b)], _scale(colour, 0.6), False)]
        # cabin: back window on the back slope (edge 0), windscreen (edge 2), side windows on the caps
        cab_edges = {
            0: [(_slope_rect(cab[0], cab[1], -cabin_hw + 0.08, cabin_hw - 0.08, 0.1, 0.9, 0.01), GLASS, False)],
            2: [(_slope_rect(cab[2], cab[3], -cabin_hw + 0.06, cabin_hw - 0.06, 0.06, 0.92, -0.01), GLASS, False)],
        }
        win = [
            _lerp(cab[0], cab[1], 0.15),
            _lerp(cab[1], cab[2], 0.04),
            _lerp(cab[1], cab[2], 0.96),
            _lerp(cab[2], cab[3], 0.85),
            (zw - 0.15, b + 0.07),
            (back + 0.15, b + 0.08),
        ]
        win = [(max(z, 0.06), y) for z, y in win]
        pillar_z = (r1 + r2) / 2 + 0.05
        cab_side = [
            (win, GLASS, False),
            ([(pillar_z, b), (pillar_z + 0.1, b), (pillar_z + 0.06, H), (pillar_z - 0.04, H)], _scale(colour, 0.8), False),
        ]
        # mirrors: small blocks sticking out beside the windscreen
        mirror = [(zw - 0.25, b + 0.05), (zw - 0.25, b + 0.2), (zw - 0.05, b + 0.18), (zw - 0.05, b + 0.05)]
        mirrors = [Prism(mirror, 0.07, _scale(colour, 0.9), xo=s * (hw + 0.06)) for s in (-1, 1)]
        prisms = [Prism(body, hw, colour, edges, side, gloss=0.05), *mirrors, Prism(cab, cabin_hw, colour, cab_edges, cab_side, gloss=0.05)]
        if kind == "van":
            prisms[-1].edge[0] = [
                (_rect(-cabin_hw + 0.1, -0.04, b + 0.45, H - 0.15, -0.01), GLASS, False),
                (_rect(0.04, cabin_hw - 0.1, b + 0.45, H - 0.15, -0.01), GLASS, False),
            ]
            prisms[-1].cap = [([(3.2, b + 0.45), (3.2, H - 0.2), (3.75, H - 0.2), (zw - 0.1, b + 0.45)], GLASS, False)]
        return prisms, L, hw + 0.13
    if kind == "bus":
        W, L, H, c = j(2.55, 0.01), j(11.5, 0.1), j(3.1, 0.03), 0.32
        hw = W / 2
        colour = _jitter(rng, _pick(rng, BUS_COLOURS), 8) if colour is None else colour
        prof = [(0, c), (0, H - 0.15), (0.12, H), (L - 0.12, H), (L, H - 0.15), (L, c)]
        rear = [
            (_rect(-hw + 0.25, hw - 0.25, H - 1.35, H - 0.35, -0.01), GLASS, False),
            (_rect(-hw + 0.02, hw - 0.02, c, c + 0.3, -0.015), _scale(colour, 0.5), False),
        ]
        rear += [(_rect(s * (hw - 0.05), s * (hw - 0.3), c + 0.45, c + 0.75, -0.02), RED_LAMP, True) for s in (-1, 1)]
        rear += [(_rect(s * (hw - 0.35), s * (hw - 0.08), 0, c + 0.05, 0.1), TYRE, False) for s in (-1, 1)]
        rear += _plate(rng, 0.0, c + 0.4)
        front = [
            (_rect(-hw + 0.1, hw - 0.1, 1.25, H - 0.3, L + 0.01), GLASS, False),
            (_rect(-hw + 0.3, hw - 0.3, H - 0.28, H - 0.05, L + 0.01), (20, 20, 20), False),
            (_rect(-0.8, 0.8, H - 0.25, H - 0.08, L + 0.02), AMBER, True),
        ]
        front += [(_rect(s * (hw - 0.08), s * (hw - 0.45), 0.55, 0.75, L + 0.01), WHITE_LAMP, True) for s in (-1, 1)]
        front += [(_rect(s * (hw - 0.35), s * (hw - 0.08), 0, c + 0.05, L - 0.1), TYRE, False) for s in (-1, 1)]
        side = []
        z = 0.5
        while z < L - 3.0:
            side.append(([(z, 1.35), (z + 1.25, 1.35), (z + 1.25, H - 0.35), (z, H - 0.35)], GLASS, False))
            z += 1.4
        side.append(([(L - 2.6, 0.4), (L - 1.5, 0.4), (L - 1.5, H - 0.35), (L - 2.6, H - 0.35)], _scale(GLASS, 1.3), False))
        side.append(([(L - 1.4, 1.35), (L - 0.1, 1.35), (L - 0.1, H - 0.35), (L - 1.4, H - 0.35)], GLASS, False))
        stripe = _pick(rng, BUS_COLOURS)
        side.append(([(0.0, 0.75), (L, 0.75), (L, 0.95), (0.0, 0.95)], stripe if stripe != colour else (40, 40, 40), False))
        for z in (2.6, L - 2.7):
            side += [
                (_circle(z, 0.52, 0.62, 12), (20, 20, 20), False),
                (_circle(z, 0.5, 0.5, 12), TYRE, False),
                (_circle(z, 0.5, 0.27, 10), (160, 160, 160), False),
            ]
        return [Prism(prof, hw, colour, {0: rear, 4: front}, side, gloss=0.03)], L, hw
    # box truck: chassis, cargo box, cab
    Lb, cabL = j(6.2, 0.12), 2.2
    L = Lb + 0.3 + cabL
    hw = 1.25
    box_col = _jitter(rng, _pick(rng, TRUCK_BOX_COLOURS), 6) if colour is None else colour
    cab_col = _jitter(rng, _pick(rng, [(230, 230, 228), (200, 30, 30), (30, 60, 130), (240, 200, 40), (80, 80, 84)]), 8)
    Hb = j(3.6, 0.04)
    chassis = [(0, 0.45), (0, 0.95), (L, 0.95), (L, 0.45)]
    ch_rear = [(_rect(-hw + 0.05, hw - 0.05, 0.45, 0.7, -0.01), (30, 30, 30), False)]
    ch_rear += [(_rect(s * (hw - 0.1), s * (hw - 0.38), 0.5, 0.66, -0.02), RED_LAMP, True) for s in (-1, 1)]
    ch_rear += [(_rect(s * (hw - 0.5), s * (hw - 0.1), 0.0, 0.5, 0.4), TYRE, False) for s in (-1, 1)]
    ch_rear += _plate(rng, 0.0, 0.72, back=True)
    ch_side = []
    for z in (1.1, 2.3, L - 1.3):
        ch_side += [(_circle(z, 0.5, 0.5, 12), TYRE, False), (_circle(z, 0.5, 0.28, 10), (150, 150, 150), False)]
    box = [(0, 0.95), (0, Hb), (Lb, Hb), (Lb, 0.95)]
    box_rear = [
        ([(-0.02, 1.0, -0.01), (0.02, 1.0, -0.01), (0.02, Hb - 0.05, -0.01), (-0.02, Hb - 0.05, -0.01)], _scale(box_col, 0.6), False)
    ]
    box_rear += [(_rect(-hw + 0.03, hw - 0.03, 1.0, 1.06, -0.01), _scale(box_col, 0.7), False)]
    box_side = []
    if rng.random() < 0.5:
        stripe = _pick(rng, TRUCK_BOX_COLOURS)
        box_side.append(([(0.3, Hb - 1.2), (Lb - 0.3, Hb - 1.2), (Lb - 0.3, Hb - 0.7), (0.3, Hb - 0.7)], stripe, False))
    cab = [(Lb + 0.3, 0.95), (Lb + 0.3, 2.95), (L - 0.3, 2.95), (L, 2.1), (L, 0.95)]
    cab_front = [(_rect(-hw + 0.15, hw - 0.15, 0.3, 0.6, L + 0.01), (40, 40, 40), False)]
    cab_front += [(_rect(s * (hw - 0.1), s * (hw - 0.45), 0.65, 0.85, L + 0.01), WHITE_LAMP, True) for s in (-1, 1)]
    cab_edges = {
        2: [(_slope_rect(cab[2], cab[3], -hw + 0.15, hw - 0.15, 0.1, 0.9, -0.01), GLASS, False)],
        3: [(_rect(-0.6, 0.6, 1.2, 1.7, L + 0.01), (50, 50, 50), False)] + cab_front,
    }
    cab_side = [([(L - 1.5, 1.9), (L - 0.35, 1.9), (L - 0.3, 2.8), (L - 1.5, 2.8)], GLASS, False)]
    prisms = [
        Prism(chassis, hw - 0.05, (45, 45, 48), {0: ch_rear, 2: cab_front}, ch_side),
        Prism(box, hw, box_col, {0: box_rear}, box_side, gloss=0.02),
        Prism(cab, hw - 0.05, cab_col, cab_edges, cab_side, gloss=0.05),
    ]
    return prisms, L, hw


def _orient(profile):
    p = np.asarray(profile, float)
    area = 0.5 * np.sum(p[:, 0] * np.roll(p[:, 1], -1) - np.roll(p[:, 0], -1) * p[:, 1])
    return 1.0 if area > 0 else -1.0


def vehicle_ops(prisms, length, cam: Camera, light: Light, X0, Z0, theta):
    """Draw operations (frame coordinates) for a vehicle whose footprint centre is at (X0, Z0), heading theta
    (0: driving away from the camera, pi: towards it, +-pi/2: crossing), and the road points of its shadow."""
    c, s = math.cos(theta), math.sin(theta)
    cam_pos = np.array([0.0, cam.hc, 0.0])

    def world(p):  # local (x, y, z from the back) -> world
        p = np.asarray(p, float).reshape(-1, 3)
        x, y, z = p[:, 0], p[:, 1], p[:, 2] - length / 2
        return np.stack([X0 + x * c + z * s, y, Z0 - x * s + z * c], 1)

    def rot(n):
        return np.array([n[0] * c + n[2] * s, n[1], -n[0] * s + n[2] * c])

    def proj(w):
        x, y = cam.project(w[:, 0], w[:, 1], w[:, 2])
        return np.stack([x, y], 1)

    faces = []  # (depth, ops)
    for pr in prisms:
        prof = pr.profile
        sign = _orient(prof)
        centre = world([(pr.xo, float(np.mean([p[1] for p in prof])), float(np.mean([p[0] for p in prof])))])[0]
        ops = []
        for k in range(len(prof)):
            p, q = prof[k], prof[(k + 1) % len(prof)]
            dz, dy = q[0] - p[0], q[1] - p[1]
            if abs(dz) + abs(dy) < 1e-6:
                continue
            n_local = np.array([0.0, -dz, dy]) * sign  # outward normal in (x, y, z)
            n_local /= np.linalg.norm(n_local)
            quad = world(
                [(pr.xo - pr.hw, p[1], p[0]), (pr.xo + pr.hw, p[1], p[0]), (pr.xo + pr.hw, q[1], q[0]), (pr.xo - pr.hw, q[1], q[0])]
            )
            n = rot(n_local)
            if n @ (cam_pos - quad.mean(0)) <= 0:
                continue
            col = light.shade(pr.colour, n, quad[:, 2].mean(), pr.gloss)
            ops.append(Op(proj(quad), col))
            for pts, dcol, lamp in pr.edge.get(k, []):
                w = world(pts)
                ops.append(Op(proj(w), dcol if lamp else light.shade(dcol, n, w[:, 2].mean()), lamp=lamp))
        for side in (-1, 1):
            n = rot(np.array([float(side), 0.0, 0.0]))
            cap = world([(pr.xo + side * pr.hw, y, z) for z, y in prof])
            if n @ (cam_pos - cap.mean(0)) <= 0:
                continue
            ops.append(Op(proj(cap), light.shade(pr.colour, n, cap[:, 2].mean(), pr.gloss)))
            for pts, dcol, lamp in pr.cap:
                w = world([(pr.xo + side * (pr.hw + 0.005), y, z) for z, y in pts])
                ops.append(Op(proj(w), dcol if lamp else light.shade(dcol, n, w[:, 2].mean()), lamp=lamp))
        faces.append((float(np.linalg.norm(centre - cam_pos)), ops))
    faces.sort(key=lambda f: -f[0])
    hw = max(pr.hw for pr in prisms if pr.xo == 0)
    foot = world([(-hw - 0.15, 0, -0.2), (hw + 0.15, 0, -0.2), (hw + 0.15, 0, length + 0.2), (-hw - 0.15, 0, length + 0.2)])
    return [op for _, ops in faces for op in ops], foot


# -------------------------------------------------------- people and street furniture
def person_ops(rng, cam: Camera, light: Light, X, Z, height=None):
    """A pedestrian facing or turned from the camera, walking or standing, feet at (X, 0, Z)."""
    h = height or rng.uniform(1.55, 1.92)
    skin, shirt, legs = _pick(rng, SKINS), _jitter(rng, _pick(rng, SHIRTS), 8), _jitter(rng, _pick(rng, TROUSERS), 6)
    hair = _pick(rng, [(30, 24, 20), (70, 50, 30), (120, 90, 50), (180, 150, 100), (90, 90, 90)])
    stride = rng.uniform(0.0, 0.16) * h
    sh = 0.13 * h  # half the shoulder width
    hip, neck, head_r = 0.5 * h, 0.82 * h, 0.065 * h
    shapes = [
        ([(-0.07 * h - stride / 2, 0), (-0.01 * h - stride / 2, 0), (0.01 * h, hip), (-0.09 * h, hip)], legs),
        ([(0.01 * h + stride / 2, 0), (0.07 * h + stride / 2, 0), (0.09 * h, hip), (-0.01 * h, hip)], _scale(legs, 0.85)),
        ([(-0.1 * h, hip - 0.02 * h), (0.1 * h, hip - 0.02 * h), (sh, neck), (-sh, neck)], shirt),
        ([(-sh, neck), (-sh - 0.05 * h, 0.55 * h), (-sh + 0.01 * h, 0.54 * h), (-sh + 0.05 * h, neck - 0.05 * h)], _scale(shirt, 0.85)),
        ([(sh, neck), (sh + 0.05 * h, 0.55 * h), (sh - 0.01 * h, 0.54 * h), (sh - 0.05 * h, neck - 0.05 * h)], _scale(shirt, 0.85)),
        ([(-0.025 * h, neck - 0.01 * h), (0.025 * h, neck - 0.01 * h), (0.025 * h, neck + 0.04 * h), (-0.025 * h, neck + 0.04 * h)], skin),
        (_circle(0, neck + 0.04 * h + head_r, head_r, 12, head_r * 1.15), skin),
        (_circle(0, neck + 0.06 * h + head_r * 1.3, head_r * 1.02, 12, head_r * 0.8), hair),
    ]
    if rng.random() < 0.3:  # a bag
        shapes.append(
            ([(sh, 0.6 * h), (sh + 0.09 * h, 0.6 * h), (sh + 0.1 * h, 0.42 * h), (sh - 0.01 * h, 0.42 * h)], _pick(rng, TROUSERS))
        )
    ops = []
    for pts, col in shapes:
        pts = np.asarray(pts, float)
        x, y = cam.project(X + pts[:, 0], pts[:, 1], np.full(len(pts), Z))
        ops.append(Op(np.stack([x, y], 1), light.shade(col, (0.0, 0.3, -1.0), Z)))
    foot = np.array([[X - 0.3, 0, Z - 0.25], [X + 0.3, 0, Z - 0.25], [X + 0.3, 0, Z + 0.25], [X - 0.3, 0, Z + 0.25]])
    return ops, foot


def _billboard(cam, X, Z, pts, col, light, boxed=True, lamp=False, normal=(0.0, 0.2, -1.0)):
    pts = np.asarray(pts, float)
    x, y = cam.project(X + pts[:, 0], pts[:, 1], np.full(len(pts), Z))
    return Op(np.stack([x, y], 1), col if lamp else light.shade(col, normal, Z), boxed=boxed, lamp=lamp)


def traffic_light_ops(rng, cam, light, X, Z, overhead=0.0):
    """A traffic light on a pole at (X, Z), its housing facing the camera; `overhead` m: a mast arm to the left."""
    top = rng.uniform(2.6, 3.4) if overhead == 0 else rng.uniform(5.2, 5.8)
    w, hh = 0.34, 0.95
    hx = X - overhead
    grey = (70, 72, 74)
    ops = [
        _billboard(
            cam,
            X,
            Z,
            [(-0.06, 0), (0.06, 0), (0.06, top + (0.15 if overhead else 0)), (-0.06, top + (0.15 if overhead else 0))],
            grey,
            light,
            boxed=False,
        )
    ]
    if overhead:
        ops.append(
            _billboard(
                cam,
                X,
                Z,
                [(0.05, top + 0.05), (-overhead, top + 0.05), (-overhead, top + 0.17), (0.05, top + 0.17)],
                grey,
                light,
                boxed=False,
            )
        )
        y0 = top - hh + 0.05
    else:
        y0 = top - hh
    lit = int(rng.choice(3, p=[0.45, 0.15, 0.4]))
    ops.append(
        _billboard(
            cam,
            hx,
            Z,
            [(-w / 2 - 0.07, y0 + 0.05), (w / 2 + 0.07, y0 + 0.05), (w / 2 + 0.07, y0 + hh - 0.05), (-w / 2 - 0.07, y0 + hh - 0.05)],
            (25, 25, 25),
            light,
        )
    )
    ops.append(_billboard(cam, hx, Z, [(-w / 2, y0), (w / 2, y0), (w / 2, y0 + hh), (-w / 2, y0 + hh)], (35, 37, 35), light))
    for k, on in enumerate([(240, 30, 20), (250, 170, 20), (40, 230, 120)]):
        off = _scale(on, 0.22)
        cy = y0 + hh - (k + 0.5) * hh / 3
        ops.append(_billboard(cam, hx, Z, _circle(0, cy, w * 0.32, 12), on if k == lit else off, light, lamp=k == lit))
    return ops


def stop_sign_ops(rng, cam, light, X, Z):
    """A stop sign (red octagon, white rim, STOP) on a pole at (X, Z), facing the camera."""
    r, y = rng.uniform(0.36, 0.42), rng.uniform(2.0, 2.3)
    a = np.linspace(0, 2 * math.pi, 8, endpoint=False) + math.pi / 8
    ops = [_billboard(cam, X, Z, [(-0.04, 0), (0.04, 0), (0.04, y), (-0.04, y)], (150, 150, 150), light, boxed=False)]
    ops.append(_billboard(cam, X, Z, np.stack([r * np.cos(a), y + r * np.sin(a)], 1), (245, 245, 245), light))
    ops.append(_billboard(cam, X, Z, np.stack([0.88 * r * np.cos(a), y + 0.88 * r * np.sin(a)], 1), (200, 20, 24), light))
    cx, cy = cam.project(X, y, Z)
    ops.append(Op(np.array([float(cx), float(cy)]), (245, 245, 245), text="STOP", size=float(0.5 * r * cam.f / Z)))
    return ops


def tree_ops(rng, cam, light, X, Z, green):
    """A street tree: trunk and a crown of overlapping blobs (not an object: it gets no box)."""
    h = rng.uniform(5, 10)
    trunk = _billboard(cam, X, Z, [(-0.15, 0), (0.15, 0), (0.1, h * 0.45), (-0.1, h * 0.45)], (80, 62, 45), light, boxed=False)
    ops = [trunk]
    for _ in range(int(rng.integers(4, 8))):
        cx, cy = rng.normal(0, h * 0.12), h * rng.uniform(0.55, 0.82)
        r = h * rng.uniform(0.15, 0.26)
        ops.append(_billboard(cam, X, Z, _circle(cx, cy, r, 14), _jitter(rng, green, 14), light, boxed=False, normal=(0.0, 0.5, -1.0)))
    return ops


# ------------------------------------------------------------------ scenery
def _sky(rng, light: Light, width, height, horizon_px):
    W, H = width * SS, height * SS
    if light.kind == "day":
        top, bottom = _jitter(rng, (70, 130, 210), 12), _jitter(rng, (185, 210, 235), 8)
    elif light.kind == "overcast":
        g = rng.uniform(150, 205)
        top, bottom = _jitter(rng, (g - 15, g - 10, g), 5), _jitter(rng, (g + 20, g + 22, g + 25), 5)
    else:
        top, bottom = _jitter(rng, (40, 50, 100), 10), _jitter(rng, (240, 150, 90), 12)
    t = np.clip(np.arange(H, dtype=np.float32) / max(horizon_px, 1.0), 0, 1)[:, None] ** 0.8
    col = np.asarray(top, np.float32)[None] * (1 - t) + np.asarray(bottom, np.float32)[None] * t
    sky = Image.fromarray(np.repeat(col[:, None, :], 8, axis=1).astype(np.uint8)).resize((W, H), Image.Resampling.NEAREST)
    if light.kind != "overcast" and rng.random() < 0.55 or light.kind == "overcast" and rng.random() < 0.8:  # clouds
        small = Image.new("L", (W // 16 + 1, H // 16 + 1), 0)
        d = ImageDraw.Draw(small)
        for _ in range(int(rng.integers(2, 7))):
            cx, cy = rng.uniform(0, small.size[0]), rng.uniform(0, horizon_px / 16 * 0.8)
            for _ in range(int(rng.integers(3, 9))):
                rx, ry = rng.uniform(3, 14), rng.uniform(1.5, 5)
                ox, oy = rng.normal(0, 8), rng.normal(0, 2)
                d.ellipse([cx + ox - rx, cy + oy - ry, cx + ox + rx, cy + oy + ry], fill=int(rng.uniform(120, 230)))
        mask = small.filter(ImageFilter.GaussianBlur(2.5)).resize((W, H), Image.Resampling.BILINEAR)
        cloud = (255, 250, 245) if light.kind == "day" else (235, 170, 150) if light.kind == "dusk" else (215, 215, 220)
        sky = Image.composite(Image.new("RGB", (W, H), _rgb(cloud)), sky, mask)
    return sky, bottom


def _skyline(rng, canvas: Canvas, cam: Camera, light: Light, haze):
    """Far blocks and tree lines standing on the horizon."""
    x = -20.0
    while x < FRAME[0] + 20:
        w = rng.uniform(25, 110)
        if rng.random() < 0.55:
            h = rng.uniform(8, 70) * cam.f / 640
            col = _mix(_pick(rng, BUILDINGS), haze, rng.uniform(0.45, 0.75))
            canvas.poly([(x, cam.horizon + 2), (x + w, cam.horizon + 2), (x + w, cam.horizon - h), (x, cam.horizon - h)], col)
        else:
            col = _mix((50, 90, 45), haze, rng.uniform(0.3, 0.6))
            for _ in range(int(w / 12) + 1):
                r = rng.uniform(6, 18) * cam.f / 640
                cx = x + rng.uniform(0, w)
                canvas.poly(_circle(cx, cam.horizon - r * rng.uniform(0.3, 1.0), r, 12), _jitter(rng, col, 6))
        x += w * rng.uniform(0.6, 1.2)


@lru_cache(maxsize=32)
def _steps(n: int) -> np.ndarray:
    return np.linspace(0.0, 1.0, n)


def _strip(cam, x0, x1, y0, y1, z0, z1, n=24):
    """Polygon of a band along the road between lateral offsets x0-x1 (from the road's centre line), at heights y0-y1."""
    zs = z0 * (z1 / z0) ** _steps(n)
    rx = cam.road_x(zs)
    a = np.stack(cam.project(rx + x0, np.full(n, y0), zs), 1)
    b = np.stack(cam.project(rx + x1, np.full(n, y1), zs), 1)
    return np.concatenate([a, b[::-1]])


@dataclass
class Road:
    left: float  # lateral offsets of the road's edges from the camera's lane centre (m)
    right: float
    lane: float
    marks: list  # (offset, kind) kind: "dash", "solid", "yellow"
    parking: tuple = ()  # offsets of parking strips' outer edges
    junction: tuple | None = None  # (z0, z1) of a crossing road
    pavement: float = 3.0


def _ground_and_road(rng, canvas: Canvas, cam: Camera, light: Light, road: Road, setting, haze):
    z_near, z_far = max(cam.ground_z(FRAME[1] * 1.05), 0.5), 2000.0
    grass = _jitter(rng, (88, 118, 60) if setting != "city" else (130, 128, 122), 10)
    grass = light.shade(grass, (0, 1, 0))
    canvas.poly([(-10, cam.horizon), (FRAME[0] + 10, cam.horizon), (FRAME[0] + 10, FRAME[1] + 10), (-10, FRAME[1] + 10)], grass)
    canvas.poly(
        [(-10, cam.horizon - 0.5), (FRAME[0] + 10, cam.horizon - 0.5), (FRAME[0] + 10, cam.horizon + 3), (-10, cam.horizon + 3)],
        _mix(grass, haze, 0.6),
    )
    asphalt = light.shade(_jitter(rng, (82, 82, 86), 8), (0, 1, 0))
    if setting != "highway":  # pavements
        paving = light.shade(_jitter(rng, (150, 148, 142), 8), (0, 1, 0))
        for edge, s in ((road.left, -1), (road.right, 1)):
            canvas.poly(_strip(cam, edge, edge + s * road.pavement, 0.12, 0.12, z_near, z_far), paving)
            canvas.poly(_strip(cam, edge, edge, 0.0, 0.14, z_near, z_far), light.shade((175, 175, 170), (-s, 0.2, 0)))
    canvas.poly(_strip(cam, road.left, road.right, 0.0, 0.0, z_near, z_far), asphalt)
    for _ in range(int(rng.integers(0, 4))):  # patches of newer or older asphalt
        z0 = rng.uniform(4, 60)
        x0 = rng.uniform(road.left, road.right - 1)
        canvas.poly(
            _strip(cam, x0, min(x0 + rng.uniform(1, 4), road.right), 0, 0, z0, z0 + rng.uniform(3, 20), 6),
            _scale(asphalt, rng.uniform(0.85, 1.12)),
        )
    if road.junction:
        z0, z1 = road.junction
        canvas.poly(_strip(cam, -300, 300, 0, 0, z0, z1, 4), _scale(asphalt, 0.97))
        if setting != "highway":
            for a, b in ((z0 - road.pavement, z0), (z1, z1 + road.pavement)):
                for edge_in, edge_out in ((road.left - 300, road.left), (road.right, road.right + 300)):
                    canvas.poly(_strip(cam, edge_in, edge_out, 0.12, 0.12, a, b, 4), _scale(asphalt, 1.6))
            canvas.poly(_strip(cam, road.left + road.lane * 0.0, road.right, 0.0, 0.0, z0 - 0.6, z0 - 0.2, 3), (225, 225, 220))
    white = light.shade((225, 225, 220), (0, 1, 0))
    yellow = light.shade((225, 180, 40), (0, 1, 0))
    gap = road.junction or (1e9, 1e9)
    phase = rng.uniform(0, 12)
    for off, kind in road.marks:
        if kind == "dash":
            z = z_near + phase
            while z < 160:
                if not (gap[0] - 3 < z < gap[1]):
                    canvas.poly(_strip(cam, off - 0.07, off + 0.07, 0, 0, z, z + 3.0, 3), white)
                z += 12.0
        else:
            col = yellow if kind == "yellow" else white
            for a, b in ((z_near, gap[0] - 0.5), (gap[1], z_far)):
                if b > a:
                    pts = [(off - 0.08, off + 0.08)] if kind != "yellow" else [(off - 0.22, off - 0.08), (off + 0.08, off + 0.22)]
                    for p0, p1 in pts:
                        canvas.poly(_strip(cam, p0, p1, 0, 0, a, b), col)


def _guard_rail(canvas, cam, light, x, z_near):
    steel = light.shade((165, 168, 170), (-np.sign(x), 0.2, 0))
    for z in np.arange(z_near + 1.0, 150, 4.0):
        canvas.poly(_strip(cam, x - 0.05, x + 0.05, 0.0, 0.0, z, z + 0.15, 2), (70, 70, 70))
        p = np.stack(cam.project(cam.road_x(z) + x, [0.0, 0.75], [z, z]), 1)
        w = max(0.6, 0.12 * cam.f / z)
        canvas.poly([(p[0, 0] - w, p[0, 1]), (p[0, 0] + w, p[0, 1]), (p[1, 0] + w, p[1, 1]), (p[1, 0] - w, p[1, 1])], (95, 95, 98))
    canvas.poly(_strip(cam, x, x, 0.55, 0.85, z_near, 1500), steel)


def _barrier(canvas, cam, light, x, z_near):
    canvas.poly(_strip(cam, x - 0.3, x - 0.3, 0.0, 0.8, z_near, 1500), light.shade((175, 172, 165), (1, 0.1, 0)))
    canvas.poly(_strip(cam, x - 0.3, x + 0.3, 0.8, 0.8, z_near, 1500), light.shade((190, 188, 180), (0, 1, 0)))


def _facades(rng, canvas, cam, light, road: Road, setting):
    """Buildings along both sides of the street (city), or houses set back behind front gardens (suburb)."""
    for side in (-1, 1):
        edge = (road.left if side < 0 else road.right) + side * road.pavement
        z = rng.uniform(-5, 10)
        blocks = []
        while z < 320:
            length = rng.uniform(10, 28) if setting == "city" else rng.uniform(8, 14)
            set_back = rng.uniform(0, 1.5) if setting == "city" else rng.uniform(4, 12)
            h = rng.uniform(7, 30) if setting == "city" else rng.uniform(5, 8)
            if setting == "city" or rng.random() < 0.7:
                blocks.append((z, z + length, edge + side * set_back, h, _jitter(rng, _pick(rng, BUILDINGS), 8)))
            z += length + (rng.uniform(0, 2) if setting == "city" else rng.uniform(4, 15))
        roof = _jitter(rng, _pick(rng, [(110, 60, 50), (70, 70, 76), (140, 80, 60), (60, 50, 45)]), 8)
        for z0, z1, x, h, col in reversed(blocks):
            z0 = max(z0, 1.0)
            if z1 <= z0:
                continue
            n = (-side, 0.0, 0.0)
            face = _strip(cam, x, x, 0, h, z0, z1, 8)
            canvas.poly(face, light.shade(col, n, (z0 + z1) / 2))
            end = np.stack(cam.project(cam.road_x(z0) + np.array([x, x + side * 10, x + side * 10, x]), [0, 0, h, h], [z0] * 4), 1)
            canvas.poly(end, light.shade(col, (0, 0, -1), z0))
            if setting == "suburb":  # a pitched roof seen from the street: its gable end and its slope facing the road
                rx = cam.road_x(z0)
                gable = np.stack(cam.project(rx + np.array([x, x + side * 10, x + side * 5]), [h, h, h + 3], [z0] * 3), 1)
                canvas.poly(gable, light.shade(col, (0, 0, -1), z0))
                top = np.stack(
                    cam.project(
                        cam.road_x(np.array([z0, z1, z1, z0])) + np.array([x, x, x + side * 5, x + side * 5]),
                        [h, h, h + 3, h + 3],
                        [z0, z1, z1, z0],
                    ),
                    1,
                )
                canvas.poly(top, light.shade(roof, (-side * 0.5, 0.8, 0), (z0 + z1) / 2))
            if (z0 + z1) / 2 < 140:  # windows: rows every 3 m, a column every 2.5-4 m
                step = rng.uniform(2.5, 4.0)
                glass = light.shade(_pick(rng, [(60, 70, 85), (90, 110, 130), (40, 45, 50)]), n, z0)
                for wy in np.arange(1.2 if setting == "city" else 1.0, h - 1.5, 3.0):
                    for wz in np.arange(z0 + 1.0, z1 - 1.5, step):
                        canvas.poly(_strip(cam, x - side * 0.01, x - side * 0.01, wy, wy + 1.5, wz, wz + step * 0.5, 2), glass)


# ------------------------------------------------------------------- the scene
@dataclass
class Thing:
    """Something drawn at depth z: an object (cls >= 0, with a box) or scenery (cls -1)."""

    z: float
    ops: list
    cls: int = -1
    shadow: np.ndarray | None = None  # road points (world) of its shadow
    shadow_px: np.ndarray | None = None  # or already in frame coordinates


def _random_light(rng, kind=None) -> Light:
    kind = kind or _pick(rng, list(LIGHTS), list(LIGHTS.values()))
    az = rng.uniform(-1, 1)
    if kind == "day":
        return Light(
            "day",
            (az, rng.uniform(0.5, 1.0), rng.uniform(-0.8, 0.6)),
            rng.uniform(0.5, 0.62),
            rng.uniform(0.4, 0.55),
            (205, 215, 228),
            rng.uniform(250, 500),
            rng.uniform(0.45, 0.65),
            0.15,
        )
    if kind == "overcast":
        return Light(
            "overcast",
            (az * 0.3, 1.0, -0.2),
            rng.uniform(0.75, 0.88),
            rng.uniform(0.1, 0.2),
            (200, 202, 206),
            rng.uniform(150, 300),
            rng.uniform(0.3, 0.45),
            0.25,
        )
    return Light(
        "dusk",
        (az, rng.uniform(0.1, 0.3), 0.9),
        rng.uniform(0.42, 0.55),
        rng.uniform(0.2, 0.35),
        (200, 150, 130),
        rng.uniform(200, 400),
        rng.uniform(0.35, 0.5),
        0.9,
    )


def _random_camera(rng) -> Camera:
    return Camera(
        f=rng.uniform(560, 720),
        hc=rng.uniform(1.2, 1.5),
        cx=FRAME[0] / 2 + rng.normal(0, 12),
        horizon=FRAME[1] * rng.uniform(0.40, 0.50),
        bend=float(np.clip(rng.normal(0, 0.0005), -0.0012, 0.0012)),
    )


def _random_road(rng, setting) -> Road:
    lane = rng.uniform(3.2, 3.7)
    n_same = int(rng.integers(2, 5)) if setting == "highway" else int(rng.integers(1, 3)) if setting == "city" else 1
    n_opp = int(rng.integers(1, 3)) if setting == "city" else 1 if setting == "suburb" else int(rng.integers(0, 4))
    ego = int(rng.integers(n_same))
    l0 = -(ego + 0.5) * lane
    marks = [(l0 + k * lane, "dash") for k in range(1, n_same)]
    median = 0.0
    if n_opp:
        if setting == "highway":
            median = rng.uniform(1.5, 3.0)
            marks.append((l0, "solid"))
        else:
            marks.append((l0, "yellow" if rng.random() < 0.6 else "solid"))
        marks += [(l0 - median - k * lane, "dash") for k in range(1, n_opp)]
    right = l0 + n_same * lane
    left = l0 - median - n_opp * lane
    if setting == "highway":
        marks += [(left + 0.3, "solid"), (right - 0.3, "solid")] if n_opp else [(right - 0.3, "solid"), (left + 0.3, "solid")]
    road = Road(left, right, lane, marks, pavement=rng.uniform(2.0, 4.0))
    road.n_same, road.n_opp, road.l0, road.median = n_same, n_opp, l0, median
    if setting != "highway" and rng.random() < 0.5:  # parking strip on the right
        road.parking = (right, right + 2.3)
        road.right += 2.3
        road.marks.append((right, "solid"))
    if setting != "highway" and rng.random() < 0.4:
        z0 = rng.uniform(16, 45)
        road.junction = (z0, z0 + rng.uniform(7, 10))
    return road


def _vehicle_kind(rng, setting):
    p = {"city": [28, 24, 20, 8, 10, 8], "suburb": [30, 28, 24, 8, 3, 5], "highway": [28, 20, 24, 10, 5, 13]}[setting]
    return _pick(rng, list(CAR_KINDS) + ["bus", "truck"], p)


def _near(foot):
    """Distance from the camera to the nearest point of a footprint (world points): the painter's order."""
    X, Z = foot[:, 0], foot[:, 2]
    d = np.hypot(X, Z).min()
    for k in range(len(foot)):  # nearest point on an edge
        a, b = foot[k, [0, 2]], foot[(k + 1) % len(foot), [0, 2]]
        t = np.clip(-(a @ (b - a)) / max((b - a) @ (b - a), 1e-9), 0, 1)
        d = min(d, float(np.hypot(*(a + t * (b - a)))))
    return float(d)


def _at(X, Z):
    return float(math.hypot(X, Z))


def _random_things(rng, cam, light, road: Road, setting, near: bool = False) -> list[Thing]:
    things = []
    z_min = cam.ground_z(FRAME[1] * 0.98) + 2.5

    def add_vehicle(kind, X, Z, theta):
        prisms, L, hw = make_vehicle(rng, kind)
        h = max(p[1] for pr in prisms for p in pr.profile)
        if h * cam.f / Z < MIN_HEIGHT * 1.2:
            return
        ops, foot = vehicle_ops(prisms, L, cam, light, X, Z, theta)
        things.append(Thing(_near(foot), ops, KIND_CLASS[kind], foot))

    # traffic in the lanes: same direction (backs), oncoming (fronts)
    busy = rng.uniform(0.3, 1.0)
    junction = road.junction or (1e9, 1e9)
    lanes = [(road.l0 + (k + 0.5) * road.lane, 0.0) for k in range(road.n_same)]
    lanes += [(road.l0 - road.median - (k + 0.5) * road.lane, math.pi) for k in range(road.n_opp)]
    start = {}  # lane -> where its traffic starts, for lanes that got a near vehicle
    if near:  # the car right ahead at the lights, or one alongside: 2.5-9 m to its back, often cut by the frame
        close = [k for k, (x_lane, _) in enumerate(lanes) if abs(x_lane) < 1.6 * road.lane]
        ego = min(close, key=lambda k: abs(lanes[k][0]))
        picks = [ego if rng.random() < 0.6 else int(rng.choice(close))]
        if len(close) > 1 and rng.random() < 0.35:
            picks.append(int(rng.choice([k for k in close if k != picks[0]])))
        for k in picks:
            x_lane, theta = lanes[k]
            kind = _vehicle_kind(rng, setting)
            half = {"bus": 6.0, "truck": 4.0}.get(kind, 2.3)
            z = rng.uniform(2.5, 9.0) + half
            X = cam.road_x(z) + x_lane + rng.normal(0, 0.3)
            add_vehicle(kind, X, z, theta + cam.heading(z) + rng.normal(0, 0.02))
            start[k] = z + half + 3 + rng.exponential(10)
    for k, (x_lane, theta) in enumerate(lanes):
        z = start[k] if k in start else z_min + rng.exponential(12) + (4 if x_lane == 0 else 0)
        while z < 95:
            kind = _vehicle_kind(rng, setting)
            if rng.random() < busy and not (junction[0] - 6 < z < junction[1] + 6):
                X = cam.road_x(z) + x_lane + rng.normal(0, 0.25)
                add_vehicle(kind, X, z, theta + cam.heading(z) + rng.normal(0, 0.02))
            z += {"bus": 12, "truck": 9}.get(kind, 5) + rng.exponential(14 if setting != "highway" else 22)
    for a, b in [road.parking] if road.parking else []:  # parked cars along the kerb
        z = z_min + rng.uniform(0, 6)
        while z < 70:
            if rng.random() < 0.75 and not (junction[0] - 4 < z < junction[1] + 4):
                kind = _pick(rng, CAR_KINDS, [30, 30, 25, 15])
                add_vehicle(kind, cam.road_x(z) + (a + b) / 2 + rng.normal(0, 0.1), z, cam.heading(z) + rng.normal(0, 0.04))
            z += rng.uniform(5.2, 9)
    if road.junction:  # crossing traffic
        z0, z1 = road.junction
        for _ in range(int(rng.integers(0, 3))):
            toward_right = rng.random() < 0.5
            zc = z0 + (z1 - z0) * (0.72 if toward_right else 0.28)
            X = cam.road_x(zc) + rng.uniform(-25, 25)
            add_vehicle(_vehicle_kind(rng, setting), X, zc, (1 if toward_right else -1) * math.pi / 2)
        if setting == "city" or rng.random() < 0.3:  # traffic lights at the junction
            X = cam.road_x(z0 - 1.0) + road.right + 0.6
            arm = rng.uniform(3, 7) if rng.random() < 0.4 else 0.0
            things.append(Thing(_at(X, z0 - 1), traffic_light_ops(rng, cam, light, X, z0 - 1, overhead=arm), TRAFFIC_LIGHT))
            if rng.random() < 0.6:
                X = cam.road_x(z1 + 1.0) + road.right + 0.6
                things.append(Thing(_at(X, z1 + 1), traffic_light_ops(rng, cam, light, X, z1 + 1), TRAFFIC_LIGHT))
            if rng.random() < 0.5:
                X = cam.road_x(z0 - 1.0) + road.left - 0.6
                things.append(Thing(_at(X, z0 - 1), traffic_light_ops(rng, cam, light, X, z0 - 1), TRAFFIC_LIGHT))
        elif rng.random() < 0.7:
            X = cam.road_x(z0 - 1.5) + road.right + 0.8
            things.append(Thing(_at(X, z0 - 1.5), stop_sign_ops(rng, cam, light, X, z0 - 1.5), STOP_SIGN))
    elif setting == "city" and rng.random() < 0.2:
        z = rng.uniform(15, 50)
        X = cam.road_x(z) + road.right + 0.6
        things.append(Thing(_at(X, z), traffic_light_ops(rng, cam, light, X, z), TRAFFIC_LIGHT))
    if setting != "highway":  # pedestrians on the pavements
        for _ in range(int(rng.integers(0, 7 if setting == "city" else 3))):
            side = rng.choice([-1, 1])
            edge = road.left if side < 0 else road.right
            z = rng.uniform(max(z_min, 4), 60)
            X = cam.road_x(z) + edge + side * rng.uniform(0.4, road.pavement - 0.3)
            ops, foot = person_ops(rng, cam, light, X, z)
            things.append(Thing(_at(X, z), ops, PERSON, foot))
    green = _jitter(rng, (55, 100, 45), 12)
    if setting != "city" or rng.random() < 0.3:  # street trees
        for side in (-1, 1):
            edge = (road.left if side < 0 else road.right) + side * (road.pavement * 0.5 if setting != "highway" else 4)
            z = rng.uniform(2, 12)
            while z < 200:
                if rng.random() < 0.7:
                    X = cam.road_x(z) + edge + side * rng.uniform(0, 2)
                    things.append(Thing(_at(X, z), tree_ops(rng, cam, light, X, z, green)))
                z += rng.uniform(8, 22)
    return things


def _layout_road(cam, road: Road, layout) -> Road:
    """Lanes under every given object: oncoming lanes (heading near pi) left of a yellow line, the others going our way."""
    on, ours = [], []
    for _, b, *rest in layout:
        if b[3] > cam.horizon + 5:
            z = cam.ground_z(b[3])
            x = ((b[0] + b[2]) / 2 - cam.cx) * z / cam.f
            oncoming = bool(rest) and abs(abs(rest[0].get("heading", 0.0)) - math.pi) < 1.0
            (on if oncoming else ours).append(x)
    lane = road.lane
    right = max([lane / 2, *[x + lane / 2 for x in ours + on]])
    right = lane / 2 + lane * math.ceil((right - lane / 2) / lane - 0.3)
    left = min([-lane / 2, *[x - lane / 2 for x in ours + on]])
    left = -lane / 2 - lane * math.ceil((-lane / 2 - left) / lane - 0.3)
    centre = left - 1.0
    if on:
        centre = -lane / 2 - lane * round((-lane / 2 - (max(on) + min(ours or [max(on) + lane])) / 2) / lane)
    marks = [(x, "yellow" if abs(x - centre) < 0.1 else "dash") for x in np.arange(left + lane, right - 0.1, lane)]
    out = Road(left, right, lane, marks, pavement=road.pavement)
    out.n_same, out.n_opp, out.l0, out.median = 0, 0, centre, 0.0
    return out


def _layout_things(rng, cam, light, layout) -> list[Thing]:
    """Objects at given boxes: each is drawn as it would look near its place and then fitted to its box exactly."""
    things = []
    for item in layout:
        cls, box = int(item[0]), [float(v) for v in item[1]]
        opts = dict(item[2]) if len(item) > 2 else {}
        x0, y0, x1, y1 = box
        w, h = x1 - x0, y1 - y0
        xc = (x0 + x1) / 2
        if cls in (CAR, BUS, TRUCK):
            kind = opts.get("kind") or (
                {BUS: "bus", TRUCK: "truck"}.get(cls) or ("suv" if w / h < 1.15 else _pick(rng, ["saloon", "hatchback", "suv"], [4, 4, 2]))
            )
            prisms, L, hw = make_vehicle(rng, kind, opts.get("colour"))
            H = max(p[1] for pr in prisms for p in pr.profile)
            Z = cam.f * H / h
            X = (xc - cam.cx) * Z / cam.f
            base = opts.get("heading", 0.0)
            best = None
            for d in np.radians(np.arange(0, 91, 3)):  # the turn that gives the box's shape
                for sgn in (1, -1):
                    ops, foot = vehicle_ops(prisms, L, cam, light, X, Z + L / 2, base + sgn * d)
                    bx = _bbox(ops)
                    err = abs(math.log((bx[2] - bx[0]) / (bx[3] - bx[1]) / (w / h)))
                    if best is None or err < best[0] - 1e-9:
                        best = (err, ops, foot)
                if "heading" in opts and opts.get("exact_heading", True):
                    break
            _, ops, foot = best
            foot_px = np.stack(cam.project(foot[:, 0], foot[:, 1], foot[:, 2]), 1)
        elif cls == PERSON:
            Z = cam.f * 1.75 / h
            ops, foot = person_ops(rng, cam, light, (xc - cam.cx) * Z / cam.f, Z, 1.75)
            foot_px = np.stack(cam.project(foot[:, 0], foot[:, 1], foot[:, 2]), 1)
        elif cls == TRAFFIC_LIGHT:
            Z = cam.f * 1.0 / h
            ops, foot_px = traffic_light_ops(rng, cam, light, (xc - cam.cx) * Z / cam.f, Z), None
        elif cls == STOP_SIGN:
            Z = cam.f * 0.8 / h
            ops, foot_px = stop_sign_ops(rng, cam, light, (xc - cam.cx) * Z / cam.f, Z), None
        else:
            raise ValueError(f"class {cls} cannot be drawn; drawable: {CLASS_IDS}")
        # fit: map the drawing's box onto the given one
        bx = _bbox(ops)
        sx, sy = w / (bx[2] - bx[0]), h / (bx[3] - bx[1])

        def fit(p, x0=x0, y0=y0, bx=bx, sx=sx, sy=sy):
            return np.stack([x0 + (p[..., 0] - bx[0]) * sx, y0 + (p[..., 1] - bx[1]) * sy], -1)

        for op in ops:
            op.pts = fit(op.pts)
            if op.text is not None:
                op.size *= sy
        things.append(
            Thing(cam.ground_z(y1) if y1 > cam.horizon + 1 else 1e4 - y1, ops, cls, shadow_px=None if foot_px is None else fit(foot_px))
        )
    return things


@lru_cache(maxsize=8)
def _vignette_base(width: int, height: int) -> np.ndarray:
    yy = np.linspace(-1, 1, height, dtype=np.float32)[:, None]
    xx = np.linspace(-1, 1, width, dtype=np.float32)[None, :]
    return (xx * xx + yy * yy) / 2


def _camera_step(rng, img: Image.Image, light: Light, jpeg: bool = True) -> np.ndarray:
    """Exposure, contrast, gamma, colour cast, vignette, blur, noise, JPEG: the look of a dash camera."""
    blur = rng.uniform(0.0, 1.0) * max(img.size) / 1280
    if blur > 0.25:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    # tone curve per channel (a lookup table): exposure x colour cast, contrast about mid-grey, gamma
    exposure = rng.uniform(0.8, 1.2) * (0.8 if light.kind == "dusk" else 1.0)
    cast = 1.0 + rng.normal(0, 0.04, 3)
    contrast, gamma = rng.uniform(0.85, 1.2), rng.uniform(0.85, 1.15)
    v = np.arange(256) / 255.0
    lut = []
    for k in range(3):
        a = 0.45 + (v * exposure * cast[k] - 0.45) * contrast
        lut += list((np.clip(a, 0, 1) ** gamma * 255 + 0.5).astype(np.uint8))
    img = img.point(lut)
    vig = Image.fromarray((255.5 - 255 * rng.uniform(0.0, 0.3) * _vignette_base(*img.size)).astype(np.uint8))
    img = ImageChops.multiply(img, Image.merge("RGB", (vig, vig, vig)))
    noise = (rng.standard_normal(img.size[::-1] + (1,), dtype=np.float32) * rng.uniform(1.0, 6.0)).astype(np.int16)  # sensor
    out = np.clip(np.asarray(img, np.int16) + noise, 0, 255).astype(np.uint8)
    if jpeg:
        buf = io.BytesIO()
        Image.fromarray(out).save(buf, "JPEG", quality=int(rng.integers(70, 96)))
        out = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))
    return out


def render_scene(
    rng, width: int = 1280, height: int = 720, layout=None, *, setting=None, lighting=None, camera=None, near=False
):
    """Draw one scene; returns a dict: image, boxes, classes (as draw_scene), and for every object drawn (boxed or
    not) `all_boxes`, `all_classes`, `visible` (the share of its outline that nearer objects leave visible) and
    `kept` (whether it got a box). See draw_scene for the arguments; `setting`, `lighting` ("day", "overcast",
    "dusk") and `camera` (a Camera) fix what is otherwise drawn at random."""
    setting = setting or _pick(rng, list(SETTINGS), list(SETTINGS.values()))
    light = _random_light(rng, lighting)
    cam = camera or _random_camera(rng)
    road = _random_road(rng, setting)
    if layout is not None:
        layout = [
            (c, [b[0] * FRAME[0] / width, b[1] * FRAME[1] / height, b[2] * FRAME[0] / width, b[3] * FRAME[1] / height], *rest)
            for c, b, *rest in layout
        ]
        road = _layout_road(cam, road, layout)
    sky, haze = _sky(rng, light, width, height, cam.horizon * height / FRAME[1] * SS)
    light.haze = _mix(light.haze, haze, 0.5)
    canvas = Canvas(width, height, sky)
    _skyline(rng, canvas, cam, light, light.haze)
    _ground_and_road(rng, canvas, cam, light, road, setting, light.haze)
    z_near = max(cam.ground_z(FRAME[1]), 0.5)
    if setting == "highway":
        _guard_rail(canvas, cam, light, road.right + 0.6, z_near)
        if road.n_opp:
            _barrier(canvas, cam, light, road.l0 - road.median / 2, z_near)
        else:
            _guard_rail(canvas, cam, light, road.left - 0.6, z_near)
    else:
        _facades(rng, canvas, cam, light, road, setting)
    if layout is None:
        things = _random_things(rng, cam, light, road, setting, near)
    else:
        things = _layout_things(rng, cam, light, layout)
    # shadows on the road, then everything far to near
    if light.shadow > 0:
        size = canvas.img.size
        mask = Image.new("L", (size[0] // 4 + 1, size[1] // 4 + 1), 0)
        md = ImageDraw.Draw(mask)
        top = size[1]
        sun = np.asarray(light.sun, float)
        lean = np.array([-sun[0], 0, -sun[2]]) / max(sun[1], 0.3) * 0.6
        for t in things:
            if t.shadow_px is not None:
                pts = t.shadow_px
            elif t.shadow is not None:
                s = t.shadow + lean * (t.cls != PERSON)
                pts = np.stack(cam.project(s[:, 0], s[:, 1], s[:, 2]), 1)
            else:
                continue
            px = [(x / 4, y / 4) for x, y in canvas.to_px(pts)]
            md.polygon(px, fill=int(255 * light.shadow))
            top = min(top, int(min(p[1] for p in px) * 4))
        top = max(0, top - 16)
        if top < size[1]:  # darken the road under the shadows (only the rows that have any)
            crop = (0, top, size[0], size[1])
            m = mask.filter(ImageFilter.BoxBlur(max(1, canvas.sy / 2)))
            m = m.resize((size[0], size[1] - top), Image.Resampling.BILINEAR, box=(0, top / 4, size[0] / 4, size[1] / 4))
            part = canvas.img.crop(crop)
            canvas.img.paste(part.point(lambda v: v * 40 // 255), crop[:2], m)
    things.sort(key=lambda t: -t.z)
    records = []
    for t in things:
        if t.cls < 0:
            canvas.ops(t.ops)
            continue
        ident = len(records) + 1
        canvas.ops(t.ops, ident)
        box = _bbox(t.ops)
        records.append((t.cls, box, ident, canvas.count(box, ident)))
    img = canvas.img.reduce(SS)
    if light.lamps > 0:
        if canvas.any_lamp:
            k = light.lamps
            glow = canvas.glow.filter(ImageFilter.GaussianBlur(1.5 * canvas.sy / SS)).point(lambda v: int(v * k))
            img = ImageChops.add(img, glow.resize(img.size, Image.Resampling.BILINEAR))
    image = _camera_step(rng, img, light)
    boxes, classes, all_boxes, visible, kept = [], [], [], [], []
    sx, sy = width / FRAME[0], height / FRAME[1]
    for cls, box, ident, area in records:
        full = (box[2] - box[0]) * (box[3] - box[1])
        clip = (max(box[0], 0.0), max(box[1], 0.0), min(box[2], FRAME[0]), min(box[3], FRAME[1]))
        inside = max(0.0, clip[2] - clip[0]) * max(0.0, clip[3] - clip[1]) / max(full, 1e-9)
        vis = canvas.count(box, ident) / max(area, 1)
        ok = inside >= MIN_INSIDE and vis >= 1 - MAX_HIDDEN and area > 0 and min(clip[2] - clip[0], clip[3] - clip[1]) >= 6
        scaled = (clip[0] * sx, clip[1] * sy, clip[2] * sx, clip[3] * sy)
        all_boxes.append(scaled)
        visible.append(vis)
        kept.append(ok)
        if ok:
            boxes.append(scaled)
            classes.append(cls)
    return {
        "image": image,
        "boxes": np.asarray(boxes, np.float32).reshape(-1, 4),
        "classes": np.asarray(classes, np.int64),
        "all_boxes": np.asarray(all_boxes, np.float32).reshape(-1, 4),
        "all_classes": np.asarray([r[0] for r in records], np.int64),
        "visible": np.asarray(visible, np.float32),
        "kept": np.asarray(kept, bool),
        "setting": setting,
        "lighting": light.kind,
    }


def draw_scene(rng, width: int = 1280, height: int = 720, layout=None, near: bool = False):
    """A road scene seen from a car's dashboard and the boxes of the objects in it.

    Arguments:
    rng -- a numpy Generator; the scene is a function of its state (same state, same bytes)
    width, height -- size of the picture in pixels; the scene is composed in a 1280 x 720 frame and scaled to this
                     size (608 x 608 squashes it as the notebook's preprocess_image does)
    layout -- None for a random scene, or a list of (class, (left, top, right, bottom)[, options]) in pixels of the
              picture: exactly these objects are drawn, each filling its box (a box may reach out of the picture: the
              object is then cut by the frame and its returned box clipped); options (a dict) may set "kind"
              (saloon, hatchback, suv, van, bus, truck), "colour" (RGB) and "heading" (radians, pi = facing the camera)
    near -- put one or two vehicles 2.5-9 m ahead in the camera's lane or the next one (a random scene's nearest
            traffic is rarely that close; the detector's training scenes ask for it in a share of scenes)

    Returns:
    image -- uint8 array (height, width, 3)
    boxes -- float32 array (n, 4): (left, top, right, bottom) in pixels, clipped to the picture
    classes -- int64 array (n,): COCO class ids (person 0, car 2, bus 5, truck 7, traffic light 9, stop sign 11)
    """
    out = render_scene(rng, width, height, layout, near=near)
    return out["image"], out["boxes"], out["classes"]
