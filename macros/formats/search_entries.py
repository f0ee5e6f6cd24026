"""The site search's entries, written from the data and from the pages' HTML.

Each explainer gets one entry for the page (question, short answer, summary) and one per finding
(its text and editor's notes), and each source one entry (title, translation, authors,
publisher, date, "about" one that is inferred): everything a reader searches for, and not the
notes, profiles and "Cite this" blocks around them. Other pages (the hand-written ones, topics,
corrections) get an entry for the page and one per section, from their HTML. search_index.py
makes the index files of them. Entries hold plain text: search.js puts it on the page as text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html.parser import HTMLParser

from ..domain import addresses
from ..domain.citations import find_clusters, find_xrefs
from ..domain.model import Explainer, Source, display_name, format_date
from ..domain.site import Key, Site
from .search_index import Entry

_MARKDOWN_LINK = re.compile(r"\[([^\[\]\n]*)\]\([^()\n]*\)")
_MARKUP = re.compile(r"[*_`#>]+|<[^<>\n]*>")
_SPACE = re.compile(r"\s+")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?)])")  # where a citation was dropped


def plain(text: str) -> str:
    """Data Markdown as searchable words: no citations, cross-links as their labels, no markup."""
    spans = [(c.start, c.end, "") for c in find_clusters(text)]
    spans += [(x.start, x.end, x.label) for x in find_xrefs(text)]
    out, last = [], 0
    for start, end, replacement in sorted(spans):
        if start < last:
            continue
        out += [text[last:start], replacement]
        last = end
    out.append(text[last:])
    words = _MARKUP.sub(" ", _MARKDOWN_LINK.sub(r"\1", "".join(out)))
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", _SPACE.sub(" ", words).strip())


def explainer_entries(explainer: Explainer, language: str | None = None) -> list[Entry]:
    """The entries of an explainer's page, or (`language`) of its translation's page."""
    base = addresses.explainer(explainer.id, language)
    lang = explainer.language
    summary = f"{explainer.short_answer_label}. {plain(explainer.summary.value)}"
    entries = [Entry(base, explainer.question, summary, lang)]
    for finding in explainer.findings:
        # The editor's notes are shown in the finding's section, so a search for them lands there.
        notes = [f"Editor's note: {plain(note.value)}" for note in finding.editor_notes]
        entries.append(
            Entry(
                addresses.finding(explainer.id, finding.id, language),
                f"{finding.number}. {finding.heading}",
                " ".join([plain(finding.text.value), *notes]),
                lang,
                explainer.question,
            )
        )
    return entries


def source_entry(source: Source, label: str, publisher: str) -> Entry:
    """A source's entry, in every language's index: sources are not translated."""
    words = [
        source.title_en,
        ", ".join(display_name(a) for a in source.authors),
        publisher,
        # As the citation says it: an inferred date is "about" that date.
        ("about " if source.date and source.date_inferred else "") + format_date(source.date),
        source.container,
    ]
    return Entry(addresses.source(source.id), label, " · ".join(w for w in words if w), None)


# Each explainer's entries (its translations' too) and each source's, by ("explainer" | "source", id),
# in the order of the site's lists: kept between builds under serve, and remade for what changed.
Groups = dict[Key, tuple[Entry, ...]]


def groups(site: Site, kept: Mapping[Key, tuple[Entry, ...]] | None = None) -> Groups:
    """Every explainer's and source's entries, in the order of the site's lists: those in `kept`
    (an earlier build's, for data that did not change since: `reads`) taken as they are."""
    corpus, kept = site.corpus, kept or {}
    out: Groups = {}
    for explainer in site.explainers_in_order:
        key = ("explainer", explainer.id)
        group = kept.get(key)
        if group is None:
            made = explainer_entries(explainer)
            for language in site.languages(explainer.id):
                made += explainer_entries(site.in_language(explainer.id, language), language)
            group = tuple(made)
        out[key] = group
    for source in site.sources_in_order:
        key = ("source", source.id)
        group = kept.get(key)
        if group is None:
            publisher = corpus.publishers[source.publisher].name
            group = (source_entry(source, site.label(source), publisher),)
        out[key] = group
    return out


def reads(site: Site, key: Key) -> frozenset[Key]:
    """What a group of `groups` is made from (site.py's keys): an explainer's entries, the
    explainer (with its translations); a source's, what its label and citation read."""
    if key[0] == "source" and key[1] in site.corpus.sources:
        return site.source_reads(key[1])
    return frozenset({key})


def entries(site: Site) -> list[Entry]:
    """Every explainer's and source's entries, in the order of the site's lists."""
    return [entry for group in groups(site).values() for entry in group]


class _Sections(HTMLParser):
    """A page's text cut at its headings that have an id: (id, heading, text) for each part."""

    _SKIP = frozenset({"script", "style", "template", "svg"})
    _VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "source", "area", "col", "embed", "track"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[list[str]] = [["", "", ""]]  # id, heading, text
        self.stack: list[str] = []
        self.skip_depth = 0  # inside something the search leaves out
        self.heading: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._VOID:
            return
        self.stack.append(tag)
        named = dict(attrs)
        classes = (named.get("class") or "").split()
        if self.skip_depth or tag in self._SKIP or "data-search-exclude" in named or "headerlink" in classes:
            self.skip_depth += 1
            return
        if tag in ("h1", "h2", "h3") and named.get("id"):
            self.parts.append([named["id"] or "", "", ""])
            self.heading = tag

    def handle_endtag(self, tag: str) -> None:
        if tag in self._VOID or tag not in self.stack:
            return
        while self.stack:
            open_tag = self.stack.pop()
            if self.skip_depth:
                self.skip_depth -= 1
            elif open_tag == self.heading:
                self.heading = None
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        self.parts[-1][1 if self.heading else 2] += data + ("" if self.heading else " ")


def page_entries(location: str, title: str, html: str, language: str) -> list[Entry]:
    """A page's entries from its HTML: the page (its title and the text before its first section),
    then each section whose heading has an id (at its anchor), with text."""
    parser = _Sections()
    parser.feed(html)
    parser.close()
    entries = []
    for n, (anchor, heading, text) in enumerate(parser.parts):
        text = _SPACE.sub(" ", text).strip()
        heading = _SPACE.sub(" ", heading).strip()
        if n == 0:  # the text before the first heading with an id
            entries.append(Entry(location, title, text, language))
        elif heading == title and not entries[0].text:  # the page's own heading
            entries[0] = Entry(location, title, text, language)
        elif text or heading:
            entries.append(Entry(f"{location}#{anchor}", heading, text, language, title))
    return entries
