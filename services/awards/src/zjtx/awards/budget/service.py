"""The yearly budget of the awards: what is committed (computed, reviewed, approved) by commitment year
(the year of the award's reference date), what is paid (disbursed, and what of it is due back or has come
back: recovery_due, recovered) by payment year (`paid_on`), by rule, by status and by funder (F.1: the city
and each district or zone; an amount due back is split as the award was), and each funder's appropriations
for the year beside what it paid and what remains (issue 12, item 6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zjtx.awards.appropriation import service as appropriations
from zjtx.awards.appropriation.service import Standing
from zjtx.awards.award.models import COMMITTED, PAID, STATUSES
from zjtx.awards.budget import repository
from zjtx.awards.rules.funding import CITY, split_funding
from zjtx.awards.years import check_policy_year
from zjtx.common.kit.context import Context


@dataclass
class BudgetLine:
    """Committed and paid amounts of one rule, one funder, or all, and of the paid what is due back
    (recovery_due) or has come back (recovered); `count` counts the awards (or, for a funder, the shares)
    that are committed or paid. Rejected and revoked awards count nowhere."""

    key: str
    count: int = 0
    committed_fen: int = 0
    paid_fen: int = 0
    recovery_due_fen: int = 0
    recovered_fen: int = 0

    def add(self, status: str, count: int, fen: int) -> None:
        if status in COMMITTED:
            self.committed_fen += fen
        elif status in PAID:
            self.paid_fen += fen
        else:
            return
        self.count += count

    def add_recovery(self, status: str, due_fen: int, back_fen: int) -> None:
        """An award flagged for `due_fen`, of which `back_fen` came back so far (all of it once recovered)."""
        if status == "recovery_due":
            self.recovery_due_fen += due_fen - back_fen
            self.recovered_fen += back_fen
        elif status == "recovered":
            self.recovered_fen += due_fen


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
        return self.amount_fen if self.status in PAID else 0


@dataclass(frozen=True)
class Budget:
    year: int
    total: BudgetLine
    by_rule: list[BudgetLine]
    by_status: list[StatusLine]
    by_funder: list[BudgetLine]
    appropriations: list[Standing]


async def budget_for_year(ctx: Context, *, year: int | None) -> Budget:
    """Totals for the awards of `year` (default this year): committed by reference date, paid by `paid_on`."""
    today = ctx.today()
    year = check_policy_year(today.year if year is None else year, parameters=ctx.parameters, today=today)
    start, end = date(year, 1, 1), date(year, 12, 31)
    total = BudgetLine("total")
    rules: dict[str, BudgetLine] = {}
    statuses = {status: StatusLine(status) for status in STATUSES}
    rows = await repository.totals_by_rule_and_status(ctx.session, start=start, end=end)
    for rule, status, count, fen, _due in rows:
        rules.setdefault(rule, BudgetLine(rule)).add(status, count, fen)
        total.add(status, count, fen)
        line = statuses.setdefault(status, StatusLine(status))
        line.count += count
        line.amount_fen += fen
    funders: dict[str, BudgetLine] = {}
    for funder, status, count, fen in await repository.totals_by_funder_and_status(ctx.session, start=start, end=end):
        funders.setdefault(funder, BudgetLine(funder)).add(status, count, fen)
    for status, rule, district, due, back, on in await repository.recoveries(ctx.session, start=start, end=end):
        rules.setdefault(rule, BudgetLine(rule)).add_recovery(status, due, back)
        total.add_recovery(status, due, back)
        # F.1 on what is still due and on what came back, each split as the award was (the odd fen to the city).
        still = 0 if status == "recovered" else due - back
        came = due if status == "recovered" else back
        shares = {}
        for amount, index in ((still, 0), (came, 1)):
            for share in split_funding(amount, district_code=district, on=on, parameters=ctx.parameters):
                shares.setdefault(share.funder, [0, 0])[index] += share.amount_fen
        for funder, (still_fen, came_fen) in shares.items():
            line = funders.setdefault(funder, BudgetLine(funder))
            line.recovery_due_fen += still_fen
            line.recovered_fen += came_fen
    return Budget(
        year=year,
        total=total,
        by_rule=[rules[rule] for rule in sorted(rules)],
        by_status=list(statuses.values()),
        by_funder=sorted(funders.values(), key=lambda line: (line.key != CITY, line.key)),
        appropriations=await appropriations.standings_of_year(ctx, fiscal_year=year),
    )
