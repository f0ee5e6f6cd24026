"""Translations of explainers as data: the check, the hashes, and how far a translation lags."""

from __future__ import annotations

import pytest
from conftest import engine, write_data

from macros.cli import main as cli
from macros.domain.problems import DataError
from macros.domain.publication import Publication
from macros.domain.translation import text_hash as h
from macros.load.corpus import load_corpus

TRANSLATION = "explainers/example-question.uk.yaml"
ORIGINAL = {
    "explainers/example-question.yaml": """\
        question: Is this an example?
        short_answer: "yes"
        published: "2026-01-02"
        topics: [war]
        summary: It is [@example-report].
        findings:
          - id: first-finding
            heading: The first finding
            text: Examples exist [@example-report, p. 4]. See [[#second-finding]].
            editor_notes:
              - A note [@example-report].
          - id: second-finding
            heading: The second finding
            text: More examples, at <https://example.org/more> [@example-report].
        """,
}


def translation(
    *,
    second_text: str = "Більше прикладів, на <https://example.org/more> [@example-report].",
    findings: tuple[str, ...] = ("first-finding", "second-finding"),
    extra: str = "",
    first_text_hash: str | None = None,
) -> str:
    """A Ukrainian translation of ORIGINAL (every field current unless told otherwise)."""
    parts = {
        "first-finding": f"""\
  - id: first-finding
    heading: {{text: Перший висновок, translates: {h("The first finding")}}}
    text:
      text: "Приклади існують [@example-report, p. 4]. Див. [[#second-finding|другий]]."
      translates: {first_text_hash or h("Examples exist [@example-report, p. 4]. See [[#second-finding]].")}
    editor_notes:
      - {{text: "Примітка [@example-report].", translates: {h("A note [@example-report].")}}}
{extra}""",
        "second-finding": f"""\
  - id: second-finding
    heading: {{text: Другий висновок, translates: {h("The second finding")}}}
    text:
      text: "{second_text}"
      translates: {h("More examples, at <https://example.org/more> [@example-report].")}
""",
    }
    return f"""\
translation:
  method: machine
  by: An example system
question: {{text: Це приклад?, translates: {h("Is this an example?")}}}
summary: {{text: "Так [@example-report].", translates: {h("It is [@example-report].")}}}
findings:
""" + "".join(parts[f] for f in findings)


def data_with(tmp_path, text: str, name: str = "example-question.uk.yaml"):
    return write_data(tmp_path, {**ORIGINAL, f"explainers/{name}": text})


def problems(tmp_path, text: str, name: str = "example-question.uk.yaml") -> list[str]:
    with pytest.raises(DataError) as caught:
        load_corpus(data_with(tmp_path, text, name))
    return [str(p) for p in caught.value.problems]


def test_a_translation_loads_beside_its_original_and_is_not_an_explainer_of_its_own(tmp_path):
    corpus = load_corpus(data_with(tmp_path, translation()))
    assert list(corpus.explainers) == ["example-question"]
    found = corpus.translations["example-question"]["uk"]
    assert found.method == "machine" and not found.reviewed and found.by == "An example system"
    assert found.fields[("findings", 1, "heading")].text.value == "Другий висновок"


def test_the_check_refuses_a_missing_finding_where_the_findings_are(tmp_path):
    found = problems(tmp_path, translation(findings=("first-finding",)))
    assert found == [
        "data/explainers/example-question.uk.yaml:6:1: finding 'second-finding' of the original is missing — "
        "add `- id: second-finding` with its translated heading and text, in the original's order "
        "(`python -m macros translation hashes example-question uk` prints every field)"
    ]


def test_the_check_refuses_a_changed_citation_at_its_place(tmp_path):
    text = translation(second_text="Більше прикладів, на <https://example.org/more> [@example-report, p. 9].")
    (problem,) = problems(tmp_path, text)
    assert problem.startswith("data/explainers/example-question.uk.yaml:17:62:")
    assert "citation [@example-report, p. 9] differs from the original's [@example-report]" in problem
    assert "write [@example-report] exactly as the original does" in problem


def test_the_check_refuses_a_dropped_citation_a_changed_link_and_a_changed_cross_link(tmp_path):
    text = translation(second_text="Більше прикладів, на <https://example.org/other>.").replace(
        "[[#second-finding|другий]]", "[[#first-finding]]"
    )
    found = problems(tmp_path, text)
    assert len(found) == 3, found
    assert any("the original's citation [@example-report] (citation 1 of this text) is missing" in p for p in found)
    assert any("the links differ from the original's — link to the original's addresses" in p for p in found)
    assert any("the cross-links differ from the original's" in p and "[[#second-finding]]" in p for p in found)


