"""A recognition withdrawn as recorded in error (a correction, issue 12 item 2), on the decision procedure
alone (no I/O): it never held, so it brings no award (`recognition_withdrawn`, with the reason), and it does
not make a later recognition of the same level "not new"."""

from __future__ import annotations

from datetime import date

from zjtx.awards.definition import AWARDS
from zjtx.awards.rules.facts import EnterpriseFacts, RecognitionFact
from zjtx.awards.rules.procedure import decide_enterprise

PARAMETERS = AWARDS.load_parameters()
USCC = "91150105MA0Q4LJX27"
TODAY = date(2025, 9, 1)


def municipal(on: date, source: str, **flags) -> RecognitionFact:
    return RecognitionFact("municipal_zjtx", on, on.replace(year=on.year + 3), source=source, **flags)


def decide(*recognitions: RecognitionFact):
    facts = EnterpriseFacts(uscc=USCC, district_code="150105", recognitions=recognitions)
    return {d.source: d.decision for d in decide_enterprise(facts, [], parameters=PARAMETERS, today=TODAY)}


def test_a_withdrawn_recognition_brings_no_award_and_says_why():
    decided = decide(municipal(date(2024, 6, 18), "recognition:1", withdrawn_reason="录入了另一家企业的证书"))
    decision = decided["recognition:1"]
    assert (decision.eligible, decision.amount_fen, decision.reason_code) == (False, 0, "recognition_withdrawn")
    assert "录入了另一家企业的证书" in decision.reason


def test_a_withdrawn_earlier_recognition_does_not_make_the_right_one_not_new():
    # Recorded first with a wrong date (2023-03-01), withdrawn, then recorded right (2024-06-18): the right one
    # is new, A1.1 200,000.00. Had the wrong one stood, the right one would be `held_before`, 0.00.
    wrong = municipal(date(2023, 3, 1), "recognition:1", withdrawn_reason="日期录错")
    right = municipal(date(2024, 6, 18), "recognition:2")
    decided = decide(wrong, right)
    assert (decided["recognition:2"].eligible, decided["recognition:2"].amount_fen) == (True, 20_000_000)
    assert decided["recognition:1"].reason_code == "recognition_withdrawn"
    standing = decide(municipal(date(2023, 3, 1), "recognition:1"), right)
    assert (standing["recognition:2"].amount_fen, standing["recognition:2"].reason_code) == (0, "held_before")
