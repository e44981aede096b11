"""Where the course's data files live, and a clear error when one is missing.

Data files are found relative to this repository (``datasets/`` beside
``utils/``), never relative to the current directory, so a notebook works
whatever folder it is opened from. Set ``DLCOURSE_DATA`` to use another folder
(for example one holding the original course files).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    return Path(os.environ.get("DLCOURSE_DATA", REPO_ROOT / "datasets"))


def built_file(folder: Path, name: str, make_target: str, made: str = "generated") -> Path:
    """Path of a file that a `make` target builds; FileNotFoundError naming the target when it is missing."""
    path = folder / name
    if not path.is_file():
        raise FileNotFoundError(
            f"{name} not found in {path.parent}. It is {made}, not downloaded: run `make {make_target}` in {REPO_ROOT} to create it."
        )
    return path


def data_file(name: str, make_target: str = "datasets") -> Path:
    """Path of a data file; FileNotFoundError naming the `make` target that builds it."""
    return built_file(data_dir(), name, make_target)


def load_h5_dataset(name: str, make_target: str = "datasets"):
    """One of the original course's image data sets: `train_<name>.h5` and `test_<name>.h5`.

    Arguments:
    name -- "catvnoncat", "signs" or "happy"
    make_target -- the make target that builds the files, named when one is missing

    Returns:
    train_set_x_orig -- uint8 array (m_train, 64, 64, 3), the training pictures
    train_set_y_orig -- labels of shape (1, m_train)
    test_set_x_orig -- uint8 array (m_test, 64, 64, 3)
    test_set_y_orig -- labels of shape (1, m_test)
    classes -- the test file's `list_classes`
    """
    import h5py
    import numpy as np

    arrays = []
    for split in ("train", "test"):
        with h5py.File(data_file(f"{split}_{name}.h5", make_target), "r") as f:
            y = np.array(f[f"{split}_set_y"][:])
            arrays += [np.array(f[f"{split}_set_x"][:]), y.reshape((1, y.shape[0]))]
            if split == "test":
                arrays.append(np.array(f["list_classes"][:]))
    return tuple(arrays)


def image_file(name: str) -> Path:
    """Path of a picture in the repository's images/ folder (e.g. for "try your own image")."""
    path = REPO_ROOT / "images" / name
    if not path.is_file():
        raise FileNotFoundError(f"{name} not found in {path.parent}: put your picture there, or check the spelling.")
    return path


def quick_run() -> bool:
    """True when long training cells should take a short run instead of the full one.

    Continuous integration sets ``CI=true``; the autograder sets ``DLCOURSE_QUICK=1``
    (grading tests each function on small inputs, so it never needs the full training).
    A student's notebook runs in full unless they set one of these themselves.
    """
    return os.environ.get("DLCOURSE_QUICK") == "1" or os.environ.get("CI", "").lower() == "true"
