"""The import on exports nobody here wrote (tests/data/, with their origin in tests/data/README.md),
and the import's rules a contributor meets: ids, languages, what is not carried over and why, the
same work twice, titles with formatting, the publisher ids it suggests."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from conftest import generated_data, write_data

from macros.cli import main as cli
from macros.domain.problems import DataError
from macros.domain.works import normal_url
from macros.formats.importer import Entry, import_file, language_code, plain_title, publisher_id
from macros.load.corpus import Loader, load_corpus

DATA = Path(__file__).parent / "data"


def _publishers(names: list[str]) -> str:
    """publishers.yaml with these names, ids as the import suggests them."""
    out, taken = "example-news:\n  name: Example News\n  affiliation: international-media\n  reason: x\n", set()
    for name in names:
        pid = publisher_id(name, taken)
        taken.add(pid)
        out += f"{pid}:\n  name: {json.dumps(name)}\n  affiliation: international-media\n  reason: An example.\n"
    return out


def by_id(key: str, report) -> str:
    return next(e.id for e in report.entries if e.key == key)


def _lines(report, origin: str) -> list[str]:
    """The report's lines about one entry: its own line and the indented ones under it."""
    lines = report.text().splitlines()
    start = next(i for i, line in enumerate(lines) if not line.startswith(" ") and f" {origin}" in line)
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith(" ")), len(lines))
    return lines[start:end]


# ---- Better CSL JSON: keys, rich text in titles, languages, a date range ------------------------
CSL_PUBLISHERS = ["Bulletin of Volcanology", "Sacris Erudiri", "Pontifical Institute of Mediaeval Studies"]
CSL_PUBLISHERS += ["Clarendon Press"]


def test_a_better_csl_json_export_imports_with_plain_titles_and_its_languages(tmp_path):
    data = write_data(tmp_path, {"publishers.yaml": _publishers(CSL_PUBLISHERS)})
    report = import_file(DATA / "bbt-pandoc-citation-export.csl.json", data)
    assert [e.status for e in report.entries] == ["written"] * 4, report.text()
    corpus = load_corpus(data)
    by_key = {e.key: corpus.sources[e.id] for e in report.entries}
    # Keys with capitals are not ids: derived, and said so.
    for entry in report.entries:
        assert entry.id != entry.key and entry.id_note and f"the key {entry.key!r} is not a valid id" in entry.id_note
    assert by_key["Adams2001"].title == "The physical volcanology of the 1600 eruption of Huaynaputina, southern Peru"
    assert by_key["Berndt1994"].title == (
        "Skizze zur Auslegungsgeschichte der Bücher Prouerbia und Ecclesiastes in der abendländischen Kirche"
    )
    assert by_key["Dunning2016"].title.endswith(
        "Collecta ex diuersis auditis in scola magistri Willelmi de Monte"
    )  # nocase: the words, not the tag
    assert "(g₁)" in by_key["Wordsworth1883"].title
    assert by_key["Berndt1994"].language == "de"
    assert by_key["Wordsworth1883"].language == "en"
    assert "\nlanguage:" not in (data / "sources" / f"{by_id('Wordsworth1883', report)}.yaml").read_text()
    # What was not carried over is said entry by entry, with the field and why.
    adams = "\n".join(_lines(report, "Adams2001"))
    assert "formatting <b> dropped, the words kept" in adams
    assert "issued" in adams and "a date range" in adams
    assert by_key["Adams2001"].date is None
    berndt = "\n".join(_lines(report, "Berndt1994"))
    assert "DOI '10.1484/J.SE.2.303788'" in berndt and "field 'source' = 'MetaPress'" in berndt
    assert "field 'editor'" in "\n".join(_lines(report, "Wordsworth1883"))
    # The pages show the titles as text, with no tags.
    assert cli(["check", "--data", str(data)]) == 0
    for source in corpus.sources.values():
        assert not re.search(r"</?(i|b|sub|sup|span)\b", source.title or "")


