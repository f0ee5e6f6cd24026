"""Browser tests for the source cards and cross-link previews (docs/assets/js/cards.js).

Footnote markers open a card built from their note: by hovering (mouse), by keyboard focus, or by a
first tap (touch; a second tap follows the link). Without JavaScript a marker stays a plain link to
its note. Cross-links show a preview of the finding they point to, on this page or another.

Screenshots of the open card (1280px and 360px wide, light and dark) go to $EE_ARTIFACTS or
test-artifacts/, for a human to look at.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import ROOT, SEED_SLUG, make_project, open_page, run_build, serve_directory
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

EXPLAINER = f"/explainers/{SEED_SLUG}/"
CARD = ".ee-card[role=dialog]"
SUMMARY_MARKER_1 = ".ee-summary sup.ee-marker[data-note='1'] > a"
BI_TITLE = "A Russian soldier surrendered"
BI_ORIGINAL = (
    "https://africa.businessinsider.com/military-and-defense/a-russian-soldier-surrendered-"
    "by-writing-please-take-me-prisoner-i-want-to-live-on/tfknkjk"
)


@pytest.fixture(scope="module")
def base_url(built_site: Path):
    """The real site, served on 127.0.0.1 at an ephemeral port, for this module."""
    with serve_directory(built_site) as url:
        yield url


def artifacts() -> Path:
    folder = Path(os.environ.get("EE_ARTIFACTS") or ROOT / "test-artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshot(page, name: str) -> None:
    path = artifacts() / name
    path.unlink(missing_ok=True)
    page.screenshot(path=str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


PHONE = dict(viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True, device_scale_factor=2)


def assert_within_viewport(page, locator) -> None:
    box = locator.bounding_box()
    width = page.viewport_size["width"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"the card {box} overflows the {width}px viewport"


# ---- Hover -----------------------------------------------------------------------------------


def test_hovering_a_summary_marker_opens_its_source_card(page_and_problems):
    page, problems = page_and_problems
    page.goto(EXPLAINER)
    marker = page.locator(SUMMARY_MARKER_1)
    expect(marker).to_have_attribute("aria-expanded", "false")
    expect(marker).to_have_accessible_name("Source note 1")
    below = page.locator("#documented-frontline-surrenders")
    before = below.bounding_box()

    marker.hover()
    card = page.locator(CARD)
    expect(card).to_be_visible()
    expect(card).to_have_count(1)
    expect(card).to_have_accessible_name("Source note 1")
    expect(marker).to_have_attribute("aria-expanded", "true")
    expect(marker).to_have_attribute("aria-controls", "ee-card")
    expect(card).to_have_attribute("id", "ee-card")
    expect(marker).to_have_accessible_name("Source note 1")
    expect(card).to_contain_text(BI_TITLE)
    expect(card).to_contain_text("Business Insider")
    expect(card).to_contain_text("date not shown")
    expect(card).to_contain_text("Seen only as a copy at Business Insider Africa")
    expect(card.locator(".ee-stance")).to_have_text(["Supports"])
    expect(card.locator(f"cite.ee-title a[href='{BI_ORIGINAL}']")).to_have_count(1)
    source_page = card.locator("a.ee-source-link")
    expect(source_page).to_have_attribute("href", "../../sources/bi-cardboard-surrender/")
    assert source_page.evaluate("a => a.href").endswith("/sources/bi-cardboard-surrender/")
    duplicates = page.evaluate("""() => {
        const ids = [...document.querySelectorAll('[id]')].map(el => el.id);
        return ids.filter((id, i) => ids.indexOf(id) !== i);
    }""")
    assert duplicates == [], f"the card repeats ids of the page: {duplicates}"
    assert below.bounding_box() == before, "opening the card moved the text"
    assert_within_viewport(page, card)
    screenshot(page, "card-1280-light.png")

    # The pointer may travel onto the card (to click its links) without the card closing ...
    card.locator("cite.ee-title a").hover()
    page.wait_for_timeout(500)
    expect(card).to_be_visible()
    # ... and once it leaves both, the card closes.
    page.mouse.move(5, 790)
    expect(card).to_have_count(0)
    expect(marker).to_have_attribute("aria-expanded", "false")
    expect(marker).not_to_have_attribute("aria-controls", "ee-card")

    # A mouse click still follows the link to the note.
    marker.click()
    expect(page).to_have_url(re.compile(r"#note-1$"))
    expect(page.locator(CARD)).to_have_count(0)
    problems.check()


def test_a_marker_in_the_limitations_finding_shows_context_stances(page_and_problems):
    page, problems = page_and_problems
    page.goto(EXPLAINER)
    marker = page.locator("sup.ee-marker[data-finding='limitations'] > a").first
    marker.scroll_into_view_if_needed()
    marker.hover()
    card = page.locator(CARD)
    expect(card).to_be_visible()
    note = marker.get_attribute("href")[len("#note-") :]
    expect(card).to_have_accessible_name(f"Source note {note}")
    sources = page.locator(f"#note-{note} li.ee-note-source")
    expect(card.locator("li.ee-card-source")).to_have_count(sources.count())
    expect(card.locator(".ee-stance")).to_have_text(["Context"] * sources.count())
    expect(card.locator(".ee-stance-supports")).to_have_count(0)
    # The same note cited in the summary supports it there.
    page.keyboard.press("Escape")
    expect(card).to_have_count(0)
    page.locator(f".ee-summary sup.ee-marker[data-note='{note}'] > a").hover()
    expect(card.locator(".ee-stance").first).to_have_text("Supports")
    problems.check()


# ---- Keyboard --------------------------------------------------------------------------------


def test_keyboard_focus_opens_the_card_tab_enters_it_and_escape_returns_focus(page_and_problems):
    page, problems = page_and_problems
    page.goto(EXPLAINER)
    marker = page.locator(SUMMARY_MARKER_1)
    card = page.locator(CARD)
    marker.focus()
    expect(card).to_be_visible()
    expect(marker).to_be_focused()
    expect(marker).to_have_attribute("aria-expanded", "true")

    # Tab moves into the card: its close button, then the links to the original and the source page.
    page.keyboard.press("Tab")
    close = card.get_by_role("button", name="Close")
    expect(close).to_be_focused()
    page.keyboard.press("Tab")
    expect(card.locator("cite.ee-title a")).to_be_focused()
    page.keyboard.press("Tab")
    expect(card.locator("a.ee-source-link")).to_be_focused()
    expect(card).to_be_visible()

    # Escape closes it and puts focus back on the marker, which does not reopen it.
    page.keyboard.press("Escape")
    expect(card).to_have_count(0)
    expect(marker).to_be_focused()
    expect(marker).to_have_attribute("aria-expanded", "false")
    expect(marker).to_have_accessible_name("Source note 1")

    # Focus on another marker opens its card; Shift+Tab back to marker 1 swaps the cards, and
    # Shift+Tab away from the markers closes the card.
    second = page.locator(".ee-summary sup.ee-marker[data-note='2'] > a")
    second.focus()
    expect(card).to_have_accessible_name("Source note 2")
    page.keyboard.press("Shift+Tab")
    expect(marker).to_be_focused()
    expect(card).to_have_accessible_name("Source note 1")
    expect(second).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Shift+Tab")
    expect(card).to_have_count(0)
    expect(marker).to_have_attribute("aria-expanded", "false")

    # Enter on a focused marker follows the link to the note.
    marker.focus()
    expect(card).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#note-1$"))
    expect(card).to_have_count(0)
    problems.check()


# ---- Phone -----------------------------------------------------------------------------------


def test_phone_first_tap_opens_the_card_second_tap_follows_the_link(browser, base_url):
    with open_page(browser, base_url, **PHONE) as (page, problems):
        page.goto(EXPLAINER)
        marker = page.locator(SUMMARY_MARKER_1)
        card = page.locator(CARD)
        marker.tap()
        expect(card).to_be_visible()
        assert not page.url.endswith("#note-1"), "the first tap should open the card, not follow the link"
        expect(card).to_contain_text("Seen only as a copy at Business Insider Africa")
        assert_within_viewport(page, card)
        screenshot(page, "card-360-light.png")

        close = card.get_by_role("button", name="Close")
        expect(close).to_be_visible()
        box = close.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, f"the close button is too small to tap: {box}"
        close.tap()
        expect(card).to_have_count(0)
        assert not page.url.endswith("#note-1")

        # A tap outside dismisses the card too.
        marker.tap()
        expect(card).to_be_visible()
        page.locator("h1").tap()
        expect(card).to_have_count(0)

        # First tap opens, second tap on the same marker follows the link.
        marker.tap()
        expect(card).to_be_visible()
        marker.tap()
        expect(page).to_have_url(re.compile(r"#note-1$"))
        expect(card).to_have_count(0)
        expect(page.locator("#note-1")).to_be_in_viewport()
        problems.check()


@pytest.mark.parametrize("width", [1280, 360])
def test_card_in_the_dark_palette(browser, base_url, width):
    options = dict(PHONE) if width == 360 else {}
    with open_page(browser, base_url, color_scheme="dark", **options) as (page, problems):
        page.goto(EXPLAINER)
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
        marker = page.locator(SUMMARY_MARKER_1)
        if width == 360:
            marker.tap()
        else:
            marker.hover()
        card = page.locator(CARD)
        expect(card).to_be_visible()
        colors = card.evaluate("""el => {
            const s = getComputedStyle(el), b = getComputedStyle(document.body);
            return [s.backgroundColor, b.backgroundColor, s.color];
        }""")
        assert colors[0] == colors[1], f"the card's background {colors[0]} should be the page's {colors[1]}"
        assert colors[0] not in ("rgba(0, 0, 0, 0)", "transparent"), "the card must not be see-through"
        assert_within_viewport(page, card)
        screenshot(page, f"card-{width}-dark.png")
        problems.check()


# ---- Without JavaScript ----------------------------------------------------------------------


def test_without_javascript_a_marker_is_a_plain_link_to_its_note(browser, base_url):
    with open_page(browser, base_url, java_script_enabled=False) as (page, problems):
        page.goto(EXPLAINER)
        marker = page.locator(SUMMARY_MARKER_1)
        expect(marker).to_have_accessible_name("Source note 1")
        expect(marker).not_to_have_attribute("aria-expanded", "false")
        marker.hover()
        page.wait_for_timeout(400)
        expect(page.locator(".ee-card")).to_have_count(0)
        marker.click()
        expect(page).to_have_url(re.compile(r"#note-1$"))
        problems.check()


# ---- Cross-link previews (a small project: the seed has no cross-links) -------------------------

XREF_DATA = {
    "sources/example-report.yaml": """\
        title: An example report
        publisher: example-news
        date: "2024-06-22"
        url: https://example.org/report
        archive_url: https://web.archive.org/web/2024/https://example.org/report
        quote: Examples were found in every region.
        """,
    "explainers/example-question.yaml": """\
        question: Is this an example?
        short_answer: "yes"
        published: "2026-01-02"
        topics: [war]
        summary: It is [@example-report]; see [[other-question#other-finding]] and [[other-question]].
        findings:
          - id: first-finding
            heading: The first finding
            text: Examples exist [@example-report, p. 4]. Compare [[#second-finding|the next one]].
          - id: second-finding
            heading: The second finding
            text: Second findings follow first findings, as the evidence on this page shows in detail.
        """,
    "explainers/other-question.yaml": """\
        question: Is there another question?
        short_answer: partly
        published: "2026-02-03"
        topics: [war]
        summary: Partly, and only on Tuesdays [@example-report].
        findings:
          - id: other-finding
            heading: Another finding
            text: Bananas are evidence of another finding [@example-report]. Back to [[example-question#first-finding]].
        """,
}


@pytest.fixture(scope="module")
def xref_site_url(tmp_path_factory):
    """A two-explainer site with cross-links, built with Material's instant navigation turned on,
    which swaps pages in without reloading and rewrites links to full addresses. Instant navigation
    only takes over links listed in sitemap.xml, whose addresses come from `site_url`, so the server
    starts first and the site is built for its address."""
    project = make_project(tmp_path_factory.mktemp("xref"), XREF_DATA)
    with serve_directory(project / "site") as url:
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        assert "\n  features:\n" in text, "mkdocs.yml no longer lists theme features; update this fixture"
        text = text.replace("\n  features:\n", "\n  features:\n    - navigation.instant\n", 1)
        config.write_text(text, encoding="utf-8")
        result = run_build(project, env={"EE_SITE_URL": f"{url}/"})
        assert result.returncode == 0, f"the cross-link project did not build:\n{result.stdout}\n{result.stderr}"
        yield url


def test_cross_links_preview_their_target_under_instant_navigation(browser, xref_site_url):
    with open_page(browser, xref_site_url) as (page, problems):
        fetched = []
        page.on(
            "request",
            lambda request: (
                request.resource_type == "fetch"
                and request.url.endswith("/explainers/other-question/")
                and fetched.append(request.url)
            ),
        )
        # Arrive through a cross-link, so instant navigation swaps the page in without a reload.
        page.goto("/explainers/other-question/")
        # Instant navigation takes over links only once it has read sitemap.xml.
        page.wait_for_load_state("networkidle")
        page.evaluate("window.eeSamePage = true")
        page.locator("a.ee-xref[data-finding='first-finding']").click()
        expect(page.locator("h1")).to_have_text("Is this an example?")
        assert page.evaluate("window.eeSamePage === true"), "instant navigation should not reload the page"
        preview = page.locator(".ee-xref-preview[role=tooltip]")

        # Same page: read from the DOM.
        same = page.locator("a.ee-xref[data-finding='second-finding']")
        same.hover()
        expect(preview).to_be_visible()
        expect(preview.locator(".ee-xref-preview-heading")).to_have_text("2. The second finding")
        expect(preview).to_contain_text("Second findings follow first findings")
        expect(same).to_have_attribute("aria-describedby", "ee-xref-preview")
        expect(same).to_have_accessible_description(
            "2. The second finding Second findings follow first findings, as the evidence on this page shows in detail."
        )
        page.mouse.move(5, 790)
        expect(preview).to_have_count(0)
        expect(same).not_to_have_attribute("aria-describedby", "ee-xref-preview")
        assert fetched == []

        # Another page's finding: fetched once, then cached.
        other = page.locator("a.ee-xref[data-finding='other-finding']")
        other.hover()
        expect(preview.locator(".ee-xref-preview-heading")).to_have_text("1. Another finding")
        expect(preview.locator(".ee-xref-preview-context")).to_have_text("Is there another question?")
        expect(preview.locator(".ee-xref-preview-text")).to_have_text(
            "Bananas are evidence of another finding. Back to The first finding."
        )
        screenshot(page, "xref-preview-1280-light.png")
        page.keyboard.press("Escape")
        expect(preview).to_have_count(0)

        # Another explainer as a whole: its question and summary. Keyboard focus shows it too.
        whole = page.locator("a.ee-xref[href$='/other-question/']")  # no finding: the explainer
        whole.focus()
        expect(preview.locator(".ee-xref-preview-heading")).to_have_text("Is there another question?")
        expect(preview).to_contain_text("Partly, and only on Tuesdays")
        assert len(fetched) == 1 and fetched[0].endswith("/explainers/other-question/"), fetched
        page.keyboard.press("Tab")
        expect(preview).to_have_count(0)

        # The card shows a locator, a quote and an archived copy when the data has them.
        marker = page.locator(".ee-finding-text sup.ee-marker > a").first
        marker.hover()
        card = page.locator(CARD)
        expect(card.locator(".ee-locator")).to_have_text("p. 4")
        expect(card.locator("blockquote.ee-note-quote")).to_contain_text("Examples were found in every region.")
        expect(card.locator("a.ee-archive")).to_have_attribute(
            "href", "https://web.archive.org/web/2024/https://example.org/report"
        )
        expect(card.locator(".ee-stance")).to_have_text(["Supports"])
        problems.check()


def test_a_failed_preview_fetch_is_silent(browser, xref_site_url):
    with open_page(browser, xref_site_url) as (page, problems):
        page.route("**/explainers/other-question/", lambda route: route.abort("failed"))
        page.goto("/explainers/example-question/")
        page.locator("a.ee-xref[data-finding='other-finding']").hover()
        page.wait_for_timeout(700)
        expect(page.locator(".ee-xref-preview")).to_have_count(0)
        page.locator("a.ee-xref[data-finding='second-finding']").hover()
        expect(page.locator(".ee-xref-preview")).to_be_visible()
        problems[:] = [p for p in problems if "net::ERR_FAILED" not in p]  # the browser's own log line
        problems.check()
