"""Build real two-language sites in a temporary folder and read the pages they produce."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from lesson_factory import lesson_data
from sites import Project, new_project


class Links(HTMLParser):
    """Collects the links, scripts, styles and images a page refers to."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, dict[str, str | None]]] = []
        self.html_lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.html_lang = attributes.get("lang")
        for name in ("href", "src"):
            value = attributes.get(name)
            if value:
                self.refs.append((tag, value, attributes))


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def page(project: Project, url: str) -> Path:
    return project.site / url / "index.html"


def test_pages_exist_for_every_lesson_and_language(built_site: Project) -> None:
    for url in ("", "en/", "lessons/demo-lesson/", "en/lessons/demo-lesson/",
                "topics/identity/", "en/topics/identity/", "topics/", "en/topics/"):
        assert page(built_site, url).is_file(), url


def test_pages_declare_their_language(built_site: Project) -> None:
    assert parse(page(built_site, "lessons/demo-lesson/")).html_lang == "vi"
    assert parse(page(built_site, "en/lessons/demo-lesson/")).html_lang == "en"


def test_lesson_page_content(built_site: Project) -> None:
    html = page(built_site, "en/lessons/demo-lesson/").read_text(encoding="utf-8")
    assert "<h1" in html and "Test lesson demo-lesson" in html
    for n in (1, 2, 3):
        assert f'id="step-tap-{n}"' in html and f"Step {n}" in html
    assert "<strong>Continue</strong>" in html
    assert "hs-callout--tip" in html and "hs-callout--warning" in html
    assert "hs-safety" in html and "Never share your password." in html
    assert 'href="https://vneid.gov.vn/"' in html and "23 November 2026" in html
    vi = page(built_site, "lessons/demo-lesson/").read_text(encoding="utf-8")
    assert "Bước 1" in vi and "23/11/2026" in vi


def test_step_picture_markup(built_site: Project) -> None:
    links = parse(page(built_site, "en/lessons/demo-lesson/"))
    images = [attrs for tag, _, attrs in links.refs if tag == "img"]
    assert len(images) == 2
    first, second = images
    assert first["alt"] == "Screen with the Continue button"
    assert (first["width"], first["height"]) == ("360", "640")
    assert "loading" not in first and second["loading"] == "lazy"
    assert second["alt"] == "Illustration: The menu" and "lang" not in second
    assert second["sizes"] and "100vw" in (second["sizes"] or "")
    for image in images:
        src = image["src"] or ""
        assert src.endswith(".webp")
        target = urljoin("/en/lessons/demo-lesson/", src)
        assert (built_site.site / target.lstrip("/")).is_file()
        for candidate in (image["srcset"] or "").split(", "):
            url, width = candidate.split(" ")
            assert width.endswith("w")
            assert (built_site.site / urljoin("/en/lessons/demo-lesson/", url).lstrip("/")
                    ).is_file()
    html = page(built_site, "en/lessons/demo-lesson/").read_text(encoding="utf-8")
    assert "Illustration, not a real screenshot." in html


def test_each_language_shows_its_own_screenshot(built_site: Project) -> None:
    def second_image(url: str) -> str:
        images = [attrs for tag, _, attrs in parse(page(built_site, url)).refs if tag == "img"]
        return images[1]["src"] or ""

    vi, en = second_image("lessons/demo-lesson/"), second_image("en/lessons/demo-lesson/")
    assert "menu-vi" in vi and "menu-en" in en
    vi_alt = [a for t, _, a in parse(page(built_site, "lessons/demo-lesson/")).refs
              if t == "img"][1]["alt"]
    assert vi_alt == "Hình minh hoạ: Trình đơn"


def test_untranslated_lesson_falls_back_visibly(built_site: Project) -> None:
    html = page(built_site, "en/lessons/partly-translated/").read_text(encoding="utf-8")
    assert "hs-notice" in html and "not fully translated into English" in html
    assert '<h1 class="hs-lesson__title" lang="vi">' in html
    full = page(built_site, "en/lessons/demo-lesson/").read_text(encoding="utf-8")
    assert "hs-notice" not in full


