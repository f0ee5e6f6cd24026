"""Import a reference manager's export (CSL-JSON or BibTeX, e.g. from Zotero) as source files.

`python -m macros import FILE` reads every entry, maps what it can to the fields of
data/sources/<id>.yaml, and reports what it could not map. Nothing is guessed:

- an entry's publisher (CSL `publisher`, else its `container-title`; BibTeX `publisher`,
  `organization`, `institution`, else the journal) must match a publisher already in
  data/publishers.yaml by name. Otherwise the entry is not written, and the report lists the
  publishers to add: a publisher needs an affiliation and a reason only a person can give.
- an entry's key (BibTeX) or id (CSL-JSON) is its id when it is a valid id not taken, so that
  citations of a re-imported export still resolve; otherwise an id is derived (first author's
  family name or the publisher, year, first words of the title) and the report says why.
- a language is read through langcodes (names and codes) and babel's names; one that cannot be
  read stops the entry, since without it the source would claim to be in English.
- an entry that is the same work (domain/works.py: DOI, address, title with date and publisher)
  as one before it in the file is not written; as an existing source, it is skipped unless
  `--overwrite` is given.
- every entry and field not carried over is reported by the entry's key, with why.
- every file is checked with the project's own checker before anything is written; if the
  data folder would not pass `python -m macros check`, nothing is written.

The honesty facts this site writes into exported notes ("Date inferred: …", "Seen only as a
copy at …", "Archived copy: …") are read back, so an export of this site imports to the same
data. Other note lines are reported, not kept.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import langcodes

from ..domain import facts
from ..domain.model import LANGUAGES, Corpus
from ..domain.problems import DataError
from ..domain.works import WorkKey, source_keys, work_keys
from ..load.corpus import ID_RE, load_corpus
from ..load.schema import url_problem
from ..load.yaml_loader import load_text
from .bibtex import MISC_TYPES, UNKNOWN_DATE, UNKNOWN_TITLE
from .csl import CSL_TYPES, CUSTOM_KEY

if TYPE_CHECKING:
    from pylatexenc.latex2text import LatexNodes2Text

    from ..load.yaml_loader import Document

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../macros/schemas/source.schema.json\n"
FIELD_ORDER = [
    "title",
    "title_en",
    "title_note",
    "language",
    "type",
    "publisher",
    "container",
    "authors",
    "date",
    "date_inferred",
    "date_note",
    "url",
    "archive_url",
    "accessed",
    "copy",
    "relays",
    "identification",
    "quote",
    "notes",
]
# Fields no import format can carry: an overwrite keeps them from the existing file.
KEPT_ON_OVERWRITE = ("relays", "quote", "notes")

CSL_TO_TYPE = {
    "article-newspaper": "article",
    "article-magazine": "article",
    "article": "article",
    "article-journal": "journal-article",
    "post-weblog": "blog-post",
    "report": "report",
    "webpage": "web-page",
    "motion_picture": "video",
    "broadcast": "video",
    "book": "book",
    "dataset": "dataset",
}
BIBTEX_TO_CSL = {
    "online": "webpage",
    "www": "webpage",
    "electronic": "webpage",
    "report": "report",
    "techreport": "report",
    "book": "book",
    "video": "motion_picture",
    "movie": "motion_picture",
    "dataset": "dataset",
}
LANGUAGE_CODES_BY_NAME = {name: code for code, name in LANGUAGES.items()}
# The option names of babel and polyglossia (which biblatex's `langid` takes) that are not a
# language's name: a dialect or a spelling (babel's manual). Every other name and code goes to
# langcodes, which knows the names of languages in English and in themselves.
BABEL_NAMES = {
    "american": "en-US",
    "usenglish": "en-US",
    "british": "en-GB",
    "ukenglish": "en-GB",
    "canadian": "en-CA",
    "australian": "en-AU",
    "newzealand": "en-NZ",
    "ngerman": "de",
    "naustrian": "de-AT",
    "austrian": "de-AT",
    "swissgerman": "de-CH",
    "nswissgerman": "de-CH",
    "brazil": "pt-BR",
    "brazilian": "pt-BR",
    "portuges": "pt",
    "bokmal": "nb",
    "norsk": "nb",
    "acadian": "fr-CA",
    "canadien": "fr-CA",
    "frenchb": "fr",
    "polutonikogreek": "el",
    "bahasa": "id",
    "bahasai": "id",
    "bahasam": "ms",
    "lowersorbian": "dsb",
    "uppersorbian": "hsb",
    "serbianc": "sr-Cyrl",
    "serbianl": "sr-Latn",
    "pinyin": "zh-Latn",
}
_LANGUAGE_NAME = re.compile(r"[^\W\d_]+(?:[ '’.()-]+[^\W\d_]+)*[.)]?")
MONTHS = {
    m: i
    for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)
}
# CSL keys read as another name for one that is mapped, or that carry nothing about the work.
CSL_IGNORED = {"id", "citation-key"}


# ---- the report ---------------------------------------------------------------------------------
@dataclass
class Entry:
    origin: str  # the entry's id or key in the file, or its position
    fields: dict[str, Any] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)
    id: str | None = None
    # new, written, exists, overwritten, unknown-publisher, invalid, duplicate, unreadable
    status: str = "new"
    problems: list[str] = field(default_factory=list)
    missing_publishers: list[str] = field(default_factory=list)
    existing: str | None = None  # the id of the existing source for the same work
    key: str | None = None  # the entry's key (BibTeX) or id (CSL-JSON), when it has one
    doi: str | None = None  # the DOI it gives, for finding the same work
    same_as: str | None = None  # why it is the same work as `existing`, or as an entry before it
    id_note: str | None = None  # why the id is not the key


@dataclass
class Report:
    data_dir: Path
    entries: list[Entry] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wrote: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and all(e.status in ("written", "overwritten", "exists") for e in self.entries)

    def publishers_to_add(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for entry in self.entries:
            for name in entry.missing_publishers:
                if name not in out.values():
                    out[publisher_id(name, set(out))] = name
        return out

    def text(self) -> str:
        lines = list(self.errors)
        folder = self.data_dir.as_posix()
        for e in self.entries:
            where = f"{folder}/sources/{e.id}.yaml" if e.id else ""
            if e.status == "written":
                lines.append(f"wrote {where} (from {e.origin})")
                if e.id_note:
                    lines.append(f"  id: {e.id_note}")
            elif e.status == "overwritten":
                lines.append(f"overwrote {where} (from {e.origin}; kept its {', '.join(KEPT_ON_OVERWRITE)})")
            elif e.status == "exists":
                lines.append(
                    f"skipped {e.origin}: the same work is {folder}/sources/{e.existing}.yaml, by {e.same_as} "
                    "— pass --overwrite to replace it"
                )
            elif e.status == "duplicate":
                lines.append(
                    f"not written {e.origin}: the same work as {e.existing}, before it in this file, by {e.same_as} "
                    "— merge the two entries, or remove one"
                )
            elif e.status == "unreadable":
                lines.append(f"not written {e.origin}: the entry could not be read")
            elif e.status == "unknown-publisher":
                names = ", ".join(repr(n) for n in e.missing_publishers)
                lines.append(
                    f"not written {e.origin}: unknown publisher {names} — add it to "
                    f"{folder}/publishers.yaml, then import again"
                )
            elif e.status == "invalid":
                lines.append(
                    f"not written {e.origin}: "
                    + ("it cannot be imported as it is" if e.id is None else "it would not pass the check")
                )
            elif e.status == "new":
                lines.append(f"not written {e.origin}: nothing was written because of the problems above")
            lines += [f"  problem: {p}" for p in e.problems]
            lines += [f"  not mapped: {u}" for u in e.unmapped]
        to_add = self.publishers_to_add()
        if to_add:
            lines.append(f"Publishers to add to {folder}/publishers.yaml (each needs an affiliation and a reason):")
            for pid, name in to_add.items():
                lines.append(
                    f"  {pid}:\n    name: {json.dumps(name, ensure_ascii=False)}\n"
                    "    affiliation: # one id from data/affiliations.yaml\n"
                    "    reason: # one line a reader can check"
                )
        counts: dict[str, int] = {}
        for e in self.entries:
            counts[e.status] = counts.get(e.status, 0) + 1
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        lines.append(f"{len(self.entries)} entr{'y' if len(self.entries) == 1 else 'ies'} read: {summary or 'none'}.")
        return "\n".join(lines)


# ---- small helpers ------------------------------------------------------------------------------
def slug(text: str, words: int = 100) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    parts = [p for p in re.split(r"[^a-z0-9]+", text) if p]
    return "-".join(parts[:words])


MAX_ID = 80  # an id's length limit (macros/schemas/common.schema.json)


def short_slug(text: str, limit: int = MAX_ID) -> str:
    """`slug`, cut at a hyphen to at most `limit` characters."""
    out = slug(text)
    if len(out) > limit:
        out = out[: limit + 1].rsplit("-", 1)[0] if "-" in out[: limit + 1] else out[:limit]
    return out.strip("-")


def valid_id(text: str) -> bool:
    """An id the check accepts, and that YAML reads as text where it is a key (`2002`, `null`,
    `1e5` and `true` are read as a number, nothing or a boolean): the project's own loader says."""
    if not (ID_RE.match(text) and len(text) <= MAX_ID):
        return False
    doc, problems = load_text(f"{text}: x\n", "id")
    return not problems and doc is not None and list(doc.data) == [text]


