"""``hocso addresses``: what every published address leads to, and recording new ones."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TextIO

from hocso.core.addresses import RECORD_FILE, Addresses, record_yaml, updated_record
from hocso.core.diagnostics import Severity
from hocso.core.loader import LessonSettings, load_lessons
from hocso.core.model import step_anchor


def _write_atomically(path: Path, text: str) -> None:
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, suffix=".tmp",
                                     delete=False) as tmp:
        tmp.write(text)
    os.replace(tmp.name, path)


def addresses(settings: LessonSettings, update: bool, root: Path, out: TextIO) -> int:
    """List where each recorded address leads; with ``update``, record the current ones.

    The record only grows: an address once published stays in it for good.
    """
    result = load_lessons(settings)
    lessons = result.lessons
    if update:
        path = settings.lessons_dir / RECORD_FILE
        before = lessons.record
        after = updated_record(before, lessons.lessons)
        text = record_yaml(after)
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if text != current:
            _write_atomically(path, text)
            added = sum(len(les.steps) for les in after.lessons) - sum(
                len(les.steps) for les in before.lessons)
            new_lessons = len(after.lessons) - len(before.lessons)
            print(f"Đã ghi / wrote {path.relative_to(root)}: {new_lessons} bài mới / new "
                  f"lesson(s), {added} mã bước mới / new step id(s).", file=out)
        else:
            print(f"{path.relative_to(root)}: không có gì mới / nothing new.", file=out)
        result = load_lessons(settings)
        lessons = result.lessons
    resolver = Addresses(lessons.lessons, lessons.record)
    for published in lessons.record.lessons:
        names = [*published.steps, *(str(n) for n in range(1, len(published.numbered) + 1))]
        for name in names:
            place = resolver.resolve(published.id, name)
            old = f"/lessons/{published.id}/#{step_anchor(name)}"
            new = (f"/lessons/{place.lesson.id}/#{place.step.anchor}" if place
                   else "(không còn / stranded)")
            if place is None or old != new:
                print(f"{old} -> {new}", file=out)
    problems = [d for d in result.diagnostics.sorted()
                if d.code.startswith(("stranded-", "ambiguous-", "address-", "duplicate-step"))]
    for diagnostic in problems:
        print(diagnostic.format(root), file=out)
    return 1 if any(d.severity is Severity.ERROR for d in problems) else 0
