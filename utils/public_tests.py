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

from importlib import import_module as _import_module
from importlib import reload as _reload

import numpy as _np

# Inputs come from the test-case modules, re-executed here so that a notebook
# which rebound their functions cannot change what the checks feed in.
_planar_cases = _reload(_import_module("planar_test_cases"))
_dnn_cases = _reload(_import_module("dnn_test_cases"))

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
    # C1W3
    "check_layer_sizes",
    "check_planar_initialize_parameters",
    "check_forward_propagation",
    "check_planar_compute_cost",
    "check_backward_propagation",
    "check_planar_update_parameters",
    "check_nn_model",
    "check_planar_predict",
    # C1W4A
    "check_initialize_parameters",
    "check_initialize_parameters_deep",
    "check_linear_forward",
    "check_linear_activation_forward",
    "check_L_model_forward",
    "check_compute_cost",
    "check_linear_backward",
    "check_linear_activation_backward",
    "check_L_model_backward",
    "check_update_parameters",
    # C1W4B
    "check_two_layer_model",
    "check_L_layer_model",
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


# IPython's error display, captured the same way: a notebook that silences it
# (``get_ipython().showtraceback = lambda *a, **k: None``) would hide failing checks
# from the grader, so every (re)load of this module puts the originals back.
def _ipython_shell():
    try:
        from IPython.core.getipython import get_ipython
    except ImportError:  # plain Python, e.g. pytest
        return None
    return get_ipython()


try:
    _IPY  # noqa: B018
except NameError:
    _shell = _ipython_shell()
    _IPY = (type(_shell), type(_shell).showtraceback, type(_shell)._showtraceback) if _shell is not None else None


def _restore_error_display() -> None:
    shell = _ipython_shell()
    if _IPY is None or shell is None or type(shell) is not _IPY[0]:
        return
    cls, showtraceback, _showtraceback = _IPY
    cls.showtraceback, cls._showtraceback = showtraceback, _showtraceback
    for name in ("showtraceback", "_showtraceback"):
        shell.__dict__.pop(name, None)
    shell.custom_exceptions = ()


_restore_error_display()


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



# ------------------------------------------------------------------ shared by C1W3 / C1W4
def expect_arrays(label: str, got, expected: dict, *, rtol: float = RTOL, atol: float = ATOL) -> None:
    """A dictionary holding (at least) the expected keys, each array close to its expected value."""
    expect_type(label, got, dict, "a dictionary")
    missing = [key for key in expected if key not in got]
    if missing:
        raise CheckFailed(f"{label}: missing keys {missing} (it has {sorted(got)})")
    for key, value in expected.items():
        expect_close(f'{label}["{key}"]', got[key], value, rtol=rtol, atol=atol)


def _expect_tuple(label: str, got, length: int, words: str) -> tuple:
    expect_type(label, got, tuple, words)
    if len(got) != length:
        raise CheckFailed(f"{label}: expected {words}, got a tuple of {len(got)} items")
    return got


def _same_object(label: str, got, expected) -> None:
    if got is not expected:
        raise CheckFailed(f"{label}: expected the very input you were given (the cache keeps references, not copies)")


# ------------------------------------------------------------------ C1W3
def check_layer_sizes(target) -> None:
    X, Y = _planar_cases.layer_sizes_test_case()
    got = target(X, Y)
    expect_type("layer_sizes(X, Y)", got, tuple, "a tuple (n_x, n_h, n_y)")
    expect_equal("(n_x, n_h, n_y) for X of shape (5, 3) and Y of shape (2, 3)", tuple(_plain(v) for v in got), (5, 4, 2))
    _passed("layer_sizes")


_PLANAR_INIT = {
    "W1": [[-0.00416758, -0.00056267], [-0.02136196, 0.01640271], [-0.01793436, -0.00841747], [0.00502881, -0.01245288]],
    "b1": [[0.0], [0.0], [0.0], [0.0]],
    "W2": [[-0.01057952, -0.00909008, 0.00551454, 0.02292208]],
    "b2": [[0.0]],
}


