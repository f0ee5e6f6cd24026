"""Render the corpus to HTML fragments through Jinja templates (autoescape on).

Pure functions of the corpus: no file reads, no MkDocs. Every data string
reaches HTML either escaped by the template or as Markdown sanitised in
text.py. `root` is the relative path from the page being rendered to the site
root (e.g. "../../"), so links work wherever the site is served from.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import secrets
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from . import bibliography_index
from .citations import Cluster, NoteTable, Use, XRef, cited_keys, number_notes
from .evidence import LEVELS, Profile, origins, profile
from .model import Corpus, Explainer, Finding, Source, display_name, format_date
from .publication import Publication
from .shell import PageShell
from .text import render_text

TEMPLATES = Path(__file__).parent / "templates"


def explainer_url(explainer_id: str) -> str:
    return f"explainers/{explainer_id}/"


@dataclass
class Fact:
    """One honesty fact about a source, shown wherever the source is."""

    kind: str   # css-friendly key: identification, copy, date-inferred, ...
    label: str  # a few words, always visible
    detail: str = ""


@dataclass
class Citing:
    """Where an explainer cites a source: the notes and the findings."""

    explainer: Explainer
    uses: list[tuple[int, Use]]  # (note number, use)


def _env() -> Environment:
    # One environment per Site, so per build: templates are read once, and a page does not ask the
    # file system whether they changed (auto_reload), 60,000 times at 10,000 sources.
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, auto_reload=False,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["date"] = format_date
    env.filters["person"] = display_name
    return env


def build_date() -> dt.date:
    """Today, or the date SOURCE_DATE_EPOCH names, so that builds can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


STANCE_LABELS = {"supports": "Supports", "contradicts": "Contradicts", "context": "Context"}


@dataclass
class WorkItem:
    """One thing a contributor could improve, and the file to edit."""

    kind: str
    what: str
    file: str
    href: str  # a page that shows the problem