def test_the_check_refuses_a_field_the_original_lacks_and_an_unknown_finding(tmp_path):
    extra = f"""\
      - {{text: Друга примітка, translates: {h("x")}}}
    justification: {{text: Тому, translates: {h("y")}}}
"""
    found = problems(tmp_path, translation(extra=extra))
    assert any(":14:9: the original has no editor's note 2 in this finding" in p for p in found), found
    assert any(":15:5: the original has no justification in this finding" in p for p in found), found
    renamed = translation().replace("id: second-finding", "id: second-findin")
    found = problems(tmp_path, renamed)
    assert any("the original has no finding 'second-findin' — did you mean 'second-finding'?" in p for p in found)


def test_the_check_refuses_findings_in_another_order(tmp_path):
    found = problems(tmp_path, translation(findings=("second-finding", "first-finding")))
    assert any("the findings are in another order than the original's" in p for p in found), found


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("example-question.ua.yaml", "'ua' in the file name is not a BCP 47 language tag (Ukrainian is uk, not ua)"),
        ("example-question.UK.yaml", "'UK' is not written in its standard form — rename it to use 'uk'"),
        ("example-question.ukr.yaml", "the language tag 'ukr' is not written in its standard form"),
        ("example-question.en.yaml", "a translation into 'en', the original's own language"),
        ("exampel-question.uk.yaml", "no data/explainers/exampel-question.yaml — did you mean 'example-question'?"),
    ],
)
def test_the_check_refuses_a_bad_file_name(tmp_path, name, expected):
    found = problems(tmp_path, translation(), name)
    assert any(f"data/explainers/{name}:1:1: " in p and expected in p for p in found), found


def test_the_schema_refuses_an_unknown_status_and_a_bad_hash(tmp_path):
    text = translation().replace("method: machine", "method: robot").replace(h("Is this an example?"), "abc")
    found = problems(tmp_path, text)
    assert any(":2:11:" in p and "write machine or human" in p for p in found), found
    assert any(":4:" in p and "python -m macros translation hashes" in p for p in found), found


def test_a_translation_lags_where_the_original_changed(tmp_path):
    site, _, _ = engine(data_with(tmp_path, translation(first_text_hash=h("An older original text."))))
    localized = site.localized("example-question", "uk")
    assert [(s.path, s.state) for s in localized.behind()] == [(("findings", 0, "text"), "lagging")]
    assert localized.explainer.findings[0].text.value.startswith("Приклади існують")
    assert localized.explainer.findings[1].heading == "Другий висновок"


def test_an_untranslated_field_keeps_the_original_text(tmp_path):
    text = translation().replace(f"    heading: {{text: Другий висновок, translates: {h('The second finding')}}}\n", "")
    site, _, _ = engine(data_with(tmp_path, text))
    localized = site.localized("example-question", "uk")
    assert [(s.path, s.state) for s in localized.behind()] == [(("findings", 1, "heading"), "untranslated")]
    assert localized.explainer.findings[1].heading == "The second finding"


