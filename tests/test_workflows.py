"""The GitHub Actions workflows: valid, and safe to run on a stranger's pull request."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_there_are_pull_request_and_deploy_workflows():
    assert {p.name for p in WORKFLOWS} >= {"pull-request.yml", "deploy.yml"}


def test_the_pull_request_workflow_annotates_problems_and_summarises_changes():
    text = (ROOT / ".github" / "workflows" / "pull-request.yml").read_text()
    assert "python -m macros check --format github" in text
    assert 'python -m macros changes --base "origin/$BASE_REF" >> "$GITHUB_STEP_SUMMARY"' in text
    assert "${{ github.base_ref }}" not in text.split("run:")[-1]  # never expanded inside a script


def test_only_the_deploy_job_may_write_and_only_to_pages():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text())
    assert workflow[True]["push"]["branches"] == ["main"] and "pull_request" not in workflow[True]
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    # The build only reads: the repository, and the Pages site's address (actions/configure-pages).
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}


def test_the_deploy_build_is_given_the_pages_address_and_must_have_it():
    """The address comes from actions/configure-pages' base_url into EE_SITE_URL, which mkdocs.yml
    reads as site_url; EE_DEPLOY makes a build without it fail (tests/test_publishing.py builds so)."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    pages = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/configure-pages@"))
    build = next(i for i, s in enumerate(steps) if "make build" in s.get("run", ""))
    assert pages < build, "the Pages address must be known before the build"
    assert steps[build]["env"]["EE_SITE_URL"] == "${{ steps." + steps[pages]["id"] + ".outputs.base_url }}"
    assert steps[build]["env"]["EE_DEPLOY"] == "true"
    assert steps[build]["env"]["EE_REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    config = (ROOT / "mkdocs.yml").read_text()
    assert "site_url: !ENV [EE_SITE_URL]" in config and "deploy: !ENV [EE_DEPLOY, false]" in config


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_the_github_actions_schema(path: Path):
    # check-jsonschema ships GitHub's workflow schema (SchemaStore), so this runs offline.
    result = subprocess.run(
        [Path(sys.executable).parent / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_full_commit_hashes(path: Path):
    uses = re.findall(r"^\s*-?\s*uses:\s*(\S+)", path.read_text(), re.M)
    assert uses, "a workflow with no actions is not what this test expects"
    for action in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), f"{action} is not pinned to a commit"


def test_the_pull_request_workflow_cannot_reach_secrets_or_write():
    path = ROOT / ".github" / "workflows" / "pull-request.yml"
    text = path.read_text()
    workflow = yaml.safe_load(text)
    triggers = workflow[True]  # PyYAML reads the key `on` as true
    assert list(triggers) == ["pull_request"]
    code = "\n".join(line.split("#", 1)[0] for line in text.splitlines())  # comments may name them
    assert "pull_request_target" not in code
    assert workflow["permissions"] == {"contents": "read"}
    assert "secrets." not in code
    for job in workflow["jobs"].values():
        assert "permissions" not in job  # nothing widens the read-only token
        assert job.get("timeout-minutes")
        checkout = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
        assert checkout and checkout[0]["with"]["persist-credentials"] is False
