"""Offline use: after the last language is built, write the service worker and its lists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from hocso.core.model import LessonSet
from hocso.core.offline import MissingFile, write_offline_site


def last_language_built(config: MkDocsConfig) -> bool:
    """mkdocs-static-i18n builds the other languages from inside the default language's
    ``on_post_build`` (priority -100) and is ``building`` meanwhile: only the outer call, made
    after it (a lower priority), sees every language on disk."""
    i18n: Any = config.plugins.get("i18n")
    return i18n is None or not getattr(i18n, "building", False)


def write_offline(config: MkDocsConfig, templates_dir: Path, lessons: LessonSet,
                  languages: tuple[str, ...], strings: dict[str, dict[str, str]]) -> str:
    try:
        return write_offline_site(Path(config.site_dir), templates_dir, lessons, languages,
                                  strings)
    except MissingFile as exc:
        raise PluginError(f"lessons: {exc}") from exc
