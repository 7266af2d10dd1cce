"""One measurement, run in a fresh Python process so that runs cannot warm each other up.

``python -m hocso_tools.bench.child build CONFIG [--edit]`` builds the site once (and, with
``--edit``, edits one lesson and builds again in the same process, as ``mkdocs serve`` does)
and prints a JSON list with one entry per build: seconds, peak memory, and how many images
and PDFs were made (new entries in the cache).

``python -m hocso_tools.bench.child handout HTML_FILE CSS_FILE`` makes one PDF and prints its
time and the peak memory of the process.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any


def peak_memory_mb() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cache_entries(cache: Path) -> tuple[int, int]:
    images = cache / "images"
    handouts = cache / "handouts"
    return (sum(1 for p in images.iterdir() if not p.name.startswith(".")) if images.is_dir()
            else 0,
            sum(1 for _ in handouts.glob("*.pdf")) if handouts.is_dir() else 0)


def build_once(config_file: Path) -> dict[str, Any]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    cache = config_file.parent / ".cache" / "hocso"
    images_before, pdfs_before = cache_entries(cache)
    started = time.perf_counter()
    # As `mkdocs build` and each `mkdocs serve` rebuild do: read the config, then build.
    config = load_config(config_file=str(config_file))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    config.plugins.on_shutdown()
    seconds = time.perf_counter() - started
    images_after, pdfs_after = cache_entries(cache)
    return {"seconds": seconds, "peak_mb": peak_memory_mb(),
            "images_made": images_after - images_before, "pdfs_made": pdfs_after - pdfs_before}


def run_builds(config_file: Path, edit: bool) -> list[dict[str, Any]]:
    from hocso_tools.bench.synthetic import edit_one_lesson

    results = [build_once(config_file)]
    if edit:
        lesson, original = edit_one_lesson(config_file)
        try:
            results.append(build_once(config_file))
        finally:
            lesson.write_bytes(original)
    return results


def make_handout(html_file: Path, css_file: Path) -> dict[str, Any]:
    import tempfile

    import weasyprint  # noqa: F401  (loaded once per worker: not part of one handout's time)

    from hocso.core.handouts import write_pdf

    html = html_file.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "handout.pdf"
        started = time.perf_counter()
        write_pdf(html, css_file, target)
        seconds = time.perf_counter() - started
        size = target.stat().st_size
    return {"seconds": seconds, "peak_mb": peak_memory_mb(), "bytes": size}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hocso_tools.bench.child")
    commands = parser.add_subparsers(dest="command", required=True)
    build_parser = commands.add_parser("build")
    build_parser.add_argument("config", type=Path)
    build_parser.add_argument("--edit", action="store_true")
    handout_parser = commands.add_parser("handout")
    handout_parser.add_argument("html", type=Path)
    handout_parser.add_argument("css", type=Path)
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    # Only problems reach the terminal: thousands of INFO lines would slow every build alike.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    if args.command == "build":
        result: Any = run_builds(args.config, args.edit)
    else:
        result = make_handout(args.html, args.css)
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
