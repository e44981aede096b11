"""Measure the 16 scale factors of the course's random VGG-19 (C4W4B) and write them to models/vgg19_random.json.

The network's weights are drawn from SEED by ``nst_utils.random_weights`` (nothing is stored); each convolution is then
multiplied by one number so that its mean ReLU activation over three photographs that ship with scikit-learn and
matplotlib is 1 (``nst_utils.measure_scales``). The factors depend on the seed, the pictures and float32 rounding, and
take a few seconds to measure: they are committed, with a checksum of a few kernel values so that a future numpy that
draws other numbers from the same seed is noticed. Model card: models/vgg19_random.md.

Then it paints the notebook's example with the notebook's own solutions (``autograder.solution_namespace``): the
content picture images/china_small.jpg in the style of images/impression_small.jpg, 200 iterations at 300 x 225 with
the original's hyperparameters, as a student's full run of section 5 does. The picture is written to
images/nst_generated.jpg (the notebook shows it, and the model card) and the run's figures (costs, seconds) go into
the json.

    python models/calibrate_vgg19.py             # `make models` runs it when the json is missing
    python models/calibrate_vgg19.py --example   # paint the example again with the committed scales
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "utils"), str(HERE.parent)]

import nst_utils  # noqa: E402

SEED = 19
OUT = HERE / nst_utils.RANDOM_MODEL
EXAMPLE = HERE.parent / "images" / "nst_generated.jpg"
ITERATIONS = 200  # the original's num_iterations


def calibrate(seed: int = SEED) -> dict:
    start = time.perf_counter()
    scales = nst_utils.measure_scales(seed, nst_utils.calibration_pictures())
    return {
        "seed": seed,
        "init": "normal, standard deviation sqrt(2 / fan-in), biases 0; generator numpy default_rng([seed, layer])",
        "calibration": "mean ReLU activation 1 over scikit-learn's china.jpg and flower.jpg and matplotlib's "
                       "grace_hopper.jpg, each cropped to 4:3 and resized to 300 x 225, minus the ImageNet mean",
        "scales": {name: scale for name, scale in zip(nst_utils.VGG19_LAYERS, scales, strict=True)},
        "checksum": nst_utils.checksum(nst_utils.scaled_weights(seed, scales)),
        "seconds": round(time.perf_counter() - start, 1),
    }


def paint_example(iterations: int = ITERATIONS, out: Path = EXAMPLE) -> dict:
    """Run section 5 of the notebook with its solutions; write the picture to `out`; return the run's figures."""
    from autograder import solution_namespace

    ns = solution_namespace("C4W4B_Neural_Style_Transfer")
    content, style = nst_utils.course_pictures()
    start_image = nst_utils.generate_noise_image(content)
    features = nst_utils.vgg_features(nst_utils.load_vgg_model(OUT), [n for n, _ in nst_utils.STYLE_LAYERS] + [nst_utils.CONTENT_LAYER])
    a_C = features(content)[nst_utils.CONTENT_LAYER]
    a_S = features(style)
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as scratch:  # model_nn writes output/ where it runs
        os.chdir(scratch)
        try:
            start = time.perf_counter()
            generated = ns["model_nn"](features, a_C, a_S, start_image, iterations)
            seconds = time.perf_counter() - start
        finally:
            os.chdir(here)
    nst_utils.save_image(out, generated)
    costs = {}
    for name, image in (("start", start_image), ("end", generated)):
        a_G = features(image)
        J_content = ns["compute_content_cost"](a_C, a_G[nst_utils.CONTENT_LAYER])
        J_style = ns["compute_style_cost"](a_S, a_G, nst_utils.STYLE_LAYERS)
        costs[name] = {"J": float(ns["total_cost"](J_content, J_style)), "J_content": float(J_content),
                       "J_style": float(J_style)}
    return {"iterations": iterations, "seconds": round(seconds, 1), "seconds_per_iteration": round(seconds / iterations, 3),
            "costs": costs, "picture": str(out.relative_to(HERE.parent))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--example", action="store_true", help="only paint the example again (keep the scales)")
    args = parser.parse_args()
    card = json.loads(OUT.read_text()) if args.example else calibrate()
    if not args.example:
        OUT.write_text(json.dumps(card, indent=1) + "\n")  # the scales first: the example loads them
        print(f"wrote {OUT} ({card['seconds']} s)")
    card["example"] = paint_example()
    OUT.write_text(json.dumps(card, indent=1) + "\n")
    print(f"wrote {EXAMPLE} ({card['example']['seconds']} s) and {OUT}")


if __name__ == "__main__":
    main()
