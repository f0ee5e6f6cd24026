"""Noticing a save in data/ under `mkdocs serve` from the operating system's file events, where
every change to data/ is known to come as one, instead of polling its thousands of files.

MkDocs polls what it watches: every 0.5 s it lists each file of each watched folder and compares
the lists. At thousands of files a poll takes a good part of that half second, and it holds
Python's lock while it does, so it slows the rebuild it triggered (docs/about/performance.md).
File events arrive at once and cost nothing between saves, but not on every setup: a folder
shared from another machine or system (a network mount, Windows' drive under WSL, a virtual
machine's or container's shared folder) changes without this kernel seeing it. So events are
used only where the folder is on a file system of this machine's own (Linux's kinds below);
anywhere else data/ is polled as MkDocs polls, unless the project says otherwise (mkdocs.yml's
`watch_data`).
"""

from __future__ import annotations

import itertools
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import watchdog.events
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

# Linux file systems on this machine's own disks or memory: a change to one, by any process,
# goes through this kernel, which reports it (inotify). A network, FUSE or shared folder (nfs,
# cifs, 9p and drvfs under WSL, virtiofs, vboxsf, fuse.*) can change behind its back.
LOCAL_KINDS = frozenset(
    {"ext2", "ext3", "ext4", "xfs", "btrfs", "zfs", "f2fs", "jfs", "reiserfs", "bcachefs", "nilfs2", "tmpfs", "overlay"}
)
# What a save is: a file or folder made, changed, removed or renamed, or a file's times or
# mode changed (`touch`: polling sees it too; watchdog reports it apart since version 7). Not
# a read: the build's own reads of data/ must not start another build.
_ATTRIB = getattr(watchdog.events, "FileAttribEvent", None)
CHANGES: tuple[type[FileSystemEvent], ...] = (
    FileCreatedEvent,
    FileModifiedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
) + ((_ATTRIB,) if _ATTRIB is not None else ())
MODES = ("auto", "events", "polling")


def file_system(path: Path, mountinfo: str, device: str | None = None) -> str | None:
    """The kind of file system holding `path` (absolute, resolved), from the text of Linux's
    /proc/self/mountinfo: that of the deepest mount point above it (the last one mounted there
    if several were), among those of its `device` ("major:minor") if any is: a mount made later
    over a parent folder hides a deeper one, which is longer but not where the path is."""
    found: list[tuple[bool, int, int, str]] = []
    target = path.as_posix()
    for order, line in enumerate(mountinfo.splitlines()):
        fields = line.split(" ")
        if len(fields) < 7 or "-" not in fields[6:]:
            continue
        point = _unescape(fields[4])
        if target == point or target.startswith(point.rstrip("/") + "/"):
            found.append((fields[2] == device, len(point), order, fields[fields.index("-", 6) + 1]))
    return max(found)[3] if found else None


def _unescape(field: str) -> str:
    """A mount point as mountinfo writes it: space, tab, newline and backslash as octal escapes."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def events_arrive(folder: Path) -> bool:
    """Whether every change to `folder` comes as a file event: on Linux, on a file system of the
    machine's own. Elsewhere (or when the mounts cannot be read) it is not known, so no."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mountinfo = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace")
        st = os.stat(folder)
    except OSError:
        return False
    device = f"{os.major(st.st_dev)}:{os.minor(st.st_dev)}"
    return file_system(folder.resolve(), mountinfo, device) in LOCAL_KINDS


def use_events(mode: str, folder: Path) -> bool:
    """Whether to watch `folder` by its file events (`mode` from mkdocs.yml's `watch_data`)."""
    return mode == "events" or (mode == "auto" and events_arrive(folder))


class _OnChange(FileSystemEventHandler):
    def __init__(self, root: str, changed: Callable[[], None], gone: Callable[[], None]):
        self.root, self.changed, self.gone = root, changed, gone

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.src_path == self.root and event.event_type in ("deleted", "moved"):
            self.gone()  # the system stops watching a folder that is gone
        self.changed()


class FileEvents:
    """Calls `changed` (on another thread) each time a file or folder under `folder` is made,
    changed, removed or renamed, and `gone` first if `folder` itself is removed. Raises OSError
    if the system cannot watch it (Linux's limit on inotify watches reached, say): the caller
    then polls."""

    def __init__(self, folder: Path, changed: Callable[[], None], gone: Callable[[], None]):
        root = str(folder.resolve())
        self.observer = Observer()
        self.observer.schedule(_OnChange(root, changed, gone), root, recursive=True, event_filter=list(CHANGES))
        self.observer.start()

    def stop(self) -> None:
        self.observer.stop()
        self.observer.join(timeout=5)


class Relay:
    """data/'s file events, relayed as a new file in a folder of its own (in place of the last
    one) for a poller to watch: MkDocs polls only what it watches, and a folder holding one file
    costs its poll nothing. Raises OSError as FileEvents does, leaving nothing behind; `say`
    tells the contributor when a change could not be relayed."""

    def __init__(self, folder: Path, say: Callable[[str], None]):
        self.folder = Path(tempfile.mkdtemp(prefix="evidence-explainers-saved-"))
        self.count, self.say, self.stopping = itertools.count(), say, threading.Event()
        try:
            self.events = FileEvents(folder, self.signal, self.gone)
        except OSError:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise

    def signal(self) -> None:
        """On the events' thread: a new file where the last one was (none once serve stops, so
        that removing the folder cannot race with it)."""
        if self.stopping.is_set():
            return
        n = next(self.count)
        try:
            (self.folder / str(n)).touch()
            (self.folder / str(n - 1)).unlink(missing_ok=True)
        except OSError as err:
            self.say(f"Could not tell MkDocs that data/ changed ({err}); save again to rebuild")

    def gone(self) -> None:
        self.say("data/ was removed: start `mkdocs serve` again once it is back, to see your saves")

    def stop(self) -> None:
        """Stop the events and remove the folder (serve stops)."""
        self.stopping.set()
        self.events.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
        if self.folder.exists():
            self.say(f"Could not remove {self.folder}; it can be deleted")
