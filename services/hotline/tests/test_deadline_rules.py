"""Deadlines of A14.2 worked by hand from facts/holidays.csv (no I/O): a deadline of N working days
ends at 24:00 Asia/Shanghai of the N-th working day after the day it counts from, that day not
counted; arrears complaints follow the payment regulation (2025 text, from 2025-06-01). 24:00 of a day
is written as 00:00+08:00 of the next day."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from zjtx.common.calendar import load_calendar
from zjtx.common.clock import CHINA
from zjtx.hotline.deadline.rules import (
    ARREARS_ANSWER,
    BEFORE_POLICY,
    CALENDAR_NOT_KNOWN,
    compute,
    first_deadlines,
    local_day,
    reopened_deadlines,
    response_deadline,
    return_visit_deadline,
)
from zjtx.hotline.definition import HOTLINE

CALENDAR = load_calendar()


@pytest.fixture(scope="module")
def parameters():
    return HOTLINE.load_parameters()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def midnight(day: str) -> datetime:
    """00:00 (Asia/Shanghai) of `day`: the end of the day before."""
    return datetime.fromisoformat(f"{day}T00:00:00+08:00")


def due(deadlines) -> dict[str, datetime | None]:
    return {d.kind: d.due_at for d in deadlines}


def test_a_friday_before_a_make_up_working_sunday(parameters):
    # Received Friday 2025-09-26. 国办发明电: Sunday 09-28 is a working day, 10-01..10-08 are off
    # (国庆节、中秋节), Saturday 10-11 is a working day.
    # Acknowledge, 1 working day after 09-26: Sat 09-27 off, Sun 09-28 worked → ends 24:00 of 09-28.
    # Reply, 5 working days: 09-28 (1), Mon 09-29 (2), Tue 09-30 (3), 10-01..10-08 off, Thu 10-09 (4),
    # Fri 10-10 (5) → ends 24:00 of 10-10.
    deadlines = first_deadlines(parameters, CALENDAR, category="other", received_at=at("2025-09-26T15:20:00+08:00"))
    assert due(deadlines) == {"acknowledge": midnight("2025-09-29"), "reply": midnight("2025-10-11")}
    # Replied on Friday 10-10: the return visit within 3 working days: Sat 10-11 (worked, 1), Mon 10-13 (2),
    # Tue 10-14 (3) → ends 24:00 of 10-14.
    visit = return_visit_deadline(parameters, CALENDAR, replied_at=at("2025-10-10T17:00:00+08:00"))
    assert visit.due_at == midnight("2025-10-15")
    assert visit.explanation["formula"][0] == "3 working day(s) after 2025-10-10 (not counted): 2025-10-14"


def test_the_day_before_the_national_day_week(parameters):
    # Received Monday 2024-09-30; 10-01..10-07 are off (国办发明电〔2023〕7号), Saturday 10-12 is worked.
    # Acknowledge: the first working day after 09-30 is Tue 10-08 → ends 24:00 of 10-08.
    # Reply: 10-08 (1), 10-09 (2), 10-10 (3), 10-11 (4), Sat 10-12 (5, worked) → ends 24:00 of 10-12.
    deadlines = first_deadlines(parameters, CALENDAR, category="finance", received_at=at("2024-09-30T11:00:00+08:00"))
    assert due(deadlines) == {"acknowledge": midnight("2024-10-09"), "reply": midnight("2024-10-13")}
    # Received on the make-up Sunday 09-29 itself: that day is not counted; Mon 09-30 is the first → 24:00 of 09-30.
    [ack, _] = first_deadlines(parameters, CALENDAR, category="finance", received_at=at("2024-09-29T10:00:00+08:00"))
    assert ack.due_at == midnight("2024-10-01")


def test_new_years_eve(parameters):
    # Received Wednesday 2025-12-31 at 23:30. 元旦 2026: Thu 01-01, Fri 01-02, Sat 01-03 off, Sun 01-04 worked.
    # Acknowledge: the first working day after 12-31 is Sun 01-04 → ends 24:00 of 01-04.
    # Reply: 01-04 (1), Mon 01-05 (2), Tue 01-06 (3), Wed 01-07 (4), Thu 01-08 (5) → ends 24:00 of 01-08.
    deadlines = first_deadlines(parameters, CALENDAR, category="permits", received_at=at("2025-12-31T23:30:00+08:00"))
    assert due(deadlines) == {"acknowledge": midnight("2026-01-05"), "reply": midnight("2026-01-09")}


def test_the_day_of_receipt_is_the_day_in_shanghai_not_in_utc():
    # 2025-01-02T16:30Z is Friday 2025-01-03 00:30 in Asia/Shanghai: the day of receipt is Friday.
    assert local_day(at("2025-01-02T16:30:00+00:00")) == date(2025, 1, 3)


def test_a_utc_timestamp_counts_from_the_shanghai_day(parameters):
    # Day of receipt Friday 2025-01-03 (above): acknowledge by the first working day after it, Mon 01-06 →
    # ends 24:00 of 01-06. Counting from the UTC date (Thu 01-02) would wrongly give 24:00 of Fri 01-03.
    [ack, _] = first_deadlines(parameters, CALENDAR, category="other", received_at=at("2025-01-02T16:30:00+00:00"))
    assert ack.due_at == midnight("2025-01-07")


def test_an_arrears_complaint_is_forwarded_within_10_working_days_over_the_national_day(parameters):
    # Arrears, received Friday 2025-09-26 (the 2025 text is in force from 2025-06-01).
    # Forward (acknowledged by the department that handles it), 10 working days: Sun 09-28 (1), 09-29 (2),
    # 09-30 (3), 10-01..10-08 off, 10-09 (4), 10-10 (5), Sat 10-11 (6, worked), 10-13 (7), 10-14 (8),
    # 10-15 (9), Thu 10-16 (10) → ends 24:00 of 10-16.
    # Answer within 30 days: 09-26 + 30 = Sun 10-26, not a working day → Mon 10-27 → ends 24:00 of 10-27.
    deadlines = first_deadlines(parameters, CALENDAR, category="arrears", received_at=at("2025-09-26T09:00:00+08:00"))
    assert due(deadlines) == {"acknowledge": midnight("2025-10-17"), "reply": midnight("2025-10-28")}
    forward, answer = deadlines
    assert (forward.term, answer.term) == ("arrears_forward", ARREARS_ANSWER)
    assert answer.explanation["formula"] == [
        "2025-09-26 (receipt, day 0) + 30 days = 2025-10-26",
        "2025-10-26 is not a working day: the term ends on the next working day, 2025-10-27",
        "ends 24:00 of 2025-10-27 (Asia/Shanghai)",
    ]


def test_an_arrears_answer_falling_in_a_holiday_moves_past_it(parameters):
    # Received Wednesday 2025-09-03: + 30 days = Fri 10-03, in the holiday (10-01..10-08) → Thu 10-09.
    [_, answer] = first_deadlines(parameters, CALENDAR, category="arrears", received_at=at("2025-09-03T09:00:00+08:00"))
    assert answer.due_at == midnight("2025-10-10")


def test_an_arrears_answer_extended_to_the_longest_term(parameters):
    # Received 2025-09-26, extended by 60 days: 30 + 60 = 90 days → Thu 2025-12-25, a working day.
    extended = compute(
        parameters, CALENDAR, kind="reply", term=ARREARS_ANSWER, starts_on=date(2025, 9, 26), extension_days=60
    )
    assert extended.due_at == midnight("2025-12-26")


def test_an_arrears_complaint_before_the_2025_text_has_the_ordinary_terms(parameters):
    # Received Tuesday 2025-05-20, before 2025-06-01: acknowledge 1 working day (Wed 05-21), reply 5
    # (05-21, 05-22, 05-23, Mon 05-26, Tue 05-27).
    deadlines = first_deadlines(parameters, CALENDAR, category="arrears", received_at=at("2025-05-20T10:00:00+08:00"))
    assert due(deadlines) == {"acknowledge": midnight("2025-05-22"), "reply": midnight("2025-05-28")}
    assert [d.term for d in deadlines] == ["acknowledge", "reply"]


def test_the_response_rate_counts_one_working_day_for_every_category(parameters):
    # An arrears complaint may be forwarded within 10 working days, but the response rate measures 1.
    response = response_deadline(parameters, CALENDAR, received_at=at("2025-09-26T09:00:00+08:00"))
    assert response.due_at == midnight("2025-09-29")


def test_a_reopened_ticket_counts_the_ordinary_terms_from_the_reopening(parameters):
    # Reopened Thursday 2025-10-09: acknowledge by Fri 10-10; reply 10-10, Sat 10-11 (worked), 10-13, 10-14, 10-15.
    deadlines = reopened_deadlines(parameters, CALENDAR, at=at("2025-10-09T14:00:00+08:00"))
    assert due(deadlines) == {"acknowledge": midnight("2025-10-11"), "reply": midnight("2025-10-16")}


def test_a_deadline_running_into_a_year_not_on_the_calendar_is_unknown_not_guessed(parameters):
    # Received Monday 2026-12-28: acknowledge by Tue 12-29 (known); reply needs 5 working days: 12-29,
    # 12-30, 12-31, then 2027, whose holidays are not on record → unknown until the calendar has 2027.
    ack, reply = first_deadlines(parameters, CALENDAR, category="other", received_at=at("2026-12-28T10:00:00+08:00"))
    assert ack.due_at == midnight("2026-12-30")
    assert (reply.due_at, reply.unknown_reason) == (None, CALENDAR_NOT_KNOWN)
    assert "2027" in reply.explanation["reasons"][0]
    ack, reply = first_deadlines(parameters, CALENDAR, category="other", received_at=at("2027-01-04T10:00:00+08:00"))
    assert {ack.unknown_reason, reply.unknown_reason} == {CALENDAR_NOT_KNOWN}


def test_a_ticket_received_before_the_policy_has_no_deadline(parameters):
    deadlines = first_deadlines(parameters, CALENDAR, category="other", received_at=at("2021-12-30T10:00:00+08:00"))
    assert [(d.due_at, d.unknown_reason) for d in deadlines] == [(None, BEFORE_POLICY)] * 2
    assert "before the policy applies (2022-01-01)" in deadlines[0].explanation["reasons"][0]


def test_every_deadline_ends_at_midnight_in_shanghai(parameters):
    deadlines = first_deadlines(parameters, CALENDAR, category="other", received_at=at("2025-09-01T09:00:00+08:00"))
    for deadline in deadlines:
        assert deadline.due_at.tzinfo is not None
        local = deadline.due_at.astimezone(CHINA)
        assert (local.hour, local.minute, local.second) == (0, 0, 0)
