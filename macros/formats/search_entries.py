"""The site search's entries for explainers and sources, written from the data.

Material's search plugin builds its index by parsing each page's HTML. For the generated pages
that is slow (it is a large part of a build at thousands of pages), and it indexes everything on
the page: notes, evidence profiles, the "Cite this" block. Here each explainer gets one entry for
the page (question, short answer, summary) and one per finding (its text and editor's notes), and
each source one entry (title, translation, authors, publisher, date, "about" one that is
inferred): everything a reader searches for, and the index stays a few megabytes at 10,000
sources. Entries use the format of Material's search_index.json; the adapter appends them
to the index the plugin wrote. Material shows `title` and `text` as HTML, so both are
escaped here.
"""

from __future__ import annotations

import json
import re

from markupsafe import escape

from ..domain import addresses
from ..domain.citations import find_clusters, find_xrefs
from ..domain.model import Explainer, Source, display_name, format_date
from ..domain.site import Site

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


def _entry(location: str, title: str, text: str) -> dict[str, str]:
    return {"location": location, "title": str(escape(title)), "text": str(escape(text))}


def explainer_entries(explainer: Explainer, language: str | None = None) -> list[dict[str, str]]:
    """The entries of an explainer's page, or (`language`) of its translation's page."""
    base = addresses.explainer(explainer.id, language)
    entries = [_entry(base, explainer.question, f"{explainer.short_answer_label}. {plain(explainer.summary.value)}")]
    for finding in explainer.findings:
        # The editor's notes are shown in the finding's section, so a search for them lands there.
        notes = [f"Editor's note: {plain(note.value)}" for note in finding.editor_notes]
        entries.append(
            _entry(
                addresses.finding(explainer.id, finding.id, language),
                f"{finding.number}. {finding.heading}",
                " ".join([plain(finding.text.value), *notes]),
            )
        )
    return entries


def source_entry(source: Source, label: str, publisher: str) -> dict[str, str]:
    words = [
        source.title_en,
        ", ".join(display_name(a) for a in source.authors),
        publisher,
        # As the citation says it: an inferred date is "about" that date.
        ("about " if source.date and source.date_inferred else "") + format_date(source.date),
        source.container,
    ]
    return _entry(addresses.source(source.id), label, " · ".join(w for w in words if w))


def entries(site: Site) -> list[dict[str, str]]:
    """Every explainer's and source's entries, in the order of the site's lists."""
    corpus = site.corpus
    out: list[dict[str, str]] = []
    for explainer in site.explainers_in_order:
        out += explainer_entries(explainer)
        for language in site.languages(explainer.id):
            out += explainer_entries(site.in_language(explainer.id, language), language)
    for source in site.sources_in_order:
        out.append(source_entry(source, site.label(source), corpus.publishers[source.publisher].name))
    return out


def entries_json(site: Site) -> str:
    """`entries(site)` as the items of a JSON array, without its brackets, for the adapter to add
    to the index the theme's search wrote."""
    return json.dumps(entries(site), ensure_ascii=False, separators=(",", ":"))[1:-1]
