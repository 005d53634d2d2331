"""Parks and the A1.park plaque: a park with at least N enterprises holding a valid 专精特新 recognition
(any level) qualifies once, on the day it reached N."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, select

from zjtx.common.events import registry as events
from zjtx.common.kit.context import Context
from zjtx.common.web.audit import record_audit
from zjtx.registry import errors
from zjtx.registry.enterprise.models import Enterprise
from zjtx.registry.park.models import Park
from zjtx.registry.park.schemas import ParkCreate
from zjtx.registry.publishing import publish
from zjtx.registry.recognition.models import ZJTX_TIERS, Recognition


@dataclass(frozen=True)
class ParkView:
    park: Park
    zjtx_count: int
    threshold: int


async def create_park(ctx: Context, *, data: ParkCreate) -> Park:
    if data.district_code not in ctx.reference.divisions:
        raise errors.UnknownDistrict(f"{data.district_code} is not one of Hohhot's districts or zones")
    if await ctx.session.scalar(select(exists().where(Park.name == data.name))):
        raise errors.ParkNameTaken(f"a park named {data.name} exists")
    park = Park(id=uuid.uuid4(), name=data.name, district_code=data.district_code)
    ctx.session.add(park)
    await ctx.session.flush()
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="park.create",
        entity_type="park",
        entity_id=str(park.id),
        before=None,
        after=data.model_dump(mode="json"),
    )
    return park


async def park_exists(ctx: Context, park_id: uuid.UUID) -> bool:
    return bool(await ctx.session.scalar(select(exists().where(Park.id == park_id))))


async def get_park(ctx: Context, *, park_id: uuid.UUID) -> ParkView:
    park = await ctx.session.get(Park, park_id)
    if park is None:
        raise errors.ParkNotFound(f"no park {park_id}")
    counts = await _recognised_enterprises(ctx, park_id)
    return ParkView(park, _count_on(counts, ctx.today()), _threshold(ctx))


async def check_qualification(ctx: Context, *, park_id: uuid.UUID) -> None:
    """Run after anything that can change a park's count; qualifies the park once, and publishes it."""
    park = await ctx.session.get(Park, park_id, with_for_update=True)
    if park is None or park.qualified_on is not None:
        return
    spans = await _recognised_enterprises(ctx, park_id)
    threshold, today = _threshold(ctx), ctx.today()
    count_today = _count_on(spans, today)
    if count_today < threshold:
        return
    # The day it reached the threshold: the earliest recognition date from which the count holds.
    candidates = sorted({start for periods in spans.values() for start, _ in periods if start <= today})
    park.qualified_on = next((day for day in candidates if _count_on(spans, day) >= threshold), today)
    await ctx.session.flush()
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="park.qualify",
        entity_type="park",
        entity_id=str(park.id),
        before={"qualified_on": None},
        after={"qualified_on": park.qualified_on.isoformat()},
    )
    await publish(
        ctx.session,
        clock=ctx.clock,
        event=events.PARK_QUALIFIED,
        key=str(park.id),
        payload=events.ParkQualified(
            park_id=park.id,
            name=park.name,
            district_code=park.district_code,
            qualified_on=park.qualified_on,
            zjtx_count=count_today,
        ),
        summary=f"park {park.name} qualified",
    )


async def _recognised_enterprises(ctx: Context, park_id: uuid.UUID) -> dict[str, list[tuple[date, date]]]:
    """For each enterprise now in the park: the periods [from, until) its 专精特新 recognitions were valid."""
    rows = await ctx.session.execute(
        select(Recognition.uscc, Recognition.recognized_on, Recognition.expires_on, Recognition.revoked_on)
        .join(Enterprise, Enterprise.uscc == Recognition.uscc)
        .where(Enterprise.park_id == park_id, Recognition.tier.in_(ZJTX_TIERS))
    )
    spans: dict[str, list[tuple[date, date]]] = defaultdict(list)
    for uscc, start, expires, revoked in rows:
        end = min(expires, revoked) if revoked is not None else expires
        if end > start:
            spans[uscc].append((start, end))
    return spans


def _count_on(spans: dict[str, list[tuple[date, date]]], day: date) -> int:
    return sum(1 for periods in spans.values() if any(start <= day < end for start, end in periods))


def _threshold(ctx: Context) -> int:
    return int(ctx.parameters.in_force("park_plaque_threshold", ctx.today()).body["value"])
