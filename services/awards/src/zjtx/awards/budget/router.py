from __future__ import annotations

from fastapi import APIRouter

from zjtx.awards.budget import service
from zjtx.awards.budget.schemas import Amounts, BudgetRead, FunderLine, RuleLine, StatusLine
from zjtx.awards.deps import ReadContext
from zjtx.common.kit import TransactionalRoute

router = APIRouter(prefix="/v1/budget", tags=["budget"], route_class=TransactionalRoute)


@router.get(
    "",
    response_model=BudgetRead,
    summary="Committed and paid amounts of a year's awards, by rule, by status and by funder (F.1)",
)
async def get_budget(ctx: ReadContext, year: int | None = None) -> BudgetRead:
    budget = await service.budget_for_year(ctx, year=year)
    return BudgetRead(
        year=budget.year,
        total=Amounts(count=budget.total.count, committed=budget.total.committed_fen, paid=budget.total.paid_fen),
        by_rule=[
            RuleLine(rule=line.key, count=line.count, committed=line.committed_fen, paid=line.paid_fen)
            for line in budget.by_rule
        ],
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
        by_funder=[
            FunderLine(funder=line.key, count=line.count, committed=line.committed_fen, paid=line.paid_fen)
            for line in budget.by_funder
        ],
    )
