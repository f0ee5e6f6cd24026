"""Every address of the site, in one place.

Addresses are site-relative ("sources/x/"): pages link to each other with a relative prefix
(`Links`, bound to the page's own depth), so the site works wherever it is served from, and
the publication (publication.py) makes them absolute where `site_url` is known. Pages use
directory URLs: `explainers/<id>/` is written to `explainers/<id>/index.html`.
"""

from __future__ import annotations

from dataclasses import dataclass

HOME = ""
TOPICS = "topics/"
BIBLIOGRAPHY = "bibliography/"
ALL_SOURCES = "bibliography/all/"
BIBLIOGRAPHY_INDEX = "bibliography/index/"  # the files of formats/bibliography_index.py
WORKLIST = "worklist/"
METHOD = "about/method/"
INTEROPERABILITY = "about/interoperability/"
FEED = "feed.xml"
CORRECTIONS = "corrections/"  # every correction of every explainer, newest first
CORRECTIONS_FEED = "corrections.xml"
DOWNLOADS = "downloads/"
CORPUS_JSON = "downloads/corpus.json"
CORPUS_SCHEMA = "downloads/corpus.schema.json"
# The whole bibliography in each format, by the label readers see.
SITE_BIBLIOGRAPHIES = {
    "BibTeX": "downloads/bibliography.bib",  # biblatex fields
    "BibTeX (classic)": "downloads/bibliography-classic.bib",
    "CSL-JSON": "downloads/bibliography.json",
    "RIS": "downloads/bibliography.ris",
}


def explainer(explainer_id: str, language: str | None = None) -> str:
    """An explainer's page; a translation's is under its language: "uk/explainers/<id>/"."""
    return f"{language}/explainers/{explainer_id}/" if language else f"explainers/{explainer_id}/"


def language_home(language: str) -> str:
    """A language's start page ("uk/"): its translated explainers; where the theme's language selector
    leads from a page that has no version in that language."""
    return f"{language}/"


def finding(explainer_id: str, finding_id: str, language: str | None = None) -> str:
    """A finding's anchor is its id in every language, so a link to it works across the switch."""
    return f"{explainer(explainer_id, language)}#{finding_id}"


def source(source_id: str) -> str:
    return f"sources/{source_id}/"


def topic(topic_id: str) -> str:
    return f"topics/{topic_id}/"


# Lists of explainers beyond the home page and topic pages (site.Listing): the site's under
# browse/, a topic's under its page. "all" is no short answer, so it cannot clash with one.
BROWSE = "browse/"


def listing(topic_id: str | None, answer: str | None, order: str, page: int) -> str:
    """A page of a list of explainers: the home page and a topic's page are the first page of
    their lists, newest first, any answer; the others are pages of their own."""
    if answer is None and order == "newest" and page == 1:
        return topic(topic_id) if topic_id else HOME
    base = topic(topic_id) if topic_id else BROWSE
    return f"{base}{answer or 'all'}/{order}/" + (f"{page}/" if page > 1 else "")


def all_sources(page: int) -> str:
    """A page of the full list of sources (for readers without JavaScript): the first, then 2/, 3/…"""
    return ALL_SOURCES if page == 1 else f"{ALL_SOURCES}{page}/"


def bibliography_entry(source_id: str) -> str:
    return f"bibliography/#{source_id}"


def explainer_bibliographies(explainer_id: str) -> dict[str, str]:
    """The sources an explainer cites, in each format, by the label readers see."""
    return {
        "BibTeX": f"downloads/explainers/{explainer_id}.bib",
        "BibTeX (classic)": f"downloads/explainers/{explainer_id}-classic.bib",
        "CSL-JSON": f"downloads/explainers/{explainer_id}.json",
        "RIS": f"downloads/explainers/{explainer_id}.ris",
    }


def page_file(address: str) -> str:
    """The page's source path, as a site generator names it: "sources/x/" -> "sources/x.md"."""
    return address.rstrip("/") + ".md" if address else "index.md"


def page_output(address: str) -> str:
    """Where the page is written in the site: "sources/x/" -> "sources/x/index.html"."""
    return f"{address}index.html"


def root_of(address: str) -> str:
    """The relative path from a page at `address` back to the site root: "sources/x/" -> "../../"."""
    return "../" * address.split("#")[0].count("/")


@dataclass(frozen=True)
class Links:
    """Addresses as a page at depth `root` links to them ("../../sources/x/")."""

    root: str = ""

    def __call__(self, address: str) -> str:
        return self.root + address

    def explainer(self, explainer_id: str, language: str | None = None) -> str:
        return self.root + explainer(explainer_id, language)

    def finding(self, explainer_id: str, finding_id: str, language: str | None = None) -> str:
        return self.root + finding(explainer_id, finding_id, language)

    def source(self, source_id: str) -> str:
        return self.root + source(source_id)

    def topic(self, topic_id: str) -> str:
        return self.root + topic(topic_id)

    def bibliography_entry(self, source_id: str) -> str:
        return self.root + bibliography_entry(source_id)
