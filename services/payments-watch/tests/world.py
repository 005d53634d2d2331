"""What the payments-watch tests build on: buyers and sellers with valid credit codes, the registry's
size events as the consumer receives them, contracts and their facts through the API, and readers of
what the service wrote. The tests' clock is 2025-09-01 10:00 (Asia/Shanghai)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from zjtx.common.clock import CHINA
from zjtx.common.events import hotline as hotline_events
from zjtx.common.events import registry as registry_events
from zjtx.common.messaging.envelope import Envelope, make_envelope
from zjtx.common.testing.registry_events import apply
from zjtx.common.uscc import check_character

TODAY = date(2025, 9, 1)
KIND_PREFIX = {"organ": "11", "institution": "12", "soe": "91", "large_enterprise": "91"}


def code(serial: int, kind: str = "organ", *, division: str = "150102") -> str:
    """A valid credit code: 11… for a 机关, 12… for a 事业单位, 91… for an enterprise."""
    body = f"{KIND_PREFIX[kind]}{division}{serial:09d}"
    return body + check_character(body)


def seller_code(serial: int) -> str:
    return code(500_000 + serial, "large_enterprise", division="150105")


def size_event(
    uscc: str,
    size_class: str = "small",
    *,
    at: date = date(2019, 5, 8),
    effective_on: date | None = None,
    verb: str = "registered",
    hour: int = 9,
) -> Envelope:
    """registered (or updated) as the registry publishes it, at 09:00 of `at` unless told."""
    contract = registry_events.ENTERPRISE_REGISTERED if verb == "registered" else registry_events.ENTERPRISE_UPDATED
    payload = registry_events.EnterpriseSnapshot(
        uscc=uscc,
        name=f"示例供应商{uscc[-5:]}",
        district_code="150105",
        sector="industry",
        cluster="agri_food",
        employees=1200 if size_class == "large" else 120,
        annual_revenue=Decimal("450000000.00") if size_class == "large" else Decimal("35000000.00"),
        total_assets=None,
        size_class=size_class,
        is_sme=size_class != "large",
        registered_on=date(2019, 5, 8),
        park_id=None,
        changed=[] if verb == "registered" else ["employees"],
        effective_on=effective_on,
    )
    occurred = datetime.combine(at, time(hour, 0), tzinfo=CHINA)
    return make_envelope(contract, key=uscc, payload=payload, producer="registry", occurred_at=occurred)


def ticket_event(
    buyer_code: str | None,
    *,
    received: datetime = datetime(2025, 8, 20, 10, 0, tzinfo=CHINA),
    category: str = "arrears",
    contract_no: str | None = None,
    verb: str = "received",
    ticket_id: uuid.UUID | None = None,
) -> Envelope:
    ticket_id = ticket_id or uuid.uuid4()
    payload = hotline_events.TicketEvent(
        ticket_id=ticket_id,
        external_id=f"12345-{str(ticket_id)[:8]}",
        status=verb,
        category=category,
        department="GXJ",
        uscc=None,
        enterprise_known=False,
        enterprise_name="示例供应商",
        title="货款逾期未付",
        received_at=received,
        buyer_code=buyer_code,
        contract_no=contract_no,
    )
    return make_envelope(
        hotline_events.TICKET_EVENTS[verb],
        key=str(ticket_id),
        payload=payload,
        producer="hotline",
        occurred_at=received,
    )


async def seller(sessions, handlers, serial: int, size_class: str = "small", **event) -> str:
    uscc = seller_code(serial)
    await apply(sessions, handlers, size_event(uscc, size_class, **event))
    return uscc


async def buyer(client, keys, serial: int, kind: str = "organ", **overrides: Any) -> str:
    body = {
        "code": code(serial, kind),
        "name": f"示例单位{serial}",
        "kind": kind,
        "district_code": "150102",
        "supervisor": "呼和浩特市人民政府",
    } | overrides
    response = await client.post("/v1/buyers", json=body, headers=keys.headers("platform"))
    assert response.status_code == 201, response.text
    return response.json()["code"]


async def contract(client, keys, *, buyer_code: str, seller_uscc: str, contract_no: str, **fields: Any) -> dict:
    body = {
        "contract_no": contract_no,
        "buyer_code": buyer_code,
        "seller_uscc": seller_uscc,
        "amount": "100000.00",
        "subject": "goods",
        "signed_on": "2025-07-01",
    } | fields
    response = await client.post("/v1/contracts", json=body, headers=keys.headers("platform"))
    assert response.status_code == 201, response.text
    return response.json()


async def post(client, keys, path: str, body: dict, *, status: int = 201) -> dict:
    response = await client.post(path, json=body, headers=keys.headers("platform"))
    assert response.status_code == status, response.text
    return response.json()


async def read(client, keys, contract_no: str, as_of: str | None = None) -> dict:
    params = {"as_of": as_of} if as_of else {}
    response = await client.get(f"/v1/contracts/{contract_no}", params=params, headers=keys.headers("reader"))
    assert response.status_code == 200, response.text
    return response.json()


__all__ = ["apply"]
