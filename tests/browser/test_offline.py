"""Offline use in real Chromium with its service worker: what a volunteer with no signal sees.

A lesson is saved online, the browser is closed, and it is opened again with the network off
(a persistent profile, so this is a cold start). Updates are checked against two builds of the
same site served one after the other, under a sub-path as on GitHub Pages.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from browser_helpers import AXE_OPTIONS, watch_csp
from lesson_factory import lesson_data
from sites import Project, make_png, new_project

CHROMIUM = os.environ.get("HOCSO_CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 360, "height": 740}
SHOTS = Path(__file__).resolve().parents[2] / ".cache" / "screenshots-offline"
SAVED_VI = "Đã lưu trên điện thoại này"
UPDATED_VI = "Bài học đã được cập nhật."


@dataclass
class SwappableSite:
    """A loopback server for a built site under ``prefix`` whose folder can be replaced, as a
    new deploy replaces the published one; requests for ``failing`` paths get a 500."""

    folder: Path
    prefix: str = "/"
    failing: set[str] = field(default_factory=set)
    url: str = ""
    # Playwright's offline emulation can reach a service worker that has just woken up a
    # moment late: the server also stops answering, as a phone with no signal would see.
    down: bool = False

    def handler(self) -> type[http.server.SimpleHTTPRequestHandler]:
        site = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, directory=str(site.folder), **kwargs)

            def do_GET(self) -> None:
                if site.down:
                    self.close_connection = True
                    return
                path = self.path.split("?")[0]
                if not path.startswith(site.prefix):
                    self.send_error(404)
                    return
                if path[len(site.prefix):] in site.failing:
                    self.send_error(500)
                    return
                self.path = "/" + self.path[len(site.prefix):]
                super().do_GET()

            def end_headers(self) -> None:
                # Like GitHub Pages: a short HTTP cache, which the service worker must not trust.
                self.send_header("Cache-Control", "max-age=600")
                super().end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                """Keep test output readable."""

        return Handler


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that gives up on a request (going offline, a page closed) is expected;
        anything else is reported as usual."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture
def swappable() -> Iterator[SwappableSite]:
    site = SwappableSite(Path("."))
    server = _Server(("127.0.0.1", 0), site.handler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield site
    server.shutdown()


@pytest.fixture
def profile(browser: Any, tmp_path: Path) -> Iterator[Any]:
    """Opens the same browser profile again and again: closing it and opening it again is a
    cold start of the browser, with the service worker and its caches kept on disk."""
    contexts: list[Any] = []
    watched: list[list[str]] = []

    def open_profile() -> Any:
        for context in contexts:
            context.close()
        contexts.clear()
        context = browser.browser_type.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, viewport=PHONE,
            device_scale_factor=2, locale="vi-VN", service_workers="allow",
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
                  "--disable-background-networking", "--disable-component-update"])
        contexts.append(context)
        page = context.pages[0] if context.pages else context.new_page()
        watched.append(watch_csp(page))
        return page

    yield open_profile
    for context in contexts:
        context.close()
    violations = [violation for found in watched for violation in found]
    assert violations == [], violations


def wait_until_ready(page: Any) -> None:
    """The save control appears once the service worker has cached the shell."""
    page.wait_for_selector(".hs-offline:not([hidden]), .hs-offline-topic:not([hidden]), "
                           ".hs-offline-page:not([hidden])", timeout=20_000)


def save_lesson(page: Any) -> None:
    wait_until_ready(page)
    page.get_by_role("button", name="Lưu để dùng khi không có mạng").click()
    page.wait_for_selector(f".hs-offline__status:has-text('{SAVED_VI}')", timeout=20_000)


def pictures_shown(page: Any) -> list[str]:
    """Every picture of the page loaded (lazy ones too): the sources that did not."""
    return list(page.evaluate("""async () => {
        const imgs = Array.from(document.querySelectorAll('img'));
        imgs.forEach(img => { img.loading = 'eager'; });
        await Promise.all(imgs.map(img => img.decode().catch(() => null)));
        return imgs.filter(img => !(img.complete && img.naturalWidth > 0))
                   .map(img => img.currentSrc || img.src);
    }"""))


def go_offline(page: Any, site: SwappableSite, offline: bool = True) -> None:
    page.context.set_offline(offline)
    site.down = offline


def our_caches(page: Any) -> list[str]:
    return sorted(page.evaluate("caches.keys()"))


def test_a_saved_lesson_opens_offline_after_a_cold_start(profile: Any, built_site: Project,
                                                         swappable: SwappableSite) -> None:
    swappable.folder = built_site.site
    base = swappable.url + "/"
    page = profile()
    page.goto(base + "lessons/demo-lesson/")
    wait_until_ready(page)
    save = page.get_by_role("button", name="Lưu để dùng khi không có mạng")
    box = save.bounding_box()
    assert box["height"] >= 48 and box["width"] >= 48
    assert float(save.evaluate("b => parseFloat(getComputedStyle(b).fontSize)")) >= 20
    # The size is said before saving.
    assert "Cần" in page.locator(".hs-offline__status").inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".hs-offline").evaluate("el => el.scrollIntoView({block: 'center'})")
    page.screenshot(path=str(SHOTS / "lesson-save-control-360.png"))
    save.click()
    page.wait_for_selector(f".hs-offline__status:has-text('{SAVED_VI}')", timeout=20_000)
    assert page.get_by_role("button", name="Xoá bản đã lưu").is_visible()
    page.screenshot(path=str(SHOTS / "lesson-saved-360.png"))
    page.goto(base)
    page.wait_for_selector(".hs-card__saved:not([hidden])", timeout=10_000)
    saved_marks = page.locator(".hs-card[data-lesson='demo-lesson'] .hs-card__saved")
    assert saved_marks.first.is_visible()
    assert page.locator(".hs-card[data-lesson='partly-translated'] .hs-card__saved"
                        ).evaluate_all("els => els.every(e => e.hidden)")
    saved_marks.first.evaluate("el => el.scrollIntoView({block: 'center'})")
    page.screenshot(path=str(SHOTS / "catalogue-saved-360.png"))

    # Cold start with no network.
    page = profile()
    go_offline(page, swappable)
    page.goto(base + "lessons/demo-lesson/")
    assert page.locator(".hs-step").count() == 3
    assert pictures_shown(page) == []
    # Presenter mode, text size and ticks work from the phone.
    page.get_by_role("button", name="A+").click()
    page.get_by_role("button", name="Trình chiếu từng bước").click()
    assert "Bước 1" in page.locator("[data-role='counter']").inner_text()
    page.locator("[data-role='stage'] .hs-step:visible .hs-tick").click()
    assert page.locator(".hs-tick[aria-pressed='true']").count() == 1
    page.locator("[data-action='next']").click()
    assert "Bước 2" in page.locator("[data-role='counter']").inner_text()
    # The other language was saved too.
    page.goto(base + "en/lessons/demo-lesson/")
    assert page.locator("h1").inner_text() == "Test lesson demo-lesson"
    assert pictures_shown(page) == []

    # An unsaved page: the offline page in the reader's language, listing what is saved.
    page.goto(base + "lessons/partly-translated/")
    assert page.locator("h1").inner_text() == "Không có mạng"
    link = page.locator(".hs-offline-page__list a")
    link.first.wait_for(timeout=10_000)
    assert link.count() == 1 and "demo-lesson" in link.first.inner_text()
    assert "MB" in page.locator("[data-role='storage']").inner_text() or \
        "KB" in page.locator("[data-role='storage']").inner_text()
    page.screenshot(path=str(SHOTS / "offline-page-360.png"))
    link.first.click()
    page.wait_for_url("**/lessons/demo-lesson/")
    assert page.locator(".hs-step").count() == 3
    page.goto(base + "en/topics/identity/")
    assert page.locator("h1").inner_text() == "No connection"
    assert page.locator(".hs-offline-page__list a").first.inner_text() == \
        "Test lesson demo-lesson"


def test_removing_a_saved_lesson(profile: Any, built_site: Project,
                                 swappable: SwappableSite) -> None:
    swappable.folder = built_site.site
    page = profile()
    page.goto(swappable.url + "/en/lessons/demo-lesson/")
    wait_until_ready(page)
    page.get_by_role("button", name="Save for offline use").click()
    page.wait_for_selector(".hs-offline__status:has-text('Saved on this phone')")
    assert any(name.startswith("hocso-lesson-demo-lesson-") for name in our_caches(page))
    page.get_by_role("button", name="Remove the saved copy").click()
    page.wait_for_selector(".hs-offline__status:has-text('was removed')")
    assert not any(name.startswith("hocso-lesson-") for name in our_caches(page))
    go_offline(page, swappable)
    page.goto(swappable.url + "/en/topics/identity/")
    assert page.locator("h1").inner_text() == "No connection"
    page.locator("[data-role='none']").wait_for()
    assert page.locator(".hs-offline-page__list li").count() == 0


def test_handouts_are_a_separate_choice(profile: Any, built_site: Project,
                                        swappable: SwappableSite) -> None:
    swappable.folder = built_site.site
    page = profile()
    page.goto(swappable.url + "/lessons/demo-lesson/")
    save_lesson(page)
    handout = page.locator(".hs-handouts a").first.get_attribute("href")
    go_offline(page, swappable)
    status = page.evaluate("href => fetch(href).then(r => r.status, () => 'failed')", handout)
    assert status != 200  # not saved with the lesson
    go_offline(page, swappable, False)
    button = page.get_by_role("button", name="Lưu thêm tờ hướng dẫn in")
    assert "MB" in button.inner_text() or "KB" in button.inner_text()
    button.click()
    page.wait_for_selector(".hs-offline__status:has-text('Đã lưu cả tờ hướng dẫn in')",
                           timeout=30_000)
    go_offline(page, swappable)
    assert page.evaluate("href => fetch(href).then(r => r.status, () => 'failed')",
                         handout) == 200


def test_without_a_service_worker_the_page_is_as_before(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE, service_workers="block")
    page = context.new_page()
    violations = watch_csp(page)
    page.goto(site_url + "lessons/demo-lesson/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".hs-offline").is_hidden()
    page.get_by_role("button", name="Trình chiếu từng bước").click()
    assert "Bước 1" in page.locator("[data-role='counter']").inner_text()
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    assert page.locator(".hs-offline-topic").first.is_hidden()
    context.close()
    assert violations == [], violations


# ---- A topic at once, and failures -----------------------------------------------------------

def test_saving_a_topic_is_all_or_nothing(profile: Any, built_site: Project,
                                          swappable: SwappableSite) -> None:
    swappable.folder = built_site.site
    page = profile()
    page.goto(swappable.url + "/topics/identity/")
    wait_until_ready(page)
    button = page.locator("[data-offline='save-topic']")
    assert "MB" in button.inner_text() or "KB" in button.inner_text()
    # The network drops while the second lesson is saving: one of its pictures fails.
    picture = next(built_site.site.glob("images/**/*.webp")).relative_to(built_site.site)
    swappable.failing.add(picture.as_posix())
    button.click()
    page.wait_for_selector(".hs-offline__status:has-text('Chưa lưu được')", timeout=20_000)
    assert not any(name.startswith("hocso-lesson-") for name in our_caches(page))
    assert page.locator(".hs-card__saved:visible").count() == 0
    swappable.failing.clear()
    button.click()
    page.wait_for_selector(".hs-offline__status:has-text('Đã lưu cả')", timeout=20_000)
    assert page.locator(".hs-card__saved:visible").count() == 2
    assert button.is_hidden()


# ---- Updates ---------------------------------------------------------------------------------

SUB_PATH_URL = "https://example.github.io/hocso/"


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same site built twice for a sub-path, the second time with one lesson changed."""
    project = new_project(tmp_path_factory.mktemp("offline") / "project")
    make_png(project.screenshots / "demo" / "phone.png")
    data = lesson_data("changing", screenshot="demo/phone.png")
    project.write_lesson("changing", data)
    project.write_lesson("steady", lesson_data("steady"))
    builds = []
    for number in (1, 2):
        if number == 2:
            data["steps"][0]["text"] = {"vi": "Chạm nút **Đồng ý** mới.",
                                        "en": "Tap the new **Agree** button."}
            make_png(project.screenshots / "demo" / "phone.png", size=(360, 700))
            project.write_lesson("changing", data)
        result = project.build("--strict", site_url=SUB_PATH_URL)
        assert result.returncode == 0, result.stderr
        kept = project.root.parent / f"build{number}"
        shutil.copytree(project.site, kept)
        builds.append(kept)
    return builds[0], builds[1]


