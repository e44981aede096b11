"""Public tests for the course notebooks.

Each ``check_<function>(target)`` runs a student's function on fixed inputs
and compares the result with the expected output. On success it prints one
line; on failure it raises :class:`CheckFailed` with a message that says, in
plain words, which output is wrong, what was expected, what came back, and
the shapes and dtypes of both.

The comparisons use only Python operators on values copied out of numpy
(``ndarray.tolist()``), never module attributes such as ``np.allclose`` or
``math.isclose``: a notebook that rebinds those (``np.allclose = lambda *a, **k: True``)
cannot change a verdict. Grade cells reload this module before they run, so
rebinding the ``check_*`` names in a notebook does not help either.

Only expected outputs live here, never an implementation of a graded function.
"""

from __future__ import annotations

import numpy as _np

RTOL = 1e-6
ATOL = 1e-7

__all__ = [
    "CheckFailed",
    "expect_close",
    "expect_equal",
    # C1W1
    "check_basic_sigmoid",
    "check_sigmoid",
    "check_sigmoid_derivative",
    "check_image2vector",
    "check_normalizeRows",
    "check_softmax",
    "check_L1",
    "check_L2",
    # C1W2
    "check_lr_sigmoid",
    "check_initialize_with_zeros",
    "check_propagate",
    "check_optimize",
    "check_predict",
    "check_model",
]


class CheckFailed(AssertionError):
    """A public or hidden test found a wrong answer."""


# ------------------------------------------------------------------ core
# numpy's types and the one method the verdicts use, captured at the first import.
# importlib.reload keeps a module's globals, so a reload by a grade cell keeps
# these originals even if a notebook rebound numpy's attributes in between.
try:
    _NP  # noqa: B018
except NameError:
    _NP = (_np.ndarray, _np.generic, _np.ndarray.tolist, _np.generic.tolist)
_NDARRAY, _GENERIC, _ARRAY_TOLIST, _SCALAR_TOLIST = _NP


def _is_array(value) -> bool:
    return type(value) is _NDARRAY


def _is_numpy_scalar(value) -> bool:
    return isinstance(value, _GENERIC) and not isinstance(value, _NDARRAY)


def _describe(value) -> str:
    """Type, shape and dtype of a value, in words."""
    if isinstance(value, _NDARRAY):
        return f"numpy array, shape {value.shape}, dtype {value.dtype}"
    if _is_numpy_scalar(value):
        return f"numpy scalar, dtype {value.dtype}"
    return type(value).__name__


def _plain(value):
    """Python numbers and nested lists from numpy values (no numpy function involved)."""
    if _is_array(value):
        return _ARRAY_TOLIST(value)
    if _is_numpy_scalar(value):
        return _SCALAR_TOLIST(value)
    return value


def _flat(value) -> list:
    out = []
    stack = [_plain(value)]
    while stack:
        item = stack.pop()
        if type(item) in (list, tuple):
            stack.extend(reversed(item))
        else:
            out.append(item)
    return out


def _shape(value) -> tuple:
    """Shape of an array, or of nested Python lists of numbers; () for a scalar."""
    if _is_array(value) or _is_numpy_scalar(value):
        return tuple(value.shape)
    shape = []
    while type(value) in (list, tuple):
        shape.append(len(value))
        value = value[0] if len(value) else None
    return tuple(shape)


def _close(a, b, rtol: float, atol: float) -> bool:
    if type(a) is bool or type(b) is bool:
        return a == b
    if type(a) not in (int, float) or type(b) not in (int, float):
        return False
    if a != a or b != b:  # NaN never matches
        return False
    diff = a - b if a > b else b - a
    scale = b if b > 0 else -b
    return diff <= atol + rtol * scale


def _fmt(value) -> str:
    """Readable text for messages only; verdicts never depend on it."""
    try:
        text = _np.array2string(_np.asarray(value), precision=8, separator=", ")
    except Exception:  # noqa: BLE001 - any oddity still gets a message
        text = repr(value)
    return text if len(text) < 600 else text[:600] + " ..."


