"""The pull-request workflow, template and pre-commit hooks say what they promise."""

from __future__ import annotations

from pathlib import Path

import yaml


def test_workflow_checks_builds_uploads_and_deploys(repo: Path) -> None:
    workflow = yaml.safe_load((repo / ".github" / "workflows" / "site.yml").read_text(
        encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    commands = " ".join(step.get("run", "") for step in steps)
    assert "hocso check --strict --format github" in commands
    assert "mkdocs build --strict" in commands
    uses = [step.get("uses", "") for step in steps]
    assert any(u.startswith("actions/upload-artifact") for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache"))
    assert cache["with"]["path"] == ".cache/hocso" and cache["with"]["restore-keys"]
    deploy = workflow["jobs"]["deploy"]
    assert "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}


def test_pull_request_template_has_the_reviewer_checklist(repo: Path) -> None:
    text = (repo / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    for needle in ("sources", "redact", "Vietnamese and English", "- [ ]"):
        assert needle in text


def test_pre_commit_runs_the_checks(repo: Path) -> None:
    config = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = [hook["entry"] for repo_ in config["repos"] for hook in repo_["hooks"]]
    assert "hocso check --strict" in entries and "hocso schema --check" in entries
