"""Matching terms of a text: tokens without stopwords or one-character noise."""

from shared.text.memo import each_cached
from shared.text.stem import stem
from shared.text.stopwords import STOPWORDS
from shared.text.tokenize import tokenize


def analyse(text: str) -> list[str]:
    """Return the normalised tokens of ``text`` minus stopwords and 1-character tokens.

    Usable as scikit-learn's ``analyzer=``. A lone "c" or "r" is dropped with the rest of
    the one-character tokens; "c++", "c#" and "f#" survive. English, Bengali and Banglish
    stopwords are dropped. Never fails on a str; raises ``TypeError`` for anything else.
    """
    return _meaningful(tokenize(text))


def analyse_stems(text: str) -> list[str]:
    """Return ``analyse(text)`` with every token reduced to its ``stem``.

    "গ্রাহকের", "গ্রাহকদের" and "গ্রাহক" all become "গ্রাহক"; "calls" becomes "call".
    A stem that is a stopword or one character long is dropped too.
    """
    return stems_of(tokenize(text))


# What ``stems_of`` made of a token: its stem, or "" when the token or its stem is dropped
# (tokens up to 40 characters, at most 50,000 of them).
_STEMS: dict[str, str] = {}


def stems_of(tokens: list[str]) -> list[str]:
    """``analyse_stems`` of a text from its ``tokenize`` tokens (for a caller that has them already)."""
    return [kept for kept in each_cached(tokens, _STEMS, kept_stem, entries=50_000, longest=40) if kept]


def kept_stem(token: str) -> str:
    """A token's stem, or "" when the token or its stem is a stopword or one character long."""
    if len(token) <= 1 or token in STOPWORDS:
        return ""
    stemmed = stem(token)
    return "" if len(stemmed) <= 1 or stemmed in STOPWORDS else stemmed


def _meaningful(tokens) -> list[str]:
    """``tokens`` without stopwords and one-character tokens."""
    return [t for t in tokens if len(t) > 1 and t not in STOPWORDS]
