"""When each data file last changed, from git: the "last updated" date readers see.

One `git log` walk for all files, so the cost does not grow with one call per
explainer. Outside a git checkout (a tarball, a test's temporary copy) it
returns nothing and pages fall back to the `updated` field.

A source's file changes for many reasons readers never see (a note's wording, a
comment); `source_changes` finds, for each source, the last commit that changed
what readers see of it (domain/publication.py's VISIBLE_FIELDS), by comparing
each commit's version of the file with its parent's, newest first, read
through one `git cat-file` process.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..domain.publication import VISIBLE_FIELDS, SourceChange
from .yaml_loader import MAX_FILE_BYTES, load_text

if TYPE_CHECKING:
    from ..domain.publication import DataVersion

_NO_BLOB = "0" * 40


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


def source_changes(root: Path, folder: str = "data/sources") -> dict[str, SourceChange]:
    """Map 'data/sources/x.yaml' to the last commit's date that changed what readers see of it,
    and which of it changed. A source added in a commit has no change before it: citing it
    changes the explainer's own file."""
    try:
        log = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%x00%cs", "--raw", "--no-abbrev", "--no-renames", "--", folder],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
        reader = subprocess.Popen(
            ["git", "-C", str(root), "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    found: dict[str, SourceChange] = {}
    settled: set[str] = set()  # files whose last visible change (or first version) has been reached
    # Each file's older version as last read: the next older commit's newer version is the same blob.
    older: dict[str, tuple[str, Any]] = {}

    def blob(name: str, sha: str) -> Any:
        assert reader.stdin is not None and reader.stdout is not None
        kept = older.get(name)
        return kept[1] if kept and kept[0] == sha else _blob(reader.stdin, reader.stdout, sha)

    try:
        assert reader.stdin is not None and reader.stdout is not None
        for date, old, new, name in _raw_changes(log):
            if name in settled:
                continue
            if old == _NO_BLOB or new == _NO_BLOB:  # added (nothing earlier to compare) or deleted
                settled.add(name)
                continue
            after = blob(name, new)
            before = _blob(reader.stdin, reader.stdout, old)
            older[name] = (old, before)
            changed = _visible_difference(before, after)
            if changed:
                found[name] = SourceChange(date, changed)
                settled.add(name)
                del older[name]
    except (OSError, ValueError):
        return {}
    finally:
        if reader.stdin:
            reader.stdin.close()
        reader.wait(timeout=60)
    return found


def _raw_changes(log: str) -> Iterator[tuple[str, str, str, str]]:
    """(date, old blob, new blob, path) of each file change in `git log --raw`, newest first."""
    for block in log.split("\x00")[1:]:
        lines = block.splitlines()
        date = lines[0].strip() if lines else ""
        for line in lines[1:]:
            if not line.startswith(":"):
                continue
            meta, _, name = line.partition("\t")
            parts = meta.split()
            if len(parts) >= 4:
                yield date, parts[2], parts[3], name


def _blob(stdin: IO[bytes], stdout: IO[bytes], sha: str) -> Any:
    """A blob's data, read through `git cat-file --batch` with the same strict reader as data/ (an
    old version is as untrusted as a new one); None where it is not readable."""
    stdin.write(sha.encode() + b"\n")
    stdin.flush()
    header = stdout.readline().split()
    if len(header) != 3:  # "<sha> missing"
        return None
    size = int(header[2])
    content = stdout.read(size + 1)[:size]  # the content, then a newline
    if size > MAX_FILE_BYTES:
        return None
    try:
        doc, _ = load_text(content.decode("utf-8"), "history")
    except UnicodeDecodeError:
        return None
    return doc.data if doc is not None else None


def _visible_difference(old: Any, new: Any) -> tuple[str, ...]:
    """Which of what readers see differs between two versions of a source's file."""
    old = old if isinstance(old, dict) else {}
    new = new if isinstance(new, dict) else {}
    return tuple(name for name, keys in VISIBLE_FIELDS.items() if any(old.get(key) != new.get(key) for key in keys))
