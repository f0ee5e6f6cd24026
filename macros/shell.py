"""What a page written outside the theme needs from the site's configuration.

A site of 10,000 sources cannot give each source a full theme page: Material's header,
navigation and scripts weigh about 15 KB a page, 150 MB in all, and rendering them is most of a
build's time. Source pages are therefore standalone documents (templates/source_document.html)
that reuse the theme's stylesheets and colour scheme, so they look like the rest of the site at
a tenth of the size. The glue (mkdocs_hooks.py) fills this in from mkdocs.yml and the theme.
"""
from __future__ import annotations

from dataclasses import dataclass, field


# The site's stylesheets a source page uses (the others style the explainer's cards, the
# bibliography's tools and "Cite this").
STANDALONE_CSS = ("assets/css/explainers.css", "assets/css/print.css")


@dataclass(frozen=True)
class PageShell:
    site_name: str = "Evidence Explainers"
    description: str = ""
    stylesheets: tuple[str, ...] = ()   # site-relative paths, in order
    favicon: str = ""                   # site-relative path, or "" for none
    # The theme's colour schemes: each a dict with media, scheme, primary, accent.
    palettes: tuple[dict, ...] = field(default_factory=tuple)
    feed: str = "feed.xml"

    @property
    def body_colours(self) -> dict[str, str]:
        """The first scheme's colours: what the page shows before its script picks the reader's."""
        first = self.palettes[0] if self.palettes else {}
        return {k: first[k] for k in ("scheme", "primary", "accent") if first.get(k)}
