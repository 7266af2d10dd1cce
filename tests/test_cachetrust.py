"""Cache files committed by a branch are ignored, with a warning naming them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from hocso.core.cachetrust import _tracked, is_tracked, tracked_cache_files
from hocso.core.loader import LessonLoader, LessonSettings
from hocso.core.pagecache import PageCache

from sites import Project

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


@needs_git
def test_a_tracked_cache_file_is_named_in_a_warning_and_not_used(
        project: Project, tmp_path: Path) -> None:
    _tracked.cache_clear()
    root = project.lessons.parent
    cache = root / ".cache" / "hocso"
    pages = PageCache(cache, root, "settings")
    key = pages.key("some page")
    pages.put(key, "<p>made by the build</p>")
    assert pages.get(key) == "<p>made by the build</p>"
    _git(root, "init", "-q")
    _git(root, "add", "-f", f".cache/hocso/pages/{key}.html")
    _tracked.cache_clear()
    assert tracked_cache_files(cache) == {(cache / "pages" / f"{key}.html").resolve()}
    assert is_tracked(cache, cache / "pages" / f"{key}.html")
    assert pages.get(key) is None  # crafted HTML is never served

    project.write_lesson("ok-lesson")
    result = LessonLoader(LessonSettings(project.lessons, project.screenshots), cache).load()
    (warning,) = [d for d in result.diagnostics if d.code == "tracked-cache-file"]
    assert warning.location.path.name == f"{key}.html"
    assert "git rm --cached" in warning.message_en
    assert result.ok
    _tracked.cache_clear()


def test_without_git_nothing_is_tracked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tracked.cache_clear()
    monkeypatch.setenv("PATH", str(tmp_path))  # no git on the PATH
    (tmp_path / "cache").mkdir()
    assert tracked_cache_files(tmp_path / "cache") == frozenset()
    assert tracked_cache_files(tmp_path / "missing") == frozenset()
    _tracked.cache_clear()
