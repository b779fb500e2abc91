"""Matching terms of a text: tokens without stopwords or one-character noise."""

import functools

from shared.text.stem import stem
from shared.text.stopwords import STOPWORDS
from shared.text.tokenize import tokenize


def analyse(text: str) -> list[str]:
    """Return the normalised tokens of ``text`` minus stopwords and 1-character tokens.

    Usable as scikit-learn's ``analyzer=``. A lone "c" or "r" is dropped with the rest of
    the one-character tokens; "c++", "c#" and "f#" survive. English, Bengali and Banglish
    stopwords are dropped. Never fails on a str; raises ``TypeError`` for anything else.
    """
    return [t for t in tokenize(text) if len(t) > 1 and t not in STOPWORDS]


def analyse_stems(text: str) -> list[str]:
    """Return ``analyse(text)`` with every token reduced to its ``stem``.

    "গ্রাহকের", "গ্রাহকদের" and "গ্রাহক" all become "গ্রাহক"; "calls" becomes "call".
    A stem that is a stopword or one character long is dropped too.
    """
    return stems_of(tokenize(text))


def stems_of(tokens: list[str]) -> list[str]:
    """``analyse_stems`` of a text from its ``tokenize`` tokens (for a caller that has them already)."""
    terms = (_stem_term(t) for t in tokens)
    return [t for t in terms if t is not None]


# Tokens repeat across documents (Zipf), so each distinct one is analysed once while it is common.
_CACHED_TOKENS = 1 << 14
_CACHED_CHARS = 40


def _stem_term(token: str) -> str | None:
    """The term ``analyse_stems`` keeps for one token, or None when it drops it."""
    return _cached_stem_term(token) if len(token) <= _CACHED_CHARS else _uncached_stem_term(token)


def _uncached_stem_term(token: str) -> str | None:
    if len(token) <= 1 or token in STOPWORDS:
        return None
    term = stem(token)
    return term if len(term) > 1 and term not in STOPWORDS else None


_cached_stem_term = functools.lru_cache(maxsize=_CACHED_TOKENS)(_uncached_stem_term)
