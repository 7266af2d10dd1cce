"""A small description language for contributor files.

One description of each file format drives both the validator (which reports every
problem with its line and column, in Vietnamese and English) and the JSON Schema that
editors use to autocomplete and underline mistakes, so the two cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from hocso.core.diagnostics import UNSAFE_CHARS, DiagnosticList, Location, printable
from hocso.core.limits import (
    MAX_ID_CHARS,
    MAX_ITEMS,
    MAX_LINE_CHARS,
    MAX_NUMBER_DIGITS,
    MAX_STEP_ID_CHARS,
    MAX_TEXT_CHARS,
)
from hocso.core.model import LocalizedText
from hocso.core.yamlsource import MappingNode, Node, ScalarNode, SequenceNode, YamlDocument

# The lesson template (``hocso new``) marks what a contributor must still write as [[...]].
PLACEHOLDER = re.compile(r"\[\[.*?\]\]", re.S)


class _Invalid:
    """Marks a value that failed validation (its problem is already reported)."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()


@dataclass
class Context:
    """What validation needs besides the node: the file, the report and the languages."""

    document: YamlDocument
    diagnostics: DiagnosticList
    languages: tuple[str, ...]
    required_languages: frozenset[str]

    def loc(self, node: Node) -> Location:
        return self.document.location(node)


def _node_kind(node: Node) -> tuple[str, str]:
    if isinstance(node, MappingNode):
        return "một nhóm mục con (tên: giá trị)", "a group of keys (name: value)"
    if isinstance(node, SequenceNode):
        return "một danh sách (các dòng bắt đầu bằng '- ')", "a list (lines starting with '- ')"
    return "một giá trị đơn", "a single value"


def _is_plain(node: ScalarNode) -> bool:
    """Written without quotes (PyYAML says None, libyaml says "")."""
    return not node.style


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag.endswith(":null") and _is_plain(node)


