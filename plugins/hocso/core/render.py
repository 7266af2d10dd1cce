"""Render lessons, topics and the catalogue to HTML through the Jinja2 templates.

All markup lives in ``templates/``; this module only prepares what the templates show.
Contributor text reaches the HTML either escaped by Jinja or through the safe Markdown
renderer, never as raw HTML.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from hocso.core.addresses import Addresses, Redirect
from hocso.core.images import ProcessedImage, StepKey
from hocso.core.model import Lesson, LessonSet, LocalizedText, Resolved, Step, Term, Topic
from hocso.core.pagecache import PageCache
from hocso.core.safety import check_strings_file
from hocso.core.site import (
    GLOSSARY_PATH,
    TOPICS_PATH,
    TRANSLATIONS_PATH,
    HandoutSpec,
    SitePage,
    lesson_path,
    relative_url,
    topic_path,
    url,
)
from hocso.core.text import glossary_ids, render_inline_markdown, render_markdown, sort_key
from hocso.core.translation import lesson_status

STRINGS_DIR = "strings"
# Served from the hand-written part of the site (templates/site/assets).
REDIRECT_SCRIPT = "assets/hocso-redirect.js"


def terms_used(lesson: Lesson, glossary: Sequence[Term]) -> list[Term]:
    """The glossary terms a lesson links to, in the order they first appear."""
    by_id = {term.id: term for term in glossary}
    seen: dict[str, Term] = {}
    for text in lesson.texts():
        for value in text.texts.values():
            for term_id in glossary_ids(value):
                if term_id in by_id:
                    seen.setdefault(term_id, by_id[term_id])
    return list(seen.values())


@dataclass(frozen=True)
class NextLesson:
    """Where the done screen leads: the next lesson of the topic, or else of the catalogue."""

    lesson: Lesson
    same_topic: bool


def next_lessons(lessons: LessonSet) -> dict[str, NextLesson]:
    """Each lesson's following lesson in catalogue order (topic by topic)."""
    ordered = [(lesson, topic.id) for topic, members in lessons.by_topic() for lesson in members]
    return {this.id: NextLesson(after, after_topic == this_topic)
            for (this, this_topic), (after, after_topic) in itertools.pairwise(ordered)}


@jinja2.pass_context
def _markdown_filter(context: Any, value: object) -> Markup:
    return Markup(render_markdown(str(value), context.get("glossary_url")))


@jinja2.pass_context
def _inline_markdown_filter(context: Any, value: object) -> Markup:
    return Markup(render_inline_markdown(str(value), context.get("glossary_url")))


def css_string(value: str) -> str:
    """Text made safe to sit between double quotes in CSS."""
    return "".join(ch if ch.isalnum() or ch in " .,:;/()-–·" else f"\\{ord(ch):06x}"
                   for ch in str(value))


def _next_key(following: NextLesson | None, cache: PageCache) -> tuple[str, bool]:
    """What of the next lesson shapes a page, for its cache key (hashed once per lesson)."""
    if following is None:
        return ("", False)
    return (cache.digest_of(following.lesson), following.same_topic)


class TemplateProblem(Exception):
    """A template or UI-string file of the project itself is broken (not contributor input)."""


@dataclass(frozen=True)
class RenderedPage:
    title: str
    description: str
    html: str
    # The topic a lesson or topic page belongs to: the sidebar marks it as the reader's place.
    topic: str = ""


def other_name(name: str, other: str) -> str:
    """A glossary term's name in the other language, or "" when the name already says it
    ("Câu lệnh (prompt)" needs no "Prompt" beside it); compared case-insensitively."""
    other = other.strip()
    if not other or other.casefold() in name.casefold():
        return ""
    return other


@dataclass(frozen=True)
class GlossaryEntry:
    term: Term
    name: Resolved
    # The name in the other language, with its language; None when it would repeat the name.
    other: Resolved | None


