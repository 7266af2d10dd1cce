"""Turn a validated lesson record into the lesson model."""

from __future__ import annotations

from pathlib import Path

from hocso.core.model import (
    PLATFORMS,
    Annotations,
    AppVersion,
    Arrow,
    Badge,
    Highlight,
    Lesson,
    Question,
    Redaction,
    Screenshot,
    Source,
    Step,
    Variant,
)
from hocso.core.spec import RecordValue


def _annotations(shot: RecordValue) -> Annotations:
    return Annotations(
        highlights=tuple(Highlight(h.values["box"], h.get("shape", "box"))
                         for h in shot.get("highlights", [])),
        arrows=tuple(Arrow(a.values["from"], a.values["to"]) for a in shot.get("arrows", [])),
        badges=tuple(Badge(b.values["at"], b.values["number"]) for b in shot.get("badges", [])),
        redactions=tuple(Redaction(r.values["box"], r.get("style", "fill"))
                         for r in shot.get("redact", [])),
    )


def _screenshot(shot: RecordValue | None) -> Screenshot | None:
    if shot is None:
        return None
    return Screenshot(
        src=shot.values["src"],
        alt=shot.values["alt"],
        annotations=_annotations(shot),
        caption=shot.get("caption"),
        illustration=shot.get("illustration", False),
        location=shot.locations["src"],
    )


def build_lesson(path: Path, record: RecordValue) -> Lesson:
    v = record.values
    steps = []
    for number, step in enumerate(v["steps"], start=1):
        variants = tuple(
            Variant(platform, variant.get("text"), _screenshot(variant.get("screenshot")))
            for platform in PLATFORMS if (variant := step.get(platform)) is not None)
        steps.append(
            Step(
                number=number,
                id=step.values["id"],
                aliases=tuple(step.get("aliases", [])),
                location=step.location,
                title=step.values["title"],
                text=step.values["text"],
                screenshot=_screenshot(step.get("screenshot")),
                tip=step.get("tip"),
                warning=step.get("warning"),
                volunteer=step.get("volunteer"),
                variants=variants,
                translated_from=step.get("translated_from", {}),
            )
        )
    return Lesson(
        id=v["id"],
        aliases=tuple(v.get("aliases", [])),
        path=path,
        topic=v["topic"],
        level=v["level"],
        minutes=v["minutes"],
        title=v["title"],
        summary=v["summary"],
        needs=tuple(v["needs"]),
        steps=tuple(steps),
        safety=tuple(v.get("safety", [])),
        sources=tuple(Source(s.values["url"], s.values["title"], s.values["checked"])
                      for s in v["sources"]),
        reviewed=v["reviewed"],
        app_versions=tuple(AppVersion(a.values["app"], a.values["version"], a.get("platform"),
                                      a.get("note"))
                           for a in v["app_versions"]),
        location=record.location,
        volunteer_notes=tuple(v.get("volunteer_notes", [])),
        translated_from=v.get("translated_from", {}),
        self_check=tuple(
            Question(q.values["question"], tuple(q.values["choices"]), q.values["answer"],
                     q.values["explanation"]) for q in v.get("self_check", [])),
    )
