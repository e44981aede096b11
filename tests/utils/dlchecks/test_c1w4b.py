"""The C1W4B checks (dlchecks.c1w4b): the solutions pass, typical mistakes fail in plain words, and the public
expected values agree with the grader's expected.json."""

import nbformat
import numpy as np
import pytest

from autograder import source_notebook
from dlchecks import c1w4b
from dlchecks.core import CheckFailed, encode, load_expected, verdict

APP = "C1W4B_Deep_Neural_Network_Application"
CHECKS = {name[len("check_"):]: getattr(c1w4b, name) for name in dir(c1w4b) if name.startswith("check_")}


@pytest.fixture(scope="module")
def nb(solutions):
    return solutions(APP)


def _fails(check, function, *words):
    with pytest.raises(CheckFailed) as info:
        check(function)
    for word in words:
        assert word in str(info.value), str(info.value)
    return str(info.value)


# ------------------------------------------------------------------ the solutions, and expected.json
def test_the_module_checks_every_graded_function():
    assert sorted(CHECKS) == sorted(load_expected(APP))
    assert all(check.name == name and check.assignment == APP for name, check in CHECKS.items())


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_the_solution_passes(name, nb, capsys):
    CHECKS[name](nb[name])
    assert f"{name}: all public tests passed" in capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_public_expected_values_agree_with_expected_json(name):
    entry = load_expected(APP)[name]
    check = CHECKS[name]
    assert entry["public"] == len(check.cases)
    assert len(entry["cases"]) > entry["public"], "every graded function needs a hidden case"
    for index, case in enumerate(check.cases):
        recorded = entry["cases"][index]
        assert set(case.expected) == set(recorded["values"]) and recorded["given"] == case.given
        typed = {"cases": [{"values": {label: {"value": encode(np.array(value))} for label, value in case.expected.items()}}]}
        passed, message = verdict({"public": 1, "cases": [recorded]}, typed, show_hidden=True)
        assert passed, f"public case {index}: {message}"


def test_hidden_cases_differ_from_the_public_ones():
    for name, entry in load_expected(APP).items():
        public = [case["values"] for case in entry["cases"][: entry["public"]]]
        assert any(case["values"] not in public for case in entry["cases"][entry["public"]:]), name


# ------------------------------------------------------------------ the hidden tests of the grade cells
def _run_hidden(nb, name, function):
    """The hidden part of `name`'s grade cell, run as in the source notebook (compared with expected.json)."""
    cells = nbformat.read(source_notebook(APP), as_version=4).cells
    source = next(c.source for c in cells if c.metadata.get("nbgrader", {}).get("grade_id") == name + "-test")
    namespace = dict(nb)
    namespace[name] = function
    hidden = source.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]
    exec(compile(hidden, f"<{name}-test>", "exec"), namespace)  # noqa: S102


def test_hidden_tests_pass_on_the_solutions(nb):
    for name in CHECKS:
        _run_hidden(nb, name, nb[name])


def test_hidden_tests_catch_what_the_public_test_cannot(nb):
    """Wrong functions that pass the public test (its inputs are fixed) fail the grader's hidden cases."""
    cheats = {
        "two_layer_model": lambda X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False:
            nb["two_layer_model"](X, Y, layers_dims, 0.5, num_iterations),
        "L_layer_model": lambda X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False:
            nb["L_layer_model"](X, Y, layers_dims, learning_rate, 300),
    }
    for name, cheat in cheats.items():
        CHECKS[name](cheat)  # the public test cannot tell
        with pytest.raises(CheckFailed, match="a hidden test"):
            _run_hidden(nb, name, cheat)


# ------------------------------------------------------------------ typical mistakes
def test_model_that_never_updates_fails(nb):
    def frozen(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        np.random.seed(1)
        return nb["initialize_parameters"](*layers_dims)

    _fails(c1w4b.check_two_layer_model, frozen, 'parameters["W1"]: wrong values', "num_iterations = 300")


def test_model_returning_the_costs_too_is_pointed_out(nb):
    def with_costs(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        return nb["L_layer_model"](X, Y, layers_dims, learning_rate, num_iterations), []

    _fails(c1w4b.check_L_layer_model, with_costs, "parameters: expected a dictionary with keys W1, b1, W2, b2, W3, b3, got tuple")


def test_stub_model_gets_the_none_hint():
    _fails(c1w4b.check_L_layer_model, lambda X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False: None,
           "parameters: got None")


def test_l_layer_model_with_a_layer_missing_names_the_key(nb):
    def shallow(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        return nb["L_layer_model"](X, Y, [layers_dims[0], layers_dims[-1]], learning_rate, num_iterations)

    _fails(c1w4b.check_L_layer_model, shallow, "missing keys ['W2', 'b2', 'W3', 'b3']")
