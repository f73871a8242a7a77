"""Content that would crash or stall a build: dates at the ends of the calendar, bodies nested
too deep or too slow to convert, templates that never finish. Dates the validator accepts
build; the rest is refused with one line per problem, naming the file and the line, never a
traceback or a hang, and the previous output stays byte for byte as it was.

The limits are module constants in `site_builder.render.limits`. The tests that reach a time or
memory limit lower it in-process (forked workers inherit the patched module), so that each
takes a fraction of a second; each runs where builds run: in the main thread, in forked
workers, and in another thread, as the preview's rebuilds do.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import site_builder.incremental.parallel as parallel
import site_builder.render.limits as limits
import site_builder.render.site as render
from site_builder.build import BuildOptions, build
from site_builder.problems import SiteError

from conftest import Site, event_text, run_cli

pytestmark = pytest.mark.slow  # each test waits out a time or memory limit

M = "content/meetings/"
BODY = "The body, in **Markdown**.\n"  # the body of every `event_text`


@pytest.fixture
def built(site: Site) -> Site:
    """A site with one event and a good build: the output a failed build must leave alone."""
    site.event("jakarta", title="Talks in Jakarta")
    build(BuildOptions(root=site.root))
    return site


def with_body(body: str, **fields: str) -> str:
    return event_text(**fields).replace(BODY, body)


def body_line(path: Path) -> int:
    """The line of the file its body starts on: the one after the closing `---`."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return lines.index("---", 1) + 2


def refused_by_the_command_line(site: Site) -> list[str]:
    """`site-builder build` fails cleanly: exit status 1, one line per problem and a count,
    no traceback, quickly, and the previous output untouched. Returns the problems' lines."""
    before = site.snapshot()
    started = time.monotonic()
    run = run_cli(site.root, "build")
    assert time.monotonic() - started < 10
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr, run.stderr
    *problems, count = run.stderr.splitlines()
    plural = "" if len(problems) == 1 else "s"
    assert count == f"{len(problems)} problem{plural}; nothing was written."
    assert site.snapshot() == before
    return problems


# Dates ---------------------------------------------------------------------------------------


def test_the_first_and_last_days_the_validator_accepts_build(site: Site) -> None:
    """9999-12-30 made the time axis ask for 1 January 10000: `year 10000 is out of range`."""
    site.event("first", title="The first", date="0001-01-01", end_date="0001-01-02")
    site.event("middle", title="The middle", date="5000-06-15")
    site.event("last", title="The last", date="9999-12-29", end_date="9999-12-30")
    run = run_cli(site.root, "build")
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert site.html("meetings/first/index.html").h1.get_text() == "The first"
    assert site.html("meetings/last/index.html").h1.get_text() == "The last"
    calendar = (site.build_dir / "calendar.ics").read_text(encoding="utf-8")
    assert "DTEND;VALUE=DATE:99991231" in calendar, "an all-day event ends the day after"
    marks = site.html("index.html").select("svg a .axis-mark")
    assert len(marks) == 3, "a mark per event on the time axis"


# Bodies --------------------------------------------------------------------------------------


def nested_list(depth: int) -> str:
    """A list `depth` levels deep, a level per 4 spaces of indentation."""
    return "".join("    " * level + "- item\n" for level in range(depth))


def test_a_list_nested_500_deep_is_refused_at_the_line_where_it_goes_too_deep(
    built: Site,
) -> None:
    """It took Python-Markdown 6 s to fail with a RecursionError and a traceback."""
    limit = limits.MAX_BODY_NESTING
    built.write(M + "deep.md", with_body(nested_list(limit), title="As deep as allowed"))
    run = run_cli(built.root, "build")
    assert run.returncode == 0, run.stderr
    path = built.write(M + "deep.md", with_body(nested_list(500), title="Too deep"))
    assert refused_by_the_command_line(built) == [
        f"content/meetings/deep.md:{body_line(path) + limit}: body: lists and quotes nested "
        f"more than {limit} deep; no text needs more than a few levels"
    ]


