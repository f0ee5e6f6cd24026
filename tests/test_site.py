"""The built site, as a reader finds it: the seed explainer, source pages, bibliography, home."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import SEED_SLUG

# The seed's footnote numbers in reading order: summary, then findings 1..8.
SEED_MARKERS = [1, 2, 3, 1, 2, 4, 3, 5, 6, 2, 7, 8, 4, 9, 2, 9, 1, 2, 3, 4]

SEED_HEADINGS = [
    "Documented frontline surrenders: concrete incidents and drone footage",
    "Aggregate numbers: Kyiv’s tallies and the “I Want to Live” project",
    "Methods that lowered the barrier to surrender: hotlines, drones and instructions",
    "Strategic effects and reporting from other outlets",
    "Who is surrendering: conscripts, foreigners and mercenaries",
    "Incentives, deterrents and legal risks on both sides",
    "Limitations, political agendas and how to read the numbers",
    "Bottom line: what the evidence supports and what it does not",
]

# Which sources each of the seed's footnotes maps to (from the recovered source table).
SEED_NOTES = {
    1: ["bi-cardboard-surrender"],
    2: ["united24-surrendering-in-record-numbers", "unn-number-of-russian-pows-disclosed"],
    3: ["insider-soldier-shot-at-while-surrendering-to-drone", "polskie-radio-surrender-to-drones-nyt"],
    4: ["pravda-300-surrender-via-i-want-to-live", "ukrinform-40000-contact-i-want-to-live"],
    5: ["cjil-technologically-enabled-surrender", "lieber-surrendering-to-drones"],
    6: ["bloomberg-largest-surrender"],
    7: ["afp-foreign-pows-duped", "rbc-foreign-mercenaries-exposed"],
    8: ["kyiv-independent-ombudsman-pow-treatment", "rbc-how-ukraine-treats-russian-pows"],
    9: ["kyiv-independent-penalty-for-surrender", "exame-soldier-sentenced-for-surrender",
        "irozhlas-first-conviction-for-surrender"],
}


class Elements(HTMLParser):
    """A small DOM-less view of a page: every element's tag, attributes and text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self._open: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": ""}
        self.elements.append(element)
        if tag not in ("br", "img", "input", "meta", "link", "hr"):
            self._open.append(element)

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i]["tag"] == tag:
                del self._open[i:]
                break

    def handle_data(self, data):
        for element in self._open:
            element["text"] += data

    def by_id(self, element_id: str) -> dict | None:
        return next((e for e in self.elements if e["attrs"].get("id") == element_id), None)

    def with_class(self, cls: str) -> list[dict]:
        return [e for e in self.elements if cls in (e["attrs"].get("class") or "").split()]


def text_of(element: dict) -> str:
    return re.sub(r"\s+", " ", element["text"]).strip()


@pytest.fixture(scope="module")
def seed_html(built_site: Path) -> str:
    return (built_site / "explainers" / SEED_SLUG / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_html) -> Elements:
    return Elements(seed_html)


def content(html: str) -> str:
    """The page's own content, without the theme's navigation and search."""
    return html[html.index('<article class="md-content__inner'):html.index("</article>")]


def test_seed_page_shows_question_answer_and_summary(seed, seed_html):
    h1 = [text_of(e) for e in seed.elements if e["tag"] == "h1"]
    assert h1 == ["Are Russians surrendering to Ukrainians?"]
    assert "<title>Are Russians surrendering to Ukrainians? - Evidence Explainers</title>" in seed_html
    answer = seed.with_class("ee-answer")
    assert [text_of(a) for a in answer] == ["Yes"]
    summary = text_of(seed.with_class("ee-summary")[0])
    assert "Russian servicemen are surrendering to Ukrainian forces in measurable numbers" in summary
    assert summary.endswith("political incentives complicate interpretation [1] [2] [3].")


def test_seed_page_has_eight_numbered_findings_with_stable_anchors(seed):
    sections = seed.with_class("ee-finding")
    assert len(sections) == 8
    headings = [seed.by_id(s["attrs"]["aria-labelledby"]) for s in sections]
    assert [text_of(h) for h in headings] == [f"{n}. {t}¶" for n, t in enumerate(SEED_HEADINGS, start=1)]
    assert [h["attrs"]["id"] for h in headings] == [
        "documented-frontline-surrenders", "aggregate-numbers", "methods-lowering-the-barrier",
        "strategic-effects", "who-is-surrendering", "incentives-and-legal-risks", "limitations", "bottom-line"]
    kinds = [s["attrs"]["class"].split()[-1] for s in sections]
    assert kinds[-2:] == ["ee-kind-limitations", "ee-kind-bottom_line"]


