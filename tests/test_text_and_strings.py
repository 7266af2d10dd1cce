"""Safe Markdown, Vietnamese sorting, interface strings and the bundled fonts."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hocso.core.text import fold, render_inline_markdown, render_markdown, sort_key
from hocso.core.vietnamese import DONG_SIGN, vietnamese_letters


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<iframe src='https://example.com'></iframe>",
        "[tap](javascript:alert(1))",
        "[tap](JAVASCRIPT:alert(1))",
        "<a href='javascript:alert(1)'>tap</a>",
        "![x](data:text/html;base64,PHNjcmlwdD4=)",
    ],
)
def test_contributor_html_and_script_never_reach_the_page(source: str) -> None:
    html = render_markdown(source)
    assert "<script" not in html and "<iframe" not in html and "<img src=x" not in html
    assert 'href="javascript' not in html.lower()
    assert "onerror=" not in html or "&lt;img" in html


def test_markdown_keeps_the_simple_formatting_lessons_use() -> None:
    html = render_markdown("Chạm **Cài đặt**, rồi *Tiếp tục*.\n\n- một\n- hai")
    assert "<strong>Cài đặt</strong>" in html and "<em>Tiếp tục</em>" in html
    assert "<ul>" in html
    assert render_inline_markdown("**VNeID**") == "<strong>VNeID</strong>"
    assert render_markdown('[VNeID](https://vneid.gov.vn)') == (
        '<p><a href="https://vneid.gov.vn">VNeID</a></p>')


def test_headings_in_lesson_text_stay_text() -> None:
    assert "<h1" not in render_markdown("# Big")


def test_vietnamese_sort_order() -> None:
    words = ["đi", "dê", "Zalo", "ăn", "an", "ân", "mạ", "ma", "má", "mà", "ơi", "ô", "o"]
    assert sorted(words, key=sort_key) == [
        "an", "ăn", "ân", "dê", "đi", "ma", "mà", "má", "mạ", "o", "ô", "ơi", "Zalo"]


def test_fold_removes_every_mark_including_d_stroke() -> None:
    assert fold("Đăng nhập Điện thoại") == "dang nhap dien thoai"


def test_interface_strings_have_the_same_keys_in_every_language(repo: Path) -> None:
    folder = repo / "templates" / "strings"
    keys = {path.stem: set(yaml.safe_load(path.read_text(encoding="utf-8")))
            for path in folder.glob("*.yml")}
    assert {"vi", "en"} <= set(keys)
    assert keys["vi"] == keys["en"]
    assert all(keys[lang] == keys["vi"] for lang in keys)


def test_web_fonts_cover_all_of_vietnamese(repo: Path) -> None:
    from fontTools.ttLib import TTFont

    fonts = sorted((repo / "templates" / "site" / "assets" / "fonts").glob("*.woff2"))
    assert len(fonts) == 2
    needed = [*vietnamese_letters(), DONG_SIGN, "\u0300", "\u0301", "\u0303", "\u0309",
              "\u0323"]
    assert len(vietnamese_letters()) == 134
    for path in fonts:
        cmap = TTFont(path).getBestCmap()
        missing = [ch for ch in needed if ord(ch) not in cmap]
        assert missing == [], f"{path.name} lacks {''.join(missing)}"
        assert path.stat().st_size < 40_000
    assert (fonts[0].parent / "OFL.txt").read_text(encoding="utf-8").count("Open Font License")
