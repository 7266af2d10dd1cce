"""Finding one's way: the index of topics, the side menu, the glossary's names and the page a
broken link shows (404), read from real builds."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from markupsafe import escape

from hocso.core.render import other_name

from lesson_factory import lesson_data
from sites import Project, new_project

SUB_PATH_URL = "https://example.github.io/hocso/"

GLOSSARY = {"terms": [
    {"id": "prompt", "term": {"vi": "Câu lệnh (prompt)", "en": "Prompt"},
     "definition": {"vi": "Lời bạn gõ cho trợ lý AI.", "en": "What you type to an AI assistant."}},
    {"id": "deepfake", "term": {"vi": "Deepfake (giả mặt, giả giọng)", "en": "Deepfake"},
     "definition": {"vi": "Video làm giả bằng AI.", "en": "A video faked with AI."}},
    {"id": "otp", "term": {"vi": "Mã OTP", "en": "OTP code"},
     "definition": {"vi": "Mã chỉ dùng một lần.", "en": "A code that works only once."}},
]}


def read(project: Project, url: str) -> str:
    path = project.site / url
    return (path / "index.html" if url == "" or url.endswith("/") else path).read_text("utf-8")


def sidebar(html: str) -> str:
    start = html.index('class="md-nav md-nav--primary')
    return html[start:html.index("</nav>", start)]


def html_lang(html: str) -> str:
    match = re.search(r'<html lang="([^"]+)"', html)
    assert match
    return match.group(1)


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """Two topics, a glossary with names in brackets, published under a sub-path."""
    project = new_project(tmp_path_factory.mktemp("nav") / "project")
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "      required_languages: [vi]\n",
        "      required_languages: [vi]\n      handouts: false\n"), "utf-8")
    project.write_lesson("id-lesson", lesson_data("id-lesson", topic="identity"))
    project.write_lesson("pay-lesson", lesson_data("pay-lesson", topic="payments"))
    project.write_lesson("pay-lesson-2", lesson_data("pay-lesson-2", topic="payments"))
    (project.lessons / "glossary.yml").write_text(
        yaml.safe_dump(GLOSSARY, allow_unicode=True, sort_keys=False), "utf-8")
    result = project.build("--strict", site_url=SUB_PATH_URL)
    assert result.returncode == 0, result.stderr
    return project


# ---- The index of topics ---------------------------------------------------------------------

@pytest.mark.parametrize(("prefix", "lang", "heading", "one", "two"), [
    ("", "vi", "Tất cả chủ đề", "1 bài học", "2 bài học"),
    ("en/", "en", "All topics", "1 lesson", "2 lessons"),
])
def test_index_of_topics_lists_every_topic_with_its_summary_and_lessons(
        sub_path_site: Project, prefix: str, lang: str, heading: str, one: str,
        two: str) -> None:
    html = read(sub_path_site, f"{prefix}topics/")
    assert html_lang(html) == lang
    assert f"<h1>{heading}</h1>" in html
    topics = yaml.safe_load((sub_path_site.lessons / "topics.yml").read_text("utf-8"))["topics"]
    cards = re.findall(r'<li class="hs-card hs-topics__item">(.*?)</li>', html, re.S)
    # Only topics that have lessons, in the order of topics.yml.
    hrefs = [re.findall(r'href="([^"]+)"', card)[0] for card in cards]
    assert hrefs == ["identity/", "payments/"]
    by_id = {topic["id"]: topic for topic in topics}
    for card, topic_id, count in zip(cards, ("identity", "payments"), (one, two), strict=True):
        assert escape(by_id[topic_id]["title"][lang]) in card
        assert escape(by_id[topic_id]["summary"][lang]) in card
        assert f'<p class="hs-card__meta">{count}</p>' in card


def test_index_of_topics_is_paired_across_languages(sub_path_site: Project) -> None:
    """mkdocs-static-i18n pairs topics/index.md with topics/index.en.md for its switcher."""
    for url, other, expected in (("topics/", "en", "/hocso/en/topics/"),
                                 ("en/topics/", "vi", "/hocso/topics/")):
        html = read(sub_path_site, url)
        link = re.search(rf'<a class="hs-languages__link" href="([^"]+)" hreflang="{other}"',
                         html)
        assert link, url
        assert urljoin(f"/hocso/{url}", link.group(1)) == expected


def test_side_menu_lists_the_index_of_topics(sub_path_site: Project) -> None:
    for url, label in (("lessons/id-lesson/", "Tất cả chủ đề"),
                       ("en/glossary/", "All topics")):
        nav = sidebar(read(sub_path_site, url))
        assert re.search(rf'href="[./]*topics/"[^>]*>{label}</a>', nav), nav
        assert "lessons/" not in nav


# ---- The side menu: a close control and the reader's place --------------------------------------

@pytest.mark.parametrize(("url", "label"), [("lessons/id-lesson/", "Đóng"),
                                            ("en/lessons/id-lesson/", "Close")])
def test_side_menu_has_a_labelled_close_control(sub_path_site: Project, url: str,
                                                label: str) -> None:
    nav = sidebar(read(sub_path_site, url))
    close = re.search(r'<label class="hs-drawer__close" for="__drawer">(.*?)</label>', nav)
    assert close, nav
    assert label in close.group(1) and "✕" in close.group(1)


@pytest.mark.parametrize(("url", "topic_href", "current"), [
    ("lessons/pay-lesson/", "../../topics/payments/", "true"),
    ("en/lessons/id-lesson/", "../../topics/identity/", "true"),
    ("topics/payments/", "./", "page"),
    ("en/topics/identity/", "./", "page"),
])
def test_side_menu_marks_the_readers_topic(sub_path_site: Project, url: str, topic_href: str,
                                          current: str) -> None:
    nav = sidebar(read(sub_path_site, url))
    marked = re.findall(r'<a href="([^"]+)" class="([^"]+)" aria-current="([^"]+)"', nav)
    assert len(marked) == 1, nav
    href, classes, value = marked[0]
    assert (href, value) == (topic_href, current)
    assert "hs-nav__current" in classes


def test_side_menu_marks_other_pages_as_themselves(sub_path_site: Project) -> None:
    for url in ("", "en/topics/", "glossary/"):
        marked = re.findall(r'aria-current="([^"]+)"', sidebar(read(sub_path_site, url)))
        assert marked == ["page"], url


def test_lesson_pages_know_their_topic_without_listing_lessons(sub_path_site: Project) -> None:
    """The topic comes from the page's own metadata, so the menu stays the same size."""
    sizes = {len(sidebar(read(sub_path_site, f"lessons/{lesson}/")))
             for lesson in ("id-lesson", "pay-lesson", "pay-lesson-2")}
    assert len(sizes) == 1


