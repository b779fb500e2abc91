"""Fair-day messages as the candidate reads them at the venue, in English and Bengali, by SMS and email."""

import unicodedata

import pytest

from notifier.fair_day_messages import OFFER_SMS_SEGMENTS, Stall, compose_call_notice, compose_offer_notice, compose_stalls_notice
from notifier.messages import MAX_SMS_SEGMENTS
from notifier.sms_length import is_gsm7, sms_segments
from notifier.templates import FAIR_DAY

LINK = "https://jm.example/l/k3mf9q2xha"
STALLS = [Stall("Apex Creative", "12", "Graphic Designer"), Stall("Genex Infosys", "7", "Call Centre Agent"),
          Stall("Digicon", "3", "Data Entry Operator")]
# Long employer names, Bengali and English, as employers register them.
LONG_STALLS = [Stall("বাংলাদেশ টেলিকমিউনিকেশনস কোম্পানি লিমিটেড", "12", "কল সেন্টার এজেন্ট"),
               Stall("Genex Infosys Limited (Contact Centre Division)", "7", "Call Centre Agent"),
               Stall("ডিজিকন টেকনোলজিস লিমিটেড অ্যান্ড আউটসোর্সিং", "103", "ডাটা এন্ট্রি অপারেটর")]


def _without_latin_parts(text: str) -> str:
    """Bengali text without what stays in Latin letters: the link, the code, English names."""
    for latin in (LINK, "jobmatch", "Apex Creative", "Genex Infosys", "Digicon", "Graphic Designer", "Call Centre Agent",
                  "Data Entry Operator"):
        text = text.replace(latin, "")
    return text


def test_the_languages_say_the_same_things():
    assert set(FAIR_DAY["en"]) == set(FAIR_DAY["bn"])


def test_an_english_stalls_sms_lists_stall_and_employer_best_first_in_one_part():
    notice = compose_stalls_notice("en", "sms", "Rakib", STALLS)
    assert notice.body == ("jobmatch: visit these stalls at the fair: 1) stall 12 (Apex Creative) 2) stall 7 (Genex Infosys)"
                           " 3) stall 3 (Digicon)")
    assert is_gsm7(notice.body) and notice.parts == sms_segments(notice.body) == 1 and notice.subject == ""


def test_a_bengali_stalls_sms_writes_stall_numbers_in_bengali_digits_and_keeps_english_employers():
    notice = compose_stalls_notice("bn", "sms", "রাকিব", STALLS)
    assert notice.body == ("jobmatch: মেলায় এই স্টলগুলোতে যান: ১) স্টল ১২ (Apex Creative) ২) স্টল ৭ (Genex Infosys)"
                           " ৩) স্টল ৩ (Digicon)")
    assert notice.parts == sms_segments(notice.body) <= MAX_SMS_SEGMENTS
    assert not any(ch.isascii() and ch.isdigit() for ch in _without_latin_parts(notice.body))


def test_a_bengali_stalls_sms_with_three_long_employer_names_cuts_the_names_to_stay_within_two_parts():
    """Three stalls whose employers' names run to 40-odd characters: uncut, the SMS would take four UCS-2 parts."""
    t = FAIR_DAY["bn"]
    places = [t["place"].format(stall=s.stall, employer=s.employer) for s in LONG_STALLS]
    uncut = t["sms_stalls_head"] + "".join(t["sms_stalls_item"].format(number=n, place=p) for n, p in enumerate(places, 1))
    assert sms_segments(uncut) == 4
    notice = compose_stalls_notice("bn", "sms", "রাকিব", LONG_STALLS)
    assert notice.parts == sms_segments(notice.body) <= MAX_SMS_SEGMENTS
    body = notice.body
    assert body.index("১) স্টল ১২ (বাংলাদেশ") < body.index("২) স্টল ৭ (Genex") < body.index("৩) স্টল ১০৩ (ডিজিকন")
    assert body.count("…") == 3  # every employer's name was cut, none was dropped
    for piece in body.split("…")[:-1]:
        assert not piece.endswith("\u09cd")  # no dangling hasanta
    for piece in body.split("…")[1:]:
        assert not unicodedata.category(piece[0]).startswith("M")  # no sign without its letter


