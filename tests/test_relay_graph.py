"""Relay graphs are checked completely and in linear time (issue 15, item 4), and the evidence
rules run with every other check, so one run lists every problem (item 8).

Each case is a real data/ tree checked by `python -m macros check`, as CI runs it; the shapes that
took minutes or crashed before are checked under a time limit that only a hang would pass."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, write_data

from macros.domain.site import Site
from macros.load.corpus import load_corpus


def check(data: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "macros", "check", "--data", str(data)],
        cwd=data.parent,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )


def source(sid: str, relays: list[str] | None = None, publisher: str = "example-news") -> tuple[str, str]:
    text = f"title: Report {sid}\npublisher: {publisher}\nurl: https://example.org/{sid}\n"
    if relays:
        text += "relays:\n" + "".join(f"  - {r}\n" for r in relays)
    return f"sources/{sid}.yaml", text


def test_a_circle_through_any_relay_is_refused(tmp_path):
    """Each source's first relay leads out of the circle; the circle runs through their second
    relays. Only first relays were followed before, so this circle was published."""
    files = dict(
        [
            source("wire-one"),
            source("wire-two"),
            source("loop-a", ["source: wire-one", "source: loop-b"]),
            source("loop-b", ["source: wire-two", "publisher: example-news", "source: loop-c"]),
            source("loop-c", ["publisher: example-news", "source: loop-a"]),
        ]
    )
    result = check(write_data(tmp_path, files))
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if "circle" in line]
    assert lines == [
        "data/sources/loop-a.yaml:6:13: relays go round in a circle: loop-a → loop-b → loop-c → loop-a — a source "
        "relays what it got from elsewhere; break the circle",
        "data/sources/loop-b.yaml:7:13: relays go round in a circle: loop-b → loop-c → loop-a → loop-b — a source "
        "relays what it got from elsewhere; break the circle",
        "data/sources/loop-c.yaml:6:13: relays go round in a circle: loop-c → loop-a → loop-b → loop-c — a source "
        "relays what it got from elsewhere; break the circle",
    ]


def test_a_source_that_relays_itself_is_a_circle(tmp_path):
    result = check(write_data(tmp_path, dict([source("echo", ["publisher: example-news", "source: echo"])])))
    assert "data/sources/echo.yaml:6:13: relays go round in a circle: echo → echo" in result.stderr


def test_a_long_circle_is_refused_without_printing_it_all(tmp_path):
    n = 500
    files = dict(source(f"ring-{i}", [f"source: ring-{(i + 1) % n}"]) for i in range(n))
    result = check(write_data(tmp_path, files))
    circles = [line for line in result.stderr.splitlines() if "circle" in line]
    assert len(circles) == n
    assert any(
        line.startswith("data/sources/ring-7.yaml:5:13: relays go round in a circle: ring-7 → ring-8 → … → ring-7 —")
        for line in circles
    )
    assert f"{n} problems in {n} files." in result.stderr


def test_a_chain_of_thousands_of_relays_checks_and_builds_without_a_traceback(tmp_path):
    """A chain of 1,200 relays crashed with a RecursionError; its origin is at the far end."""
    n = 3000
    files = dict(source(f"chain-{i}", [f"source: chain-{i + 1}"]) for i in range(n))
    files.update([source(f"chain-{n}", publisher="other-news")])
    files["publishers.yaml"] = (
        "example-news:\n  name: Example News\n  affiliation: international-media\n  reason: An example outlet.\n"
        "other-news:\n  name: Other News\n  affiliation: ukrainian-government\n  reason: Another outlet.\n"
    )
    data = write_data(tmp_path, files)
    result = check(data)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    site = Site(load_corpus(data))
    assert site.origins_of(site.corpus.sources["chain-0"]) == ["other-news"]
    assert site.origins_of(site.corpus.sources["chain-1500"]) == ["other-news"]


def test_sources_that_each_relay_the_next_two_check_at_once(tmp_path):
    """Every source relays the next two: the paths double with each source (2^60 here), which
    took minutes at a few dozen files; the graph itself is small, and so is the check."""
    n = 60
    files = dict(source(f"fan-{i}", [f"source: fan-{i + 1}", f"source: fan-{i + 2}"]) for i in range(n))
    files.update([source(f"fan-{n}"), source(f"fan-{n + 1}", publisher="other-news")])
    files["publishers.yaml"] = (
        "example-news:\n  name: Example News\n  affiliation: international-media\n  reason: An example outlet.\n"
        "other-news:\n  name: Other News\n  affiliation: ukrainian-government\n  reason: Another outlet.\n"
    )
    files["explainers/example-question.yaml"] = (
        'question: Is this an example?\nshort_answer: "yes"\npublished: "2026-01-02"\ntopics: [war]\n'
        "summary: It is [@fan-0].\nfindings:\n  - id: first-finding\n    heading: The first finding\n"
        "    text: Examples exist [@fan-0].\n"
    )
    data = write_data(tmp_path, files)
    result = check(data, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    site = Site(load_corpus(data))
    finding = site.corpus.explainers["example-question"].findings[0]
    assert site.profiles[("example-question", finding.id)].origins == ["example-news", "other-news"]


# Item 8: every problem at once.

BROKEN_EXPLAINER = """\
question: Is this another example?
short_answer: "yes"
published: "2026-13-45"
topics: [war]
summary: It is [@example-report].
findings:
  - id: first-finding
    heading: The first finding
    text: Examples exist [@example-report].
    confidence: {evidence: limited, agreement: low, level: high}
