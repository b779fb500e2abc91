"""The type of an upload comes from its bytes; names and declared types are only checked claims."""

from __future__ import annotations

import pytest

from shared.documents import ExtractionLimits, FileRefused, extract_cv_file, sniff_type
from shared.documents.plain_text import decode_text, tidy_text
from shared.documents.sniff import extension_of
from tests import document_fixtures as make

PDF_HEADER = b"%PDF-1.7\n"


def refused(data: bytes, filename: str | None = None, declared: str | None = None) -> FileRefused:
    with pytest.raises(FileRefused) as caught:
        sniff_type(data, filename, declared)
    return caught.value


def test_pdf_is_known_by_its_header_even_after_a_little_junk():
    assert sniff_type(PDF_HEADER + b"1 0 obj") == "pdf"
    assert sniff_type(b"\x00junk" * 100 + PDF_HEADER) == "pdf"
    assert sniff_type(b"x" * 1000 + PDF_HEADER, "cv.pdf") == "pdf"


def test_pdf_header_too_far_in_is_not_a_pdf():
    assert refused(b"\x00" * 2000 + PDF_HEADER).status == 415


def test_docx_needs_the_word_parts_inside_the_zip():
    assert sniff_type(make.docx_with_everything(), "cv.docx") == "docx"
    other_zip = refused(make.zip_not_docx(), "cv.docx")
    assert other_zip.status == 415 and "Word" in other_zip.reason


@pytest.mark.parametrize(
    "data, word",
    [
        (make.png_image(), "images"),
        (make.exe_like(), "programs"),
        (make.ole_doc(), ".doc"),
        (b"\xff\xd8\xff\xe0" + bytes(100), "images"),
        (b"{\\rtf1\\ansi hello}", "RTF"),
    ],
)
def test_other_types_are_refused_with_the_accepted_types(data, word):
    error = refused(data)
    assert error.status == 415
    assert word in error.reason and "PDF" in error.reason and "plain text" in error.reason


@pytest.mark.parametrize(
    "data, filename, declared",
    [
        (make.png_image(), "cv.pdf", "application/pdf"),
        (make.exe_like(), "cv.pdf", None),
        (PDF_HEADER + b"...", "cv.docx", None),
        (PDF_HEADER + b"...", None, "text/plain"),
        (b"plain words", "cv.pdf", None),
        (b"plain words", "photo.png", None),
        (b"plain words", "cv.txt", "application/msword"),
        (b"plain words", None, "application/pdf"),
    ],
)
def test_a_name_or_declared_type_that_disagrees_with_the_bytes_is_refused(data, filename, declared):
    assert refused(data, filename, declared).status == 415


def test_claims_that_agree_or_say_nothing_are_fine():
    assert sniff_type(PDF_HEADER, "My CV.PDF", "application/pdf; charset=binary") == "pdf"
    assert sniff_type(b"hello", "cv", "application/octet-stream") == "text"
    assert sniff_type(b"hello", "cv.txt", "text/plain; charset=utf-8") == "text"
    assert sniff_type(b"hello", "notes.cv", None) == "text"


def test_the_filename_is_only_an_extension_and_never_a_path():
    assert extension_of("../../etc/passwd") == ""
    assert extension_of("..\\..\\windows\\cv.PDF") == "pdf"
    assert extension_of(".bashrc") == ""
    assert sniff_type(b"root:x:0:0:root:/root:/bin/bash\n", "../../etc/passwd") == "text"
    cv = extract_cv_file(b"Rahim, computer operator\n", "../../etc/passwd")
    assert cv.text == "Rahim, computer operator" and cv.source == "text"


def test_empty_file_is_refused():
    assert refused(b"").status == 422


@pytest.mark.parametrize(
    "data",
    [
        "কম্পিউটার অপারেটর\nComputer operator".encode(),
        b"\xef\xbb\xbf" + "কম্পিউটার অপারেটর\nComputer operator".encode(),
        "কম্পিউটার অপারেটর\nComputer operator".encode("utf-16"),
        b"\xfe\xff" + "কম্পিউটার অপারেটর\nComputer operator".encode("utf-16-be"),
        b"\xff\xfe" + "কম্পিউটার অপারেটর\nComputer operator".encode("utf-16-le"),
    ],
)
def test_text_in_utf8_or_utf16_with_bom_reads_the_same(data):
    cv = extract_cv_file(data, "cv.txt", "text/plain")
    assert cv.text == "কম্পিউটার অপারেটর\nComputer operator"
    assert (cv.source, cv.extraction, cv.reason, cv.media_type) == ("text", "ok", None, "text/plain; charset=utf-8")


@pytest.mark.parametrize(
    "data",
    [
        b"abc\x00def",
        "no bom".encode("utf-16-le"),
        "café".encode("latin-1"),
        bytes(range(1, 32)) * 10 + b"text",
    ],
)
def test_binary_or_unknown_encodings_are_not_text(data):
    assert decode_text(data) is None
    assert refused(data).status == 415


def test_text_is_tidied_to_nfc_without_invisible_characters():
    decomposed = "মে\u09be\u09ac\u09be\u0987\u09b2"  # ম + ে + া (ো decomposed)
    assert tidy_text(f"  {decomposed}\u202e \t x\r\n\r\n\r\n\r\nnext\u00a0line ") == "মোবাইল x\n\nnext line"


def test_six_megabytes_of_text_is_too_large():
    with pytest.raises(FileRefused) as caught:
        extract_cv_file(make.big_text(6 * 1024 * 1024), "cv.txt")
    assert caught.value.status == 413 and "5 MB" in caught.value.reason


def test_long_text_is_cut_with_a_note():
    limits = ExtractionLimits(max_text_chars=1000)
    cv = extract_cv_file(make.big_text(50_000), "cv.txt", limits=limits)
    assert len(cv.text) <= 1000 and cv.extraction == "ok"
    assert cv.reason == "text cut at 1000 characters"


def test_file_refused_survives_pickling():
    import pickle

    error = pickle.loads(pickle.dumps(FileRefused(415, "nope")))
    assert (error.status, error.reason) == (415, "nope")
