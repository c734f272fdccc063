"""What extraction needs for one language, held together.

Each language comity codes has its own parser, trigger lexicon, gazetteer (the
names as they are written in that language), prefilter and date words; the
knowledge base, codebook and coder rules are shared. The extractor picks the kit
of each document's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from spacy.tokens import Doc

from comity.extract.codebook import Codebook
from comity.extract.coder import EventCoder
from comity.extract.dates import DateGrammar, date_grammar
from comity.extract.lexicon import TriggerLexicon
from comity.kb import Gazetteer, KnowledgeBase
from comity.nlp.prefilter import Prefilter


class Parser(Protocol):
    """Anything that parses texts into spaCy Docs in order: a spaCy pipeline, or
    `comity.nlp.russian.RussianParser`."""

    def pipe(self, texts: Iterable[str], *, batch_size: int = ...) -> Iterator[Doc]: ...


@dataclass(frozen=True)
class LanguageKit:
    """The loaded resources that code documents of one language."""

    language: str
    gazetteer: Gazetteer
    prefilter: Prefilter
    coder: EventCoder
    nlp: Parser
    dates: DateGrammar


def build_kit(
    language: str,
    kb: KnowledgeBase,
    lexicon: TriggerLexicon,
    codebook: Codebook,
    nlp: Parser,
    *,
    extractor: str,
    gazetteer: Gazetteer | None = None,
    prefilter: bool = True,
) -> LanguageKit:
    """A kit from loaded resources; the gazetteer defaults to the knowledge base's names."""
    return LanguageKit(
        language=language,
        gazetteer=gazetteer or Gazetteer(kb, generic_institutions=True),
        prefilter=Prefilter(
            lexicon.surface_forms(),
            noun_forms=noun_forms(lexicon),
            # English inflects the required words regularly enough to list their forms;
            # Russian declension does not, so its kit checks the trigger alone.
            required=lexicon.required_words() if language == "en" else None,
            domestic_forms=lexicon.non_state_agent_forms(),
            enabled=prefilter,
        ),
        coder=EventCoder(kb, lexicon, codebook, extractor=extractor, language=language),
        nlp=nlp,
        dates=date_grammar(language),
    )


def noun_forms(lexicon: TriggerLexicon) -> frozenset[str]:
    """Every word form of the lexicon's noun triggers."""
    return frozenset(
        form for entry in lexicon if entry.pos == "NOUN" for form in lexicon.forms_of(entry)
    )
