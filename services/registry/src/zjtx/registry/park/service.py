"""Parks and the A1.park plaque: a park with at least N enterprises holding a valid 专精特新 recognition
(any level) qualifies once, on the day RULES A1.park names (park.rules)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, or_, select, tuple_

from zjtx.common.events import registry as events
from zjtx.common.kit.context import Context
from zjtx.common.rules import POLICY_START
from zjtx.common.web.audit import record_audit
from zjtx.registry import errors
from zjtx.registry.enterprise.models import EnterpriseFacts
from zjtx.registry.park import rules
from zjtx.registry.park.models import Park
from zjtx.registry.park.schemas import ParkCreate
from zjtx.registry.publishing import publish
from zjtx.registry.recognition.models import WITHDRAWN, ZJTX_TIERS, Recognition


@dataclass(frozen=True)
class ParkView:
    park: Park
    zjtx_count: int
    threshold: int


async def create_park(ctx: Context, *, data: ParkCreate) -> Park:
    if data.district_code not in ctx.reference.divisions:
        raise errors.UnknownDistrict(
            f"{data.district_code} is not one of Hohhot's districts or zones",
            detail_zh=f"{data.district_code}不是呼和浩特市的旗县区或园区",
        )
    if await ctx.session.scalar(select(exists().where(Park.name == data.name))):
        raise errors.ParkNameTaken(f"a park named {data.name} exists", detail_zh=f"名为{data.name}的园区已存在")
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
        raise errors.ParkNotFound(f"no park {park_id}", detail_zh=f"没有园区{park_id}")
    tenants = await _tenants(ctx, park_id)
    return ParkView(park, rules.count_on(tenants, ctx.today()), _threshold(ctx))


async def list_parks(
    ctx: Context, *, district_code: str | None, qualified: bool | None, limit: int, after: tuple[str, uuid.UUID] | None
) -> list[ParkView]:
    """Parks by name (then id), a page at a time, each with its count today and its plaque date."""
    query = select(Park)
    if district_code is not None:
        query = query.where(Park.district_code == district_code)
    if qualified is not None:
        query = query.where(Park.qualified_on.is_not(None) if qualified else Park.qualified_on.is_(None))
    if after is not None:
        query = query.where(tuple_(Park.name, Park.id) > tuple_(*after))
    parks = list(await ctx.session.scalars(query.order_by(Park.name, Park.id).limit(limit)))
    threshold = _threshold(ctx)
    return [ParkView(park, rules.count_on(await _tenants(ctx, park.id), ctx.today()), threshold) for park in parks]


async def check_qualification(ctx: Context, *, park_id: uuid.UUID) -> None:
    """Run after anything that can change a park's count (a tenancy, a recognition); qualifies the park
    once, on the day RULES A1.park names, and publishes it. A date an earlier version set before the
    policy's first day (which the awards service refuses) is decided again."""
    park = await ctx.session.get(Park, park_id, with_for_update=True)
    start = _policy_start(ctx)
    if park is None or (park.qualified_on is not None and park.qualified_on >= start):
        return
    found = rules.qualification(
        await _tenants(ctx, park_id), threshold=_threshold(ctx), policy_start=start, today=ctx.today()
    )
    if found is None:
        return
    before = park.qualified_on
    park.qualified_on = found.qualified_on
    await ctx.session.flush()
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="park.qualify",
        entity_type="park",
        entity_id=str(park.id),
        before={"qualified_on": before.isoformat() if before else None},
        after={"qualified_on": park.qualified_on.isoformat()},
    )
    await publish(
        ctx.session,
        clock=ctx.clock,
        actor=ctx.actor.name,
        event=events.PARK_QUALIFIED,
        key=str(park.id),
        payload=events.ParkQualified(
            park_id=park.id,
            name=park.name,
            district_code=park.district_code,
            qualified_on=park.qualified_on,
            zjtx_count=found.count,
        ),
        summary=f"park {park.name} qualified",
        summary_zh=f"园区{park.name}获评“专精特新园区”",
    )


async def qualify_parks(ctx: Context) -> int:
    """The daily job: every park not qualified yet, or dated before the policy by an earlier version, is
    checked again (a recognition's expiry or start can change its count without any request)."""
    start = _policy_start(ctx)
    waiting = await ctx.session.scalars(
        select(Park.id).where(or_(Park.qualified_on.is_(None), Park.qualified_on < start)).order_by(Park.id)
    )
    qualified = 0
    for park_id in list(waiting):
        await check_qualification(ctx, park_id=park_id)
        park = await ctx.session.get(Park, park_id)
        qualified += park is not None and park.qualified_on is not None and park.qualified_on >= start
    return qualified


async def _tenants(ctx: Context, park_id: uuid.UUID) -> dict[str, rules.Tenant]:
    """Every enterprise that was ever in the park: when it was (from its facts' versions), and when it
    held a valid 专精特新 recognition."""
    ever = select(EnterpriseFacts.uscc).where(EnterpriseFacts.park_id == park_id).distinct().scalar_subquery()
    versions = await ctx.session.execute(
        select(EnterpriseFacts.uscc, EnterpriseFacts.effective_on, EnterpriseFacts.park_id)
        .where(EnterpriseFacts.uscc.in_(ever))
        .order_by(EnterpriseFacts.uscc, EnterpriseFacts.effective_on)
    )
    tenancies: dict[str, list[rules.Span]] = defaultdict(list)
    for uscc, effective_on, in_park in versions:
        spans = tenancies[uscc]
        if spans and spans[-1][1] is None and in_park != park_id:
            spans[-1] = (spans[-1][0], effective_on)  # left the park
        elif in_park == park_id and not (spans and spans[-1][1] is None):
            spans.append((effective_on, None))  # joined it
    recognitions: dict[str, list[rules.Span]] = defaultdict(list)
    rows = await ctx.session.execute(
        select(Recognition.uscc, Recognition.recognized_on, Recognition.expires_on, Recognition.revoked_on).where(
            Recognition.uscc.in_(list(tenancies)), Recognition.tier.in_(ZJTX_TIERS), Recognition.status != WITHDRAWN
        )
    )
    for uscc, begins, expires, revoked in rows:
        until = min(expires, revoked) if revoked is not None else expires
        if until > begins:
            recognitions[uscc].append((begins, until))
    return {uscc: rules.Tenant(tuple(spans), tuple(recognitions.get(uscc, ()))) for uscc, spans in tenancies.items()}


def _threshold(ctx: Context) -> int:
    return int(ctx.parameters.in_force("park_plaque_threshold", ctx.today()).body["value"])


def _policy_start(ctx: Context) -> date:
    value = ctx.parameters.in_force(POLICY_START, ctx.today()).body["value"]
    return value if isinstance(value, date) else date.fromisoformat(str(value))
