"""The documentation's example lesson is a valid lesson."""

from __future__ import annotations

import re
from pathlib import Path

from hocso.core.loader import LessonSettings, load_lessons

from sites import Project, make_png


def test_contributing_example_is_a_valid_lesson(repo: Path, project: Project) -> None:
    text = (repo / "CONTRIBUTING.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"```yaml\n(.*?)```", text, re.S)
    lesson_id = re.search(r"^id: (.+)$", example, re.M).group(1)  # type: ignore[union-attr]
    for src in re.findall(r"src: (.+)", example):
        make_png(project.screenshots / src, (1080, 2400))
    project.write_lesson(lesson_id, text=example)
    result = load_lessons(LessonSettings(project.lessons, project.screenshots))
    assert [d.format() for d in result.diagnostics] == []
    assert result.lessons.lessons[0].id == lesson_id
