"""C2W1C: the repaired backward_propagation_n_fixed of the source notebook agrees with centred differences of its
forward_propagation_n; the given backward_propagation_n is wrong exactly where the notebook says (dW2, db1); the
solution's gradient_check_n flags it and passes the repaired one; and the checks' reference network (the probe's
forward pass and the inputs of the hidden tests) gives the notebook's numbers."""

import nbformat
import numpy as np
import pytest

from autograder import source_notebook
from dlchecks import c2w1c

ID = "C2W1C_Gradient_Checking"
PARAMETERS = ("W1", "b1", "W2", "b2", "W3", "b3")


@pytest.fixture(scope="module")
def nb():
    """The notebook's imports, its solved graded functions and the given cells of sections 4 and 5
    (forward_propagation_n, the two backward propagations), executed in one namespace as the notebook runs them."""
    code = [c for c in nbformat.read(source_notebook(ID), as_version=4).cells if c.cell_type == "code"]
    namespace: dict = {}
    for cell in [code[0]] + [c for c in code if "# GRADED FUNCTION" in c.source or c.source.startswith("def ")]:
        source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith("%"))
        exec(compile(source, f"<{ID} {cell.id}>", "exec"), namespace)  # noqa: S102 - the course's own cells
    assert {"forward_propagation_n", "backward_propagation_n", "backward_propagation_n_fixed"} <= set(namespace)
    return namespace


def _problem(seed, m):
    rng = np.random.RandomState(seed)
    X = rng.randn(4, m)
    Y = (rng.rand(1, m) > 0.5).astype(float)
    parameters = {name: rng.randn(*shape) for name, shape in c2w1c.SHAPES.items()}
    return X, Y, parameters


def _numeric_gradients(nb, numgrad, X, Y, parameters):
    return {name: numgrad(lambda: nb["forward_propagation_n"](X, Y, parameters)[0], parameters[name])
            for name in PARAMETERS}


@pytest.mark.parametrize("seed, m", [(0, 3), (1, 7), (2, 1)])
def test_backward_propagation_n_fixed_matches_centred_differences(nb, numgrad, relerr, seed, m):
    X, Y, parameters = _problem(seed, m)
    _, cache = nb["forward_propagation_n"](X, Y, parameters)
    gradients = nb["backward_propagation_n_fixed"](X, Y, cache)
    numeric = _numeric_gradients(nb, numgrad, X, Y, parameters)
    for name in PARAMETERS:
        assert relerr(gradients["d" + name], numeric[name]) < 1e-7, name


def test_the_given_backward_propagation_n_is_wrong_in_dW2_and_db1_only(nb, numgrad, relerr):
    X, Y, parameters = c2w1c.gradient_check_n_test_case()
    _, cache = nb["forward_propagation_n"](X, Y, parameters)
    gradients = nb["backward_propagation_n"](X, Y, cache)
    numeric = _numeric_gradients(nb, numgrad, X, Y, parameters)
    for name in PARAMETERS:
        error = relerr(gradients["d" + name], numeric[name])
        assert (error > 0.1) if name in ("W2", "b1") else (error < 1e-7), (name, error)
    assert np.allclose(gradients["dW2"], 2 * numeric["W2"], rtol=1e-6, atol=1e-9)
    assert np.allclose(gradients["db1"], 4 * numeric["b1"], rtol=1e-6, atol=1e-9)


def test_gradient_check_n_flags_the_mistakes_and_passes_the_repair(nb, capsys):
    for X, Y, parameters in (c2w1c.gradient_check_n_test_case(), _problem(5, 6)):
        _, cache = nb["forward_propagation_n"](X, Y, parameters)
        wrong = nb["gradient_check_n"](parameters, nb["backward_propagation_n"](X, Y, cache), X, Y)
        assert wrong > 1e-2 and "There is a mistake in the backward propagation!" in capsys.readouterr().out
        right = nb["gradient_check_n"](parameters, nb["backward_propagation_n_fixed"](X, Y, cache), X, Y, epsilon=1e-6)
        assert right < 1e-7 and "works perfectly fine" in capsys.readouterr().out


def test_the_seed_numbers(nb, capsys):
    """The figures the notebook prints: 0.2850931567761624 with the mistakes (the original text: 0.285093156781), 1.19e-7
    with the repair at the default epsilon (just above the 1e-7 threshold: rounding), 8.3e-9 at epsilon = 1e-6."""
    X, Y, parameters = c2w1c.gradient_check_n_test_case()
    _, cache = nb["forward_propagation_n"](X, Y, parameters)
    assert nb["gradient_check_n"](parameters, nb["backward_propagation_n"](X, Y, cache), X, Y) == pytest.approx(
        0.285093156781, rel=1e-9)
    fixed = nb["backward_propagation_n_fixed"](X, Y, cache)
    assert 1e-7 < nb["gradient_check_n"](parameters, fixed, X, Y) < 1.3e-7
    assert 5e-9 < nb["gradient_check_n"](parameters, fixed, X, Y, epsilon=1e-6) < 1.2e-8
    assert nb["gradient_check"](2, 4) == pytest.approx(2.91933588329e-10, rel=1e-9)
    capsys.readouterr()


@pytest.mark.parametrize("seed, m", [(None, 3), (7, 5), (8, 2)])
def test_the_checks_reference_network_is_the_notebooks(nb, seed, m):
    """The probe's forward pass and the hidden inputs' gradients (dlchecks.c2w1c) give the very same numbers."""
    X, Y, parameters = c2w1c.gradient_check_n_test_case() if seed is None else _problem(seed, m)
    cost, cache = nb["forward_propagation_n"](X, Y, parameters)
    reference_cost, reference_cache = c2w1c.network_cost(X, Y, parameters)
    assert cost == reference_cost and all(np.array_equal(a, b) for a, b in zip(cache, reference_cache, strict=True))
    for planted_bugs, given in ((True, "backward_propagation_n"), (False, "backward_propagation_n_fixed")):
        expected = nb[given](X, Y, cache)
        got = c2w1c.network_gradients(X, Y, parameters, planted_bugs=planted_bugs)
        assert all(np.array_equal(got[k], expected[k]) for k in got), given
