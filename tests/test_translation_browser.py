"""Browser tests of translated explainers, on a fixture corpus built by the test (never the real data):
switching language on a finding keeps the reader at that finding; a translation made lagging by a
change to the original (here: a citation added) shows the notice at that paragraph, with the original
one click away, and on the worklist; and the check refuses a translation with a missing finding or a
changed citation, so the build fails and the last good site stays as it was."""

from __future__ import annotations

import re

import pytest
from conftest import make_project, open_page, run_build, serve_directory
from playwright.sync_api import expect
from test_translations import ORIGINAL, translation

pytestmark = pytest.mark.browser

TRANSLATION = "explainers/example-question.uk.yaml"
UK_PAGE = "/uk/explainers/example-question/"
EN_PAGE = "/explainers/example-question/"
# Enough text that the second finding starts below the first screen.
LONG = "Examples exist [@example-report, p. 4]. See [[#second-finding]]."
FILLER = "\n\n".join(f"Paragraph {n} of a long first finding, to fill the screen." for n in range(40))


def corpus(first_text: str = LONG) -> dict[str, str]:
    original = ORIGINAL["explainers/example-question.yaml"].replace(
        "text: Examples exist [@example-report, p. 4]. See [[#second-finding]].",
        f"text: {first_text}\n            editor_notes:\n              - Filler.\n              - |-\n"
        + "\n".join("                " + line for line in FILLER.splitlines()),
        1,
    )
    original = original.replace("            editor_notes:\n              - A note [@example-report].\n", "", 1)
    return {"explainers/example-question.yaml": original}


