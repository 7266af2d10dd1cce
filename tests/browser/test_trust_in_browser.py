"""Issue 13 in Chromium: hostile text runs nothing, and no page breaks its own policy."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_helpers import serve, watch_csp
from hostile_site import ACCEPTED, write_hostile
from sites import Project, new_project

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
# A lesson page at phone size under the policy, for a person to look at.
SCREENSHOT = Path(os.environ.get("HOCSO_CSP_SCREENSHOT", "/tmp/hocso-csp-lesson-360x740.png"))


def _visit(page: Any, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")
    return list(page.evaluate("window.__cspViolations || []"))


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = new_project(tmp_path_factory.mktemp("hostile-browser") / "project")
    write_hostile(project, ACCEPTED, site_files=True)
    result = project.build("--strict")
    assert result.returncode == 0, result.stderr
    yield from serve(project.site)


def test_hostile_text_opens_no_dialog_and_goes_nowhere(browser: Any, hostile_url: str) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    console = watch_csp(page)
    for path in ("lessons/hostile/", "en/lessons/hostile/", "", "about/", "glossary/",
                 "topics/identity/"):
        violations = _visit(page, hostile_url + path)
        # Focus and hover everything an injected handler could hang on.
        page.keyboard.press("Tab")
        page.mouse.move(100, 100)
        page.wait_for_timeout(300)
        assert page.url == hostile_url + path  # no refresh to /x.html
        assert violations == [], (path, violations)
    context.close()
    assert dialogs == [] and console == []


def _pages(site: Path) -> list[str]:
    found = []
    for path in sorted(site.rglob("index.html")):
        if path.read_text(encoding="utf-8").strip():
            found.append(path.parent.relative_to(site).as_posix().removeprefix(".") + "/")
    return [p.removeprefix("/") for p in found]


def test_no_page_of_the_real_site_breaks_its_policy(browser: Any, real_site: Project,
                                                    real_site_url: str) -> None:
    """Every page in both languages, each lesson also in presenter mode."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2)
    page = context.new_page()
    console = watch_csp(page)
    pages = _pages(real_site.site)
    assert any(p.startswith("en/") for p in pages) and len(pages) > 20
    for path in [*pages, "404.html"]:
        assert _visit(page, real_site_url + path) == [], path
        if re.match(r"(en/)?lessons/[^/]+/$", path):
            page.click("[data-action=present]")
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(100)
            assert page.evaluate("window.__cspViolations") == [], path
    # Fonts and styles load under the policy: the lesson text is in Be Vietnam Pro.
    _visit(page, real_site_url + pages[0])
    lesson = next(p for p in pages if re.match(r"lessons/[^/]+/$", p))
    _visit(page, real_site_url + lesson)
    assert page.evaluate("document.fonts.check('16px \"Be Vietnam Pro\"')")
    assert page.evaluate(
        "[...document.fonts].some(f => f.family.includes('Be Vietnam Pro') "
        "&& f.status === 'loaded')")
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith(
        ('"Be Vietnam Pro"', "Be Vietnam Pro"))
    page.screenshot(path=str(SCREENSHOT))
    context.close()
    assert console == [], console
