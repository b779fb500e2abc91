"""Digests, codes and employers' digests as the candidate and the employer read them, in English and Bengali."""

import dataclasses
import unicodedata

import pytest

from notifier.messages import (
    MAX_SMS_SEGMENTS,
    DigestItem,
    EmployerDigestPosting,
    Notice,
    compose_digest,
    compose_employer_digest,
    compose_verification_notice,
)
from notifier.sms_length import is_gsm7, sms_segments
from notifier.templates import DIGEST

LINK = "https://jm.example/l/k3mf9q2xha"
EN = [
    DigestItem("Graphic Designer", "Apex Creative", ("Photoshop", "clipping path"), stall="12",
               fair_name="Khulna BPO Summit", fair_venue="KUET auditorium", fair_date="2026-12-10"),
    DigestItem("Call Centre Agent", "Genex Infosys", ("customer service",)),
    DigestItem("Data Entry Operator", "Digicon", ("MS Excel", "typing")),
]
BN = [
    DigestItem("গ্রাফিক ডিজাইনার", "অ্যাপেক্স", ("ফটোশপ", "ক্লিপিং পাথ"), stall="12",
               fair_name="খুলনা বিপিও সামিট", fair_venue="কুয়েট মিলনায়তন", fair_date="2026-12-10"),
    DigestItem("কল সেন্টার এজেন্ট", "জেনেক্স", ("গ্রাহক সেবা",)),
    DigestItem("ডাটা এন্ট্রি", "ডিজিকন", ("এমএস এক্সেল",)),
]


def test_templates_cover_the_same_parts_in_both_languages():
    assert set(DIGEST["en"]) == set(DIGEST["bn"])


def test_a_notice_is_frozen():
    notice = compose_digest("en", "email", "Rahim", EN[:1])
    assert isinstance(notice, Notice)
    with pytest.raises(dataclasses.FrozenInstanceError):
        notice.body = "changed"  # type: ignore[misc]


def test_english_email_digest_names_the_top_matches_best_first_with_why_and_where():
    notice = compose_digest("en", "email", "Rahim Uddin", EN, more=2, link=LINK, unsubscribe="https://jm.example/u/x")
    assert notice.subject == "3 jobs suggested for you, first: Graphic Designer, Apex Creative"
    body = notice.body
    assert body.startswith("Dear Rahim Uddin,\n")
    assert body.index("1. Graphic Designer, Apex Creative") < body.index("2. Call Centre Agent") < body.index("3. Data Entry")
    assert "matches your skills: Photoshop, clipping path" in body
    assert "At the job fair: Khulna BPO Summit, KUET auditorium, 10 Dec 2026 (stall 12)" in body
    assert "and 2 more on your page." in body and LINK in body and "https://jm.example/u/x" in body
    assert "<strong>Graphic Designer</strong>" in notice.html and f'href="{LINK}"' in notice.html


def test_bengali_email_digest_is_in_bengali_with_bengali_digits():
    notice = compose_digest("bn", "email", "রহিম", BN, more=1, link=LINK)
    assert notice.subject == "আপনার জন্য ৩টি প্রস্তাবিত চাকরি, প্রথমটি: গ্রাফিক ডিজাইনার, অ্যাপেক্স"
    assert "১. গ্রাফিক ডিজাইনার, অ্যাপেক্স" in notice.body and "৩. ডাটা এন্ট্রি" in notice.body
    assert "আপনার যে দক্ষতার সাথে মিলেছে: ফটোশপ, ক্লিপিং পাথ" in notice.body
    assert "খুলনা বিপিও সামিট, কুয়েট মিলনায়তন, ১০ ডিসেম্বর ২০২৬ (স্টল ১২)" in notice.body
    assert "আরও ১টি আছে আপনার পাতায়।" in notice.body
    assert not any(ch in "0123456789" for ch in notice.body.replace(LINK, ""))


@pytest.mark.parametrize("language", ["en", "bn"])
@pytest.mark.parametrize("channel", ["email", "sms"])
def test_a_candidate_notice_suggests_and_never_says_shortlisted_or_selected(language, channel):
    notice = compose_digest(language, channel, "Rahim", EN if language == "en" else BN, link=LINK)
    text = (notice.subject + notice.body + (notice.html or "")).lower()
    for word in ("shortlist", "selected", "নির্বাচিত", "শর্টলিস্ট", "বাছাই"):
        assert word not in text
    assert ("suggest" in text) if language == "en" else ("প্রস্তাব" in text)


