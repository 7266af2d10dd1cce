"""The five starter lessons: complete, sourced, bilingual, illustrated, with self-checks."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hocso.core.loader import LessonSettings, load_lessons
from hocso.core.model import Lesson

from sites import Project

STARTERS = ["install-vneid", "cashless-payment", "spot-online-fraud", "ai-tools-safely",
            "online-public-services"]


@pytest.fixture(scope="module")
def lessons(repo: Path) -> dict[str, Lesson]:
    result = load_lessons(LessonSettings(repo / "lessons", repo / "screenshots"))
    assert [d.format() for d in result.diagnostics] == []
    return {lesson.id: lesson for lesson in result.lessons.lessons}


def test_the_five_starter_lessons_exist(lessons: dict[str, Lesson]) -> None:
    assert sorted(lessons) == sorted(STARTERS)


@pytest.mark.parametrize("lesson_id", STARTERS)
def test_every_step_has_a_picture_with_alt_text_in_both_languages(
        lessons: dict[str, Lesson], lesson_id: str) -> None:
    for step in lessons[lesson_id].steps:
        assert step.screenshot is not None, f"{lesson_id} step {step.number}"
        assert set(step.screenshot.alt.texts) == {"vi", "en"}
        assert all(text.strip() for text in step.screenshot.alt.texts.values())


@pytest.mark.parametrize("lesson_id", STARTERS)
def test_every_lesson_is_complete_and_sourced(lessons: dict[str, Lesson], lesson_id: str) -> None:
    lesson = lessons[lesson_id]
    assert lesson.untranslated("en") == []
    assert len(lesson.sources) >= 3
    assert all(source.url.startswith(("https://", "http://")) for source in lesson.sources)
    assert lesson.safety, "every starter lesson touches money or identity"
    assert lesson.volunteer_notes
    assert lesson.self_check
    assert len(lesson.steps) <= 11


@pytest.mark.parametrize("lesson_id", STARTERS)
def test_self_check_answers_are_valid(lessons: dict[str, Lesson], lesson_id: str) -> None:
    for question in lessons[lesson_id].self_check:
        assert 1 <= question.answer <= len(question.choices)
        assert question.explanation.texts["vi"] and question.explanation.texts["en"]


def test_scam_lesson_has_at_least_six_is_this_a_scam_cards(lessons: dict[str, Lesson]) -> None:
    cards = [q for q in lessons["spot-online-fraud"].self_check
             if "Is this a scam?" in q.question.texts["en"]]
    assert len(cards) >= 6
    assert any(q.answer == 2 for q in cards), "at least one card that is not a scam"


def test_uncertain_facts_from_the_brief_are_not_stated(repo: Path) -> None:
    """Items the content brief marks as unconfirmed must not appear as facts."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in (repo / "lessons").rglob("*.yml"))
    text = re.sub(r"https?://\S+", "", text)  # only what readers see, not source addresses
    for unconfirmed in ("canhbao.khonggianmang", "thongbaorac", "1900 0368", " 113",
                        "0339035656", "500 triệu", "6.000 tỷ", "0,18%"):
        assert unconfirmed not in text, unconfirmed


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.terms: list[str] = []
        self.marked: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "span" and values.get("class") == "hs-term":
            self.marked.append(values.get("data-term") or "")
        if tag == "a" and (values.get("href") or "").startswith("../../glossary/#"):
            self.terms.append(values.get("href") or "")


def test_glossary_links_resolve_in_both_languages(real_site: Project) -> None:
    for prefix in ("", "en/"):
        glossary = _Links()
        glossary.feed((real_site.site / prefix / "glossary" / "index.html").read_text(
            encoding="utf-8"))
        linked = 0
        for lesson_id in STARTERS:
            page = _Links()
            page.feed((real_site.site / prefix / "lessons" / lesson_id / "index.html")
                      .read_text(encoding="utf-8"))
            for href in page.terms:
                path, _, anchor = href.partition("#")
                assert path == "../../glossary/", href
                assert anchor in glossary.ids, href
                linked += 1
            # Every term marked in the text is in the lesson's "Words to know" box.
            assert {f"../../glossary/#{term}" for term in page.marked} <= set(page.terms)
        assert linked >= 10


def test_pages_for_about_volunteers_and_glossary(real_site: Project) -> None:
    for prefix in ("", "en/"):
        for page in ("about", "volunteers", "glossary"):
            html = (real_site.site / prefix / page / "index.html").read_text(encoding="utf-8")
            assert "<h1" in html
    about = (real_site.site / "about" / "index.html").read_text(encoding="utf-8")
    assert "26/3/2025" in about and "74.000" in about
    assert re.search(r'lang="en"', (real_site.site / "en" / "about" / "index.html")
                     .read_text(encoding="utf-8"))


def test_every_lesson_has_its_handouts(real_site: Project) -> None:
    for lesson_id in STARTERS:
        for suffix in ("vi", "en", "vi-en"):
            assert (real_site.site / "handouts" / f"{lesson_id}-{suffix}.pdf").is_file()


def test_self_check_works_without_javascript(real_site: Project) -> None:
    html = (real_site.site / "en" / "lessons" / "spot-online-fraud" / "index.html").read_text(
        encoding="utf-8")
    assert html.count('<details class="hs-answer">') >= 6
    assert "Answer: A. Scam" in html