def test_markers_are_numbered_in_order_of_first_citation_as_in_the_seed(seed):
    markers = seed.with_class("ee-marker")
    assert [int(text_of(m).strip("[]")) for m in markers] == SEED_MARKERS


def test_every_marker_links_to_its_note_and_every_note_links_back_to_each_marker(seed):
    markers = seed.with_class("ee-marker")
    links = [e for e in seed.elements if e["attrs"].get("role") == "doc-noteref"]
    assert len(links) == len(markers)
    uses: dict[int, list[str]] = {}
    for marker, link in zip(markers, links):
        number = int(text_of(marker).strip("[]"))
        assert link["attrs"]["href"] == f"#note-{number}"
        assert seed.by_id(f"note-{number}") is not None
        uses.setdefault(number, []).append(marker["attrs"]["id"])
    backlinks = [e for e in seed.elements if e["attrs"].get("role") == "doc-backlink"]
    by_note: dict[int, list[str]] = {}
    for link in backlinks:
        number = int(re.match(r"#cite-(\d+)-", link["attrs"]["href"]).group(1))
        by_note.setdefault(number, []).append(link["attrs"]["href"][1:])
    assert by_note == uses
    note2 = [text_of(b) for b in backlinks if b["attrs"]["href"].startswith("#cite-2-")]
    assert note2 == ["a", "b", "c", "d", "e"]


def test_each_note_lists_its_sources_and_links_to_their_pages(seed):
    notes = seed.with_class("ee-note")
    assert [n["attrs"]["id"] for n in notes] == [f"note-{i}" for i in range(1, 10)]
    items = seed.with_class("ee-note-source")
    listed: dict[int, list[str]] = {}
    source_links = [e["attrs"]["href"] for e in seed.with_class("ee-source-link")]
    for item in items:
        owner = next(n for n in notes if item["text"] in n["text"])
        listed.setdefault(int(owner["attrs"]["id"][5:]), []).append(item["attrs"]["data-source"])
    assert listed == SEED_NOTES
    assert source_links == [f"../../sources/{s}/" for n in sorted(SEED_NOTES) for s in SEED_NOTES[n]]


def _note_item(seed: Elements, source_id: str) -> str:
    item = next(e for e in seed.with_class("ee-note-source") if e["attrs"]["data-source"] == source_id)
    return text_of(item)


@pytest.mark.parametrize("source_id, facts", [
    ("bi-cardboard-surrender", ["Identified after the fact: exact match",
                                "Seen only as a copy at Business Insider Africa: Africa-edition copy; "
                                "the original is by Business Insider",
                                "Date not shown: Not shown on the page; an aggregator dated it about "
                                "31 December 2025 – 1 January 2026.", "Author not shown"]),
    ("insider-soldier-shot-at-while-surrendering-to-drone",
     ["Identified after the fact: plausible match", "Seen only as a copy at globalsecuritynews.org",
      "Date inferred", "about May 2023"]),
    ("afp-foreign-pows-duped", ["Date inferred: From the copy's URL path.", "about 22 March 2024",
                                "Seen only as a copy at konturnovosti.com: syndicated copy; the original is by AFP"]),
    ("kyiv-independent-penalty-for-surrender", ["Identified after the fact: exact match: for the law"]),
    ("exame-soldier-sentenced-for-surrender", ["[title not captured]", "Title not captured",
                                               "soldado russo e condenado a 15 anos", "In Portuguese",
                                               "Relays The Independent and Kommersant", "April 2025",
                                               "match: for the returnee"]),
    ("irozhlas-first-conviction-for-surrender", ["In Czech", "Relays Kommersant", "15 April 2025"]),
    ("pravda-300-surrender-via-i-want-to-live", ["Kateryna Tyshchenko.", "22 June 2024"]),
    ("kyiv-independent-ombudsman-pow-treatment", ["Kyiv Independent news desk.", "plausible match"]),
    ("polskie-radio-surrender-to-drones-nyt", ["Relays The New York Times", "20 December 2022"]),
])
def test_notes_show_every_honesty_fact_of_their_sources(seed, source_id, facts):
    shown = _note_item(seed, source_id)
    for fact in facts:
        assert fact in shown


