"""``hocso bench --lighthouse``: how fast each page first shows on a slow phone on weak 3G.

Lighthouse (the npm package, pinned below) is what the project's standards note names for lab
figures and what anyone can rerun to check ours. It is installed on demand into a git-ignored
cache folder, never committed. The site is served from this machine, gzip-compressed as a real
server sends it, and each page is measured on Lighthouse's "regular 3G" profile with simulated
throttling (the same numbers every run gets, unlike real throttling): RTT 300 ms, 700 kbps,
4x CPU slowdown. Timings still vary a little between runs, so each page gets several runs and
the report gives medians. Nothing here judges: the report shows the targets met or missed and
the command fails only when it could not measure.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import io
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

# Lighthouse 13 needs Node 22; Debian's Node is 20, which Lighthouse 12 supports.
LIGHTHOUSE_PACKAGE = "lighthouse@12.8.2"
CHROME_PATH = "/usr/bin/chromium"

# Lighthouse's mobileRegular3G (core/config/constants.js): the profile our pages are built for.
RTT_MS = 300
THROUGHPUT_KBPS = 700
CPU_SLOWDOWN = 4

# The targets from the standards note (§3.5).
LCP_TARGET_MS = 2500.0
TBT_TARGET_MS = 100.0
CLS_TARGET = 0.05
ACCESSIBILITY_TARGET = 1.0

GZIP_TYPES = (".html", ".css", ".js", ".mjs", ".svg", ".json", ".xml", ".txt")


class MeasureFailed(Exception):
    """Lighthouse could not be installed or could not measure a page."""


# --- serving the built site ------------------------------------------------------------------

class _GzipHandler(SimpleHTTPRequestHandler):
    """Static files, text gzip-compressed (level 9, as pageweight counts them), with keep-alive.

    HTTP/1.1 keep-alive matters: over HTTP/1.0 every request would open a new connection and
    Lighthouse's simulation would charge each one an extra 300 ms round trip that no real
    server costs.
    """

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the benchmark prints its own progress."""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the address with a slash
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or path.suffix not in GZIP_TYPES or not accepts_gzip:
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on a free loopback port; yields the base address."""
    handler = partial(_GzipHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# --- which pages -----------------------------------------------------------------------------

def _is_redirect(page: Path) -> bool:
    """Old addresses of renamed lessons are tiny redirect pages: nothing to measure there."""
    return 'http-equiv="refresh"' in page.read_text(encoding="utf-8")[:4000]


def pages(site: Path) -> list[str]:
    """The catalogue and every lesson page, Vietnamese (at /) and English (at /en/)."""
    found: list[str] = []
    for prefix in ("", "en/"):
        found.append(prefix)
        lessons = site / prefix / "lessons"
        for page in sorted(lessons.glob("*/index.html")):
            if not _is_redirect(page):
                found.append(f"{prefix}lessons/{page.parent.name}/")
    return found


# --- running Lighthouse ----------------------------------------------------------------------

def ensure_lighthouse(cache: Path, progress: Callable[[str], None]) -> Path:
    """The Lighthouse command line, installed from npm into ``cache`` the first time."""
    binary = cache / "node_modules" / ".bin" / "lighthouse"
    if binary.is_file():
        return binary
    npm = shutil.which("npm")
    if npm is None:
        raise MeasureFailed("npm is needed to install Lighthouse (Debian: apt-get install npm)")
    cache.mkdir(parents=True, exist_ok=True)
    progress(f"installing {LIGHTHOUSE_PACKAGE} into {cache}")
    result = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix", str(cache),
                             LIGHTHOUSE_PACKAGE], capture_output=True, text=True, check=False)
    if result.returncode != 0 or not binary.is_file():
        raise MeasureFailed(f"npm install {LIGHTHOUSE_PACKAGE} failed:\n{result.stderr[-3000:]}")
    return binary


def lighthouse_command(binary: Path, url: str, output: Path) -> list[str]:
    """Mobile emulation (Lighthouse's default Moto G Power screen) on the regular-3G profile."""
    return [
        str(binary), url,
        "--output=json", f"--output-path={output}", "--quiet",
        "--only-categories=performance,accessibility",
        "--form-factor=mobile",
        "--throttling-method=simulate",
        f"--throttling.rttMs={RTT_MS}",
        f"--throttling.throughputKbps={THROUGHPUT_KBPS}",
        f"--throttling.requestLatencyMs={RTT_MS}",
        f"--throttling.downloadThroughputKbps={THROUGHPUT_KBPS}",
        f"--throttling.uploadThroughputKbps={THROUGHPUT_KBPS}",
        f"--throttling.cpuSlowdownMultiplier={CPU_SLOWDOWN}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]


@dataclass(frozen=True)
class Run:
    """The figures of one Lighthouse run of one page."""

    lcp_ms: float
    fcp_ms: float
    tbt_ms: float
    cls: float
    accessibility: float
    transfer_bytes: int
    lcp_element: str


def figures(report: dict[str, Any]) -> Run:
    """The figures we report, from one Lighthouse JSON report."""
    audits = report["audits"]

    def value(audit: str) -> float:
        number = audits[audit].get("numericValue")
        if number is None:
            raise MeasureFailed(f"Lighthouse gave no value for {audit}: "
                                f"{audits[audit].get('errorMessage', 'no reason given')}")
        return float(number)

    score = report["categories"]["accessibility"]["score"]
    if score is None:
        raise MeasureFailed("Lighthouse gave no accessibility score")
    element = ""
    items = audits.get("largest-contentful-paint-element", {}).get("details", {}).get("items", [])
    for item in items:
        # Lighthouse 12 nests the element in a table inside a list.
        for row in item.get("items", [item]):
            node = row.get("node", {})
            if node.get("nodeLabel") or node.get("selector"):
                element = str(node.get("selector") or node.get("nodeLabel"))
                break
        if element:
            break
    return Run(
        lcp_ms=value("largest-contentful-paint"),
        fcp_ms=value("first-contentful-paint"),
        tbt_ms=value("total-blocking-time"),
        cls=value("cumulative-layout-shift"),
        accessibility=float(score),
        transfer_bytes=int(value("total-byte-weight")),
        lcp_element=element,
    )


def run_once(binary: Path, url: str) -> Run:
    with tempfile.TemporaryDirectory(prefix="hocso-lighthouse-") as folder:
        output = Path(folder) / "report.json"
        env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", CHROME_PATH)}
        result = subprocess.run(lighthouse_command(binary, url, output), env=env,
                                capture_output=True, text=True, check=False, timeout=300)
        if result.returncode != 0 or not output.is_file():
            raise MeasureFailed(f"Lighthouse failed on {url}:\n{result.stderr[-3000:]}")
        report = json.loads(output.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise MeasureFailed(f"Lighthouse could not load {url}: {report['runtimeError']}")
    return figures(report)


@dataclass(frozen=True)
class PageResult:
    """The median of each figure over the runs of one page."""

    page: str
    runs: int
    lcp_ms: float
    fcp_ms: float
    tbt_ms: float
    cls: float
    accessibility: float
    transfer_bytes: int
    lcp_element: str

    @property
    def meets_targets(self) -> bool:
        return (self.lcp_ms <= LCP_TARGET_MS and self.tbt_ms <= TBT_TARGET_MS
                and self.cls <= CLS_TARGET and self.accessibility >= ACCESSIBILITY_TARGET)


def median_of(page: str, runs: list[Run]) -> PageResult:
    def mid(values: list[float]) -> float:
        return float(statistics.median(values))

    elements = [run.lcp_element for run in runs]
    return PageResult(
        page=page, runs=len(runs),
        lcp_ms=mid([r.lcp_ms for r in runs]), fcp_ms=mid([r.fcp_ms for r in runs]),
        tbt_ms=mid([r.tbt_ms for r in runs]), cls=mid([r.cls for r in runs]),
        accessibility=mid([r.accessibility for r in runs]),
        transfer_bytes=int(mid([float(r.transfer_bytes) for r in runs])),
        lcp_element=max(set(elements), key=elements.count) if elements else "",
    )


def measure(site: Path, binary: Path, runs: int, progress: Callable[[str], None],
            only: list[str] | None = None) -> list[PageResult]:
    targets = only if only is not None else pages(site)
    results: list[PageResult] = []
    with serve(site) as base:
        for page in targets:
            page_runs = []
            for number in range(1, runs + 1):
                progress(f"/{page} run {number}/{runs}")
                page_runs.append(run_once(binary, base + page))
            results.append(median_of(page, page_runs))
    return results


# --- the report ------------------------------------------------------------------------------

def _mark(met: bool) -> str:
    return "" if met else " ✗"


def table(results: list[PageResult]) -> str:
    lines = [
        "| page | LCP | FCP | TBT | CLS | accessibility | transfer | LCP element |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        lines.append(
            f"| /{r.page} "
            f"| {r.lcp_ms / 1000:.2f} s{_mark(r.lcp_ms <= LCP_TARGET_MS)} "
            f"| {r.fcp_ms / 1000:.2f} s "
            f"| {r.tbt_ms:.0f} ms{_mark(r.tbt_ms <= TBT_TARGET_MS)} "
            f"| {r.cls:.3f}{_mark(r.cls <= CLS_TARGET)} "
            f"| {r.accessibility:.2f}{_mark(r.accessibility >= ACCESSIBILITY_TARGET)} "
            f"| {r.transfer_bytes / 1000:.1f} KB "
            f"| `{r.lcp_element}` |")
    return "\n".join(lines)


def markdown(results: list[PageResult], about: dict[str, Any]) -> str:
    missed = [r.page for r in results if not r.meets_targets]
    worst_lcp = max((r.lcp_ms for r in results), default=0.0)
    summary = (f"All {len(results)} pages meet the targets." if not missed else
               f"{len(missed)} of {len(results)} pages miss a target (✗): "
               + ", ".join(f"/{p}" for p in missed) + ".")
    return "\n".join([
        "# Lighthouse: first view on regular 3G",
        "",
        f"Measured {about['date']} with {about['lighthouse']} on {about['chrome']}, "
        f"median of {about['runs']} run(s) per page. Simulated throttling: RTT {RTT_MS} ms, "
        f"{THROUGHPUT_KBPS} kbps, {CPU_SLOWDOWN}x CPU slowdown; mobile screen; the site served "
        "gzip-compressed from this machine. Rerun with `hocso bench --lighthouse`.",
        "",
        f"Targets: LCP ≤ {LCP_TARGET_MS / 1000:.1f} s, TBT ≤ {TBT_TARGET_MS:.0f} ms, "
        f"CLS ≤ {CLS_TARGET}, accessibility {ACCESSIBILITY_TARGET:.1f}. "
        f"Slowest LCP: {worst_lcp / 1000:.2f} s. {summary}",
        "",
        "Transfer is every byte the page fetched until it was loaded (Lighthouse's "
        "total-byte-weight), compressed.",
        "",
        table(results),
        "",
    ])


def write(results: list[PageResult], about: dict[str, Any], out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    md_path = out_dir / "lighthouse.md"
    json_path = out_dir / "lighthouse.json"
    md_path.write_text(markdown(results, about), encoding="utf-8")
    data = {
        "about": about,
        "profile": {"rtt_ms": RTT_MS, "throughput_kbps": THROUGHPUT_KBPS,
                    "cpu_slowdown": CPU_SLOWDOWN, "throttling": "simulate"},
        "targets": {"lcp_ms": LCP_TARGET_MS, "tbt_ms": TBT_TARGET_MS, "cls": CLS_TARGET,
                    "accessibility": ACCESSIBILITY_TARGET},
        "pages": [{**asdict(r), "meets_targets": r.meets_targets} for r in results],
    }
    json_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return md_path, json_path


def about_run(binary: Path, runs: int) -> dict[str, Any]:
    def version(command: list[str]) -> str:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        return result.stdout.strip() or "unknown"

    chrome = os.environ.get("CHROME_PATH", CHROME_PATH)
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "lighthouse": "Lighthouse " + version([str(binary), "--version"]),
        "chrome": version([chrome, "--version"]).splitlines()[-1] if chrome else "unknown",
        "runs": runs,
    }
