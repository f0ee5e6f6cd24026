"""The exports read by the real tools people cite with: biber (biblatex's data model), bibtex with
plain.bst (classic BibTeX), and pandoc's citeproc (biblatex and CSL-JSON, "Cite this" included).

The tools are Debian packages that `.ci/run` and `make test` install (pandoc, biber,
texlive-binaries, texlive-base). In CI (CI=true) a missing tool fails the test; elsewhere it is
skipped with how to install it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, SEED_SLUG, make_project, run_build, write_data
from test_interop import (  # noqa: F401 (fixtures)
    PUB,
    _corpus,
    generated,
    generated_dir,
    large,
    large_dir,
    seed,
    seed_sources,
)

from macros.domain.publication import DataVersion, Publication
from macros.domain.site import Site
from macros.formats import cite
from macros.formats.bibtex import bibtex, classic_bibtex, classic_entry, classic_kind
from macros.formats.csl import csl_json
from macros.load.corpus import load_corpus

CORPORA = ["seed", "large", "generated"]
PACKAGES = {"biber": "biber", "bibtex": "texlive-binaries texlive-base", "pandoc": "pandoc"}


def tool(name: str) -> str:
    """The path of a command-line tool; in CI its absence is a failure, not a skip."""
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed: sudo apt-get install {PACKAGES[name]} (make test does it as root)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)


# ---- biber: the biblatex file validates against biblatex's data model -------------------------
def _biber_warnings(bib: str, tmp_path: Path) -> list[str]:
    (tmp_path / "export.bib").write_text(bib, encoding="utf-8")
    result = _run(
        [tool("biber"), "--tool", "--validate-datamodel", "--output-file", "checked.bib", "export.bib"], tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return [line for line in (result.stdout + result.stderr).splitlines() if re.match(r"(WARN|ERROR) - ", line)]


@pytest.mark.parametrize("which", CORPORA)
def test_biblatex_export_validates_under_biber_with_no_warning(which, request, tmp_path):
    site, sources = _corpus(request, which)
    assert _biber_warnings(bibtex(site, PUB, sources), tmp_path) == []
    # biber read every entry: its own output holds each key once.
    checked = (tmp_path / "checked.bib").read_text(encoding="utf-8")
    assert sorted(re.findall(r"^@\w+\{([^,]+),", checked, re.M)) == sorted(s.id for s in sources)


def test_biblatex_entries_of_cite_this_validate_with_and_without_an_address(seed, tmp_path):  # noqa: F811
    explainer = seed.corpus.explainers[SEED_SLUG]
    with_url = Publication(site_url="https://ee.example/", version=DataVersion("0" * 40))
    entries = [cite.cite_this(pub, explainer).bibtex for pub in (PUB, with_url)]
    entries[1] = entries[1].replace(f"{{{SEED_SLUG},", f"{{{SEED_SLUG}-online,", 1)
    assert _biber_warnings("\n".join(entries), tmp_path) == []


# ---- bibtex with plain.bst: the classic file prints journal, year and address ------------------
def _bbl(bib: str, tmp_path: Path) -> tuple[str, str]:
    (tmp_path / "refs.bib").write_text(bib, encoding="utf-8")
    (tmp_path / "paper.aux").write_text("\\citation{*}\n\\bibstyle{plain}\n\\bibdata{refs}\n", encoding="utf-8")
    result = _run([tool("bibtex"), "paper"], tmp_path)
    log = (tmp_path / "paper.blg").read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 0, result.stdout + log
    return (tmp_path / "paper.bbl").read_text(encoding="utf-8"), log


def _items(bbl: str) -> dict[str, str]:
    """Each \\bibitem's text, joined onto one line (bibtex wraps long lines at spaces)."""
    parts = re.split(r"\\bibitem\{([^}]+)\}", bbl)
    return {key: re.sub(r"\s*\n\s*", " ", text) for key, text in zip(parts[1::2], parts[2::2], strict=True)}


@pytest.mark.parametrize("which", CORPORA)
def test_classic_bibtex_renders_under_plain_bst_with_journal_year_and_address(which, request, tmp_path):
    site, sources = _corpus(request, which)
    bbl, log = _bbl(classic_bibtex(site, PUB, sources), tmp_path)
    assert "Warning--" not in log and "error message" not in log, log
    items = _items(bbl)
    assert sorted(items) == sorted(s.id for s in sources)
    for source in sources:
        text = items[source.id]
        publisher = site.corpus.publishers[source.publisher].name
        periodical = source.container or publisher
        if source.date:
            assert source.date[:4] in text, (source.id, text)
        if source.url:
            # plain.bst prints the note: the address in \url, whole (no line is broken inside it).
            url = source.url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")
            assert f"\\url{{{url}}}" in bbl, (source.id, text)
        if classic_kind(source) == "article":
            assert "{\\em " + _tex(periodical) + "}" in text, (source.id, text)  # the journal, in italics
        else:
            assert _tex(publisher) in text, (source.id, text)


