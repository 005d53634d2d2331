"""Recognitions through the API (A1.1, A1.2): grant, renew, revoke, the expiry job; events and audit."""

from __future__ import annotations

import uuid

from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.web.audit import AuditRecord
from zjtx.registry.recognition import service as recognition_service
from zjtx.registry.recognition.models import Recognition

from .factories import audits, count_rows, events, grant, make_uscc, recognition_body, register

TABLES = (Recognition, OutboxRow, AuditRecord)


def _path(uscc: str) -> str:
    return f"/v1/enterprises/{uscc}/recognitions"


async def _recognitions(client, keys, uscc: str) -> list[dict]:
    response = await client.get(_path(uscc), headers=keys.headers("reader"))
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def test_grant_defaults_expiry_to_three_years_and_publishes(client, keys, sessions):
    uscc = await register(client, keys, 101)
    response = await client.post(_path(uscc), json=recognition_body(), headers=keys.headers("writer"))
    assert response.status_code == 201, response.text
    body = response.json()
    # recognised 2024-06-18, municipal validity 3 years → expires 2027-06-18
    assert body["expires_on"] == "2027-06-18"
    assert (body["status"], body["renewal"], body["held_tier_before"]) == ("valid", False, False)
    [event] = await events(sessions, "registry.recognition.granted")
    assert event["key"] == uscc and event["producer"] == "registry"
    assert event["payload"]["held_tier_before"] is False
    assert event["payload"]["recognition_id"] == body["id"] and event["payload"]["district_code"] == "150105"
    [audit] = await audits(sessions, "recognition.grant")
    assert (audit.actor, audit.entity_id, audit.before) == ("writer", body["id"], None)
    assert audit.after["expires_on"] == "2027-06-18"


async def test_leap_day_default_expiry(client, keys):
    # 2024-02-29 + 3 years: 2027 has no 29 February → 2027-02-28.
    uscc = await register(client, keys, 102)
    body = await grant(client, keys, uscc, recognized_on="2024-02-29")
    assert body["expires_on"] == "2027-02-28"


async def test_expiry_not_after_recognition_is_refused(client, keys, sessions):
    uscc = await register(client, keys, 103)
    before = await count_rows(sessions, *TABLES)
    for expires_on in ("2024-06-17", "2024-06-18"):  # before, and the same day (must be after)
        response = await client.post(
            _path(uscc), headers=keys.headers("writer"), json=recognition_body(expires_on=expires_on)
        )
        assert (response.status_code, response.json()["code"]) == (422, "expiry_before_recognition"), expires_on
    assert await count_rows(sessions, *TABLES) == before


async def test_second_live_recognition_of_a_tier_conflicts(client, keys, sessions):
    uscc = await register(client, keys, 104)
    await grant(client, keys, uscc)
    before = await count_rows(sessions, *TABLES)
    again = await client.post(
        _path(uscc),
        headers=keys.headers("writer"),
        json=recognition_body(recognized_on="2025-01-10", document_no="呼工信发〔2025〕2号"),
    )
    assert (again.status_code, again.json()["code"]) == (409, "recognition_already_live")
    assert await count_rows(sessions, *TABLES) == before
    # another tier is another recognition
    other = await client.post(
        _path(uscc), headers=keys.headers("writer"), json=recognition_body(tier="national_little_giant")
    )
    assert other.status_code == 201


async def test_renewal_replaces_the_live_one(client, keys, sessions):
    uscc = await register(client, keys, 105)
    first = await grant(client, keys, uscc, recognized_on="2022-06-18")  # expires 2025-06-18
    renewed = await grant(
        client, keys, uscc, recognized_on="2025-06-18", renewal=True, document_no="呼工信发〔2025〕41号"
    )
    assert (renewed["renewal"], renewed["held_tier_before"], renewed["expires_on"]) == (True, True, "2028-06-18")
    listed = (await client.get(_path(uscc), headers=keys.headers("reader"))).json()["items"]
    assert [(r["id"], r["status"]) for r in listed] == [(first["id"], "renewed"), (renewed["id"], "valid")]
    [granted] = await events(sessions, "registry.recognition.granted")
    assert granted["payload"]["recognition_id"] == first["id"]
    [event] = await events(sessions, "registry.recognition.renewed")
    assert (event["payload"]["recognition_id"], event["payload"]["held_tier_before"]) == (renewed["id"], True)
    # both state changes are audited: the old one replaced, the new one granted
    [replaced] = await audits(sessions, "recognition.renew")
    assert (replaced.actor, replaced.entity_id, replaced.after) == ("writer", first["id"], {"status": "renewed"})
    assert {a.entity_id for a in await audits(sessions, "recognition.grant")} == {first["id"], renewed["id"]}


