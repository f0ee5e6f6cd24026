"""Source pages and per-explainer downloads: files no page links to by Markdown, so they can be
written beside the build instead of by it.

At 10,000 sources these are 13,000 files and about a quarter of the main process's work. MkDocs
renders pages on one core; a large site therefore writes these files in the worker processes
(workers.py: forked with the loaded data, or spawned and loading data/ itself, from the same files,
in the same way) into a folder beside the site, in parts that both workers share, and the glue
moves them into the site after MkDocs has written everything else; a part no worker has started
by then the build writes itself. A small site writes them in-process, as static files MkDocs
copies. Either way the bytes are the same (tests/test_site.py compares them).
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from .export import DOWNLOADS, explainer_download_files, explainer_downloads, site_download_files
from .publication import Publication
from .shell import PageShell
from .workers import Workers

IN_BACKGROUND_FROM = 2000  # sources; below this a worker costs more than it saves
PARTS = 8  # jobs the source pages and per-explainer downloads are split into
FOLDERS = ("sources", f"{DOWNLOADS}/explainers")  # what the files live under, site-relative


def _source_page(source_id: str) -> str:
    return f"{FOLDERS[0]}/{source_id}/index.html"


def static_files(site, shell: PageShell, part: int = 0, parts: int = 1) -> dict[str, str]:
    """Site-relative path -> content of every source page and per-explainer download, or of
    one `part` of them out of `parts` (every `parts`-th source and explainer)."""
    files = {_source_page(source_id): site.source_document(source_id, shell)
             for source_id in list(site.corpus.sources)[part::parts]}
    files.update(explainer_download_files(site, list(site.corpus.explainers.values())[part::parts]))
    return files


@dataclass(frozen=True)
class Job:
    """Everything the worker needs to build the same Site as the build's (plain, picklable data)."""

    data_dir: str
    out: str
    shell: PageShell
    last_changed: dict
    today: dt.date
    edit_base: str | None
    publication: Publication
    site_identity: str = ""  # the build's Site.identity: a forked worker that has that Site uses it


_loaded: tuple[str, object] | None = None  # in a spawned worker: the Site it loaded, for its next job


def _site_for(job: Job):
    """A forked worker has the build's Site already; a spawned one loads data/ into an equal one."""
    global _loaded
    from . import current
    from .corpus import load_corpus
    from .render import Site
    site = current.of_build(job.site_identity)
    if site is not None:
        return site
    if _loaded is None or _loaded[0] != job.site_identity:
        _loaded = (job.site_identity, Site(load_corpus(job.data_dir), last_changed=job.last_changed, today=job.today,
                                           edit_base=job.edit_base, publication=job.publication))
    return _loaded[1]


def _write_all(out: str, files: dict[str, str]) -> int:
    for path, content in files.items():
        target = Path(out, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8"))  # as MkDocs writes them: no newline translation
    return len(files)


def write(job: Job, part: int, parts: int) -> int:
    """In a worker: write one part of the source pages and per-explainer downloads under `job.out`."""
    return _write_all(job.out, static_files(_site_for(job), job.shell, part, parts))


def write_site_downloads(job: Job) -> int:
    """In the worker: write the whole-site downloads under `job.out`, where MkDocs copies them from."""
    return _write_all(job.out, site_download_files(_site_for(job)))


def static_paths(site) -> set[str]:
    """The site-relative path of every file `static_files` writes, without rendering them."""
    paths = {_source_page(source_id) for source_id in site.corpus.sources}
    paths.update(path for explainer_id in site.corpus.explainers
                 for path in explainer_downloads(explainer_id).values())
    return paths


def drop_stale(out: str | os.PathLike, expected: set[str]) -> None:
    """Delete from `out`'s FOLDERS every entry (a source's folder, an explainer's download) that
    holds none of the `expected` paths: what a recycled folder has and data/ no longer has."""
    keep = {f"{folder}/{path[len(folder) + 1:].split('/')[0]}"
            for path in expected for folder in FOLDERS if path.startswith(f"{folder}/")}
    for folder in FOLDERS:
        if not Path(out, folder).is_dir():
            continue
        for entry in os.scandir(Path(out, folder)):
            if f"{folder}/{entry.name}" not in keep:
                shutil.rmtree(entry.path) if entry.is_dir(follow_symlinks=False) else os.unlink(entry.path)


class InBackground:
    """The workers writing a Job's files, and the move of its folders into the site."""

    def __init__(self, job: Job, workers: Workers, recycle: Path | None = None):
        """`recycle`: the last site's source pages and per-explainer downloads, to be rewritten in
        place rather than deleted and written anew (see spare_folders)."""
        shutil.rmtree(job.out, ignore_errors=True)
        if recycle is not None and recycle.is_dir():
            recycle.rename(job.out)
        self.job = job
        # The files MkDocs copies once it has read every page (site_downloads) first; the files
        # moved in at the end follow, in parts, when submit_parts is called.
        self._workers = workers
        self._downloads = workers.submit(write_site_downloads, job)
        self._parts: list[Future | None] = [None] * PARTS  # None: not handed to the workers

    def submit_parts(self) -> None:
        """Queue the source pages and per-explainer downloads, in parts that both workers share
        and that the build writes itself if no worker has started them when it finishes."""
        self._parts = [self._workers.submit(write, self.job, part, PARTS) for part in range(PARTS)]

    def site_download(self, path: str) -> str:
        """Where the worker writes a whole-site download (export.SITE_DOWNLOADS), for MkDocs to copy."""
        return str(Path(self.job.out, path).resolve())

    def site_downloads(self) -> int:
        """Wait until the whole-site downloads are written (before MkDocs copies static files)."""
        return self._downloads.result()

    def finish(self, site_dir: str | os.PathLike) -> int:
        """Wait for the workers, then move their folders into `site_dir` (replacing what is there)."""
        try:
            count = self.site_downloads()
            for part, future in enumerate(self._parts):  # a part no worker started is written here
                count += write(self.job, part, PARTS) if future is None or future.cancel() else future.result()
            drop_stale(self.job.out, static_paths(_site_for(self.job)))
            for folder in FOLDERS:
                source, target = Path(self.job.out, folder), Path(site_dir, folder)
                if not source.is_dir():
                    continue
                if target.exists():
                    shutil.rmtree(target)
                target.parent.mkdir(parents=True, exist_ok=True)
                source.rename(target)
            return count
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Drop the jobs, or wait for those that started to end, and remove what they wrote."""
        for future in (self._downloads, *self._parts):
            if future is not None and not future.cancel():
                try:
                    future.result()
                except Exception:  # noqa: BLE001 - the build already failed; its error is the one to report
                    pass
        shutil.rmtree(self.job.out, ignore_errors=True)


def spare_folders(old_site: Path, spare: Path) -> None:
    """Keep the replaced site's source pages and per-explainer downloads in `spare`, for the next
    build to rewrite in place (InBackground's `recycle`), and leave the rest of it to be deleted.

    Deleting 23,000 files and creating as many again made every build slower: the file system
    does work for each file created and deleted, and on ext4 without a journal (common on build
    machines) creating files soon after deleting many scans past each recently deleted one: a
    measured 40 % of a build's processor time at 10,000 sources. Rewriting a file in place keeps
    its inode. What data/ no longer has is deleted at the end of the next build (drop_stale).
    """
    for folder in FOLDERS:
        source = old_site / folder
        if source.is_dir():
            target = spare / folder
            target.parent.mkdir(parents=True, exist_ok=True)
            source.rename(target)
