"""A Universal Dependencies parse, rewritten in the conventions the event coder reads.

The coder (`comity.extract.frames`, `actors`, `modes`) was written over spaCy's
English parses: ClearNLP labels (`dobj`, `nsubjpass`, `neg`), prepositions that
head their noun (`prep` → `pobj`) and English function words. natasha's Russian
parser gives Universal Dependencies instead: the noun heads its preposition
(`obl`/`nmod` → `case`), negation is an `advmod`, and the words are Russian.
`to_coder_tree` turns one sentence of UD tokens into the coder's shape:

- labels are renamed (`obj` → `dobj`, `nsubj:pass` → `nsubjpass`, `flat:name` →
  `compound`, "не" → `neg` ...);
- a preposition is lifted over its noun: it hangs from the noun's head as `prep`,
  and the noun from it as `pobj`;
- "может подписать" becomes "подписать" with a conditional auxiliary, as "could sign";
  "будет" is marked future;
- closed-class words and a few grammar-carrying verbs take the English lemma the
  coder's rules name (prepositions by the case of their noun: "с" + instrumental is
  "with", + genitive "from"), from `data/lexicon/glosses_<language>.tsv`. Content
  words keep their own lemmas, which the language's trigger lexicon names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

_LABELS = {
    "root": "ROOT",
    "obj": "dobj",
    "iobj": "dative",
    "nsubj:pass": "nsubjpass",
    "csubj:pass": "csubjpass",
    "aux:pass": "auxpass",
    "acl:relcl": "relcl",
    "flat": "compound",
    "flat:name": "compound",
    "flat:foreign": "compound",
    "nummod:gov": "nummod",
    "nummod:entity": "nummod",
    "det:numgov": "det",
    "obl:agent": "obl",
    "obl:tmod": "obl",
    "nmod:tmod": "nmod",
    "cc:preconj": "cc",
}
_LIFTED_HEAD_RELS = frozenset({"obl", "nmod", "obl:agent", "obl:tmod", "nmod:tmod", "advcl"})
_REATTACHED_RELS = frozenset({"obl", "obj", "iobj"})
_MODAL_LEMMAS = frozenset({"мочь"})  # "может подписать": what could happen
_FUTURE_AUX_PREFIX = "буд"  # "будет", "будут", "буду": the future of "быть"
_TAGS = {"NUM": "CD"}
_RELATIVE_GLOSSES = {"which": "WDT", "who": "WP"}


@dataclass(frozen=True)
class UdToken:
    """One word of a parsed sentence: `head` is the index of its head, -1 for the root."""

    text: str
    lemma: str
    pos: str
    feats: Mapping[str, str]
    head: int
    rel: str


@dataclass
class CoderToken:
    """One word as the coder reads it (the fields of a spaCy token it uses)."""

    text: str
    lemma: str
    pos: str
    tag: str
    morph: dict[str, str]
    head: int  # index of the head; the root points to itself
    dep: str

    def morph_string(self) -> str:
        return "|".join(f"{name}={value}" for name, value in sorted(self.morph.items()))


@dataclass(frozen=True)
class Glosses:
    """English lemmas for a language's function words, some by the case they govern."""

    by_case: Mapping[tuple[str, str], str]  # (word, case) -> gloss; case "*" for any

    def gloss(self, lemma: str, case: str | None = None) -> str | None:
        if case is not None and (lemma, case) in self.by_case:
            return self.by_case[(lemma, case)]
        return self.by_case.get((lemma, "*"))

    def all_glosses(self, word: str) -> tuple[str, ...]:
        """Every gloss of `word`, whatever its case: "с" -> ("with", "from")."""
        return tuple(dict.fromkeys(g for (w, _), g in self.by_case.items() if w == word))


@lru_cache(maxsize=4)
def load_glosses(language: str) -> Glosses:
    """`data/lexicon/glosses_<language>.tsv`: word, case (or *), gloss, why."""
    path = resources.files("comity").joinpath("data", "lexicon", f"glosses_{language}.tsv")
    table: dict[tuple[str, str], str] = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        word, case, gloss, *_ = (line.split("\t") + ["", "", ""])[:4]
        if word.strip() and gloss.strip():
            table[(word.strip(), case.strip() or "*")] = gloss.strip()
    return Glosses(table)


def to_coder_tree(tokens: Sequence[UdToken], glosses: Glosses) -> list[CoderToken]:
    """The coder's view of one UD sentence (see the module docstring)."""
    tokens = _nearest_conjunct_heads(tokens)
    tree = [_renamed(token, index) for index, token in enumerate(tokens)]
    for index, token in enumerate(tokens):
        if token.rel == "case":
            _lift_preposition(tree, tokens, index, glosses)
    for index, token in enumerate(tokens):
        if token.lemma in _MODAL_LEMMAS:
            _modal_to_auxiliary(tree, index)
    for index, token in enumerate(tokens):
        _gloss_word(tree[index], token, glosses)
    _break_cycles(tree)
    return tree


