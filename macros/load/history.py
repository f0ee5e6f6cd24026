"""When each data file last changed, from git: the "last updated" date readers see.

One `git log` walk for all files, so the cost does not grow with one call per
explainer. Outside a git checkout (a tarball, a test's temporary copy) it
returns nothing and pages fall back to the `updated` field.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..domain.publication import DataVersion


def last_changed(root: Path, folder: str = "data/explainers") -> dict[str, str]:
    """Map 'data/explainers/x.yaml' to the date (YYYY-MM-DD) of the last commit that changed it."""
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%x00%cs", "--name-only", "--", folder],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
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


def data_version(root: Path, folder: str = "data") -> DataVersion:
    """The commit that last changed `folder`, and whether it has uncommitted changes since.

    A build from uncommitted data has no commit that holds exactly what it shows, so its
    version is not recorded rather than pinned to a commit that says something else.
    """
    from ..domain.publication import DataVersion

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, timeout=60, check=True
        ).stdout.strip()

    try:
        commit = git("log", "-1", "--format=%H", "--", folder)
        dirty = bool(git("status", "--porcelain", "--untracked-files=all", "--", folder))
    except (OSError, subprocess.SubprocessError):
        return DataVersion()
    if not commit:
        return DataVersion(reason=f"git has no commit of {folder}/")
    if dirty:
        return DataVersion(
            commit, dirty=True, reason=f"{folder}/ had changes that were not committed when the site was built"
        )
    return DataVersion(commit)
