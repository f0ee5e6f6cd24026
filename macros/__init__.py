"""Evidence Explainers: the engine that turns data/ into the site's pages.

The core (yaml_loader, schema, corpus, validate, citations, text, render)
imports nothing from MkDocs, so tests and the `python -m macros` command use it
directly. Two thin pieces of glue face MkDocs: `define_env` below, which
mkdocs-macros calls, and the hook file mkdocs_hooks.py.
"""
from __future__ import annotations


def define_env(env):
    """mkdocs-macros entry point: register the page macros."""
    from .page_macros import register

    register(env)
