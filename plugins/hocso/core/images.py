"""Screenshots: check raw files, then make web and print versions, cached by content hash.

Each output set is keyed by the raw image's bytes, its annotations and the output settings,
so an unchanged screenshot is never processed twice (not by the second language's build,
not by the next build), and changing one annotation re-processes only that image.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import shutil
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageOps

from hocso.core.annotate import MarkStyle, apply_annotations
from hocso.core.cachetrust import is_tracked
from hocso.core.diagnostics import Location
from hocso.core.limits import MAX_IMAGE_ASPECT, MAX_IMAGE_SIDE
from hocso.core.model import Annotations, Lesson

# 2: the print version keeps only the band of a tall screen around its marks.
PIPELINE_VERSION = 2
IMAGES_URL = "images/"
MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_PIXELS = 30_000_000  # a 1440 x 20 000 scrolling screenshot; far beyond any phone screen
ALLOWED_FORMATS = ("PNG", "JPEG")
# Some phones add data after a JPEG's end-of-image marker; look for it this far from the end.
JPEG_TAIL_BYTES = 65536


@dataclass(frozen=True)
class OutputSettings:
    """What each screenshot becomes."""

    web_widths: tuple[int, ...] = (360, 720)
    web_budget_bytes: int = 40_000
    web_qualities: tuple[int, ...] = (80, 70, 60, 50, 40)
    # For handouts: 80 mm wide (A4) at 300 dpi, 124 mm (an A5 page's text width) at 190 dpi.
    print_width: int = 945
    # A printed picture is at most this tall for its width, unless its marks need more: a
    # tall phone screen keeps the band around its marks, so pictures print large without
    # adding pages.
    print_max_aspect: float = 0.9

    def as_dict(self) -> dict[str, object]:
        return {"web_widths": list(self.web_widths), "budget": self.web_budget_bytes,
                "qualities": list(self.web_qualities), "print_width": self.print_width,
                "print_max_aspect": self.print_max_aspect}


@dataclass(frozen=True)
class ImageInfo:
    """A raw screenshot that can be used, with its size as displayed (after EXIF rotation)."""

    width: int
    height: int


class ImageProblem(Exception):
    """A raw screenshot that cannot be used; the message is in Vietnamese and English."""

    def __init__(self, code: str, vi: str, en: str) -> None:
        super().__init__(en)
        self.code = code
        self.vi = vi
        self.en = en


def inspect_image(path: Path) -> ImageInfo:
    """Check that ``path`` is a usable PNG or JPEG of a sane size, without trusting it."""
    stat = path.stat()
    return _inspect(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4096)
def _inspect(path: Path, mtime_ns: int, size: int) -> ImageInfo:
    if size > MAX_FILE_BYTES:
        raise ImageProblem(
            "screenshot-too-large",
            f"Tệp ảnh quá lớn ({size // 1_000_000} MB, tối đa {MAX_FILE_BYTES // 1_000_000} MB).",
            f"The image file is too large ({size // 1_000_000} MB; the limit is "
            f"{MAX_FILE_BYTES // 1_000_000} MB).",
        )
    try:
        with Image.open(path) as image:
            width, height = image.size
            fmt = image.format
            if fmt not in ALLOWED_FORMATS:
                raise ImageProblem(
                    "screenshot-format",
                    f"Ảnh phải là PNG hoặc JPEG (tệp này là {fmt}).",
                    f"Pictures must be PNG or JPEG (this file is {fmt}).",
                )
            if width * height > MAX_PIXELS:
                raise _too_many_pixels(width, height)
            if max(width, height) > MAX_IMAGE_SIDE or \
                    max(width, height) > MAX_IMAGE_ASPECT * max(1, min(width, height)):
                raise ImageProblem(
                    "screenshot-dimensions",
                    f"Ảnh có kích thước bất thường ({width} x {height}). Mỗi cạnh tối đa "
                    f"{MAX_IMAGE_SIDE} điểm ảnh, và cạnh dài không quá {MAX_IMAGE_ASPECT} lần "
                    "cạnh ngắn.",
                    f"The picture has unusual dimensions ({width} x {height}). Each side may "
                    f"be at most {MAX_IMAGE_SIDE} pixels, and the long side at most "
                    f"{MAX_IMAGE_ASPECT} times the short side.",
                )
            orientation = _orientation(image)
            _check_whole(image, path)
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels(0, 0) from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise ImageProblem(
            "screenshot-unreadable",
            "Không mở được ảnh: tệp bị hỏng hoặc không phải ảnh PNG/JPEG.",
            "The picture cannot be opened: the file is damaged or not a PNG or JPEG image.",
        ) from exc
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    return ImageInfo(width, height)


def _orientation(image: Image.Image) -> int:
    # A PNG's getexif() decodes every pixel to look for EXIF after the image data; phone
    # screenshots never put it there, so only the chunks before the data are read.
    if image.format == "PNG":
        raw = image.info.get("exif")
        if not raw:
            return 1
        exif = Image.Exif()
        exif.load(raw)
        return int(exif.get(0x0112, 1))
    return int(image.getexif().get(0x0112, 1))


def _check_whole(image: Image.Image, path: Path) -> None:
    """Fail on a damaged or cut-off file without decoding every pixel (builds see thousands).

    A PNG's chunks are read to the end and their checksums compared; a JPEG is decoded at
    an eighth of its size and must end with its end-of-image marker. The marker is checked
    by hand because WeasyPrint, once loaded, tells Pillow to accept cut-off images.
    """
    if image.format == "PNG":
        image.verify()
        return
    image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
    image.load()
    with path.open("rb") as data:
        data.seek(max(0, path.stat().st_size - JPEG_TAIL_BYTES))
        if b"\xff\xd9" not in data.read():
            raise OSError("the JPEG file is cut off")


def _too_many_pixels(width: int, height: int) -> ImageProblem:
    size = f" ({width} x {height})" if width else ""
    return ImageProblem(
        "screenshot-too-large",
        f"Ảnh quá lớn{size}. Ảnh chụp màn hình điện thoại chỉ cần khoảng 1080 x 2400 điểm ảnh.",
        f"The picture is too large{size}. A phone screenshot needs about 1080 x 2400 pixels.",
    )


@dataclass(frozen=True)
class ImageVariant:
    """One published file of a screenshot."""

    url: str
    path: Path
    width: int
    height: int
    bytes: int
    # Print version only: the rows (top, bottom) around the marks, with a little context,
    # which a handout may crop down to when space is short. None: the whole picture matters.
    focus: tuple[int, int] | None = None


@dataclass(frozen=True)
class ProcessedImage:
    web: tuple[ImageVariant, ...]
    print: ImageVariant

    @property
    def largest_web(self) -> ImageVariant:
        return self.web[-1]

    def all_variants(self) -> tuple[ImageVariant, ...]:
        return (*self.web, self.print)


@dataclass(frozen=True)
class ImageJob:
    """One raw screenshot with its annotations. ``location`` is for messages only."""

    source: Path
    annotations: Annotations
    location: Location | None = field(default=None, compare=False, hash=False)

    def key(self, settings: OutputSettings) -> str:
        digest = hashlib.sha256()
        digest.update(f"hocso-images/{PIPELINE_VERSION}\n".encode())
        digest.update(self.source.read_bytes())
        digest.update(json.dumps([self.annotations.as_dict(), settings.as_dict()],
                                 sort_keys=True).encode())
        return digest.hexdigest()


@dataclass
class ProcessReport:
    images: dict[ImageJob, ProcessedImage] = field(default_factory=dict)
    processed: int = 0
    reused: int = 0
    over_budget: list[tuple[ImageJob, ImageVariant]] = field(default_factory=list)
    failed: list[tuple[ImageJob, str]] = field(default_factory=list)


def _clean(image: Image.Image) -> Image.Image:
    """A copy with pixels only: no EXIF, GPS, ICC profile, text chunks or device names."""
    clean = Image.new("RGB", image.size)
    clean.paste(image.convert("RGB"))
    clean.info = {}
    return clean


def _encode_webp(image: Image.Image, settings: OutputSettings) -> bytes:
    data = b""
    for quality in settings.web_qualities:
        buffer = io.BytesIO()
        image.save(buffer, "WEBP", quality=quality, method=6)
        data = buffer.getvalue()
        if len(data) <= settings.web_budget_bytes:
            break
    return data


def _encode_print(image: Image.Image) -> tuple[bytes, str]:
    # Flat illustrations stay sharp and small as PNG; photographs are smaller as JPEG.
    buffer = io.BytesIO()
    if image.getcolors(maxcolors=256) is not None:
        image.quantize(colors=256, dither=Image.Dither.NONE).save(buffer, "PNG", optimize=True)
        return buffer.getvalue(), "png"
    image.save(buffer, "JPEG", quality=88, subsampling=0)
    return buffer.getvalue(), "jpg"


# Context kept around the marks when a handout crops a picture to them, as a share of its width.
FOCUS_MARGIN = 0.05


def marks_band(annotations: Annotations, width: int, height: int) -> tuple[int, int] | None:
    """The rows covered by the marks, strokes and halos included; None when nothing is marked."""
    style = MarkStyle(width)
    edge = style.padding + style.stroke + style.halo
    spans: list[tuple[float, float]] = []
    for mark in annotations.highlights:
        _, y, _, h = mark.box
        reach = h / 2 * math.sqrt(2) + edge if mark.shape == "circle" else h / 2 + edge
        spans.append((y + h / 2 - reach, y + h / 2 + reach))
    head = style.stroke * 4.5 + style.halo
    for arrow in annotations.arrows:
        ys = (arrow.start[1], arrow.end[1])
        spans.append((min(ys) - head, max(ys) + head))
    for badge in annotations.badges:
        reach = style.badge_radius + style.halo
        spans.append((badge.at[1] - reach, badge.at[1] + reach))
    if not spans:
        return None
    top = max(0, math.floor(min(s[0] for s in spans)))
    bottom = min(height, math.ceil(max(s[1] for s in spans)))
    return (top, bottom) if bottom > top else None


def print_crop(annotations: Annotations, width: int, height: int, max_aspect: float
               ) -> tuple[tuple[int, int], tuple[int, int] | None]:
    """The rows (top, bottom) a print version keeps, and within them the focus rows.

    The full width is always kept. A screen taller than ``max_aspect`` times its width keeps
    the band of that height centred on its marks (taller if the marks need it); the focus is
    the marks with a margin, which a handout may crop to when a page is short of room.
    """
    band = marks_band(annotations, width, height)
    if band is None:
        return (0, height), None
    margin = round(FOCUS_MARGIN * width)
    focus = (max(0, band[0] - margin), min(height, band[1] + margin))
    limit = max(round(max_aspect * width), focus[1] - focus[0])
    if height <= limit:
        return (0, height), focus
    top = round((focus[0] + focus[1]) / 2 - limit / 2)
    top = max(0, min(top, height - limit))
    top = min(top, focus[0])
    bottom = max(top + limit, focus[1])
    return (top, bottom), (focus[0] - top, focus[1] - top)


def _resize(image: Image.Image, width: int) -> Image.Image:
    if image.width <= width:
        return image
    height = round(image.height * width / image.width)
    return image.resize((width, height), Image.Resampling.LANCZOS)


class ImageCache:
    """Processes screenshots into ``cache_dir`` and remembers what it has made."""

    def __init__(self, cache_dir: Path, settings: OutputSettings | None = None,
                 workers: int | None = None) -> None:
        self.cache_dir = cache_dir / "images"
        self.settings = settings or OutputSettings()
        self.workers = workers or max(1, os.cpu_count() or 1)

    def process(self, jobs: Iterable[ImageJob]) -> ProcessReport:
        report = ProcessReport()
        unique = list(dict.fromkeys(jobs))
        keys = {job: job.key(self.settings) for job in unique}
        todo = []
        for job in unique:
            cached = self._load(keys[job])
            if cached is not None:
                report.images[job] = cached
                report.reused += 1
            else:
                todo.append(job)
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            results = list(pool.map(lambda job: self._make_safely(job, keys[job]), todo))
        for job, (made, error) in zip(todo, results, strict=True):
            if made is None:
                report.failed.append((job, error))
                continue
            report.images[job] = made
            report.processed += 1
        for job, image in report.images.items():
            if image.largest_web.bytes > self.settings.web_budget_bytes:
                report.over_budget.append((job, image.largest_web))
        return report

    def _make_safely(self, job: ImageJob, key: str) -> tuple[ProcessedImage | None, str]:
        try:
            return self._make(job, key), ""
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
            return None, str(exc)

    def _load(self, key: str) -> ProcessedImage | None:
        manifest = self.cache_dir / key / "manifest.json"
        if is_tracked(self.cache_dir.parent, manifest):
            return None  # committed by a branch, not written by a build
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        variants = [self._variant(key, item) for item in data["web"] + [data["print"]]]
        if not all(v.path.is_file() and not is_tracked(self.cache_dir.parent, v.path)
                   for v in variants):
            return None
        return ProcessedImage(tuple(variants[:-1]), variants[-1])

    def _variant(self, key: str, item: dict[str, object]) -> ImageVariant:
        name = str(item["file"])
        focus = item.get("focus")
        # One flat folder in the site: thousands of small folders are slow to create.
        return ImageVariant(f"{IMAGES_URL}{key[:16]}-{name}", self.cache_dir / key / name,
                            int(str(item["width"])), int(str(item["height"])),
                            int(str(item["bytes"])),
                            (int(focus[0]), int(focus[1])) if isinstance(focus, list) else None)

    def _make(self, job: ImageJob, key: str) -> ProcessedImage:
        with Image.open(job.source) as raw:
            upright = ImageOps.exif_transpose(raw)
            annotated = _clean(apply_annotations(upright, job.annotations))
        stem = job.source.stem
        files: dict[str, bytes] = {}
        web = []
        for width in sorted({min(w, annotated.width) for w in self.settings.web_widths}):
            resized = _resize(annotated, width)
            name = f"{stem}-{resized.width}.webp"
            files[name] = _encode_webp(resized, self.settings)
            web.append({"file": name, "width": resized.width, "height": resized.height,
                        "bytes": len(files[name])})
        (top, bottom), focus = print_crop(job.annotations, annotated.width, annotated.height,
                                          self.settings.print_max_aspect)
        cropped = annotated.crop((0, top, annotated.width, bottom))
        printed = _resize(cropped, self.settings.print_width)
        data, ext = _encode_print(printed)
        name = f"{stem}-print.{ext}"
        files[name] = data
        print_item: dict[str, object] = {"file": name, "width": printed.width,
                                         "height": printed.height, "bytes": len(data)}
        if focus is not None:
            scale = printed.height / cropped.height
            print_item["focus"] = [math.floor(focus[0] * scale),
                                   min(printed.height, math.ceil(focus[1] * scale))]
        self._store(key, files, {"web": web, "print": print_item})
        made = self._load(key)
        assert made is not None
        return made

    def _store(self, key: str, files: dict[str, bytes], manifest: dict[str, object]) -> None:
        """Write into a temporary folder, then rename: a crash never leaves half a set."""
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{key[:8]}-", dir=self.cache_dir))
        for name, data in files.items():
            (staging / name).write_bytes(data)
        (staging / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        target = self.cache_dir / key
        try:
            staging.rename(target)
        except OSError:
            # Another build made the same set at the same time; keep theirs.
            shutil.rmtree(staging, ignore_errors=True)


# (lesson id, picture id, language); a picture id is "3", or "3-android" for a platform's.
StepKey = tuple[str, str, str]


def step_image_jobs(lessons: Iterable[Lesson], screenshots_dir: Path,
                    languages: tuple[str, ...]) -> dict[StepKey, ImageJob]:
    """The image job behind every picture of every step, in each language."""
    jobs: dict[StepKey, ImageJob] = {}
    for lesson in lessons:
        for step in lesson.steps:
            for picture_id, shot in step.pictures():
                for lang in languages:
                    source = screenshots_dir / shot.src_for(lang, languages[0])
                    jobs[(lesson.id, picture_id, lang)] = ImageJob(
                        source, shot.annotations, shot.location)
    return jobs
