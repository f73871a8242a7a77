"""Pictures: an event's images, beside its file or in static/, resized into WebP widths and a
JPEG (or PNG) at build time, shown on its page and card with their size set, and fed to
link previews, JSON-LD and TimelineJS; the problems with them at their file and line."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from PIL import Image

from site_builder.build import BuildOptions, SiteBuilder, build
from site_builder.problems import SiteError

from conftest import Site, run_cli, run_python

IMAGE = "\n  src: {src}\n  alt: Two ministers at a table\n  credit: The editors"


def photo(path: Path, size: tuple[int, int] = (2000, 1000), mode: str = "RGB") -> Path:
    """An image of its own, in stripes so that it does not compress to nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new(mode, size, (200, 80, 40, 128) if mode == "RGBA" else (200, 80, 40))
    for x in range(0, size[0], 40):
        image.paste((20, 60, 180) if mode == "RGB" else (20, 60, 180, 255), (x, 0, x + 20, size[1]))
    image.save(path)
    return path


def pictured(site: Site, src: str = "talks.jpg", **fields: str) -> Site:
    photo(site.root / "content" / "meetings" / src)
    site.event("talks", image=IMAGE.format(src=src), **fields)
    return site


def test_an_event_shows_its_picture_at_every_width_with_its_size_and_alt(site: Site) -> None:
    build(BuildOptions(root=pictured(site).root))
    page = site.html("meetings/talks/index.html")
    img = page.select_one(".event-picture img")
    assert img["alt"] == "Two ministers at a table"
    assert (img["width"], img["height"]) == ("1600", "800")  # the largest made, its shape kept
    assert not img.has_attr("loading")  # the page's first picture is fetched at once
    srcset = page.select_one(".event-picture source")["srcset"]
    widths = [int(w) for w in re.findall(r" (\d+)w", srcset)]
    assert widths == [480, 960, 1600]
    for address in re.findall(r"(/images/\S+\.webp)", srcset):
        with Image.open(site.build_dir / address.lstrip("/")) as made:
            assert made.format == "WEBP"
            assert made.width in widths
    with Image.open(site.build_dir / img["src"].lstrip("/")) as fallback:
        assert (fallback.format, fallback.size) == ("JPEG", (1200, 600))
    assert (
        page.select_one(".event-picture figcaption").get_text(strip=True) == "Picture: The editors"
    )
    card = site.html("index.html").select_one(".event-card .card-picture img")
    assert card["loading"] == "lazy" and card["alt"] == "Two ministers at a table"


def test_a_small_picture_is_not_made_larger(site: Site) -> None:
    photo(site.root / "content/meetings/small.png", (300, 200))
    site.event("talks", image=IMAGE.format(src="small.png"))
    build(BuildOptions(root=site.root))
    img = site.html("meetings/talks/index.html").select_one(".event-picture img")
    assert (img["width"], img["height"]) == ("300", "200")


def test_the_first_picture_feeds_link_previews_json_ld_and_timelinejs(site: Site) -> None:
    build(BuildOptions(root=pictured(site).root))
    page = site.html("meetings/talks/index.html")
    image = page.select_one('meta[property="og:image"]')["content"]
    assert re.fullmatch(r"https://example\.org/images/\w+-1200\.jpg", image)
    assert page.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"
    data = json.loads(page.select_one('script[type="application/ld+json"]').get_text())
    assert data["image"] == [image]
    slide = json.loads((site.build_dir / "timeline.json").read_text("utf-8"))["events"][0]
    assert slide["media"]["url"] == image
    assert slide["media"]["alt"] == "Two ministers at a table"
    assert slide["media"]["credit"] == "The editors"


def test_a_picture_with_transparency_falls_back_to_png(site: Site) -> None:
    photo(site.root / "content/meetings/logo.png", (800, 400), mode="RGBA")
    site.event("talks", image=IMAGE.format(src="logo.png"))
    build(BuildOptions(root=site.root))
    img = site.html("meetings/talks/index.html").select_one(".event-picture img")
    assert img["src"].endswith("-800.png")


