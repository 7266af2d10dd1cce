"""Every step of every real lesson, presented on a small phone as a volunteer would.

At 360 x 740 and 320 x 568, at the default and the largest text size, in both languages, the
test presses Next through the whole lesson and checks on each step that what the volunteer
needs is on the screen without scrolling: the step counter (on one line), Back, Next (or
Finish on the last step) and Exit; the step's title; a picture no narrower than 240 px; and,
when the step is longer than the screen, the "more below" cue.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from browser_helpers import AXE_OPTIONS, LAYOUT_PROBLEMS
from sites import REPO, Project

pytestmark = pytest.mark.browser

LESSONS = sorted(path.parent.name for path in (REPO / "lessons").glob("*/lesson.yml"))
SCREENS = {"360x740": {"width": 360, "height": 740}, "320x568": {"width": 320, "height": 568}}
SIZES = {"default": 0, "largest": 3}
PREFIX = {"vi": "", "en": "en/"}

# Everything measured on one presenter slide, in one go.
SLIDE = """
() => {
  const box = sel => { const el = document.querySelector(sel);
    if (!el || el.hidden || el.offsetParent === null) return null;
    const r = el.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height,
            text: el.textContent.trim()}; };
  const counter = document.querySelector('[data-role=counter]');
  const range = document.createRange(); range.selectNodeContents(counter);
  const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
  const stage = document.querySelector('[data-role=stage]');
  const slide = document.querySelector('.hs-step.is-current, .hs-done.is-current');
  const pictures = [...slide.querySelectorAll('.hs-step__picture img')]
    .filter(img => img.offsetParent !== null)
    .map(img => ({width: img.getBoundingClientRect().width,
                  column: img.parentNode.clientWidth}));
  const title = slide.querySelector('h3').getBoundingClientRect();
  const warning = slide.querySelector(':scope > .hs-callout--warning');
  const stageBox = stage.getBoundingClientRect();
  return {
    innerWidth, innerHeight, scrollY,
    pageHeight: document.documentElement.scrollHeight,
    counter: box('[data-role=counter]'), counterLines: lines,
    exit: box('[data-action=exit]'), back: box('[data-action=back]'),
    next: box('[data-action=next]'), more: box('[data-action=more]'),
    stageOverflows: stage.scrollHeight > stage.clientHeight + 4,
    stageTop: stageBox.top, stageBottom: stageBox.bottom,
    titleTop: title.top, titleBottom: title.bottom,
    pictures, done: slide.classList.contains('hs-done'),
    warningTop: warning ? warning.getBoundingClientRect().top : null,
    fontSize: parseFloat(getComputedStyle(slide.querySelector('h3')).fontSize),
  };
}
"""


@pytest.fixture(scope="module")
def lessons_url(real_site_url: str) -> str:
    return real_site_url


@pytest.fixture
def presenter(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def open_page(url: str, screen: dict[str, int], size: int) -> Any:
        context = browser.new_context(viewport=screen, device_scale_factor=2)
        context.add_init_script(f"localStorage.setItem('hocso:text-size', '{size}')")
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.evaluate("document.fonts.ready")
        return page

    yield open_page
    for context in contexts:
        context.close()


def on_screen(box: dict[str, float] | None, slide: dict[str, Any]) -> bool:
    return (box is not None and box["top"] >= 0 and box["left"] >= 0
            and box["bottom"] <= slide["innerHeight"] + 0.5
            and box["right"] <= slide["innerWidth"] + 0.5)


def slide_problems(slide: dict[str, Any], last_step: bool, finish: str,
                   roomy: bool = False) -> list[str]:
    problems = []
    # On a 360 x 740 phone at the default size, a step's warning starts on the first screen,
    # above the picture: nobody should have to scroll to learn what not to do.
    if roomy and slide["warningTop"] is not None and \
            slide["warningTop"] > slide["stageBottom"] - 40:
        problems.append("the step's warning starts below the screen")
    if slide["scrollY"] != 0 or slide["pageHeight"] > slide["innerHeight"] + 1:
        problems.append(f"the page itself scrolls ({slide['pageHeight']} px)")
    for name in ("exit", "back") + (() if slide["done"] else ("counter", "next")):
        if not on_screen(slide[name], slide):
            problems.append(f"{name} is not on screen: {slide[name]}")
    if not slide["done"] and slide["counterLines"] != 1:
        problems.append(f"the counter takes {slide['counterLines']} lines")
    if last_step and (slide["next"] or {}).get("text") != finish:
        problems.append(f"the last step's Next should read {finish!r}: {slide['next']}")
    if slide["titleTop"] < slide["stageTop"] - 1 or slide["titleBottom"] > slide["stageBottom"]:
        problems.append("the step's title is not in view")
    for picture in slide["pictures"]:
        if picture["width"] < min(240, picture["column"]) - 1:
            problems.append(f"a picture is only {picture['width']:.0f} px wide")
    if slide["stageOverflows"] and not on_screen(slide["more"], slide):
        problems.append("the step runs below the screen without the 'more below' cue")
    if not slide["stageOverflows"] and slide["more"]:
        problems.append("the 'more below' cue shows although nothing is below")
    return problems


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("lang", PREFIX)
@pytest.mark.parametrize("lesson", LESSONS)
def test_every_step_fits_the_screen(presenter: Any, real_site_url: str, real_site: Project,
                                    lesson: str, lang: str, screen: str, size: str) -> None:
    page = presenter(f"{real_site_url}{PREFIX[lang]}lessons/{lesson}/", SCREENS[screen],
                     SIZES[size])
    finish = page.get_attribute(".hs-lesson", "data-finish")
    page.click("[data-action=present]")
    steps = page.locator(".hs-step").count()
    problems: dict[str, list[str]] = {}
    sizes = set()
    for number in range(1, steps + 2):
        slide = page.evaluate(SLIDE)
        label = "done" if number > steps else f"step {number}"
        found = slide_problems(slide, number == steps, finish,
                               roomy=(screen, size) == ("360x740", "default"))
        found += page.evaluate(LAYOUT_PROBLEMS)
        if found:
            problems[label] = found
        sizes.add(slide["fontSize"])
        if number <= steps:
            assert slide["counter"]["text"].replace("\u00a0", " ").split()[1] == str(number)
            page.click("[data-action=next]")
    assert problems == {}, f"{lesson} ({lang}, {screen}, {size} text)"
    assert len(sizes) == 1


@pytest.mark.parametrize("lang", PREFIX)
def test_done_screen_leads_on_and_its_buttons_have_room(presenter: Any, real_site_url: str,
                                                        lang: str) -> None:
    page = presenter(f"{real_site_url}{PREFIX[lang]}lessons/cashless-payment/#done",
                     SCREENS["360x740"], 0)
    page.click("[data-action=present]")
    page.goto(f"{real_site_url}{PREFIX[lang]}lessons/cashless-payment/#done")
    assert page.is_visible(".hs-done")
    links = page.locator(".hs-done__next a")
    texts = [links.nth(n).inner_text() for n in range(links.count())]
    assert len(texts) == 2
    # Each starter topic has one lesson: the done screen leads to the next topic's first.
    expected = {"vi": ("Bài tiếp theo:", "Về danh sách bài"),
                "en": ("Next lesson:", "Back to lessons")}[lang]
    assert texts[0].startswith(expected[0]) and texts[1] == expected[1]
    # The next lesson in catalogue order, and the catalogue.
    hrefs = [links.nth(n).get_attribute("href") for n in range(2)]
    assert hrefs == ["../spot-online-fraud/", "../../"]
    page.click(".hs-done__next a >> nth=0")
    page.wait_for_load_state("networkidle")
    assert "/lessons/" in page.url and "cashless-payment" not in page.url
    page.go_back()
    page.wait_for_load_state("networkidle")
    page.eval_on_selector("[data-role=stage]", "el => el.scrollTop = el.scrollHeight")
    gaps = page.evaluate("""() => {
      const done = document.querySelector('.hs-done');
      const controls = [...done.querySelectorAll('button, a')].filter(e => e.offsetParent);
      const rules = [document.querySelector('[data-role=bar]'),
                     done.querySelector('.hs-done__next')];
      const out = [];
      for (const c of controls) {
        const r = c.getBoundingClientRect();
        for (const rule of rules) {
          const line = rule.getBoundingClientRect().top;
          out.push(Math.min(Math.abs(r.top - line), Math.abs(r.bottom - line)));
        }
      }
      return out;
    }""")
    assert min(gaps) >= 8


def test_done_screen_of_the_last_lesson_offers_only_the_list(presenter: Any,
                                                                  real_site_url: str,
                                                                  real_site: Project) -> None:
    from hocso.core.loader import LessonSettings, load_lessons
    from hocso.core.render import next_lessons

    lessons = load_lessons(LessonSettings(lessons_dir=real_site.lessons,
                                          screenshots_dir=real_site.screenshots,
                                          languages=("vi", "en"))).lessons
    following = next_lessons(lessons)
    last = next(les.id for les in lessons.lessons if les.id not in following)
    page = presenter(f"{real_site_url}lessons/{last}/", SCREENS["360x740"], 0)
    page.click("[data-action=present]")
    page.goto(f"{real_site_url}lessons/{last}/#done")
    assert page.locator(".hs-done__next a").all_inner_texts() == ["Về danh sách bài"]


def test_swiping_is_explained_once_per_device(browser: Any, real_site_url: str) -> None:
    context = browser.new_context(viewport=SCREENS["360x740"], has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(real_site_url + "lessons/cashless-payment/")
        page.wait_for_load_state("networkidle")
        page.click("[data-action=present]")
        hint = page.locator("[data-role=swipe-hint]")
        assert hint.is_visible() and hint.inner_text() == "Vuốt sang trái để sang bước tiếp"
        box = hint.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 740
        page.click("[data-action=next]")
        assert not hint.is_visible()
        page.click("[data-action=exit]")
        page.goto(real_site_url + "en/lessons/spot-online-fraud/")
        page.wait_for_load_state("networkidle")
        page.click("[data-action=present]")
        assert not page.locator("[data-role=swipe-hint]").is_visible()
    finally:
        context.close()
    # A mouse-only screen is never told to swipe.
    context = browser.new_context(viewport=SCREENS["360x740"])
    try:
        page = context.new_page()
        page.goto(real_site_url + "lessons/cashless-payment/")
        page.click("[data-action=present]")
        assert not page.locator("[data-role=swipe-hint]").is_visible()
    finally:
        context.close()


def test_a_long_step_scrolls_inside_its_area_and_the_cue_scrolls_on(presenter: Any,
                                                                  real_site_url: str) -> None:
    page = presenter(real_site_url + "lessons/install-vneid/", SCREENS["320x568"], 3)
    page.click("[data-action=present]")
    more = page.locator("[data-action=more]")
    assert more.is_visible()
    bar_before = page.locator("[data-role=bar]").bounding_box()
    cut_top = page.evaluate("""() => {
      const stage = document.querySelector('[data-role=stage]').getBoundingClientRect();
      const parts = [...document.querySelectorAll('.hs-step.is-current > *')]
        .filter(el => el.offsetParent !== null);
      const cut = parts.find(el => {
        const b = el.getBoundingClientRect();
        return b.bottom > stage.bottom + 1 && b.top > stage.top + 8;
      });
      return cut ? cut.getBoundingClientRect().top - stage.top : null;
    }""")
    more.click()
    page.wait_for_timeout(800)
    scrolled = page.eval_on_selector("[data-role=stage]", "el => el.scrollTop")
    assert scrolled > 40
    if cut_top is not None and cut_top > 48:
        assert abs(scrolled - (cut_top - 8)) < 4  # the cut-off part now starts at the top
    assert page.locator("[data-role=bar]").bounding_box() == bar_before
    assert page.evaluate("scrollY") == 0


@pytest.mark.parametrize("lang", PREFIX)
def test_presenter_at_the_largest_size_passes_axe(presenter: Any, real_site_url: str,
                                                  lang: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = presenter(f"{real_site_url}{PREFIX[lang]}lessons/install-vneid/",
                     SCREENS["320x568"], 3)
    page.click("[data-action=present]")
    page.click("[data-action=next]")
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    page.click("[data-action=exit]")
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
