"""Printable large-print handouts: HTML from the Jinja2 templates, PDF by WeasyPrint.

A handout holds one lesson (or several, for a class's print pack) in one language, or in two
with the second language under each step (on A5, after the steps). Its pages are planned
from a first layout (see hocso.core.handoutpages). PDFs are cached by a hash of their HTML,
styles and the renderer's version, so an unchanged lesson is never rendered twice.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import tempfile
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from hocso.core.cachetrust import is_tracked
from hocso.core.fonts import font_file
from hocso.core.handoutpages import (
    MEASURING_HEIGHT_MM,
    PAPER_MM,
    SLACK,
    measure,
    pages_found,
    plan_pages,
    plan_stylesheet,
)
from hocso.core.images import ImageVariant, StepKey
from hocso.core.model import LessonSet
from hocso.core.qr import qr_data_uri
from hocso.core.render import SiteRenderer
from hocso.core.site import HandoutSpec, lesson_path, url

# 2: pages planned from a first layout (blocks kept whole, pictures cropped to fit), per-lesson
# page numbers, web addresses printed beside the QR codes.
HANDOUT_VERSION = 2
STYLESHEET = "handout.css"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "0.0.0.0")
# Longest lesson title a footer line holds at 14 pt, by paper; longer ones end in "…".
FOOTER_TITLE_CHARS = {"A4": 58, "A5": 40}


def absolute_url(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + "/" + path


def site_url_problem(site_url: str | None) -> tuple[str, str] | None:
    """Why handouts made for ``site_url`` would carry QR codes nobody else can open, in
    Vietnamese and English; None when it is a published address."""
    host = urlsplit(site_url).hostname if site_url else None
    if host and host not in LOCAL_HOSTS and not host.startswith("127."):
        return None
    where = f"site_url là {site_url}" if site_url else "chưa đặt site_url"
    where_en = f"site_url is {site_url}" if site_url else "site_url is not set"
    return (f"Bản in (PDF) có mã QR trỏ tới máy này ({where}): người học quét mã sẽ không mở "
            "được bài. Đặt biến môi trường SITE_URL là địa chỉ trang đã đăng, ví dụ "
            "SITE_URL=https://ten-to-chuc.github.io/hocso/ rồi chạy lại.",
            f"The handouts' QR codes point at this computer ({where_en}): learners who scan "
            "them cannot open the lessons. Set the SITE_URL environment variable to the "
            "published address, e.g. SITE_URL=https://your-team.github.io/hocso/, and run "
            "again.")


# A piece of an address longer than this may also break after a "-" or a ".".
ADDRESS_PIECE_CHARS = 18


def address_parts(url: str) -> list[str]:
    """A web address as printed beside its QR code: without "https://", in pieces that are
    never broken, after which a line may break: after each "/" and before "#", and inside a
    long piece after a "-" or "." (a break at a hyphen could be taken for hyphenation)."""
    short = re.sub(r"^[a-z]+://", "", url)
    parts: list[str] = []
    for part in re.split(r"(?<=/)|(?=#)", short):
        if len(part) > ADDRESS_PIECE_CHARS:
            parts += re.split(r"(?<=[-.])", part)
        else:
            parts.append(part)
    return [part for part in parts if part]


def footer_title(title: str, paper: str) -> str:
    """The lesson title for the footer: whole if it fits one line, else cut at a word."""
    limit = FOOTER_TITLE_CHARS.get(paper, FOOTER_TITLE_CHARS["A4"])
    if len(title) <= limit:
        return title
    cut = title[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:·-–")
    return cut + "…"


def handout_html(renderer: SiteRenderer, lessons: LessonSet, spec: HandoutSpec, base_url: str,
                 print_images: Mapping[StepKey, ImageVariant]) -> str:
    """The handout as one HTML document, ready for ``write_pdf``."""
    lang = spec.langs[0]
    second = spec.langs[1] if len(spec.langs) > 1 else None
    default = renderer.default_language
    items: list[dict[str, object]] = []
    for lesson_id in spec.lesson_ids:
        lesson = lessons.lesson(lesson_id)
        if lesson is None:
            raise KeyError(lesson_id)
        page = absolute_url(base_url, url(lesson_path(lesson.id), lang, default))
        items.append({
            "lesson": lesson,
            "apps": ", ".join(f"{app.app} {app.version}" for app in lesson.app_versions),
            "lesson_qr": qr_data_uri(page),
            "lesson_address": address_parts(page),
            "step_qr": {step.number: qr_data_uri(f"{page}#{step.anchor}")
                        for step in lesson.steps},
            "step_address": {step.number: address_parts(f"{page}#{step.anchor}")
                             for step in lesson.steps},
            "pictures": {picture_id: image for (lesson_key, picture_id, image_lang), image
                         in print_images.items() if (lesson_key, image_lang) == (lesson.id, lang)},
            "untranslated": any(bool(lesson.untranslated(code)) for code in spec.langs),
            "footer_title": footer_title(lesson.title.resolve(lang, default).text, spec.paper),
        })
    title = " · ".join(lesson.title.resolve(lang, default).text
                       for lesson_id in spec.lesson_ids
                       if (lesson := lessons.lesson(lesson_id)) is not None)
    fonts = {"regular": font_file("Regular").as_uri(), "bold": font_file("Bold").as_uri()}
    return renderer.render_document("handout.html", lang, lessons=items, second=second,
                                    paper=spec.paper, title=title, fonts=fonts,
                                    platform=spec.platform)


def render_pdf(html: str, stylesheet: Path) -> tuple[bytes, int]:
    """The handout's PDF and its number of pages, laid out as planned (see the note above)."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    # Local files and data: URIs only: a handout never reaches the network, and a missing
    # picture stops the rendering instead of leaving a hole.
    fetcher = URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)
    document = HTML(string=html, base_url=str(stylesheet.parent), url_fetcher=fetcher)
    base = CSS(filename=str(stylesheet))
    paper = "A5" if 'data-paper="A5"' in html else "A4"
    tall = CSS(string=f"@page {{ size: {PAPER_MM[paper][0]}mm {MEASURING_HEIGHT_MM}mm "
                      "!important; }")
    layout = measure(document.render(stylesheets=[base, tall]), paper)
    rendered = None
    for slack in SLACK:
        plan = plan_pages(layout, slack)
        rendered = document.render(stylesheets=[base, CSS(string=plan_stylesheet(layout, plan))])
        if pages_found(rendered) == [list(page.blocks) for page in plan.pages]:
            break
    assert rendered is not None
    return bytes(rendered.write_pdf()), len(rendered.pages)


