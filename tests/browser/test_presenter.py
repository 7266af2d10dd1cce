"""Presenter mode and the lesson tools, driven in Chromium as a volunteer would."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from browser_helpers import AXE_OPTIONS, CONTROL_BOXES

pytestmark = pytest.mark.browser

LESSON = "en/lessons/demo-lesson/"


@pytest.fixture
def page(phone: Any, site_url: str) -> Iterator[Any]:
    phone.goto(site_url + LESSON)
    phone.wait_for_load_state("networkidle")
    yield phone


def counter(page: Any) -> str:
    return str(page.inner_text("[data-role=counter]"))


def visible_steps(page: Any) -> list[str]:
    return list(page.eval_on_selector_all(
        ".hs-step", "els => els.filter(e => e.offsetParent !== null).map(e => e.id)"))


def test_presenter_shows_one_step_at_a_time(page: Any, site_url: str) -> None:
    page.click("[data-action=present]")
    assert visible_steps(page) == ["step-tap-1"]
    assert counter(page) == "Step 1 of 3"
    assert not page.is_visible(".md-header") and not page.is_visible(".hs-needs")
    assert page.evaluate("document.activeElement.closest('.hs-step').id") == "step-tap-1"
    assert page.get_attribute("[data-role=counter]", "aria-live") == "polite"
    back = page.locator("[data-action=back]").bounding_box()
    next_ = page.locator("[data-action=next]").bounding_box()
    for box in (back, next_):
        assert box["height"] >= 56 and box["width"] >= 140 and box["y"] + box["height"] <= 740
    assert back["x"] < next_["x"]  # Next under the right thumb
    page.click("[data-action=next]")
    assert visible_steps(page) == ["step-tap-2"] and counter(page) == "Step 2 of 3"
    assert page.url == site_url + LESSON + "#step-tap-2"
    page.click("[data-action=back]")
    assert visible_steps(page) == ["step-tap-1"]


def test_keys_and_swipes_move_between_steps(page: Any) -> None:
    page.click("[data-action=present]")
    page.keyboard.press("ArrowRight")
    assert counter(page) == "Step 2 of 3"
    page.keyboard.press("ArrowLeft")
    assert counter(page) == "Step 1 of 3"
    box = page.locator(".hs-step.is-current").bounding_box()
    y = box["y"] + 40
    page.mouse.move(300, y)
    page.mouse.down()
    page.mouse.move(60, y + 5, steps=5)
    page.mouse.up()
    assert counter(page) == "Step 2 of 3"
    page.mouse.move(60, y)
    page.mouse.down()
    page.mouse.move(300, y, steps=5)
    page.mouse.up()
    assert counter(page) == "Step 1 of 3"
    page.keyboard.press("Escape")
    assert page.is_visible(".hs-needs") and not page.is_visible("[data-role=bar]")


def test_last_step_ends_on_done_with_safety_notes(page: Any, site_url: str) -> None:
    page.click("[data-action=present]")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert page.url.endswith("#done")
    assert visible_steps(page) == [] and page.is_visible(".hs-done")
    assert page.inner_text(".hs-done__title") == "Done"
    assert counter(page) == "Done"  # said once, at the top, where the step counter was
    assert "Never share your password." in page.inner_text(".hs-done")
    assert page.inner_text("[data-action=next]") == "Next lesson"
    page.click("[data-tick=lesson]")
    assert page.get_attribute("[data-tick=lesson]", "aria-pressed") == "true"
    page.goto(site_url + "en/")
    page.wait_for_load_state("networkidle")
    card = page.locator(".hs-card[data-lesson=demo-lesson] .hs-card__done")
    assert card.is_visible() and card.inner_text() == "Completed on this device"
    assert not page.locator(".hs-card[data-lesson=partly-translated] .hs-card__done").is_visible()


def test_done_screen_offers_the_next_lesson_of_the_topic(page: Any, site_url: str) -> None:
    page.click("[data-action=present]")
    for _ in range(3):
        page.click("[data-action=next]")
    links = page.locator(".hs-done__next a")
    assert links.nth(0).inner_text().startswith("Next lesson in this topic:")
    assert links.nth(0).get_attribute("href") == "../partly-translated/"
    assert links.nth(1).inner_text() == "Back to lessons"
    assert links.nth(1).get_attribute("href") == "../../"
    for n in range(2):
        box = links.nth(n).bounding_box()
        assert box is not None and box["height"] >= 56 and box["width"] >= 300


def test_next_lesson_from_the_done_screen_opens_presenting(page: Any, site_url: str) -> None:
    page.click("[data-action=present]")
    for _ in range(3):
        page.click("[data-action=next]")
    page.click("[data-action=next]")  # "Next lesson"
    page.wait_for_url("**/en/lessons/partly-translated/#step-tap-1")
    page.wait_for_load_state("networkidle")
    assert visible_steps(page) == ["step-tap-1"] and counter(page) == "Step 1 of 3"


def test_enter_on_next_keeps_going(page: Any) -> None:
    page.click("[data-action=present]")
    page.focus("[data-action=next]")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    assert counter(page) == "Step 3 of 3"
    assert page.evaluate("document.activeElement.getAttribute('data-action')") == "next"


def test_a_real_touch_swipe_moves_between_steps(browser: Any, site_url: str) -> None:
    """Touch events as a phone sends them (through the DevTools protocol), so the browser's own
    touch handling (touch-action, scrolling) is in the way exactly as on a phone."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True,
                                  is_mobile=True)
    try:
        phone = context.new_page()
        phone.goto(site_url + LESSON)
        phone.wait_for_load_state("networkidle")
        phone.click("[data-action=present]")
        cdp = context.new_cdp_session(phone)
        box = phone.locator(".hs-step.is-current .hs-step__text").bounding_box()
        y = box["y"] + box["height"] / 2

        def swipe(x_from: float, x_to: float) -> None:
            cdp.send("Input.dispatchTouchEvent",
                     {"type": "touchStart", "touchPoints": [{"x": x_from, "y": y}]})
            for n in range(1, 9):
                x = x_from + (x_to - x_from) * n / 8
                cdp.send("Input.dispatchTouchEvent",
                         {"type": "touchMove", "touchPoints": [{"x": x, "y": y + n}]})
            cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
            phone.wait_for_timeout(200)

        swipe(300, 80)
        assert counter(phone) == "Step 2 of 3"
        swipe(80, 300)
        assert counter(phone) == "Step 1 of 3"
    finally:
        context.close()


