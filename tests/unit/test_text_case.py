"""Lowered twins of case-insensitive patterns: when a lowered text may stand in for the original."""

import random
import re

import pytest

from matcher.ranking.blind import _fields_dropped
from matcher.ranking.education import _education_in
from shared.text.case import lowered_alike, lowered_twin

# Pieces of CV text for the readers that use twins, with letters whose lowering is not alike (İ, ı, ſ).
LEVEL_PIECES = ["SSC", "s.s.c", "HSC 2019", "H.S.C", "Alim", "ALIM", "Diploma", "POLYTECHNIC", "B.Sc", "BSC", "BBA",
    "b.b.a", "Bachelor's", "HONOURS", "MBA", "M.Sc.", "Masters", "MASTER'S", "PhD", "Ph.D", "UNIVERSITY",
    "Varsity", "student", "Final-Year", "completed", "PASSED", "BA", "MA", "A-Level", "O levels",
    "স্নাতক", "স্নাতকের", "এইচএসসি", "বিশ্ববিদ্যালয়ের", "ছাত্রী", "পাস", "\n", ". ", ", ", " ", "(", ")",
    "İstanbul", "Bachelor ıs", "Maſters", "Unıversity", "Dıploma", "\u212aelvin", "ǅ", "ß", "Σ",
    # Capitals read case-sensitively, inside words or not ("BAnk", "2019BA", "জMA"), and student words.
    "B", "M", "A", "O", "B.A.", "M.A", "BAnk", "MAX", "Level", "-level", "2019", "জ", "_", "university", "varsity",
    "বিশ্ববিদ্যালয়", "xuniversity"]
FIELD_PIECES = ["Name", "NAME", "name", "Father's Name", "FATHER’S NAME", "Mother`s name", "Full Name", "Date of Birth",
    "D.O.B", "dob", "Religion", "RELIGION", "Marital Status", "Gender", "Sex", "Nationality", "NID No.",
    "National ID Card Number", "Passport No", "E-mail", "EMAIL", "Email Address", "Phone", "MOBILE",
    "Contact No.", "Skills", "EDUCATION", "Career Objective", "পিতার নাম", "নাম", "জন্ম তারিখ", "ধর্ম",
    "মোবাইল নম্বর", "ঠিকানা", ":", " : ", " - ", "=", "：", " (years): ", "\n", "|", "; ", ". ", " ",
    "Rakib Hasan", "Islam", "1998-03-12", "rakib@example.com", "01711-234567", "Company Name",
    "İbrahim", "Relıgion", "ſex", "Natıonalıty", "\u212aarim", "Kelvin\u212a", "ǅ", "ß"]


@pytest.mark.parametrize("text", ["Bachelor of Science", "স্নাতক পাস, BBA", "MASTER'S \u212aELVIN", ""])
def test_a_text_whose_lowering_keeps_its_positions_is_lowered(text):
    assert lowered_alike(text) == text.lower()


@pytest.mark.parametrize("text", ["İstanbul", "Unıversity", "Maſters"])
def test_a_text_whose_lowering_moves_positions_or_folds_otherwise_is_not(text):
    assert lowered_alike(text) is None


def test_a_twin_finds_in_the_lowered_text_what_its_pattern_finds_in_the_text():
    pattern = re.compile(r"(?<!\w)(?P<level>b\.?\s?sc|bba|স্নাতক)(?!\w)", re.IGNORECASE)
    text = "B.Sc 2020, BBA (Hons) and স্নাতক; also bBa"
    twin = lowered_twin(pattern)
    found = [(m.span(), m.group("level").lower()) for m in pattern.finditer(text)]
    assert [(m.span(), m.group("level")) for m in twin.finditer(lowered_alike(text))] == found
    assert len(found) == 4


@pytest.mark.parametrize("pattern", [re.compile("bsc"), re.compile("BSc", re.IGNORECASE), re.compile(r"b\Sc", re.IGNORECASE)])
def test_a_pattern_that_cannot_have_a_twin_is_refused(pattern):
    with pytest.raises(ValueError):
        lowered_twin(pattern)


@pytest.mark.parametrize("read, pieces", [(_education_in, LEVEL_PIECES), (_fields_dropped, FIELD_PIECES)],
                         ids=["education levels", "personal fields"])
def test_each_reader_finds_in_the_lowered_text_what_it_finds_case_insensitively(read, pieces):
    """Education levels and personal fields read with lowered twins on the lowered text (and, for
    levels, scans led by first letters) equal the plain patterns' reading, and texts whose
    lowering is not alike take those patterns."""
    rng = random.Random(7)
    fast = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) + rng.choice(["", " ", " ", "\n"]) for _ in range(rng.randint(1, 14)))
        lowered = lowered_alike(text)
        fast += lowered is not None
        assert read(text, lowered) == read(text, None), text
        if any(c in text for c in "İıſ"):
            assert lowered is None, text
    assert fast > 1500  # most texts take the fast path
