"""Blind scoring: who a person is (name, religion, age, gender...) never changes a score."""

import pytest

from matcher.ranking import CV, POSTING, Document, MatchIndex
from matcher.ranking.blind import blind_text
from matcher.ranking.lexicon import default_lexicon
from matcher.ranking.name_line import drop_leading_name, leading_name
from matcher.ranking.profile import build_profile
from shared.text.tokenize import tokenize


def words(text):
    return set(tokenize(blind_text(text)))


# --- what is removed -----------------------------------------------------------------


def test_english_personal_fields_are_removed():
    text = (
        "Name: Md. Rakibul Islam\nFather's Name: Abdul Karim\nMother’s Name: Rahima Begum\n"
        "Religion: Islam\nDate of Birth: 12 March, 1998\nAge: 27\nMarital Status: Married\n"
        "Gender: Male\nNationality: Bangladeshi\nBlood Group: B+\n"
        "Skills: customer service, Excel"
    )
    left = words(text)
    for gone in ("rakibul", "abdul", "karim", "rahima", "islam", "1998", "27", "married", "male", "bangladeshi"):
        assert gone not in left
    assert {"skills", "customer", "service", "excel"} <= left


def test_bengali_personal_fields_are_removed():
    text = (
        "নাম: মোছাঃ সুমাইয়া খাতুন\nপিতার নাম: আব্দুল করিম\nমাতার নাম: রহিমা বেগম\nধর্ম: ইসলাম\n"
        "জন্ম তারিখ: ০১-০১-২০০০\nবৈবাহিক অবস্থা: অবিবাহিত\nলিঙ্গ: মহিলা\nদক্ষতা: গ্রাহক সেবা"
    )
    left = words(text)
    for gone in ("সুমাইয়া", "খাতুন", "আব্দুল", "করিম", "রহিমা", "ইসলাম", "2000", "অবিবাহিত", "মহিলা"):
        assert gone not in left
    assert {"দক্ষতা", "গ্রাহক", "সেবা"} <= left


def test_fields_in_one_line_and_dash_separators():
    left = words("Name : Rahim | Age: 25 | Religion - Hindu | Skills: Tally")
    assert left == {"skills", "tally"}


def test_contact_details_are_removed():
    left = words("Email: nusrat.mim@example.org, Phone: +880 1711-234567. Portfolio www.example.com/me. Skills: SEO")
    assert not {"nusrat", "mim", "example", "1711", "234567"} & left
    assert {"skills", "seo"} <= left
    assert "01711234567" not in blind_text("call ০১৭১১২৩৪৫৬৭ now")


def test_identity_words_anywhere_are_removed():
    left = words("Sree Sumon Das studied at Jashore Govt. Girls' College; a married Muslim woman. মহিলা কলেজ")
    assert not {"sree", "girls", "married", "muslim", "woman", "মহিলা"} & left
    assert {"sumon", "jashore", "college", "কলেজ"} <= left


def test_work_history_names_are_kept():
    # "Company Name:" and "প্রতিষ্ঠানের নাম:" describe work, not the candidate.
    left = words("Company Name: Bhairab Telecom\nপ্রতিষ্ঠানের নাম: এবিসি লিমিটেড")
    assert {"bhairab", "telecom", "এবিসি", "লিমিটেড"} <= left


def test_blind_text_is_idempotent():
    text = "Name: X\nReligion: Islam\nSkills: Excel, customer service\nআমি কল সেন্টারে কাজ করেছি"
    once = blind_text(text)
    assert blind_text(once) == once


# --- scores do not change --------------------------------------------------------------


POSTING_TEXT = "Call Centre Agent\nInbound customer service and complaint handling; CRM; Bangla and English."


def _score(cv_text, posting_text=POSTING_TEXT, skills=("customer service", "CRM")):
    index = MatchIndex()
    index.upsert(Document(POSTING, "p", posting_text, skills, "Jashore"))
    index.upsert(Document(CV, "c", cv_text, (), "Jashore"))
    index.upsert(Document(CV, "other", "Graphic designer, Photoshop and clipping path", (), "Khulna"))
    return {m.cv_id: m.score for m in index.rank_cvs_for_posting("p")}["c"]


@pytest.mark.parametrize(
    "first, second",
    [
        (
            "Name: Md. Rakibul Islam\nReligion: Islam\nGender: Male\nTwo years of inbound customer service, CRM tickets.",
            "Name: Sumon Kumar Das\nReligion: Hindu\nGender: Female\nTwo years of inbound customer service, CRM tickets.",
        ),
        (
            "নাম: মোঃ রাকিব হাসান\nধর্ম: ইসলাম\nজন্ম তারিখ: ০১-০১-১৯৯৮\nআমি ২ বছর কল সেন্টারে গ্রাহক সেবা দিয়েছি, CRM-এ কাজ করেছি।",
            "নাম: শ্রী সুমন দাস\nধর্ম: হিন্দু\nজন্ম তারিখ: ১২-১২-১৯৮৫\nআমি ২ বছর কল সেন্টারে গ্রাহক সেবা দিয়েছি, CRM-এ কাজ করেছি।",
        ),
        (
            "Married Muslim man. Marital Status: Married. 2 bochor call center e customer service er kaj korechi, CRM jani.",
            "Unmarried Christian woman. Marital Status: Single. 2 bochor call center e customer service er kaj korechi, CRM jani.",
        ),
    ],
)
def test_changing_name_religion_age_or_gender_does_not_change_the_score(first, second):
    assert _score(first) == _score(second) > 0


