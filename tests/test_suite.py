"""The test suite's own rules: the quick run, `pytest -m "not browser"`, needs no browser, and
only the browser test modules import Playwright, so that nothing else waits on it or needs it
installed."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
# Imports each module named in argv in turn, and fails naming the first that brought in
# playwright; prints how many modules it imported.
IMPORT_EACH = textwrap.dedent(
    """\
    import importlib, sys
    for name in sys.argv[1:]:
        importlib.import_module(name)
        if "playwright" in sys.modules:
            sys.exit(f"importing {name} imports playwright")
    print(len(sys.argv) - 1)
    """
)


def marked_browser(module: Path) -> bool:
    """Whether the module marks all its tests `browser` (`pytestmark = pytest.mark.browser`)."""
    for node in ast.parse(module.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "pytestmark" for target in node.targets
        ):
            return "browser" in ast.unparse(node.value)
    return False


def import_each(*names: str) -> subprocess.CompletedProcess[str]:
    """Import the modules of tests/ in a fresh Python, as pytest does (tests/ on the path)."""
    return subprocess.run(
        [sys.executable, "-c", IMPORT_EACH, *names],
        cwd=TESTS,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_only_the_browser_test_modules_import_playwright() -> None:
    modules = sorted(TESTS.glob("test_*.py"))
    browser = [path.stem for path in modules if marked_browser(path)]
    assert {"test_browser", "test_timeline_page"} <= set(browser)
    others = ["conftest", "servers", *(path.stem for path in modules if path.stem not in browser)]
    done = import_each(*others)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(len(others))]
    # The check itself works: a browser module does import playwright.
    caught = import_each("conftest", browser[0])
    assert caught.returncode == 1
    assert caught.stderr.strip() == f"importing {browser[0]} imports playwright"


def test_the_browser_and_slow_marks_are_registered(pytestconfig: pytest.Config) -> None:
    """Registered, so that with `--strict-markers` a misspelt mark is an error rather than a
    browser test run in the quick run."""
    registered = {line.split(":")[0] for line in pytestconfig.getini("markers")}
    assert {"browser", "slow"} <= registered
    assert "--strict-markers" in pytestconfig.getini("addopts")
