"""Build our site and the hand-written baseline in one run, alternating, and compare them.

    python benchmarks/build.py [--explainers 1000] [--sources 10000] [--runs 3] [--out /tmp/ee-bench]

Generates the corpus (benchmarks/make_corpus.py), then builds OUT/baseline (plain MkDocs + Material,
hand-written Markdown, a themed page for every explainer, source and topic) and OUT/project (this
engine) alternately: first cold, as a deploy runner builds (no site/ and no __pycache__ in the
project), RUNS times each; then warm (the last site in place), RUNS times each. Reports medians and
ratios ours/baseline for wall time, the peak memory of one more cold build of each (proportional
set size summed over the build's processes, sampled; the timed builds are not), and sizes: the
site, each kind of page (median and largest, raw and gzipped as a server sends them). Times on
shared machines vary: read the ratios, measured in one run, not the absolute figures.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import generate, write_baseline, write_project


def _tree(pid: int) -> list[int]:
    """The process and its descendants."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [pid] + [p for child in children for p in _tree(int(child))]


def _pss(pid: int) -> int:
    """The process's proportional set size (KiB): shared pages count once across the processes."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def build(folder: Path, strict: bool, cold: bool, sample: bool = False) -> tuple[float, float]:
    """Wall time (s) and, with `sample`, peak memory (MB) of one `mkdocs build`: the largest sum of
    the proportional set sizes of the build process and its children, sampled every 0.1 s. Timed
    builds are not sampled: reading a large process's memory map often slows it down (by a third
    for our build, sampled every 0.02 s, in one run), more for a larger process than a smaller."""
    if cold:
        shutil.rmtree(folder / "site", ignore_errors=True)
        for cache in folder.rglob("__pycache__"):
            shutil.rmtree(cache)
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "mkdocs", "build", "-q"] + (["--strict"] if strict else [])
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while sample and process.poll() is None:
        peak = max(peak, sum(_pss(pid) for pid in _tree(process.pid)))
        time.sleep(0.1)
    process.wait()
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(
            f"build of {folder} failed:\n{process.stderr.read().decode()[-3000:] if process.stderr else ''}"
        )
    # Our build hands the replaced site to a detached process to delete. Wait for it, so that its
    # work does not slow down the next build measured.
    while any(folder.glob(".site.old-*")):
        time.sleep(0.05)
    return elapsed, peak / 1024


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def page_sizes(site: Path, pattern: str) -> str:
    pages = sorted(site.glob(pattern))
    if not pages:
        return "none"
    raw = [p.stat().st_size for p in pages]
    packed = [len(gzip.compress(p.read_bytes(), 6)) for p in pages]
    return (
        f"{len(pages):>6} pages, median {statistics.median(raw) / 1e3:6.1f} KB "
        f"({statistics.median(packed) / 1e3:5.1f} KB gzipped), largest {max(raw) / 1e3:6.1f} KB "
        f"({max(packed) / 1e3:5.1f} KB gzipped)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--explainers", type=int, default=1000)
    parser.add_argument("--sources", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("/tmp/ee-bench"))
    args = parser.parse_args()

    corpus = generate(args.explainers, args.sources)
    project, baseline = write_project(corpus, args.out), write_baseline(corpus, args.out)
    builds = (("baseline", baseline, False), ("ours", project, True))
    print(f"corpus: {args.explainers} explainers x 8 findings, {args.sources} sources; {args.runs} runs each")
    for label, cold in (("cold", True), ("warm", False)):
        times: dict[str, list[float]] = {"ours": [], "baseline": []}
        for _ in range(args.runs):
            for name, folder, strict in builds:
                times[name].append(build(folder, strict, cold)[0])
        t_ours, t_base = statistics.median(times["ours"]), statistics.median(times["baseline"])
        print(f"{label} build  ours {t_ours:6.1f} s  baseline {t_base:6.1f} s  ratio {t_ours / t_base:.2f}")
        for name in ("ours", "baseline"):  # the spread: shared machines vary from run to run
            print(f"  {name} runs: " + ", ".join(f"{t:.1f}" for t in times[name]))
    # Peak memory in one more cold build of each, sampled (and so not timed).
    memory = {name: build(folder, strict, True, sample=True)[1] for name, folder, strict in builds}
    print(f"peak memory (cold) ours {memory['ours']:5.0f} MB  baseline {memory['baseline']:5.0f} MB")

    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "macros", "check"], cwd=project, capture_output=True, check=True)
    check_time = time.perf_counter() - start
    site, base_site = project / "site", baseline / "site"
    print(f"site size   ours {size(site) / 1e6:7.1f} MB  baseline {size(base_site) / 1e6:7.1f} MB")
    for kind, pattern in (
        ("explainer", "explainers/*/index.html"),
        ("source", "sources/*/index.html"),
        ("topic", "topics/*/index.html"),
    ):
        print(f"{kind:9} pages  ours      {page_sizes(site, pattern)}")
        print(f"{'':9}        baseline  {page_sizes(base_site, pattern)}")
    for name, path in (("home", "index.html"), ("bibliography", "bibliography/index.html")):
        print(f"{name:12} ours {page_sizes(site, path)}")
    # Ours is in parts, fetched as a query needs them (formats/search_index.py); Material's is one file.
    parts = [p for p in (site / "search").rglob("*.json")]
    largest = max((p.stat().st_size for p in parts), default=0)
    print(
        f"search index: ours {sum(p.stat().st_size for p in parts) / 1e6:.1f} MB in {len(parts)} parts "
        f"(largest {largest / 1e3:.0f} kB), "
        f"baseline {(base_site / 'search' / 'search_index.json').stat().st_size / 1e6:.1f} MB in one file"
    )
    print(f"check command: {check_time:.2f} s")


if __name__ == "__main__":
    main()
