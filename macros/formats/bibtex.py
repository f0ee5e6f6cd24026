"""BibTeX, twice: with biblatex fields (for biber, pandoc, JabRef and reference managers), and
with classic fields (for `bibtex` and the standard styles, plain.bst and its kin).

What the data does not know is left out, never filled in; the honesty facts go into `note`, one
per line, as the site words them (domain/facts.py). biblatex requires a title and a date of
almost every entry: where the data has none, the file says it is unknown, in the forms biblatex
and pandoc read as unknown, rather than leave the entry invalid.
"""

from __future__ import annotations

import re

from ..domain import addresses
from ..domain.facts import note_lines
from ..domain.model import Explainer, Source, split_name
from ..domain.publication import Publication
from ..domain.site import Site
from .common import joined

# Our source types as biblatex entry types, with (after the type) the entry type used when the
# data lacks a field that type requires in biblatex's data model (biber --validate-datamodel):
# an author for @article, @report and @book, an address for @online. Nothing is made up to fill
# it; the entry moves to a type that does not require it.
BIBLATEX_TYPES = {
    "article": "article",
    "journal-article": "article",
    "blog-post": "online",
    "report": "report",
    "web-page": "online",
    "statement": "misc",
    "video": "misc",
    "book": "book",
    "dataset": "dataset",
}
# Where the entry type does not say which of our types it is, `entrysubtype` does (biblatex's
# `newspaper` for a news article, else our type's name), so that the import gives the same type
# back; @misc also says it in `type`, which styles print.
# (@article alone is ambiguous in practice: Zotero writes it for news articles too.)
NATURAL = {("online", "web-page"), ("report", "report"), ("book", "book"), ("dataset", "dataset")}
MISC_TYPES = {"statement": "statement", "video": "video", "report": "report", "book": "book"}
# An unknown date, as EDTF writes it (biblatex reads dates as EDTF): the year is unspecified.
UNKNOWN_DATE = "XXXX"
# A title that was not captured, described in brackets as the site's citations do (and APA asks).
UNKNOWN_TITLE = "[Title not captured]"
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


def biblatex_kind(source: Source) -> str:
    """The biblatex entry type of a source: its own, or one whose required fields the data has."""
    kind = BIBLATEX_TYPES[source.type]
    if kind in ("article", "report", "book") and not source.authors:
        kind = "online" if kind == "article" else "misc"
    if kind == "online" and not source.url:
        kind = "misc"
    return kind


def bibtex_entry(site: Site, source: Source) -> str:
    """One source as a biblatex entry; the key is the source id. Every field is one biblatex's
    data model allows for the entry type, and every field it requires is there: a title and a
    date the data lacks are written as unknown (`[Title not captured]`, EDTF's `XXXX`)."""
    publisher = bib_escape(site.corpus.publishers[source.publisher].name)
    kind = biblatex_kind(source)
    fields: list[tuple[str, str]] = []
    if source.authors:
        fields.append(("author", " and ".join(bib_name(a) for a in source.authors)))
    fields.append(("title", "{" + bib_escape(source.title or UNKNOWN_TITLE) + "}"))  # braces keep its case
    container = bib_escape(source.container) if source.container else None
    if kind == "article":
        fields.append(("journaltitle", container or publisher))
        if container:  # @article has no publisher: name it after the journal
            fields.append(("journaltitleaddon", publisher))
    elif container:
        fields.append(("maintitle" if kind == "book" else "titleaddon", container))
    if (kind, source.type) not in NATURAL:
        fields.append(("entrysubtype", "newspaper" if source.type == "article" else source.type))
    if kind == "report":
        fields += [("type", "report"), ("institution", publisher)]
    elif kind == "book":
        fields.append(("publisher", publisher))
    elif kind != "article":
        fields.append(("organization", publisher))
    if kind == "misc" and source.type in MISC_TYPES:
        fields.append(("type", MISC_TYPES[source.type]))
    if source.date:
        fields.append(("date", source.date))
    elif kind != "dataset":
        fields.append(("date", UNKNOWN_DATE))
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


