"""What the consumer does with other services' events, applied through the inbox in the test's
transaction: the registry's enterprises as a size history (a contract keeps the size of its signing
date, whatever order the events come in), the finance service's LPR publications, the hotline's
arrears tickets as cases on buyers."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from zjtx.common.clock import CHINA
from zjtx.common.events import finance as finance_events
from zjtx.common.events import payments as payment_events
from zjtx.common.messaging.envelope import make_envelope
from zjtx.common.testing.readers import audit_records, outbox_events
from zjtx.common.testing.registry_events import apply

from . import world


async def test_a_contract_signed_before_the_seller_grew_large_stays_monitored(client, keys, sessions, handlers):
    uscc = world.seller_code(1)
    organ = await world.buyer(client, keys, 1)
    # Registered small on 2025-03-01; grown large, effective 2025-08-01 (the registry says so).
    await apply(sessions, handlers, world.size_event(uscc, "small", at=date(2025, 3, 1)))
    await apply(
        sessions,
        handlers,
        world.size_event(uscc, "large", at=date(2025, 8, 20), effective_on=date(2025, 8, 1), verb="updated"),
    )
    before = await world.contract(
        client, keys, buyer_code=organ, seller_uscc=uscc, contract_no="SZ-1", signed_on="2025-07-15"
    )
    after = await world.contract(
        client, keys, buyer_code=organ, seller_uscc=uscc, contract_no="SZ-2", signed_on="2025-08-01"
    )
    assert (before["seller_size_at_signing"], before["monitored"]) == ("small", True)
    assert (after["seller_size_at_signing"], after["monitored"], after["not_monitored_reason"]) == (
        "large",
        False,
        "seller_not_sme",
    )


async def test_without_effective_on_the_day_of_the_event_counts(client, keys, sessions, handlers):
    uscc = world.seller_code(2)
    organ = await world.buyer(client, keys, 2)
    await apply(sessions, handlers, world.size_event(uscc, "small", at=date(2025, 3, 1)))
    # Occurred 2025-08-20 01:30 Asia/Shanghai (2025-08-19 17:30 UTC): effective 2025-08-20.
    grown = world.size_event(uscc, "large", at=date(2025, 8, 20), verb="updated", hour=1)
    await apply(sessions, handlers, grown)
    on_19 = await world.contract(
        client, keys, buyer_code=organ, seller_uscc=uscc, contract_no="SZ-3", signed_on="2025-08-19"
    )
    on_20 = await world.contract(
        client, keys, buyer_code=organ, seller_uscc=uscc, contract_no="SZ-4", signed_on="2025-08-20"
    )
    assert (on_19["seller_size_at_signing"], on_20["seller_size_at_signing"]) == ("small", "large")


async def test_a_late_size_event_for_an_earlier_date_revises_the_contracts_it_concerns(
    client, keys, sessions, handlers
):
    uscc = world.seller_code(3)
    organ = await world.buyer(client, keys, 3)
    await apply(sessions, handlers, world.size_event(uscc, "small", at=date(2025, 3, 1)))
    await world.contract(client, keys, buyer_code=organ, seller_uscc=uscc, contract_no="SZ-5", signed_on="2025-07-15")
    await world.contract(client, keys, buyer_code=organ, seller_uscc=uscc, contract_no="SZ-6", signed_on="2025-06-15")
    # The registry's history says it was large from 2025-07-01, reported late: SZ-5 (signed 07-15) was
    # signed with a large seller; SZ-6 (06-15) still with a small one.
    late = world.size_event(uscc, "large", at=date(2025, 8, 30), effective_on=date(2025, 7, 1), verb="updated")
    assert await apply(sessions, handlers, late) == [True]
    revised, kept = await world.read(client, keys, "SZ-5"), await world.read(client, keys, "SZ-6")
    assert (revised["seller_size_at_signing"], revised["monitored"]) == ("large", False)
    assert (kept["seller_size_at_signing"], kept["monitored"]) == ("small", True)
    [audit] = await audit_records(sessions, action="contract.seller_size_revised")
    assert (audit.entity_id, audit.before["seller_size_at_signing"], audit.after["seller_size_at_signing"]) == (
        "SZ-5",
        "small",
        "large",
    )
    # The same event again changes nothing (inbox), nor does an older event of the same day order.
    assert await apply(sessions, handlers, late) == [False]


async def test_a_contract_signed_before_the_size_history_starts_takes_its_earliest_size(
    client, keys, sessions, handlers
):
    uscc = world.seller_code(4)
    organ = await world.buyer(client, keys, 4)
    # Registered today as small, grown large an hour later, both of 2025-09-01: a contract of 2025-03-01
    # (before the history starts) takes the first size on record, small.
    await apply(sessions, handlers, world.size_event(uscc, "small", at=date(2025, 9, 1), hour=8))
    await apply(sessions, handlers, world.size_event(uscc, "large", at=date(2025, 9, 1), hour=9, verb="updated"))
    body = await world.contract(
        client, keys, buyer_code=organ, seller_uscc=uscc, contract_no="SZ-7", signed_on="2025-03-01"
    )
    assert (body["seller_size_at_signing"], body["seller_size_effective_on"], body["monitored"]) == (
        "small",
        "2025-09-01",
        True,
    )
    assert any("earliest size on record" in step for step in body["explanation"]["formula"])


def lpr_event(published_on: date, one_year: str) -> object:
    return make_envelope(
        finance_events.LPR_PUBLISHED,
        key="lpr",
        payload=finance_events.LprPublished(
            published_on=published_on, one_year=Decimal(one_year), five_year=Decimal("3.50")
        ),
        producer="finance-subsidy",
        occurred_at=datetime(2025, 8, 20, 9, 30, tzinfo=CHINA),
    )


async def test_an_lpr_publication_from_the_finance_service_rereads_the_contracts_it_concerns(
    client, keys, sessions, handlers
):
    seller = await world.seller(sessions, handlers, 5)
    organ = await world.buyer(client, keys, 5)
    # Signed 2025-08-25 at 2.90% a year: the shipped table gives 3.00% (2025-08-20): flagged.
    body = await world.contract(
        client,
        keys,
        buyer_code=organ,
        seller_uscc=seller,
        contract_no="LPR-1",
        signed_on="2025-08-25",
        agreed_overdue_rate="0.029",
    )
    assert body["flags"] == ["overdue_rate_below_lpr"]
    # A correction of the 2025-08-20 publication to 2.85% arrives: 2.90% ≥ 2.85%, no longer flagged.
    assert await apply(sessions, handlers, lpr_event(date(2025, 8, 20), "2.85")) == [True]
    body = await world.read(client, keys, "LPR-1")
    assert (body["flags"], body["rate_basis"]) == ([], "agreed")
    # By date, a page at a time: the facts' 2025-08-20 publication, replaced by the one received.
    first = (await client.get("/v1/lpr", params={"limit": 20}, headers=keys.headers("reader"))).json()
    rest = (await client.get("/v1/lpr", params={"cursor": first["next_cursor"]}, headers=keys.headers("reader"))).json()
    listed = first["items"] + rest["items"]
    assert [p["published_on"] for p in listed] == sorted(p["published_on"] for p in listed)
    assert {"published_on": "2025-08-20", "one_year": "2.85", "five_year": "3.50", "source": "received"} in listed
    assert (len(listed), rest["next_cursor"]) == (31, None)  # the 31 publications of the facts, one replaced
    [audit] = await audit_records(sessions, action="contract.reread")
    assert audit.after["flags"] == []


async def test_an_arrears_ticket_opens_a_case_on_the_buyer_and_counts_in_its_risk(client, keys, sessions, handlers):
    organ = await world.buyer(client, keys, 6)
    ticket = world.ticket_event(organ.lower(), received=datetime(2025, 8, 20, 23, 30, tzinfo=CHINA))
    assert await apply(sessions, handlers, ticket, world.ticket_event(organ, category="permits")) == [True, True]
    page = (await client.get(f"/v1/buyers/{organ}/complaints", headers=keys.headers("reader"))).json()
    [case] = page["items"]
    assert (case["buyer_code"], case["received_on"], case["counted"]) == (organ, "2025-08-20", True)
    risk = (await client.get(f"/v1/buyers/{organ}/risk", headers=keys.headers("reader"))).json()
    # One complaint: 10 × 1/3 = 3.33.
    assert (risk["terms"][3]["value"], risk["terms"][3]["points"], risk["score"]) == ("1", "3.33", "3.33")
    # Withdrawn: no longer counted.
    withdrawn = world.ticket_event(organ, verb="withdrawn", ticket_id=uuid.UUID(ticket.payload["ticket_id"]))
    await apply(sessions, handlers, withdrawn)
    risk = (await client.get(f"/v1/buyers/{organ}/risk", headers=keys.headers("reader"))).json()
    assert risk["score"] == "0.00"


async def test_an_arrears_ticket_naming_only_a_contract_is_the_contracts_buyers(client, keys, sessions, handlers):
    seller = await world.seller(sessions, handlers, 7)
    organ = await world.buyer(client, keys, 7)
    await world.contract(client, keys, buyer_code=organ, seller_uscc=seller, contract_no="TK-1")
    await apply(
        sessions, handlers, world.ticket_event(None, contract_no="TK-1"), world.ticket_event(None, contract_no="NONE")
    )
    page = (await client.get(f"/v1/buyers/{organ}/complaints", headers=keys.headers("reader"))).json()
    assert [c["contract_no"] for c in page["items"]] == ["TK-1"]


async def test_a_large_overdue_moves_the_level_and_publishes_it(client, keys, sessions, handlers):
    seller = await world.seller(sessions, handlers, 8)
    organ = await world.buyer(client, keys, 8)
    await world.contract(
        client,
        keys,
        buyer_code=organ,
        seller_uscc=seller,
        contract_no="RK-1",
        amount="2000000.00",
        signed_on="2025-06-01",
    )
    # Delivered 2025-06-02 (Mon), due 2025-07-02 (Wed); on 2025-09-01: 1,000,000.00 overdue (40.00) for
    # 61 days (07-03 .. 07-31 is 29, August 31, September 1: 30 × 61/90 = 20.333… → 20.33), one contract
    # (20 × 1/5 = 4.00): 64.33, high.
    await world.post(
        client, keys, "/v1/contracts/RK-1/deliveries", {"delivered_on": "2025-06-02", "amount": "1000000.00"}
    )
    buyer = (await client.get(f"/v1/buyers/{organ}", headers=keys.headers("reader"))).json()
    assert (buyer["risk_score"], buyer["risk_level"], buyer["risk_as_of"]) == ("64.33", "high", "2025-09-01")
    [changed] = [e["payload"] for e in await outbox_events(sessions, payment_events.BUYER_RISK_CHANGED)]
    assert (changed["buyer_code"], changed["level"], changed["previous_level"], changed["score"]) == (
        organ,
        "high",
        "low",
        "64.33",
    )
    # Paid down to 100,000.00: 4.00 + 20.33 + 4.00 = 28.33, low again: published.
    await world.post(
        client, keys, "/v1/contracts/RK-1/payments", {"paid_on": "2025-09-01", "amount": "900000.00", "reference": "R"}
    )
    levels = [
        (e["payload"]["previous_level"], e["payload"]["level"])
        for e in await outbox_events(sessions, payment_events.BUYER_RISK_CHANGED)
    ]
    assert levels == [("low", "high"), ("high", "low")]
