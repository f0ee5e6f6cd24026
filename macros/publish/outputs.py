"""What the engine adds to a site: every generated page and file, and the one function that
makes each, whatever the size of the corpus.

`plan` lists the outputs from the corpus without rendering anything. `Producer.produce` makes
one; `produce_all` makes them all, in parts on every core where that is safe (parallel.py), with
the same result as one by one. A site generator's adapter hands the pages to its theme and writes
the files (adapter/).

A page is made in two parts. `Producer.page` makes what the theme needs: its content and <head>.
`Producer.late` makes what is put into the themed page afterwards (`fill`): an explainer's
formatted "Cite this" citations (at renderer.CITE_SLOT; citeproc-py takes a third of an
explainer's time) and its JSON-LD, and the search entries. The adapter starts the late parts
(`late_work`) when the theme starts, so that they are made on a core the theme leaves idle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from typing import Any, TypeVar

from markupsafe import Markup, escape

from ..domain import addresses
from ..domain.ids import only
from ..domain.model import Explainer, Source
from ..domain.publication import Publication
from ..domain.site import Key, Site
from ..formats import (
    bibliography_index,
    bibtex,
    cite,
    corpus_json,
    csl,
    feed,
    jsonld,
    language_sitemap,
    ris,
    search_entries,
)
from ..formats.bibliography_index import Index as BibliographyIndex
from ..formats.bibliography_index import Record as IndexRecord
from ..formats.cite import Citations
from ..formats.common import compact_json
from ..formats.search_index import Entry
from ..render.renderer import CITE_SLOT, HEADING_IDS, Renderer, translator
from ..render.whitespace import drop_indentation
from . import parallel


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    title: str  # plain text


@dataclass(frozen=True)
class PageSpec:
    """A generated page: where it lives, what it is, its title and table of contents."""

    address: str  # site-relative, "sources/x/"
    kind: str  # explainer | source | topic | all-sources | corrections | listing
    key: str  # the explainer's, source's or topic's id ("" for the full list)
    title: str  # plain text
    toc: tuple[TocEntry, ...] = ()  # the sections under the page's heading
    in_search: bool = False  # indexed from its HTML, like hand-written pages (else the engine's entries cover it)
    language: str | None = None  # an explainer's translation: its language tag (None: the original)
    # A page of the full list of sources: the number of sources, then the ids of those it lists and
    # of those each page of the list runs from and to (its pager), so that a save which moves,
    # adds or removes a source changes the spec of every page it changes (reads: what they show).
    lists: tuple[str, ...] = ()

    @cached_property
    def file(self) -> str:
        """Its Markdown file's name, which names it in a build (asked for many times a build)."""
        return addresses.page_file(self.address)

    @property
    def title_html(self) -> str:
        """The title as the theme gets it (`meta.title`): escaped, since themes treat titles as HTML."""
        return str(escape(self.title))

    @property
    def heading(self) -> str:
        """The id of the page's heading, the first entry of its table of contents."""
        return HEADING_IDS[self.kind]


@dataclass(frozen=True)
class FileSpec:
    """A generated file (an export, the feed, the bibliography's index)."""

    path: str  # site-relative
    kind: str
    key: str = ""


@dataclass(frozen=True)
class PageOut:
    content: str  # the page's HTML inside the theme (an explainer's holds renderer.CITE_SLOT)
    head: str  # what the page adds to <head>


@dataclass(frozen=True)
class LateOut:
    """What a themed page gets afterwards: the HTML for its slot, and more for its <head>."""

    slot: str = ""
    head: str = ""


def fill(page_html: str, late: LateOut) -> str:
    """A themed page with its late part in place."""
    if late.slot:
        page_html = page_html.replace(CITE_SLOT, late.slot, 1)
    return page_html.replace("</head>", late.head + "</head>", 1) if late.head else page_html


def finish(themed: str, out: PageOut, late: LateOut) -> str:
    """A generated page as published: the theme's HTML with the page's <head> lines and late part,
    and the templates' indentation dropped (render/whitespace.py)."""
    return drop_indentation(fill(themed.replace("</head>", out.head + "</head>", 1), late))


