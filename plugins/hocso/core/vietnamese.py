"""Facts about Vietnamese script that the build and the tests rely on."""

from __future__ import annotations

import unicodedata

_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")


def vietnamese_letters() -> list[str]:
    """The 134 precomposed Vietnamese letters (67 lower-case, 67 capital), not plain ASCII."""
    lower = [unicodedata.normalize("NFC", vowel + tone) for vowel in _VOWELS for tone in _TONES]
    lower = [letter for letter in lower if not letter.isascii()] + ["đ"]
    return lower + [letter.upper() for letter in lower]


DONG_SIGN = "\u20ab"  # ₫
