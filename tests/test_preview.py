"""`site-builder serve` as a browser meets it: a real server on a free loopback port, HTTP
for pages and a websocket speaking the LiveReload protocol."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import websocket
from bs4 import BeautifulSoup

from site_builder.build import BuildOptions
from site_builder.serve import preview

from conftest import Site, event_text
from servers import WAIT, Browser, Server, save

pytestmark = pytest.mark.slow  # a real preview server per test


def test_an_edit_reloads_the_browser_and_the_new_text_is_served(server: Server) -> None:
    assert server.html("meetings/jakarta/").h1.get_text() == "Talks in Jakarta"
    browser = Browser(server)
    save(
        server.site.root / "content/meetings/jakarta.md",
        event_text(title="Talks in Jakarta, edited"),
    )
    assert browser.next_reload()["path"] == "*"
    assert server.html("meetings/jakarta/").h1.get_text() == "Talks in Jakarta, edited"
    assert server.html("").select_one("article h3").get_text() == "Talks in Jakarta, edited"


def test_pages_carry_the_livereload_client(server: Server) -> None:
    script = server.html("").select_one('script[src^="/livereload.js"]')
    assert script is not None
    status, body = server.get(script["src"])
    assert status == 200 and "LiveReload" in body


def test_a_broken_edit_keeps_the_last_good_pages_with_a_banner(server: Server) -> None:
    browser = Browser(server)
    page = server.site.root / "content/meetings/jakarta.md"
    save(page, event_text(title="Talks in Jakarta", date="2023-02-30"))
    browser.next_reload()
    for path, expected_status in (("", 200), ("meetings/jakarta/", 200), ("no-such-page/", 404)):
        status, text = server.get(path)
        assert status == expected_status, path
        banner = BeautifulSoup(text, "html.parser").select_one("#site-builder-problems")
        assert banner is not None, path
        assert (
            'content/meetings/jakarta.md:3: date: "2023-02-30" is not a real date'
            in banner.get_text()
        )
    assert server.html("meetings/jakarta/").h1.get_text() == "Talks in Jakarta"
    line = server.next_line(lambda text: text.startswith("  content/meetings/jakarta.md:3:"))
    assert line.strip() == 'content/meetings/jakarta.md:3: date: "2023-02-30" is not a real date'

    save(page, event_text(title="Talks in Jakarta, fixed"))
    browser.next_reload()
    fixed = server.html("meetings/jakarta/")
    assert fixed.select_one("#site-builder-problems") is None
    assert fixed.h1.get_text() == "Talks in Jakarta, fixed"


def test_a_template_error_is_shown_in_the_page(server: Server) -> None:
    browser = Browser(server)
    template = server.site.root / "templates/event.html"
    good = template.read_text()
    save(template, good.replace("{{ event.title }}</h1>", "{{ event.no_such_field }}</h1>"))
    browser.next_reload()
    banner = server.html("").select_one("#site-builder-problems").get_text()
    assert "templates/event.html:" in banner and "no_such_field" in banner
    save(template, good)
    browser.next_reload()
    assert server.html("").select_one("#site-builder-problems") is None


def test_a_stylesheet_change_swaps_the_css_without_a_full_reload(server: Server) -> None:
    browser = Browser(server)
    stylesheet = server.site.root / "static/css/style.css"
    save(stylesheet, stylesheet.read_text() + "\nbody { color: red; }\n")
    message = browser.next_reload()
    assert message["path"] == "/css/style.css" and message["liveCSS"] is True
    assert server.get("css/style.css")[1].endswith("body { color: red; }\n")


def test_a_burst_of_saves_makes_one_rebuild(server: Server) -> None:
    browser = Browser(server)
    for index in range(5):
        save(
            server.site.root / f"content/meetings/burst-{index}.md",
            event_text(date=f"2023-08-0{index + 1}"),
        )
    browser.next_reload()
    assert browser.no_reload_within(1.0)
    rebuilds = [line for line in server.output if " changed: " in line]
    assert len(rebuilds) == 1, rebuilds
    assert "6 events" in rebuilds[0]


def test_edits_soon_after_a_reload_are_not_dropped(server: Server) -> None:
    """livereload 2.7 ignores changes within 3 seconds of a reload; every save counts here."""
    browser = Browser(server)
    page = server.site.root / "content/meetings/jakarta.md"
    for title in ("First", "Second", "Third"):
        save(page, event_text(title=title))
        browser.next_reload()
        assert server.html("meetings/jakarta/").h1.get_text() == title


def test_a_save_that_changes_nothing_sends_no_reload(server: Server) -> None:
    browser = Browser(server)
    page = server.site.root / "content/meetings/jakarta.md"
    save(page, page.read_text())
    server.next_line(lambda text: "changed: " in text)
    assert browser.no_reload_within(0.5)


def test_pages_are_served_while_a_slow_rebuild_runs(server: Server) -> None:
    """livereload 2.7 runs rebuilds on the server's event loop, blocking every request."""
    browser = Browser(server)
    template = server.site.root / "templates/timeline.html"
    slow = "{% for i in range(40000000) %}{% endfor %}<p>slow</p>"  # a rebuild of seconds
    save(template, template.read_text().replace("{% block main %}", "{% block main %}" + slow, 1))
    time.sleep(0.3)  # the rebuild has started
    status, _ = server.get("meetings/jakarta/")
    assert status == 200
    assert browser.no_reload_within(0.05), "the page was answered only after the rebuild"
    browser.next_reload(timeout=60)


