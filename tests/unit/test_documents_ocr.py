"""Scanned pages (no text layer): OCR with tesseract when it is there, else flagged for review."""

from __future__ import annotations

import time

import pytest

from shared.documents import extract_cv_file
from tests import document_fixtures as make
from tests.system_packages import require_tesseract

ENGLISH = "Curriculum Vitae\nComputer operator with five years of experience\nSkills: typing, spreadsheets, accounting"
ENGLISH_WORDS = ["Curriculum", "Vitae", "Computer", "operator", "five", "years", "experience", "typing", "accounting"]
BENGALI = "আমি কম্পিউটার অপারেটর হিসেবে কাজ করেছি\nশিক্ষাগত যোগ্যতা: স্নাতক\nমোবাইল নম্বর দেওয়া আছে"
BENGALI_WORDS = ["আমি", "কম্পিউটার", "অপারেটর", "হিসেবে", "কাজ", "করেছি", "শিক্ষাগত", "যোগ্যতা", "স্নাতক", "মোবাইল", "নম্বর"]


def found(text: str, words: list[str]) -> int:
    return sum(1 for word in words if word in text)


@pytest.mark.parametrize("language, text, words", [("eng", ENGLISH, ENGLISH_WORDS), ("ben", BENGALI, BENGALI_WORDS)])
def test_scanned_page_is_read_by_ocr_for_review(language, text, words):
    require_tesseract()
    scan = make.image_only_pdf(text, language)
    started = time.monotonic()
    cv = extract_cv_file(scan, "scan.pdf", "application/pdf")
    elapsed = time.monotonic() - started
    assert (cv.extraction, cv.reason, cv.source) == ("needs_review", "read by OCR", "pdf")
    # OCR is noisy: most of the key words, not all.
    assert found(cv.text, words) >= len(words) - 2, cv.text
    assert elapsed < 10


def test_without_tesseract_a_scan_has_no_text_layer(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    cv = extract_cv_file(make.image_only_pdf(ENGLISH, "eng"), "scan.pdf")
    assert (cv.text, cv.extraction, cv.reason) == ("", "needs_review", "no text layer")


def test_a_blank_scan_has_no_text_layer():
    cv = extract_cv_file(make.blank_image_pdf(), "scan.pdf")
    assert (cv.text, cv.extraction, cv.reason) == ("", "needs_review", "no text layer")
