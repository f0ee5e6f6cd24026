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
     "languages": [[code, name], ...], "facts": [[kind, label(, 1)], ...],
     "sources": {"id": [...], "title": [...], "authors": [[...], ...],
                 "publisher": [...], "date": [...], "url": [...], "type": [...],
                 "language": [...], "title_en": {...}, "title_note": {...},
                 "container": {...}, "date_inferred": {...}, "archive_url": {...},
                 "accessed": {...}, "copy": {...}, "facts": {...}}}

`authors` are as written in the data ("Family, Given"); `copy` is the position of
the publisher where the copy was seen; an entry's `facts` are its honesty facts
(domain/facts.py), each the position of its [kind, label] in the `facts` table, or
[position, detail] when it has a detail ("Author not shown" is written once, not
once per source); a third member, 1, in the table marks a fact that weakens a
citation (Fact.weakens). The other tables are in the order the menus list them:
publishers by name, affiliations as in data/affiliations.yaml, types and
languages by label. URLs passed the
`ee-url` check (http, https or mailto); the script links only http and https.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..domain.facts import Fact
from ..domain.model import Source
from ..domain.site import Site

FORMAT = 1
FIRST_VIEW = 40  # entries the bibliography page renders as HTML
ALL_PAGE = 500  # entries a page of the full list (for readers without JavaScript) holds

DENSE = ("id", "title", "authors", "publisher", "date", "url", "type", "language")
SPARSE = ("title_en", "title_note", "container", "date_inferred", "archive_url", "accessed", "copy", "facts")


def _by_label(pairs: set[tuple[str, str]]) -> tuple[list[list[str]], dict[str, int]]:
    """A table of (id, label) sorted by label, as the menus list them, and each id's position."""
    rows = sorted(pairs, key=lambda pair: (pair[1].casefold(), pair[0]))
    return [list(row) for row in rows], {row[0]: pos for pos, row in enumerate(rows)}


def _language_label(source: Source) -> str:
    """ "Portuguese"; "Portuguese (pt-BR)" where a region or script is given."""
    name = source.language_name
    return name if source.language in (name, source.language.split("-")[0]) else f"{name} ({source.language})"


def build_index(site: Site) -> dict[str, Any]:
    """Every source of the site's corpus, in bibliography order, as plain JSON-ready data."""
    corpus = site.corpus
    sources = site.sources_in_order
    used = {s.publisher for s in sources} | {s.copy.seen_at for s in sources if s.copy}
    # Affiliations in the taxonomy's order (data/affiliations.yaml), publishers by name.
    used_affs = {corpus.publishers[p].affiliation for p in used}
    affiliations = [[a.id, a.name] for a in corpus.affiliations.values() if a.id in used_affs]
    aff_at = {row[0]: pos for pos, row in enumerate(affiliations)}
    publishers = [
        [p.id, p.name, aff_at[p.affiliation]]
        for p in sorted((corpus.publishers[p] for p in used), key=lambda p: (p.name.casefold(), p.id))
    ]
    pub_at = {row[0]: pos for pos, row in enumerate(publishers)}
    types, type_at = _by_label({(s.type, s.type.replace("-", " ")) for s in sources})
    languages, language_at = _by_label({(s.language, _language_label(s)) for s in sources})

    fact_table: list[list[str | int]] = []
    fact_at: dict[tuple[str, str], int] = {}

    def fact(f: Fact) -> int:
        if (f.kind, f.label) not in fact_at:
            fact_at[f.kind, f.label] = len(fact_table)
            fact_table.append([f.kind, f.label, 1] if f.weakens else [f.kind, f.label])
        return fact_at[f.kind, f.label]

    cols: dict[str, Any] = {name: [] for name in DENSE} | {name: {} for name in SPARSE}
    for i, source in enumerate(sources):
        key = str(i)
        cols["id"].append(source.id)
        cols["title"].append(source.title)
        cols["authors"].append(list(source.authors))
        cols["publisher"].append(pub_at[source.publisher])
        cols["date"].append(source.date)
        cols["url"].append(source.url)
        cols["type"].append(type_at[source.type])
        cols["language"].append(language_at[source.language])
        for name in ("title_en", "title_note", "container", "archive_url", "accessed"):
            value = getattr(source, name)
            if value:
                cols[name][key] = value
        if source.date and source.date_inferred:
            cols["date_inferred"][key] = 1
        if source.copy:
            cols["copy"][key] = pub_at[source.copy.seen_at]
        facts = [[fact(f), f.detail] if f.detail else fact(f) for f in site.facts(source)]
        if facts:
            cols["facts"][key] = facts
    return {
        "format": FORMAT,
        "count": len(sources),
        "publishers": publishers,
        "affiliations": affiliations,
        "types": types,
        "languages": languages,
        "facts": fact_table,
        "sources": cols,
    }


def index_json(index: dict[str, Any]) -> str:
    """The index as compact UTF-8 JSON: no spaces, characters as written."""
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def version(text: str) -> str:
    """A short digest of the index, so a browser never pairs a page with an older index."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
