"""The MkDocs adapter: MkDocs' events in, engine calls out.

Listed in mkdocs.yml as the plugin `evidence-explainers` (an entry point of this package). It loads
data/ before anything is written, hands the engine's pages to the theme and its files to MkDocs,
and publishes a build only when it succeeded. Everything it calls is the engine's: loading
(load/), the outputs and the staging folder (publish/). The only module that imports MkDocs; it
works the same under ProperDocs, which reads the same mkdocs.yml and plugins.
"""

from __future__ import annotations

import gc
import logging
import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..domain.addresses import root_of
from ..domain.problems import DataError, Problem, format_grouped
from ..formats.search_entries import page_entries
from ..formats.search_index import Entry, Index, make_index
from ..load.corpus import Loader
from ..load.watch import MODES, Relay, use_events
from ..publish import pattern
from ..publish.build import Build, Made
from ..publish.outputs import PageOut, PageSpec, finish, page_head
from ..publish.search import write_index
from ..publish.staging import Staging, remove_from
from ..render.problems import problems_page
from ..render.renderer import CompiledTemplates, interface_language
from ..render.whitespace import drop_indentation
from .config import PLUGIN_NAME as NAME
from .config import address_problem, language_alternates, publication

_SITEMAP = "sitemap.xml"  # the theme's template of the sitemap
_BLOCK = "<!--ee-block {}-->"  # a page macro's HTML, until Markdown is done (EvidencePlugin.block)
_ANCHOR = re.compile(r'\sid="([^"<>]+)"')
_HTML_LANG = re.compile(r'<html lang="[^"]*"')
# MkDocs' loggers of the notices that a page is excluded from the build (_KeptNotices)
_NOTICES = ("mkdocs.structure.nav", "mkdocs.structure.pages")
log = logging.getLogger(f"mkdocs.plugins.{NAME}")


class _Warnings(logging.Handler):
    """Counts the warnings of one build, so that a strict build with warnings is not published."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@dataclass(frozen=True)
class _Written:
    """A hand-written page whose Markdown no plugin changed (no macros): its HTML comes from its
    file, the theme and the navigation alone. What the navigation and the search take of it."""

    title: str | None
    meta: dict[str, Any]
    anchors: set[str] | None
    entries: list[Entry] | None


class _KeptNotices(logging.Filter):
    """Drops MkDocs' notices that a page this build keeps is excluded from it (the navigation and
    other pages link to it): it is in the site, as the last build wrote it."""

    _QUOTED = re.compile(r"'([^']+)'")

    def __init__(self, kept: set[str]) -> None:
        super().__init__()
        self.kept = kept

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (
            message.endswith("excluded from the built site.")
            and any(name in self.kept for name in self._QUOTED.findall(message))
        )


class EnginePage(Page):
    """A page the engine makes: its HTML, title and table of contents come from the engine, so it
    has no Markdown to read or convert; the theme renders it like any other page."""

    def __init__(self, file: File, config: MkDocsConfig, spec: PageSpec, out: PageOut, is_pattern: bool = False):
        super().__init__(None, file, config)
        self.spec, self.out, self.is_pattern = spec, out, is_pattern

    def read_source(self, config: MkDocsConfig) -> None:
        # Themes treat titles as HTML: Material inserts `page.title` unescaped in its header and
        # passes it through `striptags` (which unescapes entities) for <title>. So the data text
        # is escaped, and set as `meta.title`, which Material uses as is.
        self.markdown = ""
        self.meta = {"title": self.spec.title_html}
        if not self.spec.in_search:
            self.meta["search"] = {"exclude": True}

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = self.out.content
        # As Markdown's table of contents has it: the page's heading, and its sections under it.
        sections = [_toc_token(2, e.anchor, e.title) for e in self.spec.toc]
        self.toc = get_toc([_toc_token(1, self.spec.heading, self.spec.title, sections)])
        self.present_anchor_ids = set(_ANCHOR.findall(self.content))  # for MkDocs' check of links to them


def _toc_token(level: int, anchor: str, title: str, children: list[Any] | None = None) -> Any:
    text = str(escape(title))
    return {"level": level, "id": anchor, "name": text, "html": text, "children": children or []}


class EvidenceConfig(base.Config):  # type: ignore[no-untyped-call]
    """The plugin's options in mkdocs.yml."""

    # A build to publish: it must have the site's public address (`site_url`). mkdocs.yml sets it
    # from EE_DEPLOY, which the deploy workflow sets; `mkdocs gh-deploy` is one too.
    deploy = c.Type(bool, default=False)
    # How `mkdocs serve` notices a save in data/ (load/watch.py): `auto` by the system's file
    # events where every change comes as one, by polling elsewhere; or always one of the two.
    watch_data = c.Choice(MODES, default="auto")


