"""Everything a build publishes besides pages: step pictures and handouts.

Both are costly, so both come from content-hash caches on disk, and the result for one set of
inputs is remembered in memory too: a site built once per language does this work once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from hocso.core.diagnostics import DiagnosticList, Location
from hocso.core.fonts import font_file
from hocso.core.handouts import HandoutCache, handout_html
from hocso.core.images import ImageCache, ImageVariant, ProcessedImage, StepKey, step_image_jobs
from hocso.core.loader import LessonSettings, LoadResult
from hocso.core.model import Lesson, LessonSet
from hocso.core.render import SiteRenderer
from hocso.core.site import HandoutSpec, lesson_handouts


@dataclass
class Products:
    pictures: dict[StepKey, ProcessedImage] = field(default_factory=dict)
    handouts: dict[HandoutSpec, Path] = field(default_factory=dict)
    diagnostics: DiagnosticList = field(default_factory=DiagnosticList)
    notes: list[str] = field(default_factory=list)


class ProductBuilder:
    """Makes (or reuses) the pictures and handouts of a lesson set."""

    def __init__(self, settings: LessonSettings, cache_dir: Path, templates_dir: Path,
                 base_url: str) -> None:
        self.settings = settings
        self.images = ImageCache(cache_dir)
        self.handouts = HandoutCache(cache_dir, templates_dir / "handout.css")
        self.base_url = base_url
        self._last: tuple[str, bool, Products] | None = None

    def build(self, result: LoadResult, renderer: SiteRenderer, *, make_handouts: bool
              ) -> Products:
        if (self._last is not None and result.fingerprint
                and self._last[:2] == (result.fingerprint, make_handouts)):
            # Same inputs as the previous build (the other language's): nothing new to say.
            return replace(self._last[2], notes=[])
        products = Products()
        self._pictures(result.lessons, products)
        if make_handouts and not products.diagnostics.has_errors:
            self._handouts(result.lessons, renderer, products)
        self._last = (result.fingerprint, make_handouts, products)
        return products

    def _input_key(self, renderer: SiteRenderer, salt: str, lesson: Lesson, spec: HandoutSpec,
                   prints: Mapping[StepKey, ImageVariant]) -> str:
        """Everything one lesson's handout is made from; "" when pages are not cached."""
        cache = renderer.page_cache
        if cache is None:
            return ""
        return cache.key("handout", salt, self.base_url, spec, cache.digest_of(lesson),
                         sorted(prints.items()), font_file("Regular"), font_file("Bold"))

    def _pictures(self, lessons: LessonSet, products: Products) -> None:
        jobs = step_image_jobs(lessons.lessons, self.settings.screenshots_dir,
                               self.settings.languages)
        report = self.images.process(jobs.values())
        products.pictures = {key: report.images[job] for key, job in jobs.items()
                             if job in report.images}
        products.notes.append(f"images: {report.processed} made, {report.reused} reused "
                              "from the cache")
        for job, error in report.failed:
            products.diagnostics.error(
                "screenshot-failed", job.location or Location(job.source),
                f"Không xử lý được ảnh {job.source.name}: {error}",
                f"The picture {job.source.name} could not be processed: {error}")
        budget = self.images.settings.web_budget_bytes // 1000
        for job, variant in report.over_budget:
            products.diagnostics.warning(
                "image-over-budget", job.location or Location(job.source),
                f"Ảnh {job.source.name} vẫn nặng {variant.bytes // 1000} KB sau khi nén (tối đa "
                f"{budget} KB). Hãy cắt bớt phần thừa hoặc chụp ảnh nhỏ hơn.",
                f"The picture {job.source.name} is still {variant.bytes // 1000} KB after "
                f"compression (budget {budget} KB). Crop it or take a smaller screenshot.")

    def _handouts(self, lessons: LessonSet, renderer: SiteRenderer,
                  products: Products) -> None:
        prints_by_lesson: dict[str, dict[StepKey, ImageVariant]] = {}
        for key, image in products.pictures.items():
            prints_by_lesson.setdefault(key[0], {})[key] = image.print
        salt = self.handouts.salt()
        known: dict[HandoutSpec, Path] = {}
        documents: dict[HandoutSpec, str] = {}
        input_keys: dict[HandoutSpec, str] = {}
        for lesson in lessons.lessons:
            prints = prints_by_lesson.get(lesson.id, {})
            for spec in lesson_handouts(lesson, self.settings.languages):
                input_key = self._input_key(renderer, salt, lesson, spec, prints)
                earlier = self.handouts.known(input_key) if input_key else None
                if earlier is not None:
                    known[spec] = earlier
                    continue
                documents[spec] = handout_html(renderer, lessons, spec, self.base_url, prints)
                input_keys[spec] = input_key
        report = self.handouts.make(documents)
        for spec, path in report.files.items():
            if input_keys.get(spec):
                self.handouts.remember(input_keys[spec], path)
        report.files.update(known)
        report.reused += len(known)
        products.handouts = report.files
        for spec, error in report.failed:
            failed = lessons.lesson(spec.lesson_ids[0])
            products.diagnostics.error(
                "handout-failed", failed.location if failed else Location(Path(spec.file_name)),
                f"Không tạo được bản in {spec.file_name} ({error}). Hãy thử chia bước quá dài "
                "thành nhiều bước ngắn.",
                f"The handout {spec.file_name} could not be made ({error}). Try splitting very "
                "long steps into shorter ones.")
        products.notes.append(f"handouts: {report.made} made, {report.reused} reused "
                              "from the cache")