def test_last_step_says_finish(page: Any) -> None:
    page.click("[data-action=present]")
    assert page.inner_text("[data-action=next]") == "Next"
    page.click("[data-action=next]")
    page.click("[data-action=next]")
    assert page.inner_text("[data-action=next]") == "Finish"


def test_browser_history_follows_the_steps(page: Any, site_url: str) -> None:
    page.click("[data-action=present]")
    page.click("[data-action=next]")
    page.click("[data-action=next]")
    assert counter(page) == "Step 3 of 3"
    page.go_back()
    page.wait_for_timeout(200)
    assert counter(page) == "Step 2 of 3" and page.url.endswith("#step-tap-2")
    page.go_forward()
    page.wait_for_timeout(200)
    assert counter(page) == "Step 3 of 3"


def test_deep_link_scrolls_to_and_highlights_the_step(phone: Any, site_url: str) -> None:
    phone.goto(site_url + LESSON + "#step-tap-3")
    phone.wait_for_load_state("networkidle")
    assert phone.is_visible(".hs-needs")  # the normal page, not presenter mode
    assert "hs-step--target" in (phone.get_attribute("#step-tap-3", "class") or "")
    top = phone.evaluate("document.getElementById('step-tap-3').getBoundingClientRect().top")
    assert 0 <= top < 200


def test_deep_link_opens_presenter_when_it_was_in_use(page: Any, site_url: str) -> None:
    page.click("[data-action=present]")
    page.goto(site_url + LESSON + "#step-tap-3")
    page.reload()
    page.wait_for_load_state("networkidle")
    assert visible_steps(page) == ["step-tap-3"] and counter(page) == "Step 3 of 3"


def test_text_size_is_remembered(page: Any) -> None:
    size = "parseFloat(getComputedStyle(document.querySelector('.hs-step__text p')).fontSize)"
    before = page.evaluate(size)
    assert page.is_disabled("[data-action=smaller]")
    page.click("[data-action=larger]")
    page.click("[data-action=larger]")
    larger = page.evaluate(size)
    assert larger > before * 1.25
    assert page.inner_text("[data-role=size-status]") == "Text size 3 of 4"
    page.reload()
    page.wait_for_load_state("networkidle")
    assert page.evaluate(size) == larger
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")


