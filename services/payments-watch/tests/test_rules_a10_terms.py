"""A10 by hand, the rules alone: which version of the payment regulation applies (the one in force on
the signing date), the term for each kind of buyer under each version (A10.1, A10.2), the flags, the
overdue rate (A10.4), and what is not monitored. Due dates here are worked out with the shipped
holiday notices; each comment gives the count."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zjtx.common.lpr import LprPublication, LprTable

from .cases import LARGE, payable, read, state, terms

JUL_28_2025 = date(2025, 7, 28)  # a Monday


# -- each kind of buyer under each version -------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "signed_on", "agreed", "version", "rule", "term", "flags", "reference"),
    [
        # 2025 text (signed on or after 2025-06-01).
        ("organ", date(2025, 7, 1), None, "2025", "A10.1", 30, [], False),  # 30 days from delivery
        ("institution", date(2025, 7, 1), 45, "2025", "A10.1", 45, [], False),  # agreed 45 ≤ 60
        ("soe", date(2025, 7, 1), None, "2025", "A10.2", 60, [], False),  # none agreed: 60 days
        ("large_enterprise", date(2025, 7, 1), 90, "2025", "A10.2", 90, [], False),  # the agreed term holds
        # 2020 text (signed 2020-09-01 .. 2025-05-31).
        ("organ", date(2024, 3, 1), None, "2020", "A10.1", 30, [], False),
        ("institution", date(2024, 3, 1), 45, "2020", "A10.1", 45, [], False),
        ("soe", date(2024, 3, 1), 75, "2020", "A10.2", 75, [], False),  # the agreed term
        # No term agreed and none in the 2020 text for a large enterprise: flagged, watched against 60.
        ("large_enterprise", date(2024, 3, 1), None, "2020", "A10.2", 60, ["term_missing"], True),
        ("soe", date(2024, 3, 1), None, "2020", "A10.2", 60, ["term_missing"], True),
    ],
)
def test_the_term_of_each_kind_of_buyer_under_each_version(
    kind, signed_on, agreed, version, rule, term, flags, reference
):
    reading = read(terms(kind, signed_on, term=agreed))
    assert reading.monitored
    assert (reading.regulation_version, reading.term_rule, reading.term_days) == (version, rule, term)
    assert reading.flags == flags
    assert reading.due_is_reference is reference
    assert reading.explanation.rule == rule
    # The explanation names the article of the version that applies.
    assert ("2025年修订" in reading.explanation.article) is (version == "2025")


def test_the_version_changes_on_2025_06_01_and_monitoring_starts_on_2020_09_01():
    assert read(terms("organ", date(2025, 5, 31))).regulation_version == "2020"
    assert read(terms("organ", date(2025, 6, 1))).regulation_version == "2025"
    assert read(terms("organ", date(2020, 9, 1))).regulation_version == "2020"
    # Signed before the regulation: recorded, not monitored, no version and nothing due.
    before = read(terms("organ", date(2020, 8, 31)))
    assert (before.monitored, before.not_monitored_reason, before.regulation_version) == (
        False,
        "signed_before_regulation",
        None,
    )
    assert "before the payment regulation applies (2020-09-01)" in before.explanation.reasons[0]


def test_due_dates_of_each_kind_under_each_version():
    # organ, 2025, no term: day 0 = 2025-07-28 (Mon), day 30 = 2025-08-27 (Wed), a working day.
    organ = state(terms("organ"), [payable(JUL_28_2025, "100000.00")], as_of=date(2025, 8, 1))
    assert organ.payables[0].due_on == date(2025, 8, 27)
    # institution, 2020 text, agreed 45: 2024-03-15 (Fri) + 45 = 2024-04-29 (Mon), a working day.
    institution = state(
        terms("institution", date(2024, 3, 1), term=45), [payable(date(2024, 3, 15), "1.00")], as_of=date(2024, 4, 1)
    )
    assert institution.payables[0].due_on == date(2024, 4, 29)
    # soe, 2025, none agreed: 2025-07-01 + 60 = 2025-08-30, a Saturday → Monday 2025-09-01.
    soe = state(terms("soe"), [payable(date(2025, 7, 1), "1.00")], as_of=date(2025, 8, 1))
    assert soe.payables[0].due_on == date(2025, 9, 1)
    # large enterprise, 2025, agreed 90: 2025-06-10 + 90 = 2025-09-08 (Mon).
    large = state(
        terms("large_enterprise", date(2025, 6, 5), term=90),
        [payable(date(2025, 6, 10), "1.00")],
        as_of=date(2025, 7, 1),
    )
    assert large.payables[0].due_on == date(2025, 9, 8)
    # soe, 2020 text, agreed 75: 2024-06-03 + 75 = 2024-08-17 (Sat) → 2024-08-19 (Mon).
    soe_2020 = state(
        terms("soe", date(2024, 6, 1), term=75), [payable(date(2024, 6, 3), "1.00")], as_of=date(2024, 7, 1)
    )
    assert soe_2020.payables[0].due_on == date(2024, 8, 19)


# -- flags -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("signed_on", [date(2024, 3, 1), date(2025, 7, 1)], ids=["2020", "2025"])
@pytest.mark.parametrize("kind", ["organ", "institution"])
def test_an_agreed_term_over_60_days_is_flagged_and_the_due_date_capped_at_60(kind, signed_on):
    reading = read(terms(kind, signed_on, term=90))
    assert (reading.flags, reading.term_days) == (["term_over_60"], 60)
    # 2024-03-15 + 60 = 2024-05-14 (Tue): day 60, not day 90 (2024-06-13).
    result = state(terms(kind, signed_on, term=90), [payable(date(2024, 3, 15), "1.00")], as_of=date(2024, 4, 1))
    if signed_on.year == 2024:
        assert result.payables[0].due_on == date(2024, 5, 14)
    assert "agreed term 90 days > the longest allowed 60" in " ".join(reading.explanation.steps)


def test_exactly_60_agreed_days_is_no_violation():
    assert read(terms("organ", term=60)).flags == []


def test_the_2020_large_enterprise_contract_without_a_term_is_watched_against_60_days_as_a_reference():
    contract = terms("large_enterprise", date(2024, 3, 1))
    # 2024-03-15 + 60 = 2024-05-14 (Tue): a reference, not a legal due date; no overdue interest accrues.
    result = state(contract, [payable(date(2024, 3, 15), "200000.00")], as_of=date(2024, 6, 13))
    [line] = result.payables
    assert (line.due_on, line.due_is_reference) == (date(2024, 5, 14), True)
    # Overdue against the reference: 2024-05-15 .. 2024-06-13 = 30 days, 200,000.00; interest 0.
    assert (line.overdue_fen, line.days_overdue, result.interest_fen) == (20_000_000, 30, 0)
    # The same contract under the 2025 text needs no term: 60 days, a legal due date.
    assert read(terms("large_enterprise", date(2025, 7, 1))).flags == []


@pytest.mark.parametrize("kind", ["soe", "large_enterprise"])
def test_a_pay_when_paid_clause_is_a_violation_under_the_2025_text_only(kind):
    assert read(terms(kind, date(2025, 7, 1), term=60, pay_when_paid=True)).flags == ["pay_when_paid"]
    assert read(terms(kind, date(2025, 5, 31), term=60, pay_when_paid=True)).flags == []


def test_an_acceptance_condition_without_an_acceptance_period_is_flagged():
    reading = read(terms("organ", acceptance_required=True))
    assert reading.flags == ["acceptance_period_missing"]


# -- A10.4: the overdue rate -----------------------------------------------------------------------------


def test_no_agreed_rate_is_0_05_percent_a_day():
    reading = read(terms("organ"))
    assert (reading.daily_rate, reading.rate_basis, reading.flags) == (Decimal("0.0005"), "statutory", [])


def test_an_agreed_rate_below_the_lpr_on_the_signing_date_is_flagged_and_the_lpr_used():
    # Signed 2024-12-01: the 1-year LPR in force is 3.10% (published 2024-10-21). Agreed 3.00% < 3.10%.
    reading = read(terms("organ", date(2024, 12, 1), rate="0.03"))
    assert reading.flags == ["overdue_rate_below_lpr"]
    assert reading.rate_basis == "lpr_floor"
    assert reading.lpr.published_on == date(2024, 10, 21)
    assert reading.daily_rate == Decimal("0.031") / 365
    # 365,000.00 overdue for 10 days at 3.10% / 365 a day = 365,000.00 × 0.031 × 10 / 365 = 310.00.
    # Delivered 2024-12-02 (Mon), day 30 = 2025-01-01 (元旦) → due 2025-01-02; 10 days = 01-03 .. 01-12.
    result = state(
        terms("organ", date(2024, 12, 1), rate="0.03"),
        [payable(date(2024, 12, 2), "365000.00")],
        as_of=date(2025, 1, 12),
    )
    assert result.payables[0].due_on == date(2025, 1, 2)
    assert result.interest_fen == 31_000


def test_an_agreed_rate_at_the_lpr_is_no_violation_and_is_applied_per_day_over_365():
    assert read(terms("organ", date(2024, 12, 1), rate="0.031")).flags == []
    # Signed 2025-07-01 (LPR 3.00%), agreed 3.65% ≥ 3.00%: 3.65% / 365 = 0.01% a day.
    reading = read(terms("organ", rate="0.0365"))
    assert (reading.rate_basis, reading.daily_rate) == ("agreed", Decimal("0.0001"))
    # 100,000.00 delivered 2025-07-28, due 2025-08-27; unpaid to 2025-09-26: 30 days × 10.00 = 300.00.
    result = state(terms("organ", rate="0.0365"), [payable(JUL_28_2025, "100000.00")], as_of=date(2025, 9, 26))
    assert result.interest_fen == 30_000


def test_an_lpr_not_on_record_leaves_the_floor_unchecked_and_the_rate_provisional():
    table = LprTable.of([LprPublication(date(2025, 5, 20), Decimal("3.00"), Decimal("3.50"))])
    # Signed 2025-09-01, more than 45 days after the last publication on record: not guessed.
    reading = read(terms("organ", date(2025, 9, 1), rate="0.02"), lpr=table)
    assert reading.rate_basis == "agreed_lpr_unknown"
    assert reading.flags == []
    assert "not known yet" in reading.provisional[0]


# -- not monitored -----------------------------------------------------------------------------------------


def test_a_seller_that_was_large_at_signing_is_not_monitored():
    reading = read(terms("organ", seller=LARGE))
    assert (reading.monitored, reading.not_monitored_reason, reading.regulation_version) == (
        False,
        "seller_not_sme",
        "2025",
    )
    result = state(terms("organ", seller=LARGE), [payable(JUL_28_2025, "100000.00")], as_of=date(2025, 12, 1))
    assert (result.payables[0].due_on, result.overdue_fen, result.interest_fen) == (None, 0, 0)
