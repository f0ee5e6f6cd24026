"""The bibliography's index: every source as compact JSON in small files, for the page's script.

Pure: no file reads, no MkDocs. The bibliography page renders only its first FIRST_VIEW entries
as HTML, so the page stays small however many sources there are; docs/assets/js/
bibliography-filter.js reads this index to filter, sort and show the rest. What a filter fetches
is bounded: a few bytes a source for the menus and the sort, a bucket for each word typed, and
the parts holding the entries it shows, never the whole bibliography. Files, under
addresses.BIBLIOGRAPHY_INDEX:

- `keys.json`, fetched when the reader turns to the tools: the tables the menus list (publishers,
  affiliations, types, languages, facts, dates) and, for each source in the bibliography's order
  (author or publisher, then date, then title), the position of its publisher, type, language and
  date in them (-1: no date). That is all the menus, the counts and the sorts need.
- `entries/<n>.json`: the entries at positions n*PER_PART.., each an object with what the keys do
  not hold (id, title, authors, url, and the fields few sources have, absent when empty).
- `words/<n>.json`: the words of the sources' filter text (Site.filter_text) in bucket n, each with
  the positions of the sources that have it (as differences from the last). A word's bucket is a
  hash of its first PREFIX characters (search_index.bucket), so every word a typed prefix can grow
  into is in one bucket; there is a bucket for every SOURCES_PER_WORD_BUCKET sources.
- `ids/<n>.json`: each source id in bucket n (a hash of the whole id) with its position, for a link
  to /bibliography/#<id> whose entry is not on the page.

The number of each kind of file follows from the number of sources alone (`paths`), so the
build plans them before making any. `authors` are as written in the data ("Family, Given"); `copy`
is the position of the publisher where the copy was seen; an entry's `facts` are its honesty facts
(domain/facts.py), each the position of its [kind, label] in the `facts` table, or [position,
detail] when it has a detail; a third member, 1, in the table marks a fact that weakens a citation
(Fact.weakens). The tables are in the order the menus list them: publishers by name, affiliations
as in data/affiliations.yaml, types and languages by label, dates as text (which is date order).
URLs passed the `ee-url` check (http, https or mailto); the script links only http and https. The
script builds entries with DOM calls and `textContent`, never from HTML, so the index holds plain
data, not markup.
"""

from __future__ import annotations

import hashlib
import json
import math
from bisect import bisect_left, insort
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, NamedTuple

from ..domain import addresses
from ..domain.facts import Fact
from ..domain.model import Affiliation, Corpus, Publisher, Source, language_name_in
from ..domain.site import Site
from .search_index import PREFIX, bucket, words

FORMAT = 2
FIRST_VIEW = 40  # entries the bibliography page renders as HTML
ALL_PAGE = 500  # entries a page of the full list (for readers without JavaScript) holds
PER_PART = 10  # entries in a part: a window of scattered matches fetches at most one part per entry
SOURCES_PER_WORD_BUCKET = 100
SOURCES_PER_ID_BUCKET = 500
KEYS = addresses.BIBLIOGRAPHY_INDEX + "keys.json"

SPARSE = ("title_en", "title_note", "container", "archive_url", "accessed")


def counts(sources: int) -> tuple[int, int, int]:
    """How many parts of entries, buckets of words and buckets of ids a bibliography of `sources` has."""
    return (
        max(1, math.ceil(sources / PER_PART)),
        max(1, math.ceil(sources / SOURCES_PER_WORD_BUCKET)),
        max(1, math.ceil(sources / SOURCES_PER_ID_BUCKET)),
    )


def paths(sources: int) -> list[str]:
    """Every file of the index of a bibliography of `sources`, keys first."""
    parts, word_buckets, id_buckets = counts(sources)
    folder = addresses.BIBLIOGRAPHY_INDEX
    return [
        KEYS,
        *(f"{folder}entries/{n}.json" for n in range(parts)),
        *(f"{folder}words/{n}.json" for n in range(word_buckets)),
        *(f"{folder}ids/{n}.json" for n in range(id_buckets)),
    ]


