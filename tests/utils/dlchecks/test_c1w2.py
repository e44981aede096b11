"""The C1W2 checks (dlchecks.c1w2): the solutions pass, typical mistakes fail in plain words, the public
expected values agree with the expected.json the grader uses, and the hidden cases catch what the public ones cannot."""

import nbformat
import numpy as np
import pytest

from autograder import source_notebook
from dlchecks import c1w2
from dlchecks.core import Check, CheckFailed, encode, load_expected, verdict

ID = "C1W2_Logistic_Regression"

CHECKS = {
    "sigmoid": c1w2.check_sigmoid,
    "initialize_with_zeros": c1w2.check_initialize_with_zeros,
    "propagate": c1w2.check_propagate,
    "optimize": c1w2.check_optimize,
    "predict": c1w2.check_predict,
    "model": c1w2.check_model,
}


@pytest.fixture(scope="module")
def nb(solutions):
    return solutions(ID)


def _fails(check, function, *words):
    with pytest.raises(CheckFailed) as info:
        check(function)
    for word in words:
        assert word in str(info.value), str(info.value)
    return str(info.value)


# ------------------------------------------------------------------ the solutions, and expected.json
def test_solutions_pass_every_check(nb, capsys):
    for name, check in CHECKS.items():
        check(nb[name])
    out = capsys.readouterr().out
    for name in CHECKS:
        assert f"{name}: all public tests passed" in out


def test_every_check_of_the_module_is_listed():
    assert sorted(CHECKS) == sorted(v.name for v in vars(c1w2).values() if isinstance(v, Check))


def _as_recorded(value, how: str):
    """A typed expected value as the kernel would record it (lists of numbers become arrays)."""
    return encode(np.array(value) if type(value) is list and how == "close" else value)


@pytest.mark.parametrize("name", list(CHECKS))
def test_public_expected_values_agree_with_expected_json(name):
    entry = load_expected(ID)[name]
    check = CHECKS[name]
    assert check.name == name and entry["public"] == len(check.cases)
    assert entry["test"] == name + "-test"
    assert len(entry["cases"]) > entry["public"], "every graded function needs a hidden case"
    for case, recorded in zip(check.cases, entry["cases"], strict=False):
        assert set(case.expected) == set(recorded["values"])
        assert recorded["given"] == case.given and case.given
    public = {"public": entry["public"], "cases": entry["cases"][: entry["public"]]}
    typed = {"cases": [{"values": {label: {"value": _as_recorded(value, public["cases"][i]["values"][label]["how"])}
                                   for label, value in case.expected.items()}, "failed": None}
                       for i, case in enumerate(check.cases)]}
    passed, message = verdict(public, typed, show_hidden=True)
    assert passed, message


def test_hidden_cases_differ_from_the_public_ones():
    for name, entry in load_expected(ID).items():
        public = [case["values"] for case in entry["cases"][: entry["public"]]]
        assert any(case["values"] not in public for case in entry["cases"][entry["public"]:]), name


def test_w_must_hold_floats_in_the_graders_eyes_too():
    for case in load_expected(ID)["initialize_with_zeros"]["cases"]:
        assert case["values"]["w.dtype.kind"] == {"how": "equal", "value": {"kind": "str", "data": "f"}}


# ------------------------------------------------------------------ the hidden tests of the grade cells
def _hidden_part(grade_id: str) -> str:
    cells = nbformat.read(source_notebook(ID), as_version=4).cells
    source = next(c.source for c in cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    return source.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]


def _run_hidden(nb, name, function):
    """The hidden part of `name`'s grade cell (run as in the source notebook: compared with expected.json)."""
    namespace = dict(nb)
    namespace[name] = function
    exec(compile(_hidden_part(name + "-test"), f"<{name}-test>", "exec"), namespace)  # noqa: S102


def test_hidden_tests_pass_on_the_solutions(nb, capsys):
    for name in CHECKS:
        _run_hidden(nb, name, nb[name])


def _hard_coded(answers: dict):
    """A 'function' that returns the public test's answers whatever its inputs."""
    def cheat(*args, **kwargs):
        return answers
    return cheat


