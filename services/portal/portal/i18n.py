"""The page's language (switch, then cookie, then Accept-Language) and its words, numbers and dates."""

from __future__ import annotations

from datetime import date, datetime

from flask import Request

from portal.catalogue import MESSAGES
from shared.text.digits import to_bengali_digits

LANGUAGES = ("bn", "en")
DEFAULT_LANGUAGE = "en"
COOKIE = "lang"
MONTHS_BN = ("জানুয়ারি", "ফেব্রুয়ারি", "মার্চ", "এপ্রিল", "মে", "জুন", "জুলাই", "আগস্ট", "সেপ্টেম্বর", "অক্টোবর", "নভেম্বর", "ডিসেম্বর")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")


def choose_language(request: Request) -> str:
    """``?lang=`` (the switch), else the ``lang`` cookie, else the best of Accept-Language, else English."""
    for candidate in (request.args.get("lang"), request.cookies.get(COOKIE)):
        if candidate in LANGUAGES:
            return candidate
    for tag, _quality in request.accept_languages:  # best first; "bn-BD" is Bengali
        primary = tag.split("-")[0].lower()
        if primary in LANGUAGES:
            return primary
    return DEFAULT_LANGUAGE


def number(language: str, value) -> str:
    """A number as the page writes it (Bengali digits in Bengali)."""
    text = f"{value:,}" if isinstance(value, int) else str(value)
    return to_bengali_digits(text) if language == "bn" else text


def day(language: str, value) -> str:
    """A date (or an ISO date/time string) as "4 December 2026" / "৪ ডিসেম্বর ২০২৬"."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if not isinstance(value, (date, datetime)):
        return ""
    if language == "bn":
        return f"{to_bengali_digits(str(value.day))} {MONTHS_BN[value.month - 1]} {to_bengali_digits(str(value.year))}"
    return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"


class Translator:
    """``t(key, **values)`` in one language; numbers among the values are written in that language."""

    def __init__(self, language: str):
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE
        self._messages = MESSAGES[self.language]

    def __call__(self, key: str, **values) -> str:
        template = self._messages.get(key) or MESSAGES[DEFAULT_LANGUAGE].get(key) or key
        shown = {k: number(self.language, v) if isinstance(v, int) and not isinstance(v, bool) else v for k, v in values.items()}
        return template.format(**shown)
