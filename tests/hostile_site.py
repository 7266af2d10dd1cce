"""Hostile text in every field a contributor can touch, and what a built page must not hold."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from lesson_factory import lesson_data
from sites import Project

# Refused by `hocso check` (HTML or a script link), in every contributor text.
REFUSED = ["<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>',
           "</title><script>alert(1)</script>", "javascript:alert(1)"]
# Plain text that is allowed, and must come out as plain text wherever it is printed.
ACCEPTED = '0;url=/x.html" http-equiv="refresh {{ 7*7 }} x\' onfocus=\'alert(1) &lt;b&gt;'
# What ACCEPTED looks like once printed as text.
ACCEPTED_TEXT = ACCEPTED


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100_000)


def lesson_fields(payload: str) -> dict[str, Any]:
    """A lesson with ``payload`` in its title, summary, needs, step texts, tip and safety."""
    data = lesson_data("hostile")
    data["title"]["vi"] = "Bài " + payload
    data["summary"]["en"] = "Summary " + payload
    data["needs"][0]["vi"] = "Cần " + payload
    data["steps"][0]["title"]["en"] = "Step " + payload
    data["steps"][0]["tip"]["vi"] = "Mẹo " + payload
    data["steps"][1]["text"]["vi"] = "Chạm " + payload
    data["safety"][0]["en"] = "Safe " + payload
    return data


def write_hostile(project: Project, payload: str, *, site_files: bool = False) -> None:
    """``payload`` in the lesson, topics.yml, glossary.yml, and with ``site_files`` also in an
    interface string and a hand-written page's front matter."""
    project.write_lesson("hostile", text=dump(lesson_fields(payload)))
    topics_path = project.lessons / "topics.yml"
    topics = yaml.safe_load(topics_path.read_text(encoding="utf-8"))
    topics["topics"][0]["title"]["vi"] = "Định danh " + payload
    topics["topics"][0]["summary"] = {"vi": "Tóm tắt " + payload, "en": "About " + payload}
    topics_path.write_text(dump(topics), encoding="utf-8")
    glossary = {"terms": [{"id": "otp", "term": {"vi": "Mã " + payload, "en": "OTP"},
                           "definition": {"vi": "Mã dùng một lần.",
                                          "en": "A one-time code " + payload}}]}
    (project.lessons / "glossary.yml").write_text(dump(glossary), encoding="utf-8")
    if site_files:
        strings_path = project.root / "templates" / "strings" / "vi.yml"
        text = strings_path.read_text(encoding="utf-8")
        for old, key, value in (('menu: "Mục lục"', "menu", "Mục lục "),
                                ('catalogue_title: "Bài học kỹ năng số"', "catalogue_title",
                                 "Bài học ")):
            text = text.replace(old, f"{key}: " + json.dumps(value + payload, ensure_ascii=False))
        strings_path.write_text(text, encoding="utf-8")
        about = project.root / "templates" / "site" / "about.md"
        body = about.read_text(encoding="utf-8").split("---\n", 2)[2]
        meta = {"title": "Về " + payload, "description": "Giới thiệu " + payload}
        about.write_text("---\n" + dump(meta) + "---\n" + body, encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


class LiveParts(HTMLParser):
    """Elements and attributes of a page that could run code or move the reader away."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.scripts: list[str] = []
        self.titles: list[str] = []
        self._in: str | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if value and re.match(r"\s*(javascript|vbscript|data):", value, re.I) \
                    and name in ("href", "src", "action", "formaction", "content"):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "meta" and names.get("http-equiv", "Content-Security-Policy") \
                != "Content-Security-Policy":
            self.problems.append(f"<meta http-equiv={names['http-equiv']!r}>")
        if tag in ("iframe", "object", "embed", "base", "frame"):
            self.problems.append(f"<{tag}>")
        if tag in ("script", "title"):
            self._in, self._buffer = tag, []
            if tag == "script" and names.get("src"):
                src = names["src"] or ""
                if "://" in src or src.startswith("//"):
                    self.problems.append(f"<script src={src!r}>")

    def handle_data(self, data: str) -> None:
        if self._in:
            self._buffer.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            text = "".join(self._buffer)
            (self.scripts if tag == "script" else self.titles).append(text)
            if tag == "script" and "alert" in text:
                self.problems.append(f"<script>{text[:60]}</script>")
            self._in = None


def live_parts(page: str) -> LiveParts:
    parser = LiveParts()
    parser.feed(page)
    parser.close()
    return parser
