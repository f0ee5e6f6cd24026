"""The bibliography page: its JSON index, its small first view, the full list, and the script.

Unit tests check the index (macros/formats/bibliography_index.py) and the first view against
corpora of any size. Browser tests (@pytest.mark.browser) use two built sites: the generated one
of conftest (`generated_site`, more sources than the first view shows), and one of 260 sources of
every shape for what a window of entries shows: entries built from the index, "Show more", and a
deep link to an entry that is not in the page's HTML. The real data is read only for the facts
of the seed explainer's sources.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import random
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import GENERATED, ROOT, SEED_SLUG, make_project, run_build, search_docs, serve_directory, write_data
from playwright.sync_api import expect

from macros.domain.addresses import ALL_SOURCES, BIBLIOGRAPHY_INDEX
from macros.domain.model import Relay, Source
from macros.domain.publication import Publication
from macros.domain.site import Site
from macros.formats import search_index
from macros.formats.bibliography_index import (
    ALL_PAGE,
    FIRST_VIEW,
    KEYS,
    PER_PART,
    SOURCES_PER_ID_BUCKET,
    SOURCES_PER_WORD_BUCKET,
    Record,
    build_index,
    paths,
    version,
)
from macros.load.corpus import load_corpus
from macros.render.renderer import Renderer

# ---- a corpus of sources of every shape, of any size ------------------------------------------

AFFILIATIONS = """\
    ukrainian-government:
      name: Ukrainian government
      description: Ukraine's state bodies.
      party: ukraine
    ukrainian-media:
      name: Ukrainian media
      description: Ukrainian news outlets not run by the state.
      party: ukraine
    russian-government:
      name: Russian government
      description: Russia's state bodies.
      party: russia
    russian-media:
      name: Russian media
      description: Russian news outlets not run by the state.
      party: russia
    international-media:
      name: International media
      description: Outlets based outside the parties to the conflict.
    academic:
      name: Academic
      description: Universities, journals and research institutes.
    other:
      name: Other
      description: Anything else.
    """
AFFILIATION_IDS = re.findall(r"^    ([a-z-]+):", AFFILIATIONS, re.M)
TYPES = ["article", "journal-article", "blog-post", "report", "web-page", "statement", "video", "book", "dataset"]
LANGUAGES = ["en"] * 6 + ["uk", "ru", "pt", "cs", "pl", "de"]
WORDS = (
    "drone surrender prisoners exchange front brigade hotline court sentence conscripts volunteers "
    "mercenaries Kharkiv Donetsk Kursk report analysis interview statement tally České prisão "
    "Україна полон ombudsman law treatment numbers project footage leaflets radio"
).split()
FAMILIES = ["Tyshchenko", "Smith", "Novák", "Kowalski", "Silva", "Ivanova", "Müller", "Hart", "O'Neill", "Lee"]
GIVEN = ["Kateryna", "John", "Jana", "Piotr", "Ana", "Olga", "Jonas", "Chris", "Aoife", "Min"]


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def varied_sources(count: int, seed: int = 7) -> dict[str, str]:
    """Data files for write_data: `count` sources of every shape the schema allows, by a
    number of publishers that grows with the corpus, plus the minimal data's explainer and
    its source. Deterministic for a given seed."""
    rng = random.Random(seed)
    n_publishers = max(8, count // 40)
    publishers = [
        "example-news:\n  name: Example News\n  affiliation: international-media\n  reason: An example outlet.\n"
    ]
    for p in range(n_publishers):
        name = f"{'The ' if p % 7 == 0 else ''}{rng.choice(WORDS).capitalize()} {p} News"
        affiliation = AFFILIATION_IDS[p % len(AFFILIATION_IDS)]
        publishers.append(
            f"outlet-{p}:\n  name: {_q(name)}\n  affiliation: {affiliation}\n  reason: A generated outlet.\n"
        )
    files = {"publishers.yaml": "".join(publishers), "affiliations.yaml": AFFILIATIONS}
    for i in range(count):
        lines = [f"publisher: outlet-{rng.randrange(n_publishers)}"]
        language = rng.choice(LANGUAGES)
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 10))).capitalize() + f" {i}"
        if rng.random() < 0.93:
            lines.append(f"title: {_q(title)}")
            if language != "en" and rng.random() < 0.6:
                lines.append(f"title_en: {_q('In English: ' + title)}")
        else:
            lines.append(f"title_note: {_q('The page had no headline; the address reads ' + title)}")
        if language != "en":
            lines.append(f"language: {language}")
        if rng.random() < 0.6:
            lines.append("type: " + rng.choice(TYPES))
        if rng.random() < 0.6:
            authors = [f"{rng.choice(FAMILIES)}, {rng.choice(GIVEN)}" for _ in range(rng.randint(1, 3))]
            lines.append("authors: [" + ", ".join(_q(a) for a in authors) + "]")
        if rng.random() < 0.1:
            lines.append(f"container: {_q('Journal of ' + rng.choice(WORDS).capitalize())}")
        shape = rng.random()
        year = rng.randint(2014, 2026)
        if shape < 0.7:
            lines.append(f'date: "{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"')
        elif shape < 0.8:
            lines.append(f'date: "{year}-{rng.randint(1, 12):02d}"')
        elif shape < 0.85:
            lines.append(f'date: "{year}"')
        if shape < 0.85 and rng.random() < 0.1:
            lines.append("date_inferred: true")
            lines.append(f"date_note: {_q('From the address.')}")
        elif shape >= 0.85 and rng.random() < 0.5:
            lines.append(f"date_note: {_q('Not on the page.')}")
        url = f"https://example.org/{i}/{'-'.join(title.lower().split()[:4])}"
        has_url = rng.random() < 0.95
        if has_url:
            lines.append(f"url: {_q(url)}")
        if rng.random() < 0.3:
            lines.append(f"archive_url: {_q('https://web.archive.org/web/2024/' + url)}")
        if rng.random() < 0.2:
            lines.append('accessed: "2025-01-15"')
        if has_url and rng.random() < 0.06:
            lines.append(f"copy:\n  seen_at: outlet-{rng.randrange(n_publishers)}\n  note: syndicated copy")
        if rng.random() < 0.1:
            lines.append(f"relays:\n  - publisher: outlet-{rng.randrange(n_publishers)}\n    note: it quotes them")
        if rng.random() < 0.1:
            lines.append("identification:\n  match: " + rng.choice(["exact", "plausible"]))
        files[f"sources/gen-{i:05d}.yaml"] = "\n".join(lines) + "\n"
    return files


def varied_site(tmp_path: Path, count: int) -> Site:
    """The minimal data's explainer and source, and `count` generated sources of every shape."""
    return Site(load_corpus(write_data(tmp_path, varied_sources(count))))


