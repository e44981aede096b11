"""C4W1B's solutions against independent oracles: Keras layers with the same weights for the forward pass (several
picture sizes and shapes), numpy's log-softmax and Keras' loss for the cost, Glorot's rule for the initial values, and
Keras' own training loop (`train_on_batch` with Adam on the same mini-batches) for the whole of `model`."""

import contextlib
import io
import re

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest
import tensorflow as tf
from cnn_utils import random_mini_batches

from dlchecks.c4w1b import toy_signs

ID = "C4W1B_Convolution_Application"


@pytest.fixture(scope="module")
def nb(solutions):
    return solutions(ID)


def _keras_network(parameters: dict, input_shape: tuple) -> keras.Model:
    """The course's architecture in Keras layers, holding the given weights."""
    W1, W2, W3, b3 = (np.asarray(parameters[name]) for name in ("W1", "W2", "W3", "b3"))
    network = keras.Sequential([
        keras.Input(input_shape),
        keras.layers.Conv2D(W1.shape[3], W1.shape[:2], padding="same", use_bias=False),
        keras.layers.ReLU(),
        keras.layers.MaxPooling2D(8, 8, padding="same"),
        keras.layers.Conv2D(W2.shape[3], W2.shape[:2], padding="same", use_bias=False),
        keras.layers.ReLU(),
        keras.layers.MaxPooling2D(4, 4, padding="same"),
        keras.layers.Flatten(),
        keras.layers.Dense(W3.shape[1]),
    ])
    network.layers[0].set_weights([W1])
    network.layers[3].set_weights([W2])
    network.layers[7].set_weights([W3, b3])
    return network


def _random_parameters(rng, W1, W2, n_flat, n_y):
    return {"W1": 0.3 * rng.randn(*W1), "W2": 0.3 * rng.randn(*W2), "W3": 0.3 * rng.randn(n_flat, n_y),
            "b3": 0.5 * rng.randn(n_y)}


# (batch shape, W1 shape, W2 shape, flattened size, number of classes)
FORWARD_CASES = [
    ((2, 64, 64, 3), (4, 4, 3, 8), (2, 2, 8, 16), 64, 6),
    ((3, 32, 32, 3), (4, 4, 3, 8), (2, 2, 8, 16), 16, 6),
    ((1, 40, 24, 3), (4, 4, 3, 8), (2, 2, 8, 16), 32, 6),
    ((2, 20, 20, 1), (3, 3, 1, 4), (2, 2, 4, 5), 5, 3),
    ((4, 9, 70, 2), (5, 5, 2, 3), (3, 3, 3, 2), 6, 4),  # 9x70 -> 2x9 -> 1x3 (odd filters pad unevenly)
]


@pytest.mark.parametrize("shape, W1, W2, n_flat, n_y", FORWARD_CASES)
def test_forward_propagation_matches_keras_layers(nb, shape, W1, W2, n_flat, n_y):
    rng = np.random.RandomState(sum(shape) + n_flat)
    X = rng.randn(*shape).astype(np.float32)
    parameters = _random_parameters(rng, W1, W2, n_flat, n_y)
    variables = {name: tf.Variable(value.astype(np.float32)) for name, value in parameters.items()}
    Z3 = nb["forward_propagation"](tf.constant(X), variables)
    want = _keras_network(parameters, shape[1:])(X).numpy()
    assert isinstance(Z3, tf.Tensor) and Z3.shape == want.shape == (shape[0], n_y)
    np.testing.assert_allclose(Z3.numpy(), want, rtol=1e-5, atol=1e-5)


def test_forward_propagation_compiles_with_the_placeholders(nb):
    """The forward pass, compiled with create_placeholders' X as its signature, serves any batch size with one graph."""
    X, _ = nb["create_placeholders"](64, 64, 3, 6)
    parameters = nb["initialize_parameters"]()
    forward = tf.function(lambda pictures: nb["forward_propagation"](pictures, parameters), input_signature=[X])
    rng = np.random.RandomState(3)
    for m in (1, 7, 64):
        pictures = rng.rand(m, 64, 64, 3)
        np.testing.assert_allclose(forward(pictures).numpy(),
                                   nb["forward_propagation"](tf.constant(pictures, tf.float32), parameters).numpy(),
                                   rtol=1e-5, atol=1e-6)
    assert len(forward._list_all_concrete_functions()) == 1  # traced once