def did_you_mean(word: str, choices: Sequence[str], cutoff: float = 0.6) -> tuple[str, str]:
    """A " Did you mean …?" suffix in both languages, or two empty strings."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    if not close:
        return "", ""
    return f' Có phải ý bạn là "{close[0]}"?', f' Did you mean "{close[0]}"?'


class Kind:
    """A type of value in a contributor file."""

    name_vi = "một giá trị"
    name_en = "a value"

    def convert(self, node: Node, ctx: Context, where: str) -> Any:
        raise NotImplementedError

    def json_schema(self, languages: Sequence[str], required: frozenset[str]) -> dict[str, Any]:
        raise NotImplementedError

    def wrong_type(self, node: Node, ctx: Context, where: str) -> Any:
        got_vi, got_en = _node_kind(node)
        ctx.diagnostics.error(
            "wrong-type",
            ctx.loc(node),
            f'Mục "{where}" phải là {self.name_vi}, nhưng ở đây là {got_vi}.',
            f'"{where}" must be {self.name_en}, but here it is {got_en}.',
        )
        return INVALID


class Text(Kind):
    """A string. YAML's own typing is ignored: ``no`` is the word "no", not false."""

    name_vi = "một đoạn chữ"
    name_en = "a piece of text"

    def __init__(self, *, single_line: bool = True, pattern: str | None = None,
                 pattern_help: tuple[str, str] = ("", ""), max_chars: int = 0) -> None:
        self.single_line = single_line
        self.max_chars = max_chars or (MAX_LINE_CHARS if single_line else MAX_TEXT_CHARS)
        self.pattern = re.compile(pattern) if pattern else None
        self.pattern_help = pattern_help

    def convert(self, node: Node, ctx: Context, where: str) -> Any:
        if not isinstance(node, ScalarNode):
            return self.wrong_type(node, ctx, where)
        value = node.value
        if not value.strip() or _is_null(node):
            ctx.diagnostics.error(
                "empty-value",
                ctx.loc(node),
                f'Mục "{where}" đang để trống. Hãy điền nội dung.',
                f'"{where}" is empty. Please fill it in.',
            )
            return INVALID
        unsafe = UNSAFE_CHARS.search(value)
        if unsafe:
            char = printable(unsafe.group())
            ctx.diagnostics.error(
                "control-character",
                ctx.loc(node),
                f'Mục "{where}" có một ký tự điều khiển không hiển thị ({char}). Hãy xoá ký tự '
                "đó (thường do sao chép từ trang web hoặc ứng dụng khác).",
                f'"{where}" contains an invisible control character ({char}). Delete it (it '
                "usually comes from copying text from a web page or another app).",
            )
            return INVALID
        if len(value) > self.max_chars:
            ctx.diagnostics.error(
                "text-too-long",
                ctx.loc(node),
                f'Mục "{where}" quá dài ({len(value)} ký tự, tối đa {self.max_chars}). Hãy viết '
                "ngắn lại hoặc chia thành nhiều bước.",
                f'"{where}" is too long ({len(value)} characters; at most {self.max_chars}). '
                "Make it shorter or split it into several steps.",
            )
            return INVALID
        if not unicodedata.is_normalized("NFC", value):
            ctx.diagnostics.warning(
                "not-nfc",
                ctx.loc(node),
                f'Chữ tiếng Việt trong "{where}" được gõ ở dạng tách dấu (NFD). Bản dựng đã tự '
                "chuyển sang dạng dựng sẵn (NFC); hãy lưu tệp ở dạng NFC (Unicode dựng sẵn).",
                f'The text in "{where}" uses decomposed accents (NFD). The build converted it to '
                "precomposed form (NFC); please save the file in NFC (precomposed Unicode).",
            )
            value = unicodedata.normalize("NFC", value)
        value = value.strip()
        if PLACEHOLDER.search(value):
            ctx.diagnostics.error(
                "placeholder",
                ctx.loc(node),
                f'Mục "{where}" vẫn còn chỗ giữ chỗ [[...]] của bài mẫu. Hãy thay bằng nội dung '
                "thật.",
                f'"{where}" still holds a [[...]] placeholder from the lesson template. Replace '
                "it with real content.",
            )
            return INVALID
        if self.single_line and "\n" in value:
            ctx.diagnostics.error(
                "multiple-lines",
                ctx.loc(node),
                f'Mục "{where}" chỉ được có một dòng.',
                f'"{where}" must be a single line.',
            )
            return INVALID
        if self.pattern is not None and not self.pattern.fullmatch(value):
            help_vi, help_en = self.pattern_help
            ctx.diagnostics.error(
                "bad-format",
                ctx.loc(node),
                f'Giá trị "{printable(value)}" của mục "{where}" không đúng dạng. {help_vi}',
                f'The value "{printable(value)}" of "{where}" has the wrong form. {help_en}',
            )
            return INVALID
        return value

    def json_schema(self, languages: Sequence[str], required: frozenset[str]) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "minLength": 1,
                                  "maxLength": self.max_chars}
        if self.pattern is not None:
            schema["pattern"] = f"^(?:{self.pattern.pattern})$"
        return schema


SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
SLUG_HELP = (
    "Chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ install-vneid.",
    "Use only lower-case letters without accents, digits and hyphens, e.g. install-vneid.",
)


class Slug(Text):
    def __init__(self) -> None:
        super().__init__(pattern=SLUG_PATTERN, pattern_help=SLUG_HELP, max_chars=MAX_ID_CHARS)


STEP_ID_PATTERN = r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*"
STEP_ID_HELP = (
    "Bắt đầu bằng một chữ cái; chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ "
    "open-app. (Mã chỉ có chữ số như 3 đã dành cho liên kết cũ #step-3.)",
    "Start with a letter; use only lower-case letters without accents, digits and hyphens, "
    "e.g. open-app. (Ids of digits only, like 3, are kept for old #step-3 links.)",
)


class StepId(Text):
    """A step's id: its address on the page and in printed QR codes (``#step-<id>``)."""

    def __init__(self) -> None:
        super().__init__(pattern=STEP_ID_PATTERN, pattern_help=STEP_ID_HELP,
                         max_chars=MAX_STEP_ID_CHARS)


class Url(Text):
    name_vi = "một địa chỉ web"
    name_en = "a web address"

    def convert(self, node: Node, ctx: Context, where: str) -> Any:
        value = super().convert(node, ctx, where)
        if value is INVALID:
            return value
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
            ctx.diagnostics.error(
                "bad-url",
                ctx.loc(node),
                f'"{printable(value)}" không phải địa chỉ web đầy đủ. Hãy ghi cả phần đầu '
                "https://.",
                f'"{printable(value)}" is not a complete web address. Include the https:// at '
                "the start.",
            )
            return INVALID
        return value

    def json_schema(self, languages: Sequence[str], required: frozenset[str]) -> dict[str, Any]:
        return {"type": "string", "format": "uri", "pattern": "^https?://"}


