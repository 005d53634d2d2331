"""The public Open311 GeoReport v2 view (no key, no personal data), departments and routing as data,
and the read models of other services' events (enterprises, overdue payables linked to arrears)."""

from __future__ import annotations

import json
import uuid
from datetime import date
from decimal import Decimal

from zjtx.common.clock import CHINA
from zjtx.common.events import payments as payment_events
from zjtx.common.messaging.envelope import make_envelope
from zjtx.common.testing.readers import audit_records
from zjtx.common.testing.registry_events import apply, make_uscc

from .flows import NOW, moved, new_ticket

ROUTES = {
    "arrears": "GXJ",
    "finance": "CZJ",
    "awards_policy": "GXJ",
    "inspection": "SCJGJ",
    "permits": "ZWFWJ",
    "other": "GXJ",
}


async def test_open311_services_are_the_categories(client):
    response = await client.get("/open311/v2/services.json")  # no key
    assert response.status_code == 200
    services = response.json()
    assert [s["service_code"] for s in services] == list(ROUTES)
    assert services[0] == {
        "service_code": "arrears",
        "service_name": "拖欠中小企业账款",
        "description": services[0]["description"],
        "metadata": False,
        "type": "realtime",
        "keywords": "arrears",
        "group": "12345企业服务专席",
    }


async def test_open311_requests_show_no_personal_data(client, keys):
    ticket = await new_ticket(
        client, keys, 1, uscc=make_uscc(77), title="来电人13812341234反映拖欠款", content="王小明说：合同HT-1未付"
    )
    await moved(client, keys, ticket["id"], "acknowledge")
    closed = await new_ticket(client, keys, 2, category="finance")
    await moved(client, keys, closed["id"], "withdraw", {"reason": "撤回"}, as_="czj")

    response = await client.get("/open311/v2/requests.json")
    assert response.status_code == 200
    shown = {r["service_request_id"]: r for r in response.json()}
    assert set(shown) == {ticket["external_id"], closed["external_id"]}
    request = shown[ticket["external_id"]]
    assert request == {
        "service_request_id": "12345-QY-20250901-000001",
        "status": "open",
        "status_notes": "呼和浩特市工业和信息化局已签收，正在办理",
        "service_name": "其他",
        "service_code": "other",
        "description": "来电人***********反映拖欠款",
        "agency_responsible": "呼和浩特市工业和信息化局",
        "service_notice": None,
        "requested_datetime": "2025-09-01T09:00:00+08:00",
        "updated_datetime": "2025-09-01T10:00:00+08:00",
        "expected_datetime": "2025-09-09T00:00:00+08:00",  # the reply deadline
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }
    text = json.dumps(response.json(), ensure_ascii=False)
    for personal in ("13812341234", "王", "示例企业", make_uscc(77), "HT-1"):
        assert personal not in text
    assert (shown[closed["external_id"]]["status"], shown[closed["external_id"]]["expected_datetime"]) == (
        "closed",
        None,
    )

    one = await client.get(f"/open311/v2/requests/{ticket['external_id']}.json")
    assert one.json() == [request]
    open_only = await client.get("/open311/v2/requests.json", params={"status": "open"})
    assert [r["service_request_id"] for r in open_only.json()] == [ticket["external_id"]]
    by_code = await client.get("/open311/v2/requests.json", params={"service_code": "finance,arrears"})
    assert [r["service_request_id"] for r in by_code.json()] == [closed["external_id"]]
    earlier = await client.get(
        "/open311/v2/requests.json",
        params={"start_date": "2025-08-01T00:00:00+08:00", "end_date": "2025-08-31T23:59:59+08:00"},
    )
    assert earlier.json() == []


async def test_open311_errors_are_in_the_specs_format(client):
    missing = await client.get("/open311/v2/requests/12345-NOPE.json")
    assert (missing.status_code, missing.json()) == (
        404,
        [{"code": 404, "description": "no service request 12345-NOPE"}],
    )
    for params in ({"start_date": "last week"}, {"status": "pending"}, {"service_code": "weather"}):
        bad = await client.get("/open311/v2/requests.json", params=params)
        assert bad.status_code == 400, params
        assert bad.json()[0]["code"] == 400
    backwards = await client.get(
        "/open311/v2/requests.json", params={"start_date": "2025-09-02T00:00:00Z", "end_date": "2025-09-01T00:00:00Z"}
    )
    assert backwards.status_code == 400