def test_a_picture_from_static(site: Site) -> None:
    photo(site.root / "static/images/map.jpg", (1000, 500))
    site.event("talks", image=IMAGE.format(src="/images/map.jpg"))
    build(BuildOptions(root=site.root))
    img = site.html("meetings/talks/index.html").select_one(".event-picture img")
    assert img["src"].startswith("/images/") and img["src"].endswith("-1000.jpg")


@pytest.mark.parametrize(
    ("image", "field", "said"),
    [
        ("\n  src: talks.jpg\n  credit: The editors", "image.alt", "is required"),
        ("\n  src: talks.jpg\n  alt: A table", "image.credit", "is required"),
        (IMAGE.format(src="missing.jpg"), "image.src", "is not a file"),
        (IMAGE.format(src="../../site.yaml"), "image.src", "is not a file"),
        (IMAGE.format(src="https://example.org/a.jpg"), "image.src", "is an address"),
        (IMAGE.format(src="notes.jpg"), "image.src", "cannot be read as an image"),
    ],
)
def test_a_picture_that_cannot_be_shown_is_a_problem_at_its_file(
    site: Site, image: str, field: str, said: str
) -> None:
    photo(site.root / "content/meetings/talks.jpg")
    site.write("content/meetings/notes.jpg", "not a picture")
    site.event("other")
    build(BuildOptions(root=site.root))
    before = site.snapshot()
    site.event("talks", image=image)
    result = run_cli(site.root, "build")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert re.search(r"content/meetings/talks\.md(:\d+)?: " + re.escape(field), result.stderr)
    assert said in result.stderr
    assert site.snapshot() == before


def test_a_missing_picture_is_reported_at_its_line(site: Site) -> None:
    site.event("talks", image=IMAGE.format(src="missing.jpg"))
    with pytest.raises(SiteError) as raised:
        build(BuildOptions(root=site.root))
    (problem,) = raised.value.problems
    assert (problem.path, problem.line, problem.field) == (
        "content/meetings/talks.md",
        11,
        "image.src",
    )


def test_pictures_are_made_once_and_again_when_the_image_changes(site: Site) -> None:
    pictured(site)
    builder = SiteBuilder(BuildOptions(root=site.root))
    build(BuildOptions(root=site.root))
    made = sorted(path.name for path in (site.build_dir / "images").iterdir())
    cached = site.root / ".cache" / "pictures"
    times = {path.name: path.stat().st_mtime_ns for path in cached.iterdir()}
    builder.build()
    assert {path.name: path.stat().st_mtime_ns for path in cached.iterdir()} == times
    photo(site.root / "content/meetings/talks.jpg", (1800, 1200))
    build(BuildOptions(root=site.root))
    remade = sorted(path.name for path in (site.build_dir / "images").iterdir())
    assert not set(made) & set(remade)  # new addresses; the old files are gone
    img = site.html("meetings/talks/index.html").select_one(".event-picture img")
    assert (img["width"], img["height"]) == ("1600", "1067")


