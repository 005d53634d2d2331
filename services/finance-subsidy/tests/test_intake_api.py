"""The banks' webhook: signatures (wrong secret, old timestamp, changed body, replayed event id), a bank
sending for itself only, events held until their loan and never dropped, bad input refused with a stable
code and nothing stored, and a bank's key seeing only its own bank's loans and events."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client import REGISTRY

from zjtx.common.clock import FixedClock
from zjtx.common.messaging.tables import InboxRow, OutboxRow
from zjtx.common.sampling import MetricsSampler
from zjtx.common.testing.uscc import make_uscc
from zjtx.common.web.audit import AuditRecord
from zjtx.finance_subsidy.definition import FINANCE_SUBSIDY
from zjtx.finance_subsidy.intake.models import BankEvent
from zjtx.finance_subsidy.loan.models import InterestPeriod, Loan

from .world import World, defaulted, disbursed, interest_paid, repaid

STORED = (BankEvent, Loan, InterestPeriod, InboxRow, OutboxRow, AuditRecord)


@pytest.fixture
async def demo(client, keys, sessions, handlers, clock) -> World:
    world = World(client, keys, sessions, handlers, clock)
    await world.bank("DEMO")
    await world.bank("OTHER", partner=False)
    return world


async def counts(world: World) -> list[int]:
    return [await world.count(model) for model in STORED]


async def refused(world: World, event: dict, *, status: int, code: str, **signing) -> dict:
    """The event is refused with `status` and `code`, and nothing at all is stored."""
    before = await counts(world)
    response = await world.post(event, **signing)
    assert (response.status_code, response.json().get("code")) == (status, code), response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert await counts(world) == before
    return response.json()


# -- signatures ------------------------------------------------------------------------------------


async def test_a_signed_event_is_applied(demo: World):
    uscc = await demo.little_giant(1)
    [receipt] = await demo.send(disbursed("L-1", uscc, event_id="DEMO-1"))
    assert receipt == {
        "event_id": "DEMO-1",
        "bank_code": "DEMO",
        "type": "loan.disbursed",
        "loan_id": "L-1",
        "status": "applied",
        "duplicate": False,
        "received_via": "webhook",
        "reason": None,
    }


async def test_a_wrong_secret_is_refused(demo: World):
    uscc = await demo.little_giant(2)
    await refused(demo, disbursed("L-2", uscc), status=401, code="signature_invalid", secret="not-the-secret")


async def test_a_timestamp_outside_the_five_minute_window_is_refused(demo: World):
    uscc = await demo.little_giant(3)
    old = int((demo.clock.now() - timedelta(minutes=5, seconds=1)).timestamp())
    await refused(demo, disbursed("L-3", uscc), status=401, code="signature_expired", timestamp=old)
    ahead = int((demo.clock.now() + timedelta(minutes=6)).timestamp())
    await refused(demo, disbursed("L-3", uscc), status=401, code="signature_expired", timestamp=ahead)
    # Within the window (4 minutes old) the same event is accepted.
    recent = int((demo.clock.now() - timedelta(minutes=4)).timestamp())
    assert (await demo.post(disbursed("L-3", uscc), timestamp=recent)).status_code == 200


async def test_a_body_changed_after_signing_is_refused(demo: World):
    uscc = await demo.little_giant(4)
    event = disbursed("L-4", uscc, principal="1000000.00")
    body = json.dumps(event).encode()
    headers = demo.signed(body)
    tampered = body.replace(b"1000000.00", b"9000000.00")
    before = await counts(demo)
    response = await demo.client.post("/v1/bank-events", content=tampered, headers=headers)
    assert (response.status_code, response.json()["code"]) == (401, "signature_invalid")
    assert await counts(demo) == before


async def test_missing_signature_headers_are_refused(demo: World):
    uscc = await demo.little_giant(5)
    body = json.dumps(disbursed("L-5", uscc)).encode()
    response = await demo.client.post(
        "/v1/bank-events", content=body, headers={**demo.headers("bank-demo"), "content-type": "application/json"}
    )
    assert (response.status_code, response.json()["code"]) == (401, "signature_invalid")


async def test_a_replayed_event_id_is_applied_once_and_answered_as_a_duplicate(demo: World):
    uscc = await demo.little_giant(6)
    event = disbursed("L-6", uscc, event_id="DEMO-6")
    [first] = await demo.send(event)
    rows = await counts(demo)
    [again] = await demo.send(event)  # the same signed event again, a new timestamp and signature
    assert (first["duplicate"], again["duplicate"], again["status"]) == (False, True, "applied")
    assert await counts(demo) == rows  # nothing stored twice
    # The same id with another content is a conflict, not a duplicate.
    changed = disbursed("L-6", uscc, event_id="DEMO-6", principal="5.00")
    await refused(demo, changed, status=409, code="bank_event_conflict")


async def test_a_bank_sends_for_its_own_bank_only(demo: World):
    uscc = await demo.little_giant(7)
    await refused(demo, disbursed("L-7", uscc, bank_code="OTHER"), status=403, code="bank_mismatch")
    # A key without the bank scope, or bound to no bank, never gets as far.
    body = json.dumps(disbursed("L-7", uscc)).encode()
    for client, status in (("platform", 403), ("bank-unbound", 403)):
        response = await demo.client.post(
            "/v1/bank-events", content=body, headers=demo.signed(body, client=client, secret="x")
        )
        assert response.status_code == status


async def test_an_event_of_a_bank_not_registered_is_refused(demo: World):
    uscc = await demo.little_giant(8)
    await refused(demo, disbursed("L-8", uscc, bank_code="NEWBANK"), status=422, code="bank_unknown", client="bank-new")
    await demo.bank("NEWBANK")
    assert (await demo.post(disbursed("L-8", uscc, bank_code="NEWBANK"), client="bank-new")).status_code == 200


# -- held until the loan arrives ---------------------------------------------------------------------


async def test_events_before_their_loan_are_held_then_applied_in_order(demo: World):
    uscc = await demo.little_giant(10)
    held = await demo.send(
        interest_paid("L-10", "2024-04-01", "2024-06-30"), repaid("L-10", "1000000.00", "2024-07-01")
    )
    assert [r["status"] for r in held] == ["held", "held"]
    assert (await demo.client.get("/v1/loans/DEMO/L-10", headers=demo.headers("platform"))).status_code == 404
    listed = await demo.get("/v1/bank-events", status="held")
    assert [e["type"] for e in listed["items"]] == ["loan.interest_paid", "loan.repaid"]
    assert listed["items"][0]["reason"].startswith("loan DEMO/L-10 is not reported yet")

    await demo.send(disbursed("L-10", uscc))
    loan = await demo.get("/v1/loans/DEMO/L-10")
    assert (loan["outstanding_principal"], loan["held_events"]) == ("9000000.00", []), loan["held_events"]
    assert [p["decision"] for p in loan["periods"]] == ["subsidised"]
    [subsidy] = await demo.subsidies(uscc=uscc)
    assert subsidy["amount"] == "43125.00"
    assert [e["status"] for e in (await demo.get("/v1/bank-events", loan_id="L-10"))["items"]] == [
        "applied",
        "applied",
        "applied",
    ]


async def test_a_held_event_found_invalid_when_its_loan_arrives_is_kept_as_refused(demo: World):
    uscc = await demo.little_giant(11)
    await demo.send(interest_paid("L-11", "2023-01-01", "2023-04-01"))  # before the loan's disbursement
    await demo.send(disbursed("L-11", uscc))
    loan = await demo.get("/v1/loans/DEMO/L-11")
    [kept] = loan["held_events"]
    assert kept["status"] == "refused"
    assert kept["reason"].startswith("period_outside_loan:")
    assert loan["periods"] == []


async def test_a_held_event_older_than_seven_days_is_listed_for_staff(demo: World, app, clock):
    await demo.send(interest_paid("L-12", "2024-04-01", "2024-06-30"))
    assert (await demo.get("/v1/bank-events", stale="true"))["items"] == []
    app.state.clock = FixedClock(clock.now() + timedelta(days=7, minutes=1))  # held a week and a minute
    [stale] = (await demo.get("/v1/bank-events", stale="true"))["items"]
    assert (stale["loan_id"], stale["stale"], stale["age_days"]) == ("L-12", True, 7)
    job = await demo.client.post("/v1/admin/jobs/stale-held-events", headers=demo.headers("admin"))
    assert job.json() == {"job": "stale-held-events", "affected": 1}


# -- bad input: a stable code, nothing stored ---------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"uscc": "91150105MA0Q4LJX28"}, 422, "uscc_invalid"),
        ({"uscc": make_uscc(99_999)}, 422, "enterprise_unknown"),
        ({"principal": "-1.00"}, 422, "validation_failed"),
        ({"principal": "lots"}, 422, "validation_failed"),
        ({"principal": "1000.001"}, 422, "validation_failed"),
        ({"principal": "0.00"}, 422, "amount_invalid"),
        ({"annual_rate": "abc"}, 422, "validation_failed"),
        ({"purpose": "gambling"}, 422, "validation_failed"),
        ({"product": "mystery"}, 422, "validation_failed"),
        ({"maturity_on": "2024-02-01"}, 422, "loan_dates_invalid"),
        ({"disbursed_on": "2025-09-02", "maturity_on": "2026-09-02"}, 422, "date_in_future"),
    ],
)
async def test_a_bad_disbursement_is_refused(demo: World, change, status, code):
    uscc = await demo.little_giant(20)
    event = disbursed("L-20", uscc)
    event["payload"].update(change)
    await refused(demo, event, status=status, code=code)


@pytest.mark.parametrize(
    ("start", "end", "change", "code"),
    [
        ("2024-06-30", "2024-04-01", {}, "period_invalid"),
        ("2024-04-01", "2024-04-01", {}, "period_invalid"),
        ("2024-02-01", "2024-04-01", {}, "period_outside_loan"),
        ("2026-01-01", "2026-04-01", {}, "period_outside_loan"),
        ("2024-04-01", "2024-06-30", {"interest_amount": "-5.00"}, "validation_failed"),
        ("2024-04-01", "2024-06-30", {"outstanding_principal": "20000000.00"}, "outstanding_exceeds_principal"),
        ("2024-04-01", "2024-06-30", {"paid_on": "2025-12-01"}, "date_in_future"),
        ("2024-05-01", "2024-07-31", {}, "period_overlaps"),
    ],
)
async def test_a_bad_interest_period_is_refused(demo: World, start, end, change, code):
    uscc = await demo.little_giant(21)
    await demo.send(disbursed("L-21", uscc), interest_paid("L-21", "2024-04-01", "2024-06-30"))
    event = interest_paid("L-21", start, end)
    event["payload"].update(change)
    await refused(demo, event, status=409 if code == "period_overlaps" else 422, code=code)


async def test_malformed_json_and_unknown_fields_are_refused(demo: World):
    body = b'{"event_id": "X-1", "type": '
    response = await demo.client.post("/v1/bank-events", content=body, headers=demo.signed(body))
    assert (response.status_code, response.json()["code"]) == (400, "malformed_json")
    event = disbursed("L-22", make_uscc(22))
    event["payload"]["colour"] = "red"
    problem = await refused(demo, event, status=422, code="validation_failed")
    assert problem["errors"] == [{"field": "payload.colour", "message": "Extra inputs are not permitted"}]
    unknown_type = {**event, "type": "loan.restructured"}
    await refused(demo, unknown_type, status=422, code="validation_failed")


async def test_a_repayment_above_what_is_outstanding_and_a_second_default_are_refused(demo: World):
    uscc = await demo.little_giant(23)
    await demo.send(disbursed("L-23", uscc), repaid("L-23", "4000000.00", "2024-06-01"))
    await refused(demo, repaid("L-23", "6000000.01", "2024-07-01"), status=422, code="repayment_exceeds_outstanding")
    await demo.send(defaulted("L-23", "6000000.00", "2025-01-10"))
    await refused(demo, defaulted("L-23", "5000000.00", "2025-02-10"), status=409, code="loan_already_defaulted")
    loan = await demo.get("/v1/loans/DEMO/L-23")
    assert (loan["status"], loan["outstanding_principal"], loan["defaulted_on"]) == (
        "defaulted",
        "6000000.00",
        "2025-01-10",
    )


# -- each bank sees its own ---------------------------------------------------------------------------


async def test_a_banks_key_sees_only_its_own_loans_and_events(demo: World):
    uscc = await demo.little_giant(30)
    await demo.send(disbursed("L-30", uscc))
    own = await demo.get("/v1/loans/DEMO/L-30", client="bank-demo")
    assert own["loan_id"] == "L-30"
    hidden = await demo.client.get("/v1/loans/DEMO/L-30", headers=demo.headers("bank-other"))
    assert (hidden.status_code, hidden.json()["code"]) == (404, "loan_not_found")
    assert (await demo.get("/v1/loans", client="bank-other"))["items"] == []
    assert (await demo.get("/v1/loans", client="bank-other", bank_code="DEMO"))["items"] == []
    assert (await demo.get("/v1/bank-events", client="bank-other"))["items"] == []
    assert [e["loan_id"] for e in (await demo.get("/v1/bank-events", client="bank-demo"))["items"]] == ["L-30"]
    staff = await demo.get("/v1/loans", uscc=uscc)
    assert [loan["loan_id"] for loan in staff["items"]] == ["L-30"]
    outsider = await demo.client.get("/v1/loans", headers=demo.headers("outsider"))
    assert outsider.status_code == 403


async def test_every_write_of_an_event_is_audited(demo: World):
    uscc = await demo.little_giant(31)
    await demo.send(disbursed("L-31", uscc), interest_paid("L-31", "2024-04-01", "2024-06-30"))
    actions = sorted(record.action for record in await demo.audits() if record.action != "bank.registered")
    assert actions == ["interest_period.reported", "loan.disbursed", "subsidy.computed"]


async def test_a_period_overlapping_another_is_refused_saying_which(demo: World):
    # The database refuses it (an exclusion constraint on the loan's days), whichever of two concurrent
    # reports comes second; the problem names the period it overlaps.
    uscc = await demo.little_giant(24)
    await demo.send(disbursed("L-24", uscc), interest_paid("L-24", "2024-04-01", "2024-06-30"))
    problem = await refused(demo, interest_paid("L-24", "2024-06-29", "2024-09-30"), status=409, code="period_overlaps")
    assert problem["detail"] == "2024-04-01 to 2024-06-30 is reported for this loan already"
    # Adjacent periods share no day: 2024-06-30 is the first day of the next one.
    await demo.send(interest_paid("L-24", "2024-06-30", "2024-09-30"))


async def test_banks_are_registered_once_by_an_admin(demo: World):
    assert await demo.get("/v1/banks/DEMO") == {
        "code": "DEMO",
        "name": "DEMO 银行呼和浩特分行",
        "zhubaodai_partner": True,
    }
    assert await demo.get("/v1/banks") == {
        "items": [
            {"code": "DEMO", "name": "DEMO 银行呼和浩特分行", "zhubaodai_partner": True},
            {"code": "OTHER", "name": "OTHER 银行呼和浩特分行", "zhubaodai_partner": False},
        ],
        "next_cursor": None,
    }
    first = await demo.get("/v1/banks", limit=1)
    second = await demo.get("/v1/banks", limit=1, cursor=first["next_cursor"])
    assert [bank["code"] for bank in first["items"] + second["items"]] == ["DEMO", "OTHER"]
    assert second["next_cursor"] is not None  # a full page: the next one says it is the last
    assert await demo.get("/v1/banks", limit=1, cursor=second["next_cursor"]) == {"items": [], "next_cursor": None}
    missing = await demo.client.get("/v1/banks/NOPE", headers=demo.headers("platform"))
    assert (missing.status_code, missing.json()["code"]) == (404, "bank_not_found")
    again = await demo.client.post(
        "/v1/banks", json={"code": "DEMO", "name": "x", "zhubaodai_partner": False}, headers=demo.headers("admin")
    )
    assert (again.status_code, again.json()["code"]) == (409, "bank_exists")
    by_bank = await demo.client.post(
        "/v1/banks", json={"code": "B2", "name": "x", "zhubaodai_partner": False}, headers=demo.headers("bank-demo")
    )
    assert by_bank.status_code == 403


async def test_held_events_are_gauges_an_alert_can_read(demo: World, sessions):
    sampler = MetricsSampler(sessions, measures=FINANCE_SUBSIDY.measures)
    uscc = await demo.little_giant(11)
    await demo.send(interest_paid("L-11", "2024-04-01", "2024-06-30"), repaid("L-11", "1000000.00", "2024-07-01"))
    # Received at the test clock's now (2025-09-01 10:00 in China), so held since then at least.
    at_least = (datetime.now(UTC) - datetime(2025, 9, 1, 2, 0, tzinfo=UTC)).total_seconds()
    await sampler.sample()
    assert REGISTRY.get_sample_value("zjtx_finance_bank_events_held") == 2
    assert REGISTRY.get_sample_value("zjtx_finance_bank_events_held_oldest_age_seconds") >= at_least

    await demo.send(disbursed("L-11", uscc))
    await sampler.sample()
    assert REGISTRY.get_sample_value("zjtx_finance_bank_events_held") == 0
    assert REGISTRY.get_sample_value("zjtx_finance_bank_events_held_oldest_age_seconds") == 0
