"""The macros hand-written pages call ({{ bibliography() }} and the like): each makes finished,
safe HTML for one block with the engine's renderer for the build in progress, and returns a
placeholder for it, which the engine plugin replaces with the HTML once Markdown is done.

mkdocs-macros inserts what a macro returns without rendering it again, and the HTML is put in
after Markdown, so data text never meets the page's Jinja pass or Markdown. The build is the
engine plugin's (adapter/mkdocs_plugin.py), found through the configuration mkdocs-macros was
given; this module imports no site generator.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..domain.addresses import root_of
from ..publish.build import Build
from .config import PLUGIN_NAME as PLUGIN


def register(env: Any) -> None:
    def plugin() -> Any:
        found = env.conf["plugins"].get(PLUGIN)
        if found is None or found.build is None:
            raise RuntimeError(f"the page macros need the `{PLUGIN}` plugin in mkdocs.yml's plugins")
        return found

    def build() -> Build:
        result: Build = plugin().build
        return result

    def block(html: Markup) -> Markup:
        """The HTML, put in the page after Markdown (the plugin's `block`)."""
        placeholder: Markup = plugin().block(html)
        return placeholder

    def root() -> str:
        return root_of(env.page.url if env.page is not None else "")

    @env.macro  # type: ignore[untyped-decorator]
    def bibliography() -> Markup:
        current = build()
        return block(current.renderer.bibliography(root(), current.bibliography_index_version))

    @env.macro  # type: ignore[untyped-decorator]
    def topic_index() -> Markup:
        return block(build().renderer.topic_index(root()))

    @env.macro  # type: ignore[untyped-decorator]
    def worklist() -> Markup:
        return block(build().renderer.worklist(root()))

    @env.macro  # type: ignore[untyped-decorator]
    def explainer_list() -> Markup:
        return block(build().renderer.explainer_list(root()))

    @env.macro  # type: ignore[untyped-decorator]
    def notes_legend() -> Markup:
        return block(build().renderer.legend())
