"""The lesson page's own order and wording, read from the built HTML."""

from __future__ import annotations

from sites import Project


def lesson_html(project: Project, url: str) -> str:
    return (project.site / url / "index.html").read_text(encoding="utf-8")


def test_safety_box_comes_before_the_first_step(built_site: Project) -> None:
    html = lesson_html(built_site, "lessons/demo-lesson/")
    needs = html.index('class="hs-needs"')
    safety = html.index('class="hs-safety"')
    steps = html.index('class="hs-steps"')
    assert needs < safety < steps
    assert html.count('class="hs-safety"') == 1  # hocso.js copies it to the done screen


def test_second_language_toggle_names_the_language_in_the_reader_s_words(
        built_site: Project) -> None:
    assert "Hiện thêm tiếng Anh</button>" in lesson_html(built_site, "lessons/demo-lesson/")
    assert "Also show Vietnamese</button>" in lesson_html(built_site, "en/lessons/demo-lesson/")


def test_text_size_buttons_are_named_with_their_visible_text(built_site: Project) -> None:
    html = lesson_html(built_site, "lessons/demo-lesson/")
    assert ('data-action="larger">A+<span class="hs-visually-hidden"> (Chữ to hơn)</span>'
            in html)
    assert "aria-label" not in html[html.index('data-action="smaller"') - 80:
                                    html.index('data-action="larger"') + 80]


def test_presenter_wording_travels_with_the_page(built_site: Project) -> None:
    html = lesson_html(built_site, "en/lessons/demo-lesson/")
    assert 'data-next="Next" data-finish="Finish"' in html
    assert "Swipe left for the next step" in html and "More below" in html
