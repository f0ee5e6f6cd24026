"""The engine is an adapter away from its site generator: ProperDocs, the maintained fork of
MkDocs 1.x, builds the same mkdocs.yml into the same files as MkDocs, and both serve the site."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import interruptible, run_build

GENERATOR_LINE = re.compile(rb'<meta name="generator" content="[^"]*">')


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_properdocs_builds_the_same_files_as_mkdocs(generated_project, tmp_path):
    mkdocs_site, properdocs_site = tmp_path / "mkdocs", tmp_path / "properdocs"
    assert run_build(generated_project, mkdocs_site).returncode == 0
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(properdocs_site)],
        cwd=generated_project,
        capture_output=True,
        text=True,
        timeout=600,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    ours, theirs = _files(mkdocs_site), _files(properdocs_site)
    assert sorted(ours) == sorted(theirs)
    assert "sources/source-0/index.html" in ours and "explainers/explainer-0/index.html" in ours
    differing = [path for path in ours if ours[path] != theirs[path]]
    assert differing, "the generator line should name each generator"
    for path in differing:  # only the generator line may differ
        assert GENERATOR_LINE.sub(b"", ours[path]) == GENERATOR_LINE.sub(b"", theirs[path]), path
    assert b"mkdocs-ProperDocs" in theirs["index.html"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


@pytest.mark.parametrize("generator", ["mkdocs", "properdocs"])
@pytest.mark.parametrize("clean", [False, True], ids=["serve", "serve --clean"])
def test_the_site_is_served_with_its_engine_pages(generated_project, generator, clean):
    port = _free_port()
    command = [sys.executable, "-m", generator, "serve", "-a", f"127.0.0.1:{port}", "--no-livereload"]
    command += ["-f", "mkdocs.yml"] + (["--clean"] if clean else [])
    server = subprocess.Popen(
        command,
        cwd=generated_project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
        preexec_fn=interruptible,
    )
    try:
        deadline, status, body = time.monotonic() + 180, 0, ""
        while time.monotonic() < deadline and status != 200 and server.poll() is None:
            status, body = _get(f"http://127.0.0.1:{port}/sources/source-0/")
            time.sleep(0.3)
        assert status == 200, f"not served ({status}); the server said:\n{_stderr(server)}"
        assert 'class="md-header' in body and "Cited by" in body
        status, body = _get(f"http://127.0.0.1:{port}/explainers/explainer-0/")
        assert status == 200 and "Executive summary" in body
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    leftovers = [p.name for p in generated_project.iterdir() if p.name.startswith(".site.")]
    assert leftovers == []


def _stderr(server: subprocess.Popen[str]) -> str:
    if server.poll() is None:
        server.kill()
    return (server.communicate(timeout=10)[1] or "")[-3000:]
