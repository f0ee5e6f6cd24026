"""The worker processes that run beside a build, and how they start.

MkDocs renders pages one at a time on one core. The engine's other large jobs (formatting the
"Cite this" citations, writing source pages and downloads) run meanwhile in up to two worker
processes, shared by those jobs.

How they start matters at scale. Where the build process has a single thread (`mkdocs build`),
the workers are forked once data/ is loaded: they start at once and inherit the loaded corpus, so
nothing is read or checked twice. Elsewhere they are spawned and load what they need themselves:
`mkdocs serve` runs a server thread, and forking a process with other threads can deadlock it; some
platforms have no fork. Both start all their processes before the pool's own helper thread starts,
so one pool serves every job of the build.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor

MAX_WORKERS = 2


def can_fork() -> bool:
    """True where forking is safe: the platform has fork and this process runs a single thread."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


class Workers:
    """The build's worker processes, started on the first job and stopped with the build."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self.forked = False

    def start(self) -> None:
        """Start the processes now. Forked ones copy this process as it is at this moment, so the
        caller chooses a moment when the build's data is complete (Site.start_background_work)."""
        if self._pool is None:
            self.submit(os.getpid)

    def will_fork(self) -> bool:
        """Whether the processes are (or, once a job is submitted, will be) forked."""
        return self.forked if self._pool is not None else can_fork()

    def submit(self, fn, /, *args) -> Future:
        if self._pool is None:
            self.forked = can_fork()
            context = multiprocessing.get_context("fork" if self.forked else "spawn")
            self._pool = ProcessPoolExecutor(max_workers=MAX_WORKERS, mp_context=context)
        return self._pool.submit(fn, *args)

    def shutdown(self, cancel: bool = False) -> None:
        """Wait for the running jobs, then stop; `cancel` drops jobs not yet started (a failed build)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=cancel)
            self._pool = None
