"""Ready to publish: the public address from the deploy workflow, bylines, "Report a problem",
the corrections page and feed, the licence, a "Last updated" that says why, confidence with its
reasons. A deploy-shaped build (site_url given as the workflow gives it) is checked file by file,
and in Chromium."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import atom
import feedparser
import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT, SEED_SLUG, engine, make_project, open_page, run_build, serve_directory, write_data
from playwright.sync_api import expect

from macros.domain.evidence import scale_level
from macros.domain.problems import DataError
from macros.domain.publication import REPORT_FIELDS, REPORT_FORM, Publication, SourceChange
from macros.domain.site import Site
from macros.load.corpus import load_corpus
from macros.load.history import source_changes
from macros.render.renderer import Renderer

# As actions/configure-pages gives it: base_url, with no trailing slash.
SITE = "https://example-owner.github.io/explainers"
REPO = "https://github.com/example-owner/explainers"
DEPLOY_ENV = {"EE_DEPLOY": "true", "EE_SITE_URL": SITE, "EE_REPO_URL": REPO}
FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / REPORT_FORM

PUBLISHING_DATA = {
    "sources/second-report.yaml": """\
        title: A second report
        publisher: example-news
        date: "2024-07-01"
        url: https://example.org/second
        """,
    "explainers/example-question.yaml": """\
        question: Is this an example?
        short_answer: "yes"
        published: "2026-01-02"
        authors: ["Petrenko, Olena", "Example desk"]
        reviewers: ["Koval, Ivan"]
        topics: [war]
        summary: It is [@example-report].
        findings:
          - id: first-finding
            heading: The first finding
            text: Examples exist [@example-report, p. 4].
          - id: second-finding
            heading: The second finding
            confidence: {evidence: limited, agreement: medium, level: low, justification: Only one report says so.}
            text: A second report agrees [@second-report].
        corrections:
          - date: "2026-02-01"
            what: Changed a word in the summary.
            why: It was wrong.
          - date: "2026-03-15"
            finding: second-finding
            what: Corrected the *date* of the second report.
            why: The report was dated July, not June.
        """,
    "explainers/other-question.yaml": """\
        question: Is this another example?
        short_answer: "no"
        published: "2026-02-10"
        summary: It is not [@second-report].
        findings:
          - id: only-finding
            heading: The only finding
            text: Nothing else [@second-report].
        corrections:
          - date: "2026-02-20"
            what: Replaced the summary's last sentence.
            why: A reader showed it overstated the report.
        """,
}
# Every correction above, newest first: (date, explainer, finding id or None).
CORRECTIONS_NEWEST_FIRST = [
    ("2026-03-15", "example-question", "second-finding"),
    ("2026-02-20", "other-question", None),
    ("2026-02-01", "example-question", None),
]


@pytest.fixture(scope="module")
def deployed(tmp_path_factory) -> Path:
    """The fixture corpus built as the deploy workflow builds: EE_DEPLOY, and the Pages address."""
    project = make_project(tmp_path_factory.mktemp("deploy"), PUBLISHING_DATA)
    result = run_build(project, env=DEPLOY_ENV)
    assert result.returncode == 0, f"the deploy build failed:\n{result.stdout}\n{result.stderr}"
    assert "site_url is not set" not in result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def base_url(deployed):
    with serve_directory(deployed) as url:
        yield url


@pytest.fixture
def site_page(browser, base_url, deployed):
    """A page on the deploy build, served here but answering at its public address too: the theme
    asks for what the build's addresses name (its sitemap, at site_url), as it would once published."""
    with open_page(browser, base_url) as (page, problems):

        def at_public_address(route):
            rel = urlsplit(route.request.url).path.removeprefix(urlsplit(SITE).path).lstrip("/")
            path = deployed / rel
            path = path / "index.html" if path.is_dir() else path
            route.fulfill(path=path) if path.is_file() else route.fulfill(status=404)

        page.context.route(f"{SITE}/**", at_public_address)
        yield page, problems


def _html_pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("index.html") if "assets" not in p.parts and p.parent.name != "404"]


