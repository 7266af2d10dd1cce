"""The ``hocso`` command for contributors and maintainers.

    hocso new ID           start a lesson from the template
    hocso translated ID --lang en   record that a translation matches the current source
    hocso check            check every lesson, as the site build does
    hocso schema           write the JSON Schemas editors use for lesson files
    hocso preview-annotations ID   draw each annotated screenshot of a lesson on a grid
    hocso mock-screens ID  draw illustrative screens from screenshots/ID/screens.yml
    hocso handouts --lessons install-vneid,cashless-payment --lang vi --paper A5
                           one PDF for a class, written to print/
    hocso addresses [--update]   where every published address leads; record new ones
    hocso fonts            regenerate the site's web fonts (maintainers only)
    hocso bench            measure build speed, handouts and page size (maintainers only)
    hocso bench --lighthouse   Lighthouse on regular 3G for every lesson page and the catalogue
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from hocso.core.diagnostics import Diagnostic, Severity, printable
from hocso.core.formats import GLOSSARY, LESSON, TOPICS, json_schema
from hocso.core.limits import MAX_ID_CHARS
from hocso.core.loader import LessonSettings, load_lessons
from hocso.core.safety import check_site_texts

LESSON_SCHEMA_FILE = "lesson.schema.json"
TOPICS_SCHEMA_FILE = "topics.schema.json"
GLOSSARY_SCHEMA_FILE = "glossary.schema.json"


class SettingsProblem(Exception):
    """mkdocs.yml cannot be read or has no ``lessons`` plugin."""


@dataclass(frozen=True)
class Project:
    """What the tools need from mkdocs.yml, so they check and make what the build does."""

    settings: LessonSettings
    root: Path
    templates_dir: Path
    cache_dir: Path
    site_url: str
    docs_dir: Path


def load_project(config_file: Path) -> Project:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    from hocso.plugin.plugin import settings_from_config

    if not config_file.is_file():
        raise SettingsProblem(f"không tìm thấy / not found: {config_file}")
    try:
        config = load_config(str(config_file))
    except ConfigurationError as exc:
        raise SettingsProblem(f"{config_file}: {exc}") from exc
    plugin = config.plugins.get("lessons")
    if plugin is None:
        raise SettingsProblem(f"{config_file}: no 'lessons' plugin under plugins:")
    root = config_file.resolve().parent
    return Project(settings_from_config(plugin.config, root), root,
                   root / plugin.config.templates_dir, root / plugin.config.cache_dir,
                   config.site_url or "http://127.0.0.1:8000/", Path(config.docs_dir))


def _project_or_none(config_file: Path) -> Project | None:
    """The project, or None after telling the user why mkdocs.yml cannot be used."""
    try:
        return load_project(config_file)
    except SettingsProblem as exc:
        print(f"hocso: {exc}", file=sys.stderr)
        return None


def _github_annotation(diagnostic: Diagnostic, root: Path) -> str:
    kind = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    location = diagnostic.location
    try:
        path = location.path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        path = location.path.as_posix()
    message = f"{diagnostic.message_vi}\n{diagnostic.message_en}"
    # GitHub workflow commands need these characters escaped in the message.
    message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    # A folder name is contributor input too: escaped as a property, it cannot end the
    # command early or start another one.
    path = path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A") \
        .replace(":", "%3A").replace(",", "%2C")
    props = f"file={path}"
    if location.line:
        props += f",line={location.line}"
    if location.column:
        props += f",col={location.column}"
    return f"::{kind[diagnostic.severity]} {props},title={diagnostic.code}::{message}"


def _summary(errors: int, warnings: int, notes: int) -> str:
    if not errors and not warnings and not notes:
        return "Không có vấn đề nào. / No problems found."
    return (f"{errors} lỗi, {warnings} cảnh báo, {notes} ghi chú. / "
            f"{errors} error(s), {warnings} warning(s), {notes} note(s).")


def _within(path: Path, roots: Sequence[Path]) -> bool:
    resolved = path.resolve()
    return any(resolved == root or resolved.is_relative_to(root) for root in roots)


def check(config_file: Path, output_format: str, strict: bool, out: TextIO,
          paths: Sequence[Path] = ()) -> int:
    project = _project_or_none(config_file)
    if project is None:
        return 2
    settings = project.settings
    root = project.root
    result = load_lessons(settings)
    # Interface strings and hand-written pages' front matter: what the build would refuse.
    result.diagnostics.extend(check_site_texts(project.templates_dir, settings.languages,
                                               project.docs_dir))
    diagnostics = result.diagnostics.sorted()
    if paths:
        # Every lesson is still read (ids and topics are checked across lessons), but only
        # problems in the files asked about are reported.
        roots = [path.resolve() for path in paths]
        diagnostics = [d for d in diagnostics if _within(d.location.path, roots)]
    for diagnostic in diagnostics:
        if output_format == "github":
            print(_github_annotation(diagnostic, root), file=out)
        else:
            print(diagnostic.format(root), file=out)
            print(file=out)
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = sum(1 for d in diagnostics if d.severity is Severity.WARNING)
    notes = sum(1 for d in diagnostics if d.severity is Severity.INFO)
    if output_format == "text":
        print(f"{len(result.lessons.lessons)} bài học / lesson(s) checked. "
              + _summary(errors, warnings, notes), file=out)
    if errors or (strict and warnings):
        return 1
    return 0


def write_schemas(config_file: Path, verify: bool, out: TextIO) -> int:
    project = _project_or_none(config_file)
    if project is None:
        return 2
    settings = project.settings
    stale = []
    for record, name in ((LESSON, LESSON_SCHEMA_FILE), (TOPICS, TOPICS_SCHEMA_FILE),
                         (GLOSSARY, GLOSSARY_SCHEMA_FILE)):
        schema = json_schema(record, settings.languages, settings.required_languages, name)
        text = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
        path = settings.lessons_dir / name
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        if verify:
            stale.append(path)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}", file=out)
    if stale:
        print("Schema files are out of date; run `hocso schema`: "
              + ", ".join(str(p) for p in stale), file=out)
        return 1
    return 0


def preview_annotations(config_file: Path, lesson_id: str, out_dir: Path | None,
                        out: TextIO) -> int:
    from hocso.core.preview import render_preview

    project = _project_or_none(config_file)
    if project is None:
        return 2
    settings = project.settings
    root = project.root
    result = load_lessons(settings)
    lesson = result.lessons.lesson(lesson_id)
    if lesson is None:
        known = ", ".join(les.id for les in result.lessons.lessons)
        problems = [d for d in result.diagnostics if f"/{lesson_id}/" in d.location.path.as_posix()]
        for diagnostic in problems:
            print(diagnostic.format(root), file=out)
        print(f'Không có bài "{printable(lesson_id)}" dùng được. / No usable lesson '
              f'"{printable(lesson_id)}". '
              f"(Các bài / lessons: {known})", file=sys.stderr)
        return 1
    target = (out_dir or root / ".cache" / "hocso" / "previews") / lesson_id
    written = 0
    try:
        target.mkdir(parents=True, exist_ok=True)
        for step in lesson.steps:
            # Every picture of the step: the shared one and each platform's ("3-android").
            for picture_id, shot in step.pictures():
                sources = dict.fromkeys(shot.src.texts.values())
                for n, src in enumerate(sources):
                    suffix = "" if len(sources) == 1 else f"-{n + 1}"
                    path = target / f"step-{picture_id}{suffix}.png"
                    render_preview(settings.screenshots_dir / src, shot.annotations).save(path)
                    print(f"{path}  (screenshots/{src})", file=out)
                written += 1
    except OSError as exc:
        print(f"hocso: không ghi được ảnh xem trước vào / cannot write the previews to "
              f"{printable(str(target))}: {printable(exc.strerror or str(exc))}",
              file=sys.stderr)
        return 1
    if not written:
        print("Bài này chưa có ảnh nào. / This lesson has no screenshots yet.", file=out)
    return 0


def mock_screens(config_file: Path, lesson_id: str, out: TextIO) -> int:
    import re

    from hocso.core.spec import SLUG_PATTERN
    from hocso_tools.mockscreens import DescriptionProblem, draw_lesson_screens

    project = _project_or_none(config_file)
    if project is None:
        return 2
    settings = project.settings
    root = project.root
    description = settings.screenshots_dir / lesson_id / "screens.yml"
    if not re.fullmatch(SLUG_PATTERN, lesson_id):
        print(f'hocso: mã bài "{printable(lesson_id)}" không hợp lệ / the lesson id is not '
              "valid", file=sys.stderr)
        return 2
    if not description.is_file():
        print(f"hocso: không có / not found: {description}", file=sys.stderr)
        return 2
    try:
        written = draw_lesson_screens(description)
    except (DescriptionProblem, KeyError, TypeError, ValueError, AttributeError) as exc:
        print(f"hocso: {description}: {printable(str(exc), 300)}", file=sys.stderr)
        return 1
    for path, boxes in written:
        print(path.relative_to(root).as_posix(), file=out)
        for name, box in boxes.items():
            print(f"    {name}: [{', '.join(str(v) for v in box)}]", file=out)
    return 0


PRINT_DIR = "print"


def _handout_target(output: Path | None, root: Path, file_name: str,
                    protected: Sequence[Path]) -> tuple[Path | None, str]:
    """Where a print pack goes, or why it may not go there (in Vietnamese and English).

    By default: ``print/`` beside mkdocs.yml, which git ignores. A folder given with -o gets
    the default file name. Only a PDF is ever replaced, and never inside lessons/ or
    screenshots/.
    """
    target = root / PRINT_DIR / file_name if output is None else output
    if output is not None and (output.is_dir() or str(output).endswith(("/", os.sep))):
        target = output / file_name
    if target.suffix.lower() != ".pdf":
        return None, (f"tệp in phải có đuôi .pdf: {target}\n"
                      f"       the handout file must end in .pdf: {target}")
    if _within(target, protected):
        return None, (f"không ghi bản in vào thư mục bài học hay ảnh: {target}\n"
                      f"       handouts are never written into the lessons or screenshots "
                      f"folders: {target}")
    if target.exists():
        try:
            with target.open("rb") as existing:
                is_pdf = existing.read(5) == b"%PDF-"
        except OSError:
            is_pdf = False
        if not is_pdf:
            return None, (f"{target} đã có và không phải tệp PDF, không ghi đè.\n"
                          f"       {target} exists and is not a PDF; it was not overwritten.")
    return target, ""


def _shown(path: Path) -> str:
    """``path`` relative to the current folder when it is inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def make_handouts(config_file: Path, lesson_ids: str, langs: str, paper: str,
                  platform: str, output: Path | None, out: TextIO) -> int:
    """A print pack: several lessons in one PDF, for a volunteer preparing a class."""
    from hocso.core.handouts import handout_html, site_url_problem, write_pdf
    from hocso.core.images import ImageCache, step_image_jobs
    from hocso.core.model import PLATFORMS
    from hocso.core.render import SiteRenderer
    from hocso.core.site import PAPERS, HandoutSpec

    project = _project_or_none(config_file)
    if project is None:
        return 2
    settings = project.settings
    wanted = [part.strip() for part in lesson_ids.split(",") if part.strip()]
    languages = [part.strip() for part in langs.replace("-", ",").split(",") if part.strip()]
    result = load_lessons(settings)
    known = [lesson.id for lesson in result.lessons.lessons]
    problems = []
    unknown = [lesson_id for lesson_id in wanted if lesson_id not in known]
    if not wanted or unknown:
        problems.append(
            f"Không có bài / unknown lesson(s): {', '.join(unknown) or '(none given)'}. "
            f"Các bài có thể in / lessons you can print: {', '.join(known)}")
    bad_langs = [lang for lang in languages if lang not in settings.languages]
    if not 1 <= len(languages) <= 2 or bad_langs:
        problems.append(
            f"Ngôn ngữ không hợp lệ / unknown language: {langs}. Dùng / use one of "
            f"{', '.join(settings.languages)}, or two joined by a comma (vi,en).")
    if platform and platform not in PLATFORMS:
        problems.append(f"Nền tảng / platform must be one of {', '.join(PLATFORMS)}, "
                        f"not {platform}.")
    if paper.upper() not in PAPERS:
        problems.append(f"Khổ giấy / paper must be one of {', '.join(PAPERS)}, not {paper}.")
    spec = HandoutSpec(tuple(wanted), tuple(languages), paper.upper(), platform)
    target, refusal = _handout_target(output, project.root, spec.file_name,
                                      [settings.lessons_dir.resolve(),
                                       settings.screenshots_dir.resolve()])
    if not problems and target is None:
        problems.append(refusal)
    if problems:
        for problem in problems:
            print(f"hocso: {problem}", file=sys.stderr)
        return 2
    assert target is not None
    local = site_url_problem(project.site_url)
    if local is not None:
        print(f"hocso: cảnh báo: {local[0]}\nhocso: warning: {local[1]}", file=sys.stderr)
    chosen = [lesson for lesson in result.lessons.lessons if lesson.id in wanted]
    jobs = step_image_jobs(chosen, settings.screenshots_dir, settings.languages)
    report = ImageCache(project.cache_dir).process(jobs.values())
    prints = {key: report.images[job].print for key, job in jobs.items()
              if job in report.images}
    renderer = SiteRenderer(project.templates_dir, settings.languages)
    html = handout_html(renderer, result.lessons, spec, project.site_url, prints)
    try:
        pages = write_pdf(html, project.templates_dir / "handout.css", target)
    # WeasyPrint can fail in many ways on unusual content; say so without a traceback.
    except Exception as exc:
        print(f"hocso: không tạo được bản in / the handout could not be made: "
              f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(f"Đã ghi / wrote {_shown(target)} ({len(wanted)} bài / lesson(s), {pages} trang / "
          f"pages, {target.stat().st_size // 1000} KB)", file=out)
    return 0


def new_lesson(config_file: Path, lesson_id: str, out: TextIO) -> int:
    """Start a lesson from the template, without ever overwriting anything."""
    import datetime as dt
    import re

    from hocso.core.loader import TOPICS_FILE
    from hocso.core.spec import SLUG_HELP, SLUG_PATTERN

    project = _project_or_none(config_file)
    if project is None:
        return 2
    settings = project.settings
    if not re.fullmatch(SLUG_PATTERN, lesson_id) or len(lesson_id) > MAX_ID_CHARS:
        shown = printable(lesson_id)
        print(f'hocso: mã bài "{shown}" không hợp lệ. {SLUG_HELP[0]} Tối đa {MAX_ID_CHARS} '
              f'ký tự.\n       the lesson id "{shown}" is not valid. {SLUG_HELP[1]} At most '
              f"{MAX_ID_CHARS} characters.", file=sys.stderr)
        return 2
    folder = settings.lessons_dir / lesson_id
    pictures = settings.screenshots_dir / lesson_id
    for existing in (folder, pictures):
        if existing.exists():
            print(f"hocso: {existing} đã có, không ghi đè. / already exists; nothing was "
                  "overwritten.", file=sys.stderr)
            return 1
    topics_file = settings.lessons_dir / TOPICS_FILE
    topics = ", ".join(re.findall(r"^\s*- id: (\S+)", topics_file.read_text(encoding="utf-8"),
                                  re.M)) if topics_file.is_file() else ""
    template = (Path(__file__).parent / "scaffold" / "lesson.yml").read_text(encoding="utf-8")
    text = template.format(lesson_id=lesson_id, today=dt.date.today().isoformat(), topics=topics)
    folder.mkdir(parents=True)
    (folder / "lesson.yml").write_text(text, encoding="utf-8")
    pictures.mkdir(parents=True)
    (pictures / "README.md").write_text(
        f"Ảnh chụp màn hình cho bài {lesson_id}. / Screenshots for the lesson {lesson_id}.\n",
        encoding="utf-8")
    print(f"{(folder / 'lesson.yml').relative_to(project.root)}\n"
          f"{pictures.relative_to(project.root)}/\n"
          "Viết bài rồi chạy `hocso check`. / Write the lesson, then run `hocso check`.",
          file=out)
    return 0


def translated(config_file: Path, lesson_id: str, lang: str, steps: Sequence[int],
               out: TextIO) -> int:
    """Record that a lesson's translation into ``lang`` matches today's source text."""
    from hocso_tools.stamps import mark_translated

    project = _project_or_none(config_file)
    if project is None:
        return 2
    settings = project.settings
    if lang not in settings.languages[1:]:
        print(f"hocso: ngôn ngữ dịch / translated language must be one of "
              f"{', '.join(settings.languages[1:])}, not {lang}", file=sys.stderr)
        return 2
    result = load_lessons(settings)
    lesson = result.lessons.lesson(lesson_id)
    if lesson is None:
        print(f'hocso: không có bài dùng được / no usable lesson "{printable(lesson_id)}"; run '
              "hocso check",
              file=sys.stderr)
        return 2
    wrong = sorted({n for n in steps if not 1 <= n <= len(lesson.steps)})
    if wrong:
        print(f"hocso: bài {lesson_id} chỉ có các bước 1 đến {len(lesson.steps)}, không có bước "
              f"{', '.join(map(str, wrong))}. / the lesson {lesson_id} has steps 1 to "
              f"{len(lesson.steps)} only, not {', '.join(map(str, wrong))}.", file=sys.stderr)
        return 2
    report = mark_translated(lesson.path, lesson, lang, settings.default_language, steps)
    for key in report.stamped:
        print(f"{key}: đã ghi / recorded", file=out)
    for key in report.skipped:
        print(f'{key}: chưa dịch xong sang "{lang}", bỏ qua / not fully translated, skipped',
              file=out)
    return 0


def make_fonts(out: TextIO) -> int:
    from hocso_tools.webfonts import make_web_fonts

    target = Path("templates/site/assets/fonts")
    for path in make_web_fonts(target):
        print(f"wrote {path} ({path.stat().st_size} bytes)", file=out)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hocso",
        description="Công cụ cho người viết bài Học Số. / Tools for Học Số lesson writers.",
    )
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"),
                        help="mkdocs.yml of the site (default: ./mkdocs.yml)")
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser(
        "check", help="kiểm tra mọi bài học / check every lesson")
    check_cmd.add_argument("--format", choices=["text", "github"], default="text",
                           help="github: annotations for GitHub Actions")
    check_cmd.add_argument("--strict", action="store_true",
                           help="warnings also fail the check, as in `mkdocs build --strict`")
    check_cmd.add_argument("paths", nargs="*", type=Path,
                           help="only report problems in these lesson files or folders")
    schema_cmd = commands.add_parser(
        "schema", help="viết JSON Schema cho trình soạn thảo / write the JSON Schemas")
    schema_cmd.add_argument("--check", action="store_true",
                            help="only report whether the files are up to date")
    preview_cmd = commands.add_parser(
        "preview-annotations",
        help="vẽ ảnh có khoanh và lưới toạ độ / draw annotated screenshots on a grid")
    preview_cmd.add_argument("lesson_id")
    preview_cmd.add_argument("--out", type=Path, default=None,
                             help="folder for the previews (default: .cache/hocso/previews)")
    mock_cmd = commands.add_parser(
        "mock-screens",
        help="vẽ màn hình minh hoạ từ screens.yml / draw illustrative screens from screens.yml")
    mock_cmd.add_argument("lesson_id")
    translated_cmd = commands.add_parser(
        "translated", help="ghi nhận bản dịch đã cập nhật / record a translation as up to date")
    translated_cmd.add_argument("lesson_id")
    translated_cmd.add_argument("--lang", required=True, help="the translated language, e.g. en")
    translated_cmd.add_argument("--step", type=int, action="append", default=[],
                                help="only this step (repeat for several); default: all")
    new_cmd = commands.add_parser(
        "new", help="tạo bài học mới từ bài mẫu / start a new lesson from the template")
    new_cmd.add_argument("lesson_id", help="e.g. pay-water-bill")
    handouts_cmd = commands.add_parser(
        "handouts", help="in nhiều bài trong một tệp PDF / print several lessons in one PDF",
        description="In nhiều bài trong một tệp PDF cho một lớp học. / Print several lessons "
                    "in one PDF for a class. Example: hocso handouts --lessons "
                    "install-vneid,cashless-payment --lang vi --paper A5",
    )
    handouts_cmd.add_argument("--lessons", required=True,
                              help="lesson ids separated by commas, in the order to print: "
                                   "install-vneid,cashless-payment")
    handouts_cmd.add_argument("--lang", default="vi",
                              help="vi, en, or two for a bilingual pack: vi,en (default vi)")
    handouts_cmd.add_argument("--paper", default="A4",
                              help="A4 (default) or A5 (a booklet page, two to a sheet of A4)")
    handouts_cmd.add_argument("--platform", default="",
                              help="android or ios: print only that phone's way (default both)")
    handouts_cmd.add_argument(
        "-o", "--output", type=Path, default=None,
        help=f"PDF file or folder to write to (default: {PRINT_DIR}/ beside mkdocs.yml, which "
             "git ignores, e.g. print/install-vneid+cashless-payment-vi-a5.pdf); only a PDF "
             "is ever replaced, and never inside lessons/ or screenshots/")
    addresses_cmd = commands.add_parser(
        "addresses", help="địa chỉ đã xuất bản dẫn tới đâu / where published addresses lead",
        description="Liệt kê địa chỉ cũ dẫn tới đâu; --update ghi địa chỉ mới vào "
                    "lessons/published.yml. / List where old addresses lead; --update records "
                    "new ones in lessons/published.yml.")
    addresses_cmd.add_argument("--update", action="store_true",
                               help="record every current lesson and step id (never removes)")
    commands.add_parser("fonts", help="regenerate the web fonts (needs the [fonts] extra)")
    bench_cmd = commands.add_parser(
        "bench", help="measure build speed at scale, handouts and page size")
    bench_cmd.add_argument("--sizes", default="50,200,1000",
                           help="lesson counts, separated by commas (default 50,200,1000)")
    bench_cmd.add_argument("--runs", type=int, default=3,
                           help="runs per figure; the report gives medians (default 3)")
    bench_cmd.add_argument("--workdir", type=Path, default=Path(".cache/hocso-bench"),
                           help="where the synthetic sites go; screenshots are kept for next "
                                "time (default .cache/hocso-bench)")
    bench_cmd.add_argument("--out", type=Path, default=Path("benchmarks"),
                           help="folder for benchmark.md and benchmark.json (default benchmarks)")
    bench_cmd.add_argument("--handout-lessons", type=int, default=4,
                           help="lessons whose handouts are timed one by one (default 4)")
    bench_cmd.add_argument("--no-handout-builds", action="store_true",
                           help="skip the full build with handouts at the smallest size")
    bench_cmd.add_argument("--lighthouse", action="store_true",
                           help="instead: Lighthouse (regular 3G) on every lesson page and the "
                                "catalogue in each language; writes lighthouse.md and .json")
    bench_cmd.add_argument("--site", type=Path, default=None,
                           help="with --lighthouse: measure this built site instead of building")
    bench_cmd.add_argument("--pages", default="",
                           help="with --lighthouse: only these pages, separated by commas "
                                "(e.g. lessons/install-vneid/,en/)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except OSError as exc:  # a file the command had to read or write: a message, no traceback
        where = f" ({printable(str(exc.filename))})" if exc.filename else ""
        print(f"hocso: lỗi tệp / file error{where}: {printable(exc.strerror or str(exc))}",
              file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    if args.command == "check":
        return check(args.config_file, args.format, args.strict, sys.stdout, args.paths)
    if args.command == "schema":
        return write_schemas(args.config_file, args.check, sys.stdout)
    if args.command == "translated":
        return translated(args.config_file, args.lesson_id, args.lang, args.step, sys.stdout)
    if args.command == "new":
        return new_lesson(args.config_file, args.lesson_id, sys.stdout)
    if args.command == "handouts":
        return make_handouts(args.config_file, args.lessons, args.lang, args.paper,
                             args.platform, args.output, sys.stdout)
    if args.command == "mock-screens":
        return mock_screens(args.config_file, args.lesson_id, sys.stdout)
    if args.command == "preview-annotations":
        return preview_annotations(args.config_file, args.lesson_id, args.out, sys.stdout)
    if args.command == "bench":
        return _bench(args)
    if args.command == "addresses":
        return _addresses(args)
    return make_fonts(sys.stdout)


def _addresses(args: argparse.Namespace) -> int:
    from hocso_tools.addresses import addresses

    project = _project_or_none(args.config_file)
    if project is None:
        return 2
    return addresses(project.settings, args.update, project.root, sys.stdout)


def _bench(args: argparse.Namespace) -> int:
    from hocso_tools.bench import bench, parse_sizes

    try:
        sizes = parse_sizes(args.sizes)
    except ValueError as exc:
        print(f"hocso bench: --sizes: {exc}", file=sys.stderr)
        return 2
    if args.runs < 1:
        print("hocso bench: --runs must be at least 1", file=sys.stderr)
        return 2
    if args.lighthouse:
        from hocso_tools.bench import bench_lighthouse

        only = [page.strip().lstrip("/") for page in args.pages.split(",") if page.strip()]
        return bench_lighthouse(args.config_file, args.site, args.workdir, args.out, args.runs,
                                only or None, sys.stdout)
    if args.site is not None or args.pages:
        print("hocso bench: --site and --pages go with --lighthouse", file=sys.stderr)
        return 2
    repo = args.config_file.resolve().parent
    return bench(repo, args.workdir, args.out, sizes, args.runs, args.handout_lessons,
                 not args.no_handout_builds, sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
