"""Helpers of C4W4B (neural style transfer): the VGG-19 whose activations measure content and style, and the pictures.

The original course read VGG-19's ImageNet weights from MatConvNet's ``imagenet-vgg-verydeep-19.mat`` (510 MB), which
cannot be had offline. Style transfer needs a network whose activations describe a picture's content (deep layers)
and texture (the correlations of every layer), and that does not require training on ImageNet: a VGG-19 with random
weights, each layer multiplied by one number so that its mean activation on a few photographs is 1, keeps enough of
both (He, Wang and Hopcroft 2016, "A powerful generative model using random weights for the deep image
representation"). That is the network this course uses: the weights are drawn from a fixed seed when the model is
built (nothing to download or store), and the 16 scale factors were measured once by ``models/calibrate_vgg19.py`` on
pictures that ship with scikit-learn and matplotlib (``models/vgg19_random.json``; model card
``models/vgg19_random.md``).

A user who owns the original weights drops them into ``models/`` (or passes their path) and the same code runs on
them: MatConvNet's ``imagenet-vgg-verydeep-19.mat`` (the 2018 course's file) or Keras' ImageNet file
``vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5`` (the 2021 course's).

    model = load_vgg_model()                             # the course's network, or the ImageNet one where it is here
    features = vgg_features(model, ["conv4_2", "conv5_1"])
    activations = features(image)                        # {"conv4_2": tensor (1, 29, 38, 512), "conv5_1": ...}

Pictures go in as the original course fed them: RGB, 0-255, minus the ImageNet mean colour (``CONFIG.MEANS``), shape
(1, height, width, 3). The network's layers keep the original's names (conv1_1 ... conv5_4) and its average pooling.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

__all__ = ["CONFIG", "STYLE_LAYERS", "CONTENT_LAYER", "VGG19_LAYERS", "vgg19", "load_vgg_model", "vgg_features", "load_image",
           "reshape_and_normalize_image", "course_pictures", "generate_noise_image", "save_image", "to_picture", "random_weights",
           "calibration_pictures", "measure_scales", "scaled_weights", "checksum", "RANDOM_MODEL", "IMAGENET_MAT", "IMAGENET_H5"]

RANDOM_MODEL = "vgg19_random.json"  # the seed and the 16 scale factors of the course's network (models/)
IMAGENET_MAT = "imagenet-vgg-verydeep-19.mat"  # MatConvNet's file, as the 2018 course read it
IMAGENET_H5 = "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5"  # Keras' ImageNet file, as the 2021 course read it


class CONFIG:
    """The settings of the original course's nst_utils: picture size, noise, the ImageNet mean colour, folders."""
    IMAGE_WIDTH = 300  # the original painted at 400 x 300: 1.8 s a step on 2 cores here, 0.7 s at 300 x 225, the
    IMAGE_HEIGHT = 225  # size the original asked for "your own image"
    COLOR_CHANNELS = 3
    NOISE_RATIO = 0.6
    MEANS = np.array([123.68, 116.779, 103.939], dtype=np.float32).reshape((1, 1, 1, 3))  # RGB
    CONTENT_IMAGE = "china_small.jpg"  # in images/
    STYLE_IMAGE = "impression_small.jpg"
    OUTPUT_DIR = "output/"


# The original's layers: five for the style, each weighted 0.2 (the notebook shows and may change them), conv4_2 for
# the content
STYLE_LAYERS = [("conv1_1", 0.2), ("conv2_1", 0.2), ("conv3_1", 0.2), ("conv4_1", 0.2), ("conv5_1", 0.2)]
CONTENT_LAYER = "conv4_2"

# VGG-19's convolution blocks: (block, number of 3 x 3 convolutions, filters); each block ends with a 2 x 2 pooling
BLOCKS = ((1, 2, 64), (2, 2, 128), (3, 4, 256), (4, 4, 512), (5, 4, 512))
VGG19_LAYERS = tuple(f"conv{b}_{i}" for b, n, _ in BLOCKS for i in range(1, n + 1))


