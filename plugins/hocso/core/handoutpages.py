"""Page planning for handouts: where each page starts and how large each picture prints.

WeasyPrint fills pages greedily: a block that does not fit moves to the next page and leaves
a gap, however large. So a handout is laid out twice. The first layout, on one very tall
page per lesson, measures every block (data-block in handout.html: the lesson's head, the
box with its QR code, written both at the top and at the end, the "what you need" list, each
step, each safety note) and every picture. The plan then chooses, lesson by lesson and by
dynamic programming over the page breaks, where each page starts, where the QR box goes and
how far each picture is cropped towards its marks (never past them). In order of
importance: no block split; no page but a lesson's last less than half full; pictures
narrowed as little as possible (only when a step could not fit a page otherwise, and never
under MIN_PICTURE_MM); the fewest pages; the least cropping. The second layout applies the
plan as a stylesheet: a named page for each planned page, which forces the breaks and gives
each page its footer (its number in the lesson and in the whole document), the pictures'
sizes, and the unused copy of the QR box hidden. It is checked against the plan, and laid
out again with more room to spare if it differs, before it is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from hocso.core.render import css_string

PX_PER_MM = 96 / 25.4
PAPER_MM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0)}
MEASURING_HEIGHT_MM = 15000
# A page other than a lesson's last is filled at least this far (a little more than half, as
# the space under a block's last line counts as filled).
FILL = 0.53
MIN_PICTURE_MM = 70.0
# Room left unused on each page, in CSS px (8 px is 2 mm), on the first try and, if the
# layout did not come out as planned, on the next ones. WeasyPrint wants a few pixels more
# than a block's height before it places the block at the foot of a page.
SLACK = (8.0, 16.0, 32.0)


@dataclass(frozen=True)
class PictureBox:
    """A step picture as first laid out: as wide as its frame, as tall as its print version."""

    element_id: str
    frame_id: str
    width: float
    height: float
    min_height: float  # cropped to the marks and the context kept around them
    focus_center: float
    # The picture's height at which the column beside it (tick box, QR code) is as tall as
    # the picture; None when that column comes under the picture instead.
    beside: float | None

    def row(self, height: float) -> float:
        """How tall the picture's part of its block is with the picture ``height`` tall."""
        return max(height, self.beside) if self.beside is not None else height


@dataclass(frozen=True)
class Block:
    """A part of a lesson that is never split across pages."""

    element_id: str
    lesson: int
    height: float
    picture: PictureBox | None = None
    # Blocks with the same choice are one block written in several places: the plan keeps
    # one of them and hides the others.
    choice: str = ""

    @property
    def min_height(self) -> float:
        """The height with its picture cropped to its marks."""
        return self.with_picture(1.0)

    @property
    def floor_height(self) -> float:
        """The height with its picture cropped to its marks and narrowed as far as allowed."""
        return self.with_picture(self.floor)

    @property
    def floor(self) -> float:
        """The smallest scale its picture may be narrowed to."""
        if self.picture is None:
            return 1.0
        return min(1.0, MIN_PICTURE_MM * PX_PER_MM / self.picture.width)

    def with_picture(self, scale: float) -> float:
        """The height with its picture cropped to its marks and scaled by ``scale``."""
        picture = self.picture
        if picture is None:
            return self.height
        return (self.height - picture.row(picture.height)
                + picture.row(picture.min_height * scale))


@dataclass(frozen=True)
class Layout:
    """What the first layout measured: the blocks in order, and the room on each page."""

    blocks: tuple[Block, ...]
    page_height: float
    titles: Mapping[int, str]
    page_label: str
    pack_label: str


@dataclass(frozen=True)
class SizedPicture:
    picture: PictureBox
    height: float
    scale: float = 1.0  # below 1: narrowed


@dataclass(frozen=True)
class PlannedPage:
    lesson: int
    number: int  # in its lesson
    overall: int
    blocks: tuple[str, ...]
    pictures: tuple[SizedPicture, ...]  # those not at their full size


def _attr(box: Any, name: str) -> str | None:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "pseudo_type", None) is not None:
        return None
    value = element.get(name)
    return None if value is None else str(value)


def _classes(box: Any) -> list[str]:
    return (_attr(box, "class") or "").split()