def _by_label(pairs: set[tuple[str, str]]) -> tuple[list[list[str]], dict[str, int]]:
    """A table of (id, label) sorted by label, as the menus list them, and each id's position."""
    rows = sorted(pairs, key=lambda pair: (pair[1].casefold(), pair[0]))
    return [list(row) for row in rows], {row[0]: pos for pos, row in enumerate(rows)}


def _language_label(tag: str) -> str:
    """ "Portuguese"; "Portuguese (pt-BR)" where a region or script is given."""
    name = language_name_in(tag)
    return name if tag in (name, tag.split("-")[0]) else f"{name} ({tag})"


def _dump(value: object) -> str:
    """Compact UTF-8 JSON: no spaces, characters as written."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _entry(
    site: Site, source: Source, pub_at: Mapping[str, int], fact_at: Mapping[tuple[str, str], int]
) -> dict[str, Any]:
    """A source's entry: what the keys do not hold, positions into the tables (publishers, facts)."""
    entry: dict[str, Any] = {"id": source.id}
    if source.title:
        entry["title"] = source.title
    if source.authors:
        entry["authors"] = list(source.authors)
    if source.url:
        entry["url"] = source.url
    for name in SPARSE:
        value = getattr(source, name)
        if value:
            entry[name] = value
    if source.date and source.date_inferred:
        entry["date_inferred"] = 1
    if source.copy:
        entry["copy"] = pub_at[source.copy.seen_at]
    facts = [[fact_at[f.kind, f.label], f.detail] if f.detail else fact_at[f.kind, f.label] for f in site.facts(source)]
    if facts:
        entry["facts"] = facts
    return entry


def filter_words(site: Site, source: Source) -> tuple[str, ...]:
    """The words a filter finds a source by, each once: those of its filter text (Site.filter_text)."""
    return tuple(dict.fromkeys(words(site.filter_text(source))))


class Record(NamedTuple):
    """What the index holds of one source, but its position: its entry (JSON text), the words a
    filter finds it by, and the bucket of its id."""

    entry: str
    words: tuple[str, ...]
    id_bucket: int


# What the keys and the tables are made of, a tuple a source in the bibliography's order: its
# publisher, the publisher where its copy was seen, its type, language, date and facts.
Column = tuple[str, str | None, str, str, str | None, list[Fact]]


class Tables(NamedTuple):
    """What a Record's positions point into, and the keys file, made from the columns."""

    token: str  # the same while every publisher and fact keeps its position: a Record made under it holds
    id_buckets: int
    pub_at: dict[str, int]
    fact_at: dict[tuple[str, str], int]
    keys: str  # keys.json


def _same_places(old: Tables, new: Tables) -> bool:
    """Whether every publisher and fact in both tables has the same position in each, with as
    many id buckets: then a Record made with the old ones is right with the new ones. (A label
    that names a source, as a relay's does, changes in place when that source's title does.)"""
    return (
        old.id_buckets == new.id_buckets
        and all(old.pub_at.get(key, at) == at for key, at in new.pub_at.items())
        and all(old.fact_at.get(key, at) == at for key, at in new.fact_at.items())
    )


