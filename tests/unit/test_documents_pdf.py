"""PDF text through the sandbox: English, shaped Bengali (generated with a real Bengali font), mixed."""

from __future__ import annotations

import unicodedata

import pytest

from shared.documents import extract_cv_file
from tests import document_fixtures as make
from tests.unit.test_documents_bengali_order import visual_order

BENGALI_SENTENCES = [
    "আমি কম্পিউটার অপারেটর হিসেবে কাজ করেছি",  # ি ে, conjunct ম্প
    "শিক্ষাগত যোগ্যতা: স্নাতক",  # ক্ষ, ো, ্য (ya-phala), স্ন
    "মোবাইল",  # ো
    "কৌশল",  # ৌ
    "কর্মী ও বৈদ্যুতিক মিস্ত্রি",  # reph র্ম, ৈ, ্য, স্ত্র
    "অন্তর্জাতিক ব্যবসা প্রতিষ্ঠান",  # ন্ত, reph, ব্য, ষ্ঠ
    "স্ত্রী ও সন্তানের জন্য",  # স্ত্র, ন্ত, ন্য
]


@pytest.fixture(scope="module")
def bengali_results():
    """Every sentence in its own shaped PDF, extracted once for the module."""
    return {sentence: extract_cv_file(make.bengali_pdf(sentence), "cv.pdf", "application/pdf") for sentence in BENGALI_SENTENCES}


def test_english_pdf():
    cv = extract_cv_file(make.english_pdf("Curriculum vitae\nWorked as a computer operator in Khulna."), "cv.pdf")
    assert cv.text == "Curriculum vitae\nWorked as a computer operator in Khulna."
    assert (cv.source, cv.extraction, cv.reason, cv.media_type) == ("pdf", "ok", None, "application/pdf")


@pytest.mark.parametrize("sentence", BENGALI_SENTENCES)
def test_shaped_bengali_comes_back_as_written(bengali_results, sentence):
    cv = bengali_results[sentence]
    assert cv.text == unicodedata.normalize("NFC", sentence)
    assert cv.extraction == "ok"


def test_many_bengali_lines_on_one_page_in_order():
    cv = extract_cv_file(make.bengali_pdf("\n".join(BENGALI_SENTENCES)))
    assert cv.text.split("\n") == [unicodedata.normalize("NFC", s) for s in BENGALI_SENTENCES]


def test_mixed_english_and_bengali():
    lines = [
        "Name: Rahima Khatun",
        "পেশা: কম্পিউটার অপারেটর (Computer operator)",
        "Skills: MS Office, টাইপিং, হিসাবরক্ষণ",
        "শিক্ষাগত যোগ্যতা: স্নাতক, Khulna University",
    ]
    cv = extract_cv_file(make.mixed_pdf(lines), "cv.pdf")
    assert cv.text.split("\n") == [unicodedata.normalize("NFC", line) for line in lines]


def test_bengali_in_visual_order_is_put_back_in_logical_order():
    # A PDF whose text map holds the glyphs in visual order (ি before its consonant, ো split
    # around it, reph after its cluster), as some PDF makers write it.
    sentence = "আমি কম্পিউটার অপারেটর হিসেবে কাজ করেছি, মোবাইল ও কৌশল, কর্মী"
    pdf = make.unshaped_pdf(visual_order(sentence))
    cv = extract_cv_file(pdf, "cv.pdf")
    assert cv.text == unicodedata.normalize("NFC", sentence)


def test_every_page_is_read_in_order():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for number in range(1, 4):
        pdf.add_page()
        pdf.cell(0, 10, f"Page {number} text")
    cv = extract_cv_file(bytes(pdf.output()), "cv.pdf")
    assert cv.text == "Page 1 text\n\nPage 2 text\n\nPage 3 text"


def test_blank_pages_give_no_text_for_review():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    cv = extract_cv_file(bytes(pdf.output()))
    assert (cv.text, cv.extraction, cv.reason) == ("", "needs_review", "no text found")
