"""A source page's "Cited by": grouped by explainer, each place (a finding, or the summary) with
the source's stance there and its notes; beyond the first few places of an explainer and the first
few explainers, folded away, so a source cited by hundreds of findings has a page of bounded height.

On a fixture corpus built here: one source cited by many explainers, in many findings each."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import engine, make_project, open_page, run_build, serve_directory, write_data
from playwright.sync_api import expect

from macros.render.renderer import CITED_EXPLAINERS, CITED_PLACES

EXPLAINERS, FINDINGS = CITED_EXPLAINERS + 3, CITED_PLACES + 4
STANCES = ["supports", "contradicts", "context"]


def _explainer(n: int) -> str:
    findings = "".join(
        f"""
  - id: finding-{f}
    heading: Finding {f} of explainer {n}
    text: It says so [@hub]{" and again [@hub, p. 2]" if f == 0 else ""}.
    stances:
      hub: {STANCES[(n + f) % 3]}
"""
        for f in range(FINDINGS)
    )
    return f"""\
question: Question {n}?
short_answer: "yes"
published: "2026-01-{n + 1:02d}"
summary: It is [@example-report].
findings:{findings}"""


FILES = {
    "sources/hub.yaml": "title: The hub\npublisher: example-news\nurl: https://example.org/hub\n",
    "explainers/example-question.yaml": None,
    **{f"explainers/question-{n}.yaml": _explainer(n) for n in range(EXPLAINERS)},
}


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return write_data(tmp_path_factory.mktemp("cited"), FILES)


def test_cited_by_groups_places_by_explainer_with_stance_and_folds_the_rest(data):
    site, _, renderer = engine(data)
    html = str(renderer.source("hub", "../../"))
    cited = html[html.index('id="cited-by"') :]
    assert f"{EXPLAINERS} explainers, {EXPLAINERS * FINDINGS} places." in cited
    # Newest explainer first; each once, with a tally of its stances.
    order = [f"Question {n}?" for n in reversed(range(EXPLAINERS))]
    assert [cited.index(q) for q in order] == sorted(cited.index(q) for q in order)
    newest = cited[cited.index(order[0]) : cited.index(order[1])]
    n = EXPLAINERS - 1
    stances = [STANCES[(n + f) % 3] for f in range(FINDINGS)]
    tally = ", ".join(f"{s} {stances.count(s)}" for s in STANCES if stances.count(s))
    assert f"{FINDINGS} places: {tally}" in newest
    # A finding citing the source twice is one place, with both notes.
    assert newest.count(f"Finding 0 of explainer {n}") == 1
    # The first places show; the others are folded into a details element.
    shown, folded = newest.split('<details class="ee-cited-more">')
    assert shown.count('class="ee-stance ') == CITED_PLACES
    assert folded.count('class="ee-stance ') == FINDINGS - CITED_PLACES
    assert f"{FINDINGS - CITED_PLACES} more places in this explainer" in folded
    labels = {"supports": "Supports", "contradicts": "Contradicts", "context": "Context"}
    for f in range(FINDINGS):
        stance = stances[f]
        label = f'<span class="ee-stance ee-stance-{stance}">{labels[stance]}</span>'
        assert f'{label} <a href="../../explainers/question-{n}/#finding-{f}">' in newest
    assert f"{EXPLAINERS - CITED_EXPLAINERS} more explainers" in cited


VISIBLE = "els => els.filter(e => e.checkVisibility()).length"


@pytest.mark.browser
def test_a_source_cited_everywhere_has_a_page_of_bounded_height(browser, tmp_path):
    project = make_project(tmp_path, FILES)
    assert run_build(project).returncode == 0
    with serve_directory(project / "site") as url, open_page(browser, url) as (page, problems):
        page.goto("/sources/hub/")
        places = page.locator(".ee-cited-places > li")
        expect(places).to_have_count(EXPLAINERS * FINDINGS)
        assert places.evaluate_all(VISIBLE) == CITED_EXPLAINERS * CITED_PLACES
        assert page.evaluate("document.documentElement.scrollHeight") < 4000
        # Opening one explainer's fold shows its other places.
        page.locator(".ee-cited-explainer .ee-cited-more > summary").first.click()
        assert places.evaluate_all(VISIBLE) == CITED_EXPLAINERS * CITED_PLACES + FINDINGS - CITED_PLACES
        problems.check()