def test_websockets_from_other_sites_are_refused(server: Server) -> None:
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        Browser(server, origin="http://evil.example")
    assert refused.value.status_code == 403


def test_requests_cannot_leave_the_site_folder(server: Server) -> None:
    for path in ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc/passwd"):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=WAIT)
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read().decode()
        assert response.status in (400, 404), path
        assert "root:" not in body
        connection.close()


def test_drafts_are_shown_and_the_site_is_served_at_the_root(site: Site) -> None:
    site.write("site.yaml", "title: T\nbase_url: https://example.org/sub/\n")
    site.event("unfinished", draft="true")
    running = Server(site)
    try:
        page = running.html("")
        assert page.select_one("article h3 a")["href"] == "/meetings/unfinished/"
        assert page.select_one(".draft-badge") is not None
        assert page.select_one("link[rel=stylesheet]")["href"] == "/css/style.css"
    finally:
        running.stop()
    hidden = Server(site, "--no-drafts")
    try:
        assert hidden.html("").select_one("article") is None
    finally:
        hidden.stop()


def test_a_broken_site_at_start_still_serves_the_banner(site: Site) -> None:
    site.event("bad", kind="dinner")
    running = Server(site)
    try:
        status, text = running.get("")
        assert status == 404
        banner = BeautifulSoup(text, "html.parser").select_one("#site-builder-problems")
        assert 'content/meetings/bad.md:4: kind: "dinner"' in banner.get_text()
        browser = Browser(running)
        save(site.root / "content/meetings/bad.md", event_text())
        browser.next_reload()
        assert running.html("meetings/bad/").h1.get_text() == "A meeting"
    finally:
        running.stop()


def test_ctrl_c_stops_cleanly(server: Server) -> None:
    code, stderr = server.stop()
    assert code == 0
    assert "Traceback" not in stderr
    assert server.output[-1].strip() == "Preview stopped."


def test_ctrl_c_stops_a_preview_started_where_it_is_ignored(site: Site) -> None:
    """A background job of a script starts with SIGINT ignored, which Python keeps."""
    site.event("jakarta", title="Talks in Jakarta")
    server = Server(site, sigint_ignored=True)
    code, stderr = server.stop()
    assert code == 0 and "Traceback" not in stderr
    assert server.output[-1].strip() == "Preview stopped."


def test_a_terminate_signal_stops_cleanly_too(server: Server) -> None:
    server.process.send_signal(signal.SIGTERM)
    server.process.wait(timeout=WAIT)  # stopped by the signal alone
    code, stderr = server.stop()
    assert code == 0
    assert "Traceback" not in stderr
    assert server.output[-1].strip() == "Preview stopped."


def test_a_port_in_use_is_a_clear_message(server: Server, site: Site) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "site_builder", "serve", "--port", str(server.port)],
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=WAIT,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"cannot listen on 127.0.0.1:{server.port}:")
    assert "Traceback" not in result.stderr


def test_the_preview_keeps_its_pages_in_memory_when_there_is_room(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(preview, "MEMORY_FOLDER", memory)
    monkeypatch.setattr(preview, "MEMORY_ROOM", 1)
    roomy = preview.Preview(preview.PreviewOptions(BuildOptions(site.root)), 8000)
    monkeypatch.setattr(preview, "MEMORY_ROOM", 1 << 62)  # more than any machine has
    cramped = preview.Preview(preview.PreviewOptions(BuildOptions(site.root)), 8000)
    try:
        assert roomy.folder.parent == memory
        assert cramped.folder.parent == Path(tempfile.gettempdir())
    finally:
        roomy.close()
        cramped.close()


def test_folders_left_in_memory_by_servers_that_are_gone_are_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    gone = tmp_path / f"{preview.PREVIEW_PREFIX}{ended.stdout.strip()}-abc123"
    running = tmp_path / f"{preview.PREVIEW_PREFIX}{os.getpid()}-def456"
    unrelated = tmp_path / "something-else"
    for folder in (gone, running, unrelated):
        (folder / "meetings").mkdir(parents=True)
        (folder / "meetings" / "index.html").write_text("<p>A page</p>")
    monkeypatch.setattr(preview, "MEMORY_FOLDER", tmp_path)
    monkeypatch.setattr(preview, "MEMORY_ROOM", 1)
    new = preview.preview_folder()
    assert not gone.exists()
    assert running.exists() and unrelated.exists()
    assert new.parent == tmp_path and new.name.startswith(f"{preview.PREVIEW_PREFIX}{os.getpid()}-")