def test_csl_json_keyed_by_id_is_accepted_and_the_keys_become_ids(tmp_path):
    items = json.loads((DATA / "bbt-pandoc-citation-export.csl.json").read_text(encoding="utf-8"))
    keyed = {item["id"].lower(): {k: v for k, v in item.items() if k not in ("id", "citation-key")} for item in items}
    file = tmp_path / "keyed.json"
    file.write_text(json.dumps(keyed), encoding="utf-8")
    data = write_data(tmp_path, {"publishers.yaml": _publishers(CSL_PUBLISHERS)})
    report = import_file(file, data)
    assert report.ok, report.text()
    assert [e.id for e in report.entries] == ["adams2001", "berndt1994", "dunning2016", "wordsworth1883"]
    assert all(e.id_note is None for e in report.entries)
    assert "adams2001" in load_corpus(data).sources


# ---- Better BibLaTeX: dates nobody can record, and the same work many times ---------------------
EDTF_REASONS = {
    "barker1_2016_turkey": "the time of day left out; the day kept",
    "barker10_1990_turkey": "a date with unspecified digits",
    "barker11_1273_20171101": "marked approximate (circa); recorded as date_inferred: true",
    "barker13_-51234_20171101": "a year of more than four digits",
    "barker4_-876_turkey": "a year before 1000 (or before the common era)",
    "barker8_1988_turkey": "a date range",
    "barker9_2004_turkey": "a season or a part of a year",
    "simpson_cool_book_0092": "a date range",
    "simpson_cool_book_0397": "a date range",
}


def test_a_better_biblatex_export_reports_every_date_it_cannot_keep_by_key(tmp_path):
    data = write_data(tmp_path, {"publishers.yaml": _publishers(["ABC News"])})
    report = import_file(DATA / "bbt-edtf-dates.biblatex", data)
    text = report.text()
    keys = re.findall(r"^@\w+\{([^,]+),", (DATA / "bbt-edtf-dates.biblatex").read_text(encoding="utf-8"), re.M)
    # Every entry of the file is in the report, by its key.
    assert sorted(e.origin for e in report.entries) == sorted(keys)
    for key, reason in EDTF_REASONS.items():
        assert reason in "\n".join(_lines(report, key)), (key, _lines(report, key))
    first = report.entries[0]
    assert first.status == "written" and first.id_note  # barker1_2016_turkey: not a valid id
    source = load_corpus(data).sources[first.id]
    assert (source.date, source.language, source.type) == ("2016-07-18", "en-AU", "article")  # langid australian
    # The other articles are the same story at the same address: each says so and names the first.
    for entry in report.entries[1:]:
        if entry.key.startswith("barker"):
            assert entry.status == "duplicate" and entry.existing == "barker1_2016_turkey"
    assert "the same work as barker1_2016_turkey, before it in this file, by the same address" in text
    # The books have no publisher: not written, and why.
    assert "not written simpson_cool_book_0110: it cannot be imported as it is" in text
    assert "problem: no publisher, container-title or journal" in "\n".join(_lines(report, "simpson_cool_book_0110"))
    assert len(list((data / "sources").glob("*.yaml"))) == 2  # the minimal data's source and the one new


# ---- a real biblatex library: languages, names with a stray comma -------------------------------
LANGUAGES_READ = {
    "Weilbach1881NordeuropasSkyformer": "da",
    "Weilbach1994WeilbachDansk": "da",
}
LANGID_CODES = {
    "danish": "da",
    "norsk": "nb",
    "swedish": "sv",
    "dutch": "nl",
    "slovak": "sk",
    "indonesian": "id",
    "galician": "gl",
    "afrikaans": "af",
    "welsh": "cy",
    "basque": "eu",
    "estonian": "et",
}


