"""`site-builder import` on a corpus of articles in the layouts of many outlets.

tests/articles/corpus/ holds articles written for these tests in the layouts, datelines and
date formats of news agencies, newspapers, broadcasters and ministries, in English, Chinese
and Russian, as plain text and as saved web pages. Beside each, a YAML file gives what a
correct import finds in it; `event` names the event it reports, shared by the articles
that must make one page.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from site_builder.build import BuildOptions, build
from site_builder.config import load_config
from site_builder.importing.articles import Article
from site_builder.importing.importer import (
    ImportOptions,
    import_articles,
    published_text,
    read_articles,
)

from conftest import Site, site_at

CORPUS = Path(__file__).resolve().parent / "articles" / "corpus"
ARTICLES = sorted(path for path in CORPUS.iterdir() if path.suffix in (".txt", ".html"))
FIELDS = ("date", "headline", "outlet", "published", "kind", "place", "url")


def expected(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def found_fields(article: Article) -> dict[str, str | None]:
    """The fields the corpus records, as the import found them."""
    return {
        "date": article.date.isoformat() if article.date else None,
        "headline": article.headline.value if article.headline else None,
        "outlet": article.outlet.value if article.outlet else None,
        "published": published_text(article.published.value) if article.published else None,
        "kind": article.kind,
        "place": str(article.place) if article.place else None,
        "url": article.url,
    }


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return site_at(tmp_path_factory.mktemp("corpus") / "site")


@pytest.fixture(scope="module")
def read_corpus(corpus_site: Site) -> dict[str, Article]:
    articles = read_articles(ARTICLES, load_config(corpus_site.root))
    return {article.path: article for article in articles}


def test_the_corpus_is_large_and_varied() -> None:
    assert len(ARTICLES) >= 40
    named = [re.match(r"(?P<layout>.+?)-(?P<language>en|zh|ru)-", path.name) for path in ARTICLES]
    layouts = {match["layout"] for match in named if match}
    assert len(layouts) >= 15
    languages = {match["language"] for match in named if match}
    assert languages == {"en", "zh", "ru"}
    assert {path.suffix for path in ARTICLES} == {".txt", ".html"}
    assert all(path.with_suffix(".yaml").is_file() for path in ARTICLES)


@pytest.mark.parametrize("path", ARTICLES, ids=lambda path: path.name)
def test_each_article_gives_its_fields(path: Path, read_corpus: dict[str, Article]) -> None:
    want = expected(path)
    got = found_fields(read_corpus[path.name])
    for name in FIELDS:
        assert got[name] == (None if want.get(name) is None else str(want[name])), name


def test_the_articles_of_one_event_make_one_draft_citing_them_all(make_site: Any) -> None:
    site: Site = make_site()
    out = io.StringIO()
    import_articles(ImportOptions(root=site.root, files=tuple(ARTICLES)), out)
    events: dict[str, set[str]] = defaultdict(set)
    for path in ARTICLES:
        events[expected(path)["event"]].add(expected(path)["headline"])
    pages = sorted((site.root / "content/meetings").glob("*.md"))
    cited = [
        {source["title"] for source in yaml.safe_load(page.read_text().split("---")[1])["sources"]}
        for page in pages
    ]
    assert sorted(map(sorted, cited)) == sorted(map(sorted, events.values()))
    build(BuildOptions(root=site.root, drafts=True))
    build(BuildOptions(root=site.root))  # drafts left out: their imported text is not published


def test_every_article_gets_one_line_saying_what_was_found(read_corpus: dict[str, Article]) -> None:
    from site_builder.importing.importer import describe

    for article in read_corpus.values():
        line = describe(article)
        assert "\n" not in line and line.startswith(f"{article.path}: ")
        if article.event_day:
            assert f"date {article.date} from " in line
