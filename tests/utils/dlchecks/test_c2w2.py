"""The C2W2 checks (dlchecks.c2w2): typical mistakes fail in plain words and the hidden
cases catch what the public ones cannot (the solutions and expected.json: test_expected.py)."""

import math

import numpy as np
import pytest

from dlchecks import c2w2
from dlchecks.core import NONE_HINT, CheckFailed

ID = "C2W2_Optimization_Methods"


def _layers(parameters):
    return [str(l) for l in range(1, len(parameters) // 2 + 1)]


# ------------------------------------------------------------------ wrong functions, written as students write them
def _gd(sign=1.0, layers=None):
    def update(parameters, grads, learning_rate):
        for l in layers or _layers(parameters):
            parameters["W" + l] = parameters["W" + l] - sign * learning_rate * grads["dW" + l]
            parameters["b" + l] = parameters["b" + l] - sign * learning_rate * grads["db" + l]
        return parameters

    return update


def _mini_batches(*, last=True, always_last=False, rows=False, same_permutation=True, shuffled_y=True):
    def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
        np.random.seed(seed)
        m = X.shape[1]
        permutation = list(np.random.permutation(m))
        shuffled_X = X[:, permutation]
        other = permutation if same_permutation else list(np.random.permutation(m))
        shuffled_Y = Y[:, other].reshape((1, m)) if shuffled_y else Y
        batches = []
        complete = math.floor(m / mini_batch_size)
        for k in range(complete):
            columns = slice(k * mini_batch_size, (k + 1) * mini_batch_size)
            batch_X = shuffled_X[columns] if rows else shuffled_X[:, columns]
            batches.append((batch_X, shuffled_Y[:, columns]))
        if last and (always_last or m % mini_batch_size != 0):
            batches.append((shuffled_X[:, complete * mini_batch_size:], shuffled_Y[:, complete * mini_batch_size:]))
        return batches

    return random_mini_batches


def _momentum(*, weight=True, step_along="v", keep_velocity=True):
    def update(parameters, grads, v, beta, learning_rate):
        for l in _layers(parameters):
            for name in ("W" + l, "b" + l):
                old = v["d" + name] if keep_velocity else 0
                v["d" + name] = beta * old + ((1 - beta) if weight else 1) * grads["d" + name]
                direction = v["d" + name] if step_along == "v" else grads["d" + name]
                parameters[name] = parameters[name] - learning_rate * direction
        return parameters, v

    return update


def _adam(*, correct=True, step_offset=0, epsilon_inside=False, square=True, keep_averages=True):
    def update(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
        t_used = t + step_offset
        for l in _layers(parameters):
            for name in ("W" + l, "b" + l):
                g = grads["d" + name]
                v["d" + name] = beta1 * (v["d" + name] if keep_averages else 0) + (1 - beta1) * g
                s["d" + name] = beta2 * (s["d" + name] if keep_averages else 0) + (1 - beta2) * (g * g if square else g)
                v_hat = v["d" + name] / (1 - beta1 ** t_used) if correct else v["d" + name]
                s_hat = s["d" + name] / (1 - beta2 ** t_used) if correct else s["d" + name]
                root = np.sqrt(s_hat + epsilon) if epsilon_inside else np.sqrt(s_hat) + epsilon
                parameters[name] = parameters[name] - learning_rate * v_hat / root
        return parameters, v, s

    return update


def _model(nb, *, adam_step=1, seed_step=1, fixed_beta=None):
    """The model loop with one thing changed: how t grows, how the seed grows, or a beta that ignores the argument."""

    def model(X, Y, layers_dims, optimizer, learning_rate=0.0007, mini_batch_size=64, beta=0.9, beta1=0.9, beta2=0.999,
              epsilon=1e-8, num_epochs=10000, print_cost=True):
        beta = beta if fixed_beta is None else fixed_beta
        parameters, t, seed = nb["initialize_parameters"](layers_dims), 0, 10
        if optimizer == "momentum":
            v = nb["initialize_velocity"](parameters)
        elif optimizer == "adam":
            v, s = nb["initialize_adam"](parameters)
        for _ in range(num_epochs):
            seed += seed_step
            for batch_X, batch_Y in nb["random_mini_batches"](X, Y, mini_batch_size, seed):
                a3, caches = nb["forward_propagation"](batch_X, parameters)
                grads = nb["backward_propagation"](batch_X, batch_Y, caches)
                if optimizer == "gd":
                    parameters = nb["update_parameters_with_gd"](parameters, grads, learning_rate)
                elif optimizer == "momentum":
                    parameters, v = nb["update_parameters_with_momentum"](parameters, grads, v, beta, learning_rate)
                else:
                    t += adam_step
                    parameters, v, s = nb["update_parameters_with_adam"](parameters, grads, v, s, t, learning_rate, beta1,
                                                                         beta2, epsilon)
        return parameters

    return model


# ------------------------------------------------------------------ the solutions, and what only hidden tests catch
def test_the_solutions_pass_and_a_wrong_model_variant_can_fail(nb, capsys):
    c2w2.check_model(_model(nb))  # the loop above is right when nothing is changed
    assert "model: all public tests passed" in capsys.readouterr().out


def test_hidden_tests_catch_what_the_public_test_cannot(nb, run_hidden):
    """Wrong functions that pass the public test (its inputs are fixed) fail the grader's hidden cases."""
    cheats = {
        "update_parameters_with_gd": _gd(layers=["1", "2"]),  # two layers, always
        "random_mini_batches": _mini_batches(always_last=True),  # an empty last mini-batch when m is a multiple
        "update_parameters_with_momentum": _momentum(keep_velocity=False),  # the public velocity is zeros
        "update_parameters_with_adam": _adam(keep_averages=False),  # the public v and s are zeros
        "model": _model(nb, fixed_beta=0.9),  # the public test uses the default beta
    }
    for name, cheat in cheats.items():
        getattr(c2w2, f"check_{name}")(cheat)  # the public test cannot tell
        with pytest.raises(CheckFailed, match="a hidden test"):
            run_hidden(ID, name, cheat)


def test_hidden_model_test_runs_the_references_not_the_students_functions(nb, run_hidden):
    """With the stand-ins, a right model() passes the hidden tests even when the functions it calls are wrong."""
    run_hidden(ID, "model", nb["model"], expanded=True, update_parameters_with_adam=_adam(correct=False),
               random_mini_batches=_mini_batches(last=False))
    with pytest.raises(CheckFailed):  # without them (the source notebook as it is), the wrong ones show
        run_hidden(ID, "model", nb["model"], update_parameters_with_adam=_adam(correct=False))


# ------------------------------------------------------------------ update_parameters_with_gd
def test_gd_wrong_sign_fails_with_the_rule(fails):
    fails(c2w2.check_update_parameters_with_gd, _gd(sign=-1.0), 'parameters["W1"]: wrong values', "W - learning_rate * dW")


def test_gd_updating_the_first_layer_only_is_pointed_out(fails):
    fails(c2w2.check_update_parameters_with_gd, _gd(layers=["1"]), "W2, b2 did not change", "l + 1 = 1, ..., L")


def test_gd_stub_gets_the_none_hint(fails):
    fails(c2w2.check_update_parameters_with_gd, lambda p, g, lr: {k: None for k in p}, 'parameters["W1"]: got None',
          NONE_HINT)


# ------------------------------------------------------------------ random_mini_batches
def test_forgetting_the_last_mini_batch_is_pointed_out(fails):
    fails(c2w2.check_random_mini_batches, _mini_batches(last=False), "number of mini-batches: expected 3, got 2",
          "a last one with the 20 examples left over")


def test_slicing_rows_instead_of_columns_is_pointed_out(fails):
    fails(c2w2.check_random_mini_batches, _mini_batches(rows=True), "shapes: expected", "slice the columns")


def test_labels_shuffled_with_another_permutation_fail(fails):
    message = fails(c2w2.check_random_mini_batches, _mini_batches(same_permutation=False), "mini_batches[0][1]: wrong values",
                    "the same columns for both")
    assert "the label of column j is j" in message


def test_labels_not_shuffled_fail(fails):
    fails(c2w2.check_random_mini_batches, _mini_batches(shuffled_y=False), "mini_batches[0][1]: wrong values")


def test_unshuffled_examples_fail(fails):
    def unshuffled(X, Y, mini_batch_size=64, seed=0):
        return [(X[:, k:k + mini_batch_size], Y[:, k:k + mini_batch_size]) for k in range(0, X.shape[1], mini_batch_size)]

    fails(c2w2.check_random_mini_batches, unshuffled, "mini_batches[0][0][0][0:3]: wrong values", "shuffled_X")


def test_mini_batches_as_dictionaries_are_pointed_out(nb, fails):
    def as_dicts(X, Y, mini_batch_size=64, seed=0):
        return [{"X": x, "Y": y} for x, y in nb["random_mini_batches"](X, Y, mini_batch_size, seed)]

    fails(c2w2.check_random_mini_batches, as_dicts, "mini_batches[0]: expected a tuple (mini_batch_X, mini_batch_Y)")


def test_mini_batch_stub_gets_the_none_hint(fails):
    fails(c2w2.check_random_mini_batches, lambda X, Y, mini_batch_size=64, seed=0: [(None, None)] * 3, "got None", NONE_HINT)


# ------------------------------------------------------------------ initialize_velocity / initialize_adam
def test_velocity_under_the_parameters_names_is_pointed_out(fails):
    fails(c2w2.check_initialize_velocity, lambda p: {k: np.zeros(v.shape) for k, v in p.items()}, "missing keys ['dW1'",
          '"dW" + str(l + 1)')


def test_velocity_of_the_wrong_shape_fails(fails):
    fails(c2w2.check_initialize_velocity, lambda p: {"d" + k: np.zeros(v.shape[::-1]) for k, v in p.items()},
          'v["dW1"]: wrong shape: expected (2, 3), got (3, 2)')


def test_adam_initialised_as_one_dictionary_is_pointed_out(nb, fails):
    fails(c2w2.check_initialize_adam, nb["initialize_velocity"], "expected a tuple (v, s)")


def test_adam_averages_of_ones_fail(fails):
    fails(c2w2.check_initialize_adam, lambda p: ({"d" + k: np.zeros(v.shape) for k, v in p.items()},
                                                  {"d" + k: np.ones(v.shape) for k, v in p.items()}),
          's["dW1"]: wrong values', "array of zeros")


# ------------------------------------------------------------------ update_parameters_with_momentum
def test_momentum_without_one_minus_beta_is_pointed_out(fails):
    fails(c2w2.check_update_parameters_with_momentum, _momentum(weight=False), "(1 - beta)")


def test_momentum_stepping_along_the_gradient_fails(fails):
    fails(c2w2.check_update_parameters_with_momentum, _momentum(step_along="grads"), 'parameters["W1"]: wrong values',
          "a step along the new velocity")


def test_momentum_returning_parameters_only_is_pointed_out(nb, fails):
    fails(c2w2.check_update_parameters_with_momentum, lambda p, g, v, beta, lr: nb["update_parameters_with_momentum"](
        p, g, v, beta, lr)[0], "expected a tuple (parameters, v)")


# ------------------------------------------------------------------ update_parameters_with_adam
def test_adam_without_bias_correction_fails_with_the_hint(fails):
    fails(c2w2.check_update_parameters_with_adam, _adam(correct=False), 'parameters["W1"]: wrong values',
          "bias corrections", "1 - beta1 ** t")


def test_adam_with_t_minus_one_fails_with_the_hint(fails):
    fails(c2w2.check_update_parameters_with_adam, _adam(step_offset=-1), 'parameters["W1"]: wrong values', "not t - 1")


def test_adam_with_epsilon_under_the_square_root_fails_on_the_second_case(fails):
    message = fails(c2w2.check_update_parameters_with_adam, _adam(epsilon_inside=True), 'parameters["W1"]: wrong values',
                    "epsilon outside the square root")
    assert "epsilon = 0.1" in message  # the first case (epsilon = 1e-8) cannot tell


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # square roots of negatives, divisions by 0
def test_adam_without_the_square_fails_at_s(fails):
    fails(c2w2.check_update_parameters_with_adam, _adam(square=False), 's["dW1"]: wrong values', "squared gradients")


def test_adam_stub_gets_the_none_hint(fails):
    def blank(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
        return {k: None for k in parameters}, {k: None for k in v}, {k: None for k in s}

    fails(c2w2.check_update_parameters_with_adam, blank, "got None", NONE_HINT)


# ------------------------------------------------------------------ model
@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # square roots of negatives, divisions by 0
def test_model_without_counting_adam_steps_fails(nb, fails):
    fails(c2w2.check_model, _model(nb, adam_step=0), "optimizer = 'adam'", "t grows by one")


def test_model_with_the_same_shuffle_every_epoch_fails(nb, fails):
    fails(c2w2.check_model, _model(nb, seed_step=0), "optimizer = 'gd'", "which grows by one every epoch")


def test_model_stub_gets_the_none_hint(fails):
    def blank(X, Y, layers_dims, optimizer, **options):
        minibatches = None
        for _ in minibatches:
            pass

    fails(c2w2.check_model, blank, "model raised TypeError", NONE_HINT)


def test_model_rejects_an_unknown_optimizer(nb):
    with pytest.raises(ValueError, match="optimizer must be"):
        nb["model"](np.zeros((2, 3)), np.zeros((1, 3)), [2, 2, 2, 1], "sgd")
