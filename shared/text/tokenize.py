"""Word tokens of English, Bengali, mixed and Banglish text.

scikit-learn's default ``token_pattern`` (``(?u)\\b\\w\\w+\\b``) breaks Bengali words apart:
vowel signs, virama and other combining marks are not ``\\w``, so "কাস্টমার" becomes
fragments. ``TOKEN_PATTERN`` keeps Bengali words whole and keeps a few programming terms
("c++", "c#", ".net", "node.js") whole.

Mixed and Banglish text gets three more rules, because people write "CRMএ", "৩টি" and
"2bochor" without a space:

- a token never mixes Bengali letters with Latin letters or digits ("crmএ" is "crm", "এ";
  "3টি" is "3", "টি");
- a number glued to a word of three or more Latin letters is split from it ("40wpm",
  "2bochor", "5years"); short units stay whole ("3d", "4g", "2nd");
- ``tokenize`` drops the dots of short abbreviations, so "B.Sc", "S.S.C" and "এস.এস.সি"
  compare equal to "bsc", "ssc" and "এসএসসি" (every part at most two letters, the last at
  most three; "asp.net" and "node.js" keep theirs).
"""

import re

from shared.text.normalise import normalise_text

# The Bengali block without the currency and fraction signs (U+09F2..U+09FB): letters,
# combining marks (vowel signs, virama, nukta, chandrabindu, anusvara, visarga), khanda ta,
# digits, the au length mark and the sandhi mark. ZWNJ/ZWJ count as word characters so raw
# (un-normalised) Bengali is not split at them; normalise_text removes them.
_BENGALI = r"\u0980-\u09f1\u09fc-\u09fe\u200c\u200d"
_BN = rf"[{_BENGALI}]"
_OTHER = r"[^\W\u0980-\u09ff]"  # a word character of any other script (Latin, digits, _)
_LETTERS3 = r"[^\W\d_\u0980-\u09ff]{3}"  # three non-Bengali letters

TOKEN_PATTERN = (
    rf"\d+(?:\.\d+)*(?={_LETTERS3})"  # a number glued to a word: "40" of "40wpm"
    rf"|{_BN}+(?:\.{_BN}+)*"  # a Bengali word, perhaps dotted: "এস.এস.সি"
    rf"|(?:(?<![\w{_BENGALI}.])\.)?"  # a leading dot, as in ".net"
    rf"{_OTHER}+(?:\.{_OTHER}+)*"  # words, joined by inner dots: "node.js", "3.5"
    rf"(?:(?:\+\+|#)(?![\w{_BENGALI}]))?"  # a closing "++" or "#": "c++", "c#"
)
"""Regex for one token; usable as scikit-learn's ``token_pattern`` (no capturing groups).

Unlike scikit-learn's default it also matches one-character tokens; ``analyse`` drops them.
``tokenize`` additionally merges dotted abbreviations ("b.sc" → "bsc").
"""

# The same tokens in ASCII text (most English CVs), read under ``re.ASCII``: no Bengali word can
# start there, and on ASCII characters ``_OTHER`` is ``\w``, ``_LETTERS3`` three ASCII letters and
# the look-arounds' classes ``\w`` (and the dot); about a quarter faster than the full pattern.
_ASCII_TOKEN_PATTERN = (
    r"\d+(?:\.\d+)*(?=[a-zA-Z]{3})"
    r"|(?:(?<![\w.])\.)?"
    r"\w+(?:\.\w+)*"
    r"(?:(?:\+\+|#)(?!\w))?"
)

_TOKEN = re.compile(TOKEN_PATTERN)
_ASCII_TOKEN = re.compile(_ASCII_TOKEN_PATTERN, re.ASCII)
# Joins the texts ``tokenize_each`` tokenises in one pass: not a token character, not
# whitespace, and a starter that no Unicode normalisation composes with its neighbours.
_BREAK = "\x00"
_TOKEN_OR_BREAK = re.compile(f"{TOKEN_PATTERN}|{_BREAK}")
_ASCII_TOKEN_OR_BREAK = re.compile(f"{_ASCII_TOKEN_PATTERN}|{_BREAK}", re.ASCII)
_BN_LETTER = re.compile(r"[\u0985-\u09b9\u09ce\u09dc-\u09df]")


def _part_length(part: str) -> int:
    """Letters of one abbreviation part; Bengali vowel signs and marks do not count."""
    if _BN_LETTER.search(part):
        return len(_BN_LETTER.findall(part))
    return len(part)


def _merge_abbreviation(token: str) -> str:
    """Return "bsc" for "b.sc", "এসএসসি" for "এস.এস.সি"; any other token unchanged."""
    if "." not in token or token.startswith(".") or token[0].isdigit():
        return token
    parts = token.split(".")
    if any(not p or p.isdigit() for p in parts):
        return token
    *heads, last = parts
    if all(_part_length(p) <= 2 for p in heads) and _part_length(last) <= 3:
        return "".join(parts)
    return token


def tokenize(text: str) -> list[str]:
    """Return the tokens of ``normalise_text(text)`` in order, stopwords included.

    Tokens are runs of Bengali letters and marks, or runs of other letters, digits and
    underscores optionally joined by inner dots, with an optional leading dot and trailing
    "++" or "#". A dot between two words without a space ("python.java") therefore yields
    one token; short dotted abbreviations lose their dots ("B.Sc." → "bsc").
    Never fails on a str; raises ``TypeError`` for anything else.
    """
    text = normalise_text(text)
    # Only a token with a dot can be an abbreviation: the others skip the call.
    return [_merge_abbreviation(t) if "." in t else t for t in _tokens_of(text, _ASCII_TOKEN, _TOKEN)]


def tokenize_each(texts: list[str]) -> list[list[str]]:
    """Return ``[tokenize(t) for t in texts]``, in one regex pass over the joined texts.

    For many short texts (the segments of a CV) one pass saves the per-call work. The texts
    are joined by NUL, which no token pattern, whitespace rule, case fold or composition
    touches, so each text's tokens are those it has alone; texts holding a NUL themselves are
    tokenised one by one.
    """
    if not texts or any(_BREAK in t for t in texts):
        return [tokenize(t) for t in texts]
    current: list[str] = []
    out = [current]
    for token in _tokens_of(normalise_text(_BREAK.join(texts)), _ASCII_TOKEN_OR_BREAK, _TOKEN_OR_BREAK):
        if token == _BREAK:
            current = []
            out.append(current)
        else:
            current.append(_merge_abbreviation(token) if "." in token else token)
    return out


def _tokens_of(text: str, ascii_pattern: re.Pattern, pattern: re.Pattern) -> list[str]:
    """``pattern.findall(text)``, by ``ascii_pattern`` (the same tokens there) when ``text`` is ASCII."""
    return (ascii_pattern if text.isascii() else pattern).findall(text)
