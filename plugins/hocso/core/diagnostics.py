"""Problems found in contributor files, reported in Vietnamese and English.

Every function in the core that reads contributor input returns diagnostics instead of
raising, so that one run reports every problem at once. Front ends (the ``hocso`` command,
the MkDocs plugin) decide how to show them.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

# Characters a terminal may act on (colours, cursor moves, bells, text direction): shown
# escaped, as \x1b, whenever contributor text is echoed in a message.
UNSAFE_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e"
                     "\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """``text`` with control characters (other than new lines and tabs) escaped."""
    return UNSAFE_CHARS.sub(_escape, text)


def printable(value: str, limit: int = 80) -> str:
    """A contributor's value, made safe to echo on one line of a terminal and shortened."""
    text = terminal_safe(value).replace("\n", "\\n").replace("\t", "\\t")
    return text if len(text) <= limit else text[:limit - 1] + "…"


class Severity(enum.IntEnum):
    """How serious a problem is. Errors stop the build; warnings fail ``--strict``."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return {1: "ghi chú / note", 2: "cảnh báo / warning", 3: "lỗi / error"}[self.value]


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file. ``line`` and ``column`` count from 1; 0 means unknown."""

    path: Path
    line: int = 0
    column: int = 0

    def display(self, root: Path | None = None) -> str:
        path = self.path
        if root is not None:
            try:
                path = self.path.resolve().relative_to(root.resolve())
            except ValueError:
                path = self.path
        text = path.as_posix()
        if self.line:
            text += f":{self.line}"
            if self.column:
                text += f":{self.column}"
        return text


@dataclass(frozen=True)
class Diagnostic:
    """One problem: where it is, how serious, and a plain explanation in both languages."""

    severity: Severity
    code: str
    location: Location
    message_vi: str
    message_en: str

    def format(self, root: Path | None = None) -> str:
        """Three lines: ``file:line:col: severity [code]``, then Vietnamese, then English."""
        head = printable(f"{self.location.display(root)}: {self.severity.label} [{self.code}]",
                         limit=10_000)
        return f"{head}\n  vi: {self.message_vi}\n  en: {self.message_en}"

    def sort_key(self) -> tuple[str, int, int, str]:
        loc = self.location
        return (loc.path.as_posix(), loc.line, loc.column, self.code)


@dataclass
class DiagnosticList:
    """An ordered, append-only collection of diagnostics."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(
        self,
        severity: Severity,
        code: str,
        location: Location,
        message_vi: str,
        message_en: str,
    ) -> None:
        self.items.append(Diagnostic(severity, code, location, terminal_safe(message_vi),
                                     terminal_safe(message_en)))

    def error(self, code: str, location: Location, vi: str, en: str) -> None:
        self.add(Severity.ERROR, code, location, vi, en)

    def warning(self, code: str, location: Location, vi: str, en: str) -> None:
        self.add(Severity.WARNING, code, location, vi, en)

    def info(self, code: str, location: Location, vi: str, en: str) -> None:
        self.add(Severity.INFO, code, location, vi, en)

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.items)

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.items if d.severity is severity)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=Diagnostic.sort_key)
