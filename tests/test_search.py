"""The site's search: an index in small parts (formats/search_index.py) behind the theme's search
box (overrides/partials/search.html, docs/assets/js/search.js).

What a reader notices: a page costs nothing of the index until they search; typing finds findings,
editor's notes, sources (by author, publisher, title), explainers and the hand-written pages, and
a result opens at its anchor; a translated page searches its own language; a query fetches a few
small files however large the site is.
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
from pathlib import Path

import pytest
from conftest import ROOT, SEED_SLUG, engine, open_page, serve_directory
from playwright.sync_api import expect

from macros.domain import addresses
from macros.domain.model import display_name
from macros.formats import search_index
from macros.formats.search_entries import page_entries
from macros.formats.search_index import Entry

# --- the index, without a browser ----------------------------------------------------------------


def lookup(files: dict[str, str], language: str, word: str) -> set[str]:
    """The locations whose entries hold `word` (or a word it starts), read as search.js reads the files."""
    meta = json.loads(files[f"search/{language}/meta.json"])
    folded = search_index.words(word)[0]
    bucket = json.loads(files[f"search/{language}/terms/{search_index.bucket(folded, meta['buckets'])}.json"])
    found: set[int] = set()
    for term, posting in bucket["words"].items():
        if term.startswith(folded) if len(folded) >= search_index.PREFIX else term == folded:
            n = 0
            for step in posting[1::2]:
                n += step
                found.add(n)
    out = set()
    for n in found:
        part = json.loads(files[f"search/{language}/entries/{n // meta['per_part']}.json"])
        out.add(part[n % meta["per_part"]][0])
    return out


def test_words_are_found_whatever_their_case_accents_or_script():
    entries = [
        Entry("a/", "Żołnierze čeština", "Полонені SURRENDERED", "en"),
        Entry("b/", "Other", "nothing here", "en"),
    ]
    files = search_index.make_index(entries, "en").files
    assert lookup(files, "en", "ŻOŁNIERZE") == lookup(files, "en", "zołnierze") == {"a/"}
    assert lookup(files, "en", "cestina") == {"a/"}
    assert lookup(files, "en", "ПОЛОНЕНІ") == {"a/"}
    assert lookup(files, "en", "surrend") == {"a/"}  # the start of a word, as a reader types it
    assert lookup(files, "en", "nothing") == {"b/"}


def test_each_language_has_its_own_index_and_sources_are_in_every_one():
    entries = [
        Entry("explainers/x/", "Question", "english words", "en"),
        Entry("uk/explainers/x/", "Питання", "українські слова", "uk"),
        Entry("sources/s/", "A source", "Kyiv Independent", None),
    ]
    files = search_index.make_index(entries, "en").files
    assert json.loads(files["search/languages.json"]) == ["en", "uk"]
    assert lookup(files, "en", "english") == {"explainers/x/"} and lookup(files, "uk", "english") == set()
    assert lookup(files, "uk", "українські") == {"uk/explainers/x/"} and lookup(files, "en", "українські") == set()
    assert lookup(files, "uk", "kyiv") == lookup(files, "en", "kyiv") == {"sources/s/"}


def test_a_query_fetches_a_bounded_part_of_the_index_however_large_the_site():
    """Each file a query may fetch stays about the same size from 2,000 to 20,000 entries."""

    def largest(n: int) -> tuple[int, int]:
        rng = random.Random(1)
        vocabulary = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(3, 10))) for _ in range(5000)]
        entries = [
            Entry(f"e{i}/", f"Title {i}", " ".join(vocabulary[(i * 7 + k * 13) % 5000] for k in range(90)), "en")
            for i in range(n)
        ]
        files = search_index.make_index(entries, "en").files
        terms = max(len(v) for k, v in files.items() if "/terms/" in k)
        parts = max(len(v) for k, v in files.items() if "/entries/" in k)
        return terms, parts

    small, large = largest(2000), largest(20000)
    assert large[0] < 2 * small[0], (small, large)
    assert large[1] < 1.2 * small[1], (small, large)


def test_a_common_word_keeps_only_its_best_entries_and_is_marked_cut():
    entries = [
        Entry(f"e{i}/", "Common", "the" + " other" * (i % 3), "en") for i in range(search_index.MAX_POSTINGS + 10)
    ]
    files = search_index.make_index(entries, "en").files
    meta = json.loads(files["search/en/meta.json"])
    bucket = json.loads(files[f"search/en/terms/{search_index.bucket('the', meta['buckets'])}.json"])
    assert "the" in bucket["cut"]
    assert bucket["words"]["the"][0] == search_index.MAX_POSTINGS + 10  # how many hold it, for its rarity
    assert len(bucket["words"]["the"][1:]) == 2 * search_index.MAX_POSTINGS


def _weights(files: dict[str, str], language: str, word: str) -> dict[int, int]:
    """A word's weight in each entry holding it (by entry number), as search.js reads them."""
    meta = json.loads(files[f"search/{language}/meta.json"])
    posting = json.loads(files[f"search/{language}/terms/{search_index.bucket(word, meta['buckets'])}.json"])
    found, n = {}, 0
    for step, weight in zip(posting["words"][word][1::2], posting["words"][word][2::2], strict=True):
        n += step
        found[n] = weight
    return found


