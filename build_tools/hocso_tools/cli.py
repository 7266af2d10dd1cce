"""The ``hocso`` command for contributors and maintainers.

    hocso check            check every lesson, as the site build does
    hocso schema           write the JSON Schemas editors use for lesson files
    hocso fonts            regenerate the site's web fonts (maintainers only)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from hocso.core.diagnostics import Diagnostic, Severity
from hocso.core.formats import LESSON, TOPICS, json_schema
from hocso.core.loader import LessonSettings, load_lessons

LESSON_SCHEMA_FILE = "lesson.schema.json"
TOPICS_SCHEMA_FILE = "topics.schema.json"


class SettingsProblem(Exception):
    """mkdocs.yml cannot be read or has no ``lessons`` plugin."""


def load_settings(config_file: Path) -> tuple[LessonSettings, Path]:
    """The lesson settings written in mkdocs.yml, so ``hocso`` checks what the build checks."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from hocso.plugin.plugin import settings_from_config
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

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
    return settings_from_config(plugin.config, root), root


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


def check(config_file: Path, output_format: str, strict: bool, out: TextIO) -> int:
    try:
        settings, root = load_settings(config_file)
    except SettingsProblem as exc:
        print(f"hocso: {exc}", file=sys.stderr)
        return 2
    result = load_lessons(settings)
    diagnostics = result.diagnostics.sorted()
    for diagnostic in diagnostics:
        if output_format == "github":
            print(_github_annotation(diagnostic, root), file=out)
        else:
            print(diagnostic.format(root), file=out)
            print(file=out)
    errors = result.diagnostics.count(Severity.ERROR)
    warnings = result.diagnostics.count(Severity.WARNING)
    notes = result.diagnostics.count(Severity.INFO)
    if output_format == "text":
        print(f"{len(result.lessons.lessons)} bài học / lesson(s) checked. "
              + _summary(errors, warnings, notes), file=out)
    if errors or (strict and warnings):
        return 1
    return 0


def write_schemas(config_file: Path, verify: bool, out: TextIO) -> int:
    try:
        settings, _ = load_settings(config_file)
    except SettingsProblem as exc:
        print(f"hocso: {exc}", file=sys.stderr)
        return 2
    stale = []
    for record, name in ((LESSON, LESSON_SCHEMA_FILE), (TOPICS, TOPICS_SCHEMA_FILE)):
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
    schema_cmd = commands.add_parser(
        "schema", help="viết JSON Schema cho trình soạn thảo / write the JSON Schemas")
    schema_cmd.add_argument("--check", action="store_true",
                            help="only report whether the files are up to date")
    commands.add_parser("fonts", help="regenerate the web fonts (needs the [fonts] extra)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "check":
        return check(args.config_file, args.format, args.strict, sys.stdout)
    if args.command == "schema":
        return write_schemas(args.config_file, args.check, sys.stdout)
    return make_fonts(sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
