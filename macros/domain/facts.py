"""What a reader must know about a source before trusting a citation of it: its honesty facts.

A source says what was seen and nothing more; a field that is not known is left out. The facts
are derived from the source's typed fields (model.py): which kinds apply (`facts`), and how each
is said in words (`describe`), the one place that wording lives. Pages render the descriptions,
exports write them as note lines, and the importer reads those lines back through the same
wording (`read_line`), so the two directions cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from dataclasses import dataclass, field

from .model import Corpus, Relay, Source, format_date, language_name_in

# The kinds of fact, in the order they are shown.
KINDS = (
    "identification",
    "copy",
    "date-inferred",
    "date-unknown",
    "date-note",
    "author-unknown",
    "title-unknown",
    "language",
    "relays",
)
ARCHIVE_PREFIX = "Archived copy: "


@dataclass(frozen=True)
class Words:
    """Words of the interface with values filled in: `text` is English with {placeholders}, said in
    English by `str()` (what exports write and the importer reads back) and in a page's language by
    `say(t)`, where `t` is render/'s translator (its catalogue keyed by `text`). A value named `date`
    is a date of the data and one named `language` a language tag, each written as the page's
    language writes it. Data text is never a `text`: it is a value (`"{note}"` says a value alone)."""

    text: str
    values: tuple[tuple[str, str | Words], ...] = ()

    def __str__(self) -> str:
        values = {k: str(v) for k, v in self.values}
        if "date" in values:
            values["date"] = format_date(values["date"])
        if "language" in values:
            values["language"] = language_name_in(values["language"])
        return self.text.format(**values)

    def say(self, t: Callable[..., str]) -> str:
        return t(self.text, **{k: v.say(t) if isinstance(v, Words) else v for k, v in self.values})


def words(text: str, **values: str | Words) -> Words:
    return Words(text, tuple(values.items()))


# Every English text of `Words` this module says, for the catalogues' check (tests/test_translations.py).
WORDING = (
    "Identified after the fact: exact match",
    "Identified after the fact: plausible match",
    "for {scope}",
    "Seen only as a copy at {publisher}",
    "{note}; the original is by {publisher}",
    "the original is by {publisher}",
    "Date inferred",
    "Date not shown",
    "About the date",
    "Author not shown",
    "Title not captured",
    "In {language}",
    "English title: {title}",
    "Relays {names}",
    "{note}",
    "{a} and {b}",
    "Untitled ({publisher}, {date})",
    "Untitled ({publisher})",
    "Both sources",
    "All {n} sources",
    "{count} of the {total} sources",
    "{who} were identified after the fact: the explainer's original references were lost. "
    "Each is an exact match unless marked as a plausible one.",
    "{who} show no author.",
    "{who} show no author; the others name theirs.",
    "{who} show no date.",
    "{who} show no date; the others are dated.",
    "{who} have no title captured.",
    "{who} have no title captured; the others' titles are given.",
    "{who}: {label}.",
    "{who}: {label}: {detail}.",
)


@dataclass(frozen=True)
class Fact:
    """One fact about a source, in words: a few words always shown, and a detail where specific.
    `label` and `detail` are the English (exports and the importer use them); `said` and
    `said_detail` the same as `Words`, for a page in another language."""

    kind: str
    label: str
    detail: str = ""
    # It weakens a citation: only a copy was seen, the date was inferred, or the source is only a
    # plausible match for what the author cited. Only these carry a warning sign.
    weakens: bool = False
    said: Words | None = field(default=None, compare=False)
    said_detail: Words | None = field(default=None, compare=False)

    @property
    def line(self) -> str:
        """The fact on one line, as exports write it into a note."""
        return f"{self.label}: {self.detail}" if self.detail else self.label


def label(source: Source, corpus: Corpus) -> str:
    """A one-line name for the source: its title, or what is known instead."""
    return str(label_words(source, corpus))


def label_words(source: Source, corpus: Corpus) -> Words:
    """`label` as Words: the title is data; "Untitled (publisher, date)" is the interface's."""
    if source.title:
        return words("{note}", note=source.title)
    publisher = corpus.publishers[source.publisher].name
    if source.date:
        return words("Untitled ({publisher}, {date})", publisher=publisher, date=source.date)
    return words("Untitled ({publisher})", publisher=publisher)