def measure(document: Any, paper: str) -> Layout:
    """The blocks and pictures of a handout laid out on very tall pages."""
    blocks: list[Block] = []
    titles: dict[int, str] = {}
    labels = {"page": "", "pack": ""}
    first = document.pages[0]._page_box
    page_height = PAPER_MM[paper][1] * PX_PER_MM - first.margin_top - first.margin_bottom

    def walk(box: Any, lesson: int) -> None:
        if _attr(box, "data-page-label") is not None:
            labels["page"] = _attr(box, "data-page-label") or ""
            labels["pack"] = _attr(box, "data-pack-label") or ""
        number = _attr(box, "data-lesson")
        if number is not None:
            lesson = int(number)
            titles[lesson] = _attr(box, "data-footer-title") or ""
        if _attr(box, "data-block") is not None:
            blocks.append(replace(_block(box, lesson), choice=_attr(box, "data-choice") or ""))
            return
        for child in getattr(box, "children", ()):
            walk(child, lesson)

    for page in document.pages:
        walk(page._page_box, 0)
    return Layout(tuple(blocks), page_height, titles, labels["page"], labels["pack"])


def _block(box: Any, lesson: int) -> Block:
    image = frame = side = None
    for child in box.descendants():
        classes = _classes(child)
        if frame is None and "step__picture" in classes:
            frame = child
        elif image is None and "step__img" in classes:
            image = child
        elif side is None and "step__side" in classes:
            side = child
    element_id = _attr(box, "id") or ""
    if image is None or frame is None:
        return Block(element_id, lesson, box.margin_height())
    height = float(image.height)
    _, height_px = (int(v) for v in (_attr(image, "data-size") or "1 1").split())
    focus = _attr(image, "data-focus")
    top, bottom = (int(v) for v in focus.split()) if focus else (0, height_px)
    scale = height / max(1, height_px)
    beside = None
    if side is not None and side.position_y < image.position_y + image.margin_height() - 1:
        # The column beside the picture, less what the picture's frame adds to it.
        beside = side.margin_height() - (frame.margin_height() - height)
    picture = PictureBox(_attr(image, "id") or "", _attr(frame, "id") or "", float(frame.width),
                         height, min(height, (bottom - top) * scale),
                         (top + bottom) / 2 * scale, beside)
    return Block(element_id, lesson, box.margin_height(), picture)


def _used(blocks: Sequence[Block], size: str) -> float:
    """The room ``blocks`` take on one page with their pictures whole ("tall"), cropped to
    their marks ("min") or also narrowed as far as allowed ("floor")."""
    if size == "tall":
        return sum(block.height for block in blocks)
    if size == "min":
        return sum(block.min_height for block in blocks)
    return sum(block.floor_height for block in blocks)


@dataclass(frozen=True)
class Plan:
    pages: tuple[PlannedPage, ...]
    hidden: tuple[str, ...]  # blocks left out (the other places of a block with a choice)


def plan_pages(layout: Layout, slack: float = SLACK[0]) -> Plan:
    """Where each page starts, and each picture's size: see the note above."""
    room = layout.page_height - slack
    pages: list[PlannedPage] = []
    hidden: list[str] = []
    lessons = list(dict.fromkeys(block.lesson for block in layout.blocks))
    for lesson in lessons:
        blocks = [block for block in layout.blocks if block.lesson == lesson]
        options: list[tuple[tuple[float, ...], list[Block], list[tuple[int, int]]]] = []
        for kept in _options(blocks):
            score, breaks = _breaks(kept, room, layout.page_height)
            options.append((score, kept, breaks))
        # The fewest short, narrowed and in all pages; between equals, the first option (each
        # block in its first place), even if another crops pictures a little less.
        _, kept, breaks = min(options, key=lambda option: option[0][:4])
        hidden += [block.element_id for block in blocks if block not in kept]
        for number, (start, end) in enumerate(breaks, 1):
            chosen = kept[start:end]
            pages.append(PlannedPage(lesson, number, len(pages) + 1,
                                     tuple(b.element_id for b in chosen), _sizes(chosen, room)))
    return Plan(tuple(pages), tuple(hidden))


def _options(blocks: Sequence[Block]) -> list[list[Block]]:
    """Every way of keeping one block of each choice, in document order."""
    choices = list(dict.fromkeys(block.choice for block in blocks if block.choice))
    ways: list[dict[str, str]] = [{}]
    for choice in choices:
        members = [block.element_id for block in blocks if block.choice == choice]
        ways = [{**way, choice: member} for way in ways for member in members]
    return [[block for block in blocks if not block.choice or way[block.choice] == block.element_id]
            for way in ways]


