"""Appropriations (issue 12, item 6): what each funder of F.1 (the city, 市本级, and each district or
zone) set aside for a fiscal year, what it paid in that year, and what remains. A disbursement needs each
of its halves within what its funder has left in the payment's fiscal year (the year of `paid_on`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from zjtx.awards import errors
from zjtx.awards.appropriation import repository
from zjtx.awards.appropriation.models import Appropriation
from zjtx.common.db import lock_decisions
from zjtx.common.funding import FundingShare
from zjtx.common.kit.context import Context
from zjtx.common.money import fen_to_yuan
from zjtx.common.reference import funder_names, name_of
from zjtx.common.rules import yuan
from zjtx.common.web.audit import record_audit


@dataclass(frozen=True)
class Standing:
    """A funder's fiscal year: appropriated, paid (by payment date), and what remains (may be negative only
    if money was paid before the control existed)."""

    funder: str
    fiscal_year: int
    appropriated_fen: int
    paid_fen: int

    @property
    def remaining_fen(self) -> int:
        return self.appropriated_fen - self.paid_fen


async def appropriate(
    ctx: Context, *, funder: str, fiscal_year: int, amount_fen: int, reference: str, note: str | None
) -> Appropriation:
    """Record an appropriation line (the year's budget, or a supplementary one); audited. Nothing: 422."""
    if amount_fen <= 0:
        raise errors.AppropriationInvalid(
            f"an appropriation of {yuan(amount_fen)}: nothing set aside",
            detail_zh=f"预算安排金额为{yuan(amount_fen)}元：未安排资金",
        )
    row = Appropriation(
        id=uuid.uuid4(),
        funder=funder,
        fiscal_year=fiscal_year,
        amount_fen=amount_fen,
        reference=reference,
        note=note,
        recorded_by=ctx.actor.name,
    )
    ctx.session.add(row)
    await ctx.session.flush()
    await ctx.session.refresh(row)
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="appropriation.recorded",
        entity_type="appropriation",
        entity_id=str(row.id),
        before=None,
        after={
            "funder": funder,
            "fiscal_year": fiscal_year,
            "amount": str(fen_to_yuan(amount_fen)),
            "reference": reference,
        },
    )
    return row


async def standing_of(ctx: Context, *, funder: str, fiscal_year: int) -> Standing:
    appropriated = await repository.appropriated_fen(ctx.session, funder=funder, fiscal_year=fiscal_year)
    paid = await repository.paid_fen(ctx.session, funder=funder, fiscal_year=fiscal_year)
    return Standing(funder, fiscal_year, appropriated, paid)


async def standings_of_year(ctx: Context, *, fiscal_year: int) -> list[Standing]:
    """Every funder with an appropriation or a payment in the year: the city first, then by code."""
    totals = await repository.totals_of_year(ctx.session, fiscal_year=fiscal_year)
    order = sorted(totals, key=lambda funder: (funder != "city", funder))
    return [Standing(f, fiscal_year, *totals[f]) for f in order]


async def check_within_appropriations(ctx: Context, shares: list[FundingShare], *, fiscal_year: int) -> None:
    """F.1 and item 6: each share must fit what its funder has left in the fiscal year, else 409
    `appropriation_exceeded` naming the funder. The funders' year locks are taken first (in one statement,
    in key order: no deadlock) and held until the paying transaction ends, so two payments against one
    appropriation are decided one after the other: the second sees the first."""
    keys = [("awards", "appropriation", share.funder, str(fiscal_year)) for share in shares]
    await lock_decisions(ctx.session, keys)
    for share in shares:
        standing = await standing_of(ctx, funder=share.funder, fiscal_year=fiscal_year)
        if share.amount_fen > standing.remaining_fen:
            left = max(standing.remaining_fen, 0)
            raise errors.AppropriationExceeded(
                f"{share.funder}'s share {yuan(share.amount_fen)} is more than the {yuan(left)} "
                f"left of its {fiscal_year} appropriations ({yuan(standing.appropriated_fen)} appropriated, "
                f"{yuan(standing.paid_fen)} paid)",
                detail_zh=f"{name_of(funder_names(), share.funder) or share.funder}应承担{yuan(share.amount_fen)}元，"
                f"超过其{fiscal_year}年度预算剩余的{yuan(left)}元（已安排{yuan(standing.appropriated_fen)}元，"
                f"已拨付{yuan(standing.paid_fen)}元）",
            )
