"""The macros pages call: each returns finished, safe HTML for one block.

mkdocs-macros inserts what a macro returns without rendering it again, so data
text never meets the page's Jinja pass. Arguments are ids from generated pages
or hand-written docs, never data text.
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
    def explainer(explainer_id: str) -> Markup:
        return current.site().explainer_page(explainer_id, _root(env))

    @env.macro
    def source(source_id: str) -> Markup:
        return current.site().source_page(source_id, _root(env))

    @env.macro
    def bibliography() -> Markup:
        return current.site().bibliography(_root(env))

    @env.macro
    def topic(topic_id: str) -> Markup:
        return current.site().topic_page(topic_id, _root(env))

    @env.macro
    def topic_index() -> Markup:
        return current.site().topic_index(_root(env))

    @env.macro
    def worklist() -> Markup:
        return current.site().worklist(_root(env))

    @env.macro
    def explainer_list() -> Markup:
        return current.site().explainer_list(_root(env))
