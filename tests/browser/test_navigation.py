"""Finding one's way on a phone, in real Chromium: the side menu (drawer) and its close
control, the reader's topic marked in it, the index of topics and the page a broken link
shows (404)."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_helpers import AXE_OPTIONS, CONTROL_BOXES
from sites import Project

pytestmark = pytest.mark.browser

SIZES = [{"width": 360, "height": 740}, {"width": 320, "height": 568}]
SIZE_IDS = ["360x740", "320x568"]


class NotFoundHandler(http.server.SimpleHTTPRequestHandler):
    """As static hosts such as GitHub Pages do: the site's root 404.html for any address
    that has no file, at any depth, with status 404."""

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output readable."""

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def host_url(built_site: Project) -> Iterator[str]:
    handler = functools.partial(NotFoundHandler, directory=str(built_site.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def open_page(phone: Any, url: str) -> Any:
    response = phone.goto(url)
    phone.wait_for_load_state("networkidle")
    phone.evaluate("document.fonts.ready")
    return response


def open_drawer(phone: Any) -> None:
    phone.click(".hs-header__menu")
    phone.wait_for_timeout(400)  # Material's slide-in transition is 250 ms
    assert phone.evaluate("document.getElementById('__drawer').checked")


def drawer_is_on_screen(phone: Any) -> bool:
    box = phone.locator(".md-sidebar--primary").bounding_box()
    return bool(box and box["x"] + box["width"] > 1)


# ---- The drawer's close control -----------------------------------------------------------

@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize(("path", "label"), [("lessons/demo-lesson/", "Đóng"),
                                             ("en/lessons/demo-lesson/", "Close")])
def test_close_control_is_visible_large_and_closes_the_drawer(
        phone: Any, site_url: str, size: dict[str, int], path: str, label: str) -> None:
    phone.set_viewport_size(size)
    open_page(phone, site_url + path)
    assert not drawer_is_on_screen(phone)
    open_drawer(phone)
    assert drawer_is_on_screen(phone)
    close = phone.locator(".md-sidebar--primary .hs-drawer__close")
    assert close.is_visible()
    assert label in close.inner_text() and "✕" in close.inner_text()
    box = close.bounding_box()
    assert box["width"] >= 47.5 and box["height"] >= 47.5, box
    # Wholly on screen, inside the drawer, which leaves part of the page visible beside it.
    assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"]
    drawer = phone.locator(".md-sidebar--primary").bounding_box()
    assert drawer["width"] < size["width"]
    close.click()
    phone.wait_for_timeout(400)
    assert not phone.evaluate("document.getElementById('__drawer').checked")
    assert not drawer_is_on_screen(phone)


def test_a_closed_menu_is_not_in_the_tab_order(phone: Any, site_url: str) -> None:
    open_page(phone, site_url + "lessons/demo-lesson/")
    for _ in range(6):
        phone.keyboard.press("Tab")
        assert not phone.evaluate("!!document.activeElement.closest('.md-sidebar--primary')")


def test_the_menu_opens_and_closes_from_the_keyboard(phone: Any, site_url: str) -> None:
    open_page(phone, site_url + "lessons/demo-lesson/")
    menu = phone.locator(".hs-header__menu button")
    assert menu.get_attribute("aria-expanded") == "false"
    for _ in range(10):
        phone.keyboard.press("Tab")
        if phone.evaluate("!!document.activeElement.closest('.hs-header__menu')"):
            break
    else:
        pytest.fail("Tab never reaches the menu button")
    phone.keyboard.press("Enter")
    phone.wait_for_timeout(400)
    assert phone.evaluate("document.getElementById('__drawer').checked")
    assert menu.get_attribute("aria-expanded") == "true"
    assert drawer_is_on_screen(phone)
    assert phone.evaluate("!!document.activeElement.closest('.hs-drawer__close')")
    phone.keyboard.press(" ")
    phone.wait_for_timeout(400)
    assert not phone.evaluate("document.getElementById('__drawer').checked")
    assert phone.evaluate("!!document.activeElement.closest('.hs-header__menu')")
    # A tap still works as before.
    open_drawer(phone)
    phone.click(".md-sidebar--primary .hs-drawer__close")
    phone.wait_for_timeout(400)
    assert not phone.evaluate("document.getElementById('__drawer').checked")


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_open_drawer_fits_and_every_entry_is_large(phone: Any, site_url: str,
                                                   size: dict[str, int]) -> None:
    phone.set_viewport_size(size)
    open_page(phone, site_url + "lessons/demo-lesson/")
    open_drawer(phone)
    entries = phone.eval_on_selector_all(
        ".md-sidebar--primary a, .md-sidebar--primary label",
        """els => els.map(e => { const r = e.getBoundingClientRect();
             return {text: e.textContent.trim(), w: r.width, h: r.height, left: r.left,
                     right: r.right, size: parseFloat(getComputedStyle(e).fontSize)}; })""")
    assert any(entry["text"] == "Tất cả chủ đề" for entry in entries)
    for entry in entries:
        assert entry["h"] >= 47.5 and entry["w"] >= 47.5 and entry["size"] >= 16, entry
        assert entry["left"] >= 0 and entry["right"] <= size["width"], entry
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_open_drawer_passes_axe(phone: Any, site_url: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    open_page(phone, site_url + "lessons/demo-lesson/")
    open_drawer(phone)
    results = Axe().run(phone, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


# ---- The reader's topic, marked in the drawer ---------------------------------------------------

CURRENT = """() => {
  const marked = Array.from(document.querySelectorAll('.md-nav--primary [aria-current]'));
  return marked.map(e => {
    const style = getComputedStyle(e); const before = getComputedStyle(e, '::before');
    const r = e.getBoundingClientRect();
    return {text: e.textContent.trim(), value: e.getAttribute('aria-current'),
            weight: parseInt(style.fontWeight, 10), mark: before.content,
            bar: style.boxShadow, visible: r.width > 0 && r.left >= 0};
  });
}"""


@pytest.mark.parametrize(("path", "topic", "value"), [
    ("lessons/demo-lesson/", "Định danh điện tử", "true"),
    ("en/lessons/partly-translated/", "Electronic identity", "true"),
    ("topics/identity/", "Định danh điện tử", "page"),
])
def test_drawer_marks_the_readers_topic(phone: Any, site_url: str, path: str, topic: str,
                                        value: str) -> None:
    open_page(phone, site_url + path)
    open_drawer(phone)
    marked = phone.evaluate(CURRENT)
    assert len(marked) == 1, marked
    current = marked[0]
    assert (current["text"], current["value"]) == (topic, value)
    assert current["visible"]
    # Not by colour alone: bold, an arrow before it and a bar beside it.
    assert current["weight"] >= 700
    assert "▶" in current["mark"]
    assert current["bar"] != "none"
    others = phone.eval_on_selector_all(
        ".md-nav--primary .md-nav__link:not([aria-current])",
        "els => els.map(e => getComputedStyle(e, '::before').content)")
    assert others and not any("▶" in content for content in others)


# ---- The index of topics ------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["topics/", "en/topics/"])
def test_index_of_topics_is_large_print_and_accessible(phone: Any, real_site_url: str,
                                                       path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    open_page(phone, real_site_url + path)
    results = Axe().run(phone, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    titles = phone.eval_on_selector_all(
        ".hs-topics__item .hs-card__link",
        "els => els.map(e => ({size: parseFloat(getComputedStyle(e).fontSize),"
        " h: e.getBoundingClientRect().height}))")
    assert len(titles) == 5
    assert all(t["size"] >= 24 and t["h"] >= 47.5 for t in titles), titles
    small = [b for b in phone.evaluate(CONTROL_BOXES) if b["width"] < 47.5 or b["height"] < 47.5]
    assert small == []
    phone.set_viewport_size({"width": 320, "height": 568})
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


# ---- The page a broken link shows -------------------------------------------------------------

@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_broken_link_shows_the_bilingual_404(phone: Any, host_url: str,
                                             size: dict[str, int]) -> None:
    from axe_playwright_python.sync_playwright import Axe

    phone.set_viewport_size(size)
    response = open_page(phone, host_url + "lessons/no-such-lesson/step-3/")
    assert response.status == 404
    assert phone.evaluate("document.documentElement.lang") == "vi"
    assert phone.inner_text("h1") == "Không tìm thấy trang này"
    assert phone.get_attribute(".hs-notfound__part:nth-child(2)", "lang") == "en"
    # The site's own styles and font, although the page sits two folders deep.
    assert phone.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily"
                          ).startswith('"Be Vietnam Pro"')
    assert phone.is_visible(".hs-header__menu")
    results = Axe().run(phone, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    links = phone.eval_on_selector_all(
        ".hs-notfound__links a",
        "els => els.map(e => ({text: e.textContent.trim(), h: e.getBoundingClientRect().height,"
        " size: parseFloat(getComputedStyle(e).fontSize)}))")
    assert [link["text"] for link in links] == ["Về trang chủ", "Xem tất cả chủ đề",
                                                "Go to the lessons", "See all topics"]
    assert all(link["h"] >= 55.5 and link["size"] >= 20 for link in links), links


@pytest.mark.parametrize(("label", "expected", "lang"), [
    ("Về trang chủ", "", "vi"), ("Go to the lessons", "en/", "en"),
    ("See all topics", "en/topics/", "en"),
])
def test_404_links_lead_to_the_lessons(phone: Any, host_url: str, label: str, expected: str,
                                       lang: str) -> None:
    open_page(phone, host_url + "a/mistyped/address")
    phone.click(f".hs-notfound__links a:text-is('{label}')")
    phone.wait_for_load_state("networkidle")
    assert phone.url == host_url + expected
    assert phone.evaluate("document.documentElement.lang") == lang
