"""Near-duplicate stories: the same wire copy reprinted with small edits.

Two texts are one story when (1) most of the shorter one's word shingles are
in the longer one, and (2) where their sentences line up, they do not name
different people, places or numbers.

(1) is estimated from MinHash signatures over shingles of
`shingle_words` folded words; candidates are found with LSH banding: the
signature is cut into `bands` bands of `rows` values, and two texts are
compared when any band is equal. The store keeps one bucket key per band
(`bucket_keys`), so finding candidates is an indexed lookup, not a scan.
Containment — shared shingles over the shorter text's shingles — rather than
Jaccard is what is tested, so a copy with a paragraph cut or a footer added
still matches; a Jaccard floor keeps a two-line brief from joining a long
round-up that quotes it.

(2) catches press releases cut from one template: their shingles overlap as
much as a reprint's, but sentence after sentence one names Kazakhstan where
the other names Kyrgyzstan. A reprint adds or drops words (a byline, "Turkish
President") but rarely swaps one name or figure for another.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

_DIGIT = re.compile(r"\d")
# Combining marks lie in Unicode's first two planes (the last, U+1E94A, is Adlam's).
_LAST_COMBINING = 0x1FFFF
SIGNATURE_DTYPE = np.dtype("<u4")  # hash values are 32-bit
_MAX_HASH = np.uint32((1 << 32) - 1)
# MurmurHash3's 32-bit finaliser: (shift, multiplier, shift, multiplier, shift).
_FMIX32 = tuple(np.uint32(value) for value in (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16))
_SHINGLES_PER_BLOCK = 8192  # bounds the (shingles x permutations) matrix to ~4 MB

_WORD = re.compile(r"\w+")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n+")
_BASE_LETTERS = str.maketrans({"ı": "i", "ø": "o", "đ": "d", "ł": "l", "ħ": "h"})


@dataclass(frozen=True)
class NearDupParams:
    """How texts are compared; signatures made with other values cannot be compared.

    The defaults were tuned on tests/ingest/fixtures/neardup (see its README).
    With 40 bands of 3 rows, a pair is a candidate with probability 0.66 at
    Jaccard 0.3, 0.92 at 0.4 and 0.99 at 0.5.
    """

    shingle_words: int = 5
    bands: int = 40
    rows: int = 3
    seed: int = 1
    min_containment: float = 0.6
    min_jaccard: float = 0.2
    same_sentence: float = 0.5  # word overlap from which two sentences are one, edited
    max_conflict_share: float = 0.2  # share of aligned sentences allowed to swap names

    @property
    def num_perm(self) -> int:
        return self.bands * self.rows

    @property
    def version(self) -> str:
        """Names the signature scheme, stored beside each signature."""
        return f"minhash-w{self.shingle_words}-b{self.bands}-r{self.rows}-s{self.seed}"


DEFAULT_PARAMS = NearDupParams()


@dataclass(frozen=True)
class Fingerprint:
    """A text's MinHash signature (little-endian uint32 values) and its shingle count."""

    signature: bytes
    shingles: int

    @cached_property
    def values(self) -> np.ndarray:
        return np.frombuffer(self.signature, dtype=SIGNATURE_DTYPE)


@dataclass(frozen=True)
class Comparison:
    """How alike two texts are, and whether that makes them one story."""

    jaccard: float
    containment: float
    aligned: int  # sentences of the shorter text that line up with one of the other
    conflicts: int  # aligned sentences naming different names or numbers
    duplicate: bool


def fold_text(text: str) -> str:
    """Lower case without diacritics, so "Erdoğan" and "Erdogan" are one word."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_BASE_LETTERS))
    return decomposed.translate(_without_combining_marks()).casefold()


@lru_cache(maxsize=1)
def _without_combining_marks() -> dict[int, None]:
    """A `str.translate` table deleting every combining mark (built once, ~0.05 s)."""
    return {code: None for code in range(_LAST_COMBINING + 1) if unicodedata.combining(chr(code))}


def words(text: str) -> list[str]:
    return _WORD.findall(fold_text(text))


def shingles(text: str, size: int) -> set[bytes]:
    """The distinct runs of `size` consecutive folded words (the whole text when shorter)."""
    tokens = words(text)
    if len(tokens) <= size:
        return {" ".join(tokens).encode()} if tokens else set()
    return {" ".join(tokens[i : i + size]).encode() for i in range(len(tokens) - size + 1)}


def fingerprint(text: str, params: NearDupParams = DEFAULT_PARAMS) -> Fingerprint:
    """The MinHash signature of `text`'s shingles.

    Each shingle is hashed to 32 bits (the first four bytes of its SHA-1, little
    endian), mixed by MurmurHash3's finaliser, then put through each of the
    `num_perm` functions h -> a*h + b (mod 2^32, `a` odd); the signature keeps
    each function's minimum. These are the numbers of datasketch's MinHash
    ("affine32", datasketch 2), which comity used before, so stored signatures
    compare with new ones; done here in blocks, it costs a third of the time.
    """
    found = list(shingles(text, params.shingle_words))
    a, b = _permutations(params.num_perm, params.seed)
    values = np.full(params.num_perm, _MAX_HASH, dtype=np.uint32)
    for start in range(0, len(found), _SHINGLES_PER_BLOCK):
        hashes = _mixed(_shingle_hashes(found[start : start + _SHINGLES_PER_BLOCK]))
        values = np.minimum(values, (hashes[:, np.newaxis] * a + b).min(axis=0))
    return Fingerprint(values.astype(SIGNATURE_DTYPE).tobytes(), len(found))


def _shingle_hashes(found: Sequence[bytes]) -> np.ndarray:
    digests = b"".join(hashlib.sha1(shingle).digest()[:4] for shingle in found)
    return np.frombuffer(digests, dtype=SIGNATURE_DTYPE).astype(np.uint32)


def _mixed(hashes: np.ndarray) -> np.ndarray:
    """MurmurHash3's finaliser, a bijection spreading similar 32-bit values apart
    (unsigned 32-bit arithmetic wraps, which is the modulo it needs)."""
    shift1, multiplier1, shift2, multiplier2, shift3 = _FMIX32
    hashes = hashes ^ (hashes >> shift1)
    hashes = hashes * multiplier1
    hashes = hashes ^ (hashes >> shift2)
    hashes = hashes * multiplier2
    mixed: np.ndarray = hashes ^ (hashes >> shift3)
    return mixed


@lru_cache(maxsize=4)
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) of each hash function: odd `a` (so each is a bijection) and any
    `b`, drawn from numpy's generator seeded with `seed` as datasketch draws them."""
    generator = np.random.RandomState(seed)
    a = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    a.flags.writeable = b.flags.writeable = False  # shared by every call: never changed
    return a, b