def tree_root(tree: Sequence[CoderToken]) -> int:
    """The index of the (first) root of `tree`."""
    return next((i for i, token in enumerate(tree) if token.head == i), 0)


def _nearest_conjunct_heads(tokens: Sequence[UdToken]) -> list[UdToken]:
    """ "получил статус, но не вступил в ОТГ": an argument after a coordinated verb is its.

    slovnet often hangs such an argument from the first verb of the pair; in Russian
    word order it belongs to the nearer verb before it.
    """
    fixed = list(tokens)
    for index, token in enumerate(tokens):
        if token.rel not in _REATTACHED_RELS or token.head < 0 or token.head > index:
            continue
        nearer = [
            i
            for i, other in enumerate(tokens)
            if other.rel == "conj"
            and other.head == token.head
            and other.pos == "VERB"
            and token.head < i < index
        ]
        if nearer:
            fixed[index] = replace(token, head=nearer[-1])
    return fixed


def _renamed(token: UdToken, index: int) -> CoderToken:
    dep = _LABELS.get(token.rel, token.rel)
    if dep == "xcomp" and token.pos in ("NOUN", "PROPN"):
        # "назначил Исаева послом в Венгрии": the predicate noun carries the
        # counterpart ("в Венгрии"), as an English object does ("an ambassador to").
        dep = "dobj"
    if token.feats.get("Polarity") == "Neg" and token.pos == "PART":
        dep = "neg"
    morph = dict(token.feats)
    if token.pos == "AUX" and token.text.lower().startswith(_FUTURE_AUX_PREFIX):
        morph["Tense"] = "Fut"
    return CoderToken(
        text=token.text,
        lemma=token.lemma,
        pos=token.pos,
        tag=_TAGS.get(token.pos, token.pos),
        morph=morph,
        head=index if token.head < 0 else token.head,
        dep=dep,
    )


def _lift_preposition(
    tree: list[CoderToken], tokens: Sequence[UdToken], index: int, glosses: Glosses
) -> None:
    """ "с Арменией": "с" takes the noun's place under its head; the noun hangs from "с"."""
    noun_index = tokens[index].head
    if noun_index < 0 or tokens[noun_index].rel not in _LIFTED_HEAD_RELS:
        return
    noun = tree[noun_index]
    if noun.head == noun_index or noun.dep == "pobj":
        return  # a root noun, or a second preposition of a noun already lifted
    preposition = tree[index]
    preposition.head, preposition.dep = noun.head, "prep"
    noun.head, noun.dep = index, "pobj"
    case = tokens[noun_index].feats.get("Case")
    gloss = glosses.gloss(tokens[index].lemma, case)
    if gloss is not None:
        preposition.lemma = gloss


def _modal_to_auxiliary(tree: list[CoderToken], index: int) -> None:
    """ "Казахстан может присоединиться": the infinitive heads, "может" is its auxiliary."""
    verb_index = next(
        (i for i, t in enumerate(tree) if t.head == index and i != index and t.dep == "xcomp"),
        None,
    )
    if verb_index is None:
        return
    modal, verb = tree[index], tree[verb_index]
    verb.head = verb_index if modal.head == index else modal.head
    verb.dep = modal.dep
    for other in tree:
        if other.head == index and other is not verb and other is not modal:
            other.head = verb_index
    modal.head, modal.dep = verb_index, "aux"
    modal.pos, modal.morph = "AUX", {**modal.morph, "Mood": "Cnd"}


def _gloss_word(token: CoderToken, source: UdToken, glosses: Glosses) -> None:
    if token.dep == "prep":
        return  # glossed by case when lifted
    gloss = glosses.gloss(source.lemma)
    if gloss is None:
        return
    token.lemma = gloss
    if gloss in _RELATIVE_GLOSSES:
        token.tag = _RELATIVE_GLOSSES[gloss]


def _break_cycles(tree: list[CoderToken]) -> None:
    """A word whose heads lead round in a circle hangs from the root instead."""
    root = tree_root(tree)
    if tree and tree[root].head != root:
        tree[root].head, tree[root].dep = root, "ROOT"
    for start in range(len(tree)):
        seen = {start}
        index = start
        while tree[index].head != index:
            index = tree[index].head
            if index in seen:
                tree[start].head, tree[start].dep = root, "dep"
                break
            seen.add(index)
