"""The mode of an event: asserted, negated, intended or hypothetical.

Read off the clause that carries the trigger: a negation ("has not yet issued"),
a future or an intention ("will sign", "intends to provide", "is ready to"), or a
possibility ("could erode", "if ... were"). Negation wins over the others, because
"does not intend to sign" says nothing was signed. A parse in another language
(`comity.nlp.ud`) also marks the future and the conditional in the morphology.
"""

from __future__ import annotations

from spacy.tokens import Token

from comity.models import Mode

# "will", "'ll", "won't" (parsed "wo"), "shall" and the conditional "would".
_FUTURE_OR_CONDITIONAL_AUX = frozenset({"will", "'ll", "wo", "shall", "would"})
_FIRST_HOSTILE_ROOT = "10"

INTENT_HEADS = frozenset(
    {
        "intend",
        "plan",
        "aim",
        "seek",
        "want",
        "hope",
        "prepare",
        "expect",
        "pledge",
        "promise",
        "vow",
        "propose",
        "offer",
        "ready",
        "willing",
        "set",
        "agree",
        "decide",
        "schedule",
        "going",
        "determined",
        "keen",
        "eager",
        "wish",
        "resolve",
        "undertake",
    }
)
# Verbs that undo an event noun ("cancelled the visit") or move it later ("postponed").
_CANCELLING = frozenset({"cancel", "scrap", "abandon", "scrub", "thwart", "prevent", "block"})
_POSTPONING = frozenset({"postpone", "delay", "reschedule", "defer", "adjourn"})
# Nouns whose "to" clause is something sought, not done: "efforts to normalise relations".
_INTENT_NOUNS = frozenset(
    {
        "effort",
        "attempt",
        "bid",
        "plan",
        "intention",
        "readiness",
        "desire",
        "aim",
        "goal",
        "wish",
        "proposal",
        "initiative",
        "offer",
        "commitment",
        "willingness",
        "determination",
        "decision",
    }
)
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_HYPOTHETICAL_AUX = frozenset({"could", "might", "may", "would", "can", "should", "must"})
_CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})


def mode_of(trigger: Token, governor: Token | None = None) -> Mode:
    """The mode of an event triggered by `trigger` (a light verb's noun passes its verb)."""
    clause = governor if governor is not None else trigger
    chain = list(_governing_chain(clause))
    if _negated(trigger) or any(_negated(token) for token in chain):
        return Mode.NEGATED
    fate = _fate_of_noun(trigger)
    if fate is not None:
        return fate
    if any(_hypothetical(token) for token in chain):
        return Mode.HYPOTHETICAL
    if any(token.lemma_.lower() in INTENT_HEADS for token in chain[1:]):
        return Mode.INTENDED
    if any(_future(token) for token in chain) or _intended_noun(trigger):
        return Mode.INTENDED
    if _aim_of_an_effort(chain[-1]):
        return Mode.INTENDED
    return Mode.ASSERTED


def _governing_chain(token: Token) -> list[Token]:
    """The token and the verbs or adjectives it is the complement of."""
    chain = [token]
    while token.dep_ in ("xcomp", "acomp", "conj", "ccomp", "auxpass") and token.head.i != token.i:
        if token.dep_ == "conj" and token.head.pos_ not in ("VERB", "AUX", "ADJ"):
            break
        token = token.head
        chain.append(token)
    return chain


def _negated(token: Token) -> bool:
    for child in token.children:
        if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
            return True
        if child.dep_ == "prep" and child.lower_ == "without":
            return True
    return False


def _hypothetical(token: Token) -> bool:
    for child in token.children:
        if child.dep_ in ("aux", "auxpass") and (
            child.lower_ in _HYPOTHETICAL_AUX or "Cnd" in child.morph.get("Mood", [])
        ):
            return True
        if child.dep_ == "mark" and child.lower_ in _CONDITIONAL_MARKS:
            return True
    return False


def _future(token: Token) -> bool:
    # A future tense in the morphology is Russian's ("подпишет", "будет"); spaCy's
    # English tags never carry it (issue 12).
    if "Fut" in token.morph.get("Tense", []):
        return True
    for child in token.children:
        if child.dep_ in ("aux", "auxpass") and (
            child.lower_ in _FUTURE_AUX or "Fut" in child.morph.get("Tense", [])
        ):
            return True
    return _aux_going_to(token)


def _intended_noun(trigger: Token) -> bool:
    """ "plans for a visit", "the planned visit", "an upcoming summit"."""
    return any(
        child.dep_ == "amod"
        and child.lemma_.lower() in ("plan", "upcoming", "forthcoming", "future")
        for child in trigger.children
    )


def _fate_of_noun(trigger: Token) -> Mode | None:
    """ "the visit was cancelled" did not happen; "the talks were postponed" may still."""
    if trigger.pos_ not in ("NOUN", "PROPN") or trigger.dep_ not in ("nsubjpass", "dobj"):
        return None
    verb = trigger.head.lemma_.lower()
    if verb in _CANCELLING:
        return Mode.NEGATED
    if verb in _POSTPONING:
        return Mode.INTENDED
    return None


def _aim_of_an_effort(clause: Token) -> bool:
    """ "the efforts of Azerbaijan to normalise relations": the normalising is aimed at."""
    return clause.dep_ == "acl" and clause.head.lemma_.lower() in _INTENT_NOUNS


def _aux_going_to(token: Token) -> bool:
    head = token.head
    return (
        token.dep_ == "xcomp"
        and head.lower_ == "going"
        and any(child.dep_ == "aux" and child.lemma_ == "be" for child in head.children)
    )


def in_future(verb: Token) -> bool:
    """ "will sign", "would not provide": the verb has a future or conditional auxiliary."""
    return any(
        child.dep_ == "aux" and child.lower_ in _FUTURE_OR_CONDITIONAL_AUX
        for child in verb.children
    )


def is_refusal(cameo: str, mode: Mode, verb: Token) -> bool:
    """ "X will not sign", "would not provide aid": a friendly act refused (CAMEO 12x)."""
    return mode is Mode.NEGATED and cameo[:2] < _FIRST_HOSTILE_ROOT and in_future(verb)
