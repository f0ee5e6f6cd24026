"""schema.org descriptions of pages, as JSON-LD dicts: a Site and a Publication in, dicts out.

An explainer page describes itself (a WebPage, with `reviewedBy` when the explainer names
its reviewers), an Article and, because its short answer is a verdict on the yes/no question
it asks, a ClaimReview of that question. The Article's author is the explainer's authors, or
the site when it names none; the page and the Article carry the site's `license`. A source page describes the cited
work. A property appears only when the data knows its value: no author is named for an
explainer or a source that names none, and an inferred date is left out, because JSON-LD has
no way to say "about". docs/about/interoperability.md explains each choice.

`script_tag` serialises a dict for a <script type="application/ld+json"> element with <, >
and & escaped, so that no data text can end the element.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..domain import addresses
from ..domain.model import Explainer, Source, split_name
from ..domain.publication import Publication
from ..domain.site import Site
from ..domain.text import TextRenderer
from .common import embed_json, plain_text

CONTEXT = "https://schema.org"
SCHEMA_TYPES = {
    "article": "Article",
    "journal-article": "ScholarlyArticle",
    "blog-post": "BlogPosting",
    "report": "Report",
    "web-page": "WebPage",
    "statement": "CreativeWork",
    "video": "VideoObject",
    "book": "Book",
    "dataset": "Dataset",
}


def person(author: str) -> dict[str, str]:
    """'Family, Given' is a Person; a name without a comma is an organisation or desk."""
    parts = split_name(author)
    if parts is None:
        return {"@type": "Organization", "name": author}
    family, given = parts
    out = {"@type": "Person", "name": f"{given} {family}".strip(), "familyName": family}
    if given:
        out["givenName"] = given
    return out


def organization(site: Site, publisher_id: str) -> dict[str, str]:
    publisher = site.corpus.publishers[publisher_id]
    out = {"@type": "Organization", "name": publisher.name}
    if publisher.url:
        out["url"] = publisher.url
    return out


def site_organization(pub: Publication) -> dict[str, str]:
    out = {"@type": "Organization", "name": pub.name}
    if pub.site_url:
        out["url"] = pub.site_url
    return out


def creative_work(site: Site, pub: Publication, source: Source, root: str) -> dict[str, Any]:
    """A cited work. Its `@id` is its page on this site; `url` is where it was read."""
    out: dict[str, Any] = {"@type": SCHEMA_TYPES[source.type], "@id": pub.url(addresses.source(source.id), root)}
    if source.title:
        out["name"] = source.title
        if source.type in ("article", "journal-article", "blog-post"):
            out["headline"] = source.title
    if source.title_en:
        out["alternateName"] = source.title_en
    if source.authors:
        out["author"] = [person(a) for a in source.authors]
    out["publisher"] = organization(site, source.publisher)
    if source.date and not source.date_inferred:
        out["datePublished"] = source.date
    out["inLanguage"] = source.language
    if source.container:
        out["isPartOf"] = {"@type": "CreativeWork", "name": source.container}
    if source.url:
        if source.copy:
            # The address is a copy's: describe it as an example of the work, at its own site.
            out["workExample"] = {
                "@type": "CreativeWork",
                "url": source.url,
                "publisher": organization(site, source.copy.seen_at),
            }
        else:
            out["url"] = source.url
    if source.archive_url:
        out["archivedAt"] = source.archive_url
    return out


def source_page(site: Site, pub: Publication, source: Source, root: str) -> dict[str, Any]:
    return {"@context": CONTEXT, **creative_work(site, pub, source, root)}


def explainer_page(site: Site, pub: Publication, explainer: Explainer, root: str) -> dict[str, Any]:
    text = TextRenderer()
    language = site.page_language(explainer)  # None: the original
    page = pub.url(addresses.explainer(explainer.id, language), root)
    summary = plain_text(site, explainer, explainer.summary, text)
    article: dict[str, Any] = {
        "@type": "Article",
        "@id": page + "#article",
        "url": page,
        "headline": explainer.question,
        "name": explainer.question,
        # A translation's abstract is its summary alone: the short answer's label is English.
        "abstract": summary if language else f"{explainer.short_answer_label}. {summary}",
        "datePublished": explainer.published,
        "inLanguage": explainer.language,
    }
    original = pub.url(addresses.explainer(explainer.id), root)
    if language:
        article["translationOfWork"] = {"@id": original + "#article", "url": original}
        translation = site.localized(explainer.id, language).translation
        if translation.method == "human" and translation.by:
            article["translator"] = person(translation.by)
    elif site.languages(explainer.id):
        article["workTranslation"] = [
            {
                "@id": (url := pub.url(addresses.explainer(explainer.id, tag), root)) + "#article",
                "url": url,
                "inLanguage": tag,
            }
            for tag in site.languages(explainer.id)
        ]
    updated = site.updated(pub, explainer)
    if updated:
        article["dateModified"] = updated
    article["author"] = [person(a) for a in explainer.authors] or [site_organization(pub)]
    article["publisher"] = site_organization(pub)
    licence = pub.licence.get("url") if pub.licence else None
    if licence:
        article["license"] = licence
    if explainer.topics:
        article["about"] = [{"@type": "Thing", "name": site.corpus.topics[t].name} for t in explainer.topics]
    if pub.version.recorded:
        article["version"] = pub.version.commit
    if explainer.corrections:
        article["correction"] = [
            {
                "@type": "CorrectionComment",
                "datePublished": c.date,
                "text": f"{plain_text(site, explainer, c.what, text)} Why: {plain_text(site, explainer, c.why, text)}",
            }
            for c in explainer.corrections
        ]
    article["citation"] = [creative_work(site, pub, s, root) for s in site.cited_sources(explainer)]
    # The question is the claim reviewed and the short answer the verdict: "Are Russians
    # surrendering to Ukrainians?" rated "Yes". The claim's first appearance is not in the data,
    # so itemReviewed has no `appearance`.
    review = {
        "@type": "ClaimReview",
        "@id": page + "#claim-review",
        "url": page,
        "claimReviewed": explainer.question,
        "reviewRating": {"@type": "Rating", "alternateName": explainer.short_answer_label},
        "itemReviewed": {"@type": "Claim"},
        "author": site_organization(pub),
        "datePublished": explainer.published,
        "isPartOf": {"@id": page + "#article"},
    }
    webpage: dict[str, Any] = {
        "@type": "WebPage",
        "@id": page,
        "url": page,
        "name": explainer.question,
        "mainEntity": {"@id": page + "#article"},
    }
    if explainer.reviewers:
        webpage["reviewedBy"] = [person(r) for r in explainer.reviewers]
    if licence:
        webpage["license"] = licence
    return {"@context": CONTEXT, "@graph": [webpage, article, review]}


def script_tag(data: dict[str, Any]) -> Markup:
    return Markup(f'<script type="application/ld+json">{embed_json(data)}</script>')
