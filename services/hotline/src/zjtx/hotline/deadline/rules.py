"""A ticket's deadlines (A14.2), pure: a term (which parameter says how long), the day it counts from,
the working-day calendar, and the instant it ends, with the explanation that makes it checkable by hand.

- A deadline of N working days ends at 24:00 (Asia/Shanghai) of the N-th working day after the day it
  counts from, that day not counted (holidays and make-up working days from facts/holidays.csv).
  Acknowledge and reply count from the day of receipt, the return visit from the day of the reply.
- Arrears complaints (category `arrears`) received while the payment regulation's 2025 text is in force:
  forwarded (signed for by the department that handles it) within 10 working days; answered within 30
  days of receipt (the day of receipt is day 0, the term ends at 24:00 of day 30; a last day that is not
  a working day moves to the next working day, 民法典 第二百零三条), extendable to at most 90 days.
- A ticket reopened after an unsatisfied return visit gets the ordinary terms again, from the reopening;
  a reassigned one gives its new department the ordinary acknowledge term from the reassignment.
- A deadline is never guessed: before the policy (2022-01-01) there is none (`before_policy`); when it
  runs into a year whose public holidays are not on record it is unknown (`calendar_not_known`) until
  the calendar is updated, when the supervision job computes it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from zjtx.common.calendar import CalendarNotKnown, WorkingCalendar
from zjtx.common.clock import CHINA
from zjtx.common.parameters import ParameterFile, ParameterNotInForce
from zjtx.common.rules import RuleContext

RULE = "A14.2"
ACKNOWLEDGE, REPLY, RETURN_VISIT = "acknowledge", "reply", "return_visit"
KINDS = (ACKNOWLEDGE, REPLY, RETURN_VISIT)
# The deadlines as a Chinese reader names them.
KIND_NAMES_ZH = {ACKNOWLEDGE: "签收", REPLY: "答复", RETURN_VISIT: "回访"}
BEFORE_POLICY, CALENDAR_NOT_KNOWN = "before_policy", "calendar_not_known"

# term -> (parameter, figure) for terms in working days; ARREARS_ANSWER counts calendar days.
WORKING_DAY_TERMS = {
    "acknowledge": ("ticket_deadlines", "acknowledge_working_days"),
    "reply": ("ticket_deadlines", "reply_working_days"),
    "return_visit": ("ticket_deadlines", "return_visit_working_days"),
    "arrears_forward": ("arrears_deadlines", "forward_working_days"),
}
ARREARS_ANSWER = "arrears_answer"


@dataclass(frozen=True)
class Deadline:
    kind: str  # acknowledge | reply | return_visit
    term: str  # a key of WORKING_DAY_TERMS, or ARREARS_ANSWER
    starts_on: date  # the day it counts from (not counted itself)
    due_at: datetime | None  # the instant it ends; None when it cannot be computed
    unknown_reason: str | None = None  # before_policy | calendar_not_known
    explanation: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ArrearsTerms:
    forward_working_days: int
    answer_days: int
    max_answer_days: int


def local_day(at: datetime) -> date:
    """The calendar day of an instant in Asia/Shanghai (RULES: dates are calendar dates there)."""
    return at.astimezone(CHINA).date()


def end_of_day(day: date) -> datetime:
    """24:00 of `day` in Asia/Shanghai, written as 00:00 of the next day."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=CHINA)


def arrears_terms(parameters: ParameterFile, received_on: date) -> ArrearsTerms | None:
    """The payment regulation's complaint terms in force on the day of receipt, or None (before 2025-06-01)."""
    try:
        body = parameters.in_force("arrears_deadlines", received_on).body
    except ParameterNotInForce:
        return None
    return ArrearsTerms(body["forward_working_days"], body["answer_days"], body["max_answer_days"])


def first_deadlines(
    parameters: ParameterFile, calendar: WorkingCalendar, *, category: str, received_at: datetime
) -> list[Deadline]:
    """Acknowledge and reply deadlines of a ticket received at `received_at`."""
    received_on = local_day(received_at)
    if category == "arrears" and arrears_terms(parameters, received_on) is not None:
        return [
            compute(parameters, calendar, kind=ACKNOWLEDGE, term="arrears_forward", starts_on=received_on),
            compute(parameters, calendar, kind=REPLY, term=ARREARS_ANSWER, starts_on=received_on),
        ]
    return [
        compute(parameters, calendar, kind=ACKNOWLEDGE, term="acknowledge", starts_on=received_on),
        compute(parameters, calendar, kind=REPLY, term="reply", starts_on=received_on),
    ]


def response_deadline(parameters: ParameterFile, calendar: WorkingCalendar, *, received_at: datetime) -> Deadline:
    """The deadline the response rate measures: acknowledged within 1 working day of receipt, for every
    category (RULES A14.2, the response rate's definition)."""
    return compute(parameters, calendar, kind=ACKNOWLEDGE, term="acknowledge", starts_on=local_day(received_at))