def _breaks(blocks: Sequence[Block], room: float, page_height: float
            ) -> tuple[tuple[float, ...], list[tuple[int, int]]]:
    """The pages as (first, end) indexes of ``blocks``. In order of importance: the least
    overflow (a block too tall for any page gets split), the fewest pages less than half full
    (a lesson's last page aside), the least narrowing of pictures, the fewest pages, the
    least cropping."""
    count = len(blocks)
    worst = (float("inf"), 0, 0.0, 0, 0.0)
    best: list[tuple[float, int, float, int, float]] = [(0.0, 0, 0.0, 0, 0.0)] + [worst] * count
    start_of = [0] * (count + 1)
    for end in range(1, count + 1):
        for start in range(end - 1, -1, -1):
            chosen = blocks[start:end]
            floor = _used(chosen, "floor")
            if floor > room and len(chosen) > 1:
                break  # more blocks fit no better
            smallest, tallest = _used(chosen, "min"), _used(chosen, "tall")
            over = max(0.0, floor - room)
            narrowing = max(0.0, smallest - room)
            cropping = max(0.0, tallest - max(room, smallest))
            short = int(end < count and min(tallest, room) < FILL * page_height)
            previous = best[start]
            score = (previous[0] + over, previous[1] + short, previous[2] + narrowing,
                     previous[3] + 1, previous[4] + cropping)
            if score < best[end]:
                best[end] = score
                start_of[end] = start
    pages: list[tuple[int, int]] = []
    end = count
    while end > 0:
        pages.append((start_of[end], end))
        end = start_of[end]
    return best[count], pages[::-1]


def _sizes(blocks: Sequence[Block], room: float) -> tuple[SizedPicture, ...]:
    """The pictures' sizes so that ``blocks`` fit in ``room``: each cropped towards its marks
    in proportion to how far it can be; if that is not enough, each also narrowed in
    proportion to how far it can be."""
    with_pictures = [block for block in blocks if block.picture is not None]
    excess = _used(blocks, "tall") - room
    if excess <= 0 or not with_pictures:
        return ()
    sized: list[SizedPicture] = []
    narrow = _used(blocks, "min") - room
    if narrow <= 0:
        amounts = [(block, block.height - block.min_height) for block in with_pictures]
        total = sum(amount for _, amount in amounts)
        share = min(1.0, excess / total) if total > 0 else 0.0
        for block, amount in amounts:
            picture = block.picture
            assert picture is not None
            target = picture.row(picture.height) - amount * share
            height = target if picture.beside is not None else picture.height - amount * share
            height = max(picture.min_height, min(picture.height, height))
            if height < picture.height - 0.01:
                sized.append(SizedPicture(picture, height))
        return tuple(sized)
    amounts = [(block, block.min_height - block.floor_height) for block in with_pictures]
    total = sum(amount for _, amount in amounts)
    share = min(1.0, narrow / total) if total > 0 else 0.0
    for block, amount in amounts:
        picture = block.picture
        assert picture is not None
        target = picture.row(picture.min_height) - amount * share
        scale = max(block.floor, min(1.0, target / picture.min_height)) if amount else 1.0
        sized.append(SizedPicture(picture, picture.min_height * scale, scale))
    return tuple(sized)


def plan_stylesheet(layout: Layout, plan: Plan) -> str:
    """The plan as CSS: a named page per planned page, with its footer; picture sizes."""
    pages = plan.pages
    counts: dict[int, int] = {}
    for page in pages:
        counts[page.lesson] = max(counts.get(page.lesson, 0), page.number)
    several = len(counts) > 1
    rules: list[str] = []
    for page in pages:
        values = {"lesson": page.lesson, "page": page.number, "pages": counts[page.lesson],
                  "overall": page.overall, "total": len(pages)}
        label = css_string((layout.pack_label if several else layout.page_label).format(**values))
        title = css_string(layout.titles.get(page.lesson, ""))
        name = f"hocso-page-{page.overall}"
        # "\A" starts a new line: the title, then the page numbers.
        rules.append(f'@page {name} {{ @bottom-left {{ content: "{title}\\A {label}"; }} }}')
        rules += [f"#{block} {{ page: {name}; }}" for block in page.blocks]
        for sized in page.pictures:
            picture, height, scale = sized.picture, sized.height, sized.scale
            spare = picture.height * scale - height
            top = min(max(picture.focus_center * scale - height / 2, 0.0), spare)
            position = 100 * top / spare if spare > 0.01 else 50.0
            rules.append(f"#{picture.element_id} {{ height: {height:.2f}px; "
                         f"object-position: 50% {position:.2f}%; }}")
            if scale < 1:
                rules.append(f"#{picture.frame_id} {{ width: {picture.width * scale:.2f}px; }}")
    rules += [f"#{block} {{ display: none; }}" for block in plan.hidden]
    return "\n".join(rules) + "\n"


def pages_found(document: Any) -> list[list[str]]:
    """The blocks each page of a laid-out document holds (a split block is on two)."""
    found: list[list[str]] = []

    def walk(box: Any, into: list[str]) -> None:
        if _attr(box, "data-block") is not None:
            into.append(_attr(box, "id") or "")
            return
        for child in getattr(box, "children", ()):
            walk(child, into)

    for page in document.pages:
        blocks: list[str] = []
        walk(page._page_box, blocks)
        found.append(blocks)
    return found
