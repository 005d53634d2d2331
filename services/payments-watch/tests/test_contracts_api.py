"""Contracts through the ASGI app against real PostgreSQL (rolled back per test), clock fixed at
2025-09-01: registration and how the regulation reads it, what happens to a contract, the contract as
of a date with its payables explained, the list; bad input is a problem+json and stores nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from zjtx.common.events import payments as payment_events
from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.testing.readers import audit_records, count_rows, outbox_events
from zjtx.payments_watch.contract.models import Contract, Delivery, Dispute, Payable, Payment

from . import world


@pytest.fixture
async def parties(client, keys, sessions, handlers):
    seller = await world.seller(sessions, handlers, 1)
    organ = await world.buyer(client, keys, 1, "organ")
    soe = await world.buyer(client, keys, 2, "soe")
    return seller, organ, soe


async def test_a_contract_is_read_by_the_version_of_its_signing_date(client, keys, parties, sessions):
    seller, organ, soe = parties
    body = await world.contract(client, keys, buyer_code=organ, seller_uscc=seller, contract_no="HT-2025-001")
    assert (body["regulation_version"], body["seller_size_at_signing"], body["monitored"], body["flags"]) == (
        "2025",
        "small",
        True,
        [],
    )
    assert (body["term_days"], body["overdue_rate_per_day"], body["rate_basis"]) == (30, "0.0005", "statutory")
    assert body["explanation"]["rule"] == "A10.1" and "2025年修订" in body["explanation"]["article"]
    older = await world.contract(
        client, keys, buyer_code=soe, seller_uscc=seller, contract_no="HT-2024-009", signed_on="2024-03-01"
    )
    assert (older["regulation_version"], older["flags"], older["due_is_reference"]) == ("2020", ["term_missing"], True)
    flagged = await world.contract(
        client,
        keys,
        buyer_code=soe,
        seller_uscc=seller,
        contract_no="HT-2025-002",
        agreed_term_days=60,
        pay_when_paid_clause=True,
        agreed_overdue_rate="0.02",  # below the 3.00% LPR of 2025-07-01
    )
    assert flagged["flags"] == ["pay_when_paid", "overdue_rate_below_lpr"]
    early = await world.contract(
        client, keys, buyer_code=organ, seller_uscc=seller, contract_no="HT-2020-001", signed_on="2020-08-31"
    )
    assert (early["monitored"], early["not_monitored_reason"], early["regulation_version"]) == (
        False,
        "signed_before_regulation",
        None,
    )
    [audit] = await audit_records(sessions, entity_id="HT-2025-001")
    assert audit.action == "contract.register" and audit.after["regulation_version"] == "2025"


async def test_the_contract_as_of_a_date_with_its_payables_explained(client, keys, parties):
    seller, organ, _ = parties
    await world.contract(client, keys, buyer_code=organ, seller_uscc=seller, contract_no="HT-2025-010")
    delivery = await world.post(
        client, keys, "/v1/contracts/HT-2025-010/deliveries", {"delivered_on": "2025-07-28", "amount": "100000.00"}
    )
    await world.post(
        client,
        keys,
        "/v1/contracts/HT-2025-010/payments",
        {"paid_on": "2025-08-20", "amount": "30000.00", "reference": "B-1"},
    )
    # 30 days from Monday 2025-07-28: due Wednesday 2025-08-27. On 2025-09-01: 70,000.00 overdue for
    # 5 days (08-28 .. 09-01): 70,000.00 × 5 × 0.05% = 175.00.
    body = await world.read(client, keys, "HT-2025-010")
    assert (body["as_of"], body["overdue_amount"], body["overdue_interest"], body["outstanding"]) == (
        "2025-09-01",
        "70000.00",
        "175.00",
        "70000.00",
    )
    [line] = body["payables"]
    assert line["id"] == delivery["payable_id"]
    assert {
        k: line[k] for k in ("clock_start", "clock_basis", "due_on", "paid", "days_overdue", "overdue_interest")
    } == {
        "clock_start": "2025-07-28",
        "clock_basis": "delivery",
        "due_on": "2025-08-27",
        "paid": "30000.00",
        "days_overdue": 5,
        "overdue_interest": "175.00",
    }
    steps = line["explanation"]["formula"]
    assert line["explanation"]["rule"] == "A10.1"
    assert steps[0].startswith("signed on 2025-07-01: the 2025 text")
    assert any("day 30 = 2025-08-27" in step for step in steps)
    # As of a date before the due date, nothing is overdue; before the delivery, nothing is owed.
    assert (await world.read(client, keys, "HT-2025-010", "2025-08-27"))["overdue_amount"] == "0.00"
    assert (await world.read(client, keys, "HT-2025-010", "2025-07-27"))["payables"] == []


async def test_a_payment_publishes_paid_per_payable_it_pays_and_is_audited(client, keys, parties, sessions):
    seller, organ, _ = parties
    await world.contract(client, keys, buyer_code=organ, seller_uscc=seller, contract_no="HT-2025-011")
    first = await world.post(
        client, keys, "/v1/contracts/HT-2025-011/deliveries", {"delivered_on": "2025-07-01", "amount": "40000.00"}
    )
    second = await world.post(
        client, keys, "/v1/contracts/HT-2025-011/deliveries", {"delivered_on": "2025-07-28", "amount": "60000.00"}
    )
    # 50,000.00 on 2025-08-05: the first delivery (due 2025-07-31, Thu) in full, 5 days late; 10,000.00 of
    # the second (due 2025-08-27) on time.
    payment = await world.post(
        client,
        keys,
        "/v1/contracts/HT-2025-011/payments",
        {"paid_on": "2025-08-05", "amount": "50000.00", "reference": "B-2"},
    )
    assert payment["allocations"] == [
        {"payable_id": first["payable_id"], "amount": "40000.00", "days_late": 5},
        {"payable_id": second["payable_id"], "amount": "10000.00", "days_late": 0},
    ]
    events = [e["payload"] for e in await outbox_events(sessions, payment_events.PAYABLE_PAID)]
    assert [(e["amount_paid"], e["outstanding"], e["days_late"]) for e in events] == [
        ("40000.00", "0.00", 5),
        ("10000.00", "50000.00", 0),
    ]
    assert {e["contract_no"] for e in events} == {"HT-2025-011"}
    # One transaction per test here, so every record has the same time: compared as a set of counts.
    actions = sorted(a.action for a in await audit_records(sessions, entity_id="HT-2025-011"))
    assert actions == ["contract.delivery", "contract.delivery", "contract.payment", "contract.register"]


async def test_acceptance_and_settlement_start_the_clock(client, keys, parties):
    seller, organ, _ = parties
    await world.contract(
        client,
        keys,
        buyer_code=organ,
        seller_uscc=seller,
        contract_no="HT-ACC-1",
        acceptance_required=True,
        acceptance_period_days=10,
    )
    delivery = await world.post(
        client, keys, "/v1/contracts/HT-ACC-1/deliveries", {"delivered_on": "2025-07-10", "amount": "60000.00"}
    )
    accepted = await world.post(client, keys, "/v1/contracts/HT-ACC-1/acceptances", {"accepted_on": "2025-07-15"})
    assert accepted["delivery_ids"] == [delivery["id"]]
    [line] = (await world.read(client, keys, "HT-ACC-1"))["payables"]
    # Accepted within the period: day 0 = 2025-07-15, day 30 = 2025-08-14 (Thu).
    assert (line["clock_basis"], line["clock_start"], line["due_on"]) == ("acceptance", "2025-07-15", "2025-08-14")

    await world.contract(
        client, keys, buyer_code=organ, seller_uscc=seller, contract_no="HT-SET-1", periodic_settlement=True
    )
    delivered = await world.post(
        client, keys, "/v1/contracts/HT-SET-1/deliveries", {"delivered_on": "2025-07-10", "amount": "50000.00"}
    )
    assert delivered["payable_id"] is None  # under periodic settlement, settlements make the payables
    settled = await world.post(
        client, keys, "/v1/contracts/HT-SET-1/settlements", {"confirmed_on": "2025-07-31", "amount": "50000.00"}
    )
    [line] = (await world.read(client, keys, "HT-SET-1"))["payables"]
    # Confirmed 2025-07-31: day 30 = 2025-08-30 (Sat) → Monday 2025-09-01, due today: not overdue yet.
    assert (line["id"], line["clock_basis"], line["due_on"], line["overdue"]) == (
        settled["payable_id"],
        "settlement_confirmed",
        "2025-09-01",
        "0.00",
    )


async def test_a_dispute_holds_its_part_back_until_resolved(client, keys, parties):
    seller, organ, _ = parties
    await world.contract(client, keys, buyer_code=organ, seller_uscc=seller, contract_no="HT-DSP-1")
    await world.post(
        client, keys, "/v1/contracts/HT-DSP-1/deliveries", {"delivered_on": "2025-07-28", "amount": "100000.00"}
    )
    disputed = await world.post(
        client, keys, "/v1/contracts/HT-DSP-1/disputes", {"amount": "30000.00", "raised_on": "2025-08-10"}
    )
    # Due 2025-08-27; on 2025-09-01 the undisputed 70,000.00 is 5 days overdue: 175.00.
    body = await world.read(client, keys, "HT-DSP-1")
    assert (body["overdue_amount"], body["overdue_interest"], body["payables"][0]["disputed"]) == (
        "70000.00",
        "175.00",
        "30000.00",
    )
    resolved = await world.post(
        client,
        keys,
        f"/v1/contracts/HT-DSP-1/disputes/{disputed['id']}/resolution",
        {"resolved_on": "2025-08-29", "upheld_amount": "10000.00"},
        status=200,
    )
    assert (resolved["resolved_on"], resolved["upheld_amount"]) == ("2025-08-29", "10000.00")
    # 20,000.00 no longer owed; 10,000.00 due 2025-08-29, overdue 08-30 .. 09-01 (3 days):
    # 70,000.00 × 5 days + 10,000.00 × 3 days = 175.00 + 15.00 = 190.00; outstanding 80,000.00.
    body = await world.read(client, keys, "HT-DSP-1")
    assert (body["overdue_amount"], body["overdue_interest"], body["outstanding"]) == ("80000.00", "190.00", "80000.00")
    again = await client.post(
        f"/v1/contracts/HT-DSP-1/disputes/{disputed['id']}/resolution",
        json={"resolved_on": "2025-08-30"},
        headers=keys.headers("platform"),
    )
    assert (again.status_code, again.json()["code"]) == (409, "dispute_resolved")


async def test_a_dispute_on_a_contract_of_several_payables_names_one(client, keys, parties):
    seller, organ, _ = parties
    await world.contract(client, keys, buyer_code=organ, seller_uscc=seller, contract_no="HT-DSP-2")
    for day in ("2025-07-01", "2025-07-10"):
        await world.post(client, keys, "/v1/contracts/HT-DSP-2/deliveries", {"delivered_on": day, "amount": "10000.00"})
    response = await client.post(
        "/v1/contracts/HT-DSP-2/disputes",
        json={"amount": "1000.00", "raised_on": "2025-07-20"},
        headers=keys.headers("platform"),
    )
    assert (response.status_code, response.json()["code"]) == (422, "payable_required")


async def test_contracts_are_listed_with_filters_and_pages(client, keys, parties):
    seller, organ, soe = parties
    for n in range(3):
        await world.contract(client, keys, buyer_code=organ, seller_uscc=seller, contract_no=f"HT-L-{n}")
    await world.contract(client, keys, buyer_code=soe, seller_uscc=seller, contract_no="HT-L-X")
    await world.post(
        client, keys, "/v1/contracts/HT-L-1/deliveries", {"delivered_on": "2025-07-01", "amount": "5000.00"}
    )
    headers = keys.headers("reader")
    page = (await client.get("/v1/contracts", params={"buyer_code": organ, "limit": 2}, headers=headers)).json()
    assert [c["contract_no"] for c in page["items"]] == ["HT-L-0", "HT-L-1"]
    rest = (
        await client.get("/v1/contracts", params={"buyer_code": organ, "cursor": page["next_cursor"]}, headers=headers)
    ).json()
    assert ([c["contract_no"] for c in rest["items"]], rest["next_cursor"]) == (["HT-L-2"], None)
    overdue = (await client.get("/v1/contracts", params={"overdue": "true"}, headers=headers)).json()["items"]
    # Delivered 2025-07-01, due 2025-07-31: 5,000.00 overdue today.
    assert [(c["contract_no"], c["overdue_amount"]) for c in overdue] == [("HT-L-1", "5000.00")]
    not_overdue = (
        await client.get("/v1/contracts", params={"overdue": "false", "seller_uscc": seller}, headers=headers)
    ).json()
    assert [c["contract_no"] for c in not_overdue["items"]] == ["HT-L-0", "HT-L-2", "HT-L-X"]
    bad = await client.get("/v1/contracts", params={"cursor": "nonsense!"}, headers=headers)
    assert (bad.status_code, bad.json()["code"]) == (400, "cursor_invalid")


# -- bad input: a problem+json with a stable code, nothing stored -------------------------------------


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"buyer_code": world.code(999)}, 422, "buyer_unknown"),
        ({"seller_uscc": world.seller_code(999)}, 422, "seller_unknown"),
        ({"seller_uscc": "91150105000000001X"}, 422, "uscc_invalid"),
        ({"amount": "-5.00"}, 422, "validation_failed"),
        ({"amount": "0.00"}, 422, "validation_failed"),
        ({"amount": "100.001"}, 422, "validation_failed"),
        ({"signed_on": "2025-02-30"}, 422, "validation_failed"),
        ({"signed_on": "2025-09-02"}, 422, "date_in_future"),
        ({"subject": "land"}, 422, "validation_failed"),
        ({"agreed_overdue_rate": "4.35"}, 422, "validation_failed"),
        ({"agreed_term_days": 0}, 422, "validation_failed"),
        ({"acceptance_period_days": 10}, 422, "terms_inconsistent"),
        ({"contract_no": "a/b"}, 422, "validation_failed"),
        ({"unknown_field": 1}, 422, "validation_failed"),
    ],
)
async def test_a_bad_contract_is_refused_and_nothing_stored(client, keys, parties, sessions, change, status, code):
    seller, organ, _ = parties
    body = {
        "contract_no": "HT-BAD-1",
        "buyer_code": organ,
        "seller_uscc": seller,
        "amount": "1000.00",
        "subject": "goods",
        "signed_on": "2025-07-01",
    } | change
    response = await client.post("/v1/contracts", json=body, headers=keys.headers("platform"))
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert response.headers["content-type"].startswith("application/problem+json")
    assert await count_rows(sessions, Contract) == (0,)


async def test_a_contract_number_is_registered_once(client, keys, parties):
    seller, organ, _ = parties
    await world.contract(client, keys, buyer_code=organ, seller_uscc=seller, contract_no="HT-DUP")
    body = {
        "contract_no": "HT-DUP",
        "buyer_code": organ,
        "seller_uscc": seller,
        "amount": "1.00",
        "subject": "goods",
        "signed_on": "2025-07-01",
    }
    response = await client.post("/v1/contracts", json=body, headers=keys.headers("platform"))
    assert (response.status_code, response.json()["code"]) == (409, "contract_exists")


@pytest.mark.parametrize(
    ("path", "body", "status", "code"),
    [
        ("deliveries", {"delivered_on": "2025-06-30", "amount": "10.00"}, 422, "delivery_before_signing"),
        ("deliveries", {"delivered_on": "2025-09-02", "amount": "10.00"}, 422, "date_in_future"),
        ("deliveries", {"delivered_on": "2025-07-20", "amount": "100000.01"}, 422, "exceeds_contract_amount"),
        ("deliveries", {"delivered_on": "2025-07-20", "amount": "-1.00"}, 422, "validation_failed"),
        ("acceptances", {"accepted_on": "2025-07-14"}, 422, "acceptance_before_delivery"),
        ("settlements", {"confirmed_on": "2025-07-20", "amount": "10.00"}, 422, "not_periodic_settlement"),
        ("payments", {"paid_on": "2025-08-01", "amount": "60000.01", "reference": "X"}, 422, "overpayment"),
        ("payments", {"paid_on": "2025-06-30", "amount": "1.00", "reference": "X"}, 422, "date_before_signing"),
        ("payments", {"paid_on": "2025-08-01", "amount": "1.00"}, 422, "validation_failed"),
        ("payments", {"paid_on": "2025-08-01", "amount": "1.00", "reference": "B-0"}, 409, "payment_reference_exists"),
        ("disputes", {"amount": "60000.01", "raised_on": "2025-08-01"}, 422, "dispute_exceeds_payable"),
        ("disputes", {"amount": "10.00", "raised_on": "2025-07-14"}, 422, "dispute_before_payable"),
        (
            "disputes",
            {"amount": "10.00", "raised_on": "2025-08-01", "resolved_on": "2025-07-31"},
            422,
            "terms_inconsistent",
        ),
    ],
)
async def test_a_bad_fact_is_refused_and_nothing_stored(client, keys, parties, sessions, path, body, status, code):
    seller, organ, _ = parties
    await world.contract(
        client,
        keys,
        buyer_code=organ,
        seller_uscc=seller,
        contract_no="HT-F-1",
        acceptance_required=True,
        acceptance_period_days=10,
    )
    await world.post(
        client, keys, "/v1/contracts/HT-F-1/deliveries", {"delivered_on": "2025-07-15", "amount": "60000.00"}
    )
    await world.post(
        client, keys, "/v1/contracts/HT-F-1/payments", {"paid_on": "2025-07-20", "amount": "0.01", "reference": "B-0"}
    )
    before = await count_rows(sessions, Delivery, Payment, Payable, Dispute, OutboxRow)
    response = await client.post(f"/v1/contracts/HT-F-1/{path}", json=body, headers=keys.headers("platform"))
    assert (response.status_code, response.json()["code"]) == (status, code), response.text
    assert await count_rows(sessions, Delivery, Payment, Payable, Dispute, OutboxRow) == before


async def test_an_acceptance_on_a_contract_without_the_condition_is_refused(client, keys, parties):
    seller, organ, _ = parties
    await world.contract(client, keys, buyer_code=organ, seller_uscc=seller, contract_no="HT-NA")
    await world.post(client, keys, "/v1/contracts/HT-NA/deliveries", {"delivered_on": "2025-07-15", "amount": "10.00"})
    response = await client.post(
        "/v1/contracts/HT-NA/acceptances", json={"accepted_on": "2025-07-16"}, headers=keys.headers("platform")
    )
    assert (response.status_code, response.json()["code"]) == (422, "acceptance_not_required")


async def test_unknown_contracts_and_missing_scopes(client, keys):
    missing = await client.get("/v1/contracts/NOPE", headers=keys.headers("reader"))
    assert (missing.status_code, missing.json()["code"]) == (404, "contract_not_found")
    write = await client.post(
        "/v1/contracts/NOPE/payments",
        json={"paid_on": "2025-08-01", "amount": "1.00", "reference": "x"},
        headers=keys.headers("reader"),
    )
    assert write.status_code == 403
    assert (await client.get("/v1/contracts", headers=keys.headers("outsider"))).status_code == 403
    assert (await client.get("/v1/contracts")).status_code == 401


async def test_a_repeated_payment_with_an_idempotency_key_is_recorded_once(client, keys, parties, sessions):
    seller, organ, _ = parties
    await world.contract(client, keys, buyer_code=organ, seller_uscc=seller, contract_no="HT-IDEM")
    await world.post(
        client, keys, "/v1/contracts/HT-IDEM/deliveries", {"delivered_on": "2025-07-15", "amount": "100.00"}
    )
    body = {"paid_on": "2025-08-01", "amount": "40.00", "reference": "B-9"}
    headers = keys.headers("platform") | {"Idempotency-Key": "pay-HT-IDEM-1"}
    first = await client.post("/v1/contracts/HT-IDEM/payments", json=body, headers=headers)
    again = await client.post("/v1/contracts/HT-IDEM/payments", json=body, headers=headers)
    assert (first.status_code, again.status_code, again.headers.get("idempotent-replayed")) == (201, 201, "true")
    assert first.json() == again.json()
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Payment)) == 1


@pytest.mark.parametrize("as_of", ["9999-12-31", "2100-01-01", "1949-09-30", "2025-13-01"])
async def test_an_as_of_date_out_of_range_is_refused_not_an_error(client, keys, parties, as_of):
    seller, organ, _ = parties
    await world.contract(client, keys, buyer_code=organ, seller_uscc=seller, contract_no="HT-ASOF")
    for path in ("/v1/contracts/HT-ASOF", f"/v1/buyers/{organ}/risk"):
        response = await client.get(path, params={"as_of": as_of}, headers=keys.headers("reader"))
        assert (response.status_code, response.json()["code"]) == (422, "validation_failed")
