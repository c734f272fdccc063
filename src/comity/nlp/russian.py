"""Russian parsing: natasha's models behind the interface the event coder reads.

natasha ships its navec embeddings and slovnet's morphology and syntax models
(Universal Dependencies) inside its wheel, so nothing is downloaded at run time.
razdel splits words, slovnet tags and parses them, pymorphy3 gives lemmas (the
analysis that agrees with slovnet's part of speech and case), and
`comity.nlp.ud` rewrites the tree in the conventions the coder was written for.
The result is a spaCy `Doc` per text, so the coder runs unchanged.

natasha's own `MorphVocab` wraps pymorphy2, which fails on Python 3.11; only the
model files of natasha are used here, through slovnet and navec directly.
Everything is imported when `load_russian_models` is first called, never by
`import comity`.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

from spacy.tokens import Doc
from spacy.vocab import Vocab

from comity.errors import ExtractionError
from comity.nlp.ud import CoderToken, Glosses, UdToken, load_glosses, to_coder_tree, tree_root

_EMBEDDING = ("emb", "navec_news_v1_1B_250K_300d_100q.tar")
_MORPH_MODEL = ("model", "slovnet_morph_news_v1.tar")
_SYNTAX_MODEL = ("model", "slovnet_syntax_news_v1.tar")
# pymorphy3 parts of speech that can stand for each UD part of speech.
_POS_MATCHES = {
    "NOUN": {"NOUN"},
    "PROPN": {"NOUN"},
    "VERB": {"VERB", "INFN", "PRTF", "PRTS", "GRND"},
    "AUX": {"VERB", "INFN"},
    "ADJ": {"ADJF", "ADJS", "COMP", "PRTF", "PRTS"},
    "DET": {"ADJF", "NPRO"},
    "PRON": {"NPRO", "ADJF"},
    "NUM": {"NUMR", "ADJF"},
    "ADV": {"ADVB", "COMP", "PRED"},
    "ADP": {"PREP"},
    "CCONJ": {"CONJ"},
    "SCONJ": {"CONJ"},
    "PART": {"PRCL"},
}
_CASES = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}


@dataclass(frozen=True)
class RussianModels:
    """natasha's models, loaded once: tagger, parser and the lemmatiser."""

    morph: Any  # slovnet.Morph
    syntax: Any  # slovnet.Syntax
    analyzer: Any  # pymorphy3.MorphAnalyzer


@lru_cache(maxsize=1)
def load_russian_models() -> RussianModels:
    """Load the Russian models from the installed natasha and pymorphy3 (about 1.5 s)."""
    try:
        import pymorphy3
        from navec import Navec
        from slovnet import Morph, Syntax
    except ImportError as error:
        raise ExtractionError(
            "Russian needs natasha and pymorphy3: pip install natasha pymorphy3"
        ) from error
    data = _natasha_data()
    embedding = Navec.load(str(data.joinpath(*_EMBEDDING)))
    morph = Morph.load(str(data.joinpath(*_MORPH_MODEL)))
    syntax = Syntax.load(str(data.joinpath(*_SYNTAX_MODEL)))
    morph.navec(embedding)
    syntax.navec(embedding)
    return RussianModels(morph, syntax, pymorphy3.MorphAnalyzer())


def _natasha_data() -> Path:
    """natasha's data folder, found without importing natasha (whose import pulls pymorphy2)."""
    spec = importlib.util.find_spec("natasha")
    if spec is None or not spec.submodule_search_locations:
        raise ExtractionError("Russian needs natasha: pip install natasha")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


class RussianLemmatizer:
    """Lemmas from pymorphy3, cached per word and tag."""

    def __init__(self, analyzer: Any) -> None:
        self.analyzer = analyzer
        self._cache: dict[tuple[str, str, str | None], str] = {}

    def lemma(self, word: str, pos: str = "", case: str | None = None) -> str:
        """The lemma of `word` read as UD part of speech `pos` in UD case `case`."""
        key = (word, pos, case)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._choose(word, pos, case)
        return found

    def lexeme(self, lemma: str) -> frozenset[str]:
        """Every form of `lemma` (of each reading whose normal form it is)."""
        forms = {lemma}
        for parse in self.analyzer.parse(lemma):
            if parse.normal_form == lemma:
                forms.update(form.word for form in parse.lexeme)
        return frozenset(forms)

    def parses(self, word: str) -> list[Any]:
        return list(self.analyzer.parse(word))

    def _choose(self, word: str, pos: str, case: str | None) -> str:
        parses = self.analyzer.parse(word)
        if not parses:
            return word.lower()
        wanted = _POS_MATCHES.get(pos)
        fitting = [p for p in parses if wanted is None or p.tag.POS in wanted]
        if case in _CASES:
            fitting = [p for p in fitting if p.tag.case == _CASES[case]] or fitting
        return str((fitting or parses)[0].normal_form)


