"""Checks on what contributors write, beyond the file format: unsafe markup and risky links.

Raw HTML and script links are errors: the site escapes or drops them anyway, but a reviewer
should never have to wonder. Links that are not https, go through URL shorteners or leave the
allowed domains are warnings for reviewers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from hocso.core.diagnostics import DiagnosticList
from hocso.core.model import Lesson, LocalizedText
from hocso.core.text import GLOSSARY_SCHEME

RAW_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*(\s[^>]*)?/?>")
EVENT_HANDLER = re.compile(r"\bon[a-z]+\s*=", re.I)
SCRIPT_URL = re.compile(r"\b(javascript|vbscript)\s*:", re.I)
MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
BARE_URL = re.compile(r"\bhttps?://[^\s)>\]]+")
SHORTENERS = frozenset({
    "bit.ly", "tinyurl.com", "goo.gl", "t.co", "ow.ly", "is.gd", "cutt.ly", "rb.gy",
    "shorturl.at", "tiny.cc", "s.id", "t.ly", "buff.ly", "rebrand.ly", "shorte.st",
})
DEFAULT_ALLOWLIST = ("gov.vn", "tinnhiemmang.vn", "khonggianmang.vn", "evn.com.vn")


def _allowed(host: str, allowlist: Sequence[str]) -> bool:
    return any(host == domain or host.endswith("." + domain) for domain in allowlist)


def lint_lesson(lesson: Lesson, allowlist: Sequence[str] = DEFAULT_ALLOWLIST) -> DiagnosticList:
    diagnostics = DiagnosticList()
    for text in lesson.texts():
        for lang, value in text.texts.items():
            _check_markup(text, lang, value, lesson, diagnostics)
            _check_links(text, lang, value, lesson, allowlist, diagnostics)
    return diagnostics


def _check_markup(text: LocalizedText, lang: str, value: str, lesson: Lesson,
                  diagnostics: DiagnosticList) -> None:
    location = text.location or lesson.location
    if RAW_HTML.search(value) or (EVENT_HANDLER.search(value) and "<" in value):
        diagnostics.error(
            "raw-html", location,
            f'Bản "{lang}" có thẻ HTML. Bài học chỉ dùng Markdown (**đậm**, - danh sách, '
            "[tên](https://…)); HTML sẽ bị hiện ra như chữ thường.",
            f'The "{lang}" text contains HTML. Lessons use Markdown only (**bold**, - lists, '
            "[name](https://…)); HTML would be shown as plain text.")
    if SCRIPT_URL.search(value):
        diagnostics.error(
            "script-link", location,
            f'Bản "{lang}" có liên kết "javascript:". Liên kết chỉ được trỏ tới trang web '
            "https://.",
            f'The "{lang}" text contains a "javascript:" link. Links may only point to '
            "https:// web pages.")


def _check_links(text: LocalizedText, lang: str, value: str, lesson: Lesson,
                 allowlist: Sequence[str], diagnostics: DiagnosticList) -> None:
    location = text.location or lesson.location
    urls = set(MARKDOWN_LINK.findall(value)) | set(BARE_URL.findall(value))
    for url in sorted(urls):
        if url.startswith(GLOSSARY_SCHEME) or SCRIPT_URL.match(url):
            continue
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme != "https":
            diagnostics.warning(
                "link-not-https", location,
                f'Liên kết "{url}" không dùng https://. Hãy dùng địa chỉ https:// nếu trang có.',
                f'The link "{url}" does not use https://. Use the https:// address if the site '
                "has one.")
        if host in SHORTENERS:
            diagnostics.warning(
                "link-shortener", location,
                f'"{url}" là link rút gọn, người đọc không biết nó dẫn tới đâu. Hãy dùng địa chỉ '
                "đầy đủ.",
                f'"{url}" is a shortened link; readers cannot tell where it goes. Use the full '
                "address.")
        elif host and not _allowed(host, allowlist):
            diagnostics.warning(
                "link-outside-allowlist", location,
                f'"{host}" không thuộc danh sách trang chính thức ({", ".join(allowlist)}). '
                "Người duyệt bài cần kiểm tra liên kết này.",
                f'"{host}" is not on the list of official sites ({", ".join(allowlist)}). '
                "A reviewer must check this link.")
