"""Unsafe markup is an error; risky links are warnings for reviewers."""

from __future__ import annotations

from pathlib import Path

import pytest

from hocso.core.diagnostics import Severity
from hocso.core.loader import LessonSettings, load_lessons

from lesson_factory import lesson_data
from sites import Project


def codes_for(project: Project, text: str) -> list[tuple[str, Severity]]:
    data = lesson_data("linted")
    data["steps"][0]["text"]["en"] = text
    project.write_lesson("linted", data)
    result = load_lessons(LessonSettings(project.lessons, project.screenshots))
    return sorted((d.code, d.severity) for d in result.diagnostics)


@pytest.mark.parametrize(
    "text",
    ["Tap <b>Continue</b>.", "Open <script>alert(1)</script> now.",
     '<iframe src="https://example.com"></iframe>', '<img src=x onerror="alert(1)">',
     "<a href='https://gov.vn' onclick='steal()'>here</a>"],
)
def test_raw_html_is_an_error(project: Project, text: str) -> None:
    assert ("raw-html", Severity.ERROR) in codes_for(project, text)


def test_script_links_are_errors(project: Project) -> None:
    assert codes_for(project, "[Tap](javascript:alert(1))") == [("script-link", Severity.ERROR)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[Portal](https://dichvucong.gov.vn)", []),
        ("[Check](https://tinnhiemmang.vn/website-lua-dao)", []),
        ("[Portal](http://dichvucong.gov.vn)", [("link-not-https", Severity.WARNING)]),
        ("[Short](https://bit.ly/abc)", [("link-shortener", Severity.WARNING)]),
        ("See https://example.com/offer", [("link-outside-allowlist", Severity.WARNING)]),
    ],
)
def test_links_are_flagged_for_reviewers(project: Project, text: str,
                                         expected: list[tuple[str, Severity]]) -> None:
    assert codes_for(project, text) == expected


def test_allowlist_is_configurable(project: Project) -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      required_languages: [vi]",
        "      required_languages: [vi]\n      link_allowlist: [gov.vn, example.com]"),
        encoding="utf-8")
    data = lesson_data("linked")
    data["steps"][0]["text"]["en"] = "See [the offer](https://shop.example.com/offer)."
    project.write_lesson("linked", data)
    assert project.hocso("check", "--strict").returncode == 0


def test_unsafe_markup_never_reaches_the_page_even_if_unchecked(project: Project) -> None:
    """The renderer escapes contributor HTML whatever the checks say."""
    from hocso.core.text import render_markdown

    html = render_markdown('<script>alert(1)</script> [x](javascript:alert(1)) '
                           '<img src=x onerror="alert(1)">')
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html


@pytest.mark.parametrize(
    ("lang", "words", "expected"),
    [
        ("en", 15, []),
        ("en", 16, [("long-sentence", Severity.WARNING)]),
        ("en", 21, [("long-sentence", Severity.ERROR)]),
        ("vi", 22, []),
        ("vi", 23, [("long-sentence", Severity.WARNING)]),
        ("vi", 31, [("long-sentence", Severity.ERROR)]),
    ],
)
def test_sentence_length_limits(project: Project, lang: str, words: int,
                                expected: list[tuple[str, Severity]]) -> None:
    data = lesson_data("readable")
    word = "chạm" if lang == "vi" else "tap"
    data["steps"][0]["text"][lang] = " ".join([word] * words) + "."
    project.write_lesson("readable", data)
    result = load_lessons(LessonSettings(project.lessons, project.screenshots))
    assert sorted((d.code, d.severity) for d in result.diagnostics) == expected
    if expected:
        assert str(words) in result.diagnostics.items[0].message_en


def test_more_than_two_sentences_in_a_step(project: Project) -> None:
    assert codes_for(project, "Open it. Tap it. Close it.") == [("long-step", Severity.WARNING)]
    assert codes_for(project, "Open the app. Tap \"Tiếp tục\" (Next).") == []


def test_sentences_ignore_markdown_and_version_numbers() -> None:
    from hocso.core.lint import sentences, word_count

    text = "Mở **VNeID** bản 2.1.7. Chạm [nút này](glossary:otp) rồi chờ…"
    assert len(sentences(text)) == 2
    assert word_count("Chạm nút này rồi chờ…") == 5


def test_unsafe_lesson_text_is_escaped_in_the_rendered_page(repo: Path) -> None:
    """Even a lesson that skipped every check cannot put markup or script on the page."""
    import dataclasses

    from hocso.core.model import LocalizedText
    from hocso.core.render import SiteRenderer

    result = load_lessons(LessonSettings(repo / "lessons", repo / "screenshots"))
    lesson = result.lessons.lesson("install-vneid")
    assert lesson is not None
    evil = LocalizedText({"vi": '<script>alert(1)</script><iframe src="https://x"></iframe>'
                                '<img src=x onerror="alert(1)"> [x](javascript:alert(1))',
                          "en": "<b onclick='alert(1)'>hi</b>"})
    step = dataclasses.replace(lesson.steps[0], text=evil, title=evil)
    lesson = dataclasses.replace(lesson, steps=(step, *lesson.steps[1:]), summary=evil)
    renderer = SiteRenderer(repo / "templates", ("vi", "en"))
    for lang in ("vi", "en"):
        html = renderer.lesson(lesson, result.lessons, lang, {}).html
        for bad in ("<script", "<iframe", "<img src=x", 'href="javascript', "<b onclick"):
            assert bad not in html, (lang, bad)
