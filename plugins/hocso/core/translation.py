"""Which translations are missing, and which were made from an older source text.

A translation records the stamp (a short hash) of the default-language text it was made from,
for the lesson's own texts and for each step: ``translated_from: {en: 3f9a0c1e}``. When the
Vietnamese text changes, its stamp changes, and the translation is reported as out of date.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from hocso.core.model import Lesson, LocalizedText, Step

LESSON_UNIT = "lesson"


def stamp(texts: Sequence[LocalizedText], default_lang: str) -> str:
    """A short hash of the default-language texts of one unit (the lesson, or one step)."""
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.texts.get(default_lang, "").encode())
        digest.update(b"\x00")
    return digest.hexdigest()[:8]


def step_texts(step: Step) -> list[LocalizedText]:
    found = [step.title, step.text]
    found += [t for t in (step.tip, step.warning, step.volunteer) if t is not None]
    found += [v.text for v in step.variants if v.text is not None]
    found += [shot.alt for _, shot in step.pictures()]
    found += [shot.caption for _, shot in step.pictures() if shot.caption is not None]
    return found


def lesson_texts(lesson: Lesson) -> list[LocalizedText]:
    """The lesson's own texts, outside its steps."""
    step_parts = {id(text) for step in lesson.steps for text in step_texts(step)}
    return [text for text in lesson.texts() if id(text) not in step_parts]


@dataclass(frozen=True)
class Unit:
    """A part of a lesson translated as a whole: ``lesson`` or ``step-3``."""

    key: str
    texts: tuple[LocalizedText, ...]
    recorded: dict[str, str]

    def state(self, lang: str, default_lang: str) -> str:
        """"missing", "unrecorded" (translated, source not recorded), "outdated" or "current"."""
        if any(not text.has(lang) for text in self.texts):
            return "missing"
        if lang not in self.recorded:
            return "unrecorded"
        if self.recorded[lang] != stamp(self.texts, default_lang):
            return "outdated"
        return "current"


def units(lesson: Lesson) -> list[Unit]:
    found = [Unit(LESSON_UNIT, tuple(lesson_texts(lesson)), dict(lesson.translated_from))]
    # Keyed by number: `hocso translated --step 3` and the messages speak of step 3.
    found += [Unit(f"step-{step.number}", tuple(step_texts(step)), dict(step.translated_from))
              for step in lesson.steps]
    return found


@dataclass
class LanguageStatus:
    """Where one lesson stands in one language."""

    lesson: Lesson
    lang: str
    missing: list[str] = field(default_factory=list)
    outdated: list[str] = field(default_factory=list)
    unrecorded: list[str] = field(default_factory=list)

    @property
    def pending(self) -> bool:
        """Something for a translator to do."""
        return bool(self.missing or self.outdated or self.unrecorded)


def lesson_status(lesson: Lesson, lang: str, default_lang: str) -> LanguageStatus:
    status = LanguageStatus(lesson, lang)
    for unit in units(lesson):
        state = unit.state(lang, default_lang)
        if state == "missing":
            status.missing.append(unit.key)
        elif state == "outdated":
            status.outdated.append(unit.key)
        elif state == "unrecorded":
            status.unrecorded.append(unit.key)
    return status