@pytest.mark.parametrize("language, intro, first", [
    ("en", "Welcome to the job fair. Visit these stalls, best match first:", "1. stall 12 (Apex Creative): Graphic Designer"),
    ("bn", "চাকরি মেলায় স্বাগতম। এই স্টলগুলোতে যান, সবচেয়ে মানানসইটি আগে:", "১. স্টল ১২ (Apex Creative): Graphic Designer"),
])
def test_a_stalls_email_greets_and_lists_stall_employer_and_post(language, intro, first):
    notice = compose_stalls_notice(language, "email", "Rakib Hasan", STALLS)
    assert notice.subject == FAIR_DAY[language]["stalls_subject"]
    assert notice.body.startswith("Dear Rakib Hasan,\n\n" if language == "en" else "প্রিয় Rakib Hasan,\n\n")
    assert intro in notice.body and notice.body.index(first) < notice.body.index("Genex") < notice.body.index("Digicon")
    assert notice.body.rstrip().endswith("jobmatch") and notice.html is None and notice.parts is None


def test_a_stall_without_a_number_is_named_by_its_employer_alone():
    notice = compose_stalls_notice("en", "sms", "R", [Stall("Apex Creative", None, "Graphic Designer")])
    assert notice.body == "jobmatch: visit these stalls at the fair: 1) Apex Creative"


def test_no_stalls_is_no_message():
    with pytest.raises(ValueError, match="at least one stall"):
        compose_stalls_notice("en", "sms", "R", [])


@pytest.mark.parametrize("language, channel", [("fr", "sms"), ("en", "fax")])
def test_an_unknown_language_or_channel_is_refused(language, channel):
    for compose in (lambda: compose_stalls_notice(language, channel, "R", STALLS),
                    lambda: compose_call_notice(language, channel, "R", STALLS[0]),
                    lambda: compose_offer_notice(language, channel, "R", STALLS[0], hired=False, letter=True, link=LINK)):
        with pytest.raises(ValueError):
            compose()


def test_your_turn_in_english_names_the_stall_the_employer_and_the_post():
    notice = compose_call_notice("en", "sms", "R", STALLS[0])
    assert notice.body == "jobmatch: your turn now at stall 12 (Apex Creative) for Graphic Designer. Please go there."
    assert notice.parts == 1
    email = compose_call_notice("en", "email", "Rakib", STALLS[0])
    assert email.subject == "Your turn now: stall 12 (Apex Creative)"
    assert "It is your turn now at stall 12 (Apex Creative) for Graphic Designer. Please go there now." in email.body


def test_your_turn_in_bengali_mixes_bengali_digits_with_an_english_employer():
    notice = compose_call_notice("bn", "sms", "R", STALLS[0])
    assert notice.body == "jobmatch: এখন আপনার পালা: স্টল ১২ (Apex Creative), Graphic Designer পদ। এখনই যান।"
    assert notice.parts == sms_segments(notice.body) <= MAX_SMS_SEGMENTS
    email = compose_call_notice("bn", "email", "রাকিব", Stall("অ্যাপেক্স ক্রিয়েটিভ", "12", None))
    assert email.subject == "এখন আপনার পালা: স্টল ১২ (অ্যাপেক্স ক্রিয়েটিভ)"
    assert "এখন আপনার পালা: স্টল ১২ (অ্যাপেক্স ক্রিয়েটিভ)। দয়া করে এখনই সেখানে যান।" in email.body


@pytest.mark.parametrize("language", ["en", "bn"])
def test_your_turn_with_long_names_stays_within_two_parts(language):
    longer = Stall(LONG_STALLS[0].employer + " " + LONG_STALLS[2].employer, "12", LONG_STALLS[2].title)
    notice = compose_call_notice(language, "sms", "R", longer)
    assert notice.parts == sms_segments(notice.body) <= MAX_SMS_SEGMENTS and "…" in notice.body


