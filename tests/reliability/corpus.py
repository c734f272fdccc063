"""Generated news-like texts for the crash test: every one different, each with events."""

from __future__ import annotations

import json
import random
from pathlib import Path

STATES = (
    "Turkey", "Azerbaijan", "Kazakhstan", "Kyrgyzstan", "Uzbekistan", "Tajikistan",
    "Turkmenistan", "Georgia", "Greece", "Cyprus", "Hungary", "Mongolia",
)  # fmt: skip
ACTIONS = (
    "signed a trade agreement with",
    "criticised",
    "met",
    "hosted talks with",
    "accused",
    "condemned",
    "praised",
    "threatened",
    "pledged aid to",
    "rejected a proposal from",
)
CITIES = ("ANKARA", "BAKU", "ASTANA", "BISHKEK", "TASHKENT", "DUSHANBE", "TBILISI", "NICOSIA")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def event_text(number: int, rng: random.Random) -> str:
    """A short dated report with two sentences that code as events; `number` makes it unique."""
    first, second = rng.sample(STATES, 2)
    third, fourth = rng.sample(STATES, 2)
    day, month = 1 + number % 28, MONTHS[number % 12]
    return (
        f"{rng.choice(CITIES)}, {day} {month} 2025 — {first} {rng.choice(ACTIONS)} {second} "
        f"on Tuesday. {third} {rng.choice(ACTIONS)} {fourth} in the capital.\n\n"
        f"Officials said report {number} was the last word on the matter."
    )


def write_event_corpus(folder: Path, *, files: int, lines: int, seed: int = 11) -> Path:
    """`files` .txt reports and a corpus.jsonl of `lines` more, one duplicate and one bad line."""
    rng = random.Random(seed)
    texts = folder / "texts"
    texts.mkdir(parents=True)
    for number in range(files):
        (texts / f"{number:03d}.txt").write_text(event_text(number, rng), encoding="utf-8")
    records = [
        {"text": event_text(files + n, rng), "url": f"https://example.org/{n}"}
        for n in range(lines)
    ]
    records.append({"text": records[0]["text"], "url": "https://example.org/again"})
    rows = [json.dumps(record, ensure_ascii=False) for record in records]
    rows.insert(len(rows) // 2, '{"text": 42}')
    (folder / "corpus.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder
