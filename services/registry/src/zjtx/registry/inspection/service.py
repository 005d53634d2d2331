"""Inspections (A13): recorded with the flags the policy asks for, derived when read."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, tuple_

from zjtx.common.dates import check_fact_dates
from zjtx.common.kit.context import Context
from zjtx.common.web.audit import record_audit
from zjtx.registry import errors
from zjtx.registry.credit_list import service as credit_lists
from zjtx.registry.credit_list.schemas import CreditListEntryCreate
from zjtx.registry.enterprise.service import get_enterprise
from zjtx.registry.history.service import record_fact
from zjtx.registry.inspection.models import Inspection
from zjtx.registry.inspection.rules import InspectionCheck, InspectionFacts, inspection_flags
from zjtx.registry.inspection.schemas import InspectionCreate, InspectionPublication


@dataclass(frozen=True)
class FlaggedInspection:
    inspection: Inspection
    check: InspectionCheck


async def record_inspection(ctx: Context, *, uscc: str, data: InspectionCreate) -> FlaggedInspection:
    enterprise = await get_enterprise(ctx, uscc, for_update=True)
    check_fact_dates(ctx.today(), ended_on=data.ended_on, published_on=data.published_on)
    if data.published_on is not None and data.published_on < data.ended_on:
        raise errors.InvalidInspection(
            "results cannot be published before the inspection ended", detail_zh="检查结束前不能公示结果"
        )
    inspection = Inspection(id=uuid.uuid4(), uscc=enterprise.uscc, **data.model_dump())
    ctx.session.add(inspection)
    await ctx.session.flush()
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="inspection.create",
        entity_type="inspection",
        entity_id=str(inspection.id),
        before=None,
        after={"uscc": enterprise.uscc, **data.model_dump(mode="json")},
    )
    await record_fact(
        ctx.session,
        uscc=enterprise.uscc,
        line_type="registry.inspection.recorded",
        at=ctx.clock.now(),
        on=data.ended_on,
        summary=f"inspection {data.inspection_type} by {data.department}, ended {data.ended_on}",
        summary_zh=f"{data.department}开展{data.inspection_type}检查，{data.ended_on}结束",
        payload={"inspection_id": str(inspection.id), **data.model_dump(mode="json")},
        actor=ctx.actor.name,
    )
    if data.list_entry is not None:
        # A13.2: the list it puts the enterprise on is a dated credit list entry, which the awards read.
        reason = f"inspection {data.inspection_type}" + (f": {data.result}" if data.result else "")
        reason_zh = f"{data.inspection_type}检查" + (f"：{data.result}" if data.result else "")
        listing = CreditListEntryCreate(
            list=data.list_entry, listed_on=data.ended_on, authority=data.department, reason=reason[:2000]
        )
        await credit_lists.record_entry(
            ctx, uscc=enterprise.uscc, data=listing, inspection_id=inspection.id, reason_zh=reason_zh[:2000]
        )
    return (await _flagged(ctx, [inspection]))[0]


async def record_publication(
    ctx: Context, *, uscc: str, inspection_id: uuid.UUID, data: InspectionPublication
) -> FlaggedInspection:
    """A correction (issue 12, item 2): the day the inspection's results were published, given later (or
    corrected); not before the inspection ended, not after today. Audited; its A13.2 flag follows (derived)."""
    enterprise = await get_enterprise(ctx, uscc, for_update=True)
    inspection = await ctx.session.get(Inspection, inspection_id, with_for_update=True)
    if inspection is None or inspection.uscc != enterprise.uscc:
        raise errors.InspectionNotFound(
            f"{enterprise.uscc} has no inspection {inspection_id}",
            detail_zh=f"{enterprise.uscc}没有检查记录{inspection_id}",
        )
    check_fact_dates(ctx.today(), published_on=data.published_on)
    if data.published_on < inspection.ended_on:
        raise errors.InvalidInspection(
            "results cannot be published before the inspection ended", detail_zh="检查结束前不能公示结果"
        )
    before = inspection.published_on
    inspection.published_on = data.published_on
    await ctx.session.flush()
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="inspection.publication",
        entity_type="inspection",
        entity_id=str(inspection.id),
        before={"published_on": before.isoformat() if before else None},
        after={"published_on": data.published_on.isoformat(), "reason": data.reason},
    )
    await record_fact(
        ctx.session,
        uscc=enterprise.uscc,
        line_type="registry.inspection.published",
        at=ctx.clock.now(),
        on=data.published_on,
        summary=f"inspection {inspection.inspection_type} results published on {data.published_on}: {data.reason}",
        summary_zh=f"{inspection.inspection_type}检查结果于{data.published_on}公示"
        + (f"：{data.reason}" if data.reason else ""),
        payload={"inspection_id": str(inspection.id), "published_on": data.published_on.isoformat()},
        actor=ctx.actor.name,
    )
    return (await _flagged(ctx, [inspection]))[0]


async def list_inspections(
    ctx: Context, *, uscc: str, limit: int, after: tuple[date, datetime, uuid.UUID] | None
) -> list[FlaggedInspection]:
    """A page of the enterprise's inspections in the order they ended (then were recorded), after `after`
    (the end date, recording time and id of the last one given), each with its A13 flags."""
    enterprise = await get_enterprise(ctx, uscc)
    query = select(Inspection).where(Inspection.uscc == enterprise.uscc)
    if after is not None:
        query = query.where(tuple_(Inspection.ended_on, Inspection.created_at, Inspection.id) > tuple_(*after))
    query = query.order_by(Inspection.ended_on, Inspection.created_at, Inspection.id).limit(limit)
    return await _flagged(ctx, list(await ctx.session.scalars(query)))


async def _flagged(ctx: Context, inspections: list[Inspection]) -> list[FlaggedInspection]:
    if not inspections:
        return []
    uscc = inspections[0].uscc
    all_of_enterprise = list(
        await ctx.session.scalars(
            select(Inspection).where(Inspection.uscc == uscc, Inspection.special_sector.is_(False))
        )
    )
    result = []
    for inspection in inspections:
        earlier = sum(
            1 for other in all_of_enterprise if other.id != inspection.id and _is_earlier_same_type(other, inspection)
        )
        facts = InspectionFacts(
            inspection.inspection_type, inspection.ended_on, inspection.published_on, inspection.special_sector
        )
        check = inspection_flags(
            facts, earlier_same_type_this_year=earlier, today=ctx.today(), parameters=ctx.parameters
        )
        result.append(FlaggedInspection(inspection, check))
    return result


def _is_earlier_same_type(other: Inspection, inspection: Inspection) -> bool:
    if other.inspection_type != inspection.inspection_type or other.ended_on.year != inspection.ended_on.year:
        return False
    return (other.ended_on, other.created_at) < (inspection.ended_on, inspection.created_at)
