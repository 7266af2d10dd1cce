"""Headless Chromium (Debian's, through Playwright) looking at a built site over loopback."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_helpers import watch_csp
from sites import Project

CHROMIUM = os.environ.get("HOCSO_CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 360, "height": 740}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output readable."""


def _serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def site_url(built_site: Project) -> Iterator[str]:
    yield from _serve(built_site.site)


@pytest.fixture(scope="session")
def real_site_url(real_site: Project) -> Iterator[str]:
    yield from _serve(real_site.site)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def requests_seen() -> list[str]:
    return []


@pytest.fixture
def phone(browser: Any, requests_seen: list[str]) -> Iterator[Any]:
    """A 360 x 740 phone page that records every request it makes; any Content-Security-Policy
    violation on any page it visits fails the test."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="vi-VN")
    page = context.new_page()
    page.on("request", lambda request: requests_seen.append(request.url))
    violations = watch_csp(page)
    yield page
    context.close()
    assert violations == [], violations