def _tables(corpus: Corpus, columns: list[Column], last: Tables | None) -> Tables:
    """The tables, keys file and token from the columns; the token is `last`'s where every
    position is the same (`_same_places`)."""
    used = {c[0] for c in columns} | {c[1] for c in columns if c[1]}
    # Affiliations in the taxonomy's order (data/affiliations.yaml), publishers by name.
    used_affs = {corpus.publishers[p].affiliation for p in used}
    affiliations = [[a.id, a.name] for a in corpus.affiliations.values() if a.id in used_affs]
    aff_at = {row[0]: pos for pos, row in enumerate(affiliations)}
    by_name = sorted((corpus.publishers[p] for p in used), key=lambda p: (p.name.casefold(), p.id))
    publishers = [[p.id, p.name, aff_at[p.affiliation]] for p in by_name]
    pub_at = {p.id: pos for pos, p in enumerate(by_name)}
    types, type_at = _by_label({(t, t.replace("-", " ")) for t in {c[2] for c in columns}})
    languages, language_at = _by_label({(tag, _language_label(tag)) for tag in {c[3] for c in columns}})
    dates = sorted({c[4] for c in columns if c[4]})
    date_at = {d: pos for pos, d in enumerate(dates)}
    # The facts table lists each (kind, label) where a source in the bibliography's order first has it.
    fact_table: list[list[str | int]] = []
    fact_at: dict[tuple[str, str], int] = {}
    for column in columns:
        for f in column[5]:
            if (f.kind, f.label) not in fact_at:
                fact_at[f.kind, f.label] = len(fact_table)
                fact_table.append([f.kind, f.label, 1] if f.weakens else [f.kind, f.label])
    _, n_words, n_ids = counts(len(columns))
    keys = {
        "format": FORMAT,
        "count": len(columns),
        "per_part": PER_PART,
        "word_buckets": n_words,
        "id_buckets": n_ids,
        "prefix": PREFIX,
        "publishers": publishers,
        "affiliations": affiliations,
        "types": types,
        "languages": languages,
        "facts": fact_table,
        "dates": dates,
        "publisher": [pub_at[c[0]] for c in columns],
        "type": [type_at[c[2]] for c in columns],
        "language": [language_at[c[3]] for c in columns],
        "date": [date_at[c[4]] if c[4] else -1 for c in columns],
    }
    token = hashlib.sha256(_dump([n_ids, publishers, fact_table]).encode("utf-8")).hexdigest()
    made = Tables(token, n_ids, pub_at, fact_at, _dump(keys))
    return made._replace(token=last.token) if last is not None and _same_places(last, made) else made


@dataclass(frozen=True)
class Index:
    """The index's files, and what they were made from: under `mkdocs serve` the next build's
    index starts from it (`build_index`). Never changed once made: the next one copies what it
    changes."""

    files: dict[str, str]
    columns: list[Column]
    publishers: dict[str, Publisher]  # the corpus's, which the tables read too
    affiliations: dict[str, Affiliation]
    tables: Tables
    ids: tuple[str, ...]  # the sources, in the bibliography's order
    records: tuple[Record, ...]
    postings: dict[str, list[int]]  # each word's sources, by position
    terms: tuple[dict[str, list[int]], ...]  # each word bucket's words, as its file has them
    parts: tuple[str, ...]  # the files of entries
    term_files: tuple[str, ...]
    id_files: tuple[str, ...]


