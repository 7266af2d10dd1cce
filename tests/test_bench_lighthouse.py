"""`hocso bench --lighthouse` plumbing, without Lighthouse: arguments, pages, the gzip server and
the report from a canned Lighthouse result. The real measurement is a command, not a test."""

from __future__ import annotations

import gzip
import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from hocso_tools.bench import lighthouse
from hocso_tools.cli import build_parser, main

from sites import REPO


def canned_report(lcp: float, cls: float = 0.01, accessibility: float = 1.0) -> dict[str, Any]:
    """The parts of a Lighthouse 12 JSON report that the benchmark reads."""
    return {
        "audits": {
            "largest-contentful-paint": {"numericValue": lcp},
            "first-contentful-paint": {"numericValue": lcp - 400},
            "total-blocking-time": {"numericValue": 20.0},
            "cumulative-layout-shift": {"numericValue": cls},
            "total-byte-weight": {"numericValue": 81234},
            "largest-contentful-paint-element": {"details": {"type": "list", "items": [
                {"type": "table", "items": [{"node": {
                    "selector": "div.hs-lesson > h1.hs-lesson__title",
                    "nodeLabel": "Cài VNeID"}}]}]}},
        },
        "categories": {"accessibility": {"score": accessibility}},
    }


def test_the_figures_come_from_the_report_and_the_median_is_taken() -> None:
    runs = [lighthouse.figures(canned_report(lcp)) for lcp in (2600.0, 2100.0, 2300.0)]
    assert runs[0].lcp_element == "div.hs-lesson > h1.hs-lesson__title"
    result = lighthouse.median_of("lessons/a/", runs)
    assert (result.lcp_ms, result.fcp_ms, result.transfer_bytes) == (2300.0, 1900.0, 81234)
    assert result.meets_targets
    assert not lighthouse.median_of("", [lighthouse.figures(canned_report(2000, 0.2))]) \
        .meets_targets


def test_a_missing_figure_is_a_failure_to_measure_not_a_zero() -> None:
    report = canned_report(2000)
    report["audits"]["largest-contentful-paint"] = {"numericValue": None,
                                                   "errorMessage": "NO_LCP"}
    with pytest.raises(lighthouse.MeasureFailed, match="NO_LCP"):
        lighthouse.figures(report)


def test_the_report_shows_every_page_and_marks_missed_targets(tmp_path: Path) -> None:
    results = [
        lighthouse.median_of("", [lighthouse.figures(canned_report(2100))]),
        lighthouse.median_of("en/lessons/a/", [lighthouse.figures(canned_report(3400))]),
    ]
    about = {"date": "2026-01-01 00:00 UTC", "lighthouse": "Lighthouse 12.8.2",
             "chrome": "Chromium 1", "runs": 1}
    md_path, json_path = lighthouse.write(results, about, tmp_path)
    text = md_path.read_text("utf-8")
    assert "| / | 2.10 s |" in text
    assert "| /en/lessons/a/ | 3.40 s ✗ |" in text
    assert "1 of 2 pages miss a target" in text and "81.2 KB" in text
    data = json.loads(json_path.read_text("utf-8"))
    assert [p["meets_targets"] for p in data["pages"]] == [True, False]
    assert data["profile"] == {"rtt_ms": 300, "throughput_kbps": 700, "cpu_slowdown": 4,
                               "throttling": "simulate"}


def test_the_command_asks_for_the_regular_3g_profile(tmp_path: Path) -> None:
    command = lighthouse.lighthouse_command(Path("lh"), "http://127.0.0.1:1/", tmp_path / "r")
    assert "--throttling-method=simulate" in command
    assert "--throttling.rttMs=300" in command and "--throttling.throughputKbps=700" in command
    assert "--throttling.cpuSlowdownMultiplier=4" in command
    assert any("--no-sandbox" in part and "--headless" in part for part in command)


def test_pages_are_the_catalogue_and_each_lesson_in_both_languages(tmp_path: Path) -> None:
    for page in ("index.html", "en/index.html", "lessons/b/index.html",
                 "lessons/a/index.html", "en/lessons/a/index.html",
                 "lessons/old-name/index.html"):
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text("<p>page</p>")
    (tmp_path / "lessons/old-name/index.html").write_text(
        '<meta http-equiv="refresh" content="0; url=../a/">')
    assert lighthouse.pages(tmp_path) == ["", "lessons/a/", "lessons/b/", "en/",
                                          "en/lessons/a/"]


def test_the_server_sends_text_gzip_compressed(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>xin chào</p>" * 100, encoding="utf-8")
    (tmp_path / "font.woff2").write_bytes(b"\0" * 100)
    with lighthouse.serve(tmp_path) as base:
        request = urllib.request.Request(base, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(response.read()).decode() == "<p>xin chào</p>" * 100
        with urllib.request.urlopen(urllib.request.Request(
                base + "font.woff2", headers={"Accept-Encoding": "gzip"})) as response:
            assert response.headers["Content-Encoding"] is None and response.read() == b"\0" * 100


def test_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    args = build_parser().parse_args(["bench", "--lighthouse", "--site", "s", "--runs", "5",
                                      "--pages", "lessons/a/,en/"])
    assert (args.lighthouse, args.site, args.runs, args.pages) == (True, Path("s"), 5,
                                                                   "lessons/a/,en/")
    assert main(["bench", "--site", "s"]) == 2
    assert "go with --lighthouse" in capsys.readouterr().err


def test_a_site_that_is_not_there_fails_to_measure(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Said at once, without installing Lighthouse (a fresh checkout has none)."""
    assert main(["-f", str(REPO / "mkdocs.yml"), "bench", "--lighthouse", "--site",
                 str(tmp_path), "--out",
                 str(tmp_path / "out")]) == 1
    assert "no built site" in capsys.readouterr().err
