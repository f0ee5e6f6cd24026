"""The page `mkdocs serve` shows while data/ has problems: every problem, where it is and how to
fix it, the way a development server shows a build error. It replaces every page until the next
good save, and reloads itself when the site is back (the check runs on each save)."""

from __future__ import annotations

from ..domain.problems import Problem
from .renderer import environment

MARKER = "ee-data-problems"  # in the page's <meta>: the page's script reloads once it is gone


def problems_page(problems: list[Problem]) -> str:
    """A whole HTML document, escaped throughout (the problems quote data text)."""
    files = sorted({p.mark.file for p in problems})
    by_file = [(file, [p for p in problems if p.mark.file == file]) for file in files]
    return environment().get_template("problems.html").render(by_file=by_file, count=len(problems), marker=MARKER)
