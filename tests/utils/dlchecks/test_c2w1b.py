"""The C2W1B checks (dlchecks.c2w1b): typical mistakes fail in plain words and the hidden cases catch what the public
ones cannot (the solutions and expected.json: test_expected.py)."""

import numpy as np
import pytest

from dlchecks import c2w1b
from dlchecks.core import CheckFailed

ID = "C2W1B_Regularization"

CHECKS = {
    "compute_cost_with_regularization": c2w1b.check_compute_cost_with_regularization,
    "backward_propagation_with_regularization": c2w1b.check_backward_propagation_with_regularization,
    "forward_propagation_with_dropout": c2w1b.check_forward_propagation_with_dropout,
    "backward_propagation_with_dropout": c2w1b.check_backward_propagation_with_dropout,
}


def test_the_solutions_pass(nb, capsys):
    for name, check in CHECKS.items():
        check(nb[name])
        assert f"{name}: all public tests passed" in capsys.readouterr().out


def test_hidden_tests_catch_what_the_public_test_cannot(nb, run_hidden):
    """Functions that only work on the public inputs (5 examples, the public keep_prob) fail the hidden cases."""

    def cost_for_five_examples(A3, Y, parameters, lambd):
        squares = sum(np.sum(np.square(parameters[k])) for k in ("W1", "W2", "W3"))
        return nb["compute_cost"](A3, Y) + lambd / (2 * 5) * squares

    def backward_for_five_examples(X, Y, cache, lambd):
        grads = nb["backward_propagation_with_regularization"](X, Y, cache, 0)
        for key, W in (("dW1", cache[2]), ("dW2", cache[6]), ("dW3", cache[10])):
            grads[key] = grads[key] + lambd / 5 * W
        return grads

    cheats = {
        "compute_cost_with_regularization": cost_for_five_examples,
        "backward_propagation_with_regularization": backward_for_five_examples,
        "forward_propagation_with_dropout": lambda X, parameters, keep_prob=0.5: nb["forward_propagation_with_dropout"](
            X, parameters, 0.7),
        "backward_propagation_with_dropout": lambda X, Y, cache, keep_prob: nb["backward_propagation_with_dropout"](
            X, Y, cache, 0.8),
    }
    for name, cheat in cheats.items():
        CHECKS[name](cheat)  # the public test cannot tell
        with pytest.raises(CheckFailed, match="a hidden test"):
            run_hidden(ID, name, cheat)


# ------------------------------------------------------------------ compute_cost_with_regularization
def _cost(nb, factor=1.0, power=1, constant=0.0):
    def cost(A3, Y, parameters, lambd):
        m = Y.shape[1]
        squares = sum(np.sum(np.square(parameters[k])) for k in ("W1", "W2", "W3"))
        return nb["compute_cost"](A3, Y) + factor * lambd**power / (2 * m) * squares + constant

    return cost


def test_cost_without_the_half_fails(nb, fails):
    fails(c2w1b.check_compute_cost_with_regularization, _cost(nb, factor=2.0), "cost: wrong values", "lambd = 0.1")


def test_cost_with_lambd_squared_gets_the_proportion_hint(nb, fails):
    fails(c2w1b.check_compute_cost_with_regularization, _cost(nb, power=2), "in proportion to lambd")


def test_cost_with_a_constant_gets_the_lambd_zero_hint(nb, fails):
    fails(c2w1b.check_compute_cost_with_regularization, _cost(nb, constant=0.01), "with lambd = 0", "compute_cost(A3, Y)")


def test_cost_with_the_biases_in_the_penalty_fails(nb, fails):
    def with_biases(A3, Y, parameters, lambd):
        squares = sum(np.sum(np.square(value)) for value in parameters.values())
        return nb["compute_cost"](A3, Y) + lambd / (2 * Y.shape[1]) * squares

    fails(c2w1b.check_compute_cost_with_regularization, with_biases, "cost: wrong values")


def test_cost_as_an_array_is_pointed_out(nb, fails):
    right = nb["compute_cost_with_regularization"]
    fails(c2w1b.check_compute_cost_with_regularization,
          lambda A3, Y, parameters, lambd: np.array([[right(A3, Y, parameters, lambd)]]),
          "should return a number, got an array of shape (1, 1)")


def test_stub_cost_gets_the_none_hint(nb, fails):
    def stub(A3, Y, parameters, lambd):
        L2_regularization_cost = None
        return nb["compute_cost"](A3, Y) + L2_regularization_cost

    fails(c2w1b.check_compute_cost_with_regularization, stub, "TypeError", "still None")


# ------------------------------------------------------------------ backward_propagation_with_regularization
def _backward(nb, term):
    def backward(X, Y, cache, lambd):
        grads = nb["backward_propagation_with_regularization"](X, Y, cache, 0)
        m = X.shape[1]
        for key, W in (("dW1", cache[2]), ("dW2", cache[6]), ("dW3", cache[10])):
            grads[key] = grads[key] + term(lambd, m, W)
        return grads

    return backward


def test_backward_with_half_the_term_gets_the_derivative_hint(nb, fails):
    fails(c2w1b.check_backward_propagation_with_regularization, _backward(nb, lambda lambd, m, W: lambd / (2 * m) * W),
          "the derivative of", "(lambd / m) * W")


def test_backward_without_dividing_by_m_gets_the_hint(nb, fails):
    fails(c2w1b.check_backward_propagation_with_regularization, _backward(nb, lambda lambd, m, W: lambd * W),
          "divide it by m")


