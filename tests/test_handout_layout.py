"""Handouts as a reader sees them: every page of every starter lesson's handouts (vi, en,
vi-en on A4 and A5) and of class packs, rendered with Poppler and checked for layout.

- no page is less than half full, except a lesson's last (the lowest inked row above the
  footer, against the content area);
- a step (heading, text, tip, picture, tick box, QR code and its address) is never split,
  nor the "what you need" list;
- every page has its footer, whole and inside the page, with its numbers in the lesson and in
  the pack;
- pictures are at least 70 mm wide on A4 and as wide as the text on A5 (narrower only when
  the step could not fit a page otherwise, and then never under 70 mm);
- text is never under 14 pt (16 pt for lesson text), and every QR code decodes to the address
  printed beside it.

The handouts are made once per session: the A4 ones by the real site build (``real_site``),
the rest with the same code, in parallel.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from hocso.core.loader import LessonSettings, load_lessons
from hocso.core.model import Lesson, LessonSet

from sites import REPO, TEST_SITE_URL, Project

# Handouts must carry a published address: a local one is a warning, and the test sites are
# built with --strict (see test_handouts.py).
SITE_URL = TEST_SITE_URL

LESSONS = sorted(p.parent.name for p in (REPO / "lessons").glob("*/lesson.yml"))
PACK = ("install-vneid", "cashless-payment")
MM = 25.4
DPI = 30
# The page areas handout.css and handout.html set: (width, height, top, side, bottom) in mm.
PAPER = {"A4": (210.0, 297.0, 20.0, 20.0, 27.0), "A5": (148.0, 210.0, 12.0, 12.0, 21.0)}
WORDS = {
    "vi": {"tick": "Xong", "needs": "Bạn cần chuẩn bị", "page": r"Trang (\d+)/(\d+)",
           "pack": r"Bài (\d+), trang (\d+)/(\d+) · Trang (\d+)/(\d+)"},
    "en": {"tick": "Done", "needs": "What you need", "page": r"Page (\d+) of (\d+)",
           "pack": r"Lesson (\d+), page (\d+) of (\d+) · Page (\d+) of (\d+)"},
}


@dataclass(frozen=True)
class Made:
    """One handout: its lessons, languages and paper, and the PDF."""

    lesson_ids: tuple[str, ...]
    langs: tuple[str, ...]
    paper: str
    path: Path
    scratch: Path  # for its pages as pictures

    @property
    def name(self) -> str:
        return f"{'+'.join(self.lesson_ids)}-{'-'.join(self.langs)}-{self.paper.lower()}"


def _all_made() -> list[tuple[tuple[str, ...], tuple[str, ...], str]]:
    singles = [((lesson,), langs, paper) for lesson in LESSONS
               for langs in (("vi",), ("en",), ("vi", "en")) for paper in ("A4", "A5")]
    packs = [(PACK, langs, paper) for langs in (("vi",), ("vi", "en")) for paper in ("A4", "A5")]
    return singles + packs


KINDS = _all_made()
# Handouts also read closely (font sizes from the layout, every QR code decoded).
CLOSE_LOOKS = ["install-vneid+cashless-payment-vi-a5", "install-vneid-vi-en-a4"]
IDS = [f"{'+'.join(ids)}-{'-'.join(langs)}-{paper.lower()}" for ids, langs, paper in KINDS]


@pytest.fixture(scope="session")
def lessons(real_site: Project) -> LessonSet:
    return load_lessons(LessonSettings(real_site.lessons, real_site.screenshots)).lessons


@pytest.fixture(scope="session")
def handouts(real_site: Project, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Made]:
    """Every handout checked here: A4 lesson handouts from the site build, the rest made with
    the same code in parallel processes."""
    from hocso.core.handouts import HandoutCache, handout_html
    from hocso.core.images import ImageCache, step_image_jobs
    from hocso.core.render import SiteRenderer
    from hocso.core.site import HandoutSpec

    settings = LessonSettings(real_site.lessons, real_site.screenshots)
    result = load_lessons(settings)
    cache = real_site.root / ".cache" / "hocso"
    jobs = step_image_jobs(result.lessons.lessons, settings.screenshots_dir,
                           settings.languages)
    report = ImageCache(cache).process(jobs.values())
    prints = {key: report.images[job].print for key, job in jobs.items()}
    renderer = SiteRenderer(real_site.root / "templates", settings.languages)
    scratch = tmp_path_factory.mktemp("handout-pages")
    made: dict[str, Made] = {}
    documents = {}
    for ids, langs, paper in KINDS:
        spec = HandoutSpec(ids, langs, paper)
        site_copy = real_site.site / "handouts" / spec.file_name
        if len(ids) == 1 and paper == "A4":
            assert site_copy.is_file(), spec.file_name
            item = Made(ids, langs, paper, site_copy, scratch)
            made[item.name] = item
        else:
            documents[spec] = handout_html(renderer, result.lessons, spec, SITE_URL, prints)
    built = HandoutCache(cache, real_site.root / "templates" / "handout.css").make(documents)
    assert not built.failed, built.failed
    for spec, path in built.files.items():
        item = Made(spec.lesson_ids, spec.langs, spec.paper, path, scratch)
        made[item.name] = item
    return made


# ---- Reading a PDF back ------------------------------------------------------------------------

def squeeze(text: str) -> str:
    return re.sub(r"[\s\-\u00ad]+", "", unicodedata.normalize("NFC", text))


def plain(markdown: str) -> str:
    return re.sub(r"[*_`]", "", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown))


@cache
def page_texts(path: Path) -> tuple[str, ...]:
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    return tuple(out.split("\f")[:-1])


def rendered_pages(made: Made, dpi: int) -> list[Path]:
    """Every page of a handout as a grey-scale PNG (made once)."""
    folder = made.scratch / f"{made.name}-{dpi}"
    if not folder.is_dir():
        folder.mkdir()
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(made.path),
                        str(folder / "p")], check=True)
    return sorted(folder.glob("p-*.png"), key=lambda p: int(p.stem.split("-")[-1]))


@cache
def page_images(made: Made) -> tuple[Image.Image, ...]:
    images = []
    for png in rendered_pages(made, DPI):
        with Image.open(png) as image:
            images.append(image.convert("L"))
    return tuple(images)


def pictures(path: Path) -> list[tuple[int, float]]:
    """(page, printed width in mm) of every raster picture (QR codes are vector)."""
    out = subprocess.run(["pdfimages", "-list", str(path)], check=True, capture_output=True,
                         text=True).stdout
    rows = [line.split() for line in out.splitlines()[2:]]
    return [(int(row[0]), int(row[3]) / int(row[12]) * MM) for row in rows]


@dataclass(frozen=True)
class Footer:
    lesson: int
    page: int
    pages: int
    overall: int
    total: int


def footers(made: Made) -> list[Footer]:
    words = WORDS[made.langs[0]]
    found = []
    for text in page_texts(made.path):
        last = text.strip().splitlines()[-1]
        if len(made.lesson_ids) > 1:
            match = re.fullmatch(words["pack"], last)
            assert match, last
            found.append(Footer(*(int(v) for v in match.groups())))
        else:
            match = re.fullmatch(words["page"], last)
            assert match, last
            page, pages = (int(v) for v in match.groups())
            found.append(Footer(1, page, pages, page, pages))
    return found


def ink_rows(image: Image.Image) -> list[int]:
    """The rows of a page with any dark pixel."""
    width = image.width
    data = image.tobytes()
    return [y for y in range(image.height) if min(data[y * width:(y + 1) * width]) < 160]


def areas(made: Made, image: Image.Image) -> tuple[int, int, int]:
    """(top, bottom of content, page bottom) in pixel rows. The footer's rule is drawn along
    the bottom of the content area: it counts as footer."""
    _, height, top, _, bottom = PAPER[made.paper]
    scale = image.height / height
    return round(top * scale), round((height - bottom - 1) * scale), image.height


def lesson(lessons: LessonSet, lesson_id: str) -> Lesson:
    found = lessons.lesson(lesson_id)
    assert found is not None
    return found


# ---- The checks -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", IDS)
def test_pages_are_at_least_half_full(handouts: dict[str, Made], name: str) -> None:
    made = handouts[name]
    numbers = footers(made)
    for index, (image, footer) in enumerate(zip(page_images(made), numbers, strict=True)):
        if footer.page == footer.pages:
            continue  # a lesson's last page may be short
        top, bottom, _ = areas(made, image)
        inked = [row for row in ink_rows(image) if top <= row < bottom]
        assert inked, f"page {index + 1} is blank"
        fill = (inked[-1] - top) / (bottom - top)
        assert fill >= 0.5, f"page {index + 1} of {name} is only {fill:.0%} full"


@pytest.mark.parametrize("name", IDS)
def test_footer_is_whole_and_numbers_pages_per_lesson_and_overall(
        handouts: dict[str, Made], name: str) -> None:
    made = handouts[name]
    numbers = footers(made)
    images = page_images(made)
    assert len(numbers) == len(images)
    lessons_seen = [footer.lesson for footer in numbers]
    assert lessons_seen == sorted(lessons_seen)
    assert set(lessons_seen) == set(range(1, len(made.lesson_ids) + 1))
    for overall, footer in enumerate(numbers, start=1):
        assert (footer.overall, footer.total) == (overall, len(numbers))
        same_lesson = [f for f in numbers if f.lesson == footer.lesson]
        assert footer.pages == len(same_lesson)
        assert footer.page == same_lesson.index(footer) + 1
    for index, image in enumerate(images):
        top, bottom, height = areas(made, image)
        rows = ink_rows(image)
        footer_rows = [row for row in rows if row >= bottom]
        assert footer_rows, f"page {index + 1}: no footer"
        # The footer ends well inside the page: the last 6 mm are blank.
        assert footer_rows[-1] < height - 6 / MM * DPI, f"page {index + 1}: footer cut off"
        assert rows[0] >= top - 1, f"page {index + 1}: ink in the top margin"
        side = round(PAPER[made.paper][3] / MM * DPI) - 1
        assert image.crop((0, 0, side, height)).getextrema()[0] > 200
        assert image.crop((image.width - side, 0, image.width, height)).getextrema()[0] > 200


@pytest.mark.parametrize("name", IDS)
def test_steps_and_the_needs_list_are_never_split(handouts: dict[str, Made], name: str,
                                                  lessons: LessonSet) -> None:
    made = handouts[name]
    lang = made.langs[0]
    pages = [squeeze(text) for text in page_texts(made.path)]
    numbers = footers(made)
    tick = squeeze(WORDS[lang]["tick"])
    for number, lesson_id in enumerate(made.lesson_ids, start=1):
        the_lesson = lesson(lessons, lesson_id)
        own = [index for index, footer in enumerate(numbers) if footer.lesson == number]
        assert own[0] + 1 == numbers[own[0]].overall and numbers[own[0]].page == 1
        assert pages[own[0]].startswith(squeeze("Học Số"))  # each lesson starts a page
        heading = squeeze(WORDS[lang]["needs"])
        needs = [index for index in own if heading in pages[index]]
        assert len(needs) == 1
        for need in the_lesson.needs:
            assert squeeze(plain(need.resolve(lang, "vi").text)) in pages[needs[0]], need
        for step in the_lesson.steps:
            title = squeeze(step.title.resolve(lang, "vi").text)
            # The address ends the step ("#step-1", not the start of "#step-10").
            address = re.compile(re.escape(squeeze(f"lessons/{lesson_id}/#{step.anchor}"))
                                 + r"(?!\d)")
            holding = [index for index in own if address.search(pages[index])]
            assert len(holding) == 1, (step.number, holding)
            text = pages[holding[0]]
            start = text.find(title)
            assert start >= 0, f"step {step.number} of {lesson_id} is split ({name})"
            end = address.search(text, start)
            assert end is not None and 0 <= text.find(tick, start) < end.start(), step.number
            for note in (step.tip, step.warning):
                if note is not None:
                    assert squeeze(plain(note.resolve(lang, "vi").text)) in text, step.number


@pytest.mark.parametrize("name", IDS)
def test_pictures_are_large(handouts: dict[str, Made], lessons: LessonSet, name: str) -> None:
    made = handouts[name]
    width, _, _, side, _ = PAPER[made.paper]
    text_width = width - 2 * side
    found = pictures(made.path)
    expected = sum(len(lesson(lessons, lesson_id).steps) for lesson_id in made.lesson_ids)
    assert len(found) == expected
    images = page_images(made)
    for page, printed in found:
        assert printed >= 70 - 0.5, (page, printed)
        if made.paper == "A5" and printed < text_width - 1:
            # Narrowed only because the step would not fit a page otherwise: the page is full.
            top_row, bottom_row, _ = areas(made, images[page - 1])
            inked = [r for r in ink_rows(images[page - 1]) if top_row <= r < bottom_row]
            assert (inked[-1] - top_row) / (bottom_row - top_row) > 0.9, (page, printed)
    if made.paper == "A5":
        full = [printed for _, printed in found if printed >= text_width - 1]
        assert len(full) > len(found) / 2, [round(p) for _, p in found]


def test_a_pack_numbers_each_lesson_and_the_whole(handouts: dict[str, Made]) -> None:
    made = handouts["install-vneid+cashless-payment-vi-a5"]
    texts = page_texts(made.path)
    second = next(i for i, f in enumerate(footers(made)) if f.lesson == 2)
    assert "Bài 2, trang 1/" in texts[second]
    assert texts[second].rstrip().endswith(f"Trang {second + 1}/{len(texts)}")
    assert texts[second - 1].rstrip().endswith(f"Trang {second}/{len(texts)}")


@pytest.mark.parametrize("name", CLOSE_LOOKS)
def test_text_is_never_under_14_pt(handouts: dict[str, Made], lessons: LessonSet,
                                   name: str) -> None:
    """Font sizes as WeasyPrint lays the handout out: pages shrink by layout, not by type."""
    from weasyprint import CSS, HTML

    from hocso.core.handouts import handout_html
    from hocso.core.render import SiteRenderer
    from hocso.core.site import HandoutSpec

    made = handouts[name]
    renderer = SiteRenderer(REPO / "templates", ("vi", "en"))
    spec = HandoutSpec(made.lesson_ids, made.langs, made.paper)
    html = handout_html(renderer, lessons, spec, SITE_URL, {})
    document = HTML(string=html, base_url=str(REPO / "templates")).render(
        stylesheets=[CSS(filename=str(REPO / "templates" / "handout.css"))])
    sizes: list[tuple[float, str, str]] = []

    def walk(box: Any, classes: str) -> None:
        element = getattr(box, "element", None)
        if element is not None and getattr(box, "element_tag", "") != "":
            classes = f"{classes} {element.get('class') or ''}"
        if type(box).__name__ == "TextBox" and box.text.strip():
            sizes.append((box.style["font_size"] * 72 / 96, classes, box.text))
        for child in getattr(box, "children", ()):
            walk(child, classes)

    for page in document.pages:
        walk(page._page_box, "")
    assert sizes
    smallest = min(sizes)
    assert smallest[0] >= 14 - 0.01, smallest
    lesson_text = [size for size in sizes if "step__text" in size[1].split()]
    assert lesson_text and min(lesson_text)[0] >= 16 - 0.01, min(lesson_text)


@pytest.mark.parametrize("name", CLOSE_LOOKS)
def test_every_qr_code_decodes_to_the_address_printed_beside_it(
        handouts: dict[str, Made], lessons: LessonSet, name: str) -> None:
    import zxingcpp

    made = handouts[name]
    texts = [squeeze(text) for text in page_texts(made.path)]
    codes = 0
    pngs = rendered_pages(made, 150)
    assert len(pngs) == len(texts)
    for png, text in zip(pngs, texts, strict=True):
        with Image.open(png) as image:
            found = [r.text for r in zxingcpp.read_barcodes(image.convert("L"))]
        # Some pictures show a shop's QR code: only codes with an address are the handout's.
        found = [url for url in found if url.startswith(("http://", "https://"))]
        for url in found:
            assert url.startswith(SITE_URL), url
            assert squeeze(re.sub(r"^https?://", "", url)) in text, url
        codes += len(found)
    steps = sum(len(lesson(lessons, lesson_id).steps) for lesson_id in made.lesson_ids)
    assert codes == steps + len(made.lesson_ids)
