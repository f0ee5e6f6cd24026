"""BibTeX with biblatex fields: the bibliography for LaTeX, JabRef and reference managers.

What the data does not know is left out, never filled in; the honesty facts go into `note`, one
per line, as the site words them (domain/facts.py).
"""

from __future__ import annotations

import re

from ..domain import addresses
from ..domain.facts import note_lines
from ..domain.model import Explainer, Source, split_name
from ..domain.publication import Publication
from ..domain.site import Site

BIBTEX_TYPES = {
    "article": "article",
    "journal-article": "article",
    "blog-post": "online",
    "report": "report",
    "web-page": "online",
    "statement": "misc",
    "video": "video",
    "book": "book",
    "dataset": "dataset",
}
# biblatex/babel language names, for `langid`; other languages keep their code in `language`.
BIBLATEX_LANGUAGES = {
    "en": "english",
    "uk": "ukrainian",
    "ru": "russian",
    "pt": "portuguese",
    "cs": "czech",
    "pl": "polish",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
}

_BIB_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIB_SPECIAL_RE = re.compile(r"[\\{}&%$#_~^]")
_BIB_LIGATURE_RE = re.compile(r"-(?=-)|`(?=`)|'(?=')|[?!](?=`)")


def bib_escape(text: str) -> str:
    """Text for a BibTeX field: special characters escaped, and the pairs TeX would join into
    one character (-- into a dash, `` and '' into quotes) kept apart with an empty group."""
    text = re.sub(r"\s+", " ", text)
    text = _BIB_SPECIAL_RE.sub(lambda m: _BIB_SPECIAL[m.group()], text)
    return _BIB_LIGATURE_RE.sub(lambda m: m.group() + "{}", text)


def bib_url(url: str) -> str:
    """URLs are verbatim in biblatex; only braces and backslashes must not appear raw."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def bib_name(author: str) -> str:
    parts = split_name(author)
    if parts is None:
        return "{" + bib_escape(author) + "}"  # a corporate name: never split into first and last
    family, given = parts
    return f"{bib_escape(family)}, {bib_escape(given)}" if given else bib_escape(family)


def bib_entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
    return f"@{kind}{{{key},\n{body}}}\n"


def bibtex_entry(site: Site, source: Source) -> str:
    """One source as a biblatex entry; the key is the source id."""
    publisher = site.corpus.publishers[source.publisher].name
    kind = BIBTEX_TYPES[source.type]
    fields: list[tuple[str, str]] = []
    if source.authors:
        fields.append(("author", " and ".join(bib_name(a) for a in source.authors)))
    if source.title:
        fields.append(("title", "{" + bib_escape(source.title) + "}"))  # inner braces keep its case
    if kind == "article":
        fields.append(("journaltitle", bib_escape(source.container or publisher)))
        if source.type == "article":
            fields.append(("entrysubtype", "newspaper"))
    elif source.container:
        fields.append(("maintitle" if kind == "book" else "titleaddon", bib_escape(source.container)))
    if kind == "report":
        fields.append(("institution", bib_escape(publisher)))
    elif kind in ("online", "misc", "video", "dataset"):
        fields.append(("organization", bib_escape(publisher)))
    fields.append(("publisher", bib_escape(publisher)))
    if source.type == "statement":
        fields.append(("type", "statement"))
    if source.date:
        fields.append(("date", source.date))
    if source.url:
        fields.append(("url", bib_url(source.url)))
    if source.accessed:
        fields.append(("urldate", source.accessed))
    if source.language in BIBLATEX_LANGUAGES:
        fields.append(("langid", BIBLATEX_LANGUAGES[source.language]))
    else:  # a code with a region, or a language without a biblatex name: the code itself
        fields.append(("language", bib_escape(source.language)))
    lines = note_lines(source, site.corpus)
    if lines:
        # One fact per line in the file; BibTeX reads the line breaks as spaces.
        fields.append(("note", "\n    ".join(_sentence(bib_escape(line)) for line in lines)))
    return bib_entry(kind, source.id, fields)


def _sentence(text: str) -> str:
    """End a fact with a full stop, so that facts read as sentences when BibTeX joins the lines.
    The stop is written `{}.`: invisible in print, and the importer knows it was added."""
    return text if text.endswith((".", "!", "?")) else text + "{}."


def bibtex(site: Site, pub: Publication, sources: list[Source]) -> str:
    return bibtex_document(pub, [bibtex_entry(site, s) for s in sources])


def bibtex_document(pub: Publication, entries: list[str]) -> str:
    """A BibTeX file of these entries (`bibtex_entry`), with a header saying what it holds."""
    head = (
        f"% {pub.name}: {len(entries)} source{'s' if len(entries) != 1 else ''}, "
        "biblatex fields (UTF-8).\n% The note field holds what the site knows about each source's "
        f"reliability.\n% {pub.licence_statement()}\n\n"
    )
    return head + "\n".join(entries)


def explainer_entry(pub: Publication, explainer: Explainer) -> str:
    """The explainer itself as a biblatex entry, for "Cite this explainer"."""
    # The explainer's authors, or the site as a corporate author.
    fields = [("author", " and ".join(bib_name(a) for a in explainer.authors or (pub.name,)))]
    fields += [
        ("title", "{" + bib_escape(explainer.question) + "}"),
        ("organization", bib_escape(pub.name)),
        ("date", explainer.published),
    ]
    url = pub.absolute(addresses.explainer(explainer.id))
    if url:
        fields.append(("url", bib_url(url)))
    if pub.version.recorded:
        fields.append(("version", pub.version.commit or ""))
    return bib_entry("online", explainer.id, fields)
