"""Old printed addresses in a real browser, after a site's lessons have changed.

The site is built twice in its history: first published (and recorded), then changed the
ways lessons change over years: a step inserted, steps reordered, a lesson split in two, a
lesson renamed and one of its steps given a new id. Every address of the first edition must
still land on its step, with and without JavaScript, in both languages.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from browser_helpers import AXE_OPTIONS, serve, watch_csp
from lesson_factory import lesson_data
from sites import Project, new_project

pytestmark = pytest.mark.browser


def _step(step_id: str, title: str) -> dict[str, Any]:
    return {"id": step_id, "title": {"vi": title, "en": title},
            "text": {"vi": f"Làm việc {title}.", "en": f"Do {title}."}}


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = new_project(tmp_path_factory.mktemp("history") / "project")
    whole = lesson_data("whole", steps=4)
    project.write_lesson("whole", whole)
    project.write_lesson("old-name", lesson_data("old-name"))
    first = project.hocso("addresses", "--update")
    assert first.returncode == 0, first.stdout
    # Years later: "whole" gets a new first step and keeps tap-2 before tap-1; its last two
    # steps become a lesson of their own.
    tap = whole["steps"]
    whole["steps"] = [_step("charge-phone", "Charge"), tap[1], tap[0]]
    project.write_lesson("whole", whole)
    part_two = lesson_data("whole-part-two", steps=4)
    part_two["aliases"] = ["whole"]
    part_two["steps"] = tap[2:]
    project.write_lesson("whole-part-two", part_two)
    # "old-name" is renamed, and its second step gets a better id.
    shutil.rmtree(project.lessons / "old-name")
    renamed = lesson_data("new-name")
    renamed["aliases"] = ["old-name"]
    renamed["steps"][1]["id"] = "tap-again"
    renamed["steps"][1]["aliases"] = ["tap-2"]
    project.write_lesson("new-name", renamed)
    second = project.hocso("addresses", "--update")
    assert second.returncode == 0, second.stdout
    check = project.hocso("check", "--strict")
    assert check.returncode == 0, check.stdout
    build = project.build("--strict")
    assert build.returncode == 0, build.stderr
    return project


@pytest.fixture(scope="module")
def history_url(history: Project) -> Iterator[str]:
    yield from serve(history.site)


@pytest.fixture
def no_script(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 360, "height": 740},
                                  java_script_enabled=False)
    page = context.new_page()
    violations = watch_csp(page)
    yield page
    context.close()
    assert violations == [], violations


def landed(page: Any) -> tuple[str, str]:
    """The page's path and the id of the step the address shows, once it has settled."""
    page.wait_for_load_state("networkidle")
    step = page.evaluate("""() => {
        const named = document.getElementById(decodeURIComponent(location.hash.slice(1)));
        const step = named && named.closest('.hs-step');
        return step ? step.id : '';
    }""")
    path = page.evaluate("location.pathname")
    return str(path), str(step)


# (old address, where it must land, the step's current number there)
OLD_ADDRESSES = [
    ("lessons/whole/#step-1", "/lessons/whole/", "step-tap-1", 3),
    ("lessons/whole/#step-2", "/lessons/whole/", "step-tap-2", 2),
    ("lessons/whole/#step-tap-1", "/lessons/whole/", "step-tap-1", 3),
    ("lessons/whole/#step-3", "/lessons/whole-part-two/", "step-tap-3", 1),
    ("lessons/whole/#step-tap-4", "/lessons/whole-part-two/", "step-tap-4", 2),
    ("en/lessons/whole/#step-4", "/en/lessons/whole-part-two/", "step-tap-4", 2),
    ("lessons/old-name/#step-2", "/lessons/new-name/", "step-tap-again", 2),
    ("lessons/old-name/#step-tap-2", "/lessons/new-name/", "step-tap-again", 2),
    ("en/lessons/old-name/#step-3", "/en/lessons/new-name/", "step-tap-3", 3),
]


@pytest.mark.parametrize(("old", "path", "step", "number"), OLD_ADDRESSES)
def test_old_addresses_land_on_their_step(phone: Any, history_url: str, old: str, path: str,
                                          step: str, number: int) -> None:
    phone.goto(history_url + old)
    assert landed(phone) == (path, step)
    # The address bar shows the step's own address, which the page marks and scrolls to.
    assert phone.evaluate("location.hash") == f"#{step}"
    assert "hs-step--target" in (phone.get_attribute(f"#{step}", "class") or "")
    top = phone.evaluate(f"document.getElementById('{step}').getBoundingClientRect().top")
    assert 0 <= top < 200
    assert phone.inner_text(f"#{step} .hs-step__number").endswith(str(number))


def test_an_old_address_opens_presenter_mode_on_its_step(phone: Any, history_url: str) -> None:
    phone.goto(history_url + "en/lessons/whole/#step-1")
    phone.wait_for_load_state("networkidle")
    phone.click("[data-action=present]")
    assert phone.inner_text("[data-role=counter]") == "Step 3 of 3"
    assert phone.evaluate("location.hash") == "#step-tap-1"


def test_the_old_lesson_address_leads_to_the_new_lesson(phone: Any, history_url: str) -> None:
    for old, new in (("lessons/old-name/", "/lessons/new-name/"),
                     ("en/lessons/old-name/", "/en/lessons/new-name/")):
        phone.goto(history_url + old)
        phone.wait_for_url(f"**{new}")
        assert phone.evaluate("location.pathname") == new


def test_without_javascript_old_addresses_still_lead_on(no_script: Any,
                                                        history_url: str) -> None:
    # A number printed before steps had ids: the browser scrolls to the step by itself.
    no_script.goto(history_url + "lessons/whole/#step-1")
    top = no_script.evaluate("document.getElementById('step-tap-1').getBoundingClientRect().top")
    assert 0 <= top < 200
    # A step now in another lesson: a note with a link to it is shown in its place.
    no_script.goto(history_url + "lessons/whole/#step-3")
    note = no_script.locator("#step-3")
    assert note.is_visible() and "whole-part-two" in (
        note.locator("a").get_attribute("href") or "")
    assert not no_script.locator("#step-4").is_visible()  # only the note the address names
    note.locator("a").click()
    no_script.wait_for_url("**/lessons/whole-part-two/#step-tap-3")
    # A renamed lesson: the refresh leads to the new lesson.
    no_script.goto(history_url + "lessons/old-name/#step-2")
    no_script.wait_for_url("**/lessons/new-name/")


def test_the_redirect_pages_are_not_listed(history: Project) -> None:
    sitemap = (history.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "old-name" not in sitemap and "new-name" in sitemap
    page = (history.site / "lessons" / "old-name" / "index.html").read_text(encoding="utf-8")
    assert 'name="robots" content="noindex"' in page and "Content-Security-Policy" in page
    assert not (history.site / "lessons" / "whole-part-two" / "step-3").exists()


def test_a_moved_step_note_passes_axe(phone: Any, history_url: str) -> None:
    """What a reader sees at the old address of a step now elsewhere, when the site's script
    does not run (axe itself needs JavaScript, so only hocso.js is kept from loading)."""
    from axe_playwright_python.sync_playwright import Axe

    phone.route("**/assets/hocso.js", lambda route: route.abort())
    phone.goto(history_url + "lessons/whole/#step-4")
    phone.wait_for_load_state("networkidle")
    assert phone.locator("#step-4").is_visible()
    results = Axe().run(phone, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
