"""Reading experience in Chromium: permalinks, search, palettes, narrow screens, print, accessibility."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT, SEED_SLUG, serve_directory
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ARTIFACTS = Path(os.environ.get("EE_ARTIFACTS") or ROOT / "test-artifacts")

# Violations inside Material's own widgets, not our markup; each with the reason it is accepted.
AXE_BASELINE: set[tuple[str, str]] = set()  # none left: the search dialog has its name now


@pytest.fixture(scope="module")
def base_url(built_site: Path):
    with serve_directory(built_site) as url:
        yield url


def test_each_finding_has_a_visible_control_that_copies_its_permalink(browser, base_url):
    context = browser.new_context(base_url=base_url, permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(f"/explainers/{SEED_SLUG}/")
        buttons = page.locator(".ee-finding > h2 .ee-copy-link")
        expect(buttons).to_have_count(8)
        button = page.locator("#who-is-surrendering .ee-copy-link")
        expect(button).to_be_visible()
        expect(button).to_have_accessible_name(
            "Copy a link to finding: 5. Who is surrendering: conscripts, foreigners and mercenaries"
        )
        button.click()
        expect(button).to_have_text("Copied")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == f"{base_url}/explainers/{SEED_SLUG}/#who-is-surrendering"
        page.goto(copied)
        assert page.evaluate("document.querySelector(':target').id") == "who-is-surrendering"
    finally:
        context.close()


def search(page, words: str) -> None:
    """Type into the theme's search box as a reader would (key by key, so results update)."""
    page.goto("/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially(words, delay=20)


def test_site_search_finds_a_source_by_its_author_and_lands_on_its_page(page_and_problems, base_url):
    page, problems = page_and_problems
    search(page, "Tyshchenko")
    result = page.locator(".md-search-result__item a").first
    expect(result).to_be_visible(timeout=15_000)
    # Results update as each key arrives: wait for those of the whole word.
    expect(result).to_have_attribute(
        "href", f"{base_url}/sources/pravda-300-surrender-via-i-want-to-live/", timeout=15_000
    )
    result.click()
    expect(page).to_have_url(f"{base_url}/sources/pravda-300-surrender-via-i-want-to-live/")
    expect(page.locator("h1")).to_contain_text("More than 300 Russian servicemen surrender")
    # A page of the site like any other: the theme's header and search, the source's citation.
    expect(page.locator(".md-header")).to_be_visible()
    expect(page.locator(".ee-source-citation")).to_contain_text("Kateryna Tyshchenko")
    expect(page.locator("#cited-by")).to_have_text("Cited by")
    problems.check()


def test_site_search_lands_on_a_findings_anchor(page_and_problems, base_url):
    page, problems = page_and_problems
    search(page, "conscripts foreigners mercenaries")
    link = page.locator('.md-search-result a[href*="#who-is-surrendering"]').first
    expect(link).to_be_attached(timeout=15_000)
    link.evaluate("a => a.click()")
    page.wait_for_url(f"{base_url}/explainers/{SEED_SLUG}/#who-is-surrendering")
    assert page.evaluate("document.querySelector(':target').id") == "who-is-surrendering"
    problems.check()


@pytest.mark.parametrize(
    "kind, path, shown",
    [
        ("explainer", f"/explainers/{SEED_SLUG}/", ".ee-finding"),
        ("source", "/sources/exame-soldier-sentenced-for-surrender/", ".ee-source-fields"),
    ],
)
@pytest.mark.parametrize("scheme, material", [("light", "default"), ("dark", "slate")])
@pytest.mark.parametrize("width", [1280, 360])
def test_explainers_and_sources_read_well_in_both_palettes_and_at_360px(
    browser, base_url, scheme, material, width, kind, path, shown
):
    context = browser.new_context(base_url=base_url, color_scheme=scheme, viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.goto(path)
        assert page.get_attribute("body", "data-md-color-scheme") == material
        # Nothing is wider than the screen: no sideways scrolling at 360 px.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        expect(page.locator(shown).first).to_be_visible()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{kind}-{width}-{scheme}.png"), full_page=True)
    finally:
        context.close()


def test_print_shows_the_explainer_and_its_sources_with_addresses_but_no_navigation(page_and_problems):
    page, problems = page_and_problems
    page.goto(f"/explainers/{SEED_SLUG}/")
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer',
                                     '.ee-copy-link']
        .map(s => [...document.querySelectorAll(s)].every(e => getComputedStyle(e).display === 'none'))""")
    assert hidden == [True] * 5
    expect(page.locator("#note-9")).to_be_visible()
    after = page.evaluate("""() => getComputedStyle(
        document.querySelector('#note-2 cite.ee-title a'), '::after').content""")
    assert after == '" <" attr(href) ">"' or "united24media.com" in after
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "explainer-print.pdf"))
    problems.check()


def test_print_shows_a_source_page_without_the_themes_navigation(page_and_problems):
    page, problems = page_and_problems
    page.goto("/sources/bi-cardboard-surrender/")
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer']
        .map(s => [...document.querySelectorAll(s)].every(e => getComputedStyle(e).display === 'none'))""")
    assert hidden == [True] * 4
    expect(page.locator(".ee-source-citation")).to_be_visible()
    expect(page.locator(".ee-cited-by")).to_be_visible()
    problems.check()


@pytest.mark.parametrize(
    "path", ["/", f"/explainers/{SEED_SLUG}/", "/sources/bi-cardboard-surrender/", "/bibliography/", "/worklist/"]
)
def test_no_serious_or_critical_accessibility_violation_in_our_markup(page_and_problems, path):
    page, problems = page_and_problems
    page.goto(path)
    page.wait_for_load_state("load")
    results = Axe().run(page)
    found = set()
    for violation in results.response["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        for node in violation["nodes"]:
            found.add((violation["id"], node["target"][0] if node["target"] else ""))
    unexpected = {(rule, target) for rule, target in found if (rule, target) not in AXE_BASELINE}
    assert not unexpected, json.dumps(sorted(unexpected), indent=1)
    problems.check()
