"""Mixed-script and Banglish tokenization, Banglish stopwords, stemming and spelling folds."""

import pytest

from shared.text.analyse import analyse, analyse_stems
from shared.text.normalise import normalise_text
from shared.text.stem import fold, match_forms, stem
from shared.text.stopwords import BANGLISH_STOPWORDS, ENGLISH_STOPWORDS, STOPWORDS, is_stopword
from shared.text.tokenize import tokenize

# --- normalisation -------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, plain",
    [
        ("Father’s Name", "father's name"),
        ("“Customer” service", '"customer" service'),
        ("Dhaka – Khulna", "dhaka - khulna"),
        ("নাম：রহিম", "নাম:রহিম"),
    ],
)
def test_typographic_punctuation_folds_to_ascii(typed, plain):
    assert normalise_text(typed) == plain


def test_ascii_fast_path_matches_the_full_path():
    text = "  Customer\tSERVICE\n officer  "
    assert normalise_text(text) == "customer service officer"
    # The same words with one non-ASCII character take the full path and agree.
    assert normalise_text(text.replace("officer", "officer।")) == "customer service officer।"


# --- tokenization --------------------------------------------------------------------


def test_banglish_sentence():
    assert tokenize("ami 2 bochor call center e kaj korechi") == [
        "ami", "2", "bochor", "call", "center", "e", "kaj", "korechi",
    ]


def test_banglish_analysed_keeps_work_and_years():
    # "kaj" (work) and "bochor" (years) matter; "ami", "korechi", "e" do not.
    assert analyse("ami 2 bochor call center e kaj korechi") == ["bochor", "call", "center", "kaj"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("CRMএ", ["crm", "এ"]),  # Latin and Bengali glued together
        ("৩টি কল", ["3", "টি", "কল"]),  # a number and a classifier
        ("Excel-এ", ["excel", "এ"]),
        ("40wpm", ["40", "wpm"]),  # a number glued to a unit
        ("2bochor", ["2", "bochor"]),
        ("3d 4g html5 css3", ["3d", "4g", "html5", "css3"]),  # short units and versions stay
    ],
)
def test_mixed_script_and_glued_numbers(text, expected):
    assert tokenize(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("B.Sc.", ["bsc"]),
        ("S.S.C and H.S.C", ["ssc", "and", "hsc"]),
        ("এস.এস.সি", ["এসএসসি"]),
        ("Ph.D", ["phd"]),
        ("asp.net node.js", ["asp.net", "node.js"]),  # not abbreviations
    ],
)
def test_dotted_abbreviations_merge(text, expected):
    assert tokenize(text) == expected


# --- stopwords -----------------------------------------------------------------------


@pytest.mark.parametrize("word", ["ami", "amar", "korechi", "kori", "theke", "jonno", "ebong", "er", "hoy"])
def test_banglish_stopwords(word):
    assert is_stopword(word)
    assert word in BANGLISH_STOPWORDS


@pytest.mark.parametrize("word", ["kaj", "bochor", "ba", "ma", "age", "take", "call", "center", "sales"])
def test_banglish_list_keeps_meaningful_and_english_words(word):
    assert word not in STOPWORDS


def test_banglish_list_does_not_touch_english():
    assert not BANGLISH_STOPWORDS & ENGLISH_STOPWORDS
    assert all(normalise_text(w) == w for w in BANGLISH_STOPWORDS)


# --- stemming ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "inflected, base",
    [
        ("সেবায়", "সেবা"),
        ("সার্ভিসে", "সার্ভিস"),
        ("কাজে", "কাজ"),
        ("গ্রাহকের", "গ্রাহক"),
        ("গ্রাহকদের", "গ্রাহক"),
        ("কলটি", "কল"),
        ("টাইপিংয়ে", "টাইপিং"),
        ("কোম্পানিতে", "কোম্পানি"),
        ("calls", "call"),
        ("companies", "company"),
    ],
)
def test_stem(inflected, base):
    assert stem(normalise_text(inflected)) == normalise_text(base)


@pytest.mark.parametrize("word", ["কম্পিউটার", "সেন্টার", "ডাটা", "সময়", "analysis", "status", "css", "ms"])
def test_stem_leaves_words_that_only_look_inflected(word):
    assert stem(normalise_text(word)) == normalise_text(word)


def test_match_forms_tries_ambiguous_endings():
    forms = match_forms(normalise_text("সেবার"))
    assert forms[0] == normalise_text("সেবার") and normalise_text("সেবা") in forms
    assert "excel" in match_forms("excele")  # Banglish: a Bengali ending on an English word


def test_analyse_stems_merges_bengali_inflections():
    assert analyse_stems("গ্রাহকের গ্রাহকদের গ্রাহক") == ["গ্রাহক"] * 3


@pytest.mark.parametrize(
    "one, other",
    [("গাজীপুর", "গাজিপুর"), ("অ্যাডোবি", "এডোবি"), ("কাষ্টমার", "কাস্টমার"), ("ফেনী", "ফেনি")],
)
def test_fold_merges_interchangeable_bengali_spellings(one, other):
    assert fold(normalise_text(one)) == fold(normalise_text(other))


@pytest.mark.parametrize(
    "one, other", [("graphic", "grafic"), ("colour", "color"), ("centre", "center"), ("optimisation", "optimization")]
)
def test_fold_merges_interchangeable_latin_spellings(one, other):
    assert fold(one) == fold(other)


def test_fold_leaves_other_latin_words_alone():
    assert fold("customer") == "customer"
    assert fold("hour") == "hour" and fold("hardware") == "hardware"