def test_a_new_deploy_refreshes_a_saved_lesson_as_a_whole(
        profile: Any, two_builds: tuple[Path, Path], swappable: SwappableSite) -> None:
    first, second = two_builds
    lists = [json.loads((build / "offline" / "manifest.json").read_text("utf-8"))["lessons"]
             for build in two_builds]
    assert lists[0]["steady"]["hash"] == lists[1]["steady"]["hash"]
    assert lists[0]["changing"]["hash"] != lists[1]["changing"]["hash"]
    swappable.folder, swappable.prefix = first, "/hocso/"
    base = swappable.url + "/hocso/"
    page = profile()
    page.goto(base + "lessons/changing/")
    save_lesson(page)
    page.get_by_role("button", name="Lưu để dùng khi không có mạng").wait_for(state="hidden")
    old = [n for n in our_caches(page) if n.startswith(("hocso-lesson-changing-", "hocso-shell-"))]
    assert len(old) == 2

    swappable.folder = second  # a new deploy
    page = profile()
    page.goto(base + "lessons/changing/")
    page.wait_for_selector("[data-role='offline-updated']:not([hidden])", timeout=30_000)
    assert page.get_by_text(UPDATED_VI).is_visible()
    assert "Đồng ý" in page.locator(".hs-step").first.inner_text()
    for _ in range(50):
        if not set(old) & set(our_caches(page)):
            break
        page.wait_for_timeout(200)
    now = our_caches(page)
    assert [n for n in now if n.startswith("hocso-lesson-changing-")] != []
    assert not set(old) & set(now)

    # Said once; and offline the new version opens, with its new picture.
    page.reload()
    wait_until_ready(page)
    assert page.locator("[data-role='offline-updated']").is_hidden()
    page = profile()
    go_offline(page, swappable)
    page.goto(base + "lessons/changing/")
    assert "Đồng ý" in page.locator(".hs-step").first.inner_text()
    assert pictures_shown(page) == []
    page.goto(base + "en/lessons/changing/")
    assert "Agree" in page.locator(".hs-step").first.inner_text()


