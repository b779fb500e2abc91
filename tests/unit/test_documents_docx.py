"""DOCX text: paragraphs, tables (nested), headers, footers and text boxes, each once."""

from __future__ import annotations

import io

from shared.documents import extract_cv_file
from shared.documents.docx_text import check_archive
from tests import document_fixtures as make

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_everything_in_the_document_is_read_once_in_order():
    cv = extract_cv_file(make.docx_with_everything(), "cv.docx", DOCX_TYPE)
    assert (cv.source, cv.extraction, cv.reason, cv.media_type) == ("docx", "ok", None, DOCX_TYPE)
    expected_in_order = [
        "Rahima Khatun CV",  # header first
        "Worked as a computer operator for five years.",
        "আমি কম্পিউটার অপারেটর হিসেবে কাজ করেছি",
        "Skill",
        "Nested cell text",  # nested table, inside its cell
        "দক্ষতা",
        "Typing টাইপিং",  # a table row on one line
        "See the box:",
        "শিক্ষাগত যোগ্যতা: স্নাতক",  # the text box, after its anchor paragraph
        "Phone 01711000000",  # footer last
    ]
    positions = [cv.text.index(part) for part in expected_in_order]
    assert positions == sorted(positions)
    # The text box is stored twice (DrawingML choice and VML fallback) but read once.
    assert cv.text.count("শিক্ষাগত যোগ্যতা") == 1
    assert cv.text.count("Rahima Khatun CV") == 1


def test_text_boxes_in_headers_and_sections_with_their_own_headers():
    import docx
    from docx.enum.section import WD_SECTION

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "First header"
    make.add_text_box(document.sections[0].header.paragraphs[0], "Header box মোবাইল")
    document.add_paragraph("Section one body")
    second = document.add_section(WD_SECTION.NEW_PAGE)
    second.header.is_linked_to_previous = False
    second.header.paragraphs[0].text = "Second header"
    document.add_paragraph("Section two body")
    third = document.add_section(WD_SECTION.NEW_PAGE)  # linked: not repeated
    assert third.header.is_linked_to_previous
    out = io.BytesIO()
    document.save(out)
    text = extract_cv_file(out.getvalue(), "cv.docx").text
    for part in ("First header", "Header box মোবাইল", "Second header", "Section one body", "Section two body"):
        assert text.count(part) == 1, part


def test_merged_cells_are_read_once():
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 2))
    merged.text = "Merged heading"
    table.cell(1, 0).text = "a"
    out = io.BytesIO()
    document.save(out)
    assert extract_cv_file(out.getvalue()).text.count("Merged heading") == 1


def test_archive_check_passes_a_normal_document():
    check_archive(make.docx_with_everything(), 50 * 1024 * 1024)
