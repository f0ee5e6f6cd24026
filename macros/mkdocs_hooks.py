"""MkDocs hook: load data/ before anything is written, add the generated pages,
and publish a `mkdocs build` only when it succeeded.

The only module that imports MkDocs. Listed in mkdocs.yml under `hooks:`.
"""
from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

# MkDocs loads this file by path; make the project's `macros` package importable
# even when it is not installed, as mkdocs-macros does for `module_name`.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros import current, export, jsonld, prerender, search_entries, static_pages, theme_shortcuts  # noqa: E402
from macros.bibliography_index import INDEX_PATH  # noqa: E402
from macros.corpus import load_corpus  # noqa: E402
from macros.history import data_version, last_changed  # noqa: E402
from macros.problems import DataError  # noqa: E402
from macros.publication import Publication  # noqa: E402
from macros.render import Site  # noqa: E402
from macros.shell import STANDALONE_CSS, PageShell  # noqa: E402
from macros.whitespace import drop_indentation  # noqa: E402

# A generated page's Markdown: front matter only. Its HTML comes from the engine in
# on_page_content, so data text never passes through Markdown or a Jinja pass, and a page costs
# only the theme. Explainer pages and the full list stay out of Material's search (the engine
# writes their entries, see search_entries.py); topic pages are indexed as usual.
GENERATED = {"explainers": "---\nsearch:\n  exclude: true\n---\n", "topics": ""}
# The full bibliography for readers without JavaScript, at bibliography/all/.
ALL_SOURCES = "bibliography/all.md"
ALL_SOURCES_TITLE = "All sources"
ALL_SOURCES_PAGE = f"---\nsearch:\n  exclude: true\ntitle: {ALL_SOURCES_TITLE}\n---\n"
SEARCH_INDEX = "search/search_index.json"

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
    site = Site(corpus, last_changed=last_changed(root), edit_base=edit_base, publication=_publication(config, root))
    current.set_site(site)  # before the workers start: forked ones inherit it (workers.py)
    in_background = len(corpus.sources) >= static_pages.IN_BACKGROUND_FROM
    ahead = len(corpus.explainers) >= prerender.FROM and site.workers.will_fork()
    site.start_background_work(more_work=in_background or ahead)
    # `mkdocs serve --clean` also reports the command "build", but builds into its own temporary
    # folder (named mkdocs_*), which it serves and cleans up itself: never stage that.
    served = Path(config.site_dir).name.startswith("mkdocs_") and \
        Path(config.site_dir).resolve().parent == Path(tempfile.gettempdir()).resolve()
    if _run.get("command") == "build" and not _run.get("dirty") and not served:
        final = Path(config.site_dir).resolve()
        staging = final.with_name(f".{final.name}.building-{os.getpid()}")
        shutil.rmtree(staging, ignore_errors=True)
        for left in final.parent.glob(f".{final.name}.old-*"):
            _remove_in_background(left)
        _run.update(final=final, staging=staging, built=False, failed=False)
        config.site_dir = str(staging)
    _run["shell"] = _shell(config)
    _run["held"] = theme_shortcuts.HeldContent()
    # The workers' jobs, in the order they take them. A large site's whole-site downloads first,
    # written while MkDocs builds the rest (static_pages.py), for MkDocs to copy.
    if in_background:
        site_dir = Path(config.site_dir).resolve()
        _run["static"] = static_pages.InBackground(static_pages.Job(
            data_dir=str(root / "data"), out=str(site_dir.with_name(f".{site_dir.name}.static-{os.getpid()}")),
            shell=_run["shell"], last_changed=site.last_changed, today=site.today,
            edit_base=site.edit_base, publication=site.publication, site_identity=site.identity), site.workers,
            recycle=_spare(_run["final"]) if "final" in _run else None)
    # Then explainer pages and the full bibliography rendered ahead by forked workers (prerender.py);
    # the build renders itself any chunk no worker has started when it gets there.
    _run.pop("prerendered", None)
    if ahead:
        def page_root(src_uri: str) -> str:
            return "../" * File(src_uri, None, config.site_dir, config.use_directory_urls).url.count("/")
        _run["prerendered"] = prerender.Prerendered(site, site.workers, list(corpus.explainers),
                                                    page_root("explainers/x.md"), page_root(ALL_SOURCES))
    # Last, the source pages and per-explainer downloads: the workers take them once they meet the
    # build in the explainer pages, and the build writes any part not started when it finishes.
    if in_background:
        _run["static"].submit_parts()
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
    """One page per explainer and topic, one standalone page per source, the full bibliography,
    all kept out of the navigation; and the bibliography's index for its script (copied as is)."""
    site = current.site()
    corpus = site.corpus
    for folder, ids in (("explainers", corpus.explainers), ("topics", corpus.topics)):
        for item_id in ids:
            _add_engine_page(files, config, f"{folder}/{item_id}.md", GENERATED[folder])
    files.append(File.generated(config, INDEX_PATH, content=site.bibliography_index))
    _add_engine_page(files, config, ALL_SOURCES, ALL_SOURCES_PAGE)
    # Bibliographies (BibTeX, CSL-JSON, RIS), the corpus as JSON and the Atom feed (export.py);
    # source pages (finished HTML documents: shell.py says why) and each explainer's downloads.
    static = _run.get("static")
    if static is not None:  # a worker writes them (on_config): MkDocs copies the whole-site
        for path in export.SITE_DOWNLOADS:  # downloads from its folder (on_env waits for them)
            files.append(File.generated(config, path, abs_src_path=static.site_download(path)))
    else:
        for path, content in {**export.site_download_files(site),
                              **static_pages.static_files(site, _run["shell"])}.items():
            files.append(File.generated(config, path, content=content))
    return files


