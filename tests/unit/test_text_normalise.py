import re
import unicodedata

import pytest

from shared.text.digits import to_ascii_digits
from shared.text.normalise import normalise_text

PRECOMPOSED_YA = "\u09df"  # য়
DECOMPOSED_YA = "\u09af\u09bc"  # য + nukta
PRECOMPOSED_RRA = "\u09dc"  # ড়
DECOMPOSED_RRA = "\u09a1\u09bc"  # ড + nukta


def test_casefolds_and_collapses_whitespace():
    assert normalise_text("  Customer\tSERVICE \n\n Officer  ") == "customer service officer"


def test_casefold_goes_beyond_lower():
    assert normalise_text("Straße") == "strasse"


def test_bengali_digits_become_ascii():
    assert normalise_text("৩ বছর, ফোন ০১৭১২৩৪৫৬৭৮") == "3 বছর, ফোন 01712345678"


@pytest.mark.parametrize(
    "precomposed, decomposed",
    [
        (f"নিয়োগ {PRECOMPOSED_YA}", f"নি{DECOMPOSED_YA}োগ {DECOMPOSED_YA}"),
        (f"প{PRECOMPOSED_RRA}া", f"প{DECOMPOSED_RRA}া"),
        (f"সেবা{PRECOMPOSED_YA}", f"সেবা{DECOMPOSED_YA}"),
    ],
)
def test_precomposed_and_decomposed_nukta_letters_agree(precomposed, decomposed):
    assert precomposed != decomposed
    assert normalise_text(precomposed) == normalise_text(decomposed)
    # Composition exclusions: NFC keeps the decomposed spelling.
    assert PRECOMPOSED_YA not in normalise_text(precomposed)
    assert PRECOMPOSED_RRA not in normalise_text(precomposed)


def test_output_is_nfc():
    decomposed_latin = "cafe\u0301"
    assert normalise_text(decomposed_latin) == "caf\u00e9"
    assert unicodedata.is_normalized("NFC", normalise_text("অভিজ্ঞতা নিয়োগ"))


@pytest.mark.parametrize("invisible", ["\u200d", "\u200c", "\u200b", "\ufeff", "\u00ad"])
def test_zero_width_characters_and_soft_hyphen_are_removed(invisible):
    assert normalise_text(f"cust{invisible}omer") == "customer"
    assert normalise_text(f"র{invisible}্যাব") == "র্যাব"


def test_mojibake_separator_becomes_a_space():
    assert normalise_text("Dhakaï¼\u200bBangladesh") == "dhaka bangladesh"
    assert normalise_text("Skills:ï¼Excelï¼Word") == "skills: excel word"


def test_bengali_text_keeps_its_marks():
    text = "অভিজ্ঞতা কাস্টমার সার্ভিস"
    assert normalise_text(text) == text


def test_idempotent():
    text = f"  ï¼\u200bCUSTOMER  Service ৩ নি{PRECOMPOSED_YA}োগ\u200c "
    once = normalise_text(text)
    assert normalise_text(once) == once


def test_empty_and_blank():
    assert normalise_text("") == ""
    assert normalise_text(" \u200b\n ") == ""


def test_rejects_non_str():
    with pytest.raises(TypeError):
        normalise_text(None)  # type: ignore[arg-type]


def test_every_whitespace_character_collapses_as_the_regex_whitespace_does():
    """Runs of what ``\\s`` matches become one space and the ends are stripped, in ASCII and other text."""
    spaces = [chr(c) for c in range(0x110000) if re.fullmatch(r"\s", chr(c))]
    assert "\x1c" in spaces and "\u3000" in spaces and "\u200b" not in spaces
    for space in spaces:
        for text in (f"{space}Sales{space}{space}Call{space}", f"{space}বিক্রয়{space}{space}কল{space}"):
            want = re.sub(r"\s+", " ", text.casefold()).strip()
            assert normalise_text(text) == normalise_text(want) == want


@pytest.mark.parametrize("text, want", [
    ("০১৭১২-৩৪৫৬৭৮", "01712-345678"), ("৩ বছর, 2 years", "3 বছর, 2 years"), ("2 years", "2 years"), ("", ""),
    ("٣ ३ ৩", "٣ ३ 3"),  # other scripts' digits stay
])
def test_bengali_digits_to_ascii_and_nothing_else(text, want):
    assert to_ascii_digits(text) == want
