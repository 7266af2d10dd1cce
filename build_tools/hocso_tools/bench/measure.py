"""Runs the measurements: every build in a fresh process, medians over several runs."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hocso_tools.bench import synthetic


class BenchmarkFailed(Exception):
    """A build inside the benchmark failed; the message holds its output."""


@dataclass(frozen=True)
class Options:
    repo: Path
    workdir: Path
    sizes: tuple[int, ...] = (50, 200, 1000)
    runs: int = 3
    handout_lessons: int = 4
    image_samples: int = 28
    handout_builds: bool = True


def _child(*args: str, cwd: Path) -> Any:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "hocso_tools.bench.child", *args],
                            cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BenchmarkFailed(f"{' '.join(args)} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout)


def _build(config: Path, *, edit: bool = False) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = _child("build", str(config), *(["--edit"] if edit else []),
                                          cwd=config.parent)
    return result


def _forget(project: Path) -> None:
    """Back to a fresh checkout: no caches, no site."""
    for folder in (project / ".cache", project / "site"):
        shutil.rmtree(folder, ignore_errors=True)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def _summary(records: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "seconds": median([r["seconds"] for r in records]),
        "runs": [round(r["seconds"], 3) for r in records],
        "peak_mb": median([r["peak_mb"] for r in records]),
        "images_made": max((r["images_made"] for r in records), default=0),
        "pdfs_made": max((r["pdfs_made"] for r in records), default=0),
    }


def _site_size(site: Path) -> tuple[int, int]:
    files = [p for p in site.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def _page_sizes(site: Path) -> dict[str, Any]:
    pages = list(synthetic.lesson_pages(site))
    raw = [p.stat().st_size for p in pages]
    packed = [len(gzip.compress(p.read_bytes(), 9, mtime=0)) for p in pages]
    return {"pages": len(pages), "html_bytes": median([float(x) for x in raw]),
            "html_gzip_bytes": median([float(x) for x in packed]),
            "html_bytes_max": max(raw, default=0)}


def _probe_page(site: Path) -> str:
    """A lesson page present at every size (lesson 1: lesson 0 is the one edited), without its
    done screen's link to the next lesson, which names whichever lesson follows it."""
    page = site / "lessons" / synthetic.lesson_id(1) / "index.html"
    html = page.read_text(encoding="utf-8") if page.is_file() else ""
    return re.sub(r'<nav class="hs-done__next".*?</nav>', "", html, flags=re.DOTALL)


def measure_size(options: Options, count: int, templates: list[synthetic.Template],
                 progress: Callable[[str], None]) -> tuple[dict[str, Any], str]:
    pool = options.workdir / "screenshots"
    root = options.workdir / f"lessons-{count}"
    config = synthetic.write_lesson_site(root / "site-project", options.repo, pool, count,
                                         templates)
    plain = synthetic.write_plain_site(root / "plain-project", options.repo, pool, count,
                                       templates)
    cold, warm, rebuild, plain_runs = [], [], [], []
    for run in range(1, options.runs + 1):
        progress(f"{count} lessons, run {run}/{options.runs}: cold build")
        _forget(config.parent)
        cold += _build(config)
        progress(f"{count} lessons, run {run}/{options.runs}: warm build, edit, rebuild")
        first, second = _build(config, edit=True)
        warm.append(first)
        rebuild.append(second)
        progress(f"{count} lessons, run {run}/{options.runs}: plain MkDocs")
        _forget(plain.parent)
        plain_runs += _build(plain)
    site = config.parent / "site"
    total_bytes, total_files = _site_size(site)
    plain_bytes, plain_files = _site_size(plain.parent / "site")
    result = {
        "lessons": count,
        "cold": _summary(cold), "warm": _summary(warm), "rebuild": _summary(rebuild),
        "plain": _summary(plain_runs),
        "warm_vs_plain": _summary(warm)["seconds"] / _summary(plain_runs)["seconds"],
        "lesson_pages": _page_sizes(site),
        "site_bytes": total_bytes, "site_files": total_files,
        "plain_site_bytes": plain_bytes, "plain_site_files": plain_files,
    }
    return result, _probe_page(site)


def _on_one_and_all_cores(work: Callable[[Path, int], None]) -> dict[int, float]:
    """Seconds ``work`` takes with one worker and with one per core, each into a new cache."""
    seconds = {}
    for workers in sorted({1, os.cpu_count() or 1}):
        with tempfile.TemporaryDirectory() as cache:
            started = time.perf_counter()
            work(Path(cache), workers)
            seconds[workers] = time.perf_counter() - started
    return seconds


def measure_images(options: Options, progress: Callable[[str], None]) -> dict[str, Any]:
    """Time per screenshot, on one core and on all of them."""
    from hocso.core.images import ImageCache, ImageJob
    from hocso.core.model import Annotations

    pool = options.workdir / "screenshots"
    sources = sorted(pool.glob("*/step-*.png"))[: options.image_samples]
    jobs = [ImageJob(source, Annotations()) for source in sources]
    cores = os.cpu_count() or 1

    def process(cache: Path, workers: int) -> None:
        progress(f"images: {len(jobs)} screenshots on {workers} worker(s)")
        report = ImageCache(cache, workers=workers).process(jobs)
        if report.failed:
            raise BenchmarkFailed(f"image processing failed: {report.failed[0]}")

    seconds = _on_one_and_all_cores(process)
    return {"screenshots": len(jobs), "cores": cores,
            "seconds_per_screenshot_1_worker": seconds[1] / max(1, len(jobs)),
            "seconds_per_screenshot_all_cores": seconds[cores] / max(1, len(jobs)),
            "parallel_speedup": seconds[1] / seconds[cores] if seconds[cores] else 0.0}


