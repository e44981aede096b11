"""Inputs for the C4W4B (neural style transfer) exercises and their public tests.

The original course drew its test activations with TensorFlow 1's seeded ``tf.random_normal`` (numbers that TensorFlow
2 no longer reproduces) and printed no value for them in the text this course follows; here they are drawn with
numpy's seeded generators, the same numbers on every machine and every TensorFlow version: activations of mean 1 and
standard deviation 4, of the original's shapes. ``optimisation_test_case`` gives model_nn a small problem (a 24 x 32
content picture and style picture cut from the course's own, through the course's VGG-19) that runs in a second.
The expected outputs live in ``dlchecks.c4w4b`` (the public tests) and in the source notebook's expected.json.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from nst_utils import CONTENT_LAYER, STYLE_LAYERS

__all__ = ["STYLE_LAYERS", "CONTENT_LAYER", "activations", "content_cost_test_case", "gram_matrix_test_case",
           "layer_style_cost_test_case", "style_cost_test_case", "total_cost_test_case", "optimisation_test_case"]



def activations(seed, shape, mean=1.0, std=4.0, relu=False):
    """A float32 tensor of `shape` of normal numbers (mean, std) drawn from numpy's default_rng(seed); with relu=True
    the negative ones are set to 0, as in the activations of a ReLU layer."""
    import tensorflow as tf

    values = np.random.default_rng(seed).normal(mean, std, shape).astype(np.float32)
    return tf.constant(np.maximum(values, 0) if relu else values)


def content_cost_test_case(seed=1, shape=(1, 4, 4, 3)):
    """(a_C, a_G): two tensors of `shape`, drawn from seeds (seed, 1) and (seed, 2)."""
    return activations([seed, 1], shape), activations([seed, 2], shape)


def gram_matrix_test_case(seed=1, shape=(3, 2)):
    """A: a tensor of `shape` = (n_C, n_H * n_W)."""
    return activations([seed, 3], shape)


def layer_style_cost_test_case(seed=1, shape=(1, 4, 4, 3)):
    """(a_S, a_G): two tensors of `shape`, drawn from seeds (seed, 4) and (seed, 5)."""
    return activations([seed, 4], shape), activations([seed, 5], shape)


def style_cost_test_case(seed=1, size=(16, 16), channels=(3, 4, 5, 6, 6)):
    """(a_S, a_G): two dictionaries {layer name: tensor} with a tensor for each of the five layers of STYLE_LAYERS,
    the k-th of shape (1, height / 2^k, width / 2^k, channels[k]) as the layers of VGG-19 shrink, with no negative
    numbers as after a ReLU."""
    a_S, a_G = {}, {}
    for k, ((name, _), n_C) in enumerate(zip(STYLE_LAYERS, channels, strict=True)):
        shape = (1, max(size[0] >> k, 1), max(size[1] >> k, 1), n_C)
        a_S[name] = activations([seed, 6, k], shape, relu=True)
        a_G[name] = activations([seed, 7, k], shape, relu=True)
    return a_S, a_G


def total_cost_test_case(seed=3):
    """(J_content, J_style): two numbers drawn as the original drew them, numpy.random.seed(seed) then randn() twice."""
    rng = np.random.RandomState(seed)
    return float(rng.randn()), float(rng.randn())


@lru_cache(maxsize=4)
def _small_pictures(height, width):
    from nst_utils import course_pictures

    return course_pictures((height, width))


@lru_cache(maxsize=1)
def _features():
    from nst_utils import load_vgg_model, vgg_features

    return vgg_features(load_vgg_model(verbose=False), [name for name, _ in STYLE_LAYERS] + [CONTENT_LAYER])


def optimisation_test_case(height=24, width=32, noise_ratio=0.6, seed=1):
    """(features, a_C, a_S, input_image) for model_nn, on pictures of height x width:

    features -- the course's VGG-19 (nst_utils.load_vgg_model) giving the activations of the style layers and conv4_2
    a_C -- the content picture's conv4_2 activations (the course's content picture, images/china_small.jpg, shrunk)
    a_S -- the style picture's activations, {layer name: tensor} (images/impression_small.jpg, shrunk)
    input_image -- the starting picture: generate_noise_image(content, noise_ratio, seed)
    """
    from nst_utils import generate_noise_image

    content, style = _small_pictures(height, width)
    features = _features()
    a_C = features(content)[CONTENT_LAYER]
    a_S = {name: value for name, value in features(style).items() if name != CONTENT_LAYER}
    return features, a_C, a_S, generate_noise_image(content, noise_ratio, seed)
