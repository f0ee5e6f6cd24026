"""One build of the engine's part of a site: the checked corpus, the publication, and the plan of
every page and file the engine adds (outputs.py)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..domain.publication import Publication
from ..domain.site import Site
from ..formats import bibliography_index
from ..load.corpus import load_corpus
from ..render.renderer import Renderer
from .outputs import FileWork, LateWork, PageOut, Plan, plan, produce_pages


@dataclass(frozen=True)
class Build:
    site: Site
    pub: Publication

    @classmethod
    def load(cls, data_dir: Path | str, pub: Publication) -> Build:
        """Load and check data/ (raises DataError with every problem)."""
        return cls(Site(load_corpus(data_dir)), pub)

    @cached_property
    def plan(self) -> Plan:
        return plan(self.site)

    @cached_property
    def renderer(self) -> Renderer:
        """For the fragments of hand-written pages (page macros)."""
        return Renderer(self.site, self.pub)

    @cached_property
    def pages(self) -> dict[str, PageOut]:
        """Every page of the plan, made on every core where that is safe (outputs.py)."""
        return produce_pages(self.site, self.pub, self.plan)

    @cached_property
    def file_work(self) -> FileWork:
        """Every file of the plan (outputs.py), made in the background from the first time this is
        asked for: the adapter asks once the pages are made, and takes them before MkDocs copies files."""
        return FileWork(self.site, self.pub, self.plan)

    @cached_property
    def late_work(self) -> LateWork:
        """What goes into the themed pages afterwards (outputs.py), made in the background from
        the first time this is asked for: the adapter asks when the theme starts."""
        return LateWork(self.site, self.pub, self.plan)

    @cached_property
    def bibliography_index_version(self) -> str:
        """A digest of the bibliography's index, so a browser never pairs a page with an older index."""
        return bibliography_index.version(bibliography_index.index_json(bibliography_index.build_index(self.site)))

    def cancel(self) -> None:
        """Stop the work still running in the background (a build that ended early)."""
        for name in ("file_work", "late_work"):
            if name in vars(self):
                vars(self)[name].cancel()
