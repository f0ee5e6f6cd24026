"""Read data/ once into a validated Corpus, or fail with every problem at once.

This is the only module that reads data files. The layout it expects:

    data/explainers/<explainer-id>.yaml   one explainer per file
    data/explainers/<explainer-id>.<language>.yaml
                                          a translation of it (translations.py)
    data/sources/<source-id>.yaml         one source per file
    data/publishers.yaml                  publishers and institutions, keyed by id
    data/affiliations.yaml                the affiliation taxonomy, keyed by id
    data/topics.yaml                      topics, keyed by id
"""

from __future__ import annotations

import difflib
import gc
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.evidence import IntegrityMemo, RelayGraph, integrity_problems
from ..domain.ids import ID_RE, why_not_id
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
from ..domain.translation import Translation
from ..domain.works import WorkIndex, WorkKey, source_keys
from . import schema, translations
from .validate import CheckMemo, cross_check
from .validate import _Ids as Ids
from .yaml_loader import Document, load_file

__all__ = ["ID_RE", "load_corpus"]
COLLECTIONS = {"explainers": "explainer", "sources": "source"}
SINGLE_FILES = {"publishers.yaml": "publishers", "affiliations.yaml": "affiliations", "topics.yaml": "topics"}
IGNORED = {"README.md"}


