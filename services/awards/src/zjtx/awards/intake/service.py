"""What the registry's events do here: keep the read models (the enterprise and the history of its size,
its recognitions, moves and scale reports), then settle the awards they can change (zjtx.awards.settlement):
A1.1, A1.2, A1.3 and A4.1 need no application (免申即享); a late recognition, move, scale report or size
change also decides again the claims it bears on. A1.park comes from the park's own event."""

from __future__ import annotations

import uuid
from datetime import date

from zjtx.awards.award import service as awards
from zjtx.awards.readmodel import repository as views
from zjtx.awards.readmodel.models import ScaleReportView
from zjtx.awards.rules import recognition as recognition_rules
from zjtx.awards.rules.procedure import GROUPS
from zjtx.awards.settlement import service as settlement
from zjtx.common.clock import CHINA
from zjtx.common.db import write
from zjtx.common.events import Event
from zjtx.common.events import registry as registry_events
from zjtx.common.kit.context import Context, event_actor

# The groups of rules each kind of fact can change (zjtx.awards.rules.procedure.GROUPS).
BY_RECOGNITION = ("A1.1", "A1.2|A1.3", "A2.2", "A3.rent")
BY_SIZE = ("A2.1", "A2.2", "A4.1", "A6.1")  # SME status, or the cluster, on the rule's date
BY_RELOCATION = ("A1.2|A1.3",)
BY_SCALE = ("A4.1",)
BY_CREDIT = GROUPS  # 信用核查: an enterprise on the black list on a decision's date gets no award, whatever the rule


async def enterprise_changed(ctx: Context, event: Event) -> None:
    """registered / updated, v1 or v2: the enterprise's latest facts, and the size and cluster in force from
    the event's effective date (v1 has none: its registration date, or the day the change was recorded)."""
    payload = event.payload
    effective_on = _effective_on(event)
    await views.upsert_enterprise(
        ctx.session,
        {
            "uscc": payload.uscc,
            "name": payload.name,
            "district_code": payload.district_code,
            "sector": payload.sector,
            "cluster": payload.cluster,
            "size_class": payload.size_class,
            "is_sme": payload.is_sme,
            "effective_on": effective_on,
        },
    )
    await views.upsert_size(
        ctx.session,
        {
            "uscc": payload.uscc,
            "effective_on": effective_on,
            "size_class": payload.size_class,
            "is_sme": payload.is_sme,
            "cluster": payload.cluster,
        },
    )
    await awards.name_unnamed_awards(ctx, uscc=payload.uscc, name=payload.name)
    await settlement.settle(ctx, {payload.uscc: BY_SIZE}, causes={payload.uscc: event.envelope.event_id})


def _effective_on(event: Event) -> date:
    payload = event.payload
    if isinstance(payload, registry_events.EnterpriseFactsSnapshot):
        return payload.effective_on
    if event.contract.verb == "registered":
        return payload.registered_on
    return event.envelope.occurred_at.astimezone(CHINA).date()


async def recognitions_changed(ctx: Context, events: list[Event[registry_events.RecognitionEvent]]) -> None:
    """A run of recognition events (granted, renewed, revoked, expired), each of another enterprise (a run
    of one when alone): the read model in one statement, then one settlement for all their enterprises,
    each decided on its own. The same as one by one, since no two are about the same enterprise."""
    # The recognitions and any stub written with the decision lock: one statement for the run.
    await settlement.settle(
        ctx,
        {event.payload.uscc: BY_RECOGNITION for event in events},
        actors={event.payload.uscc: event_actor(event) for event in events},
        causes={event.payload.uscc: event.envelope.event_id for event in events},
        beside=[
            views.recognitions_write([_recognition_row(event.payload) for event in events]),
            views.stubs_write({event.payload.uscc: event.payload.district_code for event in events}),
        ],
    )


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
        "revoked_reason": event.revoked_reason,
    }


async def recognition_withdrawn(ctx: Context, event: Event[registry_events.RecognitionWithdrawn]) -> None:
    """withdrawn (a correction): the recognition was recorded in error and never held; what it brought is
    taken back by the settlement (an unpaid award revoked, a paid one flagged for recovery), with the reason."""
    withdrawn = event.payload
    await views.withdraw_recognition(
        ctx.session,
        {
            "recognition_id": withdrawn.recognition_id,
            "uscc": withdrawn.uscc,
            "tier": withdrawn.tier,
            "recognized_on": withdrawn.recognized_on,
            "expires_on": withdrawn.recognized_on,
            "renewal": False,
            "held_tier_before": False,
        },
        reason=withdrawn.reason,
    )
    await _known(ctx, {withdrawn.uscc: withdrawn.district_code})
    await settlement.settle(
        ctx,
        {withdrawn.uscc: BY_RECOGNITION},
        actors={withdrawn.uscc: event_actor(event)},
        causes={withdrawn.uscc: event.envelope.event_id},
    )


async def relocated_in(ctx: Context, event: registry_events.EnterpriseRelocatedIn, *, event_id: uuid.UUID) -> None:
    await views.add_relocation(
        ctx.session,
        {
            "uscc": event.uscc,
            "moved_in_on": event.moved_in_on,
            "moved_from": event.moved_from,
            "moved_from_division_code": event.moved_from_division_code,
        },
    )
    await _known(ctx, {event.uscc: event.district_code})
    await settlement.settle(ctx, {event.uscc: BY_RELOCATION}, causes={event.uscc: event_id})


async def scale_reported(ctx: Context, event, *, event_id: uuid.UUID) -> None:
    """scale_reported v1 or v2: the year's report; A4.1 decided again (reports may arrive in any order)."""
    await views.upsert(
        ctx.session,
        ScaleReportView,
        {"uscc": event.uscc, "year": event.year, "above_scale": event.above_scale},
        keys=["uscc", "year"],
    )
    await _known(ctx, {event.uscc: event.district_code})
    await settlement.settle(ctx, {event.uscc: BY_SCALE}, causes={event.uscc: event_id})


async def credit_list_changed(ctx: Context, event: Event[registry_events.CreditListEntry]) -> None:
    """credit_listed / credit_list_removed: the entry as it now stands, then every award of the enterprise
    decided again (信用核查): one dated while it is on the black list is refused (`credit_black_list`); an
    unpaid award it bars is revoked with the reason, a paid one flagged for recovery; one a removal frees
    is computed."""
    entry = event.payload
    await views.upsert_credit_list_entry(
        ctx.session,
        {
            "entry_id": entry.entry_id,
            "uscc": entry.uscc,
            "list": entry.list,
            "listed_on": entry.listed_on,
            "removed_on": entry.removed_on,
            "authority": entry.authority,
            "reason": entry.reason,
            "reason_zh": entry.reason_zh,
        },
    )
    await _known(ctx, {entry.uscc: entry.district_code})
    await settlement.settle(
        ctx,
        {entry.uscc: BY_CREDIT},
        actors={entry.uscc: event_actor(event)},
        causes={entry.uscc: event.envelope.event_id},
    )


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
            source=f"park:{event.park_id}",
        )


async def _known(ctx: Context, districts: dict[str, str]) -> None:
    """Make sure the read model knows each enterprise (uscc -> district). Topics are ordered only within
    themselves, so a recognition may arrive before the registration it belongs to: keep what the event
    tells (code, district) as a stub and let `registered` fill in the rest."""
    await write(ctx.session, views.stubs_write(districts))
