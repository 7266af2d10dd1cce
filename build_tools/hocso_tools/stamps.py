"""Record in a lesson file that its translation is up to date (``hocso translated``).

The file is edited in place as text, at the positions YAML reports, so the contributor's
comments, quotes and layout are kept; the result is parsed again before it is written.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from hocso.core.model import Lesson
from hocso.core.translation import LESSON_UNIT, stamp, units

KEY = "translated_from"


@dataclass(frozen=True)
class StampReport:
    stamped: list[str]
    skipped: list[str]  # units with texts still missing in the language


def _value(mapping: MappingNode, key: str) -> Node | None:
    for key_node, value_node in mapping.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            found: Node = value_node
            return found
    return None


def _flow(stamps: dict[str, str]) -> str:
    return "{" + ", ".join(f"{lang}: {value}" for lang, value in sorted(stamps.items())) + "}"


def _edit(text: str, mapping: MappingNode, stamps: dict[str, str]) -> tuple[int, int, str]:
    """The (start, end, replacement) that writes ``stamps`` into ``mapping``."""
    existing = _value(mapping, KEY)
    if existing is not None:
        if isinstance(existing, MappingNode) and not existing.flow_style and existing.value:
            end = existing.value[-1][1].end_mark.index
        else:
            end = existing.end_mark.index
        return existing.start_mark.index, end, _flow(stamps)
    indent = mapping.value[0][0].start_mark.column
    # Right after the mapping's last written line, before any blank lines that follow it.
    end = len(text[:mapping.end_mark.index].rstrip())
    at = text.find("\n", end)
    line = "\n" + " " * indent + f"{KEY}: {_flow(stamps)}"
    if at < 0:
        return len(text), len(text), line + "\n"
    return at, at, line


def mark_translated(path: Path, lesson: Lesson, lang: str, default_lang: str,
                    steps: Collection[int] = ()) -> StampReport:
    """Stamp the lesson's own texts and its steps (or only ``steps``) as translated to ``lang``."""
    text = path.read_text(encoding="utf-8")
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    assert isinstance(root, MappingNode)
    steps_node = _value(root, "steps")
    assert isinstance(steps_node, SequenceNode)
    edits: list[tuple[int, int, str]] = []
    report = StampReport([], [])
    for unit in units(lesson):
        number = 0 if unit.key == LESSON_UNIT else int(unit.key.removeprefix("step-"))
        if steps and number not in steps:
            continue
        if unit.state(lang, default_lang) == "missing":
            report.skipped.append(unit.key)
            continue
        mapping = root if number == 0 else steps_node.value[number - 1]
        assert isinstance(mapping, MappingNode)
        stamps = {**unit.recorded, lang: stamp(unit.texts, default_lang)}
        edits.append(_edit(text, mapping, stamps))
        report.stamped.append(unit.key)
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    yaml.compose(text, Loader=yaml.SafeLoader)  # never write a file that no longer parses
    path.write_text(text, encoding="utf-8")
    return report
