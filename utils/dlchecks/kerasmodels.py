"""What the checks of the Keras assignments (C4W2A, C4W2B) share: a model's layer table, seeded weights and pictures,
and the order of a model's layers that does not depend on the order in which a student wrote parallel branches.

A Keras model is graded by what it *is*, not by its random start: its layers (type, name, output shape, number of
parameters), then its output once every weight has been overwritten with numbers drawn from a seeded numpy generator.
"""

from __future__ import annotations

import numpy as np

SAME_TYPE = {"ReLU": "Activation"}  # layers.ReLU() is the same layer as Activation("relu")


def kind_of(operation) -> str:
    """The type of a layer (or of an operation such as `X + Y`, Keras's "Add"), ReLU counted as Activation."""
    return SAME_TYPE.get(type(operation).__name__, type(operation).__name__)


def layer_table(model, named, layers=None) -> list[tuple]:
    """(type, name, output shape, number of parameters) of each layer of `layers` (default: model.layers, in Keras's
    order); the name only for the types listed in `named`, "-" for the others, whose names Keras makes up and numbers
    on ("zero_padding2d_7")."""
    rows = []
    for layer in model.layers if layers is None else layers:
        kind = kind_of(layer)
        name = layer.name if kind in named else "-"
        parameters = int(layer.count_params()) if hasattr(layer, "count_params") else 0
        rows.append((kind, name, tuple(layer.output.shape), parameters))
    return rows


def _value_for(weight, rng: np.random.Generator) -> np.ndarray:
    """Seeded numbers for one weight: kernels scaled by their fan-in so that the activations stay near 1."""
    shape = tuple(weight.shape)
    kind = weight.name
    if kind in ("gamma", "moving_variance"):
        value = rng.uniform(0.5, 1.5, shape)
    elif kind == "kernel":
        value = rng.normal(0.0, 1.0 / np.sqrt(max(int(np.prod(shape[:-1])), 1)), shape)
    else:  # bias, beta, moving_mean and anything else
        value = rng.normal(0.0, 0.1, shape)
    return value.astype(str(weight.dtype))


def set_seeded_weights(model, seed: int, layers=None) -> None:
    """Overwrite every weight of `model`, layer by layer in the order of `layers` (default: model.layers), with numbers
    drawn from default_rng(seed)."""
    rng = np.random.default_rng(seed)
    for layer in model.layers if layers is None else layers:
        for weight in getattr(layer, "weights", []):
            weight.assign(_value_for(weight, rng))


def seeded_pictures(input_shape, seed: int, batch: int) -> np.ndarray:
    """A batch of `batch` "pictures" of shape input_shape, values in [0, 1) (like X_train), float32."""
    return np.random.default_rng(seed + 1000).uniform(0.0, 1.0, (batch, *input_shape)).astype(np.float32)


# ------------------------------------------------------------------ the graph of a functional model
def parents(model) -> dict:
    """{operation: [the operations whose outputs it takes]} for every operation of a functional model: its layers and
    the operations written as Python operators on Keras tensors (`X + Y`). A layer object used twice is listed once,
    with the inputs of all its uses."""
    found: dict = {}
    keys = model._nodes  # the keys of the nodes of this model's graph (a layer may have nodes in other graphs too)
    for operation in model.operations:
        found[operation] = []
        for index, node in enumerate(operation._inbound_nodes):
            if f"{id(operation)}_ib-{index}" in keys:  # keras.src.ops.function.make_node_key
                found[operation] += [parent.operation for parent in node.parent_nodes]
    return found


def canonical_order(model, named) -> list:
    """The model's operations, inputs first, sorted by depth (the longest path from an input) and, between operations
    of the same depth (parallel branches), by name for the named types and by type for the others: the same order
    whichever branch the student wrote first."""
    inbound = parents(model)
    keras_order = {operation: index for index, operation in enumerate(model.operations)}
    depth: dict = {}

    def depth_of(operation) -> int:
        stack = [operation]
        while stack:  # no recursion: ResNet-50 is 177 layers deep
            top = stack[-1]
            waiting = [p for p in inbound.get(top, []) if p not in depth]
            if waiting:
                stack += waiting
                continue
            depth[top] = 1 + max((depth[p] for p in inbound.get(top, [])), default=-1)
            stack.pop()
        return depth[operation]

    def key(operation):
        kind = kind_of(operation)
        tie = (0, operation.name) if kind in named else (1, kind)
        return (depth_of(operation), *tie, keras_order.get(operation, 0))

    return sorted(inbound, key=key)
