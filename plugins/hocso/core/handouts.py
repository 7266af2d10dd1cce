"""Printable large-print handouts: HTML from the Jinja2 templates, PDF by WeasyPrint.

A handout holds one lesson (or several, for a class's print pack) in one language, or in two
with the second language under each step. PDFs are cached by a hash of their HTML, styles and
the renderer's version, so an unchanged lesson is never rendered twice.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import tempfile
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from hocso.core.fonts import font_file
from hocso.core.images import ImageVariant, StepKey
from hocso.core.model import LessonSet
from hocso.core.qr import qr_data_uri
from hocso.core.render import SiteRenderer
from hocso.core.site import HandoutSpec, lesson_path, url

HANDOUT_VERSION = 1
STYLESHEET = "handout.css"


def absolute_url(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + "/" + path


def handout_html(renderer: SiteRenderer, lessons: LessonSet, spec: HandoutSpec, base_url: str,
                 print_images: Mapping[StepKey, ImageVariant]) -> str:
    """The handout as one HTML document, ready for WeasyPrint."""
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
            "step_qr": {step.number: qr_data_uri(f"{page}#{step.anchor}")
                        for step in lesson.steps},
            "pictures": {picture_id: image for (lesson_key, picture_id, image_lang), image
                         in print_images.items() if (lesson_key, image_lang) == (lesson.id, lang)},
            "untranslated": any(bool(lesson.untranslated(code)) for code in spec.langs),
        })
    title = " · ".join(lesson.title.resolve(lang, default).text
                       for lesson_id in spec.lesson_ids
                       if (lesson := lessons.lesson(lesson_id)) is not None)
    fonts = {"regular": font_file("Regular").as_uri(), "bold": font_file("Bold").as_uri()}
    return renderer.render_document("handout.html", lang, lessons=items, second=second,
                                    paper=spec.paper, title=title, fonts=fonts,
                                    platform=spec.platform)


def write_pdf(html: str, stylesheet: Path, target: Path) -> None:
    """Render ``html`` to ``target`` (written whole or not at all)."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    # Local files and data: URIs only: a handout never reaches the network, and a missing
    # picture stops the rendering instead of leaving a hole.
    fetcher = URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)
    document = HTML(string=html, base_url=str(stylesheet.parent), url_fetcher=fetcher)
    data = document.write_pdf(stylesheets=[CSS(filename=str(stylesheet))])
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".tmp", delete=False) as tmp:
        tmp.write(data)
    os.replace(tmp.name, target)


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
        try:
            name = (self.cache_dir / "inputs" / input_key).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            return None
        path = self.cache_dir / name
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
