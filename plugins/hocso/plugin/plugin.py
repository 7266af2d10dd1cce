"""The ``lessons`` MkDocs plugin: event glue between MkDocs and the lesson core."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from hocso.core.builddate import SOURCE_DATE_EPOCH, source_date_epoch
from hocso.core.cssprune import prune_material_css
from hocso.core.diagnostics import Diagnostic, DiagnosticList, Severity
from hocso.core.loader import LessonLoader, LessonSettings
from hocso.core.model import LessonSet
from hocso.core.products import ProductBuilder, Products
from hocso.core.render import RenderedPage, SiteRenderer, TemplateProblem
from hocso.core.safety import (
    FRONT_MATTER_KEYS,
    add_content_security_policy,
    check_front_matter,
    for_theme,
    front_matter_problem,
    theme_strings,
)
from hocso.plugin.config import LessonsConfig
from hocso.plugin.files import (
    PageFile,
    add_handout_files,
    add_image_files,
    add_page_files,
    add_redirect_files,
    page_files,
    page_stub,
)
from hocso.plugin.nav import sidebar
from hocso.plugin.offline import last_language_built, write_offline

log = get_plugin_logger(__name__)

# MkDocs' own log levels for each severity of a lesson problem.
_LOG = {Severity.ERROR: log.error, Severity.WARNING: log.warning, Severity.INFO: log.info}


def settings_from_config(plugin_config: LessonsConfig, config_dir: Path) -> LessonSettings:
    """The core's settings from the plugin's section of mkdocs.yml."""
    return LessonSettings(
        lessons_dir=config_dir / plugin_config.lessons_dir,
        screenshots_dir=config_dir / plugin_config.screenshots_dir,
        languages=tuple(plugin_config.languages),
        required_languages=frozenset(plugin_config.required_languages),
        link_allowlist=tuple(plugin_config.link_allowlist),
    )


def _check_languages(settings: LessonSettings, config: MkDocsConfig) -> None:
    """Our languages must be the ones the i18n plugin builds, default first."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        if len(settings.languages) > 1:
            raise PluginError("lessons: several languages need the i18n plugin "
                              "(mkdocs-static-i18n) in mkdocs.yml")
        return
    built = [lang.locale for lang in i18n.config.languages if lang.build]
    default = next(lang.locale for lang in i18n.config.languages if lang.default)
    if sorted(built) != sorted(settings.languages) or default != settings.default_language:
        raise PluginError(
            f"lessons: languages {list(settings.languages)} (default first) must match the "
            f"i18n plugin's languages {built} with default '{default}'"
        )
    missing = settings.required_languages - set(settings.languages)
    if missing:
        raise PluginError(f"lessons: required_languages {sorted(missing)} are not in languages")


