"""Pages as an older learner sees them on a 360 px phone, checked in real Chromium."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from browser_helpers import AXE_OPTIONS, CONTROL_BOXES

pytestmark = pytest.mark.browser

PAGES = ["lessons/demo-lesson/", "en/lessons/demo-lesson/", "", "en/", "topics/identity/",
         "en/lessons/partly-translated/"]


# Every visible text node: its computed size, line height and the element it sits in.
TEXT_METRICS = """
() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    if (style.visibility === 'hidden' || style.display === 'none' || rect.width === 0
        || rect.height === 0 || el.closest('[hidden], .md-sidebar, .md-search')) continue;
    out.push({text: node.textContent.trim().slice(0, 40), tag: el.tagName,
              cls: el.className, size: parseFloat(style.fontSize),
              lineHeight: style.lineHeight});
  }
  return out;
}
"""



def open_page(phone: Any, site_url: str, path: str) -> Any:
    phone.goto(site_url + path)
    phone.wait_for_load_state("networkidle")
    phone.evaluate("document.fonts.ready")
    return phone


@pytest.mark.parametrize("path", PAGES)
def test_text_is_large_enough(phone: Any, site_url: str, path: str) -> None:
    open_page(phone, site_url, path)
    metrics = phone.evaluate(TEXT_METRICS)
    assert metrics
    too_small = [m for m in metrics if m["size"] < 16]
    assert too_small == []
    for m in metrics:
        if m["lineHeight"] != "normal" and m["tag"] in ("P", "LI"):
            assert float(m["lineHeight"].removesuffix("px")) >= 1.5 * m["size"] - 0.01, m


def test_step_text_is_at_least_20_px(phone: Any, site_url: str) -> None:
    open_page(phone, site_url, "lessons/demo-lesson/")
    sizes = phone.eval_on_selector_all(
        ".hs-step > .hs-step__text p",
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert len(sizes) == 3 and min(sizes) >= 20
    titles = phone.eval_on_selector_all(
        ".hs-step__title", "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert min(titles) >= 24


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violations(phone: Any, site_url: str, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    open_page(phone, site_url, path)
    results = Axe().run(phone, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("path", PAGES)
def test_every_control_is_at_least_48_px(phone: Any, site_url: str, path: str) -> None:
    open_page(phone, site_url, path)
    boxes = phone.evaluate(CONTROL_BOXES)
    assert boxes
    small = [b for b in boxes if b["width"] < 47.5 or b["height"] < 47.5]
    assert small == []


def test_drawer_navigation_lists_topics_with_large_targets(phone: Any, site_url: str) -> None:
    open_page(phone, site_url, "lessons/demo-lesson/")
    phone.click(".hs-header__menu")
    phone.wait_for_timeout(400)
    links = phone.eval_on_selector_all(
        ".md-nav--primary .md-nav__link",
        """els => els.filter(e => e.getBoundingClientRect().width > 0)
             .map(e => ({text: e.textContent.trim(), h: e.getBoundingClientRect().height,
                         size: parseFloat(getComputedStyle(e).fontSize)}))""")
    texts = [link["text"] for link in links]
    assert "Định danh điện tử" in texts
    assert not any("Bài thử" in text for text in texts)
    assert all(link["h"] >= 47.5 and link["size"] >= 16 for link in links), links


@pytest.mark.parametrize("width", [320, 360])
@pytest.mark.parametrize("path", PAGES)
def test_no_horizontal_scrolling(phone: Any, site_url: str, path: str, width: int) -> None:
    phone.set_viewport_size({"width": width, "height": 740})
    open_page(phone, site_url, path)
    scroll, inner = phone.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner


def test_self_hosted_font_is_used(phone: Any, site_url: str, requests_seen: list[str]) -> None:
    open_page(phone, site_url, "lessons/demo-lesson/")
    assert phone.evaluate("document.fonts.check('20px \"Be Vietnam Pro\"', 'Đăng nhập')")
    loaded = phone.evaluate(
        "Array.from(document.fonts).filter(f => f.status === 'loaded').map(f => f.family)")
    assert any("Be Vietnam Pro" in family for family in loaded)
    assert any(url.endswith(".woff2") for url in requests_seen)


@pytest.mark.parametrize("path", PAGES)
def test_no_request_leaves_the_site(phone: Any, site_url: str, path: str,
                                   requests_seen: list[str]) -> None:
    open_page(phone, site_url, path)
    host = urlsplit(site_url).netloc
    assert requests_seen
    assert [url for url in requests_seen if urlsplit(url).netloc != host] == []


def test_language_switch_lands_on_the_same_lesson(phone: Any, site_url: str) -> None:
    open_page(phone, site_url, "lessons/demo-lesson/")
    assert phone.evaluate("document.documentElement.lang") == "vi"
    phone.click("a[hreflang=en]")
    phone.wait_for_load_state("networkidle")
    assert phone.url == site_url + "en/lessons/demo-lesson/"
    assert phone.evaluate("document.documentElement.lang") == "en"
    assert phone.inner_text("h1") == "Test lesson demo-lesson"
    phone.click("a[hreflang=vi]")
    phone.wait_for_load_state("networkidle")
    assert phone.url == site_url + "lessons/demo-lesson/"
    assert phone.inner_text("h1") == "Bài thử demo-lesson"


def test_fallback_text_is_marked_with_its_language(phone: Any, site_url: str) -> None:
    open_page(phone, site_url, "en/lessons/partly-translated/")
    assert phone.evaluate("document.documentElement.lang") == "en"
    assert phone.get_attribute("h1", "lang") == "vi"
    assert phone.is_visible(".hs-notice")


REAL_PAGES = ["", "en/", "topics/identity/", "glossary/", "en/glossary/", "en/translations/",
              "about/",
              "en/about/", "volunteers/", "en/volunteers/"] + [
    f"{prefix}lessons/{lesson}/" for prefix in ("", "en/")
    for lesson in ("install-vneid", "cashless-payment", "spot-online-fraud", "ai-tools-safely",
                   "online-public-services")]


@pytest.mark.parametrize("path", REAL_PAGES)
def test_real_lessons_pass_the_same_checks(phone: Any, real_site_url: str, path: str,
                                           requests_seen: list[str]) -> None:
    from axe_playwright_python.sync_playwright import Axe

    open_page(phone, real_site_url, path)
    results = Axe().run(phone, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    assert [m for m in phone.evaluate(TEXT_METRICS) if m["size"] < 16] == []
    assert [b for b in phone.evaluate(CONTROL_BOXES)
            if b["width"] < 47.5 or b["height"] < 47.5] == []
    phone.set_viewport_size({"width": 320, "height": 740})
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    host = urlsplit(real_site_url).netloc
    assert [url for url in requests_seen if urlsplit(url).netloc != host] == []


def test_pictures_load_lazily_and_without_layout_shift(phone: Any, real_site_url: str) -> None:
    open_page(phone, real_site_url, "lessons/install-vneid/")
    images = phone.eval_on_selector_all(
        ".hs-step__picture img",
        """els => els.map(e => ({w: e.getAttribute('width'), h: e.getAttribute('height'),
                                 lazy: e.loading, box: e.getBoundingClientRect().height,
                                 sizes: e.sizes, srcset: e.srcset}))""")
    assert len(images) >= 10
    assert images[0]["lazy"] == "auto" and all(i["lazy"] == "lazy" for i in images[1:])
    # Space is reserved before the picture arrives: no layout shift.
    assert all(i["w"] and i["h"] and i["box"] > 100 for i in images)
    assert all("360w" in i["srcset"] and "720w" in i["srcset"] for i in images)
    phone.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    phone.wait_for_timeout(300)
    shown = phone.eval_on_selector_all(".hs-step__picture img",
                                       "els => els.filter(e => e.complete && e.naturalWidth > 0)"
                                       ".map(e => e.currentSrc)")
    assert shown and all(src.endswith("720.webp") for src in shown)  # 2x phone picks 720 px


def test_browser_printing_gives_large_print_without_navigation(phone: Any,
                                                               real_site_url: str) -> None:
    open_page(phone, real_site_url, "lessons/install-vneid/")
    phone.emulate_media(media="print")
    style = phone.evaluate("""() => {
        const css = (sel, prop) => getComputedStyle(document.querySelector(sel))[prop];
        return {header: css('.md-header', 'display'), handouts: css('.hs-handouts', 'display'),
                body: parseFloat(css('.hs-step__text p', 'fontSize')),
                colour: css('.hs-step__text p', 'color'),
                split: css('.hs-step', 'breakInside')};
    }""")
    assert style["header"] == "none" and style["handouts"] == "none"
    assert style["body"] >= 16 * 4 / 3 - 0.1  # 16 pt
    assert style["colour"] == "rgb(0, 0, 0)"
    assert style["split"] == "avoid"
    pdf = phone.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
