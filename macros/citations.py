"""Find citations and cross-links in data text, and number an explainer's notes.

Citations use Pandoc's syntax: `[@id]`, `[@a; @b]`, `[see @a, p. 4]`. One
bracketed cluster is one footnote; identical clusters share a number, and an
explainer numbers its footnotes in order of first citation, as print does.

Cross-links use a wiki-like syntax that cannot be mistaken for Markdown:
`[[explainer-id]]`, `[[explainer-id#finding-id]]`, `[[#finding-id]]` (same
explainer), each with an optional label after a bar: `[[x#y|label]]`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Explainer, Finding, Text

_KEY = r"[A-Za-z0-9_](?:[\w:.#$%&+?<>~/-]*[A-Za-z0-9_])?"
_CLUSTER = re.compile(r"(?<!\[)\[(?!\[)(?P<body>[^\[\]\n]*@[^\[\]\n]*)\](?![\](])")
_ITEM = re.compile(rf"^\s*(?P<prefix>(?:.*?\s)?)-?@(?P<key>{_KEY})(?:\s*,\s*(?P<locator>.*?))?\s*$", re.S)
_XREF = re.compile(r"\[\[(?P<target>[^\[\]|\n]*)(?:\|(?P<label>[^\[\]\n]*))?\]\]")
_CODE = re.compile(r"(`+)(?:.|\n)+?\1")


@dataclass(frozen=True)
class CiteItem:
    key: str
    offset: int  # of the key in the text
    prefix: str = ""
    locator: str = ""


@dataclass(frozen=True)
class Cluster:
    start: int
    end: int
    items: tuple[CiteItem, ...]

    @property
    def signature(self) -> tuple:
        return tuple((i.key, i.prefix, i.locator) for i in self.items)


@dataclass(frozen=True)
class XRef:
    start: int
    end: int
    explainer: str | None  # None: the explainer the text is in
    finding: str | None
    label: str
    offset: int  # of the target in the text


def _code_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _CODE.finditer(text)]


def _in_code(pos: int, spans) -> bool:
    return any(a <= pos < b for a, b in spans)


def find_clusters(text: str) -> list[Cluster]:
    """Citation clusters in `text`, outside code; a bracket that is not all citations is prose."""
    spans = _code_spans(text)
    found = []
    for m in _CLUSTER.finditer(text):
        if _in_code(m.start(), spans):
            continue
        items, pos = [], m.start("body")
        for part in m.group("body").split(";"):
            item = _ITEM.match(part)
            if not item:
                items = None
                break
            items.append(CiteItem(item.group("key"), pos + item.start("key"),
                                  item.group("prefix").strip(), (item.group("locator") or "").strip()))
            pos += len(part) + 1
        if items:
            found.append(Cluster(m.start(), m.end(), tuple(items)))
    return found


def find_xrefs(text: str) -> list[XRef]:
    spans = _code_spans(text)
    found = []
    for m in _XREF.finditer(text):
        if _in_code(m.start(), spans):
            continue
        target = m.group("target").strip()
        explainer, _, finding = target.partition("#")
        found.append(XRef(m.start(), m.end(), explainer or None, finding or None,
                          (m.group("label") or "").strip(), m.start("target")))
    return found


@dataclass
class Use:
    """One place in the page that cites a note."""

    anchor: str
    finding: Finding | None  # None: the executive summary


@dataclass
class Note:
    number: int
    items: tuple[CiteItem, ...]
    uses: list[Use] = field(default_factory=list)


@dataclass
class NoteTable:
    """An explainer's footnotes, numbered, with every place that cites each."""

    notes: list[Note]
    markers: dict[tuple, Use]  # (text path, cluster start) -> the use at that place

    def note_of(self, anchor: str) -> Note:
        return next(n for n in self.notes if any(u.anchor == anchor for u in n.uses))


def backlink_label(index: int) -> str:
    """a, b, ..., z, aa, ab, ... as Wikipedia labels repeated uses."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(97 + rest) + label
    return label


def number_notes(explainer: Explainer) -> NoteTable:
    by_signature: dict[tuple, Note] = {}
    markers: dict[tuple, Use] = {}
    for finding, text in explainer.texts():
        for cluster in find_clusters(text.value):
            note = by_signature.get(cluster.signature)
            if note is None:
                note = by_signature[cluster.signature] = Note(len(by_signature) + 1, cluster.items)
            use = Use(f"cite-{note.number}-{backlink_label(len(note.uses))}", finding)
            note.uses.append(use)
            markers[(text.path, cluster.start)] = use
    return NoteTable(list(by_signature.values()), markers)


def cited_keys(text: Text) -> list[CiteItem]:
    return [item for cluster in find_clusters(text.value) for item in cluster.items]
