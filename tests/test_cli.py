"""The hocso command, run as a contributor runs it."""

from __future__ import annotations

import json
import unicodedata

from lesson_factory import lesson_data
from sites import Project


def test_check_passes_on_clean_lessons(project: Project) -> None:
    project.write_lesson("clean")
    result = project.hocso("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No problems found" in result.stdout and "1 bài học" in result.stdout


def test_check_fails_and_lists_every_problem(project: Project) -> None:
    bad = lesson_data("bad")
    bad["minutes"] = "ten"
    project.write_lesson("bad", bad)
    project.write_lesson("empty", text="")
    result = project.hocso("check")
    assert result.returncode == 1
    assert "lessons/bad/lesson.yml:" in result.stdout
    assert "lessons/empty/lesson.yml:1:1" in result.stdout
    assert "2 lỗi" in result.stdout and "2 error(s)" in result.stdout
    assert "Traceback" not in result.stderr


def test_warnings_fail_only_with_strict(project: Project) -> None:
    data = lesson_data("nfd")
    data["title"]["vi"] = unicodedata.normalize("NFD", "Đăng nhập")
    project.write_lesson("nfd", data)
    assert project.hocso("check").returncode == 0
    assert project.hocso("check", "--strict").returncode == 1


def test_github_annotations(project: Project) -> None:
    bad = lesson_data("gh")
    bad["level"] = "easy"
    path = project.write_lesson("gh", bad)
    result = project.hocso("check", "--format", "github")
    line = path.read_text(encoding="utf-8").splitlines().index("level: easy") + 1
    assert result.stdout.startswith(
        f"::error file=lessons/gh/lesson.yml,line={line},col=8,title=bad-choice::")
    assert "%0A" in result.stdout


def test_schema_command_writes_and_verifies(project: Project) -> None:
    assert project.hocso("schema", "--check").returncode == 1
    assert project.hocso("schema").returncode == 0
    schema = json.loads((project.lessons / "lesson.schema.json").read_text(encoding="utf-8"))
    assert "steps" in schema["required"]
    assert project.hocso("schema", "--check").returncode == 0


def test_missing_config_file_is_a_clear_message(project: Project) -> None:
    result = project.hocso("-f", "nope.yml", "check")
    assert result.returncode == 2 and "nope.yml" in result.stderr
