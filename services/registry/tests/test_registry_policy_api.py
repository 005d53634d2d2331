"""The registry's decisions as RULES.md now reads them: parks qualify on the latest of three dates
(A1.park); inspections before the policy are recorded without flags (A13); a move in names the division
it came from (A1.3); facts cannot be dated in the future or before 1949-10-01; the history keeps the
order things were recorded in; A12 and A8 counted as the decision lines say. Clock at 2025-09-01."""

from __future__ import annotations

from datetime import date

from sqlalchemy import update

from zjtx.common.events import registry as ev
from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.web.audit import AuditRecord
from zjtx.registry.park.models import Park
from zjtx.registry.recognition.models import Recognition

from .factories import count_rows, enterprise_body, events, grant, register

ENTERPRISES = "/v1/enterprises"


async def _park(client, keys, name: str) -> str:
    response = await client.post(
        "/v1/parks", json={"name": name, "district_code": "Z-JSGX"}, headers=keys.headers("writer")
    )
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def _qualified_on(client, keys, park_id: str) -> str | None:
    response = await client.get(f"/v1/parks/{park_id}", headers=keys.headers("reader"))
    assert response.status_code == 200, response.text
    return response.json()["qualified_on"]


# --- 1. parks ------------------------------------------------------------------------------------


async def test_a_park_whose_tenants_were_recognised_before_the_policy_qualifies_on_its_first_day(
    client, keys, sessions
):
    park_id = await _park(client, keys, "和林格尔新区大数据产业园")
    # Ten tenants since 2019-05-08, recognised 2021-03-01 … 2021-03-10 (valid three years, to 2024-03):
    # ten held a valid recognition from 2021-03-10, the tenth joined 2019-05-08; the latest of those
    # and 2022-01-01 is 2022-01-01. That the recognitions have lapsed since does not undo it.
    for day in range(1, 11):
        uscc = await register(client, keys, 900 + day, park_id=park_id)
        await grant(client, keys, uscc, recognized_on=f"2021-03-{day:02d}", expires_on=f"2024-03-{day:02d}")
    assert await _qualified_on(client, keys, park_id) == "2022-01-01"
    [event] = await events(sessions, ev.PARK_QUALIFIED.event_type)
    assert event["payload"]["qualified_on"] == "2022-01-01"


async def test_a_park_qualifies_on_the_day_its_tenth_tenant_joined(client, keys, sessions):
    park_id = await _park(client, keys, "金山高新区新材料产业园")
    # Ten enterprises recognised 2023-02-01 (valid to 2026-02-01), moving into the park on 2024-05-01 …
    # 2024-05-10: the tenth joined on 2024-05-10, the latest of 2023-02-01, 2024-05-10 and 2022-01-01.
    tenants = [await register(client, keys, 920 + n) for n in range(1, 11)]
    for uscc in tenants:
        await grant(client, keys, uscc, recognized_on="2023-02-01")
    for day, uscc in enumerate(tenants, start=1):
        response = await client.patch(
            f"{ENTERPRISES}/{uscc}",
            headers=keys.headers("writer"),
            json={"park_id": park_id, "effective_on": f"2024-05-{day:02d}"},
        )
        assert response.status_code == 200, response.text
    assert await _qualified_on(client, keys, park_id) == "2024-05-10"


async def test_a_park_dated_before_the_policy_by_an_earlier_version_is_qualified_again(client, keys, sessions):
    park_id = await _park(client, keys, "赛罕区乳业产业园")
    for day in range(1, 11):
        uscc = await register(client, keys, 940 + day, park_id=park_id)
        await grant(client, keys, uscc, recognized_on=f"2021-03-{day:02d}", expires_on=f"2024-03-{day:02d}")
    # As an earlier version left it: qualified on 2021-03-10, which the awards service refused.
    async with sessions() as session, session.begin():
        await session.execute(update(Park).where(Park.id == park_id).values(qualified_on=date(2021, 3, 10)))
    response = await client.post("/v1/admin/jobs/qualify-parks", headers=keys.headers("admin"))
    assert response.status_code == 200, response.text
    assert await _qualified_on(client, keys, park_id) == "2022-01-01"
    assert [e["payload"]["qualified_on"] for e in await events(sessions, ev.PARK_QUALIFIED.event_type)] == [
        "2022-01-01",
        "2022-01-01",
    ]


