"""The C2W1C checks (dlchecks.c2w1c): typical mistakes of a gradient check fail in plain words, correct variants pass,
and the hidden cases catch what the public ones cannot (the solutions and expected.json: test_expected.py).

The mistakes are written as small edits of the source notebook's own solutions, run in the notebook's namespace
(so that they call forward_propagation, backward_propagation and forward_propagation_n by name, as a student's do)."""

import nbformat
import numpy as np
import pytest

from autograder import source_notebook
from autograder.standins import solution_functions
from dlchecks import c2w1c
from dlchecks.core import CheckFailed

ID = "C2W1C_Gradient_Checking"


@pytest.fixture(scope="module")
def variant(nb):
    """variant(name, (old, new), ...): the solution of `name` with each `old` text replaced, defined in a copy of the
    notebook's namespace (with its given cells: forward_propagation_n and the two backward propagations)."""
    notebook = nbformat.read(source_notebook(ID), as_version=4)
    sources = {}
    namespace = dict(nb)
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.source.startswith("def "):  # the given functions of section 4 and 5
            exec(compile(cell.source, "<given>", "exec"), namespace)  # noqa: S102 - the course's own cell
        if cell.cell_type == "code" and "# GRADED FUNCTION" in cell.source:
            sources.update(solution_functions(cell.source))

    def make(name, *edits):
        source = sources[name]
        for old, new in edits:
            assert old in source, old
            source = source.replace(old, new)
        scope = dict(namespace)
        exec(compile(source, f"<{name} variant>", "exec"), scope)  # noqa: S102
        return scope[name]

    return make


# ------------------------------------------------------------------ forward_propagation / backward_propagation
def test_forward_with_a_sum_instead_of_a_product_fails(fails):
    fails(c2w1c.check_forward_propagation, lambda x, theta: theta + x, "J: wrong values", "x, theta = 2, 4")


def test_stub_forward_gets_the_none_hint(fails):
    fails(c2w1c.check_forward_propagation, lambda x, theta: None, "J: got None")


def test_backward_returning_theta_fails(fails):
    fails(c2w1c.check_backward_propagation, lambda x, theta: theta, "dtheta: wrong values")


def test_one_dimensional_cheats_fail_the_hidden_tests(run_hidden):
    """J = 8 and dtheta = 2 typed in pass the public test (fixed inputs) but not the grader's."""
    for name, cheat in (("forward_propagation", lambda x, theta: 8), ("backward_propagation", lambda x, theta: 2)):
        getattr(c2w1c, f"check_{name}")(cheat)
        with pytest.raises(CheckFailed, match="a hidden test"):
            run_hidden(ID, name, cheat)


# ------------------------------------------------------------------ gradient_check (1-D)
GC = c2w1c.check_gradient_check


def test_gradient_check_prints_nothing_from_the_probe(nb, capsys):
    GC(nb["gradient_check"])
    assert capsys.readouterr().out.strip() == "\033[92mgradient_check: all public tests passed.\033[0m"


@pytest.mark.parametrize("edits", [
    (("(J_plus - J_minus) / (2 * epsilon)", "(J_plus - J_minus) / 2 / epsilon"),),
    (("numerator = np.linalg.norm(grad - gradapprox)", "numerator = abs(gradapprox - grad)"),
     ("np.linalg.norm(grad) + np.linalg.norm(gradapprox)", "abs(grad) + abs(gradapprox)")),
    (("J_plus = forward_propagation(x, thetaplus)", "J_plus = forward_propagation(x, theta + epsilon)"),),
], ids=["halves", "abs", "inline-theta"])
def test_correct_variants_of_gradient_check_pass_public_and_hidden_tests(variant, run_hidden, capsys, edits):
    right = variant("gradient_check", *edits)
    GC(right)
    assert "all public tests passed" in capsys.readouterr().out
    run_hidden(ID, "gradient_check", right)


def test_forgetting_the_2_of_2_epsilon_fails(variant, fails):
    wrong = variant("gradient_check", ("(J_plus - J_minus) / (2 * epsilon)", "(J_plus - J_minus) / epsilon"))
    fails(GC, wrong, "difference: wrong values", "(2 * epsilon)")


