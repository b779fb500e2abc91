"""Offer and appointment letters: one A4 page, both languages, readable Bengali, hostile values tamed."""

from __future__ import annotations

import datetime
import io
import unicodedata

import pypdf
import pypdfium2 as pdfium
import pytest
from fontTools.ttLib import TTFont
from fpdf import FPDF

from fairday.letter_fields import ELLIPSIS, clusters, fit_line
from fairday.letter_fonts import FONT_PACKAGE, LetterFontsMissing, find_letter_fonts
from fairday.letter_runs import font_runs
from fairday.letter_wording import BODIES, FIELD_LABELS, LETTER_OUTCOMES, MONTHS, SIGNATURES, TITLES
from fairday.letters import offer_letter_pdf
from shared.documents.ocr import ocr_pgm, pgm_bytes
from shared.events.schemas import OUTCOMES
from tests.system_packages import require_noto_fonts, require_tesseract

A4_POINTS = (595.28, 841.89)
MARGIN_POINTS = 20 * 72 / 25.4
LETTER = {
    "candidate_name": "Nusrat Jahan",
    "employer": "Acme Garments Ltd.",
    "post": "Sewing machine operator",
    "date": datetime.date(2026, 12, 5),
    "language": "bn",
    "reference": "K7M-4XRP",
}
# Words of the Bengali half with vowel signs written before their consonant, conjuncts and reph:
# drawn in the order they are typed (no shaping) they read as other, wrong words.
SHAPED_WORDS = ["চাকরির", "প্রস্তাবপত্র", "তারিখ", "ডিসেম্বর", "রেফারেন্স", "নিয়োগকর্তা", "রাকিব", "মেলায়", "দিচ্ছেন",
                "যোগদানের", "ঠিক", "নিয়ে", "যোগাযোগ"]
CONJUNCT_WORD = "নিয়োগকর্তা"
HOSTILE = {
    "10k Latin characters": "A" * 10_000,
    "10k Bengali conjuncts": "ক্ষ" * 5_000,
    "10k viramas": "\u09cd" * 10_000,
    "a wide word": "W" * 200,
    "control characters": "Ra\x00h\x07im\x1b\x7f\x9f\x85",
    "bidi overrides and RTL marks": "Rahim\u202e gpj.exe\u200f\u2067",
    "invisible characters": "\u200b\ufeff\u200cরহিম\u200d\u2060\u00ad",
    "emoji": "😀" * 3_000,
    "combining marks piled up": "Z" + "\u0301" * 5_000,
    "line breaks": "a\nb\r\nc\u2028d\u2029e",
    "only spaces": " " * 10_000,
    "mixed scripts, repeated": "রাকিব Rakib 😀 " * 700,
    "lone surrogate": "x\ud800y",
}


@pytest.fixture
def fonts():
    """The letter fonts, fonts-noto-core installed first when it is missing."""
    require_noto_fonts()
    return find_letter_fonts()


