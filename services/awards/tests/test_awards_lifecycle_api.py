"""The life of an award through the API: computed → reviewed → approved → disbursed, rejected as a
final step; four eyes; each step audited and published through the outbox; the list with its filters
and cursor paging. ASGI app, real PostgreSQL rolled back per test, clock fixed at 2025-09-01."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from zjtx.common.testing.registry_events import (
    apply,
    make_uscc,
    park_qualified,
    recognition,
    registered,
    scale_reported,
)
from zjtx.common.web.paging import encode_cursor

from . import stored

# Payments need both halves within their funders' appropriations (issue 12, item 6).
pytestmark = pytest.mark.usefixtures("appropriated")

PAID = {"payment_reference": "PAY-2025-0042", "paid_on": "2025-09-01"}


async def municipal_award(sessions, handlers, serial: int = 301, **where) -> str:
    """A1.1 for a new municipal recognition: 200,000.00, computed. Returns the award id."""
    on = where.pop("on", date(2024, 6, 18))
    uscc = make_uscc(serial, division=where.get("district_code", "150105"))
    await apply(sessions, handlers, registered(uscc, **where), recognition(uscc, "municipal_zjtx", on, **where))
    [award] = await stored.awards(sessions, uscc=uscc)
    return str(award.id)


async def step(client, keys, award_id: str, verb: str, who: str, body: dict | None = None):
    return await client.post(f"/v1/awards/{award_id}/{verb}", headers=keys.headers(who), json=body)


async def refused(client, keys, sessions, award_id, verb, who, body=None, *, status: int, code: str) -> dict:
    before = await stored.counts(sessions)
    response = (
        await step(client, keys, award_id, verb, who, body)
        if who
        else await client.post(f"/v1/awards/{award_id}/{verb}", json=body)
    )
    assert (response.status_code, response.headers["content-type"]) == (status, "application/problem+json")
    assert response.json()["code"] == code, response.json()
    assert await stored.counts(sessions) == before
    return response.json()


async def test_computed_reviewed_approved_disbursed(client, keys, sessions, handlers):
    award_id = await municipal_award(sessions, handlers)
    reviewed = await step(client, keys, award_id, "review", "reviewer", {"note": "证书核验无误"})
    assert reviewed.status_code == 200, reviewed.text
    assert (reviewed.json()["status"], reviewed.json()["reviewed_by"]) == ("reviewed", "reviewer")
    assert reviewed.json()["review_note"] == "证书核验无误"  # issue 12, item 3: the note is on the award
    approved = await step(client, keys, award_id, "approve", "approver", {"note": "同意拨付"})
    assert (approved.json()["status"], approved.json()["approved_by"]) == ("approved", "approver")
    assert (approved.json()["review_note"], approved.json()["approval_note"]) == ("证书核验无误", "同意拨付")
    assert approved.json()["rejected_by"] is None
    paid = await step(client, keys, award_id, "disburse", "treasury", PAID)
    body = paid.json()
    assert (body["status"], body["payment_reference"], body["paid_on"]) == ("disbursed", "PAY-2025-0042", "2025-09-01")
    # F.1 on the paid award: 200,000.00 = 100,000.00 (city) + 100,000.00 (赛罕区).
    assert body["funding"] == [
        {"funder": "city", "amount": "100000.00", "funder_name": "市本级"},
        {"funder": "150105", "amount": "100000.00", "funder_name": "赛罕区"},
    ]

    records = {r.action: r for r in await stored.audit(sessions, award_id)}
    assert set(records) == {"award.computed", "award.reviewed", "award.approved", "award.disbursed"}
    assert (records["award.reviewed"].actor, records["award.reviewed"].after["note"]) == ("reviewer", "证书核验无误")
    assert records["award.approved"].before["status"] == "reviewed"
    assert records["award.disbursed"].after["payment_reference"] == "PAY-2025-0042"

    published = [e for e in await stored.events(sessions) if e["payload"]["award_id"] == award_id]
    assert [e["event_type"] for e in published] == [
        "awards.award.computed",
        "awards.award.reviewed",
        "awards.award.approved",
        "awards.award.disbursed",
    ]
    disbursed = published[-1]["payload"]
    assert (disbursed["status"], disbursed["amount"], disbursed["paid_on"]) == ("disbursed", "200000.00", "2025-09-01")
    assert disbursed["funding"] == [  # the event keeps its contract: codes, no names
        {"funder": "city", "amount": "100000.00"},
        {"funder": "150105", "amount": "100000.00"},
    ]


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [
        ("reader", 403, "forbidden"),
        ("approver", 403, "forbidden"),
        ("platform", 403, "forbidden"),
        (None, 401, "unauthenticated"),
    ],
)
async def test_review_needs_awards_review(client, keys, sessions, handlers, who, status, code):
    award_id = await municipal_award(sessions, handlers)
    await refused(client, keys, sessions, award_id, "review", who, status=status, code=code)


async def test_the_reviewing_client_cannot_approve(client, keys, sessions, handlers):
    award_id = await municipal_award(sessions, handlers)
    assert (await step(client, keys, award_id, "review", "officer")).status_code == 200
    # officer holds awards:approve too, but reviewed this one: four eyes.
    await refused(client, keys, sessions, award_id, "approve", "officer", status=403, code="approver_is_reviewer")
    approved = await step(client, keys, award_id, "approve", "approver")
    assert approved.json()["status"] == "approved"


async def test_approve_needs_awards_approve(client, keys, sessions, handlers):
    award_id = await municipal_award(sessions, handlers)
    await step(client, keys, award_id, "review", "officer")
    await refused(client, keys, sessions, award_id, "approve", "reviewer", status=403, code="forbidden")


@pytest.mark.parametrize("who", ["approver", "reviewer", "officer", "platform"])
async def test_recording_the_payment_needs_awards_disburse(client, keys, sessions, handlers, who):
    """Item 8 of issue 12: the finance bureau records payments; the approver (or a reviewer) cannot."""
    award_id = await municipal_award(sessions, handlers)
    await step(client, keys, award_id, "review", "reviewer")
    await step(client, keys, award_id, "approve", "approver")
    await refused(client, keys, sessions, award_id, "disburse", who, PAID, status=403, code="forbidden")
    paid = await step(client, keys, award_id, "disburse", "treasury", PAID)
    assert (paid.json()["status"], paid.json()["approved_by"]) == ("disbursed", "approver")
    [record] = [r for r in await stored.audit(sessions, award_id) if r.action == "award.disbursed"]
    assert record.actor == "treasury"


async def test_approving_before_review_is_refused(client, keys, sessions, handlers):
    award_id = await municipal_award(sessions, handlers)
    await refused(client, keys, sessions, award_id, "approve", "approver", status=409, code="invalid_transition")


async def test_rejecting_needs_a_reason_then_is_final(client, keys, sessions, handlers):
    award_id = await municipal_award(sessions, handlers)
    for body in (None, {}, {"reason": ""}, {"reason": "   "}):
        await refused(
            client, keys, sessions, award_id, "reject", "reviewer", body, status=422, code="validation_failed"
        )
    rejected = await step(client, keys, award_id, "reject", "reviewer", {"reason": "证书编号与公示名单不符"})
    assert (rejected.json()["status"], rejected.json()["closed_reason"]) == ("rejected", "证书编号与公示名单不符")
    # Who rejected it, and when (the tests' clock: 2025-09-01 10:00 +08:00).
    assert (rejected.json()["rejected_by"], rejected.json()["rejected_at"]) == ("reviewer", "2025-09-01T02:00:00Z")
    [event] = await stored.events(sessions, "awards.award.rejected")
    assert (event["payload"]["award_id"], event["payload"]["reason"]) == (award_id, "证书编号与公示名单不符")
    assert "award.rejected" in {r.action for r in await stored.audit(sessions, award_id)}
    # Final: approving, reviewing or paying a rejected award is a conflict, and changes nothing.
    await refused(client, keys, sessions, award_id, "approve", "approver", status=409, code="invalid_transition")
    await refused(client, keys, sessions, award_id, "review", "reviewer", status=409, code="invalid_transition")
    await refused(client, keys, sessions, award_id, "disburse", "treasury", PAID, status=409, code="invalid_transition")


async def test_a_reviewed_award_can_be_rejected_an_approved_one_cannot(client, keys, sessions, handlers):
    award_id = await municipal_award(sessions, handlers)
    await step(client, keys, award_id, "review", "reviewer")
    await step(client, keys, award_id, "approve", "approver")
    await refused(
        client,
        keys,
        sessions,
        award_id,
        "reject",
        "reviewer",
        {"reason": "晚了"},
        status=409,
        code="invalid_transition",
    )


@pytest.mark.parametrize("reach", [(), ("review",)])
async def test_disbursing_an_unapproved_award_is_refused(client, keys, sessions, handlers, reach):
    award_id = await municipal_award(sessions, handlers)
    for verb in reach:
        await step(client, keys, award_id, verb, "reviewer")
    await refused(client, keys, sessions, award_id, "disburse", "treasury", PAID, status=409, code="invalid_transition")


async def test_disbursing_twice_is_refused(client, keys, sessions, handlers):
    award_id = await municipal_award(sessions, handlers)
    for verb, who, body in (
        ("review", "reviewer", None),
        ("approve", "approver", None),
        ("disburse", "treasury", PAID),
    ):
        assert (await step(client, keys, award_id, verb, who, body)).status_code == 200
    await refused(client, keys, sessions, award_id, "disburse", "treasury", PAID, status=409, code="invalid_transition")


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"payment_reference": "PAY-1", "paid_on": "2025-09-02"}, "date_in_future"),  # tomorrow
        ({"payment_reference": "PAY-1", "paid_on": "2025-08-31"}, "payment_invalid"),  # before the approval
        ({"paid_on": "2025-09-01"}, "validation_failed"),
        ({"payment_reference": "", "paid_on": "2025-09-01"}, "validation_failed"),
        ({"payment_reference": "  ", "paid_on": "2025-09-01"}, "validation_failed"),
        ({"payment_reference": "PAY-1", "paid_on": "2025-09-01", "amount": "1.00"}, "validation_failed"),
        # A date is written YYYY-MM-DD, as the schema says: not a number of seconds, nor a datetime.
        ({"payment_reference": "PAY-1", "paid_on": 1756684800}, "validation_failed"),
        ({"payment_reference": "PAY-1", "paid_on": "2025-09-01T00:00:00"}, "validation_failed"),
    ],
)
async def test_disbursing_needs_a_reference_and_a_past_date(client, keys, sessions, handlers, body, code):
    award_id = await municipal_award(sessions, handlers)
    await step(client, keys, award_id, "review", "reviewer")
    await step(client, keys, award_id, "approve", "approver")
    await refused(client, keys, sessions, award_id, "disburse", "treasury", body, status=422, code=code)


async def test_a_plaque_is_conferred_not_paid(client, keys, sessions, handlers):
    park_id = uuid.uuid4()
    await apply(sessions, handlers, park_qualified(park_id))
    [plaque] = await stored.awards(sessions, park_id=park_id)
    award_id = str(plaque.id)
    await step(client, keys, award_id, "review", "reviewer")
    approved = await step(client, keys, award_id, "approve", "approver")
    assert (approved.json()["amount"], approved.json()["funding"]) == ("0.00", [])
    await refused(client, keys, sessions, award_id, "disburse", "treasury", PAID, status=409, code="invalid_transition")


async def test_unknown_award(client, keys, sessions):
    missing = str(uuid.uuid4())
    await refused(client, keys, sessions, missing, "review", "reviewer", status=404, code="award_not_found")
    response = await client.get(f"/v1/awards/{missing}", headers=keys.headers("reader"))
    assert (response.status_code, response.json()["code"]) == (404, "award_not_found")
    response = await client.get("/v1/awards/not-a-uuid", headers=keys.headers("reader"))
    assert (response.status_code, response.json()["code"]) == (422, "validation_failed")


# --- the list ----------------------------------------------------------------------------------


async def five_awards(sessions, handlers, client, keys) -> dict[str, str]:
    """A1.1 (150105, 2024), A1.1 (150102, 2023, reviewed), A1.2 (150105, 2024), A4.1 (150105, 2024-12-31),
    and the A1.park plaque (Z-JSGX, 2025)."""
    ids = {"a1_1": await municipal_award(sessions, handlers, 311)}
    ids["a1_1_xc"] = await municipal_award(sessions, handlers, 312, district_code="150102", on=date(2023, 2, 1))
    await step(client, keys, ids["a1_1_xc"], "review", "reviewer")
    national = make_uscc(313)
    await apply(
        sessions, handlers, registered(national), recognition(national, "national_little_giant", date(2024, 7, 1))
    )
    scaled = make_uscc(314)
    years = [scale_reported(scaled, y, y > 2021) for y in (2021, 2022, 2023, 2024)]
    await apply(sessions, handlers, registered(scaled), *years)
    await apply(sessions, handlers, park_qualified(uuid.uuid4()))
    for rule, uscc in (("a1_2", national), ("a4_1", scaled)):
        [award] = await stored.awards(sessions, uscc=uscc)
        ids[rule] = str(award.id)
    [plaque] = await stored.awards(sessions, rule="A1.park")
    ids["park"] = str(plaque.id)
    return ids


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"a1_1", "a1_1_xc", "a1_2", "a4_1", "park"}),
        ({"uscc": make_uscc(311)}, {"a1_1"}),
        ({"rule": "A1.1"}, {"a1_1", "a1_1_xc"}),
        ({"status": "reviewed"}, {"a1_1_xc"}),
        ({"status": "computed", "rule": "A1.1"}, {"a1_1"}),
        ({"year": 2024}, {"a1_1", "a1_2", "a4_1"}),
        ({"year": 2023}, {"a1_1_xc"}),
        ({"district_code": "150102"}, {"a1_1_xc"}),
        ({"district_code": "Z-JSGX"}, {"park"}),
        ({"district_code": "150105", "year": 2024, "rule": "A4.1"}, {"a4_1"}),
        ({"rule": "A2.2"}, set()),
    ],
)
async def test_list_filters(client, keys, sessions, handlers, params, expected):
    ids = await five_awards(sessions, handlers, client, keys)
    response = await client.get("/v1/awards", params=params, headers=keys.headers("reader"))
    assert response.status_code == 200, response.text
    names = {v: k for k, v in ids.items()}
    assert {names[item["id"]] for item in response.json()["items"]} == expected


async def test_list_pages_by_cursor(client, keys, sessions, handlers):
    ids = await five_awards(sessions, handlers, client, keys)
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await client.get("/v1/awards", params=params, headers=keys.headers("reader"))).json()
        pages += 1
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    # 5 awards, 2 a page: 2 + 2 + 1, each once.
    assert pages == 3
    assert sorted(seen) == sorted(ids.values())


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"cursor": "not-a-cursor"}, 400, "cursor_invalid"),
        # A forged cursor the database cannot read (its timestamp leaves the calendar in UTC) was a 500.
        ({"cursor": encode_cursor(["0001-01-01T00:00:00+14:00", str(uuid.uuid4())])}, 400, "cursor_invalid"),
        ({"cursor": encode_cursor(["9999-12-31T23:59:59-12:00", str(uuid.uuid4())])}, 400, "cursor_invalid"),
        ({"cursor": encode_cursor(["2025-01-01T00:00:00", str(uuid.uuid4())])}, 400, "cursor_invalid"),
        ({"cursor": encode_cursor([1, 2])}, 400, "cursor_invalid"),
        ({"status": "paid"}, 422, "validation_failed"),
        ({"year": "2024年"}, 422, "validation_failed"),
        # Years outside the platform's calendar (1949 to 2099): a 500 once (no date in year -32).
        ({"year": -32}, 422, "validation_failed"),
        ({"year": 0}, 422, "validation_failed"),
        ({"year": 10000}, 422, "validation_failed"),
        ({"rule": "A9.9"}, 422, "validation_failed"),
        ({"district_code": "999999"}, 422, "validation_failed"),
        ({"uscc": "not-a-code"}, 422, "validation_failed"),
        ({"uscc": "914403001922038217"}, 422, "uscc_invalid"),
        ({"limit": 0}, 422, "validation_failed"),
        ({"limit": 201}, 422, "validation_failed"),
        ({"park_id": "x"}, 422, "unknown_parameter"),
    ],
)
async def test_list_refuses_bad_parameters(client, keys, params, status, code):
    response = await client.get("/v1/awards", params=params, headers=keys.headers("reader"))
    assert (response.status_code, response.json()["code"]) == (status, code)


@pytest.mark.parametrize(
    ("headers", "status"), [({}, 401), ({"Authorization": "Bearer wrong"}, 401), ("outsider", 403)]
)
async def test_list_needs_awards_read(client, keys, headers, status):
    headers = keys.headers(headers) if isinstance(headers, str) else headers
    response = await client.get("/v1/awards", headers=headers)
    assert response.status_code == status


async def test_an_award_names_its_rule_district_and_funders_in_chinese_beside_the_codes(
    client, keys, sessions, handlers
):
    award_id = await municipal_award(sessions, handlers, serial=377)
    award = (await client.get(f"/v1/awards/{award_id}", headers=keys.headers("admin"))).json()
    assert (award["rule"], award["rule_name"]) == ("A1.1", "新认定市级“专精特新”中小企业一次性奖励20万元")
    assert (award["district_code"], award["district_name"]) == ("150105", "赛罕区")
    assert (award["status"], award["status_name"]) == ("computed", "已核算")
    assert [(f["funder"], f["funder_name"]) for f in award["funding"]] == [("city", "市本级"), ("150105", "赛罕区")]
    [recognition_checked] = award["enterprise_check"]["recognitions"]
    assert (recognition_checked["tier"], recognition_checked["tier_name"]) == ("municipal_zjtx", "市级专精特新中小企业")
    listed = (await client.get("/v1/awards", headers=keys.headers("admin"))).json()["items"]
    assert {(a["id"], a["rule_name"], a["district_name"], a["status_name"]) for a in listed} == {
        (award_id, award["rule_name"], "赛罕区", "已核算")
    }