def test_the_hashes_command_says_which_fields_lag(tmp_path, capsys, monkeypatch):
    data = data_with(tmp_path, translation(first_text_hash=h("An older original text.")))
    assert cli(["translation", "hashes", "example-question", "uk", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    now = h("Examples exist [@example-report, p. 4]. See [[#second-finding]].")
    assert f"findings[1].text (first-finding): translates {now}; records {h('An older original text.')}; lagging" in out
    assert f"question: translates {h('Is this an example?')}; records {h('Is this an example?')}; current" in out
    assert cli(["worklist", "--kind", "translation-lag", "--data", str(data)]) == 0
    assert capsys.readouterr().out == (
        "data/explainers/example-question.uk.yaml: translation-lag: Ukrainian translation of Is this an example? — "
        "1. The first finding: text: the original changed after it was translated\n"
    )


def test_a_new_translation_holds_every_field_and_cannot_be_published_untranslated(tmp_path, capsys):
    data = write_data(tmp_path, ORIGINAL)
    assert cli(["translation", "new", "example-question", "ru", "--data", str(data)]) == 0
    written = (data / "explainers" / "example-question.ru.yaml").read_text(encoding="utf-8")
    assert "TODO translate: Examples exist [@example-report, p. 4]." in written
    with pytest.raises(DataError) as caught:
        load_corpus(data)
    assert all("still holds the scaffold's TODO" in str(p) for p in caught.value.problems)
    assert len(caught.value.problems) == 7  # question, summary, two headings, two texts, one note
    assert cli(["translation", "new", "example-question", "ru", "--data", str(data)]) == 1  # never overwrites
    assert cli(["translation", "new", "example-question", "ua", "--data", str(data)]) == 1


# --- the pages -------------------------------------------------------------------------------------------


def produce(data, language):
    from macros.publish.outputs import Producer, plan

    site, pub, _ = engine(data)
    specs = {spec.address: spec for spec in plan(site).pages if spec.kind == "explainer"}
    producer = Producer(site, pub)
    spec = specs[f"{language}/explainers/example-question/" if language else "explainers/example-question/"]
    return site, pub, producer.page(spec), producer.late(spec), specs


def test_a_translation_has_its_own_page_with_the_same_anchors_and_notes(tmp_path):
    site, _, page, late, specs = produce(data_with(tmp_path, translation()), "uk")
    assert set(specs) == {"explainers/example-question/", "uk/explainers/example-question/"}
    assert specs["uk/explainers/example-question/"].title == "Це приклад?"
    assert [e.title for e in specs["uk/explainers/example-question/"].toc][:3] == [
        "Стислий підсумок",
        "1. Перший висновок",
        "2. Другий висновок",
    ]
    _, _, english, _, _ = produce(data_with(tmp_path, translation()), None)
    import re

    anchors = re.compile(r'\sid="([^"]+)"')
    assert anchors.findall(page.content) == anchors.findall(english.content)  # findings, markers, notes
    assert 'lang="uk"' in page.content and "Машинний переклад оригіналу." in page.content
    assert "Людина ще не перевіряла цей переклад." in page.content
    assert "Older than the original" not in page.content and "ee-lag" not in page.content
    assert '<link rel="alternate" hreflang="uk" href="../../../uk/explainers/example-question/">' in page.head
    assert '<link rel="alternate" hreflang="x-default" href="../../../explainers/example-question/">' in page.head
    assert '"inLanguage":"uk","translationOfWork":{"@id":"../../../explainers/example-question/#article"' in late.head
    link = '<a href="../../uk/explainers/example-question/#first-finding" lang="uk" data-language="uk">Українська</a>'
    assert link in english.content
    # The sitemap beside each version that the theme's script fetches, with every language's address.
    from macros.publish.outputs import Producer, plan

    files = {f.path: f for f in plan(site).files if f.kind == "language-sitemap"}
    assert set(files) == {"explainers/example-question/sitemap.xml", "uk/explainers/example-question/sitemap.xml"}
    sitemap = Producer(site, Publication(site_url="https://example.org/ee/")).file(
        files["uk/explainers/example-question/sitemap.xml"]
    )
    assert "<loc>https://example.org/ee/uk/explainers/example-question/</loc>" in sitemap
    assert '<xhtml:link rel="alternate" hreflang="en" href="https://example.org/ee/explainers/example-question/"/>' in (
        sitemap
    )


def test_a_lagging_paragraph_says_so_there_with_the_original_one_click_away(tmp_path):
    data = data_with(tmp_path, translation(first_text_hash=h("An older original text.")))
    site, pub, page, _, _ = produce(data, "uk")
    first = page.content.split('aria-labelledby="first-finding"')[1].split("</section>")[0]
    second = page.content.split('aria-labelledby="second-finding"')[1].split("</section>")[0]
    assert '<details class="ee-lag">' in first and '<details class="ee-lag">' not in second
    original = first.split('<div class="ee-lag-original" lang="en" dir="auto">')[1].split("</div>")[0]
    assert original.startswith('<p>Examples exist <sup class="ee-marker ee-marker-ref"><a href="#note-2"')
    assert ' id="' not in original  # the original's markers take no anchor of the page's
    assert "1 з 7 абзаців і заголовків старіші за оригінал" in page.content
    lagging = [w for w in site.work_items(pub) if w.kind == "translation-lag"]
    assert [(w.what, w.file, w.address) for w in lagging] == [
        (
            "Ukrainian translation of Is this an example? — 1. The first finding: text: "
            "the original changed after it was translated",
            "data/explainers/example-question.uk.yaml",
            "uk/explainers/example-question/#first-finding",
        )
    ]


def test_every_interface_string_of_the_templates_is_in_each_catalogue():
    import json
    import re

    from macros.render.renderer import CATALOGUES, interface_strings

    used = interface_strings()
    assert {"Executive summary", "Older than the original.", "Yes", "{n} sources", "Date inferred"} <= used
    for path in CATALOGUES.glob("*.json"):
        strings = json.loads(path.read_text(encoding="utf-8"))
        assert set(strings) == used, path.name
        for english, translated in strings.items():
            placeholders = set(re.findall(r"\{(\w+)\}", english))
            forms = translated.values() if isinstance(translated, dict) else [translated]
            if isinstance(translated, dict):  # CLDR plural forms, "other" always among them
                assert "other" in translated and set(translated) <= {"zero", "one", "two", "few", "many", "other"}
            for form in forms:
                assert set(re.findall(r"\{(\w+)\}", form)) == placeholders, (path.name, english)


def test_the_change_summary_names_a_translation_as_such(tmp_path):
    from macros.cli.changes import compare

    before = write_data(tmp_path / "before", ORIGINAL)
    after = data_with(tmp_path / "after", translation())
    assert [c.line() for c in compare(before, after)] == ["- added translation `example-question.uk`"]


def test_a_language_without_a_catalogue_gets_its_page_with_the_english_interface(tmp_path):
    german = translation().replace("Це приклад?", "Ist das ein Beispiel?")
    site, _, page, _, specs = produce(data_with(tmp_path, german, "example-question.de.yaml"), "de")
    assert "de/explainers/example-question/" in specs
    assert '<div class="ee-explainer" data-explainer="example-question" lang="de" ' in page.content
    assert '<h1 id="question" dir="auto">Ist das ein Beispiel?</h1>' in page.content
    assert "Machine translation of the original." in page.content and "Executive summary" in page.content
    assert '<span aria-current="page" lang="de">Deutsch</span>' in page.content


def test_an_original_that_gains_a_citation_leaves_its_translation_valid_and_lagging_there(tmp_path):
    """An editor may change the original without touching its translations: the paragraph whose text
    changed lags, keeps its own (older) citations, and quotes the original with the new one, whose marker
    leads to that note on the original's page."""
    changed = ORIGINAL["explainers/example-question.yaml"].replace(
        "text: More examples, at <https://example.org/more> [@example-report].",
        "text: More examples, at <https://example.org/more> [@example-report]. And more [@example-report, p. 9].",
    )
    data = write_data(tmp_path, {"explainers/example-question.yaml": changed, TRANSLATION: translation()})
    site, _, page, _, _ = produce(data, "uk")
    assert [(s.path, s.state) for s in site.localized("example-question", "uk").behind()] == [
        (("findings", 1, "text"), "lagging")
    ]
    second = page.content.split('aria-labelledby="second-finding"')[1].split("</section>")[0]
    quoted = second.split('<div class="ee-lag-original" lang="en" dir="auto">')[1].split("</div>")[0]
    assert '<a href="#note-1" aria-label="Примітка з джерелами 1">[1]</a>' in quoted  # the same note on this page
    assert (
        '<a href="../../../explainers/example-question/#note-3" aria-label="Примітка з джерелами 3">[3]</a>' in quoted
    )
    assert 'id="note-3"' not in page.content  # the translation cites what it translated, no more
    # A lagging paragraph's own citations must still name sources that exist.
    broken = translation(second_text="Більше прикладів, на <https://example.org/more> [@no-such-source].")
    broken = broken.replace(h("More examples, at <https://example.org/more> [@example-report]."), h("older"))
    found = problems(tmp_path, broken)
    assert len(found) == 1 and "cites unknown source 'no-such-source'" in found[0], found


def test_a_translated_correction_keeps_its_finding_and_an_untranslated_one_says_so(tmp_path):
    original = ORIGINAL["explainers/example-question.yaml"].rstrip(" ") + (
        '        corrections:\n          - date: "2026-02-01"\n            finding: second-finding\n'
        "            what: The second finding said less.\n            why: A source said more.\n"
        '          - date: "2026-02-02"\n            what: Fixed a typo.\n            why: It was wrong.\n'
    )
    text = translation() + (
        "corrections:\n"
        f"  - what: {{text: Другий висновок казав менше., translates: {h('The second finding said less.')}}}\n"
        f"    why: {{text: Джерело казало більше., translates: {h('A source said more.')}}}\n"
    )
    data = write_data(tmp_path, {"explainers/example-question.yaml": original, TRANSLATION: text})
    site, _, page, _, _ = produce(data, "uk")
    corrections = page.content.split('<section class="ee-corrections"')[1].split("</section>")[0]
    assert "Другий висновок казав менше." in corrections and '<a href="#second-finding">' in corrections
    assert '<div lang="en"><p>Fixed a typo.</p></div>' in corrections
    assert corrections.count("Ще не перекладено: показано мовою оригіналу.") == 2  # what and why of the second