def test_english_sms_digest_names_all_three_with_reasons_in_gsm7_within_two_parts():
    notice = compose_digest("en", "sms", "Rahim", EN, more=2, link=LINK)
    assert notice.subject == "" and notice.html is None
    assert notice.body == (
        "jobmatch suggests: 1) Graphic Designer, Apex Creative (Photoshop, clipping path) stall 12"
        " 2) Call Centre Agent, Genex Infosys (customer service) 3) Data Entry Operator, Digicon (MS Excel, typing)"
        f" +2 more. All/stop: {LINK}")
    assert is_gsm7(notice.body) and notice.parts == sms_segments(notice.body) == 2


def test_bengali_sms_digest_names_three_within_two_ucs2_parts():
    notice = compose_digest("bn", "sms", "রহিম", BN, more=2, link=LINK)
    assert notice.parts == sms_segments(notice.body) <= MAX_SMS_SEGMENTS
    assert notice.body.startswith("jobmatch প্রস্তাব: ১) গ্রাফিক ডিজাইনার")
    assert "২) কল সেন্টার" in notice.body and "৩) ডাটা এন্ট্রি" in notice.body
    assert "(ফটোশপ" in notice.body and "স্টল ১২" in notice.body and "+২টি" in notice.body
    assert notice.body.endswith(LINK)


@pytest.mark.parametrize("language", ["en", "bn"])
def test_long_digests_give_way_but_keep_the_link_and_two_parts(language):
    long = [DigestItem("Senior Software Engineer (Backend, Python, Distributed Systems) " * 3,
                       "Bangladesh Export Processing Zones Authority " * 3, ("distributed systems " * 5,)) for _ in range(5)]
    notice = compose_digest(language, "sms", "R", long, more=7, link=LINK)
    assert sms_segments(notice.body) <= MAX_SMS_SEGMENTS and notice.body.endswith(LINK)
    assert ("..." if language == "en" else "…") in notice.body


def test_an_english_sms_with_a_bengali_title_is_fitted_as_ucs2_with_a_unicode_ellipsis():
    items = [DigestItem("হিসাবরক্ষক " * 10, "BRAC", ("Tally",))] * 3
    notice = compose_digest("en", "sms", "R", items, link=LINK)
    assert not is_gsm7(notice.body) and sms_segments(notice.body) <= MAX_SMS_SEGMENTS and "…" in notice.body


def test_bengali_shortening_never_leaves_a_dangling_sign():
    for length in range(1, 40):
        items = [DigestItem("ক্ষ্ম" * 30, "ক" * length, ("ষ্ট" * 20,))] * 3
        notice = compose_digest("bn", "sms", "R", items, link=LINK)
        assert sms_segments(notice.body) <= MAX_SMS_SEGMENTS
        for piece in notice.body.split("…")[:-1]:
            assert not piece.endswith("\u09cd")
        for piece in notice.body.split("…")[1:]:
            assert not unicodedata.category(piece[0]).startswith("M")


def test_invisible_and_blank_values_are_cleaned_or_replaced():
    items = [DigestItem("\u202eCall\u200b centre\nagent", "\u200b", ("\u2066Excel\u2069", "  "))]
    notice = compose_digest("en", "email", " \u200b ", items)
    assert notice.body.startswith("Dear Candidate,")
    assert "1. Call centre agent, the employer" in notice.body and "matches your skills: Excel\n" in notice.body
    assert "\u202e" not in notice.body and "\u200b" not in notice.body


def test_html_escapes_what_people_typed():
    notice = compose_digest("en", "email", "<b>R</b>", [DigestItem("<script>x</script>", "A&B", ())], link=LINK)
    assert "<script>" not in notice.html and "&lt;script&gt;" in notice.html and "A&amp;B" in notice.html


@pytest.mark.parametrize("language, channel", [("fr", "sms"), ("en", "fax"), ("", "email")])
def test_unknown_language_or_channel_is_rejected(language, channel):
    with pytest.raises(ValueError):
        compose_digest(language, channel, "R", EN)


