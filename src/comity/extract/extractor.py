"""The extraction stage: a document in, its mentions and events out.

Per document: split sentences, find names with the gazetteer over the whole text
in one pass, find dates, keep the sentences the prefilter admits, parse those in
batches across documents with `nlp.pipe`, and code the parses into events.
Each document goes through the `LanguageKit` of its language (issue 12):
English is loaded with the extractor, Russian on the first Russian document.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from spacy.language import Language

from comity import __version__
from comity.extract.codebook import Codebook
from comity.extract.coder import EventCoder, ParsedSentence
from comity.extract.instruments import signing_events
from comity.extract.kit import LanguageKit, build_kit
from comity.extract.lexicon import TriggerLexicon
from comity.kb import KnowledgeBase
from comity.models import Claim, Document, Event, Mention, TimeExpr
from comity.nlp import load_language_model
from comity.nlp.parse_view import parse_view
from comity.nlp.prefilter import SentenceFacts
from comity.nlp.sentences import SentenceSpan, split_sentences
from comity.relations.derive import ClaimDeriver, SentenceInput

EXTRACTOR_NAME = f"comity-rules/{__version__}"
SUPPORTED_LANGUAGES = ("en", "ru")
KitLoader = Callable[..., LanguageKit]


@dataclass(frozen=True)
class Extraction:
    """What extraction found in one document, and how much work it took."""

    document: Document
    mentions: list[Mention]
    events: list[Event]
    sentences: int
    parsed: int
    unresolved_dates: list[str]
    claims: list[Claim] = field(default_factory=list)


@dataclass
class _Pending:
    document: Document
    sentences: list[ParsedSentence]
    mentions: list[Mention]
    unresolved: list[str]
    dates: list[TimeExpr]
    kit: LanguageKit


class Extractor:
    """Holds the loaded resources and runs extraction over documents."""

    def __init__(
        self,
        kb: KnowledgeBase,
        lexicon: TriggerLexicon,
        codebook: Codebook,
        nlp: Language,
        *,
        prefilter: bool = True,
        batch_size: int = 32,
    ) -> None:
        english = build_kit(
            "en", kb, lexicon, codebook, nlp, extractor=EXTRACTOR_NAME, prefilter=prefilter
        )
        self.kits: dict[str, LanguageKit] = {"en": english}
        self.kb = kb
        self.codebook = codebook
        self.use_prefilter = prefilter
        self.gazetteer = english.gazetteer
        self.prefilter = english.prefilter
        self.coder: EventCoder = english.coder
        self.relations = ClaimDeriver(kb)
        self.nlp = nlp
        self.batch_size = batch_size

    @classmethod
    def load(
        cls,
        *,
        model: str | None = None,
        kb_extra: Sequence[Path] = (),
        lexicon_extra: Path | None = None,
        prefilter: bool = True,
        batch_size: int = 32,
    ) -> Extractor:
        """Load the knowledge base, lexicon, codebook and spaCy model."""
        nlp = load_language_model(model) if model else load_language_model()
        return cls(
            KnowledgeBase.load(kb_extra),
            TriggerLexicon.load("en", lexicon_extra),
            Codebook.load(),
            nlp,
            prefilter=prefilter,
            batch_size=batch_size,
        )

    def kit_for(self, language: str | None) -> LanguageKit:
        """The kit of `language`, loaded on first use; English for a language without one."""
        code = language or "en"
        kit = self.kits.get(code)
        if kit is None:
            loader = _KIT_LOADERS.get(code)
            if loader is None:
                return self.kits["en"]
            kit = self.kits[code] = loader(
                self.kb, self.codebook, extractor=EXTRACTOR_NAME, prefilter=self.use_prefilter
            )
        return kit

    def extract(self, document: Document) -> Extraction:
        return next(self.extract_many([document]))

    def extract_many(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        """Extract from documents in order, parsing their kept sentences in batches."""
        iterator = iter(documents)
        while batch := list(islice(iterator, self.batch_size)):
            pending = [self._prepare(document) for document in batch]
            self._parse(pending)
            for item in pending:
                events = item.kit.coder.code(item.document, item.sentences, item.dates)
                claims = self.relations.derive(
                    item.document,
                    (SentenceInput(s.span, s.mentions) for s in item.sentences),
                    events,
                    item.dates,
                )
                events += signing_events(
                    item.document, claims, events, self.codebook, self.kb, extractor=EXTRACTOR_NAME
                )
                parsed = sum(1 for s in item.sentences if s.doc is not None)
                yield Extraction(
                    item.document,
                    item.mentions,
                    events,
                    len(item.sentences),
                    parsed,
                    item.unresolved,
                    claims,
                )

    def _prepare(self, document: Document) -> _Pending:
        text = document.text
        kit = self.kit_for(document.language)
        mentions = kit.gazetteer.find(text)
        scan = kit.dates.scan(text, published=document.published)
        starts = [m.start for m in mentions]  # the gazetteer returns them in text order
        sentences = [
            ParsedSentence(span, _within(mentions, starts, span)) for span in split_sentences(text)
        ]
        return _Pending(document, sentences, mentions, scan.unresolved, scan.found, kit)

    def _parse(self, pending: list[_Pending]) -> None:
        wanted: dict[str, list[ParsedSentence]] = {}
        for item in pending:
            text = item.document.text
            for sentence, keep in zip(item.sentences, self._wanted(item), strict=True):
                if keep:
                    span = sentence.span
                    sentence.view = parse_view(text, span.start, span.end, sentence.mentions)
                    wanted.setdefault(item.kit.language, []).append(sentence)
        for language, sentences in wanted.items():
            docs = self.kits[language].nlp.pipe(
                (sentence.view.text for sentence in sentences if sentence.view), batch_size=256
            )
            for sentence, doc in zip(sentences, docs, strict=True):
                sentence.doc = doc

    def _wanted(self, item: _Pending) -> list[bool]:
        text = item.document.text
        return item.kit.prefilter.wanted(
            [
                SentenceFacts(
                    text[s.span.start : s.span.end],
                    s.span.start,
                    s.mentions,
                    _dated(s.span, item.dates),
                )
                for s in item.sentences
            ]
        )


def _load_russian_kit(
    kb: KnowledgeBase, codebook: Codebook, *, extractor: str, prefilter: bool
) -> LanguageKit:
    # Imported here: `import comity` and English extraction never import natasha.
    from comity.extract.russian import load_russian_kit

    return load_russian_kit(kb, codebook, extractor=extractor, prefilter=prefilter)


_KIT_LOADERS: Mapping[str, KitLoader] = {"ru": _load_russian_kit}


def _dated(span: SentenceSpan, dates: Sequence[TimeExpr]) -> bool:
    return any(span.start <= time.start and time.end <= span.end for time in dates)


def _within(mentions: list[Mention], starts: list[int], span: SentenceSpan) -> list[Mention]:
    """The mentions inside `span`; `starts` are the mentions' sorted start offsets."""
    first, last = bisect_left(starts, span.start), bisect_left(starts, span.end)
    return [m for m in mentions[first:last] if m.end <= span.end]