def load_strings(templates_dir: Path, languages: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """The interface wording for each language, from ``templates/strings/<lang>.yml``."""
    strings: dict[str, dict[str, str]] = {}
    for lang in languages:
        path = templates_dir / STRINGS_DIR / f"{lang}.yml"
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise TemplateProblem(f"cannot read interface strings {path}: {exc}") from exc
        if not isinstance(data, dict):
            raise TemplateProblem(f"{path} must be a mapping of string keys to texts")
        unsafe = check_strings_file(path)
        if unsafe.has_errors:
            raise TemplateProblem("\n".join(d.format() for d in unsafe.sorted()))
        strings[lang] = {str(k): str(v) for k, v in data.items()}
    return strings


class _PageContext:
    """Helpers a template needs for one page in one language."""

    def __init__(self, renderer: SiteRenderer, lang: str, page_url: str,
                 pictures: Mapping[StepKey, ProcessedImage]) -> None:
        self.renderer = renderer
        self.lang = lang
        self.page_url = page_url
        self.pictures = pictures

    def picture(self, lesson: Lesson, step: Step, platform: str = "") -> ProcessedImage | None:
        picture_id = f"{step.number}-{platform}" if platform else str(step.number)
        return self.pictures.get((lesson.id, picture_id, self.lang))

    def t(self, key: str, **values: Any) -> str:
        text = self.renderer.strings[self.lang].get(key)
        if text is None:
            raise TemplateProblem(f'missing interface string "{key}" for language {self.lang}')
        return text.format(**values) if values else text

    def text_in(self, value: LocalizedText, lang: str) -> Resolved:
        return value.resolve(lang, self.renderer.default_language)

    def t_in(self, lang: str, key: str, **values: Any) -> str:
        text = self.renderer.strings[lang][key]
        return text.format(**values) if values else text

    def text(self, value: LocalizedText) -> Resolved:
        return value.resolve(self.lang, self.renderer.default_language)

    def link(self, path: str, *, shared: bool = False) -> str:
        """A relative link to a page (in this language) or a shared file (``shared=True``)."""
        target = path if shared else url(path, self.lang, self.renderer.default_language)
        return relative_url(self.page_url, target)

    def glossary_url(self, term_id: str) -> str:
        return self.link(GLOSSARY_PATH) + "#" + term_id

    def term_mark(self, term_id: str) -> str:
        """In running text a term is marked, not linked (see text.render_markdown)."""
        return ""

    def date(self, value: dt.date) -> str:
        return self.t("date_format", day=value.day, month=value.month, year=value.year,
                      month_name=self.t(f"month_{value.month}"))


class SiteRenderer:
    """Turns the lesson model into page bodies, one language at a time."""

    def __init__(self, templates_dir: Path, languages: tuple[str, ...],
                 catalogue_cards_per_topic: int = 6, cache_dir: Path | None = None) -> None:
        self.templates_dir = templates_dir
        self.languages = languages
        self.default_language = languages[0]
        self.catalogue_cards_per_topic = catalogue_cards_per_topic
        self._grouped: tuple[Mapping[StepKey, ProcessedImage],
                             dict[str, dict[StepKey, ProcessedImage]]] | None = None
        self._following: tuple[LessonSet, dict[str, NextLesson]] | None = None
        self._resolver: tuple[LessonSet, Addresses] | None = None
        self._grouped_handouts: tuple[Iterable[HandoutSpec],
                                      dict[str, list[HandoutSpec]]] | None = None
        self.page_cache = (PageCache(cache_dir, templates_dir,
                                     (languages, catalogue_cards_per_topic))
                           if cache_dir is not None else None)
        self.strings = load_strings(templates_dir, languages)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates_dir),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self.env.filters["markdown"] = _markdown_filter
        self.env.filters["markdown_inline"] = _inline_markdown_filter
        self.env.filters["css_string"] = css_string

    def _pictures_by_lesson(self, pictures: Mapping[StepKey, ProcessedImage]
                            ) -> dict[str, dict[StepKey, ProcessedImage]]:
        """The pictures grouped by lesson, once per set of pictures: looking through all of
        them for every page would make a build quadratic in the number of lessons."""
        if self._grouped is None or self._grouped[0] is not pictures:
            grouped: dict[str, dict[StepKey, ProcessedImage]] = {}
            for key, image in pictures.items():
                grouped.setdefault(key[0], {})[key] = image
            self._grouped = (pictures, grouped)
        return self._grouped[1]

    def _next_lessons(self, lessons: LessonSet) -> dict[str, NextLesson]:
        """Worked out once per lesson set, not once per page."""
        if self._following is None or self._following[0] is not lessons:
            self._following = (lessons, next_lessons(lessons))
        return self._following[1]

    def _addresses(self, lessons: LessonSet) -> Addresses:
        if self._resolver is None or self._resolver[0] is not lessons:
            self._resolver = (lessons, Addresses(lessons.lessons, lessons.record))
        return self._resolver[1]

    def _handouts_by_lesson(self, handouts: Iterable[HandoutSpec]
                            ) -> dict[str, list[HandoutSpec]]:
        """Each lesson's own handouts (not print packs), grouped once per set of handouts."""
        if self._grouped_handouts is None or self._grouped_handouts[0] is not handouts:
            grouped: dict[str, list[HandoutSpec]] = {}
            for spec in handouts:
                if len(spec.lesson_ids) == 1:
                    grouped.setdefault(spec.lesson_ids[0], []).append(spec)
            self._grouped_handouts = (handouts, grouped)
        return self._grouped_handouts[1]

    def _render(self, template: str, page_url: str, lang: str,
                pictures: Mapping[StepKey, ProcessedImage] | None = None,
                **values: Any) -> str:
        ctx = _PageContext(self, lang, page_url, pictures or {})
        try:
            html = self.env.get_template(template).render(
                lang=lang, t=ctx.t, text=ctx.text, link=ctx.link, date=ctx.date,
                picture=ctx.picture, text_in=ctx.text_in, t_in=ctx.t_in,
                glossary_url=ctx.term_mark, glossary_link=ctx.glossary_url,
                default_language=self.default_language, **values)
        except jinja2.TemplateError as exc:
            raise TemplateProblem(f"template {template} failed: {exc}") from exc
        return html

    def render_document(self, template: str, lang: str, **values: Any) -> str:
        """A standalone document (such as a handout) in ``lang``."""
        return self._render(template, "", lang, None, **values)

    def page(self, page: SitePage, lessons: LessonSet, lang: str,
             pictures: Mapping[StepKey, ProcessedImage] | None = None,
             handouts: Iterable[HandoutSpec] = ()) -> RenderedPage:
        if page.kind == "lesson" and page.lesson is not None:
            rendered = self.lesson(page.lesson, lessons, lang, pictures or {}, handouts)
            return replace(rendered, topic=page.lesson.topic)
        if page.kind == "topic" and page.topic is not None:
            return self.topic(page.topic, lessons, lang)
        if page.kind == "topics":
            return self.topics(lessons, lang)
        if page.kind == "glossary":
            return self.glossary(lessons, lang)
        if page.kind == "translations":
            return self.translations(lessons, lang)
        return self.home(lessons, lang)

    def lesson(self, lesson: Lesson, lessons: LessonSet, lang: str,
               pictures: Mapping[StepKey, ProcessedImage],
               handouts: Iterable[HandoutSpec] = ()) -> RenderedPage:
        page_url = url(lesson_path(lesson.id), lang, self.default_language)
        following = self._next_lessons(lessons).get(lesson.id)
        values = {
            "lesson": lesson,
            "topic": next((t for t in lessons.topics if t.id == lesson.topic), None),
            "handouts": self._handout_links(lesson, lang, handouts),
            "other_lang": self._other_language(lang),
            "terms": terms_used(lesson, lessons.glossary),
            "outdated": self._outdated(lesson, lang),
            "untranslated": bool(lesson.untranslated(lang)),
            "language_names": self._language_names(),
            "next": following,
            "anchors": self._addresses(lessons).page_anchors(lesson),
        }
        own_pictures = self._pictures_by_lesson(pictures).get(lesson.id, {})
        key = (self.page_cache.key("lesson", lang, page_url,
                                   self.page_cache.digest_of(lesson),
                                   *_next_key(following, self.page_cache),
                                   sorted((k, v) for k, v in values.items()
                                          if k not in ("lesson", "next")),
                                   sorted(own_pictures.items()))
               if self.page_cache else "")
        html = self.page_cache.get(key) if self.page_cache else None
        if html is None:
            html = self._render("lesson.html", page_url, lang, own_pictures, **values)
            if self.page_cache:
                self.page_cache.put(key, html)
        title = lesson.title.resolve(lang, self.default_language).text
        summary = lesson.summary.resolve(lang, self.default_language).text
        return RenderedPage(title, summary, html)

    def topic(self, topic: Topic, lessons: LessonSet, lang: str) -> RenderedPage:
        page_url = url(topic_path(topic.id), lang, self.default_language)
        members = [les for les in lessons.lessons if les.topic == topic.id]
        html = self._render("topic.html", page_url, lang, topic=topic, lessons=members,
                               language_names=self._language_names())
        title = topic.title.resolve(lang, self.default_language).text
        summary = topic.summary.resolve(lang, self.default_language).text if topic.summary else ""
        return RenderedPage(title, summary, html, topic=topic.id)

    def topics(self, lessons: LessonSet, lang: str) -> RenderedPage:
        """The index of topics: every topic with its summary and how many lessons it has."""
        page_url = url(TOPICS_PATH, lang, self.default_language)
        html = self._render("topics.html", page_url, lang, groups=lessons.by_topic())
        strings = self.strings[lang]
        return RenderedPage(strings["topics_title"], strings["topics_intro"], html)

    def glossary(self, lessons: LessonSet, lang: str) -> RenderedPage:
        page_url = url(GLOSSARY_PATH, lang, self.default_language)
        other_lang = self._other_language(lang)
        entries = []
        for term in lessons.glossary:
            name = term.term.resolve(lang, self.default_language)
            other = term.term.resolve(other_lang, self.default_language) if other_lang else None
            shown = other_name(name.text, other.text) if other else ""
            entries.append(GlossaryEntry(term, name, replace(other, text=shown)
                                         if other and shown else None))
        entries.sort(key=lambda entry: sort_key(entry.name.text))
        html = self._render("glossary.html", page_url, lang, entries=entries)
        strings = self.strings[lang]
        return RenderedPage(strings["glossary_title"], strings["glossary_intro"], html)

    def translations(self, lessons: LessonSet, lang: str) -> RenderedPage:
        page_url = url(TRANSLATIONS_PATH, lang, self.default_language)
        languages = [(code, [lesson_status(lesson, code, self.default_language)
                             for lesson in lessons.lessons]) for code in self.languages[1:]]
        html = self._render("translations.html", page_url, lang, languages=languages,
                               language_names=self._language_names())
        strings = self.strings[lang]
        return RenderedPage(strings["translations_title"], strings["translations_intro"], html)

    def home(self, lessons: LessonSet, lang: str) -> RenderedPage:
        page_url = url("", lang, self.default_language)
        html = self._render("catalogue.html", page_url, lang, groups=lessons.by_topic(),
                               cards_per_topic=self.catalogue_cards_per_topic,
                               language_names=self._language_names())
        return RenderedPage(self.strings[lang]["catalogue_title"],
                            self.strings[lang]["site_description"], html)

    def redirect(self, redirect: Redirect, lang: str) -> str:
        """The page at an old lesson address, leading to the lesson that holds each step."""
        page_url = url(lesson_path(redirect.old_id), lang, self.default_language)

        def link_to(lesson_id: str, anchor: str = "") -> str:
            target = url(lesson_path(lesson_id), lang, self.default_language)
            return relative_url(page_url, target) + (f"#{anchor}" if anchor else "")

        return self._render(
            "redirect.html", page_url, lang, lesson=redirect.target,
            target=link_to(redirect.target.id),
            canonical=link_to(redirect.target.id),
            script=relative_url(page_url, REDIRECT_SCRIPT),
            anchors={anchor: link_to(place.lesson.id, place.step.anchor)
                     for anchor, place in redirect.anchors})

    def _outdated(self, lesson: Lesson, lang: str) -> list[str]:
        if lang == self.default_language:
            return []
        return lesson_status(lesson, lang, self.default_language).outdated

    def _other_language(self, lang: str) -> str | None:
        """The language shown under each step by "both languages": the default language, or
        on default-language pages the first other one."""
        if len(self.languages) < 2:
            return None
        return self.languages[1] if lang == self.default_language else self.default_language

    def _handout_links(self, lesson: Lesson, lang: str,
                       handouts: Iterable[HandoutSpec]) -> list[tuple[str, str]]:
        """(label, url) of this lesson's handouts for a reader of ``lang``: their own language
        first, then bilingual ones that include it."""
        names = self._language_names()
        strings = self.strings[lang]
        mine = [spec for spec in self._handouts_by_lesson(handouts).get(lesson.id, [])
                if lang in spec.langs]
        single = [(strings["handout_single"], spec.url) for spec in mine if spec.langs == (lang,)]
        both = [(strings["handout_bilingual"].format(first=names[spec.langs[0]],
                                                     second=names[spec.langs[1]]), spec.url)
                for spec in mine if len(spec.langs) == 2]
        return single + both

    def _language_names(self) -> Mapping[str, str]:
        return {lang: self.strings[lang]["language_name"] for lang in self.languages}

