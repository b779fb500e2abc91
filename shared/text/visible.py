"""Text a person will see, without the invisible characters that can disguise or break it.

Values from users (names, titles, employers, fair names) reach SMS and email text. Control
characters, bidirectional overrides (which can make "gpj.exe" read as "exe.jpg") and other
format characters must not travel with them. Intake uses the same rule to validate input.
"""

from __future__ import annotations

import re
import unicodedata

# ZWNJ and ZWJ shape Bengali conjuncts ("র‌্যাব" is র, ZWNJ, ্য, া, ব) and are kept there.
BENGALI_JOINERS = frozenset("\u200c\u200d")
_KEPT_WHITESPACE = frozenset("\t\n\r")
# Characters of which none is invisible (tests check each against ``_is_invisible``): tab, newline,
# carriage return, printable ASCII, Latin-1 and Latin Extended-A/B without the soft hyphen, the
# Bengali block, and punctuation, currency, letterlike, arrow, maths, shape and dingbat symbols
# outside the format characters among them. A text made only of them is already visible.
SURELY_VISIBLE = (
    "\t\n\r\x20-\x7e\u00a0-\u00ac\u00ae-\u024f\u0980-\u09ff\u2010-\u2027\u2030-\u205e\u20a0-\u20c0"
    "\u2100-\u214f\u2190-\u22ff\u25a0-\u27bf"
)
_ALL_SURELY_VISIBLE = re.compile(f"[{SURELY_VISIBLE}]*")


def _is_bengali(ch: str) -> bool:
    return "\u0980" <= ch <= "\u09ff"


def _is_invisible(ch: str) -> bool:
    if ch in _KEPT_WHITESPACE:
        return False
    # Cc: C0/C1 controls and NUL; Cf: bidi embeddings, overrides and isolates (U+202A-202E,
    # U+2066-2069), marks, zero-width characters, soft hyphen, BOM; Cs: lone surrogates;
    # Zl/Zp: line and paragraph separators.
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp")


def _as_space(ch: str) -> str:
    """The plain whitespace an invisible whitespace character stands for."""
    return "\n" if unicodedata.category(ch) in ("Zl", "Zp") else " "


def visible_text(value: str | None) -> str:
    """Return ``value`` without control, format and other invisible characters.

    Removed: every Cc character except tab, newline and carriage return (so NUL and the C1
    controls go), every Cf character (bidi overrides, embeddings and isolates, zero-width
    space, BOM, soft hyphen...) and lone surrogates. Control characters that are whitespace
    (vertical tab, form feed, NEL...) become a space, and the line and paragraph separators
    (U+2028, U+2029) a newline, so words do not run together. ZWNJ and
    ZWJ (U+200C, U+200D) are kept where they sit between two Bengali characters, where they
    are part of the spelling, and removed elsewhere. Nothing else changes: no Unicode
    normalisation, no whitespace collapsing. ``None`` gives "". Never raises.
    """
    if not value:
        return ""
    if _ALL_SURELY_VISIBLE.fullmatch(value):
        return value
    kept = []
    for ch in value:
        if ch in BENGALI_JOINERS or not _is_invisible(ch):
            kept.append(ch)
        elif ch.isspace():
            kept.append(_as_space(ch))
    cleaned = []
    for i, ch in enumerate(kept):
        if ch in BENGALI_JOINERS:
            before = kept[i - 1] if i > 0 else ""
            after = kept[i + 1] if i + 1 < len(kept) else ""
            if not (_is_bengali(before) and _is_bengali(after)):
                continue
        cleaned.append(ch)
    return "".join(cleaned)


def has_visible_text(value: str | None) -> bool:
    """Whether ``visible_line(value)`` would be non-empty, without building it: True at the first character
    that is neither whitespace nor invisible (a kept joiner sits between two such), so a long text
    that starts with a letter costs nothing. Never raises."""
    return bool(value) and any(not ch.isspace() and not _is_invisible(ch) for ch in value)


def visible_line(value: str | None) -> str:
    """Return ``visible_text(value)`` on one line: runs of whitespace become one space, ends trimmed.

    For names, titles and other one-line fields. "" when nothing visible is left. Never raises.
    """
    return " ".join(visible_text(value).split())
