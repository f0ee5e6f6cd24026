"""Browser tests: the built site, served over HTTP, driven in Debian's Chromium through Playwright.

They follow a reader's path through the seed explainer (footnote marker -> source note -> source
page -> back, and note back-link -> citing marker), save a full-page screenshot for a human to look
at, and fail on any JavaScript error or console error on those pages. The bibliography filter is
used on a generated site (conftest's `generated_site`), so adding real sources changes no test.

Requests to any host other than the local test server are blocked, so the run never depends on the
network: a page that needs a third-party resource fails here the same way everywhere.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ROOT, SEED_SLUG, engine, serve_directory
from playwright.sync_api import expect

from macros.domain.site import Site

pytestmark = pytest.mark.browser

BI_SOURCE = "bi-cardboard-surrender"


@pytest.fixture(scope="module")
def base_url(built_site: Path):
    """The built site served on 127.0.0.1 at an ephemeral port, for this module."""
    with serve_directory(built_site) as url:
        yield url


def is_target(locator) -> bool:
    return locator.evaluate("el => el.matches(':target')")


def test_footnote_to_source_and_back(page_and_problems, base_url):
    page, problems = page_and_problems
    explainer_path = f"/explainers/{SEED_SLUG}/"
    explainer_url = base_url + explainer_path
    page.goto(explainer_path)
    expect(page.locator("h1")).to_contain_text("Are Russians surrendering to Ukrainians?")

    # The first marker in the executive summary is [1]; following it shows source note 1.
    marker = page.locator(".ee-summary sup.ee-marker a").first
    expect(marker).to_have_text("[1]")
    marker.click()
    expect(page).to_have_url(explainer_url + "#note-1")
    note = page.locator("#note-1")
    expect(note).to_be_in_viewport()
    assert is_target(note), "#note-1 should match :target after following marker [1]"
    assert not is_target(page.locator("#note-2"))

    # The note's "Source details" link leads to the source's own page ...
    source_link = note.locator("a.ee-source-link")
    expect(source_link).to_have_count(1)
    expect(source_link).to_have_text("Source details")
    source_link.click()
    expect(page).to_have_url(f"{base_url}/sources/{BI_SOURCE}/")
    expect(page.locator("h1")).to_contain_text("A Russian soldier surrendered")

    # ... whose "Cited by" section links back to the explainer (resolved against the page URL).
    expect(page.locator("h2#cited-by")).to_have_text("Cited by")
    cited_by = page.locator("h2#cited-by ~ ul.ee-cited-by > li > a")
    expect(cited_by).to_have_count(1)
    expect(cited_by).to_have_text("Are Russians surrendering to Ukrainians?")
    assert cited_by.evaluate("a => a.href") == explainer_url
    citing = page.locator("ul.ee-cited-by a[href$='#cite-1-a']")
    expect(citing).to_have_count(1)

    # Back on the explainer, a note's back-link returns to the citing marker.
    page.go_back()
    expect(page).to_have_url(explainer_url + "#note-1")
    backlinks = page.locator("#note-2 a[role=doc-backlink]")
    assert backlinks.count() >= 2, "note 2 is cited several times and should have a back-link for each"
    backlink_b = backlinks.nth(1)
    expect(backlink_b).to_have_text("b")
    backlink_b.click()
    expect(page).to_have_url(explainer_url + "#cite-2-b")
    cite = page.locator("#cite-2-b")
    expect(cite).to_be_in_viewport()
    assert is_target(cite), "#cite-2-b should match :target after following back-link b of note 2"
    expect(cite.locator("a")).to_have_attribute("href", "#note-2")
    assert not is_target(page.locator("#note-1"))

    problems.check()


def unique_filter_word(site: Site) -> tuple[str, str]:
    """An author's family name that the bibliography filter finds in exactly one source of the
    site: (the word, that source's id)."""
    texts = {source.id: site.filter_text(source) for source in site.sources_in_order}
    for source in site.sources_in_order:
        for author in source.authors:
            word = author.split(",")[0].strip()
            if [key for key, text in texts.items() if word.casefold() in text] == [source.id]:
                return word, source.id
    raise AssertionError("the generated corpus has no author whose name only one source's entry holds")


class TestOnAGeneratedSite:
    """Behaviour that a corpus of any size has, on the generated site rather than the real data."""

    @pytest.fixture(scope="class")
    @classmethod
    def base_url(cls, generated_site: Path):
        """The generated site served on 127.0.0.1 at an ephemeral port (conftest's
        `page_and_problems` opens its pages here)."""
        with serve_directory(generated_site) as url:
            yield url

    def test_bibliography_filter(self, page_and_problems, generated_project: Path, generated_site: Path):
        page, problems = page_and_problems
        site, _, _ = engine(generated_project / "data")
        word, source_id = unique_filter_word(site)
        source = site.corpus.sources[source_id]
        publisher = site.corpus.publishers[source.publisher].name

        page.goto("/bibliography/")
        entries = page.locator("li.ee-bib-entry")
        visible = page.locator("li.ee-bib-entry:visible")
        total = len(list((generated_site / "sources").glob("*/index.html")))
        assert total > 1
        filter_input = page.locator("#ee-bib-filter")
        expect(filter_input).to_be_visible()  # hidden in the HTML; the script shows it
        # The page holds the first entries as HTML; once the reader turns to the filter, the
        # script loads the index and adds the others.
        filter_input.focus()
        expect(entries).to_have_count(total)
        expect(visible).to_have_count(total)
        count = page.locator(".ee-bib-count")
        expect(count).to_have_text(f"{total} sources")

        filter_input.press_sequentially(word)
        expect(visible).to_have_count(1)
        expect(visible).to_have_attribute("id", source_id)
        expect(visible).to_contain_text(publisher)
        expect(count).to_have_text(f"1 of {total} sources")
        expect(page.locator(".ee-bib-empty")).to_be_hidden()

        filter_input.fill("no source has this word xyzzy")
        expect(visible).to_have_count(0)
        expect(page.locator(".ee-bib-empty")).to_be_visible()

        filter_input.fill("")
        expect(visible).to_have_count(total)
        expect(count).to_have_text(f"{total} sources")
        expect(page.locator(".ee-bib-empty")).to_be_hidden()

        problems.check()


def test_explainer_screenshot(page_and_problems):
    page, problems = page_and_problems
    page.goto(f"/explainers/{SEED_SLUG}/")
    expect(page.locator("#note-1")).to_be_attached()
    page.evaluate("document.fonts.ready")
    artifacts = Path(os.environ.get("EE_ARTIFACTS") or ROOT / "test-artifacts")
    artifacts.mkdir(parents=True, exist_ok=True)
    shot = artifacts / "explainer.png"
    shot.unlink(missing_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{shot} is not a PNG"
    height = int.from_bytes(data[20:24], "big")
    assert height > 800, f"a full-page screenshot of the explainer should be taller than the window, got {height}px"

    problems.check()


def test_evidence_profile_chart_table_and_stance_labels_are_visible(page_and_problems):
    page, problems = page_and_problems
    page.goto(f"/explainers/{SEED_SLUG}/")
    profile = page.locator("#aggregate-numbers ~ .ee-profile").first
    expect(profile).to_be_visible()
    expect(profile).to_contain_text("4 sources · 2 independent origins · 0 primary, 4 secondary")
    expect(profile.locator(".ee-flag")).to_contain_text(
        "All the evidence for this finding traces back to one affiliation: Ukrainian government."
    )
    confidence = profile.locator(".ee-confidence")
    expect(confidence).to_have_text("Confidence: low")
    assert "medium evidence, medium agreement" in confidence.get_attribute("title")
    table = page.locator("table.ee-mix-table")
    expect(table).to_be_visible()
    expect(table.locator("caption")).to_have_text("The chart as a table")
    expect(table.locator("tbody tr").filter(has_text="Ukrainian government")).to_have_text("Ukrainian government25")
    expect(page.locator("svg.ee-mix-chart")).to_be_visible()
    stance = page.locator("#limitations ~ .ee-profile .ee-stance-context").first
    expect(stance).to_be_visible()
    expect(stance).to_have_text("Context")
    problems.check()


def test_a_source_page_is_a_themed_page_in_the_reader_s_colours(page_and_problems):
    """Source pages are ordinary pages of the theme: they follow the reader's light or dark choice,
    link to the rest of the site through the theme's navigation and to the method page's legend."""
    page, problems = page_and_problems
    path = f"/sources/{BI_SOURCE}/"
    page.goto(path)
    expect(page.locator("h1")).to_contain_text("A Russian soldier surrendered by writing")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    # The reader chose dark on another page: Material keeps the choice in localStorage.
    page.goto("/")
    page.locator("form[data-md-component=palette] label:not([hidden])").first.click()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    page.goto(path)
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != background
    page.get_by_role("link", name="How to read these notes").click()
    expect(page.locator("#reading-notes")).to_be_visible()
    expect(page.locator("details.ee-legend[open]")).to_contain_text("Identified after the fact: exact match")
    page.goto(path)
    page.get_by_role("navigation", name="Navigation").get_by_role("link", name="Bibliography").click()
    expect(page.locator("h1")).to_contain_text("Bibliography")
    assert page.url.endswith("/bibliography/")
    problems.check()
