"""`hocso bench` at a tiny size: the smoke test CI runs instead of the full benchmark."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from sites import REPO


def _tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


def test_benchmark_runs_end_to_end_and_reports_every_figure(tmp_path: Path) -> None:
    before = {name: _tree_digest(REPO / name) for name in ("lessons", "screenshots")}
    out = tmp_path / "report"
    # From 3 lessons on, every topic the synthetic lessons use has one (and so a sidebar entry).
    result = subprocess.run(
        [sys.executable, "-m", "hocso_tools.cli", "bench", "--sizes", "3,6", "--runs", "1",
         "--handout-lessons", "1", "--workdir", str(tmp_path / "work"), "--out", str(out)],
        cwd=REPO, capture_output=True, text=True, check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr[-3000:]

    data = json.loads((out / "benchmark.json").read_text("utf-8"))
    assert data["machine"]["cores"] >= 1 and data["machine"]["cpu"]
    sizes = data["results"]["sizes"]
    assert [s["lessons"] for s in sizes] == [3, 6]
    for size in sizes:
        for build in ("cold", "warm", "rebuild", "plain"):
            assert size[build]["seconds"] > 0
        assert size["cold"]["images_made"] == 7 * size["lessons"]
        assert size["warm"]["images_made"] == 0
        assert (size["rebuild"]["images_made"], size["rebuild"]["pdfs_made"]) == (0, 0)
        assert size["lesson_pages"]["pages"] == 2 * size["lessons"]
        assert size["site_bytes"] > 0 and size["plain_site_bytes"] > 0
    assert data["results"]["probe_pages_identical"] is True
    handouts = data["results"]["handouts"]
    assert handouts["handouts"] == 3 and handouts["seconds_per_handout"] > 0
    assert handouts["peak_mb_per_handout"] > 0
    assert data["results"]["images"]["seconds_per_screenshot_1_worker"] > 0
    builds = data["results"]["handout_builds"]
    assert builds["cold"]["pdfs_made"] == 3 * 3 and builds["warm"]["pdfs_made"] == 0
    # Only the edited lesson's handouts in its edited language (vi, and vi-en) are remade.
    assert builds["rebuild"]["pdfs_made"] == 2 and builds["rebuild"]["images_made"] == 0
    names = [t["name"] for t in data["targets"]]
    assert any("plain MkDocs" in n for n in names) and any("parallel" in n for n in names)

    report = (out / "benchmark.md").read_text("utf-8")
    assert "| 3 |" in report and "| 6 |" in report and "## Targets" in report
    assert data["machine"]["cpu"] in report
    assert {name: _tree_digest(REPO / name) for name in ("lessons", "screenshots")} == before