class Integer(Kind):
    name_vi = "một số nguyên"
    name_en = "a whole number"

    def __init__(self, minimum: int, maximum: int) -> None:
        self.minimum = minimum
        self.maximum = maximum

    def convert(self, node: Node, ctx: Context, where: str) -> Any:
        if not isinstance(node, ScalarNode):
            return self.wrong_type(node, ctx, where)
        text = node.value.strip()
        if not re.fullmatch(r"\d+", text) or not _is_plain(node):
            ctx.diagnostics.error(
                "wrong-type",
                ctx.loc(node),
                f'Mục "{where}" phải là một số nguyên viết bằng chữ số (ví dụ 10), '
                f'không phải "{printable(text)}".',
                f'"{where}" must be a whole number written in digits (e.g. 10), not '
                f'"{printable(text)}".',
            )
            return INVALID
        if len(text) > MAX_NUMBER_DIGITS:
            ctx.diagnostics.error(
                "out-of-range",
                ctx.loc(node),
                f'Mục "{where}" phải từ {self.minimum} đến {self.maximum}, không phải một số '
                f"{len(text)} chữ số.",
                f'"{where}" must be between {self.minimum} and {self.maximum}, not a number of '
                f"{len(text)} digits.",
            )
            return INVALID
        value = int(text)
        if not self.minimum <= value <= self.maximum:
            ctx.diagnostics.error(
                "out-of-range",
                ctx.loc(node),
                f'Mục "{where}" phải từ {self.minimum} đến {self.maximum}, không phải {value}.',
                f'"{where}" must be between {self.minimum} and {self.maximum}, not {value}.',
            )
            return INVALID
        return value

    def json_schema(self, languages: Sequence[str], required: frozenset[str]) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


class Date(Kind):
    name_vi = "một ngày dạng NĂM-THÁNG-NGÀY (ví dụ 2026-11-23)"
    name_en = "a date written YEAR-MONTH-DAY (e.g. 2026-11-23)"

    def convert(self, node: Node, ctx: Context, where: str) -> Any:
        if not isinstance(node, ScalarNode):
            return self.wrong_type(node, ctx, where)
        text = node.value.strip()
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError(text)
            return dt.date.fromisoformat(text)
        except ValueError:
            ctx.diagnostics.error(
                "bad-date",
                ctx.loc(node),
                f'Mục "{where}" phải là {self.name_vi}, không phải "{printable(text)}".',
                f'"{where}" must be {self.name_en}, not "{printable(text)}".',
            )
            return INVALID

    def json_schema(self, languages: Sequence[str], required: frozenset[str]) -> dict[str, Any]:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


class Choice(Kind):
    def __init__(self, values: Sequence[str]) -> None:
        self.values = tuple(values)
        listed = ", ".join(self.values)
        self.name_vi = f"một trong các giá trị: {listed}"
        self.name_en = f"one of: {listed}"

    def convert(self, node: Node, ctx: Context, where: str) -> Any:
        if not isinstance(node, ScalarNode):
            return self.wrong_type(node, ctx, where)
        text = node.value.strip()
        if text not in self.values:
            hint_vi, hint_en = did_you_mean(text, self.values)
            ctx.diagnostics.error(
                "bad-choice",
                ctx.loc(node),
                f'"{printable(text)}" không dùng được cho mục "{where}". Hãy chọn '
                f"{self.name_vi}.{hint_vi}",
                f'"{printable(text)}" is not allowed for "{where}". Choose '
                f"{self.name_en}.{hint_en}",
            )
            return INVALID
        return text

    def json_schema(self, languages: Sequence[str], required: frozenset[str]) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.values)}


class Boolean(Kind):
    name_vi = "true (có) hoặc false (không)"
    name_en = "true or false"

    def convert(self, node: Node, ctx: Context, where: str) -> Any:
        if not isinstance(node, ScalarNode):
            return self.wrong_type(node, ctx, where)
        text = node.value.strip()
        if text not in ("true", "false"):
            ctx.diagnostics.error(
                "wrong-type",
                ctx.loc(node),
                f'Mục "{where}" phải là true (có) hoặc false (không), không phải '
                f'"{printable(text)}".',
                f'"{where}" must be true or false, not "{printable(text)}".',
            )
            return INVALID
        return text == "true"

    def json_schema(self, languages: Sequence[str], required: frozenset[str]) -> dict[str, Any]:
        return {"type": "boolean"}