def test_catalogue_groups_lessons_by_topic(built_site: Project) -> None:
    html = page(built_site, "en/").read_text(encoding="utf-8")
    assert 'id="topic-identity"' in html and "Electronic identity" in html
    cards = re.findall(r'<li class="hs-card"[^>]*>(.*?)</li>', html, re.S)
    assert len(cards) == 2
    for card in cards:
        assert "hs-card__summary" in card and "15 min" in card and "Basic" in card
    links = {href for tag, href, _ in parse(page(built_site, "en/")).refs if tag == "a"}
    assert "lessons/demo-lesson/" in links and "topics/identity/" in links


def test_language_switcher_leads_to_the_same_lesson(built_site: Project) -> None:
    for url, other, expected in (
        ("lessons/demo-lesson/", "en", "/en/lessons/demo-lesson/"),
        ("en/lessons/demo-lesson/", "vi", "/lessons/demo-lesson/"),
        ("en/topics/identity/", "vi", "/topics/identity/"),
        ("", "en", "/en/"),
    ):
        refs = [(href, attrs) for _, href, attrs in parse(page(built_site, url)).refs
                if attrs.get("hreflang") == other]
        assert refs, url
        assert urljoin(f"/{url}", refs[0][0]) == expected


def test_every_internal_link_resolves(built_site: Project) -> None:
    for html_file in built_site.site.rglob("*.html"):
        url = "/" + html_file.relative_to(built_site.site).as_posix()
        for tag, ref, _ in parse(html_file).refs:
            parts = urlsplit(ref)
            if parts.scheme or ref.startswith("#") or (tag == "a" and parts.netloc):
                continue
            target = urlsplit(urljoin(url, ref)).path.lstrip("/")
            resolved = built_site.site / target
            if target.endswith("/") or target == "":
                resolved = resolved / "index.html"
            assert resolved.exists(), f"{url}: {ref}"


