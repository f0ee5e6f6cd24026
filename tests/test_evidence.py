"""Evidence integrity: profiles, independence, the one-affiliation flag and the confidence check."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
from conftest import ROOT, SEED_SLUG, generated_data, write_data

from macros.domain.evidence import scale_level
from macros.domain.problems import DataError
from macros.domain.publication import Publication
from macros.domain.site import Site
from macros.load.corpus import load_corpus
from macros.render import renderer
from macros.render.renderer import Renderer

AFFILIATIONS = """\
    ukrainian-government:
      name: Ukrainian government
      description: State bodies.
      party: ukraine
    ukrainian-media:
      name: Ukrainian media
      description: Outlets.
      party: ukraine
    international-media:
      name: International media
      description: Outlets abroad.
    academic:
      name: Academic
      description: Journals.
    """

PUBLISHERS = """\
    ministry:
      name: A Ministry
      affiliation: ukrainian-government
      reason: A state body.
    outlet-a:
      name: Outlet A
      affiliation: ukrainian-media
      reason: An outlet.
    outlet-b:
      name: Outlet B
      affiliation: ukrainian-media
      reason: An outlet.
    wire:
      name: Wire Agency
      affiliation: international-media
      reason: An agency abroad.
    journal:
      name: A Journal
      affiliation: academic
      reason: A journal.
    """


def source(publisher: str, relays: str = "") -> str:
    return f"title: T\npublisher: {publisher}\n" + (f"relays:\n{relays}" if relays else "")


# a-relay and b-relay repeat the ministry; wire-story relays a-relay (a chain); paper is its own origin.
SOURCES = {
    "sources/a-relay.yaml": source("outlet-a", "  - publisher: ministry\n"),
    "sources/b-relay.yaml": source("outlet-b", "  - publisher: ministry\n"),
    "sources/wire-story.yaml": source("wire", "  - source: a-relay\n"),
    "sources/paper.yaml": source("journal"),
    "sources/example-report.yaml": source("wire"),
}


def explainer(findings: str) -> dict[str, str]:
    return {
        "explainers/example-question.yaml": 'question: Q?\nshort_answer: "yes"\npublished: "2026-01-02"\n'
        "summary: S [@example-report].\nfindings:\n" + textwrap.indent(textwrap.dedent(findings), "  ")
    }


def corpus(tmp_path, findings: str, extra: dict | None = None):
    files = {"affiliations.yaml": AFFILIATIONS, "publishers.yaml": PUBLISHERS, **SOURCES, **explainer(findings)}
    files.update(extra or {})
    return load_corpus(write_data(tmp_path, files))


def problems(tmp_path, findings: str, extra: dict | None = None) -> list[str]:
    with pytest.raises(DataError) as info:
        corpus(tmp_path, findings, extra)
    return [str(p) for p in info.value.problems]


def finding_profile(tmp_path, text: str, stances: str = ""):
    c = corpus(
        tmp_path,
        f"""\
        - id: f
          heading: H
          text: "{text}"
        {stances}""",
    )
    return Site(c).profiles[("example-question", "f")], c


def page(c, pub: Publication | None = None) -> str:
    """The explainer's page content, as the build renders it."""
    return str(Renderer(Site(c), pub or Publication()).explainer("example-question", "../../"))


# --- independent origins and spread --------------------------------------------------------------


def test_two_outlets_relaying_one_ministry_are_one_origin(tmp_path):
    prof, _ = finding_profile(tmp_path, "X [@a-relay; @b-relay]")
    assert prof.sources == ["a-relay", "b-relay"]
    assert prof.origins == ["ministry"]
    assert dict(prof.source_affiliations) == {"ukrainian-media": 2}
    assert dict(prof.origin_affiliations) == {"ukrainian-government": 1}
    assert (prof.primary, prof.secondary) == (0, 2)


def test_the_count_follows_a_chain_of_relays_to_its_end(tmp_path):
    prof, _ = finding_profile(tmp_path, "X [@wire-story] [@a-relay]")
    assert prof.origins == ["ministry"]  # wire-story relays a-relay, which relays the ministry
    assert dict(prof.source_affiliations) == {"international-media": 1, "ukrainian-media": 1}