def test_sources_with_known_authors_and_dates_do_not_claim_unknowns(seed):
    shown = _note_item(seed, "pravda-300-surrender-via-i-want-to-live")
    assert "Author not shown" not in shown and "Date not shown" not in shown and "Date inferred" not in shown
    shown = _note_item(seed, "polskie-radio-surrender-to-drones-nyt")
    assert "Seen only as a copy" not in shown


def test_editors_notes_appear_on_the_findings_they_touch(seed):
    notes = {}
    for section in seed.with_class("ee-finding"):
        found = [text_of(e) for e in seed.with_class("ee-editor-note") if e["text"] in section["text"]]
        notes[section["attrs"]["aria-labelledby"]] = found
    assert [k for k, v in notes.items() if v] == ["aggregate-numbers", "strategic-effects",
                                                  "incentives-and-legal-risks"]
    assert "count all Russian prisoners held by Ukraine" in notes["aggregate-numbers"][0]
    assert "The Bloomberg original was not seen" in notes["strategic-effects"][0]
    assert "Roman Ivanishin" in notes["incentives-and-legal-risks"][0]


def test_source_page_shows_citation_and_everything_that_cites_it(built_site):
    page = Elements((built_site / "sources" / "united24-surrendering-in-record-numbers" / "index.html")
                    .read_text(encoding="utf-8"))
    assert [text_of(e) for e in page.elements if e["tag"] == "h1"] == [
        "10,000 and Counting: Russia's Soldiers Are Surrendering in Record Numbers"]
    cited = page.with_class("ee-cited-by")[0]
    links = [e for e in page.elements if e["tag"] == "a" and e["text"] and e["text"] in cited["text"]
             and e["attrs"].get("href", "").startswith("../../explainers/")]
    hrefs = [a["attrs"]["href"] for a in links]
    base = f"../../explainers/{SEED_SLUG}/"
    assert hrefs[0] == base
    findings = [h for h in hrefs if "#" in h and "#cite-" not in h]
    assert findings == [base + "#summary", base + "#aggregate-numbers", base + "#who-is-surrendering",
                        base + "#limitations", base + "#bottom-line"]
    assert [h for h in hrefs if "#cite-" in h] == [base + f"#cite-2-{x}" for x in "abcde"]


def test_every_source_has_a_page_cited_by_the_seed(built_site):
    sources = sorted(p.stem for p in (Path(__file__).parent.parent / "data" / "sources").glob("*.yaml"))
    assert len(sources) == 17
    for source_id in sources:
        html = (built_site / "sources" / source_id / "index.html").read_text(encoding="utf-8")
        assert f'href="../../explainers/{SEED_SLUG}/"' in html, source_id
        assert "No explainer cites this source yet" not in html


def test_bibliography_lists_every_source_sorted_with_anchors_and_links(built_site):
    page = Elements((built_site / "bibliography" / "index.html").read_text(encoding="utf-8"))
    entries = page.with_class("ee-bib-entry")
    ids = [e["attrs"]["id"] for e in entries]
    sources = sorted(p.stem for p in (Path(__file__).parent.parent / "data" / "sources").glob("*.yaml"))
    assert sorted(ids) == sources
    links = [e["attrs"]["href"] for e in page.with_class("ee-source-link")]
    assert links == [f"../sources/{i}/" for i in ids]
    # Sorted by first author, else publisher; then date.
    assert ids[:3] == ["afp-foreign-pows-duped", "bloomberg-largest-surrender",
                       "insider-soldier-shot-at-while-surrendering-to-drone"]
    assert ids.index("insider-soldier-shot-at-while-surrendering-to-drone") < ids.index("bi-cardboard-surrender")
    assert ids.index("kyiv-independent-ombudsman-pow-treatment") < ids.index("pravda-300-surrender-via-i-want-to-live")
    assert ids[-2:] == ["unn-number-of-russian-pows-disclosed", "cjil-technologically-enabled-surrender"]
    assert page.by_id("ee-bib-filter") is not None


