"""When two sources are the same work: the same DOI, the same address written differently, or the
same title, date and publisher. One rule for the check of data/ and for the import.

An address is compared without what does not change the page it names: http or https, a leading
`www.`, the case of the host, a default port, a trailing slash, an empty query or fragment, and
tracking parameters (`utm_*` and the click ids that ad networks add).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from .model import Corpus, Source
from .problems import Problem

_TRACKING = re.compile(r"utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_eid|mc_cid|igshid|yclid|_ga", re.IGNORECASE)
_DOI = re.compile(r"\b(10\.[0-9]{4,9}/\S+)", re.IGNORECASE)
_DOI_HOSTS = ("doi.org", "dx.doi.org")


def normal_url(url: str) -> str:
    """The address in one spelling: `HTTP://www.Example.org:80/a/?utm_source=x` -> `example.org/a`."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return url.strip()
    host = (parts.hostname or "").lower().removeprefix("www.")
    if port and port not in (80, 443):
        host += f":{port}"
    path = parts.path.rstrip("/")
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.fullmatch(k)])
    return host + path + (f"?{query}" if query else "") + (f"#{parts.fragment}" if parts.fragment else "")


def doi(text: str | None) -> str | None:
    """The DOI in a DOI field or a doi.org address, lowercased (DOIs ignore case); else None."""
    if not text:
        return None
    text = text.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme in ("http", "https"):
        if (parts.hostname or "").lower() not in _DOI_HOSTS:
            return None
        text = unquote(parts.path.lstrip("/"))
    elif text.lower().startswith("doi:"):
        text = text[4:].strip()
    found = _DOI.match(text)
    return found.group(1).rstrip(".").lower() if found else None


def title_key(title: str | None) -> str:
    """A title without case, accents, punctuation or spacing differences."""
    text = unicodedata.normalize("NFKD", title or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.findall(r"\w+", text))


@dataclass(frozen=True)
class WorkKey:
    """One reason two sources are the same work: `kind` is doi, url or title."""

    kind: str
    value: str | tuple[str, str, str]

    def reason(self) -> str:
        if self.kind == "doi":
            return f"the same DOI ({self.value})"
        if self.kind == "url":
            return (
                f"the same address, {self.value} (read without http/https, www., a trailing slash or utm_ parameters)"
            )
        return "the same title, date and publisher"


def work_keys(
    *, title: str | None, date: str | None, publisher: str | None, url: str | None, doi_text: str | None = None
) -> list[WorkKey]:
    """Every key under which the work is known; two works sharing a key are the same."""
    keys = []
    found = doi(doi_text) or doi(url)
    if found:
        keys.append(WorkKey("doi", found))
    if url:
        keys.append(WorkKey("url", normal_url(url)))
    if title and date and publisher and title_key(title):
        keys.append(WorkKey("title", (title_key(title), date, publisher)))
    return keys


def source_keys(source: Source) -> list[WorkKey]:
    return work_keys(title=source.title, date=source.date, publisher=source.publisher, url=source.url)


_FIELD_OF_KEY = {"doi": "url", "url": "url", "title": "title"}


def duplicate_problems(corpus: Corpus, keys_of: Callable[[Source], list[WorkKey]] = source_keys) -> list[Problem]:
    """A problem on each source that is the same work as one before it (in id order). `keys_of`:
    `source_keys`, or the same kept between loads (load/corpus.py's Loader)."""
    first: dict[WorkKey, Source] = {}
    problems = []
    for source_id in sorted(corpus.sources):
        source = corpus.sources[source_id]
        reported = False
        for key in keys_of(source):
            other = first.setdefault(key, source)
            if other is source or reported:
                continue
            reported = True
            problems.append(_same_work(source, other, key))
    return problems


def _same_work(source: Source, other: Source, key: WorkKey) -> Problem:
    return Problem(
        source.doc.mark((_FIELD_OF_KEY[key.kind],)),
        f"the same work as {other.doc.file}: {key.reason()}",
        f"keep one of the two: cite [@{other.id}] where [@{source.id}] is cited, then delete this file",
    )


class WorkIndex:
    """Which sources have each work key, kept between loads of the same folder (`mkdocs serve`):
    a load looks again only at the sources that are not the very objects of the last one, and
    at those that share a key with another (duplicate_problems' problems, found from fewer)."""

    def __init__(self) -> None:
        self._sources: dict[str, tuple[Source, list[WorkKey]]] = {}
        self._owners: dict[WorkKey, set[str]] = {}

    def problems(self, corpus: Corpus, keys_of: Callable[[Source], list[WorkKey]] = source_keys) -> list[Problem]:
        """duplicate_problems(corpus, keys_of)."""
        sources, owners, known = corpus.sources, self._owners, self._sources
        for gone in known.keys() - sources.keys():
            self._forget(gone)
        for source_id, source in sources.items():
            last = known.get(source_id)
            if last is not None and last[0] is source:
                continue
            if last is not None:
                self._forget(source_id)
            keys = keys_of(source)
            known[source_id] = (source, keys)
            for key in keys:
                owners.setdefault(key, set()).add(source_id)
        shared = sorted({s for ids in owners.values() if len(ids) > 1 for s in ids})
        problems = []
        for source_id in shared:
            for key in known[source_id][1]:
                first = min(owners[key])
                if first != source_id:
                    problems.append(_same_work(sources[source_id], sources[first], key))
                    break
        return problems

    def _forget(self, source_id: str) -> None:
        for key in self._sources.pop(source_id)[1]:
            ids = self._owners[key]
            ids.discard(source_id)
            if not ids:
                del self._owners[key]
