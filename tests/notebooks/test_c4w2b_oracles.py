"""C4W2B's blocks and ResNet-50 against an independent oracle: the same networks' forward passes written in numpy
(float64) from the formulas (convolution with TensorFlow's 'same' padding, batch normalisation in inference mode with
the moving statistics and in training mode with the batch's, ReLU, the shortcut's addition, the poolings, softmax), fed
with the weights the probe writes into the Keras models and read back layer by layer by name; the initial kernels
against the Glorot uniform rule; and ResNet-50's parameter counts against the original's model summary, counted from
the recipe."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")
ID = "C4W2B_Residual_Networks"
BN_EPSILON = 1e-3  # Keras's default for BatchNormalization, which the recipe keeps
STAGES = [
    (2, (64, 64, 256), 1, "abc"),
    (3, (128, 128, 512), 2, "abcd"),
    (4, (256, 256, 1024), 2, "abcdef"),
    (5, (512, 512, 2048), 2, "abc"),
]


@pytest.fixture(scope="module")
def nb(solutions):
    return solutions(ID)


@pytest.fixture(scope="module")
def c4w2b():
    from dlchecks import c4w2b

    return c4w2b


# ------------------------------------------------------------------ numpy layers
def conv(x, kernel, bias, stride=1, padding="valid"):
    """2-D convolution of a batch (m, n_H, n_W, n_C) with kernel (f_H, f_W, n_C, n_F); 'same' pads as TensorFlow does
    (the odd pixel of an even window at the bottom and right)."""
    f_h, f_w = kernel.shape[:2]
    if padding == "same":
        pads = []
        for n, f in zip(x.shape[1:3], (f_h, f_w), strict=True):
            out = -(-n // stride)
            total = max((out - 1) * stride + f - n, 0)
            pads.append((total // 2, total - total // 2))
        x = np.pad(x, ((0, 0), *pads, (0, 0)))
    windows = np.lib.stride_tricks.sliding_window_view(x, (f_h, f_w), axis=(1, 2))[:, ::stride, ::stride]
    return np.tensordot(windows, kernel, axes=([3, 4, 5], [2, 0, 1])) + bias


def batchnorm(x, gamma, beta, moving_mean, moving_variance, training):
    if training:
        mean, variance = x.mean(axis=(0, 1, 2)), x.var(axis=(0, 1, 2))  # the batch's own statistics
    else:
        mean, variance = moving_mean, moving_variance
    return gamma * (x - mean) / np.sqrt(variance + BN_EPSILON) + beta


def relu(x):
    return np.maximum(x, 0.0)


def pool(x, size, stride, reduce):
    windows = np.lib.stride_tricks.sliding_window_view(x, (size, size), axis=(1, 2))[:, ::stride, ::stride]
    return reduce(windows, axis=(4, 5))


def numpy_block(x, w, f, stage, block, s=None, training=False):
    """The recipe's identity block (s=None) or convolutional block; w maps layer names to their numpy weights."""
    conv_base, bn_base = f"res{stage}{block}_branch", f"bn{stage}{block}_branch"
    stride = 1 if s is None else s

    def conv_bn(a, part, step=1, padding="valid"):
        return batchnorm(conv(a, *w[conv_base + part], step, padding), *w[bn_base + part], training)

    a = relu(conv_bn(x, "2a", stride))
    a = relu(conv_bn(a, "2b", 1, "same"))
    a = conv_bn(a, "2c")
    shortcut = x if s is None else conv_bn(x, "1", s)
    return relu(a + shortcut)


def numpy_resnet50(x, w, classes):
    a = np.pad(x, ((0, 0), (3, 3), (3, 3), (0, 0)))
    a = relu(batchnorm(conv(a, *w["conv1"], 2), *w["bn_conv1"], False))
    a = pool(a, 3, 2, np.max)
    for stage, _, s, blocks in STAGES:
        a = numpy_block(a, w, 3, stage, blocks[0], s)
        for block in blocks[1:]:
            a = numpy_block(a, w, 3, stage, block)
    a = pool(a, 2, 2, np.mean).reshape(len(a), -1)
    kernel, bias = w[f"fc{classes}"]
    z = a @ kernel + bias
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def weights_by_name(model) -> dict:
    return {layer.name: [np.asarray(v, dtype=np.float64) for v in layer.get_weights()] for layer in model.layers}


# ------------------------------------------------------------------ the blocks
BLOCKS = [  # (input shape, f, filters, stage, block, s): the public and hidden cases of the notebook, and more
    ((4, 4, 6), 2, [2, 4, 6], 1, "a", None),
    ((5, 7, 4), 3, [3, 5, 4], 4, "c", None),
    ((6, 6, 8), 4, [8, 2, 8], 5, "f", None),
    ((5, 5, 3), 2, [2, 4, 6], 1, "a", 2),
    ((9, 7, 4), 3, [2, 3, 5], 3, "a", 2),
    ((5, 5, 3), 3, [4, 4, 8], 2, "b", 1),
    ((10, 8, 2), 2, [3, 3, 5], 4, "d", 3),
]


