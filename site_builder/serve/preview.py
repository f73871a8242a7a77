"""`site-builder serve`: build, serve, watch the site's files, rebuild and reload the browser.

The browser side is livereload's: its `livereload.js` client and the LiveReload protocol
(a websocket at `/livereload`). The server side avoids the pitfalls of livereload 2.7's
own server: files are watched with inotify (watchdog) instead of polled every 800 ms,
reloads are sent after every rebuild instead of being throttled to one per 3 seconds,
builds run on a worker thread so pages keep being served meanwhile, build errors reach
the browser as a banner, and the websocket accepts only pages of this server.

Hostile requests get a 4xx answer, never a 500: paths that no file can have (a NUL, a name
too long for the file system), paths that lead out of the preview folder, and requests for
another host name. The last are how a DNS rebinding attack reads a server on 127.0.0.1:
a page of evil.example, whose name then points to 127.0.0.1, reaches the preview with
`Host: evil.example` and, being same-origin in the browser's eyes, can read its answers.
"""

from __future__ import annotations

import asyncio
import dataclasses
import html
import ipaddress
import json
import mimetypes
import os
import re
import shutil
import socket
import sys
import tempfile
import threading
import time
import traceback
import webbrowser
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from livereload.handlers import LiveReloadJSHandler
from tornado import httpserver, httputil, netutil, routing, web, websocket

from site_builder.build import BuildOptions, SiteBuilder
from site_builder.incremental.collector import collector_paused, resumed_for_serving
from site_builder.problems import SiteError
from site_builder.serve.watch import SiteWatcher, changed_since
from site_builder.write.leftovers import remove_abandoned
from site_builder.write.output import OutputSync

# How long the files must stay quiet before a rebuild: a burst of events (an editor's
# write-then-rename, a `git checkout`) makes one rebuild.
SETTLE_SECONDS = 0.02
LIVERELOAD_PROTOCOL = "http://livereload.com/protocols/official-7"
_BODY_TAG = re.compile(rb"<body[^>]*>", re.IGNORECASE)

EVERY_ADDRESS = ("0.0.0.0", "::", "")  # --host values that listen on every address
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


# Where the preview writes its pages when the machine has room there: a folder in memory,
# as Hugo's server keeps its pages in memory. On a disk, replacing a file costs far more
# than writing it (ext4 flushes a file renamed over another), and a preview rewrites the
# search index and the exports, megabytes each, at every edit.
MEMORY_FOLDER = Path("/dev/shm")
MEMORY_ROOM = 2 << 30  # bytes free, at least: a site of 10,000 events takes 160 MB


PREVIEW_PREFIX = "site-builder-preview-"  # then the server's process id, then a random part


def preview_folder() -> Path:
    """A new folder for a preview's pages, in memory when there is room.

    A folder in memory outlives a server that was killed before it could remove it, until
    the machine restarts: the folders of servers that are gone are removed first."""
    memory = memory_folder()
    if memory is not None:
        remove_abandoned(memory, PREVIEW_PREFIX)
    prefix = f"{PREVIEW_PREFIX}{os.getpid()}-"
    return Path(tempfile.mkdtemp(prefix=prefix, dir=memory))


def memory_folder() -> Path | None:
    """The folder in memory for the preview's pages, or None (the usual temporary folder)."""
    try:
        status = os.statvfs(MEMORY_FOLDER)
    except OSError:
        return None
    room = status.f_bavail * status.f_frsize
    return MEMORY_FOLDER if room >= MEMORY_ROOM and os.access(MEMORY_FOLDER, os.W_OK) else None


class PreviewError(Exception):
    """The preview cannot start, for a reason the user can fix (a port in use)."""


@dataclass(frozen=True)
class PreviewOptions:
    build: BuildOptions
    host: str = "127.0.0.1"
    port: int = 8000
    open_browser: bool = False


