"""When a coded act happened: the date of its sentence, its paragraph, or an earlier act.

The coder asks here, frame by frame: a date in the sentence nearest the trigger
in the parse; the date of the event a definite noun refers back to ("during the
visit"); the last date stated earlier in the paragraph; or, for an act told again
in the past tense, the date it was first told with. A sentence giving only a
date to a definite event noun ("the endorsement ... on 3-4 April") dates the
events told before it. Without any, an event takes the publication date, marked
as inferred.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TypedDict

from spacy.tokens import Doc

from comity.extract.frames import Frame
from comity.models import (
    Document,
    Event,
    Mention,
    Precision,
    TimeExpr,
    interval_of,
    iso_at_precision,
)
from comity.nlp.parse_view import ParseView
from comity.nlp.sentences import SentenceSpan

ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
PAST_TAGS = frozenset({"VBD", "VBN"})


def date_earlier_mention(
    frame: Frame, time: TimeExpr, place: Mention | None, events: dict[str, Event]
) -> None:
    """ "The endorsement was made official ... on April 3-4": date the endorsement told before.

    A definite event noun without actors of its own refers back to the latest
    events of the same CAMEO root; where those had only the publication date,
    this sentence's explicit date (and place) is theirs.
    """
    earlier = [
        e
        for e in events.values()
        if e.cameo == frame.entry.cameo and (e.date is None or e.date_inferred)
    ]
    for event in earlier:
        update: dict[str, object] = dict(stated(time))
        if event.location is None and place is not None:
            update.update(location=place.code, location_name=place.text)
        events[event.id] = event.model_copy(update=update)


def refers_back(frame: Frame) -> bool:
    """A definite event noun without actors ("the endorsement"), but not "the 8th meeting"."""
    trigger = frame.trigger
    if trigger.pos_ not in ("NOUN", "PROPN") or frame.targets:
        return False
    children = list(trigger.children)
    definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in children)
    counted = any(
        c.dep_ in ("amod", "nummod")
        and (c.like_num or c.tag_ == "CD" or c.lower_[-2:] in ORDINAL_SUFFIXES)
        for c in children
    )
    return definite and not counted


def date_of_referent(references: Sequence[Frame], events: dict[str, Event]) -> TimeExpr | None:
    """ "During the visit, ...": the date of the latest earlier event of that kind."""
    for frame in references:
        earlier = [
            e
            for e in events.values()
            if e.cameo == frame.entry.cameo and e.date and not e.date_inferred
        ]
        if earlier:
            return time_of(earlier[-1])
    return None


def date_of_same_act(frame: Frame, events: dict[str, Event]) -> TimeExpr | None:
    """ "X also reaffirmed its support for ...": an undated act told again, at its earlier date.

    An act told in the past tense with no date in its sentence or paragraph, of the
    same CAMEO code (to three digits) and towards one of the targets of an act dated
    earlier in the document, is taken to be that act (or one on the same occasion),
    rather than dated at publication. "Kazakhstan supports ..." is no such repeat.
    """
    if frame.governor.tag_ not in PAST_TAGS:
        return None
    targets = {target.code for target in frame.targets}
    code = frame.entry.cameo[:3]
    for event in reversed(list(events.values())):
        if (
            event.cameo[:3] == code
            and event.target in targets
            and event.date is not None
            and not event.date_inferred
        ):
            return time_of(event)
    return None


def time_of(event: Event) -> TimeExpr:
    """An earlier event's date as a time expression anchored at its trigger."""
    first, _, precision = interval_of(event.date or "")
    last = interval_of(event.date_end or event.date or "")[1]
    return TimeExpr(
        start=event.trigger_start,
        end=event.trigger_end,
        text=event.trigger,
        first=first,
        last=last,
        precision=precision,
        is_range=event.date_end is not None,
    )


def date_in_sentence(
    frame: Frame, span: SentenceSpan, dates: Sequence[TimeExpr], view: ParseView
) -> TimeExpr | None:
    """The sentence's date nearest the trigger in the parse."""
    in_sentence = [t for t in dates if span.start <= t.start and t.end <= span.end]
    if not in_sentence:
        return None
    doc = frame.trigger.doc
    return min(in_sentence, key=lambda t: tree_distance(doc, t, view, frame))


def date_before(span: SentenceSpan, dates: Sequence[TimeExpr]) -> TimeExpr | None:
    """The last date stated earlier in the sentence's paragraph."""
    preceding = [t for t in dates if t.end <= span.start and t.start >= span.paragraph_start]
    return preceding[-1] if preceding else None


def tree_distance(doc: Doc, time: TimeExpr, view: ParseView, frame: Frame) -> int:
    span = doc.char_span(
        view.to_parse(time.start), view.to_parse(time.end), alignment_mode="expand"
    )
    if span is None:
        return 1000
    anchors = {frame.trigger.i, frame.governor.i}
    steps, token = 0, span.root
    while token.i not in anchors and token.head.i != token.i:
        token, steps = token.head, steps + 1
    if token.i in anchors:
        return steps
    return 100 + abs(span.root.i - frame.trigger.i)


def day_for_roles(span: SentenceSpan, dates: Sequence[TimeExpr], document: Document) -> date | None:
    """The day on which to look up who held which office, before triggers are known."""
    near = [t for t in dates if t.start < span.end and t.start >= span.paragraph_start]
    if near:
        return near[-1].first
    return document.published


class DateFields(TypedDict):
    """The date fields of an `Event`, chosen together."""

    date: str | None
    date_end: str | None
    date_precision: Precision | None
    date_inferred: bool


def stated(time: TimeExpr) -> DateFields:
    return DateFields(
        date=time.value, date_end=time.value_end, date_precision=time.precision, date_inferred=False
    )


def date_fields(time: TimeExpr | None, document: Document) -> DateFields:
    if time is not None:
        return stated(time)
    if document.published is not None:
        precision = document.published_precision or Precision.DAY
        return DateFields(
            date=iso_at_precision(document.published, precision),
            date_end=None,
            date_precision=precision,
            date_inferred=True,
        )
    return DateFields(date=None, date_end=None, date_precision=None, date_inferred=False)
