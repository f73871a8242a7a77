"""`site-builder import` adds nothing twice, publishes no outlet's text, reads the site's
own kinds, says what is wrong with a file in one line, and costs `build` nothing."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from site_builder.build import BuildOptions, build
from site_builder.importing.importer import ImportOptions, import_articles
from site_builder.problems import SiteError

from conftest import PROJECT, SITE_YAML, Site, run_cli

ARTICLES = Path(__file__).resolve().parent / "articles"
CORPUS = ARTICLES / "corpus"
SEEDS = PROJECT.parent / "shared" / "seeds"


def import_files(site: Site, *files: Path) -> str:
    out = io.StringIO()
    import_articles(ImportOptions(root=site.root, files=files), out)
    return out.getvalue()


def pages(site: Site) -> dict[str, str]:
    folder = site.root / "content"
    return {p.relative_to(folder).as_posix(): p.read_text() for p in sorted(folder.rglob("*.md"))}


@pytest.mark.skipif(
    not SEEDS.is_dir(), reason="the shared seed articles are not beside this checkout"
)
def test_the_seeds_imported_into_the_shipped_site_add_nothing(tmp_path: Path) -> None:
    root = tmp_path / "shipped"
    shutil.copytree(PROJECT / "content", root / "content")
    shutil.copy(PROJECT / "site.yaml", root / "site.yaml")
    before = pages(Site(root))
    output = import_files(Site(root), *sorted(SEEDS.glob("*.txt")))
    assert pages(Site(root)) == before
    assert output.count(" already cites ") == 5


def test_an_article_cited_under_another_wording_of_its_outlet_is_not_added(site: Site) -> None:
    page = site.event(
        "talks",
        date="2024-04-09",
        location="Beijing, China",
        sources=(
            "\n  - outlet: TASS Russian News Agency, via a reader\n"
            "    title: LAVROV PROVEL PEREGOVORY\n    published: 2024-04-09"
            '\n  - outlet: "Xinhua News Agency"\n'
            '    title: "Chinese, Russian foreign ministers hold talks in Beijing!"\n'
            "    published: 2024-04-09"
        ),
    )
    before = page.read_text()
    output = import_files(site, CORPUS / "xinhua-en-beijing.txt")
    assert "content/meetings/talks.md already cites xinhua-en-beijing.txt" in output
    assert page.read_text() == before


def test_an_article_cited_by_its_address_is_not_added(site: Site) -> None:
    url = "https://tass.com/politics/1930001"
    site.event(
        "moscow",
        date="2025-04-01",
        location="Moscow, Russia",
        sources=f"\n  - outlet: TASS\n    title: Another headline\n    published: 2025-04-01\n    url: {url}",
    )
    output = import_files(site, CORPUS / "tass-en-moscow.html")
    assert "already cites tass-en-moscow.html" in output
    assert len(pages(site)) == 1


def test_a_draft_holds_the_article_in_a_marked_block_that_a_build_will_not_publish(
    site: Site,
) -> None:
    import_files(site, CORPUS / "tass-ru-minsk.txt")
    draft = site.root / "content/meetings/2025-06-26-minsk.md"
    text = draft.read_text()
    assert '<div class="imported-article" markdown="1">' in text
    assert "Встреча прошла накануне" in text
    build(BuildOptions(root=site.root, drafts=True))
    shown = site.html("meetings/2025-06-26-minsk/index.html")
    block = shown.find("div", class_="imported-article")
    assert block is not None and "belongs to its outlet" in block.get_text()
    published = text.replace("draft: true\n", "summary: Our words.\n")
    draft.write_text(published)
    with pytest.raises(SiteError) as caught:
        build(BuildOptions(root=site.root))
    [problem] = caught.value.problems
    lines = published.split("\n")
    assert problem.path == "content/meetings/2025-06-26-minsk.md"
    assert lines[(problem.line or 0) - 1].startswith('<div class="imported-article"')
    assert "belongs to its outlet" in problem.message


def test_the_build_names_the_file_and_line_of_an_imported_block(site: Site) -> None:
    site.event("x", date="2024-01-02")
    path = site.root / "content/meetings/x.md"
    path.write_text(
        path.read_text() + '\n<div class="imported-article" markdown="1">\n\nText.\n\n</div>\n'
    )
    result = run_cli(site.root, "build")
    assert result.returncode == 1
    line = path.read_text().split("\n").index('<div class="imported-article" markdown="1">') + 1
    assert (
        f"content/meetings/x.md:{line}: the body still holds an imported article" in result.stderr
    )
    assert "Traceback" not in result.stderr


SITE_KINDS = """\
kinds:
  call: {label: Call, in_person: false, phrases: [spoke by phone, "телефонный разговор"]}
  talks: {label: Talks, in_person: true, phrases: [held talks, "会谈"]}
  visit: {label: Visit, in_person: true, phrases: [official visit, "正式访问"]}
