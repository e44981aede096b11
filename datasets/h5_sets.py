"""The original course's image files, shared by the generators here: one .h5 file per split, holding
`<split>_set_x` (m, 64, 64, 3) uint8, `<split>_set_y` (m,) int64 and `list_classes`."""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np


def write_split(path: Path, split: str, x: np.ndarray, y: np.ndarray, classes: np.ndarray) -> None:
    """Write one split ("train" or "test") in the original layout; the same arrays give the same bytes."""
    with h5py.File(path, "w", track_order=False) as f:
        f.create_dataset(f"{split}_set_x", data=x)
        f.create_dataset(f"{split}_set_y", data=y)
        f.create_dataset("list_classes", data=classes)


def read_splits(folder: Path, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(x_train, y_train, x_test, y_test) from `folder`/train_<name>.h5 and test_<name>.h5, labels as stored (m,)."""
    arrays = []
    for split in ("train", "test"):
        with h5py.File(Path(folder) / f"{split}_{name}.h5", "r") as f:
            arrays += [f[f"{split}_set_x"][:], f[f"{split}_set_y"][:]]
    return tuple(arrays)
