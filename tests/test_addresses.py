"""Printed links never break: step ids, aliases and the record of published addresses."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from hocso.core.addresses import Addresses
from hocso.core.diagnostics import Severity
from hocso.core.loader import LessonSettings, LoadResult, load_lessons

from lesson_factory import lesson_data
from sites import REPO, Project


def load(project: Project) -> LoadResult:
    return load_lessons(LessonSettings(project.lessons, project.screenshots))


def codes(result: LoadResult, severity: Severity = Severity.ERROR) -> list[str]:
    return [d.code for d in result.diagnostics if d.severity is severity]


def record(project: Project) -> None:
    done = project.hocso("addresses", "--update")
    assert done.returncode == 0, done.stdout + done.stderr


def four_steps(lesson_id: str) -> dict[str, Any]:
    return lesson_data(lesson_id, steps=4)


def test_step_addresses_survive_inserting_removing_and_reordering(project: Project) -> None:
    data = four_steps("steady")
    project.write_lesson("steady", data)
    record(project)
    # A new first step, the old third and second swapped.
    steps = data["steps"]
    new = {"id": "charge-phone", "title": {"vi": "Sạc pin", "en": "Charge the phone"},
           "text": {"vi": "Cắm sạc.", "en": "Plug it in."}}
    data["steps"] = [new, steps[0], steps[2], steps[1], steps[3]]
    project.write_lesson("steady", data)
    result = load(project)
    assert codes(result) == []
    # The new step is not recorded yet: a warning, which fails `hocso check --strict`.
    assert codes(result, Severity.WARNING) == ["address-not-recorded"]
    lesson = result.lessons.lessons[0]
    resolver = Addresses(result.lessons.lessons, result.lessons.record)
    for number, step_id in enumerate(["tap-1", "tap-2", "tap-3", "tap-4"], start=1):
        # "#step-2" printed before the change still means the step that was second then.
        by_number = resolver.resolve("steady", str(number))
        by_id = resolver.resolve("steady", step_id)
        assert by_number is not None and by_id is not None
        assert by_number.step.id == by_id.step.id == step_id and by_id.lesson is lesson
    anchors = resolver.page_anchors(lesson)
    assert anchors.of(lesson.steps[3]) == ("step-2",)  # tap-2 is now the fourth step
    assert anchors.moved == ()


def test_a_removed_step_is_reported_until_another_step_takes_its_address(
        project: Project) -> None:
    data = four_steps("shrinking")
    path = project.write_lesson("shrinking", data)
    record(project)
    del data["steps"][2]
    project.write_lesson("shrinking", data)
    check = project.hocso("check")
    assert check.returncode == 1
    # Named at the lesson file, with the address and the fix, in both languages.
    assert re.search(r"lessons/shrinking/lesson\.yml:\d+:\d+: lỗi / error \[stranded-step\]",
                     check.stdout), check.stdout
    assert "/lessons/shrinking/#step-tap-3" in check.stdout
    assert "/lessons/shrinking/#step-3\"" in check.stdout
    assert "aliases: [tap-3]" in check.stdout
    assert "Traceback" not in check.stdout + check.stderr
    data["steps"][1]["aliases"] = ["tap-3"]
    project.write_lesson("shrinking", data)
    assert project.hocso("check", "--strict").returncode == 0
    # The record keeps the removed step for good.
    assert "tap-3" in (project.lessons / "published.yml").read_text(encoding="utf-8")
    record(project)
    assert "      - tap-3" in (project.lessons / "published.yml").read_text(encoding="utf-8")
    assert path.is_file()


def test_a_deleted_lesson_is_reported_at_its_line_of_the_record(project: Project) -> None:
    project.write_lesson("kept", lesson_data("kept"))
    project.write_lesson("gone", lesson_data("gone"))
    record(project)
    shutil.rmtree(project.lessons / "gone")
    check = project.hocso("check")
    assert check.returncode == 1
    text = (project.lessons / "published.yml").read_text(encoding="utf-8").splitlines()
    line = text.index("  - id: gone") + 1
    assert f"lessons/published.yml:{line}:" in check.stdout and "[stranded-lesson]" in check.stdout
    assert "aliases: [gone]" in check.stdout


def test_new_lessons_and_steps_must_be_recorded(project: Project) -> None:
    project.write_lesson("first", lesson_data("first"))
    record(project)
    project.write_lesson("second", lesson_data("second"))
    strict = project.hocso("check", "--strict")
    assert strict.returncode == 1 and "[address-not-recorded]" in strict.stdout
    assert "hocso addresses --update" in strict.stdout
    assert project.hocso("check").returncode == 0  # only a warning
    before = (project.lessons / "published.yml").read_text(encoding="utf-8")
    record(project)
    after = (project.lessons / "published.yml").read_text(encoding="utf-8")
    assert all(line in after.splitlines() for line in before.splitlines())  # only grows
    assert project.hocso("check", "--strict").returncode == 0
    again = project.hocso("addresses", "--update")
    assert "nothing new" in again.stdout
    assert (project.lessons / "published.yml").read_text(encoding="utf-8") == after


def test_step_ids_are_checked_with_their_line(project: Project) -> None:
    data = lesson_data("ids")
    data["steps"][1]["id"] = "tap-1"
    data["steps"][2]["id"] = "3"
    path = project.write_lesson("ids", data)
    check = project.hocso("check")
    assert check.returncode == 1
    lines = path.read_text(encoding="utf-8").splitlines()
    second = [n for n, line in enumerate(lines, 1) if line.strip() == "- id: tap-1"][1]
    assert f"lessons/ids/lesson.yml:{second}:7: lỗi / error [duplicate-step-id]" in check.stdout
    assert "[bad-format]" in check.stdout and "#step-3" in check.stdout
    del data["steps"][0]["id"]
    project.write_lesson("ids", data)
    missing = project.hocso("check")
    assert '"steps › 1 › id"' in missing.stdout and "[missing-key]" in missing.stdout


def test_two_parts_cannot_both_claim_one_old_step(project: Project) -> None:
    project.write_lesson("whole", four_steps("whole"))
    record(project)
    shutil.rmtree(project.lessons / "whole")
    for part, taken in (("part-one", [0, 1, 2]), ("part-two", [2, 3])):
        data = four_steps(part)
        data["aliases"] = ["whole"]
        data["steps"] = [data["steps"][n] for n in taken]
        project.write_lesson(part, data)
    result = load(project)
    assert codes(result) == ["ambiguous-step"]


def test_the_record_file_is_checked_like_any_contributor_file(project: Project) -> None:
    project.write_lesson("safe", lesson_data("safe"))
    (project.lessons / "published.yml").write_text(
        "lessons:\n  - id: safe\n    steps: [tap-1, \"<img src=x onerror=alert(1)>\"]\n"
        "  - {id: ../../etc}\n  - nonsense\n", encoding="utf-8")
    check = project.hocso("check")
    assert check.returncode == 1 and "Traceback" not in check.stdout + check.stderr
    assert "lessons/published.yml:3:" in check.stdout and "lessons/published.yml:4:" in check.stdout
    assert "lessons/published.yml:5:" in check.stdout


def test_the_projects_record_covers_every_lesson_and_step() -> None:
    """Deleting or trimming lessons/published.yml would silence the check: it must hold every
    lesson and step of the project."""
    result = load_lessons(LessonSettings(REPO / "lessons", REPO / "screenshots"))
    assert result.lessons.record.exists
    assert [d for d in result.diagnostics if d.code.startswith(("address-", "stranded-"))] == []
    for lesson in result.lessons.lessons:
        published = result.lessons.record.get(lesson.id)
        assert published is not None and published.numbered
        assert {step.id for step in lesson.steps} <= set(published.steps)


def test_addresses_lists_where_old_addresses_lead(project: Project, tmp_path: Path) -> None:
    project.write_lesson("listed", four_steps("listed"))
    record(project)
    data = four_steps("listed")
    data["steps"].reverse()
    project.write_lesson("listed", data)
    listing = project.hocso("addresses")
    assert listing.returncode == 0
    assert "/lessons/listed/#step-1 -> /lessons/listed/#step-tap-1" in listing.stdout
