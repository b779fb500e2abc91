import dataclasses
import unicodedata

import pytest

from notifier.messages import MAX_SMS_SEGMENTS, Notice, compose_match_notice
from notifier.sms_length import is_gsm7, sms_segments
from notifier.templates import BODIES, FAIR_PARTS, NEUTRAL_WORDS, SUBJECTS


def test_templates_cover_every_language_and_channel():
    keys = {(language, channel) for language in ("en", "bn") for channel in ("email", "sms")}
    assert set(SUBJECTS) == set(BODIES) == set(FAIR_PARTS) == keys


def test_notice_is_frozen():
    notice = compose_match_notice("en", "email", "Rahim", "Accountant", "BRAC")
    assert isinstance(notice, Notice)
    with pytest.raises(dataclasses.FrozenInstanceError):
        notice.body = "changed"  # type: ignore[misc]


def test_english_email():
    notice = compose_match_notice(
        "en", "email", "Rahim Uddin", "Software Engineer", "Grameenphone", fair_name="Dhaka Job Fair 2025"
    )
    assert notice.subject == "Your CV matches Software Engineer at Grameenphone"
    assert notice.body.startswith("Dear Rahim Uddin,\n")
    assert "Your CV matches the Software Engineer position at Grameenphone." in notice.body
    assert "Job fair: Dhaka Job Fair 2025" in notice.body


def test_bengali_email():
    notice = compose_match_notice(
        "bn", "email", "রহিম উদ্দিন", "সফটওয়্যার ইঞ্জিনিয়ার", "গ্রামীণফোন", fair_name="ঢাকা চাকরি মেলা ২০২৫"
    )
    assert notice.subject == "আপনার সিভি গ্রামীণফোন-এর সফটওয়্যার ইঞ্জিনিয়ার পদের সাথে মিলেছে"
    assert notice.body.startswith("প্রিয় রহিম উদ্দিন,\n")
    assert "আপনার সিভি গ্রামীণফোন-এর সফটওয়্যার ইঞ্জিনিয়ার পদের সাথে মিলেছে।" in notice.body
    assert "চাকরি মেলা: ঢাকা চাকরি মেলা ২০২৫" in notice.body


@pytest.mark.parametrize("language", ["en", "bn"])
@pytest.mark.parametrize("channel", ["email", "sms"])
def test_fair_part_only_when_a_fair_is_named(language, channel):
    without = compose_match_notice(language, channel, "Rahim", "Driver", "Pran", fair_name=None)
    blank = compose_match_notice(language, channel, "Rahim", "Driver", "Pran", fair_name="  ")
    with_fair = compose_match_notice(language, channel, "Rahim", "Driver", "Pran", fair_name="Chattogram Fair")
    assert without == blank
    assert "Chattogram Fair" not in without.body
    assert "Chattogram Fair" in with_fair.body
    assert "()" not in without.body and "{" not in without.body


def test_english_sms():
    notice = compose_match_notice("en", "sms", "Rahim", "Accountant", "BRAC", fair_name="Dhaka Job Fair")
    assert notice.subject == ""
    assert notice.body == "Dear Rahim, your CV matches Accountant at BRAC (Dhaka Job Fair). -jobmatch"
    assert is_gsm7(notice.body)
    assert sms_segments(notice.body) == 1


def test_bengali_sms():
    notice = compose_match_notice("bn", "sms", "রহিম", "হিসাবরক্ষক", "ব্র্যাক")
    assert notice.subject == ""
    assert notice.body == "প্রিয় রহিম, আপনার সিভি ব্র্যাক-এর হিসাবরক্ষক পদের সাথে মিলেছে। -jobmatch"
    assert len(notice.body) == 73  # over the 70 of one UCS-2 segment, well inside two
    assert sms_segments(notice.body) == 2


@pytest.mark.parametrize("language", ["en", "bn"])
def test_long_sms_is_truncated_to_two_segments_with_ellipsis(language):
    notice = compose_match_notice(
        language,
        "sms",
        candidate_name="Mohammad Abdur Rahman Chowdhury " * 5,
        posting_title="Senior Software Engineer (Backend, Python, Distributed Systems) " * 5,
        employer="Bangladesh Export Processing Zones Authority " * 5,
        fair_name="National Job Fair 2025, Bangabandhu International Conference Center",
    )
    assert sms_segments(notice.body) <= MAX_SMS_SEGMENTS
    assert notice.body.endswith("-jobmatch")
    assert ("..." if language == "en" else "…") in notice.body


def test_english_sms_truncation_keeps_gsm7_and_uses_the_room():
    notice = compose_match_notice("en", "sms", "R" * 400, "T" * 400, "E" * 400)
    assert is_gsm7(notice.body)  # "..." rather than "…", which would force UCS-2
    assert sms_segments(notice.body) == 2
    assert len(notice.body) > 290  # close to the 306-character limit of two GSM-7 parts
    assert notice.body.count("...") == 3