def test_a_one_sided_difference_is_named(variant, fails):
    wrong = variant("gradient_check", ("J_minus = forward_propagation(x, thetaminus)", "J_minus = forward_propagation(x, theta)"),
                    ("(J_plus - J_minus) / (2 * epsilon)", "(J_plus - J_minus) / epsilon"))
    fails(GC, wrong, "never called at thetaminus = theta - epsilon", "centred difference")


def test_computing_J_without_forward_propagation_is_named(variant, fails):
    """The original text's own shortcut, J_plus = thetaplus * x: it does not test the forward code."""
    wrong = variant("gradient_check", ("forward_propagation(x, thetaplus)", "thetaplus * x"),
                    ("forward_propagation(x, thetaminus)", "thetaminus * x"))
    fails(GC, wrong, "never called forward_propagation()")


def test_grad_without_backward_propagation_is_named(variant, fails):
    wrong = variant("gradient_check", ("grad = backward_propagation(x, theta)", "grad = x"))
    fails(GC, wrong, "never called backward_propagation()")


@pytest.mark.parametrize("edits", [
    (("np.linalg.norm(grad) + np.linalg.norm(gradapprox)", "np.linalg.norm(grad + gradapprox)"),),
    (("difference = numerator / denominator", "difference = numerator"),),
    (("np.linalg.norm(grad) + np.linalg.norm(gradapprox)", "np.linalg.norm(grad)"),),
], ids=["norm-of-the-sum", "no-denominator", "one-norm"])
def test_a_wrong_difference_formula_fails_with_the_formula(variant, fails, edits):
    with np.errstate(divide="ignore", invalid="ignore"):
        fails(GC, variant("gradient_check", *edits), "difference: wrong values", "two norms added below the line")


def test_returning_something_else_than_the_difference_fails(variant, fails):
    fails(GC, variant("gradient_check", ("return difference", "return gradapprox")), "difference: wrong values")


def test_stub_gradient_check_gets_the_none_hint(variant, fails):
    blank = variant("gradient_check", ("(J_plus - J_minus) / (2 * epsilon)", "None"))
    fails(GC, blank, "None", "Did you replace every `None`")


def test_hard_coded_differences_pass_the_public_gradient_check_test_but_not_the_hidden_ones(run_hidden):
    class Cheat:  # no code for the probe to rebind; answers the public cases in their order (two share their inputs)
        answers = (2.919335883291695e-10, 7.40740114250946e-08, 1.0)
        calls = 0

        def __call__(self, x, theta, epsilon=1e-7):
            self.calls += 1
            return self.answers[(self.calls - 1) % 3]

    GC(Cheat())
    with pytest.raises(CheckFailed, match="a hidden test"):
        run_hidden(ID, "gradient_check", Cheat())


# ------------------------------------------------------------------ gradient_check_n (N-D)
GCN = c2w1c.check_gradient_check_n
CHEAP_CASE = c2w1c.network_case(3, 2, "planted bugs")


@pytest.mark.parametrize("edits", [
    (("thetaplus[i][0] = thetaplus[i][0] + epsilon", "thetaplus[i] += epsilon"),
     ("thetaminus[i][0] = thetaminus[i][0] - epsilon", "thetaminus[i] -= epsilon")),
    (("J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(thetaplus))",
      "J_plus[i] = forward_propagation_n(X, Y, vector_to_dictionary(thetaplus))[0]"),),
    (("(J_plus[i] - J_minus[i]) / (2 * epsilon)", "(J_plus[i] - J_minus[i]) / 2 / epsilon"),),
], ids=["augmented", "index-0", "halves"])
def test_correct_variants_of_gradient_check_n_pass_public_and_hidden_tests(variant, run_hidden, capsys, edits):
    right = variant("gradient_check_n", *edits)
    GCN(right)
    assert "all public tests passed" in capsys.readouterr().out
    run_hidden(ID, "gradient_check_n", right)


def test_forgetting_the_2_of_2_epsilon_in_n_dimensions_fails(variant, fails):
    wrong = variant("gradient_check_n", ("(J_plus[i] - J_minus[i]) / (2 * epsilon)", "(J_plus[i] - J_minus[i]) / epsilon"))
    fails(GCN, wrong, "difference: wrong values", "(2 * epsilon)")