def kinds(source: Source) -> list[str]:
    """The kinds of fact that apply to the source."""
    found = []
    if source.identification:
        found.append("identification")
    if source.copy:
        found.append("copy")
    if source.date and source.date_inferred:
        found.append("date-inferred")
    elif not source.date:
        found.append("date-unknown")
    elif source.date_note:
        found.append("date-note")
    if not source.authors:
        found.append("author-unknown")
    if not source.title:
        found.append("title-unknown")
    if source.language != "en":
        found.append("language")
    if source.relays:
        found.append("relays")
    return found


def _joined_words(names: list[str]) -> Words:
    return (
        words("{note}", note=names[0])
        if len(names) == 1
        else words("{a} and {b}", a=", ".join(names[:-1]), b=names[-1])
    )


def _fact(kind: str, label: Words, detail: Words | None = None, weakens: bool = False) -> Fact:
    return Fact(kind, str(label), str(detail) if detail else "", weakens, label, detail)


def _data(text: str | None) -> Words | None:
    """Data text as a detail (said as it is, in every language), or none."""
    return words("{note}", note=text) if text else None


def describe(kind: str, source: Source, corpus: Corpus) -> Fact:
    """The fact of this kind about the source, in words (English, and as `Words` to say in another)."""
    pubs = corpus.publishers
    if kind == "identification":
        ident = source.identification
        assert ident is not None
        return _fact(
            kind,
            words(f"Identified after the fact: {ident.match} match"),
            words("for {scope}", scope=ident.scope) if ident.scope else None,
            weakens=ident.match != "exact",
        )
    if kind == "copy":
        copy = source.copy
        assert copy is not None
        publisher = pubs[source.publisher].name
        return _fact(
            kind,
            words("Seen only as a copy at {publisher}", publisher=pubs[copy.seen_at].name),
            words("{note}; the original is by {publisher}", note=copy.note, publisher=publisher)
            if copy.note
            else words("the original is by {publisher}", publisher=publisher),
            weakens=True,
        )
    if kind == "date-inferred":
        return _fact(kind, words("Date inferred"), _data(source.date_note), weakens=True)
    if kind == "date-unknown":
        return _fact(kind, words("Date not shown"), _data(source.date_note))
    if kind == "date-note":
        return _fact(kind, words("About the date"), _data(source.date_note))
    if kind == "author-unknown":
        return _fact(kind, words("Author not shown"))
    if kind == "title-unknown":
        return _fact(kind, words("Title not captured"), _data(source.title_note))
    if kind == "language":
        return _fact(
            kind,
            words("In {language}", language=source.language),
            words("English title: {title}", title=source.title_en) if source.title_en else None,
        )
    if kind == "relays":
        names = [_relayed_name(r, corpus) for r in source.relays]
        return _fact(
            kind,
            words("Relays {names}", names=_joined_words(names)),
            _data("; ".join(r.note for r in source.relays if r.note)),
        )
    raise ValueError(f"unknown kind of fact: {kind}")


def _relayed_name(relay: Relay, corpus: Corpus) -> str:
    if relay.publisher is not None:
        return corpus.publishers[relay.publisher].name
    assert relay.source is not None
    return label(corpus.sources[relay.source], corpus)


def facts(source: Source, corpus: Corpus) -> list[Fact]:
    """Every fact about the source, in words, in the order they are shown."""
    return [describe(kind, source, corpus) for kind in kinds(source)]


# ---- what the sources of one page share (its notes) -------------------------------------------------
# Kinds whose absence the citation itself shows (the authors, the date or the title are printed when
# known), so what most sources of a page lack can be said once without marking the others; and how
# the page says it.
SHOWN_IN_CITATION = {
    "author-unknown": ("show no author", "the others name theirs"),
    "date-unknown": ("show no date", "the others are dated"),
    "title-unknown": ("have no title captured", "the others' titles are given"),
}
# Kinds the citation prints in words ("date not shown", "[title not captured]"): in notes, a chip
# for one only when it has a detail to add.
PRINTED_IN_CITATION = {"date-unknown", "title-unknown"}


