import os
import subprocess
import sys

import lr_utils
import numpy as np
import pytest


def test_shapes_and_dtypes_match_the_original():
    train_x, train_y, test_x, test_y, classes = lr_utils.load_dataset()
    assert train_x.shape == (209, 64, 64, 3) and train_x.dtype == np.uint8
    assert train_y.shape == (1, 209) and train_y.dtype == np.int64
    assert test_x.shape == (50, 64, 64, 3) and test_y.shape == (1, 50)
    assert list(classes) == [b"non-cat", b"cat"]


def test_works_from_any_directory(tmp_path):
    code = "import lr_utils; print(lr_utils.load_dataset()[0].shape)"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert "(209, 64, 64, 3)" in out.stdout


def test_missing_file_names_the_make_target(tmp_path, monkeypatch):
    monkeypatch.setenv("DLCOURSE_DATA", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="make datasets"):
        lr_utils.load_dataset()


def test_original_files_can_be_dropped_in(tmp_path, monkeypatch):
    """Files in the original course's layout (same keys, any pixels) load unchanged."""
    import h5py

    rng = np.random.default_rng(0)
    for prefix, n in (("train", 209), ("test", 50)):
        with h5py.File(tmp_path / f"{prefix}_catvnoncat.h5", "w") as f:
            f[f"{prefix}_set_x"] = rng.integers(0, 256, (n, 64, 64, 3), dtype=np.uint8)
            f[f"{prefix}_set_y"] = rng.integers(0, 2, n).astype(np.int64)
            f["list_classes"] = np.array([b"non-cat", b"cat"], dtype="S7")
    monkeypatch.setenv("DLCOURSE_DATA", str(tmp_path))
    assert lr_utils.load_dataset()[3].shape == (1, 50)
    assert os.environ["DLCOURSE_DATA"] == str(tmp_path)
