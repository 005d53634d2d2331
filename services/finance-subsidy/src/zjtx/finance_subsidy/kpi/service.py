"""A15.1's access-to-finance measures the finance service holds, for a year: subsidies computed and
paid, enterprises reached, loans and volume per bank, and 助保贷 volume against the pool (leverage)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from zjtx.common.kit.context import Context
from zjtx.finance_subsidy.kpi import repository
from zjtx.finance_subsidy.kpi.schemas import BankKpis, KpisRead, SubsidyKpis, ZhubaodaiKpis
from zjtx.finance_subsidy.pool import repository as pool
from zjtx.finance_subsidy.subsidy import repository as subsidies

LIVE = ("computed", "reviewed", "approved", "disbursed")


async def kpis(ctx: Context, *, year: int) -> KpisRead:
    by_status = await subsidies.totals_by_status(ctx.session, year)
    paid, recovery, reached = await subsidies.paid_totals(ctx.session, year)
    entitled = await subsidies.enterprises_with(ctx.session, year, LIVE)
    count, volume, outstanding = await repository.zhubaodai(ctx.session, year)
    figures = await pool.figures(ctx.session)
    leverage = None
    if figures.balance_fen > 0:
        leverage = str((Decimal(outstanding) / figures.balance_fen).quantize(Decimal("0.01"), ROUND_HALF_UP))
    return KpisRead(
        year=year,
        subsidies=SubsidyKpis(
            computed=sum(by_status.get(s, (0, 0))[0] for s in LIVE),
            paid=paid,
            recovery_due=recovery,
            awaiting_review=sum(by_status.get(s, (0, 0))[0] for s in ("computed", "reviewed")),
            enterprises_reached=reached,
            enterprises_entitled=entitled,
        ),
        banks=[
            BankKpis(bank_code=code, name=name, loans=n, volume=v)
            for code, name, n, v in await repository.loans_by_bank(ctx.session, year)
        ],
        zhubaodai=ZhubaodaiKpis(
            loans=count,
            volume=volume,
            outstanding=outstanding,
            pool_balance=figures.balance_fen,
            leverage=leverage,
            compensated=figures.compensated_fen,
            awaiting=figures.awaiting_fen,
        ),
    )
