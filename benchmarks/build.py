"""Build our site and the hand-written baseline in one run, alternating, and compare them.

    python benchmarks/build.py [--explainers 1000] [--sources 10000] [--runs 3] [--out /tmp/ee-bench]

Generates the corpus with benchmarks/make_corpus.py, then builds OUT/baseline (plain MkDocs +
Material, hand-written Markdown) and OUT/project (this engine) alternately: once with no formatted
citations kept from an earlier build (reported apart as the first build), then RUNS times each.
Reports medians and ratios ours/baseline for wall time and peak memory, and for our site: total
size, largest page, the bibliography's first view, the search index, and the check command's time.
Times on shared machines vary: read the ratios, measured in one run, not the absolute figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import generate, write_baseline, write_project

# Runs `mkdocs build` in a child and prints on the last line its peak memory (KiB) plus that of the
# largest of its own worker processes: an upper bound on what the build held at once.
CHILD = (
    "import resource, sys; from mkdocs.__main__ import cli\n"
    "try:\n    cli(['build', '-q'] + sys.argv[1:], standalone_mode=False)\n"
    "finally:\n    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss"
    " + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def build(folder: Path, strict: bool, cache: Path) -> tuple[float, float]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", EVIDENCE_EXPLAINERS_CACHE=str(cache))
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", CHILD] + (["--strict"] if strict else []),
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build of {folder} failed:\n{result.stderr[-3000:]}")
    # Our build hands the replaced site to a detached process to delete. Wait for it, so that its
    # work does not slow down the next build measured (the baseline's, half of the time).
    while any(folder.glob(".site.old-*")):
        time.sleep(0.05)
    return elapsed, int(result.stdout.strip().splitlines()[-1]) / 1024


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--explainers", type=int, default=1000)
    parser.add_argument("--sources", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("/tmp/ee-bench"))
    args = parser.parse_args()

    corpus = generate(args.explainers, args.sources)
    project, baseline = write_project(corpus, args.out), write_baseline(corpus, args.out)
    # The formatted citations kept between builds (macros/citation_cache.py): none for the first
    # build of each, reported apart; the runs after it reuse them.
    cache = args.out / "citation-cache"
    shutil.rmtree(cache, ignore_errors=True)
    first = {
        name: build(folder, strict, cache)
        for name, folder, strict in (("baseline", baseline, False), ("ours", project, True))
    }
    times = {"ours": [], "baseline": []}
    memory = {"ours": [], "baseline": []}
    for _ in range(args.runs):
        for name, folder, strict in (("baseline", baseline, False), ("ours", project, True)):
            t, m = build(folder, strict, cache)
            times[name].append(t)
            memory[name].append(m)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "macros", "check"], cwd=project, capture_output=True, check=True)
    check_time = time.perf_counter() - start

    site, base_site = project / "site", baseline / "site"
    pages = list(site.rglob("*.html"))
    largest = max(pages, key=lambda p: p.stat().st_size)
    explainer_pages = list((site / "explainers").rglob("index.html"))
    t_ours, t_base = statistics.median(times["ours"]), statistics.median(times["baseline"])
    m_ours, m_base = statistics.median(memory["ours"]), statistics.median(memory["baseline"])
    print(f"corpus: {args.explainers} explainers x 8 findings, {args.sources} sources; {args.runs} runs each")
    (f_ours, m_first), (f_base, _) = first["ours"], first["baseline"]
    print(
        f"first build, no citations kept yet: ours {f_ours:.1f} s, baseline {f_base:.1f} s, "
        f"ratio {f_ours / f_base:.2f}; peak memory ours {m_first:.0f} MB"
    )
    print(f"wall time   ours {t_ours:7.1f} s   baseline {t_base:7.1f} s   ratio {t_ours / t_base:.2f}")
    for name in ("ours", "baseline"):  # the spread: shared machines vary from run to run
        print(f"  {name} runs: " + ", ".join(f"{t:.1f}" for t in times[name]))
    print(
        f"peak memory ours {m_ours:7.0f} MB  baseline {m_base:7.0f} MB  ratio {m_ours / m_base:.2f}"
        "  (build process + its largest worker)"
    )
    print(f"site size   ours {size(site) / 1e6:7.1f} MB  baseline {size(base_site) / 1e6:7.1f} MB")
    print(
        f"largest page: {largest.relative_to(site)} {largest.stat().st_size / 1e3:.0f} KB; "
        f"largest explainer page {max(p.stat().st_size for p in explainer_pages) / 1e3:.0f} KB"
    )
    print(
        f"bibliography first view: {(site / 'bibliography' / 'index.html').stat().st_size / 1e3:.0f} KB "
        f"(baseline's whole page: {(base_site / 'bibliography' / 'index.html').stat().st_size / 1e3:.0f} KB)"
    )
    print(
        f"search index: ours {(site / 'search' / 'search_index.json').stat().st_size / 1e6:.1f} MB, "
        f"baseline {(base_site / 'search' / 'search_index.json').stat().st_size / 1e6:.1f} MB"
    )
    print(f"check command: {check_time:.2f} s")


if __name__ == "__main__":
    main()
