"""A paid award whose recognition is then revoked: the A1.1 200,000.00 of a municipal 专精特新 of 赛罕区
recognised 2024-06-18, reviewed, approved and paid through the API; the revocation an event of the
registry's. Shared by the intake and recovery tests."""

from __future__ import annotations

import uuid
from datetime import date

from zjtx.common.messaging.envelope import Envelope
from zjtx.common.testing.registry_events import apply, make_uscc, recognition, registered

from . import stored

RECOGNIZED_ON = date(2024, 6, 18)


async def paid_a1_1(sessions, handlers, client, keys, serial: int, *, reference: str) -> tuple[str, uuid.UUID, str]:
    """(uscc, recognition id, award id) of an A1.1 award paid 2025-09-01 under the payment `reference`."""
    uscc, recognition_id = make_uscc(serial), uuid.uuid4()
    granted = recognition(uscc, "municipal_zjtx", RECOGNIZED_ON, recognition_id=recognition_id)
    await apply(sessions, handlers, registered(uscc), granted)
    [award] = await stored.awards(sessions, uscc=uscc)
    for step, who, body in (
        ("review", "reviewer", None),
        ("approve", "approver", None),
        ("disburse", "treasury", {"payment_reference": reference, "paid_on": "2025-09-01"}),
    ):
        response = await client.post(f"/v1/awards/{award.id}/{step}", headers=keys.headers(who), json=body)
        assert response.status_code == 200, response.text
    return uscc, recognition_id, str(award.id)


def revocation(uscc: str, recognition_id: uuid.UUID, revoked_on: date) -> Envelope:
    """The registry's event: the recognition revoked from `revoked_on` (for fraud, 造假)."""
    return recognition(
        uscc,
        "municipal_zjtx",
        RECOGNIZED_ON,
        verb="revoked",
        status="revoked",
        recognition_id=recognition_id,
        revoked_on=revoked_on,
    )