def header(pub: Publication, count: int, what: str) -> str:
    """The comment lines at the top of a BibTeX file: whose sources, how many, in which fields.
    One line each, so that more (a licence) can be added."""
    lines = [
        f"{pub.name}: {count} source{'s' if count != 1 else ''}, {what} (UTF-8).",
        "The note field holds what the site knows about each source's reliability.",
        pub.licence_statement(),
    ]
    return "".join(f"% {line}\n" for line in lines) + "\n"


def bibtex_document(pub: Publication, entries: list[str]) -> str:
    """A biblatex file of these entries (`bibtex_entry`), with a header saying what it holds."""
    return joined(header(pub, len(entries), "biblatex fields, for biber"), entries, "\n", "")


# ---- classic BibTeX: the fields the standard styles (plain.bst and its kin) know ----------------
MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def classic_kind(source: Source) -> str:
    """@article, @techreport or @book when the data has every field plain.bst requires of it
    (author, title, year, and the journal, institution or publisher we always know); else @misc,
    which requires none."""
    if not (source.authors and source.title and source.date):
        return "misc"
    return {"article": "article", "journal-article": "article", "blog-post": "article"}.get(
        source.type, {"report": "techreport", "book": "book"}.get(source.type, "misc")
    )


def classic_entry(site: Site, source: Source) -> str:
    """One source as a classic BibTeX entry: `journal`, `year` and `month` rather than biblatex's
    `journaltitle` and `date`, and the address in `note` (as `\\url{…}`), which plain.bst prints;
    `url` and `urldate` too, for the styles that know them (plainnat, biblatex)."""
    publisher = bib_escape(site.corpus.publishers[source.publisher].name)
    container = bib_escape(source.container) if source.container else None
    kind = classic_kind(source)
    fields: list[tuple[str, str]] = []
    if source.authors:
        fields.append(("author", " and ".join(bib_name(a) for a in source.authors)))
    else:  # plain.bst sorts by `key` when there is no author
        fields.append(("key", publisher))
    if source.title:
        fields.append(("title", "{" + bib_escape(source.title) + "}"))
    if kind == "article":
        fields.append(("journal", container or publisher))
    elif kind == "techreport":
        fields += [("institution", publisher), ("type", "Report")]
    elif kind == "book":
        fields.append(("publisher", publisher))
        if container:
            fields.append(("series", container))
    else:
        fields.append(("howpublished", ", ".join(p for p in (container, publisher) if p)))
    if source.date:
        fields.append(("year", source.date[:4]))
        if len(source.date) >= 7:
            fields.append(("month", MONTH_MACROS[int(source.date[5:7]) - 1]))
    notes = [f"\\url{{{bib_url(source.url)}}}"] if source.url else []
    if source.accessed:
        notes.append(f"Accessed {source.accessed}")
    notes += [bib_escape(line) for line in note_lines(source, site.corpus)]
    if source.url:
        fields.append(("url", bib_url(source.url)))
    if source.accessed:
        fields.append(("urldate", source.accessed))
    fields.append(("language", BIBLATEX_LANGUAGES.get(source.language, bib_escape(source.language))))
    if notes:
        fields.append(("note", "\n    ".join(_sentence(line) for line in notes)))
    body = "".join(
        f"  {name} = {value},\n" if name == "month" else f"  {name} = {{{value}}},\n" for name, value in fields
    )
    return f"@{kind}{{{source.id},\n{body}}}\n"


def classic_bibtex(site: Site, pub: Publication, sources: list[Source]) -> str:
    return classic_document(pub, [classic_entry(site, s) for s in sources])


def classic_document(pub: Publication, entries: list[str]) -> str:
    """A classic BibTeX file of these entries (`classic_entry`), with a header saying what it holds."""
    return joined(header(pub, len(entries), "classic BibTeX fields, for bibtex and plain.bst"), entries, "\n", "")


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
    return bib_entry("online" if url else "misc", explainer.id, fields)  # @online requires a url
