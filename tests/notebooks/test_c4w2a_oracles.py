"""C4W2A's HappyModel against an independent oracle: the same network's forward pass written in numpy (float64) from
the formulas, with the weights the probe writes into the model, for several input shapes; and the probe's seeded
weights landing where the numpy pass reads them."""

import numpy as np
import pytest

ID = "C4W2A_Keras_Happy_House"
BN_EPSILON = 1e-3  # Keras's default for BatchNormalization, which the model keeps
SHAPES = [((64, 64, 3), 1, 4), ((32, 32, 3), 7, 3), ((40, 56, 3), 12, 2), ((30, 45, 1), 5, 2)]


@pytest.fixture(scope="module")
def nb(solutions):
    return solutions(ID)


@pytest.fixture(scope="module")
def c4w2a():
    pytest.importorskip("keras")
    from dlchecks import c4w2a

    return c4w2a


def conv3x3(x, kernel, bias):
    """'valid' 3 x 3 convolution, stride 1, of a batch (m, n_H, n_W, n_C) with kernel (3, 3, n_C, n_F)."""
    windows = np.lib.stride_tricks.sliding_window_view(x, (3, 3), axis=(1, 2))  # (m, n_H - 2, n_W - 2, n_C, 3, 3)
    return np.einsum("mhwcij,ijcf->mhwf", windows, kernel) + bias


def max_pool2(x):
    m, h, w, c = x.shape
    h2, w2 = h // 2, w // 2
    return x[:, : 2 * h2, : 2 * w2].reshape(m, h2, 2, w2, 2, c).max(axis=(2, 4))


def numpy_happy_model(x, weights):
    """The three blocks, then flatten and a sigmoid unit; `weights` maps 'conv1' etc. to the layer's numpy arrays."""
    a = x.astype(np.float64)
    for k in (1, 2, 3):
        kernel, bias = weights[f"conv{k}"]
        gamma, beta, mean, variance = weights[f"bn{k}"]
        a = np.pad(a, ((0, 0), (1, 1), (1, 1), (0, 0)))
        z = conv3x3(a, kernel, bias)
        z = gamma * (z - mean) / np.sqrt(variance + BN_EPSILON) + beta
        a = max_pool2(np.maximum(z, 0.0))
    w, b = weights["fc"]
    return 1.0 / (1.0 + np.exp(-(a.reshape(len(a), -1) @ w + b)))


@pytest.mark.parametrize("shape, seed, batch", SHAPES)
def test_happy_model_matches_the_numpy_forward_pass(nb, c4w2a, shape, seed, batch):
    model = nb["HappyModel"](shape)
    c4w2a.set_seeded_weights(model, seed)
    weights = {layer.name: [np.asarray(w, dtype=np.float64) for w in layer.get_weights()] for layer in model.layers}
    x = c4w2a.seeded_pictures(shape, seed, batch)
    got = np.asarray(model(x, training=False))
    want = numpy_happy_model(x, weights)
    assert got.shape == want.shape == (batch, 1)
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6)
    assert np.ptp(want) > 1e-3  # the pictures of the batch are told apart, so a mix-up of examples would show


def test_seeded_weights_follow_the_rule_and_are_reproducible(nb, c4w2a):
    model, again = nb["HappyModel"]((32, 32, 3)), nb["HappyModel"]((32, 32, 3))
    c4w2a.set_seeded_weights(model, 3)
    c4w2a.set_seeded_weights(again, 3)
    for layer, twin in zip(model.layers, again.layers, strict=True):
        for w, v in zip(layer.weights, twin.weights, strict=True):
            np.testing.assert_array_equal(np.asarray(w), np.asarray(v))
    bn = model.get_layer("bn2")
    assert np.all(np.asarray(bn.moving_variance) >= 0.5) and np.all(np.asarray(bn.gamma) >= 0.5)
    kernel = np.asarray(model.get_layer("conv3").kernel)
    assert abs(kernel.std() * np.sqrt(3 * 3 * 16) - 1) < 0.1  # scaled by the fan-in


def test_training_mode_is_not_what_is_compared(nb, c4w2a):
    """The probe calls the model with training=False: batch normalisation then uses the seeded moving statistics, and
    the output of one picture does not depend on the others in the batch."""
    model = nb["HappyModel"]((32, 32, 3))
    c4w2a.set_seeded_weights(model, 4)
    x = c4w2a.seeded_pictures((32, 32, 3), 4, 3)
    np.testing.assert_allclose(np.asarray(model(x, training=False))[:1], np.asarray(model(x[:1], training=False)),
                               rtol=1e-5, atol=1e-6)