@dataclass(frozen=True)
class AllowedHosts:
    """The host names that requests may give in their Host header: those of the address the
    server listens on, with or without its port. Any other name is refused, as a DNS
    rebinding attack's would be: pages of evil.example, once the name points to this
    machine, reach the server with `Host: evil.example`.

    Listening on every address (0.0.0.0 or ::), the server is reached by any address of the
    machine, which it cannot list reliably: then any IP address is accepted, besides the
    loopback names and the machine's own name. That is safe: a rebinding attack needs a name,
    which the attacker's DNS first points to their server, then to this machine; an address
    written as an IP always leads to the same machine."""

    names: frozenset[str]
    port: int
    any_address: bool = False

    @classmethod
    def listening_on(cls, host: str, port: int) -> AllowedHosts:
        if host in EVERY_ADDRESS:
            names = {*LOOPBACK_NAMES, *machine_names()}
            return cls(frozenset(map(host_key, names)), port, any_address=True)
        return cls(frozenset(map(host_key, (*LOOPBACK_NAMES, host))), port)

    def accepts(self, netloc: str) -> bool:
        """Whether `netloc` (a Host header: a name, then maybe a port) names this server."""
        name, port = httputil.split_host_and_port(netloc)
        if port is not None and port != self.port:
            return False
        key = host_key(name)
        return key in self.names or (self.any_address and _is_ip_address(key))


def host_key(name: str) -> str:
    """`name` as compared: lower case; an IP address written the usual way, without the
    brackets around an IPv6 one (a Host header gives `[::1]`, --host gives `::1`)."""
    name = name.lower()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    try:
        return str(ipaddress.ip_address(name))
    except ValueError:
        return name


def _is_ip_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def machine_names() -> set[str]:
    """The names this machine goes by on its network: its host name, and the one that
    multicast DNS (Bonjour, Avahi) answers for, NAME.local. Asks no DNS server, which might
    keep the server from starting for seconds."""
    name = socket.gethostname().lower()
    if not name:
        return set()
    return {name, name.split(".")[0] + ".local"}


@dataclass(frozen=True)
class Rebuild:
    """What one rebuild did: the output files it changed, or the problems that stopped it."""

    changed: list[str]
    problems: list[str]
    warnings: tuple[str, ...]
    events: int
    seconds: float


