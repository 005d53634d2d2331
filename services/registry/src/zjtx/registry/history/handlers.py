"""The registry's consumer: events other services publish about an enterprise join its history."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.common.events import awards as award_events
from zjtx.common.events import finance as finance_events
from zjtx.common.messaging.consumer import EventHandlers
from zjtx.common.messaging.envelope import Envelope
from zjtx.registry import SERVICE_NAME, errors
from zjtx.registry.enterprise import repository
from zjtx.registry.history.service import record_history


async def _award_event(session: AsyncSession, envelope: Envelope) -> None:
    event = award_events.AwardEvent.model_validate(envelope.payload)
    if event.uscc is None:  # a park's plaque (A1.park): not an enterprise's history
        return
    verb = envelope.event_type.rsplit(".", 1)[1]
    await _record(session, envelope, event.uscc, f"award {event.rule} {verb}: {event.amount:.2f} yuan")


async def _subsidy_event(session: AsyncSession, envelope: Envelope) -> None:
    event = finance_events.SubsidyEvent.model_validate(envelope.payload)
    verb = envelope.event_type.rsplit(".", 1)[1].replace("_", " ")
    await _record(
        session, envelope, event.uscc, f"subsidy {event.rule} {verb} on loan {event.loan_id}: {event.amount:.2f} yuan"
    )


async def _record(session: AsyncSession, envelope: Envelope, uscc: str, summary: str) -> None:
    # An event about an enterprise the registry does not know cannot be placed: fail, so that it is
    # retried and then dead-lettered for re-drive once the enterprise is registered.
    if not await repository.uscc_exists(session, uscc):
        raise errors.EnterpriseNotFound(f"history event {envelope.event_id} names unknown enterprise {uscc}")
    await record_history(session, envelope=envelope, uscc=uscc, summary=summary)


def build_handlers(consumer: str = SERVICE_NAME) -> EventHandlers:
    """`consumer` names the consumer group and the inbox; tests give their own to stay apart."""
    handlers = {event_type: _award_event for event_type in award_events.AWARD_EVENT_TYPES}
    handlers.update({event_type: _subsidy_event for event_type in finance_events.SUBSIDY_EVENT_TYPES})
    return EventHandlers(consumer, handlers)