"""


def test_kinds_come_from_the_sites_own_phrases(site: Site) -> None:
    site.write("site.yaml", SITE_YAML + SITE_KINDS)
    output = import_files(
        site,
        CORPUS / "xinhua-en-beijing.txt",
        CORPUS / "rg-ru-call.txt",
        CORPUS / "tass-en-moscow.html",
    )
    lines = output.splitlines()
    assert "; talks (talks from 'held talks'); " in lines[0]
    assert "; call (from 'телефонном разговоре'); " in lines[1]  # the default phrases for calls
    assert "; talks (talks from 'held talks'); " in lines[2]
    build(BuildOptions(root=site.root, drafts=True))


def test_files_that_cannot_be_read_are_all_named_and_nothing_is_written(site: Site) -> None:
    latin1 = site.write("latin1.txt", "")
    latin1.write_bytes("Caf\xe9 talks in Moscow".encode("latin-1"))
    empty_page = site.write("empty.html", "<html><body><nav>Home</nav></body></html>")
    result = run_cli(site.root, "import", str(latin1), str(empty_page), "missing.txt")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert any(line.startswith(f"{latin1}: ") for line in lines)
    assert any(line.startswith(f"{empty_page}: ") for line in lines)
    assert any(line.startswith("missing.txt: ") for line in lines)
    assert "Traceback" not in result.stderr
    assert not pages(site)


def test_control_characters_are_dropped(site: Site) -> None:
    text = (
        (CORPUS / "ap-en-bishkek.txt")
        .read_text()
        .replace("Kyrgyz capital", "Kyrgyz\x1b[31m\x00 capital")
    )
    article = site.write("dirty.txt", text)
    import_files(site, article)
    [draft] = (site.root / "content/meetings").glob("*.md")
    assert "\x1b" not in draft.read_text() and "\x00" not in draft.read_text()
    build(BuildOptions(root=site.root, drafts=True))


def test_build_does_not_load_the_importers_libraries(site: Site) -> None:
    site.event("x")
    code = (
        "import sys; from site_builder.cli import main; main(['build', '-s', sys.argv[1]]); "
        "print(sorted(m for m in ('dateparser', 'trafilatura', 'htmldate', 'markdownify') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(site.root)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_markup_in_an_article_stays_text_in_the_draft(site: Site) -> None:
    text = (CORPUS / "ap-en-bishkek.txt").read_text()
    text = text.replace("Kyrgyz capital,", 'Kyrgyz capital <script>alert("x")</script>,')
    import_files(site, site.write("markup.txt", text))
    [draft] = (site.root / "content/meetings").glob("*.md")
    assert "&lt;script&gt;" in draft.read_text()
    build(BuildOptions(root=site.root, drafts=True))
    page = site.html(f"meetings/{draft.stem}/index.html")
    assert page.find("script", string=lambda s: s is not None and "alert" in s) is None
    assert '<script>alert("x")</script>' in page.get_text()


def test_a_page_saved_in_its_own_encoding_is_read_as_a_browser_reads_it(site: Site) -> None:
    page = (CORPUS / "mid-ru-newyork.html").read_text(encoding="utf-8")
    page = page.replace('<meta charset="utf-8">', '<meta charset="windows-1251">')
    saved = site.root / "cp1251.html"
    saved.write_bytes(page.encode("cp1251"))
    output = import_files(site, saved)
    assert "headline 'О встрече Министра иностранных дел России" in output  # noqa: RUF001
    assert "date 2024-09-26 from date in the text '26 сентября'" in output
