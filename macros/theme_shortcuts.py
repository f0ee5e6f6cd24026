"""Two shortcuts through Material's theme for the engine's pages; the pages' bytes do not change.

At a thousand explainers the theme was the largest part of the build's own work, and two parts of
it were work done again for nothing:

- Material renders its whole navigation into every page. The engine's pages (explainers, topics,
  the full list) are outside the navigation, so nothing in it is marked as theirs, and its links
  are relative to the page's folder: every engine page in one folder gets the same bytes.
  `render_once_per_key` renders it once per folder (a fifth of the theme's time).
- Material's search plugin runs a regular expression over each page's whole content while the
  page is themed, even on a page excluded from search (0.4 s over the explainer pages).
  `HeldContent` gives the theme a placeholder for such a page's content and puts the content back
  in the themed page.

A test builds the site with and without these shortcuts and compares every file. No MkDocs
import: this works on a Jinja environment and on page objects' `content`.
"""
from __future__ import annotations

import secrets
from collections.abc import Callable, Hashable, Iterator

from jinja2 import Environment, TemplateNotFound
from jinja2.runtime import Context


def render_once_per_key(env: Environment, name: str, key_of: Callable[[Context], Hashable | None]) -> None:
    """Make template `name` of `env` render once per key, wherever it is included.

    `key_of(context)` names the output the template gives in that context: contexts with the same
    key must get the same HTML. None means "render it", as usual.
    """
    try:
        template = env.get_template(name)
    except TemplateNotFound:
        return
    render = template.root_render_func
    rendered: dict[Hashable, str] = {}

    def root_render_func(context: Context) -> Iterator[str]:
        key = key_of(context)
        if key is None:
            yield from render(context)
            return
        if key not in rendered:
            rendered[key] = "".join(render(context))
        yield rendered[key]

    # Jinja renders a template, and each `{% include %}` of it, through this attribute.
    template.root_render_func = root_render_func


class HeldContent:
    """Pages' content, held back while the theme renders the pages around a placeholder."""

    def __init__(self) -> None:
        # A random token that no data text can contain: data text is escaped and cannot know it.
        self._token = secrets.token_hex(8)
        self._held: dict[int, tuple[str, str]] = {}

    def hold(self, page) -> None:
        """Give the theme a placeholder for `page.content`. The placeholder holds "<h1" where the
        content does: Material's content template adds the page title as a heading otherwise."""
        heading = " <h1" if "<h1" in page.content else ""
        placeholder = f"<!--ee-page {self._token}{heading}-->"
        self._held[id(page)] = (placeholder, page.content)
        page.content = placeholder

    def put_back(self, page, output: str) -> str:
        """The themed page `output` with the page's content in place of its placeholder."""
        held = self._held.pop(id(page), None)
        if held is None:
            return output
        placeholder, page.content = held
        before, found, after = output.partition(placeholder)
        if not found:
            raise RuntimeError(f"the theme did not write the content of {page.file.src_uri}")
        return before + page.content + after
