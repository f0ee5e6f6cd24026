"""The MkDocs adapter: MkDocs' events in, engine calls out.

Listed in mkdocs.yml as the plugin `evidence-explainers` (an entry point of this package). It loads
data/ before anything is written, hands the engine's pages to the theme and its files to MkDocs,
and publishes a build only when it succeeded. Everything it calls is the engine's: loading
(load/), the outputs and the staging folder (publish/). The only module that imports MkDocs; it
works the same under ProperDocs, which reads the same mkdocs.yml and plugins.
"""

from __future__ import annotations

import gc
import json
import logging
import re
import time
from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..domain.addresses import root_of
from ..domain.problems import DataError
from ..publish.build import Build
from ..publish.outputs import PageOut, PageSpec, fill, page_head
from ..publish.staging import Staging
from ..render.whitespace import drop_indentation
from .config import PLUGIN_NAME as NAME
from .config import address_problem, publication

SEARCH_INDEX = "search/search_index.json"  # where Material's search plugin writes its index
_ANCHOR = re.compile(r'\sid="([^"<>]+)"')
log = logging.getLogger(f"mkdocs.plugins.{NAME}")


class _Warnings(logging.Handler):
    """Counts the warnings of one build, so that a strict build with warnings is not published."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class EnginePage(Page):
    """A page the engine makes: its HTML, title and table of contents come from the engine, so it
    has no Markdown to read or convert; the theme renders it like any other page."""

    def __init__(self, file: File, config: MkDocsConfig, spec: PageSpec, out: PageOut):
        super().__init__(None, file, config)
        self.spec, self.out = spec, out

    def read_source(self, config: MkDocsConfig) -> None:
        # Themes treat titles as HTML: Material inserts `page.title` unescaped in its header and
        # passes it through `striptags` (which unescapes entities) for <title>. So the data text
        # is escaped, and set as `meta.title`, which Material uses as is.
        self.markdown = ""
        self.meta = {"title": str(escape(self.spec.title))}
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


class EvidencePlugin(BasePlugin[EvidenceConfig]):  # type: ignore[no-untyped-call]
    """The engine's part of a build, held for that build only (a new one starts at on_config)."""

    def __init__(self) -> None:
        self.dirty = False
        self.command = ""
        self.build: Build | None = None
        self.files: list[File] = []
        self.staging: Staging | None = None
        self.warnings = _Warnings()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.dirty, self.command = dirty, command

    @event_priority(100)  # first, so that every warning of the build is counted
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and check data/; a problem stops the build before anything is written. Then build
        into a staging folder, which replaces the site only if the build succeeds."""
        self._end()
        self.warnings.count = 0
        logging.getLogger("mkdocs").addHandler(self.warnings)
        if not config.use_directory_urls:
            raise PluginError(f"{NAME} needs `use_directory_urls: true` in mkdocs.yml: its pages live at folder/")
        address = address_problem(config, self.config.deploy or self.command == "gh-deploy")
        if address and address[0] == "error":
            raise PluginError(f"{NAME}: {address[1]}")
        if address:
            log.info(address[1])
        root, start = Path(config.config_file_path).parent, time.perf_counter()
        try:
            self.build = Build.load(root / "data", publication(config, root))
        except DataError as err:
            raise PluginError(f"data/ has problems, so nothing was built:\n{err}") from None
        corpus = self.build.site.corpus
        log.info(
            f"Loaded and checked data/: {len(corpus.explainers)} explainers, {len(corpus.sources)} sources "
            f"in {time.perf_counter() - start:.2f} s"
        )
        if not self.dirty:  # a dirty build updates the site in place
            self.staging = Staging(Path(config.site_dir))
            config.site_dir = str(self.staging.begin())
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Every page and file the engine makes (publish/outputs.py), made now, out of the navigation.
        MkDocs themes pages in the order of its files: the explainer pages go last, so that their
        late parts are ready when the theme reaches them (on_env)."""
        assert self.build is not None
        start, made = time.perf_counter(), self.build.pages
        log.debug(f"Made {len(made)} pages in {time.perf_counter() - start:.2f} s")
        for spec in sorted(self.build.plan.pages, key=lambda spec: spec.kind == "explainer"):
            file = File.generated(config, spec.file, content="", inclusion=InclusionLevel.NOT_IN_NAV)
            files.append(file)
            EnginePage(file, config, spec, made[spec.file])
        # The files' content is made while MkDocs reads every page, and given to them in on_env.
        self.files = [File.generated(config, spec.path, content="") for spec in self.build.plan.files]
        for file in self.files:
            files.append(file)
        self.build.file_work  # noqa: B018 - starts the work
        return files

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        """Every page has its content; MkDocs copies the files and themes the pages next. Give the
        files their content, and start the late parts, to be made while the theme works."""
        assert self.build is not None
        start, made = time.perf_counter(), self.build.file_work.files()
        log.debug(f"Waited {time.perf_counter() - start:.2f} s for the files")
        for file in self.files:
            file.content_string = made[file.src_uri]
        self.build.late_work  # noqa: B018 - starts the work
        # What MkDocs and the engine hold now stays to the end of the build: spare the garbage
        # collector from scanning it again and again while the theme renders 11,000 pages.
        gc.freeze()
        return env

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """What the engine adds to each themed page: its <head> lines (the feed; JSON-LD), an
        explainer's late part (publish/outputs.py), and the templates' indentation dropped
        (render/whitespace.py)."""
        assert self.build is not None
        if isinstance(page, EnginePage):
            output = output.replace("</head>", page.out.head + "</head>", 1)
            output = fill(output, self.build.late_work.page(page.file.src_uri))
        else:
            output = output.replace("</head>", page_head(self.build.pub, root_of(page.url)) + "</head>", 1)
        return drop_indentation(output)

    def on_post_build(self, config: MkDocsConfig) -> None:
        """Add the engine's search entries to the index the theme's search plugin wrote, then put
        the build in place of the published site, unless a strict build had warnings."""
        assert self.build is not None
        path = Path(config.site_dir) / SEARCH_INDEX
        start = time.perf_counter()
        entries = self.build.late_work.search_entries()
        log.debug(f"Waited {time.perf_counter() - start:.2f} s for the late parts at the end of the theme")
        if path.is_file():
            index = json.loads(path.read_text(encoding="utf-8"))
            path.write_text(_with_entries(index, entries), encoding="utf-8")
        if self.staging is not None and not (config.strict and self.warnings.count):
            self.staging.publish()
            config.site_dir = str(self.staging.final)
            log.info(f"Published the build to {self.staging.final}")
            self.staging = None
        self._end()

    def on_build_error(self, *, error: Exception) -> None:
        self._end()

    def on_shutdown(self) -> None:
        self._end()

    def _end(self) -> None:
        """Drop a staged build that was not published, and what the build held."""
        if self.staging is not None:
            self.staging.discard()
            self.staging = None
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        if self.build is not None:
            self.build.cancel()


def _with_entries(index: dict[str, Any], entries_json: str) -> str:
    """Material's search index as JSON, with the engine's entries (JSON array items) after its own."""
    rest = {key: value for key, value in index.items() if key != "docs"}
    own = json.dumps(index.get("docs", []), ensure_ascii=False, separators=(",", ":"))[1:-1]
    docs = ",".join(filter(None, [own, entries_json]))
    head = json.dumps(rest, ensure_ascii=False, separators=(",", ":"))[:-1]
    return f'{head}{"," if rest else ""}"docs":[{docs}]}}'
