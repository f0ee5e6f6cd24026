"""Evidence Explainers: the engine that turns data/ into the site's pages.

Subpackages by job, whose imports go one way (pyproject.toml's import-linter contracts):
domain ← load ← formats ← render ← publish ← adapter, cli. docs/about/architecture.md draws them.
`define_env` below is mkdocs-macros' entry point (`module_name: macros` in mkdocs.yml).
"""

from __future__ import annotations

from typing import Any


def define_env(env: Any) -> None:
    """mkdocs-macros entry point: register the macros hand-written pages call."""
    from .adapter.page_macros import register

    register(env)
