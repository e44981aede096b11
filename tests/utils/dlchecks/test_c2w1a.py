"""The C2W1A checks (dlchecks.c2w1a): typical mistakes fail with a hint in plain words, and the hidden cases catch
what the public ones cannot (the solutions and expected.json: test_expected.py)."""

import numpy as np
import pytest

from dlchecks import c2w1a
from dlchecks.core import CheckFailed

ID = "C2W1A_Initialization"
CHECKS = {name[len("check_"):]: getattr(c2w1a, name) for name in dir(c2w1a) if name.startswith("check_")}


def _init(layers_dims, weight, bias=lambda rows: np.zeros((rows, 1)), seed=3, layers=None):
    """An initialisation written the way students write it, with `weight(rows, columns, l)` making W{l}."""
    np.random.seed(seed)
    parameters = {}
    for l in range(1, (layers or len(layers_dims) - 1) + 1):
        parameters[f"W{l}"] = weight(layers_dims[l], layers_dims[l - 1], l)
        parameters[f"b{l}"] = bias(layers_dims[l])
    return parameters


def test_there_is_a_check_per_graded_function():
    assert sorted(CHECKS) == ["initialize_parameters_he", "initialize_parameters_random", "initialize_parameters_zeros"]


def test_hidden_tests_catch_what_the_public_test_cannot(nb, run_hidden):
    """Functions that hard-code the public answer pass the public test and fail the grader's hidden cases."""
    public = {"initialize_parameters_zeros": [3, 2, 1], "initialize_parameters_random": [3, 2, 1],
              "initialize_parameters_he": [2, 4, 1]}
    for name, dims in public.items():
        def cheat(layers_dims, name=name, dims=dims):
            return nb[name](dims)

        CHECKS[name](cheat)  # the public test cannot tell
        with pytest.raises((CheckFailed, AssertionError), match="a hidden test"):
            run_hidden(ID, name, cheat)


# ------------------------------------------------------------------ typical mistakes
def test_stub_leaving_none_gets_the_hint(fails):
    fails(c2w1a.check_initialize_parameters_zeros, lambda layers_dims: _init(layers_dims, lambda r, c, l: None),
          'parameters["W1"]: got None', "layers_dims = [3, 2, 1]")


def test_transposed_weights_are_pointed_out(fails):
    fails(c2w1a.check_initialize_parameters_zeros, lambda d: _init(d, lambda r, c, l: np.zeros((c, r))),
          "the transpose of the right one", "(layers_dims[1], layers_dims[0]) = (2, 3)")


def test_flat_biases_are_pointed_out(fails):
    fails(c2w1a.check_initialize_parameters_zeros,
          lambda d: _init(d, lambda r, c, l: np.zeros((r, c)), bias=lambda rows: np.zeros(rows)),
          'parameters["b1"] has shape (2,)', "a bias is a column")


def test_a_layer_short_names_the_keys(fails):
    fails(c2w1a.check_initialize_parameters_zeros,
          lambda d: _init(d, lambda r, c, l: np.zeros((r, c)), layers=len(d) - 2),
          "keys of parameters: expected ['W1', 'W2', 'b1', 'b2'], got ['W1', 'b1']", "for each layer l = 1, ..., L")


def test_random_weights_in_the_zeros_function(fails):
    fails(c2w1a.check_initialize_parameters_zeros, lambda d: _init(d, lambda r, c, l: np.random.randn(r, c) * 0.01),
          'parameters["W1"]: wrong values', "every weight starts at 0")


def test_random_without_the_factor_10(fails):
    fails(c2w1a.check_initialize_parameters_random, lambda d: _init(d, lambda r, c, l: np.random.randn(r, c)),
          'parameters["W1"]: wrong values', "0.1 times the expected ones", "by 10")


def test_random_biases_are_pointed_out(fails):
    fails(c2w1a.check_initialize_parameters_random,
          lambda d: _init(d, lambda r, c, l: np.random.randn(r, c) * 10, bias=lambda rows: np.random.randn(rows, 1)),
          'parameters["b1"]: wrong values', "the biases start at 0")


def test_uniform_random_numbers_are_pointed_out(fails):
    fails(c2w1a.check_initialize_parameters_random, lambda d: _init(d, lambda r, c, l: np.random.rand(r, c) * 10),
          'parameters["W1"]: wrong values', "np.random.randn(layers_dims[l], layers_dims[l - 1])")


def test_zero_weights_in_the_random_function(fails):
    fails(c2w1a.check_initialize_parameters_random, lambda d: _init(d, lambda r, c, l: np.zeros((r, c))),
          "these weights are all zero")


def test_xavier_instead_of_he(fails):
    fails(c2w1a.check_initialize_parameters_he,
          lambda d: _init(d, lambda r, c, l: np.random.randn(r, c) * np.sqrt(1 / d[l - 1])),
          'parameters["W1"]: wrong values', "0.7071 times the expected ones", "np.sqrt(2 / layers_dims[l - 1])", "Xavier")


def test_he_scaled_by_the_wrong_layer(fails):
    fails(c2w1a.check_initialize_parameters_he,
          lambda d: _init(d, lambda r, c, l: np.random.randn(r, c) * np.sqrt(2 / d[l])),
          'parameters["W1"]: wrong values', "0.7071 times", "the size of the previous layer")


def test_he_without_the_square_root(fails):
    """2 / n instead of sqrt(2 / n): right for W1 of [2, 4, 1] (2 / 2 = 1), wrong for W2."""
    fails(c2w1a.check_initialize_parameters_he, lambda d: _init(d, lambda r, c, l: np.random.randn(r, c) * (2 / d[l - 1])),
          'parameters["W2"]: wrong values', "0.7071 times")


def test_he_with_the_factor_10_of_the_random_function(fails):
    fails(c2w1a.check_initialize_parameters_he, lambda d: _init(d, lambda r, c, l: np.random.randn(r, c) * 10),
          "10 times the expected ones")


def test_an_input_list_changed_in_place_does_not_matter(nb, capsys):
    """The check hands the function a copy of layers_dims: a function that pops from it still gets graded on values."""
    right = nb["initialize_parameters_zeros"]

    def popping(layers_dims):
        parameters = right(layers_dims)
        layers_dims.clear()
        return parameters

    c2w1a.check_initialize_parameters_zeros(popping)
    assert "all public tests passed" in capsys.readouterr().out
