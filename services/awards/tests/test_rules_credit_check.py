"""信用核查 (issue 12, item 4), on the decision procedure alone (no I/O): an enterprise on the
serious-dishonesty list (黑名单) on a decision's date gets no award (`credit_black_list`); the red list
bars nothing; the days on the list are from `listed_on` up to the day before `removed_on`."""

from __future__ import annotations

from datetime import date

from zjtx.awards.claim.schemas import TradeFairEvidence
from zjtx.awards.definition import AWARDS
from zjtx.awards.rules.facts import CreditListFact, EnterpriseFacts, RecognitionFact
from zjtx.awards.rules.procedure import ClaimFact, decide_enterprise

PARAMETERS = AWARDS.load_parameters()
USCC = "91150105MA0Q4LJX27"
TODAY = date(2025, 9, 1)
RECOGNISED = date(2024, 6, 18)  # a 市级专精特新 recognition: A1.1, 200,000.00


def black(listed_on: date, removed_on: date | None = None) -> CreditListFact:
    return CreditListFact("black", listed_on, removed_on, "市市场监督管理局", "提供虚假材料", "credit_list:1")


def municipal_award(*entries: CreditListFact):
    recognition = RecognitionFact("municipal_zjtx", RECOGNISED, date(2027, 6, 18), source="recognition:1")
    facts = EnterpriseFacts(uscc=USCC, district_code="150105", recognitions=(recognition,), credit_lists=entries)
    [decided] = decide_enterprise(facts, [], parameters=PARAMETERS, today=TODAY, groups=("A1.1",))
    return decided.decision


def test_no_credit_list_entry_gives_the_award():
    decision = municipal_award()
    assert (decision.eligible, decision.amount_fen) == (True, 20_000_000)  # 200,000.00


def test_on_the_black_list_on_the_recognition_date_gives_no_award():
    # Listed 2024-03-01, never taken off: on the list on 2024-06-18 → refused, 0.00.
    decision = municipal_award(black(date(2024, 3, 1)))
    assert (decision.eligible, decision.amount_fen, decision.reason_code) == (False, 0, "credit_black_list")
    assert "2024-03-01" in decision.reason and "黑名单" in decision.reason
    assert decision.explanation.inputs["credit_list"]["listed_on"] == "2024-03-01"


def test_listed_on_the_decision_date_itself_bars_it():
    decision = municipal_award(black(RECOGNISED))
    assert (decision.eligible, decision.reason_code) == (False, "credit_black_list")


def test_listed_the_day_after_the_decision_date_does_not_bar_it():
    decision = municipal_award(black(date(2024, 6, 19)))
    assert (decision.eligible, decision.amount_fen) == (True, 20_000_000)


def test_taken_off_on_the_decision_date_no_longer_bars_it_but_the_day_after_still_did():
    # On the list 2024-03-01 .. 2024-06-17 (removed_on 2024-06-18 is the first day off it): not on it on the 18th.
    assert municipal_award(black(date(2024, 3, 1), removed_on=RECOGNISED)).eligible
    # Removed 2024-06-19: still on it on the 18th.
    assert not municipal_award(black(date(2024, 3, 1), removed_on=date(2024, 6, 19))).eligible


def test_the_red_list_bars_nothing():
    red = CreditListFact("red", date(2024, 1, 1))
    assert municipal_award(red).amount_fen == 20_000_000


def fair(name: str, held_on: date, fee: str, order: int) -> ClaimFact:
    evidence = TradeFairEvidence(rule="A6.1", fair_name=name, fair_level="national", held_on=held_on, booth_fee=fee)
    return ClaimFact(f"claim:{order}", evidence, (order,))


def test_a_fair_refused_for_the_black_list_uses_none_of_the_yearly_cap():
    # A6.1: 100% of the fee, at most 50,000.00 per enterprise and year.
    # Fair 1 on 2024-03-10, fee 30,000.00, while on the black list (2024-03-01 .. 2024-03-31): refused, 0.00.
    # Fair 2 on 2024-05-20, fee 40,000.00, off the list: room 50,000.00 − 0.00 → 40,000.00 (had fair 1 counted,
    # the room would have been 20,000.00).
    facts = EnterpriseFacts(
        uscc=USCC,
        district_code="150105",
        cluster="agri_food",
        credit_lists=(black(date(2024, 3, 1), removed_on=date(2024, 4, 1)),),
    )
    claims = [fair("进博会", date(2024, 3, 10), "30000.00", 1), fair("广交会", date(2024, 5, 20), "40000.00", 2)]
    first, second = decide_enterprise(facts, claims, parameters=PARAMETERS, today=TODAY, groups=("A6.1",))
    assert (first.decision.eligible, first.decision.amount_fen, first.decision.reason_code) == (
        False,
        0,
        "credit_black_list",
    )
    assert (second.decision.eligible, second.decision.amount_fen) == (True, 4_000_000)
