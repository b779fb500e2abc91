"""Plain-text uploads: which bytes count as text, how they are decoded, and how text is tidied.

Accepted encodings: UTF-8 with or without a byte-order mark, and UTF-16 (LE or BE) *with* a
byte-order mark. Anything else (Latin-1, UTF-16 without a BOM, binary) is not text to us.
Decoding a bounded byte string is linear and has no parser to attack, so intake does this in
its own process; PDF and DOCX go to the sandbox (:mod:`shared.documents.sandbox`).
"""

from __future__ import annotations

import re
import unicodedata

from shared.text.visible import visible_text

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Share of characters that may be non-printable (controls other than tab/newline/CR/FF).
_MAX_CONTROL_SHARE = 0.01
_ALLOWED_CONTROLS = frozenset("\t\n\r\f")
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def decode_text(data: bytes) -> str | None:
    """Return ``data`` decoded as text, or None when the bytes are not text we accept.

    Text is UTF-8 (BOM optional) without NUL bytes, or UTF-16 with a BOM without NUL
    characters, and mostly printable: at most 1% of the characters may be control characters
    other than tab, newline, carriage return and form feed. Empty input gives None.
    """
    if not data:
        return None
    try:
        if data.startswith(_UTF8_BOM):
            text = data[len(_UTF8_BOM) :].decode("utf-8")
        elif data.startswith(_UTF16_BOMS):
            text = data.decode("utf-16")
        else:
            if b"\x00" in data:
                return None
            text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\x00" in text:
        return None
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS)
    if controls > _MAX_CONTROL_SHARE * max(len(text), 1):
        return None
    return text


def tidy_text(text: str) -> str:
    """Return ``text`` in NFC with invisible characters removed and whitespace tidied.

    Controls, bidi overrides and other format characters go (ZWJ/ZWNJ stay inside Bengali
    words, see :func:`shared.text.visible.visible_text`); CRLF and CR become LF; runs of
    spaces and tabs become one space; lines are trimmed; more than one blank line in a row
    becomes one; the ends are trimmed.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = unicodedata.normalize("NFC", visible_text(text))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
