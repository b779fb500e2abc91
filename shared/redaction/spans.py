"""Cutting found spans out of a text, each replaced by one space.

Finders report ``(start, end)`` spans of one string; overlapping or touching spans are merged
so that the result is the same whichever finder found a piece first.
"""

from __future__ import annotations

from collections.abc import Iterable


def cut_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Return ``text`` with every span replaced by one space, keeping line breaks inside spans.

    Spans are ``(start, end)`` indices into ``text``; overlapping and touching spans are merged
    first; empty spans are ignored. A span that held line breaks is replaced by those line
    breaks instead, so the lines of the text stay lines. Runs in O(n + k log k) for ``k``
    spans. Raises ``IndexError`` for a span outside ``text`` (a bug in a finder, never input).
    """
    merged: list[list[int]] = []
    for start, end in sorted(span for span in spans if span[0] < span[1]):
        if not 0 <= start < end <= len(text):
            raise IndexError(f"span {start}:{end} outside a text of {len(text)} characters")
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces, position = [], 0
    for start, end in merged:
        pieces.append(text[position:start])
        removed = text[start:end]
        breaks = "".join(ch for ch in removed if ch in "\r\n") if ("\n" in removed or "\r" in removed) else ""
        pieces.append(breaks or " ")
        position = end
    pieces.append(text[position:])
    return "".join(pieces)