def test_a_source_that_relays_nobody_is_its_own_primary_origin(tmp_path):
    prof, _ = finding_profile(tmp_path, "X [@paper] [@a-relay]")
    assert prof.origins == ["journal", "ministry"]
    assert dict(prof.origin_affiliations) == {"academic": 1, "ukrainian-government": 1}
    assert (prof.primary, prof.secondary) == (1, 1)


# --- the one-affiliation flag --------------------------------------------------------------------


def test_a_finding_whose_origins_share_one_affiliation_is_flagged(tmp_path):
    prof, _ = finding_profile(tmp_path, "X [@a-relay; @b-relay; @wire-story]")
    assert prof.single_affiliation == "ukrainian-government"


def test_a_finding_with_origins_of_two_affiliations_is_not_flagged(tmp_path):
    prof, _ = finding_profile(tmp_path, "X [@a-relay; @paper]")
    assert prof.single_affiliation is None


def test_the_flag_is_shown_in_words_on_the_page(tmp_path):
    _, c = finding_profile(tmp_path, "X [@a-relay; @b-relay]")
    html = page(c)
    assert (
        "All the evidence for this finding traces back to one affiliation: "
        "<strong>Ukrainian government</strong>. No independent source confirms it."
    ) in html


# --- stance ------------------------------------------------------------------------------------


def test_stances_default_to_supports_and_contradicting_sources_are_named(tmp_path):
    prof, c = finding_profile(
        tmp_path, "X [@a-relay; @paper; @wire-story]", "  stances: {paper: contradicts, wire-story: context}\n"
    )
    assert prof.stances == {"a-relay": "supports", "paper": "contradicts", "wire-story": "context"}
    html = page(c)
    assert (
        '<span class="ee-stance ee-stance-contradicts">Contradicts</span> <a href="../../sources/paper/">T</a>' in html
    )
    assert '<span class="ee-stance ee-stance-context">Context</span> <a href="../../sources/wire-story/">T</a>' in html


def test_a_stance_for_a_source_the_finding_does_not_cite_is_refused(tmp_path):
    assert problems(
        tmp_path,
        """\
        - id: f
          heading: H
          text: X [@a-relay]
          stances: {paper: contradicts}
        """,
    ) == [
        "data/explainers/example-question.yaml:9:15: a stance for 'paper', which this finding does not "
        "cite — cite the source in the finding's text, or remove its stance"
    ]


# --- the confidence check ----------------------------------------------------------------------


def test_a_level_above_or_below_the_scale_needs_a_justification_shown_to_readers(tmp_path):
    assert scale_level("limited", "low") == "low"
    assert scale_level("medium", "medium") == "medium"
    assert scale_level("robust", "high") == "very-high"
    findings = """\
        - id: f
          heading: H
          text: X [@a-relay; @paper]
          confidence: {evidence: limited, agreement: %s, level: %s%s}
        """
    assert problems(tmp_path / "above", findings % ("low", "medium", "")) == [
        "data/explainers/example-question.yaml:9:5: confidence 'medium' is above the 'low' that limited evidence "
        "and low agreement give on the scale — add `justification:` saying why, for readers, or set the level "
        "to 'low' (or change evidence or agreement if the sources call for it)"
    ]
    assert problems(tmp_path / "below", findings % ("medium", "very-low", "")) == [
        "data/explainers/example-question.yaml:9:5: confidence 'very-low' is below the 'medium' that limited "
        "evidence and medium agreement give on the scale — add `justification:` saying why, for readers, or set "
        "the level to 'medium' (or change evidence or agreement if the sources call for it)"
    ]
    level = corpus(tmp_path / "level", findings % ("medium", "medium", ""))  # on the scale: no reason asked
    assert "Why this confidence" not in page(level)
    for name, agreement, level in (("up", "low", "medium"), ("down", "medium", "very-low")):
        c = corpus(tmp_path / name, findings % (agreement, level, ", justification: The *only* witness recanted"))
        html = page(c)
        assert f">Confidence: {level.replace('-', ' ')}</a>" in html
        assert '<div class="ee-justification"><strong>Why this confidence:</strong>' in html
        assert "The <em>only</em> witness recanted" in html


