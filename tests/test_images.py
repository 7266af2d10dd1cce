"""Screenshots: annotations, irreversible redaction, clean metadata, cache, bad files."""

from __future__ import annotations

import itertools
import random
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from hocso.core.annotate import INK, apply_annotations
from hocso.core.images import ImageCache, ImageJob, OutputSettings
from hocso.core.loader import LessonSettings, LoadResult, load_lessons
from hocso.core.model import Annotations, Arrow, Badge, Highlight, Redaction

from lesson_factory import lesson_data
from sites import Project, make_png


def noise(path: Path, size: tuple[int, int] = (1080, 1920), seed: int = 1) -> Path:
    """A picture full of detail, like text: any leak of it would show in statistics."""
    rng = random.Random(seed)
    image = Image.frombytes("RGB", size, bytes(rng.getrandbits(8) for _ in range(
        size[0] * size[1] * 3)))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path


def dark(pixel: tuple[int, ...]) -> bool:
    return sum(pixel[:3]) < 3 * 80


def light(pixel: tuple[int, ...]) -> bool:
    return sum(pixel[:3]) > 3 * 200


# ---- Geometry -------------------------------------------------------------------------------

def blank(width: int = 720, height: int = 720, colour: str = "white") -> Image.Image:
    return Image.new("RGB", (width, height), colour)


def test_box_highlight_is_a_dark_ring_with_a_light_halo() -> None:
    out = apply_annotations(blank(colour="gray"), Annotations(
        highlights=(Highlight((200, 200, 200, 100)),)))
    # The stroke sits just outside the box, the halo on both sides of it.
    assert dark(out.getpixel((200 - 8, 250)))
    assert dark(out.getpixel((400 + 7, 250)))
    assert light(out.getpixel((200 - 14, 250)))
    assert light(out.getpixel((200 - 2, 250)))
    assert out.getpixel((300, 250)) == (128, 128, 128)  # the control itself stays visible
    assert out.getpixel((100, 100)) == (128, 128, 128)


def test_circle_highlight_leaves_the_box_corners_alone() -> None:
    out = apply_annotations(blank(), Annotations(
        highlights=(Highlight((300, 300, 120, 120), "circle"),)))
    assert out.getpixel((300, 300)) == (255, 255, 255)
    radius = 60 * 2 ** 0.5 + 4
    assert dark(out.getpixel((round(360 + radius + 4), 360)))


def test_arrow_runs_from_start_to_tip() -> None:
    out = apply_annotations(blank(), Annotations(arrows=(Arrow((100, 600), (500, 600)),)))
    for x in (110, 300, 450, 498):
        assert dark(out.getpixel((x, 600))), x
    assert light(out.getpixel((300, 500)))
    assert out.getpixel((520, 600)) == (255, 255, 255)


def test_badge_is_a_dark_disc_with_its_number() -> None:
    out = apply_annotations(blank(), Annotations(badges=(Badge((360, 360), 7),)))
    assert dark(out.getpixel((360 - 25, 360)))
    region = out.crop((340, 340, 380, 380))
    colours = {pixel for pixel in region.get_flattened_data()}
    assert any(light(c) for c in colours) and any(dark(c) for c in colours)


def test_marks_are_drawn_in_ink_not_colour() -> None:
    out = apply_annotations(blank(), Annotations(highlights=(Highlight((100, 100, 300, 100)),)))
    colours = {pixel for pixel in out.get_flattened_data()}
    assert colours <= {INK, (255, 255, 255)} | {c for c in colours if c[0] == c[1] == c[2]}


# ---- Redaction --------------------------------------------------------------------------------

def process(tmp_path: Path, source: Path, annotations: Annotations) -> ImageCache:
    cache = ImageCache(tmp_path / "cache", workers=2)
    report = cache.process([ImageJob(source, annotations)])
    assert report.processed == 1 and not report.failed
    return cache


