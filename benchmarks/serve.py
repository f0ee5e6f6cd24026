"""Time from saving a data file to the reloaded page under `mkdocs serve`, and check that the
reloaded site is complete (the search index already holds the change).

    python benchmarks/serve.py [--project .] [--edits 5]

Copies the project (data/, docs/, overrides/, macros/, mkdocs.yml) to a temporary folder, starts
`mkdocs serve --livereload` there, opens the seed explainer in Chromium, and then, EDITS times,
rewrites the first finding's heading in the YAML file and measures how long the open page takes to
show the new heading. The baseline is the same loop editing a hand-written Markdown page (docs/
about/method.md), so the figure is a ratio measured in one run as well as seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SEED = "are-russians-surrendering-to-ukrainians"
HEADING = 'heading: "Documented frontline surrenders: concrete incidents and drone footage"'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def chromium() -> str:
    for candidate in (os.environ.get("EE_CHROMIUM"), "/usr/lib/chromium/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    raise SystemExit("needs Chromium: apt-get install chromium")


def wait_for(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


def edit_and_time(page, file: Path, old: str, new: str, selector: str, expected: str) -> float:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    start = time.perf_counter()
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    page.wait_for_function(
        "([sel, want]) => { const el = document.querySelector(sel); return el && el.textContent.includes(want); }",
        arg=[selector, expected],
        timeout=60_000,
        polling=50,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="ee-serve-"))
    for item in ("mkdocs.yml", "docs", "overrides", "macros", "data"):
        src = args.project / item
        (shutil.copytree if src.is_dir() else shutil.copy)(src, work / item)
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=work,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    data_times, docs_times, complete = [], [], []
    try:
        wait_for(f"{base}/explainers/{SEED}/")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium())
            page = browser.new_page()
            yaml_file = work / "data" / "explainers" / f"{SEED}.yaml"
            method = work / "docs" / "about" / "method.md"
            previous, previous_md = HEADING, "# Method"
            for n in range(args.edits):
                page.goto(f"{base}/explainers/{SEED}/")
                page.wait_for_load_state("load")
                time.sleep(1)  # let the livereload script connect
                heading = f'heading: "Documented frontline surrenders, edit {n}"'
                data_times.append(
                    edit_and_time(page, yaml_file, previous, heading, "#documented-frontline-surrenders", f"edit {n}")
                )
                previous = heading
                index = json.loads(urllib.request.urlopen(f"{base}/search/search_index.json").read())
                complete.append(any(f"edit {n}" in d["title"] for d in index["docs"]))
                page.goto(f"{base}/about/method/")
                page.wait_for_load_state("load")
                time.sleep(1)
                title = f"# Method, edit {n}"
                docs_times.append(edit_and_time(page, method, previous_md, title, "h1", f"edit {n}"))
                previous_md = title
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    ours, base_md = statistics.median(data_times), statistics.median(docs_times)
    print(f"edits: {args.edits}")
    print(f"save a data file -> page shows it:        median {ours:.2f} s (max {max(data_times):.2f} s)")
    print(f"save a Markdown page -> page shows it:    median {base_md:.2f} s (max {max(docs_times):.2f} s)")
    print(f"ratio data/Markdown: {ours / base_md:.2f}")
    print(f"search index held the edit right after the reload: {sum(complete)} of {len(complete)}")


if __name__ == "__main__":
    main()
