"""Registration codes: what a candidate shows or reads aloud at a fair's gate.

A code is 7 characters from ``ALPHABET``: capital letters and digits without the ones people
confuse when reading aloud or from a phone screen (0, O, Q, 1, I, L, 2, Z, 5, S, 8, B are left
out), so 24 symbols and 24⁷ ≈ 4.6·10⁹ codes. It is stored as the 7
characters and shown grouped ``XXX-XXXX``. Typed input is forgiving: lower case, spaces,
dashes and dots are ignored, and Bengali digits (a Bengali keyboard's ৩, ৪ …) read as the
ASCII digits they are. A code is a lookup key for check-in, not a credential: it gives the
holder nothing to read.
"""

from __future__ import annotations

import secrets

ALPHABET = "ACDEFGHJKMNPRTUVWXY34679"
LENGTH = 7
_BENGALI_DIGITS = str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")
_IGNORED = str.maketrans("", "", " -.\u00a0\t")
_SYMBOLS = frozenset(ALPHABET)


def new_code() -> str:
    """A fresh random code (7 characters, no dash); callers check it is not taken."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def grouped(code: str) -> str:
    """A stored code as people read it: ``"K7M4XRP"`` → ``"K7M-4XRP"``."""
    return f"{code[:3]}-{code[3:]}"


def parse_code(text: str | None) -> str | None:
    """The stored form of a typed or scanned code, or None when it cannot be one.

    ``" k7m-4xrp "``, ``"K7M 4XRP"`` and ``"K৭M-৪XRP"`` all give ``"K7M4XRP"``.
    """
    if not isinstance(text, str) or len(text) > 40:
        return None
    code = text.translate(_BENGALI_DIGITS).translate(_IGNORED).upper()
    if len(code) != LENGTH or not set(code) <= _SYMBOLS:
        return None
    return code
