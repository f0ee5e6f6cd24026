"""MkDocs hook: load data/ before anything is written, add the generated pages,
and publish a `mkdocs build` only when it succeeded.

The only module that imports MkDocs. Listed in mkdocs.yml under `hooks:`.
"""
from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

# MkDocs loads this file by path; make the project's `macros` package importable
# even when it is not installed, as mkdocs-macros does for `module_name`.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros import current, export, jsonld  # noqa: E402
from macros.bibliography_index import INDEX_PATH  # noqa: E402
from macros.corpus import load_corpus  # noqa: E402
from macros.history import data_version, last_changed  # noqa: E402
from macros.problems import DataError  # noqa: E402
from macros.publication import Publication  # noqa: E402
from macros.render import Site  # noqa: E402

STUB = '---\nrender_macros: true\n---\n{{{{ {macro}("{id}") }}}}\n'
# The full bibliography for readers without JavaScript, at bibliography/all/. Its body is the
# engine's finished HTML, not a macro call; the page does not opt in to macros, so it is never
# rendered as a template. It stays out of the search index: each source has its own page there.
ALL_SOURCES = "bibliography/all.md"
ALL_SOURCES_PAGE = "---\nsearch:\n  exclude: true\n---\n# All sources\n\n{html}\n"

# A `mkdocs build` writes into a staging folder beside site/ and replaces site/
# only after MkDocs finished without error (strict-mode warnings included), so a
# failed build leaves the last good site exactly as it was.
_run: dict = {}
log = logging.getLogger("mkdocs.hooks.evidence_explainers")


def on_startup(command: str, dirty: bool) -> None:
    _run.clear()
    _run.update(command=command, dirty=dirty)


def on_config(config):
    """Load and check data/ once per build; a problem stops the build before site/ is touched."""
    root = Path(config.config_file_path).parent
    try:
        corpus = load_corpus(root / "data")
    except DataError as err:
        raise PluginError(f"data/ has problems, so nothing was built:\n{err}") from None
    log.info(f"Loaded and checked data/ once for this build: {len(corpus.explainers)} explainers, "
             f"{len(corpus.sources)} sources")
    edit_base = (config.extra or {}).get("data_edit_base")  # e.g. https://github.com/OWNER/REPO/edit/main/
    current.set_site(Site(corpus, last_changed=last_changed(root), edit_base=edit_base,
                          publication=_publication(config, root)))
    # `mkdocs serve --clean` also reports the command "build", but builds into its own temporary
    # folder (named mkdocs_*), which it serves and cleans up itself: never stage that.
    served = Path(config.site_dir).name.startswith("mkdocs_") and \
        Path(config.site_dir).resolve().parent == Path(tempfile.gettempdir()).resolve()
    if _run.get("command") == "build" and not _run.get("dirty") and not served:
        final = Path(config.site_dir).resolve()
        staging = final.with_name(f".{final.name}.building-{os.getpid()}")
        shutil.rmtree(staging, ignore_errors=True)
        _run.update(final=final, staging=staging, built=False, failed=False)
        config.site_dir = str(staging)
    return config


def _publication(config, root: Path) -> Publication:
    """The site's name and address, the repository and the data licence from mkdocs.yml, and
    the commit of data/ from git; whatever is not set stays None (see publication.py)."""
    extra = config.extra or {}
    return Publication(name=config.site_name, site_url=config.site_url or None,
                       repo_url=extra.get("repo_url") or config.repo_url or None,
                       commit_url=extra.get("data_commit_url"), version=data_version(root),
                       licence=extra.get("data_licence"))


def on_files(files: Files, config) -> Files:
    """One page per explainer, source and topic, and the full bibliography, all kept out of
    the navigation; and the bibliography's index for its script (copied as is)."""
    site = current.site()
    corpus = site.corpus
    for folder, macro, ids in (("explainers", "explainer", corpus.explainers),
                               ("sources", "source", corpus.sources),
                               ("topics", "topic", corpus.topics)):
        for item_id in ids:
            files.append(File.generated(config, f"{folder}/{item_id}.md",
                                        content=STUB.format(macro=macro, id=item_id),
                                        inclusion=InclusionLevel.NOT_IN_NAV))
    files.append(File.generated(config, INDEX_PATH, content=site.bibliography_index))
    files.append(File.generated(config, ALL_SOURCES,
                                content=ALL_SOURCES_PAGE.format(html=site.bibliography_all("../../")),
                                inclusion=InclusionLevel.NOT_IN_NAV))
    # Bibliographies (BibTeX, CSL-JSON, RIS), the corpus as JSON and the Atom feed (export.py).
    for path, content in export.download_files(site).items():
        files.append(File.generated(config, path, content=content))
    return files


def on_page_markdown(markdown: str, page, config, files):
    """Title generated pages from the data, after mkdocs-macros has rendered titles.

    Themes treat titles as HTML: Material inserts `page.title` unescaped in its header
    and passes it through `striptags` (which unescapes entities) for <title>. So the
    data text is escaped and also set as `meta.title`, which Material uses as is.
    """
    title = current.site().page_title(page.file.src_uri)
    if title is not None:
        page.title = page.meta["title"] = str(escape(title))
    return markdown


def on_page_content(html: str, page, config, files):
    tokens = current.site().toc(page.file.src_uri)
    if tokens:
        page.toc = get_toc(tokens)
    return html


def on_post_page(output: str, page, config) -> str:
    """Put the feed's address, and the schema.org JSON-LD of explainer and source pages
    (jsonld.py, with <, > and & escaped), into the page's <head>."""
    root = "../" * page.url.count("/")
    head = (f'<link rel="alternate" type="application/atom+xml" title="{escape(config.site_name)}" '
            f'href="{root}{export.FEED_PATH}">')
    data = current.site().jsonld(page.file.src_uri, root)
    if data is not None:
        head += jsonld.script_tag(data)
    return output.replace("</head>", head + "</head>", 1)


def on_post_build(config) -> None:
    _run["built"] = True


def on_build_error(error) -> None:
    _run["failed"] = True


def on_shutdown() -> None:
    """Swap the staged site into place if the build succeeded; otherwise drop it."""
    staging, final = _run.get("staging"), _run.get("final")
    if staging is None:
        return
    if _run.get("built") and not _run.get("failed"):
        old = final.with_name(f".{final.name}.old-{os.getpid()}")
        if final.exists():
            final.rename(old)
        staging.rename(final)
        shutil.rmtree(old, ignore_errors=True)
        log.info(f"Published the build to {final}")
    else:
        shutil.rmtree(staging, ignore_errors=True)
    _run.clear()
