"""A deterministic synthetic timeline of N events, for benchmarks.

    python -m benchmarks.synthetic 1000 /tmp/site-1000

Each event has about 450 words of body, two participants, a few topics and a source; the
same seed always gives the same files. Templates and static files are the project's own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

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


def generate(count: int, root: Path, seed: int = 1) -> Path:
    """Write a site of `count` events at `root` (replacing what is there); returns root."""
    if root.exists():
        shutil.rmtree(root)
    (root / "content/meetings").mkdir(parents=True)
    shutil.copytree(PROJECT / "templates", root / "templates")
    shutil.copytree(PROJECT / "static", root / "static")
    (root / "site.yaml").write_text(
        f"title: Synthetic timeline of {count} events\nbase_url: http://localhost:8000/\n"
    )
    for event in events(count, seed):
        (root / f"content/meetings/{event.slug}.md").write_text(our_file(event))
    (root / "content/people").mkdir()
    for name, role, country in PARTICIPANTS:
        (root / f"content/people/{name.lower().replace(' ', '-')}.md").write_text(
            person_file(name, role, country)
        )
    return root


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
    args = parser.parse_args()
    print(generate(args.count, args.root))