def test_an_edit_that_moves_the_average_length_reweighs_the_entries_it_did_not_touch():
    """Under serve the index starts from the last build's: one entry made longer moves BM25's
    average, and so the weight of a word in an entry that did not change."""
    before = [Entry("a/", "Alpha", "word " * 10, "en"), Entry("b/", "Beta", "word", "en")]
    after = [before[0], Entry("b/", "Beta", "word " * 30, "en")]
    last = search_index.make_index(before, "en")
    scratch = search_index.make_index(after, "en")
    assert _weights(last.files, "en", "word")[0] != _weights(scratch.files, "en", "word")[0]
    assert search_index.make_index(after, "en", last).files == scratch.files


def test_an_index_made_from_the_last_one_is_the_index_made_from_scratch():
    """Through edits, additions, removals, moves, a language added and removed, a common word
    crossing the cut and the buckets growing, the index made from the last build's (its entries'
    word counts, buckets and parts) has the files of one made from nothing."""
    rng = random.Random(20)
    vocabulary = ["".join(rng.choices("abcdeéfghijklmnopqrstuvwxyzž", k=rng.randint(2, 8))) for _ in range(400)]

    def entry(i: int, the: bool = True) -> Entry:
        language = rng.choices(["en", None, "uk"], [70, 25, 5])[0]
        text = ("The " if the and rng.random() < 0.95 else "") + " ".join(rng.choices(vocabulary, k=rng.randint(0, 40)))
        return Entry(f"e{i}/", " ".join(rng.choices(vocabulary, k=rng.randint(1, 6))), text, language, f"p{i % 7}")

    def edited(e: Entry) -> Entry:
        words = e.text.split()
        return dataclasses.replace(e, text=" ".join(words[: rng.randint(0, len(words))] + ["edited"]))

    entries = [entry(i) for i in range(1800)]
    last = search_index.make_index(entries, "en")
    seen_buckets, seen_cut = set(), set()
    for step in range(24):
        entries = list(entries)
        kind = step % 8
        if kind == 1:  # a few entries edited
            for n in rng.sample(range(len(entries)), 4):
                entries[n] = edited(entries[n])
        if kind == 0:  # one without "the" given a word of the bucket of "the" (cut) in place of another
            buckets = json.loads(last.files["search/en/meta.json"])["buckets"]
            the = search_index.bucket("the", buckets)
            beside = next(w for w in vocabulary if search_index.bucket(search_index.words(w)[0], buckets) == the)
            n = next(n for n, e in enumerate(entries) if e.language == "en" and e.text and e.text[0] != "T")
            entries[n] = dataclasses.replace(entries[n], text=" ".join([beside, *entries[n].text.split()[1:]]))
        elif kind == 2:  # one removed, one moved, one equal to the last but a new object
            entries.pop(rng.randrange(len(entries)))
            entries.insert(rng.randrange(len(entries)), entries.pop(rng.randrange(len(entries))))
            n = rng.randrange(len(entries))
            entries[n] = dataclasses.replace(entries[n])
        elif kind == 3:  # a language added, then gone
            n = rng.randrange(len(entries))
            entries[n] = Entry(entries[n].location, "Вопрос", "слова", "ru" if step < 12 else "uk")
        elif kind == 4:  # "the" out of many entries, then back in
            for n in range(0, len(entries), 10):
                e = entries[n]
                text = "The " + e.text.removeprefix("The ") if step == 12 else e.text.removeprefix("The ")
                entries[n] = dataclasses.replace(e, text=text)
        elif kind == 5:  # many added: more buckets
            entries += [entry(2000 + 200 * step + i) for i in range(200)]
        elif kind == 6:  # many removed: fewer buckets
            del entries[-200:]
        # kind 7: nothing changed
        made = search_index.make_index(entries, "en", last)
        scratch = search_index.make_index(entries, "en")
        assert made.files == scratch.files, f"step {step}"
        # The last index is as it was: a build that fails after making this one starts from it again.
        assert search_index.make_index(entries, "en", last).files == scratch.files, f"step {step}"
        kept = [e for e in entries if e in last.counts]
        assert kept and all(made.counts[e] is last.counts[e] for e in kept)  # counted once
        meta = json.loads(scratch.files["search/en/meta.json"])
        seen_buckets.add(meta["buckets"])
        bucket = json.loads(scratch.files[f"search/en/terms/{search_index.bucket('the', meta['buckets'])}.json"])
        seen_cut.add("the" in bucket["cut"])
        last = made
    assert len(seen_buckets) > 1 and seen_cut == {True, False}  # the series did what it says


