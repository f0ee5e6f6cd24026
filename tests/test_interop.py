"""Interoperability: every export read back by a real consumer, the import's round trip, JSON-LD,
the Atom feed, the corpus download and "Cite this explainer".

Consumers: bibtexparser v2 (BibTeX), rispy (RIS), citeproc-py with the shipped APA and Chicago
styles (CSL-JSON), feedparser (Atom), jsonschema (the corpus download's documented format).

The exports are read back for the seed explainer's sources (the real data these tests may read),
a fixture of every field and shape a source can have, and a generated corpus.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import textwrap
from pathlib import Path

import bibtexparser
import feedparser
import jsonschema
import pytest
import rispy
from bibtexparser import middlewares as mw
from conftest import (
    GENERATED,
    ROOT,
    SEED_SLUG,
    engine,
    generated_data,
    make_project,
    run_build,
    serve_directory,
    write_data,
)
from playwright.sync_api import expect

from macros.cli import main as cli
from macros.domain import addresses
from macros.domain.facts import note_lines
from macros.domain.model import Relay, Source
from macros.domain.publication import DataVersion, Publication
from macros.domain.site import Site
from macros.formats import cite, jsonld
from macros.formats.bibtex import bibtex, bibtex_entry
from macros.formats.common import compact_json
from macros.formats.corpus_json import corpus_data, corpus_json
from macros.formats.csl import CUSTOM_KEY, csl_item, csl_json
from macros.formats.feed import atom_feed
from macros.formats.importer import _latex_decoder, import_file, slug
from macros.formats.ris import RIS_TYPES, ris, ris_record
from macros.load.corpus import load_corpus
from macros.publish.outputs import LateOut, Producer, plan

PUB = Publication()  # a build with no address, repository or version configured

# Every source field an export can carry, and so an import can give back.
ROUND_TRIP_FIELDS = [
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
    "identification",
    "relays",
]


@pytest.fixture(scope="module")
def seed() -> Site:
    return Site(load_corpus(ROOT / "data"))


@pytest.fixture(scope="module")
def seed_sources(seed) -> list[Source]:
    """The sources the seed explainer cites: of the real data, only these are read here."""
    return seed.cited_sources(seed.corpus.explainers[SEED_SLUG])


def _latex(value: str) -> str:
    """LaTeX to text as pylatexenc (bibtexparser's decoder) reads it, except that \\textasciicircum
    is the ASCII caret, as in LaTeX, not pylatexenc's modifier letter."""
    return _DECODER.latex_to_text(value)


_DECODER = _latex_decoder()


def _bib(text: str):
    library = bibtexparser.parse_string(text, append_middleware=[mw.SeparateCoAuthors(), mw.SplitNameParts()])
    assert not library.failed_blocks
    return library


# ---- a larger fixture: every field and shape a source can have -----------------------------------
LARGE_PUBLISHERS = {
    "example-news": "Example News",
    "the-daily-example": "The Daily Example",
    "example-mirror": "Example Mirror",
    "example-agency": "Example Agency",
    "example-ministry": "Ministry of Examples",
    "example-journal": "Journal of Example Studies",
    "example-institute": "Example Institute",
    "example-tv": "Example TV",
    "example-data": "Example Data Office",
    "kommersant-example": "Kommersant-Example",
}
TITLES = [
    "Prisoner exchange: 95 return home",
    "Ukraine & Russia trade 100% of lists — again",
    "Braces {like these} and \\ back",
    "Dashes -- and --- and ``quotes'' stay",
    "Who’s counting? “Everyone”",
    "<script>alert(1)</script> as a title",
    "Tilde ~ caret ^ hash # dollar $ underscore _",
    "Приклад: обмін полоненими",
    "Exame: soldado é condenado",
    "A title with a trailing question?",
    "It's 50/50",
    "Percent-encoded %20 text",
]
TYPES = ["article", "journal-article", "blog-post", "report", "web-page", "statement", "video", "book", "dataset"]
AUTHORS = [
    [],
    ["Petrenko, Olena"],
    ["Example desk"],
    ["van der Berg, Anna", "Nguyễn, Thị Minh"],
    ["Wallace, David A.", "Reeves, Shane R.", "Hart, Christopher J."],
]
DATES = [None, "2024", "2024-06", "2024-06-22"]


def _q(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def large_data_files(n: int = 60) -> dict[str, str]:
    pubs = "".join(
        f"{pid}:\n  name: {_q(name)}\n  affiliation: international-media\n  reason: An example.\n"
        for pid, name in LARGE_PUBLISHERS.items()
    )
    files = {
        "publishers.yaml": pubs + "example-news-2:\n  name: Example News Two\n  affiliation: "
        "ukrainian-government\n  reason: Another example.\n"
    }
    publisher_ids = list(LARGE_PUBLISHERS)
    for i in range(n):
        lines = []
        title = TITLES[i % len(TITLES)] + f" ({i})"
        language = ["en", "uk", "pt", "cs", "en-GB"][i % 5] if i % 17 != 3 else "da"  # Danish: not in our table
        if i % 11 == 5:
            lines.append(f"title_note: {_q(f'The URL slug reads number {i}.')}")
        else:
            lines.append(f"title: {_q(title)}")
            if language not in ("en", "en-GB") and i % 2:
                lines.append(f"title_en: {_q(f'English title {i}: a translation')}")
        if language != "en":
            lines.append(f"language: {language}")
        if i % 9:
            lines.append(f"type: {TYPES[i % len(TYPES)]}")
        publisher = publisher_ids[i % len(publisher_ids)]
        lines.append(f"publisher: {publisher}")
        if i % 4 == 1:
            lines.append(f"container: {_q(f'Section {i % 3} of the site')}")
        authors = AUTHORS[i % len(AUTHORS)]
        if authors:
            lines.append("authors:\n" + "".join(f"  - {_q(a)}\n" for a in authors).rstrip("\n"))
        date = DATES[i % len(DATES)]
        if date:
            lines.append(f'date: "{date}"')
            if i % 3 == 0:
                lines.append("date_inferred: true")
        if i % 5 == 2:
            lines.append(f"date_note: {_q(f'From the address, which holds /{i}/ — see note {i}')}")
        lines.append(f"url: https://example.org/{i}/story?x={i}&y=%7B{i}%7D")
        if i % 3 == 1:
            lines.append(f"archive_url: https://web.archive.org/web/2024/https://example.org/{i}/")
        if i % 4 == 2:
            lines.append(f'accessed: "2025-01-{(i % 27) + 1:02d}"')
        if i % 6 == 3:
            note = "" if i % 12 == 3 else "\n  note: wire copy; edited"
            lines.append(f"copy:\n  seen_at: example-mirror{note}")
        if i % 13 == 12:
            lines.append("relays:\n  - source: large-0\n    note: it repeats the first story")
        elif i % 7 == 4:
            lines.append("relays:\n  - publisher: example-ministry\n    note: the title says the ministry claims it")
        elif i % 7 == 6:
            lines.append(
                "relays:\n  - publisher: example-agency\n    note: it cites the agency\n"
                "  - publisher: kommersant-example\n    note: it cites Kommersant-Example"
            )
        elif i % 7 == 1:
            lines.append("relays:\n  - publisher: example-agency")
        if i % 8 == 0:
            lines.append("identification:\n  match: exact")
        elif i % 8 == 3:
            lines.append(f"identification:\n  match: plausible\n  scope: the count in paragraph {i}")
        if i % 10 == 7:
            lines.append('quote: "“Ninety-five came home.”"')
        files[f"sources/large-{i}.yaml"] = "\n".join(lines) + "\n"
    return files


@pytest.fixture(scope="module")
def large_dir(tmp_path_factory) -> Path:
    return write_data(tmp_path_factory.mktemp("large"), large_data_files())


@pytest.fixture(scope="module")
def large(large_dir) -> Site:
    return Site(load_corpus(large_dir))


@pytest.fixture(scope="module")
def generated_dir(tmp_path_factory) -> Path:
    return generated_data(tmp_path_factory.mktemp("generated"), *GENERATED)


@pytest.fixture(scope="module")
def generated(generated_dir) -> Site:
    return Site(load_corpus(generated_dir))


CORPORA = ["seed", "large", "generated"]


def _corpus(request, which: str) -> tuple[Site, list[Source]]:
    """A site and the sources to export: the seed explainer's sources, or every source of a fixture."""
    site = request.getfixturevalue(which)
    return site, request.getfixturevalue("seed_sources") if which == "seed" else site.sources_in_order


def _empty_data_like(corpus_dir: Path, target: Path) -> Path:
    """A data folder with the same publishers, affiliations and topics, and no sources or explainers."""
    data = target / "data"
    (data / "sources").mkdir(parents=True)
    (data / "explainers").mkdir(parents=True)
    for name in ("publishers.yaml", "affiliations.yaml", "topics.yaml"):
        shutil.copy(corpus_dir / name, data / name)
    return data


# ---- BibTeX read by bibtexparser --------------------------------------------------------------
@pytest.mark.parametrize("which", CORPORA)
def test_bibtex_export_reads_back_with_bibtexparser(which, request):
    site, sources = _corpus(request, which)
    library = _bib(bibtex(site, PUB, sources))
    assert [e.key for e in library.entries] == [s.id for s in sources]
    for entry, source in zip(library.entries, sources, strict=True):
        fields = {f.key: f.value for f in entry.fields}
        # biblatex requires a title and (but of a dataset) a date: unknown ones are said to be unknown.
        assert _latex(fields["title"]) == (source.title or "[Title not captured]")
        names = fields.get("author", [])
        assert len(names) == len(source.authors)
        for parts, author in zip(names, source.authors, strict=True):
            last = _latex(" ".join(parts.von + parts.last))
            first = _latex(" ".join(parts.first))
            assert (f"{last}, {first}" if first else last) == author
        assert fields.get("date") == source.date or (not source.date and fields.get("date") in ("XXXX", None))
        assert fields.get("url") == source.url
        assert fields.get("urldate") == source.accessed
        publisher = site.corpus.publishers[source.publisher].name
        # The publisher once, in the one field biblatex's data model has for it in the entry type.
        named = [k for k in ("publisher", "organization", "institution") if k in fields]
        assert [_latex(fields[k]) for k in named] == [publisher] or (
            not named and _latex(fields["journaltitle"]) == (source.container or publisher)
        )
        note = _latex(fields.get("note", ""))
        for fact in site.facts(source):
            assert fact.label in note
        if source.archive_url:
            assert f"Archived copy: {source.archive_url}" in fields["note"]


def test_each_explainer_has_its_own_bibtex_csl_and_ris_with_the_sources_it_cites(generated, generated_dir):
    producer = Producer(generated, PUB)
    files = {spec.path: producer.file(spec) for spec in plan(generated).files}
    for explainer in generated.explainers_in_order:
        cited = generated.cited_sources(explainer)
        written = (generated_dir / "explainers" / f"{explainer.id}.yaml").read_text(encoding="utf-8")
        assert sorted(s.id for s in cited) == sorted(set(re.findall(r"@(source-[0-9]+)", written)))
        ids = [s.id for s in cited]
        paths = addresses.explainer_bibliographies(explainer.id)
        assert [e.key for e in _bib(files[paths["BibTeX"]]).entries] == ids
        assert [i["id"] for i in json.loads(files[paths["CSL-JSON"]])] == ids
        assert [r["id"] for r in rispy.loads(files[paths["RIS"]])] == ids


# ---- RIS read by rispy --------------------------------------------------------------------------
@pytest.mark.parametrize("which", CORPORA)
def test_ris_export_reads_back_with_rispy(which, request):
    site, sources = _corpus(request, which)
    records = rispy.loads(ris(site, sources))
    assert len(records) == len(sources)
    for record, source in zip(records, sources, strict=True):
        assert record["id"] == source.id
        assert record["type_of_reference"] == RIS_TYPES[source.type]
        assert record.get("title") == source.title
        assert record.get("translated_title") == source.title_en
        assert record.get("authors", []) == list(source.authors)
        assert record.get("year") == (source.date[:4] if source.date else None)
        assert record.get("urls", []) == ([source.url] if source.url else [])
        assert record.get("publisher") == site.corpus.publishers[source.publisher].name
        assert record["language"] == source.language
        if source.accessed:
            assert record["access_date"] == source.accessed.replace("-", "/") + "/"
        notes = record.get("notes", [])
        assert notes == note_lines(source, site.corpus)
        if source.archive_url:
            assert f"Archived copy: {source.archive_url}" in notes


# ---- CSL-JSON rendered by citeproc-py ---------------------------------------------------------------
@pytest.mark.parametrize("style", list(cite.STYLES))
@pytest.mark.parametrize("which", CORPORA)
def test_csl_json_export_renders_in_two_styles_with_citeproc(style, which, request):
    site, sources = _corpus(request, which)
    items = json.loads(csl_json(site, sources))
    assert len(items) == len(sources)
    entries = cite.bibliography(items, style, html=False)
    assert len(entries) == len(items)
    text = "\n".join(entries).casefold()
    for source in sources:
        if source.url:
            assert source.url.casefold() in text
        if source.title and style == "apa":  # Chicago title-cases English titles
            assert source.title.casefold().rstrip("?") in text
    html = "\n".join(cite.bibliography(items, style))
    assert "<script" not in html  # titles are text, never markup


def test_csl_items_carry_what_the_data_knows_and_nothing_else(seed, seed_sources):
    items = {i["id"]: i for i in json.loads(csl_json(seed, seed_sources))}
    # No date, no author on the page: no `issued`, no `author`.
    assert "issued" not in items["united24-surrendering-in-record-numbers"]
    assert "author" not in items["united24-surrendering-in-record-numbers"]
    assert "Date not shown: Not shown on the page" in items["united24-surrendering-in-record-numbers"]["note"]
    # An inferred date is marked circa, and the note says how it was found.
    afp = items["afp-foreign-pows-duped"]
    assert afp["issued"] == {"date-parts": [[2024, 3, 22]], "circa": True}
    assert "Date inferred: From the copy's URL path." in afp["note"].splitlines()
    assert "Seen only as a copy at konturnovosti.com: syndicated copy; the original is by AFP" in afp["note"]
    assert items["pravda-300-surrender-via-i-want-to-live"]["author"] == [{"family": "Tyshchenko", "given": "Kateryna"}]
    assert items["kyiv-independent-ombudsman-pow-treatment"]["author"] == [{"literal": "Kyiv Independent news desk"}]
    assert items["cjil-technologically-enabled-surrender"]["container-title"] == "CJIL Online 2.2"
    assert items["exame-soldier-sentenced-for-surrender"]["language"] == "pt"
    assert "title" not in items["exame-soldier-sentenced-for-surrender"]
    # The site's own fields, as data, under `custom`: what no CSL variable holds, and nothing unset.
    assert afp["custom"] == {
        CUSTOM_KEY: {
            "language": "en",
            "type": "article",
            "publisher": "afp",
            "date_inferred": True,
            "date_note": "From the copy's URL path.",
            "copy": {"seen_at": "konturnovosti", "note": "syndicated copy"},
            "identification": {"match": "exact"},
        }
    }
    assert items["united24-surrendering-in-record-numbers"]["custom"][CUSTOM_KEY]["relays"] == [
        {"publisher": "i-want-to-live", "note": "its figures are published through the “I Want to Live” project"}
    ]


def test_archive_url_and_access_date_reach_every_format(tmp_path):
    data = write_data(
        tmp_path,
        {
            "sources/example-report.yaml": """\
        title: An example report
        publisher: example-news
        url: https://example.org/report
        archive_url: https://web.archive.org/web/2025/https://example.org/report
        accessed: "2025-01-15"
        """
        },
    )
    site, _, _ = engine(data)
    source = site.corpus.sources["example-report"]
    item = csl_item(site, source)
    assert item["accessed"] == {"date-parts": [[2025, 1, 15]]}
    assert "Archived copy: https://web.archive.org/web/2025/https://example.org/report" in item["note"]
    entry = _bib(bibtex_entry(site, source)).entries[0]
    assert entry["urldate"] == "2025-01-15"
    assert "web.archive.org/web/2025/https://example.org/report" in entry["note"]
    record = rispy.loads(ris_record(site, source))[0]
    assert record["access_date"] == "2025/01/15/"
    assert "Archived copy: https://web.archive.org/web/2025/https://example.org/report" in record["notes"]


# ---- the import, and the round trip through CSL-JSON -------------------------------------------------
def _relays_a_source(source: Source) -> bool:
    return any(r.source for r in source.relays)


def _round_trip(
    site: Site, sources: list[Source], data_dir: Path, tmp_path: Path, fmt: str = "csl-json"
) -> tuple[dict, object]:
    exported = tmp_path / ("export.json" if fmt == "csl-json" else "export.bib")
    exported.write_text(csl_json(site, sources) if fmt == "csl-json" else bibtex(site, PUB, sources), encoding="utf-8")
    target = _empty_data_like(data_dir, tmp_path / "imported")
    report = import_file(exported, target)
    assert report.ok, report.text()
    assert [e.status for e in report.entries] == ["written"] * len(sources)
    # Every source keeps its id, so that every [@id] in the explainers still finds it.
    assert [e.id for e in report.entries] == [s.id for s in sources]
    for entry in report.entries:
        if fmt == "csl-json":
            # CSL-JSON carries the site's own fields as data: nothing is left for the report.
            assert entry.unmapped == [], (entry.origin, entry.unmapped)
        else:
            # A relay of another source names it by its id here and by its title in a note: the
            # import reports it instead of guessing which source a title means.
            assert any(
                "relays name publishers" in u or "could not all be found" in u for u in entry.unmapped
            ) == _relays_a_source(site.corpus.sources[entry.origin]), (entry.origin, entry.unmapped)
    return {e.origin: e.id for e in report.entries}, load_corpus(target)


def _compare(original, imported, ids: dict, fields=ROUND_TRIP_FIELDS) -> None:
    for old_id, new_id in ids.items():
        old, new = original.sources[old_id], imported.sources[new_id]
        for name in fields:
            expected = getattr(old, name)
            if name == "relays":  # a relayed source is named by the id the import gave it
                expected = tuple(dataclasses.replace(r, source=ids[r.source]) if r.source else r for r in expected)
            assert getattr(new, name) == expected, (old_id, name)


def test_seed_sources_round_trip_through_csl_json_and_the_import(seed, seed_sources, tmp_path):
    ids, imported = _round_trip(seed, seed_sources, ROOT / "data", tmp_path)
    _compare(seed.corpus, imported, ids)


@pytest.mark.parametrize("which", ["large", "generated"])
def test_a_larger_corpus_round_trips_through_csl_json_and_the_import_relays_included(which, request, tmp_path):
    site = request.getfixturevalue(which)
    relays_a_source = {i for i, s in site.corpus.sources.items() if _relays_a_source(s)}
    if which == "large":
        assert len(site.corpus.sources) == 61
        assert len(relays_a_source) == 4
    assert relays_a_source, "the fixture should have sources that relay other sources"
    ids, imported = _round_trip(site, site.sources_in_order, request.getfixturevalue(f"{which}_dir"), tmp_path)
    assert len(imported.sources) == len(site.corpus.sources)
    # Every field, the relays of other sources included: CSL-JSON's `custom` carries them as data.
    _compare(site.corpus, imported, ids)


def test_bibtex_round_trip_keeps_everything_bibtex_can_tell_apart(large, large_dir, tmp_path):
    ids, imported = _round_trip(large, large.sources_in_order, large_dir, tmp_path, fmt="bibtex")
    # Our biblatex says the type where the entry type does not (entrysubtype); relays of sources
    # are named by title in a note, which the import reports rather than guesses.
    _compare(large.corpus, imported, ids, [f for f in ROUND_TRIP_FIELDS if f != "relays"])
    _compare(
        large.corpus,
        imported,
        {k: v for k, v in ids.items() if not _relays_a_source(large.corpus.sources[k])},
        ["relays"],
    )


def test_a_language_outside_the_sites_own_table_is_named_and_survives_the_bibtex_round_trip(large, large_dir, tmp_path):
    danish = [s for s in large.sources_in_order if s.language == "da"]
    assert danish and all(s.language_name == "Danish" for s in danish)
    assert any(f.label.startswith("In Danish") for f in large.facts(danish[0]))
    ids, imported = _round_trip(large, danish, large_dir, tmp_path, fmt="bibtex")
    _compare(large.corpus, imported, ids, ["language", "title_en"])


def test_the_round_trip_keeps_every_id_so_citations_still_resolve(seed, seed_sources, tmp_path):
    ids, _ = _round_trip(seed, seed_sources, ROOT / "data", tmp_path)
    assert all(new == old for old, new in ids.items()), ids


def test_ids_are_derived_and_said_so_only_when_the_key_is_not_a_valid_id(seed, seed_sources, tmp_path):
    """Author or publisher, year and title words, made unique; the report says why."""
    items = json.loads(csl_json(seed, seed_sources))
    for item in items:
        item["id"] = "http://zotero.org/users/1/items/" + item["id"].upper()  # Zotero's item addresses
    exported = tmp_path / "export.json"
    exported.write_text(json.dumps(items), encoding="utf-8")
    report = import_file(exported, _empty_data_like(ROOT / "data", tmp_path / "imported"))
    assert report.ok, report.text()
    ids = {e.origin.rsplit("/", 1)[1].lower(): e.id for e in report.entries}
    assert ids["pravda-300-surrender-via-i-want-to-live"] == "tyshchenko-2024-more-than-300-russian-servicemen"
    assert ids["afp-foreign-pows-duped"] == "afp-2024-foreign-pows-say-they-were"
    assert ids["ukrinform-40000-contact-i-want-to-live"] == "ukrinform-over-40-000-russians-contact"
    assert ids["kyiv-independent-ombudsman-pow-treatment"].startswith("kyiv-independent-news-2023-")
    assert len(set(ids.values())) == len(ids)
    assert (
        "  id: the key 'http://zotero.org/users/1/items/AFP-FOREIGN-POWS-DUPED' is not a valid id "
        "(lowercase letters, digits and single hyphens, at most 80 characters, not a number); "
        "derived 'afp-2024-foreign-pows-say-they-were'"
    ) in report.text()
    assert slug("Nguyễn Thị Minh — “quoted”") == "nguyen-thi-minh-quoted"


ZOTERO_CSL = [
    {
        "id": "http://zotero.org/users/1/items/ABC",
        "type": "article-newspaper",
        "title": "Example story",
        "container-title": "The Daily Example",
        "author": [{"family": "Doe", "given": "Jane"}],
        "issued": {"date-parts": [["2024", "6", "2"]]},
        "URL": "https://example.org/story",
        "accessed": {"date-parts": [[2025, 1, 15]]},
        "language": "English",
        "DOI": "10.1234/x",
        "abstract": "An abstract.",
        "note": "tex.key: value\nIn press",
    },
    {
        "id": "unknown-1",
        "type": "article-journal",
        "title": "A paper",
        "container-title": "Unheard-of Journal",
        "publisher": "Unheard-of Press",
        "issued": {"raw": "2023-05"},
    },
    {
        "id": "partial",
        "type": "speech",
        "title": "A speech",
        "publisher": "Ministry of Examples",
        "issued": {"date-parts": [[2023, 1, 1], [2023, 1, 3]]},
        "accessed": {"date-parts": [[2025, 1]]},
        "editor": [{"family": "Roe", "given": "Rick"}],
    },
]


def test_import_maps_a_zotero_export_and_reports_what_it_cannot(tmp_path):
    data = write_data(
        tmp_path,
        {
            "publishers.yaml": """\
        example-news:
          name: Example News
          affiliation: international-media
          reason: An example outlet.
        daily-example:
          name: The Daily Example
          affiliation: international-media
          reason: An example newspaper.
        example-ministry:
          name: Ministry of Examples
          affiliation: ukrainian-government
          reason: An example ministry.
        """
        },
    )
    file = tmp_path / "zotero.json"
    file.write_text(json.dumps(ZOTERO_CSL), encoding="utf-8")
    report = import_file(file, data)
    text = report.text()
    first, unknown, partial = report.entries
    assert first.status == "written" and first.id == "doe-2024-example-story"
    written = (data / "sources" / "doe-2024-example-story.yaml").read_text(encoding="utf-8")
    assert written.startswith("# yaml-language-server: $schema=../../macros/schemas/source.schema.json\n")
    source = load_corpus(data).sources["doe-2024-example-story"]
    assert (source.title, source.publisher, source.authors, source.date, source.accessed, source.container) == (
        "Example story",
        "daily-example",
        ("Doe, Jane",),
        "2024-06-02",
        "2025-01-15",
        None,
    )
    assert source.language == "en" and source.type == "article"
    assert "not mapped: DOI '10.1234/x'" in text
    assert "not mapped: field 'abstract'" in text
    assert "not mapped: note line 'tex.key: value'" in text
    assert "not mapped: note line 'In press'" in text
    # An unknown publisher is never invented: the entry is not written, the report says what to add.
    assert unknown.status == "unknown-publisher"
    assert "unknown publisher 'Unheard-of Press'" in text
    assert '  unheard-of-press:\n    name: "Unheard-of Press"\n    affiliation:' in text
    assert not list((data / "sources").glob("*paper*"))
    # A date range, a partial access date, a type with no match and an editor are reported.
    assert partial.status == "written"
    assert "type 'speech': no matching source type" in text
    assert "not mapped: issued" in text and "a date range" in text
    assert "accessed '2025-01': only a full day" in text
    assert "field 'editor'" in text
    assert not report.ok
    assert cli(["check", "--data", str(data)]) == 0


def test_import_never_overwrites_an_existing_source_unless_asked(tmp_path):
    data = write_data(
        tmp_path,
        {
            "sources/example-report.yaml": """\
        title: An example report
        publisher: example-news
        date: "2024-06-22"
        url: https://example.org/report
        relays:
          - publisher: example-news
            note: kept
        quote: "Kept too."
        """
        },
    )
    before = (data / "sources" / "example-report.yaml").read_text(encoding="utf-8")
    file = tmp_path / "one.json"
    file.write_text(
        json.dumps(
            [
                {
                    "id": "x",
                    "type": "report",
                    "title": "An example report, revised",
                    "publisher": "Example News",
                    "URL": "https://example.org/report",
                    "issued": {"date-parts": [[2024, 6, 23]]},
                }
            ]
        ),
        encoding="utf-8",
    )
    assert cli(["import", str(file), "--data", str(data)]) == 0
    assert (data / "sources" / "example-report.yaml").read_text(encoding="utf-8") == before
    assert len(list((data / "sources").glob("*.yaml"))) == 1
    assert cli(["import", str(file), "--data", str(data), "--overwrite"]) == 0
    source = load_corpus(data).sources["example-report"]
    assert (source.title, source.type, source.date) == ("An example report, revised", "report", "2024-06-23")
    assert source.relays == (Relay(publisher="example-news", note="kept"),) and source.quote.value == "Kept too."


def test_import_writes_nothing_when_the_result_would_not_pass_the_check(tmp_path, capsys):
    data = write_data(tmp_path)
    file = tmp_path / "bad.json"
    file.write_text(
        json.dumps(
            [
                {"id": "ok", "title": "Fine", "publisher": "Example News"},
                {"id": "long", "title": "x" * 500, "publisher": "Example News"},
            ]
        ),
        encoding="utf-8",
    )
    assert cli(["import", str(file), "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert "Nothing was written" in err and "not written long: it would not pass the check" in err
    assert sorted(p.name for p in (data / "sources").glob("*.yaml")) == ["example-report.yaml"]


def test_import_reads_a_zotero_bibtex_export(tmp_path):
    data = write_data(tmp_path)
    file = tmp_path / "zotero.bib"
    file.write_text(
        textwrap.dedent(r"""
        @article{doe_example_2024,
          title = {An {Example} \& a test -- with {\'e}},
          journal = {Example News},
          author = {Doe, Jane and {Example desk}},
          month = jun,
          year = {2024},
          url = {https://example.org/a_b},
          urldate = {2025-01-15},
          langid = {english},
          keywords = {war},
        }
        @misc{broken, title = {unclosed}
        """),
        encoding="utf-8",
    )
    report = import_file(file, data)
    entry = report.entries[0]
    assert entry.status == "written", report.text()
    source = load_corpus(data).sources[entry.id]
    assert (source.title, source.authors, source.date, source.url, source.accessed, source.publisher) == (
        "An Example & a test – with é",
        ("Doe, Jane", "Example desk"),
        "2024-06",
        "https://example.org/a_b",
        "2025-01-15",
        "example-news",
    )
    assert "not mapped: field 'keywords'" in report.text()
    assert "not written broken (@misc at line 13): the entry could not be read" in report.text()


# ---- JSON-LD -------------------------------------------------------------------------------------
def _jsonld_blocks(html: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def test_explainer_pages_carry_an_article_and_a_claim_review_in_their_head(built_site, seed):
    html = (built_site / "explainers" / SEED_SLUG / "index.html").read_text(encoding="utf-8")
    head = html[: html.index("</head>")]
    [data] = _jsonld_blocks(head)
    assert data["@context"] == "https://schema.org"
    by_type = {node["@type"]: node for node in data["@graph"]}
    article, review = by_type["Article"], by_type["ClaimReview"]
    explainer = seed.corpus.explainers[SEED_SLUG]
    assert article["headline"] == explainer.question and len(article["headline"]) <= 110
    assert article["datePublished"] == explainer.published
    assert article["publisher"] == {"@type": "Organization", "name": "Evidence Explainers"}
    # The explainer names no author: it is the site's, and no person is claimed.
    assert article["author"] == [{"@type": "Organization", "name": "Evidence Explainers"}]
    assert article["license"] == "https://creativecommons.org/licenses/by/4.0/"  # mkdocs.yml's extra.licence
    page = by_type["WebPage"]
    assert page["mainEntity"] == {"@id": article["@id"]} and "reviewedBy" not in page  # no reviewer recorded
    assert article["url"] == "../../explainers/are-russians-surrendering-to-ukrainians/"
    cited = seed.cited_sources(explainer)
    assert [c["@id"] for c in article["citation"]] == [f"../../sources/{s.id}/" for s in cited]
    bi = next(c for c in article["citation"] if c["@id"].endswith("/bi-cardboard-surrender/"))
    assert "datePublished" not in bi and "author" not in bi and "url" not in bi  # unknown date; a copy
    assert bi["workExample"]["publisher"]["name"] == "Business Insider Africa"
    afp = next(c for c in article["citation"] if c["@id"].endswith("/afp-foreign-pows-duped/"))
    assert "datePublished" not in afp  # the date is inferred: JSON-LD cannot say "about"
    pravda = next(c for c in article["citation"] if c["@id"].endswith("/pravda-300-surrender-via-i-want-to-live/"))
    assert pravda["datePublished"] == "2024-06-22"
    assert pravda["author"] == [
        {"@type": "Person", "name": "Kateryna Tyshchenko", "familyName": "Tyshchenko", "givenName": "Kateryna"}
    ]
    assert review["claimReviewed"] == explainer.question
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Yes"}
    assert review["itemReviewed"] == {"@type": "Claim"}  # no appearance: the data knows none
    assert review["author"]["name"] == "Evidence Explainers" and review["datePublished"] == explainer.published
    assert review["url"] == article["url"]


def test_source_pages_carry_their_creative_work(built_site):
    html = (built_site / "sources" / "cjil-technologically-enabled-surrender" / "index.html").read_text(
        encoding="utf-8"
    )
    [data] = _jsonld_blocks(html[: html.index("</head>")])
    assert data["@type"] == "ScholarlyArticle"
    assert data["name"] == "Technologically Enabled Surrender Under the Law of Armed Conflict"
    assert [a["familyName"] for a in data["author"]] == ["Wallace", "Reeves", "Hart"]
    assert data["isPartOf"] == {"@type": "CreativeWork", "name": "CJIL Online 2.2"}
    assert data["publisher"]["name"] == "Chicago Journal of International Law"
    assert data["url"].startswith("https://cjil.uchicago.edu/")


def test_json_ld_names_authors_and_escapes_data_that_could_end_the_script(tmp_path):
    question = "Is </script><script>alert(1)</script> & <!-- a question?"
    data = write_data(
        tmp_path,
        {
            "explainers/example-question.yaml": f"""\
        question: {_q(question)}
        short_answer: partly
        published: "2026-01-02"
        authors: ["Petrenko, Olena", "Example desk"]
        summary: It is [@example-report].
        findings:
          - id: first-finding
            heading: The first finding
            text: Examples exist [@example-report, p. 4].
        corrections:
          - date: "2026-02-01"
            what: Changed a word.
            why: It was wrong.
        """
        },
    )
    site, pub, _ = engine(data, Publication(site_url="https://explainers.example/"))
    explainer = site.corpus.explainers["example-question"]
    tag = jsonld.script_tag(jsonld.explainer_page(site, pub, explainer, "../../"))
    body = tag.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in body and ">" not in body and "&" not in body
    graph = json.loads(body)["@graph"]
    webpage, article, review = graph
    assert webpage["@type"] == "WebPage" and webpage["url"] == article["url"]
    assert article["headline"] == question and review["claimReviewed"] == question
    assert review["reviewRating"]["alternateName"] == "Partly"
    assert article["author"] == [
        {"@type": "Person", "name": "Olena Petrenko", "familyName": "Petrenko", "givenName": "Olena"},
        {"@type": "Organization", "name": "Example desk"},
    ]
    assert article["url"] == "https://explainers.example/explainers/example-question/"
    assert article["citation"][0]["@id"] == "https://explainers.example/sources/example-report/"
    assert article["correction"][0]["datePublished"] == "2026-02-01"
    # Only explainer and source pages describe something: no other page carries JSON-LD.
    producer = Producer(site, pub)
    for spec in plan(site).pages:
        late = producer.late(spec)
        assert isinstance(late, LateOut)
        blocks = _jsonld_blocks(producer.page(spec).head + late.head)
        assert len(blocks) == (1 if spec.kind in ("explainer", "source") else 0), spec.address


# ---- the Atom feed ---------------------------------------------------------------------------------
def test_the_feed_parses_and_lists_the_seed_explainer(built_site, seed):
    feed = feedparser.parse((built_site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    [entry] = [e for e in feed.entries if e.link.endswith(f"explainers/{SEED_SLUG}/")]
    explainer = seed.corpus.explainers[SEED_SLUG]
    assert entry.title == explainer.question
    assert entry.id.startswith("urn:uuid:")
    assert entry.published.startswith(explainer.published)
    assert entry.summary.startswith("Yes. Russian servicemen are surrendering")
    assert "[@" not in entry.summary
    assert {t.term for t in entry.tags} == set(explainer.topics)
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml" title="Evidence Explainers" href="feed.xml">' in html


def test_the_feed_lists_every_explainer_of_a_generated_site(generated_site, generated_project):
    feed = feedparser.parse((generated_site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    site = Site(load_corpus(generated_project / "data"))
    assert sorted(e.title for e in feed.entries) == sorted(e.question for e in site.explainers_in_order)
    assert len({e.id for e in feed.entries}) == len(feed.entries) == GENERATED[0]


def test_the_feed_is_newest_change_first_with_absolute_links_when_the_site_has_an_address(tmp_path):
    files = {
        "explainers/second-question.yaml": """\
        question: Is this the second <example> & more?
        short_answer: "no"
        published: "2026-03-01"
        authors: ["Petrenko, Olena"]
        summary: It is not [@example-report].
        findings:
          - id: first-finding
            heading: The first finding
            text: No [@example-report].
        """
    }
    site, pub, _ = engine(
        write_data(tmp_path, files),
        Publication(
            site_url="https://ee.example/", last_changed={"data/explainers/example-question.yaml": "2026-04-01"}
        ),
    )
    feed = feedparser.parse(atom_feed(site, pub))
    assert not feed.bozo
    assert [e.title for e in feed.entries] == ["Is this an example?", "Is this the second <example> & more?"]
    assert feed.entries[0].link == "https://ee.example/explainers/example-question/"  # updated most recently
    assert feed.entries[0].updated.startswith("2026-04-01")
    assert feed.entries[1].author == "Olena Petrenko"
    assert feed.feed.links[0].href == "https://ee.example/feed.xml"


# ---- the corpus download ---------------------------------------------------------------------------
def _corpus_download(site_dir: Path) -> dict:
    data = json.loads((site_dir / "downloads" / "corpus.json").read_text(encoding="utf-8"))
    schema = json.loads((site_dir / "downloads" / "corpus.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["format"] == "evidence-explainers-corpus" and data["format_version"] == "1.1"
    return data


def test_the_corpus_download_follows_its_documented_schema_and_holds_the_whole_corpus(
    generated_site, generated_project
):
    data = _corpus_download(generated_site)
    assert data["licence"]["name"] == "CC BY 4.0"  # mkdocs.yml's extra.licence
    assert data["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    corpus = load_corpus(generated_project / "data")
    assert len(data["explainers"]) == GENERATED[0] and len(data["sources"]) == GENERATED[1]
    assert sorted(e["id"] for e in data["explainers"]) == sorted(corpus.explainers)
    assert sorted(s["id"] for s in data["sources"]) == sorted(corpus.sources)
    assert sorted(p["id"] for p in data["publishers"]) == sorted(corpus.publishers)
    assert [a["id"] for a in data["affiliations"]] == list(corpus.affiliations)
    assert sorted(t["id"] for t in data["topics"]) == sorted(corpus.topics)
    site = Site(corpus)
    for explainer in data["explainers"]:
        original = corpus.explainers[explainer["id"]]
        assert [f["id"] for f in explainer["findings"]] == [f.id for f in original.findings]
        assert explainer["sources_cited"] == [s.id for s in site.cited_sources(original)]


def test_the_corpus_download_says_what_the_data_says_of_the_seed_explainer(built_site, seed):
    data = _corpus_download(built_site)
    explainer = next(e for e in data["explainers"] if e["id"] == SEED_SLUG)
    assert [f["id"] for f in explainer["findings"]] == [f.id for f in seed.corpus.explainers[SEED_SLUG].findings]
    assert explainer["sources_cited"][0] == "bi-cardboard-surrender"
    united24 = next(s for s in data["sources"] if s["id"] == "united24-surrendering-in-record-numbers")
    assert (
        united24["date"] is None
        and united24["authors"] == []
        and united24["relays"]
        == [{"publisher": "i-want-to-live", "note": "its figures are published through the “I Want to Live” project"}]
    )


def test_a_configured_data_licence_is_stated(tmp_path):
    site, pub, _ = engine(
        write_data(tmp_path),
        Publication(licence={"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}),
    )
    data = corpus_data(site, pub)
    assert data["licence"]["name"] == "CC BY 4.0"
    assert data["licence"]["statement"].startswith("The data in this file is licensed under CC BY 4.0. ")
    assert "sources' own texts" in data["licence"]["statement"]  # theirs, not ours


def test_corpus_json_joined_from_parts_is_the_whole_data_as_compact_json(tmp_path):
    """The file is joined from each explainer's and source's part (kept between saves under
    serve): the same bytes as the whole content written at once, text that needs escaping too."""
    for data in (write_data(tmp_path / "one"), generated_data(tmp_path / "many", 3, 12)):
        site, pub, _ = engine(data, Publication(site_url="https://example.org/ee/"))
        joined = corpus_json(site, pub)
        assert joined == compact_json(corpus_data(site, pub)) + "\n"
        assert json.loads(joined)["sources"] and json.loads(joined)["explainers"]


# ---- "Cite this explainer" and the downloads on the pages ----------------------------------------
def test_cite_this_explainer_shows_apa_chicago_bibtex_and_csl_json_with_the_version(built_site):
    html = (built_site / "explainers" / SEED_SLUG / "index.html").read_text(encoding="utf-8")
    section = html[html.index('<section class="ee-cite"') : html.index('<section class="ee-notes"')]
    assert "Evidence Explainers. (2026, November 26). <i>Are Russians surrendering to Ukrainians?</i>" in section
    assert "Evidence Explainers. 2026. “Are Russians Surrendering to Ukrainians?” November 26." in section
    assert section.count('class="ee-copyable') == 4
    # No address without site_url, so @misc: biblatex's @online requires one.
    assert "@misc{are-russians-surrendering-to-ukrainians," in section
    pre = re.search(r'data-copy-label="Copy the CSL-JSON item">(.*?)</pre>', section, re.S).group(1)
    (item,) = json.loads(pre.replace("&#34;", '"').replace("&amp;", "&"))  # CSL-JSON is a list
    assert item["title"] == "Are Russians surrendering to Ukrainians?"
    # No author is recorded: the site is the author, and no person is named.
    assert item["author"] == [{"literal": "Evidence Explainers"}] and "publisher" not in item
    assert "URL" not in item  # this build has no site_url: no address is made up
    assert re.search(r"the data as of commit <code>[0-9a-f]{40}</code>|Version:</strong>\s*not recorded", section)
    for suffix in ("bib", "json", "ris"):
        href = f"../../downloads/explainers/{SEED_SLUG}.{suffix}"
        assert f'href="{href}"' in section
        assert (built_site / "explainers" / SEED_SLUG / href).resolve().is_file()
    bibliography = (built_site / "bibliography" / "index.html").read_text(encoding="utf-8")
    for name in ("bibliography.bib", "bibliography.json", "bibliography.ris", "corpus.json"):
        assert f'href="../downloads/{name}"' in bibliography
        assert (built_site / "downloads" / name).is_file()


def test_cite_this_uses_the_authors_and_the_address_when_known(tmp_path):
    data = write_data(
        tmp_path,
        {
            "explainers/example-question.yaml": """\
        question: Is this an example?
        short_answer: "yes"
        published: "2026-01-02"
        authors: ["Petrenko, Olena"]
        summary: It is [@example-report].
        findings:
          - id: first-finding
            heading: The first finding
            text: Examples exist [@example-report, p. 4].
        """
        },
    )
    commit = "0123456789abcdef0123456789abcdef01234567"
    site, pub, renderer = engine(
        data,
        Publication(
            site_url="https://ee.example/",
            repo_url="https://github.com/example/explainers",
            version=DataVersion(commit),
        ),
    )
    explainer = site.corpus.explainers["example-question"]
    result = cite.cite_this(pub, explainer)
    formatted = cite.formatted(cite.citable_item(pub, explainer))
    assert [name for name, _ in formatted] == ["APA (7th edition)", "Chicago (18th edition, author-date)"]
    apa = dict(formatted)["APA (7th edition)"]
    assert apa == (
        "Petrenko, O. (2026, January 2). <i>Is this an example?</i> Evidence Explainers. "
        "https://ee.example/explainers/example-question/"
    )
    assert f"version = {{{commit}}}" in result.bibtex
    assert json.loads(result.csl_json)[0]["version"] == commit
    assert result.bibtex.startswith("@online{example-question,")
    assert result.version_link == f"https://github.com/example/explainers/tree/{commit}/data"
    html = renderer.explainer("example-question", "../../")
    assert (
        f'<a href="https://github.com/example/explainers/tree/{commit}/data" rel="noopener noreferrer">'
        f"<code>{commit}</code></a>"
    ) in html


def test_no_commit_is_claimed_outside_git_or_for_uncommitted_data(tmp_path):
    project = make_project(tmp_path)
    result = run_build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    html = (project / "site" / "explainers" / "example-question" / "index.html").read_text(encoding="utf-8")
    assert (
        "<strong>Version:</strong> not recorded (this copy of the site was not built from a git checkout)."
        in " ".join(html.split())
    )
    [data] = _jsonld_blocks(html[: html.index("</head>")])
    assert "version" not in data["@graph"][0]
    section = html[html.index('<section class="ee-cite"') : html.index('<section class="ee-notes"')]
    assert "version =" not in section and "&#34;version&#34;" not in section
    assert Publication(version=DataVersion("abc", dirty=True)).version_link() is None
    assert Publication(repo_url="https://git.example/x", version=DataVersion("abc")).version_link() is None
    # The bibliography describes nothing that JSON-LD could name: its page carries none.
    assert not _jsonld_blocks((project / "site" / "bibliography" / "index.html").read_text(encoding="utf-8"))


def test_citation_html_keeps_only_the_styles_inline_tags():
    item = {"id": "x", "type": "webpage", "title": "<b onclick=x>Bold</b> <img src=x> & more", "publisher": "P"}
    html = cite.bibliography([item], "apa")[0]
    assert "<img" not in html and "onclick" not in html and "<b " not in html
    assert "&lt;" in html or "Bold" in html


# ---- the copy buttons, in Chromium -------------------------------------------------------------------
@pytest.fixture(scope="module")
def base_url(built_site: Path):
    with serve_directory(built_site) as url:
        yield url


@pytest.mark.browser
def test_each_citation_has_a_copy_button_that_copies_its_text(browser, base_url):
    context = browser.new_context(base_url=base_url, permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"/explainers/{SEED_SLUG}/#cite-this")
        buttons = page.locator(".ee-cite .ee-copy-text")
        expect(buttons).to_have_count(4)
        apa = page.get_by_role("button", name="Copy the APA (7th edition) citation")
        apa.click()
        expect(apa).to_have_text("Copied")
        assert page.evaluate("navigator.clipboard.readText()") == (
            "Evidence Explainers. (2026, November 26). Are Russians surrendering to Ukrainians?"
        )
        page.locator(".ee-cite-data summary", has_text="BibTeX").click()
        page.get_by_role("button", name="Copy the BibTeX entry").click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert [e.key for e in _bib(copied).entries] == [SEED_SLUG]
        page.locator(".ee-cite-data summary", has_text="CSL-JSON").click()
        page.get_by_role("button", name="Copy the CSL-JSON item").click()
        (item,) = json.loads(page.evaluate("navigator.clipboard.readText()"))
        assert item["title"] == "Are Russians surrendering to Ukrainians?"
        assert cite.bibliography([item], "apa", html=False)[0].startswith("Evidence Explainers. (2026")
        assert not errors
    finally:
        context.close()
