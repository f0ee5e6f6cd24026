"""One function makes every page and file at any size, and what it makes reads right.

A site of a few sources and one of thousands go through the same code (macros/publish/outputs.py);
work split over processes gives the same bytes as work done in one. And no page shows markup as
text: an HTML string joined to already-escaped markup is escaped a second time, which is how the
full bibliography once showed "<h1>All sources</h1>" under its heading.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, generated_data, make_project, run_build

from macros.domain.site import Site
from macros.formats import bibliography_index
from macros.load.corpus import load_corpus

LARGE = (60, 2100)  # beyond the sizes from which the old engine switched to other code paths


# Run in a fresh process: this one may run other threads (the browser tests' driver), and a
# process with threads does not fork (parallel.py), so the split would not be tried here.
SPLIT = """
import sys
from macros.domain.publication import Publication
from macros.domain.site import Site
from macros.load.corpus import load_corpus
from macros.publish import parallel
from macros.publish.outputs import FileWork, LateWork, plan, produce_all, produce_pages

assert parallel.can_fork(), "needs a platform that forks"
site = Site(load_corpus(sys.argv[1]))
pub = Publication(site_url="https://example.org/site/")
serial = produce_all(site, pub, plan(site), workers=1)
split = produce_all(site, pub, plan(site), workers=3)
assert split == serial, "split and serial outputs differ"
assert FileWork(site, pub, plan(site)).files() == serial.files, "files made beside and here differ"
# What the files' producer kept for a later build (serve) is the same made beside as here, and not empty.
kept_here = FileWork(site, pub, plan(site), background=False, memo=True)
kept_beside = FileWork(site, pub, plan(site), memo=True)
assert kept_beside.files() == kept_here.files() == serial.files
assert kept_beside.memo() == kept_here.memo() and kept_here.memo().entries and kept_here.memo().index_records
assert FileWork(site, pub, plan(site)).memo().entries == {}, "nothing kept unless asked"
pages_here, memo_here = produce_pages(site, pub, plan(site), workers=1, memo=True)
pages_split, memo_split = produce_pages(site, pub, plan(site), workers=3, memo=True)
assert pages_here == pages_split == serial.pages
assert memo_here == memo_split and memo_here.renderer, "the pages' producers keep the same, split or not"
here, beside = LateWork(site, pub, plan(site), background=False), LateWork(site, pub, plan(site))
files = [p.file for p in plan(site).pages]
assert [here.page(f) for f in files] == [beside.page(f) for f in files], "late parts differ"
assert here.search_entries() == beside.search_entries()
print(len(serial.pages), len(serial.files), sum(bool(here.page(f).slot) for f in files))

def fail_on_three():
    return lambda i: 1 / (3 - i)

try:
    parallel.map_parts(fail_on_three, (), list(range(8)), workers=2)
except parallel.PartFailed as err:
    assert "ZeroDivisionError" in str(err)
    print("failed as it should")
print(parallel.map_parts(lambda: lambda i: i * 2, (), list(range(7)), workers=3))
"""


def test_work_split_over_processes_gives_the_same_outputs_as_work_done_in_one(tmp_path):
    data = generated_data(tmp_path, 8, 90)
    result = subprocess.run(
        [sys.executable, "-c", SPLIT, str(data)], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr
    pages, files, late = (int(n) for n in result.stdout.splitlines()[0].split())
    site = Site(load_corpus(data))
    topics = len(site.corpus.topics)
    # Explainers, sources, topics, the full list, the corrections, and the lists of explainers but
    # their first pages (the home page and the topic pages).
    assert pages == 8 + 90 + topics + 1 + 1 + len(site.listings()) - 1 - topics
    # The bibliography in 4 formats (biblatex, classic BibTeX, CSL-JSON, RIS), the corpus, its schema,
    # the feeds of explainers and of corrections, the bibliography's index (its keys, parts of
    # entries, buckets of words and of ids: their number follows from the number of sources);
    # 4 for each explainer.
    assert files == 4 + 4 + len(bibliography_index.paths(len(site.corpus.sources))) + 8 * 4
    assert late == 8  # every explainer's formatted citations come after the theme
    assert result.stdout.splitlines()[1:] == ["failed as it should", "[0, 2, 4, 6, 8, 10, 12]"]


# ---- the same structure at every size -----------------------------------------------------------------
class _Skeleton(HTMLParser):
    """The element structure of a page's content: tag names and classes, no text, no attributes
    that vary with the data (ids, links), and runs of like siblings counted once."""

    def __init__(self, items: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[list[str]] = [[]]
        self.items = items  # False: a list item counts as its tag alone (lists of other data)

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        # Classes that carry a value of the data ("ee-answer-yes" beside "ee-answer") are not structure.
        kept = [
            c
            for c in classes
            if not re.search(r"\d", c)
            and not c.startswith("ee-kind-")
            and not any(c.startswith(base + "-") for base in classes)
        ]
        label = tag + "".join(f".{c}" for c in sorted(kept))
        if tag in ("br", "img", "input", "meta", "link", "hr", "rect", "path"):
            self._add(label)
            return
        self.stack.append([label])

    def handle_endtag(self, tag):
        if len(self.stack) > 1:
            node = self.stack.pop()
            inside = "" if tag == "li" and not self.items else ",".join(node[1:])
            self._add(node[0] + "(" + inside + ")")

    def handle_data(self, data):
        # Text that reads as markup (an escaped tag) is part of the structure a reader sees.
        for tag in _TAG_AS_TEXT.findall(data):
            self._add(f"text {tag}")

    def _add(self, label: str) -> None:
        siblings = self.stack[-1]
        if len(siblings) < 2 or siblings[-1] != label:  # a run of like siblings counts once
            siblings.append(label)

    def result(self) -> list[str]:
        return self.stack[0]


def skeleton(html: str, items: bool = True) -> list[str]:
    match = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S)
    assert match, "no themed content column on the page"
    parser = _Skeleton(items)
    parser.feed(match.group(1))
    return parser.result()


def theme_parts(html: str) -> set[str]:
    """Which of the theme's parts the page carries."""
    parts = {
        "header": 'class="md-header',
        "search": 'class="md-search ee-search"',
        "palette toggle": 'data-md-component="palette"',
        "drawer": 'id="__drawer"',
        "primary navigation": "md-nav--primary",
        "footer": 'class="md-footer',
    }
    return {name for name, marker in parts.items() if marker in html}


