"""Formatted citations through citeproc-py and the CSL styles shipped in macros/csl/.

The styles are the Citation Style Language project's `apa.csl` and `chicago-author-date.csl`
(CC BY-SA 3.0; see macros/csl/README.md). Pure: CSL-JSON items in, HTML or text out. The HTML
that citeproc-py writes escapes the data's text; it is cleaned once more with an allowlist of
the few inline tags a citation style uses, so nothing else can reach the page.

Importing this module adjusts citeproc-py 0.11 in place (see each patch below): it suppresses
variables a substitute printed, prints a label only with its variable, and caches three lookups:
macros, whether an element prints a variable, and each item's reference.
pyproject.toml pins citeproc-py below 0.12 for that reason; tests/test_interop.py checks the output.
"""
from __future__ import annotations

import json
import re
import secrets
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import nh3
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc import model as citeproc_model
from citeproc.source.json import CiteProcJSON
from markupsafe import Markup

from . import export
from .citation_cache import CitationCache, default_folder
from .publication import DataVersion

if TYPE_CHECKING:
    from .model import Explainer
    from .render import Site

CSL_DIR = Path(__file__).parent / "csl"
# Style id -> (name shown to readers, file in macros/csl/)
STYLES = {
    "apa": ("APA (7th edition)", "apa.csl"),
    "chicago-author-date": ("Chicago (18th edition, author-date)", "chicago-author-date.csl"),
}
_CITATION_TAGS = {"i", "b", "sup", "sub"}


# citeproc-py 0.11 suppresses a substituted variable only when the substitute is a bare
# <text variable>; these styles substitute through <choose> and macros, so the title (or the
# publisher) printed in the author's place was printed a second time. The CSL specification says
# "substituted variables are suppressed in the rest of the output". This records which
# <text variable> elements render while a substitute's child renders, and suppresses those.
_rendering: list[set] = []
_text_variable = citeproc_model.Text._variable


def _recording_variable(self, item, context):
    text = _text_variable(self, item, context)
    if text and _rendering:
        _rendering[-1].add((self.tag, self.get("variable")))
    return text


def _substitute(self, item, context=None, **kwargs):
    for child in self.getchildren():
        _rendering.append(set())
        try:
            if isinstance(child, citeproc_model.Names) and child.name is None:
                names = self.xpath_search("./parent::cs:names[1]")[0]
                text = child.render(item, names_context=names, context=context, **kwargs)
            else:
                text = child.render(item, context=context, **kwargs)
        except citeproc_model.VariableError:
            continue
        finally:
            rendered = _rendering.pop()
        if text:
            self.add_to_repressed_list(child, context)
            repressed = context.get_layout().repressed
            for tag, variable in rendered:
                repressed.setdefault(tag, []).append(variable)
            if _rendering:  # a substitute inside a substitute: the outer one rendered these too
                _rendering[-1].update(rendered)
            return text
    return None


# citeproc-py 0.11 also prints a <label variable="..."> when the variable is empty (Chicago's
# "Edition" after every newspaper article); the specification prints a label only with its variable.
_label_process = citeproc_model.Label.process


def _label(self, item, variable=None, plural=None, context=None, **kwargs):
    name = variable or self.get("variable")
    if name and name != "locator" and name.replace("-", "_") not in item.reference:
        return None
    return _label_process(self, item, variable=variable, plural=plural, context=context, **kwargs)


# citeproc-py looks a macro up with an XPath query from the root on every use, which is most of
# its time here; a style never changes once loaded, so each lookup is remembered.
_macros: dict[tuple[str, str], object] = {}
_get_macro = citeproc_model.CitationStylesElement.get_macro


def _cached_macro(self, name):
    url = self.getroottree().docinfo.URL
    if url is None:
        return _get_macro(self, name)
    key = (url, name)
    if key not in _macros:
        _macros[key] = _get_macro(self, name)
    return _macros[key]


# Whether an element (or a macro it calls) prints a variable is a fact about the style, not the
# item, yet citeproc-py walks the element's whole subtree to find out on every render; each answer
# is remembered per element (the dict holds the element, so lxml keeps handing out the same proxy).
_calls: dict[object, bool] = {}


def _remembered(calls_variable):
    def remembered(self):
        if self not in _calls:
            _calls[self] = calls_variable(self)
        return _calls[self]
    return remembered


# An item's reference is looked up through three dictionary lookups on every use (hundreds per
# entry); it cannot change while an entry renders, so the item keeps it as a plain attribute
# (object.__setattr__: CustomDict would store it as a key).
_reference = CitationItem.reference.fget


def _kept_reference(self):
    try:
        return object.__getattribute__(self, "_ee_reference")
    except AttributeError:
        reference = _reference(self)
        object.__setattr__(self, "_ee_reference", reference)
        return reference


CitationItem.reference = property(_kept_reference)
citeproc_model.Parent.calls_variable = _remembered(citeproc_model.Parent.calls_variable)
citeproc_model.Text.calls_variable = _remembered(citeproc_model.Text.calls_variable)
citeproc_model.Text._variable = _recording_variable
citeproc_model.CitationStylesElement.get_macro = _cached_macro
citeproc_model.Substitute.render = _substitute
citeproc_model.Label.process = _label


@lru_cache(maxsize=None)
def style(name: str) -> CitationStylesStyle:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CitationStylesStyle(str(CSL_DIR / STYLES[name][1]), validate=False)


