"""The C1W4B checks (dlchecks.c1w4b): typical mistakes fail in plain words and the hidden
cases catch what the public ones cannot (the solutions and expected.json: test_expected.py)."""

import numpy as np
import pytest

from dlchecks import c1w4b
from dlchecks.core import CheckFailed

ID = "C1W4B_Deep_Neural_Network_Application"
CHECKS = {name[len("check_"):]: getattr(c1w4b, name) for name in dir(c1w4b) if name.startswith("check_")}



def test_hidden_tests_catch_what_the_public_test_cannot(nb, run_hidden):
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
            run_hidden(ID, name, cheat)


# ------------------------------------------------------------------ typical mistakes
def test_model_that_never_updatesfails(nb, fails):
    def frozen(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        np.random.seed(1)
        return nb["initialize_parameters"](*layers_dims)

    fails(c1w4b.check_two_layer_model, frozen, 'parameters["W1"]: wrong values', "num_iterations = 300")


def test_model_returning_the_costs_too_is_pointed_out(nb, fails):
    def with_costs(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        return nb["L_layer_model"](X, Y, layers_dims, learning_rate, num_iterations), []

    fails(c1w4b.check_L_layer_model, with_costs, "parameters: expected a dictionary with keys W1, b1, W2, b2, W3, b3, got tuple")


def test_stub_model_gets_the_none_hint(fails):
    fails(c1w4b.check_L_layer_model, lambda X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False: None,
           "parameters: got None")


def test_l_layer_model_with_a_layer_missing_names_the_key(nb, fails):
    def shallow(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        return nb["L_layer_model"](X, Y, [layers_dims[0], layers_dims[-1]], learning_rate, num_iterations)

    fails(c1w4b.check_L_layer_model, shallow, "missing keys ['W2', 'b2', 'W3', 'b3']")
