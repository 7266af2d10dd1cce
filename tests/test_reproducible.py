"""Two builds of the same commit are byte-identical, PDFs included, and their dates come from
the commit (or SOURCE_DATE_EPOCH), never from the clock."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from lesson_factory import lesson_data
from sites import BUILDER, Project, child_env, make_png

COMMIT_DATE = "2026-01-15T10:00:00+00:00"


def fingerprint(site: Path) -> dict[str, str]:
    return {path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(site.rglob("*")) if path.is_file()}


def commit_everything(root: Path) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": COMMIT_DATE, "GIT_COMMITTER_DATE": COMMIT_DATE,
           "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "lessons"]):
        subprocess.run(["git", "-C", str(root), *command], check=True, env=env,
                       capture_output=True)


def test_two_builds_of_a_commit_are_byte_identical(project: Project) -> None:
    make_png(project.screenshots / "demo" / "phone.png")
    project.write_lesson("same-lesson", lesson_data("same-lesson", screenshot="demo/phone.png"))
    commit_everything(project.root)
    first = project.build("--strict")
    assert first.returncode == 0, first.stderr
    before = fingerprint(project.site)
    # Everything made again from scratch, a little later: pictures, PDFs, pages.
    shutil.rmtree(project.root / ".cache")
    shutil.rmtree(project.site)
    time.sleep(1.1)
    second = project.build("--strict")
    assert second.returncode == 0, second.stderr
    after = fingerprint(project.site)
    assert any(name.endswith(".pdf") for name in after)
    assert "sitemap.xml.gz" in after
    changed = sorted(name for name in before.keys() | after.keys()
                     if before.get(name) != after.get(name))
    assert changed == []
    # The date is the commit's, not today's.
    assert "<lastmod>2026-01-15</lastmod>" in (project.site / "sitemap.xml").read_text("utf-8")


def test_source_date_epoch_sets_the_date(project: Project) -> None:
    project.write_lesson("same-lesson")
    commit_everything(project.root)
    env = {**child_env("https://hocso.example.org/"), "SOURCE_DATE_EPOCH": "1767225600"}
    result = subprocess.run([sys.executable, "-m", BUILDER, "build", "--strict", "-f",
                             str(project.root / "mkdocs.yml")], cwd=project.root, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "<lastmod>2026-01-01</lastmod>" in (project.site / "sitemap.xml").read_text("utf-8")
