"""A deterministic synthetic timeline of N events, for benchmarks.

    python -m benchmarks.synthetic 1000 /tmp/site-1000
    python -m benchmarks.synthetic 1000 /tmp/site-1000 --images   # a picture per event

Each event has about 450 words of body, two participants, a few topics and a source; the
same seed always gives the same files. Templates and static files are the project's own.
With `--images`, each event also shows a picture of its own beside its file (a JPEG of
1,200 x 630 pixels, the shape of a link preview, in colours drawn from its number).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image as PillowImage
from PIL import ImageDraw

PROJECT = Path(__file__).resolve().parent.parent
VOCABULARY = """ministers met discussed cooperation trade energy security regional partners agreed
relations strategic summit dialogue framework development economic talks council issues
peace stability exchange visit position support multilateral mechanisms"""
WORDS = VOCABULARY.split()
TOPICS = [f"Topic {letter}" for letter in "ABCDEFGHIJ"]
PLACES = [
    "Jakarta, Indonesia",
    "Moscow, Russia",
    "Beijing, China",
    "Vientiane, Laos",
    "Astana, Kazakhstan",
]
PARTICIPANTS = [
    ("First Minister", "Foreign Minister", "A"),
    ("Second Minister", "Foreign Minister", "B"),
]
OUTLET = "Wire"


def paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


@dataclass(frozen=True)
class SyntheticEvent:
    """One event's facts, drawn once, so every format says the same thing."""

    index: int
    day: dt.date
    call: bool
    topics: list[str]
    location: str | None
    summary: str
    paragraphs: list[str]

    @property
    def slug(self) -> str:
        return f"event-{self.index:05d}"

    @property
    def title(self) -> str:
        return f"Synthetic event number {self.index}"

    @property
    def kind(self) -> str:
        return "phone-call" if self.call else "meeting"

    @property
    def body(self) -> str:
        """The Markdown body, the same bytes in every tool's format."""
        return "\n\n".join(self.paragraphs) + "\n"


def make_event(index: int, rng: random.Random) -> SyntheticEvent:
    day = dt.date(2000, 1, 1) + dt.timedelta(days=index * 3 + rng.randrange(3))
    call = rng.random() < 0.3
    topics = rng.sample(TOPICS, 3)
    location = None if call else rng.choice(PLACES)
    summary = paragraph(rng, 20)
    paragraphs = [paragraph(rng, 90) for _ in range(5)]
    return SyntheticEvent(index, day, call, topics, location, summary, paragraphs)


def events(count: int, seed: int = 1) -> Iterator[SyntheticEvent]:
    """The `count` events of the site that `generate(count, root, seed)` writes, in order."""
    rng = random.Random(seed)
    for index in range(count):
        yield make_event(index, rng)


def front_matter(event: SyntheticEvent) -> str:
    """The event's YAML front matter in our format, between its `---` lines."""
    day = event.day.isoformat()
    lines = [
        "---",
        f"title: {event.title}",
        f"date: {day}",
        f"kind: {event.kind}",
        *([] if event.location is None else [f"location: {event.location}"]),
        "participants:",
        *(
            f"  - {{name: {name}, role: {role}, country: {country}}}"
            for name, role, country in PARTICIPANTS
        ),
        f"topics: [{', '.join(event.topics)}]",
        f"summary: {event.summary}",
        "sources:",
        f"  - {{outlet: {OUTLET}, title: Report {event.index}, published: {day}}}",
        "---",
    ]
    return "\n".join(lines) + "\n"


def our_file(event: SyntheticEvent) -> str:
    """The event as a file of our format: front matter, then the body."""
    return front_matter(event) + event.body


def event_file(index: int, rng: random.Random) -> str:
    return our_file(make_event(index, rng))


def generate(count: int, root: Path, seed: int = 1, images: bool = False) -> Path:
    """Write a site of `count` events at `root` (replacing what is there), each with a
    picture when `images`; returns root."""
    if root.exists():
        shutil.rmtree(root)
    (root / "content/meetings").mkdir(parents=True)
    shutil.copytree(PROJECT / "templates", root / "templates")
    shutil.copytree(PROJECT / "static", root / "static")
    (root / "site.yaml").write_text(
        f"title: Synthetic timeline of {count} events\nbase_url: http://localhost:8000/\n"
    )
    for event in events(count, seed):
        text = our_file(event)
        if images:
            picture(event.index).save(root / f"content/meetings/{event.slug}.jpg", quality=80)
            shown = f"image: {{src: {event.slug}.jpg, alt: Picture {event.index}, credit: Ours}}\n"
            text = text.replace("---\n", "---\n" + shown, 1)
        (root / f"content/meetings/{event.slug}.md").write_text(text)
    (root / "content/people").mkdir()
    for name, role, country in PARTICIPANTS:
        (root / f"content/people/{name.lower().replace(' ', '-')}.md").write_text(
            person_file(name, role, country)
        )
    return root


def picture(index: int) -> PillowImage.Image:
    """An event's own picture: bands of colours drawn from its number, so that no two
    events' bytes are the same (each is resized on its own)."""
    rng = random.Random(index)
    image = PillowImage.new("RGB", (1200, 630), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for top in range(0, 630, 90):
        draw.rectangle((0, top, 1200, top + 45), fill=tuple(rng.randrange(256) for _ in range(3)))
    return image


def person_file(name: str, role: str, country: str) -> str:
    """A person file for a participant of every event: their page lists them all."""
    return (
        f"---\nname: {name}\ncountry: {country}\nroles:\n  - {{title: {role}}}\n---\n"
        f"{paragraph(random.Random(name), 60)}\n"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("count", type=int)
    parser.add_argument("root", type=Path)
    parser.add_argument("--images", action="store_true", help="a picture per event")
    args = parser.parse_args()
    print(generate(args.count, args.root, images=args.images))
