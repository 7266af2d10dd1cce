"""The pages a lesson set becomes, and where each one lives.

Paths here are language-neutral ("lessons/install-vneid/"); ``url`` adds the language
prefix that every language but the default gets ("en/lessons/install-vneid/").
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from hocso.core.model import Lesson, LessonSet, Topic

PageKind = Literal["home", "topics", "topic", "lesson", "glossary", "translations"]
TOPICS_PATH = "topics/"
GLOSSARY_PATH = "glossary/"
TRANSLATIONS_PATH = "translations/"
HANDOUTS_URL = "handouts/"
PAPERS = ("A4", "A5")


@dataclass(frozen=True)
class SitePage:
    """One generated page, before it is given a language."""

    kind: PageKind
    path: str
    lesson: Lesson | None = None
    topic: Topic | None = None


def lesson_path(lesson_id: str) -> str:
    return f"lessons/{lesson_id}/"


def topic_path(topic_id: str) -> str:
    return f"{TOPICS_PATH}{topic_id}/"


def url(path: str, lang: str, default_lang: str) -> str:
    """The site URL of ``path`` in ``lang``: only non-default languages get a prefix."""
    return path if lang == default_lang else f"{lang}/{path}"


def relative_url(from_url: str, to_url: str) -> str:
    """A link from the page at ``from_url`` to ``to_url``, both directory-style URLs."""
    target = posixpath.relpath("/" + to_url, "/" + from_url)
    is_directory = to_url == "" or to_url.endswith("/")
    if is_directory and not target.endswith("/"):
        target += "/"
    return target


def site_pages(lessons: LessonSet) -> list[SitePage]:
    """Every generated page: the catalogue, the index of topics and each topic, the glossary,
    then the lessons."""
    pages = [SitePage("home", ""), SitePage("topics", TOPICS_PATH)]
    for topic, _ in lessons.by_topic():
        pages.append(SitePage("topic", topic_path(topic.id), topic=topic))
    if lessons.glossary:
        pages.append(SitePage("glossary", GLOSSARY_PATH))
    pages.append(SitePage("translations", TRANSLATIONS_PATH))
    pages += [SitePage("lesson", lesson_path(les.id), lesson=les) for les in lessons.lessons]
    return pages


@dataclass(frozen=True)
class HandoutSpec:
    """Which lessons, in which languages (the first is the main one), on which paper."""

    lesson_ids: tuple[str, ...]
    langs: tuple[str, ...]
    paper: str = "A4"
    # Only this platform's variant of each step ("android", "ios"); both when empty.
    platform: str = ""

    @property
    def file_name(self) -> str:
        """``<id>-vi.pdf``, ``<id>-vi-en.pdf``; A5 and one-platform handouts say so."""
        paper = "" if self.paper == "A4" else f"-{self.paper.lower()}"
        platform = f"-{self.platform}" if self.platform else ""
        return f"{'+'.join(self.lesson_ids)}-{'-'.join(self.langs)}{platform}{paper}.pdf"

    @property
    def url(self) -> str:
        return HANDOUTS_URL + self.file_name


def lesson_handouts(lesson: Lesson, languages: Sequence[str]) -> list[HandoutSpec]:
    """The handouts every lesson gets: one per language, and the default plus each other."""
    default = languages[0]
    specs = [HandoutSpec((lesson.id,), (lang,)) for lang in languages]
    specs += [HandoutSpec((lesson.id,), (default, lang)) for lang in languages[1:]]
    return specs
