from __future__ import annotations

from zjtx.awards.budget import service
from zjtx.awards.budget.schemas import Amounts, BudgetRead, FunderLine, RuleLine, StatusLine
from zjtx.awards.deps import ReadContext
from zjtx.common.web.routing import Router

router = Router(prefix="/v1/budget", tags=["budget"])


@router.get(
    "",
    response_model=BudgetRead,
    summary="Committed and paid amounts of a year's awards, by rule, by status and by funder (F.1)",
)
async def get_budget(ctx: ReadContext, year: int | None = None) -> BudgetRead:
    budget = await service.budget_for_year(ctx, year=year)
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
    )


def _amounts(line: service.BudgetLine) -> dict:
    return {
        "count": line.count,
        "committed": line.committed_fen,
        "paid": line.paid_fen,
        "recovery_due": line.recovery_due_fen,
        "recovered": line.recovered_fen,
    }
