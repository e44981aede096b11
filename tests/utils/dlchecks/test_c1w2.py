"""The C1W2 checks (dlchecks.c1w2): typical mistakes fail in plain words and the hidden
cases catch what the public ones cannot (the solutions and expected.json: test_expected.py)."""

import numpy as np
import pytest

from dlchecks import c1w2
from dlchecks.core import CheckFailed, load_expected

ID = "C1W2_Logistic_Regression"

CHECKS = {
    "sigmoid": c1w2.check_sigmoid,
    "initialize_with_zeros": c1w2.check_initialize_with_zeros,
    "propagate": c1w2.check_propagate,
    "optimize": c1w2.check_optimize,
    "predict": c1w2.check_predict,
    "model": c1w2.check_model,
}



def test_w_must_hold_floats_in_the_graders_eyes_too():
    for case in load_expected(ID)["initialize_with_zeros"]["cases"]:
        assert case["values"]["w.dtype.kind"] == {"how": "equal", "value": {"kind": "str", "data": "f"}}


def _hard_coded(answers: dict):
    """A 'function' that returns the public test's answers whatever its inputs."""
    def cheat(*args, **kwargs):
        return answers
    return cheat


def test_hidden_tests_catch_what_the_public_test_cannot(nb, capsys, run_hidden):
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
            run_hidden(ID, name, cheat)


# ------------------------------------------------------------------ typical mistakes: sigmoid
def test_sigmoid_as_a_list_is_pointed_out(fails):
    fails(c1w2.check_sigmoid, lambda z: [0.5, 0.88079708], "sigmoid(z): expected a numpy array", "got list",
           "inputs: z = np.array([0, 2])")


def test_sigmoid_with_the_wrong_signfails(fails):
    fails(c1w2.check_sigmoid, lambda z: 1 / (1 + np.exp(z)), "sigmoid(z): wrong values", "expected 0.88079708, got 0.1192")


def test_a_blank_answer_says_none(fails):
    fails(c1w2.check_sigmoid, lambda z: None, "got None")


# ------------------------------------------------------------------ initialize_with_zeros
def test_integer_zeros_get_the_float_hint(fails):
    message = fails(c1w2.check_initialize_with_zeros, lambda dim: (np.zeros((dim, 1), dtype=int), 0),
                     "w should hold floats (dtype float64), got dtype int64")
    assert "inputs: dim = 2" in message


def test_w_of_the_wrong_shapefails(fails):
    fails(c1w2.check_initialize_with_zeros, lambda dim: (np.zeros(dim), 0.0), "w: wrong shape: expected (2, 1), got (2,)")


def test_w_alone_is_not_a_tuple(fails):
    fails(c1w2.check_initialize_with_zeros, lambda dim: np.zeros((dim, 1)), "a tuple (w, b)")


def test_b_as_an_array_is_pointed_out(fails):
    fails(c1w2.check_initialize_with_zeros, lambda dim: (np.zeros((dim, 1)), np.zeros(1)),
           "b: expected a Python int or float (0 or 0.0)")


def test_b_as_an_int_passes(capsys):
    c1w2.check_initialize_with_zeros(lambda dim: (np.zeros((dim, 1)), 0))
    assert "all public tests passed" in capsys.readouterr().out


# ------------------------------------------------------------------ propagate
def test_missing_db_is_named(nb, fails):
    def no_db(w, b, X, Y):
        grads, cost = nb["propagate"](w, b, X, Y)
        return {"dw": grads["dw"]}, cost

    fails(c1w2.check_propagate, no_db, "grads: missing keys ['db']")


def test_cost_not_averagedfails(nb, fails):
    def summed(w, b, X, Y):
        grads, cost = nb["propagate"](w, b, X, Y)
        return grads, cost * X.shape[1]

    message = fails(c1w2.check_propagate, summed, "cost: wrong values", "expected: 5.80154532")
    assert "Y = np.array([[1, 0, 1]])" in message


def test_outputs_in_the_wrong_order_are_pointed_out(nb, fails):
    def swapped(w, b, X, Y):
        grads, cost = nb["propagate"](w, b, X, Y)
        return cost, grads

    fails(c1w2.check_propagate, swapped, "grads: expected a dictionary with keys dw, db")


# ------------------------------------------------------------------ optimize
def test_costs_as_an_array_get_the_list_hint(nb, fails):
    def as_array(*args, **kwargs):
        params, grads, costs = nb["optimize"](*args, **kwargs)
        return params, grads, np.array(costs)

    fails(c1w2.check_optimize, as_array, "costs: expected a list (one cost every 100 iterations)")


def test_b_never_updatedfails(nb, fails):
    def frozen_b(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
        params, grads, costs = nb["optimize"](w, b, X, Y, num_iterations, learning_rate)
        return {"w": params["w"], "b": b}, grads, costs

    message = fails(c1w2.check_optimize, frozen_b, 'params["b"]: wrong values')
    assert "num_iterations=100, learning_rate=0.009" in message


def test_a_cost_every_iterationfails(nb, fails):
    def every_step(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
        params, grads, _ = nb["optimize"](w, b, X, Y, num_iterations, learning_rate)
        return params, grads, [nb["propagate"](w, b, X, Y)[1]] * num_iterations

    fails(c1w2.check_optimize, every_step, "costs: wrong shape: expected (1,), got (100,)")


# ------------------------------------------------------------------ predict
def test_predictions_as_a_list_are_pointed_out(nb, fails):
    fails(c1w2.check_predict, lambda w, b, X: nb["predict"](w, b, X).tolist(), "predict(w, b, X): expected a numpy array")


def test_predictions_of_shape_m_fail(nb, fails):
    fails(c1w2.check_predict, lambda w, b, X: nb["predict"](w, b, X).ravel(), "wrong shape: expected (1, 3), got (3,)")


def test_probabilities_instead_of_predictions_fail(nb, fails):
    fails(c1w2.check_predict, lambda w, b, X: nb["sigmoid"](w.T @ X + b), "predict(w, b, X): wrong values")


# ------------------------------------------------------------------ model
def test_missing_keys_of_model_are_named(nb, fails):
    def without(*args, **kwargs):
        d = nb["model"](*args, **kwargs)
        del d["num_iterations"], d["costs"]
        return d

    fails(c1w2.check_model, without, "the dictionary returned by model() lacks the keys ['costs', 'num_iterations']")


def test_model_returning_a_tuple_is_pointed_out(nb, fails):
    fails(c1w2.check_model, lambda *a, **k: tuple(nb["model"](*a, **k).values()), "model(...): expected a dictionary")


def test_num_iterations_must_be_the_int_given(nb, fails):
    def as_float(*args, **kwargs):
        d = nb["model"](*args, **kwargs)
        d["num_iterations"] = float(d["num_iterations"])
        return d

    message = fails(c1w2.check_model, as_float, 'd["num_iterations"]: expected 150, got 150.0')
    assert "model_inputs()" in message


def test_model_inputs_are_the_public_data():
    X_train, Y_train, X_test, Y_test = c1w2.model_inputs()
    assert X_train.shape == (4, 7) and Y_train.shape == (1, 7) and X_test.shape == (4, 3) and Y_test.shape == (1, 3)
    assert set(np.unique(Y_train)) <= {0.0, 1.0}
