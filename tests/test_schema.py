"""The JSON Schema in lessons/ matches the validator, and every lesson file points to it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from hocso.core.formats import GLOSSARY, LESSON, TOPICS, json_schema
from hocso.core.loader import LessonSettings, load_lessons

from lesson_factory import lesson_data
from sites import Project

LANGS = ("vi", "en")
REQUIRED = frozenset({"vi"})


def plain(value: Any) -> Any:
    """YAML data as an editor's schema checker sees it (dates stay text)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def test_committed_schemas_are_up_to_date(repo: Path) -> None:
    for record, name in ((LESSON, "lesson.schema.json"), (TOPICS, "topics.schema.json"),
                         (GLOSSARY, "glossary.schema.json")):
        committed = json.loads((repo / "lessons" / name).read_text(encoding="utf-8"))
        assert committed == json_schema(record, LANGS, REQUIRED, name), (
            f"lessons/{name} is stale: run `hocso schema`")


def test_every_lesson_file_references_the_schema(repo: Path) -> None:
    for path in sorted((repo / "lessons").glob("*/lesson.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../lesson.schema.json", path


@pytest.mark.parametrize("name", ["install-vneid"])
def test_real_lessons_match_the_schema(repo: Path, name: str) -> None:
    schema = json.loads((repo / "lessons" / "lesson.schema.json").read_text(encoding="utf-8"))
    data = yaml.safe_load((repo / "lessons" / name / "lesson.yml").read_text(encoding="utf-8"))
    jsonschema.validate(plain(data), schema)


def test_schema_and_validator_agree_on_a_bad_lesson(project: Project, repo: Path) -> None:
    schema = json.loads((repo / "lessons" / "lesson.schema.json").read_text(encoding="utf-8"))
    good = lesson_data("agree")
    jsonschema.validate(good, schema)
    for breakage in ("unknown", "type", "required"):
        bad = lesson_data("agree")
        if breakage == "unknown":
            bad["titel"] = "x"
        elif breakage == "type":
            bad["minutes"] = "many"
        else:
            del bad["sources"]
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)
        project.write_lesson("agree", bad)
        result = load_lessons(LessonSettings(project.lessons, project.screenshots))
        assert not result.ok, breakage
