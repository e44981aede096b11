"""The C1W4A checks (dlchecks.c1w4a): the solutions pass, typical mistakes fail in plain words, the public
expected values agree with the grader's expected.json, and the hidden tests grade each function on its own."""

import types

import nbformat
import numpy as np
import pytest

from autograder import source_notebook
from autograder.standins import ExpandStandIns
from dlchecks import c1w4a
from dlchecks.core import CheckFailed, encode, load_expected, verdict

STEP = "C1W4A_Deep_Neural_Network_Step_by_Step"
CHECKS = {name[len("check_"):]: getattr(c1w4a, name) for name in dir(c1w4a) if name.startswith("check_")}


@pytest.fixture(scope="module")
def nb(solutions):
    return solutions(STEP)


def _fails(check, function, *words):
    with pytest.raises(CheckFailed) as info:
        check(function)
    for word in words:
        assert word in str(info.value), str(info.value)
    return str(info.value)


# ------------------------------------------------------------------ the solutions, and expected.json
def test_the_module_checks_every_graded_function():
    assert sorted(CHECKS) == sorted(load_expected(STEP))
    assert all(check.name == name and check.assignment == STEP for name, check in CHECKS.items())


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_the_solution_passes(name, nb, capsys):
    CHECKS[name](nb[name])
    assert f"{name}: all public tests passed" in capsys.readouterr().out


def _as_recorded(value, how: str):
    """A typed expected value as the kernel would record it (numbers as an array, exact values as they are)."""
    return encode(np.array(value) if isinstance(value, list) and how == "close" else value)


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_public_expected_values_agree_with_expected_json(name):
    entry = load_expected(STEP)[name]
    check = CHECKS[name]
    assert entry["public"] == len(check.cases)
    assert len(entry["cases"]) > entry["public"], "every graded function needs a hidden case"
    for index, case in enumerate(check.cases):
        recorded = entry["cases"][index]
        assert set(case.expected) == set(recorded["values"]) and recorded["given"] == case.given
        typed = {"cases": [{"values": {label: {"value": _as_recorded(value, recorded["values"][label]["how"])}
                                       for label, value in case.expected.items()}}]}
        passed, message = verdict({"public": 1, "cases": [recorded]}, typed, show_hidden=True)
        assert passed, f"public case {index}: {message}"


def test_hidden_cases_differ_from_the_public_ones():
    for name, entry in load_expected(STEP).items():
        public = [case["values"] for case in entry["cases"][: entry["public"]]]
        assert any(case["values"] not in public for case in entry["cases"][entry["public"]:]), name


# ------------------------------------------------------------------ the hidden tests of the grade cells
def _grade_cells(expanded: bool) -> dict[str, str]:
    """{function: hidden part of its grade cell}; `expanded`: with the stand-ins filled in, as the grader runs them."""
    notebook = nbformat.read(source_notebook(STEP), as_version=4)
    if expanded:
        notebook, _ = ExpandStandIns().preprocess(notebook, {})
    hidden = {}
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if cell.metadata.get("nbgrader", {}).get("grade"):
            hidden[grade_id.removesuffix("-test")] = cell.source.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]
    return hidden


def _run_hidden(nb, name, function, expanded=False, **others):
    """The hidden part of `name`'s grade cell, run as in the source notebook (compared with expected.json).

    `others` replace functions of the notebook; `function` (when it is the solution) then sees them, as it would there.
    """
    namespace = dict(nb, **others)
    if others:
        function = types.FunctionType(function.__code__, namespace, function.__name__, function.__defaults__, function.__closure__)
    namespace[name] = function
    exec(compile(_grade_cells(expanded)[name], f"<{name}-test>", "exec"), namespace)  # noqa: S102


def test_hidden_tests_pass_on_the_solutions(nb):
    for name in CHECKS:
        _run_hidden(nb, name, nb[name])


def test_hidden_tests_catch_what_the_public_test_cannot(nb):
    """Wrong functions that pass the public test (its inputs are fixed) fail the grader's hidden cases."""

    def first_layers(parameters, layers=2):
        return {k: v for k, v in parameters.items() if int(k[1:]) <= layers}

    cheats = {
        "initialize_parameters": lambda n_x, n_h, n_y: nb["initialize_parameters"](3, 2, 1),
        "compute_cost": lambda AL, Y: np.squeeze(np.array(0.2797765635793422)),
        "L_model_forward": lambda X, parameters: nb["L_model_forward"](X, first_layers(parameters, 3)),
        "update_parameters": lambda parameters, grads, learning_rate: nb["update_parameters"](first_layers(parameters), grads,
                                                                                              learning_rate),
    }
    for name, cheat in cheats.items():
        CHECKS[name](cheat)  # the public test cannot tell
        with pytest.raises((CheckFailed, AssertionError), match="a hidden test"):
            _run_hidden(nb, name, cheat)


