"""Build into a staging folder beside the site; replace the site with it only after a build that
succeeded, so a failed build leaves the last good site exactly as it was.

The replaced site is renamed aside and deleted by a detached process, so the build does not wait
for tens of thousands of files to go; what an interrupted build or deletion left behind is
removed when the next build begins.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path


class Staging:
    """The staging folder of one build whose site goes to `final`."""

    def __init__(self, final: Path):
        self.final = final.resolve()
        self.folder = self.final.with_name(f".{self.final.name}.building-{os.getpid()}")

    def _leftovers(self) -> list[Path]:
        parent, name = self.final.parent, self.final.name
        return [*parent.glob(f".{name}.building-*"), *parent.glob(f".{name}.old-*")]

    def begin(self) -> Path:
        """An empty staging folder to build into; what earlier builds left behind goes."""
        for left in self._leftovers():
            _remove_in_background(left)
        shutil.rmtree(self.folder, ignore_errors=True)
        return self.folder

    def publish(self) -> None:
        """Put the staged site in place of the published one."""
        old = Path(tempfile.mkdtemp(prefix=f".{self.final.name}.old-", dir=self.final.parent))
        if self.final.exists():
            self.final.rename(old / self.final.name)
        self.folder.rename(self.final)
        _remove_in_background(old)

    def publish_over(self, removed: Iterable[str]) -> None:
        """Put the staged files in place of the published site's, keeping the published files the
        build did not write (a build that starts from the last one, under `mkdocs serve`), and
        delete `removed` (site-relative paths the data no longer makes)."""
        if not self.final.is_dir():
            self.publish()
            return
        for folder, _, names in os.walk(self.folder):
            target = self.final / Path(folder).relative_to(self.folder)
            target.mkdir(parents=True, exist_ok=True)
            for name in names:
                os.replace(Path(folder) / name, target / name)
        remove_from(self.final, removed)
        shutil.rmtree(self.folder, ignore_errors=True)

    def discard(self) -> None:
        """Drop the staged site of a build that failed."""
        shutil.rmtree(self.folder, ignore_errors=True)


def remove_from(site: Path, removed: Iterable[str]) -> None:
    """Delete these site-relative files, and the folders they leave empty (a page's own folder)."""
    for rel in removed:
        path = site / rel
        path.unlink(missing_ok=True)
        for parent in path.parents:
            if parent == site or not parent.is_relative_to(site):
                break
            try:
                parent.rmdir()
            except OSError:
                break


def _remove_in_background(folder: Path) -> None:
    """Delete a folder without making the build wait: a detached process does it; a folder it
    leaves behind (the machine stopped) is removed by the next build (`Staging.begin`)."""
    if not folder.exists():
        return
    subprocess.Popen(
        [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)", str(folder)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
