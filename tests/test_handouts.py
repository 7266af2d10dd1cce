"""Handouts are real PDFs: read back their text, fonts, pages and QR codes."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from PIL import Image

from hocso.core.loader import LessonSettings, load_lessons
from hocso.core.model import Lesson, LocalizedText

from lesson_factory import lesson_data
from sites import TEST_SITE_URL, Project, make_png

# Handouts carry QR codes for the published address. A local or unset SITE_URL is a build
# warning (see test_local_site_url_is_a_warning...), and the test sites are built with
# --strict, so the tests build for an address of their own.
SITE_URL = TEST_SITE_URL

A4 = (595.28, 841.89)
A5 = (419.53, 595.28)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                         text=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def pages(path: Path) -> int:
    return int(pdf_info(path)["Pages"])


def page_size(path: Path) -> tuple[float, float]:
    numbers = re.findall(r"[\d.]+", pdf_info(path)["Page size"])
    return float(numbers[0]), float(numbers[1])


def fonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                         text=True).stdout
    return [line.split() for line in out.splitlines()[2:]]


def squeeze(text: str) -> str:
    """Text without spacing, line breaks or hyphenation, for comparing PDF text."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", unicodedata.normalize("NFC", text))


def plain(markdown: str) -> str:
    """The words a reader sees: links keep their text, emphasis marks go."""
    return re.sub(r"[*_`]", "", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown))


def render_page(path: Path, page: int, tmp_path: Path, dpi: int = 150) -> Image.Image:
    prefix = tmp_path / f"{path.stem}-{page}"
    args = ["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-gray", "-png"]
    subprocess.run([*args, str(path), str(prefix)], check=True)
    (png,) = tmp_path.glob(f"{prefix.name}*.png")
    image = Image.open(png)
    image.load()
    png.unlink()
    return image


def qr_codes(image: Image.Image) -> list[str]:
    import zxingcpp

    return [result.text for result in zxingcpp.read_barcodes(image.convert("L"))]


def handout(site: Project, name: str) -> Path:
    path = site.site / "handouts" / name
    assert path.is_file(), sorted(p.name for p in (site.site / "handouts").iterdir())
    return path


def lesson(repo: Path, lesson_id: str) -> Lesson:
    result = load_lessons(LessonSettings(repo / "lessons", repo / "screenshots"))
    found = result.lessons.lesson(lesson_id)
    assert found is not None
    return found


def texts_in(lesson: Lesson, lang: str) -> list[str]:
    wanted: list[LocalizedText] = [lesson.title, lesson.summary, *lesson.needs]
    for step in lesson.steps:
        wanted += [step.title, step.text]
        wanted += [note for note in (step.tip, step.warning) if note is not None]
    wanted += lesson.safety
    return [plain(text.resolve(lang, "vi").text) for text in wanted]


# ---- Every lesson gets its handouts ------------------------------------------------------------

def test_each_lesson_has_handouts_in_each_language(built_site: Project) -> None:
    names = sorted(p.name for p in (built_site.site / "handouts").iterdir())
    for lesson_id in ("demo-lesson", "partly-translated"):
        for suffix in ("vi", "en", "vi-en"):
            assert f"{lesson_id}-{suffix}.pdf" in names


