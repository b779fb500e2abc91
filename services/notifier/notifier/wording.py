"""Shaping a message's text: numbers as its language writes them, names cut short, one more line."""

from __future__ import annotations

import unicodedata

from notifier.sms_length import is_gsm7
from shared.text.digits import to_bengali_digits

_JOINERS = frozenset("\u200c\u200d")


def written_number(language: str, value) -> str:
    """A number (or a stall like "12") as the language writes it: Bengali digits in Bengali."""
    return to_bengali_digits(str(value)) if language == "bn" else str(value)


def ellipsis_for(text: str) -> str:
    """The ellipsis a cut SMS uses: "..." in GSM-7 text, where "…" would make it UCS-2 and halve the room."""
    return "..." if is_gsm7(text) else "…"


def shortened(value: str, limit: int | None, ellipsis: str) -> str:
    """Keep at most ``limit`` characters of value, never splitting a letter from its marks."""
    if limit is None or len(value) <= limit:
        return value
    cut = limit
    while cut > 0 and (
        unicodedata.category(value[cut]).startswith("M")
        or unicodedata.combining(value[cut - 1]) == 9  # virama, e.g. Bengali hasanta
        or value[cut - 1] in _JOINERS
    ):
        cut -= 1
    return value[:cut].rstrip() + ellipsis


def with_line(body: str, line: str, channel: str) -> str:
    """``body`` with one more line: after the SMS's text, or before an email's sign-off."""
    if channel == "sms":
        return f"{body} {line}"
    text, _, sign_off = body.rstrip("\n").rpartition("\n\n")
    return f"{text}\n\n{line}\n\n{sign_off}\n"