def test_a_real_biblatex_library_imports_with_every_language_and_name(tmp_path):
    data = write_data(tmp_path)
    source_file = DATA / "bbt-bulk-library-excerpt.bib"
    first = import_file(source_file, data)
    # A first import names the publishers to add; a contributor adds them and imports again.
    to_add = first.publishers_to_add()
    assert to_add and all(cli_id == publisher_id(name, set()) or cli_id for cli_id, name in to_add.items())
    data = write_data(tmp_path / "again", {"publishers.yaml": _publishers(list(to_add.values()))})
    report = import_file(source_file, data)
    text = report.text()
    langids = dict(re.findall(r"@\w+\{([^,]+),(?:(?!\n@).)*?langid = \{([^}]*)\}", source_file.read_text(), re.S))
    corpus = load_corpus(data)
    written = {e.key: corpus.sources[e.id] for e in report.entries if e.status == "written"}
    # {Weilbach,} is a name biber, BibTeX, pybtex and pandoc accept: the entry is read.
    assert written["Weilbach1881NordeuropasSkyformer"].authors == ("Weilbach",)
    for key, source in written.items():
        # Every langid becomes its language: none is dropped, none claims to be English.
        assert source.language == LANGID_CODES[langids[key]], (key, langids[key], source.language)
    # The two articles at the same address: the second is reported, with the first's key.
    (second,) = [e for e in report.entries if e.status == "duplicate"]
    assert second.key == "Ostberg2012SadanRegistrerer" and second.existing == "Tvedt2012KommunalpolitikereMotiverede"
    # The rest were written, but for an entry with no publisher at all, which says so.
    for entry in report.entries:
        if entry.status not in ("written", "duplicate"):
            assert entry.status == "invalid" and entry.problems[0].startswith("no publisher"), text
    assert len(written) == 11, text
    assert cli(["check", "--data", str(data)]) == 0


# ---- ids --------------------------------------------------------------------------------------------
def test_a_valid_key_is_the_id_and_a_taken_or_invalid_one_is_replaced_and_said(tmp_path):
    data = write_data(tmp_path)
    file = tmp_path / "keys.bib"
    file.write_text(
        textwrap.dedent("""\
        @online{kept-key, title = {Kept}, organization = {Example News}, url = {https://example.org/kept}}
        @online{example-report, title = {Other}, organization = {Example News}, url = {https://example.org/other}}
        @online{2002, title = {Numeric}, organization = {Example News}, url = {https://example.org/numeric}}
        @online{Caps_Key, title = {Caps}, organization = {Example News}, url = {https://example.org/caps}}
        """),
        encoding="utf-8",
    )
    report = import_file(file, data)
    assert report.ok, report.text()
    ids = {e.key: e.id for e in report.entries}
    assert ids["kept-key"] == "kept-key"
    assert ids["example-report"] != "example-report"  # the id of another source here
    assert ids["2002"] != "2002" and ids["Caps_Key"] != "Caps_Key"
    text = report.text()
    assert "the key 'example-report' is the id of another source in the data; derived" in text
    assert "the key '2002' is not a valid id" in text and "not a number" in text
    assert cli(["check", "--data", str(data)]) == 0


# ---- languages ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "written, code",
    [
        ("English", "en"),
        ("en-US", "en-US"),
        ("eng", "en"),
        ("ger", "de"),
        ("Deutsch", "de"),
        ("ngerman", "de"),
        ("USenglish", "en-US"),
        ("brazilian", "pt-BR"),
        ("norsk", "nb"),
        ("nynorsk", "nn"),
        ("українська", "uk"),
        ("Français", "fr"),
        ("pt_BR", "pt-BR"),
        ("chinese-traditional", "zh-Hant"),
    ],
)
def test_language_names_and_codes_map_to_their_code(written, code):
    assert language_code(written) == code


@pytest.mark.parametrize("written", ["Ukrainian; Russian", "und", "the language", "xx", "DT", "English/French"])
def test_what_is_not_one_known_language_maps_to_nothing(written):
    assert language_code(written) is None


def test_a_language_that_cannot_be_read_is_never_written_as_english(tmp_path):
    data = write_data(tmp_path)
    file = tmp_path / "langs.json"
    items = [
        {"id": "two-languages", "title": "Two", "publisher": "Example News", "language": "Ukrainian; Russian"},
        {"id": "no-language", "title": "None", "publisher": "Example News", "URL": "https://example.org/none"},
        {"id": "danish", "title": "Dansk", "publisher": "Example News", "language": "Danish"},
    ]
    file.write_text(json.dumps(items), encoding="utf-8")
    report = import_file(file, data)
    statuses = {e.origin: e.status for e in report.entries}
    assert statuses == {"two-languages": "invalid", "no-language": "written", "danish": "written"}
    assert "language 'Ukrainian; Russian'" in "\n".join(_lines(report, "two-languages"))
    assert "\nlanguage:" not in (data / "sources" / "no-language.yaml").read_text(encoding="utf-8")
    assert load_corpus(data).sources["danish"].language == "da"


