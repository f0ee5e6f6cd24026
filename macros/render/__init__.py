"""Rendering: the HTML of the engine's pages and fragments, through Jinja templates (autoescape on)."""