class Preview:
    """The state of a preview: the latest build's output folder, its problems, the browsers."""

    def __init__(self, options: PreviewOptions, port: int, out: TextIO = sys.stdout) -> None:
        self.options = options
        self.port = port
        self.out = out
        self.folder = preview_folder()
        host = "localhost" if options.host in EVERY_ADDRESS else options.host
        self.url = f"http://{host}:{port}/"
        self.hosts = AllowedHosts.listening_on(options.host, port)
        self.builder = SiteBuilder(dataclasses.replace(options.build, base_url=self.url))
        self.sync = OutputSync(self.folder)
        self.problems: list[str] = []
        self.clients: set[ReloadSocket] = set()

    def rebuild(self, changed: Sequence[str] = ()) -> Rebuild:
        """Build and bring the served folder up to date after the paths `changed` changed
        (everything, when none are given); runs on the worker thread."""
        started = time.perf_counter()
        try:
            with collector_paused():
                site = self.builder.rebuild(changed)
                changed = self.sync.apply(site.pages, site.static)
        except SiteError as error:
            problems = [str(problem) for problem in error.problems]
            return Rebuild([], problems, (), 0, time.perf_counter() - started)
        except Exception as error:  # a bug must not stop the preview: show it, keep serving
            traceback.print_exc(file=sys.stderr)
            problems = [f"internal error while building: {error!r}"]
            return Rebuild([], problems, (), 0, time.perf_counter() - started)
        seconds = time.perf_counter() - started
        return Rebuild(changed, [], site.warnings + site.cache_warnings, site.events, seconds)

    def publish(self, rebuild: Rebuild, reason: str) -> None:
        """Report a rebuild on the terminal and to every open page; runs on the event loop."""
        banner_changed = rebuild.problems != self.problems
        self.problems = rebuild.problems
        self._report(rebuild, reason)
        if rebuild.changed or banner_changed:
            self.broadcast(_reload_path(rebuild.changed, banner_changed))

    def _report(self, rebuild: Rebuild, reason: str) -> None:
        if rebuild.problems:
            count = len(rebuild.problems)
            print(f"{reason}: {count} problem{'' if count == 1 else 's'}", file=self.out)
            for problem in rebuild.problems:
                print(f"  {problem}", file=self.out)
        else:
            written = len(rebuild.changed)
            line = (
                f"{reason}: {rebuild.events} events, {written} file{'' if written == 1 else 's'}"
                f" updated in {rebuild.seconds * 1000:.0f} ms"
            )
            print(line, file=self.out)
            for warning in rebuild.warnings:
                print(f"  warning: {warning}", file=self.out)
        self.out.flush()

    def broadcast(self, path: str) -> None:
        message = {"command": "reload", "path": path, "liveCSS": True, "liveImg": True}
        for client in list(self.clients):
            try:
                client.write_message(json.dumps(message))
            except websocket.WebSocketClosedError:
                self.clients.discard(client)

    def decorate(self, page: bytes) -> bytes:
        """Add the reload script, and the error banner while the last build failed."""
        script = f'<script src="/livereload.js?port={self.port}"></script>'.encode()
        page = page.replace(b"</head>", script + b"</head>", 1)
        if self.problems:
            banner = error_banner(self.problems).encode()
            match = _BODY_TAG.search(page)
            at = match.end() if match else 0
            page = page[:at] + banner + page[at:]
        return page

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def error_banner(problems: list[str]) -> str:
    """A banner that needs none of the site's styles, with the terminal's messages."""
    items = "".join(f"<li>{html.escape(problem)}</li>" for problem in problems)
    count = len(problems)
    heading = f"The last edit could not be built ({count} problem{'' if count == 1 else 's'}):"
    style = (
        "position:relative;z-index:2147483647;margin:0;padding:12px 16px;"
        "background:#fff1f0;color:#5c0b0b;border-bottom:3px solid #b42318;"
        "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap"
    )
    return (
        f'<div id="site-builder-problems" role="alert" style="{style}">'
        f'<strong>{heading}</strong><ul style="margin:4px 0 0;padding-left:20px">{items}</ul>'
        '<p style="margin:4px 0 0">Showing the last good build.</p></div>'
    )


def _reload_path(changed: list[str], banner_changed: bool) -> str:
    """What to tell browsers: a stylesheet's path (swapped in place) or a full reload."""
    if changed and not banner_changed and all(path.endswith(".css") for path in changed):
        return "/" + changed[0] if len(changed) == 1 else "*.css"
    return "*"


class ReloadSocket(websocket.WebSocketHandler):
    """The LiveReload protocol: answer the browser's hello, then send it `reload` commands."""

    def initialize(self, preview: Preview) -> None:
        self.preview = preview

    def prepare(self) -> None:
        """Refuse the websocket unless a page of this server opens it (livereload 2.7 accepts
        any origin). Tornado's own check lets through requests without an Origin, and those
        the browser calls same-origin, as it does a rebound name's."""
        if not self.check_origin(self.request.headers.get("Origin")):
            raise web.HTTPError(403)

    def check_origin(self, origin: str | None) -> bool:
        """Whether `origin` is that of a page of this server: the address the browser opened
        the websocket at, a host name that the server accepts."""
        host = self.request.host.lower()
        return (
            origin is not None
            and origin.lower() == f"http://{host}"
            and self.preview.hosts.accepts(host)
        )

    def on_message(self, message: str | bytes) -> None:
        try:
            command = json.loads(message).get("command")
        except (ValueError, AttributeError):
            return
        if command == "hello":
            hello = {
                "command": "hello",
                "protocols": [LIVERELOAD_PROTOCOL],
                "serverName": "site-builder",
            }
            self.write_message(json.dumps(hello))
            self.preview.clients.add(self)

    def on_close(self) -> None:
        self.preview.clients.discard(self)