@dataclass(frozen=True)
class Plan:
    pages: tuple[PageSpec, ...]
    files: tuple[FileSpec, ...]


def _explainer_toc(site: Site, explainer_id: str, language: str | None = None) -> tuple[TocEntry, ...]:
    explainer = site.in_language(explainer_id, language)
    t = translator(explainer.language)
    entries = [TocEntry("summary", str(t("Executive summary")))]
    entries += [TocEntry(f.id, f"{f.number}. {f.heading}") for f in explainer.findings]
    if site.source_mix(explainer):
        entries.append(TocEntry("source-mix", str(t("Where the evidence comes from"))))
    entries += [
        TocEntry("corrections", str(t("Corrections"))),
        TocEntry("cite-this", str(t("Cite this explainer"))),
        TocEntry("notes", str(t("Sources"))),
    ]
    return tuple(entries)


def explainer_pages(site: Site, explainer_id: str) -> list[PageSpec]:
    """An explainer's page, then its page in each language it is translated into (/uk/explainers/…):
    one kind of page, made by the same function."""
    return [
        PageSpec(
            addresses.explainer(explainer_id, language),
            "explainer",
            explainer_id,
            site.in_language(explainer_id, language).question,
            _explainer_toc(site, explainer_id, language),
            language=language,
        )
        for language in [None, *site.languages(explainer_id)]
    ]


_SOURCE_TOC = (TocEntry("cited-by", "Cited by"),)