def _jsonld(html: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def _addresses(node, key=None):
    """Every address-valued string in a JSON-LD tree: (key, value)."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _addresses(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _addresses(v, key)
    elif isinstance(node, str) and key in ("@id", "url", "license", "archivedAt", "sameAs"):
        yield key, node


def _absolute(address: str) -> bool:
    parts = urlsplit(address)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


# ---- 1. a public address everywhere ----------------------------------------------------------------


def test_a_deploy_build_makes_every_address_absolute_and_gives_every_page_a_canonical_link(deployed):
    pages = _html_pages(deployed)
    assert len(pages) > 10
    for path in pages:
        html = path.read_text(encoding="utf-8")
        [canonical] = re.findall(r'<link rel="canonical" href="([^"]+)"', html)
        assert canonical.startswith(SITE + "/"), path
        for block in _jsonld(html):
            for key, address in _addresses(block):
                assert _absolute(address), f"{path}: JSON-LD {key} {address!r} is relative"
    explainer = (deployed / "explainers" / "example-question" / "index.html").read_text(encoding="utf-8")
    [graph] = _jsonld(explainer)
    ids = [node["@id"] for node in graph["@graph"]]
    assert ids[0] == f"{SITE}/explainers/example-question/"
    assert sum(1 for _ in _addresses(graph)) >= 10
    for feed_file in ("feed.xml", "corrections.xml"):
        xml = (deployed / feed_file).read_text(encoding="utf-8")
        hrefs = re.findall(r'href="([^"]+)"', xml)
        assert hrefs and all(h.startswith(SITE + "/") for h in hrefs), (feed_file, hrefs)
        assert f'rel="self" type="application/atom+xml" href="{SITE}/{feed_file}"' in xml
    locs = re.findall(r"<loc>([^<]+)</loc>", (deployed / "sitemap.xml").read_text(encoding="utf-8"))
    assert locs and all(loc.startswith(SITE + "/") for loc in locs)
    assert {f"{SITE}/explainers/example-question/", f"{SITE}/corrections/", f"{SITE}/sources/second-report/"} <= set(
        locs
    )
    corpus = json.loads((deployed / "downloads" / "corpus.json").read_text(encoding="utf-8"))
    assert corpus["site"]["url"] == SITE + "/"
    assert all(_absolute(item["page"]) for item in corpus["explainers"] + corpus["sources"])


def test_cite_this_carries_the_public_address_in_every_format(deployed):
    html = (deployed / "explainers" / "example-question" / "index.html").read_text(encoding="utf-8")
    section = html[html.index('<section class="ee-cite"') : html.index('<section class="ee-notes"')]
    url = f"{SITE}/explainers/example-question/"
    formatted = re.findall(r'<p class="ee-copyable ee-cite-formatted" data-copy-label="([^"]+)">(.*?)</p>', section)
    assert [label for label, _ in formatted] == [
        "Copy the APA (7th edition) citation",
        "Copy the Chicago (18th edition, author-date) citation",
    ]
    assert all(url in text for _, text in formatted)
    assert f"url = {{{url}}}" in section
    (csl,) = json.loads(  # CSL-JSON is a list
        re.search(r'data-copy-label="Copy the CSL-JSON item">(.*?)</pre>', section, re.S)
        .group(1)
        .replace("&#34;", '"')
        .replace("&amp;", "&")
    )
    assert csl["URL"] == url
    assert "no public address" not in section


def test_a_deploy_build_without_a_public_address_fails_with_a_clear_message(tmp_path):
    project = make_project(tmp_path)
    for address in ("", None):
        env = {k: v for k, v in os.environ.items() if k != "EE_SITE_URL"}
        env.update(NO_MKDOCS_2_WARNING="1", EE_DEPLOY="true")
        if address is not None:
            env["EE_SITE_URL"] = address
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict"],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode != 0
        assert "this is a build to publish" in result.stderr and "has no public address" in result.stderr
        assert "Set EE_SITE_URL to the site's address" in result.stderr
        assert not (project / "site").exists()  # nothing was published


def test_a_local_build_without_a_public_address_says_so_once(tmp_path):
    project = make_project(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("EE_SITE_URL", "EE_DEPLOY")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("site_url is not set") == 1
    assert "this build is for reading locally" in result.stderr


# ---- the feeds validate ------------------------------------------------------------------------------


def test_the_atom_check_finds_what_rfc_4287_forbids():
    good = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:uuid:1</id><title>T</title>'
        "<updated>2026-01-01T00:00:00Z</updated><author><name>A</name></author></feed>"
    )
    assert atom.problems(good) == []
    assert atom.problems(good.replace("<title>T</title>", "")) == ["feed: 0 atom:title elements, exactly one required"]
    assert atom.problems(good.replace("2026-01-01T00:00:00Z", "2026-01-01")) == [
        "feed: atom:updated '2026-01-01' is not an RFC 3339 date-time (3.3)"
    ]
    no_author = good.replace("<author><name>A</name></author>", "<entry><id>x:y</id></entry>")
    assert "feed: no atom:author, and not every entry has one (4.1.1)" in atom.problems(no_author)
    assert atom.problems(good.replace("</feed>", '<link href="feed.xml" rel="self"/></feed>'), absolute_links=True)


@pytest.mark.parametrize("feed_file", ["feed.xml", "corrections.xml"])
def test_the_feeds_validate_in_a_deploy_build_and_in_a_local_one(deployed, generated_site, feed_file):
    for site, absolute in ((deployed, True), (generated_site, False)):
        xml = (site / feed_file).read_bytes()
        assert atom.problems(xml, absolute_links=absolute) == [], (site, feed_file)
        parsed = feedparser.parse(xml)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert "CC BY 4.0" in parsed.feed.rights and "not covered by this licence" in parsed.feed.rights


def test_the_corrections_feed_lists_every_correction_newest_first(deployed):
    feed = feedparser.parse((deployed / "corrections.xml").read_bytes())
    assert feed.feed.link == f"{SITE}/corrections/"
    got = [(e.updated[:10], e.link) for e in feed.entries]
    expected = [
        (date, f"{SITE}/explainers/{explainer}/#{finding or 'corrections'}")
        for date, explainer, finding in CORRECTIONS_NEWEST_FIRST
    ]
    assert got == expected
    first = feed.entries[0]
    assert first.title == "Correction: Is this an example? (finding 2: The second finding)"
    assert first.summary == "Corrected the date of the second report. Why: The report was dated July, not June."
    assert [a.name for a in first.authors] == ["Olena Petrenko", "Example desk"]
    assert len({e.id for e in feed.entries}) == 3


# ---- 2. bylines, 5. licence in the data -------------------------------------------------------------


def test_authors_and_reviewers_are_in_the_json_ld_and_cite_this(deployed):
    html = (deployed / "explainers" / "example-question" / "index.html").read_text(encoding="utf-8")
    [data] = _jsonld(html)
    by_type = {node["@type"]: node for node in data["@graph"]}
    assert [a["name"] for a in by_type["Article"]["author"]] == ["Olena Petrenko", "Example desk"]
    assert by_type["WebPage"]["reviewedBy"] == [
        {"@type": "Person", "name": "Ivan Koval", "familyName": "Koval", "givenName": "Ivan"}
    ]
    assert (
        by_type["WebPage"]["license"] == by_type["Article"]["license"] == "https://creativecommons.org/licenses/by/4.0/"
    )
    assert "author = {Petrenko, Olena and {Example desk}}" in html
    other = (deployed / "explainers" / "other-question" / "index.html").read_text(encoding="utf-8")
    [data] = _jsonld(other)
    article = next(n for n in data["@graph"] if n["@type"] == "Article")
    assert article["author"] == [{"@type": "Organization", "name": "Evidence Explainers", "url": SITE + "/"}]
    assert "reviewedBy" not in data["@graph"][0]
    assert "author = {{Evidence Explainers}}" in other


def test_the_licence_is_declared_in_the_downloads(deployed):
    corpus = json.loads((deployed / "downloads" / "corpus.json").read_text(encoding="utf-8"))
    assert corpus["licence"]["name"] == "CC BY 4.0"
    assert corpus["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "belong to their publishers" in corpus["licence"]["statement"]
    for bib in (deployed / "downloads" / "bibliography.bib", deployed / "downloads/explainers/example-question.bib"):
        head = bib.read_text(encoding="utf-8").split("\n@", 1)[0]
        assert "% This site's text and data are licensed under CC BY 4.0." in head
        assert "not covered by this licence" in head
    example = next(e for e in corpus["explainers"] if e["id"] == "example-question")
    assert example["reviewers"] == ["Koval, Ivan"]
    assert [c["finding"] for c in example["corrections"]] == [None, "second-finding"]


# ---- in the browser ------------------------------------------------------------------------------------


@pytest.mark.browser
def test_the_byline_names_the_authors_and_reviewers_under_the_title(site_page):
    page, problems = site_page
    page.goto("/explainers/example-question/")
    byline = page.locator("h1#question + .ee-byline")
    expect(byline).to_have_text("By Olena Petrenko, Example desk · Reviewed by Ivan Koval")
    expect(byline).to_be_visible()
    page.goto("/explainers/other-question/")
    expect(page.locator("h1#question + .ee-byline")).to_have_text("By Evidence Explainers")
    problems.check()


def _form_field_ids() -> set[str]:
    form = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    return {item["id"] for item in form["body"] if "id" in item}


@pytest.mark.browser
def test_report_a_problem_opens_a_prefilled_issue_form_for_each_finding_note_and_source(site_page):
    fields = _form_field_ids()
    assert set(REPORT_FIELDS) <= fields  # the ids the links fill in exist in the form
    page, problems = site_page
    page.goto("/explainers/example-question/")
    findings = page.locator("section.ee-finding")
    expect(findings.locator(".ee-report a")).to_have_count(findings.count())
    notes = page.locator("li.ee-note")
    expect(notes.locator(".ee-report a")).to_have_count(notes.count())
    link = page.get_by_role("link", name="Report a problem with finding 2")
    expect(link).to_be_visible()
    checks = [
        (
            link.get_attribute("href"),
            f"{SITE}/explainers/example-question/#second-finding",
            "example-question#second-finding",
        ),
        (
            notes.nth(0).locator(".ee-report a").get_attribute("href"),
            f"{SITE}/explainers/example-question/#note-1",
            "example-question#note-1",
        ),
    ]
    page.goto("/sources/second-report/")
    source_link = page.get_by_role("link", name="Report a problem with this source")
    expect(source_link).to_be_visible()
    checks.append((source_link.get_attribute("href"), f"{SITE}/sources/second-report/", "second-report"))
    problems.check()
    for href, page_address, item in checks:
        parts = urlsplit(href)
        assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPO}/issues/new"
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        assert query["template"] == REPORT_FORM and FORM.is_file()
        assert query["page"] == page_address and query["item"] == item
        assert query["title"].startswith("Problem with ")
        assert set(query) - {"template", "title"} <= fields  # every other parameter fills a field


@pytest.mark.browser
def test_the_corrections_page_lists_every_correction_newest_first_and_links_its_feed(site_page):
    page, problems = site_page
    page.goto("/corrections/")
    expect(page.locator("h1#corrections")).to_have_text("Corrections")
    entries = page.locator("li.ee-correction-entry")
    expect(entries).to_have_count(len(CORRECTIONS_NEWEST_FIRST))
    dates = [entries.nth(i).locator("time").get_attribute("datetime") for i in range(entries.count())]
    assert dates == [date for date, _, _ in CORRECTIONS_NEWEST_FIRST]
    first = entries.nth(0)
    expect(first).to_contain_text("Is this an example?")
    expect(first).to_contain_text("finding 2: The second finding")
    expect(first.locator(".ee-correction-what em")).to_have_text("date")
    expect(first).to_contain_text("Why: The report was dated July, not June.")
    expect(entries.nth(1).locator(".ee-correction-head a")).to_have_count(1)  # no finding: the explainer only
    feed_link = page.get_by_role("link", name="Follow the corrections feed")
    response = page.request.get(urljoin(page.url, feed_link.get_attribute("href")))
    assert response.ok and response.headers["content-type"].startswith(("application/xml", "text/xml"))
    assert atom.problems(response.body(), absolute_links=True) == []
    assert page.locator('head link[rel="alternate"][href$="corrections.xml"]').count() == 1
    first.get_by_role("link", name="finding 2: The second finding").click()
    expect(page).to_have_url(re.compile(r"/explainers/example-question/#second-finding$"))
    expect(page.locator("#corrections + ol li").nth(1)).to_contain_text("finding 2")
    problems.check()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/", "/explainers/example-question/", "/sources/example-report/", "/corrections/"])
def test_the_footer_shows_the_licence_and_links_the_corrections(site_page, path):
    page, problems = site_page
    page.goto(path)
    footer = page.locator("footer .ee-footer")
    licence = footer.get_by_role("link", name="CC BY 4.0")
    expect(licence).to_be_visible()
    assert licence.get_attribute("href") == "https://creativecommons.org/licenses/by/4.0/"
    assert licence.get_attribute("rel") == "license"
    expect(footer).to_contain_text("The sources' own texts")
    expect(footer).to_contain_text("belong to their publishers")
    footer.get_by_role("link", name="Corrections", exact=True).click()
    expect(page).to_have_url(re.compile(r"/corrections/$"))
    expect(page.locator("h1#corrections")).to_be_visible()
    problems.check()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/corrections/", "/explainers/example-question/", "/sources/second-report/"])
def test_no_serious_or_critical_accessibility_violation_with_bylines_reports_and_corrections(site_page, path):
    page, problems = site_page
    page.goto(path)
    page.wait_for_load_state("load")
    found = {
        (violation["id"], node["target"][0] if node["target"] else "")
        for violation in Axe().run(page).response["violations"]
        if violation["impact"] in ("serious", "critical")
        for node in violation["nodes"]
    }
    # As in test_reading.py: Material's search dialog has no accessible name (docs/about/accessibility.md).
    unexpected = found - {("aria-dialog-name", ".md-search")}
    assert not unexpected, json.dumps(sorted(unexpected), indent=1)
    problems.check()


# ---- 6. "Last updated" tells the truth ----------------------------------------------------------------


def _git(repo: Path, *args: str, date: str | None = None) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t")
    env["GIT_COMMITTER_EMAIL"] = "t@example.org"
    if date:
        env["GIT_COMMITTER_DATE"] = env["GIT_AUTHOR_DATE"] = f"{date}T12:00:00+00:00"
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def _commit(repo: Path, rel: str, text: str, date: str) -> None:
    path = repo / rel
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", f"change {rel}", date=date)


def test_last_updated_moves_with_a_cited_source_s_visible_change_and_says_which(tmp_path):
    write_data(tmp_path)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "start", date="2026-01-02")
    source = "data/sources/example-report.yaml"
    original = (tmp_path / source).read_text(encoding="utf-8")
    # A note readers see only on the source page, and a comment: not a change of what readers see of it.
    _commit(tmp_path, source, original + "notes: Seen on the outlet's site.\n# checked\n", "2026-02-01")
    assert source_changes(tmp_path) == {}
    _commit(tmp_path, source, original.replace("An example report", "An example report, revised"), "2026-03-01")
    _commit(
        tmp_path, source, original.replace("An example report", "An example report, revised") + "# x\n", "2026-03-09"
    )
    assert source_changes(tmp_path) == {source: SourceChange("2026-03-01", ("title",))}
    revised = original.replace("An example report", "An example report, revised")
    moved = revised.replace("https://example.org/report", "https://example.org/moved").replace(
        "2024-06-22", "2024-06-23"
    )
    _commit(tmp_path, source, moved, "2026-04-01")
    assert source_changes(tmp_path) == {source: SourceChange("2026-04-01", ("date", "address"))}

    site = Site(load_corpus(tmp_path / "data"))
    explainer = site.corpus.explainers["example-question"]
    pub = Publication(
        last_changed={"data/explainers/example-question.yaml": "2026-01-02"},
        source_changes=source_changes(tmp_path),
    )
    update = site.last_update(pub, explainer)
    assert update.date == "2026-04-01" and not update.own
    assert [(s.id, c.fields) for s, c in update.sources] == [("example-report", ("date", "address"))]
    html = str(Renderer(site, pub).explainer("example-question", "../../"))
    assert (
        '<dt>Last updated</dt><dd><time datetime="2026-04-01">1 April 2026</time> <span class="ee-updated-why">'
        '(a source it cites: <a href="../../sources/example-report/">An example report, revised</a>, '
        "its date and address)</span>"
    ) in html
    # The explainer's own change, later: it is the reason, and the source no longer is.
    own = Publication(
        last_changed={"data/explainers/example-question.yaml": "2026-05-01"}, source_changes=pub.source_changes
    )
    html = str(Renderer(site, own).explainer("example-question", "../../"))
    assert '<time datetime="2026-05-01">1 May 2026</time> <span class="ee-updated-why">(this explainer)</span>' in html
    same_day = Publication(
        last_changed={"data/explainers/example-question.yaml": "2026-04-01"}, source_changes=pub.source_changes
    )
    assert "(this explainer, and a source it cites: " in str(
        Renderer(site, same_day).explainer("example-question", "../../")
    )


def test_a_source_change_an_explainer_does_not_cite_does_not_move_it(tmp_path):
    site, _, _ = engine(write_data(tmp_path, {"sources/uncited.yaml": "title: U\npublisher: example-news\n"}))
    pub = Publication(
        last_changed={"data/explainers/example-question.yaml": "2026-01-02"},
        source_changes={"data/sources/uncited.yaml": SourceChange("2026-06-01", ("title",))},
    )
    update = site.last_update(pub, site.corpus.explainers["example-question"])
    assert (update.date, update.own, update.sources) == ("2026-01-02", True, ())


# ---- corrections name the finding they changed ----------------------------------------------------------


def test_a_correction_naming_an_unknown_finding_is_refused_with_its_position(tmp_path):
    explainer = textwrap.dedent(PUBLISHING_DATA["explainers/example-question.yaml"]).replace(
        "finding: second-finding", "finding: second-findng"
    )
    data = write_data(tmp_path, {**PUBLISHING_DATA, "explainers/example-question.yaml": explainer})
    with pytest.raises(DataError) as info:
        load_corpus(data)
    [problem] = [str(p) for p in info.value.problems]
    line = explainer.splitlines().index("    finding: second-findng") + 1
    assert problem == (
        f"data/explainers/example-question.yaml:{line}:14: the correction names finding 'second-findng', which "
        "this explainer does not have — did you mean 'second-finding'?"
    )


# ---- 7. the seed: bylines and confidence with its reasons -------------------------------------------------


def test_the_seed_is_attributed_to_the_site_and_every_level_off_the_scale_says_why(built_site):
    seed = Site(load_corpus(ROOT / "data"))
    explainer = seed.corpus.explainers[SEED_SLUG]
    assert explainer.authors == () and explainer.reviewers == ()  # nothing invented
    html = (built_site / "explainers" / SEED_SLUG / "index.html").read_text(encoding="utf-8")
    assert '<p class="ee-byline">By <span class="ee-author ee-author-site">Evidence Explainers</span></p>' in html
    off_scale = [
        f
        for f in explainer.findings
        if f.confidence and f.confidence.level != scale_level(f.confidence.evidence, f.confidence.agreement)
    ]
    assert off_scale, "the seed sets some levels below the scale"
    for finding in off_scale:
        section = html[
            html.index(f'<section class="ee-finding ee-kind-{finding.kind}" aria-labelledby="{finding.id}"') :
        ]
        section = section[: section.index("</section>")]
        assert '<div class="ee-justification"><strong>Why this confidence:</strong>' in section, finding.id


def test_the_method_page_says_how_corrections_and_reports_are_handled(built_site):
    html = (built_site / "about" / "method" / "index.html").read_text(encoding="utf-8")
    section = " ".join(html[html.index('id="corrections"') :].split())
    assert 'href="../../corrections/"' in section and 'href="../../corrections.xml"' in section
    for words in ("Report a problem", "A maintainer checks every report", "Last updated", "licensed under CC BY 4.0"):
        assert words in section, words
    assert "carries its reasons" in html  # confidence off the scale, in either direction