def test_backward_without_the_term_gets_the_hint(nb, fails):
    fails(c2w1b.check_backward_propagation_with_regularization, _backward(nb, lambda lambd, m, W: 0 * W),
          "does not change with lambd")


def test_backward_with_the_term_on_the_biases_gets_the_hint(nb, fails):
    def biased(X, Y, cache, lambd):
        grads = nb["backward_propagation_with_regularization"](X, Y, cache, lambd)
        grads["db1"] = grads["db1"] + lambd / X.shape[1] * cache[3]
        return grads

    fails(c2w1b.check_backward_propagation_with_regularization, biased, 'gradients["db1"] changes with lambd', "biases")


def test_backward_with_a_wrong_sign_fails(nb, fails):
    fails(c2w1b.check_backward_propagation_with_regularization, _backward(nb, lambda lambd, m, W: -lambd / m * W),
          "wrong values", "lambd = 0.7")


def test_stub_backward_gets_the_none_hint(nb, fails):
    def stub(X, Y, cache, lambd):
        grads = nb["backward_propagation_with_regularization"](X, Y, cache, lambd)
        grads["dW1"] = None
        return grads

    fails(c2w1b.check_backward_propagation_with_regularization, stub, 'gradients["dW1"]: got None')


# ------------------------------------------------------------------ forward_propagation_with_dropout
def _forward(scale, reverse=False):
    """A forward pass with dropout whose kept units are multiplied by scale(keep_prob)."""

    def forward(X, parameters, keep_prob=0.5):
        np.random.seed(1)
        cache = []
        A = X
        for layer in (1, 2, 3):
            W, b = parameters[f"W{layer}"], parameters[f"b{layer}"]
            Z = W @ A + b
            if layer == 3:
                A = 1 / (1 + np.exp(-Z))
                cache += [Z, A, W, b]
            else:
                D = np.random.rand(*Z.shape)
                D = D > keep_prob if reverse else D < keep_prob
                A = np.maximum(Z, 0) * D * scale(keep_prob)
                cache += [Z, D, A, W, b]
        return A, tuple(cache)

    return forward


def test_the_reference_forward_passes(capsys):
    c2w1b.check_forward_propagation_with_dropout(_forward(lambda keep_prob: 1 / keep_prob))
    assert "all public tests passed" in capsys.readouterr().out


def test_dividing_by_one_minus_keep_prob_gets_the_hint(fails):
    fails(c2w1b.check_forward_propagation_with_dropout, _forward(lambda keep_prob: 1 / (1 - keep_prob)),
          "A1 is divided by 1 - keep_prob", "divide it by keep_prob")


def test_no_scaling_gets_the_inverted_dropout_hint(fails):
    fails(c2w1b.check_forward_propagation_with_dropout, _forward(lambda keep_prob: 1.0),
          "A1 is masked but not scaled", "inverted dropout")


def test_reversed_mask_fails(fails):
    fails(c2w1b.check_forward_propagation_with_dropout, _forward(lambda keep_prob: 1 / keep_prob, reverse=True),
          "A3: wrong values", "keep_prob = 0.7")


def test_forward_returning_only_A3_is_pointed_out(nb, fails):  # noqa: N802 - the seed's name
    fails(c2w1b.check_forward_propagation_with_dropout,
          lambda X, parameters, keep_prob=0.5: nb["forward_propagation_with_dropout"](X, parameters, keep_prob)[0],
          "expected a tuple (A3, cache)")


def test_stub_forward_gets_the_none_hint(fails):
    def stub(X, parameters, keep_prob=0.5):
        A1 = None
        Z2 = np.dot(parameters["W2"], A1) + parameters["b2"]
        return Z2, ()

    fails(c2w1b.check_forward_propagation_with_dropout, stub, "still None")


# ------------------------------------------------------------------ backward_propagation_with_dropout
def test_backward_without_the_masks_gets_the_hint(nb, fails):
    def unmasked(X, Y, cache, keep_prob):
        everything = list(cache)
        everything[1] = np.ones_like(cache[1])
        everything[6] = np.ones_like(cache[6])
        return nb["backward_propagation_with_dropout"](X, Y, tuple(everything), keep_prob)

    fails(c2w1b.check_backward_propagation_with_dropout, unmasked, "not zero where the mask", "multiply dA")


def test_backward_without_the_scaling_fails(nb, fails):
    right = nb["backward_propagation_with_dropout"]
    fails(c2w1b.check_backward_propagation_with_dropout, lambda X, Y, cache, keep_prob: right(X, Y, cache, 1.0),
          'gradients["dA1"]: wrong values', "keep_prob = 0.8")


def test_backward_missing_a_key_is_pointed_out(nb, fails):
    def without_dA2(X, Y, cache, keep_prob):
        grads = nb["backward_propagation_with_dropout"](X, Y, cache, keep_prob)
        return {k: v for k, v in grads.items() if k != "dA2"}

    fails(c2w1b.check_backward_propagation_with_dropout, without_dA2, "missing keys ['dA2']")


def test_stub_backward_dropout_gets_the_none_hint(fails):
    def stub(X, Y, cache, keep_prob):
        dA2 = None
        return {"dZ2": np.multiply(dA2, np.int64(cache[7] > 0))}

    fails(c2w1b.check_backward_propagation_with_dropout, stub, "still None")
