"""Cache files that came from a branch are never trusted.

The build's caches (``.cache/hocso``) are written only by the build itself and hold data
only (JSON, HTML, images, PDFs), but a pull request could still force-add a crafted cache
file, for instance a page whose HTML was never rendered from a lesson. Any file in the cache
folder that git tracks is therefore ignored, and named in a warning.
"""

from __future__ import annotations

import subprocess
from functools import lru_cache
from pathlib import Path

from hocso.core.diagnostics import DiagnosticList, Location

__all__ = ["is_tracked", "report_tracked", "tracked_cache_files"]


@lru_cache(maxsize=16)
def _tracked(cache_dir: Path) -> frozenset[Path]:
    if not cache_dir.is_dir():
        return frozenset()
    try:
        result = subprocess.run(
            ["git", "ls-files", "-z", "--", "."], cwd=cache_dir, capture_output=True,
            timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return frozenset()  # no git, or not a repository: nothing is tracked
    if result.returncode != 0:
        return frozenset()
    names = result.stdout.decode("utf-8", "surrogateescape").split("\0")
    return frozenset((cache_dir / name).resolve() for name in names if name)


def tracked_cache_files(cache_dir: Path) -> frozenset[Path]:
    """The files under ``cache_dir`` that git tracks (none when git is absent)."""
    return _tracked(cache_dir.resolve())


def is_tracked(cache_dir: Path, path: Path) -> bool:
    """Whether ``path`` (a file in ``cache_dir``) is tracked by git, so must not be used."""
    tracked = tracked_cache_files(cache_dir)
    return bool(tracked) and path.resolve() in tracked


def report_tracked(cache_dir: Path, diagnostics: DiagnosticList) -> None:
    """A warning naming each tracked cache file: it is ignored, and should be removed."""
    for path in sorted(tracked_cache_files(cache_dir)):
        diagnostics.warning(
            "tracked-cache-file", Location(path),
            "Tệp bộ nhớ đệm này được đưa vào git nên bị bỏ qua (bộ nhớ đệm chỉ do bản dựng "
            "tạo ra). Hãy xoá nó khỏi git: git rm --cached <tệp>.",
            "This cache file is tracked by git, so it is ignored (only the build writes its "
            "cache). Remove it from git: git rm --cached <file>.")
