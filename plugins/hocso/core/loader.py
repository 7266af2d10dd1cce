"""Read every lesson and topic, check them, and build the lesson model.

``load_lessons`` never raises on contributor input: it returns the lessons that are valid
and a list of every problem found, in every file, with file, line and column.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hocso.core.addresses import RECORD_FILE, Addresses
from hocso.core.cachekeys import code_digest
from hocso.core.cachetrust import report_tracked
from hocso.core.checks import (
    GLOSSARY_FILE,
    check_glossary_links,
    check_screenshot,
    report_translations,
)
from hocso.core.diagnostics import DiagnosticList, Location
from hocso.core.formats import GLOSSARY, LESSON, PUBLISHED, TOPICS
from hocso.core.lessonbuild import build_lesson
from hocso.core.lint import DEFAULT_ALLOWLIST, lint_lesson, lint_shared_texts
from hocso.core.model import (
    LEVELS,
    Lesson,
    LessonSet,
    LocalizedText,
    PublishedLesson,
    PublishedRecord,
    Term,
    Topic,
)
from hocso.core.spec import INVALID, Context, RecordValue, did_you_mean
from hocso.core.text import sort_key
from hocso.core.yamlsource import MappingNode, read_yaml

LESSON_FILE = "lesson.yml"
TOPICS_FILE = "topics.yml"


def screenshots_of(lessons: LessonSet) -> list[str]:
    """Every screenshot file the lessons use, relative to the screenshots folder."""
    return [src for lesson in lessons.lessons for step in lesson.steps
            for _, shot in step.pictures() for src in shot.src.texts.values()]



@dataclass(frozen=True)
class LessonSettings:
    """Where lessons live and which languages they are written in."""

    lessons_dir: Path
    screenshots_dir: Path
    languages: tuple[str, ...] = ("vi", "en")
    required_languages: frozenset[str] = frozenset({"vi"})
    # Domains links in lesson text may point to without a warning for reviewers.
    link_allowlist: tuple[str, ...] = DEFAULT_ALLOWLIST

    @property
    def default_language(self) -> str:
        return self.languages[0]


@dataclass(frozen=True)
class LoadResult:
    lessons: LessonSet
    diagnostics: DiagnosticList
    # Changes whenever any lesson, topic or referenced screenshot file changes: lets a
    # front end reuse work done for the same inputs (e.g. by the other language's build).
    fingerprint: str = ""

    @property
    def ok(self) -> bool:
        return not self.diagnostics.has_errors


@dataclass
class _Parsed:
    record: RecordValue | None
    diagnostics: DiagnosticList


@dataclass
class LessonLoader:
    """Loads lessons, remembering each file's result by the hash of its bytes.

    A site is built once per language; the second build reuses the first one's parsing.
    """

    settings: LessonSettings
    # The build's cache folder: nothing is read from it (rebuilding the model from the YAML
    # takes about 40 ms for the starter lessons, and a stored result could be crafted by a
    # branch), but git-tracked files in it are reported (see hocso.core.cachetrust).
    cache_dir: Path | None = None
    _memo: dict[tuple[Path, str, Any], _Parsed] = field(default_factory=dict)
    _last: tuple[str, LoadResult] | None = None

    def _parse(self, path: Path, record_spec: Any) -> _Parsed:
        project = self.settings.lessons_dir.resolve().parent
        try:
            inside = path.resolve().is_relative_to(project)
        except (OSError, RuntimeError):
            inside = False  # a link to itself
        if not inside:
            diagnostics = DiagnosticList()
            diagnostics.error(
                "outside-project", Location(path),
                "Tệp này là một liên kết (symlink) tới chỗ khác, ngoài dự án, nên không được "
                "đọc. Hãy thay liên kết bằng chính tệp bài học.",
                "This file is a link (symlink) to somewhere outside the project, so it is not "
                "read. Replace the link with the lesson file itself.")
            return _Parsed(None, diagnostics)
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            digest = ""
        key = (path, digest, id(record_spec))
        if digest and key in self._memo:
            return self._memo[key]
        diagnostics = DiagnosticList()
        document = read_yaml(path, diagnostics)
        record: RecordValue | None = None
        if document is not None and not isinstance(document.root, MappingNode):
            diagnostics.error(
                "not-a-mapping",
                document.location(document.root),
                "Tệp phải gồm các mục dạng \"tên: giá trị\" (id:, title:, steps: …), nhưng tệp "
                "này bắt đầu bằng một danh sách hoặc một dòng chữ. Hãy xem bài mẫu trong "
                "CONTRIBUTING.md.",
                "The file must be made of \"key: value\" entries (id:, title:, steps: …), but "
                "this file is a list or a single text. See the example lesson in "
                "CONTRIBUTING.md.",
            )
        elif document is not None:
            ctx = Context(document, diagnostics, self.settings.languages,
                          self.settings.required_languages)
            value = record_spec.convert(document.root, ctx, "")
            record = None if value is INVALID else value
        parsed = _Parsed(record, diagnostics)
        if digest:
            self._memo[key] = parsed
        return parsed

    def load(self) -> LoadResult:
        """Every lesson, checked; the previous result again if no input has changed."""
        if self._last is not None and self._unchanged_since(self._last[1]):
            return self._last[1]
        result = self._load()
        self._last = (result.fingerprint, result)
        return result

    def _unchanged_since(self, result: LoadResult) -> bool:
        # A result with errors left lessons out, and the screenshots of those are not in its
        # signature: adding a missing one must be seen, so such a result is never reused.
        return result.ok and bool(result.fingerprint) and (
            self._signature(screenshots_of(result.lessons)) == result.fingerprint)

    def _signature(self, screenshots: Sequence[str]) -> str:
        """A hash of every lesson folder, lesson file, topic and glossary file (by content),
        of the given screenshots (by size and time), of the settings and of the code."""
        lessons_dir = self.settings.lessons_dir
        digest = hashlib.sha256(f"{code_digest()}\0{self.settings!r}\0".encode())
        try:
            folders = sorted(p for p in lessons_dir.iterdir() if p.is_dir())
            for path in [lessons_dir / TOPICS_FILE, lessons_dir / GLOSSARY_FILE,
                         lessons_dir / RECORD_FILE,
                         *(folder / LESSON_FILE for folder in folders)]:
                content = path.read_bytes() if path.is_file() else b"-"
                digest.update(f"{path}\0".encode() + hashlib.sha256(content).digest())
            for src in screenshots:
                stat = (self.settings.screenshots_dir / src).stat()
                digest.update(f"{src}:{stat.st_mtime_ns}:{stat.st_size}\0".encode())
        except OSError:
            return ""
        return digest.hexdigest()

    def _load(self) -> LoadResult:
        settings = self.settings
        diagnostics = DiagnosticList()
        if not settings.lessons_dir.is_dir():
            diagnostics.error(
                "no-lessons-dir",
                Location(settings.lessons_dir),
                "Không tìm thấy thư mục bài học.",
                "The lessons folder does not exist.",
            )
            return LoadResult(LessonSet((), ()), diagnostics)

        if self.cache_dir is not None:
            report_tracked(self.cache_dir, diagnostics)
        topics = self._load_topics(diagnostics)
        glossary = self._load_glossary(diagnostics)
        # Trust (issue 13): topic and glossary texts follow lesson text's no-HTML rule.
        diagnostics.extend(lint_shared_texts(topics, glossary, Location(settings.lessons_dir)))
        lessons: list[Lesson] = []
        seen_ids: dict[str, Lesson] = {}
        for folder in sorted(p for p in settings.lessons_dir.iterdir() if p.is_dir()):
            if folder.name.startswith((".", "_")):
                diagnostics.info(
                    "folder-skipped", Location(folder),
                    "Thư mục bắt đầu bằng '.' hoặc '_' nên không được xem là bài học và bị bỏ "
                    "qua. Nếu đây là một bài, hãy đổi tên thư mục cho trùng mã bài.",
                    "The folder starts with '.' or '_', so it is not treated as a lesson and is "
                    "skipped. If it is a lesson, rename the folder to the lesson id.")
                continue
            path = folder / LESSON_FILE
            if not path.is_file():
                diagnostics.error(
                    "missing-lesson-file",
                    Location(folder),
                    f"Thư mục bài học không có tệp {LESSON_FILE}.",
                    f"The lesson folder has no {LESSON_FILE} file.",
                )
                continue
            parsed = self._parse(path, LESSON)
            diagnostics.extend(parsed.diagnostics)
            if parsed.record is None:
                continue
            checked = self._check_lesson(parsed.record, folder, topics, seen_ids, diagnostics)
            if not checked or parsed.diagnostics.has_errors:
                continue
            lesson = build_lesson(path, parsed.record)
            if not check_glossary_links(lesson, glossary, diagnostics):
                continue
            content = lint_lesson(lesson, settings.link_allowlist)
            diagnostics.extend(content)
            if content.has_errors:
                continue
            seen_ids[lesson.id] = lesson
            lessons.append(lesson)
            report_translations(lesson, parsed.record, settings.languages,
                                settings.required_languages, diagnostics)

        order = {topic.id: topic.order for topic in topics}
        lessons.sort(key=lambda les: (order.get(les.topic, 0), LEVELS.index(les.level),
                                      sort_key(les.title.texts[settings.default_language])))
        record = self._load_record(diagnostics)
        # A lesson left out by its errors would look like a stranded address: the record is
        # compared with the lessons once they all load.
        Addresses(lessons, record).check(diagnostics, complete=not diagnostics.has_errors)
        lesson_set = LessonSet(tuple(topics), tuple(lessons), tuple(glossary), record)
        return LoadResult(lesson_set, diagnostics, self._signature(screenshots_of(lesson_set)))

    def _load_topics(self, diagnostics: DiagnosticList) -> list[Topic]:
        path = self.settings.lessons_dir / TOPICS_FILE
        if not path.is_file():
            diagnostics.error(
                "missing-topics-file",
                Location(path),
                f"Thiếu tệp {TOPICS_FILE} liệt kê các chủ đề.",
                f"The {TOPICS_FILE} file that lists the topics is missing.",
            )
            return []
        parsed = self._parse(path, TOPICS)
        diagnostics.extend(parsed.diagnostics)
        if parsed.record is None:
            return []
        topics: list[Topic] = []
        seen: set[str] = set()
        for order, item in enumerate(parsed.record.get("topics", [])):
            if "id" not in item.values or "title" not in item.values:
                continue  # its problem is already reported
            topic_id = item.values["id"]
            if topic_id in seen:
                diagnostics.error(
                    "duplicate-topic",
                    item.locations["id"],
                    f'Chủ đề "{topic_id}" được khai báo hai lần.',
                    f'The topic "{topic_id}" is declared twice.',
                )
                continue
            seen.add(topic_id)
            topics.append(Topic(topic_id, item.values["title"], item.get("summary"), order))
        return topics

    def _load_record(self, diagnostics: DiagnosticList) -> PublishedRecord:
        path = self.settings.lessons_dir / RECORD_FILE
        if not path.is_file():
            return PublishedRecord(path=path)
        parsed = self._parse(path, PUBLISHED)
        diagnostics.extend(parsed.diagnostics)
        if parsed.record is None:
            return PublishedRecord(exists=True, path=path)
        found: list[PublishedLesson] = []
        for item in parsed.record.get("lessons", []):
            if "id" in item.values:
                found.append(PublishedLesson(item.values["id"], tuple(item.get("steps", [])),
                                             tuple(item.get("numbered", [])), item.location))
        return PublishedRecord(tuple(found), True, path)

    def _load_glossary(self, diagnostics: DiagnosticList) -> list[Term]:
        path = self.settings.lessons_dir / GLOSSARY_FILE
        if not path.is_file():
            return []
        parsed = self._parse(path, GLOSSARY)
        diagnostics.extend(parsed.diagnostics)
        if parsed.record is None:
            return []
        terms: list[Term] = []
        for item in parsed.record.get("terms", []):
            if "id" not in item.values or "term" not in item.values \
                    or "definition" not in item.values:
                continue
            if any(term.id == item.values["id"] for term in terms):
                diagnostics.error(
                    "duplicate-term", item.locations["id"],
                    f'Thuật ngữ "{item.values["id"]}" được khai báo hai lần.',
                    f'The term "{item.values["id"]}" is declared twice.')
                continue
            terms.append(Term(item.values["id"], item.values["term"], item.values["definition"]))
        return terms

    def _check_lesson(
        self,
        record: RecordValue,
        folder: Path,
        topics: Sequence[Topic],
        seen_ids: dict[str, Lesson],
        diagnostics: DiagnosticList,
    ) -> bool:
        """Checks that need more than the file itself: folder, other lessons, topics, images.

        They run on whatever parts of the file are valid, so a contributor sees these
        problems together with the file's own.
        """
        ok = True
        lesson_id = record.get("id")
        if lesson_id is not None and lesson_id != folder.name:
            diagnostics.error(
                "id-mismatch",
                record.locations["id"],
                f'Mã bài "{lesson_id}" phải trùng tên thư mục "{folder.name}". Hãy sửa một '
                "trong hai cho giống nhau.",
                f'The lesson id "{lesson_id}" must match its folder name "{folder.name}". '
                "Change one of them so they are the same.",
            )
            ok = False
        if lesson_id in seen_ids:
            first = seen_ids[lesson_id].location.display()
            diagnostics.error(
                "duplicate-id",
                record.locations["id"],
                f'Mã bài "{lesson_id}" đã được dùng ở {first}. Mỗi bài cần một mã riêng.',
                f'The lesson id "{lesson_id}" is already used in {first}. Each lesson needs '
                "its own id.",
            )
            ok = False
        topic = record.get("topic")
        topic_ids = [t.id for t in topics]
        if topic is not None and topics and topic not in topic_ids:
            hint_vi, hint_en = did_you_mean(topic, topic_ids)
            diagnostics.error(
                "unknown-topic",
                record.locations["topic"],
                f'Chủ đề "{topic}" không có trong lessons/{TOPICS_FILE}.{hint_vi} '
                f"(Các chủ đề: {', '.join(topic_ids)}.)",
                f'The topic "{topic}" is not in lessons/{TOPICS_FILE}.{hint_en} '
                f"(Topics: {', '.join(topic_ids)}.)",
            )
            ok = False
        for question in record.get("self_check", []):
            choices, answer = question.get("choices"), question.get("answer")
            if choices is not None and answer is not None and answer > len(choices):
                diagnostics.error(
                    "bad-answer", question.locations["answer"],
                    f"Đáp án {answer} không có: câu hỏi chỉ có {len(choices)} lựa chọn.",
                    f"Answer {answer} does not exist: the question has only {len(choices)} "
                    "choices.")
                ok = False
        if not _check_step_ids(record.get("steps", []), diagnostics):
            ok = False
        for step in record.get("steps", []):
            shots = [step.get("screenshot")] + [
                variant.get("screenshot") for variant in
                (step.get("android"), step.get("ios")) if variant is not None]
            for shot in shots:
                if shot is not None and not check_screenshot(
                        shot, self.settings.screenshots_dir, diagnostics):
                    ok = False
        return ok


def _check_step_ids(steps: Sequence[RecordValue], diagnostics: DiagnosticList) -> bool:
    """Within a lesson, each step id and old id (``aliases``) names one step."""
    ok = True
    seen: dict[str, int] = {}
    for number, step in enumerate(steps, start=1):
        names = [(step.get("id"), step.locations.get("id"))]
        names += [(alias, step.locations.get("aliases")) for alias in step.get("aliases", [])]
        for name, location in names:
            if name is None or location is None:
                continue
            first = seen.get(name)
            if first is None:
                seen[name] = number
                continue
            ok = False
            diagnostics.error(
                "duplicate-step-id", location,
                f'Mã "{name}" đã dùng cho bước {first}. Mỗi bước cần một mã riêng, và một mã cũ '
                "(aliases) chỉ thuộc về một bước.",
                f'The id "{name}" is already used by step {first}. Each step needs its own id, '
                "and an old id (aliases) belongs to one step only.")
    return ok


def load_lessons(settings: LessonSettings) -> LoadResult:
    """Load and check every lesson under ``settings.lessons_dir``."""
    return LessonLoader(settings).load()


__all__ = [
    "LESSON_FILE",
    "TOPICS_FILE",
    "LessonLoader",
    "LessonSettings",
    "LoadResult",
    "LocalizedText",
    "load_lessons",
]
