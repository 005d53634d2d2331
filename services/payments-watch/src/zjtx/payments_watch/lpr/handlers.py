"""The finance-subsidy service's LPR publications, as this service's consumer applies them."""

from __future__ import annotations

from zjtx.common.events import Event
from zjtx.common.events import finance as finance_events
from zjtx.common.kit.context import Context
from zjtx.payments_watch.lpr import service


async def lpr_published(ctx: Context, event: Event[finance_events.LprPublished]) -> None:
    await service.lpr_published(ctx, event.payload, event_id=event.envelope.event_id)


HANDLERS = {finance_events.LPR_PUBLISHED: lpr_published}
