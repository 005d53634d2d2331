"""Signed intake from the 12345 system: a ticket once per external_id (201, then 200 with the same
ticket), routed to its department, given its deadlines, published (`received`, `assigned`) with no
personal data, audited with the contact masked; refused without a change when the signature is wrong or
stale, the category unknown or the body bad. ASGI app, real PostgreSQL rolled back per test."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

from zjtx.common.events import hotline as events
from zjtx.common.testing.readers import audit_records, count_rows, outbox_events
from zjtx.common.testing.registry_events import apply, make_uscc, registered
from zjtx.hotline.deadline.models import TicketDeadline
from zjtx.hotline.ticket.models import Ticket, TimelineEntry

from . import flows
from .flows import NOW, intake, new_ticket, ticket_body


async def _nothing_stored(sessions) -> bool:
    return await count_rows(sessions, Ticket, TimelineEntry, TicketDeadline) == (0, 0, 0)


async def test_a_signed_complaint_becomes_a_routed_ticket_with_its_deadlines(client, keys, sessions):
    response = await intake(client, keys, ticket_body(1, category="finance"))
    assert response.status_code == 201, response.text
    ticket = response.json()
    # Routing seeded by the migration: finance → 财政局 (CZJ).
    assert (ticket["status"], ticket["department"], ticket["department_name"]) == (
        "assigned",
        "CZJ",
        "呼和浩特市财政局",
    )
    assert [(e["seq"], e["verb"], e["status"]) for e in ticket["timeline"]] == [
        (1, "received", "received"),
        (2, "assigned", "assigned"),
    ]
    # Received Monday 2025-09-01 09:00: acknowledge by 24:00 of Tue 09-02; reply by 24:00 of the 5th
    # working day, Mon 09-08 (09-02, 03, 04, 05, 08); no return visit before a reply.
    assert ticket["deadlines"] == {
        "acknowledge": "2025-09-03T00:00:00+08:00",
        "reply": "2025-09-09T00:00:00+08:00",
        "return_visit": None,
    }
    assert ticket["contact"] == {"name": "王**", "phone": "138****1234", "masked": True}
    assert ticket["enterprise"]["match"] == "none"

    received, assigned = await outbox_events(sessions)
    assert (received["event_type"], assigned["event_type"]) == (
        events.TICKET_RECEIVED.event_type,
        "hotline.ticket.assigned",
    )
    assert received["key"] == ticket["id"]
    assert (received["payload"]["status"], received["payload"]["department"]) == ("received", None)
    assert (assigned["payload"]["status"], assigned["payload"]["department"]) == ("assigned", "CZJ")
    for event in (received, assigned):
        text = json.dumps(event, ensure_ascii=False)
        assert "13812341234" not in text and "王小明" not in text and "奖励何时兑现" not in text
    records = {r.action: r for r in await audit_records(sessions, entity_id=ticket["id"])}
    assert set(records) == {"ticket.received", "ticket.assigned"}
    assert records["ticket.received"].before is None
    assert records["ticket.assigned"].before["status"] == "received"
    assert records["ticket.assigned"].after["contact_phone"] == "138****1234"
    assert records["ticket.assigned"].actor == "intake"


async def test_the_same_external_id_answers_200_with_the_same_ticket_and_changes_nothing(client, keys, sessions):
    first = await new_ticket(client, keys, 2)
    again = await intake(client, keys, ticket_body(2, title="重复推送"))
    assert again.status_code == 200, again.text
    assert again.json()["id"] == first["id"]
    assert again.json()["title"] == first["title"]  # the first one stands
    assert await count_rows(sessions, Ticket) == (1,)
    assert len(await outbox_events(sessions)) == 2


async def test_two_deliveries_of_one_complaint_at_once_make_one_ticket(app, keys, committed):
    from zjtx.common.kit import create_app
    from zjtx.common.testing.clients import asgi_client

    live = create_app(
        app.state.definition,
        app.state.settings,
        sessions=committed,
        clients=keys.store,
        clock=app.state.clock,
        parameters=app.state.parameters,
    )
    async with asgi_client(live) as http:
        responses = await asyncio.gather(*(intake(http, keys, ticket_body(3)) for _ in range(4)))
    assert sorted(r.status_code for r in responses) == [200, 200, 200, 201]
    assert len({r.json()["id"] for r in responses}) == 1
    assert await count_rows(committed, Ticket) == (1,)
    assert len(await outbox_events(committed)) == 2


async def test_a_wrong_or_stale_signature_is_refused_and_nothing_is_stored(client, keys, sessions):
    body = ticket_body(4)
    wrong = await intake(client, keys, body, secret="not-the-secret")
    assert (wrong.status_code, wrong.json()["code"]) == (401, "signature_invalid")
    stale = await intake(client, keys, body, at=NOW - timedelta(minutes=6))
    assert (stale.status_code, stale.json()["code"]) == (401, "signature_expired")
    raw, headers = flows.signed(body)
    unsigned = await client.post(
        "/v1/tickets", content=raw, headers={**keys.headers("intake"), "Content-Type": "application/json"}
    )
    assert (unsigned.status_code, unsigned.json()["code"]) == (401, "signature_invalid")
    tampered = await client.post(
        "/v1/tickets", content=raw.replace(b"phone", b"web__"), headers={**keys.headers("intake"), **headers}
    )
    assert tampered.status_code == 401
    assert await _nothing_stored(sessions)
    assert await outbox_events(sessions) == []


async def test_only_the_12345_system_may_post(client, keys, sessions):
    raw, headers = flows.signed(ticket_body(5))
    assert (await client.post("/v1/tickets", content=raw, headers=headers)).status_code == 401
    for name in ("gxj", "reader", "admin"):  # admin holds intake too, but has no webhook secret
        response = await client.post("/v1/tickets", content=raw, headers={**keys.headers(name), **headers})
        assert response.status_code in (401, 403), (name, response.text)
    assert await _nothing_stored(sessions)


async def test_bad_bodies_are_refused_with_their_codes_and_nothing_is_stored(client, keys, sessions):
    unknown = await intake(client, keys, ticket_body(6, category="weather"))
    assert (unknown.status_code, unknown.json()["code"]) == (422, "category_unknown")
    assert "arrears" in unknown.json()["detail"]
    missing = await intake(client, keys, {k: v for k, v in ticket_body(6).items() if k != "title"})
    assert (missing.status_code, missing.json()["code"]) == (422, "validation_failed")
    assert missing.json()["errors"][0]["field"] == "title"
    naive = await intake(client, keys, ticket_body(6, received_at="2025-09-01T09:00:00"))
    assert (naive.status_code, naive.json()["code"]) == (422, "validation_failed")
    future = await intake(client, keys, ticket_body(6, received_at="2025-09-02T09:00:00+08:00"))
    assert (future.status_code, future.json()["code"]) == (422, "received_at_in_future")
    phone = await intake(client, keys, ticket_body(6, contact_phone="call me"))
    assert phone.status_code == 422
    malformed = await intake(client, keys, b'{"external_id": ')
    assert (malformed.status_code, malformed.json()["code"]) == (400, "malformed_json")
    extra = await intake(client, keys, ticket_body(6, priority="high"))
    assert extra.status_code == 422
    assert await _nothing_stored(sessions)


async def test_an_unregistered_or_mistyped_credit_code_is_kept_and_marked(client, keys):
    unregistered = make_uscc(901)
    ticket = await new_ticket(client, keys, 7, uscc=unregistered.lower())
    assert ticket["enterprise"] | {} == {
        "uscc": unregistered,  # normalised
        "uscc_given": None,
        "name": "呼和浩特示例企业7",
        "match": "unregistered",
        "known": False,
        "registered_name": None,
        "district_code": None,
        "district_name": None,
    }
    mistyped = await new_ticket(client, keys, 8, uscc="91150105MA0Q4LJX2")  # 17 characters
    assert (mistyped["enterprise"]["uscc"], mistyped["enterprise"]["uscc_given"]) == (None, "91150105MA0Q4LJX2")
    assert mistyped["enterprise"]["match"] == "invalid_uscc"


async def test_a_registered_enterprise_is_matched_and_a_later_registration_matches_earlier_tickets(
    client, keys, sessions, handlers
):
    known, later = make_uscc(902), make_uscc(903, division="150102")
    await apply(sessions, handlers, registered(known, name="内蒙古登记在册科技有限公司"))
    ticket = await new_ticket(client, keys, 9, uscc=known)
    assert ticket["enterprise"]["match"] == "registered"
    assert ticket["enterprise"]["registered_name"] == "内蒙古登记在册科技有限公司"
    assert (ticket["enterprise"]["district_code"], ticket["enterprise"]["district_name"]) == ("150105", "赛罕区")
    [received, _] = await outbox_events(sessions)
    assert (received["payload"]["uscc"], received["payload"]["enterprise_known"]) == (known, True)

    early = await new_ticket(client, keys, 10, uscc=later)
    assert early["enterprise"]["match"] == "unregistered"
    await apply(sessions, handlers, registered(later, name="后来登记的企业", district_code="150102"))
    shown = await client.get(f"/v1/tickets/{early['id']}", headers=keys.headers("reader"))
    assert shown.json()["enterprise"]["match"] == "registered"
    assert shown.json()["enterprise"]["district_name"] == "新城区"


async def test_an_arrears_complaint_carries_buyer_and_contract_to_its_events(client, keys, sessions):
    ticket = await new_ticket(
        client, keys, 11, category="arrears", uscc=make_uscc(904), buyer_code="HS-JYJ-001", contract_no="HT-2025-0042"
    )
    assert ticket["department"] == "GXJ"
    # The 2025 text: forwarded within 10 working days of Mon 2025-09-01 → Mon 09-15 (09-02..05, 08..12, 15);
    # answered within 30 days: 10-01, a holiday → Thu 10-09.
    assert ticket["deadlines"]["acknowledge"] == "2025-09-16T00:00:00+08:00"
    assert ticket["deadlines"]["reply"] == "2025-10-10T00:00:00+08:00"
    received = (await outbox_events(sessions, events.TICKET_RECEIVED))[0]["payload"]
    assert (received["category"], received["buyer_code"], received["contract_no"]) == (
        "arrears",
        "HS-JYJ-001",
        "HT-2025-0042",
    )
    events.TicketEvent.model_validate(received)  # what payments-watch reads: the contract


async def test_a_category_without_a_route_stays_received_until_someone_assigns_it(client, keys, sessions):
    from sqlalchemy import delete

    from zjtx.hotline.department.models import Route

    async with sessions() as session, session.begin():
        await session.execute(delete(Route).where(Route.category == "other"))
    ticket = await new_ticket(client, keys, 12)
    assert (ticket["status"], ticket["department"]) == ("received", None)
    assert [e["verb"] for e in ticket["timeline"]] == ["received"]
    assigned = await flows.moved(
        client, keys, ticket["id"], "reassign", {"department": "GXJ", "reason": "人工派单"}, as_="admin"
    )
    assert (assigned["status"], assigned["department"]) == ("assigned", "GXJ")


async def test_a_complaint_received_before_the_policy_is_kept_without_deadlines(client, keys):
    # RULES, "Before the policy": recorded like any other, the deadlines refused with their reason, no error.
    ticket = await new_ticket(client, keys, 13, received_at="2021-12-30T10:00:00+08:00")
    assert ticket["status"] == "assigned"
    assert ticket["deadlines"] == {"acknowledge": None, "reply": None, "return_visit": None}
    assert {d["unknown_reason"] for d in ticket["deadline_details"]} == {"before_policy"}
    assert ticket["overdue"] is False
