"""`site-builder serve` against hostile requests, on a real server on a loopback port: paths no
file can have, paths that try to leave the site's folder, and the requests of a DNS rebinding
attack (another site's name made to point to this machine: its pages then reach the preview
with their own name in the Host header, and open the LiveReload websocket from their origin).

The server must answer each with a 4xx status, never a 500, and print no traceback.
"""

from __future__ import annotations

import http.client
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import websocket

from site_builder.serve import preview

from conftest import Site
from servers import WAIT, Server

pytestmark = pytest.mark.slow  # a real preview server per test

REFUSED = (400, 403, 421)  # the statuses that refuse a request for another host


@dataclass(frozen=True)
class Answer:
    status: int
    location: str | None
    body: bytes


def request(server: Server, path: str, host: str | None = None, method: str = "GET") -> Answer:
    """Send `path` as it is (no quoting) with the Host header `host` (by default the one a
    browser sends for the server's address), over a new connection."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=WAIT)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host if host is not None else f"127.0.0.1:{server.port}")
        connection.endheaders()
        response = connection.getresponse()
        return Answer(response.status, response.getheader("Location"), response.read())
    finally:
        connection.close()


def open_socket(
    server: Server, host: str | None = None, origin: str | None = None
) -> websocket.WebSocket:
    """A LiveReload websocket to the server with these Host and Origin headers (no Origin
    header at all when `origin` is None)."""
    return websocket.create_connection(
        f"ws://127.0.0.1:{server.port}/livereload",
        timeout=WAIT,
        host=host or f"127.0.0.1:{server.port}",
        origin=origin,
        suppress_origin=origin is None,
    )


def stop_quietly(server: Server) -> None:
    """Stop the server and check it printed no traceback, on either of its outputs."""
    code, stderr = server.stop()
    assert code == 0
    assert "Traceback" not in stderr, stderr[-2000:]
    assert not [line for line in server.output if "Traceback" in line]


def served_folder(server: Server) -> Path:
    """The folder the server serves its pages from."""
    prefix = f"{preview.PREVIEW_PREFIX}{server.process.pid}-"
    places = (preview.MEMORY_FOLDER, Path(tempfile.gettempdir()))
    (folder,) = [path for place in places for path in place.glob(prefix + "*")]
    return folder


def test_a_nul_in_the_path_is_a_bad_request(server: Server) -> None:
    for path in ("/%00", "/index.html%00.txt", "/meetings%00/", "/.%00./", "/css/%00/.."):
        for method in ("GET", "HEAD"):
            assert request(server, path, method=method).status == 400, (method, path)
    assert request(server, "/").status == 200
    stop_quietly(server)


def test_an_overlong_path_is_not_found(server: Server) -> None:
    for path in ("/" + "a" * 8000, "/" + "a/" * 4000, "/meetings/" + "b" * 256 + "/"):
        assert request(server, path).status in (404, 414), path[:20]
    assert request(server, "/meetings/jakarta/").status == 200
    stop_quietly(server)


def test_odd_paths_neither_fail_nor_leave_the_site_folder(server: Server) -> None:
    paths = (
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/%2fetc%2fpasswd",
        "//etc/passwd",
        "/meetings/..%2f..%2f..%2f..%2f..%2f..%2fetc/passwd",
        "/..%5c..%5c..%5cetc%5cpasswd",
        "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
        "/%ff%fe",
        "/%ed%a0%80",
        "/%25%30%30",
        "/meetings%0a/..",
        "/meetings%0d%0aSet-Cookie:%20a=b/..",
        "/%01%1f%7f",
        "/caf%C3%A9/..",
        "/index.html/x",
    )
    for path in paths:
        answer = request(server, path)
        assert 200 <= answer.status < 500, (path, answer.status)
        assert b"root:" not in answer.body, path
        if answer.location is not None:
            assert answer.location.startswith("/") and not answer.location.startswith("//")
    stop_quietly(server)


def test_folders_redirect_only_to_pages_of_this_server(server: Server) -> None:
    """A path naming a folder gets a redirect to the folder's address with a final slash:
    never to another site, whatever the path looks like."""
    folder = served_folder(server)
    for path in ("/meetings", "/meetings/jakarta", "/css/..", "/" + quote(f"{folder}/meetings")):
        answer = request(server, path)
        assert answer.status in (301, 302, 307, 308, 404), path
        if answer.location is not None:
            target = urlsplit(answer.location)
            assert (target.scheme, target.netloc) == ("", ""), (path, answer.location)
            assert target.path.endswith("/")
    assert request(server, "/meetings").location == "/meetings/"
    stop_quietly(server)


def test_pages_for_other_host_names_are_refused(server: Server) -> None:
    """A DNS rebinding attack: a page of evil.example, whose name now points to 127.0.0.1."""
    port = server.port
    hosts = (
        f"evil.example:{port}",
        "evil.example",
        f"localhost.evil.example:{port}",
        f"127.0.0.1.nip.io:{port}",
        f"127.0.0.1:{port + 1 if port < 65535 else port - 1}",
        f"127.0.0.1:{port}, evil.example",
        "127.0.0.1:port",
    )
    for host in hosts:
        for path in ("/", "/meetings/jakarta/", "/livereload.js", "/no-such-page/"):
            answer = request(server, path, host=host)
            assert answer.status in REFUSED, (host, path, answer.status)
            assert b"Talks in Jakarta" not in answer.body
    for host in (
        f"127.0.0.1:{port}",
        "127.0.0.1",
        f"localhost:{port}",
        "LOCALHOST",
        f"[::1]:{port}",
    ):
        assert request(server, "/", host=host).status == 200, host
        assert request(server, "/livereload.js", host=host).status == 200, host
    stop_quietly(server)


def test_a_websocket_for_another_host_name_is_refused(server: Server) -> None:
    evil = f"evil.example:{server.port}"
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        open_socket(server, host=evil, origin=f"http://{evil}")
    assert refused.value.status_code in REFUSED
    open_socket(server, origin=f"http://127.0.0.1:{server.port}").close()
    stop_quietly(server)


def test_a_websocket_without_an_origin_of_this_server_is_refused(server: Server) -> None:
    port = server.port
    for origin in (
        None,
        f"http://evil.example:{port}",
        "http://127.0.0.1",
        f"http://localhost:{port + 1 if port < 65535 else port - 1}",
        "null",
    ):
        with pytest.raises(websocket.WebSocketBadStatusException) as refused:
            open_socket(server, origin=origin)
        assert refused.value.status_code in REFUSED, origin
    open_socket(server, origin=f"http://localhost:{port}", host=f"localhost:{port}").close()
    stop_quietly(server)


def test_listening_on_every_address_still_refuses_other_host_names(site: Site) -> None:
    """With --host 0.0.0.0, the machine is reached by any of its addresses: an IP address in
    the Host header is accepted (a rebinding attack needs a name), other names are not."""
    site.event("jakarta", title="Talks in Jakarta")
    running = Server(site, "--host", "0.0.0.0")
    try:
        port = running.port
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"192.0.2.7:{port}", "[::1]"):
            assert request(running, "/", host=host).status == 200, host
        for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1.nip.io:{port}"):
            assert request(running, "/", host=host).status in REFUSED, host
        with pytest.raises(websocket.WebSocketBadStatusException):
            open_socket(running, host=f"evil.example:{port}", origin=f"http://evil.example:{port}")
        open_socket(running, origin=f"http://127.0.0.1:{port}").close()
    finally:
        stop_quietly(running)