def check_planar_initialize_parameters(target) -> None:
    got = target(*_planar_cases.initialize_parameters_test_case())
    expect_arrays("initialize_parameters(2, 4, 1)", got, _PLANAR_INIT, rtol=1e-6, atol=1e-8)
    expect_equal('shape of W1 for initialize_parameters(3, 5, 2)', _shape(target(3, 5, 2).get("W1")), (5, 3))
    _passed("initialize_parameters")


def check_forward_propagation(target) -> None:
    X, parameters = _planar_cases.forward_propagation_test_case()
    got = _expect_tuple("forward_propagation(X, parameters)", target(X, parameters), 2, "a tuple (A2, cache)")
    A2, cache = got
    expected_A2 = [[0.13944781, 0.26720571, 0.17427767]]
    expect_close("A2", A2, expected_A2)
    expect_arrays("cache", cache, {
        "Z1": [[1.93884095, -0.74970008, 0.52857037], [0.28290901, -0.31547975, 0.09272494],
               [2.27547447, -1.35590052, 1.96738191], [-0.14360515, -0.15534723, 0.43931797]],
        "A1": [[0.959442, -0.63496999, 0.48428752], [0.27559529, -0.30541398, 0.0924601],
               [0.97910622, -0.87543883, 0.96164914], [-0.14262606, -0.15410952, 0.41307895]],
        "Z2": [[-1.81988387, -1.00884622, -1.55560874]],
        "A2": expected_A2,
    })
    _passed("forward_propagation")


def check_planar_compute_cost(target) -> None:
    A2, Y, parameters = _planar_cases.compute_cost_test_case()
    got = target(A2, Y, parameters)
    expect_close("compute_cost(A2, Y, parameters)", got, 0.8930709571437583, shape=False)
    if _shape(got) not in ((), (1,)) and not isinstance(got, float):
        raise CheckFailed(f"compute_cost should return a number, got an array of shape {_shape(got)}")
    _passed("compute_cost")


def check_backward_propagation(target) -> None:
    grads = target(*_planar_cases.backward_propagation_test_case())
    expect_arrays("backward_propagation(parameters, cache, X, Y)", grads, {
        "dW1": [[-0.03391006, 0.30800908], [-0.03243677, 0.23867254], [-0.0163478, 0.10443297], [-0.01956135, 0.23575695]],
        "db1": [[-0.06763719], [-0.02368889], [-0.00892452], [-0.06634506]],
        "dW2": [[-0.11129069, -0.0922684, -0.01676322, -0.22351239]],
        "db2": [[-0.01005274]],
    })
    _passed("backward_propagation")


def check_planar_update_parameters(target) -> None:
    parameters, grads = _planar_cases.update_parameters_test_case()
    got = target(parameters, grads)
    expect_arrays("update_parameters(parameters, grads) with the default learning_rate=1.2", got, {
        "W1": [[0.82270698, -0.30638477], [-0.27107966, -0.52327688], [0.41896713, -1.16158844], [0.86637595, -0.39141372]],
        "b1": [[0.11395125], [-0.01019021], [0.25850313], [-0.17386750]],
        "W2": [[-0.16757287, -0.18372725, 0.57164576, -0.54169956]],
        "b2": [[0.08418186]],
    })
    _passed("update_parameters")


def check_nn_model(target) -> None:
    X, Y = _planar_cases.nn_model_test_case()
    got = target(X, Y, 4, num_iterations=10000, print_cost=False)
    expect_arrays("nn_model(X, Y, n_h=4, num_iterations=10000)", got, {
        "W1": [[-0.65848169, 1.21866811], [-0.76204273, 1.39377573], [0.5792005, -1.10397703], [0.76773391, -1.41477129]],
        "b1": [[0.287592], [0.3511264], [-0.2431246], [-0.35772805]],
        "W2": [[-2.45566237, -3.27042274, 2.00784958, 3.36773273]],
        "b2": [[0.20459656]],
    }, rtol=1e-5, atol=1e-7)
    _passed("nn_model")


