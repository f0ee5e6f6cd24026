"""Checking data/: every rule a contributor can break, and the exact line they are shown.

Each test writes the minimal valid data folder with one file changed, and compares the problems
with what `python -m macros check` prints: `data/<file>:<line>:<col>: <what> — <how to fix>`.
Line and column point at the offending key or value in the YAML written here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import one_finding_explainer, write_data

from macros.domain.problems import DataError
from macros.load.corpus import load_corpus

EXPLAINER = "explainers/example-question.yaml"
SOURCE = "sources/example-report.yaml"
SHOWN_EXPLAINER = "data/explainers/example-question.yaml"
SHOWN_SOURCE = "data/sources/example-report.yaml"

LINK_FIX = "link to a full https://, http:// or mailto: address"
URL_FIX = "use a full address starting with https://, http:// or mailto:"
ID_FIX = "use lowercase letters, digits and single hyphens, e.g. `kyiv-independent`"
UNEXPECTED_FIX = (
    "data/ holds explainers/<id>.yaml, sources/<id>.yaml, publishers.yaml, affiliations.yaml and topics.yaml"
)

# A second, valid explainer for cross-links to point at.
OTHER_EXPLAINER = {
    "explainers/other-question.yaml": """\
        question: Is this another example?
        short_answer: "no"
        published: "2026-01-03"
        summary: It is not.
        findings:
          - id: second-finding
            heading: The second finding
            text: Nothing here.
        """,
}


def problems(tmp_path: Path, files: dict[str, str | None]) -> list[str]:
    """The problems printed for the minimal data with `files` changed; the data must not load."""
    data = write_data(tmp_path, files)
    with pytest.raises(DataError) as info:
        load_corpus(data)
    return [str(p) for p in info.value.problems]


def explainer_with_text(text_line: str) -> dict[str, str]:
    """The minimal explainer whose one finding's text is `text_line`, which sits on line 8."""
    return one_finding_explainer(text_line)


# --- the minimal data --------------------------------------------------------------------------


def test_minimal_data_loads(tmp_path):
    corpus = load_corpus(write_data(tmp_path))
    assert list(corpus.explainers) == ["example-question"]
    assert list(corpus.sources) == ["example-report"]
    assert list(corpus.publishers) == ["example-news"]
    assert list(corpus.topics) == ["war"]
    explainer = corpus.explainers["example-question"]
    assert explainer.short_answer == "yes"
    assert [f.id for f in explainer.findings] == ["first-finding"]
    assert corpus.sources["example-report"].publisher == "example-news"


def test_readme_and_hidden_files_are_ignored(tmp_path):
    data = write_data(
        tmp_path, {"README.md": "# About data/\n", ".editorconfig": "root = true\n", "sources/.DS_Store": "x"}
    )
    assert list(load_corpus(data).sources) == ["example-report"]


def test_missing_data_folder(tmp_path):
    with pytest.raises(DataError) as info:
        load_corpus(tmp_path / "data")
    assert [str(p) for p in info.value.problems] == [
        "data:1:1: the data folder does not exist — run from the project's top folder, or pass --data"
    ]


# --- ids that must exist -----------------------------------------------------------------------


def test_unknown_source_with_a_close_id_suggests_it(tmp_path):
    assert problems(
        tmp_path,
        {
            EXPLAINER: """\
        question: Is this an example?
        short_answer: "yes"
        published: "2026-01-02"
        summary: It is [@example-reprot].
        findings:
          - id: first-finding
            heading: The first finding
            text: Examples exist.
        """
        },
    ) == [
        f"{SHOWN_EXPLAINER}:4:18: cites unknown source 'example-reprot' — did you mean 'example-report'? "
        "Or add data/sources/example-reprot.yaml"
    ]


def test_unknown_source_in_the_second_item_of_a_cluster(tmp_path):
    # `    text: Examples exist [@example-report; @` is 44 characters: the id starts at column 45
    assert problems(tmp_path, explainer_with_text("Examples exist [@example-report; @nowhere-at-all].")) == [
        f"{SHOWN_EXPLAINER}:8:45: cites unknown source 'nowhere-at-all' — add data/sources/nowhere-at-all.yaml"
    ]


