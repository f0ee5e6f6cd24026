"""When each data file last changed, from git: the "last updated" date readers see.

One `git log` walk for all files, so the cost does not grow with one call per
explainer. Outside a git checkout (a tarball, a test's temporary copy) it
returns nothing and pages fall back to the `updated` field.
"""
from __future__ import annotations

import subprocess
from pathlib import Path


def last_changed(root: Path, folder: str = "data/explainers") -> dict[str, str]:
    """Map 'data/explainers/x.yaml' to the date (YYYY-MM-DD) of the last commit that changed it."""
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "--format=%x00%cs", "--name-only", "--", folder],
                             capture_output=True, text=True, timeout=60, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, str] = {}
    for block in out.split("\x00")[1:]:
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        date, files = lines[0], lines[1:]
        for name in files:
            dates.setdefault(name, date)
    return dates
