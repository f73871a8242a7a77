"""livereload 2.7's own server, measured the same way as `site-builder serve`.

    python -m benchmarks.livereload_stock [--events 1000] [--repeat 8]

Runs `livereload.Server` watching content/ with our build as its callback, then saves
an event file again and again, once every 1.2 s, and records for each save the time
until the reload message, or that none came. Shows the 800 ms polling watcher, the
3-second throttle that drops saves made soon after a reload, and (with a large site) the
build blocking page requests, since the callback runs on the server's event loop.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path

import websocket

from benchmarks.synthetic import generate

SERVER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from livereload import Server
    from site_builder.build import BuildOptions, build

    root, port = Path(sys.argv[1]), int(sys.argv[2])
    options = BuildOptions(root=root, base_url=f"http://127.0.0.1:{port}/")
    build(options)
    server = Server()
    server.watch(str(root / "content"), lambda: build(options))
    server.serve(port=port, host="127.0.0.1", root=str(root / "build"))
    """
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def report(
    events: int, saves: int, latencies: list[float], dropped: int, blocked: list[float]
) -> None:
    print(
        f"livereload, {events} events: {len(latencies)} reloads, {saves} saves ({dropped} dropped)"
    )
    if latencies:
        median, fastest, slowest = statistics.median(latencies), min(latencies), max(latencies)
        print(f"  save -> reload median {median:.0f} ms, min {fastest:.0f}, max {slowest:.0f}")
    median, slowest = statistics.median(blocked), max(blocked)
    print(f"  a page request 0.3 s after a save: median {median:.0f} ms, max {slowest:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = generate(args.events, Path(folder) / "site")
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(root), str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            client = websocket.create_connection(f"ws://127.0.0.1:{port}/livereload", timeout=10)
            client.send(
                json.dumps(
                    {
                        "command": "hello",
                        "protocols": ["http://livereload.com/protocols/official-7"],
                    }
                )
            )
            client.recv()
            client.send(json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}/"}))
            time.sleep(3.5)  # past the throttle that follows the server's start
            page = root / "content/meetings/event-00001.md"
            latencies, dropped, blocked = [], 0, []
            for round_ in range(args.repeat):
                text = page.read_text().replace("title: ", f"title: Edit {round_} ", 1)
                started = time.perf_counter()
                temporary = page.with_name(".edit.tmp")
                temporary.write_text(text)
                os.replace(temporary, page)
                time.sleep(0.3)
                request_started = time.perf_counter()
                urllib.request.urlopen(f"http://127.0.0.1:{port}/404.html", timeout=30).read()
                blocked.append((time.perf_counter() - request_started) * 1000)
                client.settimeout(max(0.1, 1.2 - (time.perf_counter() - started)))
                try:
                    client.recv()
                    latencies.append((time.perf_counter() - started) * 1000)
                    client.settimeout(5)
                except websocket.WebSocketTimeoutException:
                    dropped += 1
                time.sleep(max(0.0, 1.2 - (time.perf_counter() - started)))
            report(args.events, args.repeat, latencies, dropped, blocked)
        finally:
            process.terminate()
            process.wait(timeout=10)


if __name__ == "__main__":
    main()