def check_planar_predict(target) -> None:
    parameters, X = _planar_cases.predict_test_case()
    got = target(parameters, X)
    expect_type("predict(parameters, X)", got, _NDARRAY, "a numpy array")
    expect_close("predict(parameters, X)", got, [[0.0, 1.0, 1.0]])
    _passed("predict")


# ------------------------------------------------------------------ C1W4A
def check_initialize_parameters(target) -> None:
    got = target(*_dnn_cases.initialize_parameters_test_case())
    expect_arrays("initialize_parameters(3, 2, 1)", got, {
        "W1": [[0.01624345, -0.00611756, -0.00528172], [-0.01072969, 0.00865408, -0.02301539]],
        "b1": [[0.0], [0.0]],
        "W2": [[0.01744812, -0.00761207]],
        "b2": [[0.0]],
    }, rtol=1e-6, atol=1e-8)
    _passed("initialize_parameters")


def check_initialize_parameters_deep(target) -> None:
    got = target(_dnn_cases.initialize_parameters_deep_test_case())
    expect_arrays("initialize_parameters_deep([5, 4, 3])", got, {
        "W1": [[0.01788628, 0.0043651, 0.00096497, -0.01863493, -0.00277388],
               [-0.00354759, -0.00082741, -0.00627001, -0.00043818, -0.00477218],
               [-0.01313865, 0.00884622, 0.00881318, 0.01709573, 0.00050034],
               [-0.00404677, -0.0054536, -0.01546477, 0.00982367, -0.01101068]],
        "b1": [[0.0], [0.0], [0.0], [0.0]],
        "W2": [[-0.01185047, -0.0020565, 0.01486148, 0.00236716],
               [-0.01023785, -0.00712993, 0.00625245, -0.00160513],
               [-0.00768836, -0.00230031, 0.00745056, 0.01976111]],
        "b2": [[0.0], [0.0], [0.0]],
    }, rtol=1e-6, atol=1e-8)
    deeper = target([4, 3, 2, 1])
    if sorted(deeper) != ["W1", "W2", "W3", "b1", "b2", "b3"]:
        raise CheckFailed(f"initialize_parameters_deep([4, 3, 2, 1]) should have keys W1, b1, ..., W3, b3; got {sorted(deeper)}")
    expect_equal("shape of W3 for layer_dims [4, 3, 2, 1]", _shape(deeper["W3"]), (1, 2))
    _passed("initialize_parameters_deep")


def check_linear_forward(target) -> None:
    A, W, b = _dnn_cases.linear_forward_test_case()
    Z, cache = _expect_tuple("linear_forward(A, W, b)", target(A, W, b), 2, "a tuple (Z, cache)")
    expect_close("Z", Z, [[3.26295337, -1.23429987]])
    cache = _expect_tuple("cache", cache, 3, "a tuple (A, W, b)")
    for name, got, given in zip(("A", "W", "b"), cache, (A, W, b), strict=True):
        _same_object(f"cache item {name}", got, given)
    _passed("linear_forward")


def check_linear_activation_forward(target) -> None:
    A_prev, W, b = _dnn_cases.linear_activation_forward_test_case()
    for activation, expected, z in (("sigmoid", [[0.96890023, 0.11013289]], [[3.43896131, -2.08938436]]),
                                    ("relu", [[3.43896131, 0.0]], [[3.43896131, -2.08938436]])):
        out = target(A_prev, W, b, activation=activation)
        A, cache = _expect_tuple(f'linear_activation_forward(..., activation="{activation}")', out, 2, "a tuple (A, cache)")
        expect_close(f'A with activation="{activation}"', A, expected)
        linear_cache, activation_cache = _expect_tuple(
            "cache", cache, 2, "a tuple (linear_cache, activation_cache)")
        _expect_tuple("linear_cache", linear_cache, 3, "a tuple (A_prev, W, b)")
        expect_close("activation_cache (the Z the activation saw)", activation_cache, z)
    _passed("linear_activation_forward")


