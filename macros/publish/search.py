"""The search index's files (formats/search_index.py), written into the folder being built."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def write_index(folder: Path, files: Mapping[str, str], last: Mapping[str, str] | None = None) -> list[str]:
    """Write the index's files into `folder`: every one, or (`last`: the files the published site
    has) only those that differ. Returns the paths of the last index's files this one has not."""
    for path, content in files.items():
        if last is None or last.get(path) != content:
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
    return [path for path in (last or {}) if path not in files]
