"""A CV is read in fewer passes (segments tokenised together, one lexicon pass over all of them,
blinding that skips the steps a text cannot need); each shortcut gives what the plain way gives."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.ranking import blind
from matcher.ranking.blind import blind_text
from matcher.ranking.lexicon import _SEGMENTS, default_lexicon
from shared.text.analyse import stems_of
from shared.text.tokenize import tokenize, tokenize_each

# Characters where the shortcuts could go wrong: separators, dots and apostrophes, Bengali letters
# and marks, zero-width characters, NUL, letters whose case folding is not ASCII's.
_TRICKY = list("abcsmdAMSD019 .,;:()[]!?।•·\n\r|+#-_'’=@") + list("কাস্টমারসেবাএসসিইোঃ০১২য়ড়") + [
    "\u200c", "\u200d", "\u00ad", "\x00", "\u0301", "\u09bc", "İ", "ß", "ﬁ", "\u212a", "ſ", "ï¼",
]
_PIECES = [
    "B.Sc", "c++", ".net", "node.js", "40wpm", "3.5", "e.g. ", ". ", ": ", "customer service", "call centre",
    "not ", " না", "excel", "এক্সেলে", "কাস্টমার সার্ভিস", "Md.", "md's", "x'sman", "Girls'", "WOMEN'S", "মোঃ",
    "মেয়ে", "married", "01712-345678", "+880 1812 345 678", "Religion: Islam", "Name: Rahim",
]
texts = st.lists(st.sampled_from(_TRICKY + _PIECES), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(texts, max_size=6))
def test_tokenising_texts_together_gives_each_its_own_tokens(parts):
    assert tokenize_each(parts) == [tokenize(p) for p in parts]


def test_tokenising_together_bengali_and_mixed_segments():
    parts = ["কাস্টমার সার্ভিসে ৩ বছর", "CRMএ কাজ", "B.Sc in CSE", "", "এস.এস.সি", "ফটোশপ জানি না"]
    assert tokenize_each(parts) == [tokenize(p) for p in parts]
    assert tokenize_each(parts)[1] == ["crm", "এ", "কাজ"]


@settings(max_examples=400, deadline=None)
@given(texts)
def test_the_segments_tokens_in_order_are_the_texts_tokens(text):
    _mentions, tokens = default_lexicon().find_with_tokens(text)
    assert tokens == tokenize(text)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_reading_a_text_with_its_stems_gives_its_mentions_tokens_and_stems(text):
    mentions, tokens, stems = default_lexicon().find_with_stems(text)
    assert (mentions, tokens) == default_lexicon().find_with_tokens(text)
    assert stems == stems_of(tokenize(text))


def _shifted(mentions, by):
    return [(m.concept, m.surface, m.how, m.start, m.end, m.segment + by) for m in mentions]


@settings(max_examples=300, deadline=None)
@given(texts, texts)
def test_one_pass_over_all_segments_finds_what_each_segment_alone_finds(first, second):
    lexicon = default_lexicon()
    text = f"{first}\n{second}"
    segments = _SEGMENTS.split(text)
    expected = []
    for number, segment in enumerate(segments):
        expected += _shifted(lexicon.find(segment), number)  # a lone segment is segment 0
    assert _shifted(lexicon.find(text), 0) == expected


@pytest.mark.parametrize("text", ["Customer\nservice; call, centre", "কাস্টমার\nসার্ভিস। গ্রাহক, সেবা"])
def test_no_phrase_runs_across_a_segment_break(text):
    found = default_lexicon().find(text)
    assert not {"customer_service", "role_call_centre_agent", "call_centre"} & {m.concept for m in found}
    assert all(len(m.surface.split()) == 1 for m in found)


@pytest.mark.parametrize("text", [
    "Customer service, call centre; not Excel\nকাস্টমার সার্ভিসে কাজ করেছি। ফটোশপ জানি না",
    "Bangla typing (40wpm) | MS Excel • Photoshp • custmer servise",
    "Customer service agent. Laravel developer: PHP, MySQL",
])
def test_one_pass_on_english_bengali_and_mixed_lines(text):
    lexicon = default_lexicon()
    expected = []
    for number, segment in enumerate(_SEGMENTS.split(text)):
        expected += _shifted(lexicon.find(segment), number)
    found = _shifted(lexicon.find(text), 0)
    assert found == expected
    assert found  # each of these names skills


def _blind_plainly(text: str) -> str:
    """``blind_text`` as it reads without its shortcuts: every regex over every text."""
    import unicodedata

    from shared.text.digits import to_ascii_digits

    text = blind._drop_fields(to_ascii_digits(unicodedata.normalize("NFC", text)))
    text = blind._EMAIL.sub(" ", text)
    text = blind._URL.sub(" ", text)
    text = blind._PHONE.sub(" ", text)
    return blind._WORD.sub(blind._protected_word, text)


@settings(max_examples=600, deadline=None)
@given(texts)
def test_blinding_with_its_shortcuts_equals_blinding_plainly(text):
    assert blind_text(text) == _blind_plainly(text)


@pytest.mark.parametrize("text, gone", [
    ("Call me on 01712-345678 or +880 1812 345 678", "345"),
    ("x'sman and WOMEN'S wing", "man "),
    ("মোঃ করিম, মেয়েদের নয়, মেয়ে", "মোঃ"),
])
def test_the_shortcuts_still_blind_what_they_must(text, gone):
    out = blind_text(text)
    assert out == _blind_plainly(text)
    assert gone not in out


_ASCII_BLIND = list("xsA2 _.'-\n") + ["man", "MEN", "'s", "s", "Girls", "md.", "Mr", "WOMEN'S", "wo", "islam", "ic"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_ASCII_BLIND), max_size=30).map("".join))
def test_blinding_ascii_text_by_its_words_equals_blinding_plainly(text):
    assert blind_text(text) == _blind_plainly(text)


# ASCII characters where the ASCII token pattern could part from the full one: digits glued to
# letters, dots (leading, inner, trailing), "++" and "#", underscores, capitals, NUL.
_ASCII_TRICKY = list("abcxyzABCZ0129 ._+#-'\n\x00") + ["40wpm", "3.5", ".net", "c++", "c#", "B.Sc.", "x.y.z", "1.2abc"]
ascii_texts = st.lists(st.sampled_from(_ASCII_TRICKY), max_size=40).map("".join)


@settings(max_examples=1000, deadline=None)
@given(ascii_texts)
def test_ascii_text_gives_the_full_patterns_tokens(text):
    from shared.text import tokenize as module

    assert module._ASCII_TOKEN.findall(text) == module._TOKEN.findall(text)
    assert module._ASCII_TOKEN_OR_BREAK.findall(text) == module._TOKEN_OR_BREAK.findall(text)
    lowered = text.lower()  # as ``normalise_text`` leaves ASCII text
    assert module._ASCII_TOKEN.findall(lowered) == module._TOKEN.findall(lowered)


def test_ascii_and_bengali_texts_each_take_their_pattern():
    assert tokenize("C++ and .NET, 40wpm B.Sc") == ["c++", "and", ".net", "40", "wpm", "bsc"]
    assert tokenize("C++ আর .NET, ৪০wpm বি.এসসি") == ["c++", "আর", ".net", "40", "wpm", "বিএসসি"]
    assert tokenize_each(["C++ and .NET", "40wpm", "B.Sc"]) == [["c++", "and", ".net"], ["40", "wpm"], ["bsc"]]


_PLAIN_SEGMENTS = re.compile(r"[\n\r,;|()\[\]{}!?।•·]+|\.(?:\s|$)|:\s")  # the segment breaks, without the look-ahead


@settings(max_examples=600, deadline=None)
@given(texts)
def test_segments_split_where_the_plain_breaks_split(text):
    assert _SEGMENTS.split(text) == _PLAIN_SEGMENTS.split(text)