# ---- what is not carried over: entries and fields, by key, with why -------------------------------
def test_entries_biber_accepts_are_read_and_those_it_cannot_are_reported_by_key(tmp_path):
    data = write_data(tmp_path)
    file = tmp_path / "odd.bib"
    file.write_text(
        textwrap.dedent("""\
        @online{trailing-comma, author = {Weilbach,}, title = {Stray comma},
          organization = {Example News}, url = {https://example.org/1}}
        @online{twice, title = {First title}, title = {Second title},
          organization = {Example News}, url = {https://example.org/2}}
        @online{twice, title = {Same key}, organization = {Example News}, url = {https://example.org/3}}
        @online{unclosed, title = {Never closed, organization = {Example News}
        @online{circa, title = {Circa}, organization = {Example News}, url = {https://example.org/4}, date = {2020~}}
        @online{href, title = {Link}, organization = {Example News}, url = {https://example.org/5},
          note = {\\href{https://example.org/img.jpg}{}}}
        """),
        encoding="utf-8",
    )
    report = import_file(file, data)
    text = report.text()
    by_origin = {e.key: e for e in report.entries if e.key}  # the entries read
    assert by_origin["trailing-comma"].status == "written"
    assert load_corpus(data).sources["trailing-comma"].authors == ("Weilbach",)
    assert by_origin["twice"].status == "written"
    assert "field title given more than once: the first kept, as BibTeX does" in text
    assert load_corpus(data).sources["twice"].title == "First title"
    assert load_corpus(data).sources["twice"].url == "https://example.org/2"
    # The same key again: the first entry only, as biber and BibTeX read it; the second is reported.
    assert "not written twice (@online at line 5): the entry could not be read" in text
    assert "the key 'twice' is used by an entry before it" in text
    assert "not written unclosed (@online at line 6): the entry could not be read" in text
    assert "a block of the BibTeX file could not be read" not in text
    circa = load_corpus(data).sources["circa"]
    assert circa.date == "2020" and circa.date_inferred
    assert "marked approximate (circa); recorded as date_inferred: true" in text
    # LaTeX that trips the decoder (a link with empty text, as in a real export) costs no entry.
    assert by_origin["href"].status == "written"


def test_biblatex_subtitles_crossrefs_and_language_variants_are_read_as_biber_reads_them(tmp_path):
    """Entries shaped like biblatex's own examples (biblatex-examples.bib, as pandoc's tests use it)."""
    data = write_data(tmp_path)
    file = tmp_path / "examples.bib"
    file.write_text(
        textwrap.dedent("""\
        @incollection{westfahl:space,
          author = {Westfahl, Gary},
          title = {The True Frontier},
          subtitle = {Confronting and Avoiding the Realities of Space in {American} Science Fiction Films},
          crossref = {westfahl:frontier},
          langid = {english},
          langidopts = {variant=american},
        }
        @collection{westfahl:frontier,
          editor = {Westfahl, Gary},
          title = {Space and Beyond},
          date = 2000,
          publisher = {Example News},
          langid = {english},
        }
        @article{missing, author = {Doe, Jane}, title = {Orphan}, crossref = {nowhere}, journal = {Example News}}
        """),
        encoding="utf-8",
    )
    report = import_file(file, data)
    corpus = load_corpus(data)
    space = corpus.sources[by_id("westfahl:space", report)]
    assert space.title == (
        "The True Frontier: Confronting and Avoiding the Realities of Space in American Science Fiction Films"
    )
    # From the collection it is in: the publisher, the date, and the collection's title as its container.
    assert (space.publisher, space.date, space.container, space.language) == (
        "example-news",
        "2000",
        "Space and Beyond",
        "en-US",
    )
    assert "field 'crossref' = 'nowhere': no entry with that key in this file" in "\n".join(_lines(report, "missing"))