def test_bengali_sms_truncation_uses_ucs2_room():
    title = "জ্যেষ্ঠ সফটওয়্যার প্রকৌশলী, ব্যাকএন্ড ও বিতরণকৃত ব্যবস্থা " * 4
    notice = compose_match_notice("bn", "sms", "মোহাম্মদ আব্দুর রহমান চৌধুরী", title, "বাংলাদেশ রপ্তানি প্রক্রিয়াকরণ এলাকা কর্তৃপক্ষ")
    assert sms_segments(notice.body) == 2
    assert len(notice.body) > 125  # close to the 134-character limit of two UCS-2 parts
    assert "…" in notice.body
    assert notice.body.endswith("পদের সাথে মিলেছে। -jobmatch")


def test_bengali_truncation_never_leaves_a_dangling_sign():
    title = "ক্ষ্ম" * 60
    for name_length in range(1, 40):
        notice = compose_match_notice("bn", "sms", "ক" * name_length, title, "ব্র্যাক")
        assert sms_segments(notice.body) <= MAX_SMS_SEGMENTS
        for piece in notice.body.split("…")[:-1]:
            assert not piece.endswith("\u09cd")  # hasanta would join onto the ellipsis
        for piece in notice.body.split("…")[1:]:
            assert not unicodedata.category(piece[0]).startswith("M")


def test_english_text_with_bengali_name_is_fitted_as_ucs2():
    notice = compose_match_notice("en", "sms", "রহিম " * 30, "Accountant " * 10, "BRAC")
    assert not is_gsm7(notice.body)
    assert sms_segments(notice.body) <= MAX_SMS_SEGMENTS
    assert "…" in notice.body


def test_short_fields_are_not_truncated():
    notice = compose_match_notice("en", "sms", "Rahim", "Accountant", "BRAC")
    assert "..." not in notice.body and "…" not in notice.body


def test_email_is_never_truncated():
    title = "Senior Software Engineer " * 20
    notice = compose_match_notice("en", "email", "Rahim", title, "BRAC")
    assert title.strip() in notice.body


def test_whitespace_in_fields_is_collapsed():
    notice = compose_match_notice("en", "email", " Rahim\n Uddin ", "Software\r\nEngineer", "BRAC\tBank")
    assert notice.subject == "Your CV matches Software Engineer at BRAC Bank"
    assert "\r" not in notice.subject and "\n" not in notice.subject
    assert notice.body.startswith("Dear Rahim Uddin,")


def test_braces_in_fields_are_kept_literally():
    notice = compose_match_notice("en", "email", "{candidate_name}", "C++ {dev}", "A{0}B")
    assert "C++ {dev} position at A{0}B" in notice.body
    assert notice.body.startswith("Dear {candidate_name},")


@pytest.mark.parametrize("language", ["fr", "EN", "", "bengali"])
def test_unknown_language_is_rejected(language):
    with pytest.raises(ValueError, match="language"):
        compose_match_notice(language, "email", "Rahim", "Driver", "Pran")


@pytest.mark.parametrize("channel", ["whatsapp", "SMS", ""])
def test_unknown_channel_is_rejected(channel):
    with pytest.raises(ValueError, match="channel"):
        compose_match_notice("en", channel, "Rahim", "Driver", "Pran")


@pytest.mark.parametrize("language", ["en", "bn"])
@pytest.mark.parametrize("field", ["candidate_name", "posting_title", "employer"])
def test_a_field_with_nothing_visible_becomes_a_neutral_word(language, field):
    for blank in (" \n", "", None, "\u200b\u200c", "\u202e\u2066\u2069", "\x00\ufeff"):
        values = {"candidate_name": "Rahim", "posting_title": "Driver", "employer": "Pran", field: blank}
        for channel in ("sms", "email"):
            notice = compose_match_notice(language, channel, **values)
            assert NEUTRAL_WORDS[language][field] in notice.body


@pytest.mark.parametrize(
    "given, shown",
    [
        ("Rahim\u202e gpj.exe", "Rahim gpj.exe"),
        ("\u2066Nusrat\u2069 Jahan\x00", "Nusrat Jahan"),
        ("Tasnuva\u200b Hossain\ufeff", "Tasnuva Hossain"),
        ("Rahim\u200dUddin", "RahimUddin"),
        ("র\u200c্যাব", "র\u200c্যাব"),
        ("\u202eর\u200c্যাব\u200c", "র\u200c্যাব"),
        ("রহিম\u00adউদ্দিন Agent\x1b[31m", "রহিমউদ্দিন Agent[31m"),
        ("Line\u2028Two\rThree\x85Four", "Line Two Three Four"),
    ],
)
def test_invisible_and_control_characters_never_reach_the_message(given, shown):
    for language in ("en", "bn"):
        for channel in ("sms", "email"):
            notice = compose_match_notice(language, channel, given, given, given, fair_name=given)
            if channel == "email":  # an SMS may shorten the values to fit
                assert shown in notice.subject and shown in notice.body
            for text in (notice.subject, notice.body):
                assert not any(unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\n\u200c" for ch in text)
