"""Under `mkdocs serve`, a save rebuilds only what it touches, and the site is what a clean build
of the same data gives, byte for byte.

tests/serve_driver.py builds a project as `mkdocs serve` does (MkDocs' own build, a fresh
configuration each time, the same plugin objects), after each of a series of edits that add,
change and delete sources, explainers, publishers and topics, one that breaks the data and one
that fixes it; each served folder is compared with a clean build of the same data/.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import re
import shutil
import subprocess
import sys
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import ROOT, generated_data, make_project

from macros.adapter.mkdocs_plugin import _fixed_titles, _Written
from macros.domain.site import Site, changed_keys
from macros.load.corpus import load_corpus

DRIVER = ROOT / "tests" / "serve_driver.py"


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(*args: object) -> None:
    result = subprocess.run(
        [sys.executable, str(DRIVER), *map(str, args)], capture_output=True, text=True, timeout=900, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _source(title: str, publisher: str, extra: str = "") -> str:
    return f'title: "{title}"\npublisher: "{publisher}"\ndate: "2024-03-02"\nurl: "https://example.org/{publisher}"\n{extra}'


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> tuple[Path, list[dict[str, str | None]], Path]:
    """Serve a generated project through the edits; return the served folders and the steps."""
    base = tmp_path_factory.mktemp("serve")
    project = make_project(base, generated=(6, 60))
    pristine = base / "pristine"
    shutil.copytree(project, pristine)
    data = project / "data"
    site = Site(load_corpus(data))
    corpus = site.corpus
    relayed = next(r.source for s in corpus.sources.values() for r in s.relays if r.source)
    cited = next(k for k, c in site.cited_by.items() if c and k != relayed and corpus.sources[k].date)
    uncited = next(
        k
        for k, c in site.cited_by.items()
        if not c
        and k not in {relayed, cited}
        and not any(r.source == k for s in corpus.sources.values() for r in s.relays)
    )
    linked = {x for e in corpus.explainers.values() for x in e.related}
    explainer = next(e for e in corpus.explainers if e not in linked)
    text = {p.relative_to(project).as_posix(): p.read_text(encoding="utf-8") for p in data.rglob("*.yaml")}
    src = f"data/sources/{cited}.yaml"
    date = re.search(r'date: "([0-9-]+)"', text[src])
    assert date
    exp = f"data/explainers/{explainer}.yaml"
    heading = re.search(r'heading: "([^"]+)"', text[exp])
    assert heading
    finding = re.search(r'- id: "([^"]+)"\s+heading: "' + re.escape(heading.group(1)), text[exp])
    assert finding
    # Its summary links to the edited finding, so lists of explainers show that heading.
    new_explainer = (
        'question: "Is this a new question?"\nshort_answer: "no"\npublished: "2030-01-01"\ntopics:\n  - "topic-1"\n'
        f'summary: "A new summary [@{cited}], beside [[{explainer}#{finding.group(1)}]]."\nfindings:\n'
        f'  - id: "only"\n    heading: "The only finding"\n    text: "It rests on one source [@{cited}]."\n'
    )
    publishers = text["data/publishers.yaml"]
    topics = text["data/topics.yaml"]
    steps: list[dict[str, str | None]] = [
        # 1. sources: a relayed source's title (its relays show it), a cited source's date
        {
            f"data/sources/{relayed}.yaml": re.sub(
                r'title: "[^"]*"', 'title: "A retitled relayed report"', text[f"data/sources/{relayed}.yaml"], count=1
            ),
            src: text[src].replace(date.group(0), 'date: "2019-01-02"'),
        },
        # 2. explainers: one edited, one added
        {
            exp: text[exp].replace(heading.group(1), "A heading edited under serve"),
            "data/explainers/new-question.yaml": new_explainer,
        },
        # 3. a source added and cited; an uncited source deleted
        {
            "data/sources/added-report.yaml": _source("An added report", "publisher-2"),
            "data/explainers/new-question.yaml": new_explainer.replace(f"[@{cited}]", "[@added-report]", 1),
            f"data/sources/{uncited}.yaml": None,
        },
        # 4. publishers and topics: renamed, re-affiliated, added
        {
            "data/publishers.yaml": publishers.replace('name: "Publisher 1"', 'name: "Renamed Publisher One"').replace(
                'affiliation: "russian-government"', 'affiliation: "academic"', 1
            ),
            "data/topics.yaml": topics.replace('name: "Topic 1"', 'name: "Renamed topic"')
            + 'topic-new:\n  name: "A new topic"\n',
        },
        # 5. the heading the added explainer's summary links to edited again: the lists show it
        {exp: text[exp].replace(heading.group(1), "A heading a summary links to")},
        # 6. the added explainer deleted (its source is then cited by none), the added topic kept
        {"data/explainers/new-question.yaml": None},
        # 7. broken: a source names a publisher that does not exist
        {"data/sources/added-report.yaml": _source("An added report", "no-such-publisher")},
        # 8. fixed: the served site was the problems page, so this build makes the whole site again
        {"data/sources/added-report.yaml": _source("An added report, fixed", "publisher-2")},
        # 9. the fixed source retitled, and a source's file changed in layout only (no page shows that)
        {
            "data/sources/added-report.yaml": _source("An added report, retitled", "publisher-2"),
            src: "# a comment\n" + text[src].replace(date.group(0), 'date: "2019-01-02"'),
        },
    ]
    (base / "steps.json").write_text(json.dumps(steps), encoding="utf-8")
    out = base / "served"
    _run("serve", project, base / "site", base / "steps.json", out)
    return out, steps, pristine


def _log(out: Path, n: int) -> dict:
    return json.loads((out / f"{n}.json").read_text(encoding="utf-8"))


def test_every_served_site_is_a_clean_build_of_the_same_data(served, tmp_path):
    out, steps, pristine = served
    project = tmp_path / "project"
    shutil.copytree(pristine, project)
    for n in range(len(steps) + 1):
        if n:
            for rel, text in steps[n - 1].items():
                if text is None:
                    (project / rel).unlink()
                else:
                    (project / rel).write_text(text, encoding="utf-8")
        log = _log(out, n)
        assert log["ok"], log["log"]  # under serve, a data problem does not fail the build
        if any("no-such-publisher" in line for line in log["log"]):
            # A save that breaks the data: the terminal and every address of the served site show
            # every problem, with its file:line:col, until a good save.
            page = (out / str(n) / "index.html").read_text(encoding="utf-8")
            assert "added-report.yaml:2:12" in page and "no-such-publisher" in page
            assert (out / str(n) / "404.html").read_text(encoding="utf-8") == page
            continue
        clean = tmp_path / f"clean-{n}"
        _run("clean", project, clean)
        served_tree, clean_tree = _tree(out / str(n)), _tree(clean)
        assert served_tree.keys() == clean_tree.keys(), (
            f"step {n}: files only served {sorted(served_tree.keys() - clean_tree.keys())[:5]}, "
            f"only built {sorted(clean_tree.keys() - served_tree.keys())[:5]}"
        )
        differ = [name for name in served_tree if served_tree[name] != clean_tree[name]]
        assert not differ, f"step {n}: served and clean differ in {differ[:10]}"


def test_lists_show_the_new_heading_a_summary_links_to(served):
    """A finding's heading is in the lists of explainers when a summary links to it: its edit
    makes them again (domain/site.py's changed_keys), and the clean build agrees (above)."""
    out, steps, _ = served
    n = next(
        n for n, step in enumerate(steps, 1) if any("A heading a summary links to" in (t or "") for t in step.values())
    )
    topic = (out / str(n) / "topics" / "topic-1" / "index.html").read_text(encoding="utf-8")
    assert "A heading a summary links to" in topic


def test_a_heading_no_summary_links_to_leaves_the_lists_alone(tmp_path):
    corpus = load_corpus(generated_data(tmp_path, 3, 20))
    x, y = corpus.explainers["explainer-0"], corpus.explainers["explainer-1"]
    retitled = dataclasses.replace(x.findings[0], heading="A retitled finding")
    edited = {**corpus.explainers, x.id: dataclasses.replace(x, findings=(retitled, *x.findings[1:]))}
    assert changed_keys(corpus, dataclasses.replace(corpus, explainers=edited)) == {("explainer", x.id)}
    # Once another explainer's summary links to the finding, lists show its heading.
    link = dataclasses.replace(y.summary, value=f"[[{x.id}#{x.findings[0].id}]]. {y.summary.value}")
    linking = {y.id: dataclasses.replace(y, summary=link)}
    before = dataclasses.replace(corpus, explainers={**corpus.explainers, **linking})
    after = dataclasses.replace(corpus, explainers={**edited, **linking})
    assert changed_keys(before, after) == {("explainer", x.id), ("explainer-card", x.id)}


def test_an_explainer_and_a_source_of_the_same_id_are_kept_apart(tmp_path):
    """Ids are per kind, so a source may have an explainer's id. A save of that explainer's
    summary shows its new answer on the lists (a topic's page), although the source of the same
    id did not change: what the last build made of the source is not taken for the explainer."""
    from macros.domain.publication import Publication
    from macros.load.corpus import Loader
    from macros.publish.build import Build

    data = generated_data(tmp_path, 3, 20)
    (data / "sources" / "explainer-0.yaml").write_text(_source("Named like an explainer", "publisher-1"))
    loader, pub = Loader(data), Publication()
    made = Build.load(data, pub, loader=loader, keep=True).made()
    file = data / "explainers" / "explainer-0.yaml"
    file.write_text(re.sub(r'^summary: "', 'summary: "A new answer. ', file.read_text(), count=1, flags=re.M))
    build = Build.load(data, pub, loader=loader, previous=made, keep=True)
    topics = [s.file for s in build.plan.pages if s.kind == "topic" and "A new answer" in build.pages[s.file].content]
    assert topics, "the topic page lists the explainer with its new answer"
    fresh = Build.load(data, pub)
    assert all(build.pages[t] == fresh.pages[t] for t in topics)


def test_the_worklist_is_made_again_only_when_what_it_shows_changed(tmp_path):
    """Under serve the worklist's HTML is the last build's while the rows it shows and their
    counts are the same; a save that adds a row shows it, as a build from nothing does."""
    from macros.domain.publication import Publication
    from macros.load.corpus import Loader
    from macros.publish.build import Build

    data = generated_data(tmp_path, 3, 20)
    loader, pub = Loader(data), Publication()
    first = Build.load(data, pub, loader=loader, keep=True)
    html = first.renderer.worklist("../")
    file = data / "sources" / "source-3.yaml"
    file.write_text(file.read_text() + "\n# checked again\n")  # a save that changes nothing shown
    same = Build.load(data, pub, loader=loader, previous=first.made(), keep=True)
    assert same.renderer.worklist("../") is html
    (data / "sources" / "never-cited.yaml").write_text(_source("Cited by no one", "publisher-1"))
    added = Build.load(data, pub, loader=loader, previous=same.made(), keep=True)
    now = added.renderer.worklist("../")
    assert "Cited by no one" in now and "Cited by no one" not in html
    assert now == Build.load(data, pub).renderer.worklist("../")


def test_the_bibliography_index_is_handed_on_through_saves_that_do_not_make_it(tmp_path):
    """The next build's bibliography index starts from the last one (bibliography_index.Index),
    also after a save that made none of its files (an explainer's); a source's save then gives
    the files a build from nothing gives."""
    from macros.domain.publication import Publication
    from macros.formats.bibliography_index import paths
    from macros.load.corpus import Loader
    from macros.publish.build import Build

    data = generated_data(tmp_path, 3, 20)
    loader, pub = Loader(data), Publication()
    made = Build.load(data, pub, loader=loader, keep=True).made()
    assert made.memo.index is not None  # from a whole build too
    explainer = data / "explainers" / "explainer-1.yaml"
    explainer.write_text(re.sub(r'heading: "', 'heading: "Edited ', explainer.read_text(), count=1))
    after = Build.load(data, pub, loader=loader, previous=made, keep=True)
    assert after.update is not None and not any(path in after.update.rewrite for path in paths(20))
    handed = after.made()
    assert handed.memo.index is made.memo.index
    source = data / "sources" / "source-4.yaml"
    source.write_text(re.sub(r'^title: "', 'title: "Edited ', source.read_text(), count=1, flags=re.M))
    again = Build.load(data, pub, loader=loader, previous=handed, keep=True)
    fresh = Build.load(data, pub)
    assert {p: again.files()[p] for p in paths(20)} == {p: fresh.files()[p] for p in paths(20)}
    assert again.made().memo.index is not handed.memo.index


def test_a_save_rewrites_only_what_it_touches(served):
    out, steps, _ = served

    def written(n: int, name: str) -> bool:
        """Whether build n wrote the file (a kept file keeps its time; the copies keep times)."""
        before, after = out / str(n - 1) / name, out / str(n) / name
        return not before.exists() or before.stat().st_mtime_ns != after.stat().st_mtime_ns

    sources = sorted(p.parent.name for p in (out / "0" / "sources").glob("*/index.html"))
    changed_source = next(Path(k).stem for k in steps[0] if k.startswith("data/sources/"))
    assert written(1, f"sources/{changed_source}/index.html")
    kept = [s for s in sources if not written(1, f"sources/{s}/index.html")]
    assert len(kept) > len(sources) // 2, "most source pages should be kept after one source's edit"
    broken = next(n for n in range(len(steps) + 1) if any("no-such-publisher" in line for line in _log(out, n)["log"]))
    for n in range(1, len(steps) + 1):
        log = _log(out, n)
        if n not in (broken, broken + 1):  # the problems page, then the whole site made again
            assert any(line.startswith("INFO: Made ") for line in log["log"]), log["log"]
    # A hand-written page that no macro changes is kept (the clean build agrees, above) while the
    # set of pages stays; one with macros is made again. MkDocs' notices that a kept page is
    # excluded from the build are not shown.
    assert not written(1, "about/performance/index.html") and written(1, "index.html")
    assert written(2, "about/performance/index.html"), "an added page: every link made again"
    for n in range(1, len(steps) + 1):
        assert not [line for line in _log(out, n)["log"] if "excluded from the built site" in line]
    # The theme's and docs/' static files are the last build's copies while each is the same
    # file (MkDocs would copy all of them again); a whole build (after the problems page) copies them.
    statics = [p.relative_to(out / "0").as_posix() for p in (out / "0" / "assets" / "javascripts").glob("bundle.*.js")]
    statics += ["assets/css/explainers.css"]
    assert len(statics) == 2, statics
    for name in statics:
        assert not written(1, name) and not written(broken + 2, name), name
        assert written(broken + 1, name), name
    # The layout-only edit of the last step rewrote no source page but the retitled one.
    last = len(steps)
    now = sorted(p.parent.name for p in (out / str(last) / "sources").glob("*/index.html"))
    rewritten = [s for s in now if written(last, f"sources/{s}/index.html")]
    assert rewritten == ["added-report"], rewritten


def test_what_each_output_reads_is_kept_only_where_it_cannot_have_changed(tmp_path):
    """After saves that change sources, publishers, affiliations or explainers (not their cards),
    the build takes what an untouched output reads from the last build (Build.reads) and its spec
    (Build.plan), and its Site what the last Site derived from data that did not change (notes,
    citing explainers, profiles, facts, labels, the mix of sources, the worklist's items, the
    bibliography's order): each must be what deriving it again gives."""
    from macros.domain.publication import Publication
    from macros.load.corpus import Loader
    from macros.publish.build import Build
    from macros.publish.outputs import plan, reads

    data = generated_data(tmp_path, 6, 60)
    loader, pub = Loader(data), Publication()
    made = Build.load(data, pub, loader=loader, keep=True).made()
    sources = data / "sources"
    relayed = next(p for p in sorted(sources.glob("*.yaml")) if "relays:" not in p.read_text())
    publishers = (data / "publishers.yaml").read_text()
    saves = [
        # a source now relays another source: the pages citing it read that one too
        lambda: (sources / "source-1.yaml").write_text(
            re.sub(r"^relays:.*?(?=^\S|\Z)", "", (sources / "source-1.yaml").read_text(), flags=re.M | re.S)
            + f'relays:\n  - source: "{relayed.stem}"\n    note: "it quotes it"\n'
        ),
        # the relayed source's title; a publisher re-affiliated; a source added
        lambda: relayed.write_text(re.sub(r'^title: "[^"]*"', 'title: "Retitled"', relayed.read_text(), flags=re.M)),
        lambda: (data / "publishers.yaml").write_text(
            publishers.replace('affiliation: "ukrainian-government"', 'affiliation: "academic"', 1)
        ),
        lambda: (sources / "added-report.yaml").write_text(_source("An added report", "publisher-2")),
        # an explainer's finding now cites the added source, then no longer cites one it cited
        lambda: explainer.write_text(
            explainer.read_text().replace('    text: "', '    text: "As reported [@added-report]. ', 1)
        ),
        lambda: explainer.write_text(uncite(explainer.read_text())),
        # another explainer's text, with no change to what it cites
        lambda: other.write_text(other.read_text().replace('    text: "', '    text: "Edited. ', 1)),
        # it now cites a source that others cite too: it takes its place among them, newest first
        lambda: other.write_text(other.read_text().replace('    text: "', f'    text: "Also [@{popular}]. ', 1)),
    ]
    explainer, other = data / "explainers" / "explainer-1.yaml", data / "explainers" / "explainer-2.yaml"
    popular = next(
        key
        for key, citing in made.site.cited_by.items()
        if len(citing) >= 2 and "explainer-2" not in {c.explainer.id for c in citing}
    )

    def uncite(text: str) -> str:
        """The first two citations of the findings gone (not the summary's: lists show it)."""
        head, findings = text.split("findings:", 1)
        return head + "findings:" + re.sub(r" \[@[^\]]+\]", "", findings, count=2)

    carried: set[str] = set()
    for save in saves:
        save()
        build = Build.load(data, pub, loader=loader, previous=made, keep=True)
        carried |= set(build.site._carried)
        site, fresh = build.site, Site(build.site.corpus)
        assert site.notes == fresh.notes and site.cited_by == fresh.cited_by and site.profiles == fresh.profiles
        assert all(site.facts(s) == fresh.facts(s) for s in fresh.corpus.sources.values())
        assert all(site.label(s) == fresh.label(s) for s in fresh.corpus.sources.values())
        assert all(site.source_mix(e) == fresh.source_mix(e) for e in fresh.corpus.explainers.values())
        assert all(site.cited_sources(e) == fresh.cited_sources(e) for e in fresh.corpus.explainers.values())
        assert site.work_items(pub) == fresh.work_items(pub)
        assert site.sources_in_order == fresh.sources_in_order
        assert all(site.source_reads(s) == fresh.source_reads(s) for s in fresh.corpus.sources)
        assert all(site.explainer_reads(e) == fresh.explainer_reads(e) for e in fresh.corpus.explainers.values())
        assert build.changed and {kind for kind, _ in build.changed} <= {
            "source",
            "publisher",
            "affiliation",
            "explainer",
            "*",
        }
        assert build.plan == plan(build.site)
        assert build.reads == {oid: reads(build.site, spec) for oid, spec in build.specs.items()}
        made = build.made()
    # each taken after some save
    assert carried == {
        "sources_in_order",
        "facts",
        "labels",
        "notes",
        "profiles",
        "cited_by",
        "mixes",
        "cited",
        "work_of_sources",
        "work_of_explainers",
    }


def test_cite_this_is_formatted_again_when_what_it_cites_changes(tmp_path):
    """The formatted "Cite this" citations are kept between saves while the explainer's citable
    item is the same (citeproc-py is slow): a save that changes it shows the new citation."""
    from macros.domain import addresses
    from macros.domain.publication import Publication
    from macros.load.corpus import Loader
    from macros.publish.build import Build

    data = generated_data(tmp_path, 3, 20)
    loader, pub = Loader(data), Publication()
    made = Build.load(data, pub, loader=loader, keep=True).made()
    page = addresses.page_file(addresses.explainer("explainer-1"))
    before = made.late[page].slot
    file = data / "explainers" / "explainer-1.yaml"
    file.write_text(re.sub(r'^question: "[^"]*"', 'question: "Is this question new?"', file.read_text(), flags=re.M))
    build = Build.load(data, pub, loader=loader, previous=made, keep=True)
    after = build.late(page).slot
    assert after == Build.load(data, pub).late(page).slot  # what a clean build formats
    assert "Is this question new?" in after and "Is this question new?" not in before


def test_a_save_makes_again_the_pages_of_the_full_list_it_changes(tmp_path):
    """The full list of sources is paged (ALL_PAGE a page, each page's pager naming every page's
    first and last source): after a save that edits, moves, adds or removes a source, each page is
    what a clean build makes, and an edit that moves nothing makes one page again, not all."""
    from macros.domain.publication import Publication
    from macros.formats.bibliography_index import ALL_PAGE
    from macros.load.corpus import Loader
    from macros.publish.build import Build
    from macros.publish.outputs import Producer

    data = generated_data(tmp_path, 3, ALL_PAGE + 30)
    loader, pub = Loader(data), Publication()
    made = Build.load(data, pub, loader=loader, keep=True).made()
    sources = data / "sources"
    first_page = [s.id for s in made.site.sources_in_order[:ALL_PAGE]]
    order = made.site.sources_in_order
    middle, last = sources / f"{first_page[ALL_PAGE // 2]}.yaml", order[-1].id
    # A source that starts or ends a page, with an author: the pager names the page by it.
    bound = next(s for s in (order[ALL_PAGE], order[ALL_PAGE - 1], order[0]) if s.authors)
    family = bound.authors[0].split(",")[0]

    def first_author(file: Path) -> str:
        """The file with one author, whose name sorts before every other."""
        text = re.sub(r"^authors:\n(?:  - .*\n)+", "", file.read_text(), flags=re.M)
        return text + 'authors:\n  - "Aaa, First"\n'

    saves = [
        # a title: the source stays where it is (the list is ordered by author or publisher, then date)
        (lambda: middle.write_text(re.sub(r'^title: "[^"]*"', 'title: "Retitled"', middle.read_text(), flags=re.M)), 1),
        # the name a page starts or ends with in capitals: it sorts as before, and every pager shows it
        (
            lambda: (sources / f"{bound.id}.yaml").write_text(
                (sources / f"{bound.id}.yaml").read_text().replace(f'  - "{family},', f'  - "{family.upper()},', 1)
            ),
            None,
        ),
        # the last source moved to the front: every page's entries or pager change
        (lambda: (sources / f"{last}.yaml").write_text(first_author(sources / f"{last}.yaml")), None),
        (lambda: (sources / "added-report.yaml").write_text(_source("An added report", "publisher-2")), None),
        (lambda: middle.unlink(), None),
    ]
    for save, pages_made in saves:
        save()
        build = Build.load(data, pub, loader=loader, previous=made, keep=True)
        specs = [spec for spec in build.plan.pages if spec.kind == "all-sources"]
        assert len(specs) == 2
        fresh = Producer(build.site, pub)
        assert all(build.pages[spec.file] == fresh.page(spec) for spec in specs)
        assert build.update is not None
        rewritten = [spec.file for spec in specs if spec.file in build.update.rewrite]
        assert len(rewritten) == (pages_made or len(specs)), rewritten
        made = build.made()


def test_hand_written_pages_are_kept_only_while_the_navigation_titles_are_fixed():
    """A kept page's sidebar is the last build's: every other page of the navigation must have the
    same title in the next build, which only mkdocs.yml (without Jinja) guarantees."""
    written = {"about/static.md": _Written("Static", {}, None, None)}
    assert _fixed_titles(["about/static.md", {"Home": "index.md"}, {"About": [{"Lists": "lists.md"}]}], written)
    assert _fixed_titles([{"Link": "https://example.org/"}, {"Home": "index.md"}], written)
    assert not _fixed_titles(["index.md"], written), "its title comes from the page"
    assert not _fixed_titles([{"About": ["lists.md"]}], written), "its title comes from the page"
    assert not _fixed_titles([{"{{ config.site_name }}": "index.md"}], written), "macros renders it"
    assert not _fixed_titles(None, written), "no navigation: every title comes from its page"


@contextmanager
def _saves_under_serve(tmp_path: Path, saves: int) -> Iterator[list[weakref.ref]]:
    """A generated project built in this process as `mkdocs serve` builds it: the first build,
    then `saves` saves of one source's title, each built again; yields a weak reference to each
    save's configuration (and so to what its build made), then ends the serve."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project, url = make_project(tmp_path, generated=(3, 20)), "http://127.0.0.1:8000/"

    def config():
        made = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
        made.site_url = url
        return made

    first = config()
    first.plugins.on_startup(command="serve", dirty=False)
    try:
        build(first, serve_url=url)
        source, seen = project / "data" / "sources" / "source-1.yaml", []
        for n in range(saves):
            text = re.sub(r'^title: "[^"]*"', f'title: "Saved {n}"', source.read_text(), count=1, flags=re.M)
            source.write_text(text)
            saved = config()
            build(saved, serve_url=url)
            seen.append(weakref.ref(saved))
            del saved
        yield seen
    finally:
        first.plugins.on_shutdown()


def test_what_a_rebuild_leaves_behind_is_collected(tmp_path):
    """Under serve, what a build made of MkDocs' and Jinja's objects (held in reference cycles)
    is garbage once the next build is done, and the collector frees it: memory does not grow with
    every save of a long serve."""
    with _saves_under_serve(tmp_path, 3) as seen:
        gc.collect()
        assert [ref() is None for ref in seen] == [True, True, False], "a build outlived the next one"


def test_a_rebuild_s_garbage_is_collected_while_the_contributor_reads(tmp_path):
    """Under serve, a full collection runs a second after a rebuild is served, with nothing else
    going on, and frees what the build before it left (else the collector runs in the middle of
    a later rebuild, which the contributor waits for)."""
    full: list[float] = []

    def noted(phase: str, info: dict) -> None:
        if phase == "stop" and info["generation"] == 2:
            full.append(time.monotonic())

    with _saves_under_serve(tmp_path, 2) as seen:
        served = time.monotonic()
        gc.callbacks.append(noted)
        try:
            deadline = served + 10
            while not full and time.monotonic() < deadline:
                time.sleep(0.1)
        finally:
            gc.callbacks.remove(noted)
        assert full, "no full collection after the rebuild was served"
        assert 0.5 < full[0] - served < 5, full[0] - served
        assert seen[0]() is None, "what the build before the last left is freed by it"
