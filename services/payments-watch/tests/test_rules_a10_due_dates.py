"""A10.3 and the counting decisions by hand, the rules alone: day 0 is the clock's start (delivery,
acceptance, the end of the acceptance period, the confirmation of a settlement), the due date is day N,
moved off a weekend or a public holiday to the next working day; a year whose holidays are not on
record leaves the due date unmoved and provisional."""

from __future__ import annotations

from datetime import date

from .cases import payable, state, terms

JUL_10 = date(2025, 7, 10)  # a Thursday


def test_a_due_date_on_a_weekend_moves_to_monday():
    # organ, 2025 text, no term: delivered 2025-07-31, day 30 = 2025-08-30 (Sat) → 2025-09-01 (Mon).
    [line] = state(terms("organ"), [payable(date(2025, 7, 31), "50000.00")], as_of=date(2025, 8, 5)).payables
    assert (line.clock_start, line.clock_basis, line.due_on) == (date(2025, 7, 31), "delivery", date(2025, 9, 1))
    assert "2025-08-30 (Saturday) is not a working day" in " ".join(line.explanation.steps)


def test_a_due_date_inside_the_national_day_holiday_moves_past_it():
    # Agreed 60 days: delivered 2025-08-02, day 60 = 2025-10-01, 国庆节 and 中秋节 from 10-01 to 10-08:
    # the next working day is Thursday 2025-10-09.
    [line] = state(terms("organ", term=60), [payable(date(2025, 8, 2), "80000.00")], as_of=date(2025, 8, 5)).payables
    assert line.due_on == date(2025, 10, 9)
    # Paying on the due date is on time: nothing overdue on 2025-10-09, 80,000.00 on 2025-10-10.
    on_due = state(terms("organ", term=60), [payable(date(2025, 8, 2), "80000.00")], as_of=date(2025, 10, 9))
    after = state(terms("organ", term=60), [payable(date(2025, 8, 2), "80000.00")], as_of=date(2025, 10, 10))
    assert (on_due.overdue_fen, after.overdue_fen, after.payables[0].days_overdue) == (0, 8_000_000, 1)


def test_acceptance_on_time_starts_the_clock_on_the_acceptance_day():
    # Acceptance within the agreed 10 days (2025-07-10 + 10 = 2025-07-20): accepted 2025-07-15 is day 0;
    # day 30 = 2025-08-14 (Thu).
    contract = terms("organ", acceptance=10)
    [line] = state(
        contract, [payable(JUL_10, "60000.00", accepted_on=date(2025, 7, 15))], as_of=date(2025, 8, 1)
    ).payables
    assert (line.clock_start, line.clock_basis, line.due_on) == (date(2025, 7, 15), "acceptance", date(2025, 8, 14))


def test_late_acceptance_starts_the_clock_at_the_end_of_the_acceptance_period():
    # Accepted 2025-07-25, after the period's last day 2025-07-20: day 0 = 2025-07-20, day 30 = 2025-08-19 (Tue).
    contract = terms("organ", acceptance=10)
    [line] = state(
        contract, [payable(JUL_10, "60000.00", accepted_on=date(2025, 7, 25))], as_of=date(2025, 8, 1)
    ).payables
    assert (line.clock_start, line.clock_basis, line.due_on) == (
        date(2025, 7, 20),
        "acceptance_period_ended",
        date(2025, 8, 19),
    )


def test_acceptance_never_made_starts_the_clock_at_the_end_of_the_period_once_it_has_passed():
    contract = terms("organ", acceptance=10)
    # On 2025-07-18 the period (to 2025-07-20) is running: the clock has not started, nothing is due.
    [waiting] = state(contract, [payable(JUL_10, "60000.00")], as_of=date(2025, 7, 18)).payables
    assert (waiting.clock_start, waiting.clock_basis, waiting.due_on) == (None, "awaiting_acceptance", None)
    # On 2025-09-01, never accepted: day 0 = 2025-07-20, due 2025-08-19; overdue 2025-08-20 .. 09-01 = 13
    # days; 60,000.00 × 0.05% × 13 = 390.00.
    result = state(contract, [payable(JUL_10, "60000.00")], as_of=date(2025, 9, 1))
    [line] = result.payables
    assert (line.clock_basis, line.due_on, line.days_overdue, result.interest_fen) == (
        "acceptance_period_ended",
        date(2025, 8, 19),
        13,
        39_000,
    )


def test_an_acceptance_after_the_as_of_date_has_not_happened_yet():
    contract = terms("organ", acceptance=10)
    [line] = state(
        contract, [payable(JUL_10, "60000.00", accepted_on=date(2025, 7, 15))], as_of=date(2025, 7, 14)
    ).payables
    assert line.clock_basis == "awaiting_acceptance"


def test_without_an_agreed_period_only_acceptance_starts_the_clock():
    contract = terms("organ", acceptance_required=True)
    [line] = state(contract, [payable(JUL_10, "60000.00")], as_of=date(2026, 7, 10)).payables
    assert (line.clock_basis, line.due_on, line.overdue_fen) == ("awaiting_acceptance", None, 0)


def test_periodic_settlement_starts_the_clock_when_both_sides_confirm_the_amount():
    # Confirmed 2025-07-31 (acceptance is irrelevant to a settlement): day 30 = 2025-08-30 (Sat) → 09-01.
    contract = terms("organ", periodic=True)
    [line] = state(
        contract, [payable(date(2025, 7, 31), "50000.00", source="settlement")], as_of=date(2025, 8, 1)
    ).payables
    assert (line.clock_start, line.clock_basis, line.due_on) == (
        date(2025, 7, 31),
        "settlement_confirmed",
        date(2025, 9, 1),
    )


def test_a_due_date_in_a_year_without_holiday_notices_is_unmoved_and_provisional():
    # Delivered 2026-11-05, day 60 = 2027-01-04: the notices on record cover 2022-2026. Not guessed: the
    # due date stays 2027-01-04, marked provisional, and no error.
    contract = terms("soe", date(2026, 11, 1))
    [line] = state(contract, [payable(date(2026, 11, 5), "10000.00")], as_of=date(2027, 1, 10)).payables
    assert (line.due_on, line.due_on_provisional) == (date(2027, 1, 4), True)
    assert line.overdue_fen == 1_000_000  # still watched: 2027-01-05 .. 01-10, 6 days
    assert line.days_overdue == 6
    assert any("provisional" in reason for reason in line.explanation.reasons)
