"""The three rates of A14.2, pure: what each ticket contributes to them, and the rates themselves.

RULES A14.2, decision: over the tickets received in a date window, duplicates and invalid tickets
(merged or withdrawn) excluded:
- response rate = tickets acknowledged (签收) within 1 working day of receipt ÷ tickets received;
- resolution rate = tickets resolved ÷ tickets replied (办结);
- satisfaction rate = (satisfied + basically satisfied) ÷ tickets rated.
A ticket counts for the department that held it when it was replied (one not replied yet: the one
holding it now), once in each rate, by its latest reply and latest rating; a reopened ticket keeps its
earlier reply and rating until it is replied and rated again. A ticket whose acknowledge deadline could
not be computed (before the policy, a year not on the calendar) is not counted as acknowledged in time.

Each ticket's contribution is kept per day of receipt and department as it changes (kpi.service), so a
window's rates are sums over days, whatever the number of tickets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from zjtx.hotline.kpi.counts import Counts, Key
from zjtx.hotline.transition.rules import EXCLUDED_FROM_RATES

RULE = "A14.2"
RATINGS = ("satisfied", "basically_satisfied", "unsatisfied")
UNASSIGNED = ""  # the department key of a ticket no department holds (no route for its category)
_HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class TicketFacts:
    """What the rates read of a ticket."""

    status: str
    received_on: date
    department: str | None
    replied_department: str | None
    first_acknowledged_at: datetime | None
    response_due_at: datetime | None
    last_replied_at: datetime | None
    last_reply_resolved: bool | None
    last_rating: str | None


def contribution(ticket: TicketFacts) -> dict[Key, Counts]:
    """What one ticket adds to the rates, under its key; nothing for a merged or withdrawn ticket."""
    if ticket.status in EXCLUDED_FROM_RATES:
        return {}
    department = ticket.replied_department or ticket.department or UNASSIGNED
    replied = ticket.last_replied_at is not None
    responded = (
        ticket.first_acknowledged_at is not None
        and ticket.response_due_at is not None
        and ticket.first_acknowledged_at <= ticket.response_due_at
    )
    rating = ticket.last_rating
    counts = Counts(
        received=1,
        responded=int(responded),
        replied=int(replied),
        resolved=int(replied and bool(ticket.last_reply_resolved)),
        satisfied=int(rating == "satisfied"),
        basically_satisfied=int(rating == "basically_satisfied"),
        unsatisfied=int(rating == "unsatisfied"),
    )
    return {(ticket.received_on, department): counts}


def change(before: dict[Key, Counts], after: dict[Key, Counts]) -> dict[Key, Counts]:
    """What a change of a ticket does to the sums: after − before, per key, the keys that moved only."""
    keys = sorted(set(before) | set(after))  # sorted: the same order everywhere
    moved = {key: after.get(key, Counts()) - before.get(key, Counts()) for key in keys}
    return {key: counts for key, counts in moved.items() if counts}


def percentage(numerator: int, denominator: int) -> str | None:
    """numerator ÷ denominator as a percentage rounded half-up to two decimals ("83.33"); None for 0/0."""
    if denominator == 0:
        return None
    value = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)
    return f"{value:.2f}"


@dataclass(frozen=True)
class Rate:
    value: str | None
    numerator: int
    denominator: int
    definition: str
    definition_zh: str  # the same for a Chinese reader (the default one)

    def defined_in(self, language: str) -> str:
        return self.definition_zh if language.startswith("zh") else self.definition


@dataclass(frozen=True)
class Rates:
    response_rate: Rate
    resolution_rate: Rate
    satisfaction_rate: Rate


def rates(
    counts: Counts, *, window: tuple[date, date], acknowledge_working_days: int, satisfied_ratings: list[str]
) -> Rates:
    """The three rates of summed counts, each with its numerator, denominator and definition."""
    start, end = window
    over = (
        f"tickets received from {start} to {end} (Asia/Shanghai), merged and withdrawn ones excluded, "
        "each counted for the department that held it when it was replied (else the one holding it now)"
    )
    over_zh = (
        f"统计{start}至{end}（北京时间）受理的工单，不含已合并和已撤回的工单；每件工单计入答复时承办的部门"
        "（未答复的计入当前承办部门）"
    )
    satisfied = sum(counts.count_of(rating) for rating in satisfied_ratings)
    named = " + ".join(rating.replace("_", " ") for rating in satisfied_ratings)
    named_zh = "或".join(_RATING_NAMES_ZH.get(rating, rating) for rating in satisfied_ratings)
    return Rates(
        response_rate=Rate(
            percentage(counts.responded, counts.received),
            counts.responded,
            counts.received,
            f"tickets acknowledged (签收) within {acknowledge_working_days} working day(s) of receipt ÷ tickets "
            f"received; over {over} (RULES {RULE})",
            f"受理后{acknowledge_working_days}个工作日内签收的工单数 ÷ 受理工单数；{over_zh}（RULES {RULE}）",
        ),
        resolution_rate=Rate(
            percentage(counts.resolved, counts.replied),
            counts.resolved,
            counts.replied,
            f"tickets whose latest reply (办结) says resolved ÷ tickets replied; over {over} (RULES {RULE})",
            f"最近一次答复（办结）为已解决的工单数 ÷ 已答复工单数；{over_zh}（RULES {RULE}）",
        ),
        satisfaction_rate=Rate(
            percentage(satisfied, counts.rated),
            satisfied,
            counts.rated,
            f"tickets whose latest return-visit rating is {named} ÷ tickets rated; over {over} (RULES {RULE})",
            f"最近一次回访评价为{named_zh}的工单数 ÷ 已评价工单数；{over_zh}（RULES {RULE}）",
        ),
    )


# The return-visit ratings as a Chinese reader names them (回访评价).
_RATING_NAMES_ZH = {"satisfied": "满意", "basically_satisfied": "基本满意", "unsatisfied": "不满意"}
