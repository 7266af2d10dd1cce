"""The lesson model: what a lesson is once its file has been read and checked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from hocso.core.diagnostics import Location

LEVELS = ("basic", "intermediate", "advanced")


@dataclass(frozen=True)
class Resolved:
    """A text chosen for one page language, and the language it is really in."""

    text: str
    lang: str
    fallback: bool

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class LocalizedText:
    """One text per language, as the contributor wrote them side by side."""

    texts: Mapping[str, str]
    location: Location | None = None

    def has(self, lang: str) -> bool:
        return lang in self.texts

    def resolve(self, lang: str, fallback_lang: str) -> Resolved:
        """The text in ``lang``, or in ``fallback_lang`` if it is not translated yet."""
        if lang in self.texts:
            return Resolved(self.texts[lang], lang, False)
        return Resolved(self.texts[fallback_lang], fallback_lang, True)


Box = tuple[int, int, int, int]
Point = tuple[int, int]


@dataclass(frozen=True)
class Highlight:
    box: Box
    shape: str = "box"


@dataclass(frozen=True)
class Arrow:
    start: Point
    end: Point


@dataclass(frozen=True)
class Badge:
    at: Point
    number: int


@dataclass(frozen=True)
class Redaction:
    box: Box
    style: str = "fill"


@dataclass(frozen=True)
class Annotations:
    """Marks drawn on a screenshot, in the raw image's pixel coordinates."""

    highlights: tuple[Highlight, ...] = ()
    arrows: tuple[Arrow, ...] = ()
    badges: tuple[Badge, ...] = ()
    redactions: tuple[Redaction, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """A stable, JSON-friendly form, used in cache keys."""
        return {
            "highlights": [[h.shape, *h.box] for h in self.highlights],
            "arrows": [[*a.start, *a.end] for a in self.arrows],
            "badges": [[*b.at, b.number] for b in self.badges],
            "redactions": [[r.style, *r.box] for r in self.redactions],
        }


@dataclass(frozen=True)
class Screenshot:
    """A step's picture: one raw image for every language, or one per language."""

    src: LocalizedText
    alt: LocalizedText
    annotations: Annotations = field(default_factory=Annotations)
    caption: LocalizedText | None = None
    illustration: bool = False
    location: Location | None = field(default=None, compare=False)

    def src_for(self, lang: str, fallback_lang: str) -> str:
        return self.src.resolve(lang, fallback_lang).text


PLATFORMS = ("android", "ios")


@dataclass(frozen=True)
class Variant:
    """What a step says or shows differently on one platform."""

    platform: str
    text: LocalizedText | None = None
    screenshot: Screenshot | None = None


STEP_ANCHOR_PREFIX = "step-"


def step_anchor(step_id: str) -> str:
    """The page anchor of a step id (or of an old step number): ``step-open-app``."""
    return f"{STEP_ANCHOR_PREFIX}{step_id}"


@dataclass(frozen=True)
class Step:
    number: int
    # Written by the contributor and never changed: the step's address survives inserting,
    # removing and reordering steps (hocso.core.addresses).
    id: str
    title: LocalizedText
    text: LocalizedText
    screenshot: Screenshot | None = None
    tip: LocalizedText | None = None
    warning: LocalizedText | None = None
    volunteer: LocalizedText | None = None
    variants: tuple[Variant, ...] = ()
    translated_from: Mapping[str, str] = field(default_factory=dict, compare=False)
    # Ids this step was published under before (renamed, or other steps merged into it).
    aliases: tuple[str, ...] = ()
    location: Location | None = field(default=None, compare=False)

    @property
    def anchor(self) -> str:
        return step_anchor(self.id)

    def pictures(self) -> list[tuple[str, Screenshot]]:
        """Every picture of the step with its id: "3", or "3-android" for a platform's."""
        found = [(str(self.number), self.screenshot)] if self.screenshot else []
        found += [(f"{self.number}-{v.platform}", v.screenshot) for v in self.variants
                  if v.screenshot is not None]
        return found


@dataclass(frozen=True)
class Source:
    url: str
    title: str
    checked: dt.date


@dataclass(frozen=True)
class AppVersion:
    app: str
    version: str
    platform: str | None = None
    note: LocalizedText | None = None


@dataclass(frozen=True)
class Question:
    """A self-check question; ``answer`` counts from 1."""

    question: LocalizedText
    choices: tuple[LocalizedText, ...]
    answer: int
    explanation: LocalizedText


@dataclass(frozen=True)
class Term:
    id: str
    term: LocalizedText
    definition: LocalizedText


@dataclass(frozen=True)
class Topic:
    id: str
    title: LocalizedText
    summary: LocalizedText | None
    order: int


@dataclass(frozen=True)
class Lesson:
    id: str
    path: Path
    topic: str
    level: str
    minutes: int
    title: LocalizedText
    summary: LocalizedText
    needs: tuple[LocalizedText, ...]
    steps: tuple[Step, ...]
    safety: tuple[LocalizedText, ...]
    sources: tuple[Source, ...]
    reviewed: dt.date
    app_versions: tuple[AppVersion, ...]
    location: Location = field(compare=False)
    volunteer_notes: tuple[LocalizedText, ...] = ()
    self_check: tuple[Question, ...] = ()
    translated_from: Mapping[str, str] = field(default_factory=dict, compare=False)
    # Ids this lesson was published under before (renamed, or split into several lessons).
    aliases: tuple[str, ...] = ()

    @property
    def platforms(self) -> list[str]:
        """The platforms some step of the lesson treats differently."""
        used = {v.platform for step in self.steps for v in step.variants}
        return [platform for platform in PLATFORMS if platform in used]

    def texts(self) -> list[LocalizedText]:
        """Every learner-visible text of the lesson, in reading order."""
        found: list[LocalizedText] = [self.title, self.summary, *self.needs]
        for step in self.steps:
            found += [step.title, step.text]
            found += [t for t in (step.tip, step.warning, step.volunteer) if t is not None]
            for variant in step.variants:
                if variant.text is not None:
                    found.append(variant.text)
            for _, shot in step.pictures():
                found.append(shot.alt)
                if shot.caption is not None:
                    found.append(shot.caption)
        found += self.safety
        found += self.volunteer_notes
        for question in self.self_check:
            found += [question.question, *question.choices, question.explanation]
        return found

    def untranslated(self, lang: str) -> list[LocalizedText]:
        """The texts that have no ``lang`` version yet."""
        return [text for text in self.texts() if not text.has(lang)]


@dataclass(frozen=True)
class PublishedLesson:
    """What one lesson id was ever published with (see hocso.core.addresses)."""

    id: str
    # Every step id ever published under this lesson id, in the order first seen.
    steps: tuple[str, ...] = ()
    # What ``#step-1``, ``#step-2`` … meant when numbered links were published.
    numbered: tuple[str, ...] = ()
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class PublishedRecord:
    """The contents of ``lessons/published.yml``; ``exists`` is False when there is none."""

    lessons: tuple[PublishedLesson, ...] = ()
    exists: bool = False
    path: Path | None = field(default=None, compare=False)

    def get(self, lesson_id: str) -> PublishedLesson | None:
        return next((les for les in self.lessons if les.id == lesson_id), None)


@dataclass(frozen=True)
class LessonSet:
    """Every lesson and topic of a site, in catalogue order."""

    topics: tuple[Topic, ...]
    lessons: tuple[Lesson, ...]
    glossary: tuple[Term, ...] = ()
    # Every address ever published (lessons/published.yml): hocso.core.addresses.
    record: PublishedRecord = field(default_factory=PublishedRecord)

    def by_topic(self) -> list[tuple[Topic, list[Lesson]]]:
        groups = [(topic, [les for les in self.lessons if les.topic == topic.id])
                  for topic in self.topics]
        return [(topic, lessons) for topic, lessons in groups if lessons]

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((les for les in self.lessons if les.id == lesson_id), None)
