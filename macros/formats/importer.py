"""Import a reference manager's export (CSL-JSON or BibTeX, e.g. from Zotero) as source files.

`python -m macros import FILE` reads every entry, maps what it can to the fields of
data/sources/<id>.yaml, and reports what it could not map. Nothing is guessed:

- an entry's publisher (CSL `publisher`, else its `container-title`; BibTeX `publisher`,
  `organization`, `institution`, else the journal) must match a publisher already in
  data/publishers.yaml by name. Otherwise the entry is not written, and the report lists the
  publishers to add: a publisher needs an affiliation and a reason only a person can give.
- ids follow docs/about/interoperability.md: first author's family name (or the publisher),
  year, first words of the title; lowercase and hyphens; made unique.
- an entry that is the same work as an existing source (same URL, or same title and
  publisher) is skipped, unless `--overwrite` is given.
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

from ..domain import facts
from ..domain.model import LANGUAGES, Corpus
from ..domain.problems import DataError
from ..load.corpus import ID_RE, load_corpus
from ..load.schema import url_problem
from .bibtex import BIBLATEX_LANGUAGES
from .csl import CUSTOM_KEY

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
LANGUAGE_CODES = {name.casefold(): code for code, name in LANGUAGES.items()}
LANGUAGE_CODES.update({name: code for code, name in BIBLATEX_LANGUAGES.items()})
LANGUAGE_CODES_BY_NAME = {name: code for code, name in LANGUAGES.items()}
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
    status: str = "new"  # new, written, exists, overwritten, unknown-publisher, invalid
    problems: list[str] = field(default_factory=list)
    missing_publishers: list[str] = field(default_factory=list)
    existing: str | None = None  # the id of the existing source for the same work


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
                out.setdefault(slug(name, 80) or "publisher", name)
        return out

    def text(self) -> str:
        lines = list(self.errors)
        folder = self.data_dir.as_posix()
        for e in self.entries:
            where = f"{folder}/sources/{e.id}.yaml" if e.id else ""
            if e.status == "written":
                lines.append(f"wrote {where} (from {e.origin})")
            elif e.status == "overwritten":
                lines.append(f"overwrote {where} (from {e.origin}; kept its {', '.join(KEPT_ON_OVERWRITE)})")
            elif e.status == "exists":
                lines.append(
                    f"skipped {e.origin}: the same work is {folder}/sources/{e.existing}.yaml "
                    "— pass --overwrite to replace it"
                )
            elif e.status == "unknown-publisher":
                names = ", ".join(repr(n) for n in e.missing_publishers)
                lines.append(
                    f"not written {e.origin}: unknown publisher {names} — add it to "
                    f"{folder}/publishers.yaml, then import again"
                )
            elif e.status == "invalid":
                lines.append(f"not written {e.origin}: it would not pass the check")
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


def _iso_date(text: str) -> tuple[str | None, bool]:
    """'2024-06', '2024-06-22~' (biblatex EDTF: ~ or ? marks an uncertain date) -> (date, circa)."""
    text = text.strip()
    circa = text.endswith(("~", "?", "%"))
    m = re.fullmatch(r"([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?[~?%]?", text)
    if not m:
        return None, False
    return _partial_date([g for g in m.groups() if g]), circa


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
            entry.unmapped.append(f"note line {line!r}")


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
            entry.unmapped.append(f"{role} {name!r}: not a name")
            continue
        if name.get("literal"):
            out.append(_one_line(name["literal"]))
            continue
        family = " ".join(_one_line(name[k]) for k in ("non-dropping-particle", "family") if name.get(k))
        given = " ".join(_one_line(name[k]) for k in ("given", "dropping-particle") if name.get(k))
        if name.get("suffix"):
            entry.unmapped.append(f"{role} suffix {name['suffix']!r} of {family or given!r}")
        if family and given:
            out.append(f"{family}, {given}")
        elif family or given:
            out.append(family or given)
        other = set(name) - {"family", "given", "non-dropping-particle", "dropping-particle", "suffix", "literal"}
        for key in sorted(other):
            entry.unmapped.append(f"{role} name part {key!r}")
    return out


def _csl_date(value: object, entry: Entry, key: str) -> tuple[str | None, bool]:
    if not isinstance(value, dict):
        if isinstance(value, str):
            found, circa = _iso_date(value)
            if found:
                return found, circa
        entry.unmapped.append(f"{key} {value!r}: not a date this site can record")
        return None, False
    circa = bool(value.get("circa"))
    parts = value.get("date-parts")
    if isinstance(parts, list) and len(parts) == 1 and isinstance(parts[0], list):
        found = _partial_date(parts[0])
        if found:
            return found, circa
    for text_key in ("raw", "literal"):
        if isinstance(value.get(text_key), str):
            found, more = _iso_date(value[text_key])
            if found:
                return found, circa or more
    entry.unmapped.append(
        f"{key} {json.dumps(value, ensure_ascii=False)}: not a single date as YYYY, YYYY-MM or YYYY-MM-DD"
    )
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
        entry.unmapped.append(f"genre {item['genre']!r}")
    if item.get("title"):
        f["title"] = _one_line(item["title"])
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
        lang = str(item["language"]).strip()
        code = lang if re.fullmatch(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", lang) else LANGUAGE_CODES.get(lang.casefold())
        if code:
            f["language"] = code
        else:
            entry.unmapped.append(f"language {lang!r}: not a language code")
    has_custom = _read_custom(item.get("custom"), entry, f, index)
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
    } | CSL_IGNORED
    for key in sorted(set(item) - handled):
        value = item[key]
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        entry.unmapped.append(f"field {key!r} = {shown[:120]!r}" if not bibtex else f"field {key!r}")
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


def read_bibtex(text: str) -> tuple[list[tuple[str, dict[str, Any], list[str]]], list[str]]:
    """BibTeX entries as (key, CSL-like item, BibTeX fields not mapped), and blocks that failed."""
    import bibtexparser
    from bibtexparser import middlewares as mw

    # bibtexparser logs each block it cannot read; the report says so once, in its own words.
    quiet = logging.getLogger("bibtexparser")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    try:
        library = bibtexparser.parse_string(  # type: ignore[attr-defined]
            text, append_middleware=[mw.SeparateCoAuthors(), mw.SplitNameParts()]
        )
    finally:
        quiet.setLevel(level)
    decoder = _latex_decoder()

    def decode(value: str) -> str:
        return _one_line(decoder.latex_to_text(value))

    out = []
    for bib in library.entries:
        fields = {f.key.lower(): f.value for f in bib.fields}
        item: dict[str, Any] = {"id": bib.key}
        unmapped: list[str] = []
        kind = bib.entry_type.lower()
        subtype = str(fields.pop("entrysubtype", "")).strip().lower()
        bib_type = decode(fields.pop("type", "")) if isinstance(fields.get("type"), str) else ""
        if kind == "article":
            if subtype in ("newspaper", "magazine"):
                item["type"] = "article-newspaper"
            else:
                item["type"] = "article"
                unmapped.append(
                    "@article: BibTeX does not say whether it is a journal or a news article; "
                    "imported as article (write type: journal-article if it is one)"
                )
        elif kind == "misc" and bib_type.casefold() == "statement":
            item["type"], item["genre"] = "document", "statement"
        elif kind in BIBTEX_TO_CSL:
            item["type"] = BIBTEX_TO_CSL[kind]
        else:
            unmapped.append(f"entry type @{kind}: no matching source type; left out (read as article)")
        if bib_type and item.get("genre") != "statement":
            unmapped.append(f"field 'type' = {bib_type!r}")
        names = fields.pop("author", None)
        if names:
            authors = []
            for part in names:
                family = decode(" ".join(part.von + part.last))
                given = decode(" ".join(part.first))
                if part.jr:
                    unmapped.append(f"author suffix {decode(' '.join(part.jr))!r} of {family!r}")
                authors.append({"family": family, "given": given} if given else {"literal": family})
            item["author"] = authors
        if "title" in fields:
            item["title"] = decode(fields.pop("title"))
        journal = fields.pop("journaltitle", None) or fields.pop("journal", None)
        publisher = None
        for key in ("publisher", "organization", "institution"):
            if key in fields:
                value = decode(fields.pop(key))
                if publisher is None:
                    publisher = value
                elif _name_key(value) != _name_key(publisher):
                    unmapped.append(f"field {key!r} = {value!r}")
        if publisher:
            item["publisher"] = publisher
        container = journal or next(
            (fields.pop(k) for k in ("titleaddon", "maintitle", "booktitle") if k in fields), None
        )
        if container:
            item["container-title"] = decode(container)
        if "date" in fields:
            raw = decode(fields.pop("date"))
            date, circa = _iso_date(raw)
            if date:
                item["issued"] = {
                    "date-parts": [[int(p) for p in date.split("-")]],
                    **({"circa": True} if circa else {}),
                }
            else:
                unmapped.append(f"date {raw!r}: not YYYY, YYYY-MM or YYYY-MM-DD")
            fields.pop("year", None)
            fields.pop("month", None)
        elif "year" in fields:
            year = decode(fields.pop("year"))
            month = decode(fields.pop("month", "")).casefold()[:3]
            parts = [year] + ([str(MONTHS.get(month, month))] if month else [])
            if _partial_date(parts):
                item["issued"] = {"date-parts": [[int(p) for p in parts]]}
            else:
                unmapped.append(f"year {year!r} and month {month!r}: not a date")
        if "url" in fields:
            item["URL"] = fields.pop("url").strip()
        if "urldate" in fields:
            item["accessed"] = decode(fields.pop("urldate"))
        lang = fields.pop("langid", None) or fields.pop("language", None)
        if lang:
            item["language"] = decode(lang)
        if "note" in fields:
            raw_note = fields.pop("note")
            # `{}.` ends a fact whose full stop the export added (bibtex._sentence); data text
            # cannot write it, as its braces are escaped.
            item["note"] = "\n".join(
                decode(re.sub(r"(?<!\\)\{\}\.$", "", line.rstrip())) for line in raw_note.splitlines() if line.strip()
            )
        unmapped += [f"field {key!r}" for key in sorted(fields)]
        out.append((bib.key, item, unmapped))
    failed = [
        f"a block of the BibTeX file could not be read (from line {getattr(b, 'start_line', 0) + 1})"
        for b in library.failed_blocks
    ]
    return out, failed


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


def _same_work(fields: dict[str, Any], corpus: Corpus) -> str | None:
    for source in corpus.sources.values():
        if fields.get("url") and source.url == fields["url"]:
            return source.id
        if (
            fields.get("title")
            and source.title
            and source.publisher == fields.get("publisher")
            and source.title.casefold() == fields["title"].casefold()
        ):
            return source.id
    return None


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
        items, failed = read_bibtex(text)
        report.errors += failed
        for key, item, unmapped in items:
            entry = from_csl(item, index, key, bibtex=True)
            entry.unmapped = unmapped + entry.unmapped
            report.entries.append(entry)
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            report.errors.append(f"{path} is not JSON: {err}")
            return report
        if isinstance(data, dict) and isinstance(data.get("items"), list):
            data = data["items"]
        if not isinstance(data, list):
            report.errors.append(f"{path}: CSL-JSON is a list of items")
            return report
        for n, item in enumerate(data, start=1):
            origin = str(item.get("id")) if isinstance(item, dict) and item.get("id") is not None else f"item {n}"
            report.entries.append(from_csl(item, index, origin))
    _plan(report, corpus, overwrite)
    _check_and_write(report, corpus, data_dir)
    return report


def _plan(report: Report, corpus: Corpus, overwrite: bool) -> None:
    taken = set(corpus.sources)
    for entry in report.entries:
        if entry.status == "invalid":
            continue
        if entry.problems:
            entry.status = "invalid"
            continue
        if entry.missing_publishers:
            entry.status = "unknown-publisher"
            continue
        same = _same_work(entry.fields, corpus)
        if same:
            entry.existing = same
            if not overwrite:
                entry.status = "exists"
                continue
            entry.id = same
            old = _existing_fields(corpus, same)
            for key in KEPT_ON_OVERWRITE:
                if key in old and key not in entry.fields:
                    entry.fields[key] = old[key]
            entry.status = "overwrite"
            continue
        entry.id = derive_id(entry.fields, taken)
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
