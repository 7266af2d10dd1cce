"""Previews of annotated screenshots with a coordinate grid, for contributors.

A contributor who does not code finds the numbers for a highlight or a redaction by reading
them off the grid, then checks the result in the same picture.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

from hocso.core.annotate import apply_annotations
from hocso.core.fonts import font_file
from hocso.core.model import Annotations

GRID_STEP = 100


def render_preview(source: Path, annotations: Annotations, grid_step: int = GRID_STEP
                   ) -> Image.Image:
    """The annotated picture at full size, with a labelled grid every ``grid_step`` pixels."""
    with Image.open(source) as raw:
        image = apply_annotations(ImageOps.exif_transpose(raw), annotations)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_file("Bold")), max(14, image.width // 45))
    for x in range(0, image.width, grid_step):
        draw.line([(x, 0), (x, image.height)], fill=(255, 255, 255), width=3)
        draw.line([(x, 0), (x, image.height)], fill=(0, 0, 0), width=1)
    for y in range(0, image.height, grid_step):
        draw.line([(0, y), (image.width, y)], fill=(255, 255, 255), width=3)
        draw.line([(0, y), (image.width, y)], fill=(0, 0, 0), width=1)
    for x in range(grid_step, image.width, grid_step):
        _label(draw, (x + 3, 3), str(x), font)
    for y in range(grid_step, image.height, grid_step):
        _label(draw, (3, y + 3), str(y), font)
    return image


def _label(draw: ImageDraw.ImageDraw, at: tuple[int, int], text: str,
           font: ImageFont.FreeTypeFont) -> None:
    box = draw.textbbox(at, text, font=font)
    draw.rectangle((box[0] - 2, box[1] - 2, box[2] + 2, box[3] + 2), fill=(255, 255, 255),
                   outline=(0, 0, 0))
    draw.text(at, text, fill=(0, 0, 0), font=font)
