"""When a payable falls due (RULES A10.3 and the A10 counting decisions): the clock's start day is day 0
(delivery, acceptance, the end of the acceptance period, the confirmation of a settlement); the due
date is day N; a due date on a weekend or a public holiday moves to the next working day (民法典
第二百零三条, facts/holidays.csv). A year the holiday notices do not cover is not guessed: the due date
is kept unmoved and marked provisional until the notice is on record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from zjtx.common.calendar import CalendarNotKnown, WorkingCalendar
from zjtx.payments_watch.rules.facts import ContractTerms, PayableFacts

DELIVERY = "delivery"
ACCEPTANCE = "acceptance"
ACCEPTANCE_PERIOD_ENDED = "acceptance_period_ended"
SETTLEMENT_CONFIRMED = "settlement_confirmed"
AWAITING_ACCEPTANCE = "awaiting_acceptance"


@dataclass(frozen=True)
class Clock:
    start: date | None
    basis: str
    step: str
    step_zh: str  # the same line for a Chinese reader


@dataclass(frozen=True)
class DueDate:
    day_n: date
    due_on: date
    provisional: bool
    step: str
    step_zh: str


def clock_start(terms: ContractTerms, payable: PayableFacts, as_of: date) -> Clock:
    """A10.3 as of `as_of` (an acceptance after it has not happened yet)."""
    if payable.source == "settlement":
        return Clock(
            payable.basis_on,
            SETTLEMENT_CONFIRMED,
            f"periodic settlement confirmed on {payable.basis_on}",
            f"定期结算于{payable.basis_on}确认",
        )
    delivered = payable.basis_on
    if not terms.acceptance_required:
        return Clock(
            delivered,
            DELIVERY,
            f"delivered on {delivered} (no acceptance condition)",
            f"{delivered}交付（未约定验收条件）",
        )
    accepted = payable.accepted_on if payable.accepted_on is not None and payable.accepted_on <= as_of else None
    period_end = (
        None if terms.acceptance_period_days is None else delivered + timedelta(days=terms.acceptance_period_days)
    )
    if accepted is not None and (period_end is None or accepted <= period_end):
        return Clock(
            accepted,
            ACCEPTANCE,
            f"delivered on {delivered}, accepted on {accepted} (acceptance is a condition)",
            f"{delivered}交付，{accepted}验收（约定以验收为付款条件）",
        )
    if period_end is not None and (accepted is not None or as_of > period_end):
        late = f"accepted late on {accepted}" if accepted is not None else f"not accepted by {period_end}"
        late_zh = f"{accepted}逾期验收" if accepted is not None else f"至{period_end}未验收"
        return Clock(
            period_end,
            ACCEPTANCE_PERIOD_ENDED,
            f"delivered on {delivered}, {late}: the clock starts on the last day of the agreed acceptance period "
            f"({terms.acceptance_period_days} days), {period_end}",
            f"{delivered}交付，{late_zh}：账期自约定验收期限（{terms.acceptance_period_days}天）届满之日"
            f"{period_end}起算",
        )
    waiting = f" (the agreed period ends on {period_end})" if period_end is not None else ""
    waiting_zh = f"（约定验收期限至{period_end}）" if period_end is not None else ""
    return Clock(
        None,
        AWAITING_ACCEPTANCE,
        f"delivered on {delivered}, awaiting acceptance{waiting}",
        f"{delivered}交付，等待验收{waiting_zh}",
    )


def due_date(start: date, term_days: int, calendar: WorkingCalendar) -> DueDate:
    """Day N after the start (day 0), moved off weekends and public holidays to the next working day."""
    day_n = start + timedelta(days=term_days)
    counted = f"day 0 = {start}, day {term_days} = {day_n} ({day_n:%A})"
    counted_zh = f"第0天 = {start}，第{term_days}天 = {day_n}（{_WEEKDAYS_ZH[day_n.weekday()]}）"
    try:
        due_on = calendar.next_working_day(day_n)
    except CalendarNotKnown as exc:
        return DueDate(
            day_n,
            day_n,
            True,
            f"{counted}; {exc.detail}: due date kept at {day_n} unmoved, provisional until that year's notice",
            f"{counted_zh}；{day_n.year}年法定节假日安排尚未录入：到期日暂定为{day_n}，待当年放假通知公布后确定",
        )
    if due_on == day_n:
        return DueDate(
            day_n, due_on, False, f"{counted}, a working day: due on {due_on}", f"{counted_zh}，为工作日：{due_on}到期"
        )
    return DueDate(
        day_n,
        due_on,
        False,
        f"{counted} is not a working day: due on the next working day, {due_on} ({due_on:%A}) (民法典 第二百零三条)",
        f"{counted_zh}，非工作日：顺延至下一个工作日{due_on}（{_WEEKDAYS_ZH[due_on.weekday()]}）到期"
        "（民法典 第二百零三条）",
    )


_WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
