"""The macros hand-written pages call ({{ bibliography() }} and the like): each returns finished,
safe HTML for one block, made by the engine's renderer for the build in progress.

mkdocs-macros inserts what a macro returns without rendering it again, so data text never meets
the page's Jinja pass. The build is the engine plugin's (adapter/mkdocs_plugin.py), found through
the configuration mkdocs-macros was given; this module imports no site generator.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..domain.addresses import root_of
from ..publish.build import Build
from .config import PLUGIN_NAME as PLUGIN


def register(env: Any) -> None:
    def build() -> Build:
        plugin = env.conf["plugins"].get(PLUGIN)
        if plugin is None or plugin.build is None:
            raise RuntimeError(f"the page macros need the `{PLUGIN}` plugin in mkdocs.yml's plugins")
        result: Build = plugin.build
        return result

    def root() -> str:
        return root_of(env.page.url if env.page is not None else "")

    @env.macro  # type: ignore[untyped-decorator]
    def bibliography() -> Markup:
        current = build()
        return current.renderer.bibliography(root(), current.bibliography_index_version)

    @env.macro  # type: ignore[untyped-decorator]
    def topic_index() -> Markup:
        return build().renderer.topic_index(root())

    @env.macro  # type: ignore[untyped-decorator]
    def worklist() -> Markup:
        return build().renderer.worklist(root())

    @env.macro  # type: ignore[untyped-decorator]
    def explainer_list() -> Markup:
        return build().renderer.explainer_list(root())

    @env.macro  # type: ignore[untyped-decorator]
    def notes_legend() -> Markup:
        return build().renderer.legend()
