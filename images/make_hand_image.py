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


def thumbs_up(path: Path = HERE / "thumbs_up.jpg", seed: int = 20) -> None:
    """Draw the thumbs-up with make_signs' hand, background, light and shadow, at 256 x 256, and save it."""
    rng = np.random.default_rng(seed)
    finger_sets, photograph = signs.FINGER_SETS, signs.photograph
    signs.FINGER_SETS = {**finger_sets, 1: [("T", 1.0)]}  # the one raised finger is the thumb
    signs.photograph = lambda rng, picture: picture  # no 64 x 64 camera step: keep the full drawing
    try:
        picture = signs.make_image(rng, 1)
    finally:
        signs.FINGER_SETS, signs.photograph = finger_sets, photograph
    Image.fromarray(np.clip(picture, 0, 255).astype(np.uint8)).save(path, quality=92)


def hand_three(path: Path = HERE / "hand_three.jpg", seed: int = 2) -> None:
    """Draw a hand raising the index, middle and ring finger with make_signs' hand and background, at 256 x 256."""
    rng = np.random.default_rng(seed)
    finger_sets, photograph = signs.FINGER_SETS, signs.photograph
    signs.FINGER_SETS = {**finger_sets, 3: [("IMR", 1.0)]}
    signs.photograph = lambda rng, picture: picture  # no 64 x 64 camera step: keep the full drawing
    try:
        picture = signs.make_image(rng, 3)
    finally:
        signs.FINGER_SETS, signs.photograph = finger_sets, photograph
    Image.fromarray(np.clip(picture, 0, 255).astype(np.uint8)).save(path, quality=92)


if __name__ == "__main__":
    thumbs_up()
    hand_three()
    print(f"wrote {HERE / 'thumbs_up.jpg'} and {HERE / 'hand_three.jpg'}")
