"""The MkDocs plugin's own settings and hooks."""

from __future__ import annotations

from pathlib import Path

import pytest

from sites import Project


def test_serve_watches_lessons_screenshots_and_templates(project: Project) -> None:
    from mkdocs.config import load_config

    config = load_config(str(project.root / "mkdocs.yml"))
    plugin = config.plugins["lessons"]
    plugin.on_config(config)

    class Server:
        def __init__(self) -> None:
            self.watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    server = Server()
    plugin.on_serve(server, config=config, builder=None)
    watched = {Path(p).resolve() for p in server.watched}
    for folder in ("lessons", "screenshots", "templates"):
        assert (project.root / folder).resolve() in watched


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("languages: [vi, en]", "languages: [vi, fr]"), "must match the i18n plugin"),
        (("required_languages: [vi]", "required_languages: [de]"), "not in languages"),
    ],
)
def test_language_settings_must_agree_with_i18n(project: Project, change: tuple[str, str],
                                                message: str) -> None:
    config_file = project.root / "mkdocs.yml"
    config_file.write_text(config_file.read_text(encoding="utf-8").replace(*change),
                           encoding="utf-8")
    project.write_lesson("any-lesson")
    result = project.build()
    assert result.returncode != 0
    assert message in result.stderr and "Traceback" not in result.stderr


def test_pages_in_docs_dir_may_not_clash_with_generated_ones(project: Project) -> None:
    project.write_lesson("clash")
    (project.root / "templates" / "site" / "index.md").write_text("# Hand-made\n",
                                                                 encoding="utf-8")
    result = project.build()
    assert result.returncode != 0 and "must not also exist" in result.stderr