class Numbers(Kind):
    """A fixed number of whole numbers, like a point ``[x, y]`` or a box ``[x, y, w, h]``."""

    def __init__(self, names: Sequence[str], example: str) -> None:
        self.names = tuple(names)
        self.example = example
        self.name_vi = f"{len(self.names)} số nguyên [{', '.join(self.names)}], ví dụ {example}"
        self.name_en = f"{len(self.names)} whole numbers [{', '.join(self.names)}], e.g. {example}"

    def convert(self, node: Node, ctx: Context, where: str) -> Any:
        items = node.value if isinstance(node, SequenceNode) else None
        if items is None or len(items) != len(self.names) or not all(
                isinstance(item, ScalarNode)
                and re.fullmatch(rf"\d{{1,{MAX_NUMBER_DIGITS}}}", item.value.strip())
                for item in items):
            ctx.diagnostics.error(
                "bad-coordinates",
                ctx.loc(node),
                f'Mục "{where}" phải là {self.name_vi} (tính bằng điểm ảnh, từ góc trên bên '
                f"trái của ảnh, mỗi số tối đa {MAX_NUMBER_DIGITS} chữ số).",
                f'"{where}" must be {self.name_en} (in image pixels, from the top-left corner '
                f"of the image, each at most {MAX_NUMBER_DIGITS} digits).",
            )
            return INVALID
        return tuple(int(item.value) for item in items)

    def json_schema(self, languages: Sequence[str], required: frozenset[str]) -> dict[str, Any]:
        count = len(self.names)
        return {"type": "array", "items": {"type": "integer", "minimum": 0},
                "minItems": count, "maxItems": count}


class TextOrLocalized(Kind):
    """One text for every language, or one per language (``{vi: …, en: …}``)."""

    name_vi = "một đoạn chữ, hoặc mỗi ngôn ngữ một đoạn (vi: …, en: …)"
    name_en = "a text, or one text per language (vi: …, en: …)"

    def __init__(self) -> None:
        self.text = Text()
        self.localized = Localized()

    def convert(self, node: Node, ctx: Context, where: str) -> Any:
        if isinstance(node, MappingNode):
            return self.localized.convert(node, ctx, where)
        value = self.text.convert(node, ctx, where)
        if value is INVALID:
            return value
        return LocalizedText({lang: value for lang in ctx.languages}, ctx.loc(node))

    def json_schema(self, languages: Sequence[str], required: frozenset[str]) -> dict[str, Any]:
        return {"anyOf": [self.text.json_schema(languages, required),
                          self.localized.json_schema(languages, required)]}


class Localized(Kind):
    """The same text in each language, side by side: ``{vi: …, en: …}``."""

    name_vi = "các bản theo ngôn ngữ (vi: …, en: …)"
    name_en = "one text per language (vi: …, en: …)"

    def __init__(self, *, single_line: bool = True, markdown: bool = False,
                 max_chars: int = 0) -> None:
        self.text = Text(single_line=single_line, max_chars=max_chars)
        self.markdown = markdown

    def convert(self, node: Node, ctx: Context, where: str) -> Any:
        if isinstance(node, ScalarNode) and not _is_null(node):
            ctx.diagnostics.error(
                "not-localized",
                ctx.loc(node),
                f'Mục "{where}" cần ghi riêng cho từng ngôn ngữ, ví dụ:\n'
                f"      vi: <tiếng Việt>\n      en: <English>",
                f'"{where}" needs one text per language, for example:\n'
                f"      vi: <Vietnamese>\n      en: <English>",
            )
            return INVALID
        if not isinstance(node, MappingNode):
            return self.wrong_type(node, ctx, where)
        texts: dict[str, str] = {}
        ok = True
        for key_node, value_node in _mapping_items(node, ctx, where):
            lang = key_node.value
            if lang not in ctx.languages:
                hint_vi, hint_en = did_you_mean(lang, ctx.languages, cutoff=0.5)
                ctx.diagnostics.error(
                    "unknown-language",
                    ctx.loc(key_node),
                    f'"{printable(lang)}" không phải ngôn ngữ của trang (dùng: '
                    f'{", ".join(ctx.languages)}).{hint_vi}',
                    f'"{printable(lang)}" is not one of the site\'s languages '
                    f'({", ".join(ctx.languages)}).{hint_en}',
                )
                ok = False
                continue
            value = self.text.convert(value_node, ctx, f"{where} › {lang}")
            if value is INVALID:
                ok = False
            else:
                texts[lang] = value
        for lang in ctx.languages:
            if lang in ctx.required_languages and lang not in texts and ok:
                ctx.diagnostics.error(
                    "missing-translation",
                    ctx.loc(node),
                    f'Mục "{where}" thiếu bản "{lang}" (bắt buộc).',
                    f'"{where}" is missing its "{lang}" text, which is required.',
                )
                ok = False
        if not ok:
            return INVALID
        return LocalizedText(texts, ctx.loc(node))

    def json_schema(self, languages: Sequence[str], required: frozenset[str]) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {lang: {"type": "string", "minLength": 1,
                                  "maxLength": self.text.max_chars} for lang in languages},
            "required": [lang for lang in languages if lang in required],
            "additionalProperties": False,
        }