class RussianParser:
    """Parses Russian texts into spaCy Docs the coder can read (`pipe`, like spaCy's)."""

    lang = "ru"

    def __init__(self, models: RussianModels, glosses: Glosses | None = None) -> None:
        self.models = models
        self.lemmatizer = RussianLemmatizer(models.analyzer)
        self.glosses = glosses if glosses is not None else load_glosses("ru")
        self.vocab = Vocab()

    def __call__(self, text: str) -> Doc:
        return next(self.pipe([text]))

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
        """One Doc per text, in order; each text is parsed as one sentence."""
        iterator = iter(texts)
        while chunk := list(islice(iterator, batch_size)):
            yield from self._parse_chunk(chunk)

    def _parse_chunk(self, texts: Sequence[str]) -> list[Doc]:
        words = [_words(text) for text in texts]
        filled = [[w.text for w in sentence] for sentence in words if sentence]
        morph = iter(self.models.morph.map(filled))
        syntax = iter(self.models.syntax.map(filled))
        docs = []
        for text, sentence in zip(texts, words, strict=True):
            if not sentence:
                docs.append(
                    Doc(self.vocab, words=[text] if text else [], spaces=[False] * bool(text))
                )
                continue
            tagged, parsed = next(morph), next(syntax)
            tokens = self._ud_tokens(tagged.tokens, parsed.tokens)
            tree = to_coder_tree(tokens, self.glosses)
            docs.append(self._doc(text, sentence, tree))
        return docs

    def _ud_tokens(self, tagged: Sequence[Any], parsed: Sequence[Any]) -> list[UdToken]:
        tokens = []
        for tag, arc in zip(tagged, parsed, strict=True):
            feats = dict(tag.feats)
            head = int(arc.head_id) - 1
            lemma = self.lemmatizer.lemma(tag.text, tag.pos, feats.get("Case"))
            tokens.append(UdToken(tag.text, lemma, tag.pos, feats, head, arc.rel))
        return _one_root(tokens)

    def _doc(self, text: str, words: Sequence[_Word], tree: Sequence[CoderToken]) -> Doc:
        """A Doc whose text is exactly `text`: odd whitespace becomes tokens of its own."""
        pieces: list[tuple[str, bool, CoderToken | None]] = []
        if words[0].start > 0:
            pieces.append((text[: words[0].start], False, None))
        index_of: list[int] = []  # tree index -> Doc index
        for position, (word, token) in enumerate(zip(words, tree, strict=True)):
            index_of.append(len(pieces))
            following = words[position + 1].start if position + 1 < len(words) else len(text)
            gap = text[word.end : following]
            pieces.append((word.text, gap.startswith(" "), token))
            rest = gap[1:] if gap.startswith(" ") else gap
            if rest:
                pieces.append((rest, False, None))
        return Doc(
            self.vocab,
            words=[piece for piece, _, _ in pieces],
            spaces=[space for _, space, _ in pieces],
            lemmas=[token.lemma if token else piece for piece, _, token in pieces],
            pos=[token.pos if token else "SPACE" for _, _, token in pieces],
            tags=[token.tag if token else "_SP" for _, _, token in pieces],
            morphs=[token.morph_string() if token else "" for _, _, token in pieces],
            deps=[token.dep if token else "dep" for _, _, token in pieces],
            heads=[
                index_of[token.head] if token else max(i - 1, 0) if i else index_of[tree_root(tree)]
                for i, (_, _, token) in enumerate(pieces)
            ],
        )


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    end: int


def _words(text: str) -> list[_Word]:
    from razdel import tokenize

    return [_Word(t.text, t.start, t.stop) for t in tokenize(text)]


def _one_root(tokens: list[UdToken]) -> list[UdToken]:
    """Extra roots (two clauses the parser left apart) hang from the first as parataxis."""
    roots = [i for i, t in enumerate(tokens) if t.head < 0 or t.head >= len(tokens)]
    if not roots:
        return tokens
    first = roots[0]
    fixed = list(tokens)
    for index in roots:
        token = tokens[index]
        if index == first:
            fixed[index] = UdToken(token.text, token.lemma, token.pos, token.feats, -1, "root")
        else:
            fixed[index] = UdToken(
                token.text, token.lemma, token.pos, token.feats, first, "parataxis"
            )
    return fixed
