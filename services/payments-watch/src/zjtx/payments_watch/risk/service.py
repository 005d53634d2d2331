"""A10.5 use cases: a buyer's risk on a date (explained), and keeping each buyer's level current. A
change of level is published (`payments.buyer.risk_changed`) and audited, once: the buyer's row is
locked while it is compared and written, and a stored risk is never replaced by one of an earlier day."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from zjtx.common.db import write
from zjtx.common.events import payments as payment_events
from zjtx.common.kit.context import Context
from zjtx.common.messaging.envelope import Envelope, make_envelope
from zjtx.common.messaging.outbox import outbox_insert_many
from zjtx.common.parameters import ParameterNotInForce
from zjtx.common.web.audit import AuditEntry, audit_insert_many
from zjtx.payments_watch import SERVICE_NAME, errors
from zjtx.payments_watch.buyer import repository as buyer_repository
from zjtx.payments_watch.buyer.models import Buyer
from zjtx.payments_watch.buyer.service import get_buyer
from zjtx.payments_watch.risk import repository
from zjtx.payments_watch.rules.risk import RiskDecision, buyer_risk, complaint_window

LOCK_CHUNK = 1_000


async def risk_of(ctx: Context, code: str, *, as_of: date | None) -> tuple[Buyer, RiskDecision]:
    buyer = await get_buyer(ctx, code)
    day = as_of or ctx.today()
    decision = (await _decide(ctx, [buyer.code], day))[buyer.code]
    return buyer, decision


async def _decide(ctx: Context, codes: Iterable[str] | None, day: date) -> dict[str, RiskDecision]:
    try:
        start, _ = complaint_window(day, ctx.parameters)
    except ParameterNotInForce:
        first = ctx.parameters.values("buyer_risk_score")[0].valid_from
        raise errors.BeforePolicy(
            f"the A10.5 risk score applies from {first}; {day} is before it",
            detail_zh=f"A10.5风险评分自{first}起适用；{day}早于该日",
        ) from None
    wanted = None if codes is None else list(codes)
    found = await repository.facts(ctx.session, day=day, window_start=start, buyer_codes=wanted)
    return {
        code: buyer_risk(found.get(code, repository.NOTHING), as_of=day, parameters=ctx.parameters)
        for code in (wanted if wanted is not None else found)
    }


async def refresh_buyer(ctx: Context, code: str) -> bool:
    """After a change about the buyer: its risk today, stored and, if the level moved, published."""
    buyer = await buyer_repository.get(ctx.session, code, for_update=True)
    if buyer is None:
        return False
    decisions = await _decide(ctx, [code], ctx.today())
    return await _store(ctx, [buyer], decisions) > 0


async def refresh_all(ctx: Context, day: date) -> int:
    """Every buyer with something to count on `day`, and every one whose stored risk is not nothing:
    stored, and published when the level moved; how many moved. Buyers another replica holds are left
    to it."""
    try:
        decisions = await _decide(ctx, None, day)
    except errors.BeforePolicy:
        return 0
    for code in await buyer_repository.with_risk_to_review(ctx.session):
        if code not in decisions:
            decisions[code] = buyer_risk(repository.NOTHING, as_of=day, parameters=ctx.parameters)
    codes = sorted(decisions)
    moved = 0
    for start in range(0, len(codes), LOCK_CHUNK):
        buyers = await buyer_repository.lock_many(ctx.session, codes[start : start + LOCK_CHUNK])
        moved += await _store(ctx, buyers, decisions)
    return moved


async def _store(ctx: Context, buyers: Sequence[Buyer], decisions: dict[str, RiskDecision]) -> int:
    """Write each buyer's decision unless its stored one is of a later day; audit a changed score,
    publish a changed level. Returns how many levels moved."""
    audits: list[AuditEntry] = []
    events: list[Envelope] = []
    now = ctx.clock.now()
    for buyer in buyers:
        decision = decisions[buyer.code]
        if buyer.risk_as_of is not None and buyer.risk_as_of > decision.as_of:
            continue
        previous = (buyer.risk_score, buyer.risk_level, buyer.risk_as_of)
        buyer.risk_as_of = decision.as_of
        if previous[0] == decision.score and previous[1] == decision.level:
            continue
        buyer.risk_score, buyer.risk_level = decision.score, decision.level
        audits.append(
            AuditEntry(
                actor=ctx.actor,
                action="buyer.risk",
                entity_type="buyer",
                entity_id=buyer.code,
                before={"score": str(previous[0]), "level": previous[1], "as_of": _iso(previous[2])},
                after={"score": str(decision.score), "level": decision.level, "as_of": decision.as_of.isoformat()},
            )
        )
        if previous[1] != decision.level:
            events.append(
                make_envelope(
                    payment_events.BUYER_RISK_CHANGED,
                    key=buyer.code,
                    payload=payment_events.BuyerRiskChanged(
                        buyer_code=buyer.code,
                        name=buyer.name,
                        kind=buyer.kind,
                        score=decision.score,
                        level=decision.level,
                        previous_level=previous[1],
                        as_of=decision.as_of,
                    ),
                    producer=SERVICE_NAME,
                    occurred_at=now,
                )
            )
    await ctx.session.flush()
    if audits and events:
        await write(ctx.session, audit_insert_many(audits), outbox_insert_many(events))
    elif audits:
        await write(ctx.session, audit_insert_many(audits))
    return len(events)


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
