"""Running one function over many items on every core, results in the items' order.

Workers are forked, so they start with the caller's memory: the function (a closure is
fine), the items and whatever they reach (compiled templates, the timeline) are not
pickled; only each item's result travels back. Forking is safe only while the process has
one thread, so a process with others (the preview's server) runs everything in place, as
does a machine without `fork` or with one core, and any batch too small to pay for starting
the workers.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 200  # below this, starting worker processes costs more than it saves
_CHUNKS_PER_WORKER = 16  # small chunks even out the work and keep each batch of results
# small in the workers (at 10,000 events: 40 MB less at the peak); each costs a round trip

# The job of the pool being run: set just before the workers fork, which inherit it.
_job: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def workers() -> int:
    """How many processes a batch may use here and now: 1 means in place."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1
    return cores or 1


def parallel_map(
    function: Callable[[T], R], items: Sequence[T], work: int | None = None
) -> Iterator[R]:
    """`map(function, items)`, shared out over the cores when that pays: when there are
    MIN_ITEMS items, or `work` says the items hold that many (files in groups of files).

    Like `map`, an iterator: each result comes as soon as it and those before it are done,
    so the caller works on the first results (decoding, storing) while the workers make the
    next ones. Make a list of it where the results are needed more than once.
    """
    count = workers()
    if count == 1 or (len(items) if work is None else work) < MIN_ITEMS:
        return map(function, items)
    return _in_workers(function, items, count)


def _in_workers(function: Callable[[T], R], items: Sequence[T], count: int) -> Iterator[R]:
    global _job
    assert _job is None, "one pool at a time: finish the last one's results first"
    _job = (function, items)
    size = -(-len(items) // (count * _CHUNKS_PER_WORKER))
    bounds = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    # Objects that exist before the fork are left out of the workers' garbage collection,
    # which would otherwise touch, and so copy, every page of memory they inherit.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
            for chunk in pool.map(_run_chunk, bounds):
                yield from chunk
    finally:
        gc.unfreeze()
        _job = None


def _run_chunk(bounds: tuple[int, int]) -> list[Any]:
    assert _job is not None, "runs only in a worker forked by parallel_map"
    function, items = _job
    return [function(item) for item in items[bounds[0] : bounds[1]]]