def index_files(site: Site) -> dict[str, str]:
    """The index's files as the build serves them, by path."""
    return build_index(site).files


SPARSE = ("title_en", "title_note", "container", "archive_url", "accessed", "date_inferred", "copy", "facts")


def joined(files: dict[str, str]) -> dict:
    """The index's files read back as one: the keys' tables, and a column per field of the
    entries in the bibliography's order (a list, or for the fields few entries have, a dict by
    position), as the script sees them once every part has come."""
    keys = json.loads(files[KEYS])
    parts = sorted(
        (p for p in files if p.startswith(BIBLIOGRAPHY_INDEX + "entries/")), key=lambda p: int(p.rsplit("/", 1)[1][:-5])
    )
    entries = [entry for part in parts for entry in json.loads(files[part])]
    assert len(entries) == keys["count"]
    columns = {
        "id": [e["id"] for e in entries],
        "title": [e.get("title") for e in entries],
        "authors": [e.get("authors", []) for e in entries],
        "url": [e.get("url") for e in entries],
        "publisher": keys["publisher"],
        "type": keys["type"],
        "language": keys["language"],
        "date": [keys["dates"][d] if d >= 0 else None for d in keys["date"]],
    }
    columns |= {name: {str(i): e[name] for i, e in enumerate(entries) if name in e} for name in SPARSE}
    return {**{k: v for k, v in keys.items() if k not in ("publisher", "type", "language", "date")}, "sources": columns}


def index_of(site: Site) -> dict:
    return joined(index_files(site))


def first_view(site: Site, root: str = "../") -> str:
    """The bibliography page's part made by the engine, as the build makes it."""
    return str(Renderer(site, Publication()).bibliography(root, version(index_files(site))))


# ---- the index ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_site() -> Site:
    """The real data: for the seed explainer's sources only."""
    return Site(load_corpus(ROOT / "data"))


@pytest.fixture(scope="module")
def gen(generated_project) -> Site:
    """The corpus of `generated_site` (conftest): more sources than the first view shows."""
    return Site(load_corpus(generated_project / "data"))


@pytest.fixture(scope="module")
def big_site(tmp_path_factory) -> Site:
    return varied_site(tmp_path_factory.mktemp("big"), 2000)


def source_files(data: Path) -> list[str]:
    return sorted(p.stem for p in (data / "sources").glob("*.yaml"))


def test_the_index_lists_every_source_in_the_bibliography_order(gen, generated_project):
    index = index_of(gen)
    ids = index["sources"]["id"]
    assert sorted(ids) == source_files(generated_project / "data")
    assert ids == [s.id for s in gen.corpus.sources_sorted()]
    assert index["count"] == len(ids) == GENERATED[1]
    assert index["format"] == 2
    for name, column in index["sources"].items():
        if isinstance(column, list):
            assert len(column) == len(ids), name
        else:  # sparse: keyed by position
            assert all(0 <= int(key) < len(ids) for key in column), name


def facts_of(index: dict, i: int) -> list[list[str]]:
    """Entry i's facts as [kind, label] or [kind, label, detail]."""
    table = [row[:2] for row in index["facts"]]
    return [table[f] if isinstance(f, int) else table[f[0]] + [f[1]] for f in index["sources"]["facts"].get(str(i), [])]


def weak_facts_of(index: dict, i: int) -> list[bool]:
    """Whether each of entry i's facts is marked as weakening the citation (its row's third member)."""
    rows = [index["facts"][f if isinstance(f, int) else f[0]] for f in index["sources"]["facts"].get(str(i), [])]
    return [row[2:] == [1] for row in rows]


def check_entries(site: Site, index: dict) -> None:
    """Every field of every entry says what the data says."""
    cols, pubs = index["sources"], index["publishers"]
    affs, types, langs = index["affiliations"], index["types"], index["languages"]
    corpus = site.corpus
    for i, source_id in enumerate(cols["id"]):
        s, key = corpus.sources[source_id], str(i)
        publisher = corpus.publishers[s.publisher]
        assert pubs[cols["publisher"][i]][:2] == [s.publisher, publisher.name]
        assert affs[pubs[cols["publisher"][i]][2]] == [
            publisher.affiliation,
            corpus.affiliations[publisher.affiliation].name,
        ]
        assert cols["title"][i] == s.title
        assert cols["authors"][i] == list(s.authors)
        assert cols["date"][i] == s.date
        assert cols["url"][i] == s.url
        assert types[cols["type"][i]] == [s.type, s.type.replace("-", " ")]
        assert langs[cols["language"][i]][0] == s.language
        for name in ("title_en", "title_note", "container", "archive_url", "accessed"):
            assert cols[name].get(key) == getattr(s, name), (source_id, name)
        assert cols["date_inferred"].get(key) == (1 if s.date and s.date_inferred else None)
        assert cols["copy"].get(key) == (
            pubs.index(next(p for p in pubs if p[0] == s.copy.seen_at)) if s.copy else None
        )
        facts = [[f.kind, f.label, f.detail] if f.detail else [f.kind, f.label] for f in site.facts(s)]
        assert facts_of(index, i) == facts, source_id
        assert weak_facts_of(index, i) == [f.weakens for f in site.facts(s)], source_id


def test_each_entry_of_the_index_says_what_the_data_says(gen, big_site):
    check_entries(gen, index_of(gen))
    check_entries(big_site, index_of(big_site))


def fact_kinds(index: dict) -> dict[str, list[str]]:
    """Source id -> the kinds of its facts."""
    ids = index["sources"]["id"]
    return {source_id: [f[0] for f in facts_of(index, i)] for i, source_id in enumerate(ids)}