def test_high_confidence_on_one_affiliation_needs_a_justification(tmp_path):
    findings = """\
        - id: f
          heading: H
          text: X [@a-relay; @b-relay]
          confidence: {evidence: medium, agreement: high, level: high%s}
        """
    assert problems(tmp_path, findings % "") == [
        "data/explainers/example-question.yaml:9:5: confidence 'high' rests on sources of one affiliation "
        "(Ukrainian government) — add `justification:` saying why that is enough, or lower the level"
    ]
    c = corpus(tmp_path / "ok", findings % ", justification: The ministry's figures are audited")
    assert c.explainers["example-question"].findings[0].confidence.level == "high"


def test_robust_evidence_needs_three_independent_origins_or_a_justification(tmp_path):
    assert problems(
        tmp_path,
        """\
        - id: f
          heading: H
          text: X [@a-relay; @b-relay; @paper; @wire-story]
          confidence: {evidence: robust, agreement: medium, level: high}
        """,
    ) == [
        "data/explainers/example-question.yaml:9:5: 'robust' evidence from 2 independent origins — add "
        "`justification:`, or call the evidence medium or limited (robust needs 3 origins without one)"
    ]


def test_a_reload_checks_again_the_findings_whose_sources_changed(tmp_path):
    """Under serve the loader keeps what the rules found for an explainer while it and what they
    read are unchanged: a save of a cited source alone (a relay added, a title, a publisher's
    affiliation) must still give, on each load, the problems a first load of the same data gives."""
    from macros.load.corpus import Loader

    findings = """\
        - id: f
          heading: H
          text: X [@a-relay; @b-relay; @paper; @wire-story]
          confidence: {evidence: robust, agreement: medium, level: high}
        """
    files = {"affiliations.yaml": AFFILIATIONS, "publishers.yaml": PUBLISHERS, **SOURCES, **explainer(findings)}
    files["sources/wire-story.yaml"] = source("wire")  # its own origin: three origins
    data = write_data(tmp_path, files)
    wire, publishers = data / "sources" / "wire-story.yaml", data / "publishers.yaml"

    def outcome(load) -> list[str]:
        try:
            load()
        except DataError as err:
            return [str(p) for p in err.problems]
        return []

    loader = Loader(data)
    saves = [
        lambda: None,
        lambda: wire.write_text(source("wire", "  - source: a-relay\n")),  # two origins now
        lambda: wire.write_text(source("wire")),
        lambda: wire.write_text("title: Retitled\npublisher: wire\n"),  # the same origins
        lambda: publishers.write_text(
            textwrap.dedent(PUBLISHERS).replace("affiliation: academic", "affiliation: ukrainian-government")
        ),
        lambda: (data / "sources" / "paper.yaml").write_text(source("journal", "  - publisher: ministry\n")),
    ]
    seen = []
    for save in saves:
        save()
        again, first = outcome(loader.load), outcome(lambda: load_corpus(data))
        assert again == first
        seen.append(bool(first))
    assert seen == [False, True, False, False, False, True]  # the saves that break a rule are seen


def test_high_agreement_with_a_contradicting_source_needs_a_justification(tmp_path):
    assert problems(
        tmp_path,
        """\
        - id: f
          heading: H
          text: X [@a-relay; @paper]
          stances: {paper: contradicts}
          confidence: {evidence: medium, agreement: high, level: high}
        """,
    ) == [
        "data/explainers/example-question.yaml:10:5: 'high' agreement although a cited source contradicts "
        "the finding — add `justification:`, or lower the agreement"
    ]


def test_confidence_is_shown_with_its_basis_and_explained_in_a_hover(tmp_path):
    _, c = finding_profile(
        tmp_path, "X [@a-relay; @paper]", "  confidence: {evidence: medium, agreement: medium, level: medium}\n"
    )
    html = page(c)
    assert 'href="../../about/method/#confidence"' in html
    assert 'title="Confidence medium: medium evidence, medium agreement (the method page explains the scale)"' in html
    assert (
        '>Confidence: medium</a> <span class="ee-confidence-basis">(medium evidence, medium agreement)</span>' in html
    )


# --- relays ------------------------------------------------------------------------------------


