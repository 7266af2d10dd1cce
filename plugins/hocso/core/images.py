"""Screenshots as the site shows them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image

SCREENSHOTS_URL = "screenshots/"


@dataclass(frozen=True)
class ImageRef:
    """Where a picture is published, and its size in pixels (for width/height attributes)."""

    url: str
    width: int
    height: int


@lru_cache(maxsize=4096)
def _size(path: Path, mtime_ns: int) -> tuple[int, int]:
    with Image.open(path) as image:
        return image.size


def image_ref(screenshots_dir: Path, src: str) -> ImageRef:
    """The published picture for ``screenshots/<src>`` (the loader has checked it exists)."""
    path = screenshots_dir / src
    width, height = _size(path, path.stat().st_mtime_ns)
    return ImageRef(SCREENSHOTS_URL + src, width, height)
