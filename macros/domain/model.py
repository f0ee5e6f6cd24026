"""The corpus as typed objects: what the loader hands to every later layer.

Objects are built only from data that passed the schema and the cross-reference checks, so
their fields can be trusted to have the right shape. Each object keeps where it came from
(`Positions`, the loaded file) for messages that point at a line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import langcodes

from .problems import Mark

if TYPE_CHECKING:
    from .translation import Translation

SHORT_ANSWERS = {"yes": "Yes", "no": "No", "partly": "Partly", "unclear": "Unclear"}
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
LANGUAGES = {
    "en": "English",
    "uk": "Ukrainian",
    "ru": "Russian",
    "pt": "Portuguese",
    "cs": "Czech",
    "pl": "Polish",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
}

Path_ = tuple[str | int, ...]  # a path into a data file: keys and list indexes


class Positions(Protocol):
    """Where the values of one data file are (the loader's Document): for messages."""

    @property
    def file(self) -> str: ...

    def mark(self, path: Path_) -> Mark: ...

    def key_mark(self, path: Path_) -> Mark: ...

    def mark_at(self, path: Path_, offset: int) -> Mark: ...


@dataclass(frozen=True)
class Text:
    """A data text field (Markdown), with the path to find its position."""

    value: str
    path: Path_
    doc: Positions = field(repr=False, compare=False)

    def mark_at(self, offset: int) -> Mark:
        return self.doc.mark_at(self.path, offset)


@dataclass(frozen=True)
class Affiliation:
    id: str
    name: str
    description: str
    party: str | None = None


@dataclass(frozen=True)
class Publisher:
    """An outlet or institution: publishes sources, hosts copies, or is relayed."""

    id: str
    name: str
    affiliation: str
    reason: str
    url: str | None = None
    country: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
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


def split_name(author: str) -> tuple[str, str] | None:
    """'Family, Given' -> (family, given); a name without a comma (a desk, an organisation) -> None."""
    if "," not in author:
        return None
    family, given = (p.strip() for p in author.split(",", 1))
    return family, given


def language_name_in(tag: str, in_language: str = "en") -> str:
    """The language's name in English, or in `in_language` (langcodes knows every ISO 639 code,
    with CLDR's names); the tag itself when no name is known."""
    base = tag.split("-")[0]
    if in_language == "en" and base in LANGUAGES:
        return LANGUAGES[base]
    try:
        name = langcodes.Language.get(base).display_name(in_language)
    except (ValueError, LookupError):
        return tag
    return tag if name.startswith("Unknown language") else name


def display_name(author: str) -> str:
    """'Tyshchenko, Kateryna' -> 'Kateryna Tyshchenko'; a name without a comma is kept."""
    parts = split_name(author)
    return f"{parts[1]} {parts[0]}".strip() if parts else author


@dataclass(frozen=True)
class Copy:
    """Only a copy of the work was seen, at `seen_at` (a publisher id); the source's URL is the copy's."""

    seen_at: str
    note: str | None = None


@dataclass(frozen=True)
class Relay:
    """What a secondary source passes on: another publisher's statement, or another source."""

    publisher: str | None = None
    source: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Identification:
    """The source was identified after the fact (the original reference was lost)."""

    match: str  # exact | plausible
    scope: str | None = None


@dataclass(frozen=True)
class Source:
    id: str
    doc: Positions = field(repr=False, compare=False)
    publisher: str
    title: str | None = None
    title_en: str | None = None
    title_note: str | None = None
    language: str = "en"
    type: str = "article"
    container: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    date_inferred: bool = False
    date_note: str | None = None
    url: str | None = None
    archive_url: str | None = None
    accessed: str | None = None
    copy: Copy | None = None
    relays: tuple[Relay, ...] = ()
    identification: Identification | None = None
    quote: Text | None = None
    notes: Text | None = None

    @property
    def primary(self) -> bool:
        """Primary: the work is its own origin; it relays no one else's statement or reporting."""
        return not self.relays

    @property
    def language_name(self) -> str:
        """The language's English name (language_name_in)."""
        return language_name_in(self.language)

    def sort_key(self, publishers: dict[str, Publisher]) -> tuple[str, str, str, str]:
        """Author (family name first) or else publisher, then date, then title."""
        lead = self.authors[0] if self.authors else publishers[self.publisher].name
        lead = lead.casefold().removeprefix("the ")
        return (lead, self.date or "9999", (self.title or self.title_note or "").casefold(), self.id)


@dataclass(frozen=True)
class Confidence:
    """The editor's confidence in a finding, with the evidence and agreement it rests on."""

    evidence: str  # limited | medium | robust
    agreement: str  # low | medium | high
    level: str  # very-low … very-high
    justification: Text | None = None

    @property
    def label(self) -> str:
        return self.level.replace("-", " ")


@dataclass(frozen=True)
class Finding:
    id: str
    number: int
    heading: str
    text: Text
    kind: str = "finding"
    editor_notes: tuple[Text, ...] = ()
    stances: dict[str, str] = field(default_factory=dict)  # source id -> contradicts | context
    confidence: Confidence | None = None

    def stance(self, source_id: str) -> str:
        return self.stances.get(source_id, "supports")


@dataclass(frozen=True)
class Correction:
    date: str
    what: Text
    why: Text
    finding: str | None = None  # the id of the finding it changed, when it changed one


@dataclass(frozen=True)
class Explainer:
    id: str
    doc: Positions = field(repr=False, compare=False)
    question: str
    short_answer: str
    summary: Text
    published: str
    findings: tuple[Finding, ...]
    updated: str | None = None
    evidence_as_of: str | None = None
    review_by: str | None = None
    authors: tuple[str, ...] = ()  # 'Family, Given' or a desk's name; none: the site is the author
    reviewers: tuple[str, ...] = ()  # who checked it, in the same form
    topics: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    corrections: tuple[Correction, ...] = ()
    language: str = "en"  # the language of its text: a translation's view (translation.py) sets its own

    @property
    def short_answer_label(self) -> str:
        return SHORT_ANSWERS[self.short_answer]

    def finding(self, finding_id: str) -> Finding | None:
        return next((f for f in self.findings if f.id == finding_id), None)

    def texts(self) -> Iterator[tuple[Finding | None, Text]]:
        """Every text that may cite, in reading order: (finding or None for the summary, Text)."""
        yield None, self.summary
        for finding in self.findings:
            yield finding, finding.text
            yield from ((finding, note) for note in finding.editor_notes)
            if finding.confidence and finding.confidence.justification:
                yield finding, finding.confidence.justification
        for correction in self.corrections:
            yield None, correction.what
            yield None, correction.why


@dataclass(frozen=True)
class Corpus:
    explainers: dict[str, Explainer]
    sources: dict[str, Source]
    publishers: dict[str, Publisher]
    affiliations: dict[str, Affiliation]
    topics: dict[str, Topic]
    # Translations of each explainer, by explainer id, then language tag (translation.py).
    translations: dict[str, dict[str, Translation]] = field(default_factory=dict)

    def sources_sorted(self) -> list[Source]:
        return sorted(self.sources.values(), key=lambda s: s.sort_key(self.publishers))

    def explainers_sorted(self) -> list[Explainer]:
        return sorted(self.explainers.values(), key=lambda e: (e.published, e.id), reverse=True)