def test_unknown_source_in_an_editor_note(tmp_path):
    assert problems(
        tmp_path,
        {
            EXPLAINER: """\
        question: Is this an example?
        short_answer: "yes"
        published: "2026-01-02"
        summary: It is [@example-report].
        findings:
          - id: first-finding
            heading: The first finding
            text: Examples exist [@example-report].
            editor_notes:
              - Counted twice in [see @other-count, table 2].
        """
        },
    ) == [f"{SHOWN_EXPLAINER}:10:32: cites unknown source 'other-count' — add data/sources/other-count.yaml"]


def test_unknown_publisher(tmp_path):
    assert problems(
        tmp_path,
        {
            SOURCE: """\
        title: An example report
        publisher: exampel-news
        url: https://example.org/report
        """
        },
    ) == [
        f"{SHOWN_SOURCE}:2:12: unknown publisher 'exampel-news' — did you mean 'example-news'? "
        "Or add 'exampel-news:' with a name, affiliation and reason to data/publishers.yaml"
    ]


def test_unknown_publisher_where_a_copy_was_seen(tmp_path):
    assert problems(
        tmp_path,
        {
            SOURCE: """\
        title: An example report
        publisher: example-news
        url: https://mirror.example/report
        copy:
          seen_at: mirror-site
          note: wire copy
        """
        },
    ) == [
        f"{SHOWN_SOURCE}:5:12: unknown publisher 'mirror-site' — add 'mirror-site:' with a name, affiliation and "
        "reason to data/publishers.yaml"
    ]


def test_unknown_relay_publisher(tmp_path):
    assert problems(
        tmp_path,
        {
            SOURCE: """\
        title: An example report
        publisher: example-news
        relays: [{publisher: example-news}, {publisher: wire-service}]
        """
        },
    ) == [
        f"{SHOWN_SOURCE}:3:49: unknown publisher 'wire-service' — add 'wire-service:' with a name, affiliation and "
        "reason to data/publishers.yaml"
    ]


def test_unknown_topic(tmp_path):
    assert problems(
        tmp_path,
        {
            EXPLAINER: """\
        question: Is this an example?
        short_answer: "yes"
        published: "2026-01-02"
        topics: [wars, peace]
        summary: It is [@example-report].
        findings:
          - id: first-finding
            heading: The first finding
            text: Examples exist.
        """
        },
    ) == [
        f"{SHOWN_EXPLAINER}:4:10: unknown topic 'wars' — did you mean 'war'? Or add it to data/topics.yaml",
        f"{SHOWN_EXPLAINER}:4:16: unknown topic 'peace' — add it to data/topics.yaml",
    ]


def test_unknown_related_explainer(tmp_path):
    assert problems(
        tmp_path,
        {
            **OTHER_EXPLAINER,
            EXPLAINER: """\
        question: Is this an example?
        short_answer: "yes"
        published: "2026-01-02"
        related:
          - other-questoin
        summary: It is [@example-report].
        findings:
          - id: first-finding
            heading: The first finding
            text: Examples exist.
        """,
        },
    ) == [f"{SHOWN_EXPLAINER}:5:5: unknown explainer 'other-questoin' — did you mean 'other-question'?"]


# --- cross-links -------------------------------------------------------------------------------


def test_valid_cross_links_of_every_form_load(tmp_path):
    data = write_data(
        tmp_path,
        {
            **OTHER_EXPLAINER,
            **explainer_with_text(
                "See [[other-question]], [[other-question#second-finding|this]] and [[#first-finding]]."
            ),
        },
    )
    assert "other-question" in load_corpus(data).explainers


def test_cross_link_to_unknown_explainer(tmp_path):
    # `    text: See [[` is 16 characters: the target starts at column 17
    assert problems(tmp_path, {**OTHER_EXPLAINER, **explainer_with_text("See [[other-questoin]].")}) == [
        f"{SHOWN_EXPLAINER}:8:17: cross-link to unknown explainer 'other-questoin' — did you mean 'other-question'?"
    ]


def test_cross_link_to_unknown_explainer_without_a_close_match(tmp_path):
    assert problems(tmp_path, explainer_with_text("See [[zzz]].")) == [
        f"{SHOWN_EXPLAINER}:8:17: cross-link to unknown explainer 'zzz' — "
        "use the file name (without .yaml) of an explainer in data/explainers/"
    ]