@pytest.mark.parametrize("style", ["fill", "pixelate"])
def test_redaction_removes_the_pixels_from_every_output(tmp_path: Path, style: str) -> None:
    source = noise(tmp_path / "raw.png")
    box = (100, 400, 600, 300)
    cache = ImageCache(tmp_path / "cache")
    job = ImageJob(source, Annotations(redactions=(Redaction(box, style),)))
    image = cache.process([job]).images[job]
    original = Image.open(source).crop((box[0], box[1], box[0] + box[2], box[1] + box[3]))
    for variant in image.all_variants():
        with Image.open(variant.path) as out:
            scale = out.width / 1080
            inner = out.convert("RGB").crop(tuple(round(v * scale) for v in (
                box[0] + 40, box[1] + 40, box[0] + box[2] - 40, box[1] + box[3] - 40)))
            spread = ImageStat.Stat(inner).stddev
            if style == "fill":
                assert max(ImageStat.Stat(inner).mean) < 8 and max(spread) < 6, variant.url
            else:
                # Large flat blocks: far less detail than the original noise.
                assert max(spread) < 0.35 * min(ImageStat.Stat(original).stddev), variant.url
            outside = out.convert("RGB").crop((0, 0, out.width, round(380 * scale)))
            assert min(ImageStat.Stat(outside).stddev) > 10  # the rest is still noisy detail


def test_pixelation_uses_large_blocks(tmp_path: Path) -> None:
    out = apply_annotations(Image.open(noise(tmp_path / "raw.png", (720, 720))), Annotations(
        redactions=(Redaction((0, 0, 320, 320), "pixelate"),)))
    row = [out.getpixel((x, 10)) for x in range(0, 320)]
    changes = sum(1 for a, b in itertools.pairwise(row) if a != b)
    assert changes <= 320 // 32


# ---- Metadata ---------------------------------------------------------------------------------

def test_all_metadata_is_stripped(tmp_path: Path) -> None:
    source = tmp_path / "photo.jpg"
    image = Image.new("RGB", (1080, 1920), (200, 220, 240))
    exif = Image.Exif()
    exif[0x010F] = "SecretPhoneMaker"
    exif[0x0110] = "SecretModel X"
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 51.0, 0.0)}
    image.save(source, exif=exif.tobytes(), icc_profile=b"fake-icc-profile-bytes",
               comment=b"taken by Nguyen Van A")
    cache = ImageCache(tmp_path / "cache")
    job = ImageJob(source, Annotations())
    made = cache.process([job]).images[job]
    for variant in made.all_variants():
        data = variant.path.read_bytes()
        assert b"Secret" not in data and b"Nguyen" not in data and b"fake-icc" not in data
        with Image.open(variant.path) as out:
            assert not out.getexif()
            assert "icc_profile" not in out.info and "exif" not in out.info


def test_exif_rotation_is_applied_before_marks(tmp_path: Path) -> None:
    source = tmp_path / "rotated.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways; shown upright when rotated 90 degrees
    Image.new("RGB", (1920, 1080), "white").save(source, exif=exif.tobytes())
    cache = ImageCache(tmp_path / "cache")
    job = ImageJob(source, Annotations())
    made = cache.process([job]).images[job]
    assert made.largest_web.height > made.largest_web.width


# ---- Outputs and cache ---------------------------------------------------------------------------

def test_outputs_web_widths_and_print_size(tmp_path: Path, repo: Path) -> None:
    source = repo / "screenshots" / "install-vneid" / "06-id-and-phone.png"
    cache = ImageCache(tmp_path / "cache")
    job = ImageJob(source, Annotations(highlights=(Highlight((72, 888, 936, 156)),)))
    made = cache.process([job]).images[job]
    assert [v.width for v in made.web] == [360, 720]
    assert all(v.url.endswith(".webp") for v in made.web)
    assert made.largest_web.bytes <= 40_000  # a typical phone screen
    assert made.print.width == 945 and made.print.url.endswith((".png", ".jpg"))
    with Image.open(made.print.path) as printed:
        assert printed.format in ("PNG", "JPEG")


def test_small_images_are_not_enlarged(tmp_path: Path) -> None:
    source = make_png(tmp_path / "small.png", (300, 500))
    cache = ImageCache(tmp_path / "cache")
    job = ImageJob(source, Annotations())
    made = cache.process([job]).images[job]
    assert [v.width for v in made.web] == [300] and made.print.width == 300


def test_cache_hit_writes_nothing_and_one_change_redoes_one_image(tmp_path: Path) -> None:
    first = make_png(tmp_path / "a.png")
    second = make_png(tmp_path / "b.png", (400, 700))
    marks = Annotations(highlights=(Highlight((30, 30, 100, 50)),))
    jobs = [ImageJob(first, marks), ImageJob(second, marks)]
    cache = ImageCache(tmp_path / "cache")
    assert cache.process(jobs).processed == 2
    files = {p: p.stat().st_mtime_ns for p in (tmp_path / "cache").rglob("*")}
    again = ImageCache(tmp_path / "cache").process(jobs)
    assert (again.processed, again.reused) == (0, 2)
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "cache").rglob("*")} == files
    changed = [ImageJob(first, Annotations(highlights=(Highlight((30, 30, 100, 51)),))),
               jobs[1]]
    third = ImageCache(tmp_path / "cache").process(changed)
    assert (third.processed, third.reused) == (1, 1)


