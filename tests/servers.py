"""A running `site-builder serve` for tests, and the LiveReload side of a browser."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import websocket
from bs4 import BeautifulSoup

from conftest import Site

WAIT = 15  # seconds: a bound for waits that normally end in milliseconds


class Server:
    """A running `site-builder serve` process and what it printed."""

    def __init__(self, site: Site, *args: str, sigint_ignored: bool = False) -> None:
        """`sigint_ignored`: started as a script's background job is, with SIGINT ignored."""
        self.site = site
        self.process = subprocess.Popen(
            [sys.executable, "-m", "site_builder", "serve", "--port", "0", *args],
            cwd=site.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=_ignore_sigint if sigint_ignored else None,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read_stdout, daemon=True).start()
        line = self.next_line(lambda text: text.startswith("Serving on "))
        self.url = line.removeprefix("Serving on ").split()[0]
        self.port = int(self.url.rstrip("/").rsplit(":", 1)[1])

    def _read_stdout(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)
            self.lines.put(line.rstrip("\n"))

    def next_line(self, wanted: object) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=deadline - time.monotonic())
            except queue.Empty:
                break
            if callable(wanted) and wanted(line):
                return line
        raise AssertionError(f"no such line; the server printed: {self.output}")

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=WAIT) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def html(self, path: str) -> BeautifulSoup:
        status, text = self.get(path)
        assert status == 200, (path, status)
        return BeautifulSoup(text, "html.parser")

    def stop(self) -> tuple[int, str]:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        assert self.process.stderr is not None
        return self.process.returncode, self.process.stderr.read()


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class Browser:
    """The LiveReload side of a browser tab: hello, then wait for `reload` commands."""

    def __init__(self, server: Server, origin: str | None = None) -> None:
        origin = origin or f"http://127.0.0.1:{server.port}"
        self.socket = websocket.create_connection(
            f"ws://127.0.0.1:{server.port}/livereload", timeout=WAIT, origin=origin
        )
        self.socket.send(
            json.dumps(
                {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}
            )
        )
        hello = json.loads(self.socket.recv())
        assert hello["command"] == "hello"
        assert "http://livereload.com/protocols/official-7" in hello["protocols"]

    def next_reload(self, timeout: float = WAIT) -> dict[str, object]:
        self.socket.settimeout(timeout)
        message = json.loads(self.socket.recv())
        assert message["command"] == "reload"
        return message

    def no_reload_within(self, seconds: float) -> bool:
        self.socket.settimeout(seconds)
        try:
            self.socket.recv()
        except websocket.WebSocketTimeoutException:
            return True
        return False


def save(path: Path, text: str) -> None:
    """Save as editors do: write a new file beside, then rename it over the old one."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
