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


def test_new_scaffolds_a_lesson_that_fails_until_filled_in(project: Project) -> None:
    result = project.hocso("new", "pay-water-bill")
    assert result.returncode == 0, result.stderr
    lesson = project.lessons / "pay-water-bill" / "lesson.yml"
    assert lesson.is_file() and (project.screenshots / "pay-water-bill").is_dir()
    text = lesson.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../lesson.schema.json")
    for key in ("topic:", "title:", "summary:", "needs:", "steps:", "safety:", "self_check:",
                "volunteer_notes:", "sources:", "reviewed:", "app_versions:"):
        assert key in text
    check = project.hocso("check")
    assert check.returncode == 1
    assert check.stdout.count("[placeholder]") >= 20
    assert '"title › vi"' in check.stdout and '"topic"' in check.stdout


def test_new_never_overwrites_and_rejects_bad_ids(project: Project) -> None:
    assert project.hocso("new", "once").returncode == 0
    lesson = project.lessons / "once" / "lesson.yml"
    lesson.write_text("my work", encoding="utf-8")
    again = project.hocso("new", "once")
    assert again.returncode == 1 and "overwritten" in again.stderr
    assert lesson.read_text(encoding="utf-8") == "my work"
    for bad in ("Bài-Mới", "has space", "UPPER", "dash-", "a--b"):
        result = project.hocso("new", bad)
        assert result.returncode == 2 and "not valid" in result.stderr, bad
        assert not (project.lessons / bad).exists()


def test_check_can_report_only_the_files_asked_about(project: Project) -> None:
    bad = lesson_data("bad-one")
    bad["minutes"] = "ten"
    project.write_lesson("bad-one", bad)
    project.write_lesson("good-one")
    only_good = project.hocso("check", str(project.lessons / "good-one"))
    assert only_good.returncode == 0 and "bad-one" not in only_good.stdout
    only_bad = project.hocso("check", str(project.lessons / "bad-one" / "lesson.yml"))
    assert only_bad.returncode == 1 and "lessons/bad-one/lesson.yml:" in only_bad.stdout
