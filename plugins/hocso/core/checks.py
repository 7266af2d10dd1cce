"""Checks that need more than one file: pictures on disk, the glossary, translations.

They run on whatever part of a lesson file is valid, so a contributor sees these problems
together with the file's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from hocso.core.diagnostics import DiagnosticList, Location, printable
from hocso.core.images import ImageInfo, ImageProblem, inspect_image
from hocso.core.limits import MAX_PATH_CHARS
from hocso.core.model import Lesson, Term
from hocso.core.spec import RecordValue, did_you_mean
from hocso.core.text import glossary_ids
from hocso.core.translation import LESSON_UNIT, lesson_status

GLOSSARY_FILE = "glossary.yml"


def check_screenshot(shot: RecordValue, screenshots_dir: Path,
                     diagnostics: DiagnosticList) -> bool:
    """Every image of a step (one per language at most) exists, is safe and fits its marks."""
    src = shot.get("src")
    if src is None:
        return False
    ok = True
    root = screenshots_dir.resolve()
    for path in dict.fromkeys(src.texts.values()):
        info = _check_image_file(path, root, shot.locations["src"], diagnostics)
        if info is None or not _check_bounds(shot, path, info, diagnostics):
            ok = False
    return ok

def _check_image_file(src: str, root: Path, location: Location,
                      diagnostics: DiagnosticList) -> ImageInfo | None:
    relative = Path(src)
    if len(src) > MAX_PATH_CHARS or any(len(part.encode()) > 255 for part in relative.parts):
        diagnostics.error(
            "screenshot-bad-name",
            location,
            f'Đường dẫn ảnh "{printable(src)}" quá dài (tối đa {MAX_PATH_CHARS} ký tự). Hãy '
            "đặt tên ngắn, ví dụ install-vneid/01.png.",
            f'The picture path "{printable(src)}" is too long (at most {MAX_PATH_CHARS} '
            "characters). Use a short name, e.g. install-vneid/01.png.",
        )
        return None
    try:
        candidate = (root / relative).resolve()
        is_file = candidate.is_file()
    except (OSError, RuntimeError, ValueError):
        candidate, is_file = root / relative, False  # a link to itself, or a bad name
    if relative.is_absolute() or ".." in relative.parts or not candidate.is_relative_to(root):
        diagnostics.error(
            "screenshot-outside",
            location,
            f'Ảnh "{printable(src)}" phải nằm trong thư mục screenshots/. Hãy ghi đường dẫn tính '
            "từ thư mục đó, ví dụ install-vneid/01.png.",
            f'The picture "{printable(src)}" must be inside the screenshots/ folder. Write the '
            "path from that folder, e.g. install-vneid/01.png.",
        )
        return None
    if not is_file:
        diagnostics.error(
            "screenshot-missing",
            location,
            f'Không tìm thấy ảnh "screenshots/{printable(src)}". Hãy kiểm tra tên tệp (phân biệt '
            "chữ hoa, chữ thường) và chắc chắn ảnh đã được thêm vào.",
            f'The picture "screenshots/{printable(src)}" was not found. Check the file name '
            "(upper and lower case matter) and that the picture was added.",
        )
        return None
    try:
        return inspect_image(candidate)
    except OSError:
        return None  # removed since it was looked at: reported by the next run
    except ImageProblem as problem:
        diagnostics.error(problem.code, location, f'"screenshots/{src}": {problem.vi}',
                          f'"screenshots/{src}": {problem.en}')
        return None


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


def check_glossary_links(lesson: Lesson, glossary: Sequence[Term],
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


def report_translations(lesson: Lesson, record: RecordValue, languages: Sequence[str],
                        required: frozenset[str], diagnostics: DiagnosticList) -> None:
    """Untranslated texts (a note), and translations made from an older source (a warning)."""
    _report_untranslated(lesson, languages, required, diagnostics)
    default = languages[0]
    steps = record.get("steps", [])
    for lang in languages[1:]:
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

def _report_untranslated(lesson: Lesson, languages: Sequence[str], required: frozenset[str],
                         diagnostics: DiagnosticList) -> None:
    for lang in languages:
        if lang in required:
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
