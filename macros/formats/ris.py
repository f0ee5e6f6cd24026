"""RIS: the bibliography for EndNote and Mendeley. The honesty facts are `N1` notes, one each."""

from __future__ import annotations

import re

from ..domain.facts import note_lines
from ..domain.model import Source
from ..domain.site import Site
from .csl import PERIODICAL_TYPES

RIS_TYPES = {
    "article": "NEWS",
    "journal-article": "JOUR",
    "blog-post": "BLOG",
    "report": "RPRT",
    "web-page": "ELEC",
    "statement": "GEN",
    "video": "VIDEO",
    "book": "BOOK",
    "dataset": "DATA",
}


def _ris_value(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def ris_date(value: str) -> str:
    parts = value.split("-") + ["", ""]
    return f"{parts[0]}/{parts[1]}/{parts[2]}/"


def ris_record(site: Site, source: Source) -> str:
    publisher = site.corpus.publishers[source.publisher].name
    lines = [("TY", RIS_TYPES[source.type]), ("ID", source.id)]
    if source.title:
        lines.append(("TI", source.title))
    if source.title_en:
        lines.append(("TT", source.title_en))
    lines += [("AU", a) for a in source.authors]
    container = source.container or (publisher if source.type in PERIODICAL_TYPES else None)
    if container:
        lines.append(("T2", container))
    lines.append(("PB", publisher))
    if source.date:
        lines += [("PY", source.date[:4]), ("DA", ris_date(source.date))]
    if source.url:
        lines.append(("UR", source.url))
    if source.accessed:
        lines.append(("Y2", ris_date(source.accessed)))
    lines.append(("LA", source.language))
    lines += [("N1", line) for line in note_lines(source, site.corpus)]
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {_ris_value(value)}".rstrip() + "\r\n" for tag, value in lines)


def ris(site: Site, sources: list[Source]) -> str:
    return ris_document([ris_record(site, s) for s in sources])


def ris_document(records: list[str]) -> str:
    return "\r\n".join(records)
