"""What a phone keeps for offline use, read from the built site.

After every language is built, the build writes a precache list (``offline/manifest.json``):
the shell every visitor gets (styles, scripts, fonts, icons, the catalogue and the offline page
in each language) and, for each lesson, a content hash and size over everything its pages in
every language need. Each lesson's own file list is a separate, content-addressed file
(``offline/lessons/<id>.<hash>.json``), so the list a phone downloads on every deploy stays
small however many lessons there are, and a list can never describe another version of the
lesson. The service worker (``templates/sw.js``) gets the list's hash as its version: any change
to any cached file changes ``sw.js``, which is how browsers notice a new deploy.

Everything is read back from the written pages rather than from the model, so what is cached is
exactly what a page asks for. Paths are relative to the site root, without a leading slash, so
the service worker resolves them against its own address and the site works under a sub-path.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from hocso.core.model import LessonSet
from hocso.core.offlineicons import BLUE, icons
from hocso.core.site import lesson_path, url

MANIFEST_PATH = "offline/manifest.json"
LESSON_LISTS = "offline/lessons/"
OFFLINE_PAGE = "offline/"
SERVICE_WORKER = "sw.js"
ICONS_DIR = "assets/icons/"
# Loaded by assets/hocso-offline.js after the page, so no page names it.
OFFLINE_SCRIPT = "assets/hocso-offline-ui.js"
# Pictures are content-addressed files of one lesson; handouts are a separate choice.
_LESSON_PREFIXES = ("images/",)
_HANDOUT_PREFIX = "handouts/"
# <link rel=...> values that the page needs to be shown (not "alternate" or "canonical").
_NEEDED_LINKS = frozenset({"stylesheet", "icon", "preload", "manifest", "modulepreload"})
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")


def file_hash(data: bytes) -> str:
    """The first 16 hex digits of SHA-256: what the service worker checks each download
    against, so a file from another deploy is never stored as part of this one."""
    return hashlib.sha256(data).hexdigest()[:16]


class _References(HTMLParser):
    """Same-site addresses a page loads (styles, scripts, pictures) and the handouts it
    offers for download."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loads: list[str] = []
        self.downloads: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and _NEEDED_LINKS & set(values.get("rel", "").split()):
            self.loads.append(values.get("href", ""))
        elif tag == "script" and values.get("src"):
            self.loads.append(values["src"])
        elif tag in ("img", "source"):
            if values.get("src"):
                self.loads.append(values["src"])
            for candidate in values.get("srcset", "").split(","):
                if candidate.strip():
                    self.loads.append(candidate.split()[0])
        elif tag == "a" and "download" in values and values.get("href"):
            self.downloads.append(values["href"])


def _resolve(page_path: str, reference: str) -> str | None:
    """A page's reference as a path from the site root, or None if it leaves the site."""
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc or not parts.path or reference.startswith("/"):
        return None
    joined = posixpath.normpath(posixpath.join(page_path or ".", unquote(parts.path)))
    if joined == ".." or joined.startswith("../"):
        return None
    if joined == ".":
        return ""
    return joined + "/" if parts.path.endswith("/") else joined


def page_references(html: str, page_path: str) -> tuple[list[str], list[str]]:
    """What the page at ``page_path`` (a directory URL such as ``en/lessons/x/``) loads, and
    the handouts it links to for download, as paths from the site root."""
    parser = _References()
    parser.feed(html)
    loads = [p for p in (_resolve(page_path, r) for r in parser.loads) if p]
    downloads = [p for p in (_resolve(page_path, r) for r in parser.downloads) if p]
    return loads, downloads


def stylesheet_references(css: str, css_path: str) -> list[str]:
    """Fonts and pictures a stylesheet loads (``url(...)``), as paths from the site root."""
    folder = posixpath.dirname(css_path) + "/"
    found = (_resolve(folder, match) for match in _CSS_URL.findall(css)
             if not match.startswith("data:"))
    return [path for path in found if path]


