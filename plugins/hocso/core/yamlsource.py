"""Read a contributor's YAML file into a node tree that remembers lines and columns.

PyYAML's composer keeps a start mark on every node, which is what lets every later check
say exactly where a problem is. Values are not constructed here: the validator reads the
raw scalar text itself, so ``no`` stays the word "no" and ``2025-01-01`` stays text until a
date is actually expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from hocso.core.diagnostics import DiagnosticList, Location, printable
from hocso.core.limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES

__all__ = ["MappingNode", "Node", "ScalarNode", "SequenceNode", "YamlDocument", "read_yaml"]


@dataclass(frozen=True)
class YamlDocument:
    """A parsed file: its root node and the path it came from."""

    path: Path
    root: Node

    def location(self, node: Node) -> Location:
        mark = node.start_mark
        return Location(self.path, mark.line + 1, mark.column + 1)


# PyYAML's wording of common mistakes, with a plain explanation for contributors.
_YAML_HINTS: list[tuple[str, str, str]] = [
    (
        "found character '\\t'",
        "Dòng này thụt lề bằng phím Tab. YAML chỉ chấp nhận dấu cách: hãy thay Tab bằng "
        "dấu cách.",
        "This line is indented with a Tab. YAML only accepts spaces: replace the Tab with "
        "spaces.",
    ),
    (
        "mapping values are not allowed here",
        "Có dấu hai chấm ':' ở chỗ không hợp lệ. Nếu câu văn có dấu ':', hãy đặt cả câu "
        "trong dấu ngoặc kép \"...\".",
        "There is a colon ':' where YAML does not expect one. If the text contains ':', put "
        "the whole text in double quotes \"...\".",
    ),
    (
        "could not find expected ':'",
        "Thiếu dấu hai chấm ':' sau tên mục, hoặc một dòng văn bản bị xuống dòng sai chỗ.",
        "A colon ':' is missing after a key, or a line of text was broken in the wrong place.",
    ),
    (
        "while scanning a quoted scalar",
        "Dấu ngoặc kép mở nhưng chưa đóng. Hãy kiểm tra mỗi \" đều có dấu đóng.",
        "A quoted text is opened but never closed. Check that every \" has a closing \".",
    ),
    (
        "expected <block end>",
        "Thụt lề không khớp: các mục cùng cấp phải thẳng hàng với nhau.",
        "The indentation does not line up: items at the same level must start in the same "
        "column.",
    ),
    (
        "expected a comment or a line break",
        "Có thêm chữ sau một giá trị trong ngoặc kép. Hãy đặt cả câu trong một cặp ngoặc kép.",
        "There is extra text after a quoted value. Put the whole text inside one pair of "
        "quotes.",
    ),
    (
        "found duplicate anchor",
        "Dùng ký hiệu '&' hoặc '*' (anchor) trong văn bản. Hãy đặt văn bản trong ngoặc kép.",
        "The text uses '&' or '*' (YAML anchors). Put the text in double quotes.",
    ),
    (
        "found undefined alias",
        "Văn bản bắt đầu bằng '*'. Hãy đặt văn bản trong ngoặc kép.",
        "The text starts with '*'. Put the text in double quotes.",
    ),
]


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def _decode(path: Path, data: bytes, diagnostics: DiagnosticList) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(data, exc.start)
        diagnostics.error(
            "not-utf8",
            Location(path, line, column),
            "Tệp không được lưu bằng mã UTF-8 (có thể là mã TCVN3 hoặc VNI cũ). Hãy mở tệp "
            "trong trình soạn thảo và lưu lại với bảng mã UTF-8.",
            "The file is not saved as UTF-8 (it may use an old Vietnamese encoding such as "
            "TCVN3 or VNI). Open it in your editor and save it again as UTF-8.",
        )
        return None


def _text_position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _report_yaml_error(path: Path, text: str, exc: yaml.YAMLError,
                       diagnostics: DiagnosticList) -> None:
    if isinstance(exc, yaml.reader.ReaderError):
        # A character YAML does not allow (a control character): the reader gives its
        # position in the text, not a line and column.
        found = chr(exc.character) if isinstance(exc.character, int) else ""
        # libyaml counts bytes, PyYAML characters: the first such character is the one.
        offset = text.find(found) if found and found in text else exc.position
        line, column = _text_position(text, offset)
        char = printable(found) if found else "?"
        diagnostics.error(
            "control-character", Location(path, line, column),
            f"Tệp có một ký tự điều khiển không hiển thị ({char}). Hãy xoá ký tự đó (thường "
            "do sao chép từ trang web hoặc ứng dụng khác).",
            f"The file contains an invisible control character ({char}). Delete it (it usually "
            "comes from copying text from a web page or another app).")
        return
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    location = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
    problem = printable(str(getattr(exc, "problem", "") or exc).strip(), 200)
    context = str(getattr(exc, "context", "") or "")
    for needle, vi, en in _YAML_HINTS:
        if needle in problem or needle in context:
            diagnostics.error("yaml-syntax", location, vi, en)
            return
    diagnostics.error(
        "yaml-syntax",
        location,
        f"Tệp không đúng cú pháp YAML ({problem}). Hãy kiểm tra thụt lề và dấu ngoặc kép "
        "ở dòng này và dòng ngay trên.",
        f"The file is not valid YAML ({problem}). Check the indentation and quotes on this "
        "line and the line above it.",
    )


_COMMENT_OR_BLANK = re.compile(r"^\s*(#.*)?$")
# libyaml's parser when PyYAML has it: the same nodes and marks, several times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _report_empty(path: Path, diagnostics: DiagnosticList) -> None:
    diagnostics.error(
        "empty-file",
        Location(path, 1, 1),
        "Tệp trống: chưa có nội dung bài học nào.",
        "The file is empty: it has no lesson content yet.",
    )


def read_yaml(path: Path, diagnostics: DiagnosticList) -> YamlDocument | None:
    """Parse ``path`` into a node tree, or report why it cannot be read and return None."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        diagnostics.error(
            "unreadable-file",
            Location(path),
            f"Không đọc được tệp ({exc.strerror}).",
            f"The file cannot be read ({exc.strerror}).",
        )
        return None
    if len(data) > MAX_FILE_BYTES:
        diagnostics.error(
            "file-too-large", Location(path, 1, 1),
            f"Tệp quá lớn ({len(data) // 1024} KB, tối đa {MAX_FILE_BYTES // 1024} KB). Hãy "
            "chia bài thành nhiều bài ngắn hơn.",
            f"The file is too large ({len(data) // 1024} KB; the limit is "
            f"{MAX_FILE_BYTES // 1024} KB). Split the lesson into shorter ones.")
        return None
    text = _decode(path, data, diagnostics)
    if text is None:
        return None
    if all(_COMMENT_OR_BLANK.match(line) for line in text.splitlines()):
        _report_empty(path, diagnostics)
        return None
    try:
        documents = list(yaml.compose_all(text, Loader=_LOADER))
    except yaml.YAMLError as exc:
        _report_yaml_error(path, text, exc, diagnostics)
        return None
    except RecursionError:
        diagnostics.error(
            "too-deep", Location(path, 1, 1),
            f"Tệp có quá nhiều tầng lồng nhau (tối đa {MAX_DEPTH}).",
            f"The file nests lists and groups too deeply (at most {MAX_DEPTH} levels).")
        return None
    documents = [doc for doc in documents if doc is not None]
    if not documents:
        _report_empty(path, diagnostics)
        return None
    if len(documents) > 1:
        location = Location(path, documents[1].start_mark.line + 1, 1)
        diagnostics.error(
            "several-documents",
            location,
            "Tệp có nhiều phần ngăn bởi '---'. Mỗi tệp chỉ chứa một bài học: hãy xoá dòng '---'.",
            "The file has several parts separated by '---'. A file holds one lesson only: "
            "remove the '---' line.",
        )
        return None
    document = YamlDocument(path, documents[0])
    return document if _small_enough(document, diagnostics) else None


