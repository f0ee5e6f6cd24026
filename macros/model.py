"""The corpus as typed objects: what the loader hands to render and export.

Objects are built only from data that passed the schema, so fields here can
be trusted to have the right shape; cross-references are checked separately
(validate.py). Each object keeps its Document for positions in messages.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .yaml_loader import Document

SHORT_ANSWERS = {"yes": "Yes", "no": "No", "partly": "Partly", "unclear": "Unclear"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
LANGUAGES = {"en": "English", "uk": "Ukrainian", "ru": "Russian", "pt": "Portuguese", "cs": "Czech",
             "pl": "Polish", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian"}


@dataclass(frozen=True)
class Text:
    """A data text field (Markdown), with the path to find its position."""

    value: str
    path: tuple
    doc: Document = field(repr=False, compare=False)

    def mark_at(self, offset: int):
        scalar = self.doc.scalars.get(self.path)
        return scalar.mark_at(offset) if scalar else self.doc.mark(self.path)


@dataclass
class Affiliation:
    id: str
    name: str
    description: str
    party: str | None = None


@dataclass
class Publisher:
    """An outlet or institution: publishes sources, hosts copies, or is relayed."""

    id: str
    name: str
    affiliation: str
    reason: str
    url: str | None = None
    country: str | None = None
    kind: str | None = None


@dataclass
class Topic:
    id: str
    name: str
    description: str | None = None


def format_date(value: str | None) -> str:
    """'2024-06-22' -> '22 June 2024'; '2024-06' -> 'June 2024'; '2024' -> '2024'."""
    if not value:
        return ""
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def display_name(author: str) -> str:
    """'Tyshchenko, Kateryna' -> 'Kateryna Tyshchenko'; a name without a comma is kept."""
    if "," in author:
        family, given = (p.strip() for p in author.split(",", 1))
        return f"{given} {family}".strip()
    return author


@dataclass
class Source:
    id: str
    doc: Document = field(repr=False)
    publisher: str
    title: str | None = None
    title_en: str | None = None
    title_note: str | None = None
    language: str = "en"
    type: str = "article"
    container: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    date_inferred: bool = False
    date_note: str | None = None
    url: str | None = None
    archive_url: str | None = None
    accessed: str | None = None
    copy: dict | None = None
    relays: list[dict] = field(default_factory=list)  # {"publisher": id} or {"source": id}, with a note
    identification: dict | None = None
    quote: Text | None = None
    notes: Text | None = None

    @property
    def primary(self) -> bool:
        """Primary: the work is its own origin; it relays no one else's statement or reporting."""
        return not self.relays

    @property
    def language_name(self) -> str:
        return LANGUAGES.get(self.language.split("-")[0], self.language)

    def sort_key(self, publishers: dict[str, Publisher]) -> tuple:
        """Author (family name first) or else publisher, then date, then title."""
        lead = self.authors[0] if self.authors else publishers[self.publisher].name
        lead = lead.casefold().removeprefix("the ")
        return (lead, self.date or "9999", (self.title or self.title_note or "").casefold(), self.id)


@dataclass
class Finding:
    id: str
    number: int
    heading: str
    text: Text
    kind: str = "finding"
    editor_notes: list[Text] = field(default_factory=list)
    stances: dict[str, str] = field(default_factory=dict)  # source id -> contradicts | context
    confidence: dict | None = None  # evidence, agreement, level, justification

    def stance(self, source_id: str) -> str:
        return self.stances.get(source_id, "supports")


@dataclass
class Correction:
    date: str
    what: Text
    why: Text


@dataclass
class Explainer:
    id: str
    doc: Document = field(repr=False)
    question: str
    short_answer: str
    summary: Text
    published: str
    findings: list[Finding]
    updated: str | None = None
    evidence_as_of: str | None = None
    review_by: str | None = None
    authors: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)

    @property
    def short_answer_label(self) -> str:
        return SHORT_ANSWERS[self.short_answer]

    def finding(self, finding_id: str) -> Finding | None:
        return next((f for f in self.findings if f.id == finding_id), None)

    def texts(self):
        """Every text that may cite, in reading order: (finding or None for the summary, Text)."""
        yield None, self.summary
        for finding in self.findings:
            yield finding, finding.text
            for note in finding.editor_notes:
                yield finding, note
            if finding.confidence and finding.confidence.get("justification"):
                yield finding, finding.confidence["justification"]
        for correction in self.corrections:
            yield None, correction.what
            yield None, correction.why


@dataclass
class Corpus:
    explainers: dict[str, Explainer]
    sources: dict[str, Source]
    publishers: dict[str, Publisher]
    affiliations: dict[str, Affiliation]
    topics: dict[str, Topic]

    def sources_sorted(self) -> list[Source]:
        return sorted(self.sources.values(), key=lambda s: s.sort_key(self.publishers))

    def explainers_sorted(self) -> list[Explainer]:
        return sorted(self.explainers.values(), key=lambda e: (e.published, e.id), reverse=True)
