from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response

from zjtx.awards import exports
from zjtx.awards.appropriation.schemas import standing_read
from zjtx.awards.budget import service
from zjtx.awards.budget.schemas import Amounts, BudgetRead, FunderLine, RuleLine, StatusLine
from zjtx.awards.deps import ReadContext
from zjtx.awards.years import YearOutOfRange
from zjtx.common.web import exports as files
from zjtx.common.web.routing import Router, Year

router = Router(prefix="/v1/budget", tags=["budget"])

BudgetYear = Annotated[
    Year | None,
    Query(
        description="the budget year: paid amounts by the year of payment (`paid_on`), committed ones by the year "
        "of the award's reference date; from the policy's first year (2022) to this year "
        "(`year_out_of_range` otherwise); this year if not given"
    ),
]


@router.get(
    "",
    response_model=BudgetRead,
    summary="Committed and paid amounts of a year, by rule, status and funder (F.1), beside the appropriations; "
    "`Accept: text/csv` or .xlsx for its funders' lines",
    responses=files.documented(exports.BUDGET, YearOutOfRange, example=exports.BUDGET_EXAMPLE, capped=False),
)
async def get_budget(request: Request, ctx: ReadContext, year: BudgetYear = None) -> BudgetRead | Response:
    """What the awards of a year commit (computed, reviewed, approved: by the year of their reference date)
    and what was paid in the year (disbursed, and of it what is due back or came back: by the year of
    `paid_on`, so a 2025 award paid in 2026 is 2026's money), in total, by rule, by status and by funder:
    the city and each district or zone (F.1); the funders add up to the rules to the fen. `appropriations`
    lists each funder's appropriations for the year, what it paid in the year and what remains.

    With `Accept: text/csv` (UTF-8 with a byte-order mark) or `Accept:
    application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` (.xlsx), a file of one line per
    funder of the year (the city, 市本级, first; then each district or zone by code, with its name): its
    `by_funder` amounts beside its appropriation and what remains of it (`appropriations`), in yuan, with
    Chinese headers. Another `Accept` is 406 `not_acceptable`."""
    media = files.requested(request)
    budget = await service.budget_for_year(ctx, year=year)
    if media != files.JSON:
        table = exports.BUDGET
        return await files.export(
            request,
            table,
            media,
            exports.funder_years(budget),
            name=f"{table.name}-{budget.year}",
            title=f"{table.title}-{budget.year}年",
            capped=False,
        )
    return BudgetRead(
        year=budget.year,
        total=Amounts(**_amounts(budget.total)),
        by_rule=[RuleLine(rule=line.key, **_amounts(line)) for line in budget.by_rule],
        by_status=[
            StatusLine(
                status=line.status,
                count=line.count,
                amount=line.amount_fen,
                committed=line.committed_fen,
                paid=line.paid_fen,
            )
            for line in budget.by_status
        ],
        by_funder=[FunderLine(funder=line.key, **_amounts(line)) for line in budget.by_funder],
        appropriations=[standing_read(standing) for standing in budget.appropriations],
    )


def _amounts(line: service.BudgetLine) -> dict:
    return {
        "count": line.count,
        "committed": line.committed_fen,
        "paid": line.paid_fen,
        "recovery_due": line.recovery_due_fen,
        "recovered": line.recovered_fen,
    }
