"""One build of the engine's part of a site: the checked corpus, the publication, and the plan of
every page and file the engine adds (outputs.py)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..domain import addresses
from ..domain.publication import Publication
from ..domain.site import Site
from ..formats import bibliography_index
from ..load.corpus import load_corpus
from ..render.renderer import Renderer
from .outputs import LateWork, Outputs, Plan, plan, produce_all


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
    def outputs(self) -> Outputs:
        """Every page and file of the plan, made on every core where that is safe (outputs.py)."""
        return produce_all(self.site, self.pub, self.plan)

    @cached_property
    def late_work(self) -> LateWork:
        """What goes into the themed pages afterwards (outputs.py), made in the background from
        the first time this is asked for: the adapter asks when the theme starts."""
        return LateWork(self.site, self.pub, self.plan)

    @cached_property
    def bibliography_index_version(self) -> str:
        """A digest of the bibliography's index, so a browser never pairs a page with an older index."""
        return bibliography_index.version(self.outputs.files[addresses.BIBLIOGRAPHY_INDEX])
