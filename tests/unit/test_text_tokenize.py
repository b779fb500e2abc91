import random
import re

import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from shared.text.analyse import analyse
from shared.text.normalise import normalise_text
from shared.text.stopwords import BENGALI_STOPWORDS, ENGLISH_STOPWORDS, is_stopword
from shared.text.tokenize import TOKEN_PATTERN, tokenize

SKLEARN_DEFAULT_PATTERN = r"(?u)\b\w\w+\b"


# --- tokenize -----------------------------------------------------------------------


def test_english_words():
    assert tokenize("Customer Service Officer, Dhaka!") == ["customer", "service", "officer", "dhaka"]


@pytest.mark.parametrize(
    "word",
    ["কাস্টমার", "অভিজ্ঞতা", "সার্ভিস", "দক্ষতা", "গ্রাহক", "সংখ্যা", "দুঃখ", "চাঁদ", "উৎপাদন", "নিয়োগ"],
)
def test_bengali_words_stay_whole(word):
    # conjuncts (virama), matras, anusvara, visarga, chandrabindu, khanda ta, nukta
    assert tokenize(word) == [normalise_text(word)]


def test_bengali_sentence_with_danda():
    assert tokenize("আমার অভিজ্ঞতা আছে। কাস্টমার সার্ভিস") == [
        "আমার",
        "অভিজ্ঞতা",
        "আছে",
        "কাস্টমার",
        "সার্ভিস",
    ]


def test_mixed_bengali_and_english():
    assert tokenize("আমি customer service এ ৩ বছর কাজ করেছি") == [
        "আমি",
        "customer",
        "service",
        "এ",
        "3",
        "বছর",
        "কাজ",
        "করেছি",
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("C++ and C#", ["c++", "and", "c#"]),
        (".NET developer", [".net", "developer"]),
        ("ASP.NET, Node.js", ["asp.net", "node.js"]),
        ("3.5 years", ["3.5", "years"]),
        ("end of sentence.", ["end", "of", "sentence"]),
        ("excel+word", ["excel", "word"]),
        ("notepad++ user", ["notepad++", "user"]),
    ],
)
def test_programming_terms(text, expected):
    assert tokenize(text) == expected


def test_tokenize_normalises_first():
    assert tokenize("নি\u09dfোগ") == tokenize("নি\u09af\u09bcোগ")
    assert tokenize("cust\u200bomer ï¼\u200bSERVICE") == ["customer", "service"]


def test_pattern_has_no_capturing_groups():
    assert re.compile(TOKEN_PATTERN).groups == 0


def test_pattern_on_raw_text_keeps_bengali_across_zwnj():
    assert re.findall(TOKEN_PATTERN, "র\u200d্যাব") == ["র\u200d্যাব"]


# --- scikit-learn's default pattern versus ours -------------------------------------


@pytest.mark.parametrize("word", ["কাস্টমার", "অভিজ্ঞতা"])
def test_sklearn_default_pattern_breaks_bengali_but_ours_does_not(word):
    default_tokens = re.findall(SKLEARN_DEFAULT_PATTERN, word)
    assert default_tokens != [word]
    assert word not in default_tokens
    assert re.findall(TOKEN_PATTERN, word) == [word]
    assert tokenize(word) == [word]


def test_tfidf_vocabulary_default_versus_ours():
    docs = ["কাস্টমার সার্ভিস অভিজ্ঞতা", "অভিজ্ঞতা দরকার"]

    default = TfidfVectorizer().fit(docs).vocabulary_
    assert "কাস্টমার" not in default
    assert "অভিজ্ঞতা" not in default
    assert "টম" in default  # a fragment of কাস্টমার

    ours = TfidfVectorizer(token_pattern=TOKEN_PATTERN).fit(docs).vocabulary_
    assert set(ours) == {"কাস্টমার", "সার্ভিস", "অভিজ্ঞতা", "দরকার"}

    analysed = TfidfVectorizer(analyzer=analyse).fit(docs).vocabulary_
    assert set(analysed) == {"কাস্টমার", "সার্ভিস", "অভিজ্ঞতা", "দরকার"}


# --- stopwords and analyse ----------------------------------------------------------


def test_stopword_lists_are_normalised_frozensets():
    for words in (ENGLISH_STOPWORDS, BENGALI_STOPWORDS):
        assert isinstance(words, frozenset)
        assert all(normalise_text(w) == w for w in words)


@pytest.mark.parametrize("word", ["কাজ", "বছর", "অভিজ্ঞতা", "দক্ষতা", "it", "experience", "years"])
def test_meaningful_cv_words_are_not_stopwords(word):
    assert not is_stopword(word)


@pytest.mark.parametrize("word", ["the", "The", "AND", "আমি", "এবং", "করেছি", "হ\u09df", "হ\u09af\u09bc"])
def test_stopwords(word):
    assert is_stopword(word)


def test_analyse_mixed_text():
    assert analyse("আমি customer service এ ৩ বছর কাজ করেছি") == ["customer", "service", "বছর", "কাজ"]


def test_analyse_english():
    assert analyse("I have 5 years of experience in C++ and a degree in IT") == [
        "years",
        "experience",
        "c++",
        "degree",
        "it",
    ]


def test_analyse_drops_one_character_tokens():
    assert analyse("C R x ও ৩") == []


def test_analyse_empty():
    assert analyse("") == []
    assert analyse("the and এবং") == []


_PIECES = [".net developer", "40wpm typing", "B.Sc. in CSE", "CRMএ কাজ", "৩টি বছর", "node.js, c++ and c#",
           "এস.এস.সি পাস", "কল\u200cসেন্টার", "ami 2bochor kaj korechi", "Father’s Name:", "MS Excel.", "3.5",
           "ডাটা এন্ট্রি।", "", "  ", "ï¼ customer", "Ｃ++", "x", "e-mail", "trailing 5"]


def test_texts_joined_by_a_space_tokenize_as_their_tokens_one_after_another():
    # What lets a profile tokenise a CV's text once and add its skills' tokens for the language share.
    rng = random.Random(8)
    for _ in range(300):
        parts = rng.sample(_PIECES, rng.randint(1, 5))
        assert tokenize(" ".join(parts)) == [t for part in parts for t in tokenize(part)], parts
