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
from ..domain.translation import Translation
from ..domain.works import duplicate_problems
from . import schema, translations
from .validate import _Ids as Ids
from .validate import cross_check
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
    with _collector_paused():
        return _load_corpus(Path(data_dir))


def _load_corpus(data_dir: Path) -> Corpus:
    problems: list[Problem] = []
    docs: dict[str, dict[str, Document]] = {"explainer": {}, "source": {}}
    unreadable: dict[str, set[str]] = {"explainer": set(), "source": set()}
    singles: dict[str, Document | None] = {}
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
        doc, found = load_file(path, shown)
        problems += found
        if doc:
            problems += schema.check(doc, kind)
        singles[kind] = doc

    for folder, kind in COLLECTIONS.items():
        seen: dict[str, str] = {}
        for path in sorted((data_dir / folder).glob("*.yaml"), key=lambda p: p.parts):
            shown = f"{prefix}/{folder}/{path.name}"
            if path.is_symlink():
                continue  # reported above
            item_id = path.stem
            if kind == "explainer" and translations.split_name(item_id):
                problems += _read_translation(path, shown, translated)
                continue
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
            doc, found = load_file(path, shown)
            problems += found
            if doc:
                problems += schema.check(doc, kind)
                docs[kind][item_id] = doc
            else:
                unreadable[kind].add(item_id)

    problems += cross_check(docs, singles, unreadable)
    ids = Ids(docs, singles, unreadable)
    for (explainer_id, language), doc in translated.items():
        if explainer_id in docs["explainer"] or explainer_id in unreadable["explainer"]:
            original = docs["explainer"].get(explainer_id)
            problems += translations.check_translation(doc, explainer_id, language, original, ids)
        else:
            problems.append(_no_original(doc, explainer_id, docs["explainer"]))
    if problems:
        raise DataError(problems)
    by_explainer: dict[str, dict[str, Translation]] = {}
    for (explainer_id, language), doc in translated.items():
        built = translations.build(doc, explainer_id, language, docs["explainer"][explainer_id])
        by_explainer.setdefault(explainer_id, {})[language] = built
    corpus = Corpus(
        explainers={i: _explainer(i, d) for i, d in docs["explainer"].items()},
        sources={i: _source(i, d) for i, d in docs["source"].items()},
        publishers=_keyed(singles["publishers"], Publisher),
        affiliations=_keyed(singles["affiliations"], Affiliation),
        topics=_keyed(singles["topics"], Topic),
        translations={e: dict(sorted(by_explainer[e].items())) for e in sorted(by_explainer)},
    )
    # Rules about the evidence itself need the whole, cross-referenced corpus; so does finding
    # the same work cited under two ids.
    problems = integrity_problems(corpus) + duplicate_problems(corpus)
    if problems:
        raise DataError(problems)
    return corpus


def _read_translation(path: Path, shown: str, found: dict[tuple[str, str], Document]) -> list[Problem]:
    """Read and schema-check data/explainers/<id>.<language>.yaml; checked against its original later."""
    split = translations.split_name(path.stem)
    assert split is not None
    explainer_id, language = split
    if not ID_RE.match(explainer_id):
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