def _keep_only(data: Path, explainers: set[str]) -> None:
    """Cut a generated data/ down to `explainers` and the sources they cite (and those relay)."""
    for path in (data / "explainers").glob("*.yaml"):
        if path.stem not in explainers:
            path.unlink()
    texts = "".join(p.read_text(encoding="utf-8") for p in (data / "explainers").glob("*.yaml"))
    keep = set(re.findall(r"@(source-\d+)", texts))
    while True:
        files = "".join((data / "sources" / f"{k}.yaml").read_text(encoding="utf-8") for k in keep)
        relayed = set(re.findall(r'source: "(source-\d+)"', files))
        if relayed <= keep:
            break
        keep |= relayed
    for path in (data / "sources").glob("*.yaml"):
        if path.stem not in keep:
            path.unlink()


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The same two explainers built alone (a small site) and among 60 explainers and 2,100
    sources (a large one: beyond the sizes from which the old engine took other code paths)."""
    built = {}
    for name in ("small", "large"):
        project = make_project(tmp_path_factory.mktemp(name), generated=LARGE)
        if name == "small":
            _keep_only(project / "data", {"explainer-0", "explainer-1"})
        result = run_build(project)
        assert result.returncode == 0, result.stderr[-3000:]
        built[name] = project / "site"
    return built


def _first_source_of_explainer_1(site: Path) -> str:
    html = (site / "explainers" / "explainer-1" / "index.html").read_text(encoding="utf-8")
    return re.findall(r'href="../../sources/(source-\d+)/"', html)[0]


KINDS = ["explainer", "source", "topic", "full list", "bibliography", "home", "topics"]
# Which other explainers are related by topic changes with the size (the section may be absent),
# and a source page's "Cited by" folds what is beyond its first places and explainers (more of the
# same list): both are left out of the comparison, each a whole balanced part of the skeleton.
_VARIES = ("section.ee-related(", "details.ee-cited-more(")


def _same_at_every_size(part: str) -> str:
    for name in _VARIES:
        while name in part:
            start = part.index(name)
            depth = 0
            for end in range(start + len(name) - 1, len(part)):
                depth += {"(": 1, ")": -1}.get(part[end], 0)
                if depth == 0:
                    break
            part = part[:start] + part[end + 1 :].removeprefix(",")
    return part.replace(",)", ")")


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_page_has_the_same_structure_in_a_small_and_a_large_site(sites, kind):
    pages = {
        "explainer": "explainers/explainer-1/index.html",
        "source": f"sources/{_first_source_of_explainer_1(sites['small'])}/index.html",
        "topic": "topics/topic-0/index.html",
        "full list": "bibliography/all/index.html",
        "bibliography": "bibliography/index.html",
        "home": "index.html",
        "topics": "topics/index.html",
    }
    small = (sites["small"] / pages[kind]).read_text(encoding="utf-8")
    large = (sites["large"] / pages[kind]).read_text(encoding="utf-8")
    assert (
        theme_parts(small)
        == theme_parts(large)
        == {
            "header",
            "search",
            "palette toggle",
            "drawer",
            "primary navigation",
            "footer",
        }
    )
    # With the size, only the lengths of lists change (a run of like items counts once in the
    # skeleton), which other explainers are related by topic, and, on the pages that list other
    # explainers or sources, what those hold (an item counts as itself alone there).
    items = kind in ("explainer", "source")
    assert [_same_at_every_size(p) for p in skeleton(small, items)] == [
        _same_at_every_size(p) for p in skeleton(large, items)
    ]


# ---- no markup shown as text -----------------------------------------------------------------------
class _VisibleText(HTMLParser):
    """The text a reader sees, outside code, scripts and styles."""

    HIDDEN = {"code", "pre", "script", "style", "textarea", "kbd", "samp"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.text.append(data)


_TAG_AS_TEXT = re.compile(
    r"</?(?:h[1-6]|p|div|span|ul|ol|li|a|section|aside|head|body|link|meta|script|strong|em)\b[^<]*>"
)


def escaped_markup(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    return _TAG_AS_TEXT.findall(" ".join(parser.text))


def test_escaped_markup_is_found_where_a_page_shows_it():
    assert escaped_markup("<p>&lt;h1&gt;All sources&lt;/h1&gt;</p>") == ["<h1>", "</h1>"]
    assert escaped_markup("<p>Write <code>&lt;h1&gt;</code> in code</p>") == []


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.mark.parametrize("which", ["small", "large"])
def test_no_page_of_a_generated_site_shows_markup_as_text(sites, which):
    shown = {
        str(p.relative_to(sites[which])): found
        for p in _pages(sites[which])
        if (found := escaped_markup(p.read_text(encoding="utf-8")))
    }
    assert shown == {}


def test_no_page_of_the_real_site_shows_markup_as_text(built_site):
    shown = {
        str(p.relative_to(built_site)): found
        for p in _pages(built_site)
        if (found := escaped_markup(p.read_text(encoding="utf-8")))
    }
    assert shown == {}