class LessonsPlugin(BasePlugin[LessonsConfig]):  # type: ignore[no-untyped-call]
    """Turns ``lessons/*/lesson.yml`` into lesson, topic and catalogue pages."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self._loader: LessonLoader | None = None
        self._renderer: SiteRenderer | None = None
        self._config_dir = Path.cwd()
        # Per build run (the i18n plugin runs one build per language).
        self._lessons = LessonSet((), ())
        self._pages: dict[str, PageFile] = {}
        self._rendered: dict[str, RenderedPage] = {}
        self._products = Products()
        self._builder: ProductBuilder | None = None
        self._serving = False
        # Across runs, so the second language's build does not repeat every message.
        self._reported: set[Diagnostic] = set()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self._config_dir = Path(config.config_file_path or ".").resolve().parent
        epoch = source_date_epoch(self._config_dir)
        if epoch is not None:
            # MkDocs reads the build's date from this variable (sitemap dates, the gzip header
            # of sitemap.xml.gz); from the last commit, two builds of it are byte-identical.
            os.environ.setdefault(SOURCE_DATE_EPOCH, str(epoch))
        settings = settings_from_config(self.config, self._config_dir)
        _check_languages(settings, config)
        if self._loader is None or self._loader.settings != settings:
            self._loader = LessonLoader(settings, self._config_dir / self.config.cache_dir)
        if self.config.handouts and (not self._serving or self.config.handouts_in_serve):
            from hocso.core.handouts import site_url_problem

            # A plugin warning: `mkdocs build --strict` fails on it.
            local = site_url_problem(config.site_url)
            if local is not None:
                log.warning(f"{local[0]}\n{local[1]}")
        if self._builder is None:
            base_url = config.site_url or "http://127.0.0.1:8000/"
            self._builder = ProductBuilder(settings, self._config_dir / self.config.cache_dir,
                                           self._config_dir / self.config.templates_dir,
                                           base_url)
        try:
            self._renderer = SiteRenderer(
                self._config_dir / self.config.templates_dir, settings.languages,
                self.config.catalogue_cards_per_topic, self._config_dir / self.config.cache_dir)
        except TemplateProblem as exc:
            raise PluginError(f"lessons: {exc}") from exc
        return config

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._serving = command == "serve"

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        assert self._loader is not None and self._builder is not None
        assert self._renderer is not None
        self._lessons = LessonSet((), ())
        self._pages = {}
        self._rendered = {}
        self._products = Products()
        result = self._loader.load()
        self._report(result.diagnostics)
        if result.ok:
            # Handouts take seconds each: `mkdocs serve` leaves them out unless asked.
            make_handouts = self.config.handouts and (
                not self._serving or self.config.handouts_in_serve)
            products = self._builder.build(result, self._renderer, make_handouts=make_handouts)
            for note in products.notes:
                log.info(note)
            self._report(products.diagnostics)
            result.diagnostics.extend(products.diagnostics)
            self._products = products
        if result.diagnostics.has_errors:
            errors = result.diagnostics.count(Severity.ERROR)
            raise PluginError(
                f"Có {errors} lỗi trong bài học, xem ở trên. / "
                f"{errors} problem(s) in the lessons, listed above."
            )
        self._lessons = result.lessons
        self._pages = page_files(result.lessons, self._loader.settings.languages)

    def _report(self, diagnostics: DiagnosticList) -> None:
        for diagnostic in diagnostics.sorted():
            if diagnostic not in self._reported:
                self._reported.add(diagnostic)
                _LOG[diagnostic.severity](diagnostic.format(self._config_dir))

    @event_priority(0)
    def _declare_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self._loader is not None
        clashes = add_page_files(files, self._pages, config)
        if clashes:
            raise PluginError("lessons: these pages are generated from lessons and must not "
                              f"also exist in {config.docs_dir}: {', '.join(clashes)}")
        assert self._builder is not None
        add_image_files(files, self._products.pictures.values(), self._builder.images.cache_dir,
                        config)
        add_handout_files(files, self._products.handouts, config)
        return files

    # After mkdocs-static-i18n (priority -100), which recreates every file.
    @event_priority(-110)
    def _supply_sources(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self._renderer is not None
        for file in files.documentation_pages():
            page_file = self._pages.get(file.src_uri)
            if page_file is not None:
                rendered = self._render(page_file)
                file.content_string = page_stub(rendered.title, rendered.description,
                                                rendered.topic)
        add_redirect_files(files, self._lessons, self._renderer, config)
        return files

    on_files = CombinedEvent(_declare_files, _supply_sources)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        return sidebar(nav, self._pages)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str | None:
        page_file = self._pages.get(page.file.src_uri)
        if page_file is None:
            return html
        return self._render(page_file).html

    def _render(self, page_file: PageFile) -> RenderedPage:
        assert self._renderer is not None
        rendered = self._rendered.get(page_file.src_uri)
        if rendered is None:
            try:
                rendered = self._renderer.page(page_file.page, self._lessons, page_file.lang,
                                               self._products.pictures,
                                               self._products.handouts)
            except TemplateProblem as exc:
                raise PluginError(f"lessons: {exc}") from exc
            self._rendered[page_file.src_uri] = rendered
        return rendered

    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        return self._add_ui_strings(context, config)

    def on_template_context(self, context: TemplateContext, *, template_name: str,
                            config: MkDocsConfig) -> TemplateContext:
        return self._add_ui_strings(context, config)

    def _add_ui_strings(self, context: TemplateContext,
                        config: MkDocsConfig) -> TemplateContext:
        """The interface wording of the language being built, for the theme overrides."""
        assert self._renderer is not None
        lang = config.theme["language"]
        strings = self._renderer.strings
        ui = strings.get(lang, strings[self._renderer.default_language])
        # The theme templates do not autoescape: they get the wording escaped (hocso.core.safety).
        context["hocso_ui"] = theme_strings(ui)  # type: ignore[typeddict-unknown-key]
        # Every language's wording, default language first, for the bilingual 404 page.
        context["hocso_ui_all"] = {  # type: ignore[typeddict-unknown-key]
            code: theme_strings(wording) for code, wording in strings.items()}
        return context

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str | None:
        """A hand-written page's title and description reach MkDocs' unescaped templates:
        HTML in them is an error, and any other text is escaped once."""
        if page.file.src_uri in self._pages:
            return markdown  # generated: page_stub has escaped them already
        key = front_matter_problem(page.meta)
        if key is not None:
            # The same message as `hocso check`, with the line; the generic one if the file
            # cannot be placed (a page supplied by another plugin).
            found = (check_front_matter(Path(page.file.abs_src_path)).sorted()
                     if page.file.abs_src_path else [])
            if found:
                raise PluginError("lessons: " + found[0].format(self._config_dir))
            raise PluginError(
                f"lessons: {page.file.src_path}: front matter '{key}' contains HTML or a "
                f"script link; use plain text. / Phần đầu trang '{key}' có thẻ HTML hoặc liên "
                "kết script; chỉ dùng chữ thường.")
        for name in FRONT_MATTER_KEYS:
            value = page.meta.get(name)
            if isinstance(value, str):
                page.meta[name] = for_theme(value)
        return markdown

    # `mkdocs serve` injects an inline live-reload script into every page it serves, which the
    # policy would block: pages served for preview go without it, built pages always have it.
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if self._serving:
            return output
        return add_content_security_policy(output, page.content or "")

    def on_post_template(self, output_content: str, *, template_name: str,
                         config: MkDocsConfig) -> str | None:
        if template_name.endswith(".html") and not self._serving:
            return add_content_security_policy(output_content)
        return output_content

    # After mkdocs-static-i18n's on_post_build (-100), which builds the other languages from
    # inside it: only then is every page of every language on disk. Not under `mkdocs serve`,
    # whose rebuilds may not render every page, and where a service worker would keep serving
    # the CSS being edited.
    @event_priority(-200)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self._serving or not last_language_built(config):
            return
        assert self._loader is not None and self._renderer is not None
        # Pruned first: the offline lists hash the stylesheet as it will be served.
        prune_material_css(Path(config.site_dir), [Path(d) for d in config.theme.dirs])
        write_offline(config, self._config_dir / self.config.templates_dir, self._lessons,
                      self._loader.settings.languages, self._renderer.strings)

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer:
        assert self._loader is not None
        for folder in (self._loader.settings.lessons_dir, self._loader.settings.screenshots_dir,
                       self._config_dir / self.config.templates_dir):
            if folder.is_dir():
                server.watch(str(folder))
        return server
