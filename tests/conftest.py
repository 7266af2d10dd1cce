"""Shared fixtures: throw-away site projects built for real in a temporary folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from lesson_factory import lesson_data  # noqa: E402


@dataclass
class Project:
    """A copy of the site's configuration and templates with lessons of the test's own."""

    root: Path

    @property
    def lessons(self) -> Path:
        return self.root / "lessons"

    @property
    def screenshots(self) -> Path:
        return self.root / "screenshots"

    @property
    def site(self) -> Path:
        return self.root / "site"

    def write_lesson(self, lesson_id: str, data: dict[str, object] | None = None,
                     text: str | bytes | None = None) -> Path:
        folder = self.lessons / lesson_id
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "lesson.yml"
        if isinstance(text, bytes):
            path.write_bytes(text)
        elif text is not None:
            path.write_text(text, encoding="utf-8")
        else:
            body = yaml.safe_dump(data or lesson_data(lesson_id), allow_unicode=True,
                                  sort_keys=False)
            path.write_text("# yaml-language-server: $schema=../lesson.schema.json\n" + body,
                            encoding="utf-8")
        return path

    def build(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run the real ``mkdocs build`` in a child process, as a contributor would."""
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-f", str(self.root / "mkdocs.yml"), *args],
            cwd=self.root, capture_output=True, text=True, env=env, timeout=300,
        )

    def hocso(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        return subprocess.run(
            [sys.executable, "-m", "hocso_tools.cli", "-f", str(self.root / "mkdocs.yml"), *args],
            cwd=self.root, capture_output=True, text=True, env=env, timeout=120,
        )


def new_project(root: Path) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "lessons").mkdir()
    (root / "screenshots").mkdir()
    shutil.copy(REPO / "lessons" / "topics.yml", root / "lessons" / "topics.yml")
    return Project(root)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return new_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A two-language site with two lessons (one partly translated), built once."""
    project = new_project(tmp_path_factory.mktemp("site") / "project")
    make_png(project.screenshots / "demo" / "phone.png")
    project.write_lesson("demo-lesson", lesson_data("demo-lesson", screenshot="demo/phone.png"))
    project.write_lesson("partly-translated", lesson_data("partly-translated",
                                                          translated=False))
    result = project.build("--strict")
    assert result.returncode == 0, result.stderr
    return project


def make_png(path: Path, size: tuple[int, int] = (360, 640)) -> Path:
    from PIL import Image, ImageDraw

    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, size[0] - 20, 120), outline="black", width=6)
    image.save(path)
    return path


@pytest.fixture
def make_image() -> Callable[..., Path]:
    return make_png


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
