"""The built site, as a reader finds it: the seed explainer, source pages, bibliography, home.

Tests about the seed explainer read the real site (`built_site`); tests about every source,
explainer or topic read a generated one (`generated_site`), whose corpus they know."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import GENERATED, SEED_SLUG, search_docs
from make_corpus import generate

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
    9: [
        "kyiv-independent-penalty-for-surrender",
        "exame-soldier-sentenced-for-surrender",
        "irozhlas-first-conviction-for-surrender",
    ],
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
    return html[html.index('<article class="md-content__inner') : html.index("</article>")]


def read(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


# --- the generated corpus of `generated_site`, as plain data (benchmarks/make_corpus.py) -------------


@pytest.fixture(scope="module")
def corpus() -> dict:
    return generate(*GENERATED)


def long_date(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def citing_explainers(corpus: dict) -> dict[str, list[str]]:
    """Source id -> the explainers whose text cites it (read from the data, not from the engine)."""
    found: dict[str, list[str]] = {s: [] for s in corpus["sources"]}
    for explainer_id, explainer in corpus["explainers"].items():
        for key in sorted(set(re.findall(r"@(source-\d+)", json.dumps(explainer)))):
            found[key].append(explainer_id)
    return found


def newest_first(corpus: dict, explainer_ids=None) -> list[str]:
    ids = corpus["explainers"] if explainer_ids is None else explainer_ids
    return sorted(ids, key=lambda e: (corpus["explainers"][e]["published"], e), reverse=True)


def bibliography_order(corpus: dict) -> list[str]:
    """By first author (family name first), else publisher; then date; then title."""

    def key(item):
        source_id, source = item
        lead = source["authors"][0] if source.get("authors") else corpus["publishers"][source["publisher"]]["name"]
        title = source.get("title") or source.get("title_note") or ""
        return lead.casefold().removeprefix("the "), source.get("date") or "9999", title.casefold(), source_id

    return [source_id for source_id, _ in sorted(corpus["sources"].items(), key=key)]


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
        "documented-frontline-surrenders",
        "aggregate-numbers",
        "methods-lowering-the-barrier",
        "strategic-effects",
        "who-is-surrendering",
        "incentives-and-legal-risks",
        "limitations",
        "bottom-line",
    ]
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
    for marker, link in zip(markers, links, strict=True):
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


@pytest.mark.parametrize(
    "source_id, facts",
    [
        (
            "bi-cardboard-surrender",
            [
                # Identified after the fact (exact) and no author: said once above the notes.
                "Seen only as a copy at Business Insider Africa: Africa-edition copy; "
                "the original is by Business Insider",
                "Date not shown: Not shown on the page; an aggregator dated it about "
                "31 December 2025 – 1 January 2026.",
            ],
        ),
        (
            "insider-soldier-shot-at-while-surrendering-to-drone",
            [
                "Identified after the fact: plausible match",
                "Seen only as a copy at globalsecuritynews.org",
                "Date inferred",
                "about May 2023",
            ],
        ),
        (
            "afp-foreign-pows-duped",
            [
                "Date inferred: From the copy's URL path.",
                "about 22 March 2024",
                "Seen only as a copy at konturnovosti.com: syndicated copy; the original is by AFP",
            ],
        ),
        ("kyiv-independent-penalty-for-surrender", ["Identified after the fact: exact match: for the law"]),
        (
            "exame-soldier-sentenced-for-surrender",
            [
                "[title not captured]",
                "Title not captured",
                "soldado russo e condenado a 15 anos",
                "In Portuguese",
                "Relays The Independent and Kommersant",
                "April 2025",
                "match: for the returnee",
            ],
        ),
        ("irozhlas-first-conviction-for-surrender", ["In Czech", "Relays Kommersant", "15 April 2025"]),
        ("pravda-300-surrender-via-i-want-to-live", ["Kateryna Tyshchenko.", "22 June 2024"]),
        ("kyiv-independent-ombudsman-pow-treatment", ["Kyiv Independent news desk.", "plausible match"]),
        ("polskie-radio-surrender-to-drones-nyt", ["Relays The New York Times", "20 December 2022"]),
    ],
)
def test_notes_show_every_honesty_fact_of_their_sources(seed, source_id, facts):
    shown = _note_item(seed, source_id)
    for fact in facts:
        assert fact in shown


def test_what_every_seed_source_shares_is_said_once_above_the_notes(seed):
    shared = [text_of(e) for e in seed.with_class("ee-shared")]
    assert shared == [
        "All 17 sources were identified after the fact: the explainer's original references were lost. "
        "Each is an exact match unless marked as a plausible one.",
        "14 of the 17 sources show no author; the others name theirs.",
    ]
    chips = [text_of(e) for e in seed.with_class("ee-fact")]
    assert "Identified after the fact: exact match" not in chips and "Author not shown" not in chips
    weak = [text_of(e) for e in seed.with_class("ee-fact-weak")]
    assert weak and all(
        w.startswith(("Seen only as a copy", "Date inferred", "Identified after the fact: plausible")) for w in weak
    )


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
    assert [k for k, v in notes.items() if v] == [
        "aggregate-numbers",
        "strategic-effects",
        "incentives-and-legal-risks",
    ]
    assert "count all Russian prisoners held by Ukraine" in notes["aggregate-numbers"][0]
    assert "The Bloomberg original was not seen" in notes["strategic-effects"][0]
    assert "Roman Ivanishin" in notes["incentives-and-legal-risks"][0]


def test_source_page_is_a_page_of_the_site_with_citation_facts_and_fields(built_site):
    html = read(built_site, "sources/united24-surrendering-in-record-numbers")
    page = Elements(html)
    title = "10,000 and Counting: Russia's Soldiers Are Surrendering in Record Numbers"
    # The theme's page: its header names the site and the source, with search and the palette switch.
    escaped = title.replace("'", "&#39;")
    assert f"<title>{escaped} - Evidence Explainers</title>" in html
    header = text_of(page.with_class("md-header")[0])
    assert header.startswith("Evidence Explainers " + title)
    assert page.with_class("md-search__input") and page.with_class("md-footer")
    assert [e["attrs"]["data-md-color-scheme"] for e in page.with_class("md-option")] == ["default", "slate"]
    # Its structured data is in <head>.
    head = html[: html.index("</head>")]
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S).group(1))
    assert ld["name"] == title and ld["publisher"]["name"] == "UNITED24 Media"
    # What the reader reads: the source's name, its citation, what is known and not known, its fields.
    body = Elements(content(html))
    assert [text_of(e) for e in body.elements if e["tag"] == "h1"] == [title]
    assert text_of(body.with_class("ee-source-citation")[0]) == (
        f"“{title}”. UNITED24 Media, date not shown. https://united24media.com/latest-news/"
        "10000-and-counting-russias-soldiers-are-surrendering-in-record-numbers-14683."
    )
    assert [text_of(e) for e in body.with_class("ee-fact")] == [
        "Identified after the fact: exact match",
        "Date not shown: Not shown on the page; it cites data of 31 December.",
        "Author not shown",
        "Relays “I Want to Live” project: its figures are published through the “I Want to Live” project",
    ]
    terms = [text_of(e) for e in body.elements if e["tag"] == "dt"]
    details = [text_of(e) for e in body.elements if e["tag"] == "dd"]
    fields = dict(zip(terms, details, strict=True))
    assert fields["Author"] == "not shown" and fields["Publisher"] == "UNITED24 Media"
    assert fields["Affiliation"].startswith("Ukrainian government — The media outlet of UNITED24")
    assert fields["Primary or secondary"].startswith("Secondary: it relays “I Want to Live” project")
    assert fields["Independent origin"] == "“I Want to Live” project (Ukrainian government)"
    assert fields["Date"] == "not shown — Not shown on the page; it cites data of 31 December."
    assert fields["Language"] == "English"
    assert fields["Address"].startswith("https://united24media.com/latest-news/")
    assert [text_of(e) for e in body.elements if e["tag"] == "h2"] == ["Cited by"]
    assert body.by_id("cited-by") is not None
    assert 'href="../../bibliography/#united24-surrendering-in-record-numbers"' in content(html)


def test_source_page_shows_everything_that_cites_it(built_site):
    page = Elements(content(read(built_site, "sources/united24-surrendering-in-record-numbers")))
    cited = page.with_class("ee-cited-by")[0]
    links = [
        e
        for e in page.elements
        if e["tag"] == "a"
        and e["text"]
        and e["text"] in cited["text"]
        and e["attrs"].get("href", "").startswith("../../explainers/")
    ]
    base = f"../../explainers/{SEED_SLUG}/"
    hrefs = [a["attrs"]["href"] for a in links if a["attrs"]["href"].startswith(base)]
    assert hrefs[0] == base
    findings = [h for h in hrefs if "#" in h and "#cite-" not in h]
    assert findings == [
        base + "#summary",
        base + "#aggregate-numbers",
        base + "#who-is-surrendering",
        base + "#limitations",
        base + "#bottom-line",
    ]
    assert [h for h in hrefs if "#cite-" in h] == [base + f"#cite-2-{x}" for x in "abcde"]
    assert [text_of(a) for a in links if "#cite-" in a["attrs"]["href"]][:5] == ["note 2"] * 5


def test_skip_to_content_on_a_source_page_lands_on_the_source_not_past_it(built_site):
    """The theme's "Skip to content" link (for keyboard and screen reader users) goes to the
    page's heading, as on the hand-written pages, not past the citation, facts and fields."""
    html = read(built_site, "sources/united24-surrendering-in-record-numbers")
    target = re.search(r'<a href="#([^"]+)" class="md-skip">', html).group(1)
    heading = html.index("<h1")
    assert html.index(f'id="{target}"') <= html.index(">", heading), f"the skip link goes to #{target}, past the <h1>"