def _add_engine_page(files: Files, config, src_uri: str, markdown: str) -> None:
    """A generated page out of the navigation, whose HTML the engine writes (EnginePage)."""
    file = File.generated(config, src_uri, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV)
    files.append(file)
    EnginePage(None, file, config)  # sets file.page


def _shell(config) -> PageShell:
    """The theme's stylesheets (Material's names carry a content hash) and colour schemes, and the
    site's own stylesheets, for pages written outside the theme."""
    theme_css = []
    for pattern in ("assets/stylesheets/main.*.min.css", "assets/stylesheets/palette.*.min.css"):
        found = [p for d in config.theme.dirs for p in sorted(Path(d).glob(pattern))]
        if found:
            theme_css.append(found[0].relative_to(Path(found[0]).parents[2]).as_posix())
    palettes = config.theme.get("palette") or []
    palettes = [palettes] if isinstance(palettes, dict) else palettes
    favicon = config.theme.get("favicon") or ""
    return PageShell(site_name=config.site_name, description=config.site_description or "",
                     stylesheets=tuple(theme_css + [str(c) for c in config.extra_css if str(c) in STANDALONE_CSS]),
                     favicon=favicon, feed=export.FEED_PATH,
                     palettes=tuple({k: p[k] for k in ("media", "scheme", "primary", "accent") if p.get(k)}
                                    for p in palettes))


def _generated(page) -> tuple[str, str] | None:
    """(kind, id) of a page the engine writes, or None for a hand-written page."""
    if page.file.generated_by is None:
        return None
    if page.file.src_uri == ALL_SOURCES:
        return ("all-sources", "")
    kind, _, name = page.file.src_uri.removesuffix(".md").partition("/")
    return (kind, name) if kind in GENERATED else None


def on_env(env, config, files):
    """Render Material's navigation once for the engine's pages (theme_shortcuts.py). MkDocs copies
    static files next: the worker's whole-site downloads must be written by then."""
    theme_shortcuts.render_once_per_key(env, "partials/nav.html", _nav_key)
    static = _run.get("static")
    if static is not None:
        static.site_downloads()
    return env


def on_nav(nav, config, files):
    """Note where the navigation points, for _nav_key."""
    _run["nav_urls"] = tuple(_urls(nav.items))
    return nav


def _urls(items):
    for item in items:
        if item.children:  # a section
            yield from _urls(item.children)
        else:  # a page or a link
            yield item.url


def _nav_key(context):
    """Which navigation an engine page gets. It is in no section of the navigation, so nothing
    in it is marked as the page's; what changes is the relative links, which are the same from
    every page in one folder (explainers/a/ and explainers/b/ both link "../../topics/"), unless
    the navigation points inside the page itself. Other pages render the navigation as usual."""
    page, nav_urls = context.get("page"), _run.get("nav_urls")
    if not isinstance(page, EnginePage) or nav_urls is None or any(url.startswith(page.url) for url in nav_urls):
        return None
    return page.url.rstrip("/").rpartition("/")[0]


def on_page_markdown(markdown: str, page, config, files):
    """Title generated pages from the data.

    Themes treat titles as HTML: Material inserts `page.title` unescaped in its header
    and passes it through `striptags` (which unescapes entities) for <title>. So the
    data text is escaped and also set as `meta.title`, which Material uses as is.
    """
    title = current.site().page_title(page.file.src_uri)
    if title is not None:
        page.title = page.meta["title"] = str(escape(title))
    return markdown


_ANCHOR = re.compile(r'\sid="([^"<>]+)"')


class EnginePage(Page):
    """A generated page (explainer, topic, full bibliography): the engine writes its HTML, table of
    contents and anchors, so its Markdown (front matter only) is never converted. MkDocs keeps a
    File's page when it is a subclass of Page (nav.py); Markdown's whole pipeline on an empty text
    cost a millisecond a page."""

    def render(self, config, files) -> None:
        site, (kind, name) = current.site(), _generated(self)
        root = "../" * self.url.count("/")
        self.toc = get_toc(site.toc(self.file.src_uri))
        ahead = _run.get("prerendered")  # pages the workers render ahead (prerender.py), if any
        if kind == "explainers":  # its citations are filled in on_post_page
            html = ahead.page(name, root) if ahead else site.explainer_page(name, root, defer_citations=True)
        elif kind == "topics":
            html = site.topic_page(name, root)
        else:
            full = ahead.all_sources(root) if ahead else site.bibliography_all(root)
            html = f"<h1>{ALL_SOURCES_TITLE}</h1>\n" + full
        self.content = str(html)
        self.present_anchor_ids = set(_ANCHOR.findall(self.content))  # for MkDocs' check of links to them


