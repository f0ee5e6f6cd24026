"""Explainer pages, the full bibliography and the search entries, worked out ahead of the build by
the worker processes.

MkDocs asks for each page's content in turn, on one core; at a thousand explainers the engine's
part of that was about a fifth of a build. Where the workers are forked (workers.py), they already
hold the build's Site, so they render the explainer pages in chunks, from the last, while the build
loads the other pages. When the build reaches an explainer whose chunk no worker has started, it
renders that chunk itself; one a worker is rendering, it waits for.
Either way a page is `Site.explainer_page(..., defer_citations=True)`, byte for byte.
"""
from __future__ import annotations

from concurrent.futures import Future

from . import current, search_entries

FROM = 50  # explainers; below this the workers cost more than they save
CHUNK = 50


def _site(identity: str):
    site = current.of_build(identity)
    if site is None:
        raise RuntimeError("a worker without the build's data was asked to render its pages")
    return site


def render_chunk(identity: str, ids: list[str], root: str) -> dict[str, str]:
    """In a forked worker: the content of each explainer page in `ids`."""
    site = _site(identity)
    return {i: str(site.explainer_page(i, root, defer_citations=True)) for i in ids}


def render_all_sources(identity: str, root: str) -> str:
    """In a forked worker: the full bibliography for readers without JavaScript (megabytes of HTML)."""
    return str(_site(identity).bibliography_all(root))


def search_entries_json(identity: str) -> str:
    """In a forked worker: the engine's search entries as JSON (search_entries.py), which the build
    would otherwise work out at its very end, when the workers have nothing left to do."""
    return search_entries.entries_json(_site(identity))


class Prerendered:
    """The explainer pages of a build, rendered by the workers or, for chunks not started, here."""

    def __init__(self, site, workers, ids: list[str], root: str, all_sources_root: str):
        self._site, self._root = site, root
        self._all_sources_root = all_sources_root
        chunks = [ids[i:i + CHUNK] for i in range(0, len(ids), CHUNK)]
        self._chunk_of = {i: n for n, chunk in enumerate(chunks) for i in chunk}
        self._chunks = chunks
        # Submitted last chunk first: the workers work from the end while the build, asking from the
        # start, renders the chunks they have not reached (the pool hands a few jobs out early, so
        # a chunk taken in order would always be out of the build's reach).
        futures = {n: workers.submit(render_chunk, site.identity, chunks[n], root)
                   for n in reversed(range(len(chunks)))}
        self._futures: list[Future] = [futures[n] for n in range(len(chunks))]
        self._all_sources = workers.submit(render_all_sources, site.identity, all_sources_root)  # asked last
        self._search_entries = workers.submit(search_entries_json, site.identity)  # asked at the end
        self._done: dict[str, str] = {}

    def page(self, explainer_id: str, root: str) -> str:
        if root != self._root or explainer_id not in self._chunk_of:
            return str(self._site.explainer_page(explainer_id, root, defer_citations=True))
        if explainer_id not in self._done:
            n = self._chunk_of[explainer_id]
            if self._futures[n].cancel():  # no worker has started it: render it here
                self._done.update(render_chunk(self._site.identity, self._chunks[n], root))
            else:
                self._done.update(self._futures[n].result())
        return self._done.pop(explainer_id)

    def all_sources(self, root: str) -> str:
        """The full bibliography's content, as `Site.bibliography_all(root)`."""
        if root != self._all_sources_root or self._all_sources.cancel():
            return str(self._site.bibliography_all(root))
        return self._all_sources.result()

    def search_entries_json(self) -> str:
        """The engine's search entries, as `search_entries.entries_json(site)`."""
        if self._search_entries.cancel():
            return search_entries.entries_json(self._site)
        return self._search_entries.result()

    def cancel(self) -> None:
        self._all_sources.cancel()
        self._search_entries.cancel()
        for future in self._futures:
            future.cancel()