"""

OVERCONFIDENT = """\
question: Is this an example?
short_answer: "yes"
published: "2026-01-02"
topics: [war]
summary: It is [@example-report].
findings:
  - id: first-finding
    heading: The first finding
    text: Examples exist [@example-report; @loop-a].
    confidence: {evidence: limited, agreement: low, level: very-high}
    stances: {unrelated-source: contradicts}
"""


def test_the_evidence_rules_report_with_every_other_problem_in_one_run(tmp_path):
    """A schema problem, a reference problem, a relay circle, a confidence over its cap (and on one affiliation) and a
    stance for a source the finding does not cite: one run lists them all, and counts them."""
    files = dict(
        [
            source("loop-a", ["source: loop-b"]),
            source("loop-b", ["source: loop-a"]),
            ("sources/misdated.yaml", "title: Misdated\npublisher: example-news\ndate: yesterday\n"),
            ("sources/unknown-outlet.yaml", "title: Unknown\npublisher: nobody-news\n"),
        ]
    )
    files["explainers/example-question.yaml"] = OVERCONFIDENT
    result = check(write_data(tmp_path, files))
    assert result.returncode == 1
    out = result.stderr
    assert "data/sources/misdated.yaml:3:7: 'date' has the wrong form" in out
    assert "data/sources/unknown-outlet.yaml:2:12: unknown publisher 'nobody-news'" in out
    assert "data/sources/loop-a.yaml:5:13: relays go round in a circle: loop-a → loop-b → loop-a" in out
    assert (
        "data/explainers/example-question.yaml:10:5: confidence 'very-high' is above the 'low' that limited evidence"
        in out
    )
    assert "data/explainers/example-question.yaml:11:15: a stance for 'unrelated-source'" in out
    assert "rests on sources of one affiliation" in out
    assert "7 problems in 5 files." in out


def test_a_misshapen_file_does_not_hide_the_evidence_rules_of_the_others(tmp_path):
    files = {
        "explainers/broken-question.yaml": BROKEN_EXPLAINER,
        "explainers/example-question.yaml": OVERCONFIDENT.replace("; @loop-a", "").replace(
            "    stances: {unrelated-source: contradicts}\n", ""
        ),
    }
    files.update(
        [
            (
                "sources/misdated-loop.yaml",
                "title: Loop\npublisher: example-news\ndate: soon\nrelays:\n  - source: loop\n",
            ),
            source("loop", ["source: misdated-loop"]),
        ]
    )
    result = check(write_data(tmp_path, files))
    out = result.stderr
    assert "data/explainers/broken-question.yaml:3:12: 'published' is not a valid date" in out
    assert "data/explainers/example-question.yaml:10:5: confidence 'very-high'" in out
    # The misshapen files' own evidence problems come in the same run too.
    assert (
        "data/explainers/broken-question.yaml:10:5: confidence 'high' is above the 'low' that limited evidence" in out
    )
    assert "data/sources/misdated-loop.yaml:3:7: 'date' has the wrong form" in out
    assert (
        "data/sources/misdated-loop.yaml:5:13: relays go round in a circle: misdated-loop → loop → misdated-loop" in out
    )