def check_unknowns_are_said(index: dict, ids: set[str]) -> None:
    """Every source in `ids` with no author, title or date says so."""
    cols, kinds = index["sources"], fact_kinds(index)
    for i, source_id in enumerate(cols["id"]):
        if source_id not in ids:
            continue
        assert ("author-unknown" in kinds[source_id]) == (not cols["authors"][i]), source_id
        assert ("date-unknown" in kinds[source_id]) == (not cols["date"][i]), source_id
        assert ("title-unknown" in kinds[source_id]) == (not cols["title"][i]), source_id


def test_the_index_carries_the_honesty_facts_of_the_seeds_sources(real_site):
    index = index_of(real_site)
    facts = {index["sources"]["id"][int(k)]: facts_of(index, int(k)) for k in index["sources"]["facts"]}
    kinds = fact_kinds(index)
    assert kinds["afp-foreign-pows-duped"] == ["identification", "copy", "date-inferred", "author-unknown"]
    assert ["copy", "Seen only as a copy at konturnovosti.com", "syndicated copy; the original is by AFP"] in facts[
        "afp-foreign-pows-duped"
    ]
    assert "date-unknown" in kinds["bi-cardboard-surrender"]
    exame = facts["exame-soldier-sentenced-for-surrender"]
    assert ["language", "In Portuguese"] in exame
    assert any(f[0] == "title-unknown" for f in exame)
    assert any(f[:2] == ["relays", "Relays The Independent and Kommersant"] for f in exame)
    assert "author-unknown" not in kinds["pravda-300-surrender-via-i-want-to-live"]
    seed = real_site.corpus.explainers[SEED_SLUG]
    check_unknowns_are_said(index, {s.id for s in real_site.cited_sources(seed)})


def test_every_source_with_no_author_title_or_date_says_so(gen, big_site):
    for site in (gen, big_site):
        check_unknowns_are_said(index_of(site), set(site.corpus.sources))
    cols = index_of(big_site)["sources"]
    assert not all(cols["authors"]) and not all(cols["date"]) and not all(cols["title"])  # cases to check


def test_the_index_holds_plain_text_for_the_script_to_set_as_text(tmp_path):
    title = '<img src=x onerror=alert(1)> Fish &amp; chips "quoted" {{ 7*7 }}'
    data = write_data(
        tmp_path,
        {
            "sources/example-report.yaml": f"""\
        title: {_q(title)}
        publisher: example-news
        url: https://example.org/report
        """
        },
    )
    files = index_files(Site(load_corpus(data)))
    assert joined(files)["sources"]["title"] == [title]  # as written: not escaped, not rendered
    for text in files.values():
        assert "&lt;" not in text and "&#" not in text


def word_postings(files: dict[str, str]) -> dict[str, list[int]]:
    """Every word of the index's buckets with the positions of the sources that have it."""
    found: dict[str, list[int]] = {}
    for path, text in files.items():
        if path.startswith(BIBLIOGRAPHY_INDEX + "words/"):
            for word, deltas in json.loads(text).items():
                assert word not in found, word  # a word is in one bucket only
                positions, at = [], 0
                for delta in deltas:
                    at += delta
                    positions.append(at)
                found[word] = positions
    return found


def test_the_words_and_ids_lead_to_their_sources(big_site):
    """Every word of a source's filter text (Site.filter_text) leads to it, in the bucket of its
    first three letters; every id to its position, in its bucket."""
    files = index_files(big_site)
    keys = json.loads(files[KEYS])
    postings = word_postings(files)
    for i, source in enumerate(big_site.sources_in_order):
        for word in search_index.words(big_site.filter_text(source)):
            assert i in postings[word], (source.id, word)
    expected: dict[str, set[int]] = {}
    for i, source in enumerate(big_site.sources_in_order):
        for word in search_index.words(big_site.filter_text(source)):
            expected.setdefault(word, set()).add(i)
    assert {w: set(p) for w, p in postings.items()} == expected  # and nothing else
    for word in postings:
        bucket = search_index.bucket(word, keys["word_buckets"])
        assert word in json.loads(files[f"{BIBLIOGRAPHY_INDEX}words/{bucket}.json"])
    for i, source in enumerate(big_site.sources_in_order):
        bucket = search_index.bucket(source.id, keys["id_buckets"], None)
        assert json.loads(files[f"{BIBLIOGRAPHY_INDEX}ids/{bucket}.json"])[source.id] == i