@dataclass(frozen=True)
class CachedFile:
    """One file the phone stores: its address from the site root, hash and size in bytes."""

    path: str
    hash: str
    size: int

    def as_json(self) -> dict[str, object]:
        return {"url": self.path, "hash": self.hash, "size": self.size}


@dataclass
class OfflineLesson:
    """A lesson as a phone saves it: its pages in every language with their pictures, and
    its handouts as a separate choice."""

    lesson_id: str
    titles: dict[str, str]
    pages: dict[str, str]
    files: list[CachedFile] = field(default_factory=list)
    handouts: list[CachedFile] = field(default_factory=list)

    @property
    def hash(self) -> str:
        return _combined_hash(self.files)

    @property
    def handouts_hash(self) -> str:
        return _combined_hash(self.handouts)

    @property
    def list_path(self) -> str:
        """Content-addressed, so a phone mid-update never reads another version's list."""
        return f"{LESSON_LISTS}{self.lesson_id}.{file_hash(self.list_json().encode())}.json"

    def list_json(self) -> str:
        return json.dumps({"id": self.lesson_id,
                           "files": [f.as_json() for f in self.files],
                           "handouts": [f.as_json() for f in self.handouts]},
                          ensure_ascii=False, sort_keys=True)


def _combined_hash(files: Sequence[CachedFile]) -> str:
    return file_hash("\n".join(f"{f.path} {f.hash}" for f in sorted(
        files, key=lambda f: f.path)).encode())


class MissingFile(Exception):
    """A page refers to a file the build did not write."""


