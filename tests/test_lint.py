"""Unsafe markup is an error; risky links are warnings for reviewers."""

from __future__ import annotations

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
