"""C4W1A's solutions against independent oracles: TensorFlow's convolution and pooling for the forward passes (NHWC,
random inputs, several sizes, strides and paddings), and centred differences of the scalar loss sum(dZ * Z) for every
backward function."""

import numpy as np
import pytest

ID = "C4W1A_Convolution_Step_by_Step"

# (input shape, f, number of filters, stride, pad)
CONV_CASES = [
    ((2, 5, 6, 3), 3, 4, 1, 1),
    ((1, 7, 7, 2), 2, 3, 2, 0),
    ((3, 6, 5, 1), 3, 2, 2, 2),
    ((2, 4, 4, 3), 2, 8, 2, 2),
    ((1, 9, 8, 2), 4, 2, 3, 1),
    ((2, 5, 5, 2), 5, 1, 1, 0),
]
# (input shape, f, stride)
POOL_CASES = [
    ((2, 5, 7, 2), 2, 1),
    ((1, 6, 5, 3), 3, 2),
    ((2, 4, 4, 3), 3, 2),
    ((3, 7, 7, 1), 2, 3),
    ((1, 8, 6, 2), 4, 2),
]


@pytest.fixture(scope="module")
def tf():
    """TensorFlow, imported only by the tests that compare with it (the course's numpy notebooks never import it)."""
    return pytest.importorskip("tensorflow")


@pytest.fixture(scope="module")
def nb(solutions):
    return solutions(ID)


@pytest.mark.parametrize("shape, f, n_C, stride, pad", CONV_CASES)
def test_conv_forward_matches_tensorflow(nb, tf, shape, f, n_C, stride, pad):
    rng = np.random.RandomState(sum(shape) + 10 * f + stride + pad)
    A_prev, W, b = rng.randn(*shape), rng.randn(f, f, shape[3], n_C), rng.randn(1, 1, 1, n_C)
    Z, cache = nb["conv_forward"](A_prev, W, b, {"pad": pad, "stride": stride})
    padding = [[0, 0], [pad, pad], [pad, pad], [0, 0]]
    want = tf.nn.conv2d(tf.constant(A_prev), tf.constant(W), strides=stride, padding=padding).numpy() + b
    assert Z.shape == want.shape
    np.testing.assert_allclose(Z, want, rtol=1e-10, atol=1e-10)
    assert cache[0] is A_prev and cache[1] is W and cache[2] is b


@pytest.mark.parametrize("shape, f, stride", POOL_CASES)
@pytest.mark.parametrize("mode", ["max", "average"])
def test_pool_forward_matches_tensorflow(nb, tf, shape, f, stride, mode):
    rng = np.random.RandomState(sum(shape) + 10 * f + stride)
    A_prev = rng.randn(*shape)
    A, cache = nb["pool_forward"](A_prev, {"f": f, "stride": stride}, mode=mode)
    pool = tf.nn.max_pool2d if mode == "max" else tf.nn.avg_pool2d
    want = pool(tf.constant(A_prev), ksize=f, strides=stride, padding="VALID").numpy()
    assert A.shape == want.shape
    np.testing.assert_allclose(A, want, rtol=1e-12, atol=1e-12)
    assert cache[0] is A_prev


@pytest.mark.parametrize("shape, f, n_C, stride, pad", [((2, 4, 5, 2), 3, 3, 2, 1), ((1, 4, 4, 3), 2, 2, 1, 0),
                                                       ((2, 3, 3, 1), 2, 2, 2, 2)])
def test_conv_backward_is_the_gradient(nb, numgrad, relerr, shape, f, n_C, stride, pad):
    rng = np.random.RandomState(sum(shape) + f + stride + pad)
    A_prev, W, b = rng.randn(*shape), rng.randn(f, f, shape[3], n_C), rng.randn(1, 1, 1, n_C)
    hparameters = {"pad": pad, "stride": stride}
    Z, cache = nb["conv_forward"](A_prev, W, b, hparameters)
    dZ = rng.randn(*Z.shape)
    dA_prev, dW, db = nb["conv_backward"](dZ, cache)

    def loss():
        return np.sum(dZ * nb["conv_forward"](A_prev, W, b, hparameters)[0])

    assert relerr(dA_prev, numgrad(loss, A_prev)) < 1e-7
    assert relerr(dW, numgrad(loss, W)) < 1e-7
    assert relerr(db, numgrad(loss, b)) < 1e-7


@pytest.mark.parametrize("shape, f, stride", [((2, 5, 3, 2), 2, 1), ((1, 6, 5, 2), 3, 2), ((2, 4, 4, 1), 2, 2)])
@pytest.mark.parametrize("mode", ["max", "average"])
def test_pool_backward_is_the_gradient(nb, numgrad, relerr, shape, f, stride, mode):
    rng = np.random.RandomState(sum(shape) + f + stride)
    A_prev = rng.randn(*shape)  # real-valued: no window holds its maximum twice
    hparameters = {"f": f, "stride": stride}
    A, cache = nb["pool_forward"](A_prev, hparameters, mode=mode)
    dA = rng.randn(*A.shape)

    def loss():
        return np.sum(dA * nb["pool_forward"](A_prev, hparameters, mode=mode)[0])

    assert relerr(nb["pool_backward"](dA, cache, mode=mode), numgrad(loss, A_prev)) < 1e-7


def test_the_original_max_pool_listing_is_not_the_gradient(nb, numgrad, relerr):
    """The errata's claim: multiplying the mask by the input window (the original listing) is far from the gradient,
    and the seed's printed numbers are what that listing gives on its test inputs."""
    rng = np.random.RandomState(1)
    A_prev = rng.randn(5, 5, 3, 2)
    dA = rng.randn(5, 4, 2, 2)
    hparameters = {"f": 2, "stride": 1}
    original = np.zeros_like(A_prev)
    for i in range(5):
        for h in range(4):
            for w in range(2):
                for c in range(2):
                    window = A_prev[i, h:h + 2, w:w + 2, c]
                    original[i, h:h + 2, w:w + 2, c] += nb["create_mask_from_window"](window) * window
    np.testing.assert_allclose(original[1, 1], [[0, 0], [6.63920871, 1.48408832], [0, 0]], atol=1e-8)

    def loss():
        return np.sum(dA * nb["pool_forward"](A_prev, hparameters)[0])

    gradient = numgrad(loss, A_prev)
    assert relerr(nb["pool_backward"](dA, (A_prev, hparameters)), gradient) < 1e-7
    assert relerr(original, gradient) > 0.1
    np.testing.assert_allclose(gradient[1, 1], [[0, 0], [5.05844394, -1.68282702], [0, 0]], atol=1e-6)