def test_relays_that_go_round_in_a_circle_are_refused(tmp_path):
    found = problems(
        tmp_path,
        "- id: f\n  heading: H\n  text: X [@a-relay]\n",
        {
            "sources/loop-one.yaml": source("wire", "  - source: loop-two\n"),
            "sources/loop-two.yaml": source("wire", "  - source: loop-one\n"),
        },
    )
    assert found == [
        "data/sources/loop-one.yaml:4:13: relays go round in a circle: loop-one → loop-two → loop-one — a source "
        "relays what it got from elsewhere; break the circle",
        "data/sources/loop-two.yaml:4:13: relays go round in a circle: loop-two → loop-one → loop-two — a source "
        "relays what it got from elsewhere; break the circle",
    ]


def test_a_relay_names_exactly_one_publisher_or_source_that_exists(tmp_path):
    found = problems(
        tmp_path,
        "- id: f\n  heading: H\n  text: X [@a-relay]\n",
        {
            "sources/both.yaml": source("wire", "  - {publisher: ministry, source: paper}\n"),
            "sources/unknown.yaml": source("wire", "  - source: nowhere\n"),
        },
    )
    assert found == [
        "data/sources/both.yaml:4:5: a relay names both a publisher and a source — write `publisher: <id>` or "
        "`source: <id>`, one per relay",
        "data/sources/unknown.yaml:4:13: relays unknown source 'nowhere' — add data/sources/nowhere.yaml or fix the id",
    ]


def test_a_publisher_with_an_unknown_affiliation_is_refused(tmp_path):
    publishers = (
        PUBLISHERS.rstrip(" ") + "    rogue:\n      name: Rogue\n      affiliation: goverment\n      reason: R.\n"
    )
    with pytest.raises(DataError) as info:
        load_corpus(write_data(tmp_path, {"affiliations.yaml": AFFILIATIONS, "publishers.yaml": publishers, **SOURCES}))
    assert [str(p) for p in info.value.problems] == [
        "data/publishers.yaml:23:16: unknown affiliation 'goverment' — did you mean 'ukrainian-government'? "
        "Or use an id from data/affiliations.yaml"
    ]


# --- dates, staleness and corrections ---------------------------------------------------------------


def test_an_explainer_past_its_review_date_says_it_may_be_stale(tmp_path):
    findings = "- id: f\n  heading: H\n  text: X [@paper]\n"
    c = corpus(
        tmp_path,
        findings,
        {
            "explainers/example-question.yaml": explainer(findings)["explainers/example-question.yaml"]
            + 'review_by: "2026-06-01"\n'
        },
    )
    fresh = page(c, Publication(today=dt.date(2026, 5, 31)))
    stale = page(c, Publication(today=dt.date(2026, 6, 2)))
    assert "This explainer may be out of date." not in fresh
    assert "This explainer may be out of date.</strong> It was due for review on 1 June 2026" in stale
    assert [i.kind for i in Site(c).work_items(Publication(today=dt.date(2026, 5, 31))) if i.kind == "stale"] == []
    stale_items = [i for i in Site(c).work_items(Publication(today=dt.date(2026, 6, 2))) if i.kind == "stale"]
    assert [(i.kind, i.file) for i in stale_items] == [("stale", "data/explainers/example-question.yaml")]


def test_last_updated_comes_from_git_and_the_corrections_log_is_shown(tmp_path):
    c = corpus(
        tmp_path,
        "- id: f\n  heading: H\n  text: X [@paper]\n",
        {
            "explainers/example-question.yaml": explainer("- id: f\n  heading: H\n  text: X [@paper]\n")[
                "explainers/example-question.yaml"
            ]
            + 'corrections:\n  - {date: "2026-03-04", what: "Fixed *the* total.", '
            'why: "The ministry revised it."}\n'
        },
    )
    html = page(c, Publication(last_changed={"data/explainers/example-question.yaml": "2026-03-05"}))
    assert '<dt>Last updated</dt><dd><time datetime="2026-03-05">5 March 2026</time>' in html
    assert (
        '<li><time datetime="2026-03-04">4 March 2026</time>: <div class="ee-correction-what"><p>Fixed '
        '<em>the</em> total.</p></div><div class="ee-correction-why"><strong>Why:</strong> <p>The ministry revised '
        "it.</p></div></li>"
    ) in html


# --- the worklist ---------------------------------------------------------------------------------------


