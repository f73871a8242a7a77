"""The bounds on what one piece of content can make a build do, all in one place, so that no
content crashes or stalls a build: a body nested too deep, a body Python-Markdown takes
minutes over, a template loop that never ends, each becomes a problem line instead.

How deep a body nests is checked before it is converted (see markup.py). Time and memory
are checked while the work runs, by `within_limits`, which raises `LimitExceeded` inside the
`with` block that went past them, where its code was: in the main thread (a build from the
command line, and each forked worker) from a SIGALRM handler, four system calls a block; in
another thread (the preview's rebuilds), where signals cannot be used, from a watchdog thread.
There it waits for the thread's next line of Python: one long call into C (a regular
expression's search) runs to its end first, where in the main thread it is stopped too.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import AbstractContextManager, nullcontext
from types import FrameType

# Lists and quotes a body may nest: Python-Markdown recurses per level, and fails near 250.
MAX_BODY_NESTING = 100
# The time one body may take to convert: bodies convert at 0.3 to 3 MB/s (3 MB: 1 to 10 s).
BODY_SECONDS = 10.0
BODY_SECONDS_PER_MILLION = 20.0  # more for each million characters of the body
# The time one page's template may take to render; a page takes milliseconds.
PAGE_SECONDS = 60.0
# What one conversion or one page may add to the process's memory: a 3 MB body adds 160 MB;
# a template loop that writes as it goes adds 200 MB a second.
MAX_MEMORY_GROWTH = 1_000_000_000

CHECK_EVERY = 0.25  # seconds between two looks at a running block's time and memory


class LimitExceeded(Exception):
    """Raised inside a `within_limits` block that ran past its time or memory."""


class TimeLimitExceeded(LimitExceeded):
    pass


class MemoryLimitExceeded(LimitExceeded):
    pass


def body_seconds(text: str) -> float:
    """The time a body may take to convert: a long one takes longer."""
    return BODY_SECONDS + BODY_SECONDS_PER_MILLION * len(text) / 1_000_000


def exceeded(error: LimitExceeded, seconds: float) -> str:
    """What the block went past, for a message: `took more than 10 s`."""
    if isinstance(error, MemoryLimitExceeded):
        return f"took more than {MAX_MEMORY_GROWTH / 1_000_000:,.0f} MB of memory"
    return f"took more than {seconds:,.1f}".removesuffix(".0") + " s"


def within_limits(seconds: float) -> AbstractContextManager[None]:
    """A `with` block that may run `seconds` and add MAX_MEMORY_GROWTH to the process's memory;
    past either, a LimitExceeded is raised inside it. A block inside another adds no limit:
    the outer one bounds it."""
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        handler = signal.getsignal(signal.SIGALRM)
        if isinstance(handler, signal.Handlers):  # SIG_DFL or SIG_IGN: the alarm is free
            return _Alarm(seconds, handler)
        if isinstance(getattr(handler, "__self__", None), _Alarm):
            return nullcontext()
    if _WATCHDOG.watching(threading.get_ident()):
        return nullcontext()
    return _Watched(seconds)


class _Budget:
    """A block's time and memory: its deadline, and the memory it had when first looked at
    (a block that ends before that, nearly all of them, never reads it)."""

    def __init__(self, seconds: float) -> None:
        self._deadline = time.monotonic() + seconds
        self._baseline: int | None = None

    def overrun(self) -> type[LimitExceeded] | None:
        if time.monotonic() >= self._deadline:
            return TimeLimitExceeded
        resident = _resident_bytes()
        if resident is None:
            return None
        if self._baseline is None:
            self._baseline = resident
        return MemoryLimitExceeded if resident - self._baseline > MAX_MEMORY_GROWTH else None


class _Alarm:
    """A block's limits in the main thread: SIGALRM every CHECK_EVERY seconds, its handler
    raising in the code the block runs. The time counts from `within_limits`."""

    def __init__(self, seconds: float, previous: signal.Handlers) -> None:
        self._first_check = max(min(seconds, CHECK_EVERY), 0.001)
        self._budget = _Budget(seconds)
        self._previous = previous

    def __enter__(self) -> None:
        signal.signal(signal.SIGALRM, self._check)
        signal.setitimer(signal.ITIMER_REAL, self._first_check, CHECK_EVERY)

    def __exit__(self, *_: object) -> None:
        self._stop()

    def _stop(self) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self._previous)

    def _check(self, _signal: int, _frame: FrameType | None) -> None:
        overrun = self._budget.overrun()
        if overrun is not None:
            # Stopped before raising: should it be raised where __exit__ does not follow (in
            # __enter__, or in __exit__ before it stops the timer), nothing is left set.
            self._stop()
            raise overrun


class _Watchdog:
    """Raises in other threads past their limits: one thread that looks at them every
    CHECK_EVERY seconds, started by the first and gone soon after the last, so that it
    does not outlive the build (a process with a thread does not fork its workers)."""

    def __init__(self) -> None:
        self.forget()

    def forget(self) -> None:
        """Start afresh: in a forked child, which has none of its parent's threads."""
        self._changed = threading.Condition()
        self._budgets: dict[int, _Budget] = {}  # by thread
        self._running = False

    def watching(self, thread: int) -> bool:
        return thread in self._budgets  # only the thread itself adds its own

    def watch(self, thread: int, budget: _Budget) -> None:
        with self._changed:
            self._budgets[thread] = budget
            if not self._running:
                self._running = True
                threading.Thread(target=self._run, name="site-builder-limits", daemon=True).start()

    def release(self, thread: int) -> bool:
        """Stop watching `thread`; False when its limit was raised in it already."""
        with self._changed:
            return self._budgets.pop(thread, None) is not None

    def _run(self) -> None:
        idle = False
        with self._changed:
            while self._budgets or not idle:
                idle = not self._budgets
                self._changed.wait(CHECK_EVERY)
                for thread, budget in list(self._budgets.items()):
                    overrun = budget.overrun()
                    if overrun is not None:
                        del self._budgets[thread]
                        _raise_in(thread, overrun)
            self._running = False


_WATCHDOG = _Watchdog()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_WATCHDOG.forget)


class _Watched:
    """A block's limits in a thread other than the main one, kept by the watchdog."""

    def __init__(self, seconds: float) -> None:
        self._budget = _Budget(seconds)
        self._thread = threading.get_ident()

    def __enter__(self) -> None:
        _WATCHDOG.watch(self._thread, self._budget)

    def __exit__(self, *_: object) -> None:
        if not _WATCHDOG.release(self._thread):
            _raise_in(self._thread, None)  # raised as the block ended: not after it, then


def _raise_in(thread: int, error: type[LimitExceeded] | None) -> None:
    """Raise `error` in `thread` at its next line of Python; None takes back one not yet raised."""
    import ctypes  # only for the preview's threads: a build from the command line does without

    exception = None if error is None else ctypes.py_object(error)
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), exception)


_PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _resident_bytes() -> int | None:
    """The process's memory in use, where the system says (Linux); else None, and only time
    is limited."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE_BYTES
    except (OSError, IndexError, ValueError):
        return None
