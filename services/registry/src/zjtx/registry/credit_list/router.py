from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import Path

from zjtx.common.dates import DateInFuture, DateTooEarly
from zjtx.common.rules import said_in
from zjtx.common.uscc import InvalidUSCC
from zjtx.common.web import paging
from zjtx.common.web.language import ReaderLanguage
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page
from zjtx.common.web.routing import Cursor, Limit, Router, UsccPath, problems
from zjtx.registry import errors
from zjtx.registry.credit_list import service
from zjtx.registry.credit_list.models import CreditListEntry
from zjtx.registry.credit_list.schemas import CreditListEntryCreate, CreditListEntryRead, CreditListRemoval
from zjtx.registry.deps import ReadContext, WriteContext

router = Router(prefix="/v1/enterprises/{uscc}/credit-lists", tags=["credit lists"])

EntryIdPath = Annotated[uuid.UUID, Path(description="the credit list entry's `id`, as its recording answered it")]
DATES = (DateInFuture, DateTooEarly, errors.CreditListRemovalInvalid)


def _read(entry: CreditListEntry, today: date, language: str) -> CreditListEntryRead:
    return CreditListEntryRead(
        id=entry.id,
        uscc=entry.uscc,
        list=entry.list,
        listed_on=entry.listed_on,
        removed_on=entry.removed_on,
        on_list_today=entry.listed_on <= today and (entry.removed_on is None or today < entry.removed_on),
        authority=entry.authority,
        reason=said_in(language, entry.reason, entry.reason_zh),
        removal_reason=entry.removal_reason,
        inspection_id=entry.inspection_id,
        created_at=entry.created_at,
    )


@router.post(
    "",
    status_code=201,
    response_model=CreditListEntryRead,
    summary="Put an enterprise on a credit list (red or black), dated",
    responses=problems(InvalidUSCC, errors.EnterpriseNotFound, *DATES),
)
async def record_entry(
    uscc: UsccPath, data: CreditListEntryCreate, ctx: WriteContext, language: ReaderLanguage
) -> CreditListEntryRead:
    """Records that the enterprise was put on the red or black list (`listed_on`, the authority, why), and
    if it was already taken off, when (`removed_on`). Audited and published
    (`registry.enterprise.credit_listed`): the awards service refuses an award whose date falls while the
    enterprise is on the black list (`credit_black_list`), and decides again what it had decided."""
    entry = await service.record_entry(ctx, uscc=uscc, data=data)
    return _read(entry, ctx.today(), language)


@router.get(
    "",
    response_model=Page[CreditListEntryRead],
    summary="An enterprise's credit list entries, by listing day",
    responses=problems(InvalidUSCC, errors.EnterpriseNotFound, InvalidCursor),
)
async def list_entries(
    uscc: UsccPath, ctx: ReadContext, language: ReaderLanguage, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Page[CreditListEntryRead]:
    """Every red and black list entry of the enterprise, current and past, oldest listing first, each
    saying whether the enterprise is on that list today."""
    after = paging.after(cursor, paging.day, paging.identifier)
    rows = await service.list_entries(ctx, uscc=uscc, limit=limit, after=after)
    return Page(
        items=[_read(e, ctx.today(), language) for e in rows],
        next_cursor=paging.next_cursor(rows, limit, lambda entry: (entry.listed_on, entry.id)),
    )


@router.post(
    "/{entry_id}/removal",
    response_model=CreditListEntryRead,
    summary="Take an enterprise off a credit list (信用修复), dated",
    responses=problems(
        InvalidUSCC,
        errors.EnterpriseNotFound,
        errors.CreditListEntryNotFound,
        errors.CreditListEntryRemoved,
        *DATES,
    ),
)
async def remove_entry(
    uscc: UsccPath, entry_id: EntryIdPath, data: CreditListRemoval, ctx: WriteContext, language: ReaderLanguage
) -> CreditListEntryRead:
    """The enterprise is no longer on the list from `removed_on` (after the listing day). Audited and
    published (`registry.enterprise.credit_list_removed`): awards dated from then on are no longer barred.
    An entry already taken off is 409 `credit_list_entry_removed`."""
    entry = await service.remove_entry(ctx, uscc=uscc, entry_id=entry_id, data=data)
    return _read(entry, ctx.today(), language)