def test_stand_ins_grade_each_function_on_its_own(nb):
    """With the stand-ins filled in (as the grader does), a wrong helper graded earlier costs nothing later."""

    def broken(*args, **kwargs):
        raise ValueError("a wrong helper")

    helpers = {"L_model_forward": ("linear_forward", "linear_activation_forward"),
               "linear_activation_forward": ("linear_forward",),
               "linear_activation_backward": ("linear_backward",),
               "L_model_backward": ("linear_backward", "linear_activation_backward")}
    for name, names in helpers.items():
        others = dict.fromkeys(names, broken)
        with pytest.raises(CheckFailed):
            _run_hidden(nb, name, nb[name], **others)  # the source notebook as it is: its own functions
        _run_hidden(nb, name, nb[name], expanded=True, **others)


# ------------------------------------------------------------------ typical mistakes
def test_stub_returning_none_gets_the_hint():
    _fails(c1w4a.check_linear_forward, lambda A, W, b: (None, (A, W, b)), "Z: got None", "linear_forward_test_case()")


def test_initialize_parameters_deep_one_layer_short_names_the_keys():
    def short(layer_dims):
        np.random.seed(3)
        return {k: v for layer in range(1, len(layer_dims) - 1)
                for k, v in ((f"W{layer}", np.random.randn(layer_dims[layer], layer_dims[layer - 1]) * 0.01),
                             (f"b{layer}", np.zeros((layer_dims[layer], 1))))}

    _fails(c1w4a.check_initialize_parameters_deep, short, "keys of parameters: expected ['W1', 'W2', 'b1', 'b2'], got ['W1', 'b1']")


def test_cache_of_copies_is_pointed_out():
    _fails(c1w4a.check_linear_forward, lambda A, W, b: (W @ A + b, (A.copy(), W, b)), "the cache keeps references, not copies")


def test_relu_and_sigmoid_swapped_fails(nb):
    right = nb["linear_activation_forward"]
    swap = {"relu": "sigmoid", "sigmoid": "relu"}
    _fails(c1w4a.check_linear_activation_forward, lambda A, W, b, activation: right(A, W, b, swap[activation]),
           "A: wrong values", 'activation="sigmoid"')


def test_activation_forward_returning_only_A_is_pointed_out(nb):
    right = nb["linear_activation_forward"]
    _fails(c1w4a.check_linear_activation_forward, lambda A, W, b, activation: right(A, W, b, activation)[0],
           "expected a tuple (A, cache)")


def test_caches_as_a_tuple_is_pointed_out(nb):
    right = nb["L_model_forward"]

    def as_tuple(X, parameters):
        AL, caches = right(X, parameters)
        return AL, tuple(caches)

    _fails(c1w4a.check_L_model_forward, as_tuple, "caches: expected a list with one cache per layer")


def test_cost_left_as_a_one_by_one_array_is_pointed_out(nb):
    right = nb["compute_cost"]
    _fails(c1w4a.check_compute_cost, lambda AL, Y: np.array([[right(AL, Y)]]), "np.squeeze")


def test_cost_without_the_mean_fails(nb):
    right = nb["compute_cost"]
    _fails(c1w4a.check_compute_cost, lambda AL, Y: right(AL, Y) * Y.shape[1], "cost: wrong values")


def test_gradients_without_keepdims_are_pointed_out(nb):
    right = nb["linear_backward"]

    def flat_db(dZ, cache):
        dA_prev, dW, db = right(dZ, cache)
        return dA_prev, dW, db.ravel()

    _fails(c1w4a.check_linear_backward, flat_db, "db: wrong shape: expected (3, 1), got (3,)")


def test_backward_keys_of_the_original_text_get_an_explanation(nb):
    right = nb["L_model_backward"]

    def shifted(AL, Y, caches):
        grads = right(AL, Y, caches)
        return {("dA" + str(int(k[2:]) + 1) if k.startswith("dA") else k): v for k, v in grads.items()}

    _fails(c1w4a.check_L_model_backward, shifted, '"dA" + str(l - 1)')


def test_wrong_sign_in_the_update_names_the_parameter(nb):
    right = nb["update_parameters"]
    _fails(c1w4a.check_update_parameters, lambda p, g, learning_rate: right(p, g, -learning_rate), 'parameters["W1"]: wrong values',
           "learning_rate = 0.1")
