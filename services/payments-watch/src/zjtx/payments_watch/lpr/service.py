"""LPR publications received from the finance-subsidy service (`finance.lpr.published`). When one
arrives, the contracts it can concern are read again: those with an agreed rate signed on or after it
(their floor, or the rate not known until now)."""

from __future__ import annotations

import uuid
from datetime import date

from zjtx.common.events import finance as finance_events
from zjtx.common.kit.context import Context
from zjtx.common.lpr import LprPublication
from zjtx.common.web.audit import record_audit
from zjtx.payments_watch.contract import recompute
from zjtx.payments_watch.lpr import repository


async def lpr_published(ctx: Context, published: finance_events.LprPublished, *, event_id: uuid.UUID) -> None:
    values = {
        "published_on": published.published_on,
        "one_year": published.one_year,
        "five_year": published.five_year,
        "event_id": event_id,
    }
    before = await repository.upsert(ctx.session, values)
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="lpr.record",
        entity_type="lpr_publication",
        entity_id=published.published_on.isoformat(),
        before=before,
        after={"one_year": str(published.one_year), "five_year": str(published.five_year)},
    )
    await recompute.review_rate_contracts(ctx, since=published.published_on)


async def list_publications(ctx: Context, *, after: date | None, limit: int) -> list[tuple[LprPublication, str]]:
    """The publications by date, those after `after` (a page's cursor): a table of a few dozen rows, merged
    from the shipped ones and those received, so paged here."""
    return [row for row in await repository.publications(ctx.session) if after is None or row[0].published_on > after][
        :limit
    ]
