"""Lesson pages as MkDocs files.

Each generated page is declared as a Markdown file under ``docs_dir`` that does not exist
on disk (``index.md`` for the default language, ``index.en.md`` for English), which is the
naming mkdocs-static-i18n's suffix mode understands. The i18n plugin then pairs the
languages for its switcher exactly as it does for hand-written pages. Their text is
supplied after the i18n plugin has rebuilt the file list, because it recreates every file.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from hocso.core.addresses import Addresses
from hocso.core.images import ProcessedImage
from hocso.core.model import LessonSet
from hocso.core.render import SiteRenderer
from hocso.core.safety import add_content_security_policy, for_theme
from hocso.core.site import HandoutSpec, SitePage, lesson_path, site_pages, url


@dataclass(frozen=True)
class PageFile:
    """A generated page in one language."""

    page: SitePage
    lang: str
    src_uri: str


def page_src_uri(page: SitePage, lang: str, default_lang: str) -> str:
    stem = f"{page.path}index"
    return f"{stem}.md" if lang == default_lang else f"{stem}.{lang}.md"


def page_files(lessons: LessonSet, languages: tuple[str, ...]) -> dict[str, PageFile]:
    """Every generated page in every language, by its virtual source path."""
    result: dict[str, PageFile] = {}
    for page in site_pages(lessons):
        for lang in languages:
            src_uri = page_src_uri(page, lang, languages[0])
            result[src_uri] = PageFile(page, lang, src_uri)
    return result


def page_stub(title: str, description: str, topic: str = "") -> str:
    """The Markdown MkDocs reads for a generated page: only its metadata.

    The body is rendered by the lesson templates in ``on_page_content``. ``topic`` (the id of
    a lesson's or topic page's topic) lets the sidebar mark the reader's topic even on a
    lesson page, which the sidebar does not list (see templates/theme/partials/nav.html).
    """
    # MkDocs and Material print titles (<title>, the sidebar) and the description (<meta>)
    # without escaping: they get them escaped, once, here (hocso.core.safety).
    meta: dict[str, object] = {"title": for_theme(title), "description": for_theme(description),
                               "hide": ["toc"]}
    if topic:
        meta["topic"] = topic
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n"


def add_page_files(files: Files, pages: dict[str, PageFile], config: MkDocsConfig) -> list[str]:
    """Declare the generated pages; returns source paths that clash with real files."""
    clashes = []
    for src_uri in pages:
        if files.get_file_from_path(src_uri) is not None:
            clashes.append(src_uri)
            continue
        files.append(File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls))
    return clashes


class ContentAddressedFile(File):
    """A file whose name carries the hash of its content, so a same-sized file already at the
    destination is this file: the other languages' builds do not copy it again."""

    def copy_file(self, dirty: bool = False) -> None:
        assert self.abs_src_path is not None
        source, target = Path(self.abs_src_path), Path(self.abs_dest_path)
        try:
            if target.stat().st_size == source.stat().st_size:
                return
        except FileNotFoundError:
            pass
        # Thousands of pictures: create a folder only when the copy finds it missing.
        try:
            shutil.copyfile(source, target)
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


def add_image_files(files: Files, images: Iterable[ProcessedImage], images_dir: Path,
                    config: MkDocsConfig) -> None:
    """Publish the web sizes of every processed screenshot from the image cache.

    The print size is read by handouts straight from the cache; no page links to it.
    """
    seen: set[str] = set()
    for image in images:
        for variant in image.web:
            if variant.url in seen:
                continue
            seen.add(variant.url)
            files.append(ContentAddressedFile(
                variant.path.relative_to(images_dir).as_posix(), str(images_dir),
                config.site_dir, config.use_directory_urls, dest_uri=variant.url))


def add_handout_files(files: Files, handouts: Mapping[HandoutSpec, Path],
                      config: MkDocsConfig) -> None:
    """Publish each handout PDF from the handout cache under ``handouts/``."""
    for spec, path in handouts.items():
        files.append(File(path.name, str(path.parent), config.site_dir,
                          config.use_directory_urls, dest_uri=spec.url))


def add_redirect_files(files: Files, lessons: LessonSet, renderer: SiteRenderer,
                       config: MkDocsConfig) -> None:
    """The pages left at old lesson addresses, in the language being built (the i18n plugin
    builds each language in turn, after which these are added)."""
    lang = config.theme["language"]
    for redirect in Addresses(lessons.lessons, lessons.record).redirects():
        html = add_content_security_policy(renderer.redirect(redirect, lang))
        dest = url(lesson_path(redirect.old_id), lang, renderer.default_language)
        if files.get_file_from_path(f"{dest}index.html") is None:
            files.append(File.generated(config, f"{dest}index.html", content=html))
