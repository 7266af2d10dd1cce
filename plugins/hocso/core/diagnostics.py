"""Problems found in contributor files, reported in Vietnamese and English.

Every function in the core that reads contributor input returns diagnostics instead of
raising, so that one run reports every problem at once. Front ends (the ``hocso`` command,
the MkDocs plugin) decide how to show them.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path


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
        head = f"{self.location.display(root)}: {self.severity.label} [{self.code}]"
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
        self.items.append(Diagnostic(severity, code, location, message_vi, message_en))

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
