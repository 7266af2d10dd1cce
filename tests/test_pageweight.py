"""The byte counter behind the page-weight budgets."""

from __future__ import annotations

import gzip
from pathlib import Path

from hocso_tools.pageweight import site_file, transfer_size, weigh


def test_text_is_counted_compressed_and_pictures_as_they_are(tmp_path: Path) -> None:
    css = tmp_path / "a.css"
    css.write_text("body { color: black; }\n" * 200)
    picture = tmp_path / "a.webp"
    picture.write_bytes(bytes(range(256)) * 10)
    assert transfer_size(css) == len(gzip.compress(css.read_bytes(), 9, mtime=0)) < 200
    assert transfer_size(picture) == 2560


def test_urls_map_to_site_files_and_never_outside(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "lessons" / "a").mkdir(parents=True)
    (site / "index.html").write_text("<p>home</p>")
    (site / "lessons" / "a" / "index.html").write_text("<p>a</p>")
    (tmp_path / "secret.txt").write_text("no")
    base = "http://127.0.0.1:9/"
    assert site_file(site, base) == site / "index.html"
    assert site_file(site, base + "lessons/a/") == site / "lessons" / "a" / "index.html"
    assert site_file(site, base + "lessons/a") == site / "lessons" / "a" / "index.html"
    assert site_file(site, base + "../secret.txt") is None
    weight = weigh(site, base, [base, base + "lessons/a/", base, base + "missing.css",
                                "https://fonts.example.com/x.woff2"])
    assert [t.url for t in weight.transfers] == [
        "", "lessons/a/", "missing.css", "https://fonts.example.com/x.woff2"]
    assert weight.missing == ["missing.css", "https://fonts.example.com/x.woff2"]
    assert weight.total == transfer_size(site / "index.html") + transfer_size(
        site / "lessons" / "a" / "index.html")


def test_the_critical_path_is_the_page_its_stylesheets_and_preloaded_fonts(
        tmp_path: Path) -> None:
    from hocso_tools.pageweight import critical_path

    site = tmp_path / "site"
    (site / "lessons" / "a").mkdir(parents=True)
    (site / "assets" / "fonts").mkdir(parents=True)
    (site / "assets" / "a.css").write_text("p{color:red}" * 50)
    (site / "assets" / "print.css").write_text("p{color:black}")
    (site / "assets" / "fonts" / "b.woff2").write_bytes(b"\0" * 300)
    (site / "lessons" / "a" / "index.html").write_text(
        '<link rel="stylesheet" href="../../assets/a.css">'
        '<link rel="stylesheet" href="../../assets/print.css" media="print">'
        '<link rel="preload" href="../../assets/fonts/b.woff2" as="font" crossorigin>'
        '<link rel="icon" href="../../favicon.png">')
    weight = critical_path(site, "http://x.invalid/", "lessons/a/")
    assert [t.url for t in weight.transfers] == ["lessons/a/", "assets/a.css",
                                                 "assets/fonts/b.woff2"]
    assert weight.transfers[2].bytes == 300 and weight.missing == []
