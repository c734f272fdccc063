"""Promises and threats: the commitment table, and the coder using it (trained model)."""

from __future__ import annotations

import pytest

from comity.errors import ExtractionError
from comity.extract.commitments import CommitmentKind, Commitments


@pytest.fixture(scope="module")
def table() -> Commitments:
    return Commitments.load()


def test_a_promised_act_takes_the_longest_matching_intent_code(table: Commitments) -> None:
    assert table.code_for(CommitmentKind.PROMISE, "0731") == "0333"  # humanitarian aid
    assert table.code_for(CommitmentKind.PROMISE, "070") == "033"
    assert table.code_for(CommitmentKind.PROMISE, "042") == "036"
    assert table.code_for(CommitmentKind.PROMISE, "010") == "030"  # fallback row


def test_a_threatened_act_takes_the_matching_threat_code(table: Commitments) -> None:
    assert table.code_for(CommitmentKind.THREAT, "1631") == "1312"
    assert table.code_for(CommitmentKind.THREAT, "190") == "1384"
    assert table.code_for(CommitmentKind.THREAT, "111") == "130"


def test_a_promised_hostile_act_stays_that_act(table: Commitments) -> None:
    assert table.code_for(CommitmentKind.PROMISE, "174") == "174"


def test_acts_already_of_the_commitment_kind_keep_their_code(table: Commitments) -> None:
    assert table.code_for(CommitmentKind.PROMISE, "036") == "036"
    assert table.code_for(CommitmentKind.THREAT, "1312") == "1312"


def test_a_table_without_a_fallback_row_is_refused() -> None:
    text = (
        '[verbs]\npromise = ["promise"]\nthreat = ["threaten"]\n[promise]\n"" = "030"\n[threat]\n'
        '[refusal]\n"" = "120"\n'
    )
    with pytest.raises(ExtractionError, match="fallback"):
        Commitments.from_toml(text)


@pytest.mark.model
def test_a_promise_to_invest_is_an_agreement_not_an_investment(code_text) -> None:
    events = code_text("Japan promised to invest in new railways in Tajikistan.")
    assert [(e.source, e.target, e.plover, e.cameo) for e in events] == [
        ("JPN", "TJK", "AGREE", "0311")
    ]


@pytest.mark.model
def test_a_threat_to_close_a_border_is_a_threat_not_a_closure(code_text) -> None:
    events = code_text("Georgia threatened to close its border crossings with Armenia.")
    assert {(e.source, e.target, e.plover) for e in events} == {("GEO", "ARM", "THREATEN")}
    assert all(e.mode.value == "asserted" for e in events)


@pytest.mark.model
def test_a_plain_future_keeps_the_act_itself(code_text) -> None:
    events = code_text("Mongolia will open an embassy in Ashgabat next year.")
    assert [(e.source, e.target, e.plover, e.mode.value) for e in events] == [
        ("MNG", "TKM", "SUPPORT", "intended")
    ]


def test_a_wish_promises_a_friendly_act_and_threatens_a_hostile_one(table: Commitments) -> None:
    assert table.code_for(CommitmentKind.WISH, "070") == "033"
    assert table.code_for(CommitmentKind.WISH, "190") == "1384"


@pytest.mark.model
def test_he_in_a_reported_statement_is_the_speaker(code_text) -> None:
    events = code_text("The Kazakh president said he would visit Mongolia in June 2026.")
    assert [(e.source, e.target) for e in events] == [("KAZ", "MNG")]


def test_a_refused_friendly_act_takes_the_matching_rejection_code(table: Commitments) -> None:
    assert table.code_for(CommitmentKind.REFUSAL, "0841") == "1243"  # release persons
    assert table.code_for(CommitmentKind.REFUSAL, "057") == "127"  # sign an agreement
    assert table.code_for(CommitmentKind.REFUSAL, "070") == "122"
    assert table.code_for(CommitmentKind.REFUSAL, "010") == "120"  # fallback row


def test_a_refused_hostile_act_stays_that_act(table: Commitments) -> None:
    assert table.code_for(CommitmentKind.REFUSAL, "190") == "190"


def test_refuse_and_seek_are_commitment_verbs(table: Commitments) -> None:
    assert table.verbs["refuse"] is CommitmentKind.REFUSAL
    assert table.verbs["seek"] is CommitmentKind.WISH
