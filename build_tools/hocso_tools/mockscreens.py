"""Draw simple illustrative phone screens from a readable description.

Where a real screenshot cannot be taken, a lesson can show a clear mock screen instead. Each
lesson's screens are described in ``screenshots/<lesson-id>/screens.yml``; ``hocso
mock-screens <lesson-id>`` draws them as PNG files beside it, each marked as an illustration,
and prints the box of every element that has an ``id`` so that annotations can point at it.
Real screenshots can later replace the PNG files without touching any code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from PIL import Image, ImageDraw, ImageFont

from hocso.core.fonts import font_file

# Design units; drawn at SCALE for print-quality output. A screen is as tall as its content
# (at least MIN_HEIGHT), so the part that matters is as large as possible on a phone.
WIDTH, HEIGHT, MIN_HEIGHT = 720, 1480, 560
SCALE = 1.5
MARGIN = 48
INK = (26, 26, 26)
SOFT = (70, 70, 70)
LINE = (150, 150, 150)
PAPER = (255, 255, 255)
TINT = (238, 241, 246)
BRAND = (10, 61, 145)
FOOTER = "HÌNH MINH HOẠ · ILLUSTRATION"


class DescriptionProblem(Exception):
    """The screens.yml file describes something the drawer does not know."""


@dataclass
class Canvas:
    image: Image.Image
    draw: ImageDraw.ImageDraw
    y: float = 0
    boxes: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)

    def font(self, size: float, bold: bool = False) -> ImageFont.FreeTypeFont:
        return _font(round(size * SCALE), bold)

    def s(self, value: float) -> float:
        return value * SCALE

    def remember(self, element: dict[str, Any], box: tuple[float, float, float, float]) -> None:
        if "id" in element:
            x0, y0, x1, y1 = (round(self.s(v)) for v in box)
            self.boxes[str(element["id"])] = (x0, y0, x1 - x0, y1 - y0)

    def text(self, xy: tuple[float, float], text: str, size: float, *, bold: bool = False,
             fill: tuple[int, int, int] = INK, anchor: str = "la") -> None:
        self.draw.text((self.s(xy[0]), self.s(xy[1])), text, font=self.font(size, bold),
                       fill=fill, anchor=anchor)

    def rect(self, box: tuple[float, float, float, float], *, radius: float = 0,
             fill: tuple[int, int, int] | None = None,
             outline: tuple[int, int, int] | None = None, width: float = 0) -> None:
        self.draw.rounded_rectangle(tuple(self.s(v) for v in box), radius=self.s(radius),
                                    fill=fill, outline=outline, width=round(self.s(width)))

    def wrap(self, text: str, size: float, max_width: float, bold: bool = False) -> list[str]:
        font = self.font(size, bold)
        lines: list[str] = []
        for paragraph in str(text).split("\n"):
            line = ""
            for word in paragraph.split():
                candidate = f"{line} {word}".strip()
                if font.getlength(candidate) <= self.s(max_width) or not line:
                    line = candidate
                else:
                    lines.append(line)
                    line = word
            lines.append(line)
        return lines


_FONTS: dict[tuple[int, bool], ImageFont.FreeTypeFont] = {}


def _font(size: int, bold: bool) -> ImageFont.FreeTypeFont:
    key = (size, bold)
    if key not in _FONTS:
        _FONTS[key] = ImageFont.truetype(str(font_file("Bold" if bold else "Regular")), size)
    return _FONTS[key]


def _paragraph(c: Canvas, text: str, size: float, *, bold: bool = False,
               fill: tuple[int, int, int] = INK, x: float = MARGIN,
               width: float = WIDTH - 2 * MARGIN) -> tuple[float, float, float, float]:
    top = c.y
    for line in c.wrap(text, size, width, bold):
        c.text((x, c.y), line, size, bold=bold, fill=fill)
        c.y += size * 1.45
    return (x, top, x + width, c.y)


def draw_appbar(c: Canvas, e: dict[str, Any]) -> None:
    c.rect((0, c.y, WIDTH, c.y + 104), fill=BRAND)
    if e.get("back"):
        mid = c.y + 52
        c.draw.line([(c.s(MARGIN + 30), c.s(mid - 18)), (c.s(MARGIN + 12), c.s(mid)),
                     (c.s(MARGIN + 30), c.s(mid + 18))], fill=PAPER, width=round(c.s(6)))
    c.text((MARGIN + (56 if e.get("back") else 0), c.y + 52), str(e["title"]), 34, bold=True,
           fill=PAPER, anchor="lm")
    c.remember(e, (0, c.y, WIDTH, c.y + 104))
    c.y += 104 + 40


def draw_logo(c: Canvas, e: dict[str, Any]) -> None:
    size = 200
    x = (WIDTH - size) / 2
    c.rect((x, c.y, x + size, c.y + size), radius=44, fill=BRAND)
    c.text((WIDTH / 2, c.y + size / 2), str(e["text"]), 48, bold=True, fill=PAPER, anchor="mm")
    c.remember(e, (x, c.y, x + size, c.y + size))
    c.y += size + 48


def draw_heading(c: Canvas, e: dict[str, Any]) -> None:
    c.remember(e, _paragraph(c, str(e["text"]), 40, bold=True))
    c.y += 16


def draw_text(c: Canvas, e: dict[str, Any]) -> None:
    c.remember(e, _paragraph(c, str(e["text"]), 30, fill=SOFT))
    c.y += 24


def draw_button(c: Canvas, e: dict[str, Any]) -> None:
    lines = c.wrap(str(e["label"]), 32, WIDTH - 2 * MARGIN - 64, bold=True)
    height = max(104, 44 + len(lines) * 44)
    box = (MARGIN, c.y, WIDTH - MARGIN, c.y + height)
    primary = e.get("style", "primary") == "primary"
    c.rect(box, radius=28, fill=BRAND if primary else PAPER, outline=BRAND, width=4)
    y = c.y + (height - len(lines) * 44) / 2 + 22
    for line in lines:
        c.text((WIDTH / 2, y), line, 32, bold=True, fill=PAPER if primary else BRAND,
               anchor="mm")
        y += 44
    c.remember(e, box)
    c.y += height + 32


def draw_input(c: Canvas, e: dict[str, Any]) -> None:
    c.text((MARGIN, c.y), str(e["label"]), 28, bold=True)
    c.y += 48
    box = (MARGIN, c.y, WIDTH - MARGIN, c.y + 96)
    c.rect(box, radius=16, outline=LINE, width=3, fill=PAPER)
    value = e.get("value")
    c.text((MARGIN + 28, c.y + 48), str(value if value else e.get("placeholder", "")), 32,
           fill=INK if value else SOFT, anchor="lm")
    c.remember(e, box)
    c.y += 96 + 36


def draw_digits(c: Canvas, e: dict[str, Any]) -> None:
    count = int(e.get("count", 6))
    filled = str(e.get("value", ""))
    gap = 16
    size = min(88, (WIDTH - 2 * MARGIN - gap * (count - 1)) / count)
    total = count * size + gap * (count - 1)
    x = (WIDTH - total) / 2
    for n in range(count):
        box = (x, c.y, x + size, c.y + size * 1.2)
        c.rect(box, radius=12, outline=INK if n < len(filled) else LINE, width=3)
        if n < len(filled):
            c.text((x + size / 2, c.y + size * 0.6), "•" if e.get("masked") else filled[n], 40,
                   bold=True, anchor="mm")
        x += size + gap
    c.remember(e, ((WIDTH - total) / 2, c.y, (WIDTH + total) / 2, c.y + size * 1.2))
    c.y += size * 1.2 + 40


def draw_sms(c: Canvas, e: dict[str, Any]) -> None:
    width = WIDTH - 2 * MARGIN - 60
    lines = c.wrap(str(e["text"]), 30, width - 56)
    height = len(lines) * 44 + 56
    box = (MARGIN, c.y, MARGIN + width, c.y + height)
    c.rect(box, radius=32, fill=TINT)
    y = c.y + 28
    for line in lines:
        c.text((MARGIN + 28, y), line, 30)
        y += 44
    c.remember(e, box)
    c.y += height + 24


def draw_bubble(c: Canvas, e: dict[str, Any]) -> None:
    """A chat message: the reader's own on the right, the other side's on the left."""
    width = WIDTH - 2 * MARGIN - 100
    lines = c.wrap(str(e["text"]), 30, width - 56)
    height = len(lines) * 44 + 56
    mine = e.get("side", "left") == "right"
    x = WIDTH - MARGIN - width if mine else MARGIN
    box = (x, c.y, x + width, c.y + height)
    c.rect(box, radius=32, fill=BRAND if mine else TINT)
    y = c.y + 28
    for line in lines:
        c.text((x + 28, y), line, 30, fill=PAPER if mine else INK)
        y += 44
    c.remember(e, box)
    c.y += height + 24


def draw_qr(c: Canvas, e: dict[str, Any]) -> None:
    """A real, scannable QR code of ``text`` (an example address, never a real account)."""
    import segno

    size = float(e.get("size", 320))
    code = segno.make(str(e["text"]), error="m")
    matrix = list(code.matrix)
    modules = len(matrix) + 8
    cell = size / modules
    x0 = (WIDTH - size) / 2
    c.rect((x0 - 16, c.y - 16, x0 + size + 16, c.y + size + 16), radius=16, outline=INK,
           width=4, fill=PAPER)
    for row, values in enumerate(matrix):
        for col, value in enumerate(values):
            if value:
                left, top = x0 + (col + 4) * cell, c.y + (row + 4) * cell
                c.draw.rectangle((c.s(left), c.s(top), c.s(left + cell) - 1,
                                  c.s(top + cell) - 1), fill=INK)
    c.remember(e, (x0 - 16, c.y - 16, x0 + size + 16, c.y + size + 16))
    c.y += size + 48


def draw_address(c: Canvas, e: dict[str, Any]) -> None:
    """A browser's address bar."""
    box = (MARGIN / 2, c.y, WIDTH - MARGIN / 2, c.y + 80)
    c.rect(box, radius=40, fill=TINT, outline=LINE, width=2)
    c.text((MARGIN + 20, c.y + 40), str(e["text"]), 30, anchor="lm")
    c.remember(e, box)
    c.y += 80 + 32


