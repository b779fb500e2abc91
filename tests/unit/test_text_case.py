"""Lowered twins of case-insensitive patterns: when a lowered text may stand in for the original."""

import re

import pytest

from shared.text.case import lowered_alike, lowered_twin


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
