"""Links that follow the site's base address, so a site works under a sub-path."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Urls:
    """Builds links to pages and files from their paths below the site's root."""

    base_url: str
    # The site's root, where its static files and pictures are, when the pages are another
    # language's, below it (`https://x.org/zh/`'s is `https://x.org/`).
    root_url: str = ""

    @property
    def base_path(self) -> str:
        """`/my-repo/` for `https://user.github.io/my-repo/`."""
        return urlsplit(self.base_url).path or "/"

    def path(self, target: str = "") -> str:
        """A link for use within the site: `meetings/x/` -> `/my-repo/meetings/x/`."""
        return self.base_path + target.lstrip("/")

    def absolute(self, target: str = "") -> str:
        """A full address, for canonical links and feeds."""
        return self.base_url + target.lstrip("/")

    def asset(self, target: str) -> str:
        """The full address of a static file or picture, which every language shares."""
        return (self.root_url or self.base_url) + target.lstrip("/")
