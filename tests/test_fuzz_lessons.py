"""Property-based fuzzing of contributor files (issue 13).

Copies of the starter lessons, topics and glossary are mutated at random: keys dropped,
types changed, random unicode and control characters, huge numbers, deep nesting, aliases,
bytes inserted or cut off. Whatever comes out, the loader must either accept the files or
report diagnostics that each name a file and a line; it must never raise.

The budget is fixed and derandomized, so the run takes the same time (about a minute) and
finds the same cases every time; the loader is called in-process, not through MkDocs.
"""

from __future__ import annotations

import copy
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hocso.core.loader import LessonLoader, LessonSettings

from sites import REPO

BUDGET = settings(max_examples=400, deadline=None, derandomize=True, database=None,
                  suppress_health_check=[HealthCheck.too_slow,
                                         HealthCheck.function_scoped_fixture])

STARTER_FILES = [*sorted(str(p.relative_to(REPO / "lessons"))
                        for p in (REPO / "lessons").glob("*/lesson.yml")),
                 "topics.yml", "glossary.yml", "published.yml"]


@pytest.fixture(scope="module")
def lessons_copy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("fuzz") / "project"
    shutil.copytree(REPO / "lessons", root / "lessons",
                    ignore=shutil.ignore_patterns("*.schema.json"))
    yield root / "lessons"


def _load_and_check(lessons: Path) -> None:
    # The real screenshots, read-only: the copies reference them by the same paths.
    settings_ = LessonSettings(lessons, REPO / "screenshots")
    result = LessonLoader(settings_).load()
    for diagnostic in result.diagnostics:
        assert diagnostic.location.path, diagnostic.format()
        assert diagnostic.location.line >= 1, diagnostic.format()
        assert diagnostic.message_vi and diagnostic.message_en, diagnostic.format()
        assert "\x1b" not in diagnostic.format()


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a YAML value, as the keys and indexes that lead to it."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    return _at(data, path[:-1])


def _nested(depth: int, leaf: Any) -> Any:
    for n in range(depth):
        leaf = [leaf] if n % 2 else {"k": leaf}
    return leaf


SCALARS = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x9f), max_size=20),  # control characters
    st.integers(min_value=-(10**12), max_value=10**12),
    st.sampled_from([7, 20, 4301, 5000]).map(lambda n: f"HUGENUMBER{n}"),  # see mutated_yaml
    st.sampled_from(["", "~", "null", "yes", "no", "2026-13-45", "[[placeholder]]", "*x",
                     "&x", "../../etc/passwd", "a\0b.png", "\x1b[31mred", "\u202egnp.exe",
                     "x" * 3000, "9" * 5000]),
    st.booleans(), st.none(), st.floats(allow_nan=True),
)


def _replacement(draw: st.DrawFn, data: Any, path: tuple[Any, ...]) -> Any:
    kind = draw(st.sampled_from(["scalar", "list", "mapping", "deep", "alias", "bomb"]))
    if kind == "scalar":
        return draw(SCALARS)
    if kind == "list":
        return draw(st.lists(SCALARS, max_size=5))
    if kind == "mapping":
        return draw(st.dictionaries(st.text(max_size=8), SCALARS, max_size=4))
    if kind == "deep":
        return _nested(draw(st.integers(1, 120)), draw(SCALARS))
    part = copy.deepcopy(_at(data, draw(st.sampled_from(list(_paths(data))))))
    if kind == "alias":
        return [part, part]  # the dumper writes it once with &anchor, then *alias
    width = draw(st.integers(2, 60))
    return [[part] * width] * width  # expands to width² copies of the part


@st.composite
def mutated_yaml(draw: st.DrawFn, text: str) -> str:
    data = yaml.safe_load(text)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(list(_paths(data))))
        numbers = [p for p in _paths(data) if p and isinstance(_at(data, p), int)]
        if numbers and draw(st.integers(0, 4)) == 0:  # a number made huge or odd
            path = draw(st.sampled_from(numbers))
            _parent(data, path)[path[-1]] = draw(st.one_of(
                st.sampled_from([4301, 5000]).map(lambda n: f"HUGENUMBER{n}"),
                st.integers(-(10**6), 10**9), SCALARS))
            continue
        if not path:
            data = _replacement(draw, data, path)
            continue
        parent = _parent(data, path)
        if isinstance(parent, dict) and draw(st.booleans()):
            del parent[path[-1]]  # drop a key
        elif isinstance(parent, list) and draw(st.booleans()):
            parent.pop(path[-1])  # drop an item
        else:
            parent[path[-1]] = _replacement(draw, data, path)
    text = yaml.safe_dump(data, allow_unicode=draw(st.booleans()), sort_keys=False,
                          width=draw(st.sampled_from([40, 100, 10**6])))
    # Python cannot even print a 5,000-digit int: huge numbers are written into the text.
    return re.sub(r"HUGENUMBER(\d+)", lambda m: "9" * int(m[1]), text)


@st.composite
def mutated_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["truncate", "insert", "text", "delete", "alias"]))
        if kind == "truncate":
            data = data[:at]
        elif kind == "insert":
            data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
        elif kind == "text":
            data = data[:at] + draw(st.text(min_size=1, max_size=12)).encode(
                "utf-8", "surrogatepass") + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 40)):]
        else:
            data = data[:at] + b"&a [*a, *a]" + data[at:]
    return data


@BUDGET
@given(st.data())
def test_mutated_yaml_values_never_raise(lessons_copy: Path, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(STARTER_FILES))
    target = lessons_copy / name
    original = (REPO / "lessons" / name).read_text(encoding="utf-8")
    try:
        target.write_text(data.draw(mutated_yaml(original)), encoding="utf-8",
                          errors="surrogatepass")
        _load_and_check(lessons_copy)
    finally:
        target.write_text(original, encoding="utf-8")


@BUDGET
@given(st.data())
def test_mutated_bytes_never_raise(lessons_copy: Path, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(STARTER_FILES))
    target = lessons_copy / name
    original = (REPO / "lessons" / name).read_bytes()
    try:
        target.write_bytes(data.draw(mutated_bytes(original)))
        _load_and_check(lessons_copy)
    finally:
        target.write_bytes(original)
