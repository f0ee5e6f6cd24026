"""The Site of the build in progress, shared by the hook and the page macros.

MkDocs calls the hook's on_config once per build (and once per rebuild under
`mkdocs serve`); it loads data/ and stores the result here, so every page of
the build renders from one corpus, loaded once.
"""
from __future__ import annotations

from .render import Site

_site: Site | None = None


def set_site(site: Site) -> None:
    global _site
    _site = site


def site() -> Site:
    if _site is None:
        raise RuntimeError("data/ was not loaded: is `hooks: [macros/mkdocs_hooks.py]` in mkdocs.yml?")
    return _site


def loaded() -> Site | None:
    """The Site, or None when no build has loaded data/ yet (its first load failed)."""
    return _site


def of_build(identity: str) -> Site | None:
    """In a worker: the Site with this identity if the worker was forked from its build, else None."""
    return _site if _site is not None and _site.identity == identity else None