def test_ticks_are_remembered_on_the_device(page: Any) -> None:
    tick = "#step-tap-2 [data-tick]"
    assert page.get_attribute(tick, "aria-pressed") == "false"
    page.click(tick)
    page.reload()
    page.wait_for_load_state("networkidle")
    assert page.get_attribute(tick, "aria-pressed") == "true"
    assert page.get_attribute("#step-tap-1 [data-tick]", "aria-pressed") == "false"


def test_both_languages_shows_the_other_language_under_each_step(page: Any) -> None:
    assert not page.is_visible("#step-tap-1 .hs-other")
    page.click("[data-action=both-languages]")
    other = page.locator("#step-tap-1 .hs-other")
    assert other.is_visible() and other.get_attribute("lang") == "vi"
    assert "Bước 1: Bước thử số 1" in other.inner_text()
    assert page.get_attribute("[data-action=both-languages]", "aria-pressed") == "true"


def test_volunteer_notes_are_hidden_but_one_tap_away(page: Any) -> None:
    note = page.locator("#step-tap-1 .hs-volunteer .hs-volunteer__note")
    assert not note.is_visible()
    page.click("#step-tap-1 .hs-volunteer summary")
    assert note.is_visible() and "Back by mistake" in note.inner_text()


def test_platform_choice_is_remembered(page: Any) -> None:
    android = page.locator("#step-tap-3 .hs-variant[data-platform=android]")
    ios = page.locator("#step-tap-3 .hs-variant[data-platform=ios]")
    assert android.is_visible() and ios.is_visible()
    page.click("[data-platform-choice=ios]")
    assert ios.is_visible() and not android.is_visible()
    page.reload()
    page.wait_for_load_state("networkidle")
    assert page.locator("#step-tap-3 .hs-variant[data-platform=ios]").is_visible()
    assert not page.locator("#step-tap-3 .hs-variant[data-platform=android]").is_visible()
    assert page.get_attribute("[data-platform-choice=ios]", "aria-pressed") == "true"


@pytest.mark.parametrize("presenting", [False, True])
def test_axe_finds_no_violations_in_either_mode(page: Any, presenting: bool) -> None:
    from axe_playwright_python.sync_playwright import Axe

    if presenting:
        page.click("[data-action=present]")
        page.keyboard.press("ArrowRight")
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    small = [box for box in page.evaluate(CONTROL_BOXES)
             if box["width"] < 47.5 or box["height"] < 47.5]
    assert small == []


def test_without_javascript_the_page_is_a_plain_list(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740},
                                  java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + LESSON)
    steps = page.eval_on_selector_all(
        ".hs-step", "els => els.filter(e => e.offsetParent !== null).length")
    assert steps == 3
    for hidden in (".hs-toolbar", "[data-role=bar]", ".hs-done", ".hs-step .hs-tick",
                   ".hs-other"):
        assert not page.is_visible(hidden), hidden
    assert page.is_visible("#step-tap-3 .hs-variant[data-platform=android]")
    assert page.is_visible("#step-tap-3 .hs-variant[data-platform=ios]")
    context.close()


def test_script_is_small(built_site: Any) -> None:
    import gzip

    script = (built_site.site / "assets" / "hocso.js").read_bytes()
    assert len(gzip.compress(script, 9)) < 15_000


def test_works_with_material_instant_navigation(browser: Any, tmp_path_factory: Any) -> None:
    """Material swaps pages without reloading; the lesson tools must come up all the same."""
    import functools
    import http.server
    import threading

    from lesson_factory import lesson_data
    from sites import new_project

    project = new_project(tmp_path_factory.mktemp("instant") / "project")
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  features: []", "  features: [navigation.instant]"), encoding="utf-8")
    project.write_lesson("instant-lesson", lesson_data("instant-lesson"))
    project.site.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler,
                                directory=str(project.site))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # Material only navigates instantly within site_url: build for the address served.
    result = project.build(site_url=f"http://127.0.0.1:{server.server_address[1]}/")
    assert result.returncode == 0, result.stderr
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        page.wait_for_load_state("networkidle")
        page.evaluate("window.__sameDocument = true")
        page.click(".hs-card__link")
        page.wait_for_selector(".hs-toolbar:not([hidden])")
        assert page.evaluate("window.__sameDocument === true")  # no full reload happened
        page.click("[data-action=present]")
        page.keyboard.press("ArrowRight")
        assert page.inner_text("[data-role=counter]") == "Bước 2 / 3"
    finally:
        context.close()
        server.shutdown()