def publisher_id(name: str, taken: set[str]) -> str:
    """The id suggested for a publisher to add: its name as a slug, valid as an id and a key."""
    base = short_slug(name) or "publisher"
    if not valid_id(base):
        base = short_slug("publisher-" + base)
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base[: MAX_ID - len(str(n)) - 1].rstrip('-')}-{n}"
        n += 1
    return candidate


def language_code(value: str) -> str | None:
    """A language's BCP 47 code from what a reference manager writes: a code (`en-US`, `deu`),
    a name in English or in the language (`Danish`, `Deutsch`), or a babel name (`ngerman`).
    None when it is not one language (`Ukrainian; Russian`) or langcodes does not know it."""
    text = value.strip()
    if not text:
        return None
    tag: str | None = BABEL_NAMES.get(text.casefold())
    if tag is None and re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*", text):
        try:
            parsed = langcodes.get(text.replace("_", "-"))
        except ValueError:
            parsed = None
        if parsed is not None and parsed.is_valid() and parsed.language:
            tag = parsed.to_tag()
    if tag is None and _LANGUAGE_NAME.fullmatch(text):
        try:
            tag = langcodes.find(text).to_tag()
        except LookupError:
            tag = None
    if tag is None or not re.fullmatch(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", tag):
        return None
    return tag


# CSL-JSON's rich text in titles (citeproc-js, Zotero): what it means, and how it is kept in
# plain text: sub- and superscript digits as Unicode where they all have one, else as they are.
_RICH_TEXT = re.compile(
    r"<(/?)(i|b|sub|sup)>|<span\s+(?:style=\"font-variant:\s*small-caps;?\"|class=\"nocase\")\s*>|</span>"
)
_SUB = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
_SUP = str.maketrans("0123456789+-=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾")


def plain_title(text: str, entry: Entry, name: str) -> str:
    """A CSL title without its rich-text tags, which would show as literal tags on a page."""
    if not _RICH_TEXT.search(text):
        return text
    dropped: list[str] = []

    def script(m: re.Match[str]) -> str:
        table = _SUB if m[1] == "sub" else _SUP
        inner = m[2]
        if all(c in "0123456789+-=()" for c in inner):
            return inner.translate(table)
        dropped.append(f"<{m[1]}>")
        return inner

    out = re.sub(r"<(sub|sup)>([^<]*)</\1>", script, text)
    for m in _RICH_TEXT.finditer(out):
        tag = m[2] or ("small caps" if "small-caps" in m[0] else "nocase" if "nocase" in m[0] else "")
        if tag and not m[1]:
            dropped.append(f"<{tag}>" if m[2] else tag)
    out = _RICH_TEXT.sub("", out)
    kept = sorted(set(d for d in dropped if d not in ("nocase",)))
    if kept:
        entry.unmapped.append(
            f"{name}: formatting {', '.join(kept)} dropped, the words kept (titles are plain text here)"
        )
    return out


def _name_key(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip().casefold()
    return name.removeprefix("the ")


def publisher_index(corpus: Corpus) -> dict[str, str]:
    """Publisher name (and id) in a loose form -> publisher id."""
    index: dict[str, str] = {}
    for pub in corpus.publishers.values():
        index.setdefault(_name_key(pub.name), pub.id)
        index.setdefault(_name_key(pub.id), pub.id)
        index.setdefault(slug(pub.name), pub.id)
    return index


def find_publisher(name: str, index: dict[str, str]) -> str | None:
    return index.get(_name_key(name)) or index.get(slug(name))


def _one_line(value: object) -> str:
    return re.sub(r"\s+", " ", str(value)).strip()


def _partial_date(parts: Iterable[Any]) -> str | None:
    """[2024, 6, 22] -> '2024-06-22', if a real date (or year, or year and month)."""
    try:
        nums = [int(p) for p in parts]
    except (TypeError, ValueError):
        return None
    if not 1 <= len(nums) <= 3 or not 1000 <= nums[0] <= 9999:
        return None
    try:
        dt.date(nums[0], *(nums[1:] + [1] * (3 - len(nums))))
    except ValueError:
        return None
    return "-".join([f"{nums[0]:04d}"] + [f"{n:02d}" for n in nums[1:]])


_TIME = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?"
)


def _iso_date(text: str) -> tuple[str | None, bool]:
    """'2024-06', '2024-06-22~' (biblatex EDTF: ~ or ? marks an uncertain date) -> (date, circa).
    A time of day (`2016-07-18T20:26:06+10:00`) is read as its day; the caller says so."""
    text = text.strip()
    timed = _TIME.fullmatch(text)
    if timed:
        text = timed[1]
    circa = text.endswith(("~", "?", "%"))
    m = re.fullmatch(r"([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?(?:[~?%]|\?~)?", text)
    if not m:
        return None, False
    return _partial_date([g for g in m.groups() if g]), circa


def date_why(value: object) -> str:
    """Why a date (EDTF text, or CSL date-parts) cannot be recorded as YYYY, YYYY-MM or YYYY-MM-DD."""
    if isinstance(value, list):
        if len(value) == 2:
            return "a date range; a source records one date — write the one the page shows, and the range in date_note"
        value = "-".join(str(p) for p in value[0]) if value and isinstance(value[0], list) else str(value)
    text = str(value).strip()
    if "/" in text or ".." in text:
        return "a date range; a source records one date — write the one the page shows, and the range in date_note"
    if text.startswith("-") or re.match(r"[0-9]{1,3}(?:-|$)", text) or re.search(r"\b(?:BC|BCE)\b", text):
        return "a year before 1000 (or before the common era), which this site's dates cannot hold"
    m = re.fullmatch(r"[0-9]{4}-([0-9]{2})[~?%]{0,2}", text)
    if m and 13 <= int(m[1]) <= 41:
        return "a season or a part of a year, not a month; write the year, and the season in date_note"
    if re.fullmatch(r"y-?[0-9]+", text):
        return "a year of more than four digits, which this site's dates cannot hold"
    if "X" in text or "u" in text:
        return "a date with unspecified digits (a decade or a century); write what is known in date_note"
    return "not a date as YYYY, YYYY-MM or YYYY-MM-DD"


# ---- CSL-JSON (and BibTeX, turned into CSL-JSON first) -> a source's fields -------------------
def _read_note(note: str, entry: Entry, fields: dict[str, Any], index: dict[str, str]) -> None:
    """The honesty facts this site writes into exported notes, read back through the same wording
    (domain/facts.py); other lines are reported, not kept."""
    read = facts.read_lines(note.splitlines(), LANGUAGE_CODES_BY_NAME, lambda name: find_publisher(name, index))
    for name in read.unknown_publishers:
        entry.missing_publishers.append(name)
    copy = read.fields.get("copy")
    if isinstance(copy, dict) and not copy.get("seen_at") and read.unknown_publishers:
        copy["seen_at"] = slug(read.unknown_publishers[0])
    fields.update(read.fields)
    for line in read.unread:
        if line.startswith("Relays "):
            entry.unmapped.append(
                f"note line {line!r}: the relayed publishers could not all be "
                "found by name, or their notes told apart; add `relays:` by hand"
            )
        else:
            entry.unmapped.append(f"note line {line!r}: not one of the facts this site writes; notes are not imported")


# The fields of this site's sources that an export of this site carries as data in CSL's `custom`
# (formats/csl.py), and the shape each must have to be read back.
_CUSTOM_TEXT = ("type", "language", "title_en", "title_note", "date_note", "archive_url", "quote", "notes")
_CUSTOM_PARTS = {"copy": ("seen_at", "note"), "identification": ("match", "scope")}


def _read_custom(custom: Any, entry: Entry, fields: dict[str, Any], index: dict[str, str]) -> bool:
    """This site's own fields from an item's `custom` data, exactly as exported; False when the
    item carries none. A value of the wrong shape is reported and left out."""
    ours = custom.get(CUSTOM_KEY) if isinstance(custom, dict) else None
    if not isinstance(ours, dict):
        return False
    for key, value in ours.items():
        if key == "publisher":
            continue  # the publisher is matched by name, as for any other export
        if key in _CUSTOM_TEXT and isinstance(value, str):
            fields[key] = value
        elif key == "date_inferred" and isinstance(value, bool):
            fields["_date_inferred"] = value
        elif (
            key in _CUSTOM_PARTS
            and isinstance(value, dict)
            and value
            and all(k in _CUSTOM_PARTS[key] and isinstance(v, str) for k, v in value.items())
        ):
            fields[key] = dict(value)
        elif (
            key == "relays"
            and isinstance(value, list)
            and all(
                isinstance(r, dict)
                and r
                and all(k in ("publisher", "source", "note") and isinstance(v, str) for k, v in r.items())
                for r in value
            )
        ):
            fields["relays"] = [dict(r) for r in value]
        else:
            shown = json.dumps(value, ensure_ascii=False)[:120]
            entry.unmapped.append(f"custom {CUSTOM_KEY}.{key} = {shown}: not a field of this site's sources")
    for publisher_id in [fields.get("copy", {}).get("seen_at")] + [
        r.get("publisher") for r in fields.get("relays", [])
    ]:
        if publisher_id and publisher_id not in index.values():
            entry.missing_publishers.append(publisher_id)
    return True


def _csl_names(names: object, entry: Entry, role: str) -> list[str]:
    out = []
    for name in names if isinstance(names, list) else []:
        if not isinstance(name, dict):
            entry.unmapped.append(f"{role} {name!r}: not a CSL name (an object); left out")
            continue
        if name.get("literal"):
            out.append(_one_line(name["literal"]))
            continue
        family = " ".join(_one_line(name[k]) for k in ("non-dropping-particle", "family") if name.get(k))
        given = " ".join(_one_line(name[k]) for k in ("given", "dropping-particle") if name.get(k))
        if name.get("suffix"):
            entry.unmapped.append(f"{role} suffix {name['suffix']!r} of {family or given!r}: a name here has no suffix")
        if family and given:
            out.append(f"{family}, {given}")
        elif family or given:
            out.append(family or given)
        other = set(name) - {"family", "given", "non-dropping-particle", "dropping-particle", "suffix", "literal"}
        for key in sorted(other):
            entry.unmapped.append(f"{role} name part {key!r}: a name here is 'Family, Given' only")
    return out


def _csl_date(value: object, entry: Entry, key: str) -> tuple[str | None, bool]:
    if not isinstance(value, dict):
        if isinstance(value, str):
            found, circa = _iso_date(value)
            if found:
                if _TIME.fullmatch(value.strip()):
                    entry.unmapped.append(f"{key} {value!r}: the time of day left out; the day kept")
                return found, circa
        entry.unmapped.append(f"{key} {value!r}: {date_why(value)}; left out")
        return None, False
    circa = bool(value.get("circa"))
    for extra in sorted(set(value) - {"date-parts", "circa", "raw", "literal"}):
        shown = json.dumps(value[extra], ensure_ascii=False)
        what = "a season" if extra == "season" else "a part of a date"
        entry.unmapped.append(f"{key} {extra} {shown}: {what} this site cannot record; left out")
    parts = value.get("date-parts")
    if isinstance(parts, list) and len(parts) == 1 and isinstance(parts[0], list):
        found = _partial_date(parts[0])
        if found:
            return found, circa
    for text_key in ("raw", "literal"):
        if isinstance(value.get(text_key), str):
            found, more = _iso_date(value[text_key])
            if found:
                if _TIME.fullmatch(value[text_key].strip()):
                    entry.unmapped.append(f"{key} {value[text_key]!r}: the time of day left out; the day kept")
                return found, circa or more
    text = next((value[k] for k in ("raw", "literal") if isinstance(value.get(k), str)), None)
    why = date_why(parts if isinstance(parts, list) and parts else text)
    entry.unmapped.append(f"{key} {json.dumps(value, ensure_ascii=False)}: {why}; left out")
    return None, False


def from_csl(item: object, index: dict[str, str], origin: str, bibtex: bool = False) -> Entry:
    """One CSL-JSON item -> an Entry with the source's fields (not yet given an id)."""
    entry = Entry(origin)
    f: dict[str, Any] = {}
    if not isinstance(item, dict):
        entry.status = "invalid"
        entry.problems.append("not a CSL-JSON item (an object)")
        return entry
    csl_type = item.get("type")
    if csl_type == "document" and str(item.get("genre", "")).casefold() == "statement":
        f["type"] = "statement"
    elif csl_type in CSL_TO_TYPE:
        f["type"] = CSL_TO_TYPE[csl_type]
    elif csl_type:
        entry.unmapped.append(f"type {csl_type!r}: no matching source type; left out (read as article)")
    if item.get("genre") and f.get("type") != "statement":
        entry.unmapped.append(f"genre {item['genre']!r}: no field of a source holds it")
    if item.get("title") and _one_line(item["title"]) != UNKNOWN_TITLE:  # our biblatex's "no title"
        f["title"] = plain_title(_one_line(item["title"]), entry, "title")
    if item.get("DOI"):
        entry.doi = _one_line(item["DOI"])
    if item.get("author"):
        f["authors"] = _csl_names(item["author"], entry, "author")
    publisher_name = _one_line(item["publisher"]) if item.get("publisher") else None
    container = _one_line(item["container-title"]) if item.get("container-title") else None
    name = publisher_name or container
    if name:
        found = find_publisher(name, index)
        if found is None:
            entry.missing_publishers.append(name)
        f["publisher"] = found or slug(name) or "unknown"
        if container and (publisher_name is None or _name_key(container) == _name_key(publisher_name)):
            container = None  # the periodical is the publisher's own: no separate container
    else:
        entry.problems.append("no publisher, container-title or journal: a source needs its publisher")
    if container:
        f["container"] = container
    if "issued" in item:
        date, circa = _csl_date(item["issued"], entry, "issued")
        if date:
            f["date"] = date
            if circa:
                f["_date_inferred"] = True
                f["_circa"] = True
    if item.get("URL"):
        url = str(item["URL"]).strip()
        why = url_problem(url)
        if why:
            entry.unmapped.append(f"URL {url!r}: {why}")
        else:
            f["url"] = url
    if "accessed" in item:
        accessed, _ = _csl_date(item["accessed"], entry, "accessed")
        if accessed and len(accessed) == 10:
            f["accessed"] = accessed
        elif accessed:
            entry.unmapped.append(f"accessed {accessed!r}: only a full day (YYYY-MM-DD) can be recorded")
    if item.get("language"):
        lang = _one_line(item["language"])
        code = language_code(lang)
        if code:
            f["language"] = code
        else:
            # Left out, the source would read as English: never write a language that was not read.
            entry.problems.append(
                f"language {lang!r}: not one language that langcodes knows by name or code; "
                "without it the source would claim to be in English — write the language's code "
                "(e.g. da, pt-BR) in the entry and import again"
            )
    has_custom = _read_custom(item.get("custom"), entry, f, index)
    if f.pop("_circa", False) and not has_custom:
        entry.unmapped.append(
            "issued: marked approximate (circa); recorded as date_inferred: true — say in date_note how it was dated"
        )
    if item.get("note") and not has_custom:  # the note says what `custom` holds, in words
        _read_note(str(item["note"]), entry, f, index)
    if f.pop("_date_inferred", False):
        if f.get("date"):
            f["date_inferred"] = True
        else:
            entry.unmapped.append("an uncertain date with no date: date_inferred left out")
    if f.get("language") == "en":
        del f["language"]  # the default, as contributors write it
    if f.get("type") == "article":
        del f["type"]  # the default
    if f.get("title_en") and not f.get("language"):
        entry.unmapped.append(f"English title {f.pop('title_en')!r}: only for a work in another language")
    if f.get("copy") and not f.get("url"):
        entry.unmapped.append("copy: a copy needs the URL where it was seen; left out")
        del f["copy"]
    if f.get("title") and f.get("title_note"):
        entry.unmapped.append(f"title note {f.pop('title_note')!r}: the entry has a title")
    if not f.get("title") and not f.get("title_note"):
        f["title_note"] = "The imported entry had no title."
        entry.unmapped.append("title: none in the entry; title_note says so")
    handled = {
        "type",
        "genre",
        "title",
        "author",
        "publisher",
        "container-title",
        "issued",
        "URL",
        "accessed",
        "language",
        "note",
        "custom",
        "DOI",
    } | CSL_IGNORED
    for key in sorted(set(item) - handled):
        value = item[key]
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        why = "no field of a source holds it"
        entry.unmapped.append(f"field {key!r} = {shown[:120]!r}: {why}" if not bibtex else f"field {key!r}: {why}")
    if entry.doi:
        entry.unmapped.append(f"DOI {entry.doi!r}: no field of a source holds it (used to find the same work)")
    entry.fields = f
    return entry


# ---- BibTeX -> CSL-like items -------------------------------------------------------------------
def _latex_decoder() -> LatexNodes2Text:
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    db = get_default_latex_context_db().filter_context(keep_categories=None)
    db.add_context_category(
        "ee-ascii", prepend=True, macros=[MacroTextSpec("textasciicircum", "^"), MacroTextSpec("textasciitilde", "~")]
    )
    return LatexNodes2Text(latex_context=db, math_mode="verbatim")


_BLOCK_KEY = re.compile(r"@\s*(\w+)\s*[{(]\s*([^,\s{}()]*)")


def _block_origin(raw: str, line: int) -> str:
    """How the report names a block: its key, its type and line, or its line."""
    found = _BLOCK_KEY.match(raw.lstrip())
    if found and found[2]:
        return f"{found[2]} (@{found[1].lower()} at line {line})"
    return f"the @{found[1].lower()} entry at line {line}" if found else f"the text at line {line}"


def _failed(block: Any) -> tuple[str, str, Any]:
    """(origin, why, the entry when it was still read) of a block bibtexparser could not read."""
    from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock

    line = getattr(block, "start_line", 0) + 1
    origin = _block_origin(block.raw or "", line)
    if isinstance(block, DuplicateBlockKeyBlock):
        return origin, f"the key {block.key!r} is used by an entry before it (biber and BibTeX keep the first)", None
    if isinstance(block, DuplicateFieldKeyBlock):
        names = ", ".join(sorted(block.duplicate_keys))
        return origin, f"field {names} given more than once: the first kept, as BibTeX does", _first_fields(block)
    error = getattr(block, "error", None)
    reason = str(getattr(error, "abort_reason", "") or error or "").strip().splitlines()
    why = reason[0] if reason else "an unclosed brace or quote, or a missing comma or ="
    return origin, f"it is not well-formed BibTeX: {why}", None


def _first_fields(block: Any) -> Any:
    """The entry of a block that gives a field twice, with the first of each, read as any other."""
    import bibtexparser
    from bibtexparser import middlewares as mw

    entry, seen, fields = block.ignore_error_block, set(), []
    for bib_field in entry.fields:
        if bib_field.key.lower() not in seen:
            seen.add(bib_field.key.lower())
            fields.append(f"  {bib_field.key} = {bib_field.value}")
    text = f"@{entry.entry_type}{{{entry.key},\n" + ",\n".join(fields) + "\n}\n"
    (again,) = bibtexparser.parse_string(text, append_middleware=[mw.SeparateCoAuthors()]).entries  # type: ignore[attr-defined]
    return again


# What an entry inherits from the one its `crossref` names, as biber does by default: every field
# it does not have, but the parent's own identity; the parent's title becomes the child's
# booktitle (the book a chapter or paper is in).
_NOT_INHERITED = {"ids", "crossref", "xref", "entryset", "entrysubtype", "execute", "label", "options", "related"}
_NOT_INHERITED |= {"shorthand", "sortkey", "title", "subtitle", "titleaddon", "shorttitle", "sorttitle", "indextitle"}
_NOT_INHERITED |= {"indexsorttitle", "annotation", "abstract", "keywords"}


def _inherited(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in parent.items() if k not in _NOT_INHERITED and k not in child}
    if "title" in parent and "booktitle" not in child:
        out["booktitle"] = parent["title"]
    return out


def read_bibtex(text: str) -> tuple[list[tuple[str, dict[str, Any], list[str]]], list[tuple[str, str]]]:
    """BibTeX entries as (key, CSL-like item, what was not mapped), and the entries that could not
    be read at all, as (how the report names it, why). What biber, BibTeX, pybtex and pandoc
    accept is read: a name with a stray comma (`{Weilbach,}`), a field given twice (the first)."""
    import bibtexparser
    from bibtexparser import middlewares as mw
    from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts
    from pylatexenc.latexwalker import LatexWalkerError

    # bibtexparser logs each block it cannot read; the report says so, entry by entry.
    quiet = logging.getLogger("bibtexparser")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    try:
        library = bibtexparser.parse_string(text, append_middleware=[mw.SeparateCoAuthors()])  # type: ignore[attr-defined]
    finally:
        quiet.setLevel(level)
    decoder = _latex_decoder()

    def decode(value: str) -> str:
        try:
            return _one_line(decoder.latex_to_text(value))
        except (LatexWalkerError, IndexError, KeyError, ValueError, TypeError, RecursionError):
            # LaTeX that pylatexenc cannot walk (`\href{…}{}` trips it): the text without its
            # braces, rather than no entry at all.
            return _one_line(re.sub(r"[{}]", "", value))

    unreadable: list[tuple[str, str]] = []
    blocks = list(library.entries)
    starts = {id(b): getattr(b, "start_line", 0) for b in blocks}
    notes: dict[int, str] = {}
    for block in library.failed_blocks:
        origin, why, still = _failed(block)
        if still is None:
            unreadable.append((origin, why))
        else:
            blocks.append(still)
            notes[id(still)] = why
            starts[id(still)] = getattr(block, "start_line", 0)
    blocks.sort(key=lambda b: starts[id(b)])
    seen_keys: set[str] = set()
    for bib in list(blocks):  # a key used again: the first entry only, as biber and BibTeX keep it
        if bib.key in seen_keys:
            blocks.remove(bib)
            origin = _block_origin(f"@{bib.entry_type}{{{bib.key},", starts[id(bib)] + 1)
            unreadable.append(
                (origin, f"the key {bib.key!r} is used by an entry before it (biber and BibTeX keep the first)")
            )
        seen_keys.add(bib.key)

    out = []
    read: dict[str, dict[str, Any]] = {}
    for bib in blocks:
        own: dict[str, Any] = {}
        for bib_field in bib.fields:  # a field given twice: the first, as BibTeX and biber keep it
            own.setdefault(bib_field.key.lower(), bib_field.value)
        read[bib.key] = own
    for bib in blocks:
        fields = dict(read[bib.key])
        unmapped: list[str] = [notes[id(bib)]] if id(bib) in notes else []
        parent_key = fields.pop("crossref", None)
        if parent_key is not None:
            parent = read.get(str(parent_key).strip())
            if parent is None:
                unmapped.append(f"field 'crossref' = {parent_key!r}: no entry with that key in this file")
            else:
                fields.update(_inherited(parent, fields))
        item: dict[str, Any] = {"id": bib.key}
        kind = bib.entry_type.lower()
        subtype = decode(str(fields.pop("entrysubtype", ""))).casefold()
        bib_type = decode(fields.pop("type", "")) if isinstance(fields.get("type"), str) else ""
        ours = None
        if subtype in ("newspaper", "magazine"):
            ours = "article"
        elif subtype in CSL_TYPES:  # our export names the type where the entry type does not say
            ours = subtype
        elif kind == "misc" and bib_type.casefold() in MISC_TYPES:
            ours = MISC_TYPES[bib_type.casefold()]
        if ours:
            item["type"] = CSL_TYPES[ours]
            if ours == "statement":
                item["genre"] = "statement"
        elif kind == "article":
            item["type"] = "article"
            unmapped.append(
                "@article: BibTeX does not say whether it is a journal or a news article; "
                "imported as article (write type: journal-article if it is one)"
            )
        elif kind in BIBTEX_TO_CSL:
            item["type"] = BIBTEX_TO_CSL[kind]
        else:
            unmapped.append(f"entry type @{kind}: no matching source type; left out (read as article)")
        if subtype and not ours:
            unmapped.append(f"field 'entrysubtype' = {subtype!r}: no matching source type")
        if bib_type and bib_type.casefold() != (ours or BIBTEX_TO_CSL.get(kind)):
            unmapped.append(f"field 'type' = {bib_type!r}: no field of a source holds it")
        names = fields.pop("author", None)
        if names:
            authors = []
            for name in names:
                try:
                    part = parse_single_name_into_parts(name)
                except InvalidNameError:  # read as biber and BibTeX read it
                    part = parse_single_name_into_parts(name, strict=False)
                family = decode(" ".join(part.von + part.last))
                given = decode(" ".join(part.first))
                if part.jr:
                    unmapped.append(
                        f"author suffix {decode(' '.join(part.jr))!r} of {family!r}: a source has no field for it"
                    )
                if family or given:
                    authors.append(
                        {"family": family, "given": given} if given and family else {"literal": family or given}
                    )
            item["author"] = authors
        if "title" in fields:
            item["title"] = decode(fields.pop("title"))
            if "subtitle" in fields:  # printed after the title, as biblatex does
                item["title"] += ": " + decode(fields.pop("subtitle"))
        journal = fields.pop("journaltitle", None) or fields.pop("journal", None)
        publisher = None
        for key in ("publisher", "organization", "institution", "journaltitleaddon"):
            if key in fields:
                value = decode(fields.pop(key))
                if publisher is None:
                    publisher = value
                elif _name_key(value) != _name_key(publisher):
                    unmapped.append(f"field {key!r} = {value!r}: a source has one publisher, read from {publisher!r}")
        if publisher:
            item["publisher"] = publisher
        container = journal or next(
            (fields.pop(k) for k in ("titleaddon", "maintitle", "booktitle") if k in fields), None
        )
        if container:
            item["container-title"] = decode(container)
        if "date" in fields:
            raw = fields.pop("date").strip().strip("{}")  # EDTF, not LaTeX: `~` is "approximate"
            date, circa = _iso_date(raw)
            if date and _TIME.fullmatch(raw):
                unmapped.append(f"date {raw!r}: the time of day left out; the day kept")
            if date:
                item["issued"] = {
                    "date-parts": [[int(p) for p in date.split("-")]],
                    **({"circa": True} if circa else {}),
                }
            elif raw != UNKNOWN_DATE:  # EDTF's unknown year, as our biblatex writes an unknown date
                unmapped.append(f"date {raw!r}: {date_why(raw)}; left out")
            fields.pop("year", None)
            fields.pop("month", None)
        elif "year" in fields:
            year = decode(fields.pop("year"))
            month = decode(fields.pop("month", "")).casefold()[:3]
            parts = [year] + ([str(MONTHS.get(month, month))] if month else [])
            if _partial_date(parts):
                item["issued"] = {"date-parts": [[int(p) for p in parts]]}
            else:
                unmapped.append(f"year {year!r} and month {month!r}: {date_why(year)}; left out")
        if "url" in fields:
            item["URL"] = fields.pop("url").strip()
        if "urldate" in fields:
            item["accessed"] = decode(fields.pop("urldate"))
        lang = fields.pop("langid", None) or fields.pop("language", None)
        if lang:
            item["language"] = decode(lang)
            # `langidopts = {variant=american}`: the region babel's variant names.
            variant = re.search(r"variant\s*=\s*(\w+)", str(fields.pop("langidopts", "")))
            region = BABEL_NAMES.get(variant[1].casefold(), "") if variant else ""
            if region and language_code(item["language"]) == region.split("-")[0]:
                item["language"] = region
        if "doi" in fields:
            item["DOI"] = decode(fields.pop("doi"))
        if "howpublished" in fields and "publisher" not in item:  # classic BibTeX's @misc
            item["publisher"] = decode(fields.pop("howpublished"))
        fields.pop("key", None)  # classic BibTeX's sort key: the publisher's name, read above
        if "note" in fields:
            raw_note = fields.pop("note")
            # `{}.` ends a fact whose full stop the export added (bibtex._sentence); data text
            # cannot write it, as its braces are escaped.
            lines = [re.sub(r"(?<!\\)\{\}\.$", "", line.strip()) for line in raw_note.splitlines() if line.strip()]
            # The address and the access date, which our classic BibTeX repeats in the note.
            lines = [
                line
                for line in lines
                if not (item.get("URL") and line == f"\\url{{{item['URL']}}}")
                and not (item.get("accessed") and line == f"Accessed {item['accessed']}")
            ]
            item["note"] = "\n".join(decode(line) for line in lines)
        unmapped += [f"field {key!r}: no field of a source holds it" for key in sorted(fields)]
        out.append((bib.key, item, unmapped))
    return out, unreadable


# ---- ids, YAML, and the import itself -------------------------------------------------------------
def derive_id(fields: dict[str, Any], taken: set[str]) -> str:
    """Lead (first author's family name, or the publisher) + year + first words of the title."""
    authors = fields.get("authors") or []
    if authors:
        first = authors[0]
        lead = slug(first.split(",", 1)[0], 3) if "," in first else slug(first, 3)
    else:
        lead = ""
    lead = lead or fields["publisher"]
    year = (fields.get("date") or "")[:4]
    words = slug(fields.get("title") or "", 5) or slug(fields.get("title_en") or "", 5)
    base = "-".join(p for p in (lead, year, words) if p)
    if len(base) > 72:
        base = base[:72].rsplit("-", 1)[0]
    base = base.strip("-") or "source"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _yaml_value(value: object, indent: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        if all(isinstance(v, str) for v in value):
            return "".join(f"\n{indent}  - {json.dumps(v, ensure_ascii=False)}" for v in value)
        out = ""
        for v in value:
            pairs = [(k, x) for k, x in v.items()]
            out += f"\n{indent}  - {pairs[0][0]}: {_yaml_value(pairs[0][1], indent + '    ')}"
            out += "".join(f"\n{indent}    {k}: {_yaml_value(x, indent + '    ')}" for k, x in pairs[1:])
        return out
    if isinstance(value, dict):
        return "".join(f"\n{indent}  {k}: {_yaml_value(v, indent + '  ')}" for k, v in value.items())
    raise TypeError(value)


def source_yaml(fields: dict[str, Any]) -> str:
    lines = [SCHEMA_COMMENT.rstrip("\n")]
    for key in FIELD_ORDER:
        if key in fields and fields[key] not in (None, [], {}):
            lines.append(f"{key}: {_yaml_value(fields[key], '')}".replace(": \n", ":\n"))
    return "\n".join(lines) + "\n"


def _existing_fields(corpus: Corpus, source_id: str) -> dict[str, Any]:
    doc = cast("Document", corpus.sources[source_id].doc)  # the loader's: it keeps the parsed values
    return dict(doc.data)


def _entry_keys(entry: Entry) -> list[WorkKey]:
    f = entry.fields
    return work_keys(
        title=f.get("title"), date=f.get("date"), publisher=f.get("publisher"), url=f.get("url"), doi_text=entry.doi
    )


def detect_format(path: Path, text: str) -> str:
    if path.suffix.lower() in (".bib", ".bibtex"):
        return "bibtex"
    if path.suffix.lower() == ".json":
        return "csl-json"
    return "csl-json" if text.lstrip().startswith(("[", "{")) else "bibtex"


def import_file(
    path: Path | str, data_dir: Path | str = "data", fmt: str | None = None, overwrite: bool = False
) -> Report:
    path, data_dir = Path(path), Path(data_dir)
    report = Report(data_dir)
    try:
        corpus = load_corpus(data_dir)
    except DataError as err:
        report.errors.append(f"{data_dir}/ has problems; fix them before importing:\n{err}")
        return report
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        report.errors.append(f"cannot read {path}: {err}")
        return report
    fmt = fmt or detect_format(path, text)
    index = publisher_index(corpus)
    if fmt == "bibtex":
        items, unreadable = read_bibtex(text)
        for bib_key, item, unmapped in items:
            entry = from_csl(item, index, bib_key, bibtex=True)
            entry.key = bib_key
            entry.unmapped = unmapped + entry.unmapped
            report.entries.append(entry)
        for origin, why in unreadable:  # after those read, so that a duplicate key's first entry comes first
            report.entries.append(Entry(origin, status="unreadable", problems=[why]))
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            report.errors.append(f"{path} is not JSON: {err}")
            return report
        listed = csl_items(data)
        if listed is None:
            report.errors.append(
                f"{path}: not CSL-JSON — expected a list of items, an object of items keyed by id, or one item"
            )
            return report
        for n, item in enumerate(listed, start=1):
            key = str(item["id"]) if isinstance(item, dict) and item.get("id") not in (None, "") else None
            entry = from_csl(item, index, key or f"item {n}")
            entry.key = key
            report.entries.append(entry)
    _plan(report, corpus, overwrite)
    _check_and_write(report, corpus, data_dir)
    return report


def csl_items(data: object) -> list[Any] | None:
    """The items of a CSL-JSON file: a list (the standard), `{"items": [...]}`, an object of
    items keyed by id (as some exporters write; the key is the id when an item has none), or
    one item. None when it is none of these."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("items"), list):
        return list(data["items"])
    if data and all(isinstance(v, dict) for v in data.values()):
        return [{"id": key, **value} if value.get("id") in (None, "") else value for key, value in data.items()]
    if "type" in data or "title" in data or "id" in data:
        return [data]
    return None


def _id_from_key(entry: Entry, taken: set[str], in_data: set[str]) -> str:
    """The entry's key as its id when it is a valid id not already taken; else a derived id, and
    the reason in `id_note`."""
    key = entry.key
    if key is not None and valid_id(key) and key not in taken:
        return key
    derived = derive_id(entry.fields, taken)
    if key is None:
        entry.id_note = f"the entry has no key; derived {derived!r}"
    elif key in in_data:
        entry.id_note = f"the key {key!r} is the id of another source in the data; derived {derived!r}"
    elif key in taken:
        entry.id_note = f"the key {key!r} is also the key of an entry before it in this file; derived {derived!r}"
    else:
        entry.id_note = (
            f"the key {key!r} is not a valid id (lowercase letters, digits and single hyphens, "
            f"at most {MAX_ID} characters, not a number); derived {derived!r}"
        )
    return derived


def _plan(report: Report, corpus: Corpus, overwrite: bool) -> None:
    taken = set(corpus.sources)
    existing: dict[WorkKey, str] = {}
    for source in corpus.sources.values():
        for key in source_keys(source):
            existing.setdefault(key, source.id)
    in_file: dict[WorkKey, str] = {}
    for entry in report.entries:
        if entry.status in ("invalid", "unreadable"):
            continue
        if entry.problems:
            entry.status = "invalid"
            continue
        keys = _entry_keys(entry)
        earlier = next(((k, in_file[k]) for k in keys if k in in_file), None)
        for key in keys:
            in_file.setdefault(key, entry.origin)
        if earlier:
            entry.status, entry.existing, entry.same_as = "duplicate", earlier[1], earlier[0].reason()
            continue
        if entry.missing_publishers:
            entry.status = "unknown-publisher"
            continue
        same = next(((k, existing[k]) for k in keys if k in existing), None)
        if same:
            entry.existing, entry.same_as = same[1], same[0].reason()
            if not overwrite:
                entry.status = "exists"
                continue
            entry.id = same[1]
            old = _existing_fields(corpus, same[1])
            for key_name in KEPT_ON_OVERWRITE:
                if key_name in old and key_name not in entry.fields:
                    entry.fields[key_name] = old[key_name]
            entry.status = "overwrite"
            continue
        entry.id = _id_from_key(entry, taken, set(corpus.sources))
        taken.add(entry.id)
        if not ID_RE.match(entry.id):  # cannot happen: slug() writes only [a-z0-9-]
            entry.status = "invalid"
            entry.problems.append(f"the id {entry.id!r} is not valid")
    # A relay of another source in the file names that source by its id in the file: point it at
    # the id the source has here (its new id, or the existing source for the same work).
    here = {e.origin: e.id or e.existing for e in report.entries if e.id or e.existing}
    for entry in report.entries:
        for relay in entry.fields.get("relays", []):
            if isinstance(relay, dict) and relay.get("source") in here:
                relay["source"] = here[relay["source"]]


def _check_and_write(report: Report, corpus: Corpus, data_dir: Path) -> None:
    planned = [e for e in report.entries if e.status in ("new", "overwrite")]
    if not planned:
        return
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / data_dir.name
        shutil.copytree(data_dir, trial, symlinks=True)
        for entry in planned:
            (trial / "sources" / f"{entry.id}.yaml").write_text(source_yaml(entry.fields), encoding="utf-8")
        try:
            load_corpus(trial)
        except DataError as err:
            for problem in err.problems:
                owner = next((e for e in planned if problem.mark.file.endswith(f"/sources/{e.id}.yaml")), None)
                if owner:
                    owner.problems.append(
                        f"line {problem.mark.line}: {problem.message}" + (f" — {problem.fix}" if problem.fix else "")
                    )
                    owner.status = "invalid"
                else:
                    report.errors.append(str(problem))
            for entry in planned:
                if entry.status != "invalid":
                    entry.status = "new"
            report.errors.insert(0, "Nothing was written: the data folder would not pass the check.")
            return
    for entry in planned:
        target = data_dir / "sources" / f"{entry.id}.yaml"
        if entry.status == "new" and target.exists():  # created since we looked: never overwrite it
            entry.status = "invalid"
            entry.problems.append(f"{target} appeared while importing; not overwritten")
            continue
        target.write_text(source_yaml(entry.fields), encoding="utf-8")
        entry.status = "written" if entry.status == "new" else "overwritten"
    report.wrote = True
