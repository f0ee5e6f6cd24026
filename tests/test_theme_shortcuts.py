"""The shortcuts through Material's theme (macros/theme_shortcuts.py) change no byte of the site."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest

from macros.theme_shortcuts import HeldContent, render_once_per_key

ROOT = Path(__file__).resolve().parent.parent

# `mkdocs build` of the project with both shortcuts turned off, as Material alone renders it.
WITHOUT_SHORTCUTS = """
import sys
sys.path.insert(0, ".")
from macros import theme_shortcuts
theme_shortcuts.render_once_per_key = lambda *args: None
theme_shortcuts.HeldContent.hold = lambda self, page: None
from mkdocs.__main__ import cli
cli(["build", "--strict", "--site-dir", sys.argv[1]])
"""


def test_the_site_is_the_same_byte_for_byte_without_the_shortcuts(built_site, tmp_path):
    plain = tmp_path / "site"
    result = subprocess.run([sys.executable, "-c", WITHOUT_SHORTCUTS, str(plain)], cwd=ROOT,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    files = sorted(p.relative_to(plain) for p in plain.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(built_site) for p in built_site.rglob("*") if p.is_file())
    # Pages of every kind the shortcuts touch: explainers, topics, the full list, and hand pages.
    kinds = {f.parts[0] for f in files if f.name == "index.html" and len(f.parts) == 3}
    assert {"explainers", "topics", "bibliography"} <= kinds
    different = [str(f) for f in files if (plain / f).read_bytes() != (built_site / f).read_bytes()]
    assert different == []


def _env(templates: dict[str, str], calls: list) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.DictLoader(templates))
    env.globals["count"] = lambda: calls.append(1) or ""
    return env


def test_a_template_renders_once_per_key_and_as_usual_without_one():
    calls: list = []
    env = _env({"page.html": "[{% include 'nav.html' %}]", "nav.html": "{{ count() }}nav of {{ folder }}"}, calls)
    render_once_per_key(env, "nav.html", lambda context: context.get("folder") if context.get("share") else None)
    page = env.get_template("page.html")
    assert page.render(folder="a", share=True) == "[nav of a]"
    assert page.render(folder="a", share=True) == "[nav of a]"
    assert page.render(folder="b", share=True) == "[nav of b]"
    assert len(calls) == 2  # once for a, once for b
    assert page.render(folder="a", share=False) == "[nav of a]"
    assert page.render(folder="a", share=False) == "[nav of a]"
    assert len(calls) == 4  # rendered each time
    render_once_per_key(env, "missing.html", lambda context: 1)  # a theme without it: nothing to do


def _page(content: str) -> SimpleNamespace:
    return SimpleNamespace(content=content, file=SimpleNamespace(src_uri="explainers/a.md"))


@pytest.mark.parametrize("content", ["<h1>Q?</h1><p>A.</p>", "<p>No heading.</p>"])
def test_held_content_is_put_back_where_the_theme_wrote_the_placeholder(content):
    held, page = HeldContent(), _page(content)
    held.hold(page)
    assert page.content != content and "<!--" in page.content
    assert ("<h1" in page.content) == ("<h1" in content)  # what Material's template looks for
    themed = f"<html><title>t</title><main>{page.content}</main></html>"
    assert held.put_back(page, themed) == f"<html><title>t</title><main>{content}</main></html>"
    assert page.content == content
    assert held.put_back(page, "<html></html>") == "<html></html>"  # nothing held any more


def test_a_theme_that_drops_the_content_fails_the_page_rather_than_publish_it_empty():
    held, page = HeldContent(), _page("<p>Finding.</p>")
    held.hold(page)
    with pytest.raises(RuntimeError, match="did not write the content of explainers/a.md"):
        held.put_back(page, "<html><main></main></html>")


def test_each_build_has_its_own_placeholder_so_data_cannot_know_it():
    first, second = HeldContent(), HeldContent()  # one per build (on_config)
    a, b = _page("<p>x</p>"), _page("<p>x</p>")
    first.hold(a)
    second.hold(b)
    assert a.content != b.content