@contextmanager
def _collector_paused(freeze: bool) -> Iterator[None]:
    """Pause Python's cyclic garbage collector while loading.

    Loading all of data/ creates a few hundred thousand objects that all stay alive; the collector
    would rescan them again and again (40% of the check's time at 10,000 sources) and find
    nothing. With `freeze` (a whole build), what an earlier load froze is handed back to it, and
    afterwards all is moved out of its sight (gc.freeze) for the rest of the build. A rebuild
    under `mkdocs serve` creates few objects and freezes none, so the collector still finds the
    garbage each rebuild leaves (cycles in MkDocs' and Jinja's objects) instead of keeping it for
    the rest of the serve (the adapter collects before a whole build under serve).
    """
    was_enabled = gc.isenabled()
    if freeze:
        gc.unfreeze()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
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
    are the same (validate.CheckMemo), the rules about an explainer's evidence are not run again
    while it and what they read are the same objects (evidence.IntegrityMemo), the search for
    the same work cited twice looks again only at changed sources and those sharing a key with
    another (works.WorkIndex), and an unchanged file's typed object is the last one, so a later
    step can tell what changed by identity.
    """

    def __init__(self, data_dir: Path | str):
        self.data_dir = Path(data_dir)
        self._read: dict[str, tuple[tuple[int, ...], Document | None, list[Problem]]] = {}  # by path
        self._typed: dict[tuple[str, str], tuple[Document, Any]] = {}
        self.memo = CheckMemo()
        self._work_keys: dict[str, tuple[Source, list[WorkKey]]] = {}
        self.traced: tuple[Corpus, RelayGraph] | None = None  # the last corpus loaded, and its relays
        self.integrity = IntegrityMemo()
        self.works = WorkIndex()

    def relays(self, corpus: Corpus) -> RelayGraph | None:
        """The relays the rules traced in `corpus`, if it is the last one this loader loaded."""
        return self.traced[1] if self.traced is not None and self.traced[0] is corpus else None

    def load(self, freeze: bool = True) -> Corpus:
        """Load, check and cross-reference data/; raise DataError listing every problem. `freeze`:
        for a whole build, which keeps the loaded objects to its end (_collector_paused)."""
        with _collector_paused(freeze):
            return _load_corpus(self.data_dir, self)

    def read(
        self, path: Path | str, shown: str, kind: str, st: os.stat_result | None = None
    ) -> tuple[Document | None, list[Problem]]:
        """A file parsed and checked against its schema, or the last result if the file is unchanged
        (`st`: its status as the walk of data/ found it, a regular file's)."""
        try:
            st = st or os.stat(path)
            stamp: tuple[int, ...] = (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
        except OSError:
            stamp = ()
        kept = self._read.get(str(path))
        if stamp and kept is not None and kept[0] == stamp:
            return kept[1], kept[2]
        doc, found = load_file(Path(path), shown)
        if doc:
            found = found + schema.check(doc, kind)
        self._read[str(path)] = (stamp, doc, found)
        return doc, found

    def work_keys(self, source: Source) -> list[WorkKey]:
        """works.source_keys of a source, or of this very source object last time."""
        kept = self._work_keys.get(source.id)
        if kept is not None and kept[0] is source:
            return kept[1]
        keys = source_keys(source)
        self._work_keys[source.id] = (source, keys)
        return keys

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
    misshapen: set[str] = set()  # files that parsed but break their schema: not typed
    translated: dict[tuple[str, str], Document] = {}  # (explainer id, language) -> its translation's file
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

    odd_paths: set[tuple[str, ...]] = set()  # not regular files, or unreadable: reported here, never read
    walked = _walk(data_dir)
    for entry in walked:
        rel = "/".join(entry.parts)
        if any(part.startswith(".") for part in entry.parts) or rel in IGNORED:
            continue
        if odd_paths and any(entry.parts[:k] in odd_paths for k in range(1, len(entry.parts))):
            continue  # inside a folder reported already
        shown = _shown(prefix, rel)
        problem = _not_a_data_file(entry, shown)
        if problem is not None:
            odd_paths.add(entry.parts)
            problems.append(problem)
            continue
        name = entry.parts[-1]
        if entry.is_dir or (len(entry.parts) == 1 and name in SINGLE_FILES):
            continue
        if len(entry.parts) == 2 and entry.parts[0] in COLLECTIONS and name.endswith(".yaml"):
            continue
        suffix = Path(name).suffix
        fix = (
            "rename it to end in .yaml"
            if suffix.lower() in (".yml", ".yaml") and suffix != ".yaml"
            else "data/ holds explainers/<id>.yaml, sources/<id>.yaml, publishers.yaml, affiliations.yaml "
            "and topics.yaml"
        )
        problems.append(Problem(Mark(shown, 1, 1), "unexpected file in the data folder", fix))
    found_at = {entry.parts: entry for entry in walked}

    for name, kind in SINGLE_FILES.items():
        path = data_dir / name
        shown = f"{prefix}/{name}"
        if (name,) in odd_paths:
            singles[kind] = None
            continue  # reported above
        if not path.exists():
            problems.append(Problem(Mark(shown, 1, 1), f"{name} is missing", f"create {shown}"))
            singles[kind] = None
            continue
        doc, found = loader.read(path, shown, kind, _stat_of(found_at.get((name,))))
        problems += found
        if doc and found:  # parsed, but breaks its schema: read leniently for the evidence rules
            misshapen.add(shown)
        singles[kind] = doc

    for folder, kind in COLLECTIONS.items():
        seen: dict[str, str] = {}
        # The walk's files of the folder whose names end in .yaml (as Path.glob("*.yaml") finds them),
        # in the same order.
        in_folder = [e for e in walked if len(e.parts) == 2 and e.parts[0] == folder and e.parts[1].endswith(".yaml")]
        for entry in in_folder:
            file_name = entry.parts[1]
            shown = _shown(prefix, f"{folder}/{file_name}")
            if entry.parts in odd_paths:
                continue  # reported above
            item_id = Path(file_name).stem if file_name.startswith(".") else file_name.removesuffix(".yaml")
            if kind == "explainer" and translations.split_name(item_id):
                problems += _read_translation(Path(entry.path), shown, translated)
                continue
            why = why_not_id(item_id)
            if why is not None:
                problems.append(
                    Problem(
                        Mark(shown, 1, 1),
                        f"the file name {file_name!r} is not a valid id: {why}",
                        "rename the file: lowercase letters, digits and single hyphens, "
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
            doc, found = loader.read(entry.path, shown, kind, entry.stat)
            problems += found
            if doc:
                if found:  # parsed, but breaks its schema: read leniently for the evidence rules
                    misshapen.add(shown)
                docs[kind][item_id] = doc
            else:
                unreadable[kind].add(item_id)

    problems += cross_check(docs, singles, unreadable, loader.memo)
    ids = Ids(docs, singles, unreadable)
    for (explainer_id, language), doc in translated.items():
        if explainer_id in docs["explainer"] or explainer_id in unreadable["explainer"]:
            original = docs["explainer"].get(explainer_id)
            problems += translations.check_translation(doc, explainer_id, language, original, ids)
        else:
            problems.append(_no_original(doc, explainer_id, docs["explainer"]))

    if not problems:

        def keyed(kind: str, cls: Any) -> dict[str, Any]:
            doc = singles[kind]
            return {} if doc is None else loader.typed("file", kind, doc, lambda _, d: _keyed(d, cls))

        by_explainer: dict[str, dict[str, Translation]] = {}
        for (explainer_id, language), doc in translated.items():
            built = translations.build(doc, explainer_id, language, docs["explainer"][explainer_id])
            by_explainer.setdefault(explainer_id, {})[language] = built
        corpus = Corpus(
            explainers={i: loader.typed("explainer", i, d, _explainer) for i, d in docs["explainer"].items()},
            sources={i: loader.typed("source", i, d, _source) for i, d in docs["source"].items()},
            publishers=keyed("publishers", Publisher),
            affiliations=keyed("affiliations", Affiliation),
            topics=keyed("topics", Topic),
            translations={e: dict(sorted(by_explainer[e].items())) for e in sorted(by_explainer)},
        )
        # Rules about the evidence itself need the whole, cross-referenced corpus; so does finding
        # the same work cited under two ids.
        relays = loader.integrity.relays(corpus.sources)
        problems = integrity_problems(corpus, relays, loader.integrity.problems)
        problems += loader.works.problems(corpus, loader.work_keys)
        if problems:
            raise DataError(problems)
        loader.traced = (corpus, relays)
        return corpus
    # The rules about the evidence run now too, on every file that parsed, so a contributor sees
    # their problems with the rest, not on the run after. A file that breaks its schema is read
    # for what the rules need, where that has the right shape (`_for_rules`); a rule that needs
    # what could not be read is skipped until it can be.
    readable = Corpus(
        explainers=_for_rules(docs["explainer"], misshapen, _explainer, _explainer_for_rules),
        sources=_for_rules(docs["source"], misshapen, _source, _source_for_rules),
        publishers=_keyed_for_rules(singles["publishers"], Publisher),
        affiliations=_keyed_for_rules(singles["affiliations"], Affiliation),
        topics={},
    )
    raise DataError(problems + integrity_problems(readable))


def _for_rules(docs: dict[str, Document], misshapen: set[str], typed: Any, lenient: Any) -> dict[str, Any]:
    out = {}
    for item_id, doc in docs.items():
        item = lenient(item_id, doc) if doc.file in misshapen else typed(item_id, doc)
        if item is not None:
            out[item_id] = item
    return out


def _keyed_for_rules(doc: Document | None, cls: Any) -> dict[str, Any]:
    out = {}
    for key, value in (doc.data if doc else {}).items():
        try:
            out[key] = cls(id=key, **value)
        except TypeError:  # not a mapping, or a field missing or unknown: the schema says so
            continue
    return out


def _strings(value: object) -> bool:
    return isinstance(value, str)


def _source_for_rules(item_id: str, doc: Document) -> Source | None:
    """What the rules read of a source that breaks its schema: its publisher and relays."""
    data = doc.data
    relays = data.get("relays", [])
    if not _strings(data.get("publisher")) or not isinstance(relays, list):
        return None
    kept = []
    for relay in relays:
        if not isinstance(relay, dict) or not all(_strings(relay.get(k, "")) for k in ("publisher", "source")):
            return None
        kept.append(Relay(publisher=relay.get("publisher"), source=relay.get("source")))
    return Source(id=item_id, doc=doc, publisher=data["publisher"], relays=tuple(kept))


def _explainer_for_rules(item_id: str, doc: Document) -> Explainer | None:
    """What the rules read of an explainer that breaks its schema: each finding whose text,
    editor's notes, stances and confidence have their shape (numbered as in the file)."""
    findings = doc.data.get("findings")
    if not isinstance(findings, list):
        return None
    kept = []
    for i, raw in enumerate(findings):
        notes = raw.get("editor_notes", []) if isinstance(raw, dict) else None
        stances = raw.get("stances", {}) if isinstance(raw, dict) else None
        conf = raw.get("confidence") if isinstance(raw, dict) else None
        if (
            not isinstance(raw, dict)
            or not _strings(raw.get("id"))
            or not _strings(raw.get("text"))
            or not (isinstance(notes, list) and all(_strings(n) for n in notes))
            or not (isinstance(stances, dict) and all(_strings(v) for v in stances.values()))
            or not (conf is None or (isinstance(conf, dict) and all(_strings(v) for v in conf.values())))
            or (isinstance(conf, dict) and not {"evidence", "agreement", "level"} <= set(conf))
        ):
            continue
        confidence = None
        if isinstance(conf, dict):
            justification = (
                _text(doc, ("findings", i, "confidence", "justification")) if "justification" in conf else None
            )
            confidence = Confidence(conf["evidence"], conf["agreement"], conf["level"], justification)
        kept.append(
            Finding(
                id=raw["id"],
                number=i + 1,
                heading="",
                text=_text(doc, ("findings", i, "text")),
                editor_notes=tuple(_text(doc, ("findings", i, "editor_notes", k)) for k in range(len(notes))),
                stances=dict(stances),
                confidence=confidence,
            )
        )
    empty = Text("", ("summary",), doc)
    return Explainer(
        id=item_id, doc=doc, question="", short_answer="", summary=empty, published="", findings=tuple(kept)
    )


def _shown(prefix: str, rel: str) -> str:
    """A path as messages show it: a character that is invisible or would break the line (a file
    name may hold a newline) is written as an escape, so every problem stays on one line."""
    name = rel if rel.isprintable() else "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in rel)
    return f"{prefix}/{name}"


_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


@dataclass(frozen=True)
class _Entry:
    """One thing in data/, as the walk found it: its status, not following a link (lstat)."""

    path: str  # as os.scandir gives it: data/ joined with `parts`
    parts: tuple[str, ...]  # its path under data/
    stat: os.stat_result | None  # None: it could not be looked at (`error` says why)
    error: str = ""

    @property
    def is_dir(self) -> bool:
        return self.stat is not None and stat.S_ISDIR(self.stat.st_mode)


def _walk(top: Path) -> list[_Entry]:
    """Everything under `top`, as Path.rglob("*") finds it (a link to a folder is not followed),
    in Path order, with one look at each (os.scandir): 11,000 files are walked at every save."""
    found: list[_Entry] = []
    todo: list[tuple[str, tuple[str, ...]]] = [(str(top), ())]
    while todo:
        folder, parts = todo.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            continue  # as rglob: a folder that cannot be listed adds nothing
        for item in entries:
            where = (*parts, item.name)
            try:
                entry = _Entry(item.path, where, item.stat(follow_symlinks=False))
            except OSError as err:
                entry = _Entry(item.path, where, None, err.strerror or str(err))
            found.append(entry)
            if entry.is_dir:
                todo.append((item.path, where))
    found.sort(key=lambda e: e.parts)
    return found


def _stat_of(entry: _Entry | None) -> os.stat_result | None:
    return entry.stat if entry is not None else None


def _not_a_data_file(entry: _Entry, shown: str) -> Problem | None:
    """Why an entry cannot be part of data/: a link, a folder where a file belongs (a git submodule
    checks out as one), a pipe, socket or device, or what cannot be read. Never reads the file."""
    if entry.stat is None:
        return Problem(Mark(shown, 1, 1), f"cannot be read ({entry.error})", "check the file's permissions")
    mode = entry.stat.st_mode
    if stat.S_ISLNK(mode):
        return Problem(
            Mark(shown, 1, 1),
            "a symbolic link in the data folder",
            "replace it with the file itself; data/ never reads outside itself",
        )
    if stat.S_ISDIR(mode):
        if len(entry.parts) == 1 and entry.parts[0] in COLLECTIONS:
            return None
        return Problem(
            Mark(shown, 1, 1),
            "a folder where data/ holds only files"
            + (" (a git submodule checks out as one)" if Path(entry.parts[-1]).suffix else ""),
            "remove the folder; data/ holds explainers/<id>.yaml, sources/<id>.yaml and three files at its top",
        )
    if not stat.S_ISREG(mode):
        kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
        return Problem(Mark(shown, 1, 1), f"{kind}, not a regular file", "replace it with a plain text file")
    return None


def _read_translation(path: Path, shown: str, found: dict[tuple[str, str], Document]) -> list[Problem]:
    """Read and schema-check data/explainers/<id>.<language>.yaml; checked against its original later."""
    split = translations.split_name(path.stem)
    assert split is not None
    explainer_id, language = split
    if why_not_id(explainer_id) is not None:
        return [
            Problem(
                Mark(shown, 1, 1),
                f"the file name {path.name!r} does not start with a valid explainer id",
                "name a translation <explainer-id>.<language>.yaml, e.g. my-question.uk.yaml",
            )
        ]
    wrong = translations.language_problem(language)
    if wrong:
        return [Problem(Mark(shown, 1, 1), *wrong)]
    doc, problems = load_file(path, shown)
    if doc:
        problems += schema.check(doc, "translation")
        found[(explainer_id, language)] = doc
    return problems


def _no_original(doc: Document, explainer_id: str, explainers: dict[str, Document]) -> Problem:
    close = difflib.get_close_matches(explainer_id, list(explainers), n=1)
    return Problem(
        Mark(doc.file, 1, 1),
        f"a translation of '{explainer_id}', but there is no data/explainers/{explainer_id}.yaml",
        f"did you mean '{close[0]}'? Rename the file" if close else "name it after the explainer it translates",
    )


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