def plan(site: Site, kept: Callable[[str], PageSpec | FileSpec | None] | None = None) -> Plan:
    """Every page and file the engine adds, in a fixed order, without rendering any. `kept(page
    file)`: an explainer's or source's page spec of an earlier plan that is still this one's (it
    read nothing that changed), or None; a rebuild under serve takes them instead of making them."""
    corpus = site.corpus
    pages: list[PageSpec] = []
    for e in corpus.explainers:
        olds = (
            [kept(addresses.page_file(addresses.explainer(e, tag))) for tag in [None, *site.languages(e)]]
            if kept
            else []
        )
        specs = [old for old in olds if isinstance(old, PageSpec)]
        pages += specs if olds and len(specs) == len(olds) else explainer_pages(site, e)
    pages += [
        PageSpec(addresses.topic(t), "topic", t, f"Topic: {corpus.topics[t].name}", in_search=True)
        for t in corpus.topics
    ]
    for s in corpus.sources:
        address = addresses.source(s)
        old = kept(addresses.page_file(address)) if kept else None
        pages.append(
            old
            if isinstance(old, PageSpec)
            else PageSpec(address, "source", s, site.label(corpus.sources[s]), _SOURCE_TOC)
        )
    in_order, size = [s.id for s in site.sources_in_order], bibliography_index.ALL_PAGE
    full_pages = max(1, -(-len(in_order) // size))
    chunks = [in_order[i : i + size] for i in range(0, len(in_order), size)]
    bounds = tuple(s for chunk in chunks for s in (chunk[0], chunk[-1]))
    pages += [
        PageSpec(
            addresses.all_sources(n),
            "all-sources",
            str(n),
            "All sources" + (f", page {n}" if n > 1 else ""),
            lists=(str(len(in_order)), *in_order[(n - 1) * size : n * size], *bounds),
        )
        for n in range(1, full_pages + 1)
    ]
    pages.append(PageSpec(addresses.CORRECTIONS, "corrections", "", "Corrections", in_search=True))
    pages += [
        PageSpec(
            addresses.language_home(tag),
            "language",
            tag,
            str(translator(tag)("Explainers in this language")),
            language=tag,
        )
        for tag in site.translation_languages()
    ]
    # The pages of the lists of explainers, but for the home page and topic pages (their first pages).
    pages += [
        PageSpec(listing.address, "listing", listing.key, site.listing_title(listing))
        for listing in site.listings()
        if listing.address != addresses.HOME
        and not (listing.topic and listing.address == addresses.topic(listing.topic))
    ]
    files = [FileSpec(path, "site-bibliography", label) for label, path in addresses.SITE_BIBLIOGRAPHIES.items()]
    files += [
        FileSpec(addresses.CORPUS_JSON, "corpus"),
        FileSpec(addresses.CORPUS_SCHEMA, "corpus-schema"),
        FileSpec(addresses.FEED, "feed"),
        FileSpec(addresses.CORRECTIONS_FEED, "corrections-feed"),
    ]
    files += [FileSpec(path, "bibliography-index") for path in bibliography_index.paths(len(corpus.sources))]
    files += [
        FileSpec(spec.address + "sitemap.xml", "language-sitemap", f"{spec.key} {spec.language or ''}".strip())
        for spec in pages
        if spec.kind == "explainer" and site.languages(spec.key)
    ]
    files += [
        FileSpec(addresses.language_home(tag) + "sitemap.xml", "language-home-sitemap", tag)
        for tag in site.translation_languages()
    ]
    files += [
        FileSpec(path, "explainer-bibliography", f"{e} {label}")
        for e in corpus.explainers
        for label, path in addresses.explainer_bibliographies(e).items()
    ]
    return Plan(tuple(pages), tuple(files))


_FEED_LINK = Markup('<link rel="alternate" type="application/atom+xml" title="{}" href="{}">')


def output_id(spec: PageSpec | FileSpec) -> str:
    """An output's name in a build: a page's file ("sources/x.md"), a file's path."""
    return spec.file if isinstance(spec, PageSpec) else spec.path


def reads(site: Site, spec: PageSpec | FileSpec) -> frozenset[Key] | None:
    """What an output is made from (site.py's keys: one data file, or one entry of one; ("*", kind)
    for every one of a kind), or None when it is made from the whole corpus (corpus.json). Besides
    the corpus, every output reads the Publication."""
    if isinstance(spec, PageSpec):
        if spec.kind == "explainer":
            return site.explainer_reads(site.corpus.explainers[spec.key])
        if spec.kind == "source":
            citing = frozenset(("explainer", c.explainer.id) for c in site.cited_by[spec.key])
            return site.source_reads(spec.key) | citing
        if spec.kind == "all-sources":  # the citations and facts of the sources its `lists` names
            return frozenset(key for s in spec.lists[1:] for key in site.source_reads(s))
        return _WHOLE[spec.kind]
    if spec.kind == "explainer-bibliography":
        return site.explainer_reads(site.corpus.explainers[spec.key.split(" ", 1)[0]])
    return _WHOLE.get(spec.kind)


# What the outputs made from whole kinds of data read: ("*", kind) is any key of that kind. The
# bibliography's index and the whole-site downloads show each source's citation and facts; the
# feed, each explainer's card, summary (with its cross-links' labels) and topics.
_SOURCES = frozenset({("*", "source"), ("*", "publisher"), ("*", "affiliation")})
_WHOLE: dict[str, frozenset[Key]] = {
    "site-bibliography": _SOURCES,
    "bibliography-index": _SOURCES,
    "feed": frozenset({("*", "explainer"), ("*", "topic")}),
    # every explainer's corrections, with its question and the headings of the findings they name
    "corrections": frozenset({("*", "explainer")}),
    # A topic page is the first page of its list. Lists of explainers show each one's card (its
    # summary's first line, whose cross-links name other explainers) and its topics' names, and are
    # paged and filtered over all of them.
    "topic": frozenset({("*", "explainer-card"), ("*", "topic")}),
    "listing": frozenset({("*", "explainer-card"), ("*", "topic")}),
    "corrections-feed": frozenset({("*", "explainer")}),
    "corpus-schema": frozenset(),
    # A language's start page lists its translated explainers; its sitemap, their addresses.
    "language": frozenset({("*", "explainer")}),
    "language-home-sitemap": frozenset({("*", "explainer")}),
}


def page_head(pub: Publication, root: str) -> str:
    """What every page adds to <head>: the feed's address."""
    return str(_FEED_LINK.format(pub.name, pub.url(addresses.FEED, root)))


def language_alternates(site: Site, pub: Publication, explainer_id: str, root: str) -> str:
    """An explainer page's other languages for <head> (`hreflang`), the original as `x-default`;
    nothing for an explainer without translations."""
    languages = site.languages(explainer_id)
    if not languages:
        return ""
    original = site.corpus.explainers[explainer_id].language
    link = Markup('<link rel="alternate" hreflang="{}" href="{}">')
    tags = [link.format(tag, pub.url(addresses.explainer(explainer_id, tag), root)) for tag in languages]
    first = pub.url(addresses.explainer(explainer_id), root)
    return str(link.format(original, first) + Markup("").join(tags) + link.format("x-default", first))


# Each bibliography format: one source's entry, and the file of a list of entries.
_FORMATS: dict[str, tuple[Callable[[Site, Source], str], Callable[[Publication, list[str]], str]]] = {
    "BibTeX": (bibtex.bibtex_entry, bibtex.bibtex_document),
    "BibTeX (classic)": (bibtex.classic_entry, bibtex.classic_document),
    "CSL-JSON": (
        lambda site, source: compact_json(csl.csl_item(site, source)),
        lambda pub, items: csl.csl_document(items),
    ),
    "RIS": (ris.ris_record, lambda pub, records: ris.ris_document(records)),
}


@dataclass(frozen=True)
class Memo:
    """What a Producer made once for many outputs (`Producer.memo`)."""

    # by format (or "corpus"), then source id: its entry
    entries: dict[str, dict[str, str]] = field(default_factory=dict)
    renderer: dict[str, dict[tuple[str, str, bool], Markup]] = field(default_factory=dict)  # by source id
    # by source id: its Record in the bibliography's index, and the tables it was made with
    index_records: dict[str, tuple[str, IndexRecord]] = field(default_factory=dict)
    parts: dict[str, dict[str, str]] = field(default_factory=dict)  # by file, then explainer id: its part
    # by explainer id: its citable item (as JSON) and that item's formatted citations (cite.formatted)
    citations: dict[str, tuple[str, Citations]] = field(default_factory=dict)
    index: BibliographyIndex | None = None  # the bibliography's index, for the next to start from

    @staticmethod
    def joined(memos: list[Memo]) -> Memo:
        """Memos of producers of the same Site and Publication, as one (what each made is the same)."""
        out = Memo()
        for memo in memos:
            for label, table in memo.entries.items():
                out.entries.setdefault(label, {}).update(table)
            for source_id, made in memo.renderer.items():
                out.renderer.setdefault(source_id, {}).update(made)
            out.index_records.update(memo.index_records)
            for label, table in memo.parts.items():
                out.parts.setdefault(label, {}).update(table)
            out.citations.update(memo.citations)
        indexes = [memo.index for memo in memos if memo.index is not None]
        return replace(out, index=indexes[0]) if indexes else out


_Item = TypeVar("_Item", Explainer, Source)


def _made_once(
    tables: dict[str, dict[str, str]], label: str, items: Iterable[_Item], make: Callable[[_Item], str], keep: bool
) -> list[str]:
    """Each item's text in `label`'s table (by id), made where it is not there, and put there
    only with `keep`."""
    table, out = tables.setdefault(label, {}) if keep else tables.get(label, {}), []
    for item in items:
        made = table.get(item.id)
        if made is None:
            made = make(item)
            if keep:
                table[item.id] = made
        out.append(made)
    return out


class Producer:
    """Makes outputs of one Site and Publication (one per process: it keeps a Renderer)."""

    def __init__(self, site: Site, pub: Publication, keep: bool = False):
        """`keep`: a later build starts from this one's memo (`mkdocs serve`), so keep also what a
        build uses once (each source's and explainer's part of corpus.json, each explainer's entry
        in the feed)."""
        self.site, self.pub, self.keep = site, pub, keep
        self.renderer = Renderer(site, pub)
        self._entries: dict[str, dict[str, str]] = {}  # Memo.entries: a source's entry in a format, made once
        self._index_records: dict[str, tuple[str, IndexRecord]] = {}  # Memo.index_records
        self._parts: dict[str, dict[str, str]] = {}  # Memo.parts: an explainer's part of a file, made once
        self._citations: dict[str, tuple[str, Citations]] = {}  # Memo.citations
        self._last_index: BibliographyIndex | None = None  # an earlier build's (Memo.index)

    def _bibliography(self, label: str, sources: list[Source]) -> str:
        """The sources in one of the formats of addresses.SITE_BIBLIOGRAPHIES."""
        entry, document = _FORMATS[label]
        return document(self.pub, self._source_parts(label, sources, partial(entry, self.site)))

    @cached_property
    def bibliography_index(self) -> BibliographyIndex:
        """Every file of the bibliography's index, made once for all of them (from an earlier
        build's, where `reuse` gave one)."""
        return bibliography_index.build_index(self.site, self._index_records_of, self._last_index)

    def _index_records_of(
        self, sources: list[Source], tables: str, make: Callable[[Source], IndexRecord]
    ) -> list[IndexRecord]:
        """The sources' Records in the bibliography's index (used once a build: kept only with `keep`)."""
        kept, out = self._index_records, []
        for source in sources:
            record = kept.get(source.id)
            if record is not None and record[0] == tables:
                out.append(record[1])
                continue
            made = make(source)
            if self.keep:
                kept[source.id] = (tables, made)
            out.append(made)
        return out

    def _parts_of(self, label: str, explainers: Iterable[Explainer], make: Callable[[Explainer], str]) -> list[str]:
        """Each explainer's part of a whole-site file (used once a build: kept only with `keep`)."""
        return _made_once(self._parts, label, explainers, make, self.keep)

    def _source_parts(
        self, label: str, sources: Iterable[Source], make: Callable[[Source], str], once: bool = False
    ) -> list[str]:
        """Each source's entry in a format (`once`: used once a build, so kept only with `keep`)."""
        return _made_once(self._entries, label, sources, make, self.keep or not once)

    def memo(self) -> Memo:
        """What this producer made once for many outputs: each source's entries in each format
        (corpus.json's among them), its record in the bibliography's index, and the renderer's
        citations, facts, quotes and notes; each explainer's entry in the feed and part of
        corpus.json, and its formatted "Cite this" citations; the bibliography's index."""
        return Memo(
            {label: dict(table) for label, table in self._entries.items() if table},
            self.renderer.memo(),
            dict(self._index_records),
            {label: dict(table) for label, table in self._parts.items() if table},
            dict(self._citations),
            self._index_made(),
        )

    def _index_made(self) -> BibliographyIndex | None:
        """The bibliography's index this producer made (with `keep`), or else the one it was given."""
        if not self.keep:
            return None
        return self.bibliography_index if "bibliography_index" in vars(self) else self._last_index

    def reuse(self, memo: Memo, sources: AbstractSet[str], explainers: AbstractSet[str]) -> None:
        """Take what another producer of the same Publication made of the `sources` and
        `explainers` (ids) that read nothing that changed."""
        for label, table in memo.entries.items():
            self._entries.setdefault(label, {}).update(only(table, sources))
        self._index_records.update(only(memo.index_records, sources))
        for label, table in memo.parts.items():
            self._parts.setdefault(label, {}).update(only(table, explainers))
        self._citations.update(memo.citations)  # each checked against its item when used
        self._last_index = memo.index  # it compares each record with its own
        self.renderer.reuse(memo.renderer, sources)

    def _formatted(self, explainer: Explainer) -> Citations:
        """cite.formatted of the explainer's citable item, made again only when that item changed
        (citeproc-py is slow; the item changes far less often than the page)."""
        item = cite.citable_item(self.pub, explainer)
        key = compact_json(item)
        if self._citations.get(explainer.id, ("",))[0] != key:
            self._citations[explainer.id] = (key, cite.formatted(item))
        return self._citations[explainer.id][1]

    def page(self, spec: PageSpec) -> PageOut:
        root = addresses.root_of(spec.address)
        site, pub, render = self.site, self.pub, self.renderer
        head = page_head(pub, root)
        if spec.kind == "explainer":
            content = render.explainer(spec.key, root, spec.language)
            head += language_alternates(site, pub, spec.key, root)
        elif spec.kind == "source":
            content = render.source(spec.key, root)
            head += str(jsonld.script_tag(jsonld.source_page(site, pub, site.corpus.sources[spec.key], root)))
        elif spec.kind == "topic":
            content = render.topic(spec.key, root)
        elif spec.kind == "all-sources":
            content = render.all_sources(root, int(spec.key))
        elif spec.kind == "corrections":
            content = render.corrections(root)
            head += str(_FEED_LINK.format(f"{pub.name}: corrections", pub.url(addresses.CORRECTIONS_FEED, root)))
        elif spec.kind == "listing":
            content = render.listing(spec.key, root)
        elif spec.kind == "language":
            content = render.language_home(spec.key, root)
        else:
            raise ValueError(f"unknown kind of page: {spec.kind}")
        return PageOut(str(content), head)

    def file(self, spec: FileSpec) -> str:
        site, pub = self.site, self.pub
        if spec.kind == "site-bibliography":
            return self._bibliography(spec.key, site.sources_in_order)
        if spec.kind == "explainer-bibliography":
            explainer_id, label = spec.key.split(" ", 1)
            return self._bibliography(label, site.cited_sources(site.corpus.explainers[explainer_id]))
        if spec.kind == "corpus":
            return corpus_json.corpus_json(
                site,
                pub,
                self._parts_of("corpus", site.explainers_in_order, partial(corpus_json.explainer_json, site, pub)),
                self._source_parts("corpus", site.sources_in_order, partial(corpus_json.source_json, pub), once=True),
            )
        if spec.kind == "corpus-schema":
            return corpus_json.corpus_schema()
        if spec.kind == "feed":
            return feed.atom_feed(site, pub, lambda es: self._parts_of("feed", es, partial(feed.feed_entry, site, pub)))
        if spec.kind == "corrections-feed":
            return feed.corrections_feed(site, pub)
        if spec.kind == "language-sitemap":
            explainer_id, _, language = spec.key.partition(" ")
            return language_sitemap.explainer_sitemap(site, pub, explainer_id, language or None)
        if spec.kind == "language-home-sitemap":
            return language_sitemap.language_home_sitemap(site, pub, spec.key)
        if spec.kind == "bibliography-index":
            return self.bibliography_index.files[spec.path]
        raise ValueError(f"unknown kind of file: {spec.kind}")

    def search(self, kept: Mapping[Key, tuple[Entry, ...]] | None = None) -> search_entries.Groups:
        """The search entries for explainers, findings and sources, by explainer and source, but
        for those `kept` from an earlier build (search_entries.groups)."""
        return search_entries.groups(self.site, kept)

    def produce(self, spec: PageSpec | FileSpec) -> PageOut | str:
        return self.page(spec) if isinstance(spec, PageSpec) else self.file(spec)

    def late(self, spec: PageSpec | FileSpec) -> LateOut | search_entries.Groups:
        """What comes after the theme: an explainer page's LateOut, or the search entries."""
        if isinstance(spec, FileSpec):
            if spec.kind != _SEARCH.kind:
                raise ValueError(f"a file has no late part: {spec.path}")
            return self.search()
        if spec.kind != "explainer":
            return LateOut()
        explainer, root = self.site.in_language(spec.key, spec.language), addresses.root_of(spec.address)
        head = jsonld.script_tag(jsonld.explainer_page(self.site, self.pub, explainer, root))
        citations = self._formatted(self.site.corpus.explainers[spec.key])
        return LateOut(str(self.renderer.cite_formatted(spec.key, spec.language, citations)), str(head))


def _producer(site: Site, pub: Publication, keep: bool = False) -> Callable[[PageSpec | FileSpec], PageOut | str]:
    return Producer(site, pub, keep).produce


def _memo_of(produce: Callable[..., Any]) -> Memo:
    """The memo of the Producer whose `produce` (`_producer`) made a part of the pages or the files."""
    producer = getattr(produce, "__self__", None)
    return producer.memo() if isinstance(producer, Producer) else Memo()


def _late_producer(
    site: Site, pub: Publication, keep: bool = False
) -> Callable[[PageSpec | FileSpec], LateOut | search_entries.Groups]:
    return Producer(site, pub, keep).late


@dataclass(frozen=True)
class Outputs:
    """What the theme needs: every generated page's and file's content, by page file or file path."""

    pages: dict[str, PageOut]
    files: dict[str, str]


def produce_pages(
    site: Site, pub: Publication, the_plan: Plan, workers: int | None = None, memo: bool = False
) -> tuple[dict[str, PageOut], Memo]:
    """Every page of the plan, by page file, made by `Producer.page` in parts on up to `workers`
    processes where that is safe (parallel.py); the result is the same as making them one by one.
    With `memo`, also what the producers made once for many pages, joined: for a later build to
    start from (`mkdocs serve`)."""
    made, memos = parallel.map_parts_finished(
        _producer, (site, pub, memo), the_plan.pages, workers, _memo_of if memo else None
    )
    pages = {spec.file: out for spec, out in zip(the_plan.pages, made, strict=True) if isinstance(out, PageOut)}
    return pages, Memo.joined(memos)


def produce_all(site: Site, pub: Publication, the_plan: Plan, workers: int | None = None) -> Outputs:
    """Every page and file of the plan, as `produce_pages` makes the pages and `FileWork` the files."""
    pages = produce_pages(site, pub, the_plan, workers)[0]
    return Outputs(pages, FileWork(site, pub, the_plan, background=False).files())


_SEARCH = FileSpec("", "search-entries")  # not a file: the entries the search index is made of (publish/search.py)


class _Work:
    """What a Producer makes of some specs, made in the background from the moment this is
    created (parallel.Background), or here where that is not safe, and read when first asked for."""

    def __init__(
        self,
        make: Callable[..., Any],
        site: Site,
        pub: Publication,
        specs: list[Any],
        background: bool,
        finish: Callable[[Any], Any] | None = None,
    ):
        self._specs = specs
        # With `finish` (what the producer made once for many, for a later build), it keeps that.
        self._work = parallel.Background(make, (site, pub, finish is not None), specs, start=background, finish=finish)
        self._made: dict[str, Any] | None = None

    def results(self) -> dict[str, Any]:
        """Each result by its spec's page file, file path, or (for the search entries) kind."""
        if self._made is None:
            made = self._work.results()
            keys = [s.file if isinstance(s, PageSpec) else s.path or s.kind for s in self._specs]
            self._made = dict(zip(keys, made, strict=True))
        return self._made

    def memo(self) -> Memo:
        """What the producer made once for many (given `finish`; else nothing), for the next build
        to start from: a whole build's first save under serve then makes only what it touches."""
        made = self._work.finished()
        return made if isinstance(made, Memo) else Memo()

    def cancel(self) -> None:
        self._work.cancel()


class FileWork(_Work):
    """Every file of the plan (exports, the feed, the bibliography's index). A site generator
    copies them after it has every page's content: they are made meanwhile."""

    def __init__(self, site: Site, pub: Publication, the_plan: Plan, background: bool = True, memo: bool = False):
        super().__init__(_producer, site, pub, list(the_plan.files), background, _memo_of if memo else None)

    def files(self) -> dict[str, str]:
        return self.results()


class LateWork(_Work):
    """The late parts of every page (`Producer.late`) and the search entries: made while the
    theme renders the pages, read back when the first is needed."""

    def __init__(self, site: Site, pub: Publication, the_plan: Plan, background: bool = True, memo: bool = False):
        specs: list[PageSpec | FileSpec] = [*(p for p in the_plan.pages if p.kind == "explainer"), _SEARCH]
        super().__init__(_late_producer, site, pub, specs, background, _memo_of if memo else None)

    def page(self, file: str) -> LateOut:
        """The late part of the page made from `file` (nothing for a page that has none)."""
        out = self.results().get(file, LateOut())
        assert isinstance(out, LateOut)
        return out

    def search_entries(self) -> search_entries.Groups:
        """The search entries for explainers, findings and sources (search_entries.py)."""
        out = self.results()[_SEARCH.kind]
        assert isinstance(out, dict)
        return out
