"""The event bus: envelope, outbox, relay, inbox, consumer runner, dead letters (DESIGN: "The event bus")."""

from zjtx.common.messaging.envelope import Envelope
from zjtx.common.messaging.outbox import add_event

__all__ = ["Envelope", "add_event"]
