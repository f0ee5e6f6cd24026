"""One build of the engine's part of a site: the checked corpus, the publication, and the plan of
every page and file the engine adds (outputs.py).

A build is whole by default (`mkdocs build`). Given what the last good build made (`Made`, kept
under `mkdocs serve`), it makes again only the outputs that read data that changed since
(`reads`, `changed_keys`), or every output when the publication changed, and says which of those
differ from what was made last time (`rewrite`): the adapter themes and writes only those, and
keeps the last build's output of the rest, which is what a whole build would write again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from markupsafe import Markup

from ..domain import addresses
from ..domain.publication import Publication
from ..domain.site import Key, Site, changed_keys
from ..formats import bibliography_index, search_entries
from ..load.corpus import Loader
from ..render.renderer import Renderer
from .outputs import (
    FileSpec,
    FileWork,
    LateOut,
    LateWork,
    Memo,
    PageOut,
    PageSpec,
    Plan,
    Producer,
    output_id,
    plan,
    produce_pages,
    reads,
)


@dataclass(frozen=True)
class Made:
    """Everything one build made, by output id (outputs.output_id), and what each read: kept by
    the adapter under `mkdocs serve` for the next build to start from. Holds no earlier Made."""

    site: Site  # its corpus, and what was derived from it (the next build's Site takes what it can)
    pub: Publication
    specs: dict[str, PageSpec | FileSpec]
    reads: dict[str, frozenset[Key] | None]
    pages: dict[str, PageOut]
    late: dict[str, LateOut]  # explainer pages only
    files: dict[str, str]
    search: search_entries.Groups
    memo: Memo  # what the build's producers made once for many outputs (kept for the next build)
    lists: dict[str, tuple[object, Markup]] = field(default_factory=dict)  # Renderer.lists of the page macros


@dataclass(frozen=True)
class Update:
    """What a build made starting from the last one: every output (made again, or the last one
    where nothing it reads changed), and the outputs that differ from the last build's."""

    pages: dict[str, PageOut]
    late: dict[str, LateOut]
    files: dict[str, str]
    search: search_entries.Groups
    rewrite: frozenset[str]  # output ids made and different, or new
    removed: tuple[str, ...]  # output ids of the last build that this one has not
    remade: int  # how many outputs were made again (for the log)
    memo: Memo


# The kinds of data whose change leaves what each output reads as it was, for the outputs that
# read none of the changed data, but the pages of sources a changed explainer cites (Build.reads).
_KEEP_READS = frozenset({"source", "publisher", "affiliation", "explainer", "*"})


