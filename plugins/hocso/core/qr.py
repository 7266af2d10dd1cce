"""QR codes for handouts: plain black on white, with the quiet zone scanners need."""

from __future__ import annotations

import segno


def qr_data_uri(url: str) -> str:
    """An SVG data URI of a QR code for ``url``; vector, so it prints sharp at any size."""
    code = segno.make(url, error="m", micro=False)
    return str(code.svg_data_uri(scale=4, border=4, dark="#000", light="#fff"))