@event_priority(100)  # before Material's search plugin (hooks otherwise run after plugins)
def on_page_context(context, page, config, nav):
    """Hold back the content of engine pages that Material's search skips (theme_shortcuts.py)."""
    if isinstance(page, EnginePage) and (page.meta.get("search") or {}).get("exclude"):
        _run["held"].hold(page)
    return context


def on_post_page(output: str, page, config) -> str:
    """Put an engine page's content back (on_page_context); put the feed's address, and
    the schema.org JSON-LD of explainer pages (jsonld.py, with <, > and & escaped), into the
    page's <head>; fill in the citations formatted meanwhile (cite.py); drop the templates'
    indentation (whitespace.py). Source pages carry their JSON-LD in their template."""
    site = current.site()
    output = _run["held"].put_back(page, output)
    output = site.fill_citations(output)
    root = "../" * page.url.count("/")
    head = (f'<link rel="alternate" type="application/atom+xml" title="{escape(config.site_name)}" '
            f'href="{root}{export.FEED_PATH}">')
    data = site.jsonld(page.file.src_uri, root)
    if data is not None:
        head += jsonld.script_tag(data)
    return drop_indentation(output.replace("</head>", head + "</head>", 1))


def on_post_build(config) -> None:
    """Add the engine's search entries to the index Material's search plugin has just written
    (hooks run after plugins), then mark the build as complete."""
    static = _run.pop("static", None)
    if static is not None:
        count = static.finish(config.site_dir)
        log.info(f"Added {count} source pages and downloads written beside the build")
        _run["recycle"] = True  # keep them when this site is replaced (on_shutdown)
    ahead = _run.pop("prerendered", None)
    path = Path(config.site_dir) / SEARCH_INDEX
    if path.is_file():
        ours = ahead.search_entries_json() if ahead else search_entries.entries_json(current.site())
        index = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(_with_entries(index, ours), encoding="utf-8")
    current.site().stop_background_work(cancel=False)  # every page is written: the workers are done
    _run["built"] = True


def _with_entries(index: dict, entries_json: str) -> str:
    """Material's search index as JSON, with the engine's entries (JSON array items) after its own."""
    rest = {key: value for key, value in index.items() if key != "docs"}
    docs = ",".join(filter(None, [json.dumps(index.get("docs", []), ensure_ascii=False, separators=(",", ":"))[1:-1],
                                  entries_json]))
    head = json.dumps(rest, ensure_ascii=False, separators=(",", ":"))[:-1]
    return f'{head}{"," if rest else ""}"docs":[{docs}]}}'


def on_build_error(error) -> None:
    _run["failed"] = True
    _stop_workers()


def _stop_workers() -> None:
    """Stop the worker processes of a build that ended early (static_pages.py, cite.py)."""
    static, prerendered = _run.pop("static", None), _run.pop("prerendered", None)
    if prerendered is not None:
        prerendered.cancel()
    if static is not None:
        static.cancel()
    site = current.loaded()
    if site is not None:
        site.stop_background_work(cancel=True)


def _spare(final: Path) -> Path:
    """Where the last site's source pages and per-explainer downloads wait for the next build."""
    return final.with_name(f".{final.name}.spare")


def _remove_in_background(folder: Path) -> None:
    """Delete the replaced site without making the build wait: at 10,000 sources it is 25,000 files
    and folders, seconds of work once the new site is already in place. A detached process does
    it; a folder it leaves behind (the machine stopped) is removed by the next build (on_config)."""
    if not folder.exists():
        return
    subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)",
                      str(folder)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True)


def on_shutdown() -> None:
    """Swap the staged site into place if the build succeeded; otherwise drop it."""
    if not _run.get("built"):  # the build stopped before on_post_build
        _stop_workers()
    staging, final = _run.get("staging"), _run.get("final")
    if staging is None:
        return
    if _run.get("built") and not _run.get("failed"):
        old = Path(tempfile.mkdtemp(prefix=f".{final.name}.old-", dir=final.parent))  # a new name
        if final.exists():
            final.rename(old / final.name)
        staging.rename(final)
        spare = _spare(final)
        if spare.exists():  # not used by this build: out of date
            spare.rename(old / spare.name)
        if _run.get("recycle"):  # for the next build to rewrite in place (static_pages.spare_folders)
            static_pages.spare_folders(old / final.name, spare)
        _remove_in_background(old)
        log.info(f"Published the build to {final}")
    else:
        shutil.rmtree(staging, ignore_errors=True)
    _run.clear()
