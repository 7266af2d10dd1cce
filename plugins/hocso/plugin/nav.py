"""The sidebar: the catalogue and one entry per topic, never one per lesson.

Listing every lesson would make every page's HTML grow with the number of lessons.
"""

from __future__ import annotations

from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from hocso.plugin.files import PageFile


def sidebar(nav: Navigation, pages: dict[str, PageFile]) -> Navigation:
    """Replace the automatic navigation with the catalogue, the index of topics and each
    topic, the glossary and the hand-written pages (such as About) of this language. The
    translation status page is for translators, not learners, so it is reached by its address
    only. A lesson page finds its topic in this list through its page meta ``topic``
    (files.page_stub), which templates/theme/partials/nav.html compares."""
    generated: list[Page] = []
    written: list[Page] = []
    for page in nav.pages:
        page_file = pages.get(page.file.src_uri)
        if page_file is None:
            written.append(page)
        elif page_file.page.kind not in ("lesson", "translations"):
            generated.append(page)
    order = {src_uri: n for n, src_uri in enumerate(pages)}
    generated.sort(key=lambda page: order[page.file.src_uri])
    listed = generated + sorted(written, key=lambda page: page.file.src_uri)
    for page in nav.pages:
        page.parent = None
        page.previous_page = None
        page.next_page = None
    sidebar_nav = Navigation(list(listed), list(listed))
    sidebar_nav.homepage = nav.homepage
    return sidebar_nav