@pytest.mark.parametrize("shape, f, filters, stage, block, s", BLOCKS)
@pytest.mark.parametrize("training", [False, True], ids=["inference", "training"])
def test_blocks_match_the_numpy_forward_pass(nb, c4w2b, shape, f, filters, stage, block, s, training):
    X = keras.Input(shape)
    if s is None:
        out = nb["identity_block"](X, f=f, filters=filters, stage=stage, block=block)
    else:
        out = nb["convolutional_block"](X, f=f, filters=filters, stage=stage, block=block, s=s)
    model = keras.Model(X, out)
    c4w2b.set_seeded_weights(model, 3, c4w2b.ordered_layers(model))
    x = c4w2b.seeded_activations(shape, 2, 3)
    got = np.asarray(model(x, training=training))
    want = numpy_block(x.astype(np.float64), weights_by_name(model), f, stage, block, s, training)
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
    assert np.mean(want > 0) > 0.2 and np.ptp(want) > 0.5  # enough of the output is alive to tell mistakes apart


def test_training_and_inference_modes_differ_as_batch_normalisation_says(nb, c4w2b):
    """In inference mode a new block's BatchNormalization divides by sqrt(1 + epsilon) only; in training mode it uses
    the batch's statistics: the notebook's two printed lines differ, and each is what numpy computes."""
    X = keras.Input((4, 4, 6))
    model = keras.Model(X, nb["identity_block"](X, f=2, filters=[2, 4, 6], stage=1, block="a"))
    x = np.random.default_rng(1).standard_normal((3, 4, 4, 6)).astype(np.float32)  # the notebook's A_prev
    w = weights_by_name(model)
    inference, training = np.asarray(model(x, training=False)), np.asarray(model(x, training=True))
    np.testing.assert_allclose(inference, numpy_block(x.astype(np.float64), w, 2, 1, "a"), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(training, numpy_block(x.astype(np.float64), w, 2, 1, "a", training=True), rtol=1e-4, atol=1e-5)
    assert not np.allclose(inference, training, atol=1e-2)


def test_initial_kernels_follow_the_glorot_uniform_rule(nb):
    """Every kernel of a new ResNet-50 lies within +-sqrt(6 / (fan_in + fan_out)) and spreads over it as a uniform
    draw does; every bias is zero; batch normalisation starts at gamma 1, beta 0, mean 0, variance 1."""
    model = nb["ResNet50"]((64, 64, 3), 6)
    for layer in model.layers:
        weights = [np.asarray(v, dtype=np.float64) for v in layer.get_weights()]
        if type(layer).__name__ in ("Conv2D", "Dense"):
            kernel, bias = weights
            receptive = int(np.prod(kernel.shape[:-2]))
            limit = np.sqrt(6.0 / (receptive * (kernel.shape[-2] + kernel.shape[-1])))
            assert np.abs(kernel).max() <= limit + 1e-7, layer.name
            if kernel.size >= 1000:
                assert abs(kernel.std() / (limit / np.sqrt(3)) - 1) < 0.1, layer.name
            assert not bias.any(), layer.name
        elif type(layer).__name__ == "BatchNormalization":
            gamma, beta, mean, variance = weights
            assert (gamma == 1).all() and not beta.any() and not mean.any() and (variance == 1).all(), layer.name


# ------------------------------------------------------------------ ResNet-50
def recipe_parameter_counts(input_channels=3, classes=6) -> tuple[int, int]:
    """(trainable, non-trainable) of the recipe: a convolution has k*k*n_C_prev*n_C weights and n_C biases; a batch
    normalisation gamma and beta (trainable) and the moving mean and variance (not) per channel; the dense layer one
    weight per input and class and a bias per class (2048 inputs after the 2 x 2 average pool of 2 x 2 x 2048)."""
    trainable = non_trainable = 0

    def conv_bn(k, n_in, n_out):
        nonlocal trainable, non_trainable
        trainable += k * k * n_in * n_out + n_out + 2 * n_out
        non_trainable += 2 * n_out

    conv_bn(7, input_channels, 64)
    channels = 64
    for _, (F1, F2, F3), _, blocks in STAGES:
        for index, _ in enumerate(blocks):
            conv_bn(1, channels, F1)
            conv_bn(3, F1, F2)
            conv_bn(1, F2, F3)
            if index == 0:
                conv_bn(1, channels, F3)  # the convolutional block's shortcut
            channels = F3
    trainable += channels * classes + classes
    return trainable, non_trainable


def test_resnet50_parameter_counts_are_the_originals(nb):
    trainable, non_trainable = recipe_parameter_counts()
    assert (trainable + non_trainable, trainable, non_trainable) == (23_600_006, 23_546_886, 53_120)  # the summary
    model = nb["ResNet50"]((64, 64, 3), 6)
    assert model.count_params() == 23_600_006
    assert sum(int(np.prod(w.shape)) for w in model.trainable_weights) == trainable
    assert sum(int(np.prod(w.shape)) for w in model.non_trainable_weights) == non_trainable
    assert sum(1 for layer in model.layers if type(layer).__name__ in ("Conv2D", "Dense")) == 54  # 50 + 4 shortcuts


@pytest.mark.parametrize("shape, classes, seed", [((64, 64, 3), 6, 1), ((96, 80, 3), 10, 5), ((64, 64, 1), 3, 9)])
def test_resnet50_matches_the_numpy_forward_pass(nb, c4w2b, shape, classes, seed):
    model = nb["ResNet50"](shape, classes)
    c4w2b.set_seeded_weights(model, seed, c4w2b.ordered_layers(model))
    x = c4w2b.seeded_pictures(shape, seed, 2)
    got = np.asarray(model(x, training=False))
    want = numpy_resnet50(x.astype(np.float64), weights_by_name(model), classes)
    assert got.shape == want.shape == (2, classes)
    np.testing.assert_allclose(got, want, rtol=1e-3, atol=1e-6)
    assert want.max() < 0.99  # the softmax is not saturated: a mistake anywhere would show
