"""Rendering cost is bounded (issue 15, item 5): an explainer may hold at most MAX_FINDINGS findings,
MAX_CITATIONS_PER_FINDING citations in a finding, MAX_NOTES notes and MAX_CITATIONS citations; past
a cap the check refuses it at its place with a fix. The slowest explainer within every cap
(benchmarks/worst_explainer.py, whose time is in docs/about/performance.md) builds."""

from __future__ import annotations

import pytest
import worst_explainer  # benchmarks/, on the path through conftest
from conftest import run_build, write_data

from macros.domain.problems import DataError
from macros.load.corpus import load_corpus
from macros.load.validate import MAX_CITATIONS_PER_FINDING, MAX_FINDINGS, MAX_NOTES


def explainer(findings: list[str], summary: str = "It is [@example-report].") -> str:
    lines = [
        "question: Is this an example?",
        'short_answer: "yes"',
        'published: "2026-01-02"',
        f"summary: {summary}",
        "findings:",
    ]
    for i, text in enumerate(findings):
        lines += [f"  - id: finding-{i}", f"    heading: Finding {i}", f"    text: {text}"]
    return "\n".join(lines) + "\n"


def problems(tmp_path, text: str) -> list[str]:
    with pytest.raises(DataError) as info:
        load_corpus(write_data(tmp_path, {"explainers/example-question.yaml": text}))
    return [str(p) for p in info.value.problems]


def test_too_many_findings_are_refused_at_the_first_one_over(tmp_path):
    found = problems(tmp_path, explainer(["Examples exist [@example-report]."] * (MAX_FINDINGS + 1)))
    line = 6 + 3 * MAX_FINDINGS
    assert found == [
        f"data/explainers/example-question.yaml:{line}:5: {MAX_FINDINGS + 1} findings, more than the "
        f"{MAX_FINDINGS} an explainer may hold — merge findings, or split the question into two explainers"
    ]


def test_a_finding_that_cites_too_often_is_refused(tmp_path):
    text = " ".join(f"Claim {i} [@example-report, p. {i % 5}]." for i in range(MAX_CITATIONS_PER_FINDING + 1))
    found = problems(tmp_path, explainer(["Fine [@example-report].", text]))
    assert found == [
        f"data/explainers/example-question.yaml:11:5: this finding cites {MAX_CITATIONS_PER_FINDING + 1} times, "
        f"more than {MAX_CITATIONS_PER_FINDING} — cite the sources that carry the finding, once each; put several "
        "in one [@a; @b] bracket"
    ]


def test_too_many_different_notes_are_refused(tmp_path):
    per = MAX_CITATIONS_PER_FINDING
    findings = [
        " ".join(f"Claim [@example-report, p. {f * per + i}]." for i in range(per)) for f in range(MAX_NOTES // per + 1)
    ]
    found = problems(tmp_path, explainer(findings))
    assert len(found) == 1
    distinct = len(findings) * per + 1  # and the summary's
    assert f"the explainer has {distinct} different notes, more than {MAX_NOTES}" in found[0]
    assert found[0].startswith("data/explainers/example-question.yaml:")


def test_the_slowest_explainer_within_the_caps_builds(tmp_path):
    project = worst_explainer.project(
        tmp_path, worst_explainer.explainer(MAX_FINDINGS, MAX_CITATIONS_PER_FINDING, MAX_NOTES)
    )
    result = run_build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    page = (project / "site" / "explainers" / "worst" / "index.html").read_text(encoding="utf-8")
    assert f'id="note-{MAX_NOTES}"' in page and f'id="note-{MAX_NOTES + 1}"' not in page
