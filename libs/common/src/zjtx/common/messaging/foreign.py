"""Messages of other systems: a topic another system writes in its own format (a bank's loan events on
`bank.loan-events`), not in our envelope. Such a message is read by the service's own reader and
applied by the same handler as its other entry points (a signed webhook), with what the inbox gives
our own events: each message applied once, whichever way it came, deduplicated by the sender's own id.

Nothing here knows the Kafka client or the web framework: use cases import it (the webhook's claim);
the consumer that runs a foreign topic is zjtx.common.messaging.foreign_consumer."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Text, Uuid, bindparam, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.common import tracing
from zjtx.common.db import unnest_rows
from zjtx.common.errors import AppError
from zjtx.common.messaging.tables import InboxRow

# Ids of foreign messages in the inbox (whose event ids are UUIDs): a name-based UUID of the inbox,
# the sender and the sender's own id, the same whichever entry point computes it.
FOREIGN_NAMESPACE = uuid.UUID("6f1d2c1e-3b0a-5f4e-9c8d-7a6b5c4d3e2f")


class UnreadableMessage(ValueError):
    """A foreign message no retry can read: not the sender's format, or a value its format forbids. It is
    dead-lettered at once, with this reason."""


@dataclass(frozen=True)
class ForeignMessage:
    """A message of another system, as the service's reader made it from the raw bytes."""

    source: str  # who sent it (a bank's code): the sender's ids are unique within it
    message_id: str  # the sender's own id of the message, the same on every redelivery or other route
    message_type: str  # the sender's name of its type (for the inbox and the dead letters)
    body: Any  # the checked message, as the handler takes it

    def inbox_id(self, inbox: str) -> uuid.UUID:
        return uuid.uuid5(FOREIGN_NAMESPACE, f"{inbox}\x1f{self.source}\x1f{self.message_id}")


def is_poison(exc: BaseException) -> bool:
    """A failure no retry can cure: the message is unreadable, or the handler refused it as an expected
    error of the sender's (an AppError below 500: an unknown bank, a period outside its loan)."""
    return isinstance(exc, ValueError) or (isinstance(exc, AppError) and exc.status < 500)


Apply = Callable[[AsyncSession, ForeignMessage], Awaitable[None]]


class ForeignHandlers:
    """One foreign topic as a consumer runs it: the name that is its consumer group, its inbox and its
    dead letters' consumer; the reader of its raw messages; the effect, applied once per message."""

    def __init__(self, *, consumer: str, topic: str, read: Callable[[bytes], ForeignMessage], apply: Apply) -> None:
        self.consumer = consumer
        self.topic = topic
        self.read = read
        self._apply = apply

    @property
    def topics(self) -> list[str]:
        return [self.topic]

    async def apply(self, session: AsyncSession, message: ForeignMessage) -> bool:
        """Apply the message once: False when it was applied before (by this route or another)."""
        if not await claim(session, self.consumer, message):
            return False
        await self.apply_claimed(session, message)
        return True

    async def claim_many(self, session: AsyncSession, messages: list[ForeignMessage]) -> set[uuid.UUID]:
        """Record a batch's messages in the inbox in one statement; the inbox ids of those new."""
        return await claim_many(session, self.consumer, messages)

    async def apply_claimed(self, session: AsyncSession, message: ForeignMessage) -> None:
        """Apply a message this transaction has claimed (claim_many). It starts a chain of its own: what
        it writes is correlated to the sender's message (an id derived from the sender's own, the same
        whichever route it came), with no causation id (it is not one of our events)."""
        with tracing.acting(
            f"process {self.topic}",
            uuid.uuid5(FOREIGN_NAMESPACE, f"{message.source}\x1f{message.message_id}"),
            **{"messaging.destination.name": self.topic, "messaging.consumer.group.name": self.consumer},
        ):
            await self._apply(session, message)

    async def apply_raw(self, session: AsyncSession, raw: str) -> bool:
        """A dead letter's raw message, re-driven: read and applied as if it had just arrived."""
        return await self.apply(session, self.read(raw.encode()))


async def claim(session: AsyncSession, inbox: str, message: ForeignMessage) -> bool:
    """Record the message in the inbox `inbox` in the session's transaction: True the first time, False
    for a message recorded before. A second transaction claiming the same message waits for the first
    to end, then gets False if it committed."""
    values = {
        "inbox_consumer": inbox,
        "inbox_event_id": message.inbox_id(inbox),
        "inbox_event_type": message.message_type[:200],
    }
    return (await session.execute(CLAIM, values)).first() is not None


async def claim_many(session: AsyncSession, inbox: str, messages: list[ForeignMessage]) -> set[uuid.UUID]:
    """Record the messages in the inbox `inbox`, in one statement; the inbox ids of those not recorded before."""
    if not messages:
        return set()
    ids = [message.inbox_id(inbox) for message in messages]
    values = {
        "inbox_rows_consumer": [inbox] * len(messages),
        "inbox_rows_event_id": ids,
        "inbox_rows_event_type": [message.message_type[:200] for message in messages],
    }
    return set((await session.execute(_CLAIM_MANY, values)).scalars())


_INBOX = InboxRow.__table__
_ROWS = unnest_rows("inbox_rows", {"consumer": Text(), "event_id": Uuid(), "event_type": Text()})
_CLAIM_MANY = (
    insert(_INBOX)
    .from_select(["consumer", "event_id", "event_type"], select(_ROWS.c.consumer, _ROWS.c.event_id, _ROWS.c.event_type))
    .on_conflict_do_nothing()
    .returning(_INBOX.c.event_id)
)
# One message's claim: its event id back when it is new, nothing when claimed before. Public so that a
# service may put it in a statement of its own, as a CTE (finance-subsidy's claim with its loan's terms).
CLAIM = (
    insert(_INBOX)
    .values(
        consumer=bindparam("inbox_consumer", type_=_INBOX.c.consumer.type),
        event_id=bindparam("inbox_event_id", type_=_INBOX.c.event_id.type),
        event_type=bindparam("inbox_event_type", type_=_INBOX.c.event_type.type),
    )
    .on_conflict_do_nothing()
    .returning(_INBOX.c.event_id)
)