class Stamps(Kind):
    """For each translated language, the stamp of the source text it was made from."""

    name_vi = "mỗi ngôn ngữ một mã 8 ký tự (en: 3f9a0c1e)"
    name_en = "one 8-character stamp per language (en: 3f9a0c1e)"

    def convert(self, node: Node, ctx: Context, where: str) -> Any:
        if not isinstance(node, MappingNode):
            return self.wrong_type(node, ctx, where)
        stamps: dict[str, str] = {}
        translated = [lang for lang in ctx.languages[1:]]
        for key_node, value_node in _mapping_items(node, ctx, where):
            lang = key_node.value
            value = value_node.value.strip() if isinstance(value_node, ScalarNode) else ""
            if lang not in translated or not re.fullmatch(r"[0-9a-f]{8}", value):
                ctx.diagnostics.error(
                    "bad-stamp", ctx.loc(key_node),
                    f'"{where} › {printable(lang)}" phải là mã 8 ký tự do lệnh `hocso '
                    f"translated` ghi, cho một ngôn ngữ dịch ({', '.join(translated)}).",
                    f'"{where} › {printable(lang)}" must be the 8-character stamp written by '
                    f"`hocso translated`, for a translated language ({', '.join(translated)}).")
                continue
            stamps[lang] = value
        return stamps

    def json_schema(self, languages: Sequence[str], required: frozenset[str]) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {lang: {"type": "string", "pattern": "^[0-9a-f]{8}$"}
                           for lang in languages[1:]},
            "additionalProperties": False,
        }


class ListOf(Kind):
    name_vi = "một danh sách (các dòng bắt đầu bằng '- ')"
    name_en = "a list (lines starting with '- ')"

    def __init__(self, item: Kind, *, min_items: int = 0, max_items: int = MAX_ITEMS) -> None:
        self.item = item
        self.min_items = min_items
        self.max_items = max_items

    def convert(self, node: Node, ctx: Context, where: str) -> Any:
        if _is_null(node):
            items: list[Node] = []
        elif isinstance(node, SequenceNode):
            items = list(node.value)
        else:
            return self.wrong_type(node, ctx, where)
        if len(items) < self.min_items:
            ctx.diagnostics.error(
                "too-few-items",
                ctx.loc(node),
                f'Danh sách "{where}" cần ít nhất {self.min_items} mục.',
                f'The list "{where}" needs at least {self.min_items} item(s).',
            )
            return INVALID
        if len(items) > self.max_items:
            ctx.diagnostics.error(
                "too-many-items",
                ctx.loc(node),
                f'Danh sách "{where}" có {len(items)} mục, tối đa {self.max_items}. Hãy chia '
                "bài thành nhiều bài ngắn hơn.",
                f'The list "{where}" has {len(items)} items; at most {self.max_items}. Split '
                "the lesson into shorter ones.",
            )
            return INVALID
        # Invalid items are left out: their problems are reported, and the file as a whole
        # is rejected by the caller, but the valid ones can still be cross-checked.
        values = [self.item.convert(item, ctx, f"{where} › {n}") for n, item in
                  enumerate(items, start=1)]
        return [value for value in values if value is not INVALID]

    def json_schema(self, languages: Sequence[str], required: frozenset[str]) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "array",
            "items": self.item.json_schema(languages, required),
            "maxItems": self.max_items,
        }
        if self.min_items:
            schema["minItems"] = self.min_items
        return schema


@dataclass(frozen=True)
class Field:
    """One key of a record, with its bilingual description for the schema and docs."""

    name: str
    kind: Kind
    required: bool
    vi: str
    en: str


