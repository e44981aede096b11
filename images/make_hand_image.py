"""Draw the hand pictures of the "test with your own image" cells (generated; do not edit the outputs).

thumbs_up.jpg -- C2W3: a hand giving a thumbs-up (the thumb raised, the four fingers folded), drawn by
                 the same code as the SIGNS data set (datasets/make_signs.py) but kept at the drawing's
                 full 256 x 256 pixels, as a phone photo would be larger than the 64 x 64 training
                 pictures. No SIGNS class shows the thumb alone, so the network has never seen this
                 sign: that is the point of the cell (a mismatched data distribution).
hand_three.jpg -- C4W2B: a hand showing three (index, middle and ring finger raised), a sign of the
                 data set, by the same code at the same 256 x 256 pixels, without the data set's
                 camera step (a sharp, well-exposed picture, as a student's own photo would be).

Students may put their own photos in images/ instead.

Usage: python images/make_hand_image.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "datasets"))

import make_signs as signs  # noqa: E402


def draw_fingers(path: Path, count: int, fingers: str, seed: int) -> None:
    """Draw make_signs' picture of `count` raised fingers, always with the finger set `fingers` (e.g. "T" for a
    thumbs-up), with its hand, background, light and shadow, at 256 x 256 (no 64 x 64 camera step), and save it."""
    rng = np.random.default_rng(seed)
    finger_sets, photograph = signs.FINGER_SETS, signs.photograph
    signs.FINGER_SETS = {**finger_sets, count: [(fingers, 1.0)]}
    signs.photograph = lambda rng, picture: picture  # keep the full drawing
    try:
        picture = signs.make_image(rng, count)
    finally:
        signs.FINGER_SETS, signs.photograph = finger_sets, photograph
    Image.fromarray(np.clip(picture, 0, 255).astype(np.uint8)).save(path, quality=92)


def thumbs_up(path: Path = HERE / "thumbs_up.jpg", seed: int = 20) -> None:
    """The thumbs-up of C2W3: the one raised finger is the thumb."""
    draw_fingers(path, 1, "T", seed)


def hand_three(path: Path = HERE / "hand_three.jpg", seed: int = 2) -> None:
    """The hand of C4W2B's own-image cell: index, middle and ring finger raised."""
    draw_fingers(path, 3, "IMR", seed)


if __name__ == "__main__":
    thumbs_up()
    hand_three()
    print(f"wrote {HERE / 'thumbs_up.jpg'} and {HERE / 'hand_three.jpg'}")