async def test_earlier_recognitions_of_the_tier_make_a_new_one_not_new(client, keys, sessions):
    # A1 decision: "newly recognised" = no recognition of the same level before. Recording the history:
    # municipal 2019-06-01 (lapsed 2022-06-01), then municipal again 2023-03-01.
    uscc = await register(client, keys, 106)
    old = await grant(
        client, keys, uscc, recognized_on="2019-06-01", expires_on="2022-06-01", document_no="呼工信发〔2019〕12号"
    )
    new = await grant(client, keys, uscc, recognized_on="2023-03-01", document_no="呼工信发〔2023〕9号")
    assert (old["held_tier_before"], new["held_tier_before"]) == (False, True)
    payloads = [e["payload"] for e in await events(sessions, "registry.recognition.granted")]
    assert [p["held_tier_before"] for p in payloads] == [False, True]
    # The 2019 one had lapsed (2022-06-01 ≤ 2023-03-01) but the expiry job had not run: it is expired now.
    listed = (await client.get(_path(uscc), headers=keys.headers("reader"))).json()["items"]
    assert [r["status"] for r in listed] == ["expired", "valid"]
    [expired] = await events(sessions, "registry.recognition.expired")
    assert expired["payload"]["recognition_id"] == old["id"]


async def test_lapsed_recognition_gives_way_from_its_expiry_day(client, keys, sessions):
    # valid over [2021-06-01, 2024-06-01): a new one on 2024-05-31 overlaps it; on 2024-06-01 it does not.
    uscc = await register(client, keys, 113)
    await grant(client, keys, uscc, recognized_on="2021-06-01", expires_on="2024-06-01")
    before = await count_rows(sessions, *TABLES)
    overlapping = await client.post(
        _path(uscc), json=recognition_body(recognized_on="2024-05-31"), headers=keys.headers("writer")
    )
    assert (overlapping.status_code, overlapping.json()["code"]) == (409, "recognition_already_live")
    assert await count_rows(sessions, *TABLES) == before
    assert (await grant(client, keys, uscc, recognized_on="2024-06-01"))["held_tier_before"] is True


async def test_recognition_before_the_validity_parameter_needs_its_expiry(client, keys, sessions):
    # recognition_validity_years is in force from 2022-01-01: a 2021 recognition cannot get a default.
    uscc = await register(client, keys, 112)
    before = await count_rows(sessions, *TABLES)
    response = await client.post(
        _path(uscc), json=recognition_body(recognized_on="2021-12-31"), headers=keys.headers("writer")
    )
    assert (response.status_code, response.json()["code"]) == (422, "expiry_required")
    assert await count_rows(sessions, *TABLES) == before
    given = await grant(client, keys, uscc, recognized_on="2021-12-31", expires_on="2024-12-31")
    assert given["expires_on"] == "2024-12-31"


async def test_revoke_then_revoke_again(client, keys, sessions):
    uscc = await register(client, keys, 107)
    granted = await grant(client, keys, uscc)
    revoke = {"revoked_on": "2025-03-01", "reason": "提供虚假材料"}
    response = await client.post(f"{_path(uscc)}/{granted['id']}/revoke", json=revoke, headers=keys.headers("writer"))
    assert response.status_code == 200, response.text
    assert (response.json()["status"], response.json()["revoked_on"]) == ("revoked", "2025-03-01")
    [event] = await events(sessions, "registry.recognition.revoked")
    assert event["payload"]["status"] == "revoked" and event["payload"]["revoked_reason"] == "提供虚假材料"
    [audit] = await audits(sessions, "recognition.revoke")
    assert (audit.actor, audit.before["status"], audit.after["status"]) == ("writer", "valid", "revoked")
    before = await count_rows(sessions, *TABLES)
    twice = await client.post(f"{_path(uscc)}/{granted['id']}/revoke", json=revoke, headers=keys.headers("writer"))
    assert (twice.status_code, twice.json()["code"]) == (409, "recognition_not_valid")
    assert await count_rows(sessions, *TABLES) == before


