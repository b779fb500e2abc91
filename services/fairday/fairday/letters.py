"""Offer and appointment letters as one-page A4 PDFs, in Bengali and English, Bengali shaped by HarfBuzz."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Sequence

from fpdf import FPDF

from fairday.letter_fields import drawable_line, fit_line
from fairday.letter_fonts import LetterFonts, find_letter_fonts
from fairday.letter_runs import font_runs
from fairday.letter_wording import (
    BODIES,
    FIELD_LABELS,
    LANGUAGES,
    LETTER_OUTCOMES,
    SIGNATURES,
    TITLES,
    letter_date,
)

# Each language's own script's font family, the one its wording is written in.
FAMILIES = {"bn": "NotoSansBengali", "en": "NotoSans"}
# Bengali letters look smaller than Latin ones at the same size.
TEXT_SIZES = {"bn": 13, "en": 12}
TITLE_SIZE = 20
MARGIN = 20
LABEL_WIDTH = 38
FIELD_HEIGHT = 8
BODY_LINE_HEIGHT = 6.5

FontOrder = Sequence[tuple[str, Collection[int]]]


def offer_letter_pdf(
    *,
    candidate_name: str,
    employer: str,
    post: str,
    date: datetime.date,
    language: str,
    reference: str,
    outcome: str = "offer",
    fonts: LetterFonts | None = None,
) -> bytes:
    """The letter for ``outcome`` ("offer" or "hired_on_the_spot"), ``language``'s half first; ValueError for others."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {language!r}")
    if outcome not in LETTER_OUTCOMES:
        raise ValueError(f"outcome must be one of {LETTER_OUTCOMES}, not {outcome!r}")
    pdf = _new_pdf(fonts or find_letter_fonts(), date)
    # fpdf2 keys a font by its family in lower case and style ("" for regular).
    cmaps = {family: frozenset(pdf.fonts[family.lower()].cmap) for family in FAMILIES.values()}
    drawable = frozenset().union(*cmaps.values())
    values = {
        "reference": drawable_line(reference, drawable),
        "candidate": drawable_line(candidate_name, drawable),
        "employer": drawable_line(employer, drawable),
        "post": drawable_line(post, drawable),
    }
    pdf.set_title(TITLES[(language, outcome)])
    pdf.set_lang(language)
    pdf.add_page()
    second = next(other for other in LANGUAGES if other != language)
    for half, half_language in enumerate((language, second)):
        if half:
            pdf.ln(8)
            pdf.line(MARGIN, pdf.get_y(), pdf.w - MARGIN, pdf.get_y())
            pdf.ln(8)
        # Values in the half's own script's font first, the other script's font for the rest.
        order = sorted(cmaps.items(), key=lambda item: item[0] != FAMILIES[half_language])
        _write_half(pdf, half_language, outcome, {"date": letter_date(date, half_language), **values}, order)
    return bytes(pdf.output())


def _new_pdf(fonts: LetterFonts, date: datetime.date) -> FPDF:
    """An empty A4 document with the letter fonts, text shaping on and no automatic second page."""
    pdf = FPDF(format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(False)
    pdf.c_margin = 0  # a value is drawn as several cells side by side, one per font run
    pdf.add_font("NotoSans", "", fonts.latin)
    pdf.add_font("NotoSans", "B", fonts.latin_bold)
    pdf.add_font("NotoSansBengali", "", fonts.bengali)
    pdf.add_font("NotoSansBengali", "B", fonts.bengali_bold)
    pdf.set_text_shaping(True)
    pdf.set_creator("jobmatch fairday")
    # The letter's own date, so the same letter gives the same bytes.
    pdf.set_creation_date(datetime.datetime.combine(date, datetime.time(), tzinfo=datetime.timezone.utc))
    return pdf


def _write_half(pdf: FPDF, language: str, outcome: str, values: dict[str, str], order: FontOrder) -> None:
    """One language's half: title, the fields one line each, the body text and a signature line."""
    family, size = FAMILIES[language], TEXT_SIZES[language]
    pdf.set_font(family, "B", TITLE_SIZE)
    pdf.cell(0, 11, TITLES[(language, outcome)], new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    measure = _run_width(pdf, order, size)
    for field, label in FIELD_LABELS[language].items():
        pdf.set_font(family, "B", size)
        pdf.cell(LABEL_WIDTH, FIELD_HEIGHT, label)
        _write_runs(pdf, fit_line(values[field], pdf.epw - LABEL_WIDTH, measure), order, size)
        pdf.ln(FIELD_HEIGHT)
    pdf.ln(4)
    pdf.set_font(family, "", size)
    pdf.multi_cell(0, BODY_LINE_HEIGHT, BODIES[(language, outcome)], align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(16)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + 75, pdf.get_y())
    pdf.ln(1)
    pdf.set_font(family, "", size - 1)
    pdf.cell(0, FIELD_HEIGHT, SIGNATURES[language], new_x="LMARGIN", new_y="NEXT")


def _run_width(pdf: FPDF, order: FontOrder, size: float) -> Callable[[str], float]:
    """A measure of how wide text is when drawn run by run in the fonts of ``order``."""

    def width(text: str) -> float:
        total = 0.0
        for family, run in font_runs(text, order):
            pdf.set_font(family, "", size)
            total += pdf.get_string_width(run)
        return total

    return width


def _write_runs(pdf: FPDF, text: str, order: FontOrder, size: float) -> None:
    """Draw ``text`` on the current line, each run in its own font."""
    for family, run in font_runs(text, order):
        pdf.set_font(family, "", size)
        pdf.cell(pdf.get_string_width(run), FIELD_HEIGHT, run)
