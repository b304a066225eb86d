"""Work spread over forked processes under `-j`, for what Sphinx leaves to the main process after
its parallel read and write: the generated pages (html-collect-pages) and the exports (made while
Sphinx writes the documents, or by the one writer at build-finished). One rule for all (`pays`):
below `LEAST` items, or under -j 1, the work is done here, one item after the other; otherwise in
chunks of at most `CHUNK` items, a few per process, each chunk's results handed back in this
process as it ends, or all in one process started ahead (`started`)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from . import compat

Item = TypeVar("Item")
Result = TypeVar("Result")

#: Fewer items than this are done in the main process: forking costs more.
LEAST = 64
#: At most this many items per forked task: a task's results wait in memory until handed back.
CHUNK = 100


def pays(nproc: int, count: int) -> bool:
    """Whether work on `count` items is worth forking for: under -j, and at least `LEAST` of them."""
    return nproc > 1 and count >= LEAST


def started(func: Callable[[], Result]) -> Callable[[], Result]:
    """`func()` started now in one forked process, at the lowest priority: it takes the time of a
    core the others leave idle, never theirs. What this returns waits for its value."""

    here = os.getpid()

    def idle() -> Result:
        if os.getpid() != here:  # never this process, where forking is not available
            os.nice(19)
        return func()

    return compat.start_in_process(idle)


def each(
    nproc: int, func: Callable[[Item], Result], items: Sequence[Item], done: Callable[[int, Result], None]
) -> None:
    """`done(index, func(items[index]))` for every item, in this process; `func` runs in forked
    processes when that pays. `done` may see the items in any order."""
    if not pays(nproc, len(items)):
        for index, item in enumerate(items):
            done(index, func(item))
        return
    size = min(CHUNK, -(-len(items) // (nproc * 4)))  # a few chunks per process, so none waits for the last
    chunks = [range(start, min(start + size, len(items))) for start in range(0, len(items), size)]

    def run(chunk: range) -> list[Result]:
        return [func(items[index]) for index in chunk]

    def keep(chunk: range, results: list[Result]) -> None:
        for index, result in zip(chunk, results, strict=True):
            done(index, result)

    compat.run_in_processes(nproc, run, chunks, keep)


def in_order(
    nproc: int, func: Callable[[Item], Result], items: Sequence[Item], batch: int = 4 * CHUNK
) -> Iterator[Result]:
    """`func(item)` for every item, in the items' order, made as `each` makes them a batch at a
    time, so that no more than a batch of results waits in memory."""
    for start in range(0, len(items), batch):
        part = items[start : start + batch]
        found: dict[int, Result] = {}
        each(nproc, func, part, found.__setitem__)
        yield from (found[index] for index in range(len(part)))