# ---- The glossary names a term once ----------------------------------------------------------

@pytest.mark.parametrize(("name", "other", "shown"), [
    ("Câu lệnh (prompt)", "Prompt", ""),
    ("Deepfake (giả mặt, giả giọng)", "Deepfake", ""),
    ("Prompt", "Câu lệnh (prompt)", "Câu lệnh (prompt)"),
    ("Mã OTP", "OTP code", "OTP code"),
    ("Smart OTP", "Smart OTP", ""),
    ("Mã OTP", "  ", ""),
])
def test_other_name_is_left_out_when_the_name_already_says_it(name: str, other: str,
                                                            shown: str) -> None:
    assert other_name(name, other) == shown


def glossary_names(project: Project, url: str) -> dict[str, str]:
    html = read(project, url)
    return {term_id: re.sub(r"<[^>]+>", "", body).strip()
            for term_id, body in re.findall(r'<dt id="([^"]+)">(.*?)</dt>', html, re.S)}


def test_glossary_does_not_double_its_brackets(sub_path_site: Project) -> None:
    vi = glossary_names(sub_path_site, "glossary/")
    assert vi["prompt"] == "Câu lệnh (prompt)"
    assert vi["deepfake"] == "Deepfake (giả mặt, giả giọng)"
    assert re.sub(r"\s+", " ", vi["otp"]) == "Mã OTP Tiếng Anh: OTP code"
    en = glossary_names(sub_path_site, "en/glossary/")
    assert re.sub(r"\s+", " ", en["prompt"]) == "Prompt Vietnamese: Câu lệnh (prompt)"
    for names in (vi, en):
        for name in names.values():
            assert ") (" not in name and "((" not in name and "))" not in name, name