def _fail(label: str, problem: str, expected, got) -> None:
    raise CheckFailed(
        f"{label}: {problem}\n"
        f"    expected: {_fmt(expected)}  (shape {_shape(expected)})\n"
        f"    got:      {_fmt(got)}  ({_describe(got)})"
    )


def _hint_none(label: str, got) -> None:
    if got is None:
        raise CheckFailed(
            f"{label}: got None. Did you replace every `None` between "
            "### START CODE HERE ### and ### END CODE HERE ###?"
        )


def expect_close(
    label: str, got, expected, *, rtol: float = RTOL, atol: float = ATOL, shape: bool = True, allow_list: bool = False
) -> None:
    """Numbers, or arrays of numbers, equal up to a tolerance.

    ``expected`` is a Python number or nested lists of numbers. ``shape=True``
    also requires the same shape (a (3,) array is not a (3, 1) one).
    ``allow_list=True`` accepts a Python list of numbers (e.g. a list of costs).
    """
    _hint_none(label, got)
    if type(got) in (list, tuple) and allow_list:
        got = [_plain(v) for v in got]
    elif type(got) in (list, tuple):
        _fail(label, "expected a numpy array or a number, not a Python " + type(got).__name__, expected, got)
    if isinstance(got, _NDARRAY) and not _is_array(got):
        _fail(label, "expected a plain numpy array, not a subclass", expected, got)
    if not (_is_array(got) or _is_numpy_scalar(got) or type(got) in (int, float, bool, list)):
        _fail(label, "wrong type", expected, got)
    if (_is_array(got) or _is_numpy_scalar(got)) and got.dtype.kind not in "biuf":
        _fail(label, f"values of dtype {got.dtype}, expected numbers", expected, got)
    if shape and _shape(got) != _shape(expected):
        _fail(label, f"wrong shape: expected {_shape(expected)}, got {_shape(got)}", expected, got)
    got_flat, exp_flat = _flat(got), _flat(expected)
    if len(got_flat) != len(exp_flat):
        _fail(label, f"expected {len(exp_flat)} values, got {len(got_flat)}", expected, got)
    for i, (g, e) in enumerate(zip(got_flat, exp_flat, strict=True)):
        if not _close(g, e, rtol, atol):
            where = f" (first difference at flat index {i}: expected {e!r}, got {g!r})" if len(exp_flat) > 1 else ""
            _fail(label, "wrong values" + where, expected, got)


def expect_equal(label: str, got, expected) -> None:
    """Exact equality for non-numeric values (types, keys, strings)."""
    if type(got) is not type(expected) or not (got == expected):
        raise CheckFailed(f"{label}: expected {expected!r}, got {got!r}")


def expect_type(label: str, got, types, words: str) -> None:
    _hint_none(label, got)
    if not isinstance(got, types) or (types is _NDARRAY and not _is_array(got)):
        raise CheckFailed(f"{label}: expected {words}, got {_describe(got)}")


def _passed(name: str) -> None:
    print(f"\033[92m{name}: all public tests passed.\033[0m")


# ------------------------------------------------------------------ C1W1
def check_basic_sigmoid(target) -> None:
    got = target(1)
    expect_type("basic_sigmoid(1)", got, (float, int, _GENERIC), "a Python number")
    expect_close("basic_sigmoid(1)", got, 0.7310585786300049)
    expect_close("basic_sigmoid(-3)", target(-3), 0.04742587317756678)
    _passed("basic_sigmoid")


def check_sigmoid(target) -> None:
    x = _np.array([1, 2, 3])
    got = target(x)
    expect_type("sigmoid(np.array([1, 2, 3]))", got, _NDARRAY, "a numpy array")
    expect_close("sigmoid(np.array([1, 2, 3]))", got, [0.73105858, 0.88079708, 0.95257413])
    expect_close("sigmoid(0)", target(0), 0.5)
    _passed("sigmoid")