def test_output_settings_are_part_of_the_key(tmp_path: Path) -> None:
    job = ImageJob(make_png(tmp_path / "a.png"), Annotations())
    assert job.key(OutputSettings()) != job.key(OutputSettings(print_width=600))


def test_warm_site_build_does_no_image_work(project: Project) -> None:
    make_png(project.screenshots / "w" / "one.png")
    project.write_lesson("warm", lesson_data("warm", screenshot="w/one.png"))
    cold = project.build("--strict")
    assert cold.returncode == 0, cold.stderr
    # Made once for both languages: the English build reuses the Vietnamese build's work.
    assert cold.stderr.count("images: 1 made, 0 reused") == 1
    assert cold.stderr.count("images:") == 1
    cache = project.root / ".cache" / "hocso" / "images"
    files = {p: p.stat().st_mtime_ns for p in cache.rglob("*")}
    warm = project.build("--strict")
    assert "images: 0 made, 1 reused" in warm.stderr
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*")} == files
    assert not list(project.site.rglob("one.png")), "raw screenshots are never published"


# ---- Bad images ---------------------------------------------------------------------------------

def load(project: Project) -> LoadResult:
    return load_lessons(LessonSettings(project.lessons, project.screenshots))


def codes(result: LoadResult) -> list[str]:
    return sorted(d.code for d in result.diagnostics)