# --- 2. inspections before the policy ---------------------------------------------------------------


async def test_an_inspection_before_the_policy_is_recorded_without_flags(client, keys):
    uscc = await register(client, keys, 951)
    first = await client.post(
        f"{ENTERPRISES}/{uscc}/inspections",
        headers=keys.headers("writer"),
        json={"inspection_type": "安全生产", "department": "市应急管理局", "ended_on": "2021-06-10"},
    )
    second = await client.post(
        f"{ENTERPRISES}/{uscc}/inspections",
        headers=keys.headers("writer"),
        json={"inspection_type": "安全生产", "department": "市应急管理局", "ended_on": "2021-11-10"},
    )
    assert first.status_code == second.status_code == 201, (first.text, second.text)
    assert second.json()["flags"] == []  # a second in 2021 and never published: A13 did not apply then
    explanation = second.json()["explanation"]
    assert explanation["reasons"] == ["2021-11-10 is before the policy applies (2022-01-01)"]
    assert explanation["reason_codes"] == ["before_policy"]


# --- 8. a move in names where it came from ----------------------------------------------------------


async def test_a_relocation_names_a_division_outside_hohhot(client, keys, sessions):
    uscc = await register(client, keys, 952)
    before = await count_rows(sessions, OutboxRow, AuditRecord)
    missing = await client.post(
        f"{ENTERPRISES}/{uscc}/relocations",
        headers=keys.headers("writer"),
        json={"moved_in_on": "2024-03-01", "moved_from": "北京市海淀区"},
    )
    assert (missing.status_code, missing.json()["code"]) == (422, "validation_failed")
    assert [e["field"] for e in missing.json()["errors"]] == ["moved_from_division_code"]
    within = await client.post(
        f"{ENTERPRISES}/{uscc}/relocations",
        headers=keys.headers("writer"),
        json={"moved_in_on": "2024-03-01", "moved_from": "回民区", "moved_from_division_code": "150103"},
    )
    assert (within.status_code, within.json()["code"]) == (422, "relocation_within_city")
    assert await count_rows(sessions, OutboxRow, AuditRecord) == before
    moved = await client.post(
        f"{ENTERPRISES}/{uscc}/relocations",
        headers=keys.headers("writer"),
        json={"moved_in_on": "2024-03-01", "moved_from": "北京市海淀区", "moved_from_division_code": "110108"},
    )
    assert moved.status_code == 201, moved.text


# --- 12. facts cannot be dated in the future, nor before 1949-10-01 ---------------------------------


async def test_facts_dated_in_the_future_or_before_1949_are_refused(client, keys, sessions):
    uscc = await register(client, keys, 953)
    before = await count_rows(sessions, Recognition, OutboxRow, AuditRecord)
    cases = [
        (
            "recognitions",
            {"tier": "municipal_zjtx", "document_no": "呼工信发〔2099〕1号", "recognized_on": "2099-01-01"},
        ),
        (
            "recognitions",
            {"tier": "municipal_zjtx", "document_no": "呼工信发〔2027〕1号", "recognized_on": "2027-06-18"},
        ),
        ("relocations", {"moved_in_on": "2025-09-02", "moved_from": "北京", "moved_from_division_code": "110108"}),
        ("inspections", {"inspection_type": "消防", "department": "市消防救援支队", "ended_on": "2025-09-02"}),
    ]
    for path, body in cases:
        response = await client.post(f"{ENTERPRISES}/{uscc}/{path}", headers=keys.headers("writer"), json=body)
        assert (response.status_code, response.json()["code"]) == (422, "date_in_future"), (path, body)
    for registered_on, code in (("2025-09-02", "date_in_future"), ("1949-09-30", "date_too_early")):
        response = await client.post(
            ENTERPRISES, headers=keys.headers("writer"), json=enterprise_body(954, registered_on=registered_on)
        )
        assert (response.status_code, response.json()["code"]) == (422, code)
        assert response.json()["errors"][0]["field"] == "registered_on"
    ancient = await client.post(
        f"{ENTERPRISES}/{uscc}/recognitions",
        headers=keys.headers("writer"),
        json={"tier": "municipal_zjtx", "document_no": "x", "recognized_on": "1900-01-01"},
    )
    assert (ancient.status_code, ancient.json()["code"]) == (422, "date_too_early")
    assert await count_rows(sessions, Recognition, OutboxRow, AuditRecord) == before