def check_sigmoid_derivative(target) -> None:
    got = target(_np.array([1, 2, 3]))
    expect_type("sigmoid_derivative(np.array([1, 2, 3]))", got, _NDARRAY, "a numpy array")
    expect_close("sigmoid_derivative(np.array([1, 2, 3]))", got, [0.19661193, 0.10499359, 0.04517666])
    _passed("sigmoid_derivative")


def check_image2vector(target) -> None:
    image = _np.arange(18, dtype=float).reshape(3, 3, 2) / 10
    got = target(image)
    expect_type("image2vector(image)", got, _NDARRAY, "a numpy array")
    expect_close("image2vector(image) for an image of shape (3, 3, 2)", got,
                 [[v / 10] for v in range(18)])
    wide = _np.ones((2, 5, 3))
    expect_equal("image2vector(np.ones((2, 5, 3))).shape", _shape(target(wide)), (30, 1))
    _passed("image2vector")


def check_normalizeRows(target) -> None:
    x = _np.array([[0, 3, 4], [1, 6, 4]])
    got = target(x.copy())
    expect_type("normalizeRows(x)", got, _NDARRAY, "a numpy array")
    expect_close("normalizeRows([[0, 3, 4], [1, 6, 4]])", got,
                 [[0.0, 0.6, 0.8], [0.13736056, 0.82416338, 0.54944226]])
    _passed("normalizeRows")


def check_softmax(target) -> None:
    x = _np.array([[9, 2, 5, 0, 0], [7, 5, 0, 0, 0]])
    got = target(x)
    expect_type("softmax(x)", got, _NDARRAY, "a numpy array")
    expect_close("softmax([[9, 2, 5, 0, 0], [7, 5, 0, 0, 0]])", got,
                 [[9.80897665e-01, 8.94462891e-04, 1.79657674e-02, 1.21052389e-04, 1.21052389e-04],
                  [8.78679856e-01, 1.18916387e-01, 8.01252314e-04, 8.01252314e-04, 8.01252314e-04]],
                 rtol=1e-6, atol=1e-9)
    _passed("softmax")


_YHAT = [0.9, 0.2, 0.1, 0.4, 0.9]
_Y = [1, 0, 0, 1, 1]


def check_L1(target) -> None:
    got = target(_np.array(_YHAT), _np.array(_Y))
    expect_close("L1(yhat, y) with yhat = [.9, .2, .1, .4, .9], y = [1, 0, 0, 1, 1]", got, 1.1, shape=False)
    _passed("L1")


def check_L2(target) -> None:
    got = target(_np.array(_YHAT), _np.array(_Y))
    expect_close("L2(yhat, y) with yhat = [.9, .2, .1, .4, .9], y = [1, 0, 0, 1, 1]", got, 0.43, shape=False)
    _passed("L2")


# ------------------------------------------------------------------ C1W2
def check_lr_sigmoid(target) -> None:
    got = target(_np.array([0, 2]))
    expect_type("sigmoid(np.array([0, 2]))", got, _NDARRAY, "a numpy array")
    expect_close("sigmoid(np.array([0, 2]))", got, [0.5, 0.88079708])
    expect_close("sigmoid(np.array([0.5, 0, 2.0]))", target(_np.array([0.5, 0, 2.0])), [0.62245933, 0.5, 0.88079708])
    _passed("sigmoid")


def check_initialize_with_zeros(target) -> None:
    out = target(2)
    expect_type("initialize_with_zeros(2)", out, tuple, "a tuple (w, b)")
    w, b = out
    expect_type("w", w, _NDARRAY, "a numpy array")
    expect_close("w returned by initialize_with_zeros(2)", w, [[0.0], [0.0]])
    if w.dtype.kind != "f":
        raise CheckFailed(f"w should hold floats (dtype float64), got dtype {w.dtype}")
    expect_type("b", b, (int, float), "a Python int or float (0 or 0.0)")
    expect_close("b returned by initialize_with_zeros(2)", b, 0.0, shape=False)
    expect_equal("w.shape for initialize_with_zeros(7)", _shape(target(7)[0]), (7, 1))
    _passed("initialize_with_zeros")


