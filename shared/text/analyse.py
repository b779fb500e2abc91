"""Matching terms of a text: tokens without stopwords or one-character noise."""

from shared.text.stopwords import STOPWORDS
from shared.text.tokenize import tokenize


def analyse(text: str) -> list[str]:
    """Return the normalised tokens of ``text`` minus stopwords and 1-character tokens.

    Usable as scikit-learn's ``analyzer=``. A lone "c" or "r" is dropped with the rest of
    the one-character tokens; "c++", "c#" and "f#" survive. Never fails on a str; raises
    ``TypeError`` for anything else.
    """
    return [t for t in tokenize(text) if len(t) > 1 and t not in STOPWORDS]