def test_every_source_the_seed_cites_has_a_page_cited_by_the_seed(built_site):
    for source_id in sorted({s for sources in SEED_NOTES.values() for s in sources}):
        html = read(built_site, f"sources/{source_id}")
        assert f'href="../../explainers/{SEED_SLUG}/"' in html, source_id
        assert "No explainer cites this source yet" not in html


def test_every_source_has_a_page_listing_the_explainers_that_cite_it(generated_site, corpus):
    citing = citing_explainers(corpus)
    assert any(citing.values()) and len(list((generated_site / "sources").iterdir())) == len(corpus["sources"])
    for source_id, explainers in citing.items():
        page = Elements(content(read(generated_site, f"sources/{source_id}")))
        cited_by = page.with_class("ee-cited-by")
        listed = {
            re.match(r"\.\./\.\./explainers/([^/]+)/", e["attrs"]["href"]).group(1)
            for e in page.elements
            if e["tag"] == "a"
            and cited_by
            and e["text"] in cited_by[0]["text"]
            and e["attrs"].get("href", "").startswith("../../explainers/")
        }
        assert listed == set(explainers), source_id
        assert ("No explainer cites this source yet." in text_of(page.elements[0])) is not explainers, source_id


def test_bibliography_lists_the_seeds_sources_sorted_with_anchors_and_links(built_site):
    page = Elements(read(built_site, "bibliography/all"))
    seed_sources = {s for sources in SEED_NOTES.values() for s in sources}
    ids = [e["attrs"]["id"] for e in page.with_class("ee-bib-entry") if e["attrs"]["id"] in seed_sources]
    assert sorted(ids) == sorted(seed_sources)
    links = [e["attrs"]["href"] for e in page.with_class("ee-source-link")]
    for source_id in ids:
        assert f"../../sources/{source_id}/" in links
    # Sorted by first author, else publisher; then date.
    assert ids[:3] == [
        "afp-foreign-pows-duped",
        "bloomberg-largest-surrender",
        "insider-soldier-shot-at-while-surrendering-to-drone",
    ]
    assert ids.index("insider-soldier-shot-at-while-surrendering-to-drone") < ids.index("bi-cardboard-surrender")
    assert ids.index("kyiv-independent-ombudsman-pow-treatment") < ids.index("pravda-300-surrender-via-i-want-to-live")
    assert ids[-2:] == ["unn-number-of-russian-pows-disclosed", "cjil-technologically-enabled-surrender"]


