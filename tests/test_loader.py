"""The loader reports every contributor mistake with file, line, column and both languages."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml

from hocso.core.diagnostics import Diagnostic, Severity
from hocso.core.loader import LessonSettings, LoadResult, load_lessons

from lesson_factory import lesson_data
from sites import Project


def load(project: Project) -> LoadResult:
    return load_lessons(LessonSettings(project.lessons, project.screenshots))


def only(result: LoadResult, code: str) -> Diagnostic:
    found = [d for d in result.diagnostics if d.code == code]
    assert len(found) == 1, [d.format() for d in result.diagnostics]
    return found[0]


def dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_valid_lesson_loads_without_diagnostics(project: Project) -> None:
    project.write_lesson("ok-lesson")
    result = load(project)
    assert result.ok
    assert list(result.diagnostics) == []
    (lesson,) = result.lessons.lessons
    assert lesson.id == "ok-lesson"
    assert [s.number for s in lesson.steps] == [1, 2, 3]
    assert lesson.title.texts == {"vi": "Bài thử ok-lesson", "en": "Test lesson ok-lesson"}
    assert str(lesson.reviewed) == "2026-11-23"


def test_the_real_lessons_load_cleanly(repo: Path) -> None:
    result = load_lessons(LessonSettings(repo / "lessons", repo / "screenshots"))
    assert [d.format() for d in result.diagnostics] == []
    assert "install-vneid" in [lesson.id for lesson in result.lessons.lessons]


def test_unknown_key_suggests_the_right_one(project: Project) -> None:
    data = lesson_data("typo")
    data["titel"] = data.pop("title")
    path = project.write_lesson("typo", data)
    result = load(project)
    unknown = only(result, "unknown-key")
    assert unknown.location.path == path
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("titel:"))
    assert (unknown.location.line, unknown.location.column) == (line, 1)
    assert 'Did you mean "title"?' in unknown.message_en
    assert 'Có phải ý bạn là "title"?' in unknown.message_vi
    assert '"title"' in only(result, "missing-key").message_en
    assert not result.ok and result.lessons.lessons == ()


def test_wrong_type_names_field_and_line(project: Project) -> None:
    path = project.write_lesson("types", text=dump(lesson_data("types")).replace(
        "minutes: 15", "minutes: mười lăm"))
    diagnostic = only(load(project), "wrong-type")
    assert diagnostic.location.line == path.read_text(encoding="utf-8").splitlines().index(
        "minutes: mười lăm") + 1
    assert '"minutes"' in diagnostic.message_en and "mười lăm" in diagnostic.message_vi


def test_list_where_text_expected(project: Project) -> None:
    data = lesson_data("shape")
    data["title"] = ["vi", "en"]
    project.write_lesson("shape", data)
    diagnostic = only(load(project), "wrong-type")
    assert '"title"' in diagnostic.message_en and "a list" in diagnostic.message_en


def test_plain_text_where_translations_expected(project: Project) -> None:
    data = lesson_data("plain")
    data["summary"] = "Chỉ có tiếng Việt"
    project.write_lesson("plain", data)
    assert "vi:" in only(load(project), "not-localized").message_en


def test_missing_required_field(project: Project) -> None:
    data = lesson_data("nosteps")
    del data["steps"]
    project.write_lesson("nosteps", data)
    diagnostic = only(load(project), "missing-key")
    assert diagnostic.location.line == 2  # the lesson mapping starts after the comment line
    assert '"steps"' in diagnostic.message_en and '"steps"' in diagnostic.message_vi


def test_missing_required_language_is_an_error(project: Project) -> None:
    data = lesson_data("novi")
    del data["steps"][1]["title"]["vi"]
    project.write_lesson("novi", data)
    diagnostic = only(load(project), "missing-translation")
    assert "steps › 2 › title" in diagnostic.message_en


def test_unknown_language_suggests_a_configured_one(project: Project) -> None:
    data = lesson_data("lang")
    data["title"]["em"] = data["title"].pop("en")
    project.write_lesson("lang", data)
    assert 'Did you mean "en"?' in only(load(project), "unknown-language").message_en


def test_missing_optional_language_falls_back_with_a_note(project: Project) -> None:
    project.write_lesson("vi-only", lesson_data("vi-only", translated=False))
    result = load(project)
    assert result.ok
    note = only(result, "not-translated")
    assert note.severity is Severity.INFO
    (lesson,) = result.lessons.lessons
    resolved = lesson.title.resolve("en", "vi")
    assert resolved.fallback and resolved.lang == "vi"


def test_duplicate_id_and_folder_mismatch(project: Project) -> None:
    project.write_lesson("first", lesson_data("first"))
    path = project.write_lesson("second", lesson_data("first"))
    result = load(project)
    mismatch = only(result, "id-mismatch")
    duplicate = only(result, "duplicate-id")
    assert mismatch.location.path == duplicate.location.path == path
    assert "first/lesson.yml" in duplicate.message_en
    assert [lesson.id for lesson in result.lessons.lessons] == ["first"]


def test_unknown_topic(project: Project) -> None:
    project.write_lesson("topic", lesson_data("topic", topic="identty"))
    assert 'Did you mean "identity"?' in only(load(project), "unknown-topic").message_en


def test_missing_and_escaping_screenshots(project: Project) -> None:
    data = lesson_data("pics", steps=3, screenshot="pics/missing.png")
    data["steps"][1]["screenshot"] = {"src": "../lessons/topics.yml",
                                      "alt": {"vi": "a", "en": "b"}}
    project.write_lesson("pics", data)
    result = load(project)
    assert "screenshots/pics/missing.png" in only(result, "screenshot-missing").message_en
    assert only(result, "screenshot-outside").location.line > 0


def test_symlink_out_of_screenshots_is_refused(project: Project, tmp_path: Path) -> None:
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"not really")
    (project.screenshots / "link.png").symlink_to(outside)
    project.write_lesson("link", lesson_data("link", screenshot="link.png"))
    only(load(project), "screenshot-outside")


def test_corrupt_screenshot(project: Project) -> None:
    (project.screenshots / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\nbroken")
    project.write_lesson("broken", lesson_data("broken", screenshot="broken.png"))
    only(load(project), "screenshot-unreadable")


@pytest.mark.parametrize(
    ("content", "code", "line"),
    [
        (b"", "empty-file", 1),
        (b"# only a comment\n\n", "empty-file", 1),
        (b"- a\n- b\n", "not-a-mapping", 1),
        (b"just some words\n", "not-a-mapping", 1),
        (b"id: x\ntitle: \"Ti\xea\xf0\"\n", "not-utf8", 2),
        (b"id: x\n\ttopic: y\n", "yaml-syntax", 2),
        (b"id: x\ntitle: a: b\n", "yaml-syntax", 2),
        (b"id: x\ntitle: \"open\n", "yaml-syntax", 3),
        (b"id: x\n---\nid: y\n", "several-documents", 3),
        (b"id: x\nid: y\n", "duplicate-key", 2),
    ],
)
def test_broken_files_are_reported_not_raised(project: Project, content: bytes, code: str,
                                              line: int) -> None:
    project.write_lesson("broken", text=content)
    result = load(project)
    diagnostic = [d for d in result.diagnostics if d.code == code]
    assert diagnostic, [d.format() for d in result.diagnostics]
    assert diagnostic[0].location.line == line
    assert diagnostic[0].message_vi and diagnostic[0].message_en
    assert not result.ok


def test_nfd_text_is_normalised_and_reported(project: Project) -> None:
    data = lesson_data("nfd")
    data["title"]["vi"] = unicodedata.normalize("NFD", "Đăng nhập bằng VNeID")
    project.write_lesson("nfd", data)
    result = load(project)
    warning = only(result, "not-nfc")
    assert warning.severity is Severity.WARNING
    assert result.ok
    title = result.lessons.lessons[0].title.texts["vi"]
    assert title == "Đăng nhập bằng VNeID"
    assert unicodedata.is_normalized("NFC", title)


def test_yaml_typing_does_not_change_text(project: Project) -> None:
    data = lesson_data("norway")
    project.write_lesson("norway", text=dump(data).replace(
        "en: A smartphone.", "en: no"))
    result = load(project)
    assert result.ok
    assert result.lessons.lessons[0].needs[0].texts["en"] == "no"


def test_every_problem_in_every_file_is_reported_together(project: Project) -> None:
    bad = lesson_data("many")
    bad["minutes"] = "soon"
    bad["topic"] = "nowhere"
    bad["level"] = "easy"
    project.write_lesson("many", bad)
    project.write_lesson("empty", text="")
    project.write_lesson("fine")
    result = load(project)
    codes = sorted(d.code for d in result.diagnostics)
    assert codes == ["bad-choice", "empty-file", "unknown-topic", "wrong-type"]
    assert [lesson.id for lesson in result.lessons.lessons] == ["fine"]


def test_loader_never_writes_into_lessons_or_screenshots(project: Project) -> None:
    project.write_lesson("ok")
    data = lesson_data("nfd2")
    data["title"]["vi"] = unicodedata.normalize("NFD", "Bước một")
    project.write_lesson("nfd2", data)
    before = {p: p.read_bytes() for p in project.root.rglob("*") if p.is_file()}
    load(project)
    after = {p: p.read_bytes() for p in project.root.rglob("*") if p.is_file()}
    assert before == after


def test_folder_without_lesson_file(project: Project) -> None:
    (project.lessons / "draft").mkdir()
    only(load(project), "missing-lesson-file")


def test_topics_file_problems(project: Project) -> None:
    (project.lessons / "topics.yml").write_text(
        "topics:\n  - id: a\n    title: {vi: A}\n  - id: a\n    title: {vi: B}\n",
        encoding="utf-8")
    assert only(load(project), "duplicate-topic").location.line == 4


def test_second_load_reuses_parsed_files(project: Project) -> None:
    from hocso.core.loader import LessonLoader

    project.write_lesson("cached")
    loader = LessonLoader(LessonSettings(project.lessons, project.screenshots))
    first = loader.load()
    second = loader.load()
    assert first.lessons == second.lessons
    assert len(loader._memo) == 2  # topics.yml and one lesson, parsed once each


def test_volunteer_notes_and_platform_variants(project: Project) -> None:
    from sites import make_png

    make_png(project.screenshots / "a.png")
    data = lesson_data("variants")
    data["volunteer_notes"] = [{"vi": "Mang theo bộ sạc.", "en": "Bring a charger."}]
    data["steps"][0]["volunteer"] = {"vi": "Hay bấm nhầm.", "en": "Often mis-tapped."}
    data["steps"][1]["android"] = {"text": {"vi": "Chạm ba chấm.", "en": "Tap the dots."},
                                   "screenshot": {"src": "a.png", "alt": {"vi": "a", "en": "a"}}}
    data["steps"][1]["ios"] = {"text": {"vi": "Chạm Sửa.", "en": "Tap Edit."}}
    project.write_lesson("variants", data)
    result = load(project)
    assert result.ok, [d.format() for d in result.diagnostics]
    (lesson,) = result.lessons.lessons
    assert lesson.platforms == ["android", "ios"]
    assert lesson.volunteer_notes[0].texts["en"] == "Bring a charger."
    step = lesson.steps[1]
    assert [v.platform for v in step.variants] == ["android", "ios"]
    assert [picture_id for picture_id, _ in step.pictures()] == ["2-android"]


def test_unknown_platform_key_is_explained(project: Project) -> None:
    data = lesson_data("iphone")
    data["steps"][0]["iphone"] = {"text": {"vi": "x"}}
    project.write_lesson("iphone", data)
    assert "android, ios" in only(load(project), "unknown-key").message_en


def test_loader_reuses_its_result_only_while_nothing_changes(project: Project) -> None:
    import os

    from hocso.core.loader import LessonLoader

    from sites import make_png

    make_png(project.screenshots / "demo" / "phone.png")
    project.write_lesson("kept", lesson_data("kept", screenshot="demo/phone.png"))
    loader = LessonLoader(LessonSettings(project.lessons, project.screenshots))
    first = loader.load()
    assert first.ok and first.fingerprint
    assert loader.load() is first  # the other language's build: no work at all

    data = lesson_data("kept", screenshot="demo/phone.png")
    data["steps"][0]["text"]["vi"] = "Chạm nút **Mở**."
    project.write_lesson("kept", data)
    edited = loader.load()
    assert edited is not first
    assert edited.lessons.lessons[0].steps[0].text.texts["vi"] == "Chạm nút **Mở**."

    picture = project.screenshots / "demo" / "phone.png"
    stat = picture.stat()
    os.utime(picture, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert loader.load() is not edited  # a replaced screenshot is looked at again

    (project.lessons / "new-folder").mkdir()
    assert "missing-lesson-file" in [d.code for d in loader.load().diagnostics]


def test_nothing_in_the_cache_folder_is_read_back_as_a_lesson_model(
        project: Project, tmp_path: Path) -> None:
    """A branch can force-add any cache file: the model is always rebuilt from the YAML,
    and no stored result can run code (there is no pickle anywhere in the core)."""
    import hocso.core
    from hocso.core.loader import LessonLoader

    settings = LessonSettings(project.lessons, project.screenshots)
    cache = tmp_path / "cache"
    cache.mkdir()
    project.write_lesson("stored")
    (cache / "lessons.pickle").write_bytes(b"cos\nsystem\n(S'touch pwned'\ntR.")
    first = LessonLoader(settings, cache).load()
    assert first.ok
    assert sorted(p.name for p in cache.iterdir()) == ["lessons.pickle"]  # nothing written
    core = Path(hocso.core.__file__).parent
    assert not [p.name for p in core.glob("*.py") if "import pickle" in p.read_text()]


def test_adding_a_missing_screenshot_is_seen_by_a_reused_loader(project: Project,
                                                                tmp_path: Path) -> None:
    from hocso.core.loader import LessonLoader

    from sites import make_png

    project.write_lesson("needs-picture", lesson_data("needs-picture", screenshot="late.png"))
    loader = LessonLoader(LessonSettings(project.lessons, project.screenshots), tmp_path)
    assert "screenshot-missing" in [d.code for d in loader.load().diagnostics]
    make_png(project.screenshots / "late.png")
    assert loader.load().ok
    assert LessonLoader(LessonSettings(project.lessons, project.screenshots), tmp_path
                        ).load().ok