def test_hand_written_pages_give_an_entry_per_section_at_its_anchor():
    html = (
        '<h1 id="method">Method</h1><p>Intro words.</p>'
        '<h2 id="sourcing">Sourcing rules<a class="headerlink" href="#sourcing">¶</a></h2><p>Every finding.</p>'
        '<ul data-search-exclude><li>Left out</li></ul><h2 id="empty">Empty</h2>'
        "<script>var x = 1;</script><h3 id='deeper'>Deeper</h3><p>More &amp; more.</p>"
    )
    entries = page_entries("about/method/", "Method", html, "en")
    assert [(e.location, e.title, e.text, e.page) for e in entries] == [
        ("about/method/", "Method", "Intro words.", ""),
        ("about/method/#sourcing", "Sourcing rules", "Every finding.", "Method"),
        ("about/method/#empty", "Empty", "", "Method"),
        ("about/method/#deeper", "Deeper", "More & more.", "Method"),
    ]


# --- in the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def generated_url(generated_site: Path):
    with serve_directory(generated_site) as url:
        yield url


def search_for(page, query: str):
    label, box = page.locator("label.md-header__button[for=__search]"), page.locator(".md-search__input")
    (label if label.is_visible() else box).click()  # a narrow screen has the icon, a wide one the box
    expect(box).to_be_focused()
    box.fill(query)
    return page.locator(".md-search-result__list > li a.md-search-result__link")


@pytest.mark.browser
def test_search_finds_findings_notes_sources_and_pages_and_opens_at_the_anchor(
    browser, generated_url, generated_project
):
    site, _, _ = engine(generated_project / "data")
    explainer = next(e for e in site.explainers_in_order if any(f.editor_notes for f in e.findings))
    finding = next(f for f in explainer.findings if f.editor_notes)
    source = next(s for s in site.sources_in_order if s.authors)
    with open_page(browser, generated_url) as (page, problems):
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url))
        page.goto(f"/{addresses.source(source.id)}")
        page.wait_for_load_state("networkidle")
        assert not [u for u in fetched if "/search/" in u], "a page fetches nothing of the index before a search"

        # A source by its author's name and its publisher.
        author = display_name(source.authors[0])
        publisher = site.corpus.publishers[source.publisher].name
        results = search_for(page, f"{author} {publisher}")
        expect(results.first).to_be_visible()
        hrefs = results.evaluate_all("links => links.map(a => a.href)")
        assert f"{generated_url}/{addresses.source(source.id)}" in hrefs

        # A finding by its heading, and by its editor's note.
        results = search_for(page, finding.heading)
        expected = f"{generated_url}/{addresses.finding(explainer.id, finding.id)}"
        expect(page.locator(f".md-search-result__list a[href='{expected}']")).to_have_count(1)
        note_words = " ".join(finding.editor_notes[0].value.split()[:6])
        search_for(page, note_words)
        expect(page.locator(f".md-search-result__list a[href='{expected}']")).to_have_count(1)
        # The query's words are marked in the results.
        expect(page.locator(".md-search-result__list mark").first).to_be_visible()

        # A hand-written page's section, and a result opens at its anchor.
        search_for(page, "Sourcing rules")
        link = page.locator(".md-search-result__list a[href$='about/method/#sourcing']")
        expect(link).to_have_count(1)
        link.click()
        expect(page).to_have_url(f"{generated_url}/about/method/#sourcing")
        expect(page.locator("#sourcing")).to_be_in_viewport()

        searched = [u for u in fetched if "/search/" in u]
        assert searched and all("/search/en/" in u or u.endswith("languages.json") for u in searched)
        problems.check()