def test_cross_link_to_unknown_finding_in_another_explainer(tmp_path):
    assert problems(tmp_path, {**OTHER_EXPLAINER, **explainer_with_text("See [[other-question#second-findign]].")}) == [
        f"{SHOWN_EXPLAINER}:8:17: cross-link to unknown finding 'second-findign' in explainer 'other-question'"
        " — did you mean 'second-finding'?"
    ]


def test_cross_link_to_unknown_finding_in_the_same_explainer(tmp_path):
    assert problems(tmp_path, explainer_with_text("See [[#frist-finding|above]].")) == [
        f"{SHOWN_EXPLAINER}:8:17: cross-link to unknown finding 'frist-finding' in explainer 'example-question'"
        " — did you mean 'first-finding'?"
    ]


def test_cross_link_in_the_summary_is_checked(tmp_path):
    # `summary: It is [@example-report], see [[` is 40 characters
    assert problems(
        tmp_path,
        {
            EXPLAINER: """\
        question: Is this an example?
        short_answer: "yes"
        published: "2026-01-02"
        summary: It is [@example-report], see [[#methods]].
        findings:
          - id: first-finding
            heading: The first finding
            text: Examples exist.
        """
        },
    ) == [
        f"{SHOWN_EXPLAINER}:4:41: cross-link to unknown finding 'methods' in explainer 'example-question'"
        " — use the id of one of the findings in data/explainers/example-question.yaml"
    ]


# --- ids that must be unique or well formed ----------------------------------------------------


def test_duplicate_finding_id(tmp_path):
    assert problems(
        tmp_path,
        {
            EXPLAINER: """\
        question: Is this an example?
        short_answer: "yes"
        published: "2026-01-02"
        summary: It is [@example-report].
        findings:
          - id: first-finding
            heading: One
            text: One.
          - id: first-finding
            heading: Two
            text: Two.
        """
        },
    ) == [
        f"{SHOWN_EXPLAINER}:9:9: duplicate finding id 'first-finding' (also finding 1) — give each finding its own id"
    ]


@pytest.mark.parametrize(
    "name,why",
    [
        (
            "Example-Report.yaml",
            "it has capital letters, and ids that differ only in case clash on macOS and Windows: "
            "write it as 'example-report'",
        ),
        ("example_report.yaml", "character 8, '_', is not a lowercase letter, digit or hyphen"),
        (
            "example--report.yaml",
            "hyphens must sit between words: not at the start or end, and never two together",
        ),
    ],
)
def test_source_file_name_that_is_not_an_id(tmp_path, name, why):
    # On a case-sensitive disk `Example-Report.yaml` can sit next to `example-report.yaml`; it is
    # refused by name, so two sources can never share an id that differs only in case.
    assert problems(
        tmp_path,
        {
            f"sources/{name}": """\
        title: The same report
        publisher: example-news
        """
        },
    ) == [
        f"data/sources/{name}:1:1: the file name {name!r} is not a valid id: {why} — rename the file: lowercase "
        "letters, digits and single hyphens, e.g. kyiv-independent-pow-treatment.yaml"
    ]


def test_duplicate_publisher_id(tmp_path):
    assert problems(
        tmp_path,
        {
            "publishers.yaml": """\
        example-news:
          name: Example News
        example-news:
          name: Example News again
        """
        },
    ) == ["data/publishers.yaml:3:1: duplicate key 'example-news' (first at line 1) — keep one of them"]


def test_topic_key_that_is_not_an_id(tmp_path):
    assert problems(
        tmp_path,
        {
            "topics.yaml": """\
        war:
          name: War
        Peace Talks:
          name: Peace talks
        """
        },
    ) == [
        "data/topics.yaml:3:1: the id 'Peace Talks' is not a valid id: it has capital letters, and ids that "
        f"differ only in case clash on macOS and Windows: ids are lowercase — {ID_FIX}"
    ]


# --- the shape of each file --------------------------------------------------------------------


def test_explainer_without_question(tmp_path):
    assert problems(
        tmp_path,
        {
            EXPLAINER: """\
        short_answer: "yes"
        published: "2026-01-02"
        summary: It is [@example-report].
        findings:
          - id: first-finding
            heading: The first finding
            text: Examples exist.
        """
        },
    ) == [f"{SHOWN_EXPLAINER}:1:1: missing required field 'question' in the file — add `question:` with a value"]


