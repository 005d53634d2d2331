"""Moves into Hohhot (A1.3) and yearly scale reports (A4.1) through the API."""

from __future__ import annotations

from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.web.audit import AuditRecord
from zjtx.registry.enterprise.models import Relocation, ScaleReport

from .factories import audits, count_rows, events, register

RELOCATION_TABLES = (Relocation, OutboxRow, AuditRecord)
SCALE_TABLES = (ScaleReport, OutboxRow, AuditRecord)


async def test_relocation_in_publishes_for_a1_3(client, keys, sessions):
    uscc = await register(client, keys, 201, district_code="150172")
    move = {"moved_in_on": "2024-04-01", "moved_from": "北京市海淀区", "moved_from_division_code": "110108"}
    response = await client.post(f"/v1/enterprises/{uscc}/relocations", json=move, headers=keys.headers("writer"))
    assert response.status_code == 201, response.text
    assert response.json() | {"id": None} == {"id": None, "uscc": uscc, **move}
    [event] = await events(sessions, "registry.enterprise.relocated_in")
    assert event["key"] == uscc
    assert event["payload"] == {**move, "uscc": uscc, "district_code": "150172"}
    [audit] = await audits(sessions, "enterprise.relocate_in")
    assert (audit.actor, audit.entity_id, audit.after) == ("writer", uscc, move)


async def test_relocation_from_within_hohhot_is_refused(client, keys, sessions):
    uscc = await register(client, keys, 202)
    before = await count_rows(sessions, *RELOCATION_TABLES)
    for code in ("150102", "150172", "150125"):  # 新城区, the development zone, 武川县: all start 1501
        response = await client.post(
            f"/v1/enterprises/{uscc}/relocations",
            headers=keys.headers("writer"),
            json={"moved_in_on": "2024-04-01", "moved_from": "呼和浩特市", "moved_from_division_code": code},
        )
        assert (response.status_code, response.json()["code"]) == (422, "relocation_within_city"), code
    # 1502 is 包头市: another city of the region, so a move in from outside
    baotou = await client.post(
        f"/v1/enterprises/{uscc}/relocations",
        headers=keys.headers("writer"),
        json={"moved_in_on": "2024-04-01", "moved_from": "包头市昆都仑区", "moved_from_division_code": "150203"},
    )
    assert baotou.status_code == 201
    assert await count_rows(sessions, *RELOCATION_TABLES) == (before[0] + 1, before[1] + 1, before[2] + 1)


async def test_malformed_division_code_is_refused(client, keys, sessions):
    uscc = await register(client, keys, 203)
    before = await count_rows(sessions, *RELOCATION_TABLES)
    response = await client.post(
        f"/v1/enterprises/{uscc}/relocations",
        headers=keys.headers("writer"),
        json={"moved_in_on": "2024-04-01", "moved_from": "北京", "moved_from_division_code": "1101"},
    )
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "moved_from_division_code")
    assert await count_rows(sessions, *RELOCATION_TABLES) == before


async def _report(client, keys, uscc: str, year: int, revenue: str):
    return await client.post(
        f"/v1/enterprises/{uscc}/scale-reports",
        headers=keys.headers("writer"),
        json={"year": year, "main_business_revenue": revenue},
    )


async def test_exactly_twenty_million_is_above_scale(client, keys, sessions):
    uscc = await register(client, keys, 204)
    # A4.1: 规模以上 = main-business revenue ≥ 20,000,000 (以上 includes the figure).
    at = await _report(client, keys, uscc, 2023, "20000000.00")
    below = await _report(client, keys, uscc, 2022, "19999999.99")  # one fen below
    assert at.status_code == below.status_code == 201
    assert at.json()["explanation"]["formula"] == ["20,000,000.00 ≥ 20,000,000.00: above scale"]
    assert {k: v for k, v in at.json().items() if k != "explanation"} == {
        "uscc": uscc,
        "year": 2023,
        "main_business_revenue": "20000000.00",
        "threshold": "20000000.00",
        "qualified_by_licence": None,
        "above_scale": True,
        "rule": "A4.1",
    }
    assert below.json()["above_scale"] is False
    payloads = [e["payload"] for e in await events(sessions, "registry.enterprise.scale_reported")]
    assert [(p["year"], p["main_business_revenue"], p["above_scale"]) for p in payloads] == [
        (2023, "20000000.00", True),
        (2022, "19999999.99", False),
    ]
    assert payloads[0]["threshold"] == "20000000.00" and payloads[0]["sector"] == "industry"
    assert {a.actor for a in await audits(sessions, "enterprise.report_scale")} == {"writer"}


async def test_duplicate_and_unfinished_years_are_refused(client, keys, sessions):
    uscc = await register(client, keys, 205)
    assert (await _report(client, keys, uscc, 2024, "25000000.00")).status_code == 201
    before = await count_rows(sessions, *SCALE_TABLES)
    again = await _report(client, keys, uscc, 2024, "26000000.00")
    assert (again.status_code, again.json()["code"]) == (409, "scale_report_exists")
    # today is 2025-09-01: 2025 has not ended, 2026 even less
    for year in (2025, 2026):
        future = await _report(client, keys, uscc, year, "25000000.00")
        assert (future.status_code, future.json()["code"]) == (422, "year_in_future"), year
    bad_amount = await _report(client, keys, uscc, 2023, "25000000.001")
    assert (bad_amount.status_code, bad_amount.json()["code"]) == (422, "validation_failed")
    assert await count_rows(sessions, *SCALE_TABLES) == before


async def test_construction_is_above_scale_by_licence(client, keys, sessions):
    uscc = await register(client, keys, 206, sector="construction", total_assets="52000000.00")
    before = await count_rows(sessions, *SCALE_TABLES)
    unsaid = await _report(client, keys, uscc, 2024, "900000000.00")
    assert (unsaid.status_code, unsaid.json()["code"]) == (422, "licence_required")
    assert await count_rows(sessions, *SCALE_TABLES) == before
    licensed = await client.post(
        f"/v1/enterprises/{uscc}/scale-reports",
        headers=keys.headers("writer"),
        json={"year": 2024, "main_business_revenue": "1000.00", "qualified_by_licence": True},
    )
    assert licensed.status_code == 201, licensed.text
    assert (licensed.json()["above_scale"], licensed.json()["threshold"]) == (True, None)
    [event] = await events(sessions, "registry.enterprise.scale_reported")
    assert (event["event_version"], event["payload"]["qualified_by_licence"]) == (2, True)


async def test_a_licence_is_not_a_measure_of_industry(client, keys):
    uscc = await register(client, keys, 207)
    response = await client.post(
        f"/v1/enterprises/{uscc}/scale-reports",
        headers=keys.headers("writer"),
        json={"year": 2024, "main_business_revenue": "1000.00", "qualified_by_licence": True},
    )
    assert (response.status_code, response.json()["code"]) == (422, "licence_not_applicable")
