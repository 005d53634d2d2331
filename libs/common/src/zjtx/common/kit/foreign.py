"""A foreign topic as a service declares it (ServiceDefinition.foreign_topics): the topic another system
writes in its own format, the name of its consumer (group, inbox, dead letters), the reader of its raw
messages and the use case that applies one. The kit's runtime consumes the topic; the service's other
entry points for the same messages (a signed webhook) call `receive`, so that a message is applied once
whichever way it comes, deduplicated by the sender's own id (zjtx.common.messaging.foreign)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from zjtx.common.kit.context import Context
from zjtx.common.messaging.foreign import ForeignMessage, claim
from zjtx.common.web.audit import Actor


@dataclass(frozen=True)
class ForeignTopic:
    topic: str  # e.g. "bank.loan-events"
    consumer: str  # its consumer group, inbox and dead letters' consumer: "<service>.<what>"
    read: Callable[[bytes], ForeignMessage]  # raises ValueError (or an AppError) for what no retry can read
    handle: Callable[[Context, ForeignMessage], Awaitable[None]]  # flushes, never commits

    async def receive(self, ctx: Context, message: ForeignMessage) -> bool:
        """Apply a message once, in the context's transaction: False when it was applied before, by
        any route. A concurrent second delivery waits for the first's transaction, then gets False."""
        if not await claim(ctx.session, self.consumer, message):
            return False
        await self.handle(ctx, message)
        return True


def message_actor(topic: str, message: ForeignMessage) -> Actor:
    """Who acts when a message read from a topic is applied: the sender on that topic, and the message."""
    return Actor(f"{topic}:{message.source}", message.message_id)
