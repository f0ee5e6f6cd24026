"""CSL-JSON (CSL 1.0.2): the bibliography for Zotero, pandoc and citeproc.

What the data does not know is left out, never filled in. The honesty facts go into `note`, one
line each, as the site words them; the site's own fields that no CSL variable holds (the copy
seen, relays, identification, the date's and title's notes) also go into `custom`, as data, so
that an export of this site imports back exactly (formats/importer.py).
"""

from __future__ import annotations

from typing import Any

from ..domain import addresses
from ..domain.facts import note_lines
from ..domain.model import Explainer, Source, split_name
from ..domain.publication import Publication
from ..domain.site import Site
from .common import compact_json, date_parts, joined, source_fields

# Our source types as CSL types. `article` is read as a news article: that is what the default
# type holds on this site (contributing.md).
CSL_TYPES = {
    "article": "article-newspaper",
    "journal-article": "article-journal",
    "blog-post": "post-weblog",
    "report": "report",
    "web-page": "webpage",
    "statement": "document",
    "video": "motion_picture",
    "book": "book",
    "dataset": "dataset",
}
# Types whose container is a periodical or site: with no `container`, the publisher's name is
# the periodical's title (Business Insider publishes in Business Insider).
PERIODICAL_TYPES = {"article", "journal-article", "blog-post"}
# The key under CSL's `custom` that holds this site's own fields.
CUSTOM_KEY = "evidence-explainers"
# The site's fields that CSL variables already carry exactly; `custom` holds the rest.
_CARRIED = {"id", "title", "container", "authors", "date", "url", "accessed"}


def csl_name(author: str) -> dict[str, str]:
    parts = split_name(author)
    if parts is None:
        return {"literal": author}
    family, given = parts
    return {"family": family, "given": given} if given else {"family": family}


def csl_date(value: str, circa: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"date-parts": [date_parts(value)]}
    if circa:
        out["circa"] = True
    return out


def csl_item(site: Site, source: Source) -> dict[str, Any]:
    """One source as a CSL-JSON item."""
    publisher = site.corpus.publishers[source.publisher].name
    item: dict[str, Any] = {"id": source.id, "type": CSL_TYPES[source.type]}
    if source.type == "statement":
        item["genre"] = "statement"
    if source.title:
        item["title"] = source.title
    if source.authors:
        item["author"] = [csl_name(a) for a in source.authors]
    container = source.container or (publisher if source.type in PERIODICAL_TYPES else None)
    if container:
        item["container-title"] = container
    item["publisher"] = publisher
    if source.date:
        item["issued"] = csl_date(source.date, source.date_inferred)
    if source.url:
        item["URL"] = source.url
    if source.accessed:
        item["accessed"] = csl_date(source.accessed)
    item["language"] = source.language
    lines = note_lines(source, site.corpus)
    if lines:
        item["note"] = "\n".join(lines)
    ours = {k: v for k, v in source_fields(source).items() if k not in _CARRIED and v not in (None, [], False)}
    item["custom"] = {CUSTOM_KEY: ours}
    return item


def csl_json(site: Site, sources: list[Source]) -> str:
    return csl_document([compact_json(csl_item(site, s)) for s in sources])


def csl_document(items: list[str]) -> str:
    """CSL-JSON of these items (each compact JSON), one a line: half the size of indented JSON,
    and still readable in a diff."""
    return joined("[\n", items, ",\n", "\n]\n") if items else "[]\n"


def explainer_item(pub: Publication, explainer: Explainer) -> dict[str, Any]:
    """The explainer itself as a CSL item, for "Cite this explainer"."""
    item: dict[str, Any] = {"id": explainer.id, "type": "webpage", "title": explainer.question}
    # The explainer's authors, with the site as publisher; or else the site as its author, and then
    # not again as publisher (styles would name it twice).
    if explainer.authors:
        item["author"] = [csl_name(a) for a in explainer.authors]
        item["publisher"] = pub.name
    else:
        item["author"] = [{"literal": pub.name}]
    item["issued"] = csl_date(explainer.published)
    url = pub.absolute(addresses.explainer(explainer.id))
    if url:
        item["URL"] = url
    if pub.version.recorded:
        item["version"] = pub.version.commit
    return item  # no `language`: the data does not record an explainer's language