def uk(**kwargs) -> str:
    """The Ukrainian translation of `corpus()`: its editor's notes left untranslated."""
    return re.sub(r"    editor_notes:\n      - .*\n", "", translation(**kwargs))


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The fixture corpus and its Ukrainian translation, built with `mkdocs build --strict`."""
    project = make_project(tmp_path_factory.mktemp("translated"), {**corpus(), TRANSLATION: uk()})
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    return project


def test_switching_language_on_a_finding_keeps_the_reader_at_that_finding(browser, project):
    with serve_directory(project / "site") as base_url, open_page(browser, base_url) as (page, problems):
        page.goto(EN_PAGE + "#second-finding")
        heading = page.locator("#second-finding")
        expect(heading).to_be_in_viewport()
        # The links under the finding's heading: no script needed.
        page.locator('section[aria-labelledby="second-finding"] .ee-finding-languages a[data-language="uk"]').click()
        expect(page).to_have_url(base_url + UK_PAGE + "#second-finding")
        expect(page.locator("#second-finding")).to_contain_text("Другий висновок")
        expect(page.locator("#second-finding")).to_be_in_viewport()
        assert page.locator(".ee-explainer").get_attribute("lang") == "uk"
        # The language links at the top keep the finding too: the reader went up to them from there.
        page.locator('.ee-languages a[data-language="en"]').click()
        expect(page).to_have_url(base_url + EN_PAGE + "#second-finding")
        expect(page.locator("#second-finding")).to_contain_text("The second finding")
        expect(page.locator("#second-finding")).to_be_in_viewport()
        problems.check()


def test_the_scripts_buttons_speak_the_pages_language(browser, project):
    """The controls the scripts add (copy a finding's link, copy a citation) take their labels from
    the page, so a Ukrainian page has Ukrainian buttons and an English one English buttons."""
    with serve_directory(project / "site") as base_url, open_page(browser, base_url) as (page, problems):
        page.goto(UK_PAGE)
        button = page.locator("#second-finding .ee-copy-link")
        expect(button).to_have_text("Копіювати посилання")
        expect(button).to_have_accessible_name(re.compile(r"^Копіювати посилання на висновок: .*Другий висновок"))
        expect(page.locator(".ee-copy-text").first).to_have_text("Копіювати")
        page.goto(EN_PAGE)
        expect(page.locator("#second-finding .ee-copy-link")).to_have_text("Copy link")
        expect(page.locator(".ee-copy-text").first).to_have_text("Copy")
        problems.check()


def _choose(page, language: str):
    """Choose a language in the theme's selector in the header (it opens on hover)."""
    page.locator(".md-header .md-select").hover()
    page.locator(f'.md-header .md-select__link[hreflang="{language}"]').click()


def test_the_theme_switcher_keeps_the_reader_at_the_finding_or_leads_to_the_language_start(browser, project):
    with serve_directory(project / "site") as base_url, open_page(browser, base_url) as (page, problems):
        page.goto(EN_PAGE + "#second-finding")
        # The theme's own selector is in the header, each language named in itself.
        choices = page.locator(".md-header .md-select__link")
        expect(choices).to_have_text(["English", "Українська"])
        expect(page.locator("#second-finding")).to_be_in_viewport()
        _choose(page, "uk")
        expect(page).to_have_url(base_url + UK_PAGE + "#second-finding")
        expect(page.locator("#second-finding")).to_contain_text("Другий висновок")
        expect(page.locator("#second-finding")).to_be_in_viewport()
        _choose(page, "en")  # and back, to the same finding
        expect(page).to_have_url(base_url + EN_PAGE + "#second-finding")
        expect(page.locator("#second-finding")).to_contain_text("The second finding")
        expect(page.locator("#second-finding")).to_be_in_viewport()
        # A page with no Ukrainian version: the language's start page, in Ukrainian, listing the translation.
        page.goto("/sources/example-report/")
        _choose(page, "uk")
        expect(page).to_have_url(base_url + "/uk/")
        assert page.locator("html").get_attribute("lang") == "uk"
        expect(page.locator("h1")).to_have_text("Матеріали українською")
        expect(page.locator(".ee-language-home")).to_contain_text("Решта сайту — англійською")
        page.locator(".ee-explainer-link", has_text="Це приклад?").click()
        expect(page).to_have_url(base_url + UK_PAGE)
        problems.check()


def test_a_translation_made_lagging_by_the_original_says_so_at_that_paragraph_and_on_the_worklist(
    browser, project, tmp_path
):
    lagging = make_project(
        tmp_path,
        {
            **corpus("Examples still exist [@example-report, p. 4] [@example-report, p. 7]. See [[#second-finding]]."),
            TRANSLATION: uk(),
        },
    )
    assert run_build(lagging).returncode == 0
    for site in (project / "site", lagging / "site"):
        with serve_directory(site) as base_url, open_page(browser, base_url) as (page, problems):
            page.goto(UK_PAGE)
            first = page.locator('section[aria-labelledby="first-finding"]')
            notices = page.locator("details.ee-lag")
            if site == project / "site":  # the translation matches the original: no notice
                expect(notices).to_have_count(0)
                page.goto("/worklist/")
                expect(page.locator("#translation-lag")).to_contain_text("(2)")  # the two untranslated notes
                continue
            expect(notices).to_have_count(1)
            notice = first.locator("details.ee-lag")
            expect(notice).to_contain_text("Старіше за оригінал.")  # "Older than the original."
            original = notice.locator(".ee-lag-original")
            expect(original).to_be_hidden()
            notice.locator("summary").click()
            expect(original).to_be_visible()
            expect(original).to_contain_text("Examples still exist")
            # The citation the original gained leads to its note on the original's page.
            original.locator("a", has_text="[3]").click()
            expect(page).to_have_url(base_url + EN_PAGE + "#note-3")
            expect(page.locator("#note-3")).to_be_in_viewport()
            page.go_back()
            assert original.get_attribute("lang") == "en"
            expect(first.locator(".ee-finding-text")).to_contain_text("Приклади існують")
            page.goto("/worklist/")
            row = page.locator(
                "tr", has_text="1. The first finding: text: the original changed after it was translated"
            )
            expect(row).to_have_count(1)
            expect(row).to_contain_text("data/explainers/example-question.uk.yaml")
            row.locator("a").first.click()
            expect(page).to_have_url(base_url + UK_PAGE + "#first-finding")
            problems.check()


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (
            uk(findings=("first-finding",)),
            "example-question.uk.yaml:6:1: finding 'second-finding' of the original is missing",
        ),
        (
            uk(second_text="Більше прикладів, на <https://example.org/more> [@example-report, p. 9]."),
            "citation [@example-report, p. 9] differs from the original's [@example-report]",
        ),
    ],
    ids=["missing-finding", "changed-citation"],
)
def test_the_check_refuses_a_broken_translation_and_the_last_good_site_stays(browser, project, broken, message):
    (project / "data" / TRANSLATION).write_text(broken, encoding="utf-8")
    try:
        result = run_build(project)
        assert result.returncode != 0
        assert message in result.stdout + result.stderr
        with serve_directory(project / "site") as base_url, open_page(browser, base_url) as (page, problems):
            page.goto(UK_PAGE + "#second-finding")
            expect(page.locator("#second-finding")).to_contain_text("Другий висновок")
            problems.check()
    finally:
        (project / "data" / TRANSLATION).write_text(uk(), encoding="utf-8")
