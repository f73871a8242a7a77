"""Markdown conversion: the persistent cache never serves stale HTML, and conversion on every
core gives exactly what one converter gives."""

from __future__ import annotations

from pathlib import Path

import pytest

import site_builder.incremental.cache as cache
import site_builder.render.markup as markup
from site_builder.incremental.parallel import MIN_ITEMS
from site_builder.render.markup import MarkdownConverter


@pytest.fixture
def conversions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    converted: list[str] = []
    real = markup.convert

    def counting(text: str) -> str:
        converted.append(text)
        return real(text)

    monkeypatch.setattr(markup, "convert", counting)
    return converted


def test_a_body_converted_once_is_taken_from_the_cache_next_time(
    tmp_path: Path, conversions: list[str]
) -> None:
    assert MarkdownConverter(tmp_path).convert_many(["*a*", "b"]) == [
        "<p><em>a</em></p>",
        "<p>b</p>",
    ]
    assert MarkdownConverter(tmp_path).convert_many(["b", "*a*", "c"]) == [
        "<p>b</p>",
        "<p><em>a</em></p>",
        "<p>c</p>",
    ]
    assert conversions == ["*a*", "b", "c"]
    assert (tmp_path / "markdown.sqlite").exists()


def test_a_new_version_invalidates_the_cache(
    tmp_path: Path, conversions: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    MarkdownConverter(tmp_path).convert_many(["x"])
    monkeypatch.setattr(cache, "generator_fingerprint", lambda: "another version")
    MarkdownConverter(tmp_path).convert_many(["x"])
    assert conversions == ["x", "x"]


def test_an_edited_body_is_converted_again(tmp_path: Path) -> None:
    assert MarkdownConverter(tmp_path).convert_many(["old"]) == ["<p>old</p>"]
    assert MarkdownConverter(tmp_path).convert_many(["new"]) == ["<p>new</p>"]


def test_converting_on_every_core_gives_the_same_html_in_the_same_order() -> None:
    bodies = [f"Body *{n}*, with [a link](https://example.org/{n})." for n in range(MIN_ITEMS + 50)]
    assert MarkdownConverter().convert_many(bodies) == [markup.convert(body) for body in bodies]


def test_an_unusable_cache_folder_only_costs_speed(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert MarkdownConverter(blocked).convert_many(["x"]) == ["<p>x</p>"]
