"""Exports for other tools: BibTeX, CSL-JSON and RIS bibliographies, the whole corpus as JSON,
and an Atom feed. Pure functions of a `Site` (the corpus plus the publication facts); no file
writes, no MkDocs. The glue (mkdocs_hooks.py) publishes `download_files()` as static files.

What the data does not know is left out, never filled in: a source with no date has no date
field, one with no author no author field. The honesty facts the site shows under each source
("Date inferred", "Seen only as a copy at …") go where each format keeps notes: CSL `note`,
BibTeX `note`, RIS `N1`. docs/about/interoperability.md lists every mapping.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape as xml_escape

import nh3

from .model import Explainer, Source
from .text import render_text

if TYPE_CHECKING:  # render imports this module's users; avoid a cycle at import time
    from .render import Site

CORPUS_FORMAT = "evidence-explainers-corpus"
CORPUS_FORMAT_VERSION = "1.0"
DOWNLOADS = "downloads"
FEED_PATH = "feed.xml"
CORPUS_SCHEMA_PATH = Path(__file__).parent / "formats" / "corpus-1.schema.json"
ARCHIVE_PREFIX = "Archived copy: "

# Our source types in each format. `article` is read as a news article: that is what the
# default type holds on this site (contributing.md).
CSL_TYPES = {"article": "article-newspaper", "journal-article": "article-journal", "blog-post": "post-weblog",
             "report": "report", "web-page": "webpage", "statement": "document", "video": "motion_picture",
             "book": "book", "dataset": "dataset"}
BIBTEX_TYPES = {"article": "article", "journal-article": "article", "blog-post": "online", "report": "report",
                "web-page": "online", "statement": "misc", "video": "video", "book": "book", "dataset": "dataset"}
RIS_TYPES = {"article": "NEWS", "journal-article": "JOUR", "blog-post": "BLOG", "report": "RPRT", "web-page": "ELEC",
             "statement": "GEN", "video": "VIDEO", "book": "BOOK", "dataset": "DATA"}
# Types whose container is a periodical or site: with no `container`, the publisher's name is
# the periodical's title (Business Insider publishes in Business Insider).
PERIODICAL_TYPES = {"article", "journal-article", "blog-post"}
# biblatex/babel language names, for `langid`; other languages keep their code in `language`.
BIBLATEX_LANGUAGES = {"en": "english", "uk": "ukrainian", "ru": "russian", "pt": "portuguese", "cs": "czech",
                      "pl": "polish", "de": "german", "fr": "french", "es": "spanish", "it": "italian"}
# A fixed namespace for the feed's ids, so they never change with the site's address.
FEED_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:evidence-explainers:feed")


# ---- shared pieces -----------------------------------------------------------------------------
def fact_lines(site: Site, source: Source) -> list[str]:
    """The honesty facts the site shows under the source, one line each, then the archived copy."""
    lines = [f"{f.label}: {f.detail}" if f.detail else f.label for f in site.facts(source)]
    if source.archive_url:
        lines.append(ARCHIVE_PREFIX + source.archive_url)
    return lines


def split_name(author: str) -> tuple[str, str] | None:
    """'Family, Given' -> (family, given); a name without a comma (a desk, an organisation) -> None."""
    if "," not in author:
        return None
    family, given = (p.strip() for p in author.split(",", 1))
    return family, given


def date_parts(value: str) -> list[int]:
    return [int(p) for p in value.split("-")]


def cited_sources(site: Site, explainer: Explainer) -> list[Source]:
    """The sources an explainer cites, in order of first citation (its notes' order)."""
    seen: dict[str, Source] = {}
    for note in site.notes[explainer.id].notes:
        for item in note.items:
            seen.setdefault(item.key, site.corpus.sources[item.key])
    return list(seen.values())


def plain_text(site: Site, explainer: Explainer, text) -> str:
    """A Markdown field as plain text: citations dropped, cross-links as their labels."""
    def xref(ref):
        target = explainer if ref.explainer is None else site.corpus.explainers[ref.explainer]
        finding = target.finding(ref.finding) if ref.finding else None
        return str(html.escape(ref.label or (finding.heading if finding else target.question)))

    rendered = render_text(text.value, cite=lambda cluster: "", xref=xref)
    words = html.unescape(nh3.clean(str(rendered).replace("</p>", "</p> "), tags=set()))
    words = re.sub(r"\s+", " ", words).strip()
    return re.sub(r" +([.,;:!?)])", r"\1", words)


def embed_json(value) -> str:
    """JSON that is safe inside an HTML <script> element: <, > and & are written as escapes."""
    text = json.dumps(value, ensure_ascii=False, indent=None, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# ---- CSL-JSON ------------------------------------------------------------------------------------
def csl_name(author: str) -> dict:
    parts = split_name(author)
    if parts is None:
        return {"literal": author}
    family, given = parts
    return {"family": family, "given": given} if given else {"family": family}


def csl_date(value: str, circa: bool = False) -> dict:
    out: dict = {"date-parts": [date_parts(value)]}
    if circa:
        out["circa"] = True
    return out


def csl_item(site: Site, source: Source) -> dict:
    """One source as a CSL-JSON item (CSL 1.0.2 variables)."""
    publisher = site.corpus.publishers[source.publisher].name
    item: dict = {"id": source.id, "type": CSL_TYPES[source.type]}
    if source.type == "statement":
        item["genre"] = "statement"
    if source.title:
        item["title"] = source.title
    if source.authors:
        item["author"] = [csl_name(a) for a in source.authors]
    container = source.container or (publisher if source.type in PERIODICAL_TYPES else None)
    if container:
        item["container-title"] = container
    item["publisher"] = publisher
    if source.date:
        item["issued"] = csl_date(source.date, source.date_inferred)
    if source.url:
        item["URL"] = source.url
    if source.accessed:
        item["accessed"] = csl_date(source.accessed)
    item["language"] = source.language
    lines = fact_lines(site, source)
    if lines:
        item["note"] = "\n".join(lines)
    return item


def _compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def csl_json(site: Site, sources: list[Source]) -> str:
    """CSL-JSON, one item a line: half the size of indented JSON, and still readable in a diff."""
    items = [_compact(csl_item(site, s)) for s in sources]
    return "[\n" + ",\n".join(items) + "\n]\n" if items else "[]\n"


# ---- BibTeX (biblatex fields) --------------------------------------------------------------------
_BIB_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
                "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
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
    lines = fact_lines(site, source)
    if lines:
        # One fact per line in the file; BibTeX reads the line breaks as spaces.
        fields.append(("note", "\n    ".join(_sentence(bib_escape(line)) for line in lines)))
    return bib_entry(kind, source.id, fields)


def _sentence(text: str) -> str:
    """End a fact with a full stop, so that facts read as sentences when BibTeX joins the lines.
    The stop is written `{}.`: invisible in print, and the importer knows it was added."""
    return text if text.endswith((".", "!", "?")) else text + "{}."


def bibtex(site: Site, sources: list[Source]) -> str:
    head = (f"% {site.publication.name}: {len(sources)} source{'s' if len(sources) != 1 else ''}, "
            "biblatex fields (UTF-8).\n% The note field holds what the site knows about each source's "
            "reliability.\n\n")
    return head + "\n".join(bibtex_entry(site, s) for s in sources)


# ---- RIS ------------------------------------------------------------------------------------------
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
    lines += [("N1", line) for line in fact_lines(site, source)]
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {_ris_value(value)}".rstrip() + "\r\n" for tag, value in lines)


def ris(site: Site, sources: list[Source]) -> str:
    return "\r\n".join(ris_record(site, s) for s in sources)


# ---- the explainer itself, for "Cite this explainer" -----------------------------------------
def explainer_csl(site: Site, explainer: Explainer) -> dict:
    pub = site.publication
    item: dict = {"id": explainer.id, "type": "webpage", "title": explainer.question}
    if explainer.authors:
        item["author"] = [csl_name(a) for a in explainer.authors]
    item["publisher"] = pub.name  # the site; APA then omits it when it also stands in for the author
    item["issued"] = csl_date(explainer.published)
    url = pub.absolute(f"explainers/{explainer.id}/")
    if url:
        item["URL"] = url
    if pub.version.recorded:
        item["version"] = pub.version.commit
    return item  # no `language`: the data does not record an explainer's language


def explainer_bibtex(site: Site, explainer: Explainer) -> str:
    pub = site.publication
    fields: list[tuple[str, str]] = []
    if explainer.authors:
        fields.append(("author", " and ".join(bib_name(a) for a in explainer.authors)))
    fields += [("title", "{" + bib_escape(explainer.question) + "}"), ("organization", bib_escape(pub.name)),
               ("date", explainer.published)]
    url = pub.absolute(f"explainers/{explainer.id}/")
    if url:
        fields.append(("url", bib_url(url)))
    if pub.version.recorded:
        fields.append(("version", pub.version.commit))
    return bib_entry("online", explainer.id, fields)


# ---- the whole corpus as JSON ---------------------------------------------------------------------
def licence_statement(site: Site) -> dict:
    licence = site.publication.licence
    if licence:
        return {"name": licence.get("name"), "url": licence.get("url"),
                "statement": licence.get("statement") or f"The data in this file is licensed under {licence.get('name')}."}
    return {"name": None, "url": None,
            "statement": "No licence has been declared for the data in this file. The project's README states "
                         "the MIT licence for its code only. The works listed as sources belong to their "
                         "publishers; this file holds facts about them and, where recorded, short quotations."}


def _text(value) -> str | None:
    return value.value if value is not None else None


def corpus_data(site: Site) -> dict:
    corpus, pub = site.corpus, site.publication
    explainers = []
    for e in corpus.explainers_sorted():
        explainers.append({
            "id": e.id, "page": pub.url(f"explainers/{e.id}/"), "question": e.question,
            "short_answer": e.short_answer, "summary": e.summary.value, "published": e.published,
            "updated": site.updated(e), "evidence_as_of": e.evidence_as_of, "review_by": e.review_by,
            "authors": list(e.authors), "topics": list(e.topics), "related": list(e.related),
            "findings": [{
                "id": f.id, "number": f.number, "kind": f.kind, "heading": f.heading, "text": f.text.value,
                "editor_notes": [n.value for n in f.editor_notes], "stances": dict(f.stances),
                "confidence": None if f.confidence is None else {
                    k: (v.value if hasattr(v, "value") else v) for k, v in f.confidence.items()},
            } for f in e.findings],
            "corrections": [{"date": c.date, "what": c.what.value, "why": c.why.value} for c in e.corrections],
            "sources_cited": [s.id for s in cited_sources(site, e)],
        })
    sources = [{
        "id": s.id, "page": pub.url(f"sources/{s.id}/"), "title": s.title, "title_en": s.title_en,
        "title_note": s.title_note, "language": s.language, "type": s.type, "publisher": s.publisher,
        "container": s.container, "authors": list(s.authors), "date": s.date, "date_inferred": s.date_inferred,
        "date_note": s.date_note, "url": s.url, "archive_url": s.archive_url, "accessed": s.accessed,
        "copy": dict(s.copy) if s.copy else None, "relays": [dict(r) for r in s.relays],
        "identification": dict(s.identification) if s.identification else None,
        "quote": _text(s.quote), "notes": _text(s.notes),
    } for s in corpus.sources_sorted()]
    publishers = [{"id": p.id, "name": p.name, "affiliation": p.affiliation, "reason": p.reason,
                   "url": p.url, "country": p.country, "kind": p.kind}
                  for p in sorted(corpus.publishers.values(), key=lambda p: p.id)]
    affiliations = [{"id": a.id, "name": a.name, "description": a.description, "party": a.party}
                    for a in corpus.affiliations.values()]
    topics = [{"id": t.id, "name": t.name, "description": t.description} for t in corpus.topics.values()]
    version = pub.version
    return {
        "format": CORPUS_FORMAT, "format_version": CORPUS_FORMAT_VERSION,
        "site": {"name": pub.name, "url": pub.site_url},
        "data_version": {"commit": version.commit if version.recorded else None,
                         "note": None if version.recorded else f"version not recorded: {version.reason}"},
        "build_date": site.today.isoformat(),
        "licence": licence_statement(site),
        "explainers": explainers, "sources": sources, "publishers": publishers,
        "affiliations": affiliations, "topics": topics,
    }


def corpus_json(site: Site) -> str:
    """The whole corpus as compact JSON (no indentation: at 10,000 sources that halves the file)."""
    return _compact(corpus_data(site)) + "\n"


# ---- Atom feed ------------------------------------------------------------------------------------
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    return xml_escape(_XML_INVALID.sub("\ufffd", text), {'"': "&quot;"})


def _timestamp(day: str) -> str:
    """A day as an RFC 3339 time: Atom needs one; our dates are days, read as 00:00 UTC."""
    return dt.date.fromisoformat(day).isoformat() + "T00:00:00Z"


def feed_id(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(FEED_NAMESPACE, name)}"


def atom_feed(site: Site) -> str:
    """New and updated explainers, most recently changed first.

    Ids are urn:uuid names derived from the explainer ids, so they stay the same when the
    site moves. Links are absolute when `site_url` is set, otherwise relative to this file,
    which sits at the site root.
    """
    pub = site.publication
    entries = sorted(site.corpus.explainers.values(),
                     key=lambda e: (site.updated(e) or e.published, e.published, e.id), reverse=True)
    latest = max([site.updated(e) or e.published for e in entries] or [site.today.isoformat()])
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom">',
           f"  <id>{feed_id('feed')}</id>",
           f"  <title>{_xml(pub.name)}: new and updated explainers</title>",
           f"  <updated>{_timestamp(latest)}</updated>",
           # Atom needs an author for the feed; the site publishes it. Entries name their own
           # authors where the explainer does.
           f"  <author><name>{_xml(pub.name)}</name></author>",
           f'  <link rel="self" type="application/atom+xml" href="{_xml(pub.url(FEED_PATH))}"/>',
           f'  <link rel="alternate" type="text/html" href="{_xml(pub.url("") or "./")}"/>']
    for e in entries:
        updated = site.updated(e) or e.published
        out += ["  <entry>",
                f"    <id>{feed_id('explainer/' + e.id)}</id>",
                f"    <title>{_xml(e.question)}</title>",
                f'    <link rel="alternate" type="text/html" href="{_xml(pub.url(f"explainers/{e.id}/"))}"/>',
                f"    <published>{_timestamp(e.published)}</published>",
                f"    <updated>{_timestamp(updated)}</updated>"]
        out += [f"    <author><name>{_xml(_person(a))}</name></author>" for a in e.authors]
        out += [f'    <category term="{_xml(t)}" label="{_xml(site.corpus.topics[t].name)}"/>' for t in e.topics]
        summary = f"{e.short_answer_label}. {plain_text(site, e, e.summary)}"
        out += [f'    <summary type="text">{_xml(summary)}</summary>', "  </entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def _person(author: str) -> str:
    parts = split_name(author)
    return f"{parts[1]} {parts[0]}".strip() if parts else author


# ---- every file, for the glue ---------------------------------------------------------------------
def download_files(site: Site) -> dict[str, str]:
    """Site-relative path -> content of every export."""
    return {**site_download_files(site), **explainer_download_files(site)}


# The whole-site exports and the feed. Pages link to these, so MkDocs must know their paths
# before they are written (a large site writes them in a worker: static_pages.py).
SITE_DOWNLOADS = (f"{DOWNLOADS}/bibliography.bib", f"{DOWNLOADS}/bibliography.json", f"{DOWNLOADS}/bibliography.ris",
                  f"{DOWNLOADS}/corpus.json", f"{DOWNLOADS}/corpus.schema.json", FEED_PATH)


def site_download_files(site: Site) -> dict[str, str]:
    """Each of SITE_DOWNLOADS and its content."""
    sources = site.corpus.sources_sorted()
    contents = (bibtex(site, sources), csl_json(site, sources), ris(site, sources), corpus_json(site),
                CORPUS_SCHEMA_PATH.read_text(encoding="utf-8"), atom_feed(site))
    return dict(zip(SITE_DOWNLOADS, contents, strict=True))


def explainer_download_files(site: Site, explainers: Iterable[Explainer] | None = None) -> dict[str, str]:
    """Each explainer's bibliography in the three formats, under downloads/explainers/."""
    files = {}
    for e in site.corpus.explainers.values() if explainers is None else explainers:
        cited, paths = cited_sources(site, e), explainer_downloads(e.id)
        files[paths["BibTeX"]] = bibtex(site, cited)
        files[paths["CSL-JSON"]] = csl_json(site, cited)
        files[paths["RIS"]] = ris(site, cited)
    return files


def explainer_downloads(explainer_id: str) -> dict[str, str]:
    """Format label -> site-relative path of an explainer's bibliography."""
    return {"BibTeX": f"{DOWNLOADS}/explainers/{explainer_id}.bib",
            "CSL-JSON": f"{DOWNLOADS}/explainers/{explainer_id}.json",
            "RIS": f"{DOWNLOADS}/explainers/{explainer_id}.ris"}