def check_L_model_forward(target) -> None:
    X, parameters = _dnn_cases.L_model_forward_test_case()
    AL, caches = _expect_tuple("L_model_forward(X, parameters)", target(X, parameters), 2, "a tuple (AL, caches)")
    expect_close("AL", AL, [[0.03921668, 0.70498921, 0.19734387, 0.04728177]])
    expect_type("caches", caches, list, "a list with one cache per layer")
    expect_equal("number of caches for a 3-layer network", len(caches), 3)
    _passed("L_model_forward")


def check_compute_cost(target) -> None:
    Y, AL = _dnn_cases.compute_cost_test_case()
    got = target(AL, Y)
    expect_close("compute_cost(AL, Y)", got, 0.2797765635793422, shape=False)
    if _shape(got) != ():
        raise CheckFailed(f"compute_cost should return a number (shape ()), got shape {_shape(got)}: use np.squeeze")
    _passed("compute_cost")


_LINEAR_BACKWARD = (
    [[-1.15171336, 0.06718465, -0.3204696, 2.09812712], [0.60345879, -3.72508701, 5.81700741, -3.84326836],
     [-0.4319552, -1.30987417, 1.72354705, 0.05070578], [-0.38981415, 0.60811244, -1.25938424, 1.47191593],
     [-2.52214926, 2.67882552, -0.67947465, 1.48119548]],
    [[0.07313866, -0.0976715, -0.87585828, 0.73763362, 0.00785716],
     [0.85508818, 0.37530413, -0.59912655, 0.71278189, -0.58931808],
     [0.97913304, -0.24376494, -0.0883967, 0.55151192, -0.10290907]],
    [[-0.14713786], [-0.11313155], [-0.13209101]],
)


def _check_backward_triple(label: str, got, expected) -> None:
    got = _expect_tuple(label, got, 3, "a tuple (dA_prev, dW, db)")
    for name, value, exp in zip(("dA_prev", "dW", "db"), got, expected, strict=True):
        expect_close(f"{name} from {label}", value, exp)


def check_linear_backward(target) -> None:
    dZ, cache = _dnn_cases.linear_backward_test_case()
    _check_backward_triple("linear_backward(dZ, linear_cache)", target(dZ, cache), _LINEAR_BACKWARD)
    _passed("linear_backward")


def check_linear_activation_backward(target) -> None:
    dA, cache = _dnn_cases.linear_activation_backward_test_case()
    _check_backward_triple('linear_activation_backward(dA, cache, activation="sigmoid")',
                           target(dA, cache, activation="sigmoid"),
                           ([[0.11017994, 0.01105339], [0.09466817, 0.00949723], [-0.05743092, -0.00576154]],
                            [[0.10266786, 0.09778551, -0.01968084]], [[-0.05729622]]))
    _check_backward_triple('linear_activation_backward(dA, cache, activation="relu")',
                           target(dA, cache, activation="relu"),
                           ([[0.44090989, 0.0], [0.37883606, 0.0], [-0.2298228, 0.0]],
                            [[0.44513824, 0.37371418, -0.10478989]], [[-0.20837892]]))
    _passed("linear_activation_backward")