def test_an_index_made_from_the_last_one_is_the_index_made_from_nothing(tmp_path):
    """Under serve the index starts from the last build's (build_index's `last`): its tables where
    what they are made of is the same, and only the files that hold a changed position made again.
    After each of a series of edits (titles, dates and authors changed, which moves sources; ids
    renamed; relayed titles; a source's publisher changed; sources removed and added; a
    publisher and an affiliation renamed) its files are those made from nothing, and an edit of
    one source keeps most files."""
    corpus = load_corpus(write_data(tmp_path, varied_sources(620)))
    rng = random.Random(11)
    # As the Producer keeps records between builds: while what the source's page reads is the same
    # (the source, its facts, the publishers its filter text names).
    kept: dict[str, tuple[str, Source, object, Record]] = {}

    def records_of(sources: list[Source], tables: str, make: Callable[[Source], Record]) -> list[Record]:
        out = []
        for source in sources:
            was, pubs = kept.get(source.id), site.corpus.publishers
            reads = (site.facts(source), pubs[source.publisher], source.copy and pubs[source.copy.seen_at])
            if was is None or was[0] != tables or was[1] is not source or was[2] != reads:
                was = kept[source.id] = (tables, source, reads, make(source))
            out.append(was[3])
        return out

    sources = dict(corpus.sources)
    cited = {key for key, citing in Site(corpus).cited_by.items() if citing}
    # Sources that relay others: a relay's fact names the source it relays, so a title edited
    # there changes a label of the facts' table in place.
    free = sorted(set(sources) - cited)
    relaying, relayed = free[::6], free[1::6]
    for one, target in zip(relaying, relayed, strict=False):
        sources[one] = dataclasses.replace(sources[one], relays=(Relay(source=target),))
    others = set(sources) - cited - set(relaying) - set(relayed)  # removed and renamed freely
    publishers = sorted(corpus.publishers)
    last, reused, in_place = None, [], 0
    for step in range(60):
        edit = step % 6
        key = rng.choice(relayed if edit == 0 and step % 12 == 0 else sorted(others & set(sources)))
        source = sources[key]
        if edit == 0:
            sources[key] = dataclasses.replace(source, title=f"Edited {rng.choice(WORDS)} {step}")
        elif edit == 1:
            sources[key] = dataclasses.replace(source, date=f"{rng.randint(2000, 2030)}-0{rng.randint(1, 9)}")
        elif edit == 2:
            sources[key] = dataclasses.replace(source, authors=(f"{rng.choice(FAMILIES)}, {rng.choice(GIVEN)}",))
        elif edit == 3:  # renamed: another id at the same place, or before the first
            new_id = rng.choice([f"{key}-renamed", f"aaa-{step}"])
            sources[new_id] = dataclasses.replace(sources.pop(key), id=new_id)
        elif edit == 4:
            sources[key] = dataclasses.replace(source, publisher=rng.choice(publishers))
        elif step // 6 % 3 == 0:
            del sources[key]
        elif step // 6 % 3 == 1:
            sources[f"zzz-{step}"] = dataclasses.replace(source, id=f"zzz-{step}")
        else:  # a publisher renamed, its sources in their places: the menus' table changes, not they
            # (then the minimal data's publisher, which no source's fact names, and its affiliation)
            publisher_id = source.publisher if step < 30 else "example-news"
            was = corpus.publishers[publisher_id]
            if step < 50:
                renamed = dataclasses.replace(was, name=f"{was.name} (renamed)")
                corpus = dataclasses.replace(corpus, publishers={**corpus.publishers, publisher_id: renamed})
            else:
                affiliation = corpus.affiliations[was.affiliation]
                moved = dataclasses.replace(affiliation, name=f"{affiliation.name} (renamed)")
                corpus = dataclasses.replace(corpus, affiliations={**corpus.affiliations, was.affiliation: moved})
        site = Site(dataclasses.replace(corpus, sources=dict(sources)))
        index = build_index(site, records_of, last)
        assert index.files == build_index(site).files, (step, edit)
        if last is not None and edit in (0, 1, 2) and index.tables.token == last.tables.token:
            files, before = [*index.parts, *index.term_files], [*last.parts, *last.term_files]
            reused.append(sum(a is b for a, b in zip(files, before, strict=True)) / len(files))
            in_place += index.tables.keys != last.tables.keys and index.tables.fact_at != last.tables.fact_at
        last = index
    assert len(reused) >= 10 and statistics.median(reused) > 0.8  # most files were taken as they were
    assert in_place  # a relayed source's title edited: a fact's label changed in place, the token kept


def test_a_filter_fetches_a_bounded_amount_however_large_the_bibliography(tmp_path, big_site):
    """The keys grow with the bibliography by a few bytes a source, compressed as the browser
    fetches them; a part of entries holds as much at 2,000 sources as at 200, a bucket of ids as
    many ids however many sources there are;
    a bucket of words grows only with the sources that have its words (compressed: far slower
    than the bibliography)."""
    small_files = index_files(varied_site(tmp_path, 200))
    big_files = index_files(big_site)
    assert sorted(big_files) == sorted(paths(len(big_site.sources_in_order)))  # planned from the count alone

    def largest(files: dict[str, str], kind: str, size=lambda t: len(t.encode())) -> int:
        return max(size(t) for p, t in files.items() if p.startswith(f"{BIBLIOGRAPHY_INDEX}{kind}/"))

    def gzipped(text: str) -> int:
        return len(gzip.compress(text.encode(), 6))

    assert largest(big_files, "entries") < 1.5 * largest(small_files, "entries")
    assert largest(big_files, "words", gzipped) < 2.5 * largest(small_files, "words", gzipped)  # 10 times the sources
    for files in (small_files, big_files):
        keys = json.loads(files[KEYS])
        n = keys["count"]
        for path, text in files.items():
            if "/entries/" in path:
                assert len(json.loads(text)) <= PER_PART
            if "/ids/" in path:
                assert len(json.loads(text)) < 2 * SOURCES_PER_ID_BUCKET
        assert keys["word_buckets"] * SOURCES_PER_WORD_BUCKET >= n
        assert gzipped(files[KEYS]) / n < 12  # the keys: a few bytes a source, with the menus' tables
        assert len(keys["facts"]) < n / 4  # fact labels are written once, not once per source
        for text in files.values():
            assert text == json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"))  # no spaces
    # What a filter needs first is a small part of the whole index.
    assert gzipped(big_files[KEYS]) < sum(gzipped(t) for t in big_files.values()) / 10


def test_the_first_view_stays_the_same_size_as_the_corpus_grows(tmp_path, big_site):
    small = varied_site(tmp_path, 50)
    small_html, big_html = first_view(small), first_view(big_site)
    for html in (small_html, big_html):
        assert html.count('class="ee-bib-entry"') == FIRST_VIEW
    # 40 times the sources; the same number of entries, whose own lengths differ by a few kB.
    assert len(big_html.encode()) < 1.15 * len(small_html.encode()), (len(big_html), len(small_html))
    assert len(big_html.encode()) < 100_000


def test_the_first_view_is_the_start_of_the_bibliography_and_links_to_the_full_list(big_site):
    html = first_view(big_site)
    ids = re.findall(r'<li id="([^"]+)" class="ee-bib-entry"', html)
    assert ids == [s.id for s in big_site.sources_in_order[:FIRST_VIEW]]
    assert f'<a href="../{ALL_SOURCES}">All 2,001 sources, {ALL_PAGE} a page</a>' in html
    digest = version(index_files(big_site))
    assert f'data-index="../{KEYS}?v={digest}"' in html


def test_a_bibliography_that_fits_the_first_view_shows_it_all_and_no_link(tmp_path):
    fits = varied_site(tmp_path / "fits", FIRST_VIEW - 1)  # with the minimal data's source: FIRST_VIEW
    html = first_view(fits)
    assert re.findall(r'<li id="([^"]+)" class="ee-bib-entry"', html) == [s.id for s in fits.sources_in_order]
    assert len(fits.sources_in_order) == FIRST_VIEW
    assert "ee-bib-all" not in html and ALL_SOURCES not in html
    one_more = varied_site(tmp_path / "one-more", FIRST_VIEW)
    assert f'<a href="../{ALL_SOURCES}">All {FIRST_VIEW + 1} sources, {ALL_PAGE} a page</a>' in first_view(one_more)


