"""The trained model as comity loads it: numpy's BLAS, and the memo in place of two rule pipes."""

from __future__ import annotations

import pytest
from thinc.api import NumpyOps

from comity.nlp import load_language_model

SENTENCES = [
    "There is no doubt that the ministers had met in Baku before the summit was postponed.",
    "Kazakhstan's President Tokayev hosted his Uzbek counterpart, who didn't sign the accord.",
    "The two  countries agreed on Tuesday to reopen three border crossings ; talks continue.",
]


def _tokens(docs: list[object]) -> list[tuple[str, str, str, str, str, int]]:
    return [
        (t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.head.i)
        for doc in docs
        for t in doc  # type: ignore[attr-defined]
    ]


@pytest.mark.slow
@pytest.mark.model
def test_the_memoised_pipeline_gives_the_tokens_of_spacys_own() -> None:
    memoised = load_language_model()
    plain = load_language_model(memoised=False)
    assert "comity_token_attributes" in memoised.pipe_names
    assert {"attribute_ruler", "lemmatizer"} <= set(plain.pipe_names)
    assert "ner" not in plain.pipe_names
    for nlp in (memoised, plain):
        ops = nlp.get_pipe("tok2vec").model.ops  # type: ignore[attr-defined]
        assert isinstance(ops, NumpyOps) and not ops.use_blis
    for _ in range(2):  # the second time from the memo
        assert _tokens(list(memoised.pipe(SENTENCES))) == _tokens(list(plain.pipe(SENTENCES)))
