import pytest

from notifier.sms_length import GSM7_BASIC, is_gsm7, sms_segments

BENGALI = "আপনার সিভি পদের সাথে মিলেছে।"


def test_gsm7_basic_table_has_all_127_printable_positions():
    assert len(GSM7_BASIC) == 127


@pytest.mark.parametrize(
    "length, segments",
    [(0, 1), (1, 1), (160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4)],
)
def test_english_gsm7_boundaries(length, segments):
    assert sms_segments("a" * length) == segments


@pytest.mark.parametrize(
    "length, segments",
    [(1, 1), (70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4)],
)
def test_bengali_is_ucs2(length, segments):
    text = ("আ" * length)[:length]
    assert sms_segments(text) == segments


def test_real_bengali_sentence():
    assert not is_gsm7(BENGALI)
    assert sms_segments(BENGALI) == 1
    assert sms_segments(BENGALI * 3) == 2  # 87 chars


def test_bengali_digits_are_ucs2():
    assert sms_segments("০" * 71) == 2


def test_one_bengali_char_makes_english_text_ucs2():
    english = "Your CV matches. " * 4 + "x" * 2  # 70 chars: 1 segment either way
    assert len(english) == 70
    assert sms_segments(english) == 1
    assert sms_segments(english + "a") == 1  # 71 GSM-7 chars
    assert sms_segments(english + "আ") == 2  # 71 UCS-2 chars


def test_mixed_english_and_bengali():
    text = "Rahim, আপনার সিভি Software Engineer পদের সাথে মিলেছে।"
    assert len(text) <= 70
    assert sms_segments(text) == 1
    assert sms_segments(text + " " + "x" * (70 - len(text))) == 2


@pytest.mark.parametrize("char", list("{}[]~^|€\\"))
def test_extension_chars_count_twice(char):
    assert is_gsm7(char)
    assert sms_segments(char * 80) == 1
    assert sms_segments(char * 81) == 2
    assert sms_segments("a" * 159 + char) == 2


def test_extension_pair_is_not_split_across_parts():
    # Both texts are 306 septets (2 x 153), but in the first the escape and its code would
    # straddle the part boundary, so the euro sign moves to part two and a third part is needed.
    assert sms_segments("a" * 152 + "€" + "a" * 152) == 3
    assert sms_segments("a" * 151 + "€" + "a" * 153) == 2


def test_astral_char_is_not_split_across_parts():
    assert sms_segments("আ" * 66 + "😀" + "আ" * 66) == 3
    assert sms_segments("আ" * 65 + "😀" + "আ" * 67) == 2


def test_gsm7_specials_stay_gsm7():
    assert is_gsm7("@£$¥èéÄÖÑÜ§¿äöñüàΔΩ\n\r")
    assert sms_segments("@" * 160) == 1


@pytest.mark.parametrize("char", ["ç", "`", "’", "…", "৳", "\x1b"])
def test_non_gsm7_chars_force_ucs2(char):
    assert not is_gsm7(char)
    assert sms_segments("a" * 69 + char) == 1
    assert sms_segments("a" * 70 + char) == 2


def test_astral_chars_count_twice_in_ucs2():
    assert sms_segments("😀" * 35) == 1
    assert sms_segments("😀" * 35 + "a") == 2
    assert sms_segments("a" * 69 + "😀") == 2