def test_lesson_pages_link_to_their_handouts(built_site: Project) -> None:
    vi = (built_site.site / "lessons" / "demo-lesson" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../handouts/demo-lesson-vi.pdf"' in vi and "Tải bản in" in vi
    assert 'href="../../handouts/demo-lesson-vi-en.pdf"' in vi
    en = (built_site.site / "en" / "lessons" / "demo-lesson" / "index.html").read_text(
        encoding="utf-8")
    assert 'href="../../../handouts/demo-lesson-en.pdf"' in en and "Print handout" in en
    assert "demo-lesson-vi.pdf" not in en


# ---- The real VNeID handout: text, fonts, paper, QR codes ----------------------------------

@pytest.mark.parametrize("lang", ["vi", "en"])
def test_pdf_text_is_the_lesson_text(real_site: Project, repo: Path, lang: str) -> None:
    text = squeeze(pdf_text(handout(real_site, f"install-vneid-{lang}.pdf")))
    for expected in texts_in(lesson(repo, "install-vneid"), lang):
        assert squeeze(expected) in text, expected
    assert "\ufffd" not in text


def test_bilingual_handout_puts_english_under_each_vietnamese_step(real_site: Project,
                                                                   repo: Path) -> None:
    text = squeeze(pdf_text(handout(real_site, "install-vneid-vi-en.pdf")))
    the_lesson = lesson(repo, "install-vneid")
    position = 0
    for step in the_lesson.steps:
        vi = text.index(squeeze(plain(step.text.texts["vi"])), position)
        en = text.index(squeeze(plain(step.text.texts["en"])), vi)
        position = en


def test_fonts_are_embedded_and_only_be_vietnam_pro(real_site: Project) -> None:
    for name in ("install-vneid-vi.pdf", "install-vneid-vi-en.pdf"):
        rows = fonts(handout(real_site, name))
        assert rows
        for row in rows:
            assert "Be-Vietnam-Pro" in row[0], row
            assert row[-5] == "yes", row  # emb


def test_page_size_and_size_budget(real_site: Project) -> None:
    path = handout(real_site, "install-vneid-vi.pdf")
    width, height = page_size(path)
    assert (round(width), round(height)) == (595, 842)
    assert path.stat().st_size < 1_500_000


def test_qr_codes_lead_to_the_lesson_and_each_step(real_site: Project, tmp_path: Path) -> None:
    path = handout(real_site, "install-vneid-en.pdf")
    base = f"{SITE_URL}en/lessons/install-vneid/"
    found: list[str] = []
    for number in range(1, pages(path) + 1):
        # Printed in black and white: read the codes from a grey-scale rendering.
        found += qr_codes(render_page(path, number, tmp_path, dpi=200))
    assert found[0] == base
    steps = [url for url in found if "#step-" in url]
    # Each step's code carries the step's id, which survives inserting and reordering steps.
    lesson = real_site.root / "lessons" / "install-vneid" / "lesson.yml"
    ids = re.findall(r"^  - id: (\S+)$", lesson.read_text(encoding="utf-8"), re.M)
    assert len(ids) == 11 and steps == [f"{base}#step-{step_id}" for step_id in ids]


def test_first_page_looks_like_a_large_print_handout(real_site: Project,
                                                     tmp_path: Path) -> None:
    page = render_page(handout(real_site, "install-vneid-vi.pdf"), 1, tmp_path, dpi=72)
    assert abs(page.width - 595) <= 1 and abs(page.height - 842) <= 1
    grey = page.convert("L")
    margin = round(20 / 25.4 * 72) - 2
    for box in ((0, 0, margin, page.height), (page.width - margin, 0, page.width, page.height),
                (0, 0, page.width, margin)):
        assert grey.crop(box).getextrema()[0] > 245, box  # margins stay blank
    dark = sum(1 for value in grey.get_flattened_data() if value < 100)
    assert 0.02 < dark / (page.width * page.height) < 0.35  # real content, black on white


# ---- Page budget for a typical lesson -----------------------------------------------------------

def typical_lesson(project: Project) -> None:
    data = lesson_data("typical", steps=7)
    for n, step in enumerate(data["steps"], start=1):
        src = f"typical/{n}.png"
        make_png(project.screenshots / src, (1080, 1200))
        step["screenshot"] = {"src": src, "alt": {"vi": "Màn hình", "en": "Screen"},
                              "highlights": [{"box": [100, 300, 800, 160]}]}
        step["text"] = {"vi": "Chạm vào nút **Tiếp tục** ở cuối màn hình. Chờ màn hình mới hiện "
                              "ra rồi đọc kỹ dòng chữ trên cùng.",
                        "en": "Tap the **Continue** button at the bottom of the screen. Wait for "
                              "the new screen and read the line at the top."}
    project.write_lesson("typical", data)


def test_typical_lesson_fits_two_sheets_of_a4(project: Project) -> None:
    typical_lesson(project)
    result = project.build("--strict")
    assert result.returncode == 0, result.stderr
    for suffix in ("vi", "en"):
        path = project.site / "handouts" / f"typical-{suffix}.pdf"
        assert pages(path) <= 4
        assert path.stat().st_size < 1_500_000


def test_unchanged_lessons_are_not_rendered_again(project: Project) -> None:
    project.write_lesson("one")
    project.write_lesson("two")
    first = project.build()
    assert "handouts: 6 made, 0 reused" in first.stderr
    data = lesson_data("two")
    data["title"]["vi"] = "Bài đã sửa"
    project.write_lesson("two", data)
    second = project.build()
    assert "handouts: 2 made, 4 reused" in second.stderr  # two-vi and two-vi-en changed


# ---- Print packs -----------------------------------------------------------------------------

def test_print_pack_of_several_lessons_on_a5(project: Project, tmp_path: Path) -> None:
    project.write_lesson("first-lesson")
    project.write_lesson("second-lesson")
    target = tmp_path / "pack.pdf"
    result = project.hocso("handouts", "--lessons", "first-lesson,second-lesson", "--lang",
                           "vi", "--paper", "a5", "-o", str(target))
    assert result.returncode == 0, result.stderr
    width, height = page_size(target)
    assert (round(width), round(height)) == (420, 595)
    text = pdf_text(target)
    assert "Bài thử first-lesson" in text and "Bài thử second-lesson" in text
    assert text.index("first-lesson") < text.index("second-lesson")
    pages_text = text.split("\f")
    starts = [n for n, page_text in enumerate(pages_text) if "Học Số" in page_text.split(
        "\n")[0:3]]
    assert len(starts) == 2  # each lesson starts on its own page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lessons", "first-lesson,nope"], "nope"),
        (["--lessons", "first-lesson", "--lang", "fr"], "fr"),
        (["--lessons", "first-lesson", "--paper", "letter"], "letter"),
    ],
)
def test_print_pack_refuses_unknown_lessons_and_languages(project: Project, args: list[str],
                                                          message: str) -> None:
    project.write_lesson("first-lesson")
    result = project.hocso("handouts", *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert "first-lesson" in result.stderr or "vi, en" in result.stderr or "A4" in result.stderr


# ---- The HTML behind a handout ---------------------------------------------------------------

def test_bilingual_html_marks_each_language(repo: Path) -> None:
    from hocso.core.handouts import handout_html
    from hocso.core.render import SiteRenderer
    from hocso.core.site import HandoutSpec

    settings = LessonSettings(repo / "lessons", repo / "screenshots")
    lessons = load_lessons(settings).lessons
    renderer = SiteRenderer(repo / "templates", settings.languages)
    html = handout_html(renderer, lessons, HandoutSpec(("install-vneid",), ("vi", "en")),
                        "https://example.org/", {})
    assert html.startswith("<!DOCTYPE html>") and '<html lang="vi">' in html
    assert html.count('class="second second--step" lang="en"') == 11
    assert "Trang" in html and "size: A4 portrait" in html


def test_serve_can_leave_handouts_out(repo: Path, tmp_path: Path) -> None:
    from hocso.core.loader import LessonLoader
    from hocso.core.products import ProductBuilder
    from hocso.core.render import SiteRenderer

    settings = LessonSettings(repo / "lessons", repo / "screenshots")
    result = LessonLoader(settings).load()
    builder = ProductBuilder(settings, tmp_path / "cache", repo / "templates",
                             "https://example.org/")
    renderer = SiteRenderer(repo / "templates", settings.languages)
    products = builder.build(result, renderer, make_handouts=False)
    assert products.pictures and not products.handouts
    assert not (tmp_path / "cache" / "handouts").exists()



def test_handouts_leave_out_volunteer_notes_and_can_pick_a_platform(project: Project,
                                                                    tmp_path: Path) -> None:
    data = lesson_data("platforms")
    data["volunteer_notes"] = [{"vi": "Ghi chú bí mật của tình nguyện viên."}]
    data["steps"][0]["volunteer"] = {"vi": "Lỗi hay gặp ở bước này."}
    data["steps"][1]["android"] = {"text": {"vi": "Chạm ba chấm trên Android."}}
    data["steps"][1]["ios"] = {"text": {"vi": "Chạm chữ Sửa trên iPhone."}}
    project.write_lesson("platforms", data)
    assert project.build().returncode == 0
    both = pdf_text(project.site / "handouts" / "platforms-vi.pdf")
    assert "Chạm ba chấm trên Android." in both and "Chạm chữ Sửa trên iPhone." in both
    assert "tình nguyện viên" not in both and "Lỗi hay gặp" not in both
    target = tmp_path / "ios.pdf"
    result = project.hocso("handouts", "--lessons", "platforms", "--platform", "ios", "-o",
                           str(target))
    assert result.returncode == 0, result.stderr
    ios = pdf_text(target)
    assert "Chạm chữ Sửa trên iPhone." in ios and "Android" not in ios
    bad = project.hocso("handouts", "--lessons", "platforms", "--platform", "nokia")
    assert bad.returncode == 2 and "nokia" in bad.stderr


def test_warm_builds_find_handouts_by_their_inputs(project: Project, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A new build (a new process) reuses each PDF without even making its HTML, and remakes
    exactly the handouts whose lesson text changed."""
    from hocso.core import products as products_module
    from hocso.core.loader import LessonLoader
    from hocso.core.products import ProductBuilder
    from hocso.core.render import SiteRenderer

    from sites import REPO

    settings = LessonSettings(project.lessons, project.screenshots)
    templates, cache = REPO / "templates", tmp_path / "cache"

    def build() -> products_module.Products:
        renderer = SiteRenderer(templates, settings.languages, cache_dir=cache)
        builder = ProductBuilder(settings, cache, templates, "https://example.org/")
        return builder.build(LessonLoader(settings).load(), renderer, make_handouts=True)

    project.write_lesson("quick")
    first = build()
    assert first.notes[-1] == "handouts: 3 made, 0 reused from the cache"

    real_html = products_module.handout_html

    def not_expected(*args: object, **kwargs: object) -> str:
        raise AssertionError("the handout's HTML should not be made again")

    monkeypatch.setattr(products_module, "handout_html", not_expected)
    again = build()
    assert again.handouts == first.handouts
    assert again.notes[-1] == "handouts: 0 made, 3 reused from the cache"

    monkeypatch.setattr(products_module, "handout_html", real_html)
    data = lesson_data("quick")
    data["steps"][0]["text"]["vi"] = "Chạm nút **Mở** thật chậm."
    project.write_lesson("quick", data)
    edited = build()
    assert edited.notes[-1] == "handouts: 2 made, 1 reused from the cache"  # vi and vi-en
    changed = {spec.file_name for spec in edited.handouts
               if edited.handouts[spec] != first.handouts[spec]}
    assert changed == {"quick-vi.pdf", "quick-vi-en.pdf"}
    assert "thật chậm" in pdf_text(edited.handouts[next(
        spec for spec in edited.handouts if spec.file_name == "quick-vi.pdf")])


# ---- Published address -----------------------------------------------------------------------

@pytest.mark.parametrize("site_url", ["", "http://127.0.0.1:8000/", "http://localhost:8000/hocso/",
                                      "http://[::1]:8000/"])
def test_local_site_url_is_a_warning_that_fails_strict_builds(project: Project,
                                                              site_url: str) -> None:
    project.write_lesson("quick")
    strict = project.build("--strict", site_url=site_url)
    assert strict.returncode != 0 and "Traceback" not in strict.stderr
    assert "WARNING" in strict.stderr and "SITE_URL" in strict.stderr
    relaxed = project.build(site_url=site_url)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "SITE_URL" in relaxed.stderr


def test_published_site_url_builds_quietly(project: Project) -> None:
    project.write_lesson("quick")
    result = project.build("--strict", site_url="https://lop-hoc.example.org/hocso/")
    assert result.returncode == 0, result.stderr
    assert "SITE_URL" not in result.stderr
    text = pdf_text(project.site / "handouts" / "quick-vi.pdf")
    # Every QR code has its address printed beside it, without "https://".
    assert squeeze("lop-hoc.example.org/hocso/lessons/quick/#step-tap-1") in squeeze(text)
    assert "https://" not in text


def test_site_url_problem_names_the_variable() -> None:
    from hocso.core.handouts import site_url_problem

    for local in (None, "", "http://127.0.0.1:8000/", "http://localhost/", "http://[::1]/"):
        problem = site_url_problem(local)
        assert problem is not None and all("SITE_URL" in text for text in problem)
    assert site_url_problem("https://example.github.io/hocso/") is None


# ---- The print-pack command -------------------------------------------------------------------

def test_print_pack_goes_to_the_ignored_print_folder(project: Project, repo: Path) -> None:
    project.write_lesson("first-lesson")
    result = project.hocso("handouts", "--lessons", "first-lesson", "--paper", "A5",
                           site_url="")
    assert result.returncode == 0, result.stderr
    target = project.root / "print" / "first-lesson-vi-a5.pdf"
    assert target.is_file() and str(Path("print") / target.name) in result.stdout
    # Built for the default local address: the command says so, naming SITE_URL.
    assert "SITE_URL" in result.stderr
    assert "/print/" in (repo / ".gitignore").read_text(encoding="utf-8").splitlines()
    again = project.hocso("handouts", "--lessons", "first-lesson", "--paper", "A5")
    assert again.returncode == 0, again.stderr  # an earlier PDF is replaced


@pytest.mark.parametrize("where", ["notes.txt", "print/keep.pdf", "lessons/pack.pdf",
                                   "screenshots/first-lesson/pack.pdf"])
def test_print_pack_never_overwrites_other_files(project: Project, where: str) -> None:
    project.write_lesson("first-lesson")
    target = project.root / where
    target.parent.mkdir(parents=True, exist_ok=True)
    if where == "print/keep.pdf":
        target.write_text("not really a PDF", encoding="utf-8")
    before = target.read_bytes() if target.exists() else None
    result = project.hocso("handouts", "--lessons", "first-lesson", "-o", str(target))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and str(target) in result.stderr
    assert (target.read_bytes() if target.exists() else None) == before


def test_print_pack_help_uses_real_lesson_ids() -> None:
    from hocso_tools.cli import build_parser

    parser = build_parser()
    commands = next(action for action in parser._actions
                    if action.__class__.__name__ == "_SubParsersAction")
    help_text = commands.choices["handouts"].format_help()  # type: ignore[attr-defined]
    assert "install-vneid,cashless-payment" in help_text and "print/" in help_text


# ---- Page planning and print crops, without rendering -------------------------------------

def planned(heights: list[float], page: float = 100.0, pictures: dict[int, tuple[float, float]]
            | None = None) -> list[tuple[str, ...]]:
    from hocso.core.handoutpages import Block, Layout, PictureBox, plan_pages

    blocks = []
    for n, height in enumerate(heights):
        picture = None
        if pictures and n in pictures:
            tall, small = pictures[n]
            picture = PictureBox(f"p{n}", f"f{n}", 500.0, tall, small, tall / 2, None)
        blocks.append(Block(f"b{n}", 1, height, picture))
    layout = Layout(tuple(blocks), page, {1: "T"}, "{page}/{pages}", "")
    return [page.blocks for page in plan_pages(layout, slack=0).pages]


def test_plan_never_leaves_a_page_under_half_full_when_cropping_helps() -> None:
    # Greedy filling would give [b0] (40 %) then [b1, b2]; cropping b1's picture fits all
    # three steps on fewer, fuller pages.
    pages = planned([40.0, 70.0, 30.0], pictures={1: (50.0, 20.0)})
    assert pages == [("b0", "b1"), ("b2",)]


def test_plan_keeps_each_block_whole_and_fills_pages() -> None:
    pages = planned([30.0, 30.0, 60.0, 45.0, 50.0, 20.0])
    assert [b for page in pages for b in page] == [f"b{n}" for n in range(6)]
    heights = dict(zip([f"b{n}" for n in range(6)], [30.0, 30.0, 60.0, 45.0, 50.0, 20.0],
                       strict=True))
    for page in pages[:-1]:
        assert 50 <= sum(heights[b] for b in page) <= 100


def test_tall_screenshot_prints_the_band_around_its_marks(tmp_path: Path) -> None:
    from hocso.core.images import ImageCache, ImageJob
    from hocso.core.model import Annotations, Highlight

    source = make_png(tmp_path / "tall.png", (1080, 2400))
    job = ImageJob(source, Annotations(highlights=(Highlight((72, 1800, 936, 156)),)))
    made = ImageCache(tmp_path / "cache").process([job]).images[job]
    printed = made.print
    assert printed.height <= 0.9 * printed.width + 1  # not a 2400 px tall strip
    assert printed.focus is not None
    top, bottom = printed.focus
    assert 0 <= top < bottom <= printed.height and bottom - top < printed.height
    web = made.largest_web
    assert web.height > web.width * 2  # the web keeps the whole screen