def write_pdf(html: str, stylesheet: Path, target: Path) -> int:
    """Render ``html`` to ``target`` (written whole or not at all); returns its page count."""
    data, pages = render_pdf(html, stylesheet)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".tmp", delete=False) as tmp:
        tmp.write(data)
    # A temporary file is private to its owner; a handout is for anyone to read and print.
    os.chmod(tmp.name, 0o644)
    os.replace(tmp.name, target)
    return pages


def write_pdf_safely(html: str, stylesheet: Path, target: Path) -> str:
    """Like ``write_pdf``, but returns the renderer's error message instead of raising."""
    try:
        write_pdf(html, stylesheet, target)
    # WeasyPrint can fail in many ways on unusual content (even with an AssertionError);
    # the message is reported against the lesson, and the build stops cleanly.
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return ""


@dataclass
class HandoutReport:
    files: dict[HandoutSpec, Path] = field(default_factory=dict)
    made: int = 0
    reused: int = 0
    skipped: list[HandoutSpec] = field(default_factory=list)
    failed: list[tuple[HandoutSpec, str]] = field(default_factory=list)


class HandoutCache:
    """Makes PDFs into ``cache_dir/handouts``, keyed by everything that shapes them."""

    def __init__(self, cache_dir: Path, stylesheet: Path, workers: int | None = None) -> None:
        self.cache_dir = cache_dir / "handouts"
        self.stylesheet = stylesheet
        self.workers = workers or max(1, os.cpu_count() or 1)

    # A handout's HTML takes tens of milliseconds to make (QR codes, templates), so a warm
    # build first looks the PDF up by a key of its inputs and makes the HTML only when the
    # inputs are new. The PDF itself stays keyed by its HTML.
    def known(self, input_key: str) -> Path | None:
        """The PDF made earlier from the inputs behind ``input_key``, if it is still here."""
        record = self.cache_dir / "inputs" / input_key
        try:
            name = record.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            return None
        path = self.cache_dir / name
        if any(is_tracked(self.cache_dir.parent, p) for p in (record, path)):
            return None  # committed by a branch, not written by a build
        return path if name.endswith(".pdf") and "/" not in name and path.is_file() else None

    def remember(self, input_key: str, pdf: Path) -> None:
        folder = self.cache_dir / "inputs"
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, suffix=".tmp",
                                         delete=False) as tmp:
            tmp.write(pdf.name)
        os.replace(tmp.name, folder / input_key)

    def salt(self) -> str:
        """What every handout depends on besides its own inputs."""
        import weasyprint

        stylesheet = hashlib.sha256(self.stylesheet.read_bytes()).hexdigest()
        return f"hocso-handouts/{HANDOUT_VERSION}/{weasyprint.__version__}/{stylesheet}"

    def key(self, html: str) -> str:
        import weasyprint

        digest = hashlib.sha256()
        digest.update(f"hocso-handouts/{HANDOUT_VERSION}/{weasyprint.__version__}\n".encode())
        digest.update(self.stylesheet.read_bytes())
        digest.update(html.encode())
        return digest.hexdigest()

    def make(self, documents: Mapping[HandoutSpec, str], *, only_cached: bool = False
             ) -> HandoutReport:
        report = HandoutReport()
        todo: list[tuple[HandoutSpec, str, Path]] = []
        for spec, html in documents.items():
            target = self.cache_dir / f"{self.key(html)}.pdf"
            if target.is_file():
                report.files[spec] = target
                report.reused += 1
            elif only_cached:
                report.skipped.append(spec)
            else:
                todo.append((spec, html, target))
        if len(todo) > 1 and self.workers > 1:
            # WeasyPrint is pure Python: separate processes use every core.
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=min(self.workers, len(todo)),
                                     mp_context=context) as pool:
                errors = list(pool.map(write_pdf_safely, [h for _, h, _ in todo],
                                       [self.stylesheet] * len(todo), [t for _, _, t in todo]))
        else:
            errors = [write_pdf_safely(html, self.stylesheet, target)
                      for _, html, target in todo]
        for (spec, _, target), error in zip(todo, errors, strict=True):
            if error:
                report.failed.append((spec, error))
                continue
            report.files[spec] = target
            report.made += 1
        return report
