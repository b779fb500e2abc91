"""A document's language share and the languages its words show are read from counts of its kinds of
words taken in one go; they equal the token-by-token reading, in Bengali, Banglish, English and mixed text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.ranking.profile import _WordCounts, bengali_share
from shared.text.stopwords import BANGLISH_STOPWORDS, BENGALI_STOPWORDS, ENGLISH_STOPWORDS
from shared.text.tokenize import tokenize

_WORDS = ["ami", "korechi", "er", "kaj", "the", "and", "with", "sales", "excel", "2", "2024", "3.5", "৩", "৩টি",
          "আমি", "এবং", "কাজ", "করেছি", "গ্রাহক", "সেবা", "café", "naïve", "x²", "১২", "CRMএ", "B.Sc"]


def share_token_by_token(tokens: list[str]) -> float:
    """The share as first written: each token in turn."""
    bengali = latin = banglish = 0
    for token in tokens:
        if "\u0980" <= token[0] <= "\u09ff":
            bengali += 1
        elif token.isdigit():
            continue
        elif token in BANGLISH_STOPWORDS:
            banglish += 1
        else:
            latin += 1
    bengali += 1.5 * banglish
    latin = max(0.0, latin - 0.5 * banglish)
    total = bengali + latin
    return 0.5 if total == 0 else bengali / total


token_lists = st.lists(st.sampled_from(_WORDS + ["০", "৯৯"]), max_size=30)


@settings(max_examples=500, deadline=None)
@given(token_lists, token_lists)
def test_counts_taken_in_one_go_give_the_token_by_token_share_and_language_counts(tokens, more):
    counts = _WordCounts.of(tokens)
    assert counts.bengali_share() == share_token_by_token(tokens)
    assert counts.plus(_WordCounts.of(more)).bengali_share() == share_token_by_token(tokens + more)
    bengali = [t for t in tokens if "\u0980" <= t[0] <= "\u09ff"]
    assert counts.bengali_content == sum(1 for t in bengali if t not in BENGALI_STOPWORDS)
    assert counts.english == sum(1 for t in tokens if t in ENGLISH_STOPWORDS)
    assert counts.banglish == sum(1 for t in tokens if t in BANGLISH_STOPWORDS)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS + [" ", ", ", "\n"]), max_size=40).map(" ".join))
def test_a_texts_share_is_its_tokens_share(text):
    assert bengali_share(text) == share_token_by_token(tokenize(text))


def test_shares_of_bengali_banglish_english_and_mixed_text():
    assert bengali_share("আমি গ্রাহক সেবা কাজ করেছি") == 1.0
    assert bengali_share("Customer service and sales with Excel") == 0.0
    assert 0.0 < bengali_share("ami 2 bochor call center e kaj korechi") < 1.0  # Banglish with English words
    assert 0.0 < bengali_share("CRMএ ৩ বছর কাজ, Excel and Word") < 1.0
    assert bengali_share("2024 ১২") == 0.5  # only numbers: no words either way


def test_no_banglish_function_word_is_a_number_or_bengali():
    # The counts subtract numbers and Banglish function words apart: they must not overlap.
    assert not [w for w in BANGLISH_STOPWORDS if w.isdigit() or any("\u0980" <= c <= "\u09ff" for c in w)]