@pytest.fixture(params=["main thread", "forked workers", "another thread"])
def failed_build(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Callable[[Site], list[str]]:
    """Builds a site in-process where the test says, expecting it to fail: the problems'
    lines, once the previous output is checked to be untouched."""
    where = request.param
    pools: list[int] = []
    if where == "forked workers":
        monkeypatch.setattr(parallel, "MIN_ITEMS", 1)  # a few events are shared out too,
        monkeypatch.setattr(render, "MIN_ITEMS", 1)  # with their cards
        assert wait_until(lambda: threading.active_count() == 1), "a thread was left running"
        if parallel.workers() == 1:
            pytest.skip("forking needs two cores")
        in_workers = parallel._in_workers

        def counted(*job: Any) -> Iterator[Any]:
            pools.append(1)
            return in_workers(*job)

        monkeypatch.setattr(parallel, "_in_workers", counted)

    def problems(site: Site) -> list[str]:
        before = site.snapshot()
        if where == "another thread":
            with ThreadPoolExecutor(max_workers=1) as pool:
                error = pool.submit(build_error, site.root).result()
        else:
            # The watchdog of an earlier test in another thread ends soon after its last use.
            assert wait_until(lambda: threading.active_count() == 1), "a thread was left running"
            error = build_error(site.root)
            assert threading.active_count() == 1, "the main thread's limits use no thread"
        assert site.snapshot() == before
        assert bool(pools) == (where == "forked workers")
        return [str(problem) for problem in error.problems]

    return problems


def build_error(root: Path) -> SiteError:
    try:
        build(BuildOptions(root=root))
    except SiteError as error:
        return error
    raise AssertionError("the build succeeded")


def wait_until(condition: Callable[[], bool], seconds: float = 5) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


# Python-Markdown's time grows with the square of a run of `[` left open: this takes 6 s.
SLOW_BODY = "[" * 5000 + "x" + "](" * 5000 + "\n"


def test_a_body_too_slow_to_convert_is_refused_naming_its_file(
    built: Site, failed_build: Callable[[Site], list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "BODY_SECONDS", 0.5)
    monkeypatch.setattr(limits, "BODY_SECONDS_PER_MILLION", 0.0)
    path = built.write(M + "slow.md", with_body(SLOW_BODY, title="Slow"))
    started = time.monotonic()
    assert failed_build(built) == [
        f"content/meetings/slow.md:{body_line(path)}: body: took more than 0.5 s to convert "
        "from Markdown; look for long runs of unclosed brackets, or quotes and lists nested "
        "deep"
    ]
    assert time.monotonic() - started < 5


def test_a_body_that_converts_in_time_for_its_size_builds(
    built: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The time allowed grows with the body: a long body that takes its time is not refused."""
    monkeypatch.setattr(limits, "BODY_SECONDS", 0.01)
    monkeypatch.setattr(limits, "BODY_SECONDS_PER_MILLION", 10.0)  # 100 times the time it takes
    paragraph = "Wang Yi and Sergei Lavrov discussed the agenda at length. " * 12 + "\n\n"
    built.write(M + "long.md", with_body(paragraph * 500, title="Long"))
    build(BuildOptions(root=built.root))
    assert len(built.html("meetings/long/index.html").select(".body p")) == 500


# Loops that never end: one that only takes time, and one that writes as it goes and so also
# holds 200 MB more every second. The tests' builds run in pytest's own process, whose peak
# memory other tests' processes inherit (a child's peak is at least its parent's at the fork),
# so only the test of the memory limit uses the second, and that with a low limit.
ENDLESS = "{% for i in range(10**12) %}{% endfor %}"
ENDLESS_WRITING = "{% for i in range(10**12) %}{{ i }}{% endfor %}"


def put_endless_loop(site: Site, template: str, loop: str = ENDLESS) -> int:
    """The loop, on a line of its own in `template`: after `{% block main %}` in a page,
    after the imports in `_card.html`. Returns its line."""
    path = site.root / "templates" / template
    lines = path.read_text(encoding="utf-8").split("\n")
    mark = "{% from" if template == "_card.html" else "{% block main"
    after = next(at for at, line in enumerate(lines) if line.startswith(mark))
    lines.insert(after + 1, loop)
    path.write_text("\n".join(lines), encoding="utf-8")
    return after + 2


@pytest.mark.parametrize("template", ["event.html", "_card.html"])
def test_a_template_that_never_ends_is_stopped_naming_its_line(
    built: Site,
    failed_build: Callable[[Site], list[str]],
    monkeypatch: pytest.MonkeyPatch,
    template: str,
) -> None:
    monkeypatch.setattr(limits, "PAGE_SECONDS", 0.5)
    line = put_endless_loop(built, template)
    started = time.monotonic()
    assert failed_build(built) == [
        f"templates/{template}:{line}: rendering took more than 0.5 s; "
        "look for a loop that does not end"
    ]
    assert time.monotonic() - started < 5


def test_a_template_that_fills_the_memory_is_stopped_before_the_time_limit(
    built: Site, failed_build: Callable[[Site], list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A loop that writes as it goes holds 200 MB more every second: a time limit alone,
    however generous, would let it take the machine's memory first."""
    monkeypatch.setattr(limits, "PAGE_SECONDS", 30.0)
    monkeypatch.setattr(limits, "MAX_MEMORY_GROWTH", 20_000_000)
    monkeypatch.setattr(limits, "CHECK_EVERY", 0.05)
    line = put_endless_loop(built, "event.html", ENDLESS_WRITING)
    started = time.monotonic()
    assert failed_build(built) == [
        f"templates/event.html:{line}: rendering took more than 20 MB of memory; "
        "look for a loop that does not end"
    ]
    assert time.monotonic() - started < 10


def test_no_thread_is_left_running_after_a_limit_in_another_thread(
    built: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process with a thread does not fork its workers: the watchdog of other threads'
    limits goes once it has nothing to watch."""
    monkeypatch.setattr(limits, "PAGE_SECONDS", 0.5)
    put_endless_loop(built, "event.html")
    with ThreadPoolExecutor(max_workers=1) as pool:
        assert isinstance(pool.submit(build_error, built.root).result(), SiteError)
    assert wait_until(lambda: threading.active_count() == 1)
