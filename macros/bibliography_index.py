"""The bibliography's index: every source as compact JSON, for the page's script.

Pure: no file reads, no MkDocs. The bibliography page renders only its first
FIRST_VIEW entries as HTML, so the page stays small however many sources there
are; docs/assets/js/bibliography-filter.js loads this index to filter, sort and
show the rest. The script builds each entry with DOM calls and `textContent`,
never from HTML, so the index holds plain data, not markup.

Layout: one array per field, in the bibliography's own order (author or
publisher, then date, then title). Fields most sources have are dense arrays
(`null` where a value is missing); fields few sources have are objects keyed by
the entry's position ("12": value), so an absent value costs nothing. Publishers,
affiliations, types and languages are tables the entries point into by position.

    {"format": 1, "count": 2,
     "publishers": [[id, name, affiliation position], ...],
     "affiliations": [[id, name], ...], "types": [[id, label], ...],
     "languages": [[code, name], ...],
     "sources": {"id": [...], "title": [...], "authors": [[...], ...],
                 "publisher": [...], "date": [...], "url": [...], "type": [...],
                 "language": [...], "title_en": {...}, "title_note": {...},
                 "container": {...}, "date_inferred": {...}, "archive_url": {...},
                 "accessed": {...}, "copy": {...}, "facts": {...}}}

`authors` are as written in the data ("Family, Given"); `copy` is the position of
the publisher where the copy was seen; `facts` are the honesty facts of
`Site.facts()`, each [kind, label] or [kind, label, detail]. URLs passed the
`ee-url` check (http, https or mailto); the script links only http and https.
"""
from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .render import Site

FORMAT = 1
INDEX_PATH = "bibliography/index.json"  # where the site serves the index, from the site root
ALL_PATH = "bibliography/all/"          # the full list, for readers without JavaScript
FIRST_VIEW = 40                         # entries the bibliography page renders as HTML

DENSE = ("id", "title", "authors", "publisher", "date", "url", "type", "language")
SPARSE = ("title_en", "title_note", "container", "date_inferred", "archive_url", "accessed", "copy", "facts")


class _Table:
    """Values numbered in order of first use, for the entries to point into."""

    def __init__(self):
        self.rows: list = []
        self.at: dict = {}

    def __call__(self, key, row) -> int:
        if key not in self.at:
            self.at[key] = len(self.rows)
            self.rows.append(row)
        return self.at[key]


def build_index(site: Site) -> dict:
    """Every source of the site's corpus, in bibliography order, as plain JSON-ready data."""
    corpus = site.corpus
    affiliations, publishers, types, languages = _Table(), _Table(), _Table(), _Table()

    def publisher(pid: str) -> int:
        pub = corpus.publishers[pid]
        aff = corpus.affiliations[pub.affiliation]
        return publishers(pid, [pid, pub.name, affiliations(aff.id, [aff.id, aff.name])])

    cols: dict = {name: [] for name in DENSE} | {name: {} for name in SPARSE}
    for i, source in enumerate(site.sources_in_order):
        key = str(i)
        cols["id"].append(source.id)
        cols["title"].append(source.title)
        cols["authors"].append(list(source.authors))
        cols["publisher"].append(publisher(source.publisher))
        cols["date"].append(source.date)
        cols["url"].append(source.url)
        cols["type"].append(types(source.type, [source.type, source.type.replace("-", " ")]))
        cols["language"].append(languages(source.language, [source.language, source.language_name]))
        for name in ("title_en", "title_note", "container", "archive_url", "accessed"):
            value = getattr(source, name)
            if value:
                cols[name][key] = value
        if source.date and source.date_inferred:
            cols["date_inferred"][key] = 1
        if source.copy:
            cols["copy"][key] = publisher(source.copy["seen_at"])
        facts = [[f.kind, f.label, f.detail] if f.detail else [f.kind, f.label] for f in site.facts(source)]
        if facts:
            cols["facts"][key] = facts
    return {"format": FORMAT, "count": len(cols["id"]),
            "publishers": publishers.rows, "affiliations": affiliations.rows,
            "types": sorted(types.rows, key=lambda row: row[1]),
            "languages": sorted(languages.rows, key=lambda row: row[1]),
            "sources": cols} | _renumbered(types, languages, cols)


def _renumbered(types: _Table, languages: _Table, cols: dict) -> dict:
    """Types and languages are listed by label, for the menus; point the entries at the new order."""
    for table, field in ((types, "type"), (languages, "language")):
        order = sorted(range(len(table.rows)), key=lambda k: table.rows[k][1])
        new = {old: pos for pos, old in enumerate(order)}
        cols[field] = [new[v] for v in cols[field]]
    return {}


def index_json(index: dict) -> str:
    """The index as compact UTF-8 JSON: no spaces, characters as written."""
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def version(text: str) -> str:
    """A short digest of the index, so a browser never pairs a page with an older index."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