def test_an_empty_digest_is_refused():
    with pytest.raises(ValueError, match="at least one"):
        compose_digest("en", "sms", "R", [])


@pytest.mark.parametrize("language", ["en", "bn"])
def test_codes_fit_one_sms_part_and_bengali_codes_use_bengali_digits(language):
    for kind in ("verification", "change_code"):
        notice = compose_verification_notice(language, "sms", "482917", kind)
        assert notice.parts == sms_segments(notice.body)
        assert ("৪৮২৯১৭" if language == "bn" else "482917") in notice.body


def test_employer_digest_lists_new_candidates_per_posting_by_reference_never_by_name():
    postings = [EmployerDigestPosting("p1", "Graphic Designer", [("c0ffee12", 0.82, ("Photoshop",)), ("deadbeef", 0.61, ())])]
    notice = compose_employer_digest("Apex Creative", postings, portal_url="https://jm.example", unsubscribe="https://jm.example/u/e")
    assert notice.subject == "2 new suggested candidates for your postings"
    assert "Graphic Designer: 2 new (best match 82%)" in notice.body
    assert "candidate c0ffee12: 82% match; skills: Photoshop" in notice.body
    assert "https://jm.example/employer/postings/p1" in notice.body and "https://jm.example/u/e" in notice.body


@pytest.mark.parametrize("language", ["en", "bn"])
@pytest.mark.parametrize("channel", ["sms", "email"])
def test_the_first_message_carries_the_registration_code_as_typed_at_the_gate(language, channel):
    notice = compose_verification_notice(language, channel, "482917", registration_code="K7M-4XRP")
    assert "K7M-4XRP" in notice.body and ("৪৮২৯১৭" if language == "bn" else "482917") in notice.body
    if channel == "sms":
        assert notice.parts == sms_segments(notice.body) and notice.parts <= (1 if language == "en" else 2)
    else:
        assert notice.body.rstrip().endswith("jobmatch")
    changed = compose_verification_notice(language, channel, "482917", "change_code", registration_code="K7M-4XRP")
    assert "K7M-4XRP" not in changed.body  # only the first message, not a change's code


@pytest.mark.parametrize("language", ["en", "bn"])
def test_a_first_sms_digest_ends_with_the_registration_code_line_whole_within_two_parts(language):
    items = EN if language == "en" else BN
    notice = compose_digest(language, "sms", "R", items, more=2, link=LINK, registration_code="K7M-4XRP")
    line = "Fair check-in code: K7M-4XRP" if language == "en" else "মেলায় চেক-ইন কোড: K7M-4XRP"
    assert notice.body.endswith(f"{LINK} {line}")
    assert notice.parts == sms_segments(notice.body) <= MAX_SMS_SEGMENTS
    without = compose_digest(language, "sms", "R", items, more=2, link=LINK)
    assert "K7M-4XRP" not in without.body and without.body.endswith(LINK)


@pytest.mark.parametrize("language", ["en", "bn"])
def test_a_long_first_sms_digest_cuts_titles_never_the_registration_code(language):
    long = [DigestItem("Senior Software Engineer (Backend, Python) " * 3, "Bangladesh Export Processing Zones Authority " * 3,
                       ("distributed systems",)) for _ in range(5)]
    notice = compose_digest(language, "sms", "R", long, more=7, link=LINK, registration_code="K7M-4XRP")
    assert sms_segments(notice.body) <= MAX_SMS_SEGMENTS and notice.body.endswith("K7M-4XRP") and LINK in notice.body


@pytest.mark.parametrize("language", ["en", "bn"])
def test_a_first_email_digest_says_the_registration_code_before_its_sign_off(language):
    items = EN if language == "en" else BN
    notice = compose_digest(language, "email", "Rahim", items, link=LINK, registration_code="K7M-4XRP")
    line = ("At the fair's gate, check in with your registration code K7M-4XRP" if language == "en"
            else "মেলার গেটে আপনার নিবন্ধন কোড K7M-4XRP দিয়ে চেক-ইন করুন")
    sign_off = "Best regards" if language == "en" else "শুভেচ্ছান্তে"
    assert line in notice.body and notice.body.index(line) < notice.body.index(sign_off)
    assert "K7M-4XRP" in notice.html
