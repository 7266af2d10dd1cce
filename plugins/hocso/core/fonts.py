"""The complete Be Vietnam Pro font files, for drawing on images and for print.

The web uses small WOFF2 subsets committed with the site; anything drawn or printed uses the
full TTFs shipped (with their OFL licence) by the ``fontpkg-be-vietnam-pro`` package.
"""

from __future__ import annotations

from pathlib import Path

from fontpkg_be_vietnam_pro import ROOT

FAMILY = "Be Vietnam Pro"


def font_file(style: str = "Regular") -> Path:
    """The TTF of one style, e.g. ``Regular``, ``Bold``, ``SemiBold``."""
    path = Path(ROOT) / "files" / f"BeVietnamPro-{style}.ttf"
    if not path.is_file():
        raise FileNotFoundError(path)
    return path


def licence_file() -> Path:
    return Path(ROOT) / "LICENSE"
