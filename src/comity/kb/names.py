"""The written forms of a person's name: full names and initials forms.

From given names, patronymic and surname spellings this derives the forms news
and official texts use: "Recep Tayyip Erdoğan", "R.T. Erdogan", "R. T. Erdogan",
"Erdogan R.T.", and the Russian-style initials in which a transliterated digraph
stays whole: Sooronbay Sharipovich Jeenbekov -> "S.Sh. Jeenbekov".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator

from comity.kb.records import PersonRecord

# Latin spellings of single Cyrillic letters (Ш, Ж, Ч, Х, Ц, Ю, Я, Е, Ё) that
# Russian-style initials keep as two letters: "Sh.", "Zh.", "Kh."
_DIGRAPHS = ("Sh", "Zh", "Ch", "Kh", "Ts", "Yu", "Ya", "Ye", "Yo")
_INITIAL_GAP = re.compile(r"\.(?=\w)")


def surnames(person: PersonRecord) -> list[str]:
    """The surname and its spelling variants, first spelling first."""
    return _unique([person.surname, *person.surname_variants])


def full_names(person: PersonRecord) -> list[str]:
    """Full-name forms: the record's name and aliases, and given names + each surname."""
    forms = [person.name, *person.aliases]
    given = person.given_names
    for surname in surnames(person):
        if not given:
            continue
        forms.append(f"{' '.join(given)} {surname}")
        forms.append(f"{given[0]} {surname}")
        if person.patronymic:
            forms.append(f"{given[0]} {person.patronymic} {surname}")
    return _unique(forms)


def initials_names(person: PersonRecord) -> list[str]:
    """Initials forms with each surname spelling: "R.T. Erdogan", "R.T.Erdogan", "Erdogan R.T."."""
    forms: list[str] = []
    for initials in initials_variants(person):
        for surname in surnames(person):
            forms.extend((f"{initials} {surname}", f"{initials}{surname}", f"{surname} {initials}"))
    return _unique(forms)


def initials_variants(person: PersonRecord) -> list[str]:
    """Every initials string for the person, compact ("S.Sh.") and spaced ("S. Sh.")."""
    compact = [*_derived_initials(person), *person.initials]
    spaced = [_INITIAL_GAP.sub(". ", initials) for initials in compact]
    return _unique([*compact, *spaced])


def _derived_initials(person: PersonRecord) -> Iterator[str]:
    given = person.given_names
    if not given:
        return
    yield from _joined_initials([given[0]])
    if len(given) > 1:
        yield from _joined_initials(given)
    if person.patronymic:
        yield from _joined_initials([given[0], person.patronymic])


def _joined_initials(names: Iterable[str]) -> Iterator[str]:
    for combination in itertools.product(*(name_initials(name) for name in names)):
        yield "".join(combination)


def name_initials(name: str) -> list[str]:
    """The initials one name can be written with: "Sharipovich" -> ["Sh.", "S."]."""
    if "-" in name:
        parts = [name_initials(part)[0] for part in name.split("-") if part]
        return ["-".join(parts)]
    head = name[:2]
    if head in _DIGRAPHS and len(name) > 2:
        return [f"{head}.", f"{name[0]}."]
    return [f"{name[0]}."]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))
