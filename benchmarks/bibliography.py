"""Benchmark: the bibliography page with 10,000 sources.

Run by hand: `.venv/bin/python benchmarks/bibliography.py [--sources 10000] [--keep DIR]`.
`--site DIR` measures a site built before (with --keep, it is DIR/project/site) in the browser
only, without generating and building again: for re-runs on a machine others share.

It generates the sources (tests/test_bibliography.py's `varied_sources`: every shape the schema
allows, about 250 publishers), builds the site with `mkdocs build --strict`, and prints:

- sizes: the page's first view, the bibliography page, its JSON index (all its files, and the keys
  a first filter fetches; raw and gzipped), the
  full list for readers without JavaScript, each also per source;
- engine times: loading the data, building the index, rendering the first view;
- in Chromium: when the page is ready to filter; the filter function alone, timed with
  performance.now() around it, for each of 20 keystrokes (median, max), with and without menus;
  and whole keystrokes typed for real (20 typed, then 20 deleted): from the input event to the
  updated list laid out in the next frame (the script updates the list in that frame), and,
  from the browser's Event Timing API, keystrokes whose input-to-next-paint took 16 ms or more
  (it reports no shorter ones); at full speed and with the CPU slowed 4× (a mid-range phone).

Figures belong in docs/about/performance.md with the machine they came from; tests never time.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import CHROMIUM_ARGS, chromium_executable, make_project, run_build, serve_directory  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from test_bibliography import varied_sources  # noqa: E402

from macros.domain.addresses import BIBLIOGRAPHY_INDEX as INDEX_PATH  # noqa: E402
from macros.domain.publication import Publication  # noqa: E402
from macros.domain.site import Site  # noqa: E402
from macros.formats import bibliography_index  # noqa: E402
from macros.formats.bibliography_index import FIRST_VIEW  # noqa: E402
from macros.load.corpus import load_corpus  # noqa: E402
from macros.render.renderer import Renderer  # noqa: E402

QUERY = "prisoners exchange kh"  # typed one key at a time, the list narrowing
KEYSTROKES = 20  # typed, then as many deleted
INTERVAL_MS = 100  # between keystrokes: a fast typist
TRIALS = 3  # page loads per CPU setting; figures pool their keystrokes

# Before the page's own script runs: note when the bibliography is ready; time each keystroke
# from the input event (capture on window, before the page's handler) to the end of the next
# frame's callbacks (this one is queued after the page's, which updates the list) with style and
# layout done; and collect the browser's own input-to-next-paint times.
INSTRUMENT = """
window.__ee = {keys: [], readyAt: null, events: []};
new MutationObserver(() => {
  const box = document.querySelector('.ee-bibliography[data-ready=ready]');
  if (box && window.__ee.readyAt === null) window.__ee.readyAt = performance.now();
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-ready']});
window.addEventListener('input', () => { window.__ee.t0 = performance.now(); }, true);
document.addEventListener('input', () => {
  const t0 = window.__ee.t0;
  requestAnimationFrame(() => {
    document.body.offsetHeight;  // style and layout of the updated list
    window.__ee.keys.push({frame: performance.now() - t0,
                           shown: document.querySelectorAll('li.ee-bib-entry').length});
  });
});
new PerformanceObserver(list => {
  for (const e of list.getEntries()) {
    if (e.name === 'keydown') window.__ee.events.push({duration: e.duration,
      delay: e.processingStart - e.startTime, processing: e.processingEnd - e.processingStart});
  }
}).observe({type: 'event', durationThreshold: 16, buffered: true});
"""

FILTER_TIMES = """async ([query, extra]) => {
  const times = [];
  for (let k = 1; k <= query.length; k++) {
    const state = Object.assign({text: query.slice(0, k)}, extra);
    await window.eeBibliography.filter(state);  // once to fetch its words' buckets and warm up
    const t0 = performance.now();
    const found = await window.eeBibliography.filter(state);
    times.push([performance.now() - t0, found.length]);
  }
  return times;
}"""


def kib(n: float) -> str:
    return f"{n / 1024:,.1f} KiB"


def median_max(values: list[float]) -> str:
    p95 = statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]
    return f"median {statistics.median(values):6.1f} ms, 95th percentile {p95:6.1f} ms, max {max(values):6.1f} ms"


def load() -> str:
    return "load average " + (" ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?")


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def browser_figures(site_dir: Path, throttle: float) -> dict:
    """One page load: when it is ready, the filter alone, and 40 keystrokes typed for real."""
    out: dict = {}
    args = (["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []) + CHROMIUM_ARGS
    with serve_directory(site_dir) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable(), args=args)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.add_init_script(INSTRUMENT)
        if throttle != 1:
            context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttle})
        page.goto(url + "/bibliography/")
        # The index loads when the reader turns to the filter box: "ready" counts from that focus.
        page.wait_for_selector(".ee-bibliography[data-ready=waiting]", timeout=60_000)
        page.focus("#ee-bib-filter")
        page.wait_for_selector(".ee-bibliography[data-ready=ready]", timeout=60_000)
        out["ready"] = page.evaluate("window.__ee.readyAt")
        marks = page.evaluate(
            "Object.fromEntries(performance.getEntriesByType('mark').map(m => [m.name, m.startTime]))"
        )
        out["prepare"] = marks["ee-bibliography-ready"] - marks["ee-bibliography-parsed"]
        out["dcl"] = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
        paint = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime")
        out["fcp"] = paint
        out["count"] = page.evaluate("window.eeBibliography.count")

        # The filter function alone, per keystroke of QUERY.
        for name, extra in (("words", {}), ("words+menus", {"affiliation": "international-media", "sort": "newest"})):
            times = page.evaluate(FILTER_TIMES, [QUERY[:KEYSTROKES], extra])
            out[f"filter {name}"] = [t for t, _ in times]
            out[f"found {name}"] = (times[0][1], times[-1][1])

        # Whole keystrokes, typed for real: 20 typed, then 20 deleted.
        box = page.locator("#ee-bib-filter")
        box.click()
        for key in QUERY[:KEYSTROKES]:
            page.keyboard.type(key)
            page.wait_for_timeout(INTERVAL_MS)
        for _ in range(KEYSTROKES):
            page.keyboard.press("Backspace")
            page.wait_for_timeout(INTERVAL_MS)
        page.wait_for_timeout(200)
        out["keys"] = page.evaluate("window.__ee.keys")
        out["events"] = page.evaluate("window.__ee.events")
        browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="build here and keep the site")
    parser.add_argument("--site", type=Path, help="only measure this built site in the browser")
    args = parser.parse_args()
    if args.site:
        print(f"Bibliography benchmark, browser only: {args.site}")
        print(f"Machine: {os.cpu_count()} cores, {platform.platform()}, {load()}")
        print()
        browser_report(args.site)
        return

    work = args.keep or Path(tempfile.mkdtemp(prefix="ee-bib-bench-"))
    shutil.rmtree(work / "project", ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    try:
        files, gen_time = timed(lambda: varied_sources(args.sources))
        project = make_project(work, files)
        data = project / "data"

        corpus, load_time = timed(lambda: load_corpus(data))
        site = Site(corpus)
        renderer = Renderer(site, Publication())
        index, index_time = timed(lambda: bibliography_index.build_index(site).files)
        first_view, first_time = timed(lambda: str(renderer.bibliography("../", bibliography_index.version(index))))
        full, full_time = timed(lambda: str(renderer.all_sources("../../")))
        seed_view = str(Renderer(Site(load_corpus(ROOT / "data")), Publication()).bibliography("../", "v"))

        result, build_time = timed(lambda: run_build(project))
        if result.returncode:
            sys.exit(f"the build failed:\n{result.stderr[-3000:]}")
        site_dir = project / "site"
        n = len(corpus.sources)
        page_bytes = (site_dir / "bibliography" / "index.html").stat().st_size
        index_files = [p.read_bytes() for p in (site_dir / INDEX_PATH).rglob("*.json")]
        keys_bytes = (site_dir / bibliography_index.KEYS).read_bytes()
        all_bytes = (site_dir / "bibliography" / "all" / "index.html").stat().st_size

        print(f"Bibliography benchmark: {n:,} sources, {len(corpus.publishers):,} publishers")
        print(f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}, {load()}")
        print()
        print("Sizes")
        print(
            f"  first view (the fragment, {FIRST_VIEW} entries)  {kib(len(first_view.encode())):>12}"
            f"   (seed, 17 sources: {kib(len(seed_view.encode()))})"
        )
        print(f"  bibliography page, whole HTML          {kib(page_bytes):>12}")
        raw, gz = sum(len(b) for b in index_files), sum(len(gzip.compress(b, 6)) for b in index_files)
        print(
            f"  JSON index, all {len(index_files):,} files          {kib(raw):>12}"
            f"   {raw / n:,.0f} B per source; gzip {kib(gz)} ({gz / n:,.0f} B per source)"
        )
        gz = len(gzip.compress(keys_bytes, 6))
        print(
            f"  of which the keys (the first fetch)    {kib(len(keys_bytes)):>12}"
            f"   gzip {kib(gz)} ({gz / n:,.1f} B per source)"
        )
        print(f"  full list without JavaScript (all/)    {kib(all_bytes):>12}   {all_bytes / n:,.0f} B per source")
        print()
        print("Engine")
        print(
            f"  generate data {gen_time:6.2f} s   load and check {load_time:6.2f} s   "
            f"index {index_time * 1000:7.1f} ms   first view {first_time * 1000:6.1f} ms   "
            f"full list {full_time:5.2f} s"
        )
        print(f"  mkdocs build --strict (every page)  {build_time:6.1f} s")
        print()
        browser_report(site_dir)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def browser_report(site_dir: Path) -> None:
    """The browser figures, at full speed and with the CPU slowed 4×."""
    for throttle in (1, 4):
        print(
            f"Chromium, CPU {'full speed' if throttle == 1 else f'slowed {throttle}×'}: "
            f"{TRIALS} page loads, {2 * KEYSTROKES} keystrokes each, {INTERVAL_MS} ms apart ({load()})"
        )
        figs = [browser_figures(site_dir, throttle) for _ in range(TRIALS)]
        for name, label in (
            ("fcp", "first contentful paint"),
            ("dcl", "DOMContentLoaded"),
            ("ready", "ready to filter (index loaded and prepared)"),
            ("prepare", "of which preparing the index and the menus"),
        ):
            values = [f[name] for f in figs if f[name] is not None]
            print(f"  {label:<44} " + " / ".join(f"{v:,.0f}" for v in values) + " ms")
        for name in ("words", "words+menus"):
            first, last = figs[0][f"found {name}"]
            print(
                f"  filter function, {name:<12} {median_max([t for f in figs for t in f[f'filter {name}']])}"
                f"   ({first:,} → {last:,} matches)"
            )
        keys = [k for f in figs for k in f["keys"]]
        print(f"  keystroke to the list laid out in the next frame:  {median_max([k['frame'] for k in keys])}")
        events = [e["duration"] for f in figs for e in f["events"]]
        print(
            f"  input to next paint (Event Timing): {len(events)} of {len(keys)} keystrokes took 16 ms or more"
            + (f"; of those, {median_max(events)}" if events else "")
        )
        print(
            f"  entries in the list at the frame after a keystroke: "
            f"{min(k['shown'] for k in keys)} to {max(k['shown'] for k in keys)}"
        )
        print()


if __name__ == "__main__":
    main()
