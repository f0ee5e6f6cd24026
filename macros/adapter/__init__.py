"""Adapters: the engine driven by a site generator (MkDocs, and ProperDocs which reads the same
mkdocs.yml), and the page macros that mkdocs-macros calls from hand-written pages.

Only mkdocs_plugin.py imports the generator."""
