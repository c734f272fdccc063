"""Build src/comity/data/kb/states.jsonl from pycountry and the hand-written supplement.

pycountry gives every ISO 3166-1 entry (codes, English and official names) and
its Russian translations; `states_extra.jsonl` adds what ISO does not carry
(common short names, former names, abbreviations, capitals, adjectives,
demonyms) and the states ISO does not list (TRNC, Kosovo, Abkhazia ...).
The output is committed; run this after editing the supplement or upgrading
pycountry, and `--check` in CI to see that the committed file is current.

    python scripts/build_states.py [--check]
"""

from __future__ import annotations

import argparse
import gettext
import json
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pycountry

DATA_DIR = Path(__file__).resolve().parent.parent / "src" / "comity" / "data" / "kb"
SUPPLEMENT = DATA_DIR / "states_extra.jsonl"
OUTPUT = DATA_DIR / "states.jsonl"

# Field order of an output line; absent or empty fields are left out.
FIELDS = (
    "code",
    "iso2",
    "iso_numeric",
    "recognition",
    "name",
    "official_name",
    "names",
    "abbreviations",
    "capital",
    "capital_aliases",
    "capital_note",
    "adjectives",
    "demonyms",
    "russian",
    "uninhabited",
    "start",
    "end",
)
COPIED_FIELDS = ("capital", "capital_note", "uninhabited", "start", "end", "recognition")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if states.jsonl is stale")
    args = parser.parse_args(argv)
    text = render(build_states(read_supplement(SUPPLEMENT)))
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} is out of date: run scripts/build_states.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {text.count(chr(10))} states to {OUTPUT}")
    return 0


def read_supplement(path: Path) -> dict[str, dict[str, Any]]:
    entries: dict[str, dict[str, Any]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        entry = json.loads(line)
        if entry["code"] in entries:
            raise SystemExit(f"{path}:{number}: {entry['code']} listed twice")
        entries[entry["code"]] = entry
    return entries


def build_states(supplement: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """ISO states merged with their supplement entries, then the non-ISO states."""
    russian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    states = []
    iso_codes = set()
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        iso_codes.add(country.alpha_3)
        extra = supplement.get(country.alpha_3)
        if extra is None:
            raise SystemExit(
                f"{country.alpha_3} ({country.name}) has no entry in {SUPPLEMENT.name}"
            )
        states.append(merge_iso_state(country, extra, russian))
    for code, extra in supplement.items():
        if code not in iso_codes:
            states.append(non_iso_state(extra))
    return states


def merge_iso_state(
    country: Any, extra: dict[str, Any], russian: gettext.NullTranslations
) -> dict[str, Any]:
    iso_names = [country.name, getattr(country, "official_name", None)]
    common = getattr(country, "common_name", None)
    name = extra.get("name") or common or country.name
    dropped = set(extra.get("drop_names", ())) | {name}
    names = [n for n in [*readable(iso_names + [common]), *extra.get("names", ())] if n]
    state: dict[str, Any] = {
        "code": country.alpha_3,
        "iso2": country.alpha_2,
        "iso_numeric": country.numeric,
        "name": name,
        "official_name": without_article(getattr(country, "official_name", None)),
        "names": unique(without_article(n) for n in names if n not in dropped),
        "abbreviations": extra.get("abbreviations", []),
        "capital_aliases": extra.get("capital_aliases", []),
        "adjectives": extra.get("adjectives", []),
        "demonyms": extra.get("demonyms", []),
        "russian": unique(
            n
            for n in [
                *readable(russian.gettext(n) for n in iso_names + [common] if n),
                *extra.get("russian", ()),
            ]
            if n not in dropped
        ),
    }
    if state["official_name"] in (None, name):
        state["official_name"] = None
    for field in COPIED_FIELDS:
        if field in extra:
            state[field] = extra[field]
    return state


def non_iso_state(extra: dict[str, Any]) -> dict[str, Any]:
    state = {key: value for key, value in extra.items() if key in FIELDS}
    state["names"] = unique(n for n in extra.get("names", ()) if n != extra["name"])
    return state


def readable(names: Iterable[str | None]) -> Iterator[str]:
    """ISO list forms ("Korea, Republic of", "Holy See (Vatican City State)") are not how texts
    name a country; stress marks in the Russian translations are dropped."""
    for name in names:
        if not name or "," in name or "(" in name:
            continue
        yield unicodedata.normalize("NFC", name.replace("\u0301", ""))


def without_article(name: str | None) -> str | None:
    if name and name.startswith("the "):
        return name[4:]
    return name


def unique(items: Iterable[str | None]) -> list[str]:
    return [item for item in dict.fromkeys(items) if item]


def render(states: list[dict[str, Any]]) -> str:
    lines = []
    for state in states:
        ordered = {field: state[field] for field in FIELDS if has_value(state.get(field))}
        lines.append(json.dumps(ordered, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def has_value(value: Any) -> bool:
    return value not in (None, [], "", False)


if __name__ == "__main__":
    sys.exit(main())
