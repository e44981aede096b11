"""Every backward function of the source notebooks' solutions agrees with a centred-difference gradient."""

import numpy as np

BASICS = "C1W1_Python_Basics"
LOGISTIC = "C1W2_Logistic_Regression"
PLANAR = "C1W3_Planar_Data_Classification"
STEP_BY_STEP = "C1W4A_Deep_Neural_Network_Step_by_Step"


def test_basics_sigmoid_derivative(solutions, numgrad, relerr):
    nb = solutions(BASICS)
    x = np.array([-2.0, 0.3, 1.5])
    for i in range(3):
        numeric = numgrad(lambda i=i: nb["sigmoid"](x)[i], x)
        assert relerr(nb["sigmoid_derivative"](x)[i], numeric[i]) < 1e-7


def test_logistic_propagate(solutions, numgrad, relerr):
    nb = solutions(LOGISTIC)
    rng = np.random.RandomState(4)
    w, b = rng.randn(3, 1), np.array([[0.4]])
    X, Y = rng.randn(3, 8), (rng.rand(1, 8) > 0.5).astype(float)
    grads, _ = nb["propagate"](w, b, X, Y)
    assert relerr(grads["dw"], numgrad(lambda: nb["propagate"](w, b, X, Y)[1], w)) < 1e-7
    assert relerr(grads["db"], numgrad(lambda: nb["propagate"](w, b, X, Y)[1], b)) < 1e-7


def test_planar_backward_propagation(solutions, numgrad, relerr):
    nb = solutions(PLANAR)
    rng = np.random.RandomState(0)
    X = rng.randn(2, 7)
    Y = (rng.rand(1, 7) > 0.5).astype(float)
    params = {"W1": rng.randn(4, 2), "b1": rng.randn(4, 1), "W2": rng.randn(1, 4), "b2": rng.randn(1, 1)}
    _, cache = nb["forward_propagation"](X, params)
    grads = nb["backward_propagation"](params, cache, X, Y)
    for name, value in params.items():
        numeric = numgrad(lambda: nb["compute_cost"](nb["forward_propagation"](X, params)[0], Y, params), value)
        assert relerr(grads["d" + name], numeric) < 1e-7, name


def test_step_by_step_linear_backward(solutions, numgrad, relerr):
    nb = solutions(STEP_BY_STEP)
    rng = np.random.RandomState(1)
    A_prev, W, b, dZ = rng.randn(3, 5), rng.randn(2, 3), rng.randn(2, 1), rng.randn(2, 5)
    dA_prev, dW, db = nb["linear_backward"](dZ, (A_prev, W, b))

    def loss():
        return np.sum(dZ * nb["linear_forward"](A_prev, W, b)[0])

    m = A_prev.shape[1]  # dW and db are averaged over the examples
    assert relerr(dW, numgrad(loss, W) / m) < 1e-7
    assert relerr(db, numgrad(loss, b) / m) < 1e-7
    assert relerr(dA_prev, numgrad(loss, A_prev)) < 1e-7


def test_step_by_step_linear_activation_backward(solutions, numgrad, relerr):
    nb = solutions(STEP_BY_STEP)
    rng = np.random.RandomState(2)
    A_prev, W, b, dA = rng.randn(3, 4), rng.randn(2, 3), rng.randn(2, 1), rng.randn(2, 4)
    for activation in ("relu", "sigmoid"):
        _, cache = nb["linear_activation_forward"](A_prev, W, b, activation)
        dA_prev, dW, _ = nb["linear_activation_backward"](dA, cache, activation)

        def loss(activation=activation):
            return np.sum(dA * nb["linear_activation_forward"](A_prev, W, b, activation)[0])

        assert relerr(dW, numgrad(loss, W) / A_prev.shape[1]) < 1e-7, activation
        assert relerr(dA_prev, numgrad(loss, A_prev)) < 1e-7, activation


def test_step_by_step_L_model_backward(solutions, numgrad, relerr):
    nb = solutions(STEP_BY_STEP)
    rng = np.random.RandomState(3)
    X = rng.randn(4, 6)
    Y = (rng.rand(1, 6) > 0.5).astype(float)
    params = {}
    for layer, (rows, cols) in enumerate([(5, 4), (3, 5), (2, 3), (1, 2)], start=1):
        params[f"W{layer}"] = rng.randn(rows, cols)
        params[f"b{layer}"] = rng.randn(rows, 1)
    AL, caches = nb["L_model_forward"](X, params)
    grads = nb["L_model_backward"](AL, Y, caches)
    for name, value in params.items():
        numeric = numgrad(lambda: nb["compute_cost"](nb["L_model_forward"](X, params)[0], Y), value)
        assert relerr(grads["d" + name], numeric) < 1e-7, name
    # dA0 is the gradient with respect to the input X
    numeric_x = numgrad(lambda: nb["compute_cost"](nb["L_model_forward"](X, params)[0], Y), X)
    assert relerr(grads["dA0"], numeric_x * X.shape[1]) < 1e-7


def test_trained_planar_network_reaches_the_seed_accuracy(solutions):
    nb = solutions(PLANAR)
    X, Y = nb["load_planar_dataset"]()
    parameters = nb["nn_model"](X, Y, n_h=4, num_iterations=10000)
    assert abs(float(np.mean(nb["predict"](parameters, X) == Y)) - 0.90) < 0.01