def test_the_worklist_page_shows_a_few_rows_a_group_and_names_the_command_for_the_rest(tmp_path, monkeypatch):
    site = Site(load_corpus(generated_data(tmp_path, 2, 20)))
    incomplete = [i for i in site.work_items(Publication()) if i.kind == "incomplete"]
    assert len(incomplete) > 2
    monkeypatch.setattr(renderer, "WORKLIST_ROWS", 2)
    html = str(Renderer(site, Publication()).worklist("../"))
    group = html.split('id="incomplete"')[1].split("<h2")[0]
    assert group.count("<tr><td>") == 2
    assert (
        f"And {len(incomplete) - 2} more. To list them all: <code>python -m macros worklist --kind incomplete</code>"
    ) in group


def test_the_worklist_command_prints_every_item_with_its_file(tmp_path):
    import subprocess
    import sys

    from make_corpus import generate

    data = generated_data(tmp_path, 2, 40)
    seen_as_copies = sorted(f"data/sources/{i}.yaml" for i, s in generate(2, 40)["sources"].items() if "copy" in s)
    assert seen_as_copies, "the generated corpus should have sources seen only as copies"
    result = subprocess.run(
        [sys.executable, "-m", "macros", "worklist", "--kind", "copy", "--data", str(data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = result.stdout.splitlines()
    copies = [i for i in Site(load_corpus(data)).work_items(Publication()) if i.kind == "copy"]
    assert lines == [f"{i.file}: copy: {i.what}" for i in copies]
    assert sorted(line.split(":", 1)[0] for line in lines) == seen_as_copies


# --- the seed explainer's data ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_site():
    return Site(load_corpus(ROOT / "data"))


@pytest.fixture(scope="module")
def seed_files(seed_site) -> set[str]:
    """The seed explainer's file and the files of the sources it cites."""
    seed = seed_site.corpus.explainers[SEED_SLUG]
    return {seed.doc.file} | {s.doc.file for s in seed_site.cited_sources(seed)}


def test_every_publisher_of_the_seed_has_an_affiliation_and_a_reason(seed_site):
    publishers = set()
    for source in seed_site.cited_sources(seed_site.corpus.explainers[SEED_SLUG]):
        publishers.add(source.publisher)
        publishers.update(r.publisher for r in source.relays if r.publisher)
        if source.copy:
            publishers.add(source.copy.seen_at)
    assert publishers
    for publisher_id in publishers:
        publisher = seed_site.corpus.publishers[publisher_id]
        assert publisher.affiliation in seed_site.corpus.affiliations and publisher.reason


def test_the_seed_findings_profiles(seed_site):
    profiles = {f: seed_site.profiles[(e, f)] for e, f in seed_site.profiles if e == SEED_SLUG}
    aggregate = profiles["aggregate-numbers"]
    assert len(aggregate.sources) == 4 and aggregate.origins == ["i-want-to-live", "ukraine-coordination-headquarters"]
    assert aggregate.single_affiliation == "ukrainian-government"
    assert profiles["documented-frontline-surrenders"].single_affiliation == "ukrainian-government"
    methods = profiles["methods-lowering-the-barrier"]
    assert methods.single_affiliation is None and len(methods.origins) == 4 and methods.primary == 2
    assert set(profiles["limitations"].stances.values()) == {"context"}
    confidences = {f.id: f.confidence and f.confidence.level for f in seed_site.corpus.explainers[SEED_SLUG].findings}
    assert confidences == {
        "documented-frontline-surrenders": "low",
        "aggregate-numbers": "low",
        "methods-lowering-the-barrier": "high",
        "strategic-effects": "low",
        "who-is-surrendering": "medium",
        "incentives-and-legal-risks": "medium",
        "limitations": None,
        "bottom-line": "medium",
    }


def test_the_seed_worklist_lists_real_gaps(seed_site, seed_files):
    items = [i for i in seed_site.work_items(Publication()) if i.file in seed_files]
    kinds = {i.kind for i in items}
    assert {"incomplete", "copy", "one-affiliation", "no-counter"} <= kinds
    assert "uncited" not in kinds and "no-confidence" not in kinds
    copies = sorted(i.file for i in items if i.kind == "copy")
    assert copies == [
        "data/sources/afp-foreign-pows-duped.yaml",
        "data/sources/bi-cardboard-surrender.yaml",
        "data/sources/bloomberg-largest-surrender.yaml",
        "data/sources/insider-soldier-shot-at-while-surrendering-to-drone.yaml",
    ]
    assert all(i.file.startswith("data/") for i in seed_site.work_items(Publication()))
