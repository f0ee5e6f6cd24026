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


def test_there_is_a_pull_request_workflow():
    assert ROOT / ".github" / "workflows" / "pull-request.yml" in WORKFLOWS


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_the_github_actions_schema(path: Path):
    # check-jsonschema ships GitHub's workflow schema (SchemaStore), so this runs offline.
    result = subprocess.run([Path(sys.executable).parent / "check-jsonschema", "--builtin-schema",
                             "vendor.github-workflows", str(path)], capture_output=True, text=True)
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
