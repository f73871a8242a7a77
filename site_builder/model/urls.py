"""Links that follow the site's base address, so a site works under a sub-path."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Urls:
    """Builds links to pages and files from their paths below the site's root."""

    base_url: str

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
