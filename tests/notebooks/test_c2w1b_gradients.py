"""C2W1B's backward functions (the source notebook's solutions) agree with centred-difference gradients of their costs."""

import numpy as np

REGULARIZATION = "C2W1B_Regularization"


def _problem(seed, sizes=(3, 5, 4, 1), m=8):
    rng = np.random.RandomState(seed)
    X = rng.randn(sizes[0], m)
    Y = (rng.rand(1, m) > 0.5).astype(float)
    parameters = {}
    for layer in range(1, len(sizes)):
        parameters[f"W{layer}"] = rng.randn(sizes[layer], sizes[layer - 1])
        parameters[f"b{layer}"] = rng.randn(sizes[layer], 1) * 0.5
    return X, Y, parameters


def test_backward_with_regularization_is_the_gradient_of_the_l2_cost(solutions, numgrad, relerr):
    nb = solutions(REGULARIZATION)
    X, Y, parameters = _problem(5)
    for lambd in (0.7, 3.0):
        grads = nb["backward_propagation_with_regularization"](X, Y, nb["forward_propagation"](X, parameters)[1], lambd)

        def cost(lambd=lambd):
            return nb["compute_cost_with_regularization"](nb["forward_propagation"](X, parameters)[0], Y, parameters,
                                                          lambd)

        for name, value in parameters.items():
            assert relerr(grads["d" + name], numgrad(cost, value)) < 1e-7, (name, lambd)


def test_backward_with_dropout_is_the_gradient_of_the_cost_with_fixed_masks(solutions, numgrad, relerr):
    """forward_propagation_with_dropout seeds the generator itself, so every call draws the same masks: the cost of
    the masked network is then a plain function of the parameters, whose gradient backward propagation must give."""
    nb = solutions(REGULARIZATION)
    X, Y, parameters = _problem(6, m=10)
    for keep_prob in (0.8, 0.6):
        _, cache = nb["forward_propagation_with_dropout"](X, parameters, keep_prob)
        D1, D2 = cache[1], cache[6]
        assert 0 < D1.mean() < 1 and 0 < D2.mean() < 1  # some units are switched off, not all
        grads = nb["backward_propagation_with_dropout"](X, Y, cache, keep_prob)

        def cost(keep_prob=keep_prob, D1=D1, D2=D2):
            A3, again = nb["forward_propagation_with_dropout"](X, parameters, keep_prob)
            assert np.array_equal(again[1], D1) and np.array_equal(again[6], D2)  # the same masks
            return nb["compute_cost"](A3, Y)

        for name, value in parameters.items():
            assert relerr(grads["d" + name], numgrad(cost, value)) < 1e-7, (name, keep_prob)


def test_dropout_gradients_vanish_for_switched_off_units(solutions):
    nb = solutions(REGULARIZATION)
    X, Y, parameters = _problem(7, m=12)
    _, cache = nb["forward_propagation_with_dropout"](X, parameters, 0.7)
    grads = nb["backward_propagation_with_dropout"](X, Y, cache, 0.7)
    assert not grads["dA1"][~cache[1]].any() and not grads["dA2"][~cache[6]].any()
    assert not grads["dZ1"][~cache[1]].any() and not grads["dZ2"][~cache[6]].any()