def test_hidden_tests_catch_what_the_public_test_cannot(nb, capsys):
    """Wrong functions that pass the public test (its inputs are fixed) fail the grader's hidden cases."""
    sigmoid, optimize = nb["sigmoid"], nb["optimize"]

    def optimize_one_cost(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
        params, grads, costs = optimize(w, b, X, Y, num_iterations, learning_rate)
        return params, grads, costs[:1]  # the cost of the first step only

    def model_fixed_rate(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
        return nb["model"](X_train, Y_train, X_test, Y_test, num_iterations, 0.01)  # ignores learning_rate

    cheats = {
        "sigmoid": lambda z: sigmoid(np.clip(z, -20, 20)),  # tiny values flushed: sigmoid(-30) is not 2e-9
        "initialize_with_zeros": lambda dim: (np.zeros((2 if dim == 2 else 7, 1)), 0.0),
        "propagate": _hard_coded(({"dw": np.array([[0.99845601], [2.39507239]]), "db": 0.00145557813678},
                                  np.array(5.801545319394553))),
        "optimize": optimize_one_cost,
        "predict": lambda w, b, X: (sigmoid(w.T @ X + b) >= 0.5).astype(float),  # 0.5 exactly is not a cat
        "model": model_fixed_rate,
    }
    for name, cheat in cheats.items():
        CHECKS[name](cheat)  # the public test cannot tell
        with pytest.raises(CheckFailed, match="a hidden test"):
            _run_hidden(nb, name, cheat)


# ------------------------------------------------------------------ typical mistakes: sigmoid
def test_sigmoid_as_a_list_is_pointed_out():
    _fails(c1w2.check_sigmoid, lambda z: [0.5, 0.88079708], "sigmoid(z): expected a numpy array", "got list",
           "inputs: z = np.array([0, 2])")


def test_sigmoid_with_the_wrong_sign_fails():
    _fails(c1w2.check_sigmoid, lambda z: 1 / (1 + np.exp(z)), "sigmoid(z): wrong values", "expected 0.88079708, got 0.1192")


def test_a_blank_answer_says_none():
    _fails(c1w2.check_sigmoid, lambda z: None, "got None")


# ------------------------------------------------------------------ initialize_with_zeros
def test_integer_zeros_get_the_float_hint():
    message = _fails(c1w2.check_initialize_with_zeros, lambda dim: (np.zeros((dim, 1), dtype=int), 0),
                     "w should hold floats (dtype float64), got dtype int64")
    assert "inputs: dim = 2" in message


def test_w_of_the_wrong_shape_fails():
    _fails(c1w2.check_initialize_with_zeros, lambda dim: (np.zeros(dim), 0.0), "w: wrong shape: expected (2, 1), got (2,)")


def test_w_alone_is_not_a_tuple():
    _fails(c1w2.check_initialize_with_zeros, lambda dim: np.zeros((dim, 1)), "a tuple (w, b)")


def test_b_as_an_array_is_pointed_out():
    _fails(c1w2.check_initialize_with_zeros, lambda dim: (np.zeros((dim, 1)), np.zeros(1)),
           "b: expected a Python int or float (0 or 0.0)")


def test_b_as_an_int_passes(capsys):
    c1w2.check_initialize_with_zeros(lambda dim: (np.zeros((dim, 1)), 0))
    assert "all public tests passed" in capsys.readouterr().out


# ------------------------------------------------------------------ propagate
def test_missing_db_is_named(nb):
    def no_db(w, b, X, Y):
        grads, cost = nb["propagate"](w, b, X, Y)
        return {"dw": grads["dw"]}, cost

    _fails(c1w2.check_propagate, no_db, "grads: missing keys ['db']")


def test_cost_not_averaged_fails(nb):
    def summed(w, b, X, Y):
        grads, cost = nb["propagate"](w, b, X, Y)
        return grads, cost * X.shape[1]

    message = _fails(c1w2.check_propagate, summed, "cost: wrong values", "expected: 5.80154532")
    assert "Y = np.array([[1, 0, 1]])" in message


def test_outputs_in_the_wrong_order_are_pointed_out(nb):
    def swapped(w, b, X, Y):
        grads, cost = nb["propagate"](w, b, X, Y)
        return cost, grads

    _fails(c1w2.check_propagate, swapped, "grads: expected a dictionary with keys dw, db")


# ------------------------------------------------------------------ optimize
def test_costs_as_an_array_get_the_list_hint(nb):
    def as_array(*args, **kwargs):
        params, grads, costs = nb["optimize"](*args, **kwargs)
        return params, grads, np.array(costs)

    _fails(c1w2.check_optimize, as_array, "costs: expected a list (one cost every 100 iterations)")


def test_b_never_updated_fails(nb):
    def frozen_b(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
        params, grads, costs = nb["optimize"](w, b, X, Y, num_iterations, learning_rate)
        return {"w": params["w"], "b": b}, grads, costs

    message = _fails(c1w2.check_optimize, frozen_b, 'params["b"]: wrong values')
    assert "num_iterations=100, learning_rate=0.009" in message


def test_a_cost_every_iteration_fails(nb):
    def every_step(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
        params, grads, _ = nb["optimize"](w, b, X, Y, num_iterations, learning_rate)
        return params, grads, [nb["propagate"](w, b, X, Y)[1]] * num_iterations

    _fails(c1w2.check_optimize, every_step, "costs: wrong shape: expected (1,), got (100,)")


# ------------------------------------------------------------------ predict
def test_predictions_as_a_list_are_pointed_out(nb):
    _fails(c1w2.check_predict, lambda w, b, X: nb["predict"](w, b, X).tolist(), "predict(w, b, X): expected a numpy array")


def test_predictions_of_shape_m_fail(nb):
    _fails(c1w2.check_predict, lambda w, b, X: nb["predict"](w, b, X).ravel(), "wrong shape: expected (1, 3), got (3,)")


def test_probabilities_instead_of_predictions_fail(nb):
    _fails(c1w2.check_predict, lambda w, b, X: nb["sigmoid"](w.T @ X + b), "predict(w, b, X): wrong values")


# ------------------------------------------------------------------ model
def test_missing_keys_of_model_are_named(nb):
    def without(*args, **kwargs):
        d = nb["model"](*args, **kwargs)
        del d["num_iterations"], d["costs"]
        return d

    _fails(c1w2.check_model, without, "the dictionary returned by model() lacks the keys ['costs', 'num_iterations']")


def test_model_returning_a_tuple_is_pointed_out(nb):
    _fails(c1w2.check_model, lambda *a, **k: tuple(nb["model"](*a, **k).values()), "model(...): expected a dictionary")


def test_num_iterations_must_be_the_int_given(nb):
    def as_float(*args, **kwargs):
        d = nb["model"](*args, **kwargs)
        d["num_iterations"] = float(d["num_iterations"])
        return d

    message = _fails(c1w2.check_model, as_float, 'd["num_iterations"]: expected 150, got 150.0')
    assert "model_inputs()" in message


def test_model_inputs_are_the_public_data():
    X_train, Y_train, X_test, Y_test = c1w2.model_inputs()
    assert X_train.shape == (4, 7) and Y_train.shape == (1, 7) and X_test.shape == (4, 3) and Y_test.shape == (1, 3)
    assert set(np.unique(Y_train)) <= {0.0, 1.0}
