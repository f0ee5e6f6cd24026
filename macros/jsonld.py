"""schema.org descriptions of pages, as JSON-LD dicts. Pure: a Site in, dicts out.

An explainer page describes an Article and, because its short answer is a verdict on the
yes/no question it asks, a ClaimReview of that question. A source page describes the cited
work. A property appears only when the data knows its value: no author is named for an
explainer or a source that names none, and an inferred date is left out, because JSON-LD has
no way to say "about". docs/about/interoperability.md explains each choice.

`script_tag` serialises a dict for a <script type="application/ld+json"> element with <, >
and & escaped, so that no data text can end the element.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .export import cited_sources, embed_json, plain_text, split_name

if TYPE_CHECKING:
    from .model import Explainer, Source
    from .render import Site

CONTEXT = "https://schema.org"
SCHEMA_TYPES = {"article": "Article", "journal-article": "ScholarlyArticle", "blog-post": "BlogPosting",
                "report": "Report", "web-page": "WebPage", "statement": "CreativeWork", "video": "VideoObject",
                "book": "Book", "dataset": "Dataset"}


def person(author: str) -> dict:
    """'Family, Given' is a Person; a name without a comma is an organisation or desk."""
    parts = split_name(author)
    if parts is None:
        return {"@type": "Organization", "name": author}
    family, given = parts
    out = {"@type": "Person", "name": f"{given} {family}".strip(), "familyName": family}
    if given:
        out["givenName"] = given
    return out


def organization(site: Site, publisher_id: str) -> dict:
    pub = site.corpus.publishers[publisher_id]
    out = {"@type": "Organization", "name": pub.name}
    if pub.url:
        out["url"] = pub.url
    return out


def site_organization(site: Site) -> dict:
    out = {"@type": "Organization", "name": site.publication.name}
    if site.publication.site_url:
        out["url"] = site.publication.site_url
    return out


def creative_work(site: Site, source: Source, root: str) -> dict:
    """A cited work. Its `@id` is its page on this site; `url` is where it was read."""
    out: dict = {"@type": SCHEMA_TYPES[source.type], "@id": site.publication.url(f"sources/{source.id}/", root)}
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
            out["workExample"] = {"@type": "CreativeWork", "url": source.url,
                                  "publisher": organization(site, source.copy["seen_at"])}
        else:
            out["url"] = source.url
    if source.archive_url:
        out["archivedAt"] = source.archive_url
    return out


def source_page(site: Site, source: Source, root: str) -> dict:
    return {"@context": CONTEXT, **creative_work(site, source, root)}


def explainer_page(site: Site, explainer: Explainer, root: str) -> dict:
    pub = site.publication
    page = pub.url(f"explainers/{explainer.id}/", root)
    article: dict = {"@type": "Article", "@id": page + "#article", "url": page,
                     "headline": explainer.question, "name": explainer.question,
                     "abstract": f"{explainer.short_answer_label}. {plain_text(site, explainer, explainer.summary)}",
                     "datePublished": explainer.published}
    updated = site.updated(explainer)
    if updated:
        article["dateModified"] = updated
    if explainer.authors:
        article["author"] = [person(a) for a in explainer.authors]
    article["publisher"] = site_organization(site)
    if explainer.topics:
        article["about"] = [{"@type": "Thing", "name": site.corpus.topics[t].name} for t in explainer.topics]
    if pub.version.recorded:
        article["version"] = pub.version.commit
    if explainer.corrections:
        article["correction"] = [{"@type": "CorrectionComment", "datePublished": c.date,
                                  "text": f"{plain_text(site, explainer, c.what)} Why: {plain_text(site, explainer, c.why)}"}
                                 for c in explainer.corrections]
    article["citation"] = [creative_work(site, s, root) for s in cited_sources(site, explainer)]
    # The question is the claim reviewed and the short answer the verdict: "Are Russians
    # surrendering to Ukrainians?" rated "Yes". The claim's first appearance is not in the data,
    # so itemReviewed has no `appearance`.
    review = {"@type": "ClaimReview", "@id": page + "#claim-review", "url": page,
              "claimReviewed": explainer.question,
              "reviewRating": {"@type": "Rating", "alternateName": explainer.short_answer_label},
              "itemReviewed": {"@type": "Claim"},
              "author": site_organization(site),
              "datePublished": explainer.published,
              "isPartOf": {"@id": page + "#article"}}
    return {"@context": CONTEXT, "@graph": [article, review]}


def for_page(site: Site, src_uri: str, root: str) -> dict | None:
    """The JSON-LD of a generated page, or None for pages that carry none."""
    kind, _, name = src_uri.removesuffix(".md").partition("/")
    if kind == "explainers" and name in site.corpus.explainers:
        return explainer_page(site, site.corpus.explainers[name], root)
    return None


def script_tag(data: dict) -> str:
    return f'<script type="application/ld+json">{embed_json(data)}</script>'