class Site:
    """The rendered site's content, computed once per build from one corpus.

    `last_changed` maps a data file to the date git last changed it (history.py);
    `today` decides which explainers are past their review date.
    """

    def __init__(self, corpus: Corpus, last_changed: dict[str, str] | None = None,
                 today: dt.date | None = None, edit_base: str | None = None,
                 publication: Publication | None = None):
        self.corpus = corpus
        self.env = _env()
        self.last_changed = last_changed or {}
        self.today = today or build_date()
        self.edit_base = edit_base
        self.publication = publication or Publication()  # site name, address, data version (publication.py)
        self.identity = secrets.token_hex(8)  # tells a forked worker this is the Site of its build

    # ---- derived data, computed once -------------------------------------------------
    @cached_property
    def notes(self) -> dict[str, NoteTable]:
        return {e.id: number_notes(e) for e in self.corpus.explainers.values()}

    @cached_property
    def cited_by(self) -> dict[str, list[Citing]]:
        found: dict[str, list[Citing]] = {s: [] for s in self.corpus.sources}
        for explainer in self.corpus.explainers_sorted():
            per_source: dict[str, Citing] = {}
            for note in self.notes[explainer.id].notes:
                for item in note.items:
                    citing = per_source.setdefault(item.key, Citing(explainer, []))
                    citing.uses += [(note.number, use) for use in note.uses]
            for key, citing in per_source.items():
                citing.uses.sort(key=lambda nu: (nu[1].finding.number if nu[1].finding else 0, nu[0]))
                found[key].append(citing)
        return found

    @cached_property
    def profiles(self) -> dict[tuple[str, str], Profile]:
        return {(e.id, f.id): profile(f, self.corpus)
                for e in self.corpus.explainers.values() for f in e.findings}

    def affiliation_of(self, publisher_id: str):
        return self.corpus.affiliations[self.corpus.publishers[publisher_id].affiliation]

    def origins_of(self, source: Source) -> list[str]:
        return sorted(origins(source, self.corpus))

    def source_mix(self, explainer: Explainer) -> list[tuple[str, int, int]]:
        """(affiliation name, sources, independent origins) for the sources an explainer cites."""
        keys: list[str] = []
        for _, text in explainer.texts():
            keys += [i.key for i in cited_keys(text) if i.key not in keys]
        by_source = Counter(self.corpus.publishers[self.corpus.sources[k].publisher].affiliation for k in keys)
        all_origins = {o for k in keys for o in origins(self.corpus.sources[k], self.corpus)}
        by_origin = Counter(self.corpus.publishers[o].affiliation for o in all_origins)
        return [(self.corpus.affiliations[a].name, by_source[a], by_origin[a])
                for a in self.corpus.affiliations if by_source[a] or by_origin[a]]

    def updated(self, explainer: Explainer) -> str | None:
        """The last change: from git where known, else the `updated` field."""
        return self.last_changed.get(explainer.doc.file) or explainer.updated

    def is_stale(self, explainer: Explainer) -> bool:
        return bool(explainer.review_by) and dt.date.fromisoformat(explainer.review_by) < self.today

    def confidence_label(self, finding: Finding) -> str:
        conf = finding.confidence
        return conf["level"].replace("-", " ") if conf else "not assessed"

    def facts(self, source: Source) -> list[Fact]:
        """What a reader must know before trusting the citation; details only where specific."""
        pubs = self.corpus.publishers
        out = []
        if source.identification:
            match = source.identification["match"]
            scope = source.identification.get("scope")
            out.append(Fact("identification", f"Identified after the fact: {match} match",
                            f"for {scope}" if scope else ""))
        if source.copy:
            seen = pubs[source.copy["seen_at"]].name
            note = source.copy.get("note")
            out.append(Fact("copy", f"Seen only as a copy at {seen}",
                            (f"{note}; " if note else "") + f"the original is by {pubs[source.publisher].name}"))
        if source.date and source.date_inferred:
            out.append(Fact("date-inferred", "Date inferred", source.date_note or ""))
        elif not source.date:
            out.append(Fact("date-unknown", "Date not shown", source.date_note or ""))
        elif source.date_note:
            out.append(Fact("date-note", "About the date", source.date_note))
        if not source.authors:
            out.append(Fact("author-unknown", "Author not shown"))
        if not source.title:
            out.append(Fact("title-unknown", "Title not captured", source.title_note or ""))
        if source.language != "en":
            out.append(Fact("language", f"In {source.language_name}",
                            f"English title: {source.title_en}" if source.title_en else ""))
        if source.relays:
            names = [pubs[r["publisher"]].name if "publisher" in r else self.label(self.corpus.sources[r["source"]])
                     for r in source.relays]
            joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            notes = "; ".join(r["note"] for r in source.relays if r.get("note"))
            out.append(Fact("relays", f"Relays {joined}", notes))
        return out

    def label(self, source: Source) -> str:
        """A one-line name for the source: its title, or what is known instead."""
        if source.title:
            return source.title
        bits = [self.corpus.publishers[source.publisher].name, format_date(source.date)]
        return f"Untitled ({', '.join(b for b in bits if b)})"

    # ---- rendering of data text ------------------------------------------------------
    def _rich(self, text, explainer: Explainer | None, root: str, inline=False) -> Markup:
        table = self.notes[explainer.id] if explainer else None

        def cite(cluster: Cluster) -> str:
            use = table.markers[(text.path, cluster.start)]
            number = table.note_of(use.anchor).number
            # Each cited source's stance toward the finding citing it, for the hover card.
            stances = " ".join(f"{item.key}:{use.finding.stance(item.key) if use.finding else 'supports'}"
                               for item in cluster.items)
            return self._render("_marker.html", number=number, anchor=use.anchor, stances=stances,
                                finding=use.finding)

        def xref(ref: XRef) -> str:
            target = explainer if ref.explainer is None else self.corpus.explainers[ref.explainer]
            finding = target.finding(ref.finding) if ref.finding else None
            same_page = target is explainer
            href = ("" if same_page else f"{root}{explainer_url(target.id)}") + (f"#{finding.id}" if finding else "")
            label = ref.label or (finding.heading if finding else target.question)
            return self._render("_xref.html", href=href or "#", label=label, finding=finding)

        return render_text(text.value, cite=cite if table else None, xref=xref if explainer else None,
                           inline=inline)

    def _render(self, name: str, **context) -> str:
        return self.env.get_template(name).render(site=self, **context)

    def _page(self, name: str, **context) -> Markup:
        html = self._render(name, **context)
        # A page fragment goes into Markdown as one raw HTML block: no blank lines.
        return Markup("\n".join(line for line in html.splitlines() if line.strip()))

    # ---- pages ----------------------------------------------------------------------
    def explainer_page(self, explainer_id: str, root: str, defer_citations: bool = False) -> Markup:
        """An explainer's page content. With `defer_citations`, citations a worker is still formatting
        are placeholders, filled in by `fill_citations` when the page is written."""
        explainer = self.corpus.explainers[explainer_id]
        summary = self._rich(explainer.summary, explainer, root, inline=True)
        findings = [(f, self._rich(f.text, explainer, root),
                     [self._rich(n, explainer, root) for n in f.editor_notes],
                     self.profiles[(explainer.id, f.id)],
                     self._rich(f.confidence["justification"], explainer, root)
                     if f.confidence and f.confidence.get("justification") else None)
                    for f in explainer.findings]
        corrections = [(c, self._rich(c.what, explainer, root), self._rich(c.why, explainer, root))
                       for c in explainer.corrections]
        mix = self.source_mix(explainer)
        return self._page("explainer.html", explainer=explainer, summary=summary, findings=findings,
                          summary_is_block=bool(re.match(r"\s*<(p|ul|ol|blockquote|pre)\b", summary)),
                          notes=self.notes[explainer_id].notes, root=root, corrections=corrections,
                          mix=mix, mix_max=max([n for _, a, b in mix for n in (a, b)] or [1]),
                          stance_labels=STANCE_LABELS, levels=LEVELS, defer_citations=defer_citations)

    def explainers_on(self, topic_id: str) -> list[Explainer]:
        return [e for e in self.corpus.explainers_sorted() if topic_id in e.topics]

    def related(self, explainer: Explainer) -> list[Explainer]:
        """The explainers named in `related`, then others sharing a topic."""
        found = [self.corpus.explainers[i] for i in explainer.related]
        for topic_id in explainer.topics:
            found += [e for e in self.explainers_on(topic_id) if e is not explainer and e not in found]
        return found

    def topic_page(self, topic_id: str, root: str) -> Markup:
        return self._page("topic.html", topic=self.corpus.topics[topic_id],
                          explainers=self.explainers_on(topic_id), root=root)

    def topic_index(self, root: str) -> Markup:
        topics = sorted(self.corpus.topics.values(), key=lambda t: t.name.casefold())
        return self._page("topic_index.html", topics=topics, root=root)

    WORKLIST_ROWS = 200  # per group on the page; `python -m macros worklist` prints them all

    def worklist(self, root: str) -> Markup:
        by_kind: dict[str, list[WorkItem]] = {}
        for item in self.work_items(root):
            by_kind.setdefault(item.kind, []).append(item)
        return self._page("worklist.html", by_kind=by_kind, root=root, limit=self.WORKLIST_ROWS)

    def legend(self) -> Markup:
        """What the facts under a source mean: on the method page, linked from each source page."""
        return self._page("legend.html")

    def work_items(self, root: str) -> list[WorkItem]:
        """What contributors could improve, from the data: incomplete citations, thin evidence, staleness."""
        items: list[WorkItem] = []
        cited = {key for key, citing in self.cited_by.items() if citing}
        for source in self.corpus.sources_sorted():
            file, href = source.doc.file, f"{root}sources/{source.id}/"
            label = self.label(source)
            missing = [name for name, value in (("URL", source.url), ("date", source.date),
                                                ("author", source.authors), ("archive copy", source.archive_url))
                       if not value]
            if missing:
                items.append(WorkItem("incomplete", f"{label}: no {', no '.join(missing)}", file, href))
            if source.copy:
                items.append(WorkItem("copy", f"{label}: only a copy was seen; find the original", file, href))
            if source.id not in cited:
                items.append(WorkItem("uncited", f"{label}: not cited by any explainer", file, href))
        for explainer in self.corpus.explainers_sorted():
            file = explainer.doc.file
            base = f"{root}explainers/{explainer.id}/"
            if self.is_stale(explainer):
                items.append(WorkItem("stale", f"{explainer.question}: past its review date "
                                      f"({format_date(explainer.review_by)})", file, base))
            for finding in explainer.findings:
                prof = self.profiles[(explainer.id, finding.id)]
                where = f"{explainer.question} — {finding.number}. {finding.heading}"
                if prof.single_affiliation:
                    name = self.corpus.affiliations[prof.single_affiliation].name
                    items.append(WorkItem("one-affiliation", f"{where}: all its evidence traces back to {name}",
                                          file, base + f"#{finding.id}"))
                if finding.kind != "limitations" and not (prof.with_stance("contradicts") or prof.with_stance("context")):
                    items.append(WorkItem("no-counter", f"{where}: no contradicting or context source",
                                          file, base + f"#{finding.id}"))
                if finding.kind != "limitations" and not finding.confidence:
                    items.append(WorkItem("no-confidence", f"{where}: confidence not assessed",
                                          file, base + f"#{finding.id}"))
        return items

    def source_document(self, source_id: str, shell: PageShell) -> str:
        """A source's whole page at sources/<id>/, outside the theme (shell.py says why)."""
        from .jsonld import script_tag, source_page
        source, root = self.corpus.sources[source_id], "../../"
        return self._render("source_document.html", source=source, root=root, shell=shell,
                            citing=self.cited_by[source_id],
                            jsonld=Markup(script_tag(source_page(self, source, root))))

    # ---- the bibliography ------------------------------------------------------------
    @cached_property
    def sources_in_order(self) -> list[Source]:
        """Every source, by author (or publisher), then date, then title: the bibliography's order."""
        return self.corpus.sources_sorted()

    @cached_property
    def bibliography_index(self) -> str:
        """Every source as compact JSON, for the bibliography's script (bibliography_index.py)."""
        return bibliography_index.index_json(bibliography_index.build_index(self))

    def bibliography(self, root: str) -> Markup:
        """The bibliography page: tools, and only the first entries, so the page stays small.

        The script builds the other entries from the index at `index_url`.
        """
        sources = self.sources_in_order
        first = sources[:bibliography_index.FIRST_VIEW]
        index_url = (f"{root}{bibliography_index.INDEX_PATH}"
                     f"?v={bibliography_index.version(self.bibliography_index)}")
        return self._page("bibliography.html", sources=first, total=len(sources), full=False, root=root,
                          index_url=index_url, all_url=f"{root}{bibliography_index.ALL_PATH}")

    def bibliography_all(self, root: str) -> Markup:
        """Every entry of the bibliography as HTML, for readers without JavaScript."""
        sources = self.sources_in_order
        return self._page("bibliography.html", sources=sources, total=len(sources), full=True, root=root,
                          index_url="", all_url=f"{root}{bibliography_index.ALL_PATH}")

    def explainer_list(self, root: str) -> Markup:
        return self._page("explainer_list.html", explainers=self.corpus.explainers_sorted(), root=root)

    def source_rich(self, text, root: str) -> Markup:
        return self._rich(text, None, root)

    def filter_text(self, source: Source) -> str:
        """What the bibliography filter matches: title, translation, authors, publisher.

        The script builds the same text from the index (`haystack` in bibliography-filter.js);
        tests/test_bibliography.py checks that every word here finds its source there.
        """
        pubs = self.corpus.publishers
        words = [source.title, source.title_en, source.title_note, pubs[source.publisher].name,
                 *(display_name(a) for a in source.authors), *(a for a in source.authors),
                 source.container, source.copy and pubs[source.copy["seen_at"]].name]
        return " ".join(w for w in words if w).casefold()

    # ---- page titles and tables of contents, for the MkDocs glue ---------------------
    def page_title(self, src_uri: str) -> str | None:
        kind, _, name = src_uri.removesuffix(".md").partition("/")
        if kind == "explainers" and name in self.corpus.explainers:
            return self.corpus.explainers[name].question
        if kind == "topics" and name in self.corpus.topics:
            return f"Topic: {self.corpus.topics[name].name}"
        return None

    def toc(self, src_uri: str) -> list[dict]:
        """Headings of a generated explainer page, as MkDocs toc tokens."""
        kind, _, name = src_uri.removesuffix(".md").partition("/")
        explainer = self.corpus.explainers.get(name) if kind == "explainers" else None
        if explainer is None:
            return []
        entries = [("summary", "Executive summary")]
        entries += [(f.id, f"{f.number}. {f.heading}") for f in explainer.findings]
        entries += [("source-mix", "Where the evidence comes from"), ("corrections", "Corrections"),
                    ("cite-this", "Cite this explainer"), ("notes", "Sources")]
        return [{"level": 2, "id": i, "name": str(escape(n)), "html": str(escape(n)), "children": []}
                for i, n in entries]

    # ---- interoperability: citations and schema.org (cite.py, jsonld.py, export.py) -------
    @cached_property
    def workers(self):
        """The worker processes of this build (workers.py), started by the first job."""
        from .workers import Workers
        return Workers()

    @cached_property
    def formatted_citations(self):
        """Every explainer's formatted citations (cite.py); in a build, `start_background_work` creates
        them with the build's workers and the citations kept from earlier builds."""
        from .cite import FormattedCitations, citable_item, citation_cache
        building = "workers" in self.__dict__  # a build: its workers, and the citations kept from the last
        return FormattedCitations({e.id: citable_item(self, e) for e in self.corpus.explainers_sorted()},
                                  self.workers if building else None, citation_cache() if building else None)

    def start_background_work(self, more_work: bool = False) -> None:
        """Start the worker processes (workers.py) and hand them the citations to format.

        Forked workers inherit this Site as it is now, so what every page needs is computed first,
        once, and nothing forks while a cached property is being computed (its lock would be
        inherited held)."""
        self.notes, self.cited_by, self.profiles  # noqa: B018 - computed once, inherited by the workers
        self.workers  # noqa: B018 - created first: the citations below are a build's
        citations = self.formatted_citations
        if citations.in_background or more_work:  # `more_work`: the glue has other jobs for them
            self.workers.start()
            citations.start()

    def stop_background_work(self, cancel: bool = True) -> None:
        """Stop the workers: at once when the build failed, after their jobs when it is done."""
        if "formatted_citations" in self.__dict__ and cancel:
            self.formatted_citations.close()
        if "workers" in self.__dict__:
            self.workers.shutdown(cancel=cancel)

    def fill_citations(self, html: str) -> str:
        """A page's HTML with the citations `explainer_page(defer_citations=True)` left as placeholders."""
        if "formatted_citations" not in self.__dict__:
            return html
        return self.formatted_citations.fill(html)

    def cite_this(self, explainer: Explainer, defer: bool = False):
        """The "Cite this explainer" section's content: formatted citations, BibTeX, CSL-JSON."""
        from .cite import cite_this
        return cite_this(self, explainer, wait=not defer)

    def jsonld(self, src_uri: str, root: str) -> dict | None:
        """The JSON-LD of a generated explainer or source page, for the glue to put in <head>."""
        from .jsonld import for_page
        return for_page(self, src_uri, root)

