"""One canonical form of English and Bengali text, for matching.

``normalise_text`` is for comparing and indexing text, never for showing it: it removes
zero-width characters that Bengali rendering may rely on (ZWJ, ZWNJ) and it casefolds.
"""

import re
import unicodedata

from shared.text.digits import BENGALI_DIGITS

# Invisible characters that change no word for matching purposes. ZWNJ/ZWJ steer how
# Bengali conjuncts are drawn; ZWSP, BOM, word joiner and soft hyphen are invisible breaks.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_DROP_ZERO_WIDTH = str.maketrans("", "", ZERO_WIDTH)

# UTF-8 full-width punctuation (EF BC xx) misread as a single-byte code page; it shows up
# in real CV exports, usually followed by a zero-width space. It stood for punctuation.
MOJIBAKE_SEPARATOR = "ï¼"

# Typographic punctuation people paste from word processors, folded to the ASCII mark it
# stands for, so "Father’s Name" and "Father's Name" (or "–" and "-") compare equal.
_PUNCTUATION = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
        "\u201c": '"', "\u201d": '"', "\u201f": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\uff1a": ":", "\uff0c": ",", "\uff1b": ";",
    }
)

# Bengali digits, zero-width characters and typographic punctuation in one pass.
_TABLE = {**_PUNCTUATION, **_DROP_ZERO_WIDTH, **str.maketrans(BENGALI_DIGITS, "0123456789")}
_NEEDS_TABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in _TABLE) + "]")


def normalise_text(text: str) -> str:
    """Return ``text`` in the form every matching step compares.

    Steps, in order: Unicode NFC (so precomposed and decomposed Bengali letters such as
    U+09DF and U+09AF U+09BC agree; NFC keeps the decomposed form for these composition
    exclusions); Bengali digits to ASCII; zero-width characters and soft hyphens removed;
    the mojibake "ï¼" replaced by a space; typographic quotes, dashes and full-width
    colon/comma/semicolon folded to ASCII; casefold (then NFC again, since casefolding can
    decompose); runs of whitespace collapsed to one space and the ends stripped.

    Idempotent. Never fails on a str; raises ``TypeError`` for anything else.
    """
    if not isinstance(text, str):
        raise TypeError(f"normalise_text expects str, got {type(text).__name__}")
    if text.isascii():  # fast path: nothing to compose, translate or fold beyond lower case
        return " ".join(text.lower().split())
    text = unicodedata.normalize("NFC", text)
    text = text.replace(MOJIBAKE_SEPARATOR, " ")
    if _NEEDS_TABLE.search(text):  # translate is slow on long text: only when needed
        text = text.translate(_TABLE)
    text = unicodedata.normalize("NFC", text.casefold())
    # ``split()`` splits at what ``\s`` matches (``str.isspace``) and drops the ends: "\s+" to one
    # space, then strip, about three times faster.
    return " ".join(text.split())
