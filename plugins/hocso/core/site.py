"""The pages a lesson set becomes, and where each one lives.

Paths here are language-neutral ("lessons/install-vneid/"); ``url`` adds the language
prefix that every language but the default gets ("en/lessons/install-vneid/").
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Literal

from hocso.core.model import Lesson, LessonSet, Topic

PageKind = Literal["home", "topic", "lesson"]


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
    return f"topics/{topic_id}/"


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
    """Every generated page: the catalogue, one page per topic, one per lesson."""
    pages = [SitePage("home", "")]
    for topic, _ in lessons.by_topic():
        pages.append(SitePage("topic", topic_path(topic.id), topic=topic))
    pages += [SitePage("lesson", lesson_path(les.id), lesson=les) for les in lessons.lessons]
    return pages
