"""Shared fixtures: throw-away site projects built for real in a temporary folder."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from lesson_factory import lesson_data
from sites import REPO, Project, make_png, new_project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return new_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A two-language site with two lessons (one partly translated), built once."""
    project = new_project(tmp_path_factory.mktemp("site") / "project")
    make_png(project.screenshots / "demo" / "phone.png")
    make_png(project.screenshots / "demo" / "menu-vi.png")
    make_png(project.screenshots / "demo" / "menu-en.png", size=(360, 600))
    second = {"src": {"vi": "demo/menu-vi.png", "en": "demo/menu-en.png"},
              "alt": {"vi": "Trình đơn", "en": "The menu"}, "illustration": True,
              "highlights": [{"box": [20, 20, 100, 60]}]}
    demo = lesson_data("demo-lesson", screenshot="demo/phone.png", second_screenshot=second)
    demo["volunteer_notes"] = [{"vi": "Sạc pin điện thoại trước buổi học.",
                                "en": "Charge the phone before the class."}]
    demo["steps"][0]["volunteer"] = {"vi": "Người học hay bấm nhầm nút Quay lại.",
                                     "en": "Learners often tap Back by mistake."}
    demo["steps"][2]["android"] = {"text": {"vi": "Chạm nút ba chấm.", "en": "Tap the three dots."}}
    demo["steps"][2]["ios"] = {"text": {"vi": "Chạm chữ Sửa.", "en": "Tap Edit."}}
    project.write_lesson("demo-lesson", demo)
    project.write_lesson("partly-translated", lesson_data("partly-translated",
                                                          translated=False))
    result = project.build("--strict")
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture
def make_image() -> Callable[..., Path]:
    return make_png


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The project's own lessons, built into a temporary folder."""
    root = tmp_path_factory.mktemp("real") / "project"
    project = new_project(root)
    shutil.rmtree(project.lessons)
    shutil.rmtree(project.screenshots)
    shutil.copytree(REPO / "lessons", project.lessons)
    shutil.copytree(REPO / "screenshots", project.screenshots)
    result = project.build("--strict")
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests must never reach another host: refuse any socket that is not loopback."""
    import socket

    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else str(address)
        if isinstance(host, str) and host not in ("127.0.0.1", "::1", "localhost") \
                and not host.startswith("/"):
            raise AssertionError(f"test tried to reach the network: {address!r}")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded)
    yield


# ---- Browser tests: never silently skipped on CI -------------------------------------------

_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("CI", "").lower() == "true" and _skipped:
        session.exitstatus = 1
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(
                f"CI=true: {len(_skipped)} test(s) were skipped, which fails the run "
                "(a browser test that cannot run is a failure on CI):", red=True)
            for nodeid in _skipped:
                reporter.write_line(f"  {nodeid}", red=True)
