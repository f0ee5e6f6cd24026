"""Pages themed once per kind and filled in: the theme's own HTML for thousands of pages at the cost of one.

Every page of a filled kind (source pages) differs from the others, once themed, only in its title,
its content, its address in the canonical link and what the engine adds to its <head>: they sit at
the same depth, out of the navigation, with the same table of contents. So the theme renders one
pattern page of the kind, whose title and content are markers (`pattern_spec`), and each page is
that HTML with its own title, content and address put in (`fill`). tests/test_pattern.py builds a
site both ways and compares every page, byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ..domain import addresses
from . import parallel
from .outputs import LateOut, PageOut, PageSpec, finish

Filled = tuple[str, PageSpec, PageOut, LateOut]  # the page's pattern (address), spec, content, late part

FILLED_KINDS = frozenset({"source"})  # the page kinds made this way
TITLE = "EEPATTERNTITLE7Q"
CONTENT = "<h1>EEPATTERNCONTENT7Q</h1>"  # with an <h1>, as every page's content has (the theme adds none)
ADDRESS_PREFIX = "_pattern-"  # not an id (ids have no "_"), so never a real page's folder


def group(spec: PageSpec) -> tuple[str, int, tuple[object, ...], str | None]:
    """What the themed HTML of a page depends on besides its title, content and address."""
    return (spec.kind, spec.address.count("/"), spec.toc, spec.language)


def pattern_spec(spec: PageSpec, n: int) -> PageSpec:
    """The pattern page of `spec`'s group (the n-th group): beside it, at the same depth."""
    parent = spec.address.rstrip("/").rpartition("/")[0]
    address = f"{parent}/{ADDRESS_PREFIX}{n}/" if parent else f"{ADDRESS_PREFIX}{n}/"
    return replace(spec, address=address, key="", title=TITLE)


PATTERN_OUT = PageOut(CONTENT, "")


def fill(pattern: str, pattern_address: str, spec: PageSpec, content: str) -> str:
    """The themed HTML of `spec`'s page: its pattern with the page's title, content and address."""
    if pattern.count(CONTENT) != 1:
        raise ValueError("the theme did not put the pattern's content in once")
    before, after = pattern.split(CONTENT)
    title = spec.title_html  # as the theme put the marker in: `meta.title`, as is
    address = f"/{spec.address}"
    before = before.replace(TITLE, title).replace(f"/{pattern_address}", address)
    after = after.replace(TITLE, title).replace(f"/{pattern_address}", address)
    return before + content + after


def _writer(site_dir: Path, patterns: dict[str, str]) -> Callable[[Filled], None]:
    def write(item: Filled) -> None:
        address, spec, out, late = item
        target = site_dir / addresses.page_output(spec.address)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(finish(fill(patterns[address], address, spec, out.content), out, late), encoding="utf-8")

    return write


def write_filled(site_dir: Path, patterns: dict[str, str], items: list[Filled]) -> None:
    """Fill in and write every page (each from its pattern's themed HTML, by the pattern's address),
    as every engine page is finished (outputs.finish), in parts on every core where that is safe."""
    parallel.map_parts(_writer, (site_dir, patterns), items)
