"""Hand-built documents, mentions and events for the web tests (no NLP).

One of the documents is hostile: its text carries a <script> element and an
<img onerror> attribute, which the explorer must show as characters.
"""

from __future__ import annotations

from typing import Any

import builders

from comity.models import (
    Claim,
    ClaimBasis,
    Document,
    Event,
    Mention,
    Mode,
    Precision,
    RelationKind,
)
from comity.store import Store

HOSTILE_TEXT = (
    "Ankara <script>window.__pwned = 1</script> praised Baku and <img src=x "
    'onerror="window.__pwned = 2"> on 4 May 2024.'
)


def sentence_doc(text: str, source: str, **fields: Any) -> Document:
    return builders.make_document(text, source=source, **fields)


def event_on(doc: Document, event_id: str, trigger: str, **fields: Any) -> Event:
    start = doc.text.index(trigger)
    return builders.make_event(
        doc, event_id, trigger=trigger, trigger_start=start, trigger_end=start + len(trigger),
        **fields,
    )  # fmt: skip


def mention_of(doc: Document, text: str, code: str) -> Mention:
    return builders.make_mention(text, doc.text.index(text), code)


SUMMIT = sentence_doc(
    "Turkey and Azerbaijan signed a transit protocol in Baku on 12 March 2024.",
    "news/summit.txt",
    title="Transit protocol",
)
VISIT = sentence_doc("Kyrgyzstan hosted a delegation from Turkey in June 2023.", "news/visit.txt")
DISPUTE = sentence_doc(
    "Kazakhstan criticised Uzbekistan over water quotas in 2022.", "news/dispute.txt"
)
UNDATED = sentence_doc("Uzbekistan asked the EU for aid.", "news/undated.txt")
HOSTILE = sentence_doc(HOSTILE_TEXT, "news/hostile.html", title="<b>bold</b> title")

DOCUMENTS: dict[Document, tuple[list[Mention], list[Event]]] = {
    SUMMIT: (
        [mention_of(SUMMIT, "Turkey", "TUR"), mention_of(SUMMIT, "Azerbaijan", "AZE"),
         mention_of(SUMMIT, "Baku", "AZE")],
        [event_on(SUMMIT, "ev-summit-1", "signed", source="TUR", source_name="Turkey",
                  target="AZE", target_name="Azerbaijan", plover="AGREE", cameo="057",
                  goldstein=8.0, date="2024-03-12", date_precision=Precision.DAY),
         event_on(SUMMIT, "ev-summit-2", "signed", source="AZE", source_name="Azerbaijan",
                  target="TUR", target_name="Turkey", plover="AGREE", cameo="057",
                  goldstein=8.0, date="2024-03-12", date_precision=Precision.DAY)],
    ),
    VISIT: (
        [mention_of(VISIT, "Kyrgyzstan", "KGZ"), mention_of(VISIT, "Turkey", "TUR")],
        [event_on(VISIT, "ev-visit-1", "hosted", source="KGZ", source_name="Kyrgyzstan",
                  target="TUR", target_name="Turkey", plover="CONSULT", cameo="043",
                  goldstein=2.8, date="2023-06", date_precision=Precision.MONTH)],
    ),
    DISPUTE: (
        [mention_of(DISPUTE, "Kazakhstan", "KAZ"), mention_of(DISPUTE, "Uzbekistan", "UZB")],
        [event_on(DISPUTE, "ev-dispute-1", "criticised", source="KAZ",
                  source_name="Kazakhstan", target="UZB", target_name="Uzbekistan",
                  plover="ACCUSE", cameo="111", goldstein=-2.0, date="2022",
                  date_precision=Precision.YEAR)],
    ),
    UNDATED: (
        [mention_of(UNDATED, "Uzbekistan", "UZB"), mention_of(UNDATED, "EU", "EU")],
        [event_on(UNDATED, "ev-undated-1", "asked", source="UZB", source_name="Uzbekistan",
                  target="EU", target_name="European Union", plover="REQUEST", cameo="023",
                  goldstein=3.4, mode=Mode.ASSERTED)],
    ),
    HOSTILE: (
        [mention_of(HOSTILE, "Ankara", "TUR"), mention_of(HOSTILE, "Baku", "AZE")],
        [event_on(HOSTILE, "ev-hostile-1", "praised", source="TUR", source_name="Turkey",
                  target="AZE", target_name="Azerbaijan", plover="SUPPORT", cameo="051",
                  goldstein=3.4, date="2024-05-04", date_precision=Precision.DAY)],
    ),
}  # fmt: skip
EVENT_COUNT = sum(len(events) for _, events in DOCUMENTS.values())


def fill(store: Store) -> None:
    for doc, (mentions, events) in DOCUMENTS.items():
        store.save_document(doc, mentions, events)


def alliance_claim(doc: Document, claim_id: str, **fields: Any) -> Claim:
    """A TUR–AZE alliance claim resting on the whole text of `doc`."""
    values: dict[str, Any] = {
        "kind": RelationKind.ALLIANCE, "a": "TUR", "b": "AZE", "basis": ClaimBasis.STATEMENT,
        "sentence": doc.text, "span_start": 0, "span_end": len(doc.text), "confidence": 0.8,
    }  # fmt: skip
    values.update(fields)
    return Claim(id=claim_id, doc_id=doc.id, **values)


# The summit's event supports an alliance; the hostile text denies it.
CLAIMS = {
    SUMMIT: [
        alliance_claim(
            SUMMIT, "claim-summit", since="2024-03-12", basis=ClaimBasis.EVENT,
            event_id="ev-summit-1",
        )
    ],
    HOSTILE: [alliance_claim(HOSTILE, "claim-hostile", negated=True)],
}  # fmt: skip


def fill_with_claims(store: Store) -> None:
    for doc, (mentions, events) in DOCUMENTS.items():
        store.save_document(doc, mentions, events, claims=CLAIMS.get(doc, []))
