"""Quiet notes: under each source of an explainer's notes only what sets it apart on that page;
what all its sources share said once above the list; the warning sign only for what weakens a
citation; a note's number and its first source on one line; the source-mix chart readable alone.

Fixture corpora built here (conftest's `write_data`), so the real data can change freely."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import engine, make_project, one_finding_explainer, open_page, run_build, serve_directory, write_data
from playwright.sync_api import expect

from macros.domain.facts import Fact, page_facts

EXPLAINER = "explainers/example-question/"


def _source(title: str | None, extra: str = "") -> str:
    head = f"title: {title}\n" if title else "title_note: the page had no title\n"
    page = "-".join((title or "untitled").lower().split())  # each its own address: one work each
    return head + f"publisher: example-news\nurl: https://example.org/{page}\n" + extra


def _sources(n: int, extra=lambda i: "") -> dict[str, str]:
    return {f"sources/s-{i}.yaml": _source(f"Report {i}", extra(i)) for i in range(n)}


def _explainer(keys: list[str]) -> dict[str, str]:
    return one_finding_explainer("Examples exist" + "".join(f" [@{k}]" for k in keys) + ".")


IDENTIFIED = 'identification:\n  match: {match}\ndate: "2024-05-01"\ndate_inferred: true\n'


def test_what_every_source_shares_is_said_once_and_weakening_facts_stay(tmp_path):
    # Five sources identified after the fact, two only plausibly; one has an inferred date.
    def extra(i):
        text = "identification:\n  match: " + ("plausible" if i < 2 else "exact") + "\n"
        if i == 4:
            text += 'date: "2024-05-01"\ndate_inferred: true\n'
        return text

    keys = [f"s-{i}" for i in range(5)]
    data = write_data(tmp_path, {**_sources(5, extra), **_explainer(keys), "sources/example-report.yaml": None})
    data_text = (data / "explainers/example-question.yaml").read_text()
    (data / "explainers/example-question.yaml").write_text(data_text.replace("[@example-report]", "[@s-0]"))
    site, _, renderer = engine(data)
    explainer = site.corpus.explainers["example-question"]
    quiet = site.note_facts(explainer)
    assert [s.sentence for s in quiet.shared] == [
        "All 5 sources were identified after the fact: the explainer's original references were lost. "
        "Each is an exact match unless marked as a plausible one.",
        "4 of the 5 sources show no date; the others are dated.",
        "All 5 sources show no author.",
    ]
    own = {key: [f.label for f in facts] for key, facts in quiet.own.items()}
    assert own == {
        "s-0": ["Identified after the fact: plausible match"],
        "s-1": ["Identified after the fact: plausible match"],
        "s-2": [],
        "s-3": [],
        "s-4": ["Date inferred"],
    }
    html = renderer.explainer("example-question", "../../")
    assert html.count("ee-fact-weak") == 3
    assert html.count('class="ee-fact ') == 3
    assert "For every note below" in html


def test_a_fact_most_sources_lack_in_words_the_citation_shows_is_said_once():
    author = Fact("author-unknown", "Author not shown")
    copy = Fact("copy", "Seen only as a copy at X", "the original is by Y", weakens=True)
    language = Fact("language", "In Czech")
    quiet = page_facts({"a": [author, copy], "b": [author, language], "c": [author], "d": []})
    assert [s.sentence for s in quiet.shared] == ["3 of the 4 sources show no author; the others name theirs."]
    # Shared by most, but not shown by the citation itself: stays with its one source; a copy stays.
    assert quiet.own == {"a": (copy,), "b": (language,), "c": (), "d": ()}
    # One source alone has no norm to differ from: every fact stays.
    assert page_facts({"a": [author, language]}).own == {"a": (author, language)}
    # A weakening fact shared by all is never folded away.
    assert page_facts({"a": [copy], "b": [copy]}).own == {"a": (copy,), "b": (copy,)}


def test_a_source_page_and_the_bibliography_keep_every_fact_and_warn_only_for_weak_ones(tmp_path):
    data = write_data(
        tmp_path,
        {"sources/example-report.yaml": _source("An example report", IDENTIFIED.format(match="exact"))},
    )
    site, _, renderer = engine(data)
    page = renderer.source("example-report", "../../")
    assert "Identified after the fact: exact match" in page and "Author not shown" in page
    assert page.count("ee-fact-weak") == 1  # the inferred date, not the exact match nor the missing author


@pytest.fixture(scope="module")
def quiet_site(tmp_path_factory) -> Path:
    """A built site whose explainer cites three sources in one note and one in another, and whose
    sources include an affiliation that is only an origin (relayed, never cited directly)."""
    base = tmp_path_factory.mktemp("quiet")
    files = {
        **_sources(3),
        "sources/s-3.yaml": _source("A relay", "relays:\n  - publisher: ministry\n    note: it quotes the ministry\n"),
        "publishers.yaml": """\
            example-news:
              name: Example News
              affiliation: international-media
              reason: An example outlet.
            ministry:
              name: The Ministry
              affiliation: ukrainian-government
              reason: A state body.
            """,
        "explainers/example-question.yaml": """\
