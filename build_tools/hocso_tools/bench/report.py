"""The benchmark report: the machine, the figures, and each target met or missed."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from hocso_tools.bench.measure import Options, Results

WARM_VS_PLAIN_TARGET = 1.3
# "Close to linear": at most 20 % above proportional growth (200 -> 1,000 lessons: 6x).
GROWTH_SLACK = 1.2
PARALLEL_TARGET = 1.2
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "weasyprint", "pillow",
            "jinja2", "markdown-it-py")


def _first_line(path: str, prefix: str) -> str:
    try:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def machine() -> dict[str, Any]:
    memory_kb = _first_line("/proc/meminfo", "MemTotal").split()
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=False).stdout.strip()
    except OSError:
        commit = ""
    return {
        "cpu": _first_line("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cores": os.cpu_count() or 1,
        "memory_gb": round(int(memory_kb[0]) / 1024 / 1024, 1) if memory_kb else None,
        "system": platform.platform(),
        "python": platform.python_version(),
        "packages": {name: _version(name) for name in PACKAGES},
        "commit": commit,
    }


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


@dataclass(frozen=True)
class Target:
    name: str
    met: bool | None  # None: could not be judged with these sizes
    detail: str


def targets(results: Results) -> list[Target]:
    found: list[Target] = []
    ratios = ", ".join(f"{s['lessons']}: {s['warm_vs_plain']:.2f}x" for s in results.sizes)
    found.append(Target(f"Warm build <= {WARM_VS_PLAIN_TARGET}x plain MkDocs",
                        all(s["warm_vs_plain"] <= WARM_VS_PLAIN_TARGET for s in results.sizes),
                        f"warm / plain by lessons: {ratios}"))
    if len(results.sizes) >= 2:
        small, large = results.sizes[-2], results.sizes[-1]
        size_ratio = large["lessons"] / small["lessons"]
        limit = GROWTH_SLACK * size_ratio
        growth = large["warm"]["seconds"] / small["warm"]["seconds"]
        cold_growth = large["cold"]["seconds"] / small["cold"]["seconds"]
        found.append(Target(
            f"{small['lessons']} -> {large['lessons']} lessons: build time <= {limit:g}x",
            growth <= limit,
            f"warm {growth:.2f}x, cold {cold_growth:.2f}x for {size_ratio:g}x the lessons"))
        found.append(Target(
            "Lesson page HTML unchanged as the site grows",
            bool(results.probe_pages_identical),
            "the same lesson's page is byte-identical at every size" if
            results.probe_pages_identical else "the same lesson's page differs between sizes"))
    else:
        found.append(Target("Growth close to linear", None, "needs two sizes"))
    rebuild_work = [(s["rebuild"]["images_made"], s["rebuild"]["pdfs_made"])
                    for s in results.sizes]
    found.append(Target(
        "Warm rebuild (as `mkdocs serve` after saving a lesson) does no image or PDF work",
        all(work == (0, 0) for work in rebuild_work),
        "images, PDFs made: " + ", ".join(f"{i}, {p}" for i, p in rebuild_work)))
    cores = results.images.get("cores", 1)
    if cores > 1:
        image_speedup = results.images["parallel_speedup"]
        handout_speedup = results.handouts["parallel_speedup"]
        found.append(Target(
            f"Images and PDFs are made in parallel ({cores} cores)",
            image_speedup >= PARALLEL_TARGET and handout_speedup >= PARALLEL_TARGET,
            f"speedup on {cores} cores: images {image_speedup:.2f}x, "
            f"handouts {handout_speedup:.2f}x"))
    else:
        found.append(Target("Images and PDFs are made in parallel", None, "one core only"))
    return found


def _s(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds >= 1 else f"{seconds * 1000:.0f} ms"


def _mb(value: float) -> str:
    return f"{value / 1_000_000:.1f} MB"


def _kb(value: float) -> str:
    return f"{value / 1000:.1f} KB"


def markdown(results: Results, options: Options, info: dict[str, Any], when: str) -> str:
    lines = [
        "# Học Số benchmark",
        "",
        f"Measured {when} on {info['cpu']} ({info['cores']} cores, {info['memory_gb']} GB), "
        f"{info['system']}, Python {info['python']}, commit {info['commit'] or 'unknown'}.",
        "Packages: " + ", ".join(f"{k} {v}" for k, v in info["packages"].items()) + ".",
        "",
        f"Synthetic lessons of 7 steps in Vietnamese and English, one screenshot per step. "
        f"Medians of {options.runs} run(s); each build runs in a fresh process and is timed "
        "from reading mkdocs.yml to the last file written. Page builds leave handouts out, as "
        "`mkdocs serve` does; handouts are measured below. *Plain MkDocs* is the same lessons "
        "written by hand as Markdown pages and built by MkDocs + Material + static-i18n with "
        "the same theme and languages.",
        "",
        "| Lessons | Cold build | Warm build | Plain MkDocs | Warm ÷ plain | Rebuild after "
        "editing one lesson | Lesson page HTML (gzip) | Site size |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in results.sizes:
        pages = s["lesson_pages"]
        lines.append(
            f"| {s['lessons']:,} | {_s(s['cold']['seconds'])} | {_s(s['warm']['seconds'])} | "
            f"{_s(s['plain']['seconds'])} | {s['warm_vs_plain']:.2f}x | "
            f"{_s(s['rebuild']['seconds'])} | {_kb(pages['html_bytes'])} "
            f"({_kb(pages['html_gzip_bytes'])}) | {_mb(s['site_bytes'])}, "
            f"{s['site_files']:,} files |")
    lines += ["", "Peak memory of a build: " + ", ".join(
        f"{s['lessons']:,} lessons {s['cold']['peak_mb']:.0f} MB cold, "
        f"{s['warm']['peak_mb']:.0f} MB warm" for s in results.sizes) + "."]
    images, handouts = results.images, results.handouts
    lines += [
        "",
        "## Screenshots and handouts",
        "",
        f"- Screenshot processing (annotate, redact, 360 and 720 px WebP, print size): "
        f"{_s(images['seconds_per_screenshot_1_worker'])} per screenshot on one core, "
        f"{_s(images['seconds_per_screenshot_all_cores'])} on {images['cores']} "
        f"({images['parallel_speedup']:.2f}x), over {images['screenshots']} screenshots.",
        f"- A handout PDF, made alone in a fresh process with WeasyPrint loaded: "
        f"{_s(handouts['seconds_per_handout'])}, with a peak memory of "
        f"{handouts['peak_mb_per_handout']:.0f} MB for that process, "
        f"{_kb(handouts['bytes_per_handout'])} (median of {handouts['handouts']}). A batch of "
        f"{handouts['handouts']}: {_s(handouts['batch_seconds_1_worker'])} on one core, "
        f"{_s(handouts['batch_seconds_all_cores'])} on {handouts['cores']} "
        f"({handouts['parallel_speedup']:.2f}x).",
    ]
    if results.handout_builds:
        hb = results.handout_builds
        lines.append(
            f"- `mkdocs build` with handouts, {hb['lessons']} lessons: cold "
            f"{_s(hb['cold']['seconds'])} ({hb['cold']['pdfs_made']} PDFs), warm "
            f"{_s(hb['warm']['seconds'])} ({hb['warm']['pdfs_made']} PDFs), after editing one "
            f"lesson {_s(hb['rebuild']['seconds'])} ({hb['rebuild']['pdfs_made']} PDFs remade, "
            f"{hb['rebuild']['images_made']} images).")
    lines += ["", "## Targets", ""]
    for target in targets(results):
        mark = {True: "met", False: "**missed**", None: "not judged"}[target.met]
        lines.append(f"- {target.name}: {mark} ({target.detail})")
    lines += ["", f"The whole benchmark took {_s(results.seconds)}. Re-run it with "
              f"`hocso bench` (see README).", ""]
    return "\n".join(lines)


def write(results: Results, options: Options, out_dir: Path) -> tuple[Path, Path]:
    info = machine()
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    out_dir.mkdir(parents=True, exist_ok=True)
    md_path, json_path = out_dir / "benchmark.md", out_dir / "benchmark.json"
    md_path.write_text(markdown(results, options, info, when), encoding="utf-8")
    data = {"measured": when, "machine": info,
            "options": {"sizes": list(options.sizes), "runs": options.runs,
                        "handout_lessons": options.handout_lessons,
                        "image_samples": options.image_samples},
            "results": asdict(results),
            "targets": [asdict(t) for t in targets(results)]}
    json_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return md_path, json_path
