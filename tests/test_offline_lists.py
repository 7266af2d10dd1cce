"""The precache lists the build writes for offline use, read back from a real build."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

from PIL import Image

from hocso.core.offline import page_references, stylesheet_references

from sites import Project


def test_page_references_are_paths_from_the_site_root() -> None:
    html = """
    <link rel="stylesheet" href="../../assets/hocso.css">
    <link rel="alternate" href="../../en/lessons/x/" hreflang="en">
    <link rel="canonical" href="https://hocso.example.org/lessons/x/">
    <script src="../../assets/hocso.js"></script><script>inline()</script>
    <img src="../../images/ab/cd-720.webp"
         srcset="../../images/ab/cd-360.webp 360w, ../../images/ab/cd-720.webp 720w">
    <img src="https://elsewhere.example/x.png"><img src="/absolute.png">
    <a href="../../handouts/x-vi.pdf" download>PDF</a><a href="../../topics/">Topics</a>
    """
    loads, downloads = page_references(html, "lessons/x/")
    assert loads == ["assets/hocso.css", "assets/hocso.js", "images/ab/cd-720.webp",
                     "images/ab/cd-360.webp", "images/ab/cd-720.webp"]
    assert downloads == ["handouts/x-vi.pdf"]
    assert page_references('<img src="../../../etc/passwd">', "lessons/x/") == ([], [])


def test_stylesheet_references() -> None:
    css = ('@font-face { src: url("fonts/A.woff2") format("woff2") } '
           "a { background: url(data:image/png;base64,AAAA) } b { background: url('../i.png') }")
    assert stylesheet_references(css, "assets/hocso.css") == ["assets/fonts/A.woff2", "i.png"]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def test_the_build_lists_every_file_with_its_hash(built_site: Project) -> None:
    site = built_site.site
    manifest = json.loads((site / "offline" / "manifest.json").read_text(encoding="utf-8"))
    shell = {entry["url"]: entry for entry in manifest["shell"]}
    for needed in ("", "en/", "offline/", "en/offline/", "assets/hocso.css", "assets/hocso.js",
                   "assets/hocso-offline.js", "assets/hocso-offline-ui.js",
                   "assets/fonts/BeVietnamPro-Regular.woff2",
                   "assets/fonts/BeVietnamPro-Bold.woff2", "assets/icons/icon-192.png",
                   "manifest.vi.webmanifest", "manifest.en.webmanifest"):
        assert needed in shell, needed
    for entry in shell.values():
        path = site / entry["url"] / "index.html" if entry["url"].endswith("/") or \
            entry["url"] == "" else site / entry["url"]
        assert (_sha(path), path.stat().st_size) == (entry["hash"], entry["size"]), entry
    # The shell a phone downloads on its first visit, compressed as a server sends it.
    sent = sum(len(gzip.compress((site / (e["url"] + "index.html" if e["url"].endswith("/")
                                             or e["url"] == "" else e["url"])).read_bytes(), 9))
               for e in manifest["shell"])
    assert sent <= 150_000, sent
    # sw.js carries the version, so any change to a listed file makes browsers update.
    assert f"'{manifest['version']}'" in (site / "sw.js").read_text(encoding="utf-8")

    demo = manifest["lessons"]["demo-lesson"]
    assert demo["pages"] == {"vi": "lessons/demo-lesson/", "en": "en/lessons/demo-lesson/"}
    assert demo["titles"]["en"] == "Test lesson demo-lesson"
    files = json.loads((site / demo["list"]).read_text(encoding="utf-8"))
    urls = [f["url"] for f in files["files"]]
    assert "lessons/demo-lesson/" in urls and "en/lessons/demo-lesson/" in urls
    page = "".join((site / path / "index.html").read_text(encoding="utf-8")
                   for path in demo["pages"].values())
    pictures = {u for u in urls if u.startswith("images/")}
    assert pictures and all(Path(u).name in page for u in pictures)
    assert all(u.endswith(".webp") for u in pictures)
    assert sum(f["size"] for f in files["files"]) == demo["size"]
    # Handouts are a separate choice, never part of the lesson.
    assert not any(u.startswith("handouts/") for u in urls)
    assert {f["url"] for f in files["handouts"]} == {
        "handouts/demo-lesson-vi.pdf", "handouts/demo-lesson-en.pdf",
        "handouts/demo-lesson-vi-en.pdf"}
    for entry in files["files"] + files["handouts"]:
        path = site / entry["url"] / "index.html" if entry["url"].endswith("/") \
            else site / entry["url"]
        assert _sha(path) == entry["hash"]


def test_one_web_app_manifest_per_language(built_site: Project) -> None:
    site = built_site.site
    for lang, start in (("vi", "./"), ("en", "./en/")):
        manifest = json.loads((site / f"manifest.{lang}.webmanifest").read_text("utf-8"))
        assert manifest["lang"] == lang and manifest["start_url"] == start
        assert manifest["scope"] == "./" and manifest["display"] == "standalone"
        assert manifest["theme_color"] == "#0a3d91" and manifest["short_name"] == "Học Số"
        for icon in manifest["icons"]:
            with Image.open(site / icon["src"]) as image:
                assert f"{image.width}x{image.height}" == icon["sizes"]
        assert {icon["purpose"] for icon in manifest["icons"]} == {"any", "maskable"}
    page = (site / "en" / "lessons" / "demo-lesson" / "index.html").read_text("utf-8")
    assert '<link rel="manifest" href="../../../manifest.en.webmanifest">' in page
    assert '<script src="../../../assets/hocso-offline.js" defer></script>' in page