def test_the_full_list_has_every_entry_as_html_in_pages_and_no_tools(big_site):
    renderer = Renderer(big_site, Publication())
    pages = -(-len(big_site.sources_in_order) // ALL_PAGE)
    assert pages == 5
    ids = []
    for page in range(1, pages + 1):
        html = str(renderer.all_sources("../../", page))
        on_page = re.findall(r'<li id="([^"]+)" class="ee-bib-entry"', html)
        assert 0 < len(on_page) <= ALL_PAGE
        ids += on_page
        assert html.count('class="ee-source-link" href="../../sources/') == len(on_page)
        assert "ee-bib-tools" not in html and "data-index" not in html
        assert "\n\n" not in html  # one raw HTML block for Markdown
        # Every page links to every other, named by the names it runs from and to.
        lead = re.findall(r'<li><(?:a href="[^"]*"|strong aria-current="page")>([^<]+)</', html)
        assert len(lead) == 2 * pages  # the pager above and below the list
        assert html.count('aria-current="page"') == 2
    assert ids == [s.id for s in big_site.sources_in_order]


def test_the_built_site_serves_the_index_and_the_full_list(generated_site, generated_project, gen):
    served = served_files(generated_site)
    assert served == index_files(gen)
    page = (generated_site / "bibliography" / "index.html").read_text(encoding="utf-8")
    assert f'data-index="../{KEYS}?v={version(served)}"' in page
    full = (generated_site / ALL_SOURCES / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'<li id="([^"]+)" class="ee-bib-entry"', full)
    assert sorted(ids) == source_files(generated_project / "data")
    assert "<title>All sources - Evidence Explainers</title>" in full
    assert full.count("<h1") == 1 and '<h1 id="all-sources">All sources</h1>' in full  # one heading, no escaped copy
    assert "&lt;h1" not in full
    # each source has its page, so the full list is not in the search
    assert not [d for d in search_docs(generated_site) if d["location"].startswith(ALL_SOURCES)]
    nav = re.findall(r'class="md-nav__link[^"]*" href="([^"]+)"', page)
    assert not [h for h in nav if "all/" in h]


def test_a_built_site_has_every_page_and_download(generated_site, gen):
    """Every source has its themed page, every explainer its page with its findings, its citation
    and its downloads; the full list and the whole-site downloads hold every source."""
    sources = generated_site / "sources"
    assert sorted(p.parent.name for p in sources.glob("*/index.html")) == sorted(gen.corpus.sources)
    for source in gen.sources_in_order:
        html = (sources / source.id / "index.html").read_text(encoding="utf-8")
        assert html.count("<h1") == 1 and 'class="md-header' in html, source.id
    for explainer in gen.explainers_in_order:
        html = (generated_site / "explainers" / explainer.id / "index.html").read_text(encoding="utf-8")
        for finding in explainer.findings:
            assert f'id="{finding.id}"' in html and finding.heading in html, (explainer.id, finding.id)
        assert explainer.question in html.split('id="cite-this"')[1], "no formatted citation"
    downloads = sorted(p.name for p in (generated_site / "downloads" / "explainers").iterdir())
    suffixes = ("bib", "json", "ris")
    assert downloads == sorted(
        [f"{e}.{suffix}" for e in gen.corpus.explainers for suffix in suffixes]
        + [f"{e}-classic.bib" for e in gen.corpus.explainers]
    )
    full = (generated_site / ALL_SOURCES / "index.html").read_text(encoding="utf-8")
    assert full.count('class="ee-bib-entry"') == GENERATED[1]
    bib = (generated_site / "downloads" / "bibliography.bib").read_text(encoding="utf-8")
    assert bib.count("\n@") + bib.startswith("@") == GENERATED[1] and "{source-0," in bib


# ---- in a browser ---------------------------------------------------------------------------------

BIG = 260  # generated sources in the second site, plus the minimal data's one: more than a window


@pytest.fixture(scope="module")
def big_built(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("big-site"), varied_sources(BIG))
    result = run_build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


@pytest.fixture(scope="module")
def base_url(generated_site: Path, big_built: Path, tmp_path_factory):
    """Both sites from one origin: conftest's generated one under /gen/, the varied one under /big/."""
    root = tmp_path_factory.mktemp("served")
    (root / "gen").symlink_to(generated_site, target_is_directory=True)
    (root / "big").symlink_to(big_built, target_is_directory=True)
    with serve_directory(root) as url:
        yield url


def shown_ids(page) -> list[str]:
    return page.eval_on_selector_all("li.ee-bib-entry:visible", "els => els.map(e => e.id)")


def assert_shown(page, ids: list[str]) -> None:
    """The list shows exactly `ids`, in order, once the parts of the index they need have come
    and the entries added when idle are in place (within 5 s)."""
    expect(page.locator("li.ee-bib-entry:visible")).to_have_count(len(ids))
    deadline = time.monotonic() + 5
    while shown_ids(page) != ids and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert shown_ids(page) == ids


def open_bibliography(page, path: str = "/gen/bibliography/"):
    """The page, with its index loaded: the reader turns to the filter box (or the address asks
    for a view, which loads it at once)."""
    page.goto(path)
    expect(page.locator(".ee-bib-tools")).to_be_visible()
    if page.locator(".ee-bibliography").get_attribute("data-ready") == "waiting":
        page.locator("#ee-bib-filter").focus()
    expect(page.locator(".ee-bibliography")).to_have_attribute("data-ready", "ready")


def name_order(site: Site) -> list[str]:
    return [s.id for s in site.sources_in_order]


def date_order(site: Site, newest: bool) -> list[str]:
    dated = [s for s in site.sources_in_order if s.date]
    dated.sort(key=lambda s: s.date, reverse=newest)  # stable: ties stay in name order
    return [s.id for s in dated] + [s.id for s in site.sources_in_order if not s.date]


MENUS = {
    "publisher": lambda corpus, s: s.publisher,
    "affiliation": lambda corpus, s: corpus.publishers[s.publisher].affiliation,
    "type": lambda corpus, s: s.type,
    "language": lambda corpus, s: s.language,
    "year": lambda corpus, s: s.date[:4] if s.date else "none",
}


def menu_filters(site: Site) -> dict[str, dict[str, list[str]]]:
    """For each menu, each value some source has, and the sources it should leave, in name order."""
    out: dict[str, dict[str, list[str]]] = {}
    for menu, key in MENUS.items():
        for source in site.sources_in_order:
            out.setdefault(menu, {}).setdefault(key(site.corpus, source), []).append(source.id)
    return out


def matching(site: Site, text: str = "", order: list[str] | None = None, **menus: str) -> list[str]:
    """The sources the list should show: every word typed is a word of the source's filter text or
    the start of one (a word shorter than the index's prefix: a word of it), and each menu's value
    is the source's."""
    typed = search_index.words(text)
    found = []
    for source_id in order or name_order(site):
        source = site.corpus.sources[source_id]
        have = search_index.words(site.filter_text(source))
        if all(MENUS[m](site.corpus, source) == v for m, v in menus.items()) and all(
            any(h == w if len(w) < search_index.PREFIX else h.startswith(w) for h in have) for w in typed
        ):
            found.append(source_id)
    return found


def served_files(site_dir: Path) -> dict[str, str]:
    """The index's files a built site serves, by path."""
    folder = site_dir / BIBLIOGRAPHY_INDEX
    files = (p for p in folder.rglob("*") if p.is_file())
    return {f"{BIBLIOGRAPHY_INDEX}{p.relative_to(folder).as_posix()}": p.read_text("utf-8") for p in files}


def served_index(site_dir: Path) -> dict:
    """The index a built site serves, read back as one (`joined`)."""
    return joined(served_files(site_dir))


@pytest.mark.browser
def test_each_menu_narrows_the_list_and_all_restores_it(page_and_problems, gen):
    page, problems = page_and_problems
    open_bibliography(page)
    everything = name_order(gen)
    count = page.locator(".ee-bib-count")
    for menu, values in menu_filters(gen).items():
        select = page.locator(f"#ee-bib-{menu}")
        options = select.locator("option").evaluate_all("os => os.map(o => o.value)")
        assert options == [""] + [v for v in options if v], menu  # "all" first
        assert sorted(options[1:]) == sorted(values), menu  # exactly the values the sources have
        for value, ids in values.items():
            select.select_option(value)
            expect(count).to_have_text(f"{len(ids)} of {len(everything)} sources")
            assert_shown(page, ids)
        select.select_option("")
        expect(count).to_have_text(f"{len(everything)} sources")
        assert_shown(page, everything)
    # Menus combine with each other and with the words typed: each narrows what the others leave.
    word = "given"  # in every author's name as the generated data writes it ("Family12, Given")
    menus = menu_filters(gen)
    affiliation, language = next(
        (a, lang)
        for a in menus["affiliation"]
        for lang in menus["language"]
        if 0
        < len(matching(gen, word, affiliation=a, language=lang))
        < len(matching(gen, word, affiliation=a))
        < len(matching(gen, word))
        < len(everything)
    )
    expected = matching(gen, word, affiliation=affiliation, language=language)
    page.select_option("#ee-bib-affiliation", affiliation)
    page.select_option("#ee-bib-language", language)
    page.locator("#ee-bib-filter").press_sequentially(word.capitalize())
    expect(count).to_have_text(f"{len(expected)} of {len(everything)} sources")
    assert_shown(page, expected)
    other = next(v for v in menus["language"] if not matching(gen, word, affiliation=affiliation, language=v))
    page.select_option("#ee-bib-language", other)
    expect(page.locator(".ee-bib-empty")).to_be_visible()
    page.click(".ee-bib-clear")
    expect(count).to_have_text(f"{len(everything)} sources")
    assert page.input_value("#ee-bib-filter") == ""
    assert_shown(page, everything)
    problems.check()


@pytest.mark.browser
def test_the_script_finds_each_source_by_the_words_the_engine_lists(page_and_problems, gen):
    """The script's filter text mirrors Site.filter_text: every word there finds the source."""
    page, problems = page_and_problems
    open_bibliography(page)
    ids = name_order(gen)
    for position, source in enumerate(gen.sources_in_order):
        words = gen.filter_text(source)
        found = page.evaluate("text => window.eeBibliography.filter({text: text})", words)
        assert position in found, (source.id, words)
        for word in sorted(set(words.split()), key=len)[-3:]:  # single words too, in any case
            found = page.evaluate("text => window.eeBibliography.filter({text: text})", word.upper())
            assert position in found, (source.id, word)
    assert page.evaluate("window.eeBibliography.count") == len(ids)
    problems.check()


@pytest.mark.browser
def test_sorting_by_date_changes_the_order(page_and_problems, gen):
    page, problems = page_and_problems
    open_bibliography(page)
    assert_shown(page, name_order(gen))
    page.select_option("#ee-bib-sort", "newest")
    expect(page).to_have_url(re.compile(r"\?sort=newest$"))
    newest = date_order(gen, newest=True)
    assert newest != name_order(gen)
    assert_shown(page, newest)
    dates = page.eval_on_selector_all("li.ee-bib-entry time.ee-date", "ts => ts.map(t => t.dateTime)")
    assert dates == sorted(dates, reverse=True)
    page.select_option("#ee-bib-sort", "oldest")
    assert_shown(page, date_order(gen, newest=False))
    year = next(s.date[:4] for s in gen.sources_in_order if s.date)
    page.select_option("#ee-bib-year", year)
    assert_shown(
        page, [i for i in date_order(gen, newest=False) if (gen.corpus.sources[i].date or "").startswith(year)]
    )
    page.select_option("#ee-bib-sort", "name")
    page.select_option("#ee-bib-year", "")
    assert_shown(page, name_order(gen))
    problems.check()


@pytest.mark.browser
def test_the_address_keeps_the_view_and_a_fresh_page_reproduces_it(page_and_problems, gen):
    page, problems = page_and_problems
    open_bibliography(page)
    page.locator("#ee-bib-filter").press_sequentially("evidence")
    page.select_option("#ee-bib-affiliation", "ukrainian-government")
    page.select_option("#ee-bib-sort", "oldest")
    expect(page).to_have_url(re.compile(r"sort=oldest"))
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"text": ["evidence"], "affiliation": ["ukrainian-government"], "sort": ["oldest"]}
    shown = matching(gen, "evidence", date_order(gen, newest=False), affiliation="ukrainian-government")
    total = len(gen.corpus.sources)
    assert 1 < len(shown) < total
    assert_shown(page, shown)
    count = page.locator(".ee-bib-count").text_content()
    assert count == f"{len(shown)} of {total} sources"

    shared = page.url
    fresh = page.context.new_page()
    open_bibliography(fresh, shared)
    assert fresh.input_value("#ee-bib-filter") == "evidence"
    assert fresh.input_value("#ee-bib-affiliation") == "ukrainian-government"
    assert fresh.input_value("#ee-bib-sort") == "oldest"
    expect(fresh.locator(".ee-bib-count")).to_have_text(count)
    assert_shown(fresh, shown)
    assert fresh.url == shared  # restoring does not rewrite the address
    # Values no menu offers are ignored, not errors.
    open_bibliography(fresh, "/gen/bibliography/?publisher=nobody&sort=sideways&year=1066")
    assert_shown(fresh, name_order(gen))
    fresh.close()
    problems.check()


