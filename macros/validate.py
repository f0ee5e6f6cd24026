"""Cross-reference checks: every id a file names must exist, every anchor be unique.

Runs after each file passed its schema, so it can trust field shapes. Where a
check depends on a file that failed (say publishers.yaml), it is skipped, so a
contributor sees the cause rather than a hundred consequences.
"""
from __future__ import annotations

import difflib
import re

from .citations import find_clusters, find_xrefs
from .model import Corpus, Explainer, Text
from .problems import Problem
from .schema import url_problem
from .yaml_loader import Document

# Element ids the explainer page uses itself; a finding may not take them.
RESERVED_FINDING_IDS = {"summary", "answer", "notes", "findings", "topics", "related"}
RESERVED_PREFIXES = ("cite-", "note-")
_MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^>\s]*)>")


def _suggest(word: str, options) -> str:
    close = difflib.get_close_matches(word, list(options), n=1)
    return f"did you mean '{close[0]}'?" if close else ""


def cross_check(corpus: Corpus, docs: dict[str, dict[str, Document]], singles: dict) -> list[Problem]:
    problems: list[Problem] = []
    have_publishers = singles.get("publishers") is not None
    have_topics = singles.get("topics") is not None
    for source in corpus.sources.values():
        problems += _check_source(source, corpus, have_publishers)
    for explainer in corpus.explainers.values():
        problems += _check_explainer(explainer, corpus, have_topics, docs["source"].keys())
    return problems


def _publisher_ref(doc: Document, path: tuple, pid: str, corpus: Corpus) -> list[Problem]:
    if pid in corpus.publishers:
        return []
    hint = _suggest(pid, corpus.publishers)
    fix = f"{hint + ' Or ' if hint else ''}add '{pid}:' with a name to data/publishers.yaml"
    return [Problem(doc.mark(path), f"unknown publisher '{pid}'", fix)]


def _check_source(source, corpus: Corpus, have_publishers: bool) -> list[Problem]:
    doc, out = source.doc, []
    if have_publishers:
        out += _publisher_ref(doc, ("publisher",), source.publisher, corpus)
        if source.copy:
            out += _publisher_ref(doc, ("copy", "seen_at"), source.copy["seen_at"], corpus)
        for i, pid in enumerate(source.relays):
            out += _publisher_ref(doc, ("relays", i), pid, corpus)
    if not source.title and not source.title_note:
        out.append(Problem(doc.mark(()), "missing required field 'title'",
                           "add `title:` as printed, or `title_note:` saying why it is not known"))
    if source.date_inferred and not source.date:
        out.append(Problem(doc.mark(("date_inferred",)), "date_inferred is set but there is no date",
                           "add the inferred `date:` or remove `date_inferred`"))
    if source.title_en and source.language == "en":
        out.append(Problem(doc.mark(("title_en",)), "title_en is set but the language is English",
                           "set `language:` to the title's language, or remove `title_en`"))
    if not source.url and source.archive_url is None and source.copy:
        out.append(Problem(doc.mark(("copy",)), "a copy is recorded but not where it was read",
                           "add the copy's address as `url:`"))
    for text in (source.quote, source.notes):
        if text:
            out += _check_links(text)
    return out


def _check_links(text: Text) -> list[Problem]:
    """Links written inside Markdown text must use an allowed scheme too."""
    out = []
    for pattern in (_MD_LINK, _AUTOLINK):
        for m in pattern.finditer(text.value):
            url = m.group(1)
            if pattern is _MD_LINK and not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", url):
                reason = "is not a full address (relative links do not work from data)"
            else:
                reason = url_problem(url)
            if reason:
                out.append(Problem(text.mark_at(m.start(1)), f"the link {url!r} {reason}",
                                   "link to a full https://, http:// or mailto: address"))
    return out


def _check_explainer(explainer: Explainer, corpus: Corpus, have_topics: bool, source_ids) -> list[Problem]:
    doc, out = explainer.doc, []
    seen: dict[str, int] = {}
    kinds: dict[str, int] = {}
    for i, finding in enumerate(explainer.findings):
        path = ("findings", i, "id")
        if finding.id in seen:
            out.append(Problem(doc.mark(path), f"duplicate finding id '{finding.id}' "
                               f"(also finding {seen[finding.id]})", "give each finding its own id"))
        seen.setdefault(finding.id, finding.number)
        if finding.id in RESERVED_FINDING_IDS or finding.id.startswith(RESERVED_PREFIXES):
            out.append(Problem(doc.mark(path), f"the finding id '{finding.id}' is reserved by the page",
                               "choose another id that describes the finding"))
        if finding.kind != "finding":
            if finding.kind in kinds:
                out.append(Problem(doc.mark(("findings", i, "kind")),
                                   f"a second '{finding.kind}' section (also finding {kinds[finding.kind]})",
                                   "keep one; merge the text"))
            kinds.setdefault(finding.kind, finding.number)
    if have_topics:
        for i, topic in enumerate(explainer.topics):
            if topic not in corpus.topics:
                hint = _suggest(topic, corpus.topics)
                out.append(Problem(doc.mark(("topics", i)), f"unknown topic '{topic}'",
                                   f"{hint + ' Or ' if hint else ''}add it to data/topics.yaml"))
    for i, other in enumerate(explainer.related):
        if other == explainer.id or other not in corpus.explainers:
            what = "an explainer cannot be related to itself" if other == explainer.id else f"unknown explainer '{other}'"
            hint = _suggest(other, corpus.explainers)
            out.append(Problem(doc.mark(("related", i)), what,
                               hint or "use the file name (without .yaml) of an explainer in data/explainers/"))
    for _, text in explainer.texts():
        out += _check_links(text)
        for cluster in find_clusters(text.value):
            for item in cluster.items:
                if item.key in corpus.sources:
                    continue
                if item.key in source_ids:  # exists but failed its own checks: reported there
                    continue
                hint = _suggest(item.key, corpus.sources)
                out.append(Problem(text.mark_at(item.offset), f"cites unknown source '{item.key}'",
                                   f"{hint + ' Or ' if hint else ''}add data/sources/{item.key}.yaml"))
        for xref in find_xrefs(text.value):
            out += _check_xref(xref, explainer, corpus, text)
    return out


def _check_xref(xref, explainer: Explainer, corpus: Corpus, text: Text) -> list[Problem]:
    where = text.mark_at(xref.offset)
    if xref.explainer is None and xref.finding is None:
        return [Problem(where, "empty cross-link [[ ]]",
                        "write [[explainer-id]], [[explainer-id#finding-id]] or [[#finding-id]]")]
    target = explainer if xref.explainer is None else corpus.explainers.get(xref.explainer)
    if target is None:
        hint = _suggest(xref.explainer, corpus.explainers)
        return [Problem(where, f"cross-link to unknown explainer '{xref.explainer}'",
                        hint or "use the file name (without .yaml) of an explainer in data/explainers/")]
    if xref.finding and target.finding(xref.finding) is None:
        hint = _suggest(xref.finding, [f.id for f in target.findings])
        return [Problem(where, f"cross-link to unknown finding '{xref.finding}' in explainer '{target.id}'",
                        hint or f"use the id of one of the findings in data/explainers/{target.id}.yaml")]
    return []