question: Is this an example?
short_answer: "yes"
published: "2026-01-02"
summary: It is [@s-0; @s-1; @s-2].
findings:
  - id: first-finding
    heading: The first finding
    text: Examples exist [@s-3] and more [@example-report].
""",
    }
    project = make_project(base, files)
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 360])
def test_a_notes_number_and_its_first_source_are_on_one_line(browser, quiet_site, width):
    with (
        serve_directory(quiet_site) as url,
        open_page(browser, url, viewport={"width": width, "height": 800}) as (
            page,
            problems,
        ),
    ):
        page.goto(EXPLAINER)
        note = page.locator("#note-1")
        sources = note.locator(".ee-note-source")
        expect(sources).to_have_count(3)
        expect(note.locator("ul, ol")).to_have_count(0)  # no list nested in the numbered item
        backlinks = note.locator(".ee-backlinks").bounding_box()
        first_title = sources.first.locator(".ee-title").evaluate(
            "el => { const r = el.getClientRects()[0]; return {y: r.y, height: r.height}; }"
        )
        assert abs((backlinks["y"] + backlinks["height"] / 2) - (first_title["y"] + first_title["height"] / 2)) < 8
        # The hover card of a marker lists the note's sources without its back-links.
        page.locator(".ee-summary sup.ee-marker a").first.hover()
        card = page.locator(".ee-card[role=dialog]")
        expect(card.locator("li.ee-card-source")).to_have_count(3)
        expect(card.locator(".ee-backlinks")).to_have_count(0)
        problems.check()


@pytest.mark.browser
def test_the_source_mix_chart_says_each_value_in_words(browser, quiet_site):
    with serve_directory(quiet_site) as url, open_page(browser, url) as (page, problems):
        page.goto(EXPLAINER)
        chart = page.locator("svg.ee-mix-chart")
        expect(chart).to_be_visible()
        words = chart.locator("text").all_text_contents()
        assert words[:2] == ["Sources cited", "Independent origins they trace back to"]
        rows = {words[i]: (words[i + 1], words[i + 2]) for i in range(2, len(words), 3)}
        assert rows == {
            "Ukrainian government": ("no source cited directly", "1 independent origin"),
            "International media": ("5 sources cited", "1 independent origin"),
        }
        # Each label stays at a readable size on the page as drawn.
        size = chart.locator("text.ee-mix-value").first.evaluate("el => el.getBoundingClientRect().height")
        assert size >= 11
        problems.check()


def test_search_finds_editors_notes_on_their_finding_and_says_about_for_inferred_dates(tmp_path):
    from macros.formats.search_entries import entries

    data = write_data(
        tmp_path,
        {
            "sources/example-report.yaml": _source("An example report", 'date: "2024-05-01"\ndate_inferred: true\n'),
            "explainers/example-question.yaml": """\
question: Is this an example?
short_answer: "yes"
published: "2026-01-02"
summary: It is [@example-report].
findings:
  - id: first-finding
    heading: The first finding
    text: Examples exist [@example-report].
    editor_notes:
      - The tally counts *quintessential* cases only [@example-report].
""",
        },
    )
    site, _, _ = engine(data)
    by_location = {e.location: e for e in entries(site)}
    finding = by_location["explainers/example-question/#first-finding"]
    assert "Editor's note: The tally counts quintessential cases only." in finding.text
    assert by_location["sources/example-report/"].text.endswith("about 1 May 2024")