def build_index(
    site: Site,
    records_of: Callable[[list[Source], str, Callable[[Source], Record]], list[Record]] | None = None,
    last: Index | None = None,
) -> Index:
    """Every file of the index (`paths`), by path under the site, as JSON text. `records_of(sources,
    tables, make)`: where a caller keeps each source's Record between builds; `make(source)` makes
    it, and it stays the same while the source, its facts and `tables` (a token that stays the
    same while the positions in it point where they did, and the number of id buckets) do. From
    `last` (an earlier build's index), the tables are its own where what they are made of is the
    same, and, of as many sources with the same token, only the files holding a position whose
    record changed are made again: the files are the same as those made without it."""
    corpus = site.corpus
    sources = site.sources_in_order
    columns: list[Column] = [
        (s.publisher, s.copy.seen_at if s.copy else None, s.type, s.language, s.date, site.facts(s)) for s in sources
    ]
    same = (
        last is not None
        and last.columns == columns
        and last.publishers == corpus.publishers
        and last.affiliations == corpus.affiliations
    )
    made = last.tables if same and last is not None else _tables(corpus, columns, last.tables if last else None)
    pub_at, fact_at, tables = made.pub_at, made.fact_at, made.token
    n_parts, n_words, n_ids = counts(len(sources))

    def make(source: Source) -> Record:
        entry = _dump(_entry(site, source, pub_at, fact_at))
        return Record(entry, filter_words(site, source), bucket(source.id, n_ids, None))

    records = records_of(sources, tables, make) if records_of else [make(s) for s in sources]
    ids = tuple(s.id for s in sources)
    # From `last`, the positions whose record changed; without it, every position, from nothing.
    kept = last if last is not None and last.tables.token == tables and len(last.records) == len(records) else None
    if kept is not None:
        changed = [
            n for n, (new, old) in enumerate(zip(records, kept.records, strict=True)) if new is not old and new != old
        ]
        postings = dict(kept.postings)
        parts, term_files, id_files = list(kept.parts), list(kept.term_files), list(kept.id_files)
        terms = list(kept.terms)
        part_dirty = {n // PER_PART for n in changed}
        term_dirty: set[int] = set()
        id_dirty = {bucket(i, n_ids, None) for n in changed for i in (ids[n], kept.ids[n]) if ids[n] != kept.ids[n]}
    else:
        changed, postings = list(range(len(records))), {}
        parts, term_files, id_files = [""] * n_parts, [""] * n_words, [""] * n_ids
        terms = [{} for _ in range(n_words)]
        part_dirty, term_dirty, id_dirty = set(range(n_parts)), set(range(n_words)), set(range(n_ids))
    own: set[str] = set()  # the words whose postings this index has copied: every word it changes

    def found(word: str) -> list[int]:
        if word not in own:
            own.add(word)
            postings[word] = list(postings.get(word, ()))
        return postings[word]

    if kept is not None:
        for n in changed:
            for word in kept.records[n].words:
                at = found(word)
                del at[bisect_left(at, n)]
    for n in changed:
        for word in records[n].words:
            insort(found(word), n)
    for word in own:
        b = bucket(word, n_words)
        if b not in term_dirty:  # a kept bucket: copied before it changes
            term_dirty.add(b)
            terms[b] = dict(terms[b])
        at = postings[word]
        if at:
            terms[b][word] = [at[0], *(y - x for x, y in pairwise(at))]
        else:
            del postings[word]
            terms[b].pop(word, None)
    for b in term_dirty:
        terms[b] = {word: terms[b][word] for word in sorted(terms[b])}
        term_files[b] = _dump(terms[b])
    for k in part_dirty:
        parts[k] = "[" + ",".join(r.entry for r in records[k * PER_PART : (k + 1) * PER_PART]) + "]"
    if id_dirty:
        id_parts: dict[int, dict[str, int]] = {b: {} for b in id_dirty}
        for n, (source_id, record) in enumerate(zip(ids, records, strict=True)):
            if record.id_bucket in id_parts:
                id_parts[record.id_bucket][source_id] = n
        for b, table in id_parts.items():
            id_files[b] = _dump(table)

    folder = addresses.BIBLIOGRAPHY_INDEX
    files = {KEYS: made.keys}
    files.update((f"{folder}entries/{n}.json", text) for n, text in enumerate(parts))
    files.update((f"{folder}words/{n}.json", text) for n, text in enumerate(term_files))
    files.update((f"{folder}ids/{n}.json", text) for n, text in enumerate(id_files))
    return Index(
        files,
        columns,
        corpus.publishers,
        corpus.affiliations,
        made,
        ids,
        tuple(records),
        postings,
        tuple(terms),
        tuple(parts),
        tuple(term_files),
        tuple(id_files),
    )


def version(files: Mapping[str, str]) -> str:
    """A short digest of every file of the index, so a browser never pairs a page, or one part,
    with another build's index."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode("utf-8") + b"\0" + files[path].encode("utf-8") + b"\0")
    return digest.hexdigest()[:12]
