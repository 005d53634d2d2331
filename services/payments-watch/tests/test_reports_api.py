"""Reports through the ASGI app, clock fixed at 2025-09-01: the A10.6 disclosure of 2024 (contracts paid
late, paid on time, still unpaid on 31 December), as JSON and as the CSV a unit publishes; payment
practices over 2024."""

from __future__ import annotations

import csv
import io

import pytest

from . import world


@pytest.fixture
async def year_2024(client, keys, sessions, handlers):
    """An organ with three contracts of 2024 (2020 text, 30 days), an institution with none, an SOE."""
    seller = await world.seller(sessions, handlers, 1)
    organ = await world.buyer(client, keys, 1, "organ")
    institution = await world.buyer(client, keys, 2, "institution")
    soe = await world.buyer(client, keys, 3, "soe")

    async def contract(no: str, buyer: str = organ):
        await world.contract(
            client,
            keys,
            buyer_code=buyer,
            seller_uscc=seller,
            contract_no=no,
            amount="500000.00",
            signed_on="2024-09-02",
        )

    async def fact(no: str, what: str, body: dict):
        await world.post(client, keys, f"/v1/contracts/{no}/{what}", body)

    # Paid late: delivered 2024-10-08, due 2024-11-07 (Thu), paid in full 2024-11-20.
    await contract("D-LATE")
    await fact("D-LATE", "deliveries", {"delivered_on": "2024-10-08", "amount": "50000.00"})
    await fact("D-LATE", "payments", {"paid_on": "2024-11-20", "amount": "50000.00", "reference": "1"})
    # Paid on time: delivered 2024-11-01, day 30 = 2024-12-01 (Sun) → due 2024-12-02; paid 2024-11-25.
    await contract("D-ONTIME")
    await fact("D-ONTIME", "deliveries", {"delivered_on": "2024-11-01", "amount": "80000.00"})
    await fact("D-ONTIME", "payments", {"paid_on": "2024-11-25", "amount": "80000.00", "reference": "2"})
    # Still unpaid on 31 December: delivered 2024-10-15, due 2024-11-14, 20,000.00 paid 2024-12-10;
    # 100,000.00 overdue on 2024-12-31 (paid only on 2025-02-01). A second delivery of 2024-12-20 is due
    # 2025-01-20 (01-19 is a Sunday): not overdue on 2024-12-31, not counted.
    await contract("D-UNPAID")
    await fact("D-UNPAID", "deliveries", {"delivered_on": "2024-10-15", "amount": "120000.00"})
    await fact("D-UNPAID", "deliveries", {"delivered_on": "2024-12-20", "amount": "30000.00"})
    await fact("D-UNPAID", "payments", {"paid_on": "2024-12-10", "amount": "20000.00", "reference": "3"})
    await fact("D-UNPAID", "payments", {"paid_on": "2025-02-01", "amount": "100000.00", "reference": "4"})
    # An SOE's overdue contract: not in the disclosure (机关 and 事业单位 only).
    await contract("D-SOE", soe)
    await fact("D-SOE", "deliveries", {"delivered_on": "2024-10-15", "amount": "10000.00"})
    return organ, institution, soe


async def test_the_2024_disclosure_counts_what_was_overdue_and_unpaid_on_31_december(client, keys, year_2024):
    organ, institution, _ = year_2024
    page = (await client.get("/v1/reports/disclosure", params={"year": 2024}, headers=keys.headers("reader"))).json()
    assert [
        (r["buyer_code"], r["overdue_unpaid_contracts"], r["overdue_unpaid_amount"], r["counted_on"], r["publish_by"])
        for r in page["items"]
    ] == [
        (organ, 1, "100000.00", "2024-12-31", "2025-03-31"),
        (institution, 0, "0.00", "2024-12-31", "2025-03-31"),
    ]
    one = (
        await client.get(
            "/v1/reports/disclosure", params={"year": 2024, "buyer_code": organ}, headers=keys.headers("reader")
        )
    ).json()
    assert [r["buyer_code"] for r in one["items"]] == [organ]


async def test_the_disclosure_as_the_csv_a_unit_publishes(client, keys, year_2024):
    organ, institution, _ = year_2024
    response = await client.get(
        "/v1/reports/disclosure", params={"year": 2024}, headers=keys.headers("reader") | {"Accept": "text/csv"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    # the kit's CSV: a byte-order mark first, so that Excel and WPS read the Chinese names right
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["buyer_code", "name", "year", "overdue_unpaid_contracts", "overdue_unpaid_amount"],
        [organ, "示例单位1", "2024", "1", "100000.00"],
        [institution, "示例单位2", "2024", "0", "0.00"],
    ]


@pytest.mark.parametrize(("year", "code"), [(2025, "year_not_ended"), (2019, "before_policy")])
async def test_a_year_not_ended_or_before_the_regulation_is_refused(client, keys, year, code):
    response = await client.get("/v1/reports/disclosure", params={"year": year}, headers=keys.headers("reader"))
    assert (response.status_code, response.json()["code"]) == (422, code)


async def test_payment_practices_over_2024(client, keys, year_2024):
    organ, _, _ = year_2024
    response = await client.get(
        "/v1/reports/payment-practices",
        params={"buyer_code": organ, "from": "2024-01-01", "to": "2024-12-31"},
        headers=keys.headers("reader"),
    )
    [row] = response.json()["items"]
    # Three payments in 2024, days from the clock's start: 2024-10-08 → 11-20 = 43 (late, due 11-07);
    # 11-01 → 11-25 = 24 (on time); 10-15 → 12-10 = 56 (late, due 11-14). Average 123 / 3 = 41.0.
    # Within 30: 1 of 3 = 33.33%; 31-60: 2 = 66.67%; over 60: 0. Late: 2 of 3 = 66.67% by count;
    # 70,000.00 of 150,000.00 = 46.67% by value.
    assert {k: row[k] for k in row if k not in ("buyer_code", "name")} == {
        "period_from": "2024-01-01",
        "period_to": "2024-12-31",
        "payments": 3,
        "amount_paid": "150000.00",
        "average_days_to_pay": "41.0",
        "within_30_days": "33.33",
        "from_31_to_60_days": "66.67",
        "over_60_days": "0.00",
        "paid_late_by_count": "66.67",
        "paid_late_by_value": "46.67",
    }
    wrong = await client.get(
        "/v1/reports/payment-practices",
        params={"from": "2024-12-31", "to": "2024-01-01"},
        headers=keys.headers("reader"),
    )
    assert (wrong.status_code, wrong.json()["code"]) == (422, "terms_inconsistent")
