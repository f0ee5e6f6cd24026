"""Read data/ once into a validated Corpus, or fail with every problem at once.

This is the only module that reads data files. The layout it expects:

    data/explainers/<explainer-id>.yaml   one explainer per file
    data/sources/<source-id>.yaml         one source per file
    data/publishers.yaml                  publishers and institutions, keyed by id
    data/affiliations.yaml                the affiliation taxonomy, keyed by id
    data/topics.yaml                      topics, keyed by id
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..domain.evidence import integrity_problems
from ..domain.model import (
    Affiliation,
    Confidence,
    Copy,
    Corpus,
    Correction,
    Explainer,
    Finding,
    Identification,
    Publisher,
    Relay,
    Source,
    Text,
    Topic,
)
from ..domain.problems import DataError, Mark, Problem
from ..domain.works import duplicate_problems
from . import schema
from .validate import CheckMemo, cross_check
from .yaml_loader import Document, load_file

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COLLECTIONS = {"explainers": "explainer", "sources": "source"}
SINGLE_FILES = {"publishers.yaml": "publishers", "affiliations.yaml": "affiliations", "topics.yaml": "topics"}
IGNORED = {"README.md"}


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while loading.

    Loading creates a few hundred thousand objects that all stay alive; the collector would
    rescan them again and again (40% of the check's time at 10,000 sources) and find nothing.
    Afterwards they are moved out of its sight (gc.freeze) for the rest of the build; the next
    load (a rebuild under `mkdocs serve`) hands the previous corpus back to it (gc.unfreeze).
    """
    was_enabled = gc.isenabled()
    gc.unfreeze()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def load_corpus(data_dir: Path | str) -> Corpus:
    """Load, check and cross-reference data/; raise DataError listing every problem."""
    return Loader(data_dir).load()


