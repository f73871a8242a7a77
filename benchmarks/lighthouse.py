"""Lighthouse's four scores (performance, accessibility, best practices, SEO) of a built site's
home page, an event page, a topic page and a person page, as a reader's browser loads them
from a local server.

    python -m benchmarks.lighthouse                  # the shipped site
    python -m benchmarks.lighthouse --site DIR       # another site (benchmarks.synthetic makes one)

The site is built into a temporary folder for the server's address and served by Python's
own HTTP server. Lighthouse (from npm, pinned: its later versions want a newer Node) is
installed on first use under `--cache` (default `benchmarks/.peers/lighthouse`) and drives the
Chromium at `CHROME_PATH` (default /usr/bin/chromium), headless, with its default mobile
emulation and throttling. Scores are 0 to 100; each audit that cost points is listed under
its page. A score, not a test: it moves with the machine's load.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = "lighthouse@12.2.3"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse(cache: Path) -> Path:
    """The Lighthouse command line, installed under `cache` on first use."""
    program = cache / "node_modules" / ".bin" / "lighthouse"
    if not program.exists():
        cache.mkdir(parents=True, exist_ok=True)
        print(f"installing {LIGHTHOUSE} from npm into {cache} ...", file=sys.stderr)
        subprocess.run(
            ["npm", "install", "--prefix", str(cache), "--save-exact", LIGHTHOUSE],
            check=True,
            capture_output=True,
        )
    return program


def pages_of(output: Path) -> dict[str, str]:
    """The pages audited, by what they are: the first event, topic and person pages found."""
    pages = {"home": ""}
    for name, folder in (("topic", "topics"), ("person", "people")):
        found = sorted(p.parent for p in (output / folder).glob("*/index.html"))
        if found:
            pages[name] = found[0].relative_to(output).as_posix() + "/"
    events = sorted(
        p.parent
        for p in output.glob("*/*/index.html")
        if p.parts[-3] not in {"topics", "people", "places", "kinds", "forums", "years", "embed"}
    )
    if events:
        pages["event"] = events[0].relative_to(output).as_posix() + "/"
    return pages


def audit(program: Path, address: str) -> tuple[dict[str, int], list[str]]:
    """The four scores of one page, and the audits that cost points."""
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        subprocess.run(
            [
                str(program),
                address,
                "--quiet",
                "--chrome-flags=--headless=new --no-sandbox",
                "--output=json",
                f"--output-path={report.name}",
                f"--only-categories={','.join(CATEGORIES)}",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
            capture_output=True,
        )
        data = json.loads(Path(report.name).read_text())
    scores = {name: round(100 * (data["categories"][name]["score"] or 0)) for name in CATEGORIES}
    lost = [
        f"{name}: {ref['id']} {data['audits'][ref['id']].get('displayValue', '')}".rstrip()
        for name in CATEGORIES
        for ref in data["categories"][name]["auditRefs"]
        if ref.get("weight")
        and (data["audits"][ref["id"]].get("score") or 0) < 1
        and data["audits"][ref["id"]].get("score") is not None
    ]
    return scores, lost


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def serve(folder: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT, help="the site (default: ours)")
    parser.add_argument("--cache", type=Path, default=ROOT / "benchmarks" / ".peers" / "lighthouse")
    args = parser.parse_args()
    program = lighthouse(args.cache)
    with tempfile.TemporaryDirectory() as temporary:
        output = Path(temporary) / "site"
        server = serve(Path(temporary))
        base = f"http://127.0.0.1:{server.server_address[1]}/site/"
        build = ["build", "-s", str(args.site), "-o", str(output), "--base-url", base]
        subprocess.run(
            [sys.executable, "-m", "site_builder", *build],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        print(f"| page | {' | '.join(CATEGORIES)} |")
        print(f"| --- |{' --- |' * len(CATEGORIES)}")
        notes = []
        for what, path in pages_of(output).items():
            scores, lost = audit(program, base + path)
            print(f"| {what} (`/{path}`) | {' | '.join(str(scores[c]) for c in CATEGORIES)} |")
            notes += [f"{what}: {line}" for line in lost]
        server.shutdown()
    for note in notes:
        print(f"- {note}")
    print(f"load average: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")


if __name__ == "__main__":
    main()