@dataclass(frozen=True)
class Build:
    site: Site
    pub: Publication
    previous: Made | None = field(default=None, compare=False, repr=False)
    keep: bool = field(default=False, compare=False)  # a later build starts from this one's `made()`

    @classmethod
    def load(
        cls,
        data_dir: Path | str,
        pub: Publication,
        *,
        loader: Loader | None = None,
        previous: Made | None = None,
        keep: bool = False,
    ) -> Build:
        """Load and check data/ (raises DataError with every problem). `loader`: the one that
        loaded this folder last time (it re-reads only the files that changed); `previous`: what
        the last good build made, to make again only what the changes touch; `keep`: a later
        build will start from this one (`mkdocs serve`), so keep what it makes once for many."""
        loader = loader or Loader(data_dir)
        corpus = loader.load(freeze=previous is None)
        site = Site(corpus, previous.site if previous else None, loader.relays(corpus), keep=keep)
        return cls(site, pub, previous, keep)

    @cached_property
    def plan(self) -> Plan:
        """What this build makes; an explainer's or source's page spec is the last build's where
        its page read nothing that changed (the spec is made from what the page reads)."""
        prev, changed = self.previous, self.changed
        if prev is None or changed is None or any(kind not in _KEEP_READS for kind, _ in changed):
            return plan(self.site)
        return plan(self.site, lambda oid: prev.specs.get(oid) if self._kept_reads(oid) is not None else None)

    def _kept_reads(self, oid: str) -> frozenset[Key] | None:
        """What the output read in the previous build, where none of it changed (else None)."""
        assert self.previous is not None and self.changed is not None
        old = self.previous.reads.get(oid)
        return old if old is not None and old.isdisjoint(self.changed) else None

    @cached_property
    def specs(self) -> dict[str, PageSpec | FileSpec]:
        specs: list[PageSpec | FileSpec] = [*self.plan.pages, *self.plan.files]
        return {output_id(spec): spec for spec in specs}

    @cached_property
    def changed(self) -> set[Key] | None:
        """The data that changed since the previous build (site.changed_keys), with ("*", kind) for
        each kind changed; None when everything must be made again (no previous build, or another
        Publication)."""
        prev = self.previous
        if prev is None or prev.pub != self.pub:
            return None
        changed = changed_keys(prev.site.corpus, self.site.corpus)
        return changed | {("*", kind) for kind, _ in changed}

    @cached_property
    def reads(self) -> dict[str, frozenset[Key] | None]:
        """What each output reads of the data (outputs.reads). What an output reads is itself made
        from the data it reads, and from which explainers cite what (a source page reads the
        explainers citing it) and how explainers are listed (their cards and topics). So when a
        save changed no card and no topic, an output of the last build that reads none of the
        changed data reads what it read then, except the page of a source a changed explainer
        cites, or cited."""
        prev, changed = self.previous, self.changed
        if prev is None or changed is None or any(kind not in _KEEP_READS for kind, _ in changed):
            return {oid: reads(self.site, spec) for oid, spec in self.specs.items()}
        recheck: set[str] = set()
        for kind, key in changed:
            if kind == "explainer":
                before = prev.reads.get(addresses.page_file(addresses.explainer(key))) or frozenset()
                explainer = self.site.corpus.explainers.get(key)
                now = self.site.explainer_reads(explainer) if explainer else frozenset()
                recheck |= {addresses.page_file(addresses.source(s)) for k, s in before | now if k == "source"}
        out: dict[str, frozenset[Key] | None] = {}
        same = self.same_specs
        for oid, spec in self.specs.items():
            old = self._kept_reads(oid)
            kept = old is not None and oid in same and oid not in recheck
            out[oid] = old if kept else reads(self.site, spec)
        return out

    @cached_property
    def same_specs(self) -> frozenset[str]:
        """The outputs whose spec is the previous build's (none without a previous build)."""
        prev = self.previous
        if prev is None:
            return frozenset()
        old = prev.specs
        return frozenset(oid for oid, spec in self.specs.items() if (was := old.get(oid)) is spec or was == spec)

    @cached_property
    def touched(self) -> frozenset[str]:
        """The outputs to make again: new ones, those whose spec changed, and those that read, or
        read last time, data that changed (all of them when `changed` is None)."""
        prev, changed = self.previous, self.changed
        if prev is None or changed is None:
            return frozenset(self.specs)
        same, now = self.same_specs, self.reads

        def touched(oid: str) -> bool:
            if oid not in same:
                return True
            if not changed:
                return False
            new, old = now[oid], prev.reads[oid]
            if new is None or old is None or not old.isdisjoint(changed):
                return True
            return new is not old and not new.isdisjoint(changed)

        return frozenset(oid for oid in self.specs if touched(oid))

    @cached_property
    def renderer(self) -> Renderer:
        """For the fragments of hand-written pages (page macros); a long list is the last
        build's where it shows the same (Renderer.lists)."""
        renderer = Renderer(self.site, self.pub)
        if self.previous is not None:
            renderer.reuse_lists(self.previous.lists)
        return renderer

    @cached_property
    def update(self) -> Update | None:
        """What changed since the previous build (None for a whole build)."""
        prev = self.previous
        if prev is None:
            return None
        everything = self.changed is None
        changed = self.changed or set()  # with ("*", kind): what reads every key of a kind
        touched = self.touched
        producer = Producer(self.site, self.pub, keep=True)
        if not everything:  # a source's or explainer's parts read what its page reads, and less
            unchanged = {spec.key for spec in self.plan.pages if spec.kind == "source" and spec.file not in touched}
            pages_of = {addresses.page_file(addresses.explainer(e)): e for e in self.site.corpus.explainers}
            same = {e for page, e in pages_of.items() if page in self.specs and page not in touched}
            producer.reuse(prev.memo, unchanged, same)
        if self.specs.keys() == prev.specs.keys():  # the same outputs (most saves)
            pages, late, files = dict(prev.pages), dict(prev.late), dict(prev.files)
        else:
            pages = {oid: out for oid, out in prev.pages.items() if oid in self.specs}
            late = {oid: out for oid, out in prev.late.items() if oid in self.specs}
            files = {oid: out for oid, out in prev.files.items() if oid in self.specs}
        rewrite, remade = set(), 0
        for oid, spec in self.specs.items():
            if oid not in touched:
                continue
            remade += 1
            if isinstance(spec, PageSpec):
                page = producer.page(spec)
                part = producer.late(spec) if spec.kind == "explainer" else LateOut()
                assert isinstance(part, LateOut)
                if oid not in self.same_specs or prev.pages.get(oid) != page or prev.late.get(oid, LateOut()) != part:
                    rewrite.add(oid)
                pages[oid] = page
                if spec.kind == "explainer":
                    late[oid] = part
            else:
                content = producer.file(spec)
                if prev.files.get(oid) != content:
                    rewrite.add(oid)
                files[oid] = content
        search = prev.search
        if everything or changed:  # the entries of explainers and sources whose data changed made again
            kept = {} if everything else prev.search
            search = producer.search(
                {key: group for key, group in kept.items() if search_entries.reads(self.site, key).isdisjoint(changed)}
            )
        removed = tuple(oid for oid in prev.specs if oid not in self.specs)
        return Update(pages, late, files, search, frozenset(rewrite), removed, remade, producer.memo())

    @cached_property
    def pages(self) -> dict[str, PageOut]:
        """Every page of the plan, made on every core where that is safe (outputs.py)."""
        if self.update is not None:
            return self.update.pages
        return self._whole_pages[0]

    @cached_property
    def _whole_pages(self) -> tuple[dict[str, PageOut], Memo]:
        """A whole build's pages, and (when `keep`) what their producers made once for many."""
        return produce_pages(self.site, self.pub, self.plan, memo=self.keep)

    @cached_property
    def file_work(self) -> FileWork:
        """Every file of the plan (outputs.py), made in the background from the first time this is
        asked for: the adapter asks once the pages are made, and takes them before MkDocs copies files."""
        return FileWork(self.site, self.pub, self.plan, memo=self.keep)

    @cached_property
    def late_work(self) -> LateWork:
        """What goes into the themed pages afterwards (outputs.py), made in the background from
        the first time this is asked for: the adapter asks when the theme starts."""
        return LateWork(self.site, self.pub, self.plan, memo=self.keep)

    def start_files(self) -> None:
        """Start making the files (in the background where that is safe)."""
        if self.update is None:
            self.file_work  # noqa: B018 - starts the work

    def files(self) -> dict[str, str]:
        """Every file's content, by path."""
        return self.update.files if self.update is not None else self.file_work.files()

    def start_late(self) -> None:
        """Start making the late parts (in the background where that is safe)."""
        if self.update is None:
            self.late_work  # noqa: B018 - starts the work

    def late(self, page_file: str) -> LateOut:
        """The late part of the page made from `page_file`."""
        if self.update is not None:
            return self.update.late.get(page_file, LateOut())
        return self.late_work.page(page_file)

    def search_entries(self) -> search_entries.Groups:
        """The engine's search entries, by explainer and source (outputs.py)."""
        return self.update.search if self.update is not None else self.late_work.search_entries()

    def made(self) -> Made:
        """What this build made, for the next one to start from (after the theme is done)."""
        late = {s.file: self.late(s.file) for s in self.plan.pages if s.kind == "explainer"}
        return Made(
            self.site,
            self.pub,
            self.specs,
            self.reads,
            self.pages,
            late,
            self.files(),
            self.search_entries(),
            self.update.memo
            if self.update is not None
            else Memo.joined([self._whole_pages[1], self.file_work.memo(), self.late_work.memo()]),
            self.renderer.lists() if "renderer" in vars(self) else {},
        )

    @cached_property
    def bibliography_index_version(self) -> str:
        """A digest of the bibliography's index, so a browser never pairs a page with an older index."""
        if self.update is not None:
            files = self.update.files
            return bibliography_index.version(
                {path: files[path] for path in bibliography_index.paths(len(self.site.corpus.sources))}
            )
        return bibliography_index.version(bibliography_index.build_index(self.site).files)

    def cancel(self) -> None:
        """Stop the work still running in the background (a build that ended early)."""
        for name in ("file_work", "late_work"):
            if name in vars(self):
                vars(self)[name].cancel()