def draw_rows(c: Canvas, e: dict[str, Any]) -> None:
    """Label and value pairs, as on a confirmation screen."""
    for n, (label, value) in enumerate(e["items"], start=1):
        top = c.y
        c.text((MARGIN, c.y), str(label), 26, fill=SOFT)
        c.y += 40
        _paragraph(c, str(value), 32, bold=True)
        c.remember({"id": f"{e['id']}-{n}"} if "id" in e else {},
                   (MARGIN - 8, top - 8, WIDTH - MARGIN + 8, c.y + 4))
        c.draw.line((c.s(MARGIN), c.s(c.y + 8), c.s(WIDTH - MARGIN), c.s(c.y + 8)),
                    fill=LINE, width=2)
        c.y += 28


def draw_search(c: Canvas, e: dict[str, Any]) -> None:
    box = (MARGIN, c.y, WIDTH - MARGIN, c.y + 96)
    c.rect(box, radius=48, fill=TINT)
    cx, cy = MARGIN + 52, c.y + 44
    c.draw.ellipse(tuple(c.s(v) for v in (cx - 16, cy - 16, cx + 16, cy + 16)), outline=SOFT,
                   width=round(c.s(4)))
    c.draw.line(tuple(c.s(v) for v in (cx + 11, cy + 11, cx + 26, cy + 26)), fill=SOFT,
                width=round(c.s(5)))
    c.text((MARGIN + 96, c.y + 48), str(e["text"]), 32, anchor="lm")
    c.remember(e, box)
    c.y += 96 + 40