@dataclass
class OfflineSite:
    """The precache list of a built site, written by ``write``."""

    site_dir: Path
    languages: tuple[str, ...]
    shell: dict[str, CachedFile] = field(default_factory=dict)
    lessons: list[OfflineLesson] = field(default_factory=list)

    def _file(self, path: str) -> CachedFile:
        target = self.site_dir / (path + "index.html" if path.endswith("/") or path == ""
                                  else path)
        try:
            data = target.read_bytes()
        except FileNotFoundError as exc:
            raise MissingFile(f"offline: '{path}' is referred to but was not built") from exc
        return CachedFile(path, file_hash(data), len(data))

    def _page_html(self, path: str) -> str:
        return (self.site_dir / path / "index.html").read_text(encoding="utf-8")

    def add_shell(self, path: str) -> None:
        """Add a file (and, for a page or stylesheet, what it loads) to the shell."""
        if path in self.shell:
            return
        self.shell[path] = self._file(path)
        if path.endswith("/") or path == "":
            loads, _ = page_references(self._page_html(path), path)
            for load in loads:
                if not load.startswith(_LESSON_PREFIXES):
                    self.add_shell(load)
        elif path.endswith(".css"):
            css = (self.site_dir / path).read_text(encoding="utf-8")
            for load in stylesheet_references(css, path):
                self.add_shell(load)

    def add_lesson(self, lesson_id: str, titles: Mapping[str, str]) -> None:
        default = self.languages[0]
        lesson = OfflineLesson(lesson_id, dict(titles),
                               {lang: url(lesson_path(lesson_id), lang, default)
                                for lang in self.languages})
        seen: set[str] = set()
        for page in lesson.pages.values():
            lesson.files.append(self._file(page))
            loads, downloads = page_references(self._page_html(page), page)
            for load in loads:
                if load.startswith(_LESSON_PREFIXES):
                    if load not in seen:
                        seen.add(load)
                        lesson.files.append(self._file(load))
                else:
                    # The lesson page's styles and scripts are the shell's.
                    self.add_shell(load)
            for download in downloads:
                if download.startswith(_HANDOUT_PREFIX) and download not in seen:
                    seen.add(download)
                    lesson.handouts.append(self._file(download))
        self.lessons.append(lesson)

    def manifest(self) -> dict[str, object]:
        shell = [self.shell[path].as_json() for path in sorted(self.shell)]
        lessons = {
            lesson.lesson_id: {
                "hash": lesson.hash, "size": sum(f.size for f in lesson.files),
                "list": lesson.list_path, "titles": lesson.titles, "pages": lesson.pages,
                "handouts_hash": lesson.handouts_hash,
                "handouts_size": sum(f.size for f in lesson.handouts),
            } for lesson in self.lessons}
        body: dict[str, object] = {"languages": list(self.languages), "shell": shell,
                                   "lessons": lessons}
        body["version"] = file_hash(json.dumps(body, sort_keys=True).encode())
        return body

    def write(self, service_worker_template: str) -> str:
        """Write the precache list, each lesson's file list and ``sw.js``; returns the
        version."""
        manifest = self.manifest()
        version = str(manifest["version"])
        lists = self.site_dir / LESSON_LISTS
        lists.mkdir(parents=True, exist_ok=True)
        for lesson in self.lessons:
            (self.site_dir / lesson.list_path).write_text(lesson.list_json(), encoding="utf-8")
        (self.site_dir / MANIFEST_PATH).write_text(
            json.dumps(manifest, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        (self.site_dir / SERVICE_WORKER).write_text(
            service_worker(service_worker_template, version, self.languages), encoding="utf-8")
        return version


def service_worker(template: str, version: str, languages: Sequence[str]) -> str:
    """``sw.js`` from its template: the version and languages are its only build-time parts."""
    return (template.replace("__HOCSO_VERSION__", version)
            .replace('"__HOCSO_LANGUAGES__"', json.dumps(list(languages))))


def web_manifest(lang: str, default_lang: str, name: str, short_name: str,
                 description: str, theme_colour: str) -> str:
    """A web app manifest for one language, placed at the site root
    (``manifest.<lang>.webmanifest``): relative addresses keep it working under a sub-path."""
    start = "./" if lang == default_lang else f"./{lang}/"
    icons = [{"src": f"{ICONS_DIR}icon-{size}.png", "sizes": f"{size}x{size}",
              "type": "image/png", "purpose": "any"} for size in (192, 512)]
    icons.append({"src": f"{ICONS_DIR}icon-maskable-512.png", "sizes": "512x512",
                  "type": "image/png", "purpose": "maskable"})
    return json.dumps({
        "name": name, "short_name": short_name, "description": description, "lang": lang,
        "start_url": start, "scope": "./", "id": start, "display": "standalone",
        "background_color": "#ffffff", "theme_color": theme_colour, "icons": icons,
    }, ensure_ascii=False, indent=1)


def write_offline_site(site_dir: Path, templates_dir: Path, lessons: LessonSet,
                       languages: tuple[str, ...],
                       strings: Mapping[str, Mapping[str, str]]) -> str:
    """Write the icons, a web app manifest per language, the precache lists and ``sw.js`` into
    a site whose every language is built; returns the version."""
    default = languages[0]
    icon_dir = site_dir / ICONS_DIR
    icon_dir.mkdir(parents=True, exist_ok=True)
    for name, data in icons().items():
        (icon_dir / name).write_bytes(data)
    site = OfflineSite(site_dir, languages)
    for lang in languages:
        wording = strings[lang]
        manifest = manifest_path(lang)
        (site_dir / manifest).write_text(web_manifest(
            lang, default, wording["app_name"], wording["app_short_name"],
            wording["site_description"], BLUE), encoding="utf-8")
        # The catalogue and the offline page, with what they load; the icons for the
        # installed app.
        for page in (url("", lang, default), url(OFFLINE_PAGE, lang, default)):
            site.add_shell(page)
        site.add_shell(manifest)
    for name in icons():
        site.add_shell(ICONS_DIR + name)
    site.add_shell(OFFLINE_SCRIPT)
    for lesson in lessons.lessons:
        site.add_lesson(lesson.id, {lang: lesson.title.resolve(lang, default).text
                                    for lang in languages})
    template = (templates_dir / SERVICE_WORKER).read_text(encoding="utf-8")
    return site.write(template)


def manifest_path(lang: str) -> str:
    return f"manifest.{lang}.webmanifest"