async def test_revoke_refusals_write_nothing(client, keys, sessions):
    uscc = await register(client, keys, 108)
    granted = await grant(client, keys, uscc)
    before = await count_rows(sessions, *TABLES)
    early = await client.post(
        f"{_path(uscc)}/{granted['id']}/revoke",
        headers=keys.headers("writer"),
        json={"revoked_on": "2024-06-17", "reason": "x"},
    )
    unknown = await client.post(
        f"{_path(uscc)}/{uuid.uuid4()}/revoke",
        headers=keys.headers("writer"),
        json={"revoked_on": "2025-01-01", "reason": "x"},
    )
    assert (early.status_code, early.json()["code"]) == (422, "revocation_before_recognition")
    assert (unknown.status_code, unknown.json()["code"]) == (404, "recognition_not_found")
    assert await count_rows(sessions, *TABLES) == before


async def test_expiry_job_expires_due_recognitions_once(client, keys, sessions):
    uscc_due, uscc_live = await register(client, keys, 109), await register(client, keys, 110)
    # today is 2025-09-01: 2022-09-01 + 3 years = 2025-09-01 ≤ today → expires; 2022-09-02 → 2025-09-02 stays.
    due = await grant(client, keys, uscc_due, recognized_on="2022-09-01")
    live = await grant(client, keys, uscc_live, recognized_on="2022-09-02")
    writer = await client.post("/v1/admin/jobs/expire-recognitions", headers=keys.headers("writer"))
    assert (writer.status_code, writer.json()["code"]) == (403, "forbidden")
    run = await client.post("/v1/admin/jobs/expire-recognitions", headers=keys.headers("admin"))
    assert run.status_code == 200, run.text
    assert run.json() == {"job": "expire-recognitions", "affected": 1}
    [event] = await events(sessions, "registry.recognition.expired")
    assert (event["key"], event["payload"]["recognition_id"], event["payload"]["status"]) == (
        uscc_due,
        due["id"],
        "expired",
    )
    [audit] = await audits(sessions, "recognition.expire")
    assert (audit.actor, audit.entity_id, audit.after) == ("admin", due["id"], {"status": "expired"})
    statuses = {
        r["id"]: r["status"]
        for u in (uscc_due, uscc_live)
        for r in (await client.get(_path(u), headers=keys.headers("reader"))).json()["items"]
    }
    assert statuses == {due["id"]: "expired", live["id"]: "valid"}
    again = await client.post("/v1/admin/jobs/expire-recognitions", headers=keys.headers("admin"))
    assert again.json()["affected"] == 0
    assert len(await events(sessions, "registry.recognition.expired")) == 1


async def test_expiry_job_runs_in_batches_until_none_is_due(client, keys, sessions, monkeypatch):
    # Five recognitions of 2022-06-18 expire on 2025-06-18 (≤ today, 2025-09-01); batches of 2: the job
    # takes 2 + 2 + 1, each batch in a transaction of its own, and answers 5.
    monkeypatch.setattr(recognition_service, "EXPIRY_BATCH", 2)
    for serial in range(121, 126):
        await grant(client, keys, await register(client, keys, serial), recognized_on="2022-06-18")
    run = await client.post("/v1/admin/jobs/expire-recognitions", headers=keys.headers("admin"))
    assert run.json() == {"job": "expire-recognitions", "affected": 5}
    assert len(await events(sessions, "registry.recognition.expired")) == 5


async def test_unknown_tier_and_enterprise(client, keys, sessions):
    uscc = await register(client, keys, 111)
    before = await count_rows(sessions, *TABLES)
    tier = await client.post(_path(uscc), json=recognition_body(tier="provincial"), headers=keys.headers("writer"))
    nobody = await client.post(_path(make_uscc(999)), json=recognition_body(), headers=keys.headers("writer"))
    assert (tier.status_code, tier.json()["errors"][0]["field"]) == (422, "tier")
    assert (nobody.status_code, nobody.json()["code"]) == (404, "enterprise_not_found")
    assert await count_rows(sessions, *TABLES) == before


