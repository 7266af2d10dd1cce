"""Digests that cache keys are built from: a folder's files, and this package's own code."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

_CORE_DIR = Path(__file__).resolve().parent


def tree_digest(folder: Path, *, skip: frozenset[str] = frozenset()) -> str:
    """A hash of every file below ``folder`` (names and bytes), leaving out top folders
    named in ``skip`` and Python's byte-code caches."""
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if relative.parts[0] in skip or not path.is_file() or "__pycache__" in relative.parts:
                continue
            digest.update(relative.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@cache
def code_digest() -> str:
    """Changes whenever the lesson core's code does, so caches never outlive a code change."""
    return tree_digest(_CORE_DIR)