@pytest.mark.browser
def test_a_deep_link_opens_at_its_entry(page_and_problems, gen, generated_site, big_built):
    page, problems = page_and_problems
    # On the page's HTML: the browser finds it, and the script leaves it found.
    near = gen.sources_in_order[FIRST_VIEW - 5].id
    assert f'id="{near}"' in (generated_site / "bibliography" / "index.html").read_text(encoding="utf-8")
    page.goto(f"/gen/bibliography/#{near}")
    expect(page.locator(".ee-bibliography")).to_have_attribute("data-ready", "waiting")  # on the page: no index needed
    entry = page.locator(f"#{near}")
    expect(entry).to_be_in_viewport()
    assert entry.evaluate("e => e.matches(':target')")

    # Not in the page's HTML: the script builds it from the index, scrolls to it and marks it.
    ids = served_index(big_built)["sources"]["id"]
    far = ids[BIG - 10]
    html = (big_built / "bibliography" / "index.html").read_text(encoding="utf-8")
    assert f'id="{far}"' not in html
    page.goto(f"/big/bibliography/#{far}")
    entry = page.locator(f"#{far}")
    expect(entry).to_have_class(re.compile(r"\bee-bib-target\b"))
    expect(entry).to_be_in_viewport()
    assert entry.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    # The window moved to the entry: matches 201 to the end, with a button for those before.
    expect(page.locator(".ee-bib-shown")).to_have_text(f"Showing 201–{BIG + 1} of {BIG + 1}.")
    expect(page.locator("li.ee-bib-entry")).to_have_count(BIG + 1 - 200)
    earlier = page.locator(".ee-bib-earlier button")
    expect(earlier).to_be_visible()
    earlier.click()
    assert_shown(page, ids)
    # A filter that hides the entry is cleared when a link asks for it.
    page.goto(f"/big/bibliography/?text=nothing-matches-this#{far}")
    expect(page.locator(f"#{far}")).to_be_in_viewport()
    assert page.input_value("#ee-bib-filter") == ""
    problems.check()


