"""A small sitemap beside each page of a translated explainer (the page and its other languages) and
beside each language's start page (the start page and the explainers translated into the language).

An explainer page with translations lists them in its <head> as `<link rel="alternate" hreflang>`.
Material's script reads every such link as a site of its own in another language (its `extra.alternate`
switcher) and fetches `sitemap.xml` beside it. This file is that sitemap, so the request finds one
(not a 404 on every translated page) and says what search engines also read from a sitemap: the
page's address in each language (`xhtml:link rel="alternate" hreflang`, as the sitemap protocol's
hreflang extension has it). Addresses are absolute where `site_url` is set, relative otherwise.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from ..domain import addresses
from ..domain.publication import Publication
from ..domain.site import Site


def explainer_sitemap(site: Site, pub: Publication, explainer_id: str, language: str | None) -> str:
    root = addresses.root_of(addresses.explainer(explainer_id, language))
    return _urlset([_url(site, pub, explainer_id, language, root)])


def language_home_sitemap(site: Site, pub: Publication, language: str) -> str:
    """The sitemap beside a language's start page (/uk/sitemap.xml), which the theme's language selector
    fetches: the start page, and each explainer translated into the language with its other languages."""
    home = addresses.language_home(language)
    root = addresses.root_of(home)
    start = f"<url><loc>{quoteattr(pub.url(home, root))[1:-1]}</loc></url>"
    return _urlset([start, *(_url(site, pub, e.id, language, root) for e in site.translated_into(language))])


def _url(site: Site, pub: Publication, explainer_id: str, language: str | None, root: str) -> str:
    """One explainer page's entry: its address, and its address in each language."""
    original = site.corpus.explainers[explainer_id].language
    versions = [(original, None), *((tag, tag) for tag in site.languages(explainer_id))]
    links = [
        f'<xhtml:link rel="alternate" hreflang={quoteattr(tag)} href={quoteattr(href)}/>'
        for tag, href in ((tag, pub.url(addresses.explainer(explainer_id, path), root)) for tag, path in versions)
    ]
    page = pub.url(addresses.explainer(explainer_id, language), root)
    return f"<url><loc>{quoteattr(page)[1:-1]}</loc>{''.join(links)}</url>"


def _urlset(urls: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
        + "".join(f"{url}\n" for url in urls)
        + "</urlset>\n"
    )