def bibliography(items: list[dict], style_name: str, html: bool = True) -> list[str]:
    """Each CSL-JSON item as one bibliography entry in the style, in the style's order."""
    source = CiteProcJSON(json.loads(json.dumps(items)))  # a copy: citeproc-py keeps references
    bib = CitationStylesBibliography(style(style_name), source, formatter.html if html else formatter.plain)
    for item in items:
        bib.register(Citation([CitationItem(str(item["id"]).lower())]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        entries = [str(entry) for entry in bib.bibliography()]
    entries = [_tidy(e) for e in entries]
    return [nh3.clean(e, tags=_CITATION_TAGS, attributes={}) for e in entries] if html else entries


_DOUBLED_STOP = re.compile(r"([?!])((?:</[ib]>|[”’\"])*)\.(?=\s|$)")


def _tidy(entry: str) -> str:
    """"Title?." -> "Title?": citeproc-py does not merge a period into a preceding ? or !."""
    return _DOUBLED_STOP.sub(r"\1\2", entry)


@dataclass
class CiteThis:
    """What the "Cite this explainer" section shows."""

    formatted: list[tuple[str, Markup]]  # (style name, citation as safe HTML)
    bibtex: str
    csl_json: str
    url: str | None                      # the page's address, when site_url is set
    version: DataVersion
    version_link: str | None
    downloads: list[tuple[str, str]] = field(default_factory=list)  # (format, site-relative path)


def formatted_citations(items: dict[str, dict]) -> dict[str, list[tuple[str, str]]]:
    """Each item's citation in each style, as (style name, HTML). Plain data in and out, so a
    worker process can run it (see FormattedCitations)."""
    return {key: [(name, bibliography([item], style_id)[0]) for style_id, (name, _) in STYLES.items()]
            for key, item in items.items()}


def citable_item(site: Site, explainer: Explainer) -> dict:
    """The explainer's CSL item without its version: the commit is shown beside the citations, not
    inside them; a 40-digit hash read as a version number confuses the styles (citeproc-py calls it
    "Versions" in Chicago)."""
    return {k: v for k, v in export.explainer_csl(site, explainer).items() if k != "version"}


class FormattedCitations:
    """The formatted "Cite this" citations of every explainer, computed in a worker process.

    citeproc-py takes a few milliseconds an entry, which made it a quarter of a build's time at a
    thousand explainers. So citations formatted by an earlier build are reused (citation_cache.py),
    and a large site formats the others in a worker (workers.py) while the build goes on; its pages
    carry placeholders that the glue fills in when it writes each page (`fill`): the build never
    waits for the citations before it has rendered every page. Small sites format them in this
    process, on first use.
    """

    IN_BACKGROUND_FROM = 50  # explainers; below this a worker costs more than it saves

    def __init__(self, items: dict[str, dict], workers=None, cache: CitationCache | None = None):
        self._items, self._result, self._future, self._cache = items, None, None, cache
        # Placeholders ("<!--ee-citation TOKEN KEY N-->"), which no data text can imitate.
        self._marker = f"<!--ee-citation {secrets.token_hex(8)} "
        self._known = {}
        if cache is not None:
            found = {key: cache.get(item) for key, item in items.items()}
            self._known = {key: citations for key, citations in found.items() if citations is not None}
        self._missing = {key: item for key, item in items.items() if key not in self._known}
        # Decided before any worker starts, so forked workers rendering pages (prerender.py) know
        # to leave placeholders too.
        self._workers = workers if len(self._missing) >= self.IN_BACKGROUND_FROM else None

    @property
    def in_background(self) -> bool:
        return self._workers is not None

    def start(self) -> None:
        """Hand the formatting to a worker, if there is enough of it (once the workers have started)."""
        if self._workers is not None and self._future is None:
            self._future = self._workers.submit(formatted_citations, self._missing)

    def close(self) -> None:
        """Drop the job when the build ends before a page asked (a failed build)."""
        if self._future is not None:
            self._future.cancel()

    def of(self, key: str, wait: bool = True) -> list[tuple[str, Markup]]:
        """The item's citations; with `wait=False`, placeholders for `fill` while a worker formats them
        (also in the workers that render pages ahead: prerender.py)."""
        if self._result is None and self._workers is not None and not wait:
            return [(name, Markup(f"{self._marker}{key} {n}-->")) for n, (name, _) in enumerate(STYLES.values())]
        if self._result is None:
            formatted = self._future.result() if self._future is not None else formatted_citations(self._missing)
            self._result = {**self._known, **formatted}
            if formatted and self._cache is not None:
                self._cache.save(self._result, self._items)
        return [(name, Markup(html)) for name, html in self._result[key]]

    def fill(self, html: str) -> str:
        """`html` with each placeholder replaced by its citation (waiting for the worker, if needed)."""
        if self._marker not in html:
            return html
        return re.sub(re.escape(self._marker) + r"(\S+) (\d+)-->",
                      lambda m: str(self.of(m.group(1))[int(m.group(2))][1]), html)


def citation_cache() -> CitationCache:
    """The cache of formatted citations in the user's cache folder (citation_cache.py)."""
    return CitationCache(default_folder(), STYLES, CSL_DIR, _CITATION_TAGS)


def cite_this(site: Site, explainer: Explainer, wait: bool = True) -> CiteThis:
    item = export.explainer_csl(site, explainer)
    formatted = site.formatted_citations.of(explainer.id, wait=wait)
    pub = site.publication
    return CiteThis(formatted=formatted, bibtex=export.explainer_bibtex(site, explainer),
                    csl_json=json.dumps(item, ensure_ascii=False, indent=2),
                    url=pub.absolute(f"explainers/{explainer.id}/"), version=pub.version,
                    version_link=pub.version_link(),
                    downloads=list(export.explainer_downloads(explainer.id).items()))
