"""What a change to data/ changes for readers: explainers, findings and sources added, removed, edited.

Compares two data folders file by file (the base can be any git revision, read
with `git archive`), so a pull request's summary names what its reviewers must
check. Works on the parsed YAML, not the validated corpus, so it also describes
a change that does not pass the check yet.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..load.yaml_loader import load_file

KEYED = {"publishers.yaml": "publisher", "affiliations.yaml": "affiliation", "topics.yaml": "topic"}


@dataclass
class Change:
    kind: str  # explainer, finding, source, publisher, affiliation, topic
    id: str
    action: str  # added, removed, edited
    details: list[str] = field(default_factory=list)  # which fields changed

    def line(self) -> str:
        fields = f" ({', '.join(self.details)})" if self.details else ""
        return f"- {self.action} {self.kind} `{self.id}`{fields}"


def _read(path: Path) -> dict[str, Any] | None:
    doc, _ = load_file(path, path.name) if path.is_file() else (None, [])
    return doc.data if doc else None


def _collection(data: Path, folder: str) -> dict[str, dict[str, Any] | None]:
    return {p.stem: _read(p) for p in sorted((data / folder).glob("*.yaml"))} if (data / folder).is_dir() else {}


def _fields_changed(old: dict[str, Any], new: dict[str, Any], skip: tuple[str, ...] = ()) -> list[str]:
    keys = sorted(set(old) | set(new))
    return [k for k in keys if k not in skip and old.get(k) != new.get(k)]


def _compare(
    kind: str, old: Mapping[str, Any], new: Mapping[str, Any], out: list[Change], skip: tuple[str, ...] = ()
) -> None:
    for item_id in sorted(set(old) | set(new)):
        before, after = old.get(item_id), new.get(item_id)
        if before is None and item_id not in old:
            out.append(Change(kind, item_id, "added"))
        elif item_id not in new:
            out.append(Change(kind, item_id, "removed"))
        elif before != after:
            if before is None or after is None:
                out.append(Change(kind, item_id, "edited", ["does not parse"]))
            else:
                out.append(Change(kind, item_id, "edited", _fields_changed(before, after, skip)))


def _findings(doc: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    items = doc.get("findings") if isinstance(doc, dict) else None
    return {f["id"]: f for f in items or [] if isinstance(f, dict) and isinstance(f.get("id"), str)}


def compare(old: Path, new: Path) -> list[Change]:
    """Every change between two data folders, explainers and their findings first."""
    out: list[Change] = []
    old_all, new_all = _collection(old, "explainers"), _collection(new, "explainers")
    # explainers/<id>.<language>.yaml is a translation (load/translations.py), not an explainer.
    old_explainers = {k: v for k, v in old_all.items() if "." not in k}
    new_explainers = {k: v for k, v in new_all.items() if "." not in k}
    _compare("explainer", old_explainers, new_explainers, out, skip=("findings",))
    for explainer_id in sorted(set(old_explainers) & set(new_explainers)):
        found: list[Change] = []
        _compare("finding", _findings(old_explainers[explainer_id]), _findings(new_explainers[explainer_id]), found)
        for change in found:
            change.id = f"{explainer_id}#{change.id}"
        out += found
    translations = [{k: v for k, v in found.items() if "." in k} for found in (old_all, new_all)]
    _compare("translation", translations[0], translations[1], out)
    _compare("source", _collection(old, "sources"), _collection(new, "sources"), out)
    for name, kind in KEYED.items():
        _compare(kind, _read(old / name) or {}, _read(new / name) or {}, out)
    return out


def summary(changes: list[Change]) -> str:
    """Markdown for a pull request's job summary."""
    if not changes:
        return "## What this change does to the data\n\nNothing under `data/` changed.\n"
    lines = ["## What this change does to the data", ""]
    counts: dict[tuple[str, str], int] = {}
    for change in changes:
        counts[(change.kind, change.action)] = counts.get((change.kind, change.action), 0) + 1
    lines.append(", ".join(f"{n} {kind}{'s' if n != 1 else ''} {action}" for (kind, action), n in counts.items()) + ".")
    lines.append("")
    lines += [change.line() for change in changes]
    return "\n".join(lines) + "\n"


def data_at(revision: str, repo: Path, into: Path) -> Path:
    """Extract data/ as it was at `revision` into `into`; returns the folder."""
    archive = subprocess.run(
        ["git", "-C", str(repo), "archive", "--format=tar", revision, "data"], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "data"


def compare_with_revision(revision: str, repo: Path, data: Path) -> list[Change]:
    with tempfile.TemporaryDirectory() as tmp:
        return compare(data_at(revision, repo, Path(tmp)), data)