# ---- the same work twice --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "a, b",
    [
        ("http://example.org/story", "https://example.org/story"),
        ("https://www.example.org/story", "https://example.org/story"),
        ("https://example.org/story/", "https://example.org/story"),
        ("https://example.org/story?utm_source=x&utm_medium=y", "https://example.org/story"),
        ("https://EXAMPLE.org:443/story?id=1&utm_campaign=z#", "https://example.org/story?id=1"),
    ],
)
def test_addresses_written_differently_are_the_same(a, b):
    assert normal_url(a) == normal_url(b)


def test_different_pages_are_not_the_same():
    assert normal_url("https://example.org/story?id=1") != normal_url("https://example.org/story?id=2")
    assert normal_url("https://example.org/a") != normal_url("https://example.org/b")


def test_the_same_work_is_found_within_the_import_and_against_data(tmp_path):
    data = write_data(tmp_path)
    items = [
        {"id": "one", "title": "A story", "publisher": "Example News", "URL": "http://www.example.org/one/"},
        {
            "id": "one-again",
            "title": "Another",
            "publisher": "Example News",
            "URL": "https://example.org/one?utm_source=t",
        },
        {"id": "doi-a", "title": "Paper", "publisher": "Example News", "DOI": "10.1234/ABC"},
        {"id": "doi-b", "title": "Paper (preprint)", "publisher": "Example News", "URL": "https://doi.org/10.1234/abc"},
        {"id": "dated", "title": "Same Title!", "publisher": "Example News", "issued": {"date-parts": [[2024, 6]]}},
        {"id": "dated-2", "title": "same title", "publisher": "Example News", "issued": {"date-parts": [[2024, 6]]}},
        {"id": "other-year", "title": "same title", "publisher": "Example News", "issued": {"date-parts": [[2025]]}},
        {"id": "existing", "title": "Renamed", "publisher": "Example News", "URL": "https://example.org/report/"},
    ]
    file = tmp_path / "dups.json"
    file.write_text(json.dumps(items), encoding="utf-8")
    report = import_file(file, data)
    status = {e.origin: (e.status, e.existing) for e in report.entries}
    assert status["one"] == ("written", None)
    assert status["one-again"] == ("duplicate", "one")
    assert status["doi-b"] == ("duplicate", "doi-a")
    assert status["dated-2"] == ("duplicate", "dated")
    assert status["other-year"] == ("written", None)
    assert status["existing"] == ("exists", "example-report")  # the minimal data's https://example.org/report
    text = report.text()
    assert "not written one-again: the same work as one, before it in this file, by the same address" in text
    assert "the same DOI (10.1234/abc)" in text and "the same title, date and publisher" in text


