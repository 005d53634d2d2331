"""A claim's decision goes to the enterprise's file (一企一档): `awards.claim.filed` when it is filed,
accepted or rejected, and `awards.claim.redecided` when a later fact changes that decision, each through
the outbox with the client that filed it. Clock fixed at 2025-09-01; real PostgreSQL."""

from __future__ import annotations

from datetime import date

from zjtx.common.events import awards as events
from zjtx.common.events import registry as ev
from zjtx.common.testing.readers import outbox_events
from zjtx.common.testing.registry_events import apply, registered

from .claiming import claim, enterprise, supply


async def test_a_claim_filed_and_then_redecided_is_published_each_time(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 1701)
    accepted = await claim(client, keys, supply(uscc))

    (filed,) = await outbox_events(sessions, events.CLAIM_FILED)
    assert filed["key"] == uscc
    assert filed["actor"] == "platform"  # the client whose request filed it
    assert filed["payload"] == {
        "claim_id": accepted["id"],
        "uscc": uscc,
        "rule": "A2.1",
        "status": "accepted",
        "decided_on": "2025-09-01",
        "filed_by": "platform",
        "reason": None,
        "reason_code": None,
        "award_id": accepted["award_id"],
        "reason_zh": None,
        "reason_code_name": None,
    }

    # The registry learns late that the enterprise was large from 2024-01-01: not an SME on 2024-12-31,
    # the claim's reference date, so the A2.1 claim no longer holds.
    large = registered(uscc, contract=ev.ENTERPRISE_UPDATED_V2, size_class="large", effective_on=date(2024, 1, 1))
    await apply(sessions, handlers, large)

    (redecided,) = await outbox_events(sessions, events.CLAIM_REDECIDED)
    payload = redecided["payload"]
    assert (payload["claim_id"], payload["status"], payload["reason_code"]) == (accepted["id"], "rejected", "not_sme")
    assert payload["reason_code_name"] == "非中小企业"
    assert payload["filed_by"] == "platform"
    assert redecided["actor"] is None  # decided again by the service itself, on the registry's event


async def test_a_rejected_claim_is_published_with_its_reason(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 1702)
    rejected = await claim(client, keys, supply(uscc, "4000000.00", "5000000.00"))
    (filed,) = await outbox_events(sessions, events.CLAIM_FILED)
    assert (filed["payload"]["status"], filed["payload"]["reason"]) == (
        "rejected",
        "no new supply amount over the year before",
    )
    assert filed["payload"]["claim_id"] == rejected["id"]
    assert await outbox_events(sessions, events.CLAIM_REDECIDED) == []
