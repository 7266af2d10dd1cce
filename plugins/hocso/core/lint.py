"""Checks on what contributors write, beyond the file format: unsafe markup and risky links.

Raw HTML and script links are errors: the site escapes or drops them anyway, but a reviewer
should never have to wonder. Links that are not https, go through URL shorteners or leave the
allowed domains are warnings for reviewers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from hocso.core.diagnostics import DiagnosticList, Location
from hocso.core.model import Lesson, LocalizedText, Term, Topic
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


# Sentence length limits (warning, error): words in English and other languages, syllables
# (space-separated) in Vietnamese. Starting heuristics from the project's standards note.
SENTENCE_LIMITS = {"vi": (22, 30)}
DEFAULT_SENTENCE_LIMITS = (15, 20)
MAX_SENTENCES_PER_STEP = 2
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”»)]*\s+(?=\S)")
_WORD = re.compile(r"[^\W_]", re.UNICODE)


def plain_words(markdown: str) -> str:
    """The words a reader sees, without Markdown marks or link addresses."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return re.sub(r"[*_`#>]+", "", text).strip()


def sentences(markdown: str) -> list[str]:
    found: list[str] = []
    for line in plain_words(markdown).splitlines():
        line = line.strip().lstrip("-").strip()
        found += [part for part in _SENTENCE_END.split(line) if _WORD.search(part)]
    return found


def word_count(sentence: str) -> int:
    return sum(1 for token in sentence.split() if _WORD.search(token))


def lint_lesson(lesson: Lesson, allowlist: Sequence[str] = DEFAULT_ALLOWLIST) -> DiagnosticList:
    diagnostics = DiagnosticList()
    for text in lesson.texts():
        for lang, value in text.texts.items():
            _check_markup(text, lang, value, lesson, diagnostics)
            _check_links(text, lang, value, lesson, allowlist, diagnostics)
    for text in _readable_texts(lesson):
        for lang, value in text.texts.items():
            _check_sentences(text, lang, value, lesson, diagnostics)
    for step in lesson.steps:
        for lang, value in step.text.texts.items():
            count = len(sentences(value))
            if count > MAX_SENTENCES_PER_STEP:
                diagnostics.warning(
                    "long-step", step.text.location or lesson.location,
                    f'Bước {step.number} (bản "{lang}") có {count} câu. Mỗi bước chỉ nên có một '
                    f"việc, tối đa {MAX_SENTENCES_PER_STEP} câu: hãy tách thành nhiều bước.",
                    f'Step {step.number} ("{lang}") has {count} sentences. A step should hold one '
                    f"action in at most {MAX_SENTENCES_PER_STEP} sentences: split it.")
    return diagnostics


def _readable_texts(lesson: Lesson) -> list[LocalizedText]:
    """What learners read as instructions: sentence length matters most here."""
    found = [lesson.summary, *lesson.needs, *lesson.safety]
    for step in lesson.steps:
        found += [step.text, *(note for note in (step.tip, step.warning) if note is not None)]
    return found


def _check_sentences(text: LocalizedText, lang: str, value: str, lesson: Lesson,
                     diagnostics: DiagnosticList) -> None:
    warn, error = SENTENCE_LIMITS.get(lang, DEFAULT_SENTENCE_LIMITS)
    unit_vi, unit_en = ("âm tiết", "syllables") if lang == "vi" else ("từ", "words")
    for sentence in sentences(value):
        count = word_count(sentence)
        if count <= warn:
            continue
        start = " ".join(sentence.split()[:6])
        severity = "error" if count > error else "warning"
        getattr(diagnostics, severity)(
            "long-sentence", text.location or lesson.location,
            f'Câu "{start} …" (bản "{lang}") dài {count} {unit_vi}; nên ngắn hơn {warn + 1} '
            f"{unit_vi}. Hãy tách thành hai câu.",
            f'The sentence "{start} …" ("{lang}") is {count} {unit_en} long; keep it under '
            f"{warn + 1} {unit_en}. Split it in two.")


def _check_markup(text: LocalizedText, lang: str, value: str, lesson: Lesson,
                  diagnostics: DiagnosticList) -> None:
    check_markup(lang, value, text.location or lesson.location, diagnostics)


def check_markup(lang: str, value: str, location: Location,
                 diagnostics: DiagnosticList) -> None:
    """Raw HTML and script links are errors in any contributor text (lessons, topics,
    glossary): the same rule everywhere."""
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


def lint_shared_texts(topics: Sequence[Topic], glossary: Sequence[Term],
                      fallback: Location) -> DiagnosticList:
    """Topic titles and summaries, glossary terms and definitions: no HTML, no script links."""
    diagnostics = DiagnosticList()
    texts = [text for topic in topics for text in (topic.title, topic.summary) if text]
    texts += [text for term in glossary for text in (term.term, term.definition)]
    for text in texts:
        for lang, value in text.texts.items():
            check_markup(lang, value, text.location or fallback, diagnostics)
    return diagnostics
