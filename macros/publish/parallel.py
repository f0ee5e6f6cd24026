"""The same function mapped over parts of a list, on every core where that is safe.

A build makes tens of thousands of outputs, each a pure function of the loaded corpus. Where the
process may fork (the platform has fork and the process runs one thread, as `mkdocs build` does),
the list is split into one part per core, taken in turn (every n-th item, so that each part has
a like mix of large and small items); forked children make all parts but the first, which this
process makes meanwhile. A child writes each result to an unnamed temporary file as soon as it is
made (so it holds one at a time) and this process reads them back in order once its own part is
done. Elsewhere (a server thread is running, as under `mkdocs serve`; no fork) this process makes
every part itself. The result is the same list either way: tests compare the two.

`Background` does the same with one child that makes every item while this process does other
work (the theme's), read back when first asked for.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import tempfile
import threading
import traceback
from collections.abc import Callable, Sequence
from typing import IO, Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """True where forking is safe: the platform has fork and this process runs a single thread."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


class PartFailed(RuntimeError):
    """A forked part failed; the message holds its traceback."""


def _child(
    make: Callable[..., Callable[[T], R]],
    args: tuple[Any, ...],
    part: list[T],
    out: IO[bytes],
    finish: Callable[[Callable[[T], R]], Any] | None = None,
) -> None:
    try:
        function = make(*args)
        for item in part:
            pickle.dump((True, function(item)), out, protocol=pickle.HIGHEST_PROTOCOL)
        if finish is not None:
            pickle.dump((True, finish(function)), out, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises it there
        pickle.dump((False, traceback.format_exc()), out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


def _read(out: IO[bytes], expected: int, process: Any) -> list[Any]:
    """The results a child wrote to `out`, once it has ended."""
    out.seek(0)
    made: list[Any] = []
    while len(made) < expected:
        try:
            ok, value = pickle.load(out)
        except EOFError:
            raise PartFailed(f"a worker process ended early (exit code {process.exitcode})") from None
        if not ok:
            raise PartFailed(f"a worker process failed:\n{value}")
        made.append(value)
    return made


def map_parts(
    make: Callable[..., Callable[[T], R]], args: tuple[Any, ...], items: Sequence[T], workers: int | None = None
) -> list[R]:
    """`make(*args)(item)` for every item, in the order of `items`.

    `make(*args)` is called once in each process that makes a part; the function it returns may
    keep what it has made for later items (a memo), but its results must not depend on which
    process runs it or on the order. `workers`: how many processes at most (default: one per core).
    """
    return map_parts_finished(make, args, items, workers)[0]


def map_parts_finished(
    make: Callable[..., Callable[[T], R]],
    args: tuple[Any, ...],
    items: Sequence[T],
    workers: int | None = None,
    finish: Callable[[Callable[[T], R]], Any] | None = None,
) -> tuple[list[R], list[Any]]:
    """As `map_parts`, and, with `finish`, what `finish(function)` returned in each process once
    its part was made (what the function kept, say, for a later build to start from)."""
    count = min(workers or cores(), len(items)) if can_fork() else 1
    if count <= 1:
        function = make(*args)
        return [function(item) for item in items], ([finish(function)] if finish else [])
    parts = [list(items[k::count]) for k in range(count)]
    context = multiprocessing.get_context("fork")
    children = []
    extra = 1 if finish else 0
    for part in parts[1:]:
        out = tempfile.TemporaryFile()  # unnamed: gone when closed, whatever happens to the child
        process = context.Process(target=_child, args=(make, args, part, out, finish), daemon=True)
        process.start()
        children.append((process, out, len(part)))
    finished: list[Any] = []
    try:
        function = make(*args)
        results = [[function(item) for item in parts[0]]]
        if finish:
            finished.append(finish(function))
        for process, out, expected in children:
            process.join()
            made = _read(out, expected + extra, process)
            results.append(made[:expected])
            finished += made[expected:]
    finally:
        for process, out, _ in children:
            if process.is_alive():
                process.terminate()
            process.join()
            out.close()
    joined: list[R] = [None] * len(items)  # type: ignore[list-item]
    for k, result in enumerate(results):
        joined[k::count] = result
    return joined, finished


class Background:
    """`make(*args)(item)` for every item, made by one forked child while this process does other
    work (where forking is safe), or here when the results are first asked for. Same results.
    `finish(function)`, if given, is called once every item is made, and its result kept
    (`finished`): what the function kept for later items, say, for a later build to start from."""

    def __init__(
        self,
        make: Callable[..., Callable[[T], Any]],
        args: tuple[Any, ...],
        items: Sequence[T],
        start: bool = True,
        finish: Callable[[Callable[[T], Any]], Any] | None = None,
    ):
        self._make, self._args, self._items, self._finish = make, args, list(items), finish
        self._child: tuple[Any, IO[bytes]] | None = None
        self._results: list[Any] | None = None
        self._finished: Any = None
        if start and can_fork() and self._items:
            out = tempfile.TemporaryFile()
            process = multiprocessing.get_context("fork").Process(
                target=_child, args=(make, args, self._items, out, finish), daemon=True
            )
            process.start()
            self._child = (process, out)

    def results(self) -> list[Any]:
        """Every result, in the order of the items (waiting for the child, if one is making them)."""
        if self._results is None:
            if self._child is None:
                function = self._make(*self._args)
                self._results = [function(item) for item in self._items]
                if self._finish is not None:
                    self._finished = self._finish(function)
            else:
                process, out = self._child
                try:
                    process.join()
                    made = _read(out, len(self._items) + (self._finish is not None), process)
                    self._results = made[: len(self._items)]
                    if self._finish is not None:
                        self._finished = made[-1]
                finally:
                    self.cancel()
        return self._results

    def finished(self) -> Any:
        """What `finish` returned (None without one), once every result is made."""
        self.results()
        return self._finished

    def cancel(self) -> None:
        """Stop the child, if there is one, and drop what it wrote."""
        if self._child is not None:
            process, out = self._child
            if process.is_alive():
                process.terminate()
            process.join()
            out.close()
            self._child = None