def _small_enough(document: YamlDocument, diagnostics: DiagnosticList) -> bool:
    """At most MAX_NODES nodes once every alias is expanded, and at most MAX_DEPTH levels.

    An alias (``*name``) repeats a whole part of the file: a few hundred of them can make a
    small file expand into millions of values, so they are counted as if written out.
    """
    count = 0
    stack: list[tuple[Node, int]] = [(document.root, 1)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            diagnostics.error(
                "too-many-values", document.location(node),
                f"Tệp có quá nhiều mục (tối đa {MAX_NODES}, tính cả các mục lặp lại bằng "
                "ký hiệu '*' (alias)). Hãy chia bài thành nhiều bài ngắn hơn, và viết ra "
                "từng mục thay vì dùng '&' và '*'.",
                f"The file has too many values (at most {MAX_NODES}, counting each value "
                "repeated with '*' (an alias)). Split the lesson into shorter ones, and write "
                "each value out instead of using '&' and '*'.")
            return False
        if depth > MAX_DEPTH:
            diagnostics.error(
                "too-deep", document.location(node),
                f"Tệp có quá nhiều tầng lồng nhau (tối đa {MAX_DEPTH}).",
                f"The file nests lists and groups too deeply (at most {MAX_DEPTH} levels).")
            return False
        if isinstance(node, MappingNode):
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        elif isinstance(node, SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)
    return True
