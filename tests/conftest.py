"""Shared fixtures: data folders and sites the tests make (a minimal one to break one rule at a
time, generated corpora of any size), the real site for the tests about the seed explainer, and
a browser."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import make_corpus  # noqa: E402

from macros.domain.publication import Publication  # noqa: E402
from macros.domain.site import Site  # noqa: E402
from macros.load.corpus import load_corpus  # noqa: E402
from macros.render.renderer import Renderer  # noqa: E402

SEED_SLUG = "are-russians-surrendering-to-ukrainians"

# A minimal valid data folder; tests override or add files to break one rule at a time.
MINIMAL_DATA = {
    "publishers.yaml": """\
        example-news:
          name: Example News
          affiliation: international-media
          reason: An example outlet.
        """,
    "affiliations.yaml": """\
        international-media:
          name: International media
          description: Outlets based outside the parties to the conflict.
        ukrainian-government:
          name: Ukrainian government
          description: Ukraine's state bodies.
          party: ukraine
        """,
    "topics.yaml": """\
        war:
          name: War
        """,
    "sources/example-report.yaml": """\
        title: An example report
        publisher: example-news
        date: "2024-06-22"
        url: https://example.org/report
        """,
    "explainers/example-question.yaml": """\
        question: Is this an example?
        short_answer: "yes"
        published: "2026-01-02"
        topics: [war]
        summary: It is [@example-report].
        findings:
          - id: first-finding
            heading: The first finding
            text: Examples exist [@example-report, p. 4].
        """,
}


def one_finding_explainer(text: str, question: str = "Is this an example?") -> dict[str, str]:
    """data/explainers/example-question.yaml with one finding whose text (already YAML: plain or quoted)
    is on line 8; the question is on line 1."""
    return {
        "explainers/example-question.yaml": f"""\
question: {question}
short_answer: "yes"
published: "2026-01-02"
summary: It is [@example-report].
findings:
  - id: first-finding
    heading: The first finding
    text: {text}