def _tex(text: str) -> str:
    from macros.formats.bibtex import bib_escape

    return re.sub(r"\s+", " ", bib_escape(text))


def test_a_classic_article_entry_has_the_fields_plain_bst_requires(tmp_path):
    data = write_data(
        tmp_path,
        {
            "sources/example-report.yaml": """\
        title: An example story
        type: journal-article
        publisher: example-news
        container: Example Quarterly
        authors: ["Petrenko, Olena"]
        date: "2024-06-22"
        url: https://example.org/story
        accessed: "2025-01-15"
        """
        },
    )
    site = Site(load_corpus(data))
    entry = classic_entry(site, site.corpus.sources["example-report"])
    assert entry.startswith("@article{example-report,")
    for field in ("author = {Petrenko, Olena}", "journal = {Example Quarterly}", "year = {2024}", "month = jun,"):
        assert field in entry
    bbl, log = _bbl(entry, tmp_path)
    text = _items(bbl)["example-report"]
    assert "Olena Petrenko" in text and "{\\em Example Quarterly}" in text and "June 2024" in text
    assert "\\url{https://example.org/story}" in text and "Accessed 2025-01-15" in text
    assert "Warning--" not in log


# ---- pandoc: the bibliographies and "Cite this" as pandoc's citeproc reads them ----------------
def _pandoc(bibliography: Path, tmp_path: Path) -> list[str]:
    """Every entry pandoc's citeproc prints from the bibliography (its default style), one line each."""
    doc = tmp_path / "doc.md"
    doc.write_text('---\nnocite: "@*"\n...\n', encoding="utf-8")
    result = _run(
        [tool("pandoc"), "--citeproc", "--bibliography", str(bibliography), "-t", "plain", str(doc)], tmp_path
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return [re.sub(r"\s+", " ", e).strip() for e in result.stdout.split("\n\n") if e.strip()]


@pytest.mark.parametrize("fmt", ["bib", "json"])
@pytest.mark.parametrize("which", ["seed", "large"])
def test_pandoc_renders_every_source_and_each_publisher_once(fmt, which, request, tmp_path):
    site, sources = _corpus(request, which)
    path = tmp_path / f"refs.{fmt}"
    path.write_text(bibtex(site, PUB, sources) if fmt == "bib" else csl_json(site, sources), encoding="utf-8")
    entries = _pandoc(path, tmp_path)
    assert len(entries) == len(sources)
    for source in sources:
        if not source.url:
            continue
        (entry,) = [e for e in entries if source.url in e]  # pandoc printed it, with its address
        publisher = site.corpus.publishers[source.publisher].name
        if fmt == "bib" and not source.container and publisher not in (source.title or ""):
            # Writing both organization and publisher made pandoc print an @online's publisher twice.
            assert entry.replace(source.url, "").count(publisher) == 1, (source.id, entry)


def test_pandoc_reads_the_cite_this_csl_json_which_is_a_list(seed, tmp_path):  # noqa: F811
    explainer = seed.corpus.explainers[SEED_SLUG]
    result = cite.cite_this(Publication(site_url="https://ee.example/"), explainer)
    assert isinstance(json.loads(result.csl_json), list)
    path = tmp_path / "cite.json"
    path.write_text(result.csl_json, encoding="utf-8")
    (entry,) = _pandoc(path, tmp_path)
    assert "are russians surrendering to ukrainians?" in entry.casefold()  # the style sets its case
    assert "https://ee.example/explainers/are-russians-surrendering-to-ukrainians/" in entry
    path = tmp_path / "cite.bib"
    path.write_text(result.bibtex, encoding="utf-8")
    (entry,) = _pandoc(path, tmp_path)
    assert "are russians surrendering to ukrainians?" in entry.casefold()


def test_the_ci_script_and_the_makefile_install_the_tools():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    for text in (ci, make):
        for package in ("pandoc", "biber", "texlive-binaries", "texlive-base"):
            assert package in text


# ---- crawlers: every source page in sitemap.xml, with its canonical address ----------------------
def test_source_pages_are_in_the_sitemap_with_a_canonical_link_when_the_site_has_an_address(tmp_path):
    project = make_project(tmp_path)
    result = run_build(project, env={"EE_SITE_URL": "https://ee.example/"})
    assert result.returncode == 0, result.stderr
    sitemap = (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://ee.example/sources/example-report/</loc>" in sitemap
    page = (project / "site" / "sources" / "example-report" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://ee.example/sources/example-report/">' in page
    assert (project / "site" / "downloads" / "bibliography-classic.bib").is_file()
