"""Bangladesh's divisions with their spellings: official, older English, and Bengali.

``canonical_division`` maps any known spelling to the official English name, so "Jessore"-era
and Bengali input compare equal. Unknown names return None; callers decide whether that is an
error.
"""

from __future__ import annotations

import unicodedata

_DIVISION_SPELLINGS = {
    "Barishal": ("barishal", "barisal", "বরিশাল"),
    "Chattogram": ("chattogram", "chittagong", "চট্টগ্রাম"),
    "Dhaka": ("dhaka", "dacca", "ঢাকা"),
    "Khulna": ("khulna", "খুলনা"),
    "Mymensingh": ("mymensingh", "ময়মনসিংহ"),
    "Rajshahi": ("rajshahi", "রাজশাহী"),
    "Rangpur": ("rangpur", "রংপুর"),
    "Sylhet": ("sylhet", "সিলেট"),
}


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", name).strip().casefold()


_LOOKUP = {_key(spelling): canonical for canonical, spellings in _DIVISION_SPELLINGS.items() for spelling in spellings}

DIVISIONS = tuple(_DIVISION_SPELLINGS)


def canonical_division(name: str) -> str | None:
    """Return the official English name of the division ``name`` spells, or None if unknown."""
    return _LOOKUP.get(_key(name))
