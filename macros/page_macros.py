"""The macros hand-written pages call: each returns finished, safe HTML for one block.

mkdocs-macros inserts what a macro returns without rendering it again, so data
text never meets the page's Jinja pass. Generated pages (explainers, topics)
call no macro: the hook sets their HTML directly (mkdocs_hooks.on_page_content).
"""
from __future__ import annotations

from markupsafe import Markup

from . import current


def _root(env) -> str:
    """The relative path from the current page to the site root."""
    page = env.page
    url = page.url if page is not None else ""
    return "../" * url.count("/")


def register(env) -> None:
    @env.macro
    def bibliography() -> Markup:
        return current.site().bibliography(_root(env))

    @env.macro
    def topic_index() -> Markup:
        return current.site().topic_index(_root(env))

    @env.macro
    def worklist() -> Markup:
        return current.site().worklist(_root(env))

    @env.macro
    def explainer_list() -> Markup:
        return current.site().explainer_list(_root(env))

    @env.macro
    def notes_legend() -> Markup:
        return current.site().legend()