@pytest.mark.parametrize("m, n_y", [(1, 6), (5, 6), (8, 3), (4, 10)])
def test_compute_cost_matches_numpy_and_keras(nb, m, n_y):
    rng = np.random.RandomState(10 * m + n_y)
    Z3 = (3 * rng.randn(m, n_y)).astype(np.float32)
    Y = np.eye(n_y, dtype=np.float32)[rng.randint(n_y, size=m)]
    cost = nb["compute_cost"](tf.constant(Z3), tf.constant(Y))
    shifted = Z3.astype(np.float64) - Z3.max(axis=1, keepdims=True)
    log_softmax = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    assert cost.shape == ()
    np.testing.assert_allclose(cost.numpy(), -(Y * log_softmax).sum(axis=1).mean(), rtol=1e-5)
    keras_cost = keras.losses.CategoricalCrossentropy(from_logits=True)(Y, Z3)
    np.testing.assert_allclose(cost.numpy(), keras_cost.numpy(), rtol=1e-5)


def test_initial_parameters_follow_glorot_and_repeat(nb):
    first, second = nb["initialize_parameters"](), nb["initialize_parameters"]()
    assert sorted(first) == ["W1", "W2", "W3", "b3"]
    for name, (fan_in, fan_out) in {"W1": (48, 128), "W2": (32, 64), "W3": (64, 6)}.items():
        values = first[name].numpy()
        limit = np.sqrt(6 / (fan_in + fan_out))
        assert isinstance(first[name], tf.Variable) and first[name] is not second[name]
        assert np.abs(values).max() <= limit and values.std() == pytest.approx(limit / np.sqrt(3), rel=0.25)
        np.testing.assert_array_equal(values, second[name].numpy())  # seeded: the same values on every call
    np.testing.assert_array_equal(first["b3"].numpy(), np.zeros(6, np.float32))
    # W3 has a seed of its own: its draws are not W1's rescaled (a shared seed gives the same uniform stream)
    unit = {name: first[name].numpy().ravel()[:48] / np.abs(first[name].numpy()).max() for name in ("W1", "W2", "W3")}
    assert np.allclose(unit["W1"], unit["W2"], atol=0.05) and not np.allclose(unit["W1"], unit["W3"], atol=0.05)


def test_model_matches_keras_training_on_the_same_mini_batches(nb):
    """model() = Keras' own Adam steps (train_on_batch) from the same initial weights on the same mini-batches: the
    printed epoch costs (the mean of the mini-batch costs), the trained weights and both accuracies."""
    X, Y = toy_signs(40, (48, 48), 11)
    X_train, Y_train, X_test, Y_test = X[:30], Y[:30], X[30:], Y[30:]
    options = {"learning_rate": 0.01, "num_epochs": 3, "minibatch_size": 8}

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        train_accuracy, test_accuracy, parameters = nb["model"](X_train, Y_train, X_test, Y_test, print_cost=True,
                                                                **options)
    plt.close("all")
    costs = [float(c) for c in re.findall(r"Cost after epoch \d+: ([\d.]+)", printed.getvalue())]

    start = nb["initialize_parameters"]()
    network = _keras_network({name: value.numpy() for name, value in start.items()}, X.shape[1:])
    network.compile(optimizer=keras.optimizers.Adam(options["learning_rate"]),
                    loss=keras.losses.CategoricalCrossentropy(from_logits=True))
    epoch_costs = []
    for epoch in range(options["num_epochs"]):
        batches = random_mini_batches(X_train, Y_train, options["minibatch_size"], 4 + epoch)
        losses = [float(network.train_on_batch(batch_X.astype(np.float32), batch_Y.astype(np.float32)))
                  for batch_X, batch_Y in batches]
        epoch_costs.append(np.mean(losses))

    assert costs == pytest.approx([round(epoch_costs[0], 6)], abs=2e-6)  # only epoch 0 is printed (every 5 epochs)
    weights = network.get_weights()
    for got, want in zip([parameters[n].numpy() for n in ("W1", "W2", "W3", "b3")], weights, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)

    def accuracy(pictures, labels):
        return np.mean(np.argmax(network(pictures.astype(np.float32)).numpy(), axis=1) == np.argmax(labels, axis=1))

    assert train_accuracy == pytest.approx(accuracy(X_train, Y_train), abs=1e-6)
    assert test_accuracy == pytest.approx(accuracy(X_test, Y_test), abs=1e-6)
