"""Page weight: how many bytes a page costs a phone, counted the same way every time.

Text files (HTML, CSS, JavaScript, SVG, JSON, XML) are counted gzip-compressed at level 9,
as a web server sends them; WOFF2, WebP, PNG and JPEG are already compressed and are counted
as they are. The byte counts come from the built files, never from timings, so a budget on
them is deterministic.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# Our own targets (see the project's standards note, "Performance"), in bytes (1 KB = 1000).
FIRST_VIEW_BUDGET = 150_000
FIRST_VIEW_AIM = 100_000
WHOLE_PAGE_BUDGET = 400_000
HTML_BUDGET = 25_000
# What the first paint of the title waits for: the page, its stylesheets and the fonts it
# preloads. At 700 kbps each 10 KB is about 0.11 s of the 2.5 s LCP target.
CRITICAL_PATH_BUDGET = 60_000

TEXT_SUFFIXES = frozenset({".html", ".css", ".js", ".mjs", ".svg", ".json", ".xml", ".txt"})


def transfer_size(path: Path) -> int:
    """Bytes sent over the network for one file: gzip level 9 for text, as-is otherwise."""
    data = path.read_bytes()
    if path.suffix.lower() in TEXT_SUFFIXES:
        return len(gzip.compress(data, compresslevel=9, mtime=0))
    return len(data)


def site_file(site_dir: Path, url: str) -> Path | None:
    """The file in ``site_dir`` that a same-site URL is served from, or None."""
    relative = unquote(urlsplit(url).path).lstrip("/")
    path = site_dir / relative
    if relative == "" or relative.endswith("/") or path.is_dir():
        path = path / "index.html"
    try:
        path.resolve().relative_to(site_dir.resolve())
    except ValueError:
        return None
    return path if path.is_file() else None


@dataclass(frozen=True)
class Transfer:
    url: str
    path: Path | None
    bytes: int


@dataclass
class PageWeight:
    """The requests one page made, each with its transfer size."""

    transfers: list[Transfer] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(transfer.bytes for transfer in self.transfers)

    @property
    def missing(self) -> list[str]:
        """Requests with no file behind them: wasted round trips on a slow network."""
        return [transfer.url for transfer in self.transfers if transfer.path is None]

    def describe(self) -> str:
        lines = [f"{transfer.bytes:>8,} {transfer.url}" for transfer in self.transfers]
        lines.append(f"{self.total:>8,} in total")
        return "\n".join(lines)


def weigh(site_dir: Path, base_url: str, urls: list[str]) -> PageWeight:
    """The weight of the requests ``urls`` (made by a browser against ``base_url``)."""
    weight = PageWeight()
    seen: set[str] = set()
    for url in urls:
        if url in seen:
            continue  # the browser's cache answers a repeated request
        seen.add(url)
        path = site_file(site_dir, url) if url.startswith(base_url) else None
        weight.transfers.append(
            Transfer(url.removeprefix(base_url), path, transfer_size(path) if path else 0))
    return weight


class _HeadLinks(HTMLParser):
    """The stylesheets and preloaded fonts a page's HTML asks for."""

    def __init__(self) -> None:
        super().__init__()
        self.stylesheets: list[str] = []
        self.fonts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        href = attributes.get("href")
        if tag != "link" or not href:
            return
        rel = (attributes.get("rel") or "").split()
        if "stylesheet" in rel and attributes.get("media") in (None, "all", "screen"):
            self.stylesheets.append(href)
        elif "preload" in rel and attributes.get("as") == "font":
            self.fonts.append(href)


def critical_path(site_dir: Path, base_url: str, page_url: str) -> PageWeight:
    """The bytes a page's first paint waits for, from the built files alone: the page, its
    render-blocking stylesheets and the fonts it preloads (which the title needs)."""
    page = site_file(site_dir, base_url + page_url)
    if page is None:
        return PageWeight([Transfer(page_url, None, 0)])
    links = _HeadLinks()
    links.feed(page.read_text(encoding="utf-8"))
    urls = [base_url + page_url] + [urljoin(base_url + page_url, href)
                                    for href in links.stylesheets + links.fonts]
    return weigh(site_dir, base_url, urls)
