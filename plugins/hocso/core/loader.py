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

from hocso.core.diagnostics import DiagnosticList, Location
from hocso.core.formats import GLOSSARY, LESSON, TOPICS
from hocso.core.images import ImageInfo, ImageProblem, inspect_image
from hocso.core.lint import DEFAULT_ALLOWLIST, lint_lesson
from hocso.core.model import (
    LEVELS,
    PLATFORMS,
    Annotations,
    AppVersion,
    Arrow,
    Badge,
    Highlight,
    Lesson,
    LessonSet,
    LocalizedText,
    Question,
    Redaction,
    Screenshot,
    Source,
    Step,
    Term,
    Topic,
    Variant,
)
from hocso.core.spec import INVALID, Context, RecordValue, did_you_mean
from hocso.core.text import glossary_ids, sort_key
from hocso.core.translation import LESSON_UNIT, lesson_status
from hocso.core.yamlsource import MappingNode, read_yaml

LESSON_FILE = "lesson.yml"
TOPICS_FILE = "topics.yml"
GLOSSARY_FILE = "glossary.yml"



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
    _memo: dict[tuple[Path, str, Any], _Parsed] = field(default_factory=dict)
    _seen: list[str] = field(default_factory=list)

    def _parse(self, path: Path, record_spec: Any) -> _Parsed:
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            digest = ""
        self._seen.append(f"{path}:{digest}")
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
        self._seen = []
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

        topics = self._load_topics(diagnostics)
        glossary = self._load_glossary(diagnostics)
        lessons: list[Lesson] = []
        seen_ids: dict[str, Lesson] = {}
        for folder in sorted(p for p in settings.lessons_dir.iterdir() if p.is_dir()):
            if folder.name.startswith((".", "_")):
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
            lesson = _build_lesson(path, parsed.record)
            if not _check_glossary_links(lesson, glossary, diagnostics):
                continue
            content = lint_lesson(lesson, settings.link_allowlist)
            diagnostics.extend(content)
            if content.has_errors:
                continue
            seen_ids[lesson.id] = lesson
            lessons.append(lesson)
            self._report_untranslated(lesson, diagnostics)
            self._report_outdated(lesson, parsed.record, diagnostics)

        order = {topic.id: topic.order for topic in topics}
        lessons.sort(key=lambda les: (order.get(les.topic, 0), LEVELS.index(les.level),
                                      sort_key(les.title.texts[settings.default_language])))
        for lesson in lessons:
            for step in lesson.steps:
                if step.screenshot is not None:
                    for src in step.screenshot.src.texts.values():
                        stat = (settings.screenshots_dir / src).stat()
                        self._seen.append(f"{src}:{stat.st_mtime_ns}:{stat.st_size}")
        fingerprint = hashlib.sha256("\n".join(self._seen).encode()).hexdigest()
        return LoadResult(LessonSet(tuple(topics), tuple(lessons), tuple(glossary)), diagnostics,
                          fingerprint)

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
        for order, item in enumerate(parsed.record.values["topics"]):
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
        for step in record.get("steps", []):
            shots = [step.get("screenshot")] + [
                variant.get("screenshot") for variant in
                (step.get("android"), step.get("ios")) if variant is not None]
            for shot in shots:
                if shot is not None and not self._check_screenshot(shot, diagnostics):
                    ok = False
        return ok

    def _check_screenshot(self, shot: RecordValue, diagnostics: DiagnosticList) -> bool:
        """Every image of a step (one per language at most) exists, is safe and fits its marks."""
        src = shot.get("src")
        if src is None:
            return False
        ok = True
        for path in dict.fromkeys(src.texts.values()):
            info = self._check_image_file(path, shot.locations["src"], diagnostics)
            if info is None or not _check_bounds(shot, path, info, diagnostics):
                ok = False
        return ok

    def _check_image_file(self, src: str, location: Location,
                          diagnostics: DiagnosticList) -> ImageInfo | None:
        root = self.settings.screenshots_dir.resolve()
        relative = Path(src)
        candidate = (root / relative).resolve()
        if relative.is_absolute() or ".." in relative.parts or not candidate.is_relative_to(root):
            diagnostics.error(
                "screenshot-outside",
                location,
                f'Ảnh "{src}" phải nằm trong thư mục screenshots/. Hãy ghi đường dẫn tính '
                "từ thư mục đó, ví dụ install-vneid/01.png.",
                f'The picture "{src}" must be inside the screenshots/ folder. Write the '
                "path from that folder, e.g. install-vneid/01.png.",
            )
            return None
        if not candidate.is_file():
            diagnostics.error(
                "screenshot-missing",
                location,
                f'Không tìm thấy ảnh "screenshots/{src}". Hãy kiểm tra tên tệp (phân biệt '
                "chữ hoa, chữ thường) và chắc chắn ảnh đã được thêm vào.",
                f'The picture "screenshots/{src}" was not found. Check the file name '
                "(upper and lower case matter) and that the picture was added.",
            )
            return None
        try:
            return inspect_image(candidate)
        except ImageProblem as problem:
            diagnostics.error(problem.code, location, f'"screenshots/{src}": {problem.vi}',
                              f'"screenshots/{src}": {problem.en}')
            return None

    def _report_outdated(self, lesson: Lesson, record: RecordValue,
                         diagnostics: DiagnosticList) -> None:
        default = self.settings.default_language
        steps = record.get("steps", [])
        for lang in self.settings.languages[1:]:
            status = lesson_status(lesson, lang, default)
            records_some = lang in lesson.translated_from or any(
                lang in step.translated_from for step in lesson.steps)
            # A lesson that records no stamps at all is listed on the translation status page;
            # one that records some but not all has probably forgotten a step.
            if status.unrecorded and records_some:
                diagnostics.info(
                    "translation-unrecorded", lesson.location,
                    f'Bài chưa ghi bản "{lang}" được dịch từ bản tiếng Việt nào, nên không biết '
                    f"khi nào cần dịch lại. Chạy `hocso translated {lesson.id} --lang {lang}`.",
                    f'The lesson does not record which source text its "{lang}" translation was '
                    "made from, so nobody can tell when it needs updating. Run `hocso "
                    f"translated {lesson.id} --lang {lang}`.")
            for key in status.outdated:
                if key == LESSON_UNIT:
                    where_vi, where_en, location = "Phần chung của bài", "The lesson's own texts", \
                        record.locations.get("translated_from", lesson.location)
                else:
                    number = int(key.removeprefix("step-"))
                    step = steps[number - 1]
                    where_vi, where_en = f"Bước {number}", f"Step {number}"
                    location = step.locations.get("translated_from", step.location)
                diagnostics.warning(
                    "translation-outdated", location,
                    f'{where_vi}: bản "{lang}" được dịch từ bản tiếng Việt cũ. Hãy cập nhật bản '
                    f"dịch rồi chạy `hocso translated {lesson.id} --lang {lang}`.",
                    f'{where_en}: the "{lang}" text was translated from an older source text. '
                    f"Update the translation, then run `hocso translated {lesson.id} --lang "
                    f"{lang}`.")

    def _report_untranslated(self, lesson: Lesson, diagnostics: DiagnosticList) -> None:
        for lang in self.settings.languages:
            if lang in self.settings.required_languages:
                continue
            missing = lesson.untranslated(lang)
            if missing:
                first = missing[0].location or lesson.location
                diagnostics.info(
                    "not-translated",
                    first,
                    f'Bài chưa dịch xong sang "{lang}": còn {len(missing)} mục. Trang "{lang}" '
                    "sẽ hiện các mục này bằng tiếng Việt, kèm thông báo cho người đọc.",
                    f'The lesson is not fully translated into "{lang}": {len(missing)} text(s) '
                    f'are missing. The "{lang}" page shows them in Vietnamese, with a notice '
                    "for readers.",
                )


