"""Events for the event-bus tests: awards' events as the registry receives them, and a numbered
event to check per-key order (the broker helpers are the kit's: zjtx.common.testing.broker)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel

from zjtx.common.clock import CHINA
from zjtx.common.events import contract
from zjtx.common.events.awards import AWARD_EVENTS, AwardEvent
from zjtx.common.messaging.envelope import Envelope, make_envelope


class Numbered(BaseModel):
    """A test event that says its place in a sequence, to check per-key order."""

    key: str
    seq: int = 0


NUMBERED = contract("bustest.sequence.numbered", 1, Numbered)


def award_event(uscc: str, *, amount: str = "200000.00", verb: str = "computed") -> Envelope:
    payload = AwardEvent(
        award_id=uuid.uuid4(),
        uscc=uscc,
        rule="A1.1",
        amount=Decimal(amount),
        status=verb,
        reference_date=date(2025, 6, 18),
    )
    return make_envelope(
        AWARD_EVENTS[verb], key=uscc, payload=payload, producer="awards", occurred_at=datetime.now(CHINA)
    )