async def test_the_first_day_of_the_republic_and_today_are_accepted(client, keys):
    oldest = await client.post(
        ENTERPRISES, headers=keys.headers("writer"), json=enterprise_body(955, registered_on="1949-10-01")
    )
    assert oldest.status_code == 201, oldest.text
    today = await grant(client, keys, oldest.json()["uscc"], recognized_on="2025-09-01")
    assert today["recognized_on"] == "2025-09-01"


# --- 9. a stable history ---------------------------------------------------------------------------


async def test_history_keeps_the_order_things_were_recorded_in(client, keys):
    uscc = await register(client, keys, 956)
    # Everything here happens at the same instant (the clock is fixed): the order is the recording order.
    for day in range(1, 13):
        await grant(client, keys, uscc, recognized_on=f"2024-{day:02d}-01", tier="innovative_sme", renewal=day > 1)
    for _ in range(3):
        response = await client.get(f"{ENTERPRISES}/{uscc}/history?limit=5", headers=keys.headers("reader"))
        summaries, page = [], response.json()
        while True:
            summaries += [entry["summary"] for entry in page["items"]]
            if not page["next_cursor"]:
                break
            page = (
                await client.get(
                    f"{ENTERPRISES}/{uscc}/history?limit=5&cursor={page['next_cursor']}", headers=keys.headers("reader")
                )
            ).json()
        assert summaries[0].startswith("registered as")
        assert summaries[1] == "recognised innovative_sme (呼工信发〔2024〕37号)"
        assert summaries[2:] == ["renewed innovative_sme (呼工信发〔2024〕37号)"] * 11


# --- 8. A12 and A8 KPIs -------------------------------------------------------------------------------


async def _check(client, keys, uscc: str, day: str) -> None:
    response = await client.post(
        f"{ENTERPRISES}/{uscc}/service-records",
        headers=keys.headers("writer"),
        json={"kind": "health_check", "occurred_on": day, "report_ref": f"体检-{uscc[-4:]}-{day}"},
    )
    assert response.status_code == 201, response.text


async def _kpis(client, keys, year: int) -> dict[str, dict]:
    response = await client.get("/v1/kpis", params={"year": year}, headers=keys.headers("reader"))
    assert response.status_code == 200, response.text
    return {item["rule"]: item for item in response.json()["items"]}


async def test_a12_counts_growth_pool_and_zjtx_enterprises_once_per_window(client, keys):
    pooled, recognised, neither, late = [await register(client, keys, n) for n in (961, 962, 963, 964)]
    joined = await client.post(
        "/v1/pools/growth_small_micro/members",
        headers=keys.headers("writer"),
        json={"uscc": pooled, "joined_on": "2022-05-01"},
    )
    assert joined.status_code == 201, joined.text
    await grant(client, keys, recognised, recognized_on="2023-01-10", tier="region_zjtx")
    await grant(client, keys, late, recognized_on="2024-06-01")
    await _check(client, keys, pooled, "2022-06-01")  # in the growth pool that day → counts
    await _check(client, keys, pooled, "2024-02-01")  # the same enterprise again in the window → once
    await _check(client, keys, recognised, "2023-02-01")  # a valid regional 专精特新 recognition → counts
    await _check(client, keys, neither, "2023-03-01")  # neither pool nor recognition → not counted
    await _check(client, keys, late, "2024-05-31")  # recognised only the next day → not counted
    # The first window is 2022-2024 whichever of its years is asked for: pooled + recognised = 2.
    for year in (2022, 2023, 2024):
        a12 = (await _kpis(client, keys, year))["A12"]
        assert (a12["period"], a12["actual"]) == ("2022-2024", 2), year
    # Then rolling: 2025 → 2023-2025: pooled (2024) and recognised (2023) → 2.
    assert (await _kpis(client, keys, 2025))["A12"]["period"] == "2023-2025"


async def test_a8_entrepreneurs_target_is_shown_as_about_200(client, keys):
    kpis = await _kpis(client, keys, 2024)
    assert (kpis["A8.entrepreneurs"]["target"], kpis["A8.entrepreneurs"]["target_label"]) == (200, "about 200")
    assert kpis["A8.lectures"]["target_label"] == "at least 5000"