def test_glossary_marks_the_other_language(sub_path_site: Project) -> None:
    html = read(sub_path_site, "glossary/")
    assert '<span lang="en">OTP code</span>' in html
    assert '<span lang="vi">' in read(sub_path_site, "en/glossary/")


def test_real_glossary_names_each_term_once(real_site: Project) -> None:
    for url in ("glossary/", "en/glossary/"):
        for term_id, name in glossary_names(real_site, url).items():
            assert ") (" not in name and not re.search(r"\([^)]*\(", name), (term_id, name)
    assert glossary_names(real_site, "glossary/")["prompt"] == "Câu lệnh (prompt)"


# ---- The page for a broken link (404) ----------------------------------------------------------

def links(html: str) -> list[str]:
    return re.findall(r'<a [^>]*href="([^"]+)"', html)


def test_root_404_is_vietnamese_first_with_english_below(built_site: Project) -> None:
    # mkdocs-static-i18n builds every language into the same folder: only the default
    # language's build may write the root 404.html, and no language gets a 404 of its own.
    assert not (built_site.site / "en" / "404.html").exists()
    html = read(built_site, "404.html")
    assert html_lang(html) == "vi"
    vi, en = html.index("Không tìm thấy trang này"), html.index("Page not found")
    assert vi < en
    assert re.search(r'<section class="hs-notfound__part"[^>]*lang="en"[^>]*>\s*<h2', html)
    assert "404 - Not found" not in html
    assert "assets/hocso.css" in html and 'class="md-header' in html
    body = html[html.index('<div class="hs-notfound">'):]
    assert links(body)[:4] == ['/', '/topics/', '/en/', '/en/topics/']
    assert ">Về trang chủ</a>" in body and ">Go to the lessons</a>" in body


def test_404_links_work_from_any_depth_under_a_sub_path(sub_path_site: Project) -> None:
    html = read(sub_path_site, "404.html")
    assert html_lang(html) == "vi"
    body = html[html.index('<div class="hs-notfound">'):]
    assert links(body)[:4] == ["/hocso/", "/hocso/topics/", "/hocso/en/", "/hocso/en/topics/"]
    # Every link and resource of the page, the menu and the header included, starts at the
    # site's root, so it works wherever the host shows this page.
    refs = re.findall(r'(?:href|src)="([^"]+)"', html)
    local = [ref for ref in refs if not urlsplit(ref).scheme and not ref.startswith("#")]
    assert local
    for ref in local:
        assert ref.startswith("/hocso/"), ref
        target = sub_path_site.site / urlsplit(ref).path.removeprefix("/hocso/")
        assert (target / "index.html" if ref.endswith("/") else target).exists(), ref


def test_404_language_switcher_leads_to_the_english_lessons(sub_path_site: Project) -> None:
    html = read(sub_path_site, "404.html")
    switch = re.findall(r'<a class="hs-languages__link" href="([^"]+)" hreflang="([^"]+)"', html)
    assert switch == [("/hocso/en/", "en")]


def test_404_is_listed_nowhere(sub_path_site: Project) -> None:
    """A page for broken links is not a page to visit: no menu entry, no sitemap entry."""
    sitemap = (sub_path_site.site / "sitemap.xml").read_text("utf-8")
    assert "404" not in sitemap
    assert "404" not in sidebar(read(sub_path_site, ""))


def test_every_generated_page_is_written(sub_path_site: Project) -> None:
    expected = {"", "topics/", "topics/identity/", "topics/payments/", "glossary/",
                "lessons/id-lesson/", "lessons/pay-lesson/"}
    for url in expected:
        for prefix in ("", "en/"):
            assert (sub_path_site.site / prefix / url / "index.html").is_file(), prefix + url
    assert not Path(sub_path_site.site / "topics" / "index.en.html").exists()
