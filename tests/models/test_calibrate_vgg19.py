"""models/calibrate_vgg19.py: the script that measured the 16 scale factors of C4W4B's random VGG-19
(models/vgg19_random.json, committed). A rerun at full size gives the committed numbers; the script's main, on small
pictures, writes a json that nst_utils loads."""

import importlib.util
import json

import numpy as np
import pytest

from autograder import REPO_ROOT

SCRIPT = REPO_ROOT / "models" / "calibrate_vgg19.py"
COMMITTED = REPO_ROOT / "models" / "vgg19_random.json"


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("calibrate_vgg19", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_calibrating_again_gives_the_committed_scales(script):
    """Three photographs through the 16 layers at 225 x 300, one layer at a time (about 10 s on 2 cores)."""
    card = json.loads(COMMITTED.read_text())
    again = script.calibrate()
    assert again["seed"] == card["seed"] == script.SEED
    assert list(again["scales"]) == list(card["scales"])
    for name, scale in card["scales"].items():
        assert again["scales"][name] == pytest.approx(scale, rel=1e-4), name
    assert again["checksum"] == pytest.approx(card["checksum"], rel=1e-4)


@pytest.fixture
def small_run(script, tmp_path, monkeypatch):
    """main() on small calibration pictures, writing to tmp_path, with the 200-iteration painting of the example
    replaced by a stub that records the json it finds when it is called (the scales must be written first: the
    painting loads them)."""
    nst_utils = script.nst_utils
    small = nst_utils.calibration_pictures(size=(32, 48))
    monkeypatch.setattr(nst_utils, "calibration_pictures", lambda: small)
    out = tmp_path / "vgg19_random.json"
    monkeypatch.setattr(script, "OUT", out)
    seen = []

    def paint(*args, **kwargs):
        seen.append(json.loads(out.read_text()))
        return {"iterations": 0, "seconds": 0.0, "stub": True}

    monkeypatch.setattr(script, "paint_example", paint)

    def run(*options):
        monkeypatch.setattr("sys.argv", [str(SCRIPT), *options])
        script.main()
        return json.loads(out.read_text())

    return run, out, small, seen


def test_main_writes_the_scales_then_the_example_into_a_json_that_the_loader_accepts(script, small_run, capsys):
    nst_utils = script.nst_utils
    run, out, small, seen = small_run
    card = run()
    assert str(out) in capsys.readouterr().out
    assert card["seed"] == script.SEED and list(card["scales"]) == list(nst_utils.VGG19_LAYERS)
    np.testing.assert_allclose(list(card["scales"].values()), nst_utils.measure_scales(script.SEED, small), rtol=1e-6)
    assert {"init", "calibration", "seconds"} <= set(card) and card["example"]["stub"] is True
    assert len(seen) == 1 and seen[0]["scales"] == card["scales"] and "example" not in seen[0]
    # the loader rebuilds the same weights from it and finds the checksum it wrote
    weights = nst_utils._course_weights(out)
    assert card["checksum"] == pytest.approx(nst_utils.checksum(weights), rel=1e-9)
    # small pictures give other factors than the committed ones: the file written is the one measured here
    assert card["scales"] != json.loads(COMMITTED.read_text())["scales"]


def test_main_with_example_keeps_the_scales_and_replaces_the_example(script, small_run, monkeypatch):
    run, out, _, seen = small_run
    kept = json.loads(COMMITTED.read_text())
    kept["example"] = {"old": True}
    out.write_text(json.dumps(kept))
    monkeypatch.setattr(script.nst_utils, "measure_scales", lambda *a: pytest.fail("--example must not calibrate"))
    card = run("--example")
    assert card["scales"] == kept["scales"] and card["checksum"] == kept["checksum"]
    assert card["example"] == {"iterations": 0, "seconds": 0.0, "stub": True} and len(seen) == 1
