"""Untrusted data: every attack string is refused with a clear message, or renders inertly.

The payloads (tests/hostile.py) go into every text field of an explainer, a source, a
publisher and a topic. Those the check refuses must be refused with `file:line:col: what —
how to fix`; the rest are built into a site and loaded in Chromium, where nothing may run,
open, navigate or load from elsewhere.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import make_project, one_finding_explainer, run_build, serve_directory
from hostile import MARKER, PAYLOADS, UNICODE, write_corpus
from playwright.sync_api import expect

from macros.domain.problems import DataError
from macros.load.corpus import load_corpus

PROBLEM = re.compile(r"^data/[a-z0-9/-]+\.yaml:\d+:\d+: .+ — .+$")

# Links with a scheme other than http, https or mailto, however spelled, are refused.
MUST_BE_REFUSED = {
    i for i, p in enumerate(PAYLOADS) if re.search(r"(?i)(java|vb)\s*(&#x09;|\t)?\s*script|data:|&#106;", p)
}


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory) -> dict[int, list[str] | None]:
    """For each payload: the problems the check reports, or None when it is accepted."""
    out = {}
    for i in range(len(PAYLOADS)):
        data = tmp_path_factory.mktemp(f"payload{i}") / "data"
        write_corpus(data, [i])
        try:
            load_corpus(data)
            out[i] = None
        except DataError as err:
            out[i] = [str(p) for p in err.problems]
    return out


def test_links_with_forbidden_schemes_are_refused_in_every_spelling(verdicts):
    refused = {i for i, problems in verdicts.items() if problems}
    assert MUST_BE_REFUSED <= refused, [PAYLOADS[i] for i in MUST_BE_REFUSED - refused]


def test_every_refusal_names_the_place_and_the_fix(verdicts):
    for i, problems in verdicts.items():
        for line in problems or []:
            assert PROBLEM.match(line), (PAYLOADS[i], line)


def test_most_payloads_are_accepted_as_text_so_the_render_is_tested(verdicts):
    accepted = [i for i, problems in verdicts.items() if problems is None]
    assert len(accepted) >= len(PAYLOADS) - len(MUST_BE_REFUSED) - 2


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, verdicts) -> tuple[Path, list[int]]:
    accepted = [i for i, problems in verdicts.items() if problems is None]
    project = make_project(tmp_path_factory.mktemp("hostile"))
    data = project / "data"
    for path in sorted(data.rglob("*.yaml"), reverse=True):
        path.unlink()
    write_corpus(data, accepted)
    result = run_build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site", accepted


FORBIDDEN_IN_CONTENT = {
    "script",
    "iframe",
    "object",
    "embed",
    "form",
    "style",
    "base",
    "meta",
    "svg",
    "math",
    "img",
    "button",
    "input",
    "textarea",
    "select",
    "link",
    "frame",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcdoc", "data", "poster", "background"}


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, and whether it is inside the content."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict, bool]] = []
        self._depth = 0  # inside <article class="md-content__inner"> when > 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._depth:
            self._depth += tag == "article"
        elif tag == "article" and "md-content__inner" in (attrs.get("class") or ""):
            self._depth = 1
        self.tags.append((tag, attrs, bool(self._depth)))

    def handle_endtag(self, tag):
        if self._depth and tag == "article":
            self._depth -= 1


def test_the_built_pages_hold_no_markup_from_the_data(hostile_site):
    site, accepted = hostile_site
    pages = [site / "explainers" / f"hostile-{i}" / "index.html" for i in accepted]
    pages += [site / "sources" / f"hostile-{i}" / "index.html" for i in accepted]
    pages += [site / "topics" / f"hostile-{i}" / "index.html" for i in accepted]
    pages += [site / name / "index.html" for name in ("bibliography", "bibliography/all", "topics", "worklist")]
    pages.append(site / "index.html")
    for page in pages:
        tags = Tags(page.read_text(encoding="utf-8")).tags
        ours = [("input", "ee-bib-filter"), ("svg", "ee-mix-chart")]  # the filter box; the source-mix chart
        assert [
            (t, a.get("id"))
            for t, a, inside in tags
            if inside and t in FORBIDDEN_IN_CONTENT and (t, a.get("id") or a.get("class")) not in ours
        ] == [], page
        assert [(t, a) for t, attrs, _ in tags for a in attrs if a.lower().startswith("on")] == [], page
        urls = [v.strip().lower() for _, attrs, _ in tags for a, v in attrs.items() if a in URL_ATTRIBUTES and v]
        assert [
            u for u in urls if re.match(r"[a-z][a-z0-9+.-]*:", u) and not u.startswith(("http:", "https:", "mailto:"))
        ] == [], page
        assert len([t for t, _, _ in tags if t == "title"]) == 1


def test_data_text_shows_literally_and_is_never_evaluated(hostile_site):
    site, accepted = hostile_site
    jinja = PAYLOADS.index("{{ 7*7 }} {% include 'mkdocs.yml' %} {# comment #} {{ config.site_name }}")
    snippet = PAYLOADS.index('--8<-- "mkdocs.yml"')
    assert {jinja, snippet} <= set(accepted)
    literal = "{{ 7*7 }} {% include &#39;mkdocs.yml&#39; %} {# comment #} {{ config.site_name }}"
    # The payload is the explainer's question and the source's title: each page's title and heading.
    for kind in ("explainers", "sources"):
        html = (site / kind / f"hostile-{jinja}" / "index.html").read_text(encoding="utf-8")
        assert f"<title>{MARKER}{jinja} {literal} - Evidence Explainers</title>" in html, kind
        heading = {"explainers": "question", "sources": "source"}[kind]
        assert f'<h1 id="{heading}" dir="auto">{MARKER}{jinja} {literal}</h1>' in html, kind
        assert html.count(f"{MARKER}{jinja} {{{{ 7*7 }}}}") >= 4, kind
        assert "site_name:" not in html and "theme:" not in html, kind  # mkdocs.yml was not included
        html = (site / kind / f"hostile-{snippet}" / "index.html").read_text(encoding="utf-8")
        assert html.count(f"{MARKER}{snippet} --8&lt;-- &#34;mkdocs.yml&#34;") >= 4, kind
        assert "site_name:" not in html, kind
    html = (site / "topics" / f"hostile-{jinja}" / "index.html").read_text(encoding="utf-8")
    assert f"<title>Topic: {MARKER}{jinja} {literal} - Evidence Explainers</title>" in html
    assert "site_name:" not in html


def test_entities_in_one_line_fields_show_as_written_not_decoded(hostile_site):
    # A title is one line of plain text, not HTML: `&lt;` in it is four characters a reader sees,
    # in the tab title, the theme's header and the heading, on explainer, source and topic pages.
    site, accepted = hostile_site
    i = PAYLOADS.index("&lt;script&gt;alert(24)&lt;/script&gt;")
    assert i in accepted
    shown = f"{MARKER}{i} &amp;lt;script&amp;gt;alert(24)&amp;lt;/script&amp;gt;"
    for kind, prefix in (("explainers", ""), ("sources", ""), ("topics", "Topic: ")):
        html = (site / kind / f"hostile-{i}" / "index.html").read_text(encoding="utf-8")
        assert f"<title>{prefix}{shown} - Evidence Explainers</title>" in html, kind
        assert f'<span class="md-ellipsis">\n{prefix}{shown}\n</span>' in html, kind  # the header
        assert re.search(rf"<h1[^>]*>{re.escape(shown)}</h1>", html), kind
        assert f"{MARKER}{i} <script>" not in html, kind  # never decoded into markup


@pytest.fixture(scope="module")
def base_url(hostile_site):
    with serve_directory(hostile_site[0]) as url:
        yield url


@pytest.mark.browser
def test_nothing_in_the_data_runs_opens_or_loads_in_a_real_browser(hostile_site, page_and_problems):
    site, accepted = hostile_site
    page, problems = page_and_problems
    # A payload that runs sets this marker (and a dialog would be recorded as a problem too).
    page.add_init_script(
        "window.__eePwned = false; for (const f of ['alert', 'confirm', 'prompt', 'print'])"
        " { window[f] = () => { window.__eePwned = true; }; }"
    )
    paths = [f"/{kind}/hostile-{i}/" for i in accepted for kind in ("explainers", "sources", "topics")]
    paths += ["/bibliography/", "/bibliography/all/", "/topics/", "/worklist/", "/"]
    for path in paths:
        page.goto(path)
        page.wait_for_load_state("load")
        page.hover("h1")
        assert page.evaluate("window.__eePwned") is False, f"a payload ran on {path}"
        assert page.url.endswith(path), f"{path} navigated away to {page.url}"
        found = page.evaluate("""() => {
            const bad = [];
            for (const el of document.querySelectorAll('*')) {
                for (const attr of el.attributes) {
                    if (/^on/i.test(attr.name)) bad.push(`${el.tagName} ${attr.name}`);
                    if (/^(href|src|action|formaction|xlink:href|srcdoc)$/i.test(attr.name)) {
                        const url = new URL(attr.value, location.href);
                        const allowed = ['http:', 'https:', 'mailto:'];
                        if (!allowed.includes(url.protocol)) bad.push(`${el.tagName} ${attr.value}`);
                    }
                }
            }
            // Every page, the engine's source pages included, is a theme page: its content is .md-content.
            const content = document.querySelector('.md-content');
            for (const tag of ['script', 'iframe', 'object', 'embed', 'form', 'style', 'base', 'svg:not(.ee-mix-chart)',
                               'math', 'img', '.ee-mix-chart :not(rect, text)']) {
                if (content.querySelector(tag)) bad.push(`<${tag}> in the content`);
            }
            if (document.querySelectorAll('base, meta[http-equiv]').length) bad.push('base or meta refresh');
            return bad;
        }""")
        assert found == [], (path, found)
    # Search results are built as text (search.js), so searching for every payload at once shows
    # them as text and runs none.
    page.goto("/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially(MARKER, delay=20)
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=15_000)
    assert page.evaluate("window.__eePwned") is False, "a payload ran in the search results"
    assert (
        page.evaluate("""() => [...document.querySelectorAll('.md-search-result *')]
        .filter(el => [...el.attributes].some(a => /^on/i.test(a.name)) ||
                      ['SCRIPT', 'IMG', 'IFRAME', 'SVG', 'OBJECT'].includes(el.tagName.toUpperCase())).length""")
        == 0
    )
    problems.check()
    # The Jinja payload and the escaped-looking entities are in the tab title and the heading as
    # written, on the explainer (its question) and on the source (its title).
    jinja = PAYLOADS.index("{{ 7*7 }} {% include 'mkdocs.yml' %} {# comment #} {{ config.site_name }}")
    entities = PAYLOADS.index("&lt;script&gt;alert(24)&lt;/script&gt;")
    for i in (jinja, entities):
        for kind in ("explainers", "sources"):
            page.goto(f"/{kind}/hostile-{i}/")
            assert page.title() == f"{MARKER}{i} {PAYLOADS[i]} - Evidence Explainers", kind
            assert page.inner_text("h1") == f"{MARKER}{i} {PAYLOADS[i]}", kind
    # Non-Latin scripts, right-to-left text and emoji read exactly as written.
    for text in UNICODE:
        i = PAYLOADS.index(text)
        for kind in ("explainers", "sources"):
            page.goto(f"/{kind}/hostile-{i}/")
            assert page.inner_text("h1") == f"{MARKER}{i} {text}", kind
            assert page.get_attribute("h1", "dir") == "auto", kind


# --- pathological text and files -----------------------------------------------------------


def _problems(tmp_path, files) -> list[str]:
    from conftest import write_data

    try:
        load_corpus(write_data(tmp_path, files))
    except DataError as err:
        return [str(p) for p in err.problems]
    return []


def _finding_text(text: str) -> dict[str, str]:
    import json

    return one_finding_explainer(json.dumps(text))


@pytest.mark.parametrize(
    "text, message",
    [
        ("[" * 5000, "more than 300 '[' characters in one text — remove stray brackets or split the text"),
        ("![" * 2000, "more than 300 '[' characters in one text"),
        ("- " * 500 + "deep", "lists or quotes nested more than 16 deep — flatten the list or quote"),
        ("> " * 500 + "deep", "lists or quotes nested more than 16 deep"),
        (">" * 5000, "lists or quotes nested more than 16 deep"),
        ("1. " * 300 + "deep", "lists or quotes nested more than 16 deep"),
        ("x" * 20001, "'findings[1].text' is longer than 20000 characters — shorten it"),
    ],
)
def test_text_that_would_stall_or_crash_markdown_is_refused(tmp_path, text, message):
    problems = _problems(tmp_path, _finding_text(text))
    assert len(problems) == 1 and message in problems[0], problems
    assert problems[0].startswith("data/explainers/example-question.yaml:8:")


def test_a_megabyte_without_a_space_is_refused_by_the_file_size_cap(tmp_path):
    problems = _problems(tmp_path, _finding_text("a" * 1_000_000))
    assert problems == [
        "data/explainers/example-question.yaml:1:1: the file is 1,000,184 bytes, over the "
        "524,288-byte limit — split it or shorten the text; no data file needs this much"
    ]


def test_an_alias_bomb_is_refused_at_its_first_anchor(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    problems = _problems(tmp_path, {"sources/example-report.yaml": bomb})
    assert problems == [
        "data/sources/example-report.yaml:1:4: anchors (&name) are not allowed — "
        "remove the anchor and write values out in full"
    ]


@pytest.mark.parametrize(
    "name",
    [
        "Example.yaml",
        "exa mple.yaml",
        "example_report.yaml",
        "..yaml",
        "exаmple.yaml",  # a Cyrillic 'а'
        "example‐report.yaml",  # U+2010 hyphen
        "-example.yaml",
        "example-.yaml",
    ],
)
def test_ids_that_are_not_safe_slugs_are_refused(tmp_path, name):
    problems = _problems(tmp_path, {f"sources/{name}": "title: T\npublisher: example-news\n"})
    assert len(problems) == 1
    assert problems[0].startswith(f"data/sources/{name}:1:1: the file name {name!r} is not a valid id: ")
    assert problems[0].endswith(
        " — rename the file: lowercase letters, digits and single hyphens, e.g. kyiv-independent-pow-treatment.yaml"
    )


def test_ids_inside_files_are_safe_slugs_too(tmp_path):
    entry = "  name: E\n  affiliation: international-media\n  reason: R.\n"
    problems = _problems(
        tmp_path,
        {
            "publishers.yaml": f"example-news:\n{entry}../etc/passwd:\n{entry}",
            "sources/example-report.yaml": "title: T\npublisher: ../etc/passwd\n",
        },
    )
    assert "data/publishers.yaml:5:1: the id '../etc/passwd' is not a valid id" in problems[0]
    assert problems[1].startswith("data/sources/example-report.yaml:2:12: 'publisher' is not a valid id")


def test_two_builds_of_the_same_data_are_byte_identical(tmp_path):
    import os

    project = make_project(tmp_path, generated=(3, 24))
    os.environ["SOURCE_DATE_EPOCH"] = "1767225600"
    try:
        first, second = tmp_path / "one", tmp_path / "two"
        assert run_build(project, first).returncode == 0
        assert run_build(project, second).returncode == 0
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert len(files) > 20
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_a_symbolic_link_in_data_is_refused_and_not_read(tmp_path):
    import os

    secret = tmp_path / "secret.yaml"
    secret.write_text("secret_key: hunter2\n")
    from conftest import write_data

    data = write_data(tmp_path)
    os.symlink(secret, data / "sources" / "leak.yaml")
    with pytest.raises(DataError) as info:
        load_corpus(data)
    assert [str(p) for p in info.value.problems] == [
        "data/sources/leak.yaml:1:1: a symbolic link in the data folder — replace it with the file itself; "
        "data/ never reads outside itself"
    ]
