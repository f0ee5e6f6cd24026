"""Translations of an explainer, and how far each paragraph keeps up with the original.

A translation (data/explainers/<id>.<lang>.yaml) holds translated text for the fields a reader
reads: the question, the summary, each finding's heading, text, editor's notes and confidence
justification, and each correction. Ids, citation markers and cross-links are the original's
(load/translations.py refuses a translation that changes them). Each translated field records
`translates`: the hash of the original text it was made from (`text_hash`). When the original
changes, the hash no longer matches and that paragraph is *lagging*: the page says so there and
offers the original; the worklist lists it. A field the translation leaves out is *untranslated*
and shown in the original language.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from .model import LANGUAGES, Explainer, Finding, Path_, Positions, Text

HASH_LENGTH = 12
CURRENT, LAGGING, UNTRANSLATED = "current", "lagging", "untranslated"
METHODS = ("machine", "human")


def text_hash(value: str) -> str:
    """The hash a translated field records of the original text it translates. Whitespace is
    collapsed first, so re-wrapping the original's lines does not make a translation lag."""
    return hashlib.sha256(" ".join(value.split()).encode("utf-8")).hexdigest()[:HASH_LENGTH]


def language_name(tag: str) -> str:
    """The language's English name where the site knows it ('uk' -> 'Ukrainian'), else its tag."""
    return LANGUAGES.get(tag.split("-")[0].lower(), tag)


@dataclass(frozen=True)
class TranslatedText:
    """One translated field: the text (with its place in the translation's file) and the hash of
    the original text it translates."""

    text: Text
    translates: str


@dataclass(frozen=True)
class Translation:
    """data/explainers/<explainer>.<language>.yaml, checked against its original."""

    explainer: str
    language: str  # a BCP 47 tag, as standardised by langcodes
    doc: Positions = field(repr=False, compare=False)
    method: str  # machine | human
    by: str | None = None  # who (or what) translated it; None: not recorded
    reviewed_by: tuple[str, ...] = ()  # people who checked it against the original
    # Translated fields by their path in the *original* explainer: ("findings", 2, "text").
    fields: dict[Path_, TranslatedText] = field(default_factory=dict)

    @property
    def reviewed(self) -> bool:
        return bool(self.reviewed_by)


def translatable(explainer: Explainer) -> Iterator[tuple[Path_, str]]:
    """Every field of the original a translation may translate, as (path, original text), in
    reading order."""
    yield ("question",), explainer.question
    yield ("summary",), explainer.summary.value
    for i, finding in enumerate(explainer.findings):
        yield ("findings", i, "heading"), finding.heading
        yield ("findings", i, "text"), finding.text.value
        for k, note in enumerate(finding.editor_notes):
            yield ("findings", i, "editor_notes", k), note.value
        if finding.confidence and finding.confidence.justification:
            yield ("findings", i, "confidence", "justification"), finding.confidence.justification.value
    for k, correction in enumerate(explainer.corrections):
        yield ("corrections", k, "what"), correction.what.value
        yield ("corrections", k, "why"), correction.why.value


@dataclass(frozen=True)
class FieldState:
    """How one field of a translated page stands against the original."""

    path: Path_  # in the original
    state: str  # current | lagging | untranslated
    original: str  # the original's text now

    @property
    def finding_index(self) -> int | None:
        return self.path[1] if self.path[0] == "findings" and isinstance(self.path[1], int) else None


@dataclass(frozen=True)
class Localized:
    """An explainer as a translation shows it: the same Explainer shape, with translated text where
    there is some (and the original's elsewhere), and the state of every field."""

    explainer: Explainer  # its `language` is the translation's
    original: Explainer
    translation: Translation
    states: dict[Path_, FieldState]

    def state(self, path: Path_) -> str:
        found = self.states.get(path)
        return found.state if found else CURRENT

    def behind(self) -> list[FieldState]:
        """The fields that are not a current translation (lagging or untranslated), in reading order."""
        return [s for s in self.states.values() if s.state != CURRENT]


def localize(original: Explainer, translation: Translation) -> Localized:
    """The explainer in the translation's language: each translated field's text replaces the
    original's (a field not translated keeps the original's), with the state of each field."""
    states: dict[Path_, FieldState] = {}
    for path, value in translatable(original):
        found = translation.fields.get(path)
        if found is None:
            state = UNTRANSLATED
        elif found.translates == text_hash(value):
            state = CURRENT
        else:
            state = LAGGING
        states[path] = FieldState(path, state, value)

    def text(path: Path_, current: Text) -> Text:
        found = translation.fields.get(path)
        return found.text if found else current

    def line(path: Path_, current: str) -> str:
        found = translation.fields.get(path)
        return found.text.value if found else current

    findings = []
    for i, f in enumerate(original.findings):
        confidence = f.confidence
        if confidence and confidence.justification:
            justification = text(("findings", i, "confidence", "justification"), confidence.justification)
            confidence = dataclasses.replace(confidence, justification=justification)
        findings.append(
            dataclasses.replace(
                f,
                heading=line(("findings", i, "heading"), f.heading),
                text=text(("findings", i, "text"), f.text),
                editor_notes=tuple(text(("findings", i, "editor_notes", k), n) for k, n in enumerate(f.editor_notes)),
                confidence=confidence,
            )
        )
    corrections = tuple(
        dataclasses.replace(
            c, what=text(("corrections", k, "what"), c.what), why=text(("corrections", k, "why"), c.why)
        )
        for k, c in enumerate(original.corrections)
    )
    localized = dataclasses.replace(
        original,
        language=translation.language,
        question=line(("question",), original.question),
        summary=text(("summary",), original.summary),
        findings=tuple(findings),
        corrections=corrections,
    )
    return Localized(localized, original, translation, states)


def finding_of(explainer: Explainer, path: Path_) -> Finding | None:
    """The finding a field's path is in (None for the question, summary and corrections)."""
    if path[0] == "findings" and isinstance(path[1], int) and path[1] < len(explainer.findings):
        return explainer.findings[path[1]]
    return None
