import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import re
import sys

from shared.text.visible import SURELY_VISIBLE, _is_invisible, has_visible_text, visible_line, visible_text


@pytest.mark.parametrize(
    "given, visible",
    [
        ("Nusrat Jahan", "Nusrat Jahan"),
        ("রাকিব হাসান", "রাকিব হাসান"),
        ("র\u200c্যাব", "র\u200c্যাব"),  # ZWNJ inside a Bengali word is spelling
        ("ক\u200d্ষ", "ক\u200d্ষ"),  # so is ZWJ
        ("Call centre agent, কল সেন্টার", "Call centre agent, কল সেন্টার"),
        ("Rahim\u200dUddin", "RahimUddin"),  # a joiner outside Bengali is not
        ("\u200cরহিম\u200c", "রহিম"),
        ("Rahim\u202e gpj.exe", "Rahim gpj.exe"),
        ("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069x", "x"),
        ("a\x00b\x07c\x1b\x7f\x9fd", "abcd"),
        ("\ufeffsoft\u00adhyphen\u200b", "softhyphen"),
        ("lone\ud800surrogate", "lonesurrogate"),
        ("CV line 1\nline 2\tTabbed\r\n", "CV line 1\nline 2\tTabbed\r\n"),
        ("a\x0bb\x0cc\x85d", "a b c d"),
        ("a\u2028b\u2029c", "a\nb\nc"),
        ("", ""),
        (None, ""),
    ],
)
def test_visible_text_removes_what_cannot_be_seen_and_keeps_bengali_spelling(given, visible):
    assert visible_text(given) == visible


@pytest.mark.parametrize(
    "given, line",
    [
        ("  Nusrat \n Jahan  ", "Nusrat Jahan"),
        ("\u2066র\u200c্যাব\u2069 ক্যাব", "র\u200c্যাব ক্যাব"),
        ("\u200b\u200c\u200d\ufeff", ""),
        ("\u202e \u2069\n", ""),
    ],
)
def test_visible_line_is_one_trimmed_line_and_empty_when_nothing_is_visible(given, line):
    assert visible_line(given) == line


_TRICKY = [
    "Nusrat Jahan", "রাকিব হাসান", "র\u200c্যাব", "\u200c\u200d", "\u200cর", "র\u200d", "\u200b\u200c\u200d\ufeff",
    "\u202e \u2069\n", "\u00a0\u2007\u202f", "\u00a0x", "\x0b\x0c\x85\x1c\x1f", "\u2028\u2029", "\u2028x",
    "\ud800", "\ud800a", "\x00\x07", "\u3000", "\u180e", "\u2060", "\u00ad", "\t\n\r ", "  ১ ", "", None,
]


@pytest.mark.parametrize("value", _TRICKY)
def test_has_visible_text_says_whether_the_visible_line_is_non_empty(value):
    assert has_visible_text(value) is bool(visible_line(value))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", "ক", "র", "্", "\u200c", "\u200d", "\u200b", "\ufeff", " ", "\u00a0", "\n",
                                         "\x0b", "\x85", "\u2028", "\u202e", "\u2066", "\x00", "\u00ad", "\u3000"]),
               max_size=12))
def test_has_visible_text_agrees_with_visible_line_on_any_mix_of_spaces_joiners_and_controls(value):
    assert has_visible_text(value) is bool(visible_line(value))


def test_no_character_taken_as_surely_visible_is_invisible():
    surely = re.compile(f"[{SURELY_VISIBLE}]")
    taken = [chr(c) for c in range(sys.maxunicode + 1) if surely.fullmatch(chr(c))]
    assert len(taken) > 1000 and "\u00ad" not in taken and not any(c in taken for c in "\u200b\u200c\u200d\u2028\u2029\u202e\u2066")
    assert [hex(ord(c)) for c in taken if _is_invisible(c)] == []


@pytest.mark.parametrize("value", [
    "Call centre agent — 3 years • MS Office, ৳25,000 → team lead ✓\r\n\tকল সেন্টার এজেন্ট, র্যাব",
    "Rahim\u200dUddin, r\u00e9sum\u00e9 \u00a9", "soft\u00adhyphen at \u09f3", "x" * 100_000 + "\u202e",
])
def test_text_of_surely_visible_characters_comes_back_as_the_character_by_character_rule_gives(value):
    slow = "".join(visible_text(ch) if ch not in "\u200c\u200d" else "" for ch in value)
    assert visible_text(value) == slow
