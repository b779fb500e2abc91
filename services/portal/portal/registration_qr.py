"""The QR code of a candidate's registration code, shown on their page for the fair's gate."""

from __future__ import annotations

import segno
from markupsafe import Markup

from shared.registration_codes import parse_code


def registration_qr(shown_code: str | None) -> Markup | None:
    """An inline SVG QR holding the code alone (``XXX-XXXX``), or None when there is no valid code."""
    if parse_code(shown_code) is None:
        return None
    return Markup(segno.make(shown_code, error="m").svg_inline(scale=6, dark="#111", light="#fff", border=4))
