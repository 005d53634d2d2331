"""One enterprise file: every history line says the date its fact is about (business_date), when the
registry recorded it (recorded_at) and who acted (actor):
the client whose request wrote the event, else the service that acted on its own.
Clock fixed at 2025-09-01."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

from zjtx.common.events import awards
from zjtx.common.messaging.envelope import make_envelope
from zjtx.common.testing.registry_events import apply
from zjtx.registry.history.service import business_date

from .factories import grant, register


async def _lines(client, keys, uscc: str) -> list[dict]:
    response = await client.get(
        f"/v1/enterprises/{uscc}/history", params={"limit": 200}, headers=keys.headers("reader")
    )
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def test_the_registrys_lines_carry_the_business_date_and_the_acting_client(client, keys):
    uscc = await register(client, keys, 801)
    await grant(client, keys, uscc, recognized_on="2024-06-18")
    await client.post(
        f"/v1/enterprises/{uscc}/scale-reports",
        headers=keys.headers("writer"),
        json={"year": 2024, "main_business_revenue": "21000000.00"},
    )
    lines = {line["event_type"]: line for line in await _lines(client, keys, uscc)}
    # Registered (its facts in effect from its registration), recognised 2024-06-18, 2024 reported: about the
    # year, dated its last day.
    assert lines["registry.recognition.granted"]["business_date"] == "2024-06-18"
    assert lines["registry.enterprise.scale_reported"]["business_date"] == "2024-12-31"
    assert lines["registry.enterprise.registered"]["business_date"] is not None
    writer = {line["actor"] for line in lines.values()}
    assert len(writer) == 1 and None not in writer  # the writer's client on every line
    assert all(line["recorded_at"] for line in lines.values())


async def test_an_award_consumed_is_dated_by_its_reference_date_and_its_payment(client, keys, sessions, handlers):
    uscc = await register(client, keys, 802)
    award = awards.AwardEvent(
        award_id=uuid.uuid4(),
        uscc=uscc,
        rule="A1.1",
        amount=Decimal("200000.00"),
        status="computed",
        reference_date=date(2024, 6, 18),
    )
    paid = award.model_copy(update={"status": "disbursed", "paid_on": date(2025, 8, 20)})
    at = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)
    await apply(
        sessions,
        handlers,
        make_envelope(awards.AWARD_COMPUTED, key=uscc, payload=award, producer="awards", occurred_at=at),
        # Recorded by the finance bureau's client: a request's event names the client that sent it.
        make_envelope(
            awards.AWARD_DISBURSED, key=uscc, payload=paid, producer="awards", occurred_at=at, actor="finance-bureau"
        ),
    )
    lines = {line["event_type"]: line for line in await _lines(client, keys, uscc) if line["producer"] == "awards"}
    assert lines["awards.award.computed"]["business_date"] == "2024-06-18"
    assert lines["awards.award.disbursed"]["business_date"] == "2025-08-20"
    # Computed by the awards service on its own (its consumer): the service acted; paid: the client that
    # recorded the payment.
    assert lines["awards.award.computed"]["actor"] == "awards"
    assert lines["awards.award.disbursed"]["actor"] == "finance-bureau"


def test_business_dates_by_event():
    assert business_date(
        "registry.recognition.revoked", {"recognized_on": "2024-06-18", "revoked_on": "2025-08-01"}
    ) == date(2025, 8, 1)
    assert business_date(
        "registry.enterprise.credit_list_removed", {"listed_on": "2024-01-01", "removed_on": "2025-01-01"}
    ) == date(2025, 1, 1)
    assert business_date("hotline.ticket.received", {"title": "欠款"}) is None


async def test_pools_service_records_and_inspections_join_the_file_with_their_dates(client, keys):
    uscc = await register(client, keys, 803)
    writer = keys.headers("writer")
    joined = await client.post(
        "/v1/pools/scale_up/members", json={"uscc": uscc, "joined_on": "2025-03-01"}, headers=writer
    )
    assert joined.status_code == 201, joined.text
    visit = {"kind": "tracking_visit", "occurred_on": "2025-04-02"}
    assert (await client.post(f"/v1/enterprises/{uscc}/service-records", json=visit, headers=writer)).status_code == 201
    body = {"inspection_type": "产品质量", "department": "市市场监督管理局", "ended_on": "2025-04-10", "result": "合格"}
    inspected = await client.post(f"/v1/enterprises/{uscc}/inspections", json=body, headers=writer)
    assert inspected.status_code == 201, inspected.text
    lines = {line["event_type"]: line for line in await _lines(client, keys, uscc)}
    assert {kind: lines[kind]["business_date"] for kind in lines if not kind.startswith("registry.enterprise")} == {
        "registry.pool.joined": "2025-03-01",
        "registry.service_record.recorded": "2025-04-02",
        "registry.inspection.recorded": "2025-04-10",
    }
    registered_by = lines["registry.enterprise.registered"]["actor"]
    assert registered_by is not None
    assert {lines[kind]["actor"] for kind in lines} == {registered_by}


async def test_claims_join_the_file_rejected_ones_too_with_who_filed_them(client, keys, sessions, handlers):
    uscc = await register(client, keys, 804)
    at = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)
    filed = awards.ClaimEvent(
        claim_id=uuid.uuid4(),
        uscc=uscc,
        rule="A2.1",
        status="rejected",
        decided_on=date(2025, 8, 28),
        filed_by="platform",
        reason="no new supply amount over the year before",
        reason_code="not_eligible",
    )
    await apply(
        sessions,
        handlers,
        make_envelope(awards.CLAIM_FILED, key=uscc, payload=filed, producer="awards", occurred_at=at, actor="platform"),
    )
    (line,) = [line for line in await _lines(client, keys, uscc) if line["producer"] == "awards"]
    assert line["event_type"] == "awards.claim.filed"
    assert line["summary"] == "claim A2.1 filed: rejected (not_eligible: no new supply amount over the year before)"
    assert (line["business_date"], line["actor"]) == ("2025-08-28", "platform")
