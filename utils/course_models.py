"""Where the course's trained models live and how notebooks find them.

The models that the original course downloaded (a ResNet-50 trained on SIGNS, a YOLO detector, a face encoder, a
VGG-19) are trained here by `make models`, from the course's own data, into the ``models/`` folder of the repository
(or the folder named by the ``DLCOURSE_MODELS`` environment variable). Each has a model card ``models/<name>.md``.

A user who owns the original course's weight files puts them in the same folder; ``read_h5_weights`` reads the
weights of those Keras 2 HDF5 files by layer name, so that they can be loaded into the notebook's own model when
Keras 3 cannot rebuild the saved model itself.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from course_data import REPO_ROOT, built_file


def models_dir() -> Path:
    return Path(os.environ.get("DLCOURSE_MODELS", REPO_ROOT / "models"))


def model_file(name: str, make_target: str = "models") -> Path:
    """Path of a model file; FileNotFoundError naming the `make` target that builds it (its card says how long)."""
    return built_file(models_dir(), name, make_target, made="trained here")


def find_model(*names: str) -> Path | None:
    """The first of the given files that exists in the models folder, or None."""
    for name in names:
        path = models_dir() / name
        if path.is_file():
            return path
    return None


def _text(value) -> str:
    return value.decode("utf8") if isinstance(value, bytes) else str(value)


def read_h5_weights(path: Path) -> dict[str, list[np.ndarray]]:
    """The weights of a Keras 2 HDF5 file (a whole saved model or `save_weights` output), by layer name.

    Keras 2 stored each layer's weights in a group named after the layer, listed in the attribute ``layer_names``,
    with the weights' order in the group's attribute ``weight_names`` (the order of ``layer.get_weights()``).

    Returns:
    weights -- dictionary {layer name: list of numpy arrays}; layers without weights are left out
    """
    import h5py

    weights: dict[str, list[np.ndarray]] = {}
    with h5py.File(path, "r") as f:
        root = f["model_weights"] if "model_weights" in f else f
        if "layer_names" not in root.attrs:
            raise ValueError(f"{path.name} is not a Keras 2 weight file (no 'layer_names' attribute)")
        for layer in (_text(n) for n in root.attrs["layer_names"]):
            group = root[layer]
            names = [_text(n) for n in group.attrs.get("weight_names", [])]
            if names:
                weights[layer] = [np.asarray(group[n]) for n in names]
    return weights


def load_weights_by_name(model, path: Path) -> int:
    """Copy the weights of a Keras 2 HDF5 file into `model`, layer by layer, matching the layers by name.

    Every layer of `model` that has weights must find a layer of the same name and the same weight shapes in the
    file; a ValueError names the first one that does not. Returns the number of layers loaded.
    """
    stored = read_h5_weights(path)
    loaded = 0
    for layer in model.layers:
        if not layer.weights:
            continue
        if layer.name not in stored:
            raise ValueError(
                f"{path.name} has no weights for the layer {layer.name!r}: its layers are named otherwise "
                f"(e.g. {', '.join(list(stored)[:4])}, ...)"
            )
        have = [tuple(w.shape) for w in layer.get_weights()]
        given = [tuple(w.shape) for w in stored[layer.name]]
        if have != given:
            raise ValueError(f"the layer {layer.name!r} has weights of shapes {have}, but {path.name} holds {given}")
        layer.set_weights(stored[layer.name])
        loaded += 1
    return loaded
