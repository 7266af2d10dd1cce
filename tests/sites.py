"""Throw-away site projects, built for real with MkDocs in a temporary folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from lesson_factory import lesson_data

REPO = Path(__file__).resolve().parent.parent


# What builds the test sites: MkDocs 1.6 (unmaintained, the default) or its maintained drop-in
# fork ProperDocs (HOCSO_BUILDER=properdocs; CI runs the site and browser tests with both).
BUILDER = os.environ.get("HOCSO_BUILDER", "mkdocs")

# The address test sites are built for. Handouts carry QR codes for the published address, and a
# local or unset SITE_URL is a warning that fails --strict builds, as it should for a real site.
TEST_SITE_URL = "https://hocso.example.org/"


def child_env(site_url: str) -> dict[str, str]:
    """The environment of a child build: the developer's own SITE_URL and SOURCE_DATE_EPOCH
    never leak in."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("SITE_URL", "SOURCE_DATE_EPOCH")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    if site_url:
        env["SITE_URL"] = site_url
    return env


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
                                  sort_keys=False, default_flow_style=None, width=100)
            path.write_text("# yaml-language-server: $schema=../lesson.schema.json\n" + body,
                            encoding="utf-8")
        return path

    def build(self, *args: str, site_url: str = TEST_SITE_URL
              ) -> subprocess.CompletedProcess[str]:
        """Run the real ``mkdocs build`` in a child process, as a contributor would, for the
        published address ``site_url`` ("" builds with SITE_URL unset)."""
        return subprocess.run(
            [sys.executable, "-m", BUILDER, "build", "-f", str(self.root / "mkdocs.yml"), *args],
            cwd=self.root, capture_output=True, text=True, env=child_env(site_url),
            timeout=300,
        )

    def hocso(self, *args: str, site_url: str = TEST_SITE_URL
              ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "hocso_tools.cli", "-f", str(self.root / "mkdocs.yml"), *args],
            cwd=self.root, capture_output=True, text=True, env=child_env(site_url),
            timeout=120,
        )


def new_project(root: Path) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "lessons").mkdir()
    (root / "screenshots").mkdir()
    shutil.copy(REPO / "lessons" / "topics.yml", root / "lessons" / "topics.yml")
    return Project(root)


def make_png(path: Path, size: tuple[int, int] = (360, 640)) -> Path:
    from PIL import Image, ImageDraw

    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, size[0] - 20, 120), outline="black", width=6)
    image.save(path)
    return path
