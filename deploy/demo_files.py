"""CV files for ``make demo``: a few of the sample CVs handed in as PDF and DOCX, made on the spot.

PDFs are written with fpdf2 (installed with the test tools by ``make install``) in a core font, so
only for CVs in English; DOCX files with python-docx (intake's own reader), in any language.
"""

from __future__ import annotations

import io


def cv_as_pdf(text: str) -> bytes | None:
    """``text`` as a one-column PDF, or None when fpdf2 is not installed or the text is not Latin."""
    try:
        from fpdf import FPDF
    except ImportError:
        return None
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return None
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for paragraph in text.split("\n"):
        pdf.multi_cell(0, 6, paragraph or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def cv_as_docx(text: str, name: str) -> bytes:
    """``text`` as a DOCX with the candidate's name in the page header, as CV templates do."""
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = name
    for paragraph in text.split("\n"):
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