def test_a_posting_asking_for_gender_religion_or_age_cannot_steer_the_ranking():
    cv_text = "Two years of inbound customer service, CRM tickets. Gender: Female. Religion: Hindu."
    one = _score(cv_text, POSTING_TEXT + "\nMale Muslim candidates only. Age: 20-25")
    other = _score(cv_text, POSTING_TEXT + "\nFemale Hindu candidates only. Age: 35-40")
    assert one == other


def test_blinding_can_be_switched_off():
    index = MatchIndex(blind=False)
    index.upsert(Document(POSTING, "p", "Religion: Islam", ()))
    index.upsert(Document(CV, "c", "Religion: Islam", ()))
    assert index.rank_cvs_for_posting("p")[0].score > 0
    blind = MatchIndex()
    blind.upsert(Document(POSTING, "p", "Religion: Islam", ()))
    blind.upsert(Document(CV, "c", "Religion: Islam", ()))
    assert blind.rank_cvs_for_posting("p")[0].score == 0.0


# --- a name at the head of a CV without a label ----------------------------------------

BODY = "\nTwo years of inbound customer service in a call centre, CRM tickets, Bangla and English."
BODY_BN = "\nআমি ২ বছর কল সেন্টারে গ্রাহক সেবা দিয়েছি, CRM-এ কাজ করেছি।"


@pytest.mark.parametrize(
    "first, second",
    [
        ("Tasnuva Hossain | Jashore" + BODY, "Rubel Mia | Jashore" + BODY),
        ("KAZI MAHFUZA HAQUE" + BODY, "ANIK KUMAR SARKAR" + BODY),
        ("Rifat Ahmed - Call Centre Agent, Jashore" + BODY, "Sumaiya Akter - Call Centre Agent, Jashore" + BODY),
        ("Curriculum Vitae - Tariqul, Jashore" + BODY, "Curriculum Vitae - Nusrat, Jashore" + BODY),
        ("আমি তাহসিন আরা, যশোরে থাকি।" + BODY_BN, "আমি সৌরভ বড়ুয়া, যশোরে থাকি।" + BODY_BN),
        ("জীবন বৃত্তান্ত - শারমিন আক্তার, যশোর" + BODY_BN, "জীবন বৃত্তান্ত - রিয়াজ উদ্দিন, যশোর" + BODY_BN),
        ("Ami Tanjila Akter, Jashore e thaki." + BODY, "Ami Rashed Khan, Jashore e thaki." + BODY),
        ("Amar nam Mehedi Hasan, bari Jashore." + BODY, "Amar nam Sadia Rahman, bari Jashore." + BODY),
        ("My name is Farhana Yasmin. I live in Jashore." + BODY, "My name is Jahangir Alam. I live in Jashore." + BODY),
    ],
)
def test_changing_an_unlabelled_name_at_the_head_does_not_change_the_score(first, second):
    assert _score(first) == _score(second) > 0


@pytest.mark.parametrize(
    "text, name",
    [
        ("Tasnuva Hossain | Comilla\nCall centre agent", "Tasnuva Hossain"),
        ("ABDULLAH AL MAMUN - Accounts Assistant", "ABDULLAH AL MAMUN"),
        ("আমি জান্নাতুল ফেরদৌস, কুমিল্লায় থাকি।", "জান্নাতুল ফেরদৌস"),
        ("Ami Rashed Khan, Chittagong er Halishahar e thaki.", "Rashed Khan"),
    ],
)
def test_an_unlabelled_name_is_found(text, name):
    span = leading_name(text, default_lexicon().knows_word)
    assert span is not None and text[span[0] : span[1]] == name


@pytest.mark.parametrize(
    "text",
    [
        "Customer Service Officer\nFive years in a call centre",  # a headline: lexicon and job words
        "ACCOUNTANT\nSummary",  # one word is never taken for a name
        "Data Entry Operator | Jashore",
        "Graphic Designer - Photoshop, Illustrator",
        "Metropolitan University, Sylhet থেকে CSE তে BSc",  # an institution
        "BBA (Management) student at Khulna University",  # a degree
        "Jashore Khulna",  # places
        "Technical Support Engineer with two years at a broadband ISP",  # more than four words
        "আমি প্রায় দুই বছর একটি স্বাস্থ্য বীমা কোম্পানিতে কাজ করেছি",  # an introduction without a name
        "কল সেন্টার এজেন্ট, যশোর",  # a Bengali headline
        "Clinical Pharmacologist",  # a job noun by its ending
        "Cvent planner",  # "cv" only as a whole word is a heading
    ],
)
def test_headlines_and_other_openings_are_kept(text):
    assert leading_name(text, default_lexicon().knows_word) is None
    assert drop_leading_name(text, default_lexicon().knows_word) == text


def test_the_head_name_is_only_dropped_from_cvs_and_only_when_blind():
    text = "Tasnuva Hossain | Jashore\nCall centre agent"
    lexicon = default_lexicon()
    assert "tasnuva" not in build_profile(Document(CV, "c", text), lexicon).terms
    assert "tasnuva" in build_profile(Document(CV, "c", text), lexicon, blind=False).terms
    assert "tasnuva" in build_profile(Document(POSTING, "p", text), lexicon).terms
