"""Debian packages some tests need (a Bengali font, tesseract), installed when we can.

When a needed file or program is missing and we are root with apt-get, the Debian package is
installed (after an ``apt-get update`` if the first try fails). When it is still missing the
test skips loudly locally and fails with ``CI=true`` (the project's rule, see tests/servers.py).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.servers import in_ci

BENGALI_FONT = Path("/usr/share/fonts/truetype/noto/NotoSansBengali-Regular.ttf")
LATIN_FONT = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")
FONT_PACKAGES = ("fonts-noto-core",)
TESSERACT_PACKAGES = ("tesseract-ocr", "tesseract-ocr-ben", "tesseract-ocr-eng")
_APT_TIMEOUT = 600


def _apt_install(packages: tuple[str, ...]) -> None:
    """Install ``packages`` with apt-get when root and apt-get exists; errors are swallowed."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("apt-get") is None:
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    command = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
    try:
        done = subprocess.run(command, env=env, capture_output=True, timeout=_APT_TIMEOUT, check=False)
        if done.returncode != 0:
            subprocess.run(["apt-get", "update"], env=env, capture_output=True, timeout=_APT_TIMEOUT, check=False)
            subprocess.run(command, env=env, capture_output=True, timeout=_APT_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return


def _missing(reason: str) -> None:
    if in_ci():
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(f"SKIPPED LOUDLY: {reason}")


def _tesseract_ready() -> bool:
    path = shutil.which("tesseract")
    if path is None:
        return False
    try:
        listed = subprocess.run([path, "--list-langs"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    languages = {line.strip() for line in listed.stdout.decode("utf-8", "replace").splitlines()[1:]}
    return {"ben", "eng"} <= languages


@functools.cache
def _ensure_fonts() -> bool:
    if not (BENGALI_FONT.exists() and LATIN_FONT.exists()):
        _apt_install(FONT_PACKAGES)
    return BENGALI_FONT.exists() and LATIN_FONT.exists()


@functools.cache
def _ensure_tesseract() -> bool:
    if not _tesseract_ready():
        _apt_install(TESSERACT_PACKAGES)
    return _tesseract_ready()


def require_noto_fonts() -> Path:
    """The Noto Sans Bengali font file, installing fonts-noto-core if needed (else skip/fail)."""
    if not _ensure_fonts():
        _missing(f"{BENGALI_FONT} is missing; install the Debian package fonts-noto-core")
    return BENGALI_FONT


def require_tesseract() -> None:
    """Make sure tesseract with ben and eng is installed (else skip locally, fail in CI)."""
    if not _ensure_tesseract():
        _missing("tesseract with Bengali and English is missing; install tesseract-ocr tesseract-ocr-ben tesseract-ocr-eng")


CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
BROWSER_PACKAGES = ("chromium", "chromium-driver", "fonts-noto-core")


@functools.cache
def _ensure_browser() -> bool:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists() and BENGALI_FONT.exists()):
        _apt_install(BROWSER_PACKAGES)
    return CHROMIUM.exists() and CHROMEDRIVER.exists() and BENGALI_FONT.exists()


def require_browser() -> tuple[Path, Path]:
    """Debian's Chromium and its chromedriver (and the Bengali font pages need), installed if needed (else skip/fail)."""
    if not _ensure_browser():
        _missing("Chromium and chromedriver are missing; install the Debian packages chromium chromium-driver fonts-noto-core")
    return CHROMIUM, CHROMEDRIVER
