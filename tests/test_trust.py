"""Issue 13: hostile text in any contributor file is refused with file and line, or printed as
plain text, and every page carries a Content-Security-Policy."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from markupsafe import escape

from hocso.core.safety import (
    add_content_security_policy,
    check_strings_file,
    content_security_policy,
    for_theme,
    has_markup,
)

from hostile_site import ACCEPTED, ACCEPTED_TEXT, REFUSED, line_of, live_parts, write_hostile
from sites import Project


@pytest.mark.parametrize("payload", REFUSED)
def test_markup_is_refused_in_every_lesson_topic_and_glossary_text(project: Project,
                                                                    payload: str) -> None:
    write_hostile(project, payload)
    result = project.hocso("check", "--strict")
    assert result.returncode == 1
    out = result.stdout
    lesson = project.lessons / "hostile" / "lesson.yml"
    topics = project.lessons / "topics.yml"
    glossary = project.lessons / "glossary.yml"
    expected = [(lesson, "Bài " + payload), (lesson, "Summary " + payload),
                (lesson, "Cần " + payload), (lesson, "Step " + payload),
                (lesson, "Mẹo " + payload), (lesson, "Chạm " + payload),
                (lesson, "Safe " + payload), (topics, "Định danh " + payload),
                (topics, "Tóm tắt " + payload), (topics, "About " + payload),
                (glossary, "Mã " + payload), (glossary, "A one-time code " + payload)]
    for path, needle in expected:
        # The value may be quoted in YAML: find its line by its first characters. A text
        # in two languages is reported at its first language's line, as for lesson text.
        line = line_of(path, needle[:needle.index(" ") + 4])
        name = path.relative_to(project.root).as_posix()
        assert f"{name}:{line}:" in out or f"{name}:{line - 1}:" in out, (name, line, out)
    assert out.count("error [") == len(expected)
    assert re.search(r"raw-html|script-link", out)


@pytest.mark.parametrize("payload", [REFUSED[0], REFUSED[2]])
def test_markup_in_interface_strings_fails_the_build_with_file_and_key(
        project: Project, payload: str) -> None:
    strings = project.root / "templates" / "strings" / "en.yml"
    strings.write_text(strings.read_text(encoding="utf-8").replace(
        'menu: "Menu"', f"menu: 'Menu {payload}'"), encoding="utf-8")
    project.write_lesson("clean")
    result = project.build("--strict")
    assert result.returncode != 0
    assert f"en.yml:{line_of(strings, 'menu:')}:" in result.stderr
    assert '"menu"' in result.stderr
    # hocso check finds it too, before anyone builds.
    check = project.hocso("check")
    assert check.returncode == 1
    assert f"strings/en.yml:{line_of(strings, 'menu:')}:" in check.stdout


@pytest.mark.parametrize("payload", [REFUSED[0], REFUSED[2]])
def test_markup_in_front_matter_fails_the_build_with_file_and_key(project: Project,
                                                                  payload: str) -> None:
    about = project.root / "templates" / "site" / "about.en.md"
    about.write_text(about.read_text(encoding="utf-8").replace(
        "title: About Học Số", f"title: 'About {payload}'"), encoding="utf-8")
    project.write_lesson("clean")
    result = project.build("--strict")
    assert result.returncode != 0
    # The build names the line and the key, as `hocso check` does.
    assert f"about.en.md:{line_of(about, 'title:')}:" in result.stderr
    assert '"title"' in result.stderr and "Traceback" not in result.stderr
    check = project.hocso("check")
    assert check.returncode == 1
    assert f"about.en.md:{line_of(about, 'title:')}:" in check.stdout
    assert '"title"' in check.stdout


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    from sites import new_project

    project = new_project(tmp_path_factory.mktemp("hostile") / "project")
    write_hostile(project, ACCEPTED, site_files=True)
    result = project.build("--strict")
    assert result.returncode == 0, result.stderr
    return project


def test_accepted_text_is_never_live_on_any_page(hostile_site: Project) -> None:
    pages = sorted(hostile_site.site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        page = path.read_text(encoding="utf-8")
        parts = live_parts(page)
        assert parts.problems == [], path
        assert page.count('http-equiv="Content-Security-Policy"') == 1, path
        assert "{{ 7*7 }}" not in page or "49" not in "".join(parts.titles)


def test_accepted_text_is_printed_as_plain_text(hostile_site: Project) -> None:
    lesson = (hostile_site.site / "lessons" / "hostile" / "index.html").read_text(
        encoding="utf-8")
    parts = live_parts(lesson)
    # <title>, the sidebar's topic and the description show the text, escaped exactly once.
    assert parts.titles[0].startswith("Bài " + ACCEPTED_TEXT)
    assert "Định danh " + html.escape(ACCEPTED, quote=True) in lesson
    assert str(escape("Mục lục " + ACCEPTED)) in lesson  # an interface string, in the theme
    english = (hostile_site.site / "en" / "lessons" / "hostile" / "index.html").read_text(
        encoding="utf-8")
    assert f'<meta name="description" content="Summary {for_theme(ACCEPTED)}' in english
    home = live_parts((hostile_site.site / "index.html").read_text(encoding="utf-8"))
    assert home.titles[0].startswith("Bài học " + ACCEPTED_TEXT)
    about = (hostile_site.site / "about" / "index.html").read_text(encoding="utf-8")
    assert live_parts(about).titles[0].startswith("Về " + ACCEPTED_TEXT)
    assert f'content="Giới thiệu {for_theme(ACCEPTED)}"' in about


def test_handouts_hold_no_script_or_link_actions(hostile_site: Project) -> None:
    pdfs = sorted((hostile_site.site / "handouts").rglob("*.pdf"))
    assert pdfs
    for pdf in pdfs:
        data = pdf.read_bytes()
        for action in (b"/JavaScript", b"/JS ", b"/Launch", b"/SubmitForm",
                       b"javascript:", b"x.html"):
            assert action not in data, (pdf, action)


def test_every_page_of_the_real_site_has_a_policy(real_site: Project) -> None:
    for path in sorted(real_site.site.rglob("*.html")):
        page = path.read_text(encoding="utf-8")
        if not page.strip():
            continue
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
        assert policy is not None, path
        assert "default-src 'none'" in policy.group(1)
        assert "'unsafe-inline'" not in policy.group(1) and "http" not in policy.group(1)
        assert live_parts(page).problems == [], path


# --- the pieces --------------------------------------------------------------------------

def test_has_markup() -> None:
    assert all(has_markup(p) for p in REFUSED)
    assert not has_markup(ACCEPTED) and not has_markup("1 < 3 and 5 > 2")


def test_for_theme_escapes_quotes_and_tags() -> None:
    assert for_theme('a"b<c>&') == "a&quot;b&lt;c&gt;&amp;"


def test_policy_hashes_theme_scripts_but_never_scripts_in_the_content() -> None:
    content = "<p>x</p><script>alert(1)</script>"
    page = ("<html><head><meta charset=\"utf-8\"><script>var a=1</script></head><body>"
            f"<img style=\"--hs-ratio: 1.5\">{content}</body></html>")
    policy = content_security_policy(page, content)
    assert policy.count("sha256-") == 2  # the head script and the style attribute
    assert "'unsafe-hashes'" in policy
    assert content_security_policy(page).count("sha256-") == 3
    out = add_content_security_policy(page, content)
    assert out.index("Content-Security-Policy") < out.index("<script>")
    assert add_content_security_policy(out, content) == out


def test_strings_file_check_gives_the_line(tmp_path: Path) -> None:
    path = tmp_path / "vi.yml"
    path.write_text('a: "ok"\nb: "<img src=x onerror=alert(1)>"\n', encoding="utf-8")
    found = check_strings_file(path).sorted()
    assert len(found) == 1 and found[0].location.line == 2 and found[0].code == "raw-html"