def draw_app(c: Canvas, e: dict[str, Any]) -> None:
    icon = 132
    top = c.y
    c.rect((MARGIN, top, MARGIN + icon, top + icon), radius=30, fill=BRAND)
    c.text((MARGIN + icon / 2, top + icon / 2), str(e.get("icon", e["name"])), 30, bold=True,
           fill=PAPER, anchor="mm")
    x = MARGIN + icon + 32
    c.text((x, top + 4), str(e["name"]), 38, bold=True)
    c.y = top + 64
    developer = _paragraph(c, str(e["developer"]), 27, fill=BRAND, x=x,
                           width=WIDTH - MARGIN - x)
    if "developer_id" in e:
        c.remember({"id": e["developer_id"]}, developer)
    c.y = max(c.y, top + icon) + 32
    if "button" in e:
        draw_button(c, {"label": e["button"], "id": e.get("button_id", "")} if
                    e.get("button_id") else {"label": e["button"]})
    c.remember(e, (MARGIN, top, WIDTH - MARGIN, c.y))


def draw_choices(c: Canvas, e: dict[str, Any]) -> None:
    for n, item in enumerate(e["items"], start=1):
        box = (MARGIN, c.y, WIDTH - MARGIN, c.y + 96)
        c.rect(box, radius=16, outline=LINE, width=3)
        c.text((MARGIN + 28, c.y + 48), str(item), 30, anchor="lm")
        x, y = WIDTH - MARGIN - 40, c.y + 42
        c.draw.polygon([(c.s(x), c.s(y)), (c.s(x + 20), c.s(y)), (c.s(x + 10), c.s(y + 14))],
                       fill=SOFT)
        c.remember({"id": f"{e['id']}-{n}"} if "id" in e else {}, box)
        c.y += 96 + 24
    c.y += 16