def test_bibliography_lists_every_source_sorted_with_anchors_and_links(generated_site, corpus):
    order = bibliography_order(corpus)
    everything = Elements(read(generated_site, "bibliography/all"))
    assert [text_of(e) for e in everything.elements if e["tag"] == "h1"] == ["All sources"]
    ids = [e["attrs"]["id"] for e in everything.with_class("ee-bib-entry")]
    assert ids == order
    assert [e["attrs"]["href"] for e in everything.with_class("ee-source-link")] == [f"../../sources/{i}/" for i in ids]
    # The bibliography page shows the first entries, in the same order, its filter, and the way to all of them.
    page = Elements(read(generated_site, "bibliography"))
    first = [e["attrs"]["id"] for e in page.with_class("ee-bib-entry")]
    assert 0 < len(first) < len(order) and first == order[: len(first)]
    assert [e["attrs"]["href"] for e in page.with_class("ee-source-link")] == [f"../sources/{i}/" for i in first]
    assert page.by_id("ee-bib-filter") is not None
    more = text_of(page.with_class("ee-bib-all")[0])
    assert f"the first {len(first)} of {len(order)} sources" in more and f"All {len(order)} sources, 500 a page" in more


def test_site_search_finds_sources_by_title_author_and_publisher(built_site):
    docs = search_docs(built_site)

    def locations(word):
        return {d["location"] for d in docs if word.lower() in (d["title"] + d["text"]).lower()}

    assert "sources/pravda-300-surrender-via-i-want-to-live/" in locations("Tyshchenko")
    assert "sources/cjil-technologically-enabled-surrender/" in locations("Technologically Enabled Surrender")
    assert "sources/irozhlas-first-conviction-for-surrender/" in locations("iROZHLAS")
    assert any(loc.startswith(f"explainers/{SEED_SLUG}/") for loc in locations("I Want to Live"))
    finding = next(d for d in docs if d["location"] == f"explainers/{SEED_SLUG}/#aggregate-numbers")
    assert finding["title"].startswith("2. Aggregate numbers")