async def test_a_recognition_recorded_in_error_is_withdrawn_and_the_right_one_is_new(client, keys, sessions):
    """A correction (issue 12, item 2): recorded with a wrong date, withdrawn with the reason, recorded right."""
    uscc = await register(client, keys, 951)
    wrong = await grant(client, keys, uscc, recognized_on="2023-03-01")
    url = f"{_path(uscc)}/{wrong['id']}/withdraw"
    withdrawn = await client.post(url, json={"reason": "认定日期录错"}, headers=keys.headers("writer"))
    assert withdrawn.status_code == 200, withdrawn.text
    assert (withdrawn.json()["status"], withdrawn.json()["withdrawn_reason"]) == ("withdrawn", "认定日期录错")
    [published] = await events(sessions, "registry.recognition.withdrawn")
    assert (published["payload"]["recognition_id"], published["payload"]["reason"]) == (wrong["id"], "认定日期录错")
    [audit] = await audits(sessions, "recognition.withdraw")
    assert (audit.actor, audit.before["status"], audit.after["status"]) == ("writer", "valid", "withdrawn")

    right = await grant(client, keys, uscc, recognized_on="2024-06-18")
    assert (right["status"], right["held_tier_before"]) == ("valid", False)  # the withdrawn one never held

    again = await client.post(url, json={"reason": "x"}, headers=keys.headers("writer"))
    assert (again.status_code, again.json()["code"]) == (409, "recognition_withdrawn")
    for body in ({}, {"reason": "  "}):
        refused = await client.post(f"{_path(uscc)}/{right['id']}/withdraw", json=body, headers=keys.headers("writer"))
        assert (refused.status_code, refused.json()["code"]) == (422, "validation_failed")
    missing = await client.post(
        f"{_path(uscc)}/{uuid.uuid4()}/withdraw", json={"reason": "x"}, headers=keys.headers("writer")
    )
    assert (missing.status_code, missing.json()["code"]) == (404, "recognition_not_found")
    reader = await client.post(
        f"{_path(uscc)}/{right['id']}/withdraw", json={"reason": "x"}, headers=keys.headers("reader")
    )
    assert reader.status_code == 403


async def test_a_withdrawn_renewal_gives_back_the_recognition_it_replaced(client, keys, sessions):
    """A renewal recorded in error never replaced anything: the recognition it marked `renewed` holds again
    until its own expiry (clock 2025-09-01); one whose term ended meanwhile is expired, as the job would."""
    uscc = await register(client, keys, 952)
    first = await grant(client, keys, uscc, recognized_on="2023-01-10", expires_on="2026-01-10")
    renewal = await grant(
        client, keys, uscc, recognized_on="2025-06-01", renewal=True, document_no="呼工信发〔2025〕9号"
    )
    listed = {r["id"]: r["status"] for r in await _recognitions(client, keys, uscc)}
    assert listed == {first["id"]: "renewed", renewal["id"]: "valid"}

    withdrawn = await client.post(
        f"{_path(uscc)}/{renewal['id']}/withdraw", json={"reason": "复核未通过，误录"}, headers=keys.headers("writer")
    )
    assert withdrawn.status_code == 200, withdrawn.text
    listed = {r["id"]: r["status"] for r in await _recognitions(client, keys, uscc)}
    assert listed == {first["id"]: "valid", renewal["id"]: "withdrawn"}
    [restored] = await audits(sessions, "recognition.restore")
    assert (restored.entity_id, restored.actor) == (first["id"], "writer")
    assert await events(sessions, "registry.recognition.expired") == []
    # It is live again: another renewal may replace it.
    again = await grant(
        client, keys, uscc, recognized_on="2025-07-01", renewal=True, document_no="呼工信发〔2025〕11号"
    )
    assert again["status"] == "valid"


async def test_a_withdrawn_renewal_whose_predecessor_ran_out_meanwhile_leaves_it_expired(client, keys, sessions):
    uscc = await register(client, keys, 953)
    first = await grant(client, keys, uscc, recognized_on="2022-08-01", expires_on="2025-08-01")
    renewal = await grant(
        client, keys, uscc, recognized_on="2025-07-15", renewal=True, document_no="呼工信发〔2025〕8号"
    )
    url = f"{_path(uscc)}/{renewal['id']}/withdraw"
    assert (await client.post(url, json={"reason": "误录"}, headers=keys.headers("writer"))).status_code == 200
    listed = {r["id"]: r["status"] for r in await _recognitions(client, keys, uscc)}
    # Its term ended 2025-08-01, before today: expired and published as the daily job would have.
    assert listed == {first["id"]: "expired", renewal["id"]: "withdrawn"}
    [expired] = await events(sessions, "registry.recognition.expired")
    assert expired["payload"]["recognition_id"] == first["id"]
