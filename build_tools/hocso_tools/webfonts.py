"""Make the site's web fonts: Be Vietnam Pro subset to Latin and Vietnamese, as WOFF2.

The output is committed (under templates/site/assets/fonts/) so that building the site
needs neither fontTools nor the network; run ``hocso fonts`` after changing the ranges.
"""

from __future__ import annotations

import shutil
from pathlib import Path

# Basic Latin, Latin-1, the Vietnamese letters and marks, common punctuation, ₫ and →.
UNICODE_RANGES = (
    "U+0020-007E, U+00A0-00FF, U+0102-0103, U+0110-0111, U+0128-0129, U+0168-0169, "
    "U+01A0-01A1, U+01AF-01B0, U+0300-0301, U+0303-0304, U+0308-0309, U+0323, U+0329, "
    "U+1EA0-1EF9, U+2009-200B, U+2010-2014, U+2018-201E, U+2022, U+2026, U+2039-203A, "
    "U+2060, U+20AB, U+2192, U+2212"
)
WEIGHTS = {"Regular": 400, "Bold": 700}


def _codepoints() -> list[int]:
    points: list[int] = []
    for part in UNICODE_RANGES.split(","):
        spec = part.strip().removeprefix("U+")
        first, _, last = spec.partition("-")
        points += range(int(first, 16), int(last or first, 16) + 1)
    return points


def make_web_fonts(out_dir: Path) -> list[Path]:
    """Write one WOFF2 per weight and the OFL licence into ``out_dir``."""
    from fontpkg_be_vietnam_pro import ROOT
    from fontTools import subset

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for style in WEIGHTS:
        options = subset.Options()
        options.flavor = "woff2"
        # fontTools' default features (kerning, marks, ligatures, localised forms) are all
        # that text needs; the stylistic sets and figure styles would add about 5 KB.
        options.name_IDs = ["*"]
        # No TrueType hinting: it is half of each file (26 -> 14 KB), and the browsers our
        # readers use (Chrome on Android, Safari) ignore it; at our 20 px and larger text
        # Windows renders the unhinted outlines well too. Google Fonts serves these fonts
        # unhinted to every platform but Windows for the same reason.
        options.hinting = False
        options.notdef_outline = True
        font = subset.load_font(str(Path(ROOT) / "files" / f"BeVietnamPro-{style}.ttf"), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=_codepoints())
        subsetter.subset(font)
        target = out_dir / f"BeVietnamPro-{style}.woff2"
        subset.save_font(font, str(target), options)
        written.append(target)
    licence = out_dir / "OFL.txt"
    shutil.copyfile(Path(ROOT) / "LICENSE", licence)
    written.append(licence)
    return written