def test_home_page_lists_the_seed_explainer_with_answer_line_topics_and_date(built_site):
    page = Elements(read(built_site, ""))
    links = page.with_class("ee-explainer-link")
    items = [text_of(i) for i in page.with_class("ee-explainer-item")]
    seed = next(n for n, link in enumerate(links) if link["attrs"]["href"] == f"explainers/{SEED_SLUG}/")
    # The one-line answer is the summary's first sentence, cut at a word within 200 characters.
    question, line = "Are Russians surrendering to Ukrainians? Yes ", "Russian servicemen are surrendering to"
    assert items[seed].startswith(question + line)
    assert items[seed].endswith("… 26 November 2026 · Russia–Ukraine war, Prisoners of war")
    assert len(items[seed]) <= len(question) + 201 + len(" 26 November 2026 · Russia–Ukraine war, Prisoners of war")


def test_home_page_lists_every_explainer_newest_first_with_answer_and_date(generated_site, corpus):
    page = Elements(read(generated_site, ""))
    order = newest_first(corpus)
    assert [e["attrs"]["href"] for e in page.with_class("ee-explainer-link")] == [f"explainers/{e}/" for e in order]
    explainers = corpus["explainers"]
    assert [text_of(i) for i in page.with_class("ee-explainer-item")] == [
        f"{explainers[e]['question']} {explainers[e]['short_answer'].capitalize()} "
        f"{text_of(line)} {long_date(explainers[e]['published'])} · "
        + ", ".join(corpus["topics"][t]["name"] for t in explainers[e]["topics"])
        for e, line in zip(order, page.with_class("ee-explainer-lede"), strict=True)
    ]


def test_generated_pages_stay_out_of_the_navigation(seed):
    nav_links = [e["attrs"]["href"] for e in seed.with_class("md-nav__link") if "href" in e["attrs"]]
    pages = [h for h in nav_links if not h.startswith("#")]
    assert "../../bibliography/" in pages
    assert not [h for h in pages if "sources/" in h or "explainers/" in h]


