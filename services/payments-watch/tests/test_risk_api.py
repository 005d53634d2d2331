"""A10.5 through the ASGI app: the risk on any date, the database's count agreeing with each contract's
own reading, the complaint window's edges, the policy's start."""

from __future__ import annotations

from datetime import datetime

from zjtx.common.clock import CHINA
from zjtx.common.testing.registry_events import apply

from . import world


async def risk(client, keys, code: str, as_of: str | None = None) -> dict:
    response = await client.get(
        f"/v1/buyers/{code}/risk", params={"as_of": as_of} if as_of else {}, headers=keys.headers("reader")
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_the_risk_counts_what_each_contract_says_is_overdue(client, keys, sessions, handlers):
    seller = await world.seller(sessions, handlers, 1)
    organ = await world.buyer(client, keys, 1)
    await world.contract(client, keys, buyer_code=organ, seller_uscc=seller, contract_no="R-1", amount="500000.00")
    await world.contract(client, keys, buyer_code=organ, seller_uscc=seller, contract_no="R-2", amount="500000.00")
    await world.post(
        client, keys, "/v1/contracts/R-1/deliveries", {"delivered_on": "2025-07-01", "amount": "300000.00"}
    )
    await world.post(
        client, keys, "/v1/contracts/R-1/payments", {"paid_on": "2025-08-10", "amount": "50000.00", "reference": "a"}
    )
    await world.post(
        client, keys, "/v1/contracts/R-2/deliveries", {"delivered_on": "2025-07-28", "amount": "200000.00"}
    )
    await world.post(client, keys, "/v1/contracts/R-2/disputes", {"amount": "80000.00", "raised_on": "2025-08-01"})
    # On 2025-09-01: R-1 due 2025-07-31, 250,000.00 overdue since 08-01 (32 days); R-2 due 2025-08-27,
    # 120,000.00 undisputed overdue since 08-28 (5 days). Amount 370,000.00 → 40 × 0.37 = 14.80;
    # longest 32 days → 30 × 32/90 = 10.666… → 10.67; 2 contracts → 8.00; no complaint. 33.47, medium.
    body = await risk(client, keys, organ)
    assert [t["value"] for t in body["terms"]] == ["370000.00", "32", "2", "0"]
    assert (body["score"], body["level"], body["as_of"]) == ("33.47", "medium", "2025-09-01")
    contracts = [await world.read(client, keys, no) for no in ("R-1", "R-2")]
    assert sum(float(c["overdue_amount"]) for c in contracts) == 370000.0
    # As of 2025-08-15 only R-1 is due: 300,000.00 less the 50,000.00 paid on 08-10, 250,000.00 overdue
    # for 15 days (08-01 .. 08-15): 10.00 + 5.00 + 4.00 = 19.00, low.
    earlier = await risk(client, keys, organ, "2025-08-15")
    assert ([t["value"] for t in earlier["terms"]], earlier["score"], earlier["level"]) == (
        ["250000.00", "15", "1", "0"],
        "19.00",
        "low",
    )


async def test_complaints_count_for_twelve_months(client, keys, sessions, handlers):
    organ = await world.buyer(client, keys, 2)
    at = lambda *day: datetime(*day, 12, 0, tzinfo=CHINA)  # noqa: E731
    await apply(
        sessions,
        handlers,
        world.ticket_event(organ, received=at(2024, 9, 1)),  # exactly 12 months before 2025-09-01: out
        world.ticket_event(organ, received=at(2024, 9, 2)),  # in
        world.ticket_event(organ, received=at(2025, 9, 1)),  # in
    )
    assert (await risk(client, keys, organ))["terms"][3]["value"] == "2"
    assert (await risk(client, keys, organ, "2025-08-31"))["terms"][3]["value"] == "2"  # 2024-09-01 in, 09-01 not yet


async def test_the_risk_score_starts_with_the_policy(client, keys):
    organ = await world.buyer(client, keys, 3)
    response = await client.get(
        f"/v1/buyers/{organ}/risk", params={"as_of": "2021-12-31"}, headers=keys.headers("reader")
    )
    assert (response.status_code, response.json()["code"]) == (422, "before_policy")
    missing = await client.get(f"/v1/buyers/{world.code(4)}/risk", headers=keys.headers("reader"))
    assert (missing.status_code, missing.json()["code"]) == (404, "buyer_not_found")
