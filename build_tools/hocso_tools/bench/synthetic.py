"""Synthetic but realistic lesson sets for the benchmark, and the same site as plain Markdown.

Each synthetic lesson takes seven steps of a starter lesson (their real bilingual text, tips,
warnings and marks) and gets its own screenshots: the starter's illustrated screens redrawn
from ``screens.yml`` with the lesson's number in the title bar, so that no two lessons share
a picture and the image cache cannot cheat.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

STEPS_PER_LESSON = 7
POOL_DONE = "pool-complete.txt"


@dataclass(frozen=True)
class StarterStep:
    step: dict[str, Any]
    elements: list[dict[str, Any]]


@dataclass(frozen=True)
class Template:
    """A starter lesson cut to seven steps, each with the description of its screen."""

    lesson: dict[str, Any]
    steps: tuple[StarterStep, ...]


def load_templates(repo: Path) -> list[Template]:
    """Starter lessons with at least seven steps that each have one drawn screen."""
    templates = []
    for path in sorted((repo / "lessons").glob("*/lesson.yml")):
        lesson = yaml.safe_load(path.read_text(encoding="utf-8"))
        screens_file = repo / "screenshots" / lesson["id"] / "screens.yml"
        if not screens_file.is_file():
            continue
        screens = {screen["file"]: screen["elements"] for screen in
                   yaml.safe_load(screens_file.read_text(encoding="utf-8"))["screens"]}
        usable = []
        for step in lesson["steps"]:
            shot = step.get("screenshot")
            if not isinstance(shot, dict) or not isinstance(shot.get("src"), str):
                continue
            elements = screens.get(Path(shot["src"]).name)
            if elements is not None and "android" not in step and "ios" not in step:
                usable.append(StarterStep(step, elements))
        if len(usable) >= STEPS_PER_LESSON:
            templates.append(Template(lesson, tuple(usable[:STEPS_PER_LESSON])))
    if not templates:
        raise RuntimeError("no starter lesson has seven steps with drawn screens")
    return templates


def lesson_id(number: int) -> str:
    return f"bench-{number:04d}"


def _numbered(elements: list[dict[str, Any]], number: int) -> list[dict[str, Any]]:
    """The screen's elements with the lesson's number added to its title bar."""
    elements = copy.deepcopy(elements)
    for element in elements:
        if "appbar" in element:
            element["appbar"]["title"] = f"{element['appbar'].get('title', '')} · {number}"
            return elements
    return [{"appbar": {"title": f"Bài {number}"}}, *elements]


def _draw(job: tuple[Path, list[dict[str, Any]]]) -> None:
    from hocso_tools.mockscreens import draw_screen

    target, elements = job
    image, _ = draw_screen(elements)
    target.parent.mkdir(parents=True, exist_ok=True)
    image.save(target, "PNG", compress_level=6)


def screenshot_path(number: int, step: int) -> str:
    return f"{lesson_id(number)}/step-{step}.png"


def make_screenshot_pool(pool: Path, count: int, templates: list[Template],
                         workers: int | None = None) -> None:
    """Draw the screenshots of lessons 0..count-1 into ``pool`` (kept between runs)."""
    done = pool / POOL_DONE
    if done.is_file() and int(done.read_text() or 0) >= count:
        return
    jobs = []
    for number in range(count):
        template = templates[number % len(templates)]
        for index, starter in enumerate(template.steps, start=1):
            target = pool / screenshot_path(number, index)
            if not target.is_file():
                jobs.append((target, _numbered(starter.elements, number)))
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count()) as executor:
        list(executor.map(_draw, jobs, chunksize=16))
    done.write_text(str(count))


def synthetic_lesson(number: int, templates: list[Template]) -> dict[str, Any]:
    template = templates[number % len(templates)]
    lesson = copy.deepcopy(template.lesson)
    lesson["id"] = lesson_id(number)
    steps = []
    for index, starter in enumerate(template.steps, start=1):
        step = copy.deepcopy(starter.step)
        step["screenshot"]["src"] = screenshot_path(number, index)
        steps.append(step)
    lesson["steps"] = steps
    return lesson


# The repository's mkdocs.yml, pointed at the shared templates and the screenshot pool; the
# replacements fail loudly if mkdocs.yml changes shape.
def _site_config(repo: Path, pool: Path, *, handouts: bool) -> str:
    text = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    replacements = {
        "docs_dir: templates/site": f"docs_dir: {repo / 'templates' / 'site'}",
        "custom_dir: templates/theme": f"custom_dir: {repo / 'templates' / 'theme'}",
        "  - lessons:\n": (f"  - lessons:\n      templates_dir: {repo / 'templates'}\n"
                          f"      screenshots_dir: {pool}\n"
                          f"      handouts: {str(handouts).lower()}\n"),
    }
    for old, new in replacements.items():
        if old not in text:
            raise RuntimeError(f"mkdocs.yml no longer contains {old!r}; update the benchmark")
        text = text.replace(old, new)
    return text


def write_lesson_site(root: Path, repo: Path, pool: Path, count: int,
                      templates: list[Template], *, handouts: bool = False) -> Path:
    """A site project of ``count`` synthetic lessons; returns its mkdocs.yml."""
    lessons = root / "lessons"
    if lessons.exists():
        shutil.rmtree(lessons)
    lessons.mkdir(parents=True)
    for name in ("topics.yml", "glossary.yml"):
        shutil.copy(repo / "lessons" / name, lessons / name)
    for number in range(count):
        folder = lessons / lesson_id(number)
        folder.mkdir()
        body = yaml.safe_dump(synthetic_lesson(number, templates), allow_unicode=True,
                              sort_keys=False, width=100)
        (folder / "lesson.yml").write_text(body, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(_site_config(repo, pool, handouts=handouts), encoding="utf-8")
    return config


def edit_one_lesson(config: Path) -> tuple[Path, bytes]:
    """Change the Vietnamese text of lesson 0's first step, as a contributor's fix would.

    Returns the file and its original bytes, to put back after the measurement.
    """
    path = config.parent / "lessons" / lesson_id(0) / "lesson.yml"
    original = path.read_bytes()
    data = yaml.safe_load(original.decode("utf-8"))
    data["steps"][0]["text"]["vi"] += " Làm chậm thôi."
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
                    encoding="utf-8")
    return path, original


# ---- The same pages written by hand, for plain MkDocs + Material + static-i18n ----------

_GLOSSARY_LINK = re.compile(r"\[([^\]]+)\]\(glossary:[^)]+\)")


def _text(value: Any, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("vi") or "")
    return str(value or "")


def _markdown(value: Any, lang: str) -> str:
    """Lesson text as plain Markdown: glossary links become the word alone."""
    return _GLOSSARY_LINK.sub(r"\1", _text(value, lang)).strip()


def plain_lesson_page(lesson: dict[str, Any], lang: str) -> str:
    lines = [f"# {_text(lesson['title'], lang)}", "", _markdown(lesson["summary"], lang), ""]
    if lesson.get("needs"):
        lines += ["## " + ("Cần chuẩn bị" if lang == "vi" else "What you need"), ""]
        lines += [f"- {_markdown(need, lang)}" for need in lesson["needs"]] + [""]
    for index, step in enumerate(lesson["steps"], start=1):
        label = "Bước" if lang == "vi" else "Step"
        shot = step["screenshot"]
        lines += [f"## {label} {index}: {_text(step['title'], lang)}", "",
                  _markdown(step["text"], lang), "",
                  f"![{_text(shot['alt'], lang)}](step-{index}.png){{ width=\"360\" }}", ""]
        for kind in ("tip", "warning"):
            if step.get(kind):
                lines += [f"!!! {kind}", "", "    " + _markdown(step[kind], lang), ""]
    if lesson.get("sources"):
        lines += ["## " + ("Nguồn" if lang == "vi" else "Sources"), ""]
        for source in lesson["sources"]:
            lines.append(f"- <{source['url']}>" if isinstance(source, dict) and "url" in source
                         else f"- {source}")
    return "\n".join(lines) + "\n"


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _plain_config(repo: Path, topics: list[dict[str, Any]]) -> str:
    """The same theme and languages, without the lessons plugin; a sidebar of topics."""
    text = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    start, end = text.index("plugins:\n"), text.index("  - i18n:")
    text = text[:start] + "plugins:\n" + text[end:]
    text = text.replace("docs_dir: templates/site", "docs_dir: docs")
    text = text.replace("  custom_dir: templates/theme\n", "")
    nav = ["nav:", "  - index.md"] + [f"  - topics/{topic['id']}.md" for topic in topics]
    return text + "\n" + "\n".join(nav) + "\n"


def write_plain_site(root: Path, repo: Path, pool: Path, count: int,
                     templates: list[Template]) -> Path:
    """The same lessons as hand-written Markdown pages; returns its mkdocs.yml."""
    docs = root / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(repo / "templates" / "site" / "assets", docs / "assets")
    topics = yaml.safe_load((repo / "lessons" / "topics.yml").read_text("utf-8"))["topics"]
    by_topic: dict[str, list[dict[str, Any]]] = {topic["id"]: [] for topic in topics}
    for number in range(count):
        lesson = synthetic_lesson(number, templates)
        by_topic.setdefault(lesson["topic"], []).append(lesson)
        folder = docs / "lessons" / lesson["id"]
        folder.mkdir(parents=True)
        for lang, suffix in (("vi", ""), ("en", ".en")):
            (folder / f"index{suffix}.md").write_text(plain_lesson_page(lesson, lang), "utf-8")
        for index in range(1, STEPS_PER_LESSON + 1):
            _link_or_copy(pool / screenshot_path(number, index), folder / f"step-{index}.png")
    for lang, suffix in (("vi", ""), ("en", ".en")):
        (docs / f"index{suffix}.md").write_text(
            "# Học Số\n\n" + "\n".join(f"- [{_text(t['title'], lang)}](topics/{t['id']}.md)"
                                       for t in topics) + "\n", "utf-8")
        for topic in topics:
            items = [f"- [{_text(lesson['title'], lang)}](../lessons/{lesson['id']}/index.md)"
                     for lesson in by_topic[topic["id"]]]
            (docs / "topics").mkdir(exist_ok=True)
            (docs / "topics" / f"{topic['id']}{suffix}.md").write_text(
                f"# {_text(topic['title'], lang)}\n\n" + "\n".join(items) + "\n", "utf-8")
    config = root / "mkdocs.yml"
    config.write_text(_plain_config(repo, topics), encoding="utf-8")
    return config


def lesson_pages(site: Path) -> Iterator[Path]:
    """The built lesson pages of a site, in both languages."""
    yield from sorted(site.glob("lessons/*/index.html"))
    yield from sorted(site.glob("en/lessons/*/index.html"))
