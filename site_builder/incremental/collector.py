"""Python's cycle collector, kept from walking what a build makes.

A build makes hundreds of thousands of objects that live until it ends (every event as
parsed, every entry, page and kept part). The collector runs each time allocations
outnumber frees by a few hundred, and as the heap grows it walks all of it again and
again, finding almost nothing: an edit of one event among 10,000 spent a quarter of its
time there. A build makes few cycles while it runs (the peak memory of a cold build of
10,000 events is the same with the collector off), so the collector is paused for a
build and resumed after it, when what the build left in cycles is collected as usual.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off for the block; on again after it, if it was on before."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def paused_until_exit() -> None:
    """For a process that ends with its command: the collector stays off, and at exit what
    is left is kept out of the interpreter's last collection, which would walk every object
    the command made (a fifth of an edit's build at 10,000 events) before the system takes
    the memory back all the same."""
    gc.disable()
    atexit.register(gc.freeze)


def resumed_for_serving() -> None:
    """For a process that serves on after its first build: what exists now, which lives as
    long as the process (every event and page), is left out of the collections from now on,
    which would otherwise walk it at every rebuild; the collector is on again for the rest.
    Those objects are still freed when no longer used."""
    gc.freeze()
    gc.enable()