class PageHandler(web.RequestHandler):
    """Serves the preview folder, with the reload script and banner added to each page."""

    def initialize(self, preview: Preview) -> None:
        self.preview = preview

    def head(self, path: str) -> None:
        self._serve(path, include_body=False)

    def get(self, path: str) -> None:
        self._serve(path, include_body=True)

    def _serve(self, path: str, include_body: bool) -> None:
        if "\x00" in path:  # no file name holds one: a malformed request, not a missing page
            raise web.HTTPError(400)
        found = look_up(self.preview.folder, path)
        if found.redirect is not None:
            return self.redirect(found.redirect, permanent=False)
        if found.file is None:
            return self._not_found(include_body)
        self._send(found.file, 200, include_body)

    def _not_found(self, include_body: bool) -> None:
        page = self.preview.folder / "404.html"
        if page.is_file():
            self._send(page, 404, include_body)
        else:  # nothing built yet: the first build failed
            self.set_status(404)
            self._write(
                b"<!doctype html><title>Not built</title><body></body>", "text/html", include_body
            )

    def _send(self, file: Path, status: int, include_body: bool) -> None:
        try:
            data = file.read_bytes()
        except OSError:  # removed by a rebuild since it was found
            raise web.HTTPError(404) from None
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        self.set_status(status)
        self._write(data, content_type, include_body)

    def _write(self, data: bytes, content_type: str, include_body: bool) -> None:
        if content_type == "text/html":
            data = self.preview.decorate(data)
        if content_type.startswith("text/") or content_type in (
            "application/javascript",
            "image/svg+xml",
        ):
            content_type += "; charset=utf-8"
        self.set_header("Content-Type", content_type)
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Length", str(len(data)))
        if include_body:
            self.write(data)


@dataclass(frozen=True)
class Found:
    """What a URL path names in the preview folder: a file to send, or the address of a folder
    to redirect to (the path lacked the final slash), or neither: nothing, a 404."""

    file: Path | None = None
    redirect: str | None = None


def look_up(folder: Path, path: str) -> Found:
    """What the URL path `path` names in `folder`, a folder's index.html for a folder. Paths
    that lead out of the folder name nothing, and so do paths that no file can have (a name
    too long for the file system, characters it cannot encode), as missing files do."""
    root = folder.resolve()
    try:
        target = (root / path).resolve()
        if not target.is_relative_to(root):
            return Found()
        if target.is_dir():
            if path and not path.endswith("/"):
                return Found(redirect=folder_address(root, target))
            target = target / "index.html"
        return Found(file=target) if target.is_file() else Found()
    except (OSError, ValueError):
        return Found()


def folder_address(root: Path, folder: Path) -> str:
    """The address of `folder`, inside `root`, with its final slash: a path of this server
    whatever the request's path was (`/css/..` leads to `/`, never to another site)."""
    relative = folder.relative_to(root).as_posix()
    return "/" if relative == "." else "/" + quote(relative) + "/"


class OwnHost(routing.Matcher):
    """Matches the requests whose Host header names this server."""

    def __init__(self, hosts: AllowedHosts) -> None:
        self.hosts = hosts

    def match(self, request: httputil.HTTPServerRequest) -> dict[str, Any] | None:
        return {} if self.hosts.accepts(request.host) else None


class OtherHost(web.RequestHandler):
    """Answers requests for another host name, pages and websockets alike, with a 400."""

    def initialize(self, preview: Preview) -> None:
        self.preview = preview

    def prepare(self) -> None:
        self.set_status(400)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(f"This preview answers only at its own address: {self.preview.url}\n")


def make_app(preview: Preview) -> web.Application:
    """The preview's routes, for requests whose Host header names this server; any other
    request, a rebound name's, gets OtherHost's 400."""
    return web.Application(
        [
            (
                OwnHost(preview.hosts),
                [
                    (r"/livereload", ReloadSocket, {"preview": preview}),
                    (r"/livereload\.js", LiveReloadJSHandler),
                    (r"/(.*)", PageHandler, {"preview": preview}),
                ],
            ),
            (routing.AnyMatches(), OtherHost, {"preview": preview}),
        ],
        websocket_ping_interval=20,
        log_function=lambda handler: None,  # the terminal shows rebuilds, not requests
    )