def signature(page, selector: str) -> list:
    """Each entry's text (its white space collapsed, as a browser shows it), and its elements' names
    and attributes, links made absolute."""
    return page.eval_on_selector_all(
        selector,
        """els => els.map(li => [li.id,
        li.textContent.replace(/\\s+/g, ' ').trim(),
        [li, ...li.querySelectorAll('*')].map(e => [e.tagName, e.className,
            e.tagName === 'A' ? e.href : null,
            ...['lang', 'dir', 'rel', 'datetime', 'aria-label'].map(a => e.getAttribute(a))])])""",
    )


@pytest.mark.browser
def test_the_index_is_fetched_only_when_the_reader_turns_to_the_tools(page_and_problems, big_built):
    page, problems = page_and_problems
    fetched = []
    page.on("request", lambda request: fetched.append(request.url) if BIBLIOGRAPHY_INDEX in request.url else None)
    page.goto("/big/bibliography/")
    page.wait_for_load_state("networkidle")
    expect(page.locator(".ee-bib-tools")).to_be_visible()
    expect(page.locator(".ee-bib-count")).to_have_text(
        f"The first {FIRST_VIEW} of {BIG + 1} sources. Type or tap here to filter and sort them all."
    )
    assert fetched == []
    # Typing at once: the keys typed while the index loads are not lost.
    page.locator("#ee-bib-filter").press_sequentially("ceske")
    expect(page.locator(".ee-bibliography")).to_have_attribute("data-ready", "ready")
    expect(page.locator(".ee-bib-count")).to_contain_text(f" of {BIG + 1} sources")
    assert page.locator("#ee-bib-filter").input_value() == "ceske"
    expect(page).to_have_url(re.compile(r"\?text=ceske"))
    served = served_files(big_built)
    ids = joined(served)["sources"]["id"]

    def found(prefix: str) -> list[str]:
        """The sources with a word that starts with `prefix`, in name order, as the list shows them."""
        return [
            ids[i] for i in sorted({i for w, at in word_postings(served).items() if w.startswith(prefix) for i in at})
        ]

    assert_shown(page, found("ceske"))  # every entry in place: nothing is still to come
    files = [urlsplit(url).path.split(BIBLIOGRAPHY_INDEX, 1)[1] for url in fetched]
    assert files[0] == "keys.json"
    assert len(files) == len(set(files))  # each file once
    assert len({urlsplit(url).query for url in fetched}) == 1  # every file of this build's version
    # A filter fetches the bucket of its word and the parts of the entries it shows that are not on
    # the page and did not come before: nothing else. (Here, on a page where the first window of
    # the whole list came when the reader turned to the tools.)
    fetched.clear()
    open_bibliography(page, "/big/bibliography/")
    assert_shown(page, ids[:200])
    before = {urlsplit(url).path.split(BIBLIOGRAPHY_INDEX, 1)[1] for url in fetched}
    fetched.clear()
    page.locator("#ee-bib-filter").evaluate(  # pasted: one change of the box, straight to the word
        "box => { box.value = 'kharkiv'; box.dispatchEvent(new Event('input', {bubbles: true})); }"
    )
    expect(page).to_have_url(re.compile(r"\?text=kharkiv"))
    shown = found("kharkiv")[:200]
    assert_shown(page, shown)
    parts = {f"entries/{ids.index(i) // PER_PART}.json" for i in shown if ids.index(i) >= FIRST_VIEW}
    files = [urlsplit(url).path.split(BIBLIOGRAPHY_INDEX, 1)[1] for url in fetched]
    assert sorted(f for f in files if f.startswith("entries/")) == sorted(parts - before)
    assert parts - before  # the word is in sources beyond the first window
    bucket = f"words/{search_index.bucket('kharkiv', json.loads(served[KEYS])['word_buckets'])}.json"
    assert [f for f in files if not f.startswith("entries/")] == [bucket]
    problems.check()


