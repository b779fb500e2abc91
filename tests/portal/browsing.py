"""Headless Chromium for the portal's browser tests: the portal served over HTTP, the browser, screenshots, waiting for a page.

Screenshots go to ``var/screenshots/`` (the README shows copies from ``docs/screenshots/``). The
browser has a fake camera and answers its own permission prompts, so the gate's scan button can
be driven.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.portal.conftest import Served
from tests.system_packages import require_browser

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def site(stack):
    """The portal over HTTP, for the browser."""
    served = Served(stack.app())
    yield served
    served.close()


@pytest.fixture
def browser():
    """Headless Chromium at a phone's width."""
    chromium, driver = require_browser()
    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=412,915",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update", "--lang=bn-BD",
                 "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "bn-BD,bn,en"})
    chrome = webdriver.Chrome(service=Service(str(driver)), options=options)
    chrome.set_page_load_timeout(30)
    yield chrome
    chrome.quit()


def shot(browser, name: str, width: int = 412) -> Path:
    """A screenshot of the whole page at ``width`` pixels, as ``var/screenshots/<name>.png``."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = browser.execute_script("return document.body.scrollHeight") or 900
    browser.set_window_size(width, min(max(height + 120, 600), 4000))
    path = SHOTS / f"{name}.png"
    browser.save_screenshot(str(path))
    return path


def arrive(browser, fragment: str, not_fragment: str | None = None) -> str:
    """Wait (10 s at most) until the browser is on a page whose address holds ``fragment``."""
    WebDriverWait(browser, 10).until(
        lambda b: fragment in b.current_url and (not_fragment is None or not_fragment not in b.current_url)
        and b.execute_script("return document.readyState") == "complete"
    )
    return browser.current_url


def fill(browser, field_id: str, text: str) -> None:
    """Type ``text`` into the empty field ``field_id``."""
    element = browser.find_element(By.ID, field_id)
    element.clear()
    element.send_keys(text)