def test_no_resource_from_another_host(built_site: Project) -> None:
    for html_file in built_site.site.rglob("*.html"):
        for tag, ref, attrs in parse(html_file).refs:
            # A canonical link names the published address; the browser loads nothing from it.
            if tag != "a" and attrs.get("rel") != "canonical":
                assert not urlsplit(ref).netloc, f"{html_file}: {tag} loads {ref}"
    css = "".join(p.read_text(encoding="utf-8") for p in built_site.site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "@import url(http" not in css
    assert "fonts.gstatic" not in "".join(
        p.read_text(encoding="utf-8") for p in built_site.site.rglob("*.html"))


def test_sidebar_lists_topics_not_lessons(built_site: Project) -> None:
    html = page(built_site, "lessons/demo-lesson/").read_text(encoding="utf-8")
    nav = html[html.index('class="md-nav md-nav--primary"'):]
    nav = nav[:nav.index("</nav>")]
    assert "topics/identity/" in nav
    assert "lessons/partly-translated" not in nav


def test_build_never_writes_into_sources(built_site: Project) -> None:
    assert not any(p.name == "index.md" for p in built_site.root.rglob("index*.md"))
    assert sorted(p.name for p in built_site.lessons.iterdir()) == [
        "demo-lesson", "partly-translated", "topics.yml"]


def _lesson_page_bytes(project: Project, count: int) -> int:
    for n in range(count):
        project.write_lesson(f"lesson-{n:04d}", lesson_data(f"lesson-{n:04d}"))
    result = project.build()
    assert result.returncode == 0, result.stderr
    return len(page(project, "lessons/lesson-0000/").read_bytes())


def test_lesson_page_does_not_grow_with_the_number_of_lessons(tmp_path: Path) -> None:
    from sites import new_project

    small = _lesson_page_bytes(new_project(tmp_path / "small"), 2)
    large = _lesson_page_bytes(new_project(tmp_path / "large"), 40)
    # Only the lesson's own position-independent content: identical size.
    assert small == large


def test_catalogue_links_to_topic_pages_beyond_a_few_cards(tmp_path: Path) -> None:
    from sites import new_project

    project = new_project(tmp_path / "many")
    for n in range(9):
        project.write_lesson(f"lesson-{n}", lesson_data(f"lesson-{n}"))
    assert project.build().returncode == 0
    home = page(project, "").read_text(encoding="utf-8")
    assert home.count('class="hs-card" ') == 6
    assert "Xem cả 9 bài" in home
    topic = page(project, "topics/identity/").read_text(encoding="utf-8")
    assert topic.count('class="hs-card" ') == 9


@pytest.mark.parametrize(
    "content",
    [b"", b"- a list\n", b"id: [\n", b"id: x\n\ttitle: y\n", b"\xff\xfe bad bytes",
     b"minutes: many\n"],
)
def test_contributor_mistakes_fail_the_build_without_a_traceback(project: Project,
                                                                 content: bytes) -> None:
    path = project.write_lesson("broken", text=content)
    result = project.build()
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "lessons/broken/lesson.yml:" in result.stderr
    assert "vi:" in result.stderr and "en:" in result.stderr
    assert path.read_bytes() == content


def test_strict_build_passes_for_a_clean_site(built_site: Project) -> None:
    # The session fixture already built with --strict; the NFD case must fail it.
    assert (built_site.site / "sitemap.xml").is_file()


def test_strict_build_fails_on_nfd_warning(project: Project) -> None:
    import unicodedata

    data = lesson_data("nfd")
    data["title"]["vi"] = unicodedata.normalize("NFD", "Đăng nhập")
    project.write_lesson("nfd", data)
    assert project.build().returncode == 0
    strict = project.build("--strict")
    assert strict.returncode != 0 and "not-nfc" in strict.stderr
    assert "Traceback" not in strict.stderr


def test_material_bundle_returns_when_a_feature_needs_it(tmp_path: Path) -> None:
    """Leaving the bundle out must not break sites that switch on Material's features."""
    project = new_project(tmp_path / "project")
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  features: []", "  features: [navigation.instant]"), encoding="utf-8")
    project.write_lesson("demo-lesson")
    assert project.build().returncode == 0
    html = (project.site / "lessons" / "demo-lesson" / "index.html").read_text("utf-8")
    assert "javascripts/bundle." in html and "assets/hocso.js" in html


def test_cached_lesson_pages_follow_their_templates_and_lessons(tmp_path: Path) -> None:
    """Pages come from the page cache on a warm build, but never stale ones."""
    project = new_project(tmp_path / "project")
    project.write_lesson("cached", lesson_data("cached"))
    assert project.build().returncode == 0
    assert len(list((project.root / ".cache" / "hocso" / "pages").glob("*.html"))) == 2
    first = page(project, "lessons/cached/").read_text("utf-8")
    assert project.build().returncode == 0
    assert page(project, "lessons/cached/").read_text("utf-8") == first

    strings = project.root / "templates" / "strings" / "vi.yml"
    strings.write_text(strings.read_text("utf-8").replace(
        'topic_label: "Chủ đề"', 'topic_label: "Nhóm bài"'), "utf-8")
    data = lesson_data("cached")
    data["steps"][0]["text"]["vi"] = "Chạm nút **Mở** thật chậm."
    project.write_lesson("cached", data)
    assert project.build().returncode == 0
    html = page(project, "lessons/cached/").read_text("utf-8")
    assert 'hs-breadcrumb__label">Nhóm bài:' in html
    assert "thật chậm" in html


def test_sites_are_built_by_the_chosen_builder() -> None:
    """CI runs the site and browser tests twice: with MkDocs and with ProperDocs."""
    import subprocess
    import sys

    from sites import BUILDER

    version = subprocess.run([sys.executable, "-m", BUILDER, "--version"], check=True,
                             capture_output=True, text=True).stdout
    assert f"-m {BUILDER}, version" in version, version
