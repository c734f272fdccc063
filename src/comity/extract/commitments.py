"""Promises, threats and refusals: an act announced by the actor who commits to it.

"China promised to invest in Kyrgyzstan" reports a promise (CAMEO 03x, PLOVER
AGREE), not an investment; "Iran threatened to close its border" reports a threat
(13x, THREATEN), not a closure; "Turkey refused to send aid" (or "will not send
aid") reports a rejection (12x, REJECT). The promised or threatened act keeps its actors,
and its code turns into the matching commitment code, read from
`data/codebook/commitments.toml` (the longest prefix of the act's code wins).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib import resources

from spacy.tokens import Token

from comity.errors import ExtractionError

# How far up the clauses a commitment verb may govern the act: "vowed to continue to support".
_MAX_CLAUSE_STEPS = 3
_FIRST_CONFLICT_ROOT = "10"


class CommitmentKind(StrEnum):
    PROMISE = "promise"
    THREAT = "threat"
    WISH = "wish"  # "wants to help" is an intent to aid; "wants to attack", a threat
    REFUSAL = "refusal"  # "refused to provide aid", "will not sign": a rejection (12x)


_TABLES = (CommitmentKind.PROMISE, CommitmentKind.THREAT, CommitmentKind.REFUSAL)
_OWN_ROOTS = {
    CommitmentKind.PROMISE: "03",
    CommitmentKind.THREAT: "13",
    CommitmentKind.REFUSAL: "12",
}


@dataclass(frozen=True)
class Commitments:
    """Commitment verbs by kind, and per kind the act-code prefixes and their codes."""

    verbs: Mapping[str, CommitmentKind]
    codes: Mapping[CommitmentKind, Mapping[str, str]]

    @classmethod
    def load(cls) -> Commitments:
        return _packaged_commitments()

    @classmethod
    def from_toml(cls, text: str) -> Commitments:
        data = tomllib.loads(text)
        try:
            verbs = {
                verb: CommitmentKind(kind)
                for kind, words in data["verbs"].items()
                for verb in words
            }
            codes = {kind: dict(data[kind.value]) for kind in _TABLES}
        except (KeyError, ValueError) as error:
            raise ExtractionError(f"commitments table: {error}") from error
        for kind, table in codes.items():
            if "" not in table:
                raise ExtractionError(f'commitments table: [{kind}] needs a fallback row ""')
        return cls(verbs, codes)

    def kind_of(self, governor: Token) -> CommitmentKind | None:
        """The commitment a clause is the object of: "promised to invest" → PROMISE."""
        token = governor
        for _ in range(_MAX_CLAUSE_STEPS):
            if token.dep_ != "xcomp" or token.head.i == token.i:
                return None
            token = token.head
            kind = self.verbs.get(token.lemma_.lower())
            if kind is not None:
                return kind
        return None

    def is_commitment_verb(self, token: Token) -> bool:
        return token.lemma_.lower() in self.verbs

    def code_for(self, kind: CommitmentKind, act: str) -> str:
        """The CAMEO code of committing to the act coded `act`; an act of that kind stays.

        A promised hostile act (a CAMEO root from 10 on: "pledged to expel") stays that
        act, in intended mode: whom it is promised to is not whom it is done to; so
        does a refused one ("refused to attack"), which the mode reports. A wish
        is a promise of a friendly act and a threat of a hostile one.
        """
        hostile = act[:2] >= _FIRST_CONFLICT_ROOT
        if kind is CommitmentKind.WISH:
            kind = CommitmentKind.THREAT if hostile else CommitmentKind.PROMISE
        elif kind in (CommitmentKind.PROMISE, CommitmentKind.REFUSAL) and hostile:
            return act
        if act.startswith(_OWN_ROOTS[kind]):
            return act
        table = self.codes[kind]
        for length in range(len(act), 0, -1):
            code = table.get(act[:length])
            if code is not None:
                return code
        return table[""]


@lru_cache(maxsize=1)
def _packaged_commitments() -> Commitments:
    path = resources.files("comity").joinpath("data", "codebook", "commitments.toml")
    return Commitments.from_toml(path.read_text(encoding="utf-8"))