def test_finding_without_heading_points_at_the_finding(tmp_path):
    assert problems(
        tmp_path,
        {
            EXPLAINER: """\
        question: Is this an example?
        short_answer: "yes"
        published: "2026-01-02"
        summary: It is [@example-report].
        findings:
          - id: first-finding
            text: Examples exist.
        """
        },
    ) == [f"{SHOWN_EXPLAINER}:6:5: missing required field 'heading' in findings[1] — add `heading:` with a value"]


def test_misspelt_field_suggests_the_right_one(tmp_path):
    # the typo also leaves the source without a title, which is reported as well
    assert problems(
        tmp_path,
        {
            SOURCE: """\
        publisher: example-news
        titel: An example report
        """
        },
    ) == [
        f"{SHOWN_SOURCE}:1:1: missing required field 'title' — "
        "add `title:` as printed, or `title_note:` saying why it is not known",
        f"{SHOWN_SOURCE}:2:1: unknown field 'titel' — did you mean 'title'?",
    ]


def test_misspelt_field_in_a_finding(tmp_path):
    assert problems(
        tmp_path,
        {
            EXPLAINER: """\
        question: Is this an example?
        short_answer: "yes"
        published: "2026-01-02"
        summary: It is [@example-report].
        findings:
          - id: first-finding
            heading: The first finding
            text: Examples exist.
            editor_note: One note.
        """
        },
    ) == [f"{SHOWN_EXPLAINER}:9:5: unknown field 'editor_note' — did you mean 'editor_notes'?"]


def test_unknown_field_without_a_close_match_lists_the_allowed_ones(tmp_path):
    assert problems(
        tmp_path,
        {
            "publishers.yaml": """\
        example-news:
          name: Example News
          affiliation: international-media
          reason: An example outlet.
          homepage: https://example.org
        """
        },
    ) == [
        "data/publishers.yaml:5:3: unknown field 'homepage' — allowed fields: name, url, country, kind, affiliation, "
        "reason"
    ]


def test_value_not_in_the_list_of_choices(tmp_path):
    assert problems(
        tmp_path,
        {
            EXPLAINER: """\
        question: Is this an example?
        short_answer: maybe
        published: "2026-01-02"
        summary: It is [@example-report].
        findings:
          - id: first-finding
            heading: The first finding
            text: Examples exist.
        """
        },
    ) == [
        f"{SHOWN_EXPLAINER}:2:15: 'short_answer' is 'maybe', which is not one of: yes, no, partly, unclear"
        " — write one of: yes, no, partly, unclear"
    ]


def test_schema_problem_and_unknown_source_in_one_file_are_both_reported(tmp_path):
    assert problems(
        tmp_path,
        {
            EXPLAINER: """\
        question: Is this an example?
        short_answer: maybe
        published: "2026-01-02"
        summary: It is [@missing-source].
        findings:
          - id: first-finding
            heading: The first finding
            text: Examples exist.
        """
        },
    ) == [
        f"{SHOWN_EXPLAINER}:2:15: 'short_answer' is 'maybe', which is not one of: yes, no, partly, unclear"
        " — write one of: yes, no, partly, unclear",
        f"{SHOWN_EXPLAINER}:4:18: cites unknown source 'missing-source' — add data/sources/missing-source.yaml",
    ]


def test_citations_are_checked_even_when_the_findings_are_malformed(tmp_path):
    assert problems(
        tmp_path,
        {
            EXPLAINER: """\
        question: Is this an example?
        short_answer: "yes"
        published: "2026-01-02"
        summary: It is [@missing-source].
        findings: none yet
        """
        },
    ) == [
        f"{SHOWN_EXPLAINER}:4:18: cites unknown source 'missing-source' — add data/sources/missing-source.yaml",
        f"{SHOWN_EXPLAINER}:5:11: 'findings' must be a list, not text — write a list",
    ]