@pytest.mark.parametrize("language, hired, expected", [
    ("en", False, "jobmatch: Apex Creative offers you a job as Graphic Designer. Your appointment letter is on your page: "),
    ("en", True, "jobmatch: Congratulations! Apex Creative has hired you as Graphic Designer. Your appointment letter is on"
                 " your page: "),
    ("bn", False, "jobmatch: Apex Creative আপনাকে Graphic Designer পদে চাকরির প্রস্তাব দিয়েছে। নিয়োগপত্র আপনার পাতায়: "),
    ("bn", True, "jobmatch: অভিনন্দন! Apex Creative আপনাকে Graphic Designer পদে নিয়োগ দিয়েছে। নিয়োগপত্র আপনার পাতায়: "),
])
def test_an_offer_or_a_hire_names_employer_and_post_and_says_the_letter_is_on_their_page(language, hired, expected):
    notice = compose_offer_notice(language, "sms", "R", STALLS[0], hired=hired, letter=True, link=LINK)
    assert notice.body == expected + LINK
    assert notice.parts == sms_segments(notice.body) <= MAX_SMS_SEGMENTS


@pytest.mark.parametrize("language", ["en", "bn"])
def test_an_offer_email_has_its_subject_and_the_link_whole(language):
    notice = compose_offer_notice(language, "email", "Rakib", STALLS[0], hired=False, letter=True, link=LINK)
    assert notice.subject == ("Job offer from Apex Creative" if language == "en" else "Apex Creative থেকে চাকরির প্রস্তাব")
    assert f": {LINK}\n" in notice.body and notice.body.rstrip().endswith("jobmatch")


def test_an_offer_without_a_letter_says_the_details_are_on_the_page():
    notice = compose_offer_notice("bn", "sms", "R", Stall("Apex Creative"), hired=False, letter=False, link=LINK)
    assert notice.body == f"jobmatch: Apex Creative আপনাকে চাকরির প্রস্তাব দিয়েছে। বিস্তারিত আপনার পাতায়: {LINK}"


def test_a_bengali_offer_may_take_three_parts_to_keep_employer_and_post_whole():
    notice = compose_offer_notice("bn", "sms", "R", LONG_STALLS[0], hired=True, letter=True, link=LINK)
    assert notice.body == ("jobmatch: অভিনন্দন! বাংলাদেশ টেলিকমিউনিকেশনস কোম্পানি লিমিটেড আপনাকে কল সেন্টার এজেন্ট পদে নিয়োগ দিয়েছে।"
                           f" নিয়োগপত্র আপনার পাতায়: {LINK}")
    assert notice.parts == sms_segments(notice.body) == OFFER_SMS_SEGMENTS == 3


def test_a_bengali_offer_with_longer_names_cuts_them_but_keeps_the_link_within_three_parts():
    longer = Stall(LONG_STALLS[0].employer + " অ্যান্ড আউটসোর্সিং ডিভিশন", "12",
                   "সিনিয়র কাস্টমার সার্ভিস এক্সিকিউটিভ (ইনবাউন্ড কল সেন্টার, রাতের শিফট)")
    notice = compose_offer_notice("bn", "sms", "R", longer, hired=True, letter=True, link=LINK)
    assert notice.parts == sms_segments(notice.body) <= OFFER_SMS_SEGMENTS
    assert notice.body.startswith("jobmatch: অভিনন্দন! বাংলাদেশ") and notice.body.count("…") == 2 and notice.body.endswith(LINK)


def test_invisible_characters_are_dropped_and_a_blank_employer_gets_a_neutral_word():
    notice = compose_call_notice("en", "sms", "R", Stall("\u202eApex\u200b Creative", "1\u200b2", "\u2066Designer\u2069"))
    assert notice.body == "jobmatch: your turn now at stall 12 (Apex Creative) for Designer. Please go there."
    blank = compose_call_notice("bn", "sms", "R", Stall("\u200b", "12"))
    assert "স্টল ১২ (নিয়োগকর্তা)" in blank.body
