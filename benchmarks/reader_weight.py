"""Benchmark: what a reader's browser fetches, as GitHub Pages would serve it (gzip).

Run by hand: `.venv/bin/python benchmarks/reader_weight.py --site DIR [--site DIR …]` on built
sites (for example the seed site from `make build`, and one of 1,000 explainers and 10,000
sources built from `benchmarks/make_corpus.py`'s corpus with `mkdocs build`).

Each site is served on 127.0.0.1 by a small server that compresses text with gzip, as GitHub
Pages does. Chromium (Debian's, through Playwright) opens each page in a fresh context with an
empty cache, and the figures are the transfer sizes the browser reports (the Network domain's
`encodedDataLength`, headers included):

- an explainer page, the home page and the bibliography: their first view, everything fetched
  until the network has been quiet for half a second, before the reader acts;
- the bibliography after the reader types a filter (everything fetched in all);
- the site search: everything fetched from opening a page to the first results of a query, and
  the time from the last keystroke to the results on screen with the CPU slowed 4×.

Figures belong in docs/about/performance.md ("Reader-side weight"); tests never time.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import CHROMIUM_ARGS, chromium_executable  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

TEXT = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map")
BUDGETS = {  # issue 18, in bytes fetched
    "explainer page, first view": 300_000,
    "home page, first view": 150_000,
    "bibliography, first view": 300_000,
    "bibliography, a filter typed": 1_500_000,
    "search, first results": 1_000_000,
}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files, text compressed with gzip when the browser accepts it (as GitHub Pages)."""

    def log_message(self, format, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (path.suffix in TEXT and "gzip" in self.headers.get("Accept-Encoding", "") and path.is_file()):
            return super().send_head()
        if self.path.split("?")[0].endswith("/") is False and Path(self.translate_path(self.path)).is_dir():
            return super().send_head()  # the redirect to the folder's address
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve_gzip(directory: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(directory)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class Transfers:
    """The bytes a page's requests took on the wire, from Chromium's own accounting."""

    def __init__(self, context, page):
        self.total = 0
        self.urls: dict[str, int] = {}
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        self._urls: dict[str, str] = {}
        cdp.on("Network.requestWillBeSent", lambda e: self._urls.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on("Network.loadingFinished", self._finished)
        self.cdp = cdp

    def _finished(self, event):
        size = int(event["encodedDataLength"])
        self.total += size
        url = self._urls.get(event["requestId"], "?")
        self.urls[url] = self.urls.get(url, 0) + size


def first_explainer(site: Path) -> str:
    return (
        "explainers/" + sorted(p.name for p in (site / "explainers").iterdir() if (p / "index.html").exists())[0] + "/"
    )


def measure(site: Path, query: str) -> dict[str, tuple[int, dict[str, int]]]:
    out: dict[str, tuple[int, dict[str, int]]] = {}
    args = ["--no-sandbox"] if hasattr(__import__("os"), "geteuid") and __import__("os").geteuid() == 0 else []
    with serve_gzip(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable(), args=args + CHROMIUM_ARGS)

        def fresh(throttle: float = 1):
            context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
            page = context.new_page()
            transfers = Transfers(context, page)
            if throttle != 1:
                transfers.cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
            return context, page, transfers

        def first_view(name: str, address: str):
            context, page, transfers = fresh()
            page.goto(f"{url}/{address}")
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            out[name] = (transfers.total, dict(transfers.urls))
            return context, page, transfers

        context, _, _ = first_view("explainer page, first view", first_explainer(site))
        context.close()
        context, _, _ = first_view("home page, first view", "")
        context.close()
        context, page, transfers = first_view("bibliography, first view", "bibliography/")
        page.locator("#ee-bib-filter").press_sequentially(query, delay=120)
        page.wait_for_selector(".ee-bibliography[data-ready=ready]", timeout=60_000)
        # Every entry of the window in place: "N of M sources", and min(N, 200) entries shown.
        page.wait_for_function(
            """() => { const m = /^([\\d,]+) of /.exec(document.querySelector('.ee-bib-count').textContent);
                 return m && document.querySelectorAll('li.ee-bib-entry').length
                   === Math.min(200, Number(m[1].replace(/,/g, ''))); }""",
            timeout=60_000,
        )
        page.wait_for_timeout(500)
        out["bibliography, a filter typed"] = (transfers.total, dict(transfers.urls))
        context.close()

        # Search: open a page, open the search, type the query; the results on screen.
        context, page, transfers = fresh(throttle=4)
        page.goto(f"{url}/{first_explainer(site)}")
        page.wait_for_load_state("networkidle")
        page.locator("label[for=__search]").first.click()
        box = page.locator("input.md-search__input")
        box.press_sequentially(query[:-1], delay=120)
        start = page.evaluate("performance.now()")
        box.press(query[-1])
        # The results on screen are the whole query's (search.js says which query they answer).
        page.wait_for_function(
            "q => document.querySelector('[data-ee-search]').getAttribute('data-ee-shown') === q"
            " && document.querySelector('.md-search-result__list li')",
            arg=query,
            timeout=60_000,
        )
        latency = page.evaluate("performance.now()") - start
        page.wait_for_load_state("networkidle")
        out["search, first results"] = (transfers.total, dict(transfers.urls))
        out["search, last keystroke to results at 4x slowdown (ms)"] = (round(latency), {})
        context.close()
        browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--site", type=Path, action="append", required=True)
    parser.add_argument("--query", default="prisoners")
    parser.add_argument("--largest", type=int, default=4, help="list this many of the largest requests")
    options = parser.parse_args()
    for site in options.site:
        print(f"\n{site}")
        for name, (value, urls) in measure(site, options.query).items():
            budget = BUDGETS.get(name)
            if budget is None:
                print(f"  {name}: {value}")
                continue
            verdict = "within" if value <= budget else "OVER"
            print(f"  {name}: {value / 1000:,.1f} kB ({verdict} the budget of {budget / 1000:,.0f} kB)")
            for u, n in sorted(urls.items(), key=lambda kv: -kv[1])[: options.largest]:
                print(f"      {n / 1000:9,.1f} kB  {u.split('/', 3)[-1]}")


if __name__ == "__main__":
    main()
