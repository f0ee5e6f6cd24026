"""Find citations and cross-links in data text, and number an explainer's notes.

Citations use Pandoc's syntax: `[@id]`, `[@a; @b]`, `[see @a, p. 4]`. One
bracketed cluster is one footnote; identical clusters share a number, and an
explainer numbers its footnotes in order of first citation, as print does.

Cross-links use a wiki-like syntax that cannot be mistaken for Markdown:
`[[explainer-id]]`, `[[explainer-id#finding-id]]`, `[[#finding-id]]` (same
explainer), each with an optional label after a bar: `[[x#y|label]]`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .model import Explainer, Finding, Path_, Text

# Every pattern here runs in linear time: data text is untrusted, so no nested
# quantifiers that could backtrack for minutes on a crafted line.
_KEY_START = re.compile(r"(?:^|(?<=\s))-?@(?=[A-Za-z0-9_])")
_KEY = re.compile(r"[A-Za-z0-9_][\w:.#$%&+?<>~/-]*")
_KEY_TRAILING = ":.#$%&+?<>~/-"
_BRACKET = re.compile(r"\[([^\[\]\n]*)\]")
_XREF = re.compile(r"\[\[([^\[\]\n]*)\]\]")
_BACKTICKS = re.compile(r"`+")


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
    def signature(self) -> tuple[tuple[str, str, str], ...]:
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
    """Inline code spans: a run of backticks up to the next run of the same length."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    spans, i = [], 0
    next_same: dict[int, list[int]] = {}
    for k in range(len(runs) - 1, -1, -1):  # for each run, the index of the next run as long
        next_same.setdefault(runs[k][1] - runs[k][0], []).append(k)
    while i < len(runs):
        length = runs[i][1] - runs[i][0]
        later = next_same.get(length, [])
        while later and later[-1] <= i:
            later.pop()
        if later:
            j = later.pop()
            spans.append((runs[i][0], runs[j][1]))
            i = j + 1
        else:
            i += 1
    return spans


def _in_code(pos: int, spans: list[tuple[int, int]]) -> bool:
    index = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= pos < spans[index][1]


def _parse_item(part: str, base: int) -> CiteItem | None:
    """One `prefix @key, locator` item of a cluster, or None when it is not a citation."""
    start = _KEY_START.search(part)
    if not start:
        return None
    key = _KEY.match(part, start.end())
    assert key is not None  # _KEY_START looks ahead for the character a key starts with
    text = key.group().rstrip(_KEY_TRAILING)
    rest = part[start.end() + len(text) :].strip()
    if rest and not rest.startswith(","):
        return None
    return CiteItem(text, base + start.end(), part[: start.start()].strip(), rest[1:].strip())


# The check, the evidence rules, the renderer and the search entries all read the same texts;
# each text is parsed once. Results are tuples, so no caller can change what another reads.
@lru_cache(maxsize=1 << 16)
def find_clusters(text: str) -> tuple[Cluster, ...]:
    """Citation clusters in `text`, outside code; a bracket that is not all citations is prose."""
    spans = _code_spans(text)
    found = []
    for m in _BRACKET.finditer(text):
        start, end = m.span()
        if "@" not in m.group(1) or _in_code(start, spans):
            continue
        if start > 0 and text[start - 1] == "[":  # part of [[...]]
            continue
        if end < len(text) and text[end] in "](":  # [[...]] or a Markdown link
            continue
        items: list[CiteItem] | None = []
        pos = m.start(1)
        for part in m.group(1).split(";"):
            item = _parse_item(part, pos)
            if item is None:
                items = None
                break
            assert items is not None  # None only on the way out of the loop
            items.append(item)
            pos += len(part) + 1
        if items:
            found.append(Cluster(start, end, tuple(items)))
    return tuple(found)


# An `@` that starts a word inside a bracket: the bracket starts like a citation, so it must be one.
_CITE_LIKE = re.compile(r"(?:^|(?<=[\s\[;]))-?@")
_OPEN = re.compile(r"\[")


def find_unreadable_citations(text: str) -> list[tuple[int, str]]:
    """Brackets that start like a citation (an `@` starting a word inside them) but are not a
    citation cluster, as (offset of the bracket, what is wrong). Such a bracket would be published
    as plain text with no footnote, so each is an error; a bracket nested in one already reported
    is not reported again. Linear: each bracket looks ahead only to the end of its own line."""
    spans = _code_spans(text)
    good = {c.start for c in find_clusters(text)}
    xrefs = {x.start for x in find_xrefs(text)}
    found: list[tuple[int, str]] = []
    covered = -1
    for m in _OPEN.finditer(text):
        start = m.start()
        if start < covered or start in good or _in_code(start, spans):
            continue
        if start in xrefs or start - 1 in xrefs:
            continue  # a cross-link [[...]]
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        close = text.find("]", start, line_end)
        body = text[start + 1 : line_end if close < 0 else close]
        if not _CITE_LIKE.search(body):
            continue
        after = text[close + 1 : close + 2] if close >= 0 else ""
        if close >= 0 and after == "(" and "[" not in body:
            continue  # a Markdown link whose label holds an @handle
        if close < 0:
            reason = "it is not closed on its line (a citation sits on one line, inside [ and ])"
        elif "[" in body:
            reason = "a bracket inside a citation"
        elif after == "]":
            reason = "a citation inside another bracket"
        else:
            reason = "it cannot be read as citations"
        found.append((start, reason))
        covered = line_end if close < 0 else close + 1
    return found


@lru_cache(maxsize=1 << 16)
def find_xrefs(text: str) -> tuple[XRef, ...]:
    spans = _code_spans(text)
    found = []
    for m in _XREF.finditer(text):
        if _in_code(m.start(), spans):
            continue
        body = m.group(1)
        target, _, label = body.partition("|")
        explainer, _, finding = target.strip().partition("#")
        offset = m.start(1) + (len(target) - len(target.lstrip()))
        found.append(XRef(m.start(), m.end(), explainer or None, finding or None, label.strip(), offset))
    return tuple(found)


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
    markers: dict[tuple[Path_, int], Use]  # (text path, cluster start) -> the use at that place
    by_anchor: dict[str, Note] = field(default_factory=dict)  # a use's anchor -> its note

    def note_of(self, anchor: str) -> Note:
        """The note a marker cites: a look-up, so a page's markers cost linear time in all."""
        return self.by_anchor[anchor]


def backlink_label(index: int) -> str:
    """a, b, ..., z, aa, ab, ... as Wikipedia labels repeated uses."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(97 + rest) + label
    return label


def number_notes(explainer: Explainer) -> NoteTable:
    by_signature: dict[tuple[tuple[str, str, str], ...], Note] = {}
    markers: dict[tuple[Path_, int], Use] = {}
    by_anchor: dict[str, Note] = {}
    for finding, text in explainer.texts():
        for cluster in find_clusters(text.value):
            note = by_signature.get(cluster.signature)
            if note is None:
                note = by_signature[cluster.signature] = Note(len(by_signature) + 1, cluster.items)
            use = Use(f"cite-{note.number}-{backlink_label(len(note.uses))}", finding)
            note.uses.append(use)
            markers[(text.path, cluster.start)] = use
            by_anchor[use.anchor] = note
    return NoteTable(list(by_signature.values()), markers, by_anchor)


def cited_keys(text: Text) -> list[CiteItem]:
    return [item for cluster in find_clusters(text.value) for item in cluster.items]
