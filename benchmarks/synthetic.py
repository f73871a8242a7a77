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


def paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def event_file(index: int, rng: random.Random) -> str:
    day = dt.date(2000, 1, 1) + dt.timedelta(days=index * 3 + rng.randrange(3))
    call = rng.random() < 0.3
    topics = rng.sample(TOPICS, 3)
    lines = [
        "---",
        f"title: Synthetic event number {index}",
        f"date: {day.isoformat()}",
        f"kind: {'phone-call' if call else 'meeting'}",
        *([] if call else [f"location: {rng.choice(PLACES)}"]),
        "participants:",
        "  - {name: First Minister, role: Foreign Minister, country: A}",
        "  - {name: Second Minister, role: Foreign Minister, country: B}",
        f"topics: [{', '.join(topics)}]",
        f"summary: {paragraph(rng, 20)}",
        "sources:",
        f"  - {{outlet: Wire, title: Report {index}, published: {day.isoformat()}}}",
        "---",
    ]
    body = "\n\n".join(paragraph(rng, 90) for _ in range(5))
    return "\n".join(lines) + "\n" + body + "\n"


def generate(count: int, root: Path, seed: int = 1) -> Path:
    """Write a site of `count` events at `root` (replacing what is there); returns root."""
    if root.exists():
        shutil.rmtree(root)
    rng = random.Random(seed)
    (root / "content/meetings").mkdir(parents=True)
    shutil.copytree(PROJECT / "templates", root / "templates")
    shutil.copytree(PROJECT / "static", root / "static")
    (root / "site.yaml").write_text(
        f"title: Synthetic timeline of {count} events\nbase_url: http://localhost:8000/\n"
    )
    for index in range(count):
        (root / f"content/meetings/event-{index:05d}.md").write_text(event_file(index, rng))
    return root


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("count", type=int)
    parser.add_argument("root", type=Path)
    args = parser.parse_args()
    print(generate(args.count, args.root))
