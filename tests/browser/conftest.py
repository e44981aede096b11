"""The browser tests' `page`: one headless chromium page per test module (helpers in browser_support.py)."""

import pytest
from browser_support import CHROMIUM, SHOTS, browser


@pytest.fixture(scope="module")
def page():
    SHOTS.mkdir(exist_ok=True)
    with browser()() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        page = chromium.new_page(viewport={"width": 1300, "height": 900})
        page.set_default_timeout(60_000)
        yield page
        chromium.close()

