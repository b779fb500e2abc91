"""Word tokens of English and Bengali text.

scikit-learn's default ``token_pattern`` (``(?u)\\b\\w\\w+\\b``) breaks Bengali words apart:
vowel signs, virama and other combining marks are not ``\\w``, so "কাস্টমার" becomes
fragments. ``TOKEN_PATTERN`` counts those marks as word characters and keeps a few
programming terms ("c++", "c#", ".net", "node.js") whole.
"""

import re

from shared.text.normalise import normalise_text

# Bengali combining marks that belong inside a word. Bengali letters (including khanda ta,
# U+09CE) and digits are already \w.
_BENGALI_MARKS = (
    r"\u0981-\u0983"  # chandrabindu, anusvara, visarga
    r"\u09bc"  # nukta
    r"\u09be-\u09c4"  # vowel signs aa .. vocalic rr
    r"\u09c7\u09c8\u09cb\u09cc"  # vowel signs e, ai, o, au
    r"\u09cd"  # virama (hasant)
    r"\u09d7"  # au length mark
    r"\u09e2\u09e3"  # vowel signs vocalic l, ll
    r"\u09fe"  # sandhi mark
)
# ZWNJ/ZWJ count as word characters so raw (un-normalised) Bengali is not split at them;
# normalise_text removes them, so tokens of normalised text never contain them.
_WORD_CHARS = rf"\w{_BENGALI_MARKS}\u200c\u200d"
_WORD = rf"[{_WORD_CHARS}]"

TOKEN_PATTERN = (
    rf"(?:(?<![{_WORD_CHARS}.])\.)?"  # a leading dot, as in ".net"
    rf"{_WORD}+(?:\.{_WORD}+)*"  # words, joined by inner dots: "node.js", "3.5"
    rf"(?:(?:\+\+|#)(?!{_WORD}))?"  # a closing "++" or "#": "c++", "c#"
)
"""Regex for one token; usable as scikit-learn's ``token_pattern`` (no capturing groups).

Unlike scikit-learn's default it also matches one-character tokens; ``analyse`` drops them.
"""

_TOKEN = re.compile(TOKEN_PATTERN)


def tokenize(text: str) -> list[str]:
    """Return the tokens of ``normalise_text(text)`` in order, stopwords included.

    Tokens are runs of letters, digits, underscores and Bengali combining marks, optionally
    joined by inner dots, with an optional leading dot and trailing "++" or "#". A dot
    between two words without a space ("python.java") therefore yields one token.
    Never fails on a str; raises ``TypeError`` for anything else.
    """
    return _TOKEN.findall(normalise_text(text))
