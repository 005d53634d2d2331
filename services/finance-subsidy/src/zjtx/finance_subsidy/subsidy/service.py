"""A5.1 subsidies as their users see them: the life of an award (zjtx.common.workflow): computed →
reviewed → approved (by another client) → disbursed, or rejected (which frees the period's place under
the yearly cap, so the enterprise's year is decided again); an enterprise's year; the lists. How they
are decided and kept in line with the facts is subsidy.decide."""

from __future__ import annotations

import uuid
from datetime import date

from zjtx.common import workflow
from zjtx.common.kit.context import Context
from zjtx.common.parameters import ParameterNotInForce
from zjtx.common.uscc import normalise_uscc
from zjtx.finance_subsidy import errors
from zjtx.finance_subsidy.enterprise import repository as enterprises
from zjtx.finance_subsidy.loan import repository as loans
from zjtx.finance_subsidy.loan.models import InterestPeriod
from zjtx.finance_subsidy.rules.subsidy import CLOSED, SUBSIDISED, yearly_cap
from zjtx.finance_subsidy.subsidy import repository
from zjtx.finance_subsidy.subsidy.decide import decide_new_period, reconcile
from zjtx.finance_subsidy.subsidy.models import Subsidy
from zjtx.finance_subsidy.subsidy.moves import WHAT, lock_enterprise
from zjtx.finance_subsidy.subsidy.moves import move as apply_move

# -- the workflow -------------------------------------------------------------------------------


async def get_subsidy(ctx: Context, subsidy_id: uuid.UUID, *, bank_code: str | None = None) -> Subsidy:
    """A subsidy; for a bank's key, one of its own bank's only (another's answers 404)."""
    subsidy = await repository.get(ctx.session, subsidy_id)
    if subsidy is None or (bank_code is not None and subsidy.bank_code != bank_code):
        raise errors.SubsidyNotFound(f"no subsidy {subsidy_id}", detail_zh=f"没有贴息记录{subsidy_id}")
    return subsidy


async def _locked(ctx: Context, subsidy_id: uuid.UUID) -> Subsidy:
    """The subsidy under its enterprise's lock (a decision may be changing it), then its row's lock."""
    subsidy = await get_subsidy(ctx, subsidy_id)
    await lock_enterprise(ctx, subsidy.uscc)
    return await repository.get(ctx.session, subsidy_id, for_update=True)


async def review_subsidy(ctx: Context, *, subsidy_id: uuid.UUID, note: str | None) -> Subsidy:
    subsidy = await _locked(ctx, subsidy_id)
    move = workflow.review(subsidy, actor=ctx.actor.name, now=ctx.clock.now(), note=note, what=WHAT)
    return await apply_move(ctx, subsidy, move)


async def approve_subsidy(ctx: Context, *, subsidy_id: uuid.UUID, note: str | None) -> Subsidy:
    """Four eyes: the approving client must not be the one that reviewed (zjtx.common.workflow)."""
    subsidy = await _locked(ctx, subsidy_id)
    move = workflow.approve(subsidy, actor=ctx.actor.name, now=ctx.clock.now(), note=note, what=WHAT)
    return await apply_move(ctx, subsidy, move)


async def reject_subsidy(ctx: Context, *, subsidy_id: uuid.UUID, reason: str) -> Subsidy:
    """Rejected: the period is closed at its current report (it keeps what was paid) and frees its place
    under the yearly cap, so the enterprise's later periods of the year are decided again."""
    subsidy = await _locked(ctx, subsidy_id)
    moved = await apply_move(ctx, subsidy, workflow.reject(subsidy, reason=reason, what=WHAT))
    await reconcile(ctx, moved.uscc, {moved.year}, locked=True)
    return await get_subsidy(ctx, subsidy_id)


async def disburse_subsidy(ctx: Context, *, subsidy_id: uuid.UUID, payment_reference: str, paid_on: date) -> Subsidy:
    subsidy = await _locked(ctx, subsidy_id)
    move = workflow.disburse(subsidy, reference=payment_reference, paid_on=paid_on, today=ctx.today(), what=WHAT)
    return await apply_move(ctx, subsidy, move)


# -- reading --------------------------------------------------------------------------------------


async def summary(ctx: Context, *, uscc: str, year: int) -> tuple[int, int, list[InterestPeriod]]:
    """The enterprise's year under A5.1: the cap, what its periods used (their entitlements in the order
    of payment), and the periods. 404 for an enterprise the registry has not announced."""
    code = normalise_uscc(uscc)
    if await enterprises.get(ctx.session, code) is None:
        raise errors.EnterpriseNotFound(
            f"the registry has announced no enterprise {code}", detail_zh=f"企业库中没有统一社会信用代码为{code}的企业"
        )
    try:
        cap = yearly_cap(ctx.parameters, year).amount_fen
    except ParameterNotInForce:
        raise errors.BeforePolicy(f"{year} is before the policy applies", detail_zh=f"{year}年早于本政策施行") from None
    periods = await loans.periods_of(ctx.session, code, {year})
    used = sum(p.entitled_fen for p in periods if p.decision_status in (SUBSIDISED, CLOSED))
    return cap, used, periods


async def list_subsidies(ctx: Context, *, filters: dict, limit: int, after) -> list[Subsidy]:
    return await repository.search(ctx.session, filters=filters, limit=limit, after=after)


__all__ = [
    "approve_subsidy",
    "decide_new_period",
    "disburse_subsidy",
    "get_subsidy",
    "list_subsidies",
    "lock_enterprise",
    "reconcile",
    "reject_subsidy",
    "review_subsidy",
    "summary",
]
