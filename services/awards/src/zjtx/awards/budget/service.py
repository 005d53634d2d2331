"""The yearly budget of the awards: what is committed (computed, reviewed, approved) and what is paid
(disbursed), by rule, by status and by funder (F.1: the city and each district or zone)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zjtx.awards.award.models import COMMITTED, STATUSES
from zjtx.awards.budget import repository
from zjtx.awards.rules.funding import CITY
from zjtx.awards.years import check_policy_year
from zjtx.common.kit.context import Context

PAID = "disbursed"


@dataclass
class BudgetLine:
    """Committed and paid amounts of one rule, one funder, or all; `count` counts the awards (or, for a
    funder, the shares) that are committed or paid. Rejected and revoked awards count nowhere."""

    key: str
    count: int = 0
    committed_fen: int = 0
    paid_fen: int = 0

    def add(self, status: str, count: int, fen: int) -> None:
        if status in COMMITTED:
            self.committed_fen += fen
        elif status == PAID:
            self.paid_fen += fen
        else:
            return
        self.count += count


@dataclass
class StatusLine:
    """All the awards in one status: how many and how much."""

    status: str
    count: int = 0
    amount_fen: int = 0

    @property
    def committed_fen(self) -> int:
        return self.amount_fen if self.status in COMMITTED else 0

    @property
    def paid_fen(self) -> int:
        return self.amount_fen if self.status == PAID else 0


@dataclass(frozen=True)
class Budget:
    year: int
    total: BudgetLine
    by_rule: list[BudgetLine]
    by_status: list[StatusLine]
    by_funder: list[BudgetLine]


async def budget_for_year(ctx: Context, *, year: int | None) -> Budget:
    """Totals for the awards whose reference date falls in `year` (default this year)."""
    today = ctx.today()
    year = check_policy_year(today.year if year is None else year, parameters=ctx.parameters, today=today)
    start, end = date(year, 1, 1), date(year, 12, 31)
    total = BudgetLine("total")
    rules: dict[str, BudgetLine] = {}
    statuses = {status: StatusLine(status) for status in STATUSES}
    for rule, status, count, fen in await repository.totals_by_rule_and_status(ctx.session, start=start, end=end):
        rules.setdefault(rule, BudgetLine(rule)).add(status, count, fen)
        total.add(status, count, fen)
        line = statuses.setdefault(status, StatusLine(status))
        line.count += count
        line.amount_fen += fen
    funders: dict[str, BudgetLine] = {}
    for funder, status, count, fen in await repository.totals_by_funder_and_status(ctx.session, start=start, end=end):
        funders.setdefault(funder, BudgetLine(funder)).add(status, count, fen)
    return Budget(
        year=year,
        total=total,
        by_rule=[rules[rule] for rule in sorted(rules)],
        by_status=list(statuses.values()),
        by_funder=sorted(funders.values(), key=lambda line: (line.key != CITY, line.key)),
    )