def test_a_new_build_reads_no_image_whose_status_is_as_kept(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit build of a site of many pictures does not read and hash every image again;
    an image rewritten since, even with its old modification time and size, is read."""
    import site_builder.incremental.content as content

    monkeypatch.setattr(content, "RECENT_NS", 0)  # the test's files are seconds old
    image = photo(site.root / "content/meetings/talks.jpg")
    site.event("talks", image=IMAGE.format(src="talks.jpg"))
    build(BuildOptions(root=site.root))
    read: list[Path] = []
    real = Path.read_bytes

    def reading(path: Path) -> bytes:
        read.append(path)
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", reading)
    site.event("talks", image=IMAGE.format(src="talks.jpg"), title="Talks, edited")
    SiteBuilder(BuildOptions(root=site.root)).build()  # a new process's builder
    assert image not in read
    before = image.stat()
    data = image.read_bytes()
    middle = len(data) // 2  # a bit of the image's pixels: the same size, still a JPEG
    image.write_bytes(data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1 :])
    os.utime(image, ns=(before.st_atime_ns, before.st_mtime_ns))  # the old time, put back
    SiteBuilder(BuildOptions(root=site.root)).build()
    assert read.count(image) == 2  # here, and in the build: its change time moved


def test_a_translation_words_the_picture_in_its_language(tmp_path: Path) -> None:
    from test_translations import three_languages

    site = three_languages(tmp_path / "site")
    photo(site.root / "content/meetings/jakarta.jpg")
    text = (site.root / "content/meetings/jakarta.md").read_text("utf-8")
    with_image = text.replace("---\n", "---\nimage:" + IMAGE.format(src="jakarta.jpg") + "\n", 1)
    site.write("content/meetings/jakarta.md", with_image)
    zh = (site.root / "content/meetings/jakarta.zh.md").read_text("utf-8")
    zh_image = "image:\n  src: jakarta.jpg\n  alt: 两位外长在桌旁\n  credit: 编者\n"
    site.write("content/meetings/jakarta.zh.md", zh.replace("---\n", "---\n" + zh_image, 1))
    build(BuildOptions(root=site.root))
    zh_img = site.html("zh/meetings/jakarta/index.html").select_one(".event-picture img")
    en_img = site.html("meetings/jakarta/index.html").select_one(".event-picture img")
    assert zh_img["alt"] == "两位外长在桌旁"
    assert zh_img["src"] == en_img["src"]  # one file for every language, at the root
    assert (site.build_dir / zh_img["src"].lstrip("/")).is_file()


PERSON = """\
---
name: Wang Yi
image:
  src: wang-yi.jpg
  alt: Wang Yi at a lectern
  credit: The editors
---
A minister.
"""


def test_a_person_page_shows_the_persons_picture_and_feeds_link_previews(site: Site) -> None:
    photo(site.root / "content/people/wang-yi.jpg", (900, 1200))
    site.write("content/people/wang-yi.md", PERSON)
    site.event("talks", participants="\n  - name: Wang Yi")
    build(BuildOptions(root=site.root))
    page = site.html("people/wang-yi/index.html")
    img = page.select_one(".person-picture img")
    assert img["alt"] == "Wang Yi at a lectern"
    assert (img["width"], img["height"]) == ("900", "1200")  # not made larger
    assert page.select_one(".person-picture source")["srcset"]
    assert "Picture: The editors" in page.select_one(".person-picture figcaption").get_text()
    preview = page.select_one('meta[property="og:image"]')["content"]
    assert preview == "https://example.org" + img["src"]
    with Image.open(site.build_dir / img["src"].lstrip("/")) as fallback:
        assert fallback.format == "JPEG"
    data = json.loads(page.select_one('script[type="application/ld+json"]').get_text())
    assert data["image"] == preview


@pytest.mark.parametrize(
    ("image", "at", "said"),
    [
        ("wang-yi.jpg", "3: image", "must be a picture, {src: FILE, alt:"),
        ("\n  src: wang-yi.jpg\n  credit: The editors", "3: image.alt", "is required"),
        ("\n  src: gone.jpg\n  alt: A man\n  credit: The editors", "4: image.src", "is not a file"),
    ],
)
def test_a_persons_picture_that_cannot_be_shown_is_a_problem_at_its_line(
    site: Site, image: str, at: str, said: str
) -> None:
    photo(site.root / "content/people/wang-yi.jpg")
    site.write("content/people/wang-yi.md", f"---\nname: Wang Yi\nimage: {image}\n---\n")
    site.event("talks")
    result = run_cli(site.root, "build")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"content/people/wang-yi.md:{at}: " in result.stderr
    assert said in result.stderr
    assert not site.build_dir.exists()


def test_a_site_without_pictures_is_built_without_importing_pillow(site: Site) -> None:
    """Pillow takes a noticeable part of a small build's start: only a site with a picture
    to make or to key imports it."""
    site.event("a", date="2023-01-01")
    script = (
        "import sys\n"
        "from site_builder.cli import main\n"
        "status = main(['build', '-s', sys.argv[1]])\n"
        "print(status, 'PIL' in sys.modules)\n"
    )
    done = run_python(script, str(site.root))
    assert done.stdout.splitlines()[-1] == "0 False", done.stderr
    assert (site.build_dir / "meetings" / "a" / "index.html").is_file()
