"""Values people typed made fit for one line of a letter: visible, drawable, and cut with an ellipsis."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Collection

from shared.text.visible import visible_text

ELLIPSIS = "…"
EMPTY = "—"
# More than a line of the letter holds; bounds the work a 10,000-character value costs.
MAX_CHARACTERS = 300
# A longer run of marks on one base is noise (or "Zalgo"), not spelling; the rest is dropped.
MAX_CLUSTER_LENGTH = 10
_VIRAMA = "\u09cd"
_JOINERS = "\u200c\u200d"


def _joins_previous(ch: str, previous: str) -> bool:
    """True when ``ch`` belongs to the character cluster ``previous`` ends."""
    return unicodedata.category(ch).startswith("M") or ch in _JOINERS or previous in _JOINERS or previous == _VIRAMA


def clusters(text: str) -> list[str]:
    """``text`` in pieces that can be cut apart without breaking a conjunct, vowel sign or accent."""
    pieces: list[str] = []
    for ch in text:
        if pieces and _joins_previous(ch, pieces[-1][-1]):
            if len(pieces[-1]) < MAX_CLUSTER_LENGTH:
                pieces[-1] += ch
        else:
            pieces.append(ch)
    return pieces


def drawable_line(value: str | None, drawable: Collection[int]) -> str:
    """``value`` on one line without invisible characters or ones no letter font draws (emoji, other scripts)."""
    visible = visible_text(value if isinstance(value, str) else "")
    kept = "".join(ch for ch in visible if ch.isspace() or ord(ch) in drawable)
    return " ".join(kept.split())


def fit_line(text: str, width: float, measure: Callable[[str], float]) -> str:
    """``text`` when ``measure`` finds it within ``width``, else its longest start that fits followed by "…"."""
    if not text:
        return EMPTY
    pieces = clusters(text[:MAX_CHARACTERS])
    whole = "".join(pieces)
    if len(text) <= MAX_CHARACTERS and measure(whole) <= width:
        return whole
    # pieces[:fits] with the ellipsis fits (or fits is 0); pieces[:too_long] with it does not.
    fits, too_long = 0, len(pieces) + 1
    while too_long - fits > 1:
        middle = (fits + too_long) // 2
        if measure("".join(pieces[:middle]).rstrip() + ELLIPSIS) <= width:
            fits = middle
        else:
            too_long = middle
    return "".join(pieces[:fits]).rstrip() + ELLIPSIS
