"""C2W3's solutions against independent oracles: numpy formulas (sigmoid, cross-entropies, one-hot, the network's forward
and backward pass, Keras' Adam step written out), Keras layers and losses with the same weights, and the Glorot formula
for the initial weights; create_placeholders' specs used as a real input signature."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from tf_utils import random_mini_batches

ID = "C2W3_TensorFlow_Introduction"
NAMES = ("W1", "b1", "W2", "b2", "W3", "b3")


@pytest.fixture(scope="module")
def nb(solutions):
    return solutions(ID)


def _parameters(sizes, seed):
    rng = np.random.RandomState(seed)
    out = {}
    for layer in (1, 2, 3):
        out[f"W{layer}"] = rng.randn(sizes[layer], sizes[layer - 1])
        out[f"b{layer}"] = rng.randn(sizes[layer], 1)
    return out


def _variables(parameters):
    return {name: tf.Variable(value.astype(np.float32), name=name) for name, value in parameters.items()}


def _numpy_forward(X, p):
    """Z1, A1, Z2, A2, Z3 of LINEAR -> RELU -> LINEAR -> RELU -> LINEAR, in float64."""
    Z1 = p["W1"] @ X + p["b1"]
    A1 = np.maximum(Z1, 0)
    Z2 = p["W2"] @ A1 + p["b2"]
    A2 = np.maximum(Z2, 0)
    Z3 = p["W3"] @ A2 + p["b3"]
    return Z1, A1, Z2, A2, Z3


def _softmax_cost(Z3, Y):
    shifted = Z3 - Z3.max(axis=0, keepdims=True)
    log_softmax = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))
    return -np.mean(np.sum(Y * log_softmax, axis=0)), np.exp(log_softmax)


def _numpy_gradients(X, Y, p):
    """Gradients of the mean softmax cross-entropy of the 3-layer network, by hand (backpropagation)."""
    Z1, A1, Z2, A2, Z3 = _numpy_forward(X, p)
    _, probabilities = _softmax_cost(Z3, Y)
    m = X.shape[1]
    dZ3 = (probabilities - Y) / m
    grads = {"W3": dZ3 @ A2.T, "b3": dZ3.sum(axis=1, keepdims=True)}
    dZ2 = (p["W3"].T @ dZ3) * (Z2 > 0)
    grads.update({"W2": dZ2 @ A1.T, "b2": dZ2.sum(axis=1, keepdims=True)})
    dZ1 = (p["W2"].T @ dZ2) * (Z1 > 0)
    grads.update({"W1": dZ1 @ X.T, "b1": dZ1.sum(axis=1, keepdims=True)})
    return grads


# ------------------------------------------------------------------ section 2
def test_linear_function_is_numpys_product(nb):
    np.random.seed(1)
    X, W, b = np.random.randn(3, 1), np.random.randn(4, 3), np.random.randn(4, 1)
    Y = nb["linear_function"]()
    assert Y.dtype == tf.float64
    np.testing.assert_allclose(Y.numpy(), W @ X + b, rtol=1e-14)


@pytest.mark.parametrize("z", [0, 12, -3.5, [0.5, -2.0], np.linspace(-8, 8, 12).reshape(3, 4)])
def test_sigmoid_is_the_formula(nb, z):
    got = nb["sigmoid"](z)
    assert got.dtype == tf.float32 and got.shape == np.shape(z)
    np.testing.assert_allclose(got.numpy(), 1 / (1 + np.exp(-np.asarray(z, dtype=float))), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("shape", [(4,), (3, 5)])
def test_cost_is_the_cross_entropy_of_each_example(nb, shape):
    rng = np.random.RandomState(sum(shape))
    z, y = 3 * rng.randn(*shape), (rng.rand(*shape) < 0.5).astype(float)
    a = 1 / (1 + np.exp(-z))
    want = -(y * np.log(a) + (1 - y) * np.log(1 - a))
    np.testing.assert_allclose(nb["cost"](z, y).numpy(), want, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("C, m", [(4, 6), (6, 30), (2, 1)])
def test_one_hot_matrix_is_the_identitys_columns(nb, C, m):
    labels = np.random.RandomState(C + m).randint(0, C, m)
    np.testing.assert_array_equal(nb["one_hot_matrix"](labels, C).numpy(), np.eye(C)[labels].T)


@pytest.mark.parametrize("shape", [[3], (2, 3), (1, 4, 2)])
def test_ones_are_numpys_ones(nb, shape):
    got = nb["ones"](shape)
    assert got.dtype == tf.float32
    np.testing.assert_array_equal(got.numpy(), np.ones(shape))


# ------------------------------------------------------------------ section 3
def test_placeholders_make_one_graph_for_any_number_of_examples(nb):
    X, Y = nb["create_placeholders"](5, 3)
    W = tf.constant(np.random.RandomState(0).randn(3, 5).astype(np.float32))

    @tf.function(input_signature=[X, Y])
    def error(X, Y):
        return tf.reduce_sum((W @ X - Y) ** 2, axis=0)

    for m in (1, 7, 32):
        rng = np.random.RandomState(m)
        x, y = rng.randn(5, m), rng.randn(3, m)  # float64: converted to the signature's float32
        np.testing.assert_allclose(error(x, y).numpy(), np.sum((W.numpy() @ x - y) ** 2, axis=0), rtol=1e-4)
    assert error.experimental_get_tracing_count() == 1
    inputs = error.get_concrete_function().structured_input_signature[0]
    assert [(tuple(spec.shape.as_list()), spec.dtype) for spec in inputs] == [((5, None), tf.float32),
                                                                               ((3, None), tf.float32)]


def test_initial_weights_follow_the_glorot_formula(nb):
    parameters = nb["initialize_parameters"]()
    assert list(parameters) == list(NAMES)
    for layer in (1, 2, 3):
        W, b = parameters[f"W{layer}"], parameters[f"b{layer}"]
        assert isinstance(W, tf.Variable) and W.trainable and W.dtype == tf.float32
        fan_out, fan_in = W.shape
        limit = np.sqrt(6 / (fan_in + fan_out))
        uniform = keras.initializers.RandomUniform(-limit, limit, seed=1)(W.shape).numpy()
        np.testing.assert_array_equal(W.numpy(), uniform)
        assert np.abs(W.numpy()).max() <= limit
        np.testing.assert_array_equal(b.numpy(), np.zeros((fan_out, 1)))
    W1 = parameters["W1"].numpy()  # 307200 draws: the moments of a uniform distribution on [-limit, limit]
    limit = np.sqrt(6 / (25 + 12288))
    assert abs(W1.mean()) < 0.01 * limit and abs(W1.std() - limit / np.sqrt(3)) < 0.01 * limit


@pytest.mark.parametrize("sizes, m", [([5, 4, 3, 6], 3), ([12288, 25, 12, 6], 4), ([3, 7, 2, 4], 1)])
def test_forward_propagation_matches_numpy_and_keras_dense_layers(nb, sizes, m):
    p = _parameters(sizes, seed=m)
    X = np.random.RandomState(sizes[0] + m).rand(sizes[0], m)
    Z3 = nb["forward_propagation"](tf.constant(X, dtype=tf.float32), _variables(p)).numpy()
    np.testing.assert_allclose(Z3, _numpy_forward(X, p)[-1], rtol=1e-4, atol=1e-4)
    dense = keras.Sequential([keras.Input((sizes[0],))] + [
        keras.layers.Dense(n, activation="relu" if layer < 3 else None) for layer, n in enumerate(sizes[1:], 1)])
    for layer, weights in zip(dense.layers, ((p["W1"], p["b1"]), (p["W2"], p["b2"]), (p["W3"], p["b3"])), strict=True):
        layer.set_weights([weights[0].T, weights[1].ravel()])  # Keras: examples in rows, so the kernel is W.T
    np.testing.assert_allclose(Z3.T, dense(X.T.astype(np.float32)).numpy(), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("C, m", [(6, 4), (3, 9), (6, 1)])
def test_compute_cost_matches_numpy_and_keras(nb, C, m):
    rng = np.random.RandomState(10 * C + m)
    Z3, labels = 2 * rng.randn(C, m), rng.randint(0, C, m)
    Y = np.eye(C)[labels].T
    got = nb["compute_cost"](tf.constant(Z3, dtype=tf.float32), tf.constant(Y, dtype=tf.float32))
    assert got.shape == ()
    np.testing.assert_allclose(float(got), _softmax_cost(Z3, Y)[0], rtol=1e-5)
    keras_cost = keras.losses.CategoricalCrossentropy(from_logits=True)(Y.T, Z3.T)
    np.testing.assert_allclose(float(got), float(keras_cost), rtol=1e-5)


def test_the_tapes_gradients_are_backpropagation_by_hand(nb):
    p = _parameters([6, 5, 4, 3], seed=3)
    rng = np.random.RandomState(4)
    X, Y = rng.randn(6, 7), np.eye(3)[rng.randint(0, 3, 7)].T
    variables = _variables(p)
    with tf.GradientTape() as tape:
        cost = nb["compute_cost"](nb["forward_propagation"](tf.constant(X, dtype=tf.float32), variables),
                                  tf.constant(Y, dtype=tf.float32))
    grads = tape.gradient(cost, [variables[n] for n in NAMES])
    want = _numpy_gradients(X, Y, p)
    for name, grad in zip(NAMES, grads, strict=True):
        np.testing.assert_allclose(grad.numpy(), want[name], rtol=1e-4, atol=1e-6, err_msg=name)


def test_model_is_adam_on_the_seeded_mini_batches(nb):
    """Two epochs of two mini-batches, replayed in numpy: the mini-batches of seeds 4 and 5 (the seed grows by one
    before each epoch), gradients by hand, and Keras' Adam update written out (epsilon 1e-7)."""
    rng = np.random.RandomState(8)
    X, Y = rng.rand(12288, 8).astype(np.float32), np.eye(6, dtype=np.float32)[rng.randint(0, 6, 8)].T
    learning_rate, beta1, beta2, epsilon = 0.01, 0.9, 0.999, 1e-7
    trained = nb["model"](X, Y, X, Y, learning_rate=learning_rate, num_epochs=2, minibatch_size=4, print_cost=False)

    p = {name: value.numpy().astype(np.float64) for name, value in nb["initialize_parameters"]().items()}
    moments = {name: (np.zeros_like(value), np.zeros_like(value)) for name, value in p.items()}
    step = 0
    for seed in (4, 5):
        for batch_X, batch_Y in random_mini_batches(X.astype(np.float64), Y.astype(np.float64), 4, seed):
            step += 1
            grads = _numpy_gradients(batch_X, batch_Y, p)
            alpha = learning_rate * np.sqrt(1 - beta2**step) / (1 - beta1**step)
            for name in NAMES:
                m, v = moments[name]
                m = beta1 * m + (1 - beta1) * grads[name]
                v = beta2 * v + (1 - beta2) * grads[name] ** 2
                moments[name] = (m, v)
                p[name] = p[name] - alpha * m / (np.sqrt(v) + epsilon)
    assert step == 4
    # Adam divides each gradient by its own size, so where a gradient is nearly zero (a sum that cancels) float32's
    # round-off moves the step by a small share of the learning rate; everywhere else the two agree closely
    for name in NAMES:
        got = trained[name].numpy()
        np.testing.assert_allclose(got, p[name], rtol=0, atol=learning_rate / 50, err_msg=name)
        assert np.mean(np.isclose(got, p[name], rtol=1e-4, atol=1e-6)) > 0.999, name
