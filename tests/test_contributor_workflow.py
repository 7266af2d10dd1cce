"""The pull-request workflow, template and pre-commit hooks say what they promise."""

from __future__ import annotations

import re
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


def test_workflow_is_pinned_and_least_privileged(repo: Path) -> None:
    text = (repo / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    # Nothing by default; the build job reads; only the deploy job (main only) may publish.
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read"}
    for line in text.splitlines():
        if "uses:" in line:
            # A full commit hash, and the release it is, for the reader.
            assert re.search(r"uses: [\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), line
    checkout = next(step for step in workflow["jobs"]["build"]["steps"]
                    if step.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["persist-credentials"] is False


def test_workflow_is_linted_in_ci_and_before_each_commit(repo: Path) -> None:
    makefile = (repo / "Makefile").read_text(encoding="utf-8")
    test_target = makefile[makefile.index("\ntest:"):]
    assert "actionlint" in test_target and "zizmor --offline" in test_target
    config = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = [hook["entry"] for repo_ in config["repos"] for hook in repo_["hooks"]]
    assert "actionlint" in entries
    assert any(entry.startswith("zizmor --offline") for entry in entries)


def test_pull_request_template_has_the_reviewer_checklist(repo: Path) -> None:
    text = (repo / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    for needle in ("sources", "redact", "Vietnamese and English", "- [ ]"):
        assert needle in text


def test_pre_commit_runs_the_checks(repo: Path) -> None:
    config = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = [hook["entry"] for repo_ in config["repos"] for hook in repo_["hooks"]]
    assert "hocso check --strict" in entries and "hocso schema --check" in entries
