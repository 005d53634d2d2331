"""Service records (A7, A8, A11, A12) and inspections with their A13 flags, through the API."""

from __future__ import annotations

from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.web.audit import AuditRecord
from zjtx.registry.inspection.models import Inspection
from zjtx.registry.service_record.models import ServiceRecord

from .factories import audits, count_rows, register

RECORD_TABLES = (ServiceRecord, OutboxRow, AuditRecord)
INSPECTION_TABLES = (Inspection, OutboxRow, AuditRecord)


async def _record(client, keys, uscc: str, **body):
    return await client.post(f"/v1/enterprises/{uscc}/service-records", json=body, headers=keys.headers("writer"))


async def _inspect(client, keys, uscc: str, ended_on: str, **extra):
    body = {"inspection_type": "安全生产", "department": "市应急管理局", "ended_on": ended_on} | extra
    return await client.post(f"/v1/enterprises/{uscc}/inspections", json=body, headers=keys.headers("writer"))


async def test_training_and_health_check_are_recorded(client, keys, sessions):
    uscc = await register(client, keys, 601)
    training = await _record(
        client,
        keys,
        uscc,
        kind="training",
        occurred_on="2025-04-12",
        participants=40,
        programme="policy_lecture",
        provider="呼和浩特市中小企业服务中心",
    )
    check = await _record(
        client, keys, uscc, kind="health_check", occurred_on="2025-05-20", report_ref="呼法体检〔2025〕017号"
    )
    assert training.status_code == check.status_code == 201, (training.text, check.text)
    assert (training.json()["participants"], training.json()["programme"]) == (40, "policy_lecture")
    assert check.json()["participants"] == 1  # a health check is one enterprise served
    listed = (await client.get(f"/v1/enterprises/{uscc}/service-records", headers=keys.headers("reader"))).json()[
        "items"
    ]
    assert [r["kind"] for r in listed] == ["training", "health_check"]
    assert [a.actor for a in await audits(sessions, "service_record.create")] == ["writer", "writer"]


async def test_invalid_service_records_write_nothing(client, keys, sessions):
    uscc = await register(client, keys, 602)
    before = await count_rows(sessions, *RECORD_TABLES)
    cases = [
        {"kind": "training", "occurred_on": "2025-04-12", "participants": 40},  # A8: which programme?
        {"kind": "health_check", "occurred_on": "2025-04-12"},  # A12: with its report
        {"kind": "health_check", "occurred_on": "2025-04-12", "report_ref": ""},
        {"kind": "digital_service", "occurred_on": "2025-04-12", "programme": "policy_lecture"},
    ]
    for body in cases:
        response = await _record(client, keys, uscc, **body)
        assert (response.status_code, response.json()["code"]) == (422, "service_record_invalid"), body
    tomorrow = await _record(client, keys, uscc, kind="tracking_visit", occurred_on="2025-09-02")  # not yet given
    assert (tomorrow.status_code, tomorrow.json()["code"]) == (422, "date_in_future")
    zero = await _record(
        client, keys, uscc, kind="training", occurred_on="2025-04-12", participants=0, programme="policy_lecture"
    )
    assert (zero.status_code, zero.json()["code"]) == (422, "validation_failed")
    assert await count_rows(sessions, *RECORD_TABLES) == before


async def test_second_same_type_inspection_in_a_year_is_flagged(client, keys, sessions):
    uscc = await register(client, keys, 603)
    first = await _inspect(client, keys, uscc, "2025-03-10", published_on="2025-03-20")
    second = await _inspect(client, keys, uscc, "2025-06-10", published_on="2025-06-20")
    other_type = await _inspect(client, keys, uscc, "2025-06-11", published_on="2025-06-20", inspection_type="消防")
    assert first.status_code == second.status_code == other_type.status_code == 201
    assert first.json()["flags"] == [] and other_type.json()["flags"] == []
    [flag] = second.json()["flags"]
    assert flag == {"rule": "A13.1", "message": "inspection number 2 of type '安全生产' in 2025; at most 1 a year"}
    listed = (await client.get(f"/v1/enterprises/{uscc}/inspections", headers=keys.headers("reader"))).json()["items"]
    assert [[f["rule"] for f in i["flags"]] for i in listed] == [[], ["A13.1"], []]
    assert [a.actor for a in await audits(sessions, "inspection.create")] == ["writer"] * 3


async def test_same_type_in_another_year_or_special_sector_is_not_flagged(client, keys):
    uscc = await register(client, keys, 604)
    await _inspect(client, keys, uscc, "2024-12-20", published_on="2024-12-30")
    next_year = await _inspect(client, keys, uscc, "2025-01-05", published_on="2025-01-10")
    special = [
        await _inspect(
            client,
            keys,
            uscc,
            f"2025-0{m}-01",
            published_on=f"2025-0{m}-02",
            special_sector=True,
            inspection_type="危险化学品",
        )
        for m in (2, 3)
    ]
    assert next_year.json()["flags"] == []
    assert [s.json()["flags"] for s in special] == [[], []]


async def test_late_or_missing_publication_is_flagged(client, keys):
    uscc = await register(client, keys, 605)
    # ended 2025-05-01; + 20 days = 2025-05-21 is the last day to publish (A13.2)
    on_time = await _inspect(client, keys, uscc, "2025-05-01", published_on="2025-05-21", inspection_type="环保")
    late = await _inspect(client, keys, uscc, "2025-05-01", published_on="2025-05-22", inspection_type="质量")
    assert on_time.json()["flags"] == []
    assert late.json()["flags"] == [
        {"rule": "A13.2", "message": "results published 21 days after the inspection ended; limit 20"}
    ]
    # today 2025-09-01: ended 2025-08-11 → 21 days passed unpublished; ended 2025-08-12 → 20 days, not yet
    overdue = await _inspect(client, keys, uscc, "2025-08-11", inspection_type="卫生")
    pending = await _inspect(client, keys, uscc, "2025-08-12", inspection_type="计量")
    assert [f["rule"] for f in overdue.json()["flags"]] == ["A13.2"]
    assert "21 days have passed" in overdue.json()["flags"][0]["message"]
    assert pending.json()["flags"] == []


async def test_black_list_entry_shows_on_the_enterprise(client, keys):
    uscc = await register(client, keys, 606)
    response = await _inspect(
        client, keys, uscc, "2025-04-01", published_on="2025-04-10", list_entry="black", result="严重失信"
    )
    assert (response.status_code, response.json()["list_entry"]) == (201, "black")
    enterprise = (await client.get(f"/v1/enterprises/{uscc}", headers=keys.headers("reader"))).json()
    assert enterprise["credit_lists"] == ["black"]


async def test_invalid_inspections_write_nothing(client, keys, sessions):
    uscc = await register(client, keys, 607)
    before = await count_rows(sessions, *INSPECTION_TABLES)
    published_first = await _inspect(client, keys, uscc, "2025-04-10", published_on="2025-04-09")
    not_ended = await _inspect(client, keys, uscc, "2025-09-02")
    grey = await _inspect(client, keys, uscc, "2025-04-10", list_entry="grey")
    assert (published_first.status_code, published_first.json()["code"]) == (422, "inspection_invalid")
    assert (not_ended.status_code, not_ended.json()["code"]) == (422, "date_in_future")
    assert (grey.status_code, grey.json()["errors"][0]["field"]) == (422, "list_entry")
    assert await count_rows(sessions, *INSPECTION_TABLES) == before