@dataclass(frozen=True)
class Shared:
    """A fact said once above a page's notes instead of under each source that has it."""

    kind: str
    words: Words

    @property
    def sentence(self) -> str:
        return str(self.words)


@dataclass(frozen=True)
class PageFacts:
    """The facts of the sources one page cites: what is said once, and each source's own."""

    shared: tuple[Shared, ...]
    own: dict[str, tuple[Fact, ...]]


def _norm(fact: Fact) -> str:
    """What a fact says about the way the source was found, without what sets it apart: sources
    identified after the fact share "Identified after the fact", whatever the match."""
    return "identification" if fact.kind == "identification" else f"{fact.kind}\n{fact.label}\n{fact.detail}"


def page_facts(by_source: dict[str, list[Fact]]) -> PageFacts:
    """Quiet notes: a fact stays under its source only when it sets the source apart on this page.

    A fact every source of the page shares is said once; so is a fact most of them share when
    the citation itself shows who lacks it (`SHOWN_IN_CITATION`). A fact that weakens a citation
    always stays under its source, and so does an identification with a scope of its own; what the
    citation prints in words (`PRINTED_IN_CITATION`) gets a chip only for a detail.
    """
    total = len(by_source)
    holders: dict[str, set[str]] = {}
    for key, facts_of in by_source.items():
        for fact in facts_of:
            holders.setdefault(_norm(fact), set()).add(key)
    said: set[str] = set()
    shared: list[Shared] = []
    if total >= 2:
        for norm, keys in holders.items():
            example = next(f for k in keys for f in by_source[k] if _norm(f) == norm)
            if len(keys) == total and (norm == "identification" or not example.weakens):
                said.add(norm)
                shared.append(Shared(example.kind, _shared_sentence(example, total, total)))
            elif example.kind in SHOWN_IN_CITATION and not example.detail and 2 * len(keys) > total:
                said.add(norm)
                shared.append(Shared(example.kind, _shared_sentence(example, len(keys), total)))
    shared.sort(key=lambda s: KINDS.index(s.kind))
    own = {
        key: tuple(
            f
            for f in facts_of
            if f.weakens
            or (f.kind == "identification" and f.detail)
            or (_norm(f) not in said and (f.detail or f.kind not in PRINTED_IN_CITATION))
        )
        for key, facts_of in by_source.items()
    }
    return PageFacts(tuple(shared), own)


def _shared_sentence(fact: Fact, count: int, total: int) -> Words:
    every = words("Both sources") if total == 2 else words("All {n} sources", n=str(total))
    who = every if count == total else words("{count} of the {total} sources", count=str(count), total=str(total))
    if fact.kind == "identification":
        return words(
            "{who} were identified after the fact: the explainer's original references were lost. "
            "Each is an exact match unless marked as a plausible one.",
            who=who,
        )
    if fact.kind in SHOWN_IN_CITATION:
        lack, others = SHOWN_IN_CITATION[fact.kind]
        return words(f"{{who}} {lack}." if count == total else f"{{who}} {lack}; {others}.", who=who)
    label = fact.said or words("{note}", note=fact.label)
    if fact.detail:
        detail = fact.said_detail or words("{note}", note=fact.detail)
        return words("{who}: {label}: {detail}.", who=who, label=label, detail=detail)
    return words("{who}: {label}.", who=who, label=label)


def note_lines(source: Source, corpus: Corpus) -> list[str]:
    """The facts one line each, then the archived copy: what exports write where a format keeps notes."""
    lines = [fact.line for fact in facts(source, corpus)]
    if source.archive_url:
        lines.append(ARCHIVE_PREFIX + source.archive_url)
    return lines


# ---- reading the lines back (the importer) ----------------------------------------------------------
@dataclass
class ReadBack:
    """What note lines written by `note_lines` say, as a source file's fields (plain data).
    Publisher names are looked up by `find_publisher`; one it does not know is listed in
    `unknown_publishers`."""

    fields: dict[str, object]
    unknown_publishers: list[str]
    unread: list[str]  # lines that are not facts, or whose publishers could not be told apart


def _detail(line: str, label_text: str) -> str | None:
    """The detail of `line` when it is the fact `label_text`, "" when it has none, else None."""
    if line == label_text:
        return ""
    if line.startswith(label_text + ": "):
        return line[len(label_text) + 2 :]
    return None


