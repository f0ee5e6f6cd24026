"""Render the corpus to HTML fragments through Jinja templates (autoescape on).

Pure functions of the corpus: no file reads, no MkDocs. Every data string
reaches HTML either escaped by the template or as Markdown sanitised in
text.py. `root` is the relative path from the page being rendered to the site
root (e.g. "../../"), so links work wherever the site is served from.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from .citations import Cluster, NoteTable, Use, XRef, number_notes
from .model import Corpus, Explainer, Source, display_name, format_date
from .text import plain, render_text

TEMPLATES = Path(__file__).parent / "templates"


def explainer_url(explainer_id: str) -> str:
    return f"explainers/{explainer_id}/"


def source_url(source_id: str) -> str:
    return f"sources/{source_id}/"


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
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["date"] = format_date
    env.filters["person"] = display_name
    return env


class Site:
    """The rendered site's content, computed once per build from one corpus."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.env = _env()

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
            return self._render("_marker.html", number=number, anchor=use.anchor)

        def xref(ref: XRef) -> str:
            target = explainer if ref.explainer is None else self.corpus.explainers[ref.explainer]
            finding = target.finding(ref.finding) if ref.finding else None
            same_page = target is explainer
            href = ("" if same_page else f"{root}{explainer_url(target.id)}") + (f"#{finding.id}" if finding else "")
            label = ref.label or (finding.heading if finding else target.question)
            return self._render("_xref.html", href=href or "#", label=label, finding=finding)

        return render_text(text.value, cite=cite if table else None, xref=xref, inline=inline)

    def _render(self, name: str, **context) -> str:
        return self.env.get_template(name).render(site=self, **context)

    def _page(self, name: str, **context) -> Markup:
        html = self._render(name, **context)
        # A page fragment goes into Markdown as one raw HTML block: no blank lines.
        return Markup("\n".join(line for line in html.splitlines() if line.strip()))

    # ---- pages ----------------------------------------------------------------------
    def explainer_page(self, explainer_id: str, root: str) -> Markup:
        explainer = self.corpus.explainers[explainer_id]
        summary = self._rich(explainer.summary, explainer, root, inline=True)
        findings = [(f, self._rich(f.text, explainer, root),
                     [self._rich(n, explainer, root) for n in f.editor_notes]) for f in explainer.findings]
        return self._page("explainer.html", explainer=explainer, summary=summary, findings=findings,
                          notes=self.notes[explainer_id].notes, root=root)

    def source_page(self, source_id: str, root: str) -> Markup:
        source = self.corpus.sources[source_id]
        return self._page("source.html", source=source, root=root, citing=self.cited_by[source_id])

    def bibliography(self, root: str) -> Markup:
        return self._page("bibliography.html", sources=self.corpus.sources_sorted(), root=root)

    def explainer_list(self, root: str) -> Markup:
        return self._page("explainer_list.html", explainers=self.corpus.explainers_sorted(), root=root)

    def source_rich(self, text, root: str) -> Markup:
        return self._rich(text, None, root)

    def filter_text(self, source: Source) -> str:
        """What the bibliography filter matches: title, translation, authors, publisher."""
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
        if kind == "sources" and name in self.corpus.sources:
            return self.label(self.corpus.sources[name])
        return None

    def toc(self, src_uri: str) -> list[dict]:
        """Headings of a generated explainer page, as MkDocs toc tokens."""
        kind, _, name = src_uri.removesuffix(".md").partition("/")
        explainer = self.corpus.explainers.get(name) if kind == "explainers" else None
        if explainer is None:
            return []
        entries = [("summary", "Executive summary")]
        entries += [(f.id, f"{f.number}. {f.heading}") for f in explainer.findings]
        entries += [("notes", "Sources")]
        return [{"level": 2, "id": i, "name": str(escape(n)), "html": str(escape(n)), "children": []}
                for i, n in entries]


__all__ = ["Site", "explainer_url", "source_url", "plain"]
