"""Issue 13: no input, however hostile, gives a traceback, runs code or escapes the project.

Every case ends in a plain bilingual diagnostic with its file and line, or a plain message
from the ``hocso`` command.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from hocso.core.diagnostics import Diagnostic, printable
from hocso.core.limits import (
    MAX_IMAGE_ASPECT,
    MAX_IMAGE_SIDE,
    MAX_ITEMS,
    MAX_NODES,
    MAX_STEPS,
    MAX_TEXT_CHARS,
    MAX_TITLE_CHARS,
)
from hocso.core.loader import LessonSettings, LoadResult, load_lessons
from hocso_tools.cli import main

from lesson_factory import lesson_data
from sites import Project, make_png


def load(project: Project) -> LoadResult:
    return load_lessons(LessonSettings(project.lessons, project.screenshots))


def found(result: LoadResult, code: str) -> Diagnostic:
    matches = [d for d in result.diagnostics if d.code == code]
    assert matches, [d.format() for d in result.diagnostics]
    assert all(d.location.line > 0 for d in matches), [d.format() for d in matches]
    return matches[0]


def line_of(path: Path, needle: str) -> int:
    return next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if needle in text)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- topics ---------------------------------------------------------------------------------

def test_a_topic_title_written_as_plain_text(project: Project) -> None:
    topics = project.lessons / "topics.yml"
    edit(topics, "    title:\n      vi: Định danh điện tử\n      en: Electronic identity",
         "    title: Định danh điện tử")
    project.write_lesson("a-lesson")
    problem = found(load(project), "not-localized")
    assert problem.location.path == topics
    assert problem.location.line == line_of(topics, "title: Định danh điện tử")


def test_an_invalid_topic_id(project: Project) -> None:
    topics = project.lessons / "topics.yml"
    edit(topics, "id: identity", "id: Bad Id")
    project.write_lesson("a-lesson")
    assert found(load(project), "bad-format").location.line == line_of(topics, "id: Bad Id")


def test_a_misspelt_topics_key(project: Project) -> None:
    topics = project.lessons / "topics.yml"
    edit(topics, "topics:", "topicz:")
    project.write_lesson("a-lesson")
    result = load(project)
    assert found(result, "unknown-key").location.line == line_of(topics, "topicz:")
    found(result, "missing-key")


# --- screenshots ----------------------------------------------------------------------------

@pytest.mark.parametrize("src", ["demo/a\0b.png", "demo/a\x1b[2Jb.png"])
def test_control_characters_in_a_screenshot_path(project: Project, src: str) -> None:
    path = project.write_lesson("a-lesson", lesson_data("a-lesson", screenshot=src))
    problem = found(load(project), "control-character")
    assert problem.location.path == path
    assert "\x1b" not in problem.format() and "\0" not in problem.format()


def test_a_300_character_screenshot_name(project: Project) -> None:
    src = "demo/" + "x" * 300 + ".png"
    project.write_lesson("a-lesson", lesson_data("a-lesson", screenshot=src))
    problem = found(load(project), "screenshot-bad-name")
    assert len(problem.message_en) < 400


def test_a_screenshot_that_links_to_itself(project: Project) -> None:
    (project.screenshots / "demo").mkdir(parents=True)
    os.symlink("loop.png", project.screenshots / "demo" / "loop.png")
    project.write_lesson("a-lesson", lesson_data("a-lesson", screenshot="demo/loop.png"))
    found(load(project), "screenshot-missing")


@pytest.mark.parametrize("size", [(MAX_IMAGE_SIDE + 1, 400), (30 * MAX_IMAGE_ASPECT + 1, 30)])
def test_screenshot_dimensions_are_limited(project: Project, size: tuple[int, int]) -> None:
    make_png(project.screenshots / "demo" / "odd.png", size=size)
    project.write_lesson("a-lesson", lesson_data("a-lesson", screenshot="demo/odd.png"))
    problem = found(load(project), "screenshot-dimensions")
    assert f"{size[0]} x {size[1]}" in problem.message_en


# --- numbers, text and sizes ----------------------------------------------------------------

def test_a_5000_digit_number_of_minutes(project: Project) -> None:
    path = project.write_lesson("a-lesson")
    edit(path, "minutes: 15", "minutes: " + "9" * 5000)
    problem = found(load(project), "out-of-range")
    assert problem.location.line == line_of(path, "minutes:")
    assert "5000 digits" in problem.message_en and "999" not in problem.message_en


def test_a_5000_digit_mark_coordinate(project: Project) -> None:
    make_png(project.screenshots / "demo" / "phone.png")
    data = lesson_data("a-lesson", screenshot="demo/phone.png")
    data["steps"][0]["screenshot"]["highlights"] = [{"box": [1, 2, 3, 4]}]
    path = project.write_lesson("a-lesson", data)
    edit(path, "[1, 2, 3, 4]", "[" + "9" * 5000 + ", 2, 3, 4]")
    problem = found(load(project), "bad-coordinates")
    assert problem.location.line == line_of(path, "box:")


def test_a_raw_control_character_is_reported_by_line_and_column(project: Project) -> None:
    path = project.write_lesson("a-lesson")
    line = line_of(path, "Bước thử số 2")
    text = path.read_text(encoding="utf-8").replace("Bước thử số 2", "Bước \x1b[31mthử")
    path.write_text(text, encoding="utf-8")
    problem = found(load(project), "control-character")
    column = text.splitlines()[line - 1].index("\x1b") + 1
    assert (problem.location.line, problem.location.column) == (line, column)
    assert "\\x1b" in problem.message_en and "\x1b" not in problem.format()


def test_an_escaped_control_character_in_a_value(project: Project) -> None:
    path = project.write_lesson("a-lesson")
    edit(path, "vi: Bước thử số 2", 'vi: "Bước \\e]0;owned\\a thử"')
    problem = found(load(project), "control-character")
    assert problem.location.line == line_of(path, "owned")


def test_values_echoed_in_messages_are_terminal_safe(project: Project) -> None:
    path = project.write_lesson("a-lesson")
    edit(path, "level: basic", 'level: "bas\\eic"')
    edit(path, "title:", '"ti\\e[2Jtle": x\ntitle:')
    for diagnostic in load(project).diagnostics:
        assert "\x1b" not in diagnostic.format()
    assert printable("a\x1b[31m\n") == "a\\x1b[31m\\n"


def test_too_many_steps_items_and_characters(project: Project) -> None:
    data = lesson_data("a-lesson", steps=MAX_STEPS + 1)
    data["needs"] = [{"vi": f"Thứ {n}", "en": f"Thing {n}"} for n in range(MAX_ITEMS + 1)]
    data["title"]["vi"] = "T" * (MAX_TITLE_CHARS + 1)
    project.write_lesson("a-lesson", data)
    result = load(project)
    codes = [d.code for d in result.diagnostics]
    assert codes.count("too-many-items") == 2  # steps and needs
    assert codes.count("text-too-long") == 1  # the title
    assert not result.lessons.lessons

    data = lesson_data("a-lesson", steps=MAX_STEPS)
    data["steps"][0]["text"]["vi"] = "a " * MAX_TEXT_CHARS
    project.write_lesson("a-lesson", data)
    assert [d.code for d in load(project).diagnostics] == ["text-too-long"]


def test_aliases_are_counted_as_if_written_out(project: Project) -> None:
    data = lesson_data("a-lesson")
    step = yaml.safe_dump(data["steps"][0], allow_unicode=True, default_flow_style=True)
    path = project.write_lesson("a-lesson")
    text = path.read_text(encoding="utf-8")
    text += "x-step: &s " + step.strip() + "\nx-many: [" + ", ".join(["*s"] * MAX_NODES) + "]\n"
    path.write_text(text, encoding="utf-8")
    problem = found(load(project), "too-many-values")
    assert problem.location.path == path


def test_deep_nesting(project: Project) -> None:
    path = project.write_lesson("a-lesson")
    path.write_text(path.read_text(encoding="utf-8") + "deep: " + "[" * 500 + "]" * 500 + "\n",
                    encoding="utf-8")
    found(load(project), "too-deep")


# --- files outside the project, skipped folders ---------------------------------------------

def test_a_lesson_file_linking_outside_the_project(project: Project, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yml"
    secret.write_text("id: top-secret-value\n", encoding="utf-8")
    (project.lessons / "linked").mkdir()
    os.symlink(secret, project.lessons / "linked" / "lesson.yml")
    result = load(project)
    problem = next(d for d in result.diagnostics if d.code == "outside-project")
    assert problem.location.path == project.lessons / "linked" / "lesson.yml"
    assert "top-secret-value" not in "".join(d.format() for d in result.diagnostics)


def test_a_skipped_folder_is_reported(project: Project) -> None:
    project.write_lesson("_draft")
    (skipped,) = [d for d in load(project).diagnostics if d.code == "folder-skipped"]
    assert skipped.location.path.name == "_draft"


# --- the hocso command ----------------------------------------------------------------------

def hocso(project: Project, *args: str) -> int:
    return main(["-f", str(project.root / "mkdocs.yml"), *args])


def test_new_with_a_300_character_id(project: Project,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert hocso(project, "new", "a" * 300) == 2
    assert "not valid" in capsys.readouterr().err
    assert list(project.lessons.iterdir()) == [project.lessons / "topics.yml"]


def test_preview_annotations_into_an_unwritable_folder(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    make_png(project.screenshots / "demo" / "phone.png")
    project.write_lesson("a-lesson", lesson_data("a-lesson", screenshot="demo/phone.png"))
    assert hocso(project, "preview-annotations", "a-lesson", "--out", "/proc/x") == 1
    assert "cannot write the previews" in capsys.readouterr().err


def test_translated_with_a_step_that_does_not_exist(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    path = project.write_lesson("a-lesson")
    before = path.read_bytes()
    assert hocso(project, "translated", "a-lesson", "--lang", "en", "--step", "999") == 2
    assert "steps 1 to 3 only, not 999" in capsys.readouterr().err
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", ["../escaped.png", "/tmp/escaped.png", "sub/../../x.png"])
def test_mock_screens_writes_only_in_the_lesson_folder(
        project: Project, capsys: pytest.CaptureFixture[str], name: str) -> None:
    folder = project.screenshots / "a-lesson"
    folder.mkdir(parents=True)
    (folder / "screens.yml").write_text(
        f"screens:\n  - file: {name}\n    elements: []\n", encoding="utf-8")
    assert hocso(project, "mock-screens", "a-lesson") == 1
    assert "inside the a-lesson/ folder" in capsys.readouterr().err
    assert not (project.screenshots / "escaped.png").exists()
    assert not Path("/tmp/escaped.png").exists()


def test_mock_screens_refuses_a_lesson_id_with_a_path(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert hocso(project, "mock-screens", "../lessons") == 2
    assert "not valid" in capsys.readouterr().err


def test_the_limits_are_documented_in_both_languages(repo: Path) -> None:
    from hocso.core import limits

    text = (repo / "CONTRIBUTING.md").read_text(encoding="utf-8")
    vi, en = text.split("#### Limits")
    for name in dir(limits):
        if name.startswith("MAX_"):
            value = getattr(limits, name)
            shown = value // 1024 if name == "MAX_FILE_BYTES" else value
            assert f"{shown:,}".replace(",", " ") in vi, name
            assert f"{shown:,}" in en, name


def test_a_folder_name_cannot_inject_a_github_workflow_command(project: Project) -> None:
    from hocso_tools.cli import _github_annotation

    folder = project.lessons / "x\n::error file=a::forged,y"
    folder.mkdir()
    result = load(project)
    (problem,) = [d for d in result.diagnostics if d.code == "missing-lesson-file"]
    line = _github_annotation(problem, project.root)
    assert "\n" not in line and line.count("::") == 2
