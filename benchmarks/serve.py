"""Time from saving a data file to the pages that show it being served under `mkdocs serve`, beside
a plain Markdown site of the same content.

    python benchmarks/serve.py [--explainers 100] [--sources 1000] [--edits 5] [--out /tmp/ee-serve]

Generates the corpus (benchmarks/make_corpus.py): OUT/project (this engine) and OUT/baseline (plain
MkDocs + Material, hand-written Markdown: a page per explainer, source and topic). For each site:
a cold `mkdocs build` (wall time), then `mkdocs serve` (time to the first page served, which is the
first build), then EDITS saves, each timed from the save to the served pages showing the change:

- ours, a source file: its title changed; until its page and an explainer citing it both show it;
- ours, an explainer file: a finding's heading changed; until the explainer's page shows it;
- the baseline, a source's Markdown page, then an explainer's: their heading changed; until shown.

With `--cpu`, it measures instead the processor time of each rebuild after the same saves, in this
process, driving MkDocs as `mkdocs serve` does (a fresh configuration for each build, the same
plugin objects, a thread running beside the builds as serve's server does): on a busy machine the
wall time says more about the other processes than about ours, and a rebuild runs in one process.

The pages are fetched over HTTP every 0.1 s (a browser's live reload comes when the rebuild ends,
plus the page's own load). Sources and explainers are taken evenly from those that cite or are
cited (the corpus is long-tailed: most sources are cited by one explainer, a few by hundreds).
Times on shared machines vary: read the ratios, measured in one run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from make_corpus import generate, write_baseline, write_project

from macros.domain.site import Site
from macros.load.corpus import load_corpus

ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return str(answer.read().decode("utf-8"))
    except OSError:
        return None


def wait_until(check: Callable[[], bool], seconds: float = 900) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        if check():
            return time.perf_counter() - start
        time.sleep(0.1)
    raise SystemExit("timed out")


def cold_build(folder: Path) -> float:
    shutil.rmtree(folder / "site", ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=folder, env=ENV, check=True)
    return time.perf_counter() - start


class Served:
    """`mkdocs serve` of one folder, from start to stop."""

    def __init__(self, folder: Path, log: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        start = time.perf_counter()
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{self.port}"],
            cwd=folder,
            env=ENV,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            # Ctrl-C (SIGINT) stops it, as in a terminal, even when this runs in the background.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        wait_until(lambda: fetch(self.base) is not None)
        self.first = time.perf_counter() - start

    def save_and_time(self, file: Path, old: str, new: str, pages: list[str]) -> float:
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        time.sleep(1.0)  # the last rebuild has settled
        start = time.perf_counter()
        file.write_text(text.replace(old, new, 1), encoding="utf-8")
        marker = new.split('"')[1] if '"' in new else new.lstrip("# ")

        def shown() -> bool:
            return all(marker in (fetch(self.base + page) or "") for page in pages)

        wait_until(shown)
        return time.perf_counter() - start

    def stop(self) -> None:
        """As a contributor stops it (Ctrl-C), so that serve cleans up what it made."""
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def cpu_times(project: Path, sources: list[str], explainers: list[str]) -> dict[str, list[float]]:
    """Processor time of each rebuild after each save, driven as mkdocs/commands/serve.py does."""
    import logging
    import threading

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    serve_url, site_dir = "http://127.0.0.1:8000/", tempfile.mkdtemp(prefix="ee-serve-")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)

    def config():
        cfg = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site_dir)
        cfg.site_url = serve_url
        return cfg

    first = config()
    first.plugins.on_startup(command="serve", dirty=False)
    start = time.process_time()
    build(first, serve_url=serve_url)
    results: dict[str, list[float]] = {"first": [time.process_time() - start]}
    threading.Thread(target=lambda: time.sleep(10**6), daemon=True).start()  # as serve's server thread
    saves = [("source", sid, r'^title: "[^"]*"') for sid in sources]
    saves += [("explainer", eid, r'heading: "[^"]*"') for eid in explainers]
    for n, (kind, key, pattern) in enumerate(saves):
        file = project / "data" / f"{kind}s" / f"{key}.yaml"
        text = file.read_text(encoding="utf-8")
        old = re.search(pattern, text, re.M)
        assert old
        file.write_text(text.replace(old.group(0), old.group(0).split(":")[0] + f': "Edited {n}"', 1), encoding="utf-8")
        start = time.process_time()
        build(config(), serve_url=serve_url)
        results.setdefault(kind, []).append(time.process_time() - start)
    first.plugins.on_shutdown()
    shutil.rmtree(site_dir, ignore_errors=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--explainers", type=int, default=100)
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("/tmp/ee-serve"))
    parser.add_argument("--cpu", action="store_true", help="processor time of each rebuild, in this process")
    args = parser.parse_args()

    corpus = generate(args.explainers, args.sources)
    project, baseline = write_project(corpus, args.out), write_baseline(corpus, args.out)
    site = Site(load_corpus(project / "data"))
    cited = [k for k, c in site.cited_by.items() if c and site.corpus.sources[k].title]
    step = max(1, len(cited) // args.edits)
    sources = cited[::step][: args.edits]
    explainers = list(site.corpus.explainers)[:: max(1, len(site.corpus.explainers) // args.edits)][: args.edits]

    if args.cpu:
        times = cpu_times(project, sources, explainers)
        print(f"corpus: {args.explainers} explainers, {args.sources} sources; processor time of each rebuild")
        print(f"first serve build (this process only): {times['first'][0]:.2f} s")
        for kind in ("source", "explainer"):
            runs = ", ".join(f"{t:.2f}" for t in times[kind])
            print(f"save a {kind}: median {statistics.median(times[kind]):.2f} s ({runs})")
        return

    results: dict[str, list[float]] = {}
    cold = {"ours": cold_build(project), "baseline": cold_build(baseline)}

    served = Served(project, args.out / "serve-ours.log")
    results["first"] = [served.first]
    try:
        for n, sid in enumerate(sources):
            file = project / "data" / "sources" / f"{sid}.yaml"
            old = re.search(r'^title: "[^"]*"', file.read_text(encoding="utf-8"), re.M)
            assert old
            citing = site.cited_by[sid][0].explainer.id
            pages = [f"sources/{sid}/", f"explainers/{citing}/"]
            results.setdefault("source", []).append(
                served.save_and_time(file, old.group(0), f'title: "Edited source {n}"', pages)
            )
        for n, eid in enumerate(explainers):
            file = project / "data" / "explainers" / f"{eid}.yaml"
            old = re.search(r'heading: "[^"]*"', file.read_text(encoding="utf-8"))
            assert old
            results.setdefault("explainer", []).append(
                served.save_and_time(file, old.group(0), f'heading: "Edited heading {n}"', [f"explainers/{eid}/"])
            )
    finally:
        served.stop()

    served = Served(baseline, args.out / "serve-baseline.log")
    results["baseline first"] = [served.first]
    try:
        for n, sid in enumerate(sources):
            file = baseline / "docs" / "sources" / f"{sid}.md"
            old = file.read_text(encoding="utf-8").splitlines()[0]
            results.setdefault("baseline source", []).append(
                served.save_and_time(file, old, f"# Edited source {n}", [f"sources/{sid}/"])
            )
        for n, eid in enumerate(explainers):
            file = baseline / "docs" / "explainers" / f"{eid}.md"
            old = file.read_text(encoding="utf-8").splitlines()[0]
            results.setdefault("baseline explainer", []).append(
                served.save_and_time(file, old, f"# Edited explainer {n}", [f"explainers/{eid}/"])
            )
    finally:
        served.stop()

    def med(key: str) -> float:
        return statistics.median(results[key])

    def runs(key: str) -> str:
        return ", ".join(f"{t:.2f}" for t in results[key])

    print(f"corpus: {args.explainers} explainers, {args.sources} sources; {args.edits} edits of each kind")
    print(f"cold mkdocs build:        ours {cold['ours']:.2f} s   baseline {cold['baseline']:.2f} s")
    print(
        f"first serve build:        ours {med('first'):.2f} s   baseline {med('baseline first'):.2f} s   "
        f"ours / our cold build {med('first') / cold['ours']:.2f}"
    )
    print(
        f"save a source:            ours {med('source'):.2f} s ({runs('source')})   "
        f"baseline {med('baseline source'):.2f} s ({runs('baseline source')})   "
        f"ratio {med('source') / med('baseline source'):.2f}"
    )
    print(
        f"save an explainer:        ours {med('explainer'):.2f} s ({runs('explainer')})   "
        f"baseline {med('baseline explainer'):.2f} s ({runs('baseline explainer')})   "
        f"ratio {med('explainer') / med('baseline explainer'):.2f}"
    )


if __name__ == "__main__":
    main()
