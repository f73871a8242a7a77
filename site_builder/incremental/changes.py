"""What a changed path of a site is to a rebuild: the one classification that the preview's
watcher and the builder share."""

from __future__ import annotations

import enum
import posixpath

from site_builder.config import CONFIG_FILE
from site_builder.content.loader import EVENT_SUFFIX, RECORD_FOLDERS
from site_builder.theme import STATIC, TEMPLATES


class ChangeKind(enum.Enum):
    """What a changed path of a site is to a build, as Zola's `ChangeKind`: it says what a
    rebuild must do again. See `change_kind`."""

    CONFIG = "config"  # site.yaml: everything
    # A .md file in content/: read again that file alone, when it was listed. A person or
    # forum file (content/people/, content/forums/, see `is_record_file`): those files read
    # again, and every event resolved again against them, none listed or parsed again.
    EVENT = "event"
    CONTENT = "content"  # anything else in content/ (a folder, another file): list it again
    TEMPLATES = "templates"  # templates/ or anything in it: the pages again
    STATIC = "static"  # static/ or anything in it: the static files again, not the pages
    IGNORED = "ignored"  # an editor's swap, backup or lock file: no build reads it
    OTHER = "other"  # not a source of the site: build/, .cache/, a file beside site.yaml

    @property
    def is_source(self) -> bool:
        """Whether a change of this kind can change what a build makes."""
        return self not in (ChangeKind.IGNORED, ChangeKind.OTHER)


# The folders of a site that a build reads, and what a change in each is.
SOURCE_FOLDERS = {
    "content": ChangeKind.CONTENT,
    TEMPLATES: ChangeKind.TEMPLATES,
    STATIC: ChangeKind.STATIC,
    "locale": ChangeKind.TEMPLATES,  # a site's catalogs: the templates' words, made anew
}


def change_kind(path: str) -> ChangeKind:
    """What a change to `path`, relative to the site's root as a watcher reports it (`/`
    between names), is to a build. A path ending in `/` is a folder: `content/x.md/` is no
    event file. `..` is followed (`static/../site.yaml` is the config); a path leading out of
    the site, or absolute, is OTHER."""
    normal = posixpath.normpath(path)
    if path.startswith("/") or normal == "." or normal.split("/", 1)[0] == "..":
        return ChangeKind.OTHER
    parts = normal.split("/")
    if is_editor_litter(parts[-1]):
        return ChangeKind.IGNORED
    if normal == CONFIG_FILE:
        return ChangeKind.CONFIG
    kind = SOURCE_FOLDERS.get(parts[0], ChangeKind.OTHER)
    if kind is ChangeKind.CONTENT and len(parts) > 1 and not path.endswith("/"):
        return ChangeKind.EVENT if normal.endswith(EVENT_SUFFIX) else kind
    return kind


def is_record_file(path: str) -> bool:
    """Whether `path` (as `change_kind` takes it) is in `content/people/` or `content/forums/`:
    a person or forum file, which no listing of event files holds."""
    parts = posixpath.normpath(path).split("/")
    return len(parts) > 2 and parts[0] == "content" and parts[1] in RECORD_FOLDERS


def is_editor_litter(name: str) -> bool:
    """Swap, backup and lock files that editors write beside the file being edited."""
    return (
        name.startswith((".", "#"))
        or name.endswith(("~", ".swp", ".swx", ".tmp"))
        or name == "4913"
    )