def page_count(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def text_box(pdf: bytes) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) in points of the box around every character drawn on the page."""
    textpage = pdfium.PdfDocument(pdf)[0].get_textpage()
    boxes = [textpage.get_charbox(index) for index in range(textpage.count_chars())]
    lefts, bottoms, rights, tops = zip(*boxes)
    return min(lefts), min(bottoms), max(rights), max(tops)


def page_text(pdf: bytes) -> str:
    return pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def ocr_text(pdf: bytes) -> str:
    """What tesseract (ben+eng) reads on the page rendered at about 216 dpi, NFC-normalised."""
    image = pdfium.PdfDocument(pdf)[0].render(scale=3, grayscale=True).to_pil().convert("L")
    read = ocr_pgm(pgm_bytes(image.width, image.height, image.width, image.tobytes()), timeout=120)
    return unicodedata.normalize("NFC", read)


def shaped_words_read(text: str) -> list[str]:
    return [word for word in SHAPED_WORDS if unicodedata.normalize("NFC", word) in text]


def reads_as_bengali(text: str) -> bool:
    """The OCR check: nearly all of the shaped words are read (OCR may miss one or two)."""
    return len(shaped_words_read(text)) >= len(SHAPED_WORDS) - 2


def test_the_letter_is_one_a4_page(fonts):
    pdf = offer_letter_pdf(**LETTER, fonts=fonts)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4_POINTS, abs=0.5)


@pytest.mark.parametrize("language", ["bn", "en"])
def test_the_text_holds_employer_post_candidate_reference_and_date(fonts, language):
    text = page_text(offer_letter_pdf(**{**LETTER, "language": language}, fonts=fonts))
    for value in ("Acme Garments Ltd.", "Sewing machine operator", "Nusrat Jahan", "K7M-4XRP"):
        assert text.count(value) == 2, value  # once in each language's half
    assert "5 December 2026" in text  # the Bengali half's date is read by OCR below


@pytest.mark.parametrize("language, first, second",
                         [("bn", "পদ Sewing", "Post Sewing"), ("en", "Post Sewing", "পদ Sewing")])
def test_the_language_says_which_half_comes_first(fonts, language, first, second):
    text = page_text(offer_letter_pdf(**{**LETTER, "language": language}, fonts=fonts))
    assert 0 <= text.index(first) < text.index(second)


def test_hired_on_the_spot_gives_an_appointment_letter(fonts):
    text = page_text(offer_letter_pdf(**{**LETTER, "language": "en"}, outcome="hired_on_the_spot", fonts=fonts))
    assert "Appointment letter" in text
    assert "has appointed you to the post above" in " ".join(text.split())
    assert "Offer letter" not in text


def test_shaped_bengali_is_read_back_by_ocr(fonts):
    require_tesseract()
    text = ocr_text(offer_letter_pdf(**{**LETTER, "candidate_name": "রাকিব হাসান"}, fonts=fonts))
    assert reads_as_bengali(text), shaped_words_read(text)
    assert unicodedata.normalize("NFC", CONJUNCT_WORD) in text
    assert "৫ ডিসেম্বর ২০২৬" in text  # the date with Bengali digits
    assert "Acme Garments Ltd." in text and "K7M-4XRP" in text


def test_the_ocr_check_fails_the_same_letter_drawn_without_shaping(fonts, monkeypatch):
    require_tesseract()
    monkeypatch.setattr(FPDF, "set_text_shaping", lambda self, *args, **kwargs: None)
    text = ocr_text(offer_letter_pdf(**{**LETTER, "candidate_name": "রাকিব হাসান"}, fonts=fonts))
    assert not reads_as_bengali(text), shaped_words_read(text)
    assert unicodedata.normalize("NFC", CONJUNCT_WORD) not in text
    assert "Acme Garments Ltd." in text  # the page itself was read: only the Bengali is wrong


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("language", ["bn", "en"])
def test_hostile_values_stay_on_one_page_inside_its_margins(fonts, value, language):
    pdf = offer_letter_pdf(candidate_name=value, employer=value, post=value, date=LETTER["date"],
                           language=language, reference=value, fonts=fonts)
    assert page_count(pdf) == 1
    left, bottom, right, top = text_box(pdf)
    width, height = A4_POINTS
    assert left >= MARGIN_POINTS - 1 and right <= width - MARGIN_POINTS + 1
    assert bottom >= MARGIN_POINTS and top <= height - MARGIN_POINTS + 1


def test_a_10k_character_name_is_cut_with_an_ellipsis(fonts):
    text = page_text(offer_letter_pdf(**{**LETTER, "candidate_name": "Rahim" + "x" * 10_000}, fonts=fonts))
    lines = [line for line in text.splitlines() if "Rahimxxx" in line]
    assert len(lines) == 2 and all(line.endswith(ELLIPSIS) for line in lines)
    assert all(len(line) < 120 for line in lines)


def test_control_bidi_and_invisible_characters_are_stripped(fonts):
    name = "Ra\x00him\u202e gpj.exe\u200f\u200b Ud\x1bdin"
    text = page_text(offer_letter_pdf(**{**LETTER, "candidate_name": name}, fonts=fonts))
    lines = [line for line in text.splitlines() if "gpj.exe" in line]
    assert [line.split(" ", 1)[1] for line in lines] == ["Rahim gpj.exe Uddin"] * 2  # after each half's label


def test_a_value_with_nothing_drawable_shows_a_dash(fonts):
    text = page_text(offer_letter_pdf(**{**LETTER, "candidate_name": "😀\u200b\x07"}, fonts=fonts))
    assert "Candidate —" in text


def test_the_same_letter_gives_the_same_bytes(fonts):
    assert offer_letter_pdf(**LETTER, fonts=fonts) == offer_letter_pdf(**LETTER, fonts=fonts)


def test_missing_fonts_raise_an_error_naming_the_debian_package(tmp_path):
    with pytest.raises(LetterFontsMissing, match=FONT_PACKAGE) as raised:
        find_letter_fonts(tmp_path)
    assert "NotoSansBengali-Regular.ttf" in str(raised.value)


def test_a_letter_without_its_fonts_raises_the_same_error(tmp_path, monkeypatch):
    monkeypatch.setattr("fairday.letters.find_letter_fonts", lambda: find_letter_fonts(tmp_path))
    with pytest.raises(LetterFontsMissing, match="apt-get install fonts-noto-core"):
        offer_letter_pdf(**LETTER)


@pytest.mark.parametrize("change", [{"language": "fr"}, {"outcome": "not_suitable"}])
def test_an_unknown_language_or_outcome_is_refused(fonts, change):
    with pytest.raises(ValueError):
        offer_letter_pdf(**{**LETTER, **change}, fonts=fonts)


def test_letters_are_made_for_interview_outcomes_only():
    assert set(LETTER_OUTCOMES) <= set(OUTCOMES)


def test_all_wording_is_drawn_by_its_languages_own_font(fonts):
    own_font = {"bn": fonts.bengali, "en": fonts.latin}
    for language, path in own_font.items():
        cmap = TTFont(path).getBestCmap()
        wording = [SIGNATURES[language], *FIELD_LABELS[language].values(), *MONTHS[language]]
        wording += [TITLES[(language, outcome)] + BODIES[(language, outcome)] for outcome in LETTER_OUTCOMES]
        missing = {ch for text in wording for ch in text if ord(ch) not in cmap}
        assert not missing, (language, missing)


def test_a_cut_keeps_bengali_conjuncts_and_vowel_signs_whole():
    assert clusters("ক্ষেত্র") == ["ক্ষে", "ত্র"]
    assert fit_line("ক্ষেত্র", 6, len) == "ক্ষে" + ELLIPSIS


@pytest.mark.parametrize("text, width, fitted", [("abcdef", 6, "abcdef"), ("abcdef", 5, "abcd…"), ("ab cdef", 4, "ab…"),
                                                 ("", 10, "—"), ("abcdef", 0, "…")])
def test_fit_line_cuts_to_the_width_it_is_given(text, width, fitted):
    assert fit_line(text, width, len) == fitted


def test_font_runs_keep_each_script_in_a_font_that_has_it():
    bengali, latin = frozenset(map(ord, "রাকিব ()")), frozenset(map(ord, "Rakib ()"))
    fonts = [("bn", bengali), ("latin", latin)]
    assert font_runs("রাকিব (Rakib)😀", fonts) == [("bn", "রাকিব ("), ("latin", "Rakib)")]
