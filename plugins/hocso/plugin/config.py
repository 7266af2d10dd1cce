"""Settings of the ``lessons`` plugin, as written under ``plugins:`` in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class LessonsConfig(base.Config):  # type: ignore[no-untyped-call]
    # Folders are relative to mkdocs.yml.
    lessons_dir = c.Type(str, default="lessons")
    screenshots_dir = c.Type(str, default="screenshots")
    templates_dir = c.Type(str, default="templates")
    # Processed screenshots (and later handouts), kept between builds; never inside site/.
    cache_dir = c.Type(str, default=".cache/hocso")
    # The first language is the default: its pages have no URL prefix and untranslated
    # texts fall back to it. It must match the i18n plugin's default language.
    languages = c.ListOfItems(c.Type(str), default=["vi", "en"])
    required_languages = c.ListOfItems(c.Type(str), default=["vi"])
    # Links in lesson text to other domains are flagged for reviewers (subdomains included).
    link_allowlist = c.ListOfItems(
        c.Type(str), default=["gov.vn", "tinnhiemmang.vn", "khonggianmang.vn", "evn.com.vn"])
    # The catalogue shows this many lessons per topic and links to the topic page for the
    # rest, so the home page stays small however many lessons there are.
    catalogue_cards_per_topic = c.Type(int, default=6)
    # Printable PDF handouts for every lesson (site/handouts/). Their QR codes point at
    # site_url, so set it (or the SITE_URL environment variable) for a published site.
    handouts = c.Type(bool, default=True)
    handouts_in_serve = c.Type(bool, default=False)
