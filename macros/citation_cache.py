"""Formatted "Cite this" citations kept between builds.

citeproc-py takes a few milliseconds a citation: at a thousand explainers, formatting them again on
every build was the largest single job of a build in which nothing about them had changed. A
citation depends only on its CSL item, the style file, citeproc-py and our adjustments to it
(cite.py), so it is stored under a hash of all of these and reused while none of them changes.

The cache lives in the user's cache folder (`~/.cache/evidence-explainers/`, or `$XDG_CACHE_HOME`),
never in the repository, so a pull request cannot plant entries in it; set
EVIDENCE_EXPLAINERS_CACHE to another folder, or to `off`. What it returns is cleaned with the same
allowlist as a fresh citation (cite.py), so a damaged file can at worst change a citation's text,
and a build that cannot read or write it just formats the citations again.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cached_property
from importlib.metadata import version
from pathlib import Path

import nh3

CACHE_ENV = "EVIDENCE_EXPLAINERS_CACHE"
FILE = "citations.json"
FORMAT = 1  # bump when what is stored changes shape


def default_folder() -> Path | None:
    value = os.environ.get(CACHE_ENV, "")
    if value == "off":
        return None
    if value:
        return Path(value)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "evidence-explainers"


class CitationCache:
    """Item -> its citations in every style, as (style name, HTML), from and for earlier builds."""

    def __init__(self, folder: Path | None, styles: dict[str, tuple[str, str]], csl_dir: Path,
                 allowed_tags: set[str]):
        self.folder, self._styles, self._csl_dir, self._tags = folder, styles, csl_dir, allowed_tags

    @cached_property
    def _fingerprint(self) -> bytes:
        """Everything besides the item that decides a citation's text."""
        digest = hashlib.sha256(f"{FORMAT} citeproc-py {version('citeproc-py')} nh3 {version('nh3')}".encode())
        digest.update(Path(__file__).with_name("cite.py").read_bytes())
        for style_id, (name, file) in sorted(self._styles.items()):
            digest.update(f"{style_id}\0{name}\0".encode())
            digest.update((self._csl_dir / file).read_bytes())
        return digest.digest()

    def key(self, item: dict) -> str:
        return hashlib.sha256(self._fingerprint + json.dumps(item, sort_keys=True).encode()).hexdigest()

    @cached_property
    def _stored(self) -> dict:
        if self.folder is None:
            return {}
        try:
            stored = json.loads((self.folder / FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return stored if isinstance(stored, dict) else {}

    def get(self, item: dict) -> list[tuple[str, str]] | None:
        """The item's citations from an earlier build, or None."""
        entry = self._stored.get(self.key(item))
        names = [name for name, _ in self._styles.values()]
        if not (isinstance(entry, list) and len(entry) == len(names) and all(isinstance(h, str) for h in entry)):
            return None
        return [(name, nh3.clean(html, tags=self._tags, attributes={})) for name, html in zip(names, entry)]

    def save(self, citations: dict[str, list[tuple[str, str]]], items: dict[str, dict]) -> None:
        """Keep this build's citations (and only these, so the file does not grow without end)."""
        if self.folder is None:
            return
        entries = {self.key(items[k]): [html for _, html in citations[k]] for k in items}
        if entries == self._stored:
            return
        # A cache that cannot be written only means formatting again next time.
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".citations-", suffix=".json")
        except OSError:
            return
        try:
            with open(fd, "w", encoding="utf-8") as out:
                json.dump(entries, out, ensure_ascii=False, separators=(",", ":"))
            os.replace(temporary, self.folder / FILE)  # whole, or not at all
        except OSError:
            Path(temporary).unlink(missing_ok=True)
