"""The installed app's icons, drawn at build time: a phone showing a ticked step on the site's
blue. Drawn with shapes rather than text, so no font is needed and it reads at 48 px."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

BLUE = "#0a3d91"
WHITE = "#ffffff"
YELLOW = "#ffd34d"


def _draw(size: int, scale: float, rounded: bool) -> bytes:
    """``scale`` is how much of the square the phone may fill: a maskable icon keeps it
    inside the central safe circle (80 %) that launchers never crop."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    radius = size // 5 if rounded else 0
    draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=radius, fill=BLUE)
    unit = size * scale
    left, top = (size - 0.56 * unit) / 2, (size - unit) / 2
    right, bottom = left + 0.56 * unit, top + unit
    draw.rounded_rectangle((left, top, right, bottom), radius=unit * 0.08, fill=WHITE)
    inset = unit * 0.06
    screen = (left + inset, top + inset * 1.6, right - inset, bottom - inset * 1.6)
    draw.rectangle(screen, fill=BLUE)
    # A large tick on the screen: "I did it".
    w = screen[2] - screen[0]
    h = screen[3] - screen[1]
    points = [(screen[0] + w * 0.2, screen[1] + h * 0.52), (screen[0] + w * 0.42,
              screen[1] + h * 0.7), (screen[0] + w * 0.8, screen[1] + h * 0.3)]
    draw.line(points, fill=YELLOW, width=max(2, round(w * 0.14)), joint="curve")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def icons() -> dict[str, bytes]:
    """File name (under ``assets/icons/``) to PNG bytes."""
    return {"icon-192.png": _draw(192, 0.8, True), "icon-512.png": _draw(512, 0.8, True),
            "icon-maskable-512.png": _draw(512, 0.6, False)}
