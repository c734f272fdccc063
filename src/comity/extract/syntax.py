"""Where an argument sits in an English-shaped dependency parse.

Small questions the frame finder asks of a spaCy parse: the subject a verb has or
inherits ("intends to provide", "and signed"), a passive subject the parser hung
elsewhere, the objects of prepositions, the owner of a noun, phrases the parser
attached to the wrong word. Russian parses are rewritten into this shape first
(`comity.nlp.ud`), so the same answers hold for them.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
OBJECT_DEPS = frozenset({"dobj", "dative", "obj", "iobj"})
# Prepositions whose object is a noun trigger's agent: "the visit of X", "an attack by X".
NOUN_SOURCE_PREPS = frozenset({"of", "by"})
# Nouns that count what their "of" phrase names: "hundreds of troops withdrew".
_QUANTITY_NOUNS = frozenset({"hundred", "thousand", "dozen", "million", "number", "group"})


def owner_of(noun: Token) -> Token | None:
    """The possessor of a noun, or the object of its "of" phrase."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ == "of":
            return next(pobjs(child), None)
    return None


def misparsed_object(child: Token, verb: Token) -> bool:
    """ "Kazakhstan supports Azerbaijan": the parser may label a named object npadvmod."""
    return child.dep_ == "npadvmod" and child.i > verb.i and child.pos_ == "PROPN"


def is_prep(token: Token) -> bool:
    """A preposition heading a phrase; "sent a message to X" labels its "to" dative."""
    return token.dep_ == "prep" or (token.dep_ == "dative" and token.pos_ == "ADP")


def has_agent(noun: Token) -> bool:
    """A possessor or an "of"/"by" name of its own: "Sweden's accession", "the visit of X"."""
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ == "PROPN":
            return True
        named = any(pobj.pos_ == "PROPN" for pobj in pobjs(child))
        if child.dep_ == "prep" and child.lower_ in NOUN_SOURCE_PREPS and named:
            return True
    return False


def own_subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)


def subject_of(verb: Token) -> Token | None:
    """The subject of `verb`, or the one it inherits ("intends to provide", "and signed")."""
    token = verb
    for _ in range(6):
        subject = next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None:
            return subject
        if token.dep_ == "relcl":
            # "X was one of the first to express support": X expressed it.
            clause = clause_of_noun(token.head)
            if clause.lemma_ == "be" and clause.i != token.head.i:
                token = clause
                continue
            return token.head
        if token.dep_ == "acl":
            # "the efforts of Azerbaijan to normalise relations": Azerbaijan normalises.
            owner = owner_of(token.head)
            if owner is not None:
                return owner
            token = clause_of_noun(token.head)
            continue
        if token.dep_ == "xcomp" and has_object(token.head):
            # "asked Baku to host": the object of the asking is who hosts.
            return next(c for c in token.head.children if c.dep_ in OBJECT_DEPS)
        if token.dep_ == "xcomp":
            # "X and Y are expected to sign": the passive subject signs.
            passive = next((c for c in token.head.children if c.dep_ == "nsubjpass"), None)
            if passive is not None:
                return passive
        if (
            token.dep_ not in ("xcomp", "conj", "acomp", "advcl", "ccomp")
            or token.head.i == token.i
        ):
            return None
        token = token.head
    return None


def passive_subject_of(verb: Token) -> Token | None:
    """The subject of a passive verb, also where the parser hung it on a fronted place.

    "in Ankara the Embassy of X was opened": the parse makes "the Embassy" an
    apposition of "Ankara" and leaves "was opened" without a subject.
    """
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subject is not None or not any(c.dep_ == "auxpass" for c in verb.children):
        return subject
    for child in verb.children:
        if child.dep_ == "prep" and child.i < verb.i:
            for pobj in pobjs(child):
                apposition = next((c for c in pobj.children if c.dep_ == "appos"), None)
                if apposition is not None:
                    return apposition
    return None


def has_object(verb: Token) -> bool:
    return any(child.dep_ in OBJECT_DEPS for child in verb.children)


def clause_of_noun(noun: Token) -> Token:
    """The verb a noun phrase hangs from: "was one of the first" -> "was"."""
    while noun.dep_ in ("pobj", "prep", "attr", "dobj", "appos") and noun.head.i != noun.i:
        noun = noun.head
    return noun


def dependents_of(token: Token) -> Iterator[Token]:
    for child in token.children:
        yield child
        if child.dep_ == "prep":
            yield from pobjs(child)
        if child.dep_ in ("dobj", "nsubjpass"):
            yield from (c for c in child.children if c.dep_ in ("compound", "amod"))
        if child.dep_ in SUBJECT_DEPS | OBJECT_DEPS | {"nsubjpass"} and _counts(child):
            yield from (g for c in child.children if c.lower_ == "of" for g in pobjs(c))
    if token.dep_ in ("dobj", "pobj", "compound"):
        yield token.head
    fronted = passive_subject_of(token)
    if fronted is not None and fronted.head.i != token.i:
        yield fronted


def _counts(noun: Token) -> bool:
    """ "hundreds", "a group", "200": a noun that counts its "of" phrase."""
    return noun.like_num or noun.lemma_.lower() in _QUANTITY_NOUNS


def pobjs(prep: Token) -> Iterator[Token]:
    for child in prep.children:
        if child.dep_ == "pobj":
            yield child
            yield from (c for c in child.conjuncts)


def fronted_relative_phrases(verb: Token) -> list[Token]:
    """ "..., at the summit of which, on 3 May, X took part": the phrase of "took part".

    A phrase with "of which" opens the clause after it, but the parser may hang it
    on the verb of the clause before; it belongs to `verb` when it precedes `verb`.
    """
    if verb.dep_ not in ("advcl", "conj", "ccomp") or verb.pos_ not in ("VERB", "AUX"):
        return []
    return [
        child
        for child in verb.head.children
        if child.dep_ == "prep"
        and child.i < verb.i
        and any(t.tag_ == "WDT" and t.head.lower_ == "of" for t in child.subtree)
    ]


def complement_phrases(noun: Token) -> list[Token]:
    """ "a note of protest to X": the phrases of an "of" complement are the noun's own."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return []
    return [
        phrase
        for prep in noun.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for complement in pobjs(prep)
        if complement.pos_ == "NOUN"
        for phrase in complement.children
        if phrase.dep_ == "prep"
    ]


def place_preps(head: Token) -> Iterator[Token]:
    """ "in"/"at" phrases of `head`, also those chained on one ("In March 1996 in Tbilisi")."""
    for child in head.children:
        if child.dep_ == "prep" and child.lemma_.lower() in ("in", "at"):
            yield child
            yield from place_preps(child)