def test_a_one_sided_difference_in_n_dimensions_is_named(variant, fails):
    wrong = variant("gradient_check_n",
                    ("thetaminus[i][0] = thetaminus[i][0] - epsilon", "pass"),
                    ("(J_plus[i] - J_minus[i]) / (2 * epsilon)", "(J_plus[i] - J_minus[i]) / epsilon"))
    fails(GCN, wrong, "moved by -epsilon", "centred difference")


def test_changing_parameters_values_in_place_is_named(variant, fails):
    """thetaplus = parameters_values (no copy): J_minus[i] is then computed back at theta."""
    wrong = variant("gradient_check_n", ("thetaplus = np.copy(parameters_values)", "thetaplus = parameters_values"),
                    ("thetaminus = np.copy(parameters_values)", "thetaminus = parameters_values"))
    fails(GCN, wrong, "np.copy", "every other entry as it is")


def test_copying_only_one_of_the_two_is_named(variant, fails):
    wrong = variant("gradient_check_n", ("thetaplus = np.copy(parameters_values)", "thetaplus = parameters_values"))
    fails(GCN, wrong, "np.copy")


@pytest.mark.parametrize("edits", [
    (("np.linalg.norm(grad) + np.linalg.norm(gradapprox)", "np.linalg.norm(grad + gradapprox)"),),
    (("difference = numerator / denominator", "difference = numerator"),),
    (("numerator = np.linalg.norm(grad - gradapprox)", "numerator = np.linalg.norm(grad - gradapprox) ** 2"),),
], ids=["norm-of-the-sum", "no-denominator", "squared"])
def test_a_wrong_difference_formula_in_n_dimensions_fails(variant, fails, edits):
    fails(GCN, variant("gradient_check_n", *edits), "difference: wrong values", "two norms added below the line")


def test_gradapprox_with_the_wrong_sign_fails(variant, fails):
    wrong = variant("gradient_check_n", ("(J_plus[i] - J_minus[i])", "(J_minus[i] - J_plus[i])"))
    fails(GCN, wrong, "difference: wrong values")


def test_not_calling_forward_propagation_n_is_named(nb, fails):
    def lazy(parameters, gradients, X, Y, epsilon=1e-7):
        return 0.2850931567761624

    fails(GCN, lazy, "never called forward_propagation_n")


def test_stub_gradient_check_n_gets_the_none_hint(variant, fails):
    blank = variant("gradient_check_n", ("thetaplus = np.copy(parameters_values)", "thetaplus = None"))
    fails(GCN, blank, "Did you replace every `None`")


def test_the_probe_uses_its_own_forward_pass(variant, capsys):
    """A forward_propagation_n redefined in the notebook does not change the check of gradient_check_n."""
    right = variant("gradient_check_n")
    right.__globals__["forward_propagation_n"] = lambda X, Y, parameters: (0.0, None)
    GCN(right)
    assert "all public tests passed" in capsys.readouterr().out


def test_hard_coded_differences_pass_the_public_gradient_check_n_test_but_not_the_hidden_ones(run_hidden):
    class Cheat:  # answers the two public cases from a table
        def __call__(self, parameters, gradients, X, Y, epsilon=1e-7):
            return 0.2850931567761624 if epsilon == 1e-7 else 1.6800198140389069e-06

    GCN(Cheat())
    with pytest.raises(CheckFailed, match="a hidden test"):
        run_hidden(ID, "gradient_check_n", Cheat())


def test_hidden_cases_differ_from_the_public_ones_in_inputs_and_epsilon():
    """The hidden inputs of gradient_check_n: other parameters and examples, mistakes, correct and slightly wrong
    gradients (network_case), so that no fixed number passes them."""
    bugs, correct, noisy = (c2w1c.network_case(seed, m, kind) for seed, m, kind in
                            ((7, 5, "planted bugs"), (8, 2, "correct"), (9, 6, "noisy")))
    assert bugs[2].shape == (4, 5) and correct[2].shape == (4, 2) and noisy[2].shape == (4, 6)
    right = c2w1c.network_gradients(*noisy[2:], noisy[0])
    assert 0 < np.abs(noisy[1]["dW3"] - right["dW3"]).max() < 1e-3
    assert all(np.array_equal(noisy[1][k], right[k]) for k in right if k != "dW3")
    assert np.array_equal(CHEAP_CASE[1]["dW2"], 2 * c2w1c.network_gradients(*CHEAP_CASE[2:], CHEAP_CASE[0])["dW2"])
