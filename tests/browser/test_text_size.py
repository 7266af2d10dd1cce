"""Every page at every text size (A− / A+), on the narrowest phones: nothing breaks.

The reader's text size grows the reading text only; the header and the lesson tools keep their
own size (at least 16 px text and 48 px targets), so nothing spills out of its box, nothing
overlaps, no word is broken inside a control and the page never scrolls sideways.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from browser_helpers import CONTROL_BOXES, LAYOUT_PROBLEMS, TEXT_SCALES
from sites import Project

pytestmark = pytest.mark.browser

WIDTHS = (320, 360)

CHROME_SIZES = """
() => [...document.querySelectorAll('.hs-header *, .hs-toolbar *')]
  .filter(el => el.offsetParent !== null && [...el.childNodes]
    .some(n => n.nodeType === 3 && n.textContent.trim()))
  .map(el => parseFloat(getComputedStyle(el).fontSize))
"""


def built_pages(project: Project) -> list[str]:
    """Every page of the built site, as a path under the site's address."""
    pages = []
    for index in sorted(project.site.rglob("*.html")):
        relative = index.relative_to(project.site).as_posix()
        if relative.startswith(("assets/", "handouts/", "images/")):
            continue
        pages.append(relative.removesuffix("index.html"))
    return pages


@pytest.fixture(scope="module")
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 360, "height": 740},
                                  device_scale_factor=1)
    yield context.new_page()
    context.close()


def test_the_site_has_the_pages_this_test_walks(real_site: Project) -> None:
    pages = built_pages(real_site)
    assert "" in pages and "en/" in pages and "lessons/install-vneid/" in pages
    assert len(pages) >= 20


def test_every_page_at_every_text_size_and_width(page: Any, real_site: Project,
                                                 real_site_url: str) -> None:
    problems: dict[str, list[str]] = {}
    for path in built_pages(real_site):
        page.set_viewport_size({"width": 360, "height": 740})
        page.goto(real_site_url + path)
        page.wait_for_load_state("networkidle")
        page.evaluate("document.fonts.ready")
        chrome_at_default = page.evaluate(CHROME_SIZES)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 740})
            for scale in TEXT_SCALES:
                # What hocso.js does when A+ is pressed.
                page.evaluate(f"document.documentElement.style.setProperty('--hs-scale', "
                              f"'{scale}')")
                label = f"/{path} at {width} px, text x{scale}"
                found = list(page.evaluate(LAYOUT_PROBLEMS))
                chrome = page.evaluate(CHROME_SIZES)
                if chrome != chrome_at_default:
                    found.append("the header or lesson tools changed size with the text")
                if chrome and min(chrome) < 16:
                    found.append(f"header or tool text under 16 px: {min(chrome)}")
                small = [box for box in page.evaluate(CONTROL_BOXES)
                         if box["width"] < 47.5 or box["height"] < 47.5]
                if small:
                    found.append(f"controls under 48 px: {small}")
                if found:
                    problems[label] = found
    assert problems == {}


def test_the_reading_text_does_grow(page: Any, real_site_url: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(real_site_url + "lessons/cashless-payment/")
    page.wait_for_load_state("networkidle")
    size = "parseFloat(getComputedStyle(document.querySelector('.hs-step__text p')).fontSize)"
    header = "parseFloat(getComputedStyle(document.querySelector('.hs-header__title')).fontSize)"
    before = (page.evaluate(size), page.evaluate(header))
    for _ in range(3):
        page.click("[data-action=larger]")
    after = (page.evaluate(size), page.evaluate(header))
    assert after[0] >= before[0] * 1.45 and after[1] == before[1]
    page.evaluate("localStorage.clear()")