class _Last:
    """Under `mkdocs serve`, what the last good build made and from what, for the next build to
    start from: the same plugin object sees every build of a serve (it has on_startup)."""

    def __init__(
        self,
        made: Made,
        inputs: tuple[Any, ...],
        engine: dict[str, File],
        alternates: Any,
        search: Index,
        page_entries: dict[str, list[Entry]],
        entries_of: dict[tuple[str, str, str, str], list[Entry]],
        written: dict[str, _Written],
        statics: dict[str, tuple[int, int]],
    ):
        self.made, self.inputs, self.engine = made, inputs, engine
        self.alternates, self.search = alternates, search
        self.page_entries, self.entries_of = page_entries, entries_of
        self.written, self.statics = written, statics


class EvidencePlugin(BasePlugin[EvidenceConfig]):  # type: ignore[no-untyped-call]
    """The engine's part of a build, held for that build only (a new one starts at on_config);
    under `mkdocs serve`, also what the last good build made (`_Last`)."""

    def __init__(self) -> None:
        self.dirty = False
        self.command = ""
        self.serving = False  # `mkdocs serve`: a build starts from the last good one
        self.in_browser = False  # serving: a data problem is shown in the browser, not raised
        self.problems: list[Problem] = []  # under serve: data/'s problems, shown instead of the site
        self.build: Build | None = None
        self.files: list[File] = []
        self.kept: set[File] = set()  # pages and files this build keeps from the last (serve)
        self.all_files: Files | None = None
        self.engine: dict[str, File] = {}  # output id -> its File in this build
        # Pages themed once per kind and filled in (publish/pattern.py): each group's pattern page,
        # its themed HTML, and the pages this build fills in and writes.
        self.patterns: dict[tuple[Any, ...], EnginePage] = {}
        self.pattern_html: dict[str, str] = {}
        self.filled: list[EnginePage] = []
        self.staging: Staging | None = None
        self.warnings = _Warnings()
        # The search entries of the pages indexed from their HTML, by page file, and by what made
        # them (page_entries' arguments: its address, title, HTML and language).
        self.page_entries: dict[str, list[Entry]] = {}
        self.entries_of: dict[tuple[str, str, str, str], list[Entry]] = {}
        self.loader: Loader | None = None
        self.last: _Last | None = None
        self.inputs: tuple[Any, ...] = ()
        self.alternates: Any = None  # the theme's language selector this build has (extra.alternate)
        self.same_pages = False  # this build has the last one's pages: its sitemap is the last one's
        self.blocks: dict[str, str] = {}  # the page macros' HTML by placeholder, until put in place
        # Under serve: the hand-written pages whose Markdown no plugin changed, then what the next
        # build keeps of them (_Written); and the filter of the notices about kept pages.
        self.plain: set[str] = set()
        self.written: dict[str, _Written] = {}
        self.notices: _KeptNotices | None = None
        self.compiled: tuple[tuple[Any, ...], CompiledTemplates] | None = None
        self.statics: dict[str, tuple[int, int]] = {}  # under serve: the static files' size and time
        self.idle: threading.Timer | None = None  # under serve, the collection after a rebuild is served
        self.relay: Relay | None = None  # under serve, data/'s file events told to MkDocs

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.dirty, self.command = dirty, command
        # `mkdocs serve` builds again after each save: then a build starts from the last good one.
        # `mkdocs build` and `serve --clean` (command "build") build everything every time.
        self.serving = self.in_browser = command == "serve"

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Called once `serve` (with `--clean` too, which MkDocs starts as a build) serves the first
        build: from then on, a data problem is shown in the browser, not raised. Watches data/."""
        self.in_browser = True
        self._watch_data(server, config)
        return server

    def _watch_data(self, server: Any, config: MkDocsConfig) -> None:
        """Have MkDocs build again when data/ changes: from its file events where every change
        comes as one (load/watch.py), each told to MkDocs in a folder it polls; or MkDocs polls
        data/ itself. Left to MkDocs where a folder of `watch:` (mkdocs.yml, `serve -w`) holds it."""
        data = (Path(config.config_file_path).parent / "data").resolve()
        if any(data.is_relative_to(Path(p).resolve()) for p in config.watch):
            return
        if not data.is_dir():  # the site shows that problem; nothing to watch until it is there
            log.info("No data/ folder to watch: start `mkdocs serve` again once it is there")
            return
        if use_events(self.config.watch_data, data):
            try:
                self.relay = Relay(data, log.info)
            except OSError as err:
                log.info(f"Polling data/ for changes: the system cannot watch its file events ({err})")
            else:
                log.info(f"Watching data/ by its file events; a save is told to MkDocs in {self.relay.folder}")
                server.watch(str(self.relay.folder))
                return
        server.watch(str(data))

    @event_priority(100)  # first, so that every warning of the build is counted
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and check data/; a problem stops the build before anything is written. Then build
        into a staging folder, which replaces the site only if the build succeeds."""
        self._end()
        self._no_idle_collection()
        self.build, self.problems, self.page_entries, self.entries_of = None, [], {}, {}
        self.same_pages, self.blocks, self.plain, self.written = False, {}, set(), {}
        self.warnings.count = 0
        logging.getLogger("mkdocs").addHandler(self.warnings)
        if not config.use_directory_urls:
            raise PluginError(f"{NAME} needs `use_directory_urls: true` in mkdocs.yml: its pages live at folder/")
        address = address_problem(config, self.config.deploy or self.command == "gh-deploy")
        if address and address[0] == "error":
            raise PluginError(f"{NAME}: {address[1]}")
        if address:
            log.info(address[1])
        if not self.dirty:  # a dirty build updates the site in place
            # First of all, so that even a run whose data is broken puts back a site that a
            # stopped publication left aside (publish/staging.py).
            self.staging = Staging(Path(config.site_dir))
            config.site_dir = str(self.staging.begin())
        root, start = Path(config.config_file_path).parent, time.perf_counter()
        data = root / "data"
        previous = None
        if self.serving:
            # Only data/ may have changed for a build to keep the last one's pages: anything else
            # (mkdocs.yml, docs/, the engine's templates) may change every page.
            self.inputs = _inputs(config, data)
            if self.last is not None and self.last.inputs == self.inputs:
                previous = self.last.made
            if self.loader is None or self.loader.data_dir != data:
                self.loader = Loader(data)
        if self.serving and previous is None and gc.get_freeze_count():
            # A whole build under serve freezes what it holds (load/corpus.py, on_env); what an
            # earlier one froze is collected first, once, or its garbage stays for the serve.
            gc.unfreeze()
            gc.collect()
        try:
            pub = publication(config, root)
            self.build = Build.load(data, pub, loader=self.loader, previous=previous, keep=self.serving)
        except DataError as err:
            if not self.in_browser:
                raise PluginError(f"data/ has problems, so nothing was built:\n{err}") from None
            return self._show_problems(config, err.problems)
        corpus = self.build.site.corpus
        if "alternate" not in config.extra:  # a project's own selector in mkdocs.yml stays as it is
            alternates = language_alternates(self.build.site, config.theme.get("language") or "en")
            if alternates:
                config.extra["alternate"] = alternates
        # The selector is on every page: a save that changes its languages makes every page again.
        self.alternates = config.extra.get("alternate")
        if previous is not None and self.last is not None and self.last.alternates != self.alternates:
            self.build = Build.load(data, pub, loader=self.loader, previous=None, keep=self.serving)
            corpus = self.build.site.corpus
        log.info(
            f"Loaded and checked data/: {len(corpus.explainers)} explainers, {len(corpus.sources)} sources "
            f"in {time.perf_counter() - start:.2f} s"
        )
        build = self.build
        self.same_pages = (
            build.previous is not None
            and build.changed is not None
            and build.specs.keys() == build.previous.specs.keys()
        )
        if self.same_pages:
            # The same pages as the last build's (and the same hand-written ones: `inputs`), so
            # the same sitemap: the site keeps the one written then, which the theme would write
            # again (and MkDocs does not copy the template as a file: on_files).
            config.theme.static_templates.discard(_SITEMAP)
        return config

    def _show_problems(self, config: MkDocsConfig, problems: list[Problem]) -> MkDocsConfig:
        """Under serve, a build of data/ with problems succeeds with one page that lists them,
        served at every address (as the home page and as the 404 page), so the browser shows
        them instead of waiting for a build that cannot come; the terminal lists them too (as
        information: a warning would stop a strict build, and serve would wait again)."""
        self.problems = problems
        self.last = None  # this build replaces the site with the problems: the next one makes it all
        log.info(f"data/ has problems; the site shows them until they are fixed:\n{format_grouped(problems)}")
        config.nav = None  # the pages the navigation names are not built
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Every page and file the engine makes (publish/outputs.py), made now, out of the navigation.
        MkDocs themes pages in the order of its files: the explainer pages go last, so that their
        late parts are ready when the theme reaches them (on_env).

        A build that starts from the last one (serve) marks the pages and files it keeps as
        excluded (the last build's File, whose output is the same), so MkDocs neither themes nor
        writes them: their last output stays in the site (on_post_build). A kept page indexed from
        its HTML (topics, corrections) keeps the last build's search entries."""
        if self.problems:  # the page is the home page here, and the 404 page in on_post_build
            return Files([File.generated(config, "index.html", content=problems_page(self.problems))])
        assert self.build is not None
        template = files.get_file_from_path(_SITEMAP) if self.same_pages else None
        if template is not None and not template.is_documentation_page():
            files.remove(template)
        start, made = time.perf_counter(), self.build.pages
        update, self.kept, self.engine = self.build.update, set(), {}
        self.patterns, self.pattern_html, self.filled = {}, {}, []
        last = self.last.engine if update is not None and self.last is not None else {}
        last_entries = self.last.page_entries if update is not None and self.last is not None else {}
        if update is not None:
            log.info(
                f"Made {update.remade} of {len(self.build.specs)} pages and files again; "
                f"{len(update.rewrite)} changed, {len(update.removed)} gone"
            )
        log.debug(f"Made {len(made)} pages in {time.perf_counter() - start:.2f} s")
        if self.serving:
            self.statics = self._keep_static(files, self.last.statics if update and self.last else {})
        if update is not None and self.last is not None and self.same_pages:
            self._keep_written(files, config, self.last.written)
        for spec in sorted(self.build.plan.pages, key=lambda spec: spec.kind == "explainer"):
            if spec.kind in pattern.FILLED_KINDS and pattern.group(spec) not in self.patterns:
                # The group's pattern page, themed like the others; removed before publishing.
                shape = pattern.pattern_spec(spec, len(self.patterns))
                file = File.generated(config, shape.file, content="", inclusion=InclusionLevel.NOT_IN_NAV)
                self.patterns[pattern.group(spec)] = EnginePage(file, config, shape, pattern.PATTERN_OUT, True)
                files.append(file)
            kept = update is not None and spec.file not in update.rewrite and spec.file in last
            if kept and (not spec.in_search or spec.file in last_entries):
                if spec.in_search:  # its search entries (from its HTML) are the last build's, as its HTML is
                    self.page_entries[spec.file] = last_entries[spec.file]
                file = self._keep(last[spec.file])
            elif spec.kind in pattern.FILLED_KINDS:
                # Not themed by MkDocs: filled in from its pattern and written in on_post_build.
                file = File.generated(config, spec.file, content="", inclusion=InclusionLevel.EXCLUDED)
                self.filled.append(EnginePage(file, config, spec, made[spec.file]))
            else:
                file = File.generated(config, spec.file, content="", inclusion=InclusionLevel.NOT_IN_NAV)
                EnginePage(file, config, spec, made[spec.file])
            files.append(file)
            self.engine[spec.file] = file
        # The files' content is made while MkDocs reads every page, and given to them in on_env.
        self.files = []
        for file_spec in self.build.plan.files:
            if update is not None and file_spec.path not in update.rewrite and file_spec.path in last:
                file = self._keep(last[file_spec.path])
            else:
                file = File.generated(config, file_spec.path, content="")
                self.files.append(file)
            files.append(file)
            self.engine[file_spec.path] = file
        self.all_files = files
        if self.kept:
            self.notices = _KeptNotices({f.src_uri for f in self.kept})
            for name in _NOTICES:
                logging.getLogger(name).addFilter(self.notices)
        self.build.start_files()
        return files

    def _keep_static(self, files: Files, last: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
        """Keep the static files (the theme's, docs/ assets) the site has as the last build copied
        them, each the same file (size and time): MkDocs copies every one on every build. Returns
        each one's size and time, for the next build."""
        now: dict[str, tuple[int, int]] = {}
        for file in files:
            if file.is_documentation_page() or not file.abs_src_path:
                continue
            try:
                st = os.stat(file.abs_src_path)
            except OSError:
                continue
            now[file.abs_src_path] = (st.st_size, st.st_mtime_ns)
            if last.get(file.abs_src_path) == now[file.abs_src_path]:
                self._keep(file)
        return now

    def _keep_written(self, files: Files, config: MkDocsConfig, written: dict[str, _Written]) -> None:
        """Keep the hand-written pages the last build made from their file alone (_Written): with
        the same files (`inputs`) and the same pages (so every link of theirs leads where it did),
        each is what the last build wrote, but for the navigation: so only while every page of the
        navigation made again has a fixed title (in mkdocs.yml, without Jinja). The theme gets
        each as a Page with the last build's title and front matter, like any page not read."""
        if not _fixed_titles(config.nav, written):
            return
        for file in files.documentation_pages():
            kept = written.get(file.src_uri)
            if kept is None:
                continue
            page = Page(kept.title, file, config)
            page.meta, page.present_anchor_ids = dict(kept.meta), kept.anchors
            if kept.entries is not None:
                self.page_entries[file.src_uri] = kept.entries
            self.written[file.src_uri] = kept
            self._keep(file)

    def _keep(self, file: File) -> File:
        """The File of an output this build keeps (the last build's, for the engine's; this
        build's, for a hand-written page): excluded, so not written again."""
        file.inclusion = InclusionLevel.EXCLUDED
        self.kept.add(file)
        return file

    def on_template_context(self, context: Any, template_name: str, config: MkDocsConfig) -> Any:
        """The sitemap lists the pages this build keeps from the last one and the pages it fills
        in, as if the theme had made each, and not the pattern pages."""
        if template_name == "sitemap.xml" and self.all_files is not None:
            extra = self.kept | {p.file for p in self.filled}
            patterns = {p.file for p in self.patterns.values()}
            context["pages"] = [
                f
                for f in self.all_files
                if f.is_documentation_page()
                and (f in extra or f.inclusion.is_included())  # type: ignore[no-untyped-call]
                and f not in patterns
            ]
        return context

    def block(self, html: str) -> Markup:
        """What a page macro puts in a hand-written page's Markdown for its HTML: a placeholder,
        replaced by the HTML once Markdown is done (on_page_content). Markdown would pass the HTML
        through unchanged, but only after parsing it, twice (its raw HTML and MkDocs' anchors): a
        long list (the worklist) would take longer to pass than to make."""
        token = _BLOCK.format(len(self.blocks))
        self.blocks[token] = html
        return Markup(token)

    def _put_blocks(self, html: str, page: Page) -> str:
        """The page's macros' HTML in place of their placeholders; their ids are the page's anchors."""
        for token in [t for t in self.blocks if t in html]:
            block = self.blocks.pop(token)
            html = html.replace(token, block, 1)
            page.present_anchor_ids = (page.present_anchor_ids or set()) | set(_ANCHOR.findall(block))
        if self.blocks:
            raise PluginError(f"{NAME}: the HTML of a page macro on {page.file.src_uri} was lost in Markdown")
        return html

    @event_priority(-100)  # last: after every plugin that may change the page's Markdown (macros)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Under serve, note a hand-written page whose Markdown no plugin changed (_Written)."""
        if self.serving and not isinstance(page, EnginePage) and markdown == page.markdown:
            self.plain.add(page.file.src_uri)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The page's content as the theme gets it (`_content`); under serve, what a later build
        keeps of a hand-written page no plugin changed (_Written)."""
        html = self._content(html, page, config)
        uri = page.file.src_uri
        if uri in self.plain:
            self.written[uri] = _Written(
                page.title, dict(page.meta), page.present_anchor_ids, self.page_entries.get(uri)
            )
        return html

    def _content(self, html: str, page: Page, config: MkDocsConfig) -> str:
        """The HTML of the page's macros put in (`block`); then the search entries of a page the
        engine's own entries do not cover: hand-written pages, topics and corrections, from their
        HTML (a page may leave the search with `search: exclude: true` in its front matter, as
        with Material's search)."""
        if self.blocks:
            html = self._put_blocks(html, page)
        if self.build is None or (isinstance(page, EnginePage) and not page.spec.in_search):
            return html
        if (page.meta.get("search") or {}).get("exclude"):
            return html
        language = page.spec.language if isinstance(page, EnginePage) and page.spec.language else _language(config)
        title = page.spec.title if isinstance(page, EnginePage) else page.title  # plain text, not meta's HTML
        key = (page.url, str(title or ""), html, language)
        made = self.last.entries_of.get(key) if self.last is not None else None
        entries = made if made is not None else page_entries(*key)
        if self.serving:  # for the next build, by what made them
            self.entries_of[key] = entries
        self.page_entries[page.file.src_uri] = entries
        return html

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        """Every page has its content; MkDocs copies the files and themes the pages next. Give the
        files their content, and start the late parts, to be made while the theme works."""
        if self.build is None:
            return env
        start, made = time.perf_counter(), self.build.files()
        log.debug(f"Waited {time.perf_counter() - start:.2f} s for the files")
        for file in self.files:  # as bytes: MkDocs writes bytes faster than text (the exports are large)
            file.content_bytes = made[file.src_uri].encode("utf-8")
        self.build.start_late()
        if self.serving:  # the theme's templates, compiled once for every build of the serve
            if self.compiled is None or self.compiled[0] != self.inputs:
                self.compiled = (self.inputs, CompiledTemplates())
            env.bytecode_cache = self.compiled[1]
        # What MkDocs and the engine hold now stays to the end of a whole build: spare the garbage
        # collector from scanning it again and again while the theme renders 11,000 pages. A
        # rebuild under serve themes few pages and freezes nothing (load/corpus.py's
        # _collector_paused): what it leaves behind is garbage by the next one.
        if self.build.update is None:
            gc.freeze()
        return env

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """What the engine adds to each themed page: its <head> lines (the feed; JSON-LD), an
        explainer's late part (publish/outputs.py), and the templates' indentation dropped
        (render/whitespace.py)."""
        if self.build is None:
            return output
        if isinstance(page, EnginePage) and page.is_pattern:
            self.pattern_html[page.spec.address] = output
            return output
        return self._finish(output, page)

    def _finish(self, output: str, page: Page) -> str:
        assert self.build is not None
        if isinstance(page, EnginePage):
            if page.spec.kind == "language":  # a language's start page is in that language, as a whole
                output = _HTML_LANG.sub(f'<html lang="{interface_language(page.spec.key)}"', output, count=1)
            return finish(output, page.out, self.build.late(page.file.src_uri))
        output = output.replace("</head>", page_head(self.build.pub, root_of(page.url)) + "</head>", 1)
        return drop_indentation(output)

    def _write_filled(self, site_dir: Path) -> None:
        """Write the pages filled in from their pattern (publish/pattern.py), then remove the patterns."""
        assert self.build is not None
        by_group = {group: shape.spec.address for group, shape in self.patterns.items()}
        pattern.write_filled(
            site_dir,
            self.pattern_html,
            [(by_group[pattern.group(p.spec)], p.spec, p.out, self.build.late(p.file.src_uri)) for p in self.filled],
        )
        for shape in self.patterns.values():
            written = site_dir / shape.file.dest_uri
            written.unlink(missing_ok=True)
            if written.parent != site_dir and not any(written.parent.iterdir()):
                written.parent.rmdir()

    def on_post_build(self, config: MkDocsConfig) -> None:
        """Write the search index (publish/search.py), then put the build in place of the
        published site, unless a strict build had warnings. A build that kept the last one's pages
        and files puts only what it wrote in place, and removes what the data no longer has."""
        if self.problems:  # after the theme, which writes its own 404 page
            (Path(config.site_dir) / "404.html").write_text(problems_page(self.problems), encoding="utf-8")
        build = self.build
        start = time.perf_counter()
        if build is not None:
            self._write_filled(Path(config.site_dir))
        for file in self.files:
            # MkDocs has written it. Under serve the File stays (the next build keeps it, or links
            # to it) and MkDocs' structures hold it in reference cycles that outlive the build:
            # its tens of MB of exports would go only with them.
            file.content_bytes = b""
        log.debug(f"Filled in {len(self.filled)} pages in {time.perf_counter() - start:.2f} s")
        start = time.perf_counter()
        search: Index | None = None
        gone_search: list[str] = []
        if build is not None:
            # A build that starts from the last one starts its index from the last one's too.
            last_search = self.last.search if build.update is not None and self.last is not None else None
            engine = [entry for group in build.search_entries().values() for entry in group]
            # The pages' entries in the order MkDocs reads the pages, as a whole build adds them.
            assert self.all_files is not None
            pages = [e for f in self.all_files for e in self.page_entries.get(f.src_uri, [])]
            search = make_index([*engine, *pages], _language(config), last_search)
            last_files = last_search.files if last_search is not None else None
            gone_search = write_index(Path(config.site_dir), search.files, last_files)
        log.debug(f"Made the search index in {time.perf_counter() - start:.2f} s")
        good = not (config.strict and self.warnings.count)
        update = build.update if build is not None else None
        gone = [self.last.engine[oid].dest_uri for oid in update.removed] if update and self.last else []
        gone += gone_search
        if self.staging is not None and good:
            if update is not None:
                self.staging.publish_over(gone)
            else:
                self.staging.publish()
            config.site_dir = str(self.staging.final)
            log.info(f"Published the build to {self.staging.final}")
            self.staging = None
        elif self.dirty and gone:  # a dirty build writes in place
            remove_from(Path(config.site_dir), gone)
        if self.serving and good and build is not None and search is not None:
            self.last = _Last(
                build.made(),
                self.inputs,
                self.engine,
                self.alternates,
                search,
                self.page_entries,
                self.entries_of,
                self.written,
                self.statics,
            )
            self._collect_when_served()
        self._end()

    def _collect_when_served(self) -> None:
        """Under serve, collect the garbage a rebuild leaves a second after it is served, while
        the contributor reads, rather than in the middle of the next rebuild: Python's collector
        runs when enough objects have come, and the rebuild of a save that comes then waits for it
        (a tenth of a second or more at thousands of sources). A save before it cancels it."""
        self._no_idle_collection()
        self.idle = threading.Timer(1.0, gc.collect)
        self.idle.daemon = True
        self.idle.start()

    def _no_idle_collection(self) -> None:
        if self.idle is not None:
            self.idle.cancel()
            self.idle = None

    def on_build_error(self, *, error: Exception) -> None:
        self._end()

    def on_shutdown(self) -> None:
        self._no_idle_collection()
        if self.relay is not None:
            self.relay.stop()
            self.relay = None
        self._end()
        self.last, self.loader = None, None

    def _end(self) -> None:
        """Drop a staged build that was not published, and what the build held."""
        if self.staging is not None:
            self.staging.discard()
            self.staging = None
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        if self.notices is not None:
            for name in _NOTICES:
                logging.getLogger(name).removeFilter(self.notices)
            self.notices = None
        if self.build is not None:
            self.build.cancel()


def _inputs(config: MkDocsConfig, data: Path) -> tuple[Any, ...]:
    """The size and time of every file a build reads besides data/: mkdocs.yml, docs/, watched
    folders, the theme's overrides and the engine's own files (its templates)."""
    roots = [Path(config.config_file_path), Path(config.docs_dir), Path(__file__).parents[1]]
    roots += [Path(p) for p in config.watch]
    if config.theme.custom_dir:
        roots.append(Path(config.theme.custom_dir))
    seen: list[tuple[str, int, int]] = []
    data = data.resolve()
    for top in sorted({r.resolve() for r in roots}):
        if top == data or data in top.parents:
            continue
        paths = [top] if top.is_file() else sorted(top.rglob("*"))
        for path in paths:
            if path.is_file() and "__pycache__" not in path.parts and not (data == path or data in path.parents):
                st = path.stat()
                seen.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(seen)


def _fixed_titles(nav: Any, written: dict[str, _Written]) -> bool:
    """Whether every page of mkdocs.yml's navigation but those in `written` has a title there
    without Jinja (macros renders a page title that has some): then another page's title is the
    same in every build. No navigation in mkdocs.yml: titles come from the pages."""
    if not nav:
        return False

    def fixed(item: Any, title: Any = None) -> bool:
        if isinstance(item, dict):
            return all(fixed(value, key) for key, value in item.items())
        if isinstance(item, list):
            return all(fixed(value) for value in item)
        if not isinstance(item, str) or item in written or "://" in item:
            return True
        return isinstance(title, str) and "{{" not in title and "{%" not in title

    return fixed(nav)


def _language(config: MkDocsConfig) -> str:
    """The site's language (the theme's), which hand-written pages are in."""
    return str(config.theme.get("language") or "en")