def draw_card(c: Canvas, e: dict[str, Any]) -> None:
    """A chip ID card drawn flat, with made-up details (never a real person's)."""
    width, height = WIDTH - 2 * MARGIN, (WIDTH - 2 * MARGIN) * 0.63
    top = c.y
    c.rect((MARGIN, top, MARGIN + width, top + height), radius=28, fill=TINT, outline=INK,
           width=3)
    c.text((MARGIN + 36, top + 32), str(e.get("title", "")), 34, bold=True)
    chip = (MARGIN + 36, top + 110, MARGIN + 150, top + 190)
    c.rect(chip, radius=14, fill=(200, 170, 80), outline=INK, width=3)
    if "chip_id" in e:
        c.remember({"id": e["chip_id"]}, chip)
    photo = (MARGIN + width - 180, top + 100, MARGIN + width - 40, top + 280)
    c.rect(photo, radius=10, fill=PAPER, outline=SOFT, width=3)
    c.y = top + 230
    for line in e.get("lines", []):
        c.text((MARGIN + 36, c.y), str(line), 28)
        c.y += 44
    c.remember(e, (MARGIN, top, MARGIN + width, top + height))
    c.y = top + height + 40


def draw_spacer(c: Canvas, e: dict[str, Any]) -> None:
    c.y += float(e.get("height", 40))


DRAWERS: dict[str, Callable[[Canvas, dict[str, Any]], None]] = {
    "appbar": draw_appbar, "logo": draw_logo, "heading": draw_heading, "text": draw_text,
    "button": draw_button, "input": draw_input, "digits": draw_digits, "sms": draw_sms,
    "search": draw_search, "app": draw_app, "choices": draw_choices, "card": draw_card,
    "spacer": draw_spacer, "bubble": draw_bubble, "qr": draw_qr, "address": draw_address,
    "rows": draw_rows,
}


def _status_bar(c: Canvas) -> None:
    c.rect((0, 0, WIDTH, 48), fill=(230, 230, 230))
    c.text((MARGIN, 24), "08:30", 24, bold=True, anchor="lm")
    c.rect((WIDTH - MARGIN - 44, 14, WIDTH - MARGIN, 34), radius=4, outline=INK, width=2)
    c.rect((WIDTH - MARGIN - 40, 18, WIDTH - MARGIN - 14, 30), fill=INK)
    c.y = 48


def _footer(c: Canvas, height: float) -> None:
    c.rect((0, height - 64, WIDTH, height), fill=(225, 225, 225))
    c.text((WIDTH / 2, height - 32), FOOTER, 24, bold=True, fill=SOFT, anchor="mm")


def draw_screen(elements: list[dict[str, Any]]) -> tuple[Image.Image, dict[str, tuple[int, ...]]]:
    image = Image.new("RGB", (round(WIDTH * SCALE), round(HEIGHT * SCALE)), PAPER)
    canvas = Canvas(image, ImageDraw.Draw(image))
    _status_bar(canvas)
    for element in elements:
        if not isinstance(element, dict) or len(element) != 1:
            raise DescriptionProblem(f"each element is one 'kind: settings' pair: {element!r}")
        ((kind, settings),) = element.items()
        drawer = DRAWERS.get(kind)
        if drawer is None:
            raise DescriptionProblem(f"unknown element '{kind}' (known: {', '.join(DRAWERS)})")
        drawer(canvas, settings if isinstance(settings, dict) else {"text": settings})
    if canvas.y > HEIGHT - 64:
        raise DescriptionProblem("the elements do not fit on one screen")
    height = max(MIN_HEIGHT, canvas.y + 40 + 64)
    image = image.crop((0, 0, image.width, round(height * SCALE)))
    canvas.image, canvas.draw = image, ImageDraw.Draw(image)
    _footer(canvas, height)
    return image, dict(canvas.boxes)


def draw_lesson_screens(description: Path) -> list[tuple[Path, dict[str, tuple[int, ...]]]]:
    """Draw every screen of ``screens.yml``; returns each file written and its element boxes."""
    try:
        data = yaml.safe_load(description.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DescriptionProblem(f"YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("screens"), list):
        raise DescriptionProblem('cần mục "screens:" là một danh sách / "screens:" must be a '
                                 "list")
    folder = description.parent.resolve()
    written = []
    for screen in data["screens"]:
        name = screen["file"]
        target = description.parent / str(name)
        # Only pictures in the lesson's own folder: "../" or an absolute path could
        # overwrite any file the contributor's account can write.
        if not isinstance(name, str) or Path(name).is_absolute() or ".." in Path(name).parts \
                or not target.resolve().is_relative_to(folder) \
                or target.suffix.lower() != ".png":
            raise DescriptionProblem(
                f"file: {name!r} phải là tên ảnh .png trong thư mục {folder.name}/ / must be "
                f"a .png file name inside the {folder.name}/ folder")
        image, boxes = draw_screen(screen["elements"])
        image.save(target, "PNG", optimize=True)
        written.append((target, boxes))
    return written
