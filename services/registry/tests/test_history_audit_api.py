"""An enterprise's history (its own events in order, paged by cursor) and the audit trail of every
state change, naming the client that made it."""

from __future__ import annotations

from datetime import timedelta

from zjtx.common.web.paging import encode_cursor

from .factories import audits, enterprise_body, grant, register


async def test_history_lists_events_in_order_and_pages(client, keys, clock):
    # Each step a minute later (the app's clock is the test's), so the order is the order of events.
    def tick() -> None:
        clock.at = clock.at + timedelta(minutes=1)

    uscc = await register(client, keys, 501)
    tick()
    granted = await grant(client, keys, uscc, recognized_on="2024-06-18")
    tick()
    await client.post(
        f"/v1/enterprises/{uscc}/relocations",
        headers=keys.headers("writer"),
        json={"moved_in_on": "2024-04-01", "moved_from": "北京市海淀区", "moved_from_division_code": "110108"},
    )
    tick()
    await client.post(
        f"/v1/enterprises/{uscc}/scale-reports",
        headers=keys.headers("writer"),
        json={"year": 2024, "main_business_revenue": "21000000.00"},
    )
    tick()
    await client.post(
        f"/v1/enterprises/{uscc}/recognitions/{granted['id']}/revoke",
        headers=keys.headers("writer"),
        json={"revoked_on": "2025-08-01", "reason": "不再符合条件"},
    )
    pages, cursor = [], None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        response = await client.get(f"/v1/enterprises/{uscc}/history", params=params, headers=keys.headers("reader"))
        assert response.status_code == 200, response.text
        pages.append([item["event_type"].split(".", 1)[1] for item in response.json()["items"]])
        cursor = response.json()["next_cursor"]
        if cursor is None:
            break
    assert pages == [
        ["enterprise.registered", "recognition.granted"],
        ["enterprise.relocated_in", "enterprise.scale_reported"],
        ["recognition.revoked"],
    ]
    first = (await client.get(f"/v1/enterprises/{uscc}/history", headers=keys.headers("reader"))).json()["items"]
    assert [item["summary"] for item in first] == [
        "registered as 呼和浩特示例企业501 (small)",
        "recognised municipal_zjtx (呼工信发〔2024〕37号)",
        "moved in from 北京市海淀区 on 2024-04-01",
        "2024: above scale",
        "municipal_zjtx revoked on 2025-08-01: 不再符合条件",
    ]
    assert {item["producer"] for item in first} == {"registry"}
    assert first[1]["payload"]["recognition_id"] == granted["id"]


async def test_history_of_one_enterprise_only(client, keys):
    mine, other = await register(client, keys, 502), await register(client, keys, 503)
    await grant(client, keys, other)
    items = (await client.get(f"/v1/enterprises/{mine}/history", headers=keys.headers("reader"))).json()["items"]
    assert [item["event_type"] for item in items] == ["registry.enterprise.registered"]


async def test_tampered_history_cursor_is_400(client, keys):
    uscc = await register(client, keys, 504)
    for values in (["yesterday", "x"], ["2025-09-01T10:00:00+08:00"], [1, 2]):
        response = await client.get(
            f"/v1/enterprises/{uscc}/history", params={"cursor": encode_cursor(values)}, headers=keys.headers("reader")
        )
        assert (response.status_code, response.json()["code"]) == (400, "cursor_invalid"), values
    pools = await client.get(
        "/v1/pools/scale_up/members", params={"cursor": encode_cursor(["not-an-id"])}, headers=keys.headers("reader")
    )
    assert (pools.status_code, pools.json()["code"]) == (400, "cursor_invalid")


async def test_every_state_change_is_audited_with_its_actor(client, keys, sessions):
    writer = keys.headers("writer")
    park = (
        await client.post("/v1/parks", json={"name": "赛罕区园区", "district_code": "150105"}, headers=writer)
    ).json()
    uscc = await register(client, keys, 505, park_id=park["id"])
    granted = await grant(client, keys, uscc)
    calls = [
        ("PATCH", f"/v1/enterprises/{uscc}", {"employees": 130}),
        (
            "POST",
            f"/v1/enterprises/{uscc}/recognitions/{granted['id']}/revoke",
            {"revoked_on": "2025-01-01", "reason": "撤销"},
        ),
        (
            "POST",
            f"/v1/enterprises/{uscc}/relocations",
            {"moved_in_on": "2024-04-01", "moved_from": "北京", "moved_from_division_code": "110101"},
        ),
        ("POST", f"/v1/enterprises/{uscc}/scale-reports", {"year": 2024, "main_business_revenue": "1.00"}),
        ("POST", "/v1/pools/scale_up/members", {"uscc": uscc, "joined_on": "2025-01-01"}),
        ("DELETE", f"/v1/pools/scale_up/members/{uscc}", None),
        ("POST", f"/v1/enterprises/{uscc}/service-records", {"kind": "tracking_visit", "occurred_on": "2025-02-01"}),
        (
            "POST",
            f"/v1/enterprises/{uscc}/inspections",
            {"inspection_type": "消防", "department": "市消防救援支队", "ended_on": "2025-02-01"},
        ),
    ]
    for method, path, body in calls:
        response = await client.request(method, path, json=body, headers=writer)
        assert response.status_code in (200, 201), (path, response.text)
    actions = [
        "park.create",
        "enterprise.register",
        "recognition.grant",
        "enterprise.update",
        "recognition.revoke",
        "enterprise.relocate_in",
        "enterprise.report_scale",
        "pool.join",
        "pool.leave",
        "service_record.create",
        "inspection.create",
    ]
    for action in actions:
        records = await audits(sessions, action)
        assert [r.actor for r in records] == ["writer"], action
        assert records[0].request_id, action


async def test_the_audit_record_keeps_our_request_id_and_the_callers_apart(client, keys, sessions):
    response = await client.post(
        "/v1/enterprises", json=enterprise_body(520), headers={**keys.headers("writer"), "X-Request-ID": "platform-7"}
    )
    assert response.status_code == 201, response.text
    [record] = await audits(sessions, "enterprise.register")
    assert record.request_id == response.headers["x-request-id"] != "platform-7"
    assert record.client_request_id == "platform-7"
