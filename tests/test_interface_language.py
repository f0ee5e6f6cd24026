"""A translated page speaks its language: no English interface string of our catalogue appears in
what the engine makes of a /uk/ page (the translated content, notes, profile, chart, facts, dates,
"Cite this", report links), on a fixture corpus that shows each of them. A string added to a
template without its translation, or a catalogue entry left in English, fails here."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from conftest import make_project, run_build

from macros.domain.translation import text_hash as h
from macros.render.renderer import CATALOGUES, interface_strings

SOURCES = {
    "publishers.yaml": """\
        example-news:
          name: Example News
          affiliation: international-media
          reason: An example outlet.
        other-news:
          name: Other News
          affiliation: ukrainian-government
          reason: Another example outlet.
        """,
    # Every kind of fact, an archived copy and an access date, no author, no title, no date.
    "sources/copied-report.yaml": """\
        title: A copied report
        publisher: example-news
        date: "2024-03-22"
        date_inferred: true
        date_note: From the address.
        url: https://example.org/copy
        archive_url: https://web.archive.org/web/2024/https://example.org/copy
        accessed: "2025-01-05"
        copy:
          seen_at: other-news
          note: syndicated copy
        identification:
          match: plausible
          scope: the figure
        relays:
          - publisher: other-news
        """,
    "sources/untitled-item.yaml": """\
        publisher: other-news
        language: cs
        title_note: Not captured.
        url: https://example.org/untitled
        """,
    "sources/dated-item.yaml": """\
        title: A dated item
        publisher: other-news
        date: "2025-04"
        url: https://example.org/dated
        identification:
          match: exact
        """,
}
QUESTION = "Is this an example?"
SUMMARY = "It is [@example-report]."
FIRST = "Examples exist [@example-report, p. 4] [@copied-report] [@dated-item]."
SECOND = "More examples [@untitled-item]."
LIMITS = "Nothing is cited here."
WHAT, WHY = "The first finding said less.", "A source said more."
ORIGINAL = f"""\
question: {QUESTION}
short_answer: "partly"
published: "2026-01-02"
updated: "2026-02-03"
evidence_as_of: "2026-01-01"
review_by: "2020-01-01"
topics: [war]
summary: {SUMMARY}
findings:
  - id: first-finding
    heading: The first finding
    text: {FIRST}
    stances:
      copied-report: contradicts
      dated-item: context
    confidence: {{evidence: medium, agreement: medium, level: medium}}
    editor_notes:
      - A note.
  - id: second-finding
    heading: The second finding
    text: {SECOND}
  - id: limits
    kind: limitations
    heading: What the evidence cannot show
    text: {LIMITS}
corrections:
  - date: "2026-02-01"
    finding: first-finding
    what: {WHAT}
    why: {WHY}
"""
TRANSLATION = f"""\
translation:
  method: machine
  by: Приклад
question: {{text: Це приклад?, translates: {h(QUESTION)}}}
summary: {{text: "Так [@example-report].", translates: {h(SUMMARY)}}}
findings:
  - id: first-finding
    heading: {{text: Перший висновок, translates: {h("The first finding")}}}
    text:
      text: "Приклади існують [@example-report, p. 4] [@copied-report] [@dated-item]."
      translates: {h(FIRST)}
    editor_notes:
      - {{text: Примітка., translates: {h("A note.")}}}
  - id: second-finding
    heading: {{text: Другий висновок, translates: {h("The second finding")}}}
    text: {{text: "Більше прикладів [@untitled-item].", translates: {h(SECOND)}}}
  - id: limits
    heading: {{text: Чого докази не показують, translates: {h("What the evidence cannot show")}}}
    text: {{text: Тут нічого не цитовано., translates: {h(LIMITS)}}}
corrections:
  - what: {{text: Перший висновок казав менше., translates: {h(WHAT)}}}
    why: {{text: Джерело сказало більше., translates: {h(WHY)}}}
