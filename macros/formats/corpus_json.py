"""The whole corpus as one JSON file (downloads/corpus.json), following
downloads/corpus.schema.json (macros/formats/corpus-1.schema.json)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..domain import addresses
from ..domain.model import Explainer, Source
from ..domain.publication import SOURCES_NOT_OURS, Publication
from ..domain.site import Site
from .common import compact_json, joined, source_fields

CORPUS_FORMAT = "evidence-explainers-corpus"
CORPUS_FORMAT_VERSION = "1.1"  # 1.1: explainers' reviewers, the finding a correction changed
CORPUS_SCHEMA_PATH = Path(__file__).parent / "corpus-1.schema.json"


def licence_statement(pub: Publication) -> dict[str, Any]:
    licence = pub.licence
    if licence:
        name = licence.get("name")
        return {
            "name": name,
            "url": licence.get("url"),
            "statement": licence.get("statement")
            or f"The data in this file is licensed under {name}. {SOURCES_NOT_OURS}",
        }
    return {
        "name": None,
        "url": None,
        "statement": "No licence has been declared for the data in this file. The project's README states "
        "the MIT licence for its code only. The works listed as sources belong to their "
        "publishers; this file holds facts about them and, where recorded, short quotations.",
    }


def _explainer(site: Site, pub: Publication, e: Explainer) -> dict[str, Any]:
    def confidence(f: Any) -> dict[str, Any] | None:
        conf = f.confidence
        if conf is None:
            return None
        out = {"evidence": conf.evidence, "agreement": conf.agreement, "level": conf.level}
        if conf.justification is not None:
            out["justification"] = conf.justification.value
        return out

    return {
        "id": e.id,
        "page": pub.url(addresses.explainer(e.id)),
        "question": e.question,
        "short_answer": e.short_answer,
        "summary": e.summary.value,
        "published": e.published,
        "updated": site.updated(pub, e),
        "evidence_as_of": e.evidence_as_of,
        "review_by": e.review_by,
        "authors": list(e.authors),
        "reviewers": list(e.reviewers),
        "topics": list(e.topics),
        "related": list(e.related),
        "findings": [
            {
                "id": f.id,
                "number": f.number,
                "kind": f.kind,
                "heading": f.heading,
                "text": f.text.value,
                "editor_notes": [n.value for n in f.editor_notes],
                "stances": dict(f.stances),
                "confidence": confidence(f),
            }
            for f in e.findings
        ],
        "corrections": [
            {"date": c.date, "finding": c.finding, "what": c.what.value, "why": c.why.value} for c in e.corrections
        ],
        "sources_cited": [s.id for s in site.cited_sources(e)],
    }


def _source(pub: Publication, s: Source) -> dict[str, Any]:
    fields = source_fields(s)
    return {"id": fields.pop("id"), "page": pub.url(addresses.source(s.id)), **fields}


def explainer_json(site: Site, pub: Publication, e: Explainer) -> str:
    """An explainer's part of corpus.json, as it is written there."""
    return compact_json(_explainer(site, pub, e))


def source_json(pub: Publication, s: Source) -> str:
    """A source's part of corpus.json, as it is written there."""
    return compact_json(_source(pub, s))


def corpus_data(site: Site, pub: Publication, parts: bool = True) -> dict[str, Any]:
    """corpus.json's content (`parts`: with the explainers and sources, otherwise empty lists)."""
    corpus = site.corpus
    sources = [_source(pub, s) for s in site.sources_in_order] if parts else []
    publishers = [
        {
            "id": p.id,
            "name": p.name,
            "affiliation": p.affiliation,
            "reason": p.reason,
            "url": p.url,
            "country": p.country,
            "kind": p.kind,
        }
        for p in sorted(corpus.publishers.values(), key=lambda p: p.id)
    ]
    affiliations = [
        {"id": a.id, "name": a.name, "description": a.description, "party": a.party}
        for a in corpus.affiliations.values()
    ]
    topics = [{"id": t.id, "name": t.name, "description": t.description} for t in corpus.topics.values()]
    version = pub.version
    return {
        "format": CORPUS_FORMAT,
        "format_version": CORPUS_FORMAT_VERSION,
        "site": {"name": pub.name, "url": pub.site_url},
        "data_version": {
            "commit": version.commit if version.recorded else None,
            "note": None if version.recorded else f"version not recorded: {version.reason}",
        },
        "build_date": pub.today.isoformat(),
        "licence": licence_statement(pub),
        "explainers": [_explainer(site, pub, e) for e in site.explainers_in_order] if parts else [],
        "sources": sources,
        "publishers": publishers,
        "affiliations": affiliations,
        "topics": topics,
    }


def corpus_json(
    site: Site, pub: Publication, explainers: list[str] | None = None, sources: list[str] | None = None
) -> str:
    """The whole corpus as compact JSON (no indentation: at 10,000 sources that halves the file).
    `explainers`, `sources`: each one's part (explainer_json, source_json) in the site's orders,
    where a caller keeps those that did not change; the file is the same bytes as
    compact_json(corpus_data(...))."""
    data = corpus_data(site, pub, parts=False)
    if explainers is None:
        explainers = [explainer_json(site, pub, e) for e in site.explainers_in_order]
    if sources is None:
        sources = [source_json(pub, s) for s in site.sources_in_order]
    lists = {"explainers": explainers, "sources": sources}
    items = [compact_json(k) + ":" + ("" if k in lists else compact_json(v)) for k, v in data.items()]
    # One copy of the whole file (common.joined): each list goes in between its key and the next.
    pieces: list[str] = []
    for key, item in zip(data, items, strict=True):
        if key not in lists:
            pieces.append(item)
            continue
        parts = lists[key]
        if not parts:
            pieces.append(item + "[]")
            continue
        pieces += [item + "[" + parts[0], *parts[1:]]
        pieces[-1] += "]"
    return joined("{", pieces, ",", "}\n")


def corpus_schema() -> str:
    return CORPUS_SCHEMA_PATH.read_text(encoding="utf-8")
