"""Alternations grouped by first letter match what the plain alternation matches, where and how it does."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.text.alternation import alternatives, by_first_letter


@pytest.mark.parametrize("source, parts", [
    ("a|b(?:c|d)|e", ["a", "b(?:c|d)", "e"]),
    (r"a\|b|c", [r"a\|b", "c"]),
    ("[|]x|y", ["[|]x", "y"]),
    ("[]|]x|[^]|]y|z", ["[]|]x", "[^]|]y", "z"]),
    (r"[\]|]x|(?P<n>p|q)|r", [r"[\]|]x", "(?P<n>p|q)", "r"]),
    ("only", ["only"]),
    ("", [""]),
])
def test_a_patterns_top_level_alternatives(source, parts):
    assert alternatives(source) == parts
    assert "|".join(parts) == source


@pytest.mark.parametrize("choices", [[r"\dx"], ["[ab]c"], ["(?:a)b"], ["a?b"], ["a*"], ["a{2}"], [""], ["bsc", "Bba"]])
def test_choices_that_cannot_be_grouped_are_refused(choices):
    with pytest.raises(ValueError):
        by_first_letter(choices)


# Choices that share first letters and prefixes, so that the first one to match (and let the rest
# of the pattern match) decides: shorter ones before and after longer ones, Bengali ones too.
CHOICES = ["b", r"b\.?\s?sc", "bba", "ba", "bsc", r"m\.?\s?sc", "msc", "ms", "m", "স্নাতক", "স্না", "s", r"s\.?s\.?c"]
TEXT = st.lists(st.sampled_from(["b", "B", "a", "s", "c", "m", "M", ".", " ", "x", "স্নাতক", "স্না", "ক", "\n"]),
                max_size=30).map("".join)


@settings(max_examples=800, deadline=None)
@given(TEXT, st.permutations(CHOICES), st.sampled_from([0, re.IGNORECASE]),
       st.sampled_from(["", r"(?![\w\u0980-\u09ff])", "c", r"\s"]))
def test_grouped_choices_match_as_the_plain_alternation(text, choices, flags, after):
    named = [f"{c[0]}(?P<g{i}>{c[1:]})" for i, c in enumerate(choices)]
    plain = re.compile(rf"(?<!\w)(?:{'|'.join(named)}){after}", flags)
    grouped = re.compile(rf"(?<!\w){by_first_letter(named)}{after}", flags)
    assert [(m.span(), m.lastgroup) for m in grouped.finditer(text)] == \
        [(m.span(), m.lastgroup) for m in plain.finditer(text)]