"""


DATA = (
    "From the address.",
    "syndicated copy",
    "the figure",
    "Not captured.",
    "Example News",
    "Other News",
    "International media",
    "Ukrainian government",
    "A copied report",
    "A dated item",
    "An example report",
    "APA (7th edition)",
    "Chicago (18th edition, author-date)",
)


class _Texts(HTMLParser):
    """The text and the readable attributes of HTML, outside any element marked with another
    language than the page's (a source's title, the original quoted at a lagging paragraph)."""

    READABLE = ("title", "aria-label", "data-copy-label", "alt")
    VOID = {"br", "img", "input", "meta", "link", "hr", "rect", "wbr"}

    def __init__(self, language: str):
        super().__init__()
        self.language, self.stack, self.found = language, [language], []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        here = values.get("lang") or self.stack[-1]
        if here == self.language:
            self.found += [values[a] for a in self.READABLE if values.get(a)]
        if tag not in self.VOID:
            self.stack.append(here)

    def handle_startendtag(self, tag, attrs):
        values = dict(attrs)
        if (values.get("lang") or self.stack[-1]) == self.language:
            self.found += [values[a] for a in self.READABLE if values.get(a)]

    def handle_endtag(self, tag):
        if tag not in self.VOID and len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack[-1] == self.language and data.strip():
            self.found.append(" ".join(data.split()))


def _pattern(english: str) -> re.Pattern[str]:
    """The English text as it would appear, whatever fills its placeholders."""
    parts = re.split(r"\{\w+\}", english)
    return re.compile(r"(?<![\w])" + ".+?".join(re.escape(p) for p in parts) + r"(?![\w])")


@pytest.fixture(scope="module")
def uk_page(tmp_path_factory) -> str:
    data = {
        **SOURCES,
        "explainers/example-question.yaml": ORIGINAL,
        "explainers/example-question.uk.yaml": TRANSLATION,
    }
    project = make_project(tmp_path_factory.mktemp("interface"), data)
    result = run_build(project, env={"EE_REPO_URL": "https://github.com/example/explainers"})
    assert result.returncode == 0, result.stderr
    html = (project / "site/uk/explainers/example-question/index.html").read_text(encoding="utf-8")
    start = html.index('<div class="ee-explainer"')
    return html[start : html.index("</article>", start)]


def test_no_english_interface_string_is_left_on_a_translated_page(uk_page):
    # The fixture shows what the catalogue translates: the profile, the chart, the facts, the dates.
    for shown in (
        "ee-stance-contradicts",
        "ee-confidence-medium",
        "ee-mix-chart",
        "ee-fact-copy",
        "ee-fact-identification",
        "ee-fact-relays",
        "ee-fact-language",
        "ee-archive",
        "ee-report",
        "ee-shared",
        "ee-stale",
        "ee-flag",
    ):
        assert shown in uk_page, shown
    parser = _Texts("uk")
    parser.feed(uk_page)
    # Data is never translated (sources, publishers, affiliations, topics, the sources' notes), and
    # the citation styles keep their names: what is left of each text is the interface's.
    data = re.compile("|".join(re.escape(d) for d in DATA))
    texts = [data.sub(" ", text) for text in parser.found]
    assert "Перший висновок" in " ".join(texts)
    catalogue = json.loads((CATALOGUES / "uk.json").read_text(encoding="utf-8"))
    left = []
    for english in interface_strings():  # every string the engine translates, in or out of the catalogue
        if catalogue.get(english) == english or not re.sub(r"\{\w+\}", "", english).strip(" ,.;:"):
            continue  # the same in both languages ("{who}: {label}."), or placeholders alone
        pattern = _pattern(english)
        left += [(english, text) for text in texts if pattern.search(text)]
    assert not left, left


def test_dates_and_counts_are_written_as_ukrainian_writes_them(uk_page):
    assert '<time datetime="2026-01-02">2 січня 2026</time>' in uk_page  # published: genitive month
    assert '<time datetime="2026-02-01">1 лютого 2026</time>' in uk_page  # the correction
    assert "квітень 2025" in uk_page  # a month alone: nominative
    assert "приблизно 22 березня 2024" in uk_page  # an inferred date
    assert "3 джерела" in uk_page and "Мова: чеська" in uk_page


def test_the_theme_selector_lists_the_languages_with_translations_and_no_more(tmp_path):
    from conftest import engine, write_data

    from macros.adapter.config import language_alternates

    site, _, _ = engine(write_data(tmp_path / "none"))
    assert language_alternates(site, "en") == []  # nothing translated: no selector
    data = {**SOURCES, "explainers/example-question.yaml": ORIGINAL, "explainers/example-question.uk.yaml": TRANSLATION}
    site, _, _ = engine(write_data(tmp_path / "uk", data))
    assert language_alternates(site, "en") == [
        {"name": "English", "link": "./", "lang": "en"},
        {"name": "Українська", "link": "uk/", "lang": "uk"},
    ]


def test_a_projects_own_selector_is_kept(tmp_path):
    data = {**SOURCES, "explainers/example-question.yaml": ORIGINAL, "explainers/example-question.uk.yaml": TRANSLATION}
    project = make_project(tmp_path, data)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nextra:\n" in text
    config.write_text(
        text.replace("\nextra:\n", "\nextra:\n  alternate:\n    - {name: Own, link: own/, lang: de}\n", 1),
        encoding="utf-8",
    )
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    home = (project / "site/index.html").read_text(encoding="utf-8")
    assert re.findall(r'class="md-select__link">\s*(\S+)\s*</a>', home) == ["Own"]
    # The language's start page is made all the same.
    assert (project / "site/uk/index.html").is_file()


def test_a_cited_sources_change_is_said_in_the_pages_language(tmp_path):
    from conftest import engine, write_data

    from macros.domain.publication import Publication, SourceChange
    from macros.render.renderer import Renderer

    data = {**SOURCES, "explainers/example-question.yaml": ORIGINAL, "explainers/example-question.uk.yaml": TRANSLATION}
    site, _, _ = engine(write_data(tmp_path, data))
    explainer, source = site.corpus.explainers["example-question"], site.corpus.sources["dated-item"]
    pub = Publication(
        last_changed={explainer.doc.file: "2026-01-02"},
        source_changes={source.doc.file: SourceChange("2026-04-01", ("date", "address"))},
    )
    html = str(Renderer(site, pub).explainer("example-question", "../../../", "uk"))
    assert '<time datetime="2026-04-01">1 квітня 2026</time>' in html
    assert "(цитоване джерело: " in html and "A dated item</a>, змінено: дата і адреса)" in html
    english = str(Renderer(site, pub).explainer("example-question", "../../"))
    assert "(a source it cites: " in english and "A dated item</a>, its date and address)" in english
