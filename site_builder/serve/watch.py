"""Watching a site's sources (content/, templates/, static/, site.yaml) for changes.

Uses watchdog, which listens to the operating system (inotify on Linux) instead of
polling. Each relevant event is passed on as the path that changed, relative to the site.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler, FileSystemMovedEvent
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

from site_builder.config import CONFIG_FILE
from site_builder.incremental.changes import SOURCE_FOLDERS, change_kind

WATCHED_FOLDERS = tuple(SOURCE_FOLDERS)


def changed_since(root: Path, since_ns: int) -> str | None:
    """A source of the site modified at or after `since_ns`, or None: what a watcher
    started later missed."""
    candidates = [CONFIG_FILE]
    for name in WATCHED_FOLDERS:
        for folder, _, files in os.walk(root / name):
            relative = Path(folder).relative_to(root).as_posix()
            candidates += [f"{relative}/{file}" for file in files]
    for path in candidates:
        try:
            if change_kind(path).is_source and (root / path).stat().st_mtime_ns >= since_ns:
                return path
        except OSError:
            continue
    return None


class SiteWatcher(FileSystemEventHandler):
    """Calls `on_change(relative_path)` from a background thread for each change."""

    def __init__(self, root: Path, on_change: Callable[[str], None]) -> None:
        self.root = root.resolve()
        self.on_change = on_change
        self.observer: BaseObserver = Observer()
        self._folders: dict[str, ObservedWatch] = {}
        self._lock = threading.Lock()

    def start(self) -> None:
        # The root, not recursively: site.yaml, and watched folders being made or removed.
        self.observer.schedule(self, str(self.root), recursive=False)
        for name in WATCHED_FOLDERS:
            self._watch_folder(name)
        self.observer.start()

    def stop(self) -> None:
        self.observer.stop()
        self.observer.join(timeout=5)

    def _watch_folder(self, name: str) -> None:
        """(Re)start the recursive watch of a folder, e.g. after it was deleted and made again."""
        with self._lock:
            old = self._folders.pop(name, None)
            if old is not None:
                self.observer.unschedule(old)
            folder = self.root / name
            if folder.is_dir():
                self._folders[name] = self.observer.schedule(self, str(folder), recursive=True)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or (
            event.is_directory and event.event_type == "modified"
        ):
            return
        paths = [event.src_path]
        if isinstance(event, FileSystemMovedEvent):
            paths.append(event.dest_path)
        for raw in paths:
            relative = self._relative(raw)
            if relative is None:
                continue
            if relative in WATCHED_FOLDERS and event.event_type != "modified":
                self._watch_folder(relative)
            self.on_change(relative)

    def _relative(self, raw: str | bytes) -> str | None:
        """The site-relative path of an event, or None when it is not a source of the site."""
        path = Path(raw.decode() if isinstance(raw, bytes) else raw)
        try:
            relative = path.relative_to(self.root).as_posix()
        except ValueError:
            return None
        return relative if change_kind(relative).is_source else None
