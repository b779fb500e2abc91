"""Hostile uploads are refused with the right status, quickly, and the caller stays healthy."""

from __future__ import annotations

import time

import pytest

from shared.documents import ExtractionLimits, FileRefused, extract_cv_file
from shared.documents.sandbox import TOO_SLOW, run_in_child
from tests import document_fixtures as make

LIMIT_SECONDS = ExtractionLimits().seconds

HOSTILE = [
    ("bomb.docx", make.bomb_docx, None, 422, "zip bomb"),
    ("cv.pdf", make.malformed_pdf, None, 422, "damaged"),
    ("cv.pdf", make.truncated_pdf, None, 422, "damaged"),
    ("cv.pdf", make.encrypted_pdf, None, 422, "encrypted"),
    ("cv.pdf", make.many_pages_pdf, None, 422, "too many pages"),
    ("cv.pdf", make.png_image, "application/pdf", 415, "images"),
    ("cv.pdf", make.exe_like, None, 415, "programs"),
    ("setup.exe", make.exe_like, "application/octet-stream", 415, "programs"),
    ("cv.docx", make.zip_not_docx, None, 415, "not a Word document"),
    ("cv.doc", make.ole_doc, "application/msword", 415, ".doc"),
    ("cv.docx", make.dtd_docx, None, 422, "DTD"),
    ("cv.txt", lambda: b"", None, 422, "empty"),
    ("cv.txt", make.big_text, "text/plain", 413, "larger than"),
]


@pytest.fixture(scope="module")
def normal_pdf() -> bytes:
    return make.english_pdf("Still healthy: computer operator")


@pytest.mark.parametrize("filename, maker, declared, status, words", HOSTILE, ids=[m.__name__ if hasattr(m, "__name__") else "x" for _, m, *_ in HOSTILE])
def test_hostile_file_is_refused_quickly_and_the_next_file_is_fine(filename, maker, declared, status, words, normal_pdf):
    data = maker()
    started = time.monotonic()
    with pytest.raises(FileRefused) as caught:
        extract_cv_file(data, filename, declared)
    elapsed = time.monotonic() - started
    assert caught.value.status == status
    assert words in caught.value.reason
    # Refused by its own check, well inside the wall-clock limit (not by the timeout).
    assert caught.value.reason != TOO_SLOW
    assert elapsed < LIMIT_SECONDS  # the promise: a clear 4xx within the limit, on a loaded machine too
    assert extract_cv_file(normal_pdf, "cv.pdf").text == "Still healthy: computer operator"


def test_reasons_never_repeat_content_or_paths():
    data = b"%PDF-1.7\nsecret-content /home/user/cv.pdf"
    with pytest.raises(FileRefused) as caught:
        extract_cv_file(data, "../../home/user/secret.pdf")
    assert "secret" not in caught.value.reason and "/" not in caught.value.reason


def test_wall_clock_limit_kills_the_child(normal_pdf):
    started = time.monotonic()
    with pytest.raises(FileRefused) as caught:
        run_in_child("pdf", normal_pdf, ExtractionLimits(seconds=0.05))
    assert (caught.value.status, caught.value.reason) == (422, TOO_SLOW)
    assert time.monotonic() - started < 2
    assert extract_cv_file(normal_pdf).text == "Still healthy: computer operator"


def test_a_child_out_of_memory_is_a_refusal_not_a_crash(normal_pdf):
    with pytest.raises(FileRefused) as caught:
        extract_cv_file(normal_pdf, "cv.pdf", limits=ExtractionLimits(memory_bytes=16 * 1024 * 1024))
    assert caught.value.status == 422
    assert extract_cv_file(normal_pdf).text == "Still healthy: computer operator"


def test_a_child_that_dies_is_a_refusal(monkeypatch, normal_pdf):
    # The child's interpreter crashes at once (as a segfault in a native parser would end it).
    monkeypatch.setattr("shared.documents.sandbox.sys.executable", "/bin/false")
    with pytest.raises(FileRefused) as caught:
        extract_cv_file(normal_pdf, "cv.pdf")
    assert caught.value.status == 422
    monkeypatch.undo()
    assert extract_cv_file(normal_pdf).text == "Still healthy: computer operator"


def test_the_unpacked_size_limit_applies_below_the_ratio_guard():
    # 60 MB of zeros inflating 1000:1 is a bomb; the same under a lower total limit too.
    data = make.bomb_docx(60 * 1024 * 1024)
    with pytest.raises(FileRefused) as caught:
        extract_cv_file(data, "cv.docx")
    assert caught.value.status == 422


def test_scans_stop_ocr_before_the_wall_clock_limit():
    scan = make.image_only_pdf("Computer operator", "eng")
    started = time.monotonic()
    cv = extract_cv_file(scan, "scan.pdf", limits=ExtractionLimits(seconds=1.5))
    assert time.monotonic() - started < 1.5
    assert cv.extraction == "needs_review"


def test_a_header_that_lies_about_the_stream_cannot_inflate_it(normal_pdf):
    # zipfile inflates up to 2 GB in one read call before cutting to the declared size; in the
    # child that runs into RLIMIT_AS and ends as a refusal, never in the service process.
    data = make.lying_bomb_docx()
    started = time.monotonic()
    with pytest.raises(FileRefused) as caught:
        extract_cv_file(data, "cv.docx")
    assert caught.value.status == 422 and caught.value.reason != TOO_SLOW  # refused by the memory limit, not the clock
    assert time.monotonic() - started < LIMIT_SECONDS
    assert extract_cv_file(normal_pdf).text == "Still healthy: computer operator"
