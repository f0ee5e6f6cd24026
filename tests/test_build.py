"""Whole builds of small projects: what reaches the page, and what stops a build."""

from __future__ import annotations

import re
import time
from pathlib import Path

from conftest import make_project, run_build, search_docs

TWO_EXPLAINERS = {
    "explainers/example-question.yaml": """\
        question: Is this an example?
        short_answer: "yes"
        published: "2026-01-02"
        summary: It is [@example-report]; see [[other-question#other-finding]].
        findings:
          - id: first-finding
            heading: The first finding
            text: Examples exist [@example-report, p. 4]. Compare [[other-question]]
              and [[#second-finding|the next one]].
          - id: second-finding
            heading: The second finding
            text: More text.
        """,
    "explainers/other-question.yaml": """\
        question: Is there another question?
        short_answer: partly
        published: "2026-02-03"
        summary: Partly [@example-report].
        findings:
          - id: other-finding
            heading: Another finding
            text: Back to [[example-question#first-finding]].
        """,
}


def read(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def staged(project: Path) -> list[str]:
    """Staging folders a build left beside the site (macros/publish/staging.py)."""
    return [p.name for p in project.glob(".site.building-*")]


def wait_for_replaced_sites_to_go(project: Path) -> None:
    """A replaced site is renamed aside and deleted by a detached process (macros/publish/staging.py),
    so the build does not wait for it: it goes, in time."""
    deadline = time.monotonic() + 60
    while any(project.glob(".site.*-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(project.glob(".site.*-*")), "the replaced site was not deleted"


def test_cross_links_between_findings_and_explainers_resolve(tmp_path):
    project = make_project(tmp_path, TWO_EXPLAINERS)
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    html = read(project / "site", "explainers/example-question")
    assert (
        '<a class="ee-xref" href="../../explainers/other-question/#other-finding" data-finding="other-finding">'
        "Another finding</a>" in html
    )
    assert '<a class="ee-xref" href="../../explainers/other-question/">Is there another question?</a>' in html
    assert '<a class="ee-xref" href="#second-finding" data-finding="second-finding">the next one</a>' in html
    other = read(project / "site", "explainers/other-question")
    assert 'href="../../explainers/example-question/#first-finding"' in other


def test_a_broken_cross_link_fails_the_build_and_keeps_the_last_site(tmp_path):
    project = make_project(tmp_path, TWO_EXPLAINERS)
    assert run_build(project).returncode == 0
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    broken = project / "data/explainers/other-question.yaml"
    broken.write_text(broken.read_text().replace("#first-finding", "#frist-finding"))
    result = run_build(project)
    assert result.returncode != 0
    assert (
        "data/explainers/other-question.yaml:8:21: cross-link to unknown finding 'frist-finding' "
        "in explainer 'example-question' — did you mean 'first-finding'?"
    ) in result.stderr
    assert "Traceback" not in result.stderr
    after = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before
    assert staged(project) == []


def test_data_text_is_never_a_template(tmp_path):
    jinja = "{{ 7*7 }} {% if true %}yes{% endif %} {# note #} {{ config.site_name }}"
    project = make_project(
        tmp_path,
        {
            "publishers.yaml": f"""\
            example-news:
              name: "{jinja}"
              affiliation: international-media
              reason: "{jinja}"
            """,
            "sources/example-report.yaml": f"""\
            title: "Report {jinja}"
            publisher: example-news
            authors: ["{jinja}"]
            url: https://example.org/report
            """,
            "explainers/example-question.yaml": f"""\
            question: "Is {jinja} shown?"
            short_answer: "yes"
            published: "2026-01-02"
            summary: "Summary {jinja} [@example-report]"
            findings:
              - id: first-finding
                heading: "Heading {jinja}"
                text: "Text {jinja} [@example-report]"
                editor_notes: ["Note {jinja}"]
            """,
        },
    )
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    explainer = read(site, "explainers/example-question")
    source = read(site, "sources/example-report")
    literal = "{{ 7*7 }} {% if true %}yes{% endif %} {# note #} {{ config.site_name }}"
    for html in (explainer, source, read(site, "bibliography"), read(site, "")):
        assert "49" not in html.replace("&#", "")  # nothing was evaluated...
        assert "Evidence Explainers yes" not in html
    assert f"<title>Is {literal} shown? - Evidence Explainers</title>" in explainer  # ...titles included
    for field in ("Summary", "Heading", "Text", "Note"):
        assert f"{field} {literal}" in explainer
    assert f"Report {literal}" in source
    titles = {d["location"]: d["title"] for d in search_docs(site)}
    assert titles["explainers/example-question/"] == f"Is {literal} shown?"


def test_markup_in_data_is_sanitised_but_editing_markdown_survives(tmp_path):
    project = make_project(
        tmp_path,
        {
            "explainers/example-question.yaml": """\
            question: "</title><script>alert(1)</script> Is this <b>bold</b>?"
            short_answer: "yes"
            published: "2026-01-02"
            summary: "*Emphasis*, **strong** and `code` [@example-report]"
            findings:
              - id: first-finding
                heading: "<img src=x onerror=alert(1)>"
                text: |
                  <script>alert(2)</script><img src="https://example.org/i.png" onerror=alert(3)>
                  <a href="https://example.org/x" onclick="alert(5)" style="color:red">click</a>
                  [a link](https://example.org/page "title") and <iframe src="https://example.org"></iframe>

                  - a list item
                  > a quote
        """,
        },
    )
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    html = read(project / "site", "explainers/example-question")
    body = html[html.index('<div class="ee-explainer"') : html.index("</article>")]
    tags = re.findall(r"<[a-zA-Z][^>]*>", body)
    assert not [t for t in tags if re.match(r"<(script|iframe|img)\b", t)]
    assert not [t for t in tags if re.search(r"\son\w+\s*=|javascript:", t)]
    question = "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; Is this &lt;b&gt;bold&lt;/b&gt;?"
    assert question in body
    # The theme puts the page title in <title> and the header: escaped there too.
    head_and_header = html[: html.index('<div class="ee-explainer"')]
    assert "<script>alert(1)" not in head_and_header and "<b>bold" not in head_and_header
    assert f"<title>{question} - Evidence Explainers</title>" in head_and_header
    assert head_and_header.count(question) == 2
    assert "<em>Emphasis</em>, <strong>strong</strong> and <code>code</code>" in body
    assert '<a href="https://example.org/page" title="title" rel="noopener noreferrer">a link</a>' in body
    assert "<li>a list item" in body and "<blockquote>" in body


def test_a_build_failing_late_in_strict_mode_keeps_the_last_site(tmp_path):
    project = make_project(tmp_path)
    assert run_build(project).returncode == 0
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    page = project / "docs" / "bibliography.md"
    page.write_text(page.read_text() + "\n[a broken link](no-such-page.md)\n")
    result = run_build(project)
    assert result.returncode != 0
    assert "no-such-page.md" in result.stderr
    after = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before
    assert staged(project) == []  # the failed build's staging folder is gone
    wait_for_replaced_sites_to_go(project)
    assert sorted(p.name for p in project.iterdir()) == ["data", "docs", "macros", "mkdocs.yml", "overrides", "site"]


def test_a_good_build_replaces_the_site(tmp_path):
    project = make_project(tmp_path)
    assert run_build(project).returncode == 0
    (project / "site" / "stale.html").write_text("left over")
    assert run_build(project).returncode == 0
    assert not (project / "site" / "stale.html").exists()
    assert (project / "site" / "explainers" / "example-question" / "index.html").exists()
    assert staged(project) == []
    wait_for_replaced_sites_to_go(project)
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


def test_the_corpus_is_loaded_once_per_build_and_generated_pages_stay_out_of_the_nav(tmp_path):
    project = make_project(tmp_path, TWO_EXPLAINERS)
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("Loaded and checked data/: 2 explainers, 1 sources") == 1
    home = read(project / "site", "")
    # Every generated page (explainers, sources, topics) is reachable, but none is listed in the nav.
    links = set(
        re.findall(r'class="md-nav__link[^"]*"[^>]*href="([^"]+)"|href="([^"]+)"[^>]*class="md-nav__link', home)
    )
    hrefs = {a or b for a, b in links}
    assert "topics/" in hrefs and "bibliography/" in hrefs  # hand-written pages are listed
    assert not {h for h in hrefs if re.match(r"(explainers|sources|topics)/[^/]+/", h)}