@pytest.mark.browser
def test_an_index_that_does_not_come_leaves_the_first_view_and_says_so(page_and_problems, big_built):
    """The network fails: without the keys, the page's own entries stay and the tools say nothing
    new; without a part of entries, the list stays as it was and the count says what happened."""
    page, _ = page_and_problems
    page.route("**/bibliography/index/keys.json*", lambda route: route.abort())
    page.goto("/big/bibliography/")
    page.locator("#ee-bib-filter").focus()
    expect(page.locator(".ee-bibliography")).to_have_attribute("data-ready", "failed")
    expect(page.locator("li.ee-bib-entry")).to_have_count(FIRST_VIEW)
    expect(page.locator(".ee-bib-all")).to_be_visible()  # the link to the full list still leads on
    page.unroute("**/bibliography/index/keys.json*")

    page.route("**/bibliography/index/entries/**", lambda route: route.abort())
    page.goto("/big/bibliography/")
    page.locator("#ee-bib-filter").focus()
    page.select_option("#ee-bib-sort", "newest")  # the newest sources are not on the page
    expect(page.locator(".ee-bib-count")).to_have_text(
        "Some sources could not be loaded. Check the connection and try again."
    )
    ids = served_index(big_built)["sources"]["id"]
    assert shown_ids(page)[:FIRST_VIEW] == ids[:FIRST_VIEW]  # the list as it was


@pytest.mark.browser
def test_entries_the_script_builds_match_the_engines_html(page_and_problems, big_built):
    page, problems = page_and_problems
    page.goto("/big/bibliography/all/")  # every entry as the engine renders it
    engine = signature(page, "li.ee-bib-entry")
    assert len(engine) == BIG + 1
    open_bibliography(page, "/big/bibliography/")
    expect(page.locator("li.ee-bib-entry")).to_have_count(200)  # a window, not everything
    page.click(".ee-bib-more button")
    expect(page.locator("li.ee-bib-entry")).to_have_count(BIG + 1)
    built = signature(page, "li.ee-bib-entry")
    assert built[FIRST_VIEW:] == engine[FIRST_VIEW:]  # built by the script from the index
    assert built[:FIRST_VIEW] == engine[:FIRST_VIEW]  # the page's own HTML
    problems.check()


@pytest.mark.browser
def test_a_keystroke_renders_at_most_a_window_and_ignores_accents(page_and_problems):
    page, problems = page_and_problems
    open_bibliography(page, "/big/bibliography/")
    box = page.locator("#ee-bib-filter")
    box.press_sequentially("ceske")  # finds "České"
    expect(page.locator(".ee-bib-count")).to_contain_text(" of ")
    count = page.locator(".ee-bib-count").text_content()
    found = int(count.split(" of ")[0])
    assert 0 < found < BIG + 1
    texts = page.eval_on_selector_all("li.ee-bib-entry", "els => els.map(e => e.textContent)")
    assert texts and all("České" in t or "české" in t for t in texts)
    box.fill("e")
    expect(page.locator(".ee-bib-count")).not_to_have_text(count)
    assert page.locator("li.ee-bib-entry").count() <= 200
    problems.check()


@pytest.mark.browser
def test_without_javascript_the_first_view_shows_and_links_to_the_full_list(browser, base_url, generated_project):
    context = browser.new_context(java_script_enabled=False, base_url=base_url, viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto("/gen/bibliography/")
        expect(page.locator("li.ee-bib-entry")).to_have_count(FIRST_VIEW)
        expect(page.locator(".ee-bib-tools")).to_be_hidden()
        page.goto("/gen/bibliography/all/")
        expect(page.locator("h1")).to_have_count(1)
        expect(page.locator("h1")).to_contain_text("All sources")
        assert "<h1" not in page.locator("article").inner_text()  # no escaped copy shown as text
        entries = page.locator("li.ee-bib-entry")
        expect(entries).to_have_count(GENERATED[1])
        assert sorted(entries.evaluate_all("els => els.map(e => e.id)")) == source_files(generated_project / "data")

        page.goto("/big/bibliography/")
        expect(page.locator("li.ee-bib-entry")).to_have_count(FIRST_VIEW)
        expect(page.locator(".ee-bib-tools")).to_be_hidden()
        link = page.get_by_role("link", name=f"All {BIG + 1} sources, {ALL_PAGE} a page")
        expect(link).to_be_visible()
        link.click()
        expect(page).to_have_url(re.compile(r"/big/bibliography/all/$"))
        expect(page.locator("li.ee-bib-entry")).to_have_count(BIG + 1)
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 360])
def test_the_tools_fit_the_screen(page_and_problems, width):
    page, problems = page_and_problems
    page.set_viewport_size({"width": width, "height": 800})
    open_bibliography(page, "/big/bibliography/")
    page.select_option("#ee-bib-publisher", index=1)
    for selector in ("#ee-bib-filter", "#ee-bib-publisher", "#ee-bib-sort", ".ee-bib-clear"):
        box = page.locator(selector).bounding_box()
        assert box and 0 <= box["x"] and box["x"] + box["width"] <= width, selector
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    artifacts = Path(os.environ.get("EE_ARTIFACTS") or ROOT / "test-artifacts")
    artifacts.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(artifacts / f"bibliography-{width}.png"))
    problems.check()
