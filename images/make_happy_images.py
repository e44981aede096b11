"""Draw the pictures of C4W2A's "test with your own image" cell (generated; do not edit the outputs).

smiling_face.jpg -- a person who is not in the Happy House data, smiling, at 256 x 256;
neutral_face.jpg -- the same photograph with a neutral expression (only the face changes).

Both are drawn by the renderer of the Happy House data set (`datasets/faces.py`), at four times the data set's size:
the notebook shrinks them to 64 x 64 as it would any picture of yours. The person and the photograph are drawn once
from a fixed seed (not chosen for what the model answers), with the data set's front-door camera ranges.

    python images/make_happy_images.py
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "datasets"))

import faces  # noqa: E402
import make_happy  # noqa: E402

SEED = 2024  # the data set uses seed 1: this person is in neither the training nor the test pictures
SIZE = 256


def happy_images(folder: Path = HERE, seed: int = SEED) -> list[Path]:
    person = faces.random_identity(np.random.default_rng([seed, 1]))
    smiling = faces.random_picture(np.random.default_rng([seed, 2]), expression="smile", strength=0.9,
                                   ranges=make_happy.RANGES)
    neutral = dataclasses.replace(smiling, expression="neutral")
    paths = []
    for name, picture in (("smiling_face.jpg", smiling), ("neutral_face.jpg", neutral)):
        path = folder / name
        Image.fromarray(faces.render(person, picture, SIZE)).save(path, quality=92)
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in happy_images():
        print(f"wrote {written}")
