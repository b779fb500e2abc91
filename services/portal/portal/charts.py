"""Bar charts drawn on the server as SVG: no script and no CDN, readable without either."""

from __future__ import annotations

from markupsafe import Markup, escape

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 190
BAR_WIDTH = 300


def bar_chart(rows: list[tuple[str, int]], caption: str, number=str) -> Markup:
    """Horizontal bars for ``(label, value)`` rows, longest first as given; ``number`` writes the values."""
    if not rows:
        return Markup("")
    top = max(value for _, value in rows) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + 80
    parts = [f'<svg class="chart" role="img" aria-label="{escape(caption)}" viewBox="0 0 {width} {height}" '
             f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
             f"<title>{escape(caption)}</title>"]
    for i, (label, value) in enumerate(rows):
        y = GAP + i * (BAR_HEIGHT + GAP)
        length = max(2, round(BAR_WIDTH * value / top)) if value else 0
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 6}" text-anchor="end">{escape(label[:40])}</text>')
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" rx="3"></rect>')
        parts.append(f'<text x="{LABEL_WIDTH + length + 6}" y="{y + BAR_HEIGHT - 6}">{escape(number(value))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
