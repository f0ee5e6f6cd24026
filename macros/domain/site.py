"""`Site`: a read-only view of one corpus, with the indexes every page and file is made from.

Computed on first use and kept: each explainer's numbered notes, which explainers cite each
source, each finding's evidence profile, each source's honesty facts. A Site owns no processes
and no files and changes nothing; the same corpus always gives the same view. What depends on
the publication (the site's address, git dates, "today") is not here: see publication.py.

Under `mkdocs serve` a Site may start from the last build's (`Site(corpus, previous)`): what that
one derived from data that has not changed since (`changed_keys`) is taken as it is, which is
what deriving it again would give (tests/test_serve.py compares the two).
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

from . import addresses
from . import facts as source_facts
from .citations import NoteTable, Use, XRef, cited_keys, find_xrefs, number_notes
from .evidence import Profile, RelayGraph, profile
from .model import SHORT_ANSWERS, Affiliation, Corpus, Correction, Explainer, Finding, Source, display_name, format_date
from .publication import LastUpdate, Publication
from .translation import LAGGING, Localized, finding_of, language_name, localize


@dataclass(frozen=True)
class Citing:
    """Where one explainer cites a source: (note number, use), in reading order."""

    explainer: Explainer
    uses: tuple[tuple[int, Use], ...]


@dataclass(frozen=True)
class WorkItem:
    """One thing a contributor could improve, and the file to edit."""

    kind: str
    what: str
    file: str
    address: str  # site-relative: the page that shows the problem


# What a page or file reads of the data: (kind, id) of an explainer, source, publisher, affiliation or
# topic, each one data file (data/explainers/<id>.yaml, data/sources/<id>.yaml) or one entry of one
# (data/publishers.yaml, data/affiliations.yaml, data/topics.yaml); and ("explainer-card", id), the
# part of an explainer that lists of explainers show (`_card`), changed only when that part changes.
Key = tuple[str, str]
KINDS = ("explainer", "source", "publisher", "affiliation", "topic")


def changed_keys(old: Corpus, new: Corpus) -> set[Key]:
    """The data that differs between two corpora: each explainer, source, publisher, affiliation
    and topic added, removed or changed (not its file's layout or comments, which no page shows)."""
    out: set[Key] = set()
    for kind in KINDS:
        before, after = _entities(old, kind), _entities(new, kind)
        for key in before.keys() | after.keys():
            a, b = before.get(key), after.get(key)
            if a is not b and a != b:
                out.add((kind, key))
    retitled = []  # explainers whose findings' headings changed, and nothing else of their card
    for key in old.explainers.keys() | new.explainers.keys():
        if ("explainer", key) in out and _card(old.explainers.get(key)) != _card(new.explainers.get(key)):
            out.add(("explainer-card", key))
        elif ("explainer", key) in out and _headings(old.explainers.get(key)) != _headings(new.explainers.get(key)):
            retitled.append(key)
    if retitled:
        # A list shows a finding's heading only as the label of a summary's cross-link to it.
        linked = _summary_links(old) | _summary_links(new)
        out |= {("explainer-card", key) for key in retitled if key in linked}
    for key in old.translations.keys() | new.translations.keys():
        # An explainer's pages show the languages it is in, and each translation is one of its pages.
        if old.translations.get(key) != new.translations.get(key):
            out |= {("explainer", key), ("explainer-card", key)}
    if list(old.affiliations) != list(new.affiliations):  # pages list affiliations in the file's order
        out |= {("affiliation", a) for a in old.affiliations.keys() | new.affiliations.keys()}
    return out


def _card(explainer: Explainer | None) -> tuple[object, ...] | None:
    """What lists of explainers show of one, and order and group it by: ("explainer-card", id).
    The summary gives the list's one-line answer; its cross-links are labelled with other
    explainers' questions, which are part of their cards, and headings, which are when a summary
    links to them (`changed_keys`)."""
    if explainer is None:
        return None
    return (
        explainer.question,
        explainer.short_answer,
        explainer.summary,
        explainer.published,
        explainer.updated,
        explainer.topics,
    )


def _headings(explainer: Explainer | None) -> tuple[str, ...] | None:
    return None if explainer is None else tuple(f.heading for f in explainer.findings)


def _summary_links(corpus: Corpus) -> set[str]:
    """The explainers whose findings a summary (an original's or a translation's) links to."""
    found = set()
    for explainer in corpus.explainers.values():
        texts = [explainer.summary.value]
        for translation in corpus.translations.get(explainer.id, {}).values():
            summary = translation.fields.get(("summary",))
            texts += [summary.text.value] if summary else []
        for text in texts:
            found |= {x.explainer or explainer.id for x in find_xrefs(text) if x.finding}
    return found


def _entities(corpus: Corpus, kind: str) -> dict[str, object]:
    return {
        "explainer": corpus.explainers,
        "source": corpus.sources,
        "publisher": corpus.publishers,
        "affiliation": corpus.affiliations,
        "topic": corpus.topics,
    }[kind]  # type: ignore[return-value]


# A list of explainers shows this many a page: the home page's first view stays the same size
# however many explainers there are.
LIST_PAGE = 25
ORDERS = {"newest": "Newest first", "oldest": "Oldest first"}


@dataclass(frozen=True)
class Listing:
    """One page of a list of explainers: on a topic (or all), with one short answer (or any),
    newest or oldest first. Every such page is a static page (addresses.listing), so filtering,
    sorting and paging are links and work without JavaScript."""

    topic: str | None = None
    answer: str | None = None
    order: str = "newest"
    page: int = 1

    @property
    def address(self) -> str:
        return addresses.listing(self.topic, self.answer, self.order, self.page)

    def to(self, **changes: object) -> Listing:
        """Another page: the same list with `changes`, from its first page unless `page` is given."""
        fields: dict[str, object] = {"topic": self.topic, "answer": self.answer, "order": self.order, "page": 1}
        fields.update(changes)
        return Listing(**fields)  # type: ignore[arg-type]

    @property
    def key(self) -> str:
        """The page's key in a plan ("-" for none: no id is "-")."""
        return f"{self.topic or '-'} {self.answer or '-'} {self.order} {self.page}"

    @classmethod
    def of_key(cls, key: str) -> Listing:
        topic, answer, order, page = key.split(" ")
        return cls(None if topic == "-" else topic, None if answer == "-" else answer, order, int(page))


# The worklist's groups, in the order the page shows them.
WORK_KINDS = {
    "incomplete": "Incomplete citations",
    "copy": "Only a copy seen",
    "one-affiliation": "Findings resting on one affiliation",
    "no-counter": "Findings without a contradicting or context source",
    "no-confidence": "Findings without a confidence assessment",
    "stale": "Explainers past their review date",
    "uncited": "Sources no explainer cites",
    "translation-lag": "Translated paragraphs older than the original, or not translated",
    "translation-review": "Translations no person has reviewed",
}


def _field_place(explainer: Explainer, path: tuple[str | int, ...]) -> tuple[str, str]:
    """How the worklist names a translatable field (domain/translation.py), and its anchor on the page."""
    finding = finding_of(explainer, path)
    if finding is not None:
        words = {"heading": "heading", "text": "text", "confidence": "confidence justification"}
        part = f"editor's note {int(path[3]) + 1}" if path[2] == "editor_notes" else words[str(path[2])]
        return f"{finding.number}. {finding.heading}: {part}", finding.id
    if path[0] == "corrections":
        return f"correction {int(path[1]) + 1}: {path[2]}", "corrections"
    return ("the question", "") if path[0] == "question" else ("the executive summary", "summary")


# The kinds of change after which an explainer's reads, notes and profiles are what they were
# wherever it reads none of the changed data: not its card or topics, which decide what it lists
# as related (Site.related), nor an affiliation's place in the file.
_T = TypeVar("_T")

_CARRY_EXPLAINERS = frozenset({"source", "publisher", "affiliation", "explainer"})


class Site:
    """The corpus and what is derived from it, computed once."""

    def __init__(
        self, corpus: Corpus, previous: Site | None = None, relays: RelayGraph | None = None, keep: bool = False
    ):
        """`previous`: the Site of an earlier corpus of the same data folder (`mkdocs serve`):
        what it derived from data that has not changed since is taken, not derived again.
        `relays`: the corpus's RelayGraph, where the loader traced it already. `keep`: a later
        Site will start from this one, so keep what is cheap to derive again (labels, mixes of
        sources) for it; otherwise forked processes reading such a memo copy its pages."""
        self.corpus, self.keep = corpus, keep
        if relays is not None:
            self.relays = relays
        self._carried: dict[str, Any] = {}  # taken from `previous`, by index; used once
        if previous is not None:
            self._carry(previous)

    def _carry(self, previous: Site) -> None:
        """Take from `previous` each source's and explainer's derived data that reads nothing of
        `changed_keys` (what it reads: source_reads, explainer_reads). Takes no reference to it."""
        changed = changed_keys(previous.corpus, self.corpus)
        old = vars(previous)

        def unchanged(index: str, ids: Mapping[str, object]) -> dict[str, frozenset[Key]]:
            """What the previous Site's `index` of reads holds for `ids`, where nothing read changed."""
            return {k: reads for k, reads in old.get(index, {}).items() if k in ids and reads.isdisjoint(changed)}

        def take(indexes: dict[str, str], ids: dict[str, frozenset[Key]]) -> None:
            """The entries of `ids` in the previous Site's indexes (by attribute: as `_carried` names them)."""
            for index, name in indexes.items():
                if index in old:
                    self._carried[name] = {k: made for k, made in old[index].items() if k in ids}

        self._source_reads = unchanged("_source_reads", self.corpus.sources)
        take({"_facts": "facts", "_labels": "labels", "_work_of_sources": "work_of_sources"}, self._source_reads)
        if "sources_in_order" in old and not any(kind == "publisher" for kind, _ in changed):
            # A source's place reads only it and its publisher's name: the changed ones are placed again.
            moved = {key for kind, key in changed if kind == "source"}
            self._carried["sources_in_order"] = (old["sources_in_order"], moved)
        if {kind for kind, _ in changed} - _CARRY_EXPLAINERS:
            return
        explainers = self._explainer_reads = unchanged("_explainer_reads", self.corpus.explainers)
        take(
            {"notes": "notes", "_work_of_explainers": "work_of_explainers", "_mixes": "mixes", "_cited": "cited"},
            explainers,
        )
        if "profiles" in old:
            self._carried["profiles"] = {key: made for key, made in old["profiles"].items() if key[0] in explainers}
        if "cited_by" in old:
            self._carried["cited_by"] = (old["cited_by"], {key for kind, key in changed if kind == "explainer"})

    # ---- indexes ---------------------------------------------------------------------------------
    @cached_property
    def notes(self) -> dict[str, NoteTable]:
        """Each explainer's footnotes, numbered in reading order."""
        kept = self._carried.pop("notes", {})
        return {e.id: kept[e.id] if e.id in kept else number_notes(e) for e in self.corpus.explainers.values()}

    @cached_property
    def cited_by(self) -> dict[str, tuple[Citing, ...]]:
        """Source id -> where each explainer cites it, newest explainer first."""
        if "cited_by" in self._carried:  # the last Site's, but for the explainers changed since
            old, changed = self._carried.pop("cited_by")
            return self._cited_by_again(old, changed)
        found: dict[str, list[Citing]] = {s: [] for s in self.corpus.sources}
        for explainer in self.corpus.explainers_sorted():
            for key, citing in self._citing(explainer).items():
                found[key].append(citing)
        return {key: tuple(citing) for key, citing in found.items()}

    def _citing(self, explainer: Explainer) -> dict[str, Citing]:
        """Where the explainer cites each source it cites."""
        per_source: dict[str, list[tuple[int, Use]]] = {}
        for note in self.notes[explainer.id].notes:
            for item in note.items:
                per_source.setdefault(item.key, []).extend((note.number, use) for use in note.uses)
        for uses in per_source.values():
            uses.sort(key=lambda nu: (nu[1].finding.number if nu[1].finding else 0, nu[0]))
        return {key: Citing(explainer, tuple(uses)) for key, uses in per_source.items()}

    def _cited_by_again(self, old: dict[str, tuple[Citing, ...]], changed: set[str]) -> dict[str, tuple[Citing, ...]]:
        """`cited_by` from an earlier one, with the explainers of `changed` (ids) cited as they are now."""
        now = {x: self._citing(self.corpus.explainers[x]) for x in changed if x in self.corpus.explainers}
        place = {e.id: n for n, e in enumerate(self.explainers_in_order)}
        found: dict[str, tuple[Citing, ...]] = {}
        for key in self.corpus.sources:
            before = old.get(key, ())
            kept = [c for c in before if c.explainer.id not in changed]
            added = [citing[key] for citing in now.values() if key in citing]
            if added or len(kept) != len(before):
                found[key] = tuple(sorted(kept + added, key=lambda c: place[c.explainer.id]))
            else:
                found[key] = before
        return found

    @cached_property
    def profiles(self) -> dict[tuple[str, str], Profile]:
        """(explainer id, finding id) -> the finding's evidence profile."""
        kept = self._carried.pop("profiles", {})
        return {
            (e.id, f.id): kept[(e.id, f.id)] if (e.id, f.id) in kept else profile(f, self.corpus, self.relays)
            for e in self.corpus.explainers.values()
            for f in e.findings
        }

    @cached_property
    def relays(self) -> RelayGraph:
        """Every source's origins through its relays, traced once for the whole corpus."""
        return RelayGraph(self.corpus.sources)

    @cached_property
    def sources_in_order(self) -> list[Source]:
        """Every source, by author (or publisher), then date, then title: the bibliography's order.
        Carried from a previous Site: its order without the changed sources, which are put in
        their places (the order is total: the id comes last in Source.sort_key)."""
        kept = self._carried.pop("sources_in_order", None)
        if kept is None:
            return self.corpus.sources_sorted()
        order, moved = kept
        sources, publishers = self.corpus.sources, self.corpus.publishers
        out = [sources[s.id] for s in order if s.id not in moved]
        for key in sorted(moved & sources.keys()):
            bisect.insort(out, sources[key], key=lambda s: s.sort_key(publishers))
        return out if len(out) == len(sources) else self.corpus.sources_sorted()

    @cached_property
    def explainers_in_order(self) -> list[Explainer]:
        """Every explainer, newest first."""
        return self.corpus.explainers_sorted()

    @cached_property
    def corrections_in_order(self) -> list[tuple[Explainer, int, Correction]]:
        """Every correction of every explainer, newest first: (explainer, its place in the
        explainer's log, correction). The log is never rewritten, so the place is stable."""
        found = [(e, k, c) for e in self.corpus.explainers.values() for k, c in enumerate(e.corrections)]
        return sorted(found, key=lambda ekc: (ekc[2].date, ekc[0].published, ekc[0].id, ekc[1]), reverse=True)

    @cached_property
    def _explainers_by_topic(self) -> dict[str, list[Explainer]]:
        found: dict[str, list[Explainer]] = {t: [] for t in self.corpus.topics}
        for explainer in self.explainers_in_order:
            for topic_id in explainer.topics:
                found[topic_id].append(explainer)
        return found

    # ---- what each thing reads of the data ------------------------------------------------------
    def source_reads(self, source_id: str) -> frozenset[Key]:
        """What a source's citation, facts, label and origins are made from: the source, the
        publishers it names (with their affiliations), and every source it relays, through the chain."""
        if source_id not in self._source_reads:
            corpus, keys, todo, seen = self.corpus, set(), [source_id], set()
            while todo:
                source = corpus.sources[todo.pop()]
                if source.id in seen:
                    continue
                seen.add(source.id)
                keys.add(("source", source.id))
                named = [source.publisher, *(r.publisher for r in source.relays if r.publisher)]
                named += [source.copy.seen_at] if source.copy else []
                for pid in named:
                    keys |= {("publisher", pid), ("affiliation", corpus.publishers[pid].affiliation)}
                todo += [r.source for r in source.relays if r.source]
            self._source_reads[source_id] = frozenset(keys)
        return self._source_reads[source_id]

    @cached_property
    def _source_reads(self) -> dict[str, frozenset[Key]]:
        return {}

    def explainer_reads(self, explainer: Explainer) -> frozenset[Key]:
        """What an explainer's page and downloads are made from: the explainer, every source it
        cites (source_reads), the explainers it links to, the cards of those it lists as related,
        and its topics."""
        if explainer.id not in self._explainer_reads:
            self._explainer_reads[explainer.id] = self._reads_of(explainer)
        return self._explainer_reads[explainer.id]

    @cached_property
    def _explainer_reads(self) -> dict[str, frozenset[Key]]:
        return {}

    def _reads_of(self, explainer: Explainer) -> frozenset[Key]:
        keys: set[Key] = {("explainer", explainer.id)}
        keys |= {("topic", t) for t in explainer.topics}
        keys |= {("explainer-card", e.id) for e in self.related(explainer)}
        for _, text in explainer.texts():
            for item in cited_keys(text):
                keys |= self.source_reads(item.key)
            keys |= {("explainer", x.explainer) for x in find_xrefs(text.value) if x.explainer}
        return frozenset(keys)

    # ---- lists of explainers ---------------------------------------------------------------------------
    def listed(self, topic_id: str | None, answer: str | None, order: str) -> list[Explainer]:
        """The explainers of a list (on a topic or all, with one short answer or any), in its order."""
        base = self.explainers_on(topic_id) if topic_id else self.explainers_in_order
        found = [e for e in base if answer is None or e.short_answer == answer]
        return found if order == "newest" else found[::-1]

    def pages_of(self, topic_id: str | None, answer: str | None) -> int:
        """How many pages the list has (one at least: an empty list says so on its page)."""
        return max(1, -(-len(self.listed(topic_id, answer, "newest")) // LIST_PAGE))

    def listing_title(self, listing: Listing) -> str:
        """ "Explainers on Drones, answer Yes, oldest first (page 2 of 3)"."""
        title = "Explainers"
        if listing.topic:
            title += f" on {self.corpus.topics[listing.topic].name}"
        if listing.answer:
            title += f", answer {SHORT_ANSWERS[listing.answer]}"
        if listing.order != "newest":
            title += f", {ORDERS[listing.order].lower()}"
        pages = self.pages_of(listing.topic, listing.answer)
        return title + (f" (page {listing.page} of {pages})" if pages > 1 else "")

    def listings(self) -> list[Listing]:
        """Every page of every list that has an explainer, and the first page of the home and
        topic lists even when empty."""
        out = []
        for topic_id in [None, *self.corpus.topics]:
            for answer in [None, *SHORT_ANSWERS]:
                if answer is not None and not self.listed(topic_id, answer, "newest"):
                    continue
                pages = self.pages_of(topic_id, answer)
                out += [Listing(topic_id, answer, order, n) for order in ORDERS for n in range(1, pages + 1)]
        return out

    # ---- translations --------------------------------------------------------------------------------
    @cached_property
    def _localized(self) -> dict[tuple[str, str], Localized]:
        return {
            (e, language): localize(self.corpus.explainers[e], translation)
            for e, by_language in self.corpus.translations.items()
            for language, translation in by_language.items()
        }

    def languages(self, explainer_id: str) -> list[str]:
        """The languages an explainer is translated into (not its own), in tag order."""
        return list(self.corpus.translations.get(explainer_id, {}))

    def translation_languages(self) -> list[str]:
        """Every language some explainer is translated into, in tag order (each has a start page)."""
        return sorted({tag for translations in self.corpus.translations.values() for tag in translations})

    def translated_into(self, language: str) -> list[Explainer]:
        """The explainers translated into `language`, in that language, newest first."""
        found = [self.in_language(e, language) for e, tags in self.corpus.translations.items() if language in tags]
        return sorted(found, key=lambda e: (e.published, e.id), reverse=True)

    def localized(self, explainer_id: str, language: str) -> Localized:
        """The explainer as its translation into `language` shows it (translation.py)."""
        return self._localized[(explainer_id, language)]

    def in_language(self, explainer_id: str, language: str | None) -> Explainer:
        """The explainer in `language`: the original for None or the original's own language."""
        original = self.corpus.explainers[explainer_id]
        if language is None or language == original.language:
            return original
        return self.localized(explainer_id, language).explainer

    def page_language(self, explainer: Explainer) -> str | None:
        """The language in an explainer's address: None for the original, the tag for a translation."""
        return None if explainer.language == self.corpus.explainers[explainer.id].language else explainer.language

    @cached_property
    def _translated_notes(self) -> dict[tuple[str, str], NoteTable]:
        # A translation's citation markers are the original's, cluster by cluster (load/translations.py),
        # so its notes have the same numbers and anchors; only their places in the text differ.
        return {key: number_notes(localized.explainer) for key, localized in self._localized.items()}

    def notes_for(self, explainer: Explainer) -> NoteTable:
        """The notes of an explainer, original or translated."""
        if explainer.language == self.corpus.explainers[explainer.id].language:
            return self.notes[explainer.id]
        return self._translated_notes[(explainer.id, explainer.language)]

    # ---- questions about one thing -----------------------------------------------------------------
    def explainers_on(self, topic_id: str) -> list[Explainer]:
        return self._explainers_by_topic[topic_id]

    def related(self, explainer: Explainer) -> list[Explainer]:
        """The explainers named in `related`, then others sharing a topic; for a translation, each in
        its language where it is translated into it."""
        if explainer.id not in self._related:
            found = [self.corpus.explainers[i] for i in explainer.related]
            seen = {e.id for e in found} | {explainer.id}
            for topic_id in explainer.topics:
                for other in self.explainers_on(topic_id):
                    if other.id not in seen:
                        seen.add(other.id)
                        found.append(other)
            self._related[explainer.id] = tuple(found)
        language = self.page_language(explainer)
        if language is None:
            return list(self._related[explainer.id])
        return [
            self.in_language(e.id, language if language in self.corpus.translations.get(e.id, {}) else None)
            for e in self._related[explainer.id]
        ]

    @cached_property
    def _related(self) -> dict[str, tuple[Explainer, ...]]:
        return {}

    def xref_target(self, explainer: Explainer, ref: XRef) -> tuple[Explainer, Finding | None, str]:
        """Where a cross-link in `explainer` points, and its label: the one written, else the
        finding's heading or the explainer's question."""
        if ref.explainer is None:
            target = explainer
        else:  # in the linking text's language where there is a translation
            language = self.page_language(explainer)
            found = language in self.corpus.translations.get(ref.explainer, {})
            target = self.in_language(ref.explainer, language if found else None)
        finding = target.finding(ref.finding) if ref.finding else None
        return target, finding, ref.label or (finding.heading if finding else target.question)

    def affiliation_of(self, publisher_id: str) -> Affiliation:
        return self.corpus.affiliations[self.corpus.publishers[publisher_id].affiliation]

    def origins_of(self, source: Source) -> list[str]:
        return sorted(self.relays.origins(source.id))

    @cached_property
    def _facts(self) -> dict[str, list[source_facts.Fact]]:
        kept = self._carried.pop("facts", {})
        return {
            s.id: kept[s.id] if s.id in kept else source_facts.facts(s, self.corpus)
            for s in self.corpus.sources.values()
        }

    def facts(self, source: Source) -> list[source_facts.Fact]:
        """What a reader must know before trusting a citation of the source (facts.py)."""
        return self._facts[source.id]

    def note_facts(self, explainer: Explainer) -> source_facts.PageFacts:
        """The facts of the sources an explainer cites, quiet: what they all share said once,
        and under each source only what sets it apart (facts.page_facts)."""
        return source_facts.page_facts({s.id: self.facts(s) for s in self.cited_sources(explainer)})

    def label(self, source: Source) -> str:
        if not self.keep or source is not self.corpus.sources.get(source.id):
            return source_facts.label(source, self.corpus)
        if source.id not in self._labels:
            self._labels[source.id] = source_facts.label(source, self.corpus)
        return self._labels[source.id]

    @cached_property
    def _labels(self) -> dict[str, str]:
        kept: dict[str, str] = self._carried.pop("labels", {})
        return kept

    def cited_sources(self, explainer: Explainer) -> list[Source]:
        """The sources an explainer cites, in order of first citation (its notes' order)."""
        return self._per_explainer(self._cited, explainer, self._cited_sources)

    def _per_explainer(
        self, kept: dict[str, list[_T]], explainer: Explainer, make: Callable[[Explainer], list[_T]]
    ) -> list[_T]:
        """`make(explainer)`, made once and kept in `kept` (by explainer id) for the next save when
        this Site keeps what it derives; a translation's is made each time."""
        if not self.keep or explainer is not self.corpus.explainers.get(explainer.id):  # or a translation
            return make(explainer)
        if explainer.id not in kept:
            kept[explainer.id] = make(explainer)
        return list(kept[explainer.id])

    @cached_property
    def _cited(self) -> dict[str, list[Source]]:
        kept: dict[str, list[Source]] = self._carried.pop("cited", {})
        return kept

    def _cited_sources(self, explainer: Explainer) -> list[Source]:
        seen: dict[str, Source] = {}
        for note in self.notes[explainer.id].notes:
            for item in note.items:
                seen.setdefault(item.key, self.corpus.sources[item.key])
        return list(seen.values())

    def last_update(self, pub: Publication, explainer: Explainer) -> LastUpdate | None:
        """When the explainer last changed for readers: its file, or a source it cites (publication.py)."""
        if explainer is not self.corpus.explainers.get(explainer.id):
            return pub.last_update(explainer, self.cited_sources(explainer))
        kept = self._last_updates.get(explainer.id)
        if kept is None or kept[0] is not pub:  # the feed and corpus.json ask for each, the lists too
            kept = self._last_updates[explainer.id] = (pub, pub.last_update(explainer, self.cited_sources(explainer)))
        return kept[1]

    @cached_property
    def _last_updates(self) -> dict[str, tuple[Publication, LastUpdate | None]]:
        return {}

    def updated(self, pub: Publication, explainer: Explainer) -> str | None:
        """The date of `last_update`, for feeds and data."""
        update = self.last_update(pub, explainer)
        return update.date if update else None

    def source_mix(self, explainer: Explainer) -> list[tuple[str, int, int]]:
        """(affiliation name, sources, independent origins) for the sources an explainer cites."""
        return self._per_explainer(self._mixes, explainer, self._source_mix)

    @cached_property
    def _mixes(self) -> dict[str, list[tuple[str, int, int]]]:
        kept: dict[str, list[tuple[str, int, int]]] = self._carried.pop("mixes", {})
        return kept

    def _source_mix(self, explainer: Explainer) -> list[tuple[str, int, int]]:
        keys: list[str] = []
        for _, text in explainer.texts():
            keys += [i.key for i in cited_keys(text) if i.key not in keys]
        pubs, sources = self.corpus.publishers, self.corpus.sources
        by_source = Counter(pubs[sources[k].publisher].affiliation for k in keys)
        all_origins = {o for k in keys for o in self.relays.origins(k)}
        by_origin = Counter(pubs[o].affiliation for o in all_origins)
        return [
            (self.corpus.affiliations[a].name, by_source[a], by_origin[a])
            for a in self.corpus.affiliations
            if by_source[a] or by_origin[a]
        ]

    def filter_text(self, source: Source) -> str:
        """What the bibliography filter matches: title, translation, authors, publisher.

        The script builds the same text from the index (`haystack` in bibliography-filter.js);
        tests/test_bibliography.py checks that every word here finds its source there.
        """
        pubs = self.corpus.publishers
        words = [
            source.title,
            source.title_en,
            source.title_note,
            pubs[source.publisher].name,
            *(display_name(a) for a in source.authors),
            *source.authors,
            source.container,
            source.copy and pubs[source.copy.seen_at].name,
        ]
        return " ".join(w for w in words if w).casefold()

    # ---- the worklist --------------------------------------------------------------------------------
    def work_items(self, pub: Publication) -> list[WorkItem]:
        """What contributors could improve: incomplete citations, thin evidence, staleness."""
        items: list[WorkItem] = []
        cited = {key for key, citing in self.cited_by.items() if citing}
        for source in self.sources_in_order:
            items += self._source_items(source)
            if source.id not in cited:
                file, where, name = source.doc.file, addresses.source(source.id), self.label(source)
                items.append(WorkItem("uncited", f"{name}: not cited by any explainer", file, where))
        for explainer in self.explainers_in_order:
            file = explainer.doc.file
            if pub.is_stale(explainer):
                review_by = explainer.review_by or ""
                items.append(
                    WorkItem(
                        "stale",
                        f"{explainer.question}: past its review date ({format_date(review_by)})",
                        file,
                        addresses.explainer(explainer.id),
                    )
                )
            items += self._finding_items(explainer)
            for language in self.languages(explainer.id):
                items += self._translation_items(self.localized(explainer.id, language))
        return items

    def _source_items(self, source: Source) -> list[WorkItem]:
        """A source's facts to find (what it reads: source_reads), made once and kept."""
        if source.id in self._work_of_sources:
            return self._work_of_sources[source.id]
        file, where, name = source.doc.file, addresses.source(source.id), self.label(source)
        known = (
            ("URL", source.url),
            ("date", source.date),
            ("author", source.authors),
            ("archive copy", source.archive_url),
        )
        missing = [field for field, value in known if not value]
        items = []
        if missing:
            items.append(WorkItem("incomplete", f"{name}: no {', no '.join(missing)}", file, where))
        if source.copy:
            items.append(WorkItem("copy", f"{name}: only a copy was seen; find the original", file, where))
        self._work_of_sources[source.id] = items
        return items

    def _finding_items(self, explainer: Explainer) -> list[WorkItem]:
        """An explainer's findings whose evidence is thin or one-sided (what they read:
        explainer_reads), made once and kept."""
        if explainer.id in self._work_of_explainers:
            return self._work_of_explainers[explainer.id]
        items, file = [], explainer.doc.file
        for finding in explainer.findings:
            prof = self.profiles[(explainer.id, finding.id)]
            where = f"{explainer.question} — {finding.number}. {finding.heading}"
            address = addresses.finding(explainer.id, finding.id)
            if prof.single_affiliation:
                name = self.corpus.affiliations[prof.single_affiliation].name
                items.append(
                    WorkItem("one-affiliation", f"{where}: all its evidence traces back to {name}", file, address)
                )
            if finding.kind != "limitations" and not (prof.with_stance("contradicts") or prof.with_stance("context")):
                items.append(WorkItem("no-counter", f"{where}: no contradicting or context source", file, address))
            if finding.kind != "limitations" and not finding.confidence:
                items.append(WorkItem("no-confidence", f"{where}: confidence not assessed", file, address))
        self._work_of_explainers[explainer.id] = items
        return items

    @cached_property
    def _work_of_sources(self) -> dict[str, list[WorkItem]]:
        kept: dict[str, list[WorkItem]] = self._carried.pop("work_of_sources", {})
        return kept

    @cached_property
    def _work_of_explainers(self) -> dict[str, list[WorkItem]]:
        kept: dict[str, list[WorkItem]] = self._carried.pop("work_of_explainers", {})
        return kept

    def _translation_items(self, localized: Localized) -> list[WorkItem]:
        """Each paragraph of a translation that is older than the original or not translated, and the
        translation itself if no person has reviewed it."""
        translation, original = localized.translation, localized.original
        name, file = language_name(translation.language), translation.doc.file
        page = addresses.explainer(original.id, translation.language)
        items = []
        for state in localized.behind():
            where, anchor = _field_place(original, state.path)
            what = "the original changed after it was translated" if state.state == LAGGING else "not translated yet"
            text = f"{name} translation of {original.question} — {where}: {what}"
            items.append(WorkItem("translation-lag", text, file, f"{page}#{anchor}" if anchor else page))
        if not translation.reviewed:
            how = "machine translation" if translation.method == "machine" else "translation"
            text = f"{name} {how} of {original.question}: no person has reviewed it against the original"
            items.append(WorkItem("translation-review", text, file, page))
        return items
