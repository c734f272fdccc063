"""Dated treaty statements become signing events (trained model)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def _signings(events):  # type: ignore[no-untyped-def]
    return {(e.source, e.target, e.date) for e in events if e.cameo == "057"}


def test_a_treaty_named_with_its_parties_and_date_was_signed_that_day(code_text) -> None:
    events = code_text(
        "The basis of relations is the Treaty on Friendship and Cooperation between Georgia "
        "and Armenia of 12 May 1993."
    )
    assert _signings(events) == {("GEO", "ARM", "1993-05-12"), ("ARM", "GEO", "1993-05-12")}
    assert all(e.trigger.startswith("Treaty on Friendship") for e in events)


def test_a_treaty_named_without_a_date_reports_no_signing(code_text) -> None:
    events = code_text(
        "The Treaty on Friendship and Cooperation between Georgia and Armenia remains in force."
    )
    assert not _signings(events)


def test_a_signing_told_with_a_verb_is_not_counted_twice(code_text) -> None:
    events = code_text(
        "Georgia and Armenia signed the Treaty on Friendship and Cooperation between Georgia "
        "and Armenia of 12 May 1993 in Tbilisi."
    )
    signed = [e for e in events if e.cameo == "057"]
    assert len(signed) == 2
    assert {e.trigger for e in signed} == {"signed"}
