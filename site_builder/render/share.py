"""Links that pass an event on: each service's own address for sharing a link, so that a page
needs no script of theirs, and nothing is loaded from them until a reader chooses one."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote


@dataclass(frozen=True)
class Service:
    """A place to share a link: its name, the language its name is written in (for `lang`),
    its sharing address with `{url}` and `{title}` where they go, and the languages of the
    pages that offer it (all when empty)."""

    name: str
    name_language: str | None
    address: str
    for_languages: tuple[str, ...] = ()


SERVICES = (
    Service(
        "微博", "zh", "https://service.weibo.com/share/share.php?url={url}&title={title}", ("zh",)
    ),
    Service("ВКонтакте", "ru", "https://vk.com/share.php?url={url}&title={title}", ("ru",)),
    Service("Bluesky", "en", "https://bsky.app/intent/compose?text={title}%20{url}"),
    Service("X", "en", "https://x.com/intent/post?text={title}&url={url}"),
    Service("Facebook", "en", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    Service("LinkedIn", "en", "https://www.linkedin.com/sharing/share-offsite/?url={url}"),
    Service("Telegram", "en", "https://t.me/share/url?url={url}&text={title}"),
)


@dataclass(frozen=True)
class ShareLink:
    name: str
    name_language: str | None  # None when it is the page's own
    href: str


def share_links(title: str, address: str, language: str) -> list[ShareLink]:
    """The links a page in `language` offers for sharing `address`, titled `title`."""
    base = language.split("-")[0].lower()
    values = {"url": quote(address, safe=""), "title": quote(title, safe="")}
    return [
        ShareLink(
            service.name,
            None if service.name_language == base else service.name_language,
            service.address.format(**values),
        )
        for service in SERVICES
        if not service.for_languages or base in service.for_languages
    ]


def mail_link(title: str, address: str) -> str:
    """A `mailto:` link whose message has the title as its subject and the address as its body."""
    return f"mailto:?subject={quote(title, safe='')}&body={quote(address, safe='')}"
