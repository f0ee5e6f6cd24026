"""`mkdocs serve` never hangs on broken data (issue 15, item 9), and what it keeps between builds is
keyed to exactly what made it (item 7).

A real `mkdocs serve` on a copy of the project: data/ is broken and fixed as a contributor saves
files, and the site is read over HTTP and in Chromium. Before, a request waited for a good build
for as long as data/ stayed broken, and a serve started on broken data stopped at once."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import interruptible, make_project, open_page

PROBLEMS_HEADING = re.compile(r"data/ has (\d+) problems?, so the site is not built")
BROKEN = {
    "sources/example-report.yaml": "title: [an unclosed list\npublisher: example-news\n",
    "sources/second-report.yaml": "title: Another report\npublisher: nobody-news\nurl: javascript:alert(1)\n",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str, timeout: float = 30) -> tuple[int, str]:
    """The status and text of `url`; a request the server keeps waiting fails the test."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


class Served:
    def __init__(self, project: Path, port: int, log: Path):
        self.project, self.url, self.log = project, f"http://127.0.0.1:{port}", log

    def terminal(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, path: str, predicate, what: str, timeout: float = 120) -> str:
        deadline, text = time.monotonic() + timeout, ""
        while time.monotonic() < deadline:
            try:
                _, text = get(self.url + path, timeout=10)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                text = ""
            if text and predicate(text):
                return text
            time.sleep(0.3)
        pytest.fail(f"{what} never showed at {path}; the server said:\n{self.terminal()[-3000:]}")

    def write(self, files: dict[str, str]) -> None:
        for rel, text in files.items():
            (self.project / "data" / rel).write_text(text, encoding="utf-8")


@contextmanager
def serve(project: Path) -> Iterator[Served]:
    port, log = _free_port(), project.parent / "serve.log"
    with open(log, "w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
            preexec_fn=interruptible,
        )
        try:
            yield Served(project, port, log)
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def problem_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if re.match(r"^data/\S+:\d+:\d+: .+ — .+$", line)]


def test_serve_started_on_broken_data_shows_every_problem_at_every_address(tmp_path):
    project = make_project(tmp_path, BROKEN)
    with serve(project) as served:
        home = served.wait_for("/", lambda t: "ee-data-problems" in t, "the problems page")
        status, deep = get(served.url + "/explainers/example-question/")
        assert status == 404 and "ee-data-problems" in deep  # every address: the server's 404 page
        heading = PROBLEMS_HEADING.search(home)
        assert heading and heading.group(1) == "3"
        terminal = problem_lines(served.terminal())
        assert len(terminal) == 3
        for line in terminal:  # the browser lists what the terminal lists, escaped
            where, rest = line.split(": ", 1)
            what, fix = rest.split(" — ", 1)
            assert f"<code>{where}</code>" in home
            assert what.replace("'", "&#39;") in home and fix.replace("'", "&#39;").replace("`", "`") in home
        assert "<script>alert" not in home
        # The next good save: the site is back at every address, and the problems are gone.
        served.write({"sources/example-report.yaml": "title: An example report\npublisher: example-news\n"})
        (served.project / "data" / "sources" / "second-report.yaml").unlink()
        page = served.wait_for("/explainers/example-question/", lambda t: "ee-data-problems" not in t, "the site")
        assert "Is this an example?" in page
        assert get(served.url + "/")[0] == 200


@pytest.mark.browser
def test_the_browser_shows_the_problems_while_data_is_broken_and_the_page_on_the_next_good_save(tmp_path, browser):
    project = make_project(tmp_path)
    good = (project / "data" / "sources" / "example-report.yaml").read_text(encoding="utf-8")
    with serve(project) as served:
        served.wait_for("/explainers/example-question/", lambda t: "Is this an example?" in t, "the site")
        with open_page(browser, served.url) as (page, _):
            page.goto("/explainers/example-question/")
            page.get_by_role("heading", name="Is this an example?").wait_for()
            served.write(BROKEN)  # saved in the editor: the open page reloads by itself
            heading = page.get_by_role("heading", name=re.compile(r"has 3 problems, so the site is not built"))
            heading.wait_for(timeout=60_000)
            listed = page.locator("main li").all_inner_texts()
            assert len(listed) == 3
            assert any(item.startswith("data/sources/example-report.yaml:2:10: not valid YAML") for item in listed), (
                listed
            )
            assert any("unknown publisher 'nobody-news'" in item for item in listed), listed
            served.write({"sources/example-report.yaml": good})
            (project / "data" / "sources" / "second-report.yaml").unlink()
            page.get_by_role("heading", name="Is this an example?").wait_for(timeout=60_000)
            assert page.url.endswith("/explainers/example-question/")


def test_a_style_edited_under_serve_is_the_style_the_next_build_uses(tmp_path):
    """Item 7: the parsed style, and what citeproc-py keeps of it, are keyed to the style's content,
    not to its name: before, the old style kept showing until the server was restarted."""
    project = make_project(tmp_path)
    with serve(project) as served:
        page = served.wait_for("/explainers/example-question/", lambda t: "ee-cite-formatted" in t, "the citation")
        assert "Edited style" not in page
        style = project / "macros" / "formats" / "csl" / "apa.csl"
        text = style.read_text(encoding="utf-8")
        layout = text.index("<layout>", text.index("<bibliography"))
        style.write_text(text[:layout] + '<layout><text value="Edited style: "/>' + text[layout + 8 :], "utf-8")
        page = served.wait_for("/explainers/example-question/", lambda t: "Edited style: " in t, "the edited style")
        style.write_text(text, encoding="utf-8")
        served.wait_for("/explainers/example-question/", lambda t: "Edited style: " not in t, "the first style")