# ---- Accessibility of the new controls -------------------------------------------------------

def test_offline_controls_have_no_axe_violations(profile: Any, built_site: Project,
                                                 swappable: SwappableSite) -> None:
    from axe_playwright_python.sync_playwright import Axe

    swappable.folder = built_site.site
    page = profile()
    page.goto(swappable.url + "/lessons/demo-lesson/")
    save_lesson(page)
    for path in ("/lessons/demo-lesson/", "/", "/topics/identity/", "/offline/",
                 "/en/offline/"):
        page.goto(swappable.url + path)
        wait_until_ready(page)
        results = Axe().run(page, options=AXE_OPTIONS)
        assert results.violations_count == 0, (path, results.generate_report())


def test_a_phone_out_of_space_is_told_so_and_keeps_nothing(profile: Any, built_site: Project,
                                                           swappable: SwappableSite) -> None:
    swappable.folder = built_site.site
    page = profile()
    page.goto(swappable.url + "/lessons/demo-lesson/")
    wait_until_ready(page)
    # Chromium's own storage quota, set just above what the shell already uses.
    used = page.evaluate("navigator.storage.estimate().then(e => e.usage)")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Storage.overrideQuotaForOrigin", {"origin": swappable.url,
                                                "quotaSize": used + 2_000})
    page.get_by_role("button", name="Lưu để dùng khi không có mạng").click()
    page.wait_for_selector(".hs-offline__status:has-text('không đủ chỗ')", timeout=20_000)
    assert not any(name.startswith("hocso-lesson-") for name in our_caches(page))
    assert page.get_by_role("button", name="Lưu để dùng khi không có mạng").is_visible()
    cdp.send("Storage.overrideQuotaForOrigin", {"origin": swappable.url})
