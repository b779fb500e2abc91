"""Optical character recognition of page images with the ``tesseract`` program, when present.

Used for PDF pages without a text layer (scans, photos). Needs the ``tesseract`` binary with
the ``ben`` and ``eng`` language data (Debian: tesseract-ocr, tesseract-ocr-ben,
tesseract-ocr-eng). Images go to tesseract on its standard input as binary PGM; nothing is
written to disk. The result is always marked for review by a person.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess

OCR_LANGUAGES = "ben+eng"
_NEEDED = frozenset({"ben", "eng"})


class OcrTimeout(Exception):
    """Tesseract did not finish within the time it was given (it has been killed)."""


@functools.cache
def tesseract_path() -> str | None:
    """The tesseract binary when it has the Bengali and English language data, else None."""
    path = shutil.which("tesseract")
    if path is None:
        return None
    try:
        listed = subprocess.run(
            [path, "--list-langs"], capture_output=True, timeout=10, check=False, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.SubprocessError):
        return None
    languages = {line.strip() for line in listed.stdout.decode("utf-8", "replace").splitlines()[1:]}
    return path if _NEEDED <= languages else None


def ocr_available() -> bool:
    """True when :func:`ocr_pgm` can run (tesseract with ``ben`` and ``eng`` is installed)."""
    return tesseract_path() is not None


def pgm_bytes(width: int, height: int, stride: int, pixels: bytes | memoryview) -> bytes:
    """A binary PGM (P5) image from 8-bit grey rows of ``stride`` bytes each."""
    header = b"P5\n%d %d\n255\n" % (width, height)
    if stride == width:
        return header + bytes(pixels[: width * height])
    rows = (bytes(pixels[row * stride : row * stride + width]) for row in range(height))
    return header + b"".join(rows)


def ocr_pgm(image: bytes, timeout: float) -> str:
    """Return the text tesseract reads (Bengali and English) in a PGM ``image``.

    Raises OcrTimeout after ``timeout`` seconds, RuntimeError when tesseract is missing or fails.
    """
    path = tesseract_path()
    if path is None:
        raise RuntimeError("tesseract with ben and eng is not installed")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(
            [path, "stdin", "stdout", "-l", OCR_LANGUAGES, "--psm", "3"],
            input=image,
            capture_output=True,
            timeout=max(timeout, 0.1),
            check=False,
            env=env,
        )
    except subprocess.TimeoutExpired:
        raise OcrTimeout() from None
    if done.returncode != 0:
        raise RuntimeError(f"tesseract exited with {done.returncode}")
    return done.stdout.decode("utf-8", "replace")
