"""Redact and annotate a screenshot with Pillow.

Marks must survive black-and-white printing: every mark is a thick near-black stroke with a
white halo on both sides, so it stands out on light and dark screens alike and never relies on
colour. Redaction happens on the full-size image before anything is resized, so no trace of
the hidden pixels can blend into the published versions.
"""

from __future__ import annotations

import math
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from hocso.core.fonts import font_file
from hocso.core.model import Annotations, Arrow, Badge, Highlight, Redaction

INK = (17, 17, 17)
HALO = (255, 255, 255)
# Marks are sized for a 720 px wide screen and scaled to the real width.
REFERENCE_WIDTH = 720


class MarkStyle:
    def __init__(self, image_width: int) -> None:
        scale = max(image_width, 240) / REFERENCE_WIDTH
        self.stroke = max(4, round(8 * scale))
        self.halo = max(3, round(4 * scale))
        self.padding = round(4 * scale)
        self.radius = round(24 * scale)
        self.badge_radius = round(30 * scale)
        self.font_size = round(34 * scale)
        self.pixel_block = max(24, round(32 * scale))


@lru_cache(maxsize=8)
def _badge_font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_file("Bold")), size)


def redact(image: Image.Image, redaction: Redaction, block: int) -> None:
    """Destroy the pixels under ``redaction`` in place: solid black, or large blocks."""
    x, y, w, h = redaction.box
    box = (x, y, x + w, y + h)
    if redaction.style == "pixelate":
        region = image.crop(box)
        small = region.resize((max(1, w // block), max(1, h // block)), Image.Resampling.BOX)
        image.paste(small.resize((w, h), Image.Resampling.NEAREST), box)
    else:
        ImageDraw.Draw(image).rectangle(box, fill=(0, 0, 0))


def _highlight(draw: ImageDraw.ImageDraw, mark: Highlight, style: MarkStyle) -> None:
    x, y, w, h = mark.box
    pad = style.padding
    if mark.shape == "circle":
        # A circle through the box's corners, drawn outside them so the control stays visible.
        cx, cy = x + w / 2, y + h / 2
        rx = w / 2 * math.sqrt(2) + pad + style.stroke
        ry = h / 2 * math.sqrt(2) + pad + style.stroke
        outer = (cx - rx, cy - ry, cx + rx, cy + ry)
        draw.ellipse(_grow(outer, style.halo), outline=HALO, width=style.stroke + 2 * style.halo)
        draw.ellipse(outer, outline=INK, width=style.stroke)
        return
    outer = (x - pad - style.stroke, y - pad - style.stroke, x + w + pad + style.stroke,
             y + h + pad + style.stroke)
    draw.rounded_rectangle(_grow(outer, style.halo), radius=style.radius + style.halo,
                           outline=HALO, width=style.stroke + 2 * style.halo)
    draw.rounded_rectangle(outer, radius=style.radius, outline=INK, width=style.stroke)


def _grow(box: tuple[float, float, float, float], by: float) -> tuple[float, ...]:
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


def _arrow(draw: ImageDraw.ImageDraw, mark: Arrow, style: MarkStyle) -> None:
    (x0, y0), (x1, y1) = mark.start, mark.end
    length = math.hypot(x1 - x0, y1 - y0) or 1.0
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    head = style.stroke * 4.5
    base = (x1 - ux * head, y1 - uy * head)
    left = (base[0] - uy * head * 0.6, base[1] + ux * head * 0.6)
    right = (base[0] + uy * head * 0.6, base[1] - ux * head * 0.6)
    tip = (float(x1), float(y1))
    for colour, extra in ((HALO, 2 * style.halo), (INK, 0)):
        draw.line([(x0, y0), base], fill=colour, width=style.stroke + extra)
        draw.polygon([tip, left, right], fill=colour, outline=colour, width=max(1, extra))


def _badge(draw: ImageDraw.ImageDraw, mark: Badge, style: MarkStyle) -> None:
    cx, cy = mark.at
    r = style.badge_radius
    draw.ellipse((cx - r - style.halo, cy - r - style.halo, cx + r + style.halo,
                  cy + r + style.halo), fill=HALO)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=INK)
    draw.text((cx, cy), str(mark.number), fill=HALO, font=_badge_font(style.font_size),
              anchor="mm")


def apply_annotations(image: Image.Image, annotations: Annotations) -> Image.Image:
    """Redact, then draw every mark. Returns a new RGB image; the input is left untouched."""
    result = image.convert("RGB")
    style = MarkStyle(result.width)
    for redaction in annotations.redactions:
        redact(result, redaction, style.pixel_block)
    draw = ImageDraw.Draw(result)
    for highlight in annotations.highlights:
        _highlight(draw, highlight, style)
    for arrow in annotations.arrows:
        _arrow(draw, arrow, style)
    for badge in annotations.badges:
        _badge(draw, badge, style)
    return result