def check_L_model_backward(target) -> None:
    AL, Y, caches = _dnn_cases.L_model_backward_test_case()
    grads = target(AL, Y, caches)
    expect_type("L_model_backward(AL, Y, caches)", grads, dict, "a dictionary of gradients")
    if "dA2" in grads and "dA0" not in grads:
        raise CheckFailed(
            'grads has "dA2" but no "dA0": store the gradient with respect to A[l] under "dA" + str(l), '
            'so the layer-l backward step writes its dA_prev to "dA" + str(l - 1)')
    expect_arrays("grads", grads, {
        "dW1": [[0.58864815, 0.1120628, 0.19805969, 0.1507457], [0.0, 0.0, 0.0, 0.0],
                [0.07584032, 0.01443796, 0.02551764, 0.01942179]],
        "db1": [[-0.31588434], [0.0], [-0.04069795]],
        "dA1": [[0.26958395, -0.63176867], [-0.29594061, 0.69353538], [0.03473269, -0.0813959]],
        "dW2": [[-0.64398726, -0.16550948, 0.03346263]],
        "db2": [[0.17686947]],
        "dA0": [[0.0, 0.75009792], [0.0, -0.46925432], [0.0, -0.46033121], [0.0, -1.06331564]],
    })
    _passed("L_model_backward")


def check_update_parameters(target) -> None:
    parameters, grads = _dnn_cases.update_parameters_test_case()
    got = target(parameters, grads, 0.1)
    expect_arrays("update_parameters(parameters, grads, learning_rate=0.1)", got, {
        "W1": [[-0.59562069, -0.09991781, -2.14584584, 1.82662008], [-1.76569676, -0.80627147, 0.51115557, -1.18258802],
               [-1.0535704, -0.86128581, 0.68284052, 2.20374577]],
        "b1": [[-0.04659241], [-1.28888275], [0.53405496]],
        "W2": [[-0.55569196, 0.0354055, 1.32964895]],
        "b2": [[-0.84610769]],
    })
    _passed("update_parameters")


# ------------------------------------------------------------------ C1W4B
def check_two_layer_model(target) -> None:
    X, Y, layers_dims = _dnn_cases.two_layer_model_test_case()
    got = target(X, Y, layers_dims, learning_rate=0.5, num_iterations=300, print_cost=False)
    expect_arrays("two_layer_model(X, Y, (5, 4, 1), learning_rate=0.5, num_iterations=300)", got, {
        "W1": [
            [0.35965228, -0.142359, -0.05133582, -0.05571704, -0.01984217],
            [-1.45112356, 0.69444993, -0.38981965, 0.43250961, 0.11956549],
            [1.90498617, -0.73601314, -0.2569546, -0.26874235, -0.14314327],
            [-0.83856785, 0.39260416, -0.22795287, 0.24975681, 0.07455567],
        ],
        "b1": [[0.18332036], [0.89022685], [1.01251474], [0.51293945]],
        "W2": [[0.43463721, -1.93194944, 2.31326985, -1.11347639]],
        "b2": [[-0.55873143]],
    }, rtol=1e-5, atol=1e-7)
    _passed("two_layer_model")


def check_L_layer_model(target) -> None:
    X, Y, layers_dims = _dnn_cases.L_layer_model_test_case()
    got = target(X, Y, layers_dims, learning_rate=0.2, num_iterations=300, print_cost=False)
    expect_arrays("L_layer_model(X, Y, [5, 4, 3, 1], learning_rate=0.2, num_iterations=300)", got, {
        "W1": [
            [0.7946824, -0.24901039, -0.16319355, -0.37264387, 0.42723069],
            [-1.80044688, 1.25649625, 0.58257748, -0.28183234, -0.46021229],
            [0.7103657, -0.86899946, -0.11071422, -0.10191956, 0.53594844],
            [-0.46849237, -0.04848693, -0.31666628, -0.04406432, 0.30980372],
        ],
        "b1": [[0.18816874], [0.73305668], [0.07997664], [-0.02157985]],
        "W2": [
            [-0.6515214, 1.76109687, 0.31914157, -0.13653481],
            [0.29692231, -0.34186393, -0.23315318, -0.47218892],
            [-0.22603626, 1.20009409, -0.40739295, -0.17657207],
        ],
        "b2": [[0.13634847], [-0.12272087], [0.17661117]],
        "W3": [[-1.71032639, -0.43249547, -1.27272401]],
        "b3": [[3.1698187]],
    }, rtol=1e-5, atol=1e-7)
    _passed("L_layer_model")