def _propagate_inputs():
    return (_np.array([[1.0], [2.0]]), 2.0, _np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]]),
            _np.array([[1, 0, 1]]))


def check_propagate(target) -> None:
    w, b, X, Y = _propagate_inputs()
    out = target(w, b, X, Y)
    expect_type("propagate(w, b, X, Y)", out, tuple, "a tuple (grads, cost)")
    grads, cost = out
    expect_type("grads", grads, dict, 'a dictionary with keys "dw" and "db"')
    expect_close('grads["dw"]', grads.get("dw"), [[0.99845601], [2.39507239]])
    expect_close('grads["db"]', grads.get("db"), 0.00145557813678, shape=False)
    expect_close("cost", cost, 5.801545319394553)
    _passed("propagate")


def check_optimize(target) -> None:
    w, b, X, Y = _propagate_inputs()
    out = target(w.copy(), b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False)
    expect_type("optimize(...)", out, tuple, "a tuple (params, grads, costs)")
    params, grads, costs = out
    expect_type("params", params, dict, 'a dictionary with keys "w" and "b"')
    expect_type("grads", grads, dict, 'a dictionary with keys "dw" and "db"')
    expect_close('params["w"]', params.get("w"), [[0.19033591], [0.12259159]])
    expect_close('params["b"]', params.get("b"), 1.92535983008, shape=False)
    expect_close('grads["dw"]', grads.get("dw"), [[0.67752042], [1.41625495]])
    expect_close('grads["db"]', grads.get("db"), 0.219194504541, shape=False)
    expect_type("costs", costs, list, "a list (one cost every 100 iterations)")
    expect_close("costs (one every 100 iterations)", costs, [5.80154532], allow_list=True)
    _passed("optimize")


def check_predict(target) -> None:
    w = _np.array([[0.1124579], [0.23106775]])
    X = _np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]])
    got = target(w, -0.3, X)
    expect_type("predict(w, b, X)", got, _NDARRAY, "a numpy array")
    expect_close("predict(w, b, X)", got, [[1.0, 1.0, 0.0]])
    _passed("predict")


def model_inputs():
    """The small fixed data set the public test of model() uses."""
    rng = _np.random.RandomState(1)
    X_train = rng.randn(4, 7)
    Y_train = (rng.rand(1, 7) > 0.5).astype(float)
    X_test = rng.randn(4, 3)
    Y_test = (rng.rand(1, 3) > 0.5).astype(float)
    return X_train, Y_train, X_test, Y_test


def check_model(target) -> None:
    X_train, Y_train, X_test, Y_test = model_inputs()
    d = target(X_train, Y_train, X_test, Y_test, num_iterations=150, learning_rate=0.01, print_cost=False)
    expect_type("model(...)", d, dict, "a dictionary")
    missing = {"costs", "Y_prediction_test", "Y_prediction_train", "w", "b", "learning_rate",
               "num_iterations"} - set(d)
    if missing:
        raise CheckFailed(f"the dictionary returned by model() lacks the keys {sorted(missing)}")
    expect_close('d["w"]', d["w"], [[-0.08811057], [-0.01449995], [0.45614662], [0.0362976]])
    expect_close('d["b"]', d["b"], -0.25580167856344416, shape=False)
    expect_close('d["costs"]', d["costs"], [0.69314718, 0.5526791], allow_list=True)
    expect_close('d["Y_prediction_train"]', d["Y_prediction_train"], [[1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0]])
    expect_close('d["Y_prediction_test"]', d["Y_prediction_test"], [[0.0, 1.0, 1.0]])
    expect_close('d["learning_rate"]', d["learning_rate"], 0.01, shape=False)
    expect_equal('d["num_iterations"]', d["num_iterations"], 150)
    _passed("model")

