"""Read back a QR code the portal drew as inline SVG: its path drawn on a picture, decoded by ZXing."""

from __future__ import annotations

import re

import zxingcpp
from PIL import Image, ImageDraw

_SIZE = re.compile(r'<path fill="#fff" d="M0 0h(\d+)v')
_LINES = re.compile(r'class="qrline"[^>]* d="([^"]+)"')
_STEP = re.compile(r"([Mmh])\s*(-?[\d.]+)(?:\s+(-?[\d.]+))?")


def decode_inline_svg(svg: str, pixels_per_module: int = 8) -> list[str]:
    """The texts of the QR codes ZXing finds in a segno inline SVG (its horizontal runs of dark modules)."""
    modules = int(_SIZE.search(svg).group(1))
    picture = Image.new("L", (modules * pixels_per_module,) * 2, 255)
    draw = ImageDraw.Draw(picture)
    x = y = 0.0
    for command, a, b in _STEP.findall(_LINES.search(svg).group(1)):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:  # h: a dark run of ``a`` modules on the row whose middle is y
            row = int(y - 0.5)
            draw.rectangle([x * pixels_per_module, row * pixels_per_module,
                            (x + float(a)) * pixels_per_module - 1, (row + 1) * pixels_per_module - 1], fill=0)
            x += float(a)
    return [found.text for found in zxingcpp.read_barcodes(picture)]