@dataclass
class RecordValue:
    """A validated mapping: its values by key and where each one was written."""

    location: Location
    values: dict[str, Any]
    locations: dict[str, Location] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def _mapping_items(node: MappingNode, ctx: Context, where: str) -> list[tuple[ScalarNode, Node]]:
    """The key/value pairs of a mapping, reporting duplicate and non-text keys."""
    seen: dict[str, ScalarNode] = {}
    pairs: list[tuple[ScalarNode, Node]] = []
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            ctx.diagnostics.error(
                "bad-key",
                ctx.loc(key_node),
                f'Trong "{where}", tên mục phải là một từ, ví dụ "title".',
                f'In "{where}", a key must be a plain word such as "title".',
            )
            continue
        name = key_node.value
        if name in seen:
            first = ctx.loc(seen[name])
            ctx.diagnostics.error(
                "duplicate-key",
                ctx.loc(key_node),
                f'Mục "{printable(name)}" xuất hiện hai lần (lần đầu ở dòng {first.line}). Hãy '
                "giữ một.",
                f'"{printable(name)}" is written twice (first on line {first.line}). Keep only '
                "one.",
            )
            continue
        seen[name] = key_node
        pairs.append((key_node, value_node))
    return pairs


class Record(Kind):
    name_vi = "một nhóm mục con (tên: giá trị)"
    name_en = "a group of keys (name: value)"

    def __init__(self, fields: Sequence[Field], *, title: str = "") -> None:
        self.fields = {f.name: f for f in fields}
        self.title = title

    def convert(self, node: Node, ctx: Context, where: str) -> Any:
        if not isinstance(node, MappingNode):
            return self.wrong_type(node, ctx, where)
        values: dict[str, Any] = {}
        locations: dict[str, Location] = {}
        prefix = f"{where} › " if where else ""
        for key_node, value_node in _mapping_items(node, ctx, where or "tệp / file"):
            name = key_node.value
            spec = self.fields.get(name)
            if spec is None:
                hint_vi, hint_en = did_you_mean(name, list(self.fields))
                allowed = ", ".join(self.fields)
                ctx.diagnostics.error(
                    "unknown-key",
                    ctx.loc(key_node),
                    f'Không dùng được mục "{printable(name)}" ở đây.{hint_vi} '
                    f"(Các mục dùng được: {allowed}.)",
                    f'The key "{printable(name)}" is not allowed here.{hint_en} '
                    f"(Allowed keys: {allowed}.)",
                )
                continue
            if _is_null(value_node) and not isinstance(spec.kind, ListOf):
                ctx.diagnostics.error(
                    "empty-value",
                    ctx.loc(value_node),
                    f'Mục "{prefix}{name}" đang để trống. Hãy điền nội dung.',
                    f'"{prefix}{name}" is empty. Please fill it in.',
                )
                continue
            value = spec.kind.convert(value_node, ctx, f"{prefix}{name}")
            locations[name] = ctx.loc(value_node)
            if value is not INVALID:
                values[name] = value
        present = {key.value for key, _ in node.value if isinstance(key, ScalarNode)}
        missing = [f for f in self.fields.values() if f.required and f.name not in present]
        if len(missing) == 1:
            spec = missing[0]
            ctx.diagnostics.error(
                "missing-key",
                ctx.loc(node),
                f'Thiếu mục bắt buộc "{prefix}{spec.name}" ({spec.vi}).',
                f'The required key "{prefix}{spec.name}" is missing ({spec.en}).',
            )
        elif missing:
            ctx.diagnostics.error(
                "missing-key",
                ctx.loc(node),
                "Thiếu các mục bắt buộc: " + "; ".join(
                    f'"{prefix}{f.name}" ({f.vi})' for f in missing) + ".",
                "These required keys are missing: " + "; ".join(
                    f'"{prefix}{f.name}" ({f.en})' for f in missing) + ".",
            )
        # Always a value, even with problems: the caller decides from the diagnostics
        # whether the file is usable, and cross-file checks can still run on what is valid.
        return RecordValue(ctx.loc(node), values, locations)

    def json_schema(self, languages: Sequence[str], required: frozenset[str]) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        for spec in self.fields.values():
            prop = spec.kind.json_schema(languages, required)
            prop["description"] = f"{spec.vi} / {spec.en}"
            properties[spec.name] = prop
        schema: dict[str, Any] = {
            "type": "object",
            "properties": properties,
            "required": [f.name for f in self.fields.values() if f.required],
            "additionalProperties": False,
        }
        if self.title:
            schema["title"] = self.title
        return schema
