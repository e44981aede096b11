"""Checks of C2W1A Initialization: the public tests and the probes the grader also runs.

The public inputs are the layer sizes the seed uses ([3, 2, 1] for zeros and random
initialisation, [2, 4, 1] for He initialisation) and the expected values are the numbers it
prints. When a weight matrix is a constant multiple of the expected one, the message says by
how much, which points at the scaling factor (10 for random, sqrt(2 / n[l-1]) for He).
"""

from __future__ import annotations

import numpy as np

from .core import Case, Check, CheckFailed, explain_none_errors

ASSIGNMENT = "C2W1A_Initialization"
explain_none_errors()  # the None hint under errors in any cell of the notebook

_INIT_TOL = {"rtol": 1e-6, "atol": 1e-8}  # the seed prints 8 decimals
_RANDN = ("draw each weight matrix with np.random.randn(layers_dims[l], layers_dims[l - 1]), W1 first, "
          "and make no other random draws (the biases are zeros)")
_ZERO_BIAS = "the biases start at 0: np.zeros((layers_dims[l], 1))"
_LOOP = "one W and one b for each layer l = 1, ..., L, where L = len(layers_dims) - 1"


def _value_hint(name: str, got, expected, scale_hint: str) -> str:
    """What a wrong array most likely means, from how it differs from the expected one."""
    expected = np.asarray(expected, dtype=float)
    if not (isinstance(got, np.ndarray) and got.dtype.kind in "biuf" and got.shape == expected.shape):
        return ""
    got = got.astype(float)
    if not expected.any():
        return _ZERO_BIAS if name.startswith("b") else scale_hint
    if not got.any():
        return "these weights are all zero: " + _RANDN
    ratio = float(np.sum(got * expected) / np.sum(expected * expected))
    if abs(ratio - 1) > 1e-3 and np.allclose(got, ratio * expected, rtol=1e-5, atol=1e-10):
        return f"your values are {ratio:.4g} times the expected ones: {scale_hint}"
    return _RANDN


def _initialization(t, f, layers_dims, scale_hint: str):
    layers = len(layers_dims) - 1
    got = t.type("parameters", f(list(layers_dims)), dict, "a dictionary with keys W1, b1, ..., WL, bL")
    try:
        t.equal("keys of parameters", sorted(map(str, got)))
    except CheckFailed as failure:
        raise CheckFailed(f"{failure}\n    hint: {_LOOP}") from None
    for layer in range(1, layers + 1):
        rows, columns = layers_dims[layer], layers_dims[layer - 1]
        W, b = got.get(f"W{layer}"), got.get(f"b{layer}")
        if isinstance(W, np.ndarray) and rows != columns and W.shape == (columns, rows):
            t.fail(f'parameters["W{layer}"] has shape {W.shape}, the transpose of the right one: W{layer} has shape '
                   f"(layers_dims[{layer}], layers_dims[{layer - 1}]) = {(rows, columns)}, one row per unit of layer "
                   f"{layer}")
        if isinstance(b, np.ndarray) and b.shape == (rows,):
            t.fail(f'parameters["b{layer}"] has shape {b.shape}: a bias is a column, np.zeros((layers_dims[{layer}], 1))')
        for name, value in ((f"W{layer}", W), (f"b{layer}", b)):
            label = f'parameters["{name}"]'
            try:
                t.close(label, value, **_INIT_TOL)
            except CheckFailed as failure:  # only public tests compare here: add what the difference suggests
                hint = _value_hint(name, value, t.case.expected[label], scale_hint)
                raise CheckFailed(f"{failure}\n    hint: {hint}" if hint else str(failure)) from None


def _initialize_parameters_zeros(t, f, layers_dims):
    _initialization(t, f, layers_dims, "every weight starts at 0: np.zeros((layers_dims[l], layers_dims[l - 1]))")


def _initialize_parameters_random(t, f, layers_dims):
    _initialization(t, f, layers_dims, "multiply np.random.randn(layers_dims[l], layers_dims[l - 1]) by 10")


def _initialize_parameters_he(t, f, layers_dims):
    _initialization(t, f, layers_dims, "multiply np.random.randn(layers_dims[l], layers_dims[l - 1]) by "
                                       "np.sqrt(2 / layers_dims[l - 1]), 2 over the size of the previous layer "
                                       "(Xavier initialisation would use 1 / layers_dims[l - 1])")


def _expected(values: dict) -> dict:
    return {"keys of parameters": sorted(values), **{f'parameters["{k}"]': v for k, v in values.items()}}


check_initialize_parameters_zeros = Check("initialize_parameters_zeros", _initialize_parameters_zeros, [
    Case(([3, 2, 1],), _expected({
        "W1": [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]],
        "b1": [[0.0], [0.0]],
        "W2": [[0.0, 0.0]],
        "b2": [[0.0]],
    }), "layers_dims = [3, 2, 1]"),
])

check_initialize_parameters_random = Check("initialize_parameters_random", _initialize_parameters_random, [
    Case(([3, 2, 1],), _expected({
        "W1": [[17.88628473, 4.36509851, 0.96497468], [-18.63492703, -2.77388203, -3.54758979]],
        "b1": [[0.0], [0.0]],
        "W2": [[-0.82741481, -6.27000677]],
        "b2": [[0.0]],
    }), "layers_dims = [3, 2, 1]"),
])

check_initialize_parameters_he = Check("initialize_parameters_he", _initialize_parameters_he, [
    Case(([2, 4, 1],), _expected({
        "W1": [[1.78862847, 0.43650985], [0.09649747, -1.8634927], [-0.2773882, -0.35475898],
               [-0.08274148, -0.62700068]],
        "b1": [[0.0], [0.0], [0.0], [0.0]],
        "W2": [[-0.03098412, -0.33744411, -0.92904268, 0.62552248]],
        "b2": [[0.0]],
    }), "layers_dims = [2, 4, 1]"),
])