"""
    }


def write_data(base: Path, files: dict[str, str | None] | None = None, *, keep_minimal: bool = True) -> Path:
    """Write a data/ folder under `base`: the minimal set, with `files` replacing or adding
    entries (a value of None deletes that file). Text is dedented. Returns the data path."""
    data = base / "data"
    merged = dict(MINIMAL_DATA) if keep_minimal else {}
    merged.update(files or {})
    for rel, text in merged.items():
        if text is None:
            continue
        path = data / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    (data / "explainers").mkdir(parents=True, exist_ok=True)
    (data / "sources").mkdir(parents=True, exist_ok=True)
    return data


def generated_data(base: Path, explainers: int, sources: int, seed: int = 1) -> Path:
    """A data/ folder under `base` holding a generated corpus shaped like the real explainer
    (benchmarks/make_corpus.py): explainer-0…, source-0…, publisher-0…, topic-0…."""
    return make_corpus.write_data(make_corpus.generate(explainers, sources, seed), base / "data")


def make_project(
    base: Path,
    data_files: dict[str, str | None] | None = None,
    *,
    real_data: bool = False,
    generated: tuple[int, int] | None = None,
) -> Path:
    """A copy of the project (config, docs, engine) in `base`, with the real data/, a generated
    corpus of (explainers, sources), or the minimal data/ with `data_files` changed."""
    project = make_corpus.copy_engine(base / "project")
    if real_data:
        shutil.copytree(ROOT / "data", project / "data")
    elif generated is not None:
        generated_data(project, *generated)
    else:
        write_data(project, data_files)
    return project


def interruptible() -> None:
    """In a server the tests start (Popen's preexec_fn): Ctrl-C (SIGINT) stops it, as in a
    terminal, also when the tests run in the background, where a shell starts them ignoring
    SIGINT and Python then ignores it too (the server would be killed, and not clean up)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def engine(data: Path, pub: Publication | None = None) -> tuple[Site, Publication, Renderer]:
    """The engine on a data folder, as a build has it: the Site, the Publication, a Renderer."""
    site, pub = Site(load_corpus(data)), pub or Publication()
    return site, pub, Renderer(site, pub)


def run_build(
    project: Path, site_dir: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` in `project`, with `env` added to the environment (EE_SITE_URL ...)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    if site_dir is not None:
        cmd += ["--site-dir", str(site_dir)]
    return subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real project's data built with `mkdocs build --strict`, once per test run: for the
    tests about the seed explainer only (a test that counts the real data breaks when a
    contributor adds a source; behaviour tests use `generated_site`)."""
    out = tmp_path_factory.mktemp("site") / "site"
    result = run_build(ROOT, out)
    assert result.returncode == 0, f"the site did not build:\n{result.stdout}\n{result.stderr}"
    return out


GENERATED = (6, 60)  # explainers, sources of `generated_site`


@pytest.fixture(scope="session")
def generated_project(tmp_path_factory) -> Path:
    """A copy of the project whose data/ is a generated corpus of GENERATED's size."""
    return make_project(tmp_path_factory.mktemp("generated"), generated=GENERATED)


@pytest.fixture(scope="session")
def generated_site(generated_project) -> Path:
    """`generated_project` built with `mkdocs build --strict`, once per test run."""
    result = run_build(generated_project)
    assert result.returncode == 0, f"the site did not build:\n{result.stdout}\n{result.stderr}"
    return generated_project / "site"


def chromium_executable() -> str:
    """Debian's Chromium (the real binary, not the /usr/bin wrapper), or $EE_CHROMIUM."""
    for candidate in (os.environ.get("EE_CHROMIUM"), "/usr/lib/chromium/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail(
        "Chromium is needed for the browser tests: run `sudo apt-get install chromium` "
        "or set EE_CHROMIUM to its path. (`make test` installs it when run as root.)"
    )


CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextmanager
def serve_directory(directory: Path):
    """Serve `directory` on 127.0.0.1 at an ephemeral port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="ee-test-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, launched once per test run."""
    executable = chromium_executable()
    args = (["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []) + CHROMIUM_ARGS
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=args)
        try:
            yield browser
        finally:
            browser.close()


class Problems(list):
    """JavaScript errors, console errors, dialogs and blocked off-site requests seen by one page."""

    def check(self):
        assert not self, "the pages produced errors:\n" + "\n".join(f"  - {p}" for p in self)


@contextmanager
def open_page(browser, base_url: str, **options):
    """A fresh page on `base_url` (context options: a 1280 x 800 light window unless `options` say
    otherwise); only that origin is reachable, and problems (script errors, console errors,
    dialogs, blocked requests) are recorded."""
    settings = dict(
        viewport={"width": 1280, "height": 800}, color_scheme="light", reduced_motion="reduce", base_url=base_url
    )
    settings.update(options)
    context = browser.new_context(**settings)
    context.set_default_timeout(10_000)
    problems = Problems()
    origin = urlsplit(base_url).netloc

    def only_local(route):
        url = route.request.url
        if urlsplit(url).netloc == origin:
            route.continue_()
        else:
            problems.append(f"off-site request blocked: {url} (from {route.request.frame.url})")
            route.abort("blockedbyclient")

    def on_console(msg):
        if msg.type == "error":
            where = msg.location.get("url") or "?"
            problems.append(f"console error on {page.url}: {msg.text} [at {where}]")

    def on_dialog(dialog):
        problems.append(f"a {dialog.type} dialog opened on {page.url}: {dialog.message!r}")
        dialog.dismiss()

    context.route("**/*", only_local)
    page = context.new_page()
    page.on("console", on_console)
    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: problems.append(f"page error on {page.url}: {exc}"))
    try:
        yield page, problems
    finally:
        context.close()


@pytest.fixture
def page_and_problems(browser, base_url):
    """A fresh page on the module's `base_url` (open_page)."""
    with open_page(browser, base_url) as opened:
        yield opened


def search_docs(site: Path, language: str = "en") -> list[dict[str, str]]:
    """Every entry of a built site's search index in one language (formats/search_index.py), as
    {"location", "title", "page", "text"}, in the index's order."""
    folder = site / "search" / language
    parts = sorted(folder.glob("entries/*.json"), key=lambda p: int(p.stem))
    keys = ("location", "title", "page", "text")
    return [dict(zip(keys, e, strict=True)) for p in parts for e in json.loads(p.read_text(encoding="utf-8"))]
