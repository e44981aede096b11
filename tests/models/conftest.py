import subprocess
import sys

import pytest


@pytest.fixture
def run_script(tmp_path):
    """run_script(script, name, *args) runs a training script with --quick --out tmp_path/name and the given options;
    returns (that folder, the script's standard output). A failure shows the end of its standard error."""

    def run(script, name, *args, timeout=600):
        out = tmp_path / name
        done = subprocess.run(
            [sys.executable, str(script), "--quick", "--out", str(out), *map(str, args)], capture_output=True, text=True, timeout=timeout
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return out, done.stdout

    return run
