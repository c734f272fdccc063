"""The trigger lexicon: which words state an event, and which CAMEO code they state.

Each entry names a trigger word by its spaCy lemma and part of speech ("visit" as a
verb, "accession" as a noun), the CAMEO code it codes to, the prepositions that
introduce its target, and the words one of which must depend on it for a
multiword trigger ("open" + "embassy", "take" + "part"). The entries are data
(`comity/data/lexicon/en.jsonl`), checked against the codebook when loaded.

The lexicon also lists light verbs ("held talks", "made a visit": the verb lends
its subject to the event noun) and every inflected form of its trigger words,
which the prefilter uses to decide which sentences are worth parsing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from comity.errors import ConfigError, ExtractionError
from comity.extract.codebook import Codebook
from comity.jsonl import json_object
from comity.models import Mode

PARTS_OF_SPEECH = ("VERB", "NOUN")
_REQUIRED_FIELDS = frozenset({"lemma", "pos", "cameo", "target_preps", "requires", "example"})
_OPTIONAL_FIELDS = frozenset({"mode", "note", "reverse"})
_VOWELS = frozenset("aeiou")
_SIBILANT_ENDINGS = ("s", "x", "z", "ch", "sh")


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """One way of stating an event: a trigger word and the CAMEO code it codes to."""

    lemma: str
    pos: str  # "VERB" or "NOUN"
    cameo: str
    target_preps: tuple[str, ...]
    requires: tuple[str, ...]  # at least one must be a dependent of the trigger; () for none
    example: str
    mode: Mode | None = None  # set when the word itself states an intention ("pledge")
    note: str | None = None
    # "received weapons from X": the subject is the recipient, the target the one acting.
    reverse: bool = False
    origin: str = field(default="", compare=False)  # "en.jsonl line 12", for error messages


@dataclass(frozen=True)
class AgentNouns:
    """Group nouns that a state's adjective turns into one of its agents ("Syrian rebels").

    `sectors` maps a noun lemma to a CAMEO-style agent code (REB, OPP, CVL, COP, MIL);
    `non_state` holds the codes of agents that are not the state itself, which may
    act towards their own state's government ("Georgian protesters" and Tbilisi).
    """

    sectors: Mapping[str, str]
    non_state: frozenset[str]

    def sector_of(self, lemma: str) -> str | None:
        return self.sectors.get(lemma.lower())

    def is_domestic_pair(self, source_sector: str | None, target_sector: str | None) -> bool:
        """Two agents of one state that are different actors: a non-state one and another."""
        return source_sector != target_sector and bool(
            {source_sector, target_sector} & self.non_state
        )


class TriggerLexicon:
    """Trigger entries indexed by (lemma, part of speech), with light verbs and word forms."""

    def __init__(
        self,
        entries: Iterable[TriggerEntry],
        light_verbs: Iterable[str] = (),
        irregular_forms: Mapping[str, Iterable[str]] | None = None,
        agents: AgentNouns | None = None,
    ) -> None:
        self.entries = tuple(entries)
        self.agents = agents or AgentNouns({}, frozenset())
        _reject_duplicates(self.entries)
        self._index: dict[tuple[str, str], list[TriggerEntry]] = {}
        for entry in self.entries:
            self._index.setdefault((entry.lemma, entry.pos), []).append(entry)
        for candidates in self._index.values():
            # A stable sort: entries with `requires` first, file order within each group.
            candidates.sort(key=lambda entry: not entry.requires)
        self._light_verbs = frozenset(verb.lower() for verb in light_verbs)
        self._irregular = {lemma: tuple(forms) for lemma, forms in (irregular_forms or {}).items()}
        self._surface_forms = frozenset(
            form for entry in self.entries for form in self.forms_of(entry)
        )

    @classmethod
    def load(
        cls, language: str = "en", extra: Path | None = None, *, codebook: Codebook | None = None
    ) -> TriggerLexicon:
        """The lexicon shipped for `language`, plus the entries of an `extra` JSONL file.

        Every entry's CAMEO code must be listed in `codebook` (the shipped one by
        default); a bad entry raises ExtractionError naming its file and line.
        """
        folder = resources.files("comity").joinpath("data", "lexicon")
        main = folder.joinpath(f"{language}.jsonl")
        if not main.is_file():
            raise ConfigError(f"no trigger lexicon for language {language!r}")
        codebook = codebook or Codebook.load()
        entries = read_entries(main, codebook)
        if extra is not None:
            entries += read_entries(extra, codebook)
        return cls(
            entries,
            _read_word_list(folder.joinpath(f"light_verbs_{language}.txt")),
            _read_irregular_forms(folder.joinpath(f"irregular_{language}.tsv")),
            _read_agent_nouns(folder.joinpath(f"agents_{language}.tsv")),
        )

    def entries_for(self, lemma: str, pos: str) -> list[TriggerEntry]:
        """The entries for a lemma and part of speech, those with `requires` first."""
        return list(self._index.get((lemma.lower(), pos), ()))

    def light_verbs(self) -> frozenset[str]:
        """Verbs that lend their subject to an event noun: "held talks", "made a visit"."""
        return self._light_verbs

    def surface_forms(self) -> frozenset[str]:
        """Every lower-case word form that can realise a trigger lemma (a superset, never short)."""
        return self._surface_forms

    def forms_of(self, entry: TriggerEntry) -> frozenset[str]:
        """The word forms that can realise `entry`'s lemma: "visit" -> visits, visited, visiting."""
        regular = verb_forms(entry.lemma) if entry.pos == "VERB" else noun_forms(entry.lemma)
        return frozenset(regular.union(self._irregular.get(entry.lemma, ())))

    def non_state_agent_forms(self) -> frozenset[str]:
        """Word forms of the group nouns that name non-state actors ("rebel", "rebels")."""
        return frozenset(
            form
            for lemma, sector in self.agents.sectors.items()
            if sector in self.agents.non_state
            for form in noun_forms(lemma)
        )

    def required_words(self) -> dict[str, frozenset[str]]:
        """For each trigger form that can only trigger with a required word ("took" needs
        "part" or "control"), every word form of those required words.

        A form that any entry realises without requirements is not listed: it may
        trigger alone. Used by the prefilter to skip sentences that lack them.
        """
        needed: dict[str, set[str]] = {}
        free: set[str] = set()
        for entry in self.entries:
            for form in self.forms_of(entry):
                if not entry.requires:
                    free.add(form)
                else:
                    needed.setdefault(form, set()).update(
                        word
                        for lemma in entry.requires
                        for word in verb_forms(lemma)
                        | noun_forms(lemma)
                        | set(self._irregular.get(lemma, ()))
                    )
        return {form: frozenset(words) for form, words in needed.items() if form not in free}

    def __iter__(self) -> Iterator[TriggerEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


def read_entries(source: Path | Traversable, codebook: Codebook) -> list[TriggerEntry]:
    """The entries of one JSONL lexicon file, validated line by line."""
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as error:
        raise ExtractionError(f"cannot read trigger lexicon {source}: {error}") from error
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            entries.append(_parse_entry(line, f"{source.name} line {number}", codebook))
    return entries


def _parse_entry(line: str, origin: str, codebook: Codebook) -> TriggerEntry:
    try:
        record = json_object(line)
    except ValueError as error:
        raise ExtractionError(f"{origin}: {error}") from error
    _check_fields(record, origin)
    lemma = _text(record, "lemma", origin)
    if lemma != lemma.lower() or " " in lemma:
        raise ExtractionError(f"{origin}: lemma {lemma!r} must be one lower-case word")
    pos = _text(record, "pos", origin)
    if pos not in PARTS_OF_SPEECH:
        raise ExtractionError(
            f"{origin}: pos must be one of {', '.join(PARTS_OF_SPEECH)}, got {pos!r}"
        )
    cameo = _text(record, "cameo", origin)
    if cameo not in codebook:
        raise ExtractionError(f"{origin}: unknown CAMEO code {cameo!r}")
    return TriggerEntry(
        lemma=lemma,
        pos=pos,
        cameo=cameo,
        target_preps=_words(record, "target_preps", origin),
        requires=_words(record, "requires", origin),
        example=_text(record, "example", origin),
        mode=_mode(record, origin),
        note=_text(record, "note", origin) if "note" in record else None,
        reverse=_flag(record, "reverse", origin),
        origin=origin,
    )


def _check_fields(record: dict[str, Any], origin: str) -> None:
    missing = _REQUIRED_FIELDS - record.keys()
    if missing:
        raise ExtractionError(f"{origin}: missing field(s) {', '.join(sorted(missing))}")
    unknown = record.keys() - _REQUIRED_FIELDS - _OPTIONAL_FIELDS
    if unknown:
        raise ExtractionError(f"{origin}: unknown field(s) {', '.join(sorted(unknown))}")


def _text(record: dict[str, Any], name: str, origin: str) -> str:
    value = record[name]
    if not isinstance(value, str) or not value.strip():
        raise ExtractionError(f"{origin}: {name} must be a non-empty string")
    return value


def _words(record: dict[str, Any], name: str, origin: str) -> tuple[str, ...]:
    value = record[name]
    if not isinstance(value, list) or not all(isinstance(word, str) and word for word in value):
        raise ExtractionError(f"{origin}: {name} must be a list of words")
    return tuple(word.lower() for word in value)


def _flag(record: dict[str, Any], name: str, origin: str) -> bool:
    value = record.get(name, False)
    if not isinstance(value, bool):
        raise ExtractionError(f"{origin}: {name} must be true or false")
    return value


def _mode(record: dict[str, Any], origin: str) -> Mode | None:
    if "mode" not in record:
        return None
    try:
        return Mode(record["mode"])
    except ValueError as error:
        raise ExtractionError(f"{origin}: unknown mode {record['mode']!r}") from error


def _reject_duplicates(entries: Iterable[TriggerEntry]) -> None:
    seen: dict[tuple[str, str, frozenset[str]], TriggerEntry] = {}
    for entry in entries:
        key = (entry.lemma, entry.pos, frozenset(entry.requires))
        if key in seen:
            raise ExtractionError(
                f"{entry.origin}: duplicate trigger {entry.lemma!r} ({entry.pos}) with the same "
                f"requires as {seen[key].origin or 'an earlier entry'}"
            )
        seen[key] = entry


def _read_word_list(source: Traversable) -> list[str]:
    return [
        line.strip() for line in source.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def _read_agent_nouns(source: Traversable) -> AgentNouns:
    """agents_<language>.tsv: `lemma<TAB>sector<TAB>state (yes/no)` after a header line."""
    if not source.is_file():
        return AgentNouns({}, frozenset())
    sectors: dict[str, str] = {}
    non_state: set[str] = set()
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines()[1:], start=2):
        cells = [cell.strip() for cell in line.split("\t")]
        if not cells[0]:
            continue
        if len(cells) < 3 or cells[2] not in ("yes", "no"):
            raise ExtractionError(f"{source.name} line {number}: expected lemma, sector, yes/no")
        sectors[cells[0].lower()] = cells[1]
        if cells[2] == "no":
            non_state.add(cells[1])
    return AgentNouns(sectors, frozenset(non_state))


def _read_irregular_forms(source: Traversable) -> dict[str, tuple[str, ...]]:
    """irregular_<language>.tsv: `lemma<TAB>form form ...` after a header line."""
    forms: dict[str, tuple[str, ...]] = {}
    for line in source.read_text(encoding="utf-8").splitlines()[1:]:
        lemma, _, words = line.partition("\t")
        if lemma.strip():
            forms[lemma.strip()] = tuple(words.split())
    return forms


# --- inflection ---------------------------------------------------------------------------
# The prefilter must never miss a sentence, so these rules over-generate: where English
# may or may not double a final consonant ("visited", "stopped", British "travelled"),
# both spellings are produced. A form no text contains costs nothing.


def verb_forms(lemma: str) -> set[str]:
    """The regular forms of a verb: base, -s, -ed, -ing (with spelling variants)."""
    return {lemma} | _s_forms(lemma) | _ed_forms(lemma) | _ing_forms(lemma)


def noun_forms(lemma: str) -> set[str]:
    """A noun and its regular plural(s)."""
    forms = {lemma} | _s_forms(lemma)
    if lemma.endswith("is"):
        forms.add(lemma[:-2] + "es")  # crisis -> crises
    if lemma.endswith("fe"):
        forms.add(lemma[:-2] + "ves")
    elif lemma.endswith("f"):
        forms.add(lemma[:-1] + "ves")
    return forms


def _s_forms(word: str) -> set[str]:
    if _ends_consonant_y(word):
        return {word[:-1] + "ies"}
    if word.endswith(_SIBILANT_ENDINGS):
        return {word + "es"}
    if word.endswith("o"):
        return {word + "s", word + "es"}  # vetoes, embargoes; but also "photos"
    return {word + "s"}


def _ed_forms(word: str) -> set[str]:
    if word.endswith("e"):
        return {word + "d"}
    if _ends_consonant_y(word):
        return {word[:-1] + "ied"}
    if word.endswith("c"):
        return {word + "ked", word + "ed"}  # panicked
    forms = {word + "ed"}
    if _may_double(word):
        forms.add(word + word[-1] + "ed")
    return forms


def _ing_forms(word: str) -> set[str]:
    if word.endswith("ie"):
        return {word[:-2] + "ying", word + "ing"}
    if word.endswith("e"):
        return {word[:-1] + "ing", word + "ing"}  # "visiting" drops the e, "agreeing" keeps it
    if word.endswith("c"):
        return {word + "king", word + "ing"}
    forms = {word + "ing"}
    if _may_double(word):
        forms.add(word + word[-1] + "ing")
    return forms


def _ends_consonant_y(word: str) -> bool:
    return len(word) > 1 and word.endswith("y") and word[-2] not in _VOWELS


def _may_double(word: str) -> bool:
    """A final consonant after a vowel may double: stop -> stopped, travel -> travelled."""
    return (
        len(word) > 1 and word[-1] not in _VOWELS and word[-1] not in "wxy" and word[-2] in _VOWELS
    )