class Loader:
    """Loads one data/ folder, again and again if asked (`mkdocs serve` after each save).

    Each load walks the folder and gives the same Corpus, or the same problems, as a first load
    would; what it keeps from the last load is only what cannot differ: a file whose size and
    times did not change is not read or checked against its schema again, a file's
    cross-reference problems are not looked for again while it and the ids it was checked against
    are the same (validate.CheckMemo), and an unchanged file's typed object is the last one, so a
    later step can tell what changed by identity (publish/changes.py).
    """

    def __init__(self, data_dir: Path | str):
        self.data_dir = Path(data_dir)
        self._read: dict[Path, tuple[tuple[int, ...], Document | None, list[Problem]]] = {}
        self._typed: dict[tuple[str, str], tuple[Document, Any]] = {}
        self.memo = CheckMemo()

    def load(self) -> Corpus:
        """Load, check and cross-reference data/; raise DataError listing every problem."""
        with _collector_paused():
            return _load_corpus(self.data_dir, self)

    def read(self, path: Path, shown: str, kind: str) -> tuple[Document | None, list[Problem]]:
        """A file parsed and checked against its schema, or the last result if the file is unchanged."""
        try:
            st = path.stat()
            stamp: tuple[int, ...] = (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
        except OSError:
            stamp = ()
        kept = self._read.get(path)
        if stamp and kept is not None and kept[0] == stamp:
            return kept[1], kept[2]
        doc, found = load_file(path, shown)
        if doc:
            found = found + schema.check(doc, kind)
        self._read[path] = (stamp, doc, found)
        return doc, found

    def typed(self, kind: str, key: str, doc: Document, make: Any) -> Any:
        """`make(key, doc)`, or the object made from this very document last time."""
        kept = self._typed.get((kind, key))
        if kept is not None and kept[0] is doc:
            return kept[1]
        made = make(key, doc)
        self._typed[(kind, key)] = (doc, made)
        return made


def _load_corpus(data_dir: Path, loader: Loader) -> Corpus:
    problems: list[Problem] = []
    docs: dict[str, dict[str, Document]] = {"explainer": {}, "source": {}}
    unreadable: dict[str, set[str]] = {"explainer": set(), "source": set()}
    singles: dict[str, Document | None] = {}
    prefix = data_dir.name

    if not data_dir.is_dir():
        raise DataError(
            [
                Problem(
                    Mark(prefix, 1, 1),
                    "the data folder does not exist",
                    "run from the project's top folder, or pass --data",
                )
            ]
        )

    for path in sorted(data_dir.rglob("*"), key=lambda p: p.parts):  # Path's own order, faster
        rel = path.relative_to(data_dir)
        shown = f"{prefix}/{rel.as_posix()}"
        if path.is_symlink():
            problems.append(
                Problem(
                    Mark(shown, 1, 1),
                    "a symbolic link in the data folder",
                    "replace it with the file itself; data/ never reads outside itself",
                )
            )
            continue
        if any(part.startswith(".") for part in rel.parts) or path.is_dir() or rel.as_posix() in IGNORED:
            continue
        if len(rel.parts) == 1 and rel.name in SINGLE_FILES:
            continue
        if len(rel.parts) == 2 and rel.parts[0] in COLLECTIONS and path.suffix == ".yaml":
            continue
        fix = (
            "rename it to end in .yaml"
            if path.suffix == ".yml"
            else "data/ holds explainers/<id>.yaml, sources/<id>.yaml, publishers.yaml, affiliations.yaml "
            "and topics.yaml"
        )
        problems.append(Problem(Mark(shown, 1, 1), "unexpected file in the data folder", fix))

    for name, kind in SINGLE_FILES.items():
        path = data_dir / name
        shown = f"{prefix}/{name}"
        if path.is_symlink():
            singles[kind] = None
            continue  # reported above
        if not path.is_file():
            problems.append(Problem(Mark(shown, 1, 1), f"{name} is missing", f"create {shown}"))
            singles[kind] = None
            continue
        doc, found = loader.read(path, shown, kind)
        problems += found
        singles[kind] = doc

    for folder, kind in COLLECTIONS.items():
        seen: dict[str, str] = {}
        for path in sorted((data_dir / folder).glob("*.yaml"), key=lambda p: p.parts):
            shown = f"{prefix}/{folder}/{path.name}"
            if path.is_symlink():
                continue  # reported above
            item_id = path.stem
            if not ID_RE.match(item_id):
                problems.append(
                    Problem(
                        Mark(shown, 1, 1),
                        f"the file name {path.name!r} is not a valid id",
                        "name the file with lowercase letters, digits and single hyphens, "
                        "e.g. kyiv-independent-pow-treatment.yaml",
                    )
                )
                continue
            if item_id.casefold() in seen:
                problems.append(
                    Problem(
                        Mark(shown, 1, 1),
                        f"duplicate {kind} id {item_id!r} (also {seen[item_id.casefold()]})",
                        "rename one of the files",
                    )
                )
                continue
            seen[item_id.casefold()] = shown
            doc, found = loader.read(path, shown, kind)
            problems += found
            if doc:
                docs[kind][item_id] = doc
            else:
                unreadable[kind].add(item_id)

    problems += cross_check(docs, singles, unreadable, loader.memo)
    if problems:
        raise DataError(problems)

    def keyed(kind: str, cls: Any) -> dict[str, Any]:
        doc = singles[kind]
        return {} if doc is None else loader.typed("file", kind, doc, lambda _, d: _keyed(d, cls))

    corpus = Corpus(
        explainers={i: loader.typed("explainer", i, d, _explainer) for i, d in docs["explainer"].items()},
        sources={i: loader.typed("source", i, d, _source) for i, d in docs["source"].items()},
        publishers=keyed("publishers", Publisher),
        affiliations=keyed("affiliations", Affiliation),
        topics=keyed("topics", Topic),
    )
    # Rules about the evidence itself need the whole, cross-referenced corpus; so does finding
    # the same work cited under two ids.
    problems = integrity_problems(corpus) + duplicate_problems(corpus)
    if problems:
        raise DataError(problems)
    return corpus


def _keyed(doc: Document | None, cls: Any) -> dict[str, Any]:
    if doc is None:
        return {}
    return {key: cls(id=key, **value) for key, value in doc.data.items()}


def _text(doc: Document, path: tuple[str | int, ...]) -> Text:
    value: Any = doc.data
    for part in path:
        value = value[part]
    return Text(value, path, doc)


def _source(item_id: str, doc: Document) -> Source:
    data = dict(doc.data)
    for key in ("quote", "notes"):
        if key in data:
            data[key] = _text(doc, (key,))
    if "copy" in data:
        data["copy"] = Copy(**data["copy"])
    if "identification" in data:
        data["identification"] = Identification(**data["identification"])
    data["relays"] = tuple(Relay(**relay) for relay in data.get("relays", ()))
    data["authors"] = tuple(data.get("authors", ()))
    return Source(id=item_id, doc=doc, **data)


def _confidence(doc: Document, i: int, raw: dict[str, Any]) -> Confidence | None:
    conf = raw.get("confidence")
    if not conf:
        return None
    justification = _text(doc, ("findings", i, "confidence", "justification")) if "justification" in conf else None
    return Confidence(conf["evidence"], conf["agreement"], conf["level"], justification)


def _explainer(item_id: str, doc: Document) -> Explainer:
    data = dict(doc.data)
    findings = []
    for n, raw in enumerate(data.pop("findings"), start=1):
        i = n - 1
        notes = tuple(_text(doc, ("findings", i, "editor_notes", k)) for k in range(len(raw.get("editor_notes", []))))
        findings.append(
            Finding(
                id=raw["id"],
                number=n,
                heading=raw["heading"],
                text=_text(doc, ("findings", i, "text")),
                kind=raw.get("kind", "finding"),
                editor_notes=notes,
                stances=dict(raw.get("stances", {})),
                confidence=_confidence(doc, i, raw),
            )
        )
    data["summary"] = _text(doc, ("summary",))
    data["corrections"] = tuple(
        Correction(
            c["date"], _text(doc, ("corrections", k, "what")), _text(doc, ("corrections", k, "why")), c.get("finding")
        )
        for k, c in enumerate(data.get("corrections", []))
    )
    for key in ("authors", "reviewers", "topics", "related"):
        if key in data:
            data[key] = tuple(data[key])
    return Explainer(id=item_id, doc=doc, findings=tuple(findings), **data)