def forged_png(path: Path, width: int, height: int) -> Path:
    """A tiny file whose header claims an enormous picture: a decompression bomb."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                     + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))
    return path


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda d: forged_png(d / "bomb.png", 60_000, 60_000), "screenshot-too-large"),
        (lambda d: forged_png(d / "bomb.png", 6_000, 6_000), "screenshot-too-large"),
        (lambda d: (d / "bomb.png").write_bytes(b"not an image at all"), "screenshot-unreadable"),
        (lambda d: Image.new("RGB", (10, 10)).save(d / "bomb.png", "GIF"), "screenshot-format"),
    ],
)
def test_unusable_images_are_refused(project: Project, make: object, code: str) -> None:
    make(project.screenshots)  # type: ignore[operator]
    project.write_lesson("bad-image", lesson_data("bad-image", screenshot="bomb.png"))
    result = load(project)
    assert codes(result) == [code]
    diagnostic = result.diagnostics.items[0]
    assert diagnostic.location.line > 0 and "bomb.png" in diagnostic.message_en


def test_truncated_image_is_refused(project: Project) -> None:
    whole = make_png(project.screenshots / "cut.png", (800, 800))
    data = whole.read_bytes()
    whole.write_bytes(data[: len(data) // 2])
    project.write_lesson("cut", lesson_data("cut", screenshot="cut.png"))
    assert codes(load(project)) == ["screenshot-unreadable"]


@pytest.mark.parametrize("weasyprint_loaded", [False, True])
def test_truncated_photo_is_refused(project: Project, weasyprint_loaded: bool) -> None:
    from PIL import Image

    if weasyprint_loaded:
        import weasyprint  # noqa: F401  (it makes Pillow accept cut-off images)

    path = project.screenshots / "cut.jpg"
    Image.effect_noise((800, 800), 60).convert("RGB").save(path, "JPEG")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    project.write_lesson("cut", lesson_data("cut", screenshot="cut.jpg"))
    assert codes(load(project)) == ["screenshot-unreadable"]


def test_marks_outside_the_image_name_their_line(project: Project) -> None:
    make_png(project.screenshots / "small.png", (360, 640))
    data = lesson_data("outside", screenshot="small.png")
    data["steps"][0]["screenshot"]["highlights"] = [{"box": [300, 600, 100, 100]}]
    data["steps"][0]["screenshot"]["redact"] = [{"box": [0, 0, 0, 10]}]
    data["steps"][0]["screenshot"]["badges"] = [{"at": [400, 10], "number": 1}]
    path = project.write_lesson("outside", data)
    result = load(project)
    assert codes(result) == ["mark-outside-image"] * 3
    lines = path.read_text(encoding="utf-8").splitlines()
    for diagnostic in result.diagnostics:
        assert lines[diagnostic.location.line - 1].strip().startswith(("- box:", "- at:"))
        assert "360" in diagnostic.message_en and "640" in diagnostic.message_en


@pytest.mark.parametrize("src", ["/etc/hostname", "../lessons/topics.yml", "a/../../x.png"])
def test_paths_leaving_screenshots_are_refused(project: Project, src: str) -> None:
    project.write_lesson("escape", lesson_data("escape", screenshot=src))
    assert codes(load(project)) == ["screenshot-outside"]


def test_bad_coordinates_are_explained(project: Project) -> None:
    make_png(project.screenshots / "p.png")
    data = lesson_data("coords", screenshot="p.png")
    data["steps"][0]["screenshot"]["highlights"] = [{"box": [1, 2, 3]}]
    project.write_lesson("coords", data)
    result = load(project)
    assert codes(result) == ["bad-coordinates"]
    assert "[x, y, width, height]" in result.diagnostics.items[0].message_en


def test_per_language_screenshots_are_each_checked(project: Project) -> None:
    make_png(project.screenshots / "vi.png")
    data = lesson_data("langs")
    data["steps"][0]["screenshot"] = {"src": {"vi": "vi.png", "en": "missing-en.png"},
                                      "alt": {"vi": "a", "en": "b"}}
    project.write_lesson("langs", data)
    assert codes(load(project)) == ["screenshot-missing"]


def test_build_stops_on_a_bad_image_without_a_traceback(project: Project) -> None:
    forged_png(project.screenshots / "bomb.png", 60_000, 60_000)
    project.write_lesson("bomb", lesson_data("bomb", screenshot="bomb.png"))
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "lessons/bomb/lesson.yml:" in result.stderr and "screenshot-too-large" in result.stderr


# ---- Contributor tools ---------------------------------------------------------------------------

def test_preview_annotations_draws_a_grid(project: Project, tmp_path: Path) -> None:
    make_png(project.screenshots / "g" / "screen.png", (720, 1280))
    data = lesson_data("grid", screenshot="g/screen.png")
    data["steps"][0]["screenshot"]["highlights"] = [{"box": [100, 300, 400, 100]}]
    project.write_lesson("grid", data)
    result = project.hocso("preview-annotations", "grid", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    preview = tmp_path / "out" / "grid" / "step-1.png"
    assert str(preview) in result.stdout
    with Image.open(preview) as image:
        assert image.size == (720, 1280)
        assert dark(image.getpixel((200, 650)))  # a grid line at x = 200
        assert dark(image.getpixel((100 - 6, 350)))  # the highlight
    assert not list(project.screenshots.rglob("step-*.png"))


def test_preview_of_unknown_lesson_is_a_clear_message(project: Project) -> None:
    project.write_lesson("known")
    result = project.hocso("preview-annotations", "unknown")
    assert result.returncode == 1 and "unknown" in result.stderr and "known" in result.stderr


def test_mock_screens_are_drawn_from_their_description(project: Project) -> None:
    folder = project.screenshots / "mock"
    folder.mkdir()
    (folder / "screens.yml").write_text(
        "screens:\n  - file: one.png\n    elements:\n      - appbar: {title: Cài đặt}\n"
        "      - button: {id: go, label: Tiếp tục}\n", encoding="utf-8")
    result = project.hocso("mock-screens", "mock")
    assert result.returncode == 0, result.stderr
    assert "go: [72," in result.stdout
    with Image.open(folder / "one.png") as image:
        assert image.width == 1080
    (folder / "screens.yml").write_text(
        "screens:\n  - file: two.png\n    elements:\n      - carousel: {}\n", encoding="utf-8")
    bad = project.hocso("mock-screens", "mock")
    assert bad.returncode == 1 and "unknown element 'carousel'" in bad.stderr


def test_preview_covers_platform_pictures(project: Project, tmp_path: Path) -> None:
    make_png(project.screenshots / "p" / "base.png")
    make_png(project.screenshots / "p" / "ios.png")
    data = lesson_data("plat", screenshot="p/base.png")
    data["steps"][0]["ios"] = {"screenshot": {"src": "p/ios.png", "alt": {"vi": "a", "en": "a"}}}
    project.write_lesson("plat", data)
    result = project.hocso("preview-annotations", "plat", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "plat" / "step-1.png").is_file()
    assert (tmp_path / "out" / "plat" / "step-1-ios.png").is_file()