_IDENTIFICATION = re.compile(r"Identified after the fact: (exact|plausible) match(?:: for (.+))?")
_COPY = "Seen only as a copy at "
_ORIGINAL = re.compile(r"(?:^|; )the original is by .+$")


def read_lines(
    lines: list[str], language_names: Container[str], find_publisher: Callable[[str], str | None]
) -> ReadBack:
    """Source fields from note lines that `note_lines` wrote; `language_names` maps a language's
    name as `describe` writes it ("Portuguese") to its code."""
    out = ReadBack({}, [], [])
    for raw in lines:
        line = raw.strip()
        if line:
            _read_line(line, out, language_names, find_publisher)
    return out


def _read_line(
    line: str, out: ReadBack, language_names: Container[str], find_publisher: Callable[[str], str | None]
) -> None:
    fields = out.fields
    if line.startswith(ARCHIVE_PREFIX) and " " not in line[len(ARCHIVE_PREFIX) :]:
        fields["archive_url"] = line[len(ARCHIVE_PREFIX) :]
        return
    for label_text, name in (("Title not captured", "title_note"), ("Date not shown", "date_note")):
        detail = _detail(line, label_text)
        if detail is not None:
            if detail:
                fields[name] = detail
            return
    detail = _detail(line, "Date inferred")
    if detail is not None:
        fields["date_inferred"] = True
        if detail:
            fields["date_note"] = detail
        return
    detail = _detail(line, "About the date")
    if detail:
        fields["date_note"] = detail
        return
    if line == "Author not shown":
        return
    if line.startswith("In "):
        name, _, rest = line[3:].partition(": ")
        if name in language_names or re.fullmatch(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", name):
            if rest.startswith("English title: "):
                fields["title_en"] = rest.removeprefix("English title: ")
            if not rest or rest.startswith("English title: "):
                return
    match = _IDENTIFICATION.fullmatch(line)
    if match:
        fields["identification"] = {"match": match[1], **({"scope": match[2]} if match[2] else {})}
        return
    if line.startswith(_COPY):
        _read_copy(line[len(_COPY) :], out, find_publisher)
        return
    if line.startswith("Relays "):
        relays = _read_relays(line.removeprefix("Relays "), find_publisher)
        if relays is None:
            out.unread.append(line)
        else:
            fields["relays"] = relays
        return
    out.unread.append(line)


def _read_copy(text: str, out: ReadBack, find_publisher: Callable[[str], str | None]) -> None:
    """'Konturnovosti: syndicated copy; the original is by AFP' -> Copy (the name ends at the first ': ')."""
    name, _, rest = text.partition(": ")
    seen = find_publisher(name)
    if seen is None:
        out.unknown_publishers.append(name)
    original = _ORIGINAL.search(rest)
    note = rest[: original.start()] if original else rest
    out.fields["copy"] = {"seen_at": seen or "", **({"note": note} if note else {})}


def _read_relays(text: str, find_publisher: Callable[[str], str | None]) -> list[dict[str, str]] | None:
    """'The Independent and Kommersant: it cites The Independent; it cites Kommersant' -> relays.

    `describe` joins the relayed publishers' names with commas and "and", then the notes with
    "; ". Read back only when every name is a known publisher and the notes pair with them one
    to one (or there is one publisher); otherwise None.
    """
    candidates = [(text, "")] + [(text[: m.start()], text[m.end() :]) for m in re.finditer(": ", text)]
    for names_part, notes_part in candidates:
        whole = find_publisher(names_part)
        if whole:
            ids = [whole]
        else:
            names = re.split(r", | and ", names_part)
            found = [find_publisher(n) for n in names]
            if len(names) < 2 or not all(found):
                continue
            ids = [i for i in found if i]
        if not notes_part:
            return [{"publisher": i} for i in ids]
        if len(ids) == 1:
            return [{"publisher": ids[0], "note": notes_part}]
        notes = notes_part.split("; ")
        if len(notes) == len(ids):
            return [{"publisher": i, "note": n} for i, n in zip(ids, notes, strict=True)]
        return None
    return None
