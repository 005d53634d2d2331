"""Credit lists (A13.2's red and black lists; 信用核查, issue 12 item 4): an enterprise put on a list, or
taken off it (信用修复), dated; audited and published (`registry.enterprise.credit_listed`,
`…credit_list_removed`), so that the awards service refuses an award to an enterprise on the black list
on the award's date."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select, tuple_

from zjtx.common.dates import check_fact_dates
from zjtx.common.events import registry as events
from zjtx.common.kit.context import Context
from zjtx.common.web.audit import record_audit
from zjtx.registry import errors
from zjtx.registry.credit_list.models import CreditListEntry
from zjtx.registry.credit_list.schemas import CreditListEntryCreate, CreditListRemoval
from zjtx.registry.enterprise.models import Enterprise
from zjtx.registry.enterprise.service import get_enterprise
from zjtx.registry.publishing import publish


async def record_entry(
    ctx: Context,
    *,
    uscc: str,
    data: CreditListEntryCreate,
    inspection_id: uuid.UUID | None = None,
    reason_zh: str | None = None,
) -> CreditListEntry:
    """Put the enterprise on a list; `reason_zh`: the reason in Chinese, when the registry wrote it."""
    enterprise = await get_enterprise(ctx, uscc, for_update=True)
    check_fact_dates(ctx.today(), listed_on=data.listed_on, removed_on=data.removed_on)
    if data.removed_on is not None and data.removed_on <= data.listed_on:
        raise errors.CreditListRemovalInvalid(
            f"removed_on {data.removed_on} is not after listed_on {data.listed_on}",
            detail_zh=f"移出日{data.removed_on}不晚于列入日{data.listed_on}",
        )
    entry = CreditListEntry(
        id=uuid.uuid4(), uscc=enterprise.uscc, inspection_id=inspection_id, reason_zh=reason_zh, **data.model_dump()
    )
    ctx.session.add(entry)
    await ctx.session.flush()
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="credit_list.record",
        entity_type="credit_list_entry",
        entity_id=str(entry.id),
        before=None,
        after=_view(entry, enterprise),
    )
    await publish(
        ctx.session,
        clock=ctx.clock,
        actor=ctx.actor.name,
        event=events.ENTERPRISE_CREDIT_LISTED,
        key=enterprise.uscc,
        uscc=enterprise.uscc,
        payload=payload(entry, enterprise),
        summary=f"put on the {entry.list} list on {entry.listed_on} by {entry.authority}"
        + (f", taken off on {entry.removed_on}" if entry.removed_on else ""),
        summary_zh=f"{entry.listed_on}由{entry.authority}列入{list_name_zh(entry.list)}"
        + (f"，{entry.removed_on}移出" if entry.removed_on else ""),
    )
    return entry


async def remove_entry(ctx: Context, *, uscc: str, entry_id: uuid.UUID, data: CreditListRemoval) -> CreditListEntry:
    enterprise = await get_enterprise(ctx, uscc, for_update=True)
    entry = await ctx.session.get(CreditListEntry, entry_id, with_for_update=True)
    if entry is None or entry.uscc != enterprise.uscc:
        raise errors.CreditListEntryNotFound(
            f"{enterprise.uscc} has no credit list entry {entry_id}",
            detail_zh=f"{enterprise.uscc}没有信用名单记录{entry_id}",
        )
    if entry.removed_on is not None:
        raise errors.CreditListEntryRemoved(
            f"taken off the {entry.list} list on {entry.removed_on}",
            detail_zh=f"已于{entry.removed_on}移出{list_name_zh(entry.list)}",
        )
    check_fact_dates(ctx.today(), removed_on=data.removed_on)
    if data.removed_on <= entry.listed_on:
        raise errors.CreditListRemovalInvalid(
            f"removed_on {data.removed_on} is not after listed_on {entry.listed_on}",
            detail_zh=f"移出日{data.removed_on}不晚于列入日{entry.listed_on}",
        )
    before = _view(entry, enterprise)
    entry.removed_on, entry.removal_reason = data.removed_on, data.reason
    await ctx.session.flush()
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="credit_list.remove",
        entity_type="credit_list_entry",
        entity_id=str(entry.id),
        before=before,
        after=_view(entry, enterprise),
    )
    await publish(
        ctx.session,
        clock=ctx.clock,
        actor=ctx.actor.name,
        event=events.ENTERPRISE_CREDIT_LIST_REMOVED,
        key=enterprise.uscc,
        uscc=enterprise.uscc,
        payload=payload(entry, enterprise),
        summary=f"taken off the {entry.list} list on {entry.removed_on}: {data.reason}",
        summary_zh=f"{entry.removed_on}移出{list_name_zh(entry.list)}：{data.reason}",
    )
    return entry


async def list_entries(
    ctx: Context, *, uscc: str, limit: int, after: tuple[date, uuid.UUID] | None
) -> list[CreditListEntry]:
    """The enterprise's entries, by listing day (then id), a page at a time."""
    enterprise = await get_enterprise(ctx, uscc)
    query = select(CreditListEntry).where(CreditListEntry.uscc == enterprise.uscc)
    if after is not None:
        query = query.where(tuple_(CreditListEntry.listed_on, CreditListEntry.id) > tuple_(*after))
    query = query.order_by(CreditListEntry.listed_on, CreditListEntry.id).limit(limit)
    return list(await ctx.session.scalars(query))


def payload(entry: CreditListEntry, enterprise: Enterprise) -> events.CreditListEntry:
    return events.CreditListEntry(
        entry_id=entry.id,
        uscc=entry.uscc,
        list=entry.list,
        listed_on=entry.listed_on,
        removed_on=entry.removed_on,
        authority=entry.authority,
        reason=entry.reason,
        reason_zh=entry.reason_zh,
        district_code=enterprise.district_code,
    )


def _view(entry: CreditListEntry, enterprise: Enterprise) -> dict:
    return payload(entry, enterprise).model_dump(mode="json") | {"removal_reason": entry.removal_reason}


# The lists as the 工信局 names them (A13.2: 红名单, 黑名单); a code of neither is said as it is.
_LIST_NAMES_ZH = {"red": "红名单", "black": "黑名单"}


def list_name_zh(code: str) -> str:
    return _LIST_NAMES_ZH.get(code, code)
