"""Run by hand: the slowest explainer the caps allow (issue 15, item 5), built by `mkdocs build`.

Every finding at the cap, every finding citing as many clusters as allowed, every cluster a note
of its own up to the notes' cap (then citing those notes again), each text as long as its
bracket cap allows, and every source with a long quote. Prints the build's seconds beside those
of the same project without that explainer. Figures: docs/about/performance.md.

    .venv/bin/python benchmarks/worst_explainer.py [--findings N --citations N --notes N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from make_corpus import copy_engine  # noqa: E402

from macros.load.validate import (  # noqa: E402
    MAX_CITATIONS_PER_FINDING,
    MAX_FINDINGS,
    MAX_NOTES,
)

SOURCES = 40


def explainer(findings: int, citations: int, notes: int) -> str:
    lines = [
        "question: How slow can one explainer be?",
        'short_answer: "partly"',
        'published: "2026-01-02"',
        "summary: Every cap at once [see @s-0, p. 0; @s-1].",
        "findings:",
    ]
    made = 0
    for f in range(findings):
        clusters = []
        for _ in range(citations):
            n = made % notes  # a new note while the cap allows, then the same notes again
            made += 1
            clusters.append(f"[see @s-{n % SOURCES}, p. {n}; @s-{(n + 1) % SOURCES}]")
        text = " ".join(f"Claim {c} {cluster}." for c, cluster in enumerate(clusters))
        lines += [f"  - id: finding-{f}", f"    heading: Finding {f}", f"    text: {text}"]
    return "\n".join(lines) + "\n"


def project(base: Path, text: str | None) -> Path:
    dest = copy_engine(base / "project")
    data = dest / "data"
    (data / "sources").mkdir(parents=True)
    (data / "explainers").mkdir()
    (data / "publishers.yaml").write_text("pub:\n  name: A publisher\n  affiliation: media\n  reason: Generated.\n")
    (data / "affiliations.yaml").write_text("media:\n  name: Media\n  description: Generated.\n")
    (data / "topics.yaml").write_text("war:\n  name: War\n")
    quote = "A long quote. " * 300
    for i in range(SOURCES):
        (data / "sources" / f"s-{i}.yaml").write_text(
            f"title: Source {i}\npublisher: pub\nurl: https://example.org/{i}\nquote: {quote}\n"
        )
    if text is not None:
        (data / "explainers" / "worst.yaml").write_text(text, encoding="utf-8")
    return dest


def build_seconds(text: str | None) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        dest = project(Path(tmp), text)
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict"],
            cwd=dest,
            capture_output=True,
            text=True,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        )
        seconds = time.perf_counter() - start
        if result.returncode:
            sys.exit(result.stderr[-3000:])
        return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--findings", type=int, default=MAX_FINDINGS)
    parser.add_argument("--citations", type=int, default=MAX_CITATIONS_PER_FINDING)
    parser.add_argument("--notes", type=int, default=MAX_NOTES)
    args = parser.parse_args()
    text = explainer(args.findings, args.citations, args.notes)
    base = build_seconds(None)
    worst = build_seconds(text)
    print(
        f"{args.findings} findings x {args.citations} citations, {args.notes} notes "
        f"({len(text.encode()):,} bytes): {worst:.1f} s to build, {base:.1f} s without it "
        f"(the explainer adds {worst - base:.1f} s)"
    )


if __name__ == "__main__":
    main()