def test_source_that_does_not_parse_is_not_also_reported_as_unknown(tmp_path):
    # The explainer cites example-report, whose file exists but has a YAML error: the contributor
    # must be sent to that error, not told to "add data/sources/example-report.yaml".
    assert problems(
        tmp_path,
        {
            SOURCE: """\
        title: [An example report
        publisher: example-news
        """
        },
    ) == [
        f"{SHOWN_SOURCE}:2:10: not valid YAML: while parsing a flow sequence, expected ',' or ']', but got ':'"
        " — check the indentation and quoting on this line and the line above"
    ]


# --- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, what",
    [
        ('"2024-13-01"', "is not a valid date: '2024-13-01'"),
        ("2024-02-30", "is not a valid date: '2024-02-30'"),
        ('"June 2024"', "has the wrong form: 'June 2024'"),
        ('"2024-6-1"', "has the wrong form: '2024-6-1'"),
    ],
)
def test_malformed_published_date(tmp_path, value, what):
    assert problems(
        tmp_path,
        {
            EXPLAINER: f"""\
question: Is this an example?
short_answer: "yes"
published: {value}
summary: It is [@example-report].
findings:
  - id: first-finding
    heading: The first finding
    text: Examples exist.
"""
        },
    ) == [f"{SHOWN_EXPLAINER}:3:12: 'published' {what} — write a real date as YYYY-MM-DD, e.g. 2024-06-22"]


@pytest.mark.parametrize("value", ["2024", "2024-06", "2024-06-22"])
def test_source_date_may_be_partial(tmp_path, value):
    data = write_data(
        tmp_path,
        {
            SOURCE: f"""\
        title: An example report
        publisher: example-news
        date: "{value}"
        """
        },
    )
    assert load_corpus(data).sources["example-report"].date == value


def test_malformed_partial_source_date(tmp_path):
    assert problems(
        tmp_path,
        {
            SOURCE: """\
        title: An example report
        publisher: example-news
        date: "2024-13"
        """
        },
    ) == [
        f"{SHOWN_SOURCE}:3:7: 'date' is not a valid date: '2024-13' — "
        "write YYYY, YYYY-MM or YYYY-MM-DD as far as it is known, or leave the field out"
    ]


# --- addresses ---------------------------------------------------------------------------------


def source_with_url(url: str) -> dict[str, str]:
    """The minimal source with `url:` on line 3 (the value starts at column 6)."""
    return {
        SOURCE: f"""\
title: An example report
publisher: example-news
url: "{url}"
"""
    }


@pytest.mark.parametrize(
    "url, why",
    [
        ("example.org/report", "uses the scheme (none); only http, https and mailto are allowed"),
        ("https://", "has no host name"),
        ("https://example.org/a report", "contains spaces or control characters"),
        ("mailto:nobody", "is not an e-mail address"),
    ],
)
def test_malformed_url(tmp_path, url, why):
    assert problems(tmp_path, source_with_url(url)) == [f"{SHOWN_SOURCE}:3:6: 'url' {why}: {url!r} — {URL_FIX}"]


@pytest.mark.parametrize(
    "url, scheme",
    [
        ("javascript:alert(document.cookie)", "javascript"),
        ("JavaScript:alert(1)", "javascript"),
        ("data:text/html,<script>alert(1)</script>", "data"),
        ("ftp://example.org/report.pdf", "ftp"),
    ],
)
def test_url_with_a_scheme_that_is_not_allowed(tmp_path, url, scheme):
    assert problems(tmp_path, source_with_url(url)) == [
        f"{SHOWN_SOURCE}:3:6: 'url' uses the scheme {scheme}:; only http, https and mailto are allowed: "
        f"{url!r} — {URL_FIX}"
    ]


@pytest.mark.parametrize("url", ["https://example.org/report", "http://example.org", "mailto:desk@example.org"])
def test_allowed_urls(tmp_path, url):
    assert load_corpus(write_data(tmp_path, source_with_url(url))).sources["example-report"].url == url


def test_publisher_url_is_checked_too(tmp_path):
    assert problems(
        tmp_path,
        {
            "publishers.yaml": """\
        example-news:
          name: Example News
          affiliation: international-media
          reason: An example outlet.
          url: javascript:void
        """
        },
    ) == [
        "data/publishers.yaml:5:8: 'example-news.url' uses the scheme javascript:; "
        f"only http, https and mailto are allowed: 'javascript:void' — {URL_FIX}"
    ]


