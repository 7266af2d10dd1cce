"""Text that MkDocs and Material print without escaping, and the page's Content-Security-Policy.

Our own templates autoescape; MkDocs' and Material's do not. Every contributor text that reaches
them (page titles and descriptions, the sidebar, interface strings used by the theme overrides)
is HTML-escaped once, here, before MkDocs sees it, and HTML in it is an error with file and line
(the same rule as lesson text, hocso.core.lint).

Every built page then gets a Content-Security-Policy ``<meta>`` that allows only the site's own
files, plus the hashes of the inline scripts and style attributes that page really contains.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml
from markupsafe import Markup, escape

from hocso.core.diagnostics import DiagnosticList, Location
from hocso.core.lint import EVENT_HANDLER, RAW_HTML, SCRIPT_URL

# Front-matter keys MkDocs and Material print without escaping.
FRONT_MATTER_KEYS = ("title", "description")


def has_markup(value: str) -> bool:
    """True when a text holds an HTML tag, an event handler or a script link."""
    return bool(RAW_HTML.search(value) or (EVENT_HANDLER.search(value) and "<" in value)
                or SCRIPT_URL.search(value))


def for_theme(value: str) -> str:
    """A plain text made safe to print, unescaped, in an element or a quoted attribute."""
    return html.escape(value, quote=True)


def theme_strings(strings: Mapping[str, str]) -> dict[str, Markup]:
    """Interface wording for the theme templates, which do not autoescape. ``Markup`` keeps a
    template's own ``| e`` from escaping it twice."""
    return {key: escape(value) for key, value in strings.items()}


def _markup_at_lines(path: Path, root: yaml.Node | None, keys: frozenset[str] | None,
                     vi_what: str, en_what: str) -> DiagnosticList:
    """HTML in the plain values of a YAML mapping (only ``keys``, when given), each reported
    at its value's line: one rule for interface strings and front matter alike."""
    diagnostics = DiagnosticList()
    if not isinstance(root, yaml.MappingNode):
        return diagnostics
    for key, value in root.value:
        if (keys is None or key.value in keys) and isinstance(value, yaml.ScalarNode) \
                and has_markup(str(value.value)):
            diagnostics.error(
                "raw-html", Location(path, value.start_mark.line + 1,
                                     value.start_mark.column + 1),
                f'{vi_what} "{key.value}" có thẻ HTML hoặc liên kết "javascript:". '
                "Chỉ dùng chữ thường.",
                f'{en_what} "{key.value}" contains HTML or a "javascript:" link. '
                "Use plain text only.")
    return diagnostics


def check_strings_file(path: Path) -> DiagnosticList:
    """HTML in ``templates/strings/<lang>.yml`` values, each with its key's line."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return DiagnosticList()  # load_strings reports an unreadable file
    return _markup_at_lines(path, root, None, "Chuỗi giao diện", "The interface string")


def front_matter_problem(meta: Mapping[str, object]) -> str | None:
    """The first front-matter key (title, description) of a hand-written page holding HTML."""
    for key in FRONT_MATTER_KEYS:
        value = meta.get(key)
        if isinstance(value, str) and has_markup(value):
            return key
    return None


def check_front_matter(path: Path) -> DiagnosticList:
    """HTML in a hand-written page's front matter (title, description), at the key's line, so
    ``hocso check`` finds what the build would stop on."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return DiagnosticList()  # MkDocs reports an unreadable page
    end = text.find("\n---", 3)
    if not text.startswith("---") or end < 0:
        return DiagnosticList()
    try:
        root = yaml.compose(text[3:end])
    except yaml.YAMLError:
        return DiagnosticList()  # MkDocs reports broken front matter
    return _markup_at_lines(path, root, frozenset(FRONT_MATTER_KEYS), "Phần đầu trang",
                            "The front matter")


def check_site_texts(templates_dir: Path, languages: Sequence[str], docs_dir: Path
                     ) -> DiagnosticList:
    """Every interface-string file and hand-written page the build would refuse."""
    diagnostics = DiagnosticList()
    for lang in languages:
        diagnostics.extend(check_strings_file(templates_dir / "strings" / f"{lang}.yml"))
    for page in sorted(docs_dir.rglob("*.md")) if docs_dir.is_dir() else ():
        diagnostics.extend(check_front_matter(page))
    return diagnostics


# --- Content-Security-Policy -------------------------------------------------------------

_INLINE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_INLINE_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.S | re.I)
_STYLE_ATTR = re.compile(r"""\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_DATA_SCRIPT = re.compile(r"""\btype\s*=\s*["']?application/(?:ld\+)?json""", re.I)
_HEAD_START = re.compile(r"<meta\s+charset=[^>]*>|<head\b[^>]*>", re.I)
CSP_MARK = 'http-equiv="Content-Security-Policy"'


def _digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def content_security_policy(page_html: str, content: str = "") -> str:
    """The policy for one page: own files only, plus the hashes of its inline code.

    Inline scripts and style elements are allowed only where the theme prints them: the page's
    ``content`` (the body made from contributor text) is left out of the search, so nothing
    that could come from a contributor is ever hashed into the policy.
    """
    theme_html = page_html.replace(content, "", 1) if content else page_html
    scripts = [body for attrs, body in _INLINE_SCRIPT.findall(theme_html)
               if "src=" not in attrs.lower() and not _DATA_SCRIPT.search(attrs)]
    styles = _INLINE_STYLE.findall(theme_html)
    attrs = [double or single for double, single in _STYLE_ATTR.findall(page_html)]
    script_src = ["'self'", *dict.fromkeys(_digest(s) for s in scripts)]
    style_src = ["'self'", *dict.fromkeys(_digest(s) for s in styles)]
    if attrs:
        # Style attributes (a picture's aspect ratio) can only be allowed by hash with
        # 'unsafe-hashes'; no other style attribute can be applied.
        style_src += ["'unsafe-hashes'",
                      *dict.fromkeys(_digest(html.unescape(a)) for a in attrs)]
    return "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(script_src),
        "style-src " + " ".join(style_src),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def add_content_security_policy(page_html: str, content: str = "") -> str:
    """The page with its Content-Security-Policy meta tag, right after ``<meta charset>``."""
    if CSP_MARK in page_html:
        return page_html
    match = _HEAD_START.search(page_html)
    if match is None:
        return page_html
    tag = f'\n<meta {CSP_MARK} content="{content_security_policy(page_html, content)}">'
    return page_html[:match.end()] + tag + page_html[match.end():]
