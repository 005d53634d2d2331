"""What the registry's events do here: keep the read models, and compute the awards that need no
application (免申即享): A1.1, A1.2, A1.3, A4.1 and the A1.park plaque; a revocation cancels an unpaid award."""

from __future__ import annotations

import uuid
from dataclasses import replace

from zjtx.awards.award import service as awards
from zjtx.awards.readmodel import repository as views
from zjtx.awards.readmodel.models import EnterpriseView, ScaleReportView
from zjtx.awards.rules import recognition as recognition_rules
from zjtx.awards.rules.facts import EnterpriseFacts, RecognitionFact, RelocationFact
from zjtx.awards.rules.scale_up import scale_up_award
from zjtx.common.events import Event
from zjtx.common.events import registry as registry_events
from zjtx.common.kit.context import Context, event_actor
from zjtx.common.parameters import ParameterFile
from zjtx.common.rules import Decision


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


async def recognitions_changed(
    ctx: Context, events: list[Event[registry_events.RecognitionEvent]], *, granted: bool
) -> None:
    """A run of recognition events, each of another enterprise (a run of one when alone): the read
    model in one statement, the facts of all their enterprises at once, each decided on its own, the
    awards recorded together. The same as one by one, since no two are about the same enterprise."""
    await views.upsert_recognitions(ctx.session, [_recognition_row(event.payload) for event in events])
    valid = []
    for event in events:
        recognition = event.payload
        if recognition.status == "revoked":
            why = recognition.revoked_reason or ""
            reason = f"recognition {recognition.tier} revoked on {recognition.revoked_on}: {why}"
            as_event = replace(ctx, actor=event_actor(event))
            await awards.revoke_for_recognition(
                as_event, recognition_id=recognition.recognition_id, reason=reason.strip()
            )
        elif recognition.status == "valid":
            valid.append(event)
    if not valid:
        return
    facts = await _facts_of(ctx, {event.payload.uscc: event.payload.district_code for event in valid})
    proposals = []
    for event in valid:
        enterprise = facts[event.payload.uscc]
        decision = _recognition_decision(enterprise, event.payload, granted=granted, parameters=ctx.parameters)
        if decision is not None:
            proposals.append(
                awards.Proposal(
                    decision,
                    uscc=enterprise.uscc,
                    subject_name=enterprise.name,
                    district_code=enterprise.district_code,
                    actor=event_actor(event),
                    source_event_id=event.envelope.event_id,
                    source_recognition_id=event.payload.recognition_id,
                )
            )
    await awards.record_decisions(ctx, proposals)


def _recognition_row(event: registry_events.RecognitionEvent) -> dict:
    return {
        "recognition_id": event.recognition_id,
        "uscc": event.uscc,
        "tier": event.tier,
        "recognized_on": event.recognized_on,
        "expires_on": event.expires_on,
        "renewal": event.renewal,
        "held_tier_before": event.held_tier_before,
        "status": event.status,
        "revoked_on": event.revoked_on,
    }


def _recognition_decision(
    facts: EnterpriseFacts, event: registry_events.RecognitionEvent, *, granted: bool, parameters: ParameterFile
) -> Decision | None:
    """The first eligible award a valid recognition brings (A1.1, A1.2, or A1.3 for a move seen before it)."""
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
    decisions = [rule(facts, recognition, parameters)] if granted and rule is not None else []
    if event.tier == recognition_rules.NATIONAL:
        # The move may have arrived first (another topic): A1.3 could not be decided then, so it is now.
        decisions += [
            recognition_rules.relocation_award(facts, move, parameters)
            for move in facts.relocations
            if recognition.valid_on(move.moved_in_on)
        ]
    return next((d for d in decisions if d.eligible), None)


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


async def _facts(ctx: Context, uscc: str, district_code: str) -> EnterpriseFacts:
    return (await _facts_of(ctx, {uscc: district_code}))[uscc]


async def _facts_of(ctx: Context, districts: dict[str, str]) -> dict[str, EnterpriseFacts]:
    """The facts of each enterprise (uscc -> district). Topics are ordered only within themselves, so a
    recognition may arrive before the registration it belongs to: keep what the event tells (code,
    district) as a stub and let `registered` fill in the rest."""
    facts = await views.facts_of(ctx.session, list(districts))
    missing = [uscc for uscc in districts if uscc not in facts]
    for uscc in missing:
        await views.upsert(
            ctx.session,
            EnterpriseView,
            {
                "uscc": uscc,
                "name": "",
                "district_code": districts[uscc],
                "sector": "other",
                "cluster": None,
                "size_class": "micro",
                "is_sme": True,
            },
            keys=["uscc"],
        )
    if missing:
        facts |= await views.facts_of(ctx.session, missing)
    return facts