async def test_departments_and_routing_are_data_changed_by_admin_and_audited(client, keys, sessions):
    listed = (await client.get("/v1/departments", headers=keys.headers("reader"))).json()
    assert ([d["code"] for d in listed["items"]], listed["next_cursor"]) == (
        ["CZJ", "GXJ", "SCJGJ", "SWJ", "ZWFWJ"],
        None,
    )
    first = (await client.get("/v1/departments", params={"limit": 3}, headers=keys.headers("reader"))).json()
    rest = await client.get(
        "/v1/departments", params={"limit": 3, "cursor": first["next_cursor"]}, headers=keys.headers("reader")
    )
    assert [d["code"] for d in first["items"] + rest.json()["items"]] == ["CZJ", "GXJ", "SCJGJ", "SWJ", "ZWFWJ"]
    routing = await client.get("/v1/routing", headers=keys.headers("reader"))
    assert {r["category"]: r["department"] for r in routing.json()["routes"]} == ROUTES

    added = await client.post(
        "/v1/departments", json={"code": "RSJ", "name": "呼和浩特市人力资源和社会保障局"}, headers=keys.headers("admin")
    )
    assert added.status_code == 201, added.text
    again = await client.post("/v1/departments", json={"code": "RSJ", "name": "重复"}, headers=keys.headers("admin"))
    assert (again.status_code, again.json()["code"]) == (409, "department_exists")
    bad_code = await client.post("/v1/departments", json={"code": "rsj", "name": "x"}, headers=keys.headers("admin"))
    assert bad_code.status_code == 422
    by_handler = await client.post("/v1/departments", json={"code": "FGW", "name": "x"}, headers=keys.headers("gxj"))
    assert by_handler.status_code == 403

    changed = await client.put("/v1/routing", json={"routes": ROUTES | {"other": "RSJ"}}, headers=keys.headers("admin"))
    assert changed.status_code == 200, changed.text
    assert {r["category"]: r["department_name"] for r in changed.json()["routes"]}[
        "other"
    ] == "呼和浩特市人力资源和社会保障局"
    ticket = await new_ticket(client, keys, 3)
    assert ticket["department"] == "RSJ"

    partial = await client.put("/v1/routing", json={"routes": {"other": "GXJ"}}, headers=keys.headers("admin"))
    assert (partial.status_code, partial.json()["code"]) == (422, "routing_incomplete")
    unknown_category = await client.put(
        "/v1/routing", json={"routes": ROUTES | {"weather": "GXJ"}}, headers=keys.headers("admin")
    )
    assert (unknown_category.status_code, unknown_category.json()["code"]) == (422, "category_unknown")
    unknown_department = await client.put(
        "/v1/routing", json={"routes": ROUTES | {"other": "XYZ"}}, headers=keys.headers("admin")
    )
    assert (unknown_department.status_code, unknown_department.json()["code"]) == (422, "department_unknown")
    still = await client.get("/v1/routing", headers=keys.headers("reader"))
    assert {r["category"]: r["department"] for r in still.json()["routes"]}["other"] == "RSJ"  # nothing half-done
    [record] = await audit_records(sessions, action="routing.replace")
    assert (record.before["other"], record.after["other"]) == ("GXJ", "RSJ")


def overdue(payable_id: uuid.UUID, *, contract_no: str, outstanding: str, buyer: str = "HS-JYJ-001", seller: str):
    return make_envelope(
        payment_events.PAYABLE_BECAME_OVERDUE,
        key=contract_no,
        payload=payment_events.PayableOverdue(
            payable_id=payable_id,
            contract_no=contract_no,
            buyer_code=buyer,
            seller_uscc=seller,
            amount=Decimal("120000.00"),
            outstanding=Decimal(outstanding),
            due_on=date(2025, 7, 31),
            regulation_version="2025",
        ),
        producer="payments-watch",
        occurred_at=NOW.astimezone(CHINA),
    )


async def test_an_arrears_ticket_shows_the_overdue_payables_payments_watch_reported(client, keys, sessions, handlers):
    seller = make_uscc(88)
    by_contract = await new_ticket(client, keys, 4, category="arrears", uscc=seller, contract_no="HT-2025-0042")
    by_buyer = await new_ticket(client, keys, 5, category="arrears", uscc=seller, buyer_code="HS-JYJ-001")
    first, other = uuid.uuid4(), uuid.uuid4()
    # Reported after the tickets were taken: the order of arrival does not matter.
    await apply(
        sessions,
        handlers,
        overdue(first, contract_no="HT-2025-0042", outstanding="120000.00", seller=seller),
        overdue(other, contract_no="HT-2025-0077", outstanding="30000.00", seller=seller),
    )
    shown = (await client.get(f"/v1/tickets/{by_contract['id']}", headers=keys.headers("gxj"))).json()
    assert [(p["contract_no"], p["outstanding"]) for p in shown["overdue_payables"]] == [("HT-2025-0042", "120000.00")]
    shown = (await client.get(f"/v1/tickets/{by_buyer['id']}", headers=keys.headers("gxj"))).json()
    assert sorted(p["contract_no"] for p in shown["overdue_payables"]) == ["HT-2025-0042", "HT-2025-0077"]

    paid = make_envelope(
        payment_events.PAYABLE_PAID,
        key="HT-2025-0042",
        payload=payment_events.PayablePaid(
            payable_id=first,
            contract_no="HT-2025-0042",
            buyer_code="HS-JYJ-001",
            seller_uscc=seller,
            amount_paid=Decimal("100000.00"),
            paid_on=date(2025, 8, 20),
            outstanding=Decimal("20000.00"),
            days_late=20,
        ),
        producer="payments-watch",
        occurred_at=NOW,
    )
    await apply(sessions, handlers, paid)
    shown = (await client.get(f"/v1/tickets/{by_contract['id']}", headers=keys.headers("gxj"))).json()
    assert shown["overdue_payables"][0]["outstanding"] == "20000.00"
