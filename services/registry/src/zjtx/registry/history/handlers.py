"""The registry's consumer: events other services publish about an enterprise join its history."""

from __future__ import annotations

from typing import Any

from zjtx.common.events import Event
from zjtx.common.events import awards as award_events
from zjtx.common.events import finance as finance_events
from zjtx.common.kit.context import Context, ContextHandler
from zjtx.registry import errors
from zjtx.registry.enterprise import repository
from zjtx.registry.history.service import record_history


async def award_event(ctx: Context, event: Event[award_events.AwardEvent]) -> None:
    award = event.payload
    if award.uscc is None:  # a park's plaque (A1.park): not an enterprise's history
        return
    await _record(ctx, event, award.uscc, f"award {award.rule} {event.contract.verb}: {award.amount:.2f} yuan")


async def subsidy_event(ctx: Context, event: Event[finance_events.SubsidyEvent]) -> None:
    subsidy = event.payload
    verb = event.contract.verb.replace("_", " ")
    await _record(
        ctx, event, subsidy.uscc, f"subsidy {subsidy.rule} {verb} on loan {subsidy.loan_id}: {subsidy.amount:.2f} yuan"
    )


async def _record(ctx: Context, event: Event[Any], uscc: str, summary: str) -> None:
    # An event about an enterprise the registry does not know cannot be placed: fail, so that it is
    # retried and then dead-lettered for re-drive once the enterprise is registered.
    if not await repository.uscc_exists(ctx.session, uscc):
        raise errors.EnterpriseNotFound(f"history event {event.envelope.event_id} names unknown enterprise {uscc}")
    await record_history(ctx.session, envelope=event.envelope, uscc=uscc, summary=summary)


HANDLERS: dict[Any, ContextHandler] = {
    **{contract: award_event for contract in award_events.AWARD_EVENTS.values()},
    **{contract: subsidy_event for contract in finance_events.SUBSIDY_EVENTS},
}
