"""Rendered lesson pages kept on disk between builds, keyed by everything that shapes them.

A lesson page depends only on its lesson, its topic, the glossary terms it uses, its
pictures and handouts, the templates and interface strings, and this package's code. The key
hashes all of them, so a page is re-rendered exactly when one of them changes: a warm build
renders nothing, and saving one lesson under ``mkdocs serve`` renders that lesson's pages.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from importlib import metadata
from pathlib import Path

from hocso.core.cachekeys import code_digest, tree_digest
from hocso.core.cachetrust import is_tracked

# Folders of the templates directory that MkDocs uses, not the lesson renderer.
_NOT_RENDERER_INPUT = frozenset({"site", "theme"})


class PageCache:
    """HTML bodies in ``cache_dir/pages``; the salt covers the templates and the code."""

    def __init__(self, cache_dir: Path, templates_dir: Path, settings: object) -> None:
        self.folder = cache_dir / "pages"
        self._digests: dict[int, tuple[object, str]] = {}
        self.salt = "\n".join([
            tree_digest(templates_dir, skip=_NOT_RENDERER_INPUT),
            code_digest(),
            # Their output can change between releases.
            *(f"{name} {metadata.version(name)}" for name in ("jinja2", "markdown-it-py")),
            repr(settings),
        ])

    def digest_of(self, value: object) -> str:
        """The hash of ``repr(value)``, worked out once per object (a lesson has a page in
        each language)."""
        known = self._digests.get(id(value))
        if known is None or known[0] is not value:
            known = (value, hashlib.sha256(repr(value).encode()).hexdigest())
            self._digests[id(value)] = known
        return known[1]

    def key(self, *parts: object) -> str:
        """A key for the page that these inputs (compared by ``repr``) produce."""
        digest = hashlib.sha256(self.salt.encode())
        for part in parts:
            digest.update(b"\0" + repr(part).encode())
        return digest.hexdigest()

    def get(self, key: str) -> str | None:
        path = self.folder / f"{key}.html"
        if is_tracked(self.folder.parent, path):
            return None  # committed by a branch, not written by a build
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def put(self, key: str, html: str) -> None:
        """Written whole or not at all, so a stopped build never leaves half a page."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.folder,
                                         suffix=".tmp", delete=False) as tmp:
            tmp.write(html)
        os.replace(tmp.name, self.folder / f"{key}.html")