# --- links inside Markdown text ----------------------------------------------------------------


def test_markdown_link_with_javascript_scheme_in_finding_text(tmp_path):
    # `    text: Read [the report](` is 28 characters: the address starts at column 29
    assert problems(tmp_path, explainer_with_text("Read [the report](javascript:stealCookies) now.")) == [
        f"{SHOWN_EXPLAINER}:8:29: the link 'javascript:stealCookies' uses the scheme javascript:; "
        f"only http, https and mailto are allowed — {LINK_FIX}"
    ]


def test_markdown_autolink_with_data_scheme(tmp_path):
    # `    text: See <` is 15 characters
    assert problems(tmp_path, explainer_with_text("See <data:text/html,hello>.")) == [
        f"{SHOWN_EXPLAINER}:8:16: the link 'data:text/html,hello' uses the scheme data:; "
        f"only http, https and mailto are allowed — {LINK_FIX}"
    ]


def test_relative_markdown_link(tmp_path):
    assert problems(tmp_path, explainer_with_text("Read [the report](/sources/example-report/).")) == [
        f"{SHOWN_EXPLAINER}:8:29: the link '/sources/example-report/' is not a full address "
        f"(relative links do not work from data) — {LINK_FIX}"
    ]


def test_markdown_link_with_parentheses_is_quoted_whole(tmp_path):
    assert problems(tmp_path, explainer_with_text("Read [the report](javascript:alert(1)) now.")) == [
        f"{SHOWN_EXPLAINER}:8:29: the link 'javascript:alert(1)' uses the scheme javascript:; "
        f"only http, https and mailto are allowed — {LINK_FIX}"
    ]


def test_reference_style_markdown_link_with_javascript_scheme(tmp_path):
    assert problems(
        tmp_path,
        {
            EXPLAINER: """\
        question: Is this an example?
        short_answer: "yes"
        published: "2026-01-02"
        summary: It is [@example-report].
        findings:
          - id: first-finding
            heading: The first finding
            text: |
              Read [the report][r].

              [r]: javascript:stealCookies
        """
        },
    ) == [
        f"{SHOWN_EXPLAINER}:11:12: the link 'javascript:stealCookies' uses the scheme javascript:; "
        f"only http, https and mailto are allowed — {LINK_FIX}"
    ]


def test_markdown_link_in_a_source_quote(tmp_path):
    assert problems(
        tmp_path,
        {
            SOURCE: """\
        title: An example report
        publisher: example-news
        quote: >
          As reported [here](ftp://example.org/x).
        """
        },
    ) == [
        f"{SHOWN_SOURCE}:4:22: the link 'ftp://example.org/x' uses the scheme ftp:; "
        f"only http, https and mailto are allowed — {LINK_FIX}"
    ]


# --- files that do not belong ------------------------------------------------------------------


def test_yml_extension_is_refused(tmp_path):
    assert problems(tmp_path, {"explainers/other-question.yml": OTHER_EXPLAINER["explainers/other-question.yaml"]}) == [
        "data/explainers/other-question.yml:1:1: unexpected file in the data folder — rename it to end in .yaml"
    ]


@pytest.mark.parametrize("name", ["notes.txt", "explainers/draft.md", "explainer.yaml"])
def test_unexpected_file_in_data(tmp_path, name):
    assert problems(tmp_path, {name: "title: x\n"}) == [
        f"data/{name}:1:1: unexpected file in the data folder — {UNEXPECTED_FIX}"
    ]


def test_a_folder_inside_a_collection_is_one_problem(tmp_path):
    assert problems(tmp_path, {"sources/old/example.yaml": "title: x\n", "sources/old/other.yaml": "title: y\n"}) == [
        "data/sources/old:1:1: a folder where data/ holds only files — remove the folder; data/ holds "
        "explainers/<id>.yaml, sources/<id>.yaml and three files at its top"
    ]


def test_missing_topics_file(tmp_path):
    assert problems(tmp_path, {"topics.yaml": None}) == [
        "data/topics.yaml:1:1: topics.yaml is missing — create data/topics.yaml"
    ]


# --- every problem at once ---------------------------------------------------------------------

