"""Time from saving a file to the browser's reload message, with `site-builder serve`.

    python -m benchmarks.preview_latency [--events 1000] [--repeat 15]

Runs the real server on a free loopback port, connects as a browser does (LiveReload
protocol over a websocket), then edits one event, and one stylesheet, again and again.
Prints the median, the fastest and the slowest, for the shipped site and a synthetic one.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO

import websocket

from benchmarks.synthetic import PROJECT, generate


def start_server(root: Path, stderr: IO[str] | None = None) -> tuple[subprocess.Popen[str], int]:
    """Starts `serve` on a free port and waits for its first build; stderr as given."""
    process = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "serve", "--port", "0"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("Serving on "):
            return process, int(line.split()[2].rstrip("/").rsplit(":", 1)[1])
    raise RuntimeError("the server did not start")


def connect(port: int) -> websocket.WebSocket:
    socket = websocket.create_connection(
        f"ws://127.0.0.1:{port}/livereload", timeout=30, origin=f"http://127.0.0.1:{port}"
    )
    socket.send(
        json.dumps(
            {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}
        )
    )
    socket.recv()
    return socket


def save(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text)
    os.replace(temporary, path)


def time_edits(socket: websocket.WebSocket, path: Path, edit: object, repeat: int) -> list[float]:
    original = path.read_text()
    times = []
    for round_ in range(repeat):
        text = edit(original, round_)  # type: ignore[operator]
        started = time.perf_counter()
        save(path, text)
        message = json.loads(socket.recv())
        times.append((time.perf_counter() - started) * 1000)
        assert message["command"] == "reload"
        time.sleep(0.1)
    save(path, original)
    socket.recv()
    return times


def retitle(text: str, n: int) -> str:
    return text.replace("title: ", f"title: Edit {n} of ", 1)


def restyle(text: str, n: int) -> str:
    return text + f"\n/* edit {n} */ body {{ margin: {n}px; }}\n"


def middle_event(root: Path) -> Path:
    files = sorted((root / "content").rglob("*.md"))
    return files[len(files) // 2]


def stop_server(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGINT)
    process.wait(timeout=30)


def edit_latencies(socket: websocket.WebSocket, root: Path, repeat: int) -> dict[str, list[float]]:
    """Milliseconds from each save to the reload message: an event's title, then the CSS."""
    return {
        what: time_edits(socket, path, edit, repeat)
        for what, path, edit in (
            ("event title", middle_event(root), retitle),
            ("stylesheet", root / "static/css/style.css", restyle),
        )
    }


def latencies(root: Path, repeat: int) -> dict[str, list[float]]:
    """Runs `serve` on the site at `root`, edits an event then a stylesheet `repeat` times."""
    process, port = start_server(root)
    try:
        return edit_latencies(connect(port), root, repeat)
    finally:
        stop_server(process)


def measure(root: Path, label: str, repeat: int) -> None:
    for what, times in latencies(root, repeat).items():
        print(
            f"{label:<28} {what:<12} median {statistics.median(times):6.1f} ms"
            f"   min {min(times):6.1f}   max {max(times):6.1f}   (n={len(times)})"
            + (f"  all: {[round(t) for t in times]}" if os.environ.get("VERBOSE") else "")
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    print(f"save -> reload message, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        shipped = Path(folder) / "shipped"
        for name in ("content", "templates", "static"):
            shutil.copytree(PROJECT / name, shipped / name)
        shutil.copy(PROJECT / "site.yaml", shipped)
        measure(shipped, "shipped site (4 events)", args.repeat)
        synthetic = generate(args.events, Path(folder) / "synthetic")
        measure(synthetic, f"synthetic ({args.events} events)", args.repeat)


if __name__ == "__main__":
    main()
