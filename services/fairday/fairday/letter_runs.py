"""Text cut into runs that one font each draws, so mixed Bengali and Latin needs no font fallback."""

from __future__ import annotations

from collections.abc import Collection, Sequence

# fpdf2's own fallback fonts (2.8.9) can leave the cell after a fallback-first one drawn with a stale
# font and wrong glyphs (py-pdf/fpdf2 issues 1488 and 1772); one font per run never switches mid-cell.


def font_runs(text: str, fonts: Sequence[tuple[str, Collection[int]]]) -> list[tuple[str, str]]:
    """``text`` as (font, run) pairs; a character keeps its run's font if it can, else takes the first font with it."""
    cmaps = dict(fonts)
    runs: list[tuple[str, list[str]]] = []
    for ch in text:
        if runs and ord(ch) in cmaps[runs[-1][0]]:
            runs[-1][1].append(ch)
            continue
        font = next((name for name, cmap in fonts if ord(ch) in cmap), None)
        if font is not None:  # a character no font has is left out
            runs.append((font, [ch]))
    return [(font, "".join(chars)) for font, chars in runs]