MANY_PROBLEMS = {
    "publishers.yaml": """\
        example-news:
          name: Example News
          affiliation: international-media
          reason: An example outlet.
          homepage: https://example.org
        """,
    SOURCE: """\
        title: An example report
        publisher: example-news
        date: "2024-02-30"
        url: example.org/report
        """,
    EXPLAINER: """\
        question: Is this an example?
        short_answer: "yes"
        published: "2026-01-02"
        summary: It is [@example-reprot].
        findings:
          - id: first-finding
            heading: The first finding
            text: Examples exist.
          - id: second-finding
            heading: The second finding
            text: See [[#third-finding]].
            kind: summary
        """,
}

MANY_PROBLEM_LINES = [
    f"{SHOWN_EXPLAINER}:4:18: cites unknown source 'example-reprot' — did you mean 'example-report'? "
    "Or add data/sources/example-reprot.yaml",
    f"{SHOWN_EXPLAINER}:11:17: cross-link to unknown finding 'third-finding' in explainer 'example-question'"
    " — did you mean 'first-finding'?",
    f"{SHOWN_EXPLAINER}:12:11: 'findings[2].kind' is 'summary', which is not one of: finding, limitations, bottom_line"
    " — write one of: finding, limitations, bottom_line",
    "data/publishers.yaml:5:3: unknown field 'homepage' — allowed fields: name, url, country, kind, affiliation, "
    "reason",
    f"{SHOWN_SOURCE}:3:7: 'date' is not a valid date: '2024-02-30' — "
    "write YYYY, YYYY-MM or YYYY-MM-DD as far as it is known, or leave the field out",
    f"{SHOWN_SOURCE}:4:6: 'url' uses the scheme (none); only http, https and mailto are allowed: "
    f"'example.org/report' — {URL_FIX}",
]


def test_all_problems_in_all_files_are_reported_at_once_sorted_by_file_then_line(tmp_path):
    data = write_data(tmp_path, MANY_PROBLEMS)
    with pytest.raises(DataError) as info:
        load_corpus(data)
    found = info.value.problems
    assert len(found) == 6
    assert [(p.mark.file, p.mark.line) for p in found] == sorted((p.mark.file, p.mark.line) for p in found)
    assert [str(p) for p in found] == MANY_PROBLEM_LINES
    assert str(info.value) == "\n".join(MANY_PROBLEM_LINES + ["6 problems in 3 files."])


# --- the command line --------------------------------------------------------------------------


def run_check(data: Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "macros", "check", "--data", str(data)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_command_prints_every_problem_and_exits_1(tmp_path):
    result = run_check(write_data(tmp_path, MANY_PROBLEMS), tmp_path)
    assert result.returncode == 1
    # Grouped for a terminal: a blank line between files, then the count.
    by_file = [MANY_PROBLEM_LINES[:3], MANY_PROBLEM_LINES[3:4], MANY_PROBLEM_LINES[4:]]
    assert result.stderr == "\n\n".join("\n".join(group) for group in by_file) + "\n\n6 problems in 3 files.\n"
    assert result.stdout == ""


def test_check_command_counts_one_problem_in_one_file(tmp_path):
    result = run_check(write_data(tmp_path, {"topics.yaml": None}), tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        "data/topics.yaml:1:1: topics.yaml is missing — create data/topics.yaml\n\n1 problem in 1 file.\n"
    )


def test_check_command_exits_0_on_valid_data(tmp_path):
    data = write_data(tmp_path)
    result = run_check(data, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith(f"{data}/ is valid")


def test_a_one_line_field_written_as_a_block_with_its_final_newline_is_refused(tmp_path):
    # `heading: |` keeps a final newline. JSON Schema's `$` (ECMA-262) is the end of the text, so
    # this is not one line; Python's `$` would have matched before the newline and let it through.
    assert problems(
        tmp_path,
        {
            EXPLAINER: """\
question: Is this an example?
short_answer: "yes"
published: 2024-06-22
summary: It is [@example-report].
findings:
  - id: first-finding
    heading: |
      The first finding
    text: Examples exist.
"""
        },
    ) == [
        f"{SHOWN_EXPLAINER}:7:14: 'findings[1].heading' has the wrong form: 'The first finding\\n'"
        " — write one line of plain text"
    ]