def bucket_keys(fp: Fingerprint, params: NearDupParams = DEFAULT_PARAMS) -> list[int]:
    """One signed 64-bit key per LSH band; texts sharing a key are candidates."""
    values = fp.values
    keys = []
    for band in range(params.bands):
        chunk = values[band * params.rows : (band + 1) * params.rows]
        digest = hashlib.blake2b(band.to_bytes(2, "big") + chunk.tobytes(), digest_size=8)
        keys.append(int.from_bytes(digest.digest(), "big", signed=True))
    return keys


def estimate_jaccard(a: Fingerprint, b: Fingerprint) -> float:
    if a.shingles == 0 or b.shingles == 0 or len(a.values) != len(b.values):
        return 0.0
    return float(np.count_nonzero(a.values == b.values)) / len(a.values)


def estimate_containment(a: Fingerprint, b: Fingerprint, jaccard: float) -> float:
    """Shared shingles over the smaller text's shingles, from the Jaccard estimate."""
    smaller = min(a.shingles, b.shingles)
    if smaller == 0:
        return 0.0
    shared = jaccard * (a.shingles + b.shingles) / (1 + jaccard)
    return min(1.0, shared / smaller)


def compare(
    text_a: str,
    fp_a: Fingerprint,
    text_b: str,
    fp_b: Fingerprint,
    params: NearDupParams = DEFAULT_PARAMS,
) -> Comparison:
    """Whether `text_a` and `text_b` are one story (see the module docstring)."""
    jaccard = estimate_jaccard(fp_a, fp_b)
    containment = estimate_containment(fp_a, fp_b, jaccard)
    if containment < params.min_containment or jaccard < params.min_jaccard:
        return Comparison(jaccard, containment, 0, 0, duplicate=False)
    shorter, longer = (text_a, text_b) if fp_a.shingles <= fp_b.shingles else (text_b, text_a)
    aligned, conflicts = detail_conflicts(shorter, longer, params.same_sentence)
    allowed = max(1, math.floor(params.max_conflict_share * aligned))
    return Comparison(jaccard, containment, aligned, conflicts, duplicate=conflicts < allowed)


@dataclass(frozen=True)
class _Sentence:
    words: frozenset[str]
    details: frozenset[str]


def detail_conflicts(shorter: str, longer: str, same_sentence: float) -> tuple[int, int]:
    """(aligned, conflicting): sentences of `shorter` that match one of `longer`, and of
    those, the edited ones where each side names something the other does not."""
    theirs = [_sentence(text) for text in split_sentences(longer)]
    known = {sentence.words for sentence in theirs}
    aligned = conflicts = 0
    for text in split_sentences(shorter):
        mine = _sentence(text)
        if not mine.words:
            continue
        if mine.words in known:
            aligned += 1
            continue
        best = _best_match(mine, theirs)
        if best is None or _overlap(mine.words, best.words) < same_sentence:
            continue
        aligned += 1
        if mine.details - best.details and best.details - mine.details:
            conflicts += 1
    return aligned, conflicts


def split_sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_BREAK.split(text) if part.strip()]


@lru_cache(maxsize=4096)
def _sentence(text: str) -> _Sentence:
    # A new document is compared with each candidate, a stored one with each new copy.
    tokens = _WORD.findall(text)
    details = {_fold_word(token) for token in tokens if _is_detail(token)}
    return _Sentence(frozenset(_fold_word(token) for token in tokens), frozenset(details))


@lru_cache(maxsize=65_536)
def _fold_word(token: str) -> str:
    # Words repeat across the sentences compared (a copy repeats all of them): fold each once.
    return fold_text(token)


def _is_detail(token: str) -> bool:
    """A name or a figure: a capitalised word or one with a digit."""
    return token[0].isupper() or _DIGIT.search(token) is not None


def _best_match(mine: _Sentence, theirs: Sequence[_Sentence]) -> _Sentence | None:
    return max(theirs, key=lambda other: _overlap(mine.words, other.words), default=None)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0