@pytest.mark.browser
def test_search_says_when_nothing_matches_and_works_from_the_keyboard(browser, generated_url):
    with open_page(browser, generated_url, viewport={"width": 390, "height": 800}) as (page, problems):
        page.goto("/")
        page.keyboard.press("/")
        box = page.locator(".md-search__input")
        expect(box).to_be_focused()
        box.fill("qqqzzzxxx")
        expect(page.locator(".md-search-result__meta")).to_have_text("No matching documents")
        box.fill("Sourcing rules")
        expect(page.locator(".md-search-result__list a").first).to_be_visible()
        page.keyboard.press("Escape")
        expect(box).not_to_be_in_viewport()
        problems.check()


@pytest.mark.browser
def test_a_translated_page_searches_its_own_language(browser, built_site):
    """The seed explainer's Ukrainian page finds its Ukrainian findings, not the English ones."""
    with serve_directory(built_site) as url, open_page(browser, url) as (page, problems):
        page.goto(f"/{addresses.explainer(SEED_SLUG, 'uk')}")
        heading = page.locator(".ee-finding h2").first.evaluate(
            "h => [...h.childNodes].filter(n => !(n instanceof Element && n.matches('a, button')))"
            ".map(n => n.textContent).join('')"
        )
        results = search_for(page, heading)
        expect(results.first).to_be_visible()
        hrefs = results.evaluate_all("links => links.map(a => a.href)")
        assert any(f"/uk/explainers/{SEED_SLUG}/#" in h for h in hrefs), hrefs
        assert not any(f"{url}/explainers/{SEED_SLUG}/#" in h for h in hrefs), hrefs
        problems.check()


# Material's partials that overrides/partials/header.html and search.html copy (Material 9.8.2), by
# SHA-256. When an upgrade changes them, this fails: copy the new partial again, make the same one
# change (the search box always there, without Material's `data-md-component` hooks), and update these.
MATERIAL_PARTIALS = {
    "header.html": "8cf3fb15bcf969ff596649616fd99366b3c31c08d57a86d05308efc16d8fa75f",
    "search.html": "bfd556535abcddb99396ab2a7e3acc2ebcd3f36756007d3969396caa4126be30",
}


def test_the_overridden_partials_copy_the_installed_materials():
    import hashlib

    import material

    partials = Path(material.__file__).parent / "templates" / "partials"
    for name, digest in MATERIAL_PARTIALS.items():
        assert hashlib.sha256((partials / name).read_bytes()).hexdigest() == digest, (
            f"Material's partials/{name} changed: copy it again into overrides/partials/{name} with the site's change"
        )


def test_an_entry_made_in_another_process_is_found_by_its_text(tmp_path):
    """Entries keep their hash once made, and the parallel build sends them between processes,
    where a string hashes differently: an entry from another process must still be found."""
    import pickle
    import subprocess
    import sys

    made = subprocess.run(
        [
            sys.executable,
            "-c",
            "import pickle, sys; from macros.formats.search_index import Entry; "
            "e = Entry('sources/a/', 'A title', 'Some text', None); hash(e); sys.stdout.buffer.write(pickle.dumps(e))",
        ],
        capture_output=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONHASHSEED": "1"},
    ).stdout
    here = Entry("sources/a/", "A title", "Some text", None)
    assert pickle.loads(made) in {here} and {pickle.loads(made): 1}[here] == 1