class Rebuilder:
    """Collects file events, waits for them to settle, and runs one rebuild at a time."""

    def __init__(self, preview: Preview, executor: ThreadPoolExecutor) -> None:
        self.preview = preview
        self.executor = executor
        self.pending: set[str] = set()
        self.last_event = 0.0
        self.wake = asyncio.Event()

    def changed(self, path: str) -> None:
        """Called on the event loop for each file event."""
        self.pending.add(path)
        self.last_event = time.monotonic()
        self.wake.set()

    async def run_forever(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await self.wake.wait()
            while (quiet := time.monotonic() - self.last_event) < SETTLE_SECONDS:
                await asyncio.sleep(SETTLE_SECONDS - quiet)
            self.wake.clear()
            paths, self.pending = sorted(self.pending), set()
            rebuild = await loop.run_in_executor(self.executor, self.preview.rebuild, paths)
            self.preview.publish(rebuild, _describe(paths))


def _describe(paths: list[str]) -> str:
    shown = ", ".join(paths[:3])
    return shown + (f" and {len(paths) - 3} more" if len(paths) > 3 else "") + " changed"


async def serve(options: PreviewOptions, out: TextIO = sys.stdout) -> None:
    """Build, serve and watch until cancelled."""
    try:
        sockets = netutil.bind_sockets(options.port, options.host)
    except OSError as error:
        where = f"{options.host}:{options.port}"
        raise PreviewError(
            f"cannot listen on {where}: {error.strerror}; choose another --port"
        ) from None
    port = sockets[0].getsockname()[1]
    preview = Preview(options, port, out)
    loop = asyncio.get_running_loop()
    try:
        # The first build runs before any other thread starts (watchdog's included), so that
        # it can use every core (see parallel.py); a change made meanwhile is caught up on.
        started = time.time_ns()
        first = preview.rebuild()
        # The first build's objects (every event and page) live as long as the preview: left
        # out of the cycle collector, they no longer make each rebuild's collections slow
        # (about a quarter of a rebuild's time at 10,000 events).
        resumed_for_serving()
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="site-builder-build") as executor:
            rebuilder = Rebuilder(preview, executor)
            watcher = SiteWatcher(options.build.root, _on_loop(loop, rebuilder.changed))
            watcher.start()
            try:
                preview.publish(first, "First build")
                missed = changed_since(options.build.root, started)
                if missed is not None:
                    rebuilder.changed(missed)
                server = httpserver.HTTPServer(make_app(preview))
                server.add_sockets(sockets)
                url = f"http://{options.host}:{port}/"
                print(f"Serving on {url} (Ctrl-C to stop)", file=out, flush=True)
                if options.open_browser:
                    webbrowser.open(url)
                await rebuilder.run_forever()
            except (asyncio.CancelledError, KeyboardInterrupt):  # Ctrl-C, a service manager
                _stop_within(STOP_SECONDS, preview, out)
                raise
            finally:
                watcher.stop()
    finally:
        preview.close()


# How long stopping may take: a connection that does not end when asked (a browser's socket
# half-closed, say) must not keep the server running after Ctrl-C.
STOP_SECONDS = 5.0


def _stop_within(seconds: float, preview: Preview, out: TextIO) -> None:
    """End the process after `seconds` if stopping has not ended it by then, the pages'
    folder removed as a normal stop removes it."""

    def stop_now() -> None:
        preview.close()
        print("Preview stopped.", file=out, flush=True)
        os._exit(0)

    timer = threading.Timer(seconds, stop_now)
    timer.daemon = True
    timer.start()


def _on_loop(
    loop: asyncio.AbstractEventLoop, callback: Callable[[str], Any]
) -> Callable[[str], None]:
    """A function that other threads can call to run `callback` on the event loop."""

    def call(path: str) -> None:
        loop.call_soon_threadsafe(callback, path)

    return call