def test_the_seed_links_to_its_topics_and_they_list_it(built_site, seed):
    topics = [e["attrs"]["href"] for e in seed.with_class("ee-topic")]
    assert topics == ["../../topics/russia-ukraine-war/", "../../topics/prisoners-of-war/"]
    page = Elements(read(built_site, "topics/prisoners-of-war"))
    assert [text_of(e) for e in page.elements if e["tag"] == "h1"] == ["Prisoners of war"]
    assert f"../../explainers/{SEED_SLUG}/" in [e["attrs"]["href"] for e in page.with_class("ee-explainer-link")]
    index = Elements(read(built_site, "topics"))
    links = [
        (e["attrs"]["href"], text_of(e))
        for e in index.elements
        if e["tag"] == "a" and e["attrs"].get("href", "").startswith("../topics/")
    ]
    assert ("../topics/prisoners-of-war/", "Prisoners of war") in links
    assert ("../topics/russia-ukraine-war/", "Russia–Ukraine war") in links


def test_topic_pages_group_explainers_and_explainers_link_to_them(generated_site, corpus):
    topics = corpus["topics"]
    index = Elements(read(generated_site, "topics"))
    links = [
        (e["attrs"]["href"], text_of(e))
        for e in index.elements
        if e["tag"] == "a" and e["attrs"].get("href", "").startswith("../topics/")
    ]
    by_name = sorted(topics, key=lambda t: topics[t]["name"].casefold())
    assert links == [(f"../topics/{t}/", topics[t]["name"]) for t in by_name]
    for topic_id, topic in topics.items():
        on_topic = newest_first(corpus, [e for e, x in corpus["explainers"].items() if topic_id in x["topics"]])
        page = Elements(read(generated_site, f"topics/{topic_id}"))
        assert [text_of(e) for e in page.elements if e["tag"] == "h1"] == [topic["name"]]
        assert [e["attrs"]["href"] for e in page.with_class("ee-explainer-link")] == [
            f"../../explainers/{e}/" for e in on_topic
        ]
    for explainer_id, explainer in corpus["explainers"].items():
        page = Elements(read(generated_site, f"explainers/{explainer_id}"))
        assert [e["attrs"]["href"] for e in page.with_class("ee-topic")] == [
            f"../../topics/{t}/" for t in explainer["topics"]
        ]


def test_dropping_indentation_keeps_preformatted_text_and_what_the_reader_sees():
    from macros.render.whitespace import drop_indentation

    html = (
        '<div>\n    <p>One\n        two</p>\n\n\n  <pre class="x">  a\n\n    b\n</pre>\n  '
        "<TEXTAREA>\n  keep\n</TEXTAREA>\n   <script>\n  var a = 1;\n</script>\n</div>"
    )
    assert drop_indentation(html) == (
        '<div>\n<p>One\ntwo</p>\n<pre class="x">  a\n\n    b\n</pre>\n'
        "<TEXTAREA>\n  keep\n</TEXTAREA>\n<script>\nvar a = 1;\n</script>\n</div>"
    )


def test_built_pages_keep_the_bibtex_of_cite_this_as_written(built_site):
    html = (built_site / "explainers" / SEED_SLUG / "index.html").read_text(encoding="utf-8")
    bibtex = re.search(r'<pre class="ee-copyable" data-copy-label="Copy the BibTeX entry">(.*?)</pre>', html, re.S)
    assert bibtex and "\n  title = {{" in bibtex.group(1)
    assert "\n    " not in html.split("<pre")[0], "indentation outside <pre> should be gone"


def test_search_index_has_an_entry_per_explainer_finding_and_source_and_nothing_else_of_theirs(generated_site, corpus):
    docs = search_docs(generated_site)
    generated = [d["location"] for d in docs if d["location"].startswith(("explainers/", "sources/"))]
    expected = []
    for explainer_id, explainer in corpus["explainers"].items():
        expected += [f"explainers/{explainer_id}/"] + [
            f"explainers/{explainer_id}/#{f['id']}" for f in explainer["findings"]
        ]
    expected += [f"sources/{i}/" for i in corpus["sources"]]
    # Each once: explainer and source pages are not also indexed from their HTML.
    assert sorted(generated) == sorted(expected)
    finding = next(d for d in docs if d["location"] == "explainers/explainer-0/#finding-2")
    assert finding["title"] == "2. " + corpus["explainers"]["explainer-0"]["findings"][1]["heading"]
    for doc in docs:
        if doc["location"].startswith(("explainers/", "sources/")):
            assert "[@" not in doc["text"] and "eetoken" not in doc["text"], doc["location"]
    # The worklist is a list of chores, not something readers search.
    assert not any(d["location"].startswith("worklist/") for d in docs)
