"""What the registry's events do here: keep the read models, and compute the awards that need no
application (免申即享): A1.1, A1.2, A1.3, A4.1 and the A1.park plaque; a revocation cancels an unpaid award."""

from __future__ import annotations

import uuid

from zjtx.awards.award import service as awards
from zjtx.awards.readmodel import repository as views
from zjtx.awards.readmodel.models import EnterpriseView, RecognitionView, ScaleReportView
from zjtx.awards.rules import recognition as recognition_rules
from zjtx.awards.rules.facts import RecognitionFact, RelocationFact
from zjtx.awards.rules.scale_up import scale_up_award
from zjtx.common.events import registry as registry_events
from zjtx.common.kit.context import Context


async def enterprise_changed(ctx: Context, event: registry_events.EnterpriseSnapshot) -> None:
    await views.upsert(
        ctx.session,
        EnterpriseView,
        {
            "uscc": event.uscc,
            "name": event.name,
            "district_code": event.district_code,
            "sector": event.sector,
            "cluster": event.cluster,
            "size_class": event.size_class,
            "is_sme": event.is_sme,
        },
        keys=["uscc"],
    )
    await awards.name_unnamed_awards(ctx, uscc=event.uscc, name=event.name)


async def recognition_changed(
    ctx: Context, event: registry_events.RecognitionEvent, *, event_id: uuid.UUID, granted: bool
) -> None:
    await views.upsert(
        ctx.session,
        RecognitionView,
        {
            "recognition_id": event.recognition_id,
            "uscc": event.uscc,
            "tier": event.tier,
            "recognized_on": event.recognized_on,
            "expires_on": event.expires_on,
            "renewal": event.renewal,
            "held_tier_before": event.held_tier_before,
            "status": event.status,
            "revoked_on": event.revoked_on,
        },
        keys=["recognition_id"],
    )
    if event.status == "revoked":
        reason = f"recognition {event.tier} revoked on {event.revoked_on}: {event.revoked_reason or ''}".strip()
        await awards.revoke_for_recognition(ctx, recognition_id=event.recognition_id, reason=reason)
        return
    if event.status != "valid":
        return
    facts = await _facts(ctx, event.uscc, event.district_code)
    recognition = RecognitionFact(
        tier=event.tier,
        recognized_on=event.recognized_on,
        expires_on=event.expires_on,
        renewal=event.renewal,
        held_tier_before=event.held_tier_before,
        recognition_id=event.recognition_id,
    )
    rule = {
        "municipal_zjtx": recognition_rules.municipal_recognition_award,
        "national_little_giant": recognition_rules.national_little_giant_award,
    }.get(event.tier)
    decisions = [rule(facts, recognition, ctx.parameters)] if granted and rule is not None else []
    if event.tier == recognition_rules.NATIONAL:
        # The move may have arrived first (another topic): A1.3 could not be decided then, so it is now.
        decisions += [
            recognition_rules.relocation_award(facts, move, ctx.parameters)
            for move in facts.relocations
            if recognition.valid_on(move.moved_in_on)
        ]
    decision = next((d for d in decisions if d.eligible), None)
    if decision is not None:
        await awards.record_decision(
            ctx,
            decision,
            uscc=facts.uscc,
            subject_name=facts.name,
            district_code=facts.district_code,
            source_event_id=event_id,
            source_recognition_id=event.recognition_id,
        )


async def relocated_in(ctx: Context, event: registry_events.EnterpriseRelocatedIn, *, event_id: uuid.UUID) -> None:
    await views.add_relocation(
        ctx.session, {"uscc": event.uscc, "moved_in_on": event.moved_in_on, "moved_from": event.moved_from}
    )
    facts = await _facts(ctx, event.uscc, event.district_code)
    decision = recognition_rules.relocation_award(
        facts, RelocationFact(moved_in_on=event.moved_in_on, moved_from=event.moved_from), ctx.parameters
    )
    if decision.eligible:
        held = facts.holds(frozenset({"national_little_giant"}), event.moved_in_on)
        await awards.record_decision(
            ctx,
            decision,
            uscc=facts.uscc,
            subject_name=facts.name,
            district_code=facts.district_code,
            source_event_id=event_id,
            source_recognition_id=held[0].recognition_id if held else None,
        )


async def scale_reported(ctx: Context, event: registry_events.EnterpriseScaleReported, *, event_id: uuid.UUID) -> None:
    await views.upsert(
        ctx.session,
        ScaleReportView,
        {"uscc": event.uscc, "year": event.year, "above_scale": event.above_scale},
        keys=["uscc", "year"],
    )
    facts = await _facts(ctx, event.uscc, event.district_code)
    # Reports may arrive out of order: the award falls due in the first year that completes a run.
    for year in sorted(y for y, above in facts.scale_years.items() if above):
        decision = scale_up_award(facts, reported_year=year, parameters=ctx.parameters)
        if decision.eligible:
            await awards.record_decision(
                ctx,
                decision,
                uscc=facts.uscc,
                subject_name=facts.name,
                district_code=facts.district_code,
                source_event_id=event_id,
            )
            return


async def park_qualified(ctx: Context, event: registry_events.ParkQualified, *, event_id: uuid.UUID) -> None:
    decision = recognition_rules.park_plaque(
        park_id=event.park_id,
        park_name=event.name,
        qualified_on=event.qualified_on,
        zjtx_count=event.zjtx_count,
        parameters=ctx.parameters,
    )
    if decision.eligible:
        await awards.record_decision(
            ctx,
            decision,
            uscc=None,
            park_id=event.park_id,
            subject_name=event.name,
            district_code=event.district_code,
            source_event_id=event_id,
        )


async def _facts(ctx: Context, uscc: str, district_code: str):
    """Topics are ordered only within themselves, so a recognition may arrive before the registration it
    belongs to: keep what the event tells (code, district) and let `registered` fill in the rest."""
    facts = await views.enterprise_facts(ctx.session, uscc)
    if facts is None:
        await views.upsert(
            ctx.session,
            EnterpriseView,
            {
                "uscc": uscc,
                "name": "",
                "district_code": district_code,
                "sector": "other",
                "cluster": None,
                "size_class": "micro",
                "is_sme": True,
            },
            keys=["uscc"],
        )
        facts = await views.enterprise_facts(ctx.session, uscc)
    return facts