def _check_glossary_links(lesson: Lesson, glossary: Sequence[Term],
                          diagnostics: DiagnosticList) -> bool:
    """Every ``[word](glossary:id)`` link must name a term of lessons/glossary.yml."""
    known = [term.id for term in glossary]
    ok = True
    for text in lesson.texts():
        for value in text.texts.values():
            for term_id in glossary_ids(value):
                if term_id in known:
                    continue
                hint_vi, hint_en = did_you_mean(term_id, known)
                diagnostics.error(
                    "unknown-term", text.location or lesson.location,
                    f'Liên kết "glossary:{term_id}" trỏ tới thuật ngữ không có trong '
                    f"lessons/{GLOSSARY_FILE}.{hint_vi}",
                    f'The link "glossary:{term_id}" names a term that is not in '
                    f"lessons/{GLOSSARY_FILE}.{hint_en}")
                ok = False
    return ok


_MARKS = (("highlights", "box"), ("redact", "box"), ("arrows", "from"), ("arrows", "to"),
          ("badges", "at"))


def _check_bounds(shot: RecordValue, src: str, info: ImageInfo,
                  diagnostics: DiagnosticList) -> bool:
    """Every mark must lie inside the picture, or it would be drawn or redact nothing."""
    ok = True
    for list_key, coord_key in _MARKS:
        for mark in shot.get(list_key, []):
            coords = mark.get(coord_key)
            if coords is None:
                continue
            x, y = coords[0], coords[1]
            w, h = (coords[2], coords[3]) if len(coords) == 4 else (0, 0)
            inside = x + w <= info.width and y + h <= info.height
            if len(coords) == 4 and (w == 0 or h == 0):
                inside = False
            if not inside:
                diagnostics.error(
                    "mark-outside-image",
                    mark.locations.get(coord_key, mark.location),
                    f'"{list_key} › {coord_key}" {list(coords)} nằm ngoài ảnh "{src}" (ảnh rộng '
                    f"{info.width}, cao {info.height} điểm ảnh). Dùng hocso preview-annotations "
                    "để xem lưới toạ độ.",
                    f'"{list_key} › {coord_key}" {list(coords)} lies outside the picture "{src}" '
                    f"({info.width} pixels wide, {info.height} high). Use hocso "
                    "preview-annotations to see a coordinate grid.",
                )
                ok = False
    return ok


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


def _build_lesson(path: Path, record: RecordValue) -> Lesson:
    v = record.values
    steps = []
    for number, step in enumerate(v["steps"], start=1):
        variants = tuple(
            Variant(platform, variant.get("text"), _screenshot(variant.get("screenshot")))
            for platform in PLATFORMS if (variant := step.get(platform)) is not None)
        steps.append(
            Step(
                number=number,
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
