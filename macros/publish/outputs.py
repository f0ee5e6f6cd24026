"""What the engine adds to a site: every generated page and file, and the one function that
makes each (`produce`), whatever the size of the corpus.

`plan` lists the outputs from the corpus without rendering anything; `produce` makes one;
`produce_all` makes them all, in parts on every core where that is safe (parallel.py), with the
same result as one by one. A site generator's adapter hands the pages to its theme and writes the
files (adapter/).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..domain import addresses
from ..domain.model import Source
from ..domain.publication import Publication
from ..domain.site import Site
from ..formats import bibliography_index, bibtex, corpus_json, csl, feed, jsonld, ris, search_entries
from ..render.renderer import Renderer
from . import parallel


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    title: str  # plain text


@dataclass(frozen=True)
class PageSpec:
    """A generated page: where it lives, what it is, its title and table of contents."""

    address: str  # site-relative, "sources/x/"
    kind: str  # explainer | source | topic | all-sources
    key: str  # the explainer's, source's or topic's id ("" for the full list)
    title: str  # plain text
    toc: tuple[TocEntry, ...] = ()
    in_search: bool = False  # indexed by the theme's search (otherwise the engine's entries cover it)

    @property
    def file(self) -> str:
        return addresses.page_file(self.address)


@dataclass(frozen=True)
class FileSpec:
    """A generated file (an export, the feed, the bibliography's index)."""

    path: str  # site-relative
    kind: str
    key: str = ""


@dataclass(frozen=True)
class PageOut:
    content: str  # the page's HTML inside the theme
    head: str  # what the page adds to <head>


@dataclass(frozen=True)
class Plan:
    pages: tuple[PageSpec, ...]
    files: tuple[FileSpec, ...]

    def page_for(self, file: str) -> PageSpec | None:
        return next((p for p in self.pages if p.file == file), None)


def _explainer_toc(site: Site, explainer_id: str) -> tuple[TocEntry, ...]:
    explainer = site.corpus.explainers[explainer_id]
    entries = [TocEntry("summary", "Executive summary")]
    entries += [TocEntry(f.id, f"{f.number}. {f.heading}") for f in explainer.findings]
    if site.source_mix(explainer):
        entries.append(TocEntry("source-mix", "Where the evidence comes from"))
    entries += [
        TocEntry("corrections", "Corrections"),
        TocEntry("cite-this", "Cite this explainer"),
        TocEntry("notes", "Sources"),
    ]
    return tuple(entries)


def plan(site: Site) -> Plan:
    """Every page and file the engine adds, in a fixed order, without rendering any."""
    corpus = site.corpus
    pages = [
        PageSpec(addresses.explainer(e), "explainer", e, corpus.explainers[e].question, _explainer_toc(site, e))
        for e in corpus.explainers
    ]
    pages += [
        PageSpec(addresses.topic(t), "topic", t, f"Topic: {corpus.topics[t].name}", in_search=True)
        for t in corpus.topics
    ]
    pages += [
        PageSpec(addresses.source(s), "source", s, site.label(corpus.sources[s]), (TocEntry("cited-by", "Cited by"),))
        for s in corpus.sources
    ]
    pages.append(PageSpec(addresses.ALL_SOURCES, "all-sources", "", "All sources"))
    files = [FileSpec(path, "site-bibliography", label) for label, path in addresses.SITE_BIBLIOGRAPHIES.items()]
    files += [
        FileSpec(addresses.CORPUS_JSON, "corpus"),
        FileSpec(addresses.CORPUS_SCHEMA, "corpus-schema"),
        FileSpec(addresses.FEED, "feed"),
        FileSpec(addresses.BIBLIOGRAPHY_INDEX, "bibliography-index"),
    ]
    files += [
        FileSpec(path, "explainer-bibliography", f"{e} {label}")
        for e in corpus.explainers
        for label, path in addresses.explainer_bibliographies(e).items()
    ]
    return Plan(tuple(pages), tuple(files))


def page_head(pub: Publication, root: str) -> str:
    """What every page adds to <head>: the feed's address."""
    return str(
        Markup('<link rel="alternate" type="application/atom+xml" title="{}" href="{}">').format(
            pub.name, root + addresses.FEED
        )
    )


_BIBLIOGRAPHIES: dict[str, Callable[[Site, Publication, list[Source]], str]] = {
    "BibTeX": bibtex.bibtex,
    "CSL-JSON": lambda site, pub, s: csl.csl_json(site, s),
    "RIS": lambda site, pub, s: ris.ris(site, s),
}


class Producer:
    """Makes outputs of one Site and Publication (one per process: it keeps a Renderer)."""

    def __init__(self, site: Site, pub: Publication):
        self.site, self.pub = site, pub
        self.renderer = Renderer(site, pub)

    def page(self, spec: PageSpec) -> PageOut:
        root = addresses.root_of(spec.address)
        site, pub, render = self.site, self.pub, self.renderer
        head = page_head(pub, root)
        if spec.kind == "explainer":
            explainer = site.corpus.explainers[spec.key]
            content = render.explainer(spec.key, root)
            head += str(jsonld.script_tag(jsonld.explainer_page(site, pub, explainer, root)))
        elif spec.kind == "source":
            content = render.source(spec.key, root)
            head += str(jsonld.script_tag(jsonld.source_page(site, pub, site.corpus.sources[spec.key], root)))
        elif spec.kind == "topic":
            content = render.topic(spec.key, root)
        elif spec.kind == "all-sources":
            content = render.all_sources(root)
        else:
            raise ValueError(f"unknown kind of page: {spec.kind}")
        return PageOut(str(content), head)

    def file(self, spec: FileSpec) -> str:
        site, pub = self.site, self.pub
        if spec.kind == "site-bibliography":
            return _BIBLIOGRAPHIES[spec.key](site, pub, site.sources_in_order)
        if spec.kind == "explainer-bibliography":
            explainer_id, label = spec.key.split(" ", 1)
            return _BIBLIOGRAPHIES[label](site, pub, site.cited_sources(site.corpus.explainers[explainer_id]))
        if spec.kind == "corpus":
            return corpus_json.corpus_json(site, pub)
        if spec.kind == "corpus-schema":
            return corpus_json.corpus_schema()
        if spec.kind == "feed":
            return feed.atom_feed(site, pub)
        if spec.kind == "bibliography-index":
            return bibliography_index.index_json(bibliography_index.build_index(site))
        if spec.kind == _SEARCH.kind:
            return search_entries.entries_json(site)
        raise ValueError(f"unknown kind of file: {spec.kind}")

    def produce(self, spec: PageSpec | FileSpec) -> PageOut | str:
        return self.page(spec) if isinstance(spec, PageSpec) else self.file(spec)


def _produce_part(site: Site, pub: Publication, specs: list[Any]) -> list[PageOut | str]:
    producer = Producer(site, pub)
    return [producer.produce(spec) for spec in specs]


@dataclass(frozen=True)
class Outputs:
    """Every generated page's and file's content, by page file or file path, and the engine's
    entries for the theme's search index (search_entries.py)."""

    pages: dict[str, PageOut]
    files: dict[str, str]
    search_entries: str


_SEARCH = FileSpec("", "search-entries")  # not a file: the adapter adds the entries to the theme's index


def produce_all(site: Site, pub: Publication, the_plan: Plan, workers: int | None = None) -> Outputs:
    """Every output of the plan, made by `Producer.produce`, in parts on up to `workers` processes
    where that is safe (parallel.py); the result is the same as making them one by one here."""
    specs: list[Any] = [*the_plan.pages, *the_plan.files, _SEARCH]
    made = parallel.map_parts(_produce_part, (site, pub), specs, workers)
    pages, files = {}, {}
    for spec, out in zip(specs[:-1], made[:-1], strict=True):
        if isinstance(out, PageOut):
            pages[spec.file] = out
        else:
            files[spec.path] = out
    search = made[-1]
    assert isinstance(search, str)
    return Outputs(pages, files, search)
