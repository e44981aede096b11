import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_utils_module_is_installed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["py-modules"])
    present = {p.stem for p in (ROOT / "utils").glob("*.py")}
    assert present == listed, "add new utils/ modules to py-modules in pyproject.toml"