def _handout_documents(config: Path, lessons: int) -> tuple[dict[Any, str], Path]:
    """The HTML of the handouts of the first few lessons, as the build makes them."""
    from hocso.core.handouts import handout_html
    from hocso.core.images import ImageCache, step_image_jobs
    from hocso.core.loader import LessonLoader
    from hocso.core.render import SiteRenderer
    from hocso.core.site import lesson_handouts
    from hocso_tools.cli import load_project

    project = load_project(config)
    result = LessonLoader(project.settings).load()
    if not result.ok:
        raise BenchmarkFailed("the synthetic lessons do not pass the checks")
    chosen = result.lessons.lessons[:lessons]
    jobs = step_image_jobs(chosen, project.settings.screenshots_dir, project.settings.languages)
    report = ImageCache(project.cache_dir).process(jobs.values())
    prints = {key: report.images[job].print for key, job in jobs.items()}
    renderer = SiteRenderer(project.templates_dir, project.settings.languages)
    documents = {spec: handout_html(renderer, result.lessons, spec, project.site_url, prints)
                 for lesson in chosen
                 for spec in lesson_handouts(lesson, project.settings.languages)}
    return documents, project.templates_dir / "handout.css"


def measure_handouts(options: Options, config: Path,
                     progress: Callable[[str], None]) -> dict[str, Any]:
    """Time and memory per handout (one fresh process each), then a batch on every core."""
    from hocso.core.handouts import HandoutCache

    documents, stylesheet = _handout_documents(config, options.handout_lessons)
    singles = []
    with tempfile.TemporaryDirectory() as folder:
        for index, html in enumerate(documents.values()):
            progress(f"handouts: {index + 1}/{len(documents)} alone")
            page = Path(folder) / f"handout-{index}.html"
            page.write_text(html, encoding="utf-8")
            singles.append(_child("handout", str(page), str(stylesheet), cwd=config.parent))
    cores = os.cpu_count() or 1

    def make(cache: Path, workers: int) -> None:
        progress(f"handouts: a batch of {len(documents)} on {workers} worker(s)")
        report = HandoutCache(cache, stylesheet, workers=workers).make(documents)
        if report.failed:
            raise BenchmarkFailed(f"a handout failed: {report.failed[0]}")

    batch = _on_one_and_all_cores(make)
    return {"handouts": len(documents), "cores": cores,
            "seconds_per_handout": median([s["seconds"] for s in singles]),
            "peak_mb_per_handout": median([s["peak_mb"] for s in singles]),
            "bytes_per_handout": median([float(s["bytes"]) for s in singles]),
            "batch_seconds_1_worker": batch[1], "batch_seconds_all_cores": batch[cores],
            "parallel_speedup": batch[1] / batch[cores] if batch[cores] else 0.0}


def measure_handout_builds(options: Options, count: int, templates: list[synthetic.Template],
                           progress: Callable[[str], None]) -> dict[str, Any]:
    """A real `mkdocs build` with handouts: cold, warm, and after editing one lesson."""
    pool = options.workdir / "screenshots"
    config = synthetic.write_lesson_site(options.workdir / f"handouts-{count}", options.repo,
                                         pool, count, templates, handouts=True)
    _forget(config.parent)
    progress(f"{count} lessons with handouts: cold build")
    cold = _build(config)
    progress(f"{count} lessons with handouts: warm build, edit, rebuild")
    warm, rebuild = _build(config, edit=True)
    return {"lessons": count, "cold": _summary(cold), "warm": _summary([warm]),
            "rebuild": _summary([rebuild])}


@dataclass
class Results:
    sizes: list[dict[str, Any]] = field(default_factory=list)
    probe_pages_identical: bool | None = None
    images: dict[str, Any] = field(default_factory=dict)
    handouts: dict[str, Any] = field(default_factory=dict)
    handout_builds: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0


def run(options: Options, progress: Callable[[str], None]) -> Results:
    started = time.perf_counter()
    templates = synthetic.load_templates(options.repo)
    progress(f"drawing screenshots for {max(options.sizes)} lessons (kept for next time)")
    synthetic.make_screenshot_pool(options.workdir / "screenshots", max(options.sizes),
                                   templates)
    results = Results()
    probes = []
    for count in options.sizes:
        size_result, probe = measure_size(options, count, templates, progress)
        results.sizes.append(size_result)
        probes.append(probe)
    if len(probes) > 1:
        results.probe_pages_identical = all(p == probes[0] and p for p in probes)
    results.images = measure_images(options, progress)
    smallest = options.workdir / f"lessons-{min(options.sizes)}" / "site-project" / "mkdocs.yml"
    results.handouts = measure_handouts(options, smallest, progress)
    if options.handout_builds:
        results.handout_builds = measure_handout_builds(options, min(options.sizes), templates,
                                                        progress)
    results.seconds = time.perf_counter() - started
    return results
