"""Text helpers: safe Markdown rendering and Vietnamese-aware sorting."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

# Vietnamese alphabet order (CLDR vi collation, base letters): a ă â b c d đ e ê … o ô ơ … u ư.
_BASE_ORDER = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONE_ORDER = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def fold(text: str) -> str:
    """Lower-case text without any diacritics; đ becomes d. Used for search-like matching."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped).replace("đ", "d").replace("Đ", "D").lower()


def _letter_key(char: str) -> tuple[int, int, str]:
    decomposed = unicodedata.normalize("NFD", char.lower())
    base, marks = decomposed[0], decomposed[1:]
    tone = 0
    letter = base
    for mark in marks:
        if mark in _TONE_ORDER:
            tone = _TONE_ORDER[mark]
        elif mark == "\u0306":
            letter = "ă"
        elif mark == "\u0302":
            letter = {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
        elif mark == "\u031b":
            letter = {"o": "ơ", "u": "ư"}.get(base, base)
    position = _BASE_ORDER.find(letter)
    return (position if position >= 0 else 100 + ord(letter), tone, char)


def sort_key(text: str) -> tuple[tuple[tuple[int, int, str], ...], tuple[int, ...]]:
    """A key that sorts Vietnamese words in dictionary order (a, ă, â, …, đ after d).

    Tones only break ties, as in a Vietnamese dictionary: "ma, mà, mả, mã, má, mạ".
    """
    letters = tuple(_letter_key(ch) for ch in unicodedata.normalize("NFC", text))
    primary = tuple((pos, 0, "") for pos, _, _ in letters)
    tones = tuple(tone for _, tone, _ in letters)
    return primary, tones


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # "html": False escapes any raw HTML a contributor writes, and markdown-it refuses
    # javascript:, vbscript: and data: links by itself, so lesson text can never inject script.
    # Images come only from the screenshot pipeline: an image in the text could load from
    # another host, on the page and in the handout.
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["heading", "lheading", "code", "fence", "hr", "html_block", "html_inline",
                "image"])
    md.enable(["table", "strikethrough"])
    return md


GLOSSARY_SCHEME = "glossary:"


def render_markdown(source: str, glossary_url: Callable[[str], str] | None = None) -> str:
    """Lesson Markdown as HTML, with raw HTML escaped and unsafe links dropped.

    Links written ``[OTP](glossary:otp)`` become links to that term of the glossary page.
    """
    md = _markdown()
    tokens = md.parse(source)
    if glossary_url is not None:
        _link_glossary_terms(tokens, glossary_url)
    html: str = md.renderer.render(tokens, md.options, {})
    return html.strip()


def _link_glossary_terms(tokens: list[Token], glossary_url: Callable[[str], str]) -> None:
    """Mark ``[word](glossary:id)`` as a term, or link it when ``glossary_url`` gives a URL.

    On lesson pages terms are marked, not linked: a link inside a sentence cannot be a large
    touch target, and the lesson's "Words to know" box links each term instead.
    """
    for token in tokens:
        if token.children:
            _link_glossary_terms(token.children, glossary_url)
        href = token.attrGet("href") if token.type == "link_open" else None
        if isinstance(href, str) and href.startswith(GLOSSARY_SCHEME):
            term_id = href.removeprefix(GLOSSARY_SCHEME)
            target = glossary_url(term_id)
            token.attrSet("class", "hs-term")
            if target:
                token.attrSet("href", target)
            else:
                _as_span(token, tokens, term_id)


def _as_span(opening: Token, siblings: list[Token], term_id: str) -> None:
    opening.tag = "span"
    opening.attrs.pop("href", None)
    opening.attrs.pop("title", None)
    opening.attrSet("data-term", term_id)
    depth = 0
    for token in siblings[siblings.index(opening) + 1:]:
        if token.type == "link_open":
            depth += 1
        elif token.type == "link_close":
            if depth == 0:
                token.tag = "span"
                return
            depth -= 1


def render_inline_markdown(source: str,
                           glossary_url: Callable[[str], str] | None = None) -> str:
    """Markdown for a short text that sits inside a heading or a list item."""
    html = render_markdown(source, glossary_url)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html


__all__ = ["fold", "render_inline_markdown", "render_markdown", "sort_key"]


GLOSSARY_LINK = re.compile(r"\]\(glossary:([^)\s]*)\)")


def glossary_ids(markdown: str) -> list[str]:
    """The glossary terms a Markdown text links to, in order."""
    return GLOSSARY_LINK.findall(markdown)