def return_visit_deadline(parameters: ParameterFile, calendar: WorkingCalendar, *, replied_at: datetime) -> Deadline:
    return compute(parameters, calendar, kind=RETURN_VISIT, term="return_visit", starts_on=local_day(replied_at))


def reassigned_deadline(parameters: ParameterFile, calendar: WorkingCalendar, *, at: datetime) -> Deadline:
    return compute(parameters, calendar, kind=ACKNOWLEDGE, term="acknowledge", starts_on=local_day(at))


def reopened_deadlines(parameters: ParameterFile, calendar: WorkingCalendar, *, at: datetime) -> list[Deadline]:
    """A reopened ticket is handled again under the ordinary terms, counted from the day it was reopened."""
    day = local_day(at)
    return [
        compute(parameters, calendar, kind=ACKNOWLEDGE, term="acknowledge", starts_on=day),
        compute(parameters, calendar, kind=REPLY, term="reply", starts_on=day),
    ]


def compute(
    parameters: ParameterFile,
    calendar: WorkingCalendar,
    *,
    kind: str,
    term: str,
    starts_on: date,
    extension_days: int = 0,
) -> Deadline:
    """The deadline of `term` counted from `starts_on`, read with the parameters in force that day."""
    rc = RuleContext(RULE, parameters, starts_on)
    reason = rc.before_policy()
    if reason is not None:
        rc.explanation.say("reasons", reason, rc.before_policy_zh())
        return Deadline(kind, term, starts_on, None, BEFORE_POLICY, rc.explanation.as_dict())
    try:
        if term == ARREARS_ANSWER:
            last = _answer_day(rc, calendar, starts_on, extension_days)
        else:
            last = _working_day(rc, calendar, starts_on, *WORKING_DAY_TERMS[term])
    except CalendarNotKnown as exc:
        rc.explanation.say(
            "reasons",
            f"{exc}: the deadline is computed once the calendar is updated",
            f"{_missing_year(calendar, starts_on)}年的法定节假日安排尚无记录（已有年份：{_years(calendar)}）："
            "日历更新后再计算期限",
        )
        return Deadline(kind, term, starts_on, None, CALENDAR_NOT_KNOWN, rc.explanation.as_dict())
    rc.step(f"ends 24:00 of {last} (Asia/Shanghai)", zh=f"于{last} 24:00（北京时间）届满")
    return Deadline(kind, term, starts_on, end_of_day(last), None, rc.explanation.as_dict())


def _working_day(rc: RuleContext, calendar: WorkingCalendar, start: date, parameter: str, figure: str) -> date:
    days = rc.integer(parameter, figure)
    rc.explanation.article = rc.parameters.in_force(parameter, start).article  # the term's, not the policy start's
    rc.inputs(starts_on=start)
    last = calendar.add_working_days(start, days)
    rc.step(
        f"{days} working day(s) after {start} (not counted): {last}",
        zh=f"{start}（当日不计）后第{days}个工作日：{last}",
    )
    return last


def _answer_day(rc: RuleContext, calendar: WorkingCalendar, received_on: date, extension_days: int) -> date:
    answer_days = rc.integer("arrears_deadlines", "answer_days")
    rc.explanation.article = rc.parameters.in_force("arrears_deadlines", received_on).article
    rc.inputs(received_on=received_on, extension_days=extension_days)
    last = received_on + timedelta(days=answer_days + extension_days)
    extended = f" + {extension_days} days extended" if extension_days else ""
    extended_zh = f" + 延长{extension_days}日" if extension_days else ""
    rc.step(
        f"{received_on} (receipt, day 0) + {answer_days} days{extended} = {last}",
        zh=f"{received_on}（受理日，第0日）+ {answer_days}日{extended_zh} = {last}",
    )
    if rc.value("arrears_deadlines", "answer_day_off_moves_to_next_working_day"):
        moved = calendar.next_working_day(last)
        if moved != last:
            rc.step(
                f"{last} is not a working day: the term ends on the next working day, {moved}",
                zh=f"{last}不是工作日：期限顺延至下一个工作日{moved}",
            )
        last = moved
    return last


def _missing_year(calendar: WorkingCalendar, starts_on: date) -> int:
    """The year whose holidays a count from `starts_on` lacked: the calendar is read forward from the day
    after it, so the first year from then on that the notices do not cover."""
    year = (starts_on + timedelta(days=1)).year
    while year in calendar.years:
        year += 1
    return year


def _years(calendar: WorkingCalendar) -> str:
    return f"{min(calendar.years)}-{max(calendar.years)}" if calendar.years else "无"
