"""The same function mapped over parts of a list, on every core where that is safe.

A build makes tens of thousands of outputs, each a pure function of the loaded corpus. Where the
process may fork (the platform has fork and the process runs one thread, as `mkdocs build` does),
the list is split into one part per core, taken in turn (every n-th item, so that each part has
a like mix of large and small items); forked children make all parts but the first, which this
process makes meanwhile, and send their results back in order. Elsewhere (a server thread is
running, as under `mkdocs serve`; no fork) this process makes every part itself. The result is
the same list either way: tests compare the two.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any, TypeVar

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


def _child(fn: Callable[..., list[Any]], args: tuple[Any, ...], part: list[Any], conn: Connection) -> None:
    try:
        result: tuple[str, Any] = ("ok", fn(*args, part))
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises it there
        result = ("error", traceback.format_exc())
    try:
        conn.send(result)
    except OSError:  # the parent stopped listening: it failed, and reports its own error
        pass
    finally:
        conn.close()


class PartFailed(RuntimeError):
    """A forked part failed; the message holds its traceback."""


def map_parts(
    fn: Callable[..., list[R]], args: tuple[Any, ...], items: Sequence[T], workers: int | None = None
) -> list[R]:
    """`fn(*args, part)` for parts of `items`, joined back in the order of `items`.

    `fn` maps a list of items to a list of results, one each, and must not depend on which
    process runs it. `workers`: how many processes at most (default: one per core).
    """
    count = min(workers or cores(), len(items)) if can_fork() else 1
    if count <= 1:
        return fn(*args, list(items))
    parts = [list(items[k::count]) for k in range(count)]
    context = multiprocessing.get_context("fork")
    children = []
    for part in parts[1:]:
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(fn, args, part, send), daemon=True)
        process.start()
        send.close()
        children.append((process, receive))
    try:
        results = [fn(*args, parts[0])]
        for process, receive in children:
            try:
                status, value = receive.recv()
            except EOFError:
                raise PartFailed(f"a worker process ended without a result (exit code {process.exitcode})") from None
            if status != "ok":
                raise PartFailed(f"a worker process failed:\n{value}")
            results.append(value)
    finally:
        for process, receive in children:
            receive.close()
            process.join()
    out: list[R] = [None] * len(items)  # type: ignore[list-item]
    for k, result in enumerate(results):
        out[k::count] = result
    return out
