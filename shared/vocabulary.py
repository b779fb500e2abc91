"""Values a posting may use for its constraints, shared by intake (which validates them) and the
matcher (which reads them; a contract test checks it understands every value listed here).

Matching is by ``normalise_key``: NFC, trimmed, casefolded. Intake stores and publishes the
canonical names (the keys), so the matcher only ever sees those.
"""

from __future__ import annotations

import unicodedata

POLICIES = ("ignore", "prefer", "require")

#: Education levels, lowest first, each with the spellings accepted for it.
EDUCATION_LEVELS = {
    "SSC": ("ssc", "এসএসসি", "dakhil", "দাখিল"),
    "HSC": ("hsc", "এইচএসসি", "alim", "আলিম"),
    "Diploma": ("diploma", "ডিপ্লোমা"),
    "Bachelor": ("bachelor", "bachelors", "bachelor's", "graduate", "স্নাতক", "bsc", "bba", "bss", "honours"),
    "Masters": ("masters", "master", "master's", "স্নাতকোত্তর", "msc", "mba", "mss"),
    "PhD": ("phd", "doctorate", "পিএইচডি"),
}

#: Languages a posting may require, each with the spellings accepted for it.
LANGUAGES = {
    "English": ("english", "ইংরেজি"),
    "Bangla": ("bangla", "bengali", "বাংলা"),
    "Hindi": ("hindi", "হিন্দি"),
    "Urdu": ("urdu", "উর্দু"),
    "Arabic": ("arabic", "আরবি"),
    "Chinese": ("chinese", "mandarin", "চীনা"),
    "Japanese": ("japanese", "জাপানি"),
    "Korean": ("korean", "কোরিয়ান"),
}


def normalise_key(value: str) -> str:
    """The form values are compared in."""
    return unicodedata.normalize("NFC", value).strip().casefold()


def _index(table: dict) -> dict:
    return {normalise_key(s): name for name, spellings in table.items() for s in (name, *spellings)}


_LEVELS = _index(EDUCATION_LEVELS)
_LANGUAGES = _index(LANGUAGES)


def canonical_level(value: str) -> str | None:
    """The canonical education level ``value`` spells ("এইচএসসি" → "HSC"), or None if unknown."""
    return _LEVELS.get(normalise_key(value))


def canonical_language(value: str) -> str | None:
    """The canonical language ``value`` spells ("বাংলা" → "Bangla"), or None if unknown."""
    return _LANGUAGES.get(normalise_key(value))
