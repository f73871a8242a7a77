"""Sharing an event: its address to copy, and plain links to mail and to each service's own
sharing address, chosen for the page's language, with nothing loaded from the services."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from site_builder.build import BuildOptions, build

from conftest import PROJECT

JAKARTA = "meetings/2023-07-13-jakarta/index.html"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("shipped") / "build"
    build(BuildOptions(root=PROJECT, output=output, base_url="https://example.org/sub/"))
    return output


def share_links(output: Path, page: str) -> dict[str, str]:
    soup = BeautifulSoup((output / page).read_text("utf-8"), "html.parser")
    return {a.get_text(): str(a["href"]) for a in soup.select(".share-links a")}


def test_an_event_page_offers_its_address_by_mail_and_to_share(shipped: Path) -> None:
    links = share_links(shipped, JAKARTA)
    address = "https://example.org/sub/meetings/2023-07-13-jakarta/"
    mail = urlsplit(links["Email"])
    assert mail.scheme == "mailto"
    assert parse_qs(mail.query) == {
        "subject": ["Wang Yi and Sergei Lavrov meet in Jakarta"],
        "body": [address],
    }
    assert parse_qs(urlsplit(links["Facebook"]).query) == {"u": [address]}
    assert parse_qs(urlsplit(links["X"]).query)["url"] == [address]
    assert "微博" not in links and "ВКонтакте" not in links
    soup = BeautifulSoup((shipped / JAKARTA).read_text("utf-8"), "html.parser")
    copy = soup.select_one("[data-share]")
    assert copy.has_attr("hidden")  # shown by its script, where the browser can copy
    assert copy.select_one("button")["data-copy"] == address


def test_the_services_follow_the_pages_language(shipped: Path) -> None:
    zh = share_links(shipped, "zh/" + JAKARTA)
    assert list(zh)[:2] == ["电子邮件", "微博"]
    weibo = parse_qs(urlsplit(zh["微博"]).query)
    assert weibo["url"] == ["https://example.org/sub/zh/meetings/2023-07-13-jakarta/"]
    ru = share_links(shipped, "ru/" + JAKARTA)
    assert list(ru)[:2] == ["Электронная почта", "ВКонтакте"]
    soup = BeautifulSoup((shipped / "ru" / JAKARTA).read_text("utf-8"), "html.parser")
    names = {a.get_text(): a.get("lang") for a in soup.select(".share-links a")}
    assert names["Telegram"] == "en" and names["ВКонтакте"] is None
