""" "Cite this explainer": formatted citations through citeproc-py and the CSL styles shipped in
macros/formats/csl/, with the explainer as BibTeX and CSL-JSON.

The styles are the Citation Style Language project's `apa.csl` and `chicago-author-date.csl`
(CC BY-SA 3.0; see macros/formats/csl/README.md). The HTML that citeproc-py writes escapes the
data's text; it is cleaned once more with an allowlist of the few inline tags a citation style
uses, so nothing else can reach the page. citeproc-py is adjusted where it has no public way to
be correct or fast enough (citeproc_patches.py).
"""

from __future__ import annotations

import io
import json
import re
import warnings
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import nh3
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from markupsafe import Markup

from ..domain import addresses
from ..domain.model import Explainer
from ..domain.publication import DataVersion, Publication
from . import citeproc_patches
from .bibtex import explainer_entry
from .csl import explainer_item

citeproc_patches.apply()

CSL_DIR = Path(__file__).parent / "csl"
# Style id -> (name shown to readers, file in CSL_DIR)
STYLES = {
    "apa": ("APA (7th edition)", "apa.csl"),
    "chicago-author-date": ("Chicago (18th edition, author-date)", "chicago-author-date.csl"),
}
CITATION_TAGS = {"i", "b", "sup", "sub"}


def style(name: str) -> CitationStylesStyle:
    """The style as its file reads now: parsed once per content (parsing takes 0.1 s), so a style
    edited under `mkdocs serve` is the one the next build uses, and nothing made with the old
    one is kept under the new one's name. There is no cache on disk."""
    return _parsed((CSL_DIR / STYLES[name][1]).read_bytes())


@cache
def _parsed(content: bytes) -> CitationStylesStyle:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CitationStylesStyle(io.BytesIO(content), validate=False)


def bibliography(items: list[dict[str, Any]], style_name: str, html: bool = True) -> list[str]:
    """Each CSL-JSON item as one bibliography entry in the style, in the style's order."""
    source = CiteProcJSON(json.loads(json.dumps(items)))  # a copy: citeproc-py keeps references
    bib = CitationStylesBibliography(style(style_name), source, formatter.html if html else formatter.plain)
    for item in items:
        bib.register(Citation([CitationItem(str(item["id"]).lower())]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        entries = [_tidy(str(entry)) for entry in bib.bibliography()]
    return [nh3.clean(e, tags=CITATION_TAGS, attributes={}) for e in entries] if html else entries


_DOUBLED_STOP = re.compile(r"([?!])((?:</[ib]>|[”’\"])*)\.(?=\s|$)")


def _tidy(entry: str) -> str:
    """ "Title?." -> "Title?": citeproc-py does not merge a period into a preceding ? or !."""
    return _DOUBLED_STOP.sub(r"\1\2", entry)


@dataclass(frozen=True)
class CiteThis:
    """What the "Cite this explainer" section shows, but for the formatted citations (`formatted`)."""

    bibtex: str
    csl_json: str
    url: str | None  # the page's address, when site_url is set
    version: DataVersion
    version_link: str | None
    downloads: tuple[tuple[str, str], ...]  # (format, site-relative path)


def citable_item(pub: Publication, explainer: Explainer) -> dict[str, Any]:
    """The explainer's CSL item without its version: the commit is shown beside the citations, not
    inside them; a 40-digit hash read as a version number confuses the styles (citeproc-py calls it
    "Versions" in Chicago)."""
    return {k: v for k, v in explainer_item(pub, explainer).items() if k != "version"}


Citations = tuple[tuple[str, Markup], ...]  # (style name, safe HTML), in the order of STYLES


def formatted(item: dict[str, Any]) -> Citations:
    """The item's citation in each style, as (style name, safe HTML)."""
    return tuple((name, Markup(bibliography([item], style_id)[0])) for style_id, (name, _) in STYLES.items())


def cite_this(pub: Publication, explainer: Explainer) -> CiteThis:
    return CiteThis(
        bibtex=explainer_entry(pub, explainer),
        # CSL-JSON is a list of items, even of one: pandoc and citeproc-js refuse a bare object.
        csl_json=json.dumps([explainer_item(pub, explainer)], ensure_ascii=False, indent=2),
        url=pub.absolute(addresses.explainer(explainer.id)),
        version=pub.version,
        version_link=pub.version_link(),
        downloads=tuple(addresses.explainer_bibliographies(explainer.id).items()),
    )
