"""Browser tests: the pages the engine makes are inside Material's theme like the hand-written pages.

A source page (sources/<id>/), an explainer, a topic and the full list of sources (bibliography/all/)
each carry Material's header with a working search box and palette toggle, the navigation drawer
on a phone, the footer, and a content column as wide as the method page's (about/method/, written
by hand). Each is checked 1280 and 390 pixels wide, in the light and the dark colour scheme, on a
generated site (conftest's `generated_site`), so adding real data changes no test.

When a test fails on the source page at 1280/light or 390/dark, a screenshot of that page goes to
the test's tmp_path, for a human to look at; screenshots are never assertions.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import open_page, serve_directory
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

METHOD = "/about/method/"  # a hand-written page of the theme, the reference
KINDS = ("source", "explainer", "topic", "all sources")
WIDTHS = (1280, 390)
SCHEMES = ("light", "dark")
BODY_SCHEME = {"light": "default", "dark": "slate"}  # Material's data-md-color-scheme for each
SCREENSHOTS = {("source", 1280, "light"), ("source", 390, "dark")}  # taken only when a test fails
HEADER = "header.md-header"
DRAWER_BUTTON = f"{HEADER} label.md-header__button[for='__drawer']"
SEARCH_BUTTON = f"{HEADER} label.md-header__button[for='__search']"
PALETTE_TOGGLE = f"{HEADER} form[data-md-component=palette] label:not([hidden])"


@pytest.fixture(scope="module")
def base_url(generated_site: Path):
    """The generated site served on 127.0.0.1 at an ephemeral port, for this module."""
    with serve_directory(generated_site) as url:
        yield url


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def unique_title_word(data: Path) -> tuple[str, str]:
    """A word of a source's title that no other file of the data folder has (no other source,
    explainer, publisher or topic): (the word, that source's id). Searching for it should find
    that source's page."""
    files = sorted(data.rglob("*.yaml"))
    words = {path: _words(path.read_text(encoding="utf-8")) for path in files}
    for path in sorted((data / "sources").glob("*.yaml")):
        title = re.search(r"^title: (.*)$", path.read_text(encoding="utf-8"), re.MULTILINE)
        if not title:
            continue
        for word in sorted(_words(title.group(1))):
            if len(word) >= 5 and word.isalpha() and [p for p in files if word in words[p]] == [path]:
                return word, path.stem
    raise AssertionError(f"no title word in {data} is in one file only; the test needs one")


@pytest.fixture(scope="module")
def site_pages(generated_project: Path) -> dict[str, str]:
    """The page of each kind to check, by kind, and `word`: a word of that source's title."""
    data = generated_project / "data"
    word, source = unique_title_word(data)
    explainer = sorted((data / "explainers").glob("*.yaml"))[0]
    topic = re.search(r"^topics:\s*\n\s*- \"?([\w-]+)", explainer.read_text(encoding="utf-8"), re.MULTILINE)
    assert topic, f"{explainer} names no topic"
    return {
        "source": f"/sources/{source}/",
        "explainer": f"/explainers/{explainer.stem}/",
        "topic": f"/topics/{topic.group(1)}/",
        "all sources": "/bibliography/all/",
        "word": word,
    }


@contextmanager
def themed_page(browser, base_url: str, kind: str, width: int, scheme: str, tmp_path: Path):
    """A fresh page `width` pixels wide in the light or dark `scheme`; only the test server is
    reachable, and JavaScript errors, console errors and dialogs are recorded. On a failure on the
    source page at 1280/light or 390/dark, a screenshot of the page goes to tmp_path."""
    viewport = {"width": width, "height": 800 if width > 600 else 844}
    with open_page(browser, base_url, viewport=viewport, color_scheme=scheme) as (page, problems):
        try:
            yield page, problems
        except BaseException:
            if (kind, width, scheme) in SCREENSHOTS:
                shot = tmp_path / f"{kind.replace(' ', '-')}-{width}-{scheme}.png"
                try:
                    page.screenshot(path=str(shot), full_page=True)
                    print(f"screenshot of the failing page: {shot}")
                except PlaywrightError as error:  # the failure matters, not the screenshot
                    print(f"no screenshot of the failing page: {error}")
            raise


THEME_PARTS = """() => {
    const header = document.querySelector("header.md-header");
    const primary = document.querySelector("nav.md-nav--primary");
    const footer = document.querySelector("footer.md-footer .md-footer-meta");
    return {
        // Material's parts by their component name; the search box (the site's own) by its class.
        header: header && [...header.querySelectorAll("[data-md-component], .md-search")]
            .map(e => e.dataset.mdComponent || "search"),
        buttons: header && [...header.querySelectorAll(".md-header__button")]
            .map(e => e.getAttribute("for") || e.getAttribute("aria-label") || e.className),
        navigation: primary && [...primary.querySelectorAll("a.md-nav__link")]
            .filter(a => !a.closest(".md-nav--secondary")).map(a => a.textContent.trim()),
        footer: footer && footer.textContent.replace(/\\s+/g, " ").trim(),
    };
}"""


def theme_parts(page) -> dict:
    """What the theme puts around a page's content: the header's parts and buttons, the primary
    navigation's links, the footer's text."""
    return page.evaluate(THEME_PARTS)


CASES = [(kind, width, scheme) for kind in KINDS for width in WIDTHS for scheme in SCHEMES]
IDS = [f"{kind.replace(' ', '-')}-{width}-{scheme}" for kind, width, scheme in CASES]


@pytest.mark.parametrize(("kind", "width", "scheme"), CASES, ids=IDS)
def test_header_navigation_footer_and_content_column_are_the_method_page_s(
    browser, base_url, site_pages, tmp_path, kind, width, scheme
):
    with themed_page(browser, base_url, kind, width, scheme, tmp_path) as (page, problems):
        page.goto(METHOD)
        reference = theme_parts(page)
        assert reference["header"] and "search" in reference["header"] and "palette" in reference["header"]
        reference_width = page.locator(".md-content").bounding_box()["width"]

        page.goto(site_pages[kind])
        expect(page.locator(".md-content h1")).to_have_count(1)
        if kind == "all sources":
            expect(page.locator("h1")).to_have_text("All sources")
        expect(page.locator(HEADER)).to_be_visible()
        expect(page.locator(f"{HEADER} .md-search")).to_have_count(1)
        expect(page.locator(f"{HEADER} .md-search__input")).to_have_attribute("placeholder", "Search")
        expect(page.locator(PALETTE_TOGGLE)).to_be_visible()
        footer = page.locator("footer.md-footer")
        expect(footer).to_be_visible()
        expect(footer.locator(".md-copyright")).to_be_visible()
        assert page.evaluate("document.body.dataset.mdColorScheme") == BODY_SCHEME[scheme]
        parts = theme_parts(page)
        assert parts["header"] == reference["header"], f"the header differs from the method page's: {parts}"
        assert parts["buttons"] == reference["buttons"], f"the header's buttons differ from the method page's: {parts}"
        assert parts["navigation"] == reference["navigation"], f"the navigation differs from the method page's: {parts}"
        assert parts["footer"] == reference["footer"], f"the footer differs from the method page's: {parts}"

        # The content column is bounded like the method page's: beside the sidebars on a desktop
        # (Material's grid stops growing at 1220px), the screen's width on a phone.
        content = page.locator(".md-content")
        expect(content).to_be_visible()
        measured = content.bounding_box()["width"]
        assert abs(measured - reference_width) <= 1, (
            f"the {kind} page's content is {measured}px wide, the method page's {reference_width}px"
        )
        if width > 1220:
            assert measured < 0.7 * width, f"the {kind} page's content is {measured}px wide: the full width?"
        problems.check()


@pytest.mark.parametrize(("kind", "width", "scheme"), CASES, ids=IDS)
def test_the_search_box_finds_a_source_by_a_word_of_its_title(
    browser, base_url, site_pages, tmp_path, kind, width, scheme
):
    with themed_page(browser, base_url, kind, width, scheme, tmp_path) as (page, problems):
        page.goto(site_pages[kind])
        query = page.locator(f"{HEADER} .md-search__input")
        if width < 600:  # on a phone the box opens from the header's search button
            expect(page.locator("#__search")).not_to_be_checked()
            page.locator(SEARCH_BUTTON).click()
            expect(page.locator("#__search")).to_be_checked()
        expect(query).to_be_in_viewport()
        query.click()
        query.press_sequentially(site_pages["word"])
        results = page.locator(".md-search-result__item")
        expect(results.first).to_be_visible()
        expect(page.locator(".md-search-result__meta")).to_have_text(re.compile(r"^\d+ matching documents?$"))
        found = page.locator(f".md-search-result__link[href*='{site_pages['source']}']")
        expect(found.first).to_be_visible()
        found.first.click()
        expect(page).to_have_url(re.compile(re.escape(site_pages["source"])))
        expect(page.locator("h1")).to_contain_text(re.compile(re.escape(site_pages["word"]), re.IGNORECASE))
        problems.check()


@pytest.mark.parametrize(("kind", "width", "scheme"), CASES, ids=IDS)
def test_the_palette_toggle_switches_between_light_and_dark(
    browser, base_url, site_pages, tmp_path, kind, width, scheme
):
    other = {"light": "dark", "dark": "light"}[scheme]
    with themed_page(browser, base_url, kind, width, scheme, tmp_path) as (page, problems):
        page.goto(site_pages[kind])
        body = page.locator("body")
        expect(body).to_have_attribute("data-md-color-scheme", BODY_SCHEME[scheme])
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        page.locator(PALETTE_TOGGLE).click()
        expect(body).to_have_attribute("data-md-color-scheme", BODY_SCHEME[other])
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") != background
        page.locator(PALETTE_TOGGLE).click()
        expect(body).to_have_attribute("data-md-color-scheme", BODY_SCHEME[scheme])
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == background
        problems.check()


@pytest.mark.parametrize(("kind", "width", "scheme"), CASES, ids=IDS)
def test_the_primary_navigation_is_in_the_sidebar_or_the_drawer(
    browser, base_url, site_pages, tmp_path, kind, width, scheme
):
    with themed_page(browser, base_url, kind, width, scheme, tmp_path) as (page, problems):
        page.goto(site_pages[kind])
        navigation = page.get_by_role("navigation", name="Navigation")
        bibliography = navigation.get_by_role("link", name="Bibliography", exact=True)
        drawer = page.locator(DRAWER_BUTTON)
        if width < 600:  # a phone: the navigation is in a drawer, opened from the header
            expect(navigation).not_to_be_in_viewport()
            expect(drawer).to_be_visible()
            drawer.click()
            expect(navigation).to_be_in_viewport()
        else:  # a desktop: the navigation is in the left sidebar, and no drawer button shows
            expect(drawer).to_be_hidden()
            expect(navigation).to_be_in_viewport()
        expect(bibliography).to_be_in_viewport()
        bibliography.click()
        expect(page).to_have_url(re.compile(r"/bibliography/$"))
        expect(page.locator("h1")).to_contain_text("Bibliography")
        problems.check()