def vgg19(input_shape=(None, None, 3)):
    """VGG-19 without its classifier, as the original course used it: 16 convolutions (3 x 3, stride 1, 'same'
    padding, ReLU) named conv1_1 ... conv5_4, each block closed by a 2 x 2 average pooling with 'same' padding
    (avgpool1 ... avgpool5: 225 x 300 becomes 113 x 150, 57 x 75, 29 x 38, 15 x 19, 8 x 10).

    Arguments:
    input_shape -- (height, width, channels); None lets one model take pictures of any size

    Returns:
    model -- a keras.Model (weights as Keras initialises them: fill them with load_vgg_model or set_weights)
    """
    import keras

    inputs = keras.Input(shape=input_shape, name="input")
    x = inputs
    for block, count, filters in BLOCKS:
        for i in range(1, count + 1):
            x = keras.layers.Conv2D(filters, 3, padding="same", activation="relu", name=f"conv{block}_{i}")(x)
        x = keras.layers.AveragePooling2D(2, padding="same", name=f"avgpool{block}")(x)
    return keras.Model(inputs, x, name="vgg19")


def random_weights(seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """The course's random VGG-19 weights before scaling: for each convolution, a kernel of normal numbers with the
    standard deviation sqrt(2 / fan-in) (He et al. 2015), drawn from its own generator (seed, layer number), and
    biases 0.

    Returns:
    weights -- list of 16 (kernel (3, 3, in, out) float32, bias (out,) float32), in the order of VGG19_LAYERS
    """
    weights, channels = [], 3
    for number, filters in enumerate(f for _, n, f in BLOCKS for _ in range(n)):
        rng = np.random.default_rng([seed, number])
        kernel = rng.standard_normal((3, 3, channels, filters), dtype=np.float32) * np.float32(np.sqrt(2 / (9 * channels)))
        weights.append((kernel, np.zeros(filters, np.float32)))
        channels = filters
    return weights


def _set_conv_weights(model, weights) -> None:
    for name, (kernel, bias) in zip(VGG19_LAYERS, weights, strict=True):
        layer = model.get_layer(name)
        expected = tuple(layer.kernel.shape)
        if tuple(kernel.shape) != expected or np.size(bias) != expected[-1]:
            raise ValueError(f"{name}: the file's kernel and bias have shapes {tuple(kernel.shape)} and "
                             f"{np.shape(bias)}, VGG-19's are {expected} and ({expected[-1]},)")
        layer.set_weights([np.asarray(kernel, np.float32), np.asarray(bias, np.float32).reshape(-1)])


def calibration_pictures(size=(CONFIG.IMAGE_HEIGHT, CONFIG.IMAGE_WIDTH)) -> list[np.ndarray]:
    """Three photographs that ship with the installed packages, at `size`, normalised as the network's input:
    scikit-learn's china.jpg and flower.jpg and matplotlib's grace_hopper.jpg."""
    import matplotlib.cbook
    from PIL import Image
    from sklearn.datasets import load_sample_image

    pictures = [load_sample_image("china.jpg"), load_sample_image("flower.jpg"),
                np.asarray(Image.open(matplotlib.cbook.get_sample_data("grace_hopper.jpg")).convert("RGB"))]
    return [reshape_and_normalize_image(_fit(p, size)) for p in pictures]


def measure_scales(seed: int, pictures) -> list[float]:
    """The 16 factors that make each layer's mean ReLU activation over `pictures` equal to 1, layer after layer.

    ReLU is positively homogeneous and the biases are 0, so multiplying a layer's kernel by s multiplies its
    activations, and those of every later layer, by s: each factor is measured with the earlier layers already
    scaled. Average pooling is linear, so it keeps the scale.
    """
    import tensorflow as tf

    scales = []
    xs = [tf.constant(p, tf.float32) for p in pictures]
    for number, (kernel, _) in enumerate(random_weights(seed), start=1):
        outs = [tf.nn.relu(tf.nn.conv2d(x, kernel, 1, "SAME")) for x in xs]
        scales.append(1.0 / float(np.mean([float(tf.reduce_mean(o)) for o in outs])))
        xs = _pool_after(number, [o * scales[-1] for o in outs])
    return scales


def _pool_after(number: int, xs):
    """Average-pool the activations when layer `number` (1-based) closes a block."""
    import tensorflow as tf

    ends = np.cumsum([n for _, n, _ in BLOCKS])
    return [tf.nn.avg_pool2d(x, 2, 2, "SAME") for x in xs] if number in ends else xs


def scaled_weights(seed: int, scales) -> list[tuple[np.ndarray, np.ndarray]]:
    """random_weights(seed) with each kernel multiplied by its scale (scales: 16 numbers, in layer order)."""
    weights = random_weights(seed)
    for (kernel, _), scale in zip(weights, scales, strict=True):
        kernel *= np.float32(scale)
    return weights


def checksum(weights) -> float:
    """A few kernel values summed: the first kernel's first filter and 8 numbers of the last kernel."""
    return float(np.sum(weights[0][0][..., 0], dtype=np.float64) + np.sum(weights[-1][0][0, 0, :8, 0], dtype=np.float64))


def _course_weights(path: Path):
    card = json.loads(path.read_text())
    weights = scaled_weights(card["seed"], [card["scales"][name] for name in VGG19_LAYERS])
    if abs(checksum(weights) - card["checksum"]) > 1e-5 * max(1.0, abs(card["checksum"])):
        raise RuntimeError(f"the random VGG-19 drawn here differs from the one {path.name} was measured on "
                           f"(checksum {checksum(weights):.6f}, expected {card['checksum']:.6f}): rerun `make models`")
    return weights


def _mat_weights(path: Path):
    """The 16 convolutions of MatConvNet's imagenet-vgg-verydeep-19.mat (kernels (3, 3, in, out), RGB input)."""
    import scipy.io

    layers = scipy.io.loadmat(str(path))["layers"][0]
    found = {}
    for layer in layers:
        entry = layer[0, 0]
        name = str(np.asarray(entry["name"]).reshape(-1)[0])
        if name in VGG19_LAYERS:
            kernel, bias = entry["weights"][0, 0], entry["weights"][0, 1]
            found[name] = (np.asarray(kernel, np.float32), np.asarray(bias, np.float32).reshape(-1))
    missing = [n for n in VGG19_LAYERS if n not in found]
    if missing:
        raise ValueError(f"{path.name} is not MatConvNet's VGG-19: no layers {', '.join(missing)}")
    return [found[n] for n in VGG19_LAYERS]


def _keras_h5_weights(path: Path):
    """The 16 convolutions of Keras' ImageNet VGG-19 file (layers block1_conv1 ...). Keras' network takes BGR
    pictures: the first kernel's input channels are reversed so that it takes the RGB pictures of this module."""
    from course_models import read_h5_weights

    stored = read_h5_weights(path)
    weights = []
    for name in VGG19_LAYERS:
        block, i = name[4:].split("_")
        keras_name = f"block{block}_conv{i}"
        if keras_name not in stored:
            raise ValueError(f"{path.name} is not Keras' VGG-19 file: it has no layer {keras_name!r}")
        kernel, bias = stored[keras_name]
        weights.append((np.asarray(kernel, np.float32), np.asarray(bias, np.float32)))
    weights[0] = (weights[0][0][:, :, ::-1, :].copy(), weights[0][1])
    return weights


def load_vgg_model(path=None, verbose: bool = True):
    """The VGG-19 of the notebook, with weights.

    Arguments:
    path -- None: ImageNet weights where the original files are in models/ (imagenet-vgg-verydeep-19.mat or
            vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5), else the course's random, rescaled weights
            (models/vgg19_random.json); or the path of one of the two original files, or of the course's json
    verbose -- print one line saying which weights were loaded

    Returns:
    model -- keras.Model taking (1, height, width, 3) pictures normalised by reshape_and_normalize_image
    """
    from course_models import find_model, model_file

    if path is None:
        path = find_model(IMAGENET_MAT, IMAGENET_H5)
    start = time.perf_counter()
    if path is None:
        source = model_file(RANDOM_MODEL)
        weights = _course_weights(source)
        what = "the course's VGG-19: random weights, one scale per layer (models/vgg19_random.md), no ImageNet training"
    else:
        source = Path(path)
        if not source.is_file():
            raise FileNotFoundError(f"{source} not found: call load_vgg_model() without a path for the course's network")
        if source.suffix == ".json":
            weights, what = _course_weights(source), f"the course's VGG-19 from {source.name}"
        else:
            weights = _mat_weights(source) if source.suffix == ".mat" else _keras_h5_weights(source)
            what = f"VGG-19 with ImageNet weights from {source.name}"
    model = vgg19()
    _set_conv_weights(model, weights)
    if verbose:
        print(f"Loaded {what} ({time.perf_counter() - start:.1f} s).")
    return model


def vgg_features(model, layer_names):
    """A model that maps a picture to the activations of the named layers.

    Arguments:
    model -- the VGG-19 of load_vgg_model
    layer_names -- names of layers, e.g. ["conv1_1", "conv4_2"]

    Returns:
    features -- keras.Model; features(image) is a dictionary {layer name: tensor (1, n_H, n_W, n_C)}. Only the layers
                up to the deepest named one are computed.
    """
    import keras

    return keras.Model(model.input, {name: model.get_layer(name).output for name in layer_names}, name="vgg19_features")


def _fit(picture: np.ndarray, size) -> np.ndarray:
    """`picture` cropped to the aspect ratio of size = (height, width) around its centre, then resized to it."""
    from PIL import Image

    height, width = size
    h, w = picture.shape[:2]
    if (h, w) == (height, width):
        return picture
    if w * height > h * width:  # too wide
        cw = round(h * width / height)
        picture = picture[:, (w - cw) // 2:(w - cw) // 2 + cw]
    else:
        ch = round(w * height / width)
        picture = picture[(h - ch) // 2:(h - ch) // 2 + ch]
    return np.asarray(Image.fromarray(picture).resize((width, height), Image.LANCZOS))


def load_image(path, size=(CONFIG.IMAGE_HEIGHT, CONFIG.IMAGE_WIDTH)) -> np.ndarray:
    """A picture file as an RGB array of uint8, (height, width, 3). With `size` = (height, width), a picture of
    another size is cropped around its centre to the same shape and resized (size=None keeps it as it is)."""
    from PIL import Image

    picture = np.asarray(Image.open(path).convert("RGB"))
    return picture if size is None else _fit(picture, size)


def reshape_and_normalize_image(image) -> np.ndarray:
    """(height, width, 3) RGB 0-255 -> (1, height, width, 3) float32 minus the ImageNet mean colour: VGG-19's input."""
    image = np.asarray(image, dtype=np.float32)
    return image.reshape((1,) + image.shape) - CONFIG.MEANS


def course_pictures(size=(CONFIG.IMAGE_HEIGHT, CONFIG.IMAGE_WIDTH)) -> tuple[np.ndarray, np.ndarray]:
    """(content, style): the course's pictures CONFIG.CONTENT_IMAGE and CONFIG.STYLE_IMAGE from images/, at size =
    (height, width), normalised as the network's input."""
    from course_data import image_file

    return tuple(reshape_and_normalize_image(load_image(image_file(name), size))
                 for name in (CONFIG.CONTENT_IMAGE, CONFIG.STYLE_IMAGE))


def generate_noise_image(content_image, noise_ratio=CONFIG.NOISE_RATIO, seed=1) -> np.ndarray:
    """The starting picture of the optimisation: noise_ratio of uniform noise in [-20, 20] plus (1 - noise_ratio) of
    the content picture (both in the normalised scale), float32 like it. The noise is drawn from `seed`."""
    content_image = np.asarray(content_image, dtype=np.float32)
    noise = np.random.default_rng(seed).uniform(-20, 20, content_image.shape).astype(np.float32)
    return noise * np.float32(noise_ratio) + content_image * np.float32(1 - noise_ratio)


def to_picture(image) -> np.ndarray:
    """A normalised (1, height, width, 3) image (numpy array or tensor) back to a (height, width, 3) uint8 picture:
    the mean colour added back, values clipped to 0-255."""
    image = np.asarray(image, dtype=np.float32) + CONFIG.MEANS
    return np.clip(np.rint(image[0]), 0, 255).astype(np.uint8)


def save_image(path, image) -> None:
    """Write a normalised (1, height, width, 3) image as a picture file (folders made as needed)."""
    from PIL import Image

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(to_picture(image)).save(path, quality=95)
