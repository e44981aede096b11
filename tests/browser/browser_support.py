"""Shared by the browser tests (conftest.py holds the `page` fixture): Debian's chromium driven by Playwright, and a
JupyterLab server started as the make targets start it.

`.ci/run` installs chromium; elsewhere the tests are skipped when it is missing (never in CI). Screenshots go to
tests/browser/screenshots/ (git-ignored): look at them.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

SHOTS = Path(__file__).parent / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TOKEN = "t0k"


def browser():
    """Playwright's sync_playwright, or a skip (a failure in CI) saying what is missing."""
    problem = "" if CHROMIUM else "chromium is not installed (apt-get install chromium)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        problem = problem or "playwright is not installed"
    if problem:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI must run the browser test, but {problem}")
        pytest.skip(problem)
    return sync_playwright


@contextlib.contextmanager
def jupyter_lab(cwd: Path, home: Path, *args: str, env: dict | None = None):
    """`jupyter lab` in `cwd` on a free port with a fixed token; yields its URL once it answers."""
    browser()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = dict(os.environ, HOME=str(home), **(env or {}))
    environment.pop("JUPYTER_CONFIG_DIR", None)
    environment["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), environment.get("PATH", "")])
    cmd = [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", "--allow-root", f"--port={port}",
           f"--IdentityProvider.token={TOKEN}", *args]
    server = subprocess.Popen(cmd, cwd=cwd, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    try:
        while time.monotonic() - started < 90:
            try:
                urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start within 90 s")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
