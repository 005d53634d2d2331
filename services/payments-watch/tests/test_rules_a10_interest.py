"""A10.4 and the counting decisions by hand, the rules alone: simple interest per yuan from the due
date (excluded) to its payment (included), what is unpaid up to the day of the computation; a disputed
part held back while the undisputed part falls due; the interest rounded half-up once per contract.
Every case: organ, 2025 text, no term agreed, 0.05% a day; delivered Monday 2025-07-28, day 30 =
Wednesday 2025-08-27, the due date."""

from __future__ import annotations

from datetime import date

from .cases import dispute, paid, payable, state, terms

DELIVERED = date(2025, 7, 28)
DUE = date(2025, 8, 27)


def test_partial_payments_before_and_after_the_due_date():
    # 30,000.00 paid 2025-08-20 (before the due date: no interest);
    # 50,000.00 paid 2025-09-05: late 2025-08-28 .. 09-05 = 9 days → 50,000.00 × 9 × 0.05% = 225.00;
    # 20,000.00 unpaid on 2025-09-15: 2025-08-28 .. 09-15 = 19 days → 20,000.00 × 19 × 0.05% = 190.00.
    # Total 415.00. Day by day the same: 70,000.00 × 9 days + 20,000.00 × 10 days = 315.00 + 100.00.
    result = state(
        terms("organ"),
        [payable(DELIVERED, "100000.00")],
        [paid(date(2025, 8, 20), "30000.00"), paid(date(2025, 9, 5), "50000.00")],
        as_of=date(2025, 9, 15),
    )
    [line] = result.payables
    assert line.due_on == DUE
    assert (line.paid_fen, line.outstanding_fen, line.overdue_fen, line.days_overdue) == (
        8_000_000,
        2_000_000,
        2_000_000,
        19,
    )
    assert result.interest_fen == 41_500
    assert "70,000.00 × 9 days (2025-08-28..2025-09-05) + 20,000.00 × 10 days" in line.explanation.steps[-1]


def test_paying_on_the_due_date_is_on_time():
    result = state(
        terms("organ"), [payable(DELIVERED, "100000.00")], [paid(DUE, "100000.00")], as_of=date(2025, 12, 31)
    )
    assert (result.overdue_fen, result.interest_fen) == (0, 0)


def test_a_payment_the_day_after_the_due_date_bears_one_day():
    # 100,000.00 × 1 day × 0.05% = 50.00.
    result = state(
        terms("organ"),
        [payable(DELIVERED, "100000.00")],
        [paid(date(2025, 8, 28), "100000.00")],
        as_of=date(2025, 12, 31),
    )
    assert result.interest_fen == 5_000


def test_the_undisputed_part_falls_due_while_a_dispute_holds_its_part_back():
    # 30,000.00 disputed since 2025-08-10 (open); nothing paid. On 2025-09-15 the undisputed 70,000.00 is
    # overdue since 2025-08-28: 19 days × 70,000.00 × 0.05% = 665.00; the disputed part bears nothing.
    result = state(
        terms("organ"),
        [payable(DELIVERED, "100000.00", disputes=(dispute("30000.00", date(2025, 8, 10)),))],
        as_of=date(2025, 9, 15),
    )
    [line] = result.payables
    assert (line.overdue_fen, line.disputed_fen, line.outstanding_fen) == (7_000_000, 3_000_000, 10_000_000)
    assert result.interest_fen == 66_500


def test_a_resolved_dispute_makes_the_part_found_owed_due_on_the_resolution_day():
    # The undisputed 70,000.00 paid on time (2025-08-25). The dispute over 30,000.00 (raised 2025-08-10)
    # resolved 2025-09-10: 20,000.00 owed, due that day; 10,000.00 no longer owed. On 2025-09-15:
    # 20,000.00 overdue 2025-09-11 .. 09-15 = 5 days → 20,000.00 × 5 × 0.05% = 50.00.
    contract = terms("organ")
    held = dispute("30000.00", date(2025, 8, 10), resolved_on=date(2025, 9, 10), upheld="20000.00")
    result = state(
        contract,
        [payable(DELIVERED, "100000.00", disputes=(held,))],
        [paid(date(2025, 8, 25), "70000.00")],
        as_of=date(2025, 9, 15),
    )
    [line] = result.payables
    assert (line.overdue_fen, line.outstanding_fen, line.days_overdue) == (2_000_000, 2_000_000, 5)
    assert result.interest_fen == 5_000
    # Before the resolution (2025-09-09), nothing was overdue: the undisputed part was paid on time.
    before = state(
        contract,
        [payable(DELIVERED, "100000.00", disputes=(held,))],
        [paid(date(2025, 8, 25), "70000.00")],
        as_of=date(2025, 9, 9),
    )
    assert (before.overdue_fen, before.interest_fen, before.payables[0].disputed_fen) == (0, 0, 3_000_000)


def test_a_dispute_raised_after_the_due_date_stops_interest_from_that_day_only():
    # Nothing paid; 40,000.00 disputed from 2025-09-01. 100,000.00 × 4 days (08-28 .. 08-31) = 200.00,
    # then 60,000.00 × 10 days (09-01 .. 09-10) = 300.00: 500.00 on 2025-09-10.
    result = state(
        terms("organ"),
        [payable(DELIVERED, "100000.00", disputes=(dispute("40000.00", date(2025, 9, 1)),))],
        as_of=date(2025, 9, 10),
    )
    assert result.interest_fen == 50_000


def test_payments_pay_the_oldest_payable_first():
    # Two deliveries, 2025-07-28 (due 08-27) and 2025-08-04 (day 30 = 09-03, Wed). 60,000.00 paid on
    # 2025-08-30 pays the first 50,000.00 (3 days late) and 10,000.00 of the second (on time).
    result = state(
        terms("organ"),
        [payable(DELIVERED, "50000.00"), payable(date(2025, 8, 4), "50000.00")],
        [paid(date(2025, 8, 30), "60000.00")],
        as_of=date(2025, 9, 10),
    )
    first, second = result.payables
    assert (first.paid_fen, second.paid_fen) == (5_000_000, 1_000_000)
    # first: 50,000.00 × 3 days = 75.00; second: 40,000.00 × 7 days (09-04 .. 09-10) = 140.00.
    assert (first.interest_fen, second.interest_fen, result.interest_fen) == (7_500, 14_000, 21_500)


def test_the_interest_is_rounded_half_up_once_per_contract():
    # Two payables of 10.01 each, unpaid one day past the due date: each 1,001 fen × 0.05% = 0.5005 fen,
    # which alone rounds to 0.01; together 1.001 fen, rounded once: 0.01, not 0.02.
    result = state(
        terms("organ"),
        [payable(DELIVERED, "10.01"), payable(DELIVERED, "10.01")],
        as_of=date(2025, 8, 28),
    )
    assert [line.interest_fen for line in result.payables] == [1, 1]
    assert result.interest_fen == 1
