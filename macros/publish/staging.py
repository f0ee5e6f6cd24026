"""Build into a staging folder beside the site; replace the site with it only after a build that
succeeded, so a failed build leaves the last good site exactly as it was, and no crash can lose it.

Every step is one rename, which the file system does whole or not at all, and each folder's name
says what it holds (`site` is the folder the site is published to):

    .site.building-<pid>   a build under way (or killed)
    .site.ready-<stamp>    a build that succeeded, about to be published: complete
    .site.old-<stamp>      the site it replaces, kept until the new one is in place: complete
    .site.trash-<stamp>    being deleted; never read again

Publishing is: building → ready; site → old; ready → site; old → trash, deleted in the
background. A crash between two steps leaves either a complete `site/`, or no `site/` and the
last good site as `.site.old-*`. The next run (`Staging.begin`) first puts that site back, then
deletes what earlier runs left, and only ever deletes a copy of a site while `site/` exists.
Runs beside the same site take turns, through a lock on the folder that holds it.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: runs beside one site do not overlap there
    fcntl = None  # type: ignore[assignment]


class Staging:
    """The staging folder of one build whose site goes to `final`."""

    def __init__(self, final: Path):
        self.final = final.resolve()
        self.folder = self._beside("building", str(os.getpid()))

    def _beside(self, kind: str, tag: str) -> Path:
        return self.final.with_name(f".{self.final.name}.{kind}-{tag}")

    def _all(self, kind: str) -> list[Path]:
        return sorted(self.final.parent.glob(f".{self.final.name}.{kind}-*"))

    @contextlib.contextmanager
    def _turn(self) -> Iterator[None]:
        """One run at a time changes the folders beside the site."""
        self.final.parent.mkdir(parents=True, exist_ok=True)
        if fcntl is None:
            yield
            return
        fd = os.open(self.final.parent, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # released when closed, or when the process ends
            yield
        finally:
            os.close(fd)

    def recover(self) -> None:
        """Put back the last good site if a run was stopped while publishing, then delete what
        killed or finished runs left behind. A copy of a site is deleted only while `site/` exists."""
        if not self.final.exists():
            olds = self._all("old")
            if olds:
                os.rename(olds[-1], self.final)  # the site the interrupted publication replaced
            else:
                readies = self._all("ready")
                if readies:
                    os.rename(readies[-1], self.final)  # a first site, stopped before it was in place
        if not self.final.exists():
            return  # no site yet: nothing beside it is a copy of one
        for left in [*self._all("old"), *self._all("ready"), *self._all("building")]:
            if left.name.startswith(f".{self.final.name}.building-") and _alive(left.name.rsplit("-", 1)[1]):
                continue  # another build under way
            _trash(left, self._beside("trash", _stamp()))
        for trash in self._all("trash"):
            _remove_in_background(trash)

    def begin(self) -> Path:
        """An empty staging folder to build into, after `recover`."""
        with self._turn():
            self.recover()
            if self.folder.exists():
                trash = self._beside("trash", _stamp())
                _trash(self.folder, trash)
                _remove_in_background(trash)
        return self.folder

    def publish(self) -> None:
        """Put the staged site in place of the published one: a rename at every step."""
        with self._turn():
            stamp = _stamp()
            ready, old = self._beside("ready", stamp), self._beside("old", stamp)
            os.rename(self.folder, ready)
            if self.final.exists():
                os.rename(self.final, old)
            os.rename(ready, self.final)
            if old.exists():
                trash = self._beside("trash", stamp)
                os.rename(old, trash)
                _remove_in_background(trash)

    def publish_over(self, removed: Iterable[str]) -> None:
        """Put the staged files in place of the published site's, keeping the published files the
        build did not write (a build that starts from the last one, under `mkdocs serve`), and
        delete `removed` (site-relative paths the data no longer makes)."""
        if not self.final.is_dir():
            self.publish()
            return
        with self._turn():
            for folder, _, names in os.walk(self.folder):
                target = self.final / Path(folder).relative_to(self.folder)
                target.mkdir(parents=True, exist_ok=True)
                for name in names:
                    os.replace(Path(folder) / name, target / name)
            remove_from(self.final, removed)
            trash = self._beside("trash", _stamp())
            _trash(self.folder, trash)
            _remove_in_background(trash)

    def discard(self) -> None:
        """Drop the staged site of a build that failed (never the site, nor a copy of it)."""
        with self._turn():
            if self.folder.exists():
                trash = self._beside("trash", _stamp())
                _trash(self.folder, trash)
                _remove_in_background(trash)


def _stamp() -> str:
    """Names that sort in the order they were made, and differ between processes."""
    return f"{time.time_ns():020d}-{os.getpid()}"


def _alive(pid: str) -> bool:
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _trash(folder: Path, trash: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.rename(folder, trash)


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
    leaves behind (the machine stopped) is removed by the next build (`Staging.recover`)."""
    if not folder.exists():
        return
    subprocess.Popen(
        [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)", str(folder)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