def test_check_finds_the_same_work_twice_in_data(tmp_path, capsys):
    data = write_data(
        tmp_path,
        {
            "sources/example-copy.yaml": """\
            title: A copy of the report
            publisher: example-news
            url: http://www.example.org/report/?utm_source=feed
            """
        },
    )
    assert cli(["check", "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert re.search(
        r"data/sources/example-report\.yaml:4:6: the same work as data/sources/example-copy\.yaml: the same address, "
        r"example\.org/report .*— keep one of the two: cite \[@example-copy\] where \[@example-report\] is cited",
        err,
    ), err


def test_loading_again_finds_the_same_work_as_a_first_load_does(tmp_path):
    """Under `mkdocs serve` the loader keeps each source's keys between loads: an edit that makes
    one source the same work as another is found, and the fix is seen."""
    data = write_data(tmp_path, {})
    loader = Loader(data)
    loader.load()
    copy = data / "sources" / "example-copy.yaml"
    copy.write_text("title: A copy of the report\npublisher: example-news\nurl: https://example.org/other\n")
    loader.load()
    copy.write_text("title: A copy of the report\npublisher: example-news\nurl: http://www.example.org/report/\n")
    with pytest.raises(DataError) as found:
        loader.load()
    assert [p.message for p in found.value.problems] == [
        "the same work as data/sources/example-copy.yaml: the same address, example.org/report "
        "(read without http/https, www., a trailing slash or utm_ parameters)"
    ]
    copy.write_text("title: A copy of the report\npublisher: example-news\nurl: https://example.org/other\n")
    assert "example-copy" in loader.load().sources


def test_the_kept_index_of_works_finds_what_a_first_look_finds(tmp_path):
    """The index of works kept between loads (works.WorkIndex) gives, after each of a series of
    edits, the problems duplicate_problems gives from nothing: copies made, a third copy, a copy
    with an id before the first one's (it becomes the one kept), copies removed and edited apart."""
    import dataclasses
    import random

    from macros.domain.works import WorkIndex, duplicate_problems

    corpus = load_corpus(generated_data(tmp_path, 2, 40))
    index, rng = WorkIndex(), random.Random(7)
    ids = sorted(corpus.sources)
    urls = ["https://example.org/one", "https://www.example.org/one/", "https://example.org/two", None]
    sources = dict(corpus.sources)
    found = []
    for step in range(60):
        key = rng.choice([*ids, "aaa-first", "zzz-last"])
        if key in sources and rng.random() < 0.2:
            del sources[key]
        else:
            base = sources.get(key) or corpus.sources[ids[0]]
            sources[key] = dataclasses.replace(base, id=key, url=rng.choice(urls))
        now = dataclasses.replace(corpus, sources=dict(sources))
        assert [str(p) for p in index.problems(now)] == [str(p) for p in duplicate_problems(now)], step
        found.append(len(duplicate_problems(now)))
    assert max(found) >= 2 and min(found) == 0  # copies were made, and all undone at some point


# ---- titles ---------------------------------------------------------------------------------------
def test_rich_text_in_titles_becomes_plain_text_and_is_reported():
    entry = Entry("x")
    title = (
        'CO<sub>2</sub> and m<sup>2</sup> in <i>Nature</i>, <b>bold</b>, <span style="font-variant:small-caps;">'
        'Nato</span> and <span class="nocase">iPhone</span>, x<sub>ab</sub>'
    )
    assert plain_title(title, entry, "title") == "CO₂ and m² in Nature, bold, Nato and iPhone, xab"
    (line,) = entry.unmapped
    assert line.startswith("title: formatting <b>, <i>, <sub>, small caps dropped")
    quiet = Entry("y")
    assert plain_title('<span class="nocase">iPhone</span> x', quiet, "title") == "iPhone x"
    assert quiet.unmapped == []


# ---- publisher ids the import suggests ------------------------------------------------------------
def test_the_publishers_the_report_suggests_pass_the_check_as_written(tmp_path):
    names = ["2002", "Null", "True", "1e5", "The " + "Very Long Name " * 10 + "Institute", "Ünïcödé Press", "—"]
    data = write_data(tmp_path)
    file = tmp_path / "publishers.json"
    items = [{"id": f"item-{n}", "title": f"Work {n}", "publisher": name} for n, name in enumerate(names)]
    file.write_text(json.dumps(items), encoding="utf-8")
    text = import_file(file, data).text()
    block = text.split("(each needs an affiliation and a reason):\n", 1)[1].rsplit("\n", 1)[0]
    filled = textwrap.dedent(block).replace("affiliation: # one id from data/affiliations.yaml", "affiliation: x")
    filled = filled.replace("affiliation: x", "affiliation: international-media")
    filled = filled.replace("reason: # one line a reader can check", "reason: Checked by hand.")
    with (data / "publishers.yaml").open("a", encoding="utf-8") as out:
        out.write(filled + "\n")
    assert cli(["check", "--data", str(data)]) == 0
    ids = list(load_corpus(data).publishers)
    assert len(ids) == len(names) + 1 and "2002" not in ids and all(len(i) <= 80 for i in ids)
    # Imported again, every entry finds its publisher.
    assert import_file(file, data).ok


def test_the_check_names_the_id_length_limit_and_numbers_read_as_numbers(tmp_path, capsys):
    long_id = "a" * 90
    publisher = "  name: A name\n  affiliation: international-media\n  reason: x\n"
    base = "example-news:\n" + publisher
    data = write_data(tmp_path / "long", {"publishers.yaml": base + f"{long_id}:\n" + publisher})
    assert cli(["check", "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert f"publishers.yaml:5:1: the id '{long_id}' is 90 characters long; an id has at most 80" in err
    data = write_data(tmp_path / "number", {"publishers.yaml": base + "2002:\n" + publisher})
    assert cli(["check", "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert "publishers.yaml:5:1: the key '2002' is read by YAML as a number, not text" in err
    assert "`publisher-2002`" in err