def test_site_search_finds_sources_by_title_author_and_publisher(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    def locations(word):
        return {d["location"] for d in index["docs"] if word.lower() in (d["title"] + d["text"]).lower()}
    assert "sources/pravda-300-surrender-via-i-want-to-live/" in locations("Tyshchenko")
    assert "sources/cjil-technologically-enabled-surrender/" in locations("Technologically Enabled Surrender")
    assert "sources/irozhlas-first-conviction-for-surrender/" in locations("iROZHLAS")
    assert any(loc.startswith(f"explainers/{SEED_SLUG}/") for loc in locations("I Want to Live"))


def test_home_page_lists_the_explainer_with_answer_and_date(built_site):
    page = Elements((built_site / "index.html").read_text(encoding="utf-8"))
    items = page.with_class("ee-explainer-item")
    assert len(items) == 1
    assert text_of(items[0]) == "Are Russians surrendering to Ukrainians? Yes 26 November 2026"
    link = page.with_class("ee-explainer-link")[0]
    assert link["attrs"]["href"] == f"explainers/{SEED_SLUG}/"


def test_generated_pages_stay_out_of_the_navigation(seed):
    nav_links = [e["attrs"]["href"] for e in seed.with_class("md-nav__link") if "href" in e["attrs"]]
    pages = [h for h in nav_links if not h.startswith("#")]
    assert "../../bibliography/" in pages
    assert not [h for h in pages if "sources/" in h or "explainers/" in h]


def test_topic_pages_group_explainers_and_explainers_link_to_them(built_site, seed):
    topics = [e["attrs"]["href"] for e in seed.with_class("ee-topic")]
    assert topics == ["../../topics/russia-ukraine-war/", "../../topics/prisoners-of-war/"]
    page = Elements((built_site / "topics" / "prisoners-of-war" / "index.html").read_text(encoding="utf-8"))
    assert [text_of(e) for e in page.elements if e["tag"] == "h1"] == ["Prisoners of war"]
    assert [e["attrs"]["href"] for e in page.with_class("ee-explainer-link")] == [f"../../explainers/{SEED_SLUG}/"]
    index = Elements((built_site / "topics" / "index.html").read_text(encoding="utf-8"))
    links = [(e["attrs"]["href"], text_of(e)) for e in index.elements
             if e["tag"] == "a" and e["attrs"].get("href", "").startswith("../topics/")]
    assert links == [("../topics/prisoners-of-war/", "Prisoners of war"),
                     ("../topics/russia-ukraine-war/", "Russia–Ukraine war")]


def test_dropping_indentation_keeps_preformatted_text_and_what_the_reader_sees():
    from macros.whitespace import drop_indentation
    html = ('<div>\n    <p>One\n        two</p>\n\n\n  <pre class="x">  a\n\n    b\n</pre>\n  '
            '<TEXTAREA>\n  keep\n</TEXTAREA>\n   <script>\n  var a = 1;\n</script>\n</div>')
    assert drop_indentation(html) == ('<div>\n<p>One\ntwo</p>\n<pre class="x">  a\n\n    b\n</pre>\n'
                                      '<TEXTAREA>\n  keep\n</TEXTAREA>\n<script>\nvar a = 1;\n</script>\n</div>')


def test_built_pages_keep_the_bibtex_of_cite_this_as_written(built_site):
    from conftest import SEED_SLUG
    html = (built_site / "explainers" / SEED_SLUG / "index.html").read_text(encoding="utf-8")
    bibtex = re.search(r'<pre class="ee-copyable" data-copy-label="Copy the BibTeX entry">(.*?)</pre>', html, re.S)
    assert bibtex and "\n  title = {{" in bibtex.group(1)
    assert "\n    " not in html.split("<pre")[0], "indentation outside <pre> should be gone"


def test_search_index_has_an_entry_per_explainer_finding_and_source_and_nothing_else_of_theirs(built_site):
    from conftest import SEED_SLUG
    from macros.corpus import load_corpus
    from conftest import ROOT
    corpus = load_corpus(ROOT / "data")
    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    generated = [d["location"] for d in docs if d["location"].startswith(("explainers/", "sources/"))]
    explainer = corpus.explainers[SEED_SLUG]
    expected = [f"explainers/{SEED_SLUG}/"] + [f"explainers/{SEED_SLUG}/#{f.id}" for f in explainer.findings]
    expected += [f"sources/{i}/" for i in corpus.sources]
    # Each once: explainer pages are not also parsed by Material's search plugin.
    assert sorted(generated) == sorted(expected)
    finding = next(d for d in docs if d["location"] == f"explainers/{SEED_SLUG}/#aggregate-numbers")
    assert finding["title"].startswith("2. Aggregate numbers")
    assert "[@" not in finding["text"] and "eetoken" not in finding["text"]
    # The worklist is a list of chores, not something readers search.
    assert not any(d["location"].startswith("worklist/") for d in docs)


@pytest.mark.parametrize("fork, handed_out", [(True, True), (False, True), (True, False)],
                         ids=["forked with the build's Site", "spawned, loading data", "no part started: written here"])
def test_files_written_by_the_background_worker_are_the_ones_the_build_would_copy(tmp_path, monkeypatch, fork,
                                                                                 handed_out):
    from conftest import ROOT
    from macros import current, export, static_pages, workers
    from macros.corpus import load_corpus
    from macros.render import Site
    from macros.shell import PageShell
    site = Site(load_corpus(ROOT / "data"), last_changed={"data/explainers/x.yaml": "2026-01-01"})
    shell = PageShell(site_name="Site & name", stylesheets=("assets/a.css",),
                      palettes=({"media": "(prefers-color-scheme: dark)", "scheme": "slate"},))
    job = static_pages.Job(data_dir=str(ROOT / "data"), out=str(tmp_path / "out"), shell=shell,
                           last_changed=site.last_changed, today=site.today, edit_base=None,
                           publication=site.publication, site_identity=site.identity)
    (tmp_path / "site" / "sources" / "stale").mkdir(parents=True)  # left by an earlier build
    monkeypatch.setattr(workers, "can_fork", lambda: fork)
    monkeypatch.setattr(current, "_site", site)
    pool = workers.Workers()
    try:
        background = static_pages.InBackground(job, pool)
        if handed_out:
            background.submit_parts()
        background.site_downloads()  # the whole-site downloads first: MkDocs copies them from there
        downloads = {path: Path(background.site_download(path)).read_bytes().decode("utf-8")
                     for path in export.SITE_DOWNLOADS}
        count = background.finish(tmp_path / "site")
    finally:
        pool.shutdown()
    assert pool.forked is fork
    assert downloads == export.site_download_files(site)
    expected = static_pages.static_files(site, shell)
    written = {p.relative_to(tmp_path / "site").as_posix(): p.read_bytes().decode("utf-8")
               for p in (tmp_path / "site").rglob("*") if p.is_file()}
    assert written == expected and count == len(expected) + len(downloads)
    assert len([p for p in expected if p.startswith("sources/")]) == 17
    assert not (tmp_path / "site" / "sources" / "stale").exists() and not (tmp_path / "out").exists()


@pytest.mark.parametrize("busy", [False, True], ids=["rendered by a worker", "rendered here: no worker free"])
def test_explainer_pages_rendered_ahead_are_the_pages_rendered_here(monkeypatch, busy):
    """prerender.py: forked workers render explainer pages ahead of the build; a chunk no worker
    has started is rendered by the build itself. Either way, the same bytes."""
    import time

    from conftest import ROOT
    from macros import current, prerender, search_entries, workers
    from macros.corpus import load_corpus
    from macros.render import Site
    seed = Site(load_corpus(ROOT / "data"))
    monkeypatch.setattr(workers, "can_fork", lambda: True)
    monkeypatch.setattr(current, "_site", seed)
    pool = workers.Workers()
    try:
        pool.start()
        # Busy: every worker sleeping, and more jobs queued than the pool hands out ahead of time.
        blockers = [pool.submit(time.sleep, 2) for _ in range(2 * workers.MAX_WORKERS + 2)] if busy else []
        ahead = prerender.Prerendered(seed, pool, [SEED_SLUG], "../../", "../../")
        if not busy:
            ahead._futures[0].result(timeout=60)  # a free worker takes the chunk at once
        page, full = ahead.page(SEED_SLUG, "../../"), ahead.all_sources("../../")
        entries = ahead.search_entries_json()
        assert ahead._futures[0].cancelled() is busy
        assert all(not b.done() for b in blockers), "the workers should still have been busy"
    finally:
        pool.shutdown(cancel=True)
    assert page == str(seed.explainer_page(SEED_SLUG, "../../", defer_citations=True))
    assert full == str(seed.bibliography_all("../../")) and "ee-bib-list" in full
    assert entries == search_entries.entries_json(seed) and json.loads(f"[{entries}]")
    assert 'class="ee-finding ' in page and 'id="cite-this"' in page
